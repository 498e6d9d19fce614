"""Upload (admins only): drop letters, reports or tables, see what was read, commit, see the load
report, undo a load. Without the admin secret the product is read-only and this page says how to
enable uploads. Wrong secrets are slowed and then locked out (`admin.try_secret`). Uploaded files
are read in worker processes with their own limits (`ingest.preview`, `ingest.load`), never in
the server's own process."""

import uuid

import pandas as pd
import streamlit as st

from trajectories import admin, ingest, labels
from trajectories.update import status as site_status
from ui import data, render, sidebar

sidebar.filters(__file__)
st.title("Upload documents")

secret = sidebar.admin_secret()
if not secret:
    st.info(
        "This dashboard is read-only. To let administrators load documents here, set the environment "
        f"variable {admin.ENV} (or `admin_secret` in .streamlit/secrets.toml) before starting it. "
        "Documents can always be loaded from the command line: python -m trajectories ingest PATH."
    )
    st.stop()

if not admin.is_admin(st.session_state.get("admin_ok"), secret):
    session = st.session_state.setdefault("admin_session", uuid.uuid4().hex)

    def attempt() -> None:  # once per value entered, not on every rerun
        given = st.session_state.get("admin_given")
        st.session_state["admin_given"] = ""
        if given:
            problem = admin.try_secret(given, secret, session)
            if problem is None:
                st.session_state["admin_ok"] = given
            else:
                st.session_state["admin_problem"] = problem

    st.text_input("Admin secret", type="password", key="admin_given", on_change=attempt)
    problem = st.session_state.pop("admin_problem", None) or admin.ATTEMPTS.refusal(session)
    if st.session_state.get("admin_ok"):
        st.rerun()
    if problem:
        st.error(problem)
    st.stop()

with data.engine().connect() as _conn:
    _checking = site_status.latest(_conn)


@st.fragment(run_every=2 if _checking is not None and _checking.running else None)
def site_check() -> None:
    """New documents from Ofsted's reports site: the last check, its progress while it runs, a button to start one."""
    st.subheader("New documents from Ofsted's reports site")
    with data.engine().connect() as conn:
        checked = site_status.latest(conn)
    if checked is not None:
        render.show_text(checked.headline)
        if checked.running:
            st.progress(checked.fraction)
    if st.button("Check the site now", key="site_check", disabled=checked is not None and checked.running):
        reason = site_status.start(data.engine())
        if reason:
            st.error(reason)
        else:
            st.rerun()


site_check()
st.divider()


def recent_runs() -> None:
    """The recent load runs of uploads, newest first, each with its undo while it is not undone:
    listed whenever the page is opened, so leaving the page never loses the way back."""
    from trajectories.db import store

    with data.engine().connect() as conn:
        runs = [r for r in store.runs(conn) if str(r["command"]).startswith("upload")][:RUNS_SHOWN]
    st.subheader("Recent uploads")
    if not runs:
        render.empty("No upload has been loaded yet.")
        return
    for run in runs:
        left, right = st.columns([4, 1], vertical_alignment="center")
        when = f"{run['started_at']:%d %B %Y %H:%M} UTC"
        state = (
            f"undone {run['undone_at']:%d %B %Y %H:%M} UTC"
            if run["undone_at"]
            else ""
            if run["finished_at"]
            else "not finished"
        )
        left.markdown(
            render.literal(
                f"Load {run['id']}, {when}: {run['loaded']} loaded, {run['unchanged']} unchanged, "
                f"{run['failed']} failed" + (f" ({state})" if state else "")
            )
        )
        if (
            not run["undone_at"]
            and run["finished_at"]
            and right.button("Undo", key=f"undo_{run['id']}", help=f"Remove what load {run['id']} added")
        ):
            try:
                result = ingest.undo(data.engine(), run["id"])
                st.cache_data.clear()
                st.session_state["undo_lines"] = result.lines()
            except ingest.Refused as exc:
                st.session_state["undo_lines"] = [str(exc)]
            st.rerun()
    for line in st.session_state.pop("undo_lines", []):
        render.show_text(line)


def load_report(report, preview: list[dict]) -> pd.DataFrame:
    """One row per file offered: loaded (with what it added), already loaded, or refused and why."""
    failed = dict(report.failed)
    counts: dict[str, dict] = {}
    for row in preview:
        c = counts.setdefault(row["File"], {"Visits": 0, "Judgements": 0, "Findings": 0})
        for k in c:
            c[k] += int(row[k])
    rows = []
    for name in dict.fromkeys(row["File"] for row in preview):
        if name in failed or name not in report.loaded + report.unchanged:
            rows.append(
                {
                    "File": name,
                    "Result": "refused",
                    "Visits": 0,
                    "Judgements": 0,
                    "Findings": 0,
                    "Why": failed.get(name) or next((r["Problem"] for r in preview if r["File"] == name), ""),
                }
            )
        elif name in report.unchanged:
            rows.append(
                {
                    "File": name,
                    "Result": "already loaded: nothing added",
                    "Visits": 0,
                    "Judgements": 0,
                    "Findings": 0,
                    "Why": "",
                }
            )
        else:
            rows.append(
                {
                    "File": name,
                    "Result": "added",
                    **counts[name],
                    "Why": "; ".join(w for f, w in report.warnings if f == name),
                }
            )
    return pd.DataFrame(rows)


RUNS_SHOWN = 10
if "last_upload_report" in st.session_state:
    summary, table = st.session_state["last_upload_report"]
    st.subheader("Load report")
    st.success(summary)
    st.dataframe(table, hide_index=True, key="load_report")
recent_runs()

files = st.file_uploader(
    f"Letters, reports (text, HTML, PDF) or tables (CSV, XLSX): up to {admin.MAX_FILES} files, "
    f"{admin.MAX_FILE_BYTES // (1024 * 1024)} MB each",
    accept_multiple_files=True,
    key="uploads",
)
if not files:
    render.empty("Choose files to see what would be read from them before anything is stored.")
    st.stop()

checked = admin.check_uploads([(f.name, f.getvalue()) for f in files])
readable = [item for item in checked if not item.refused]
previews = dict(zip(map(id, readable), ingest.preview([(item.name, item.data) for item in readable]), strict=True))
rows = []
ready = []
for item in checked:
    docs, problem = previews.get(id(item), (None, item.refused))
    if docs is None:
        rows.append(
            {
                "File": item.name,
                "Read as": labels.source_kind(item.kind) if item.kind else "",
                "Authority": "",
                "Visits": 0,
                "Judgements": 0,
                "Findings": 0,
                "Problem": problem,
            }
        )
        continue
    ready.append(item)
    for doc in docs:
        rows.append(
            {
                "File": item.name,
                "Read as": labels.source_kind(doc["read as"]),
                "Authority": doc["authority"],
                "Visits": doc["visits"],
                "Judgements": doc["judgements"],
                "Findings": doc["findings"],
                "Problem": doc["problem"],
            }
        )
st.subheader("What would be read")
st.dataframe(pd.DataFrame(rows), hide_index=True, key="preview")

if ready and st.button(f"Load {len(ready)} readable file(s)", type="primary", key="commit"):
    report = ingest.load(
        data.engine(),
        [(item.name, (lambda d=item.data: d)) for item in ready],
        command=f"upload of {len(ready)} file(s)",
    )
    st.cache_data.clear()
    st.session_state["last_upload_report"] = (report.summary(), load_report(report, rows))
    st.rerun()
