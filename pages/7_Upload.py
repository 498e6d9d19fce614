"""Upload (admins only): drop letters, reports or tables, see what was read, commit, see the load
report, undo a load. Without the admin secret the product is read-only and this page says how to
enable uploads. Wrong secrets are slowed and then locked out (`admin.try_secret`). Uploaded files
are read in worker processes with their own limits (`ingest.preview`, `ingest.load`), never in
the server's own process."""

import uuid

import pandas as pd
import streamlit as st

import pages as common
from trajectories import admin, ingest
from trajectories.update import status as site_status

common.sidebar_filters()
st.title("Upload documents")

secret = common.admin_secret()
if not secret:
    st.info("This dashboard is read-only. To let administrators load documents here, set the environment "
            f"variable {admin.ENV} (or `admin_secret` in .streamlit/secrets.toml) before starting it. "
            "Documents can always be loaded from the command line: python -m trajectories ingest PATH.")
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

with common.engine().connect() as _conn:
    _checking = site_status.latest(_conn)


@st.fragment(run_every=2 if _checking is not None and _checking.running else None)
def site_check() -> None:
    """New documents from Ofsted's reports site: the last check, its progress while it runs, a button to start one."""
    st.subheader("New documents from Ofsted's reports site")
    with common.engine().connect() as conn:
        checked = site_status.latest(conn)
    if checked is not None:
        common.show_text(checked.headline)
        if checked.running:
            st.progress(checked.fraction)
    if st.button("Check the site now", key="site_check", disabled=checked is not None and checked.running):
        reason = site_status.start(common.engine())
        if reason:
            st.error(reason)
        else:
            st.rerun()


site_check()
st.divider()
files = st.file_uploader(f"Letters, reports (text, HTML, PDF) or tables (CSV, XLSX): up to {admin.MAX_FILES} files, "
                         f"{admin.MAX_FILE_BYTES // (1024 * 1024)} MB each", accept_multiple_files=True, key="uploads")
if not files:
    common.empty("Choose files to see what would be read from them before anything is stored.")
    st.stop()

checked = admin.check_uploads([(f.name, f.getvalue()) for f in files])
readable = [item for item in checked if not item.refused]
previews = dict(zip(map(id, readable), ingest.preview([(item.name, item.data) for item in readable])))
rows = []
ready = []
for item in checked:
    docs, problem = previews.get(id(item), (None, item.refused))
    if docs is None:
        rows.append({"file": item.name, "read as": item.kind or "—", "authority": "—", "visits": 0, "judgements": 0,
                     "findings": 0, "problem": problem})
        continue
    ready.append(item)
    for doc in docs:
        rows.append({"file": item.name, **doc})
st.subheader("What would be read")
st.dataframe(pd.DataFrame(rows), hide_index=True, key="preview")

if ready and st.button(f"Load {len(ready)} readable file(s)", type="primary", key="commit"):
    report = ingest.load(common.engine(), [(item.name, (lambda d=item.data: d)) for item in ready],
                         command=f"upload of {len(ready)} file(s)")
    st.cache_data.clear()
    st.session_state["last_upload_run"] = report.run_id
    st.success(report.summary())
    for line in report.lines()[1:]:
        common.show_text(line)

run_id = st.session_state.get("last_upload_run")
if run_id and st.button(f"Undo load run {run_id}", key="undo"):
    try:
        result = ingest.undo(common.engine(), run_id)
        st.cache_data.clear()
        for line in result.lines():
            common.show_text(line)
        st.session_state.pop("last_upload_run", None)
    except ingest.Refused as exc:
        st.error(str(exc))
