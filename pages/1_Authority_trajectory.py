"""Authority trajectory: one sentence of where the authority stands, level steps, direction lane,
event rug, planned visits, and each visit's top themes beside the chart, then its findings
grouped by theme and polarity with their source. The chosen visit and theme are written into
the URL (`visit`, `theme`) like the filters."""

import streamlit as st

from trajectories import labels, views
from trajectories.domain import Filters
from ui import data, render, sidebar, tables, urlstate

st.title("Authority trajectory")
filters = sidebar.filters(__file__)
ALL = "all"


def _from_url(name: str):
    value = st.query_params.get(name)
    return value if value else None


def _choose_authority() -> str | None:
    """The authority box: every authority with a loaded visit; the one opened from another page, or
    named in the URL, or the first the sidebar's filters select. None: nothing to show (said why)."""
    codes, pool, names = data.picker(
        Filters(authorities=filters.authorities, nations=filters.nations, regions=filters.regions)
    )
    if not codes:
        render.empty("No authority with any loaded inspection matches: nothing has been loaded yet.")
        return None

    opened = st.session_state.pop("open_authority", None)
    wanted = opened or st.query_params.get("authority", "").split(",")[0]
    known = data.names()
    if opened in names or st.session_state.get("authority_pick") not in names:
        # A link to an authority with no loaded inspection shows none in its place: it says so.
        st.session_state["authority_pick"] = (
            wanted if wanted in names else None if wanted in known else (pool or codes)[0]
        )
    code = st.selectbox(
        "Authority",
        codes,
        key="authority_pick",
        format_func=names.__getitem__,
        placeholder="Choose an authority",
        help="Every authority is listed; the sidebar's filters choose the one shown first.",
    )
    if code is None:
        render.empty(
            f"No authority with any loaded inspection matches {known[wanted]}: none of its inspections "
            "is loaded yet. Choose another authority above."
        )
    return code


def _chart_and_visit(view: views.AuthorityPage, one: Filters) -> int | None:
    """The trajectory chart, then the visit shown (from the URL on a first run, a point chosen on
    the chart, or the box) with its top themes. None: the authority has no visit in the period."""
    labels_by_id = view.visit_labels
    if labels_by_id and st.session_state.get("event_pick") not in labels_by_id:
        asked = _from_url("visit")
        st.session_state["event_pick"] = (
            int(asked) if asked and asked.isdigit() and int(asked) in labels_by_id else view.first
        )
    picked_points = render.chart(view.figure, key="trajectory", selectable=True)
    for point in picked_points:
        chosen = point.get("customdata")
        chosen = chosen[0] if isinstance(chosen, list) else chosen
        if isinstance(chosen, (int, float)) and int(chosen) in labels_by_id:
            st.session_state["event_pick"] = int(chosen)
            break
    if not labels_by_id:
        return None
    # The chosen visit and its top themes directly under the chart, side by side (beside the
    # chart, columns left it too narrow to read at 1024 pixels).
    pick, concerns, strengths = st.columns([1.2, 1, 1])
    event_id = pick.selectbox(
        "Visit",
        list(labels_by_id),
        key="event_pick",
        format_func=labels_by_id.__getitem__,
        help="Or select a visit's mark on the chart.",
    )
    render.visit_themes(one, int(event_id), concerns, strengths)
    return int(event_id)


def _chart_tables(view: views.AuthorityPage, today) -> None:
    """The chart as tables, and the sub-judgements, each drawn only when asked (each redraw stays light)."""
    if st.toggle("Show the chart as tables", key="show_tables"):
        st.dataframe(tables.steps_table(view.steps), hide_index=True, key="steps_table")
        if not view.directions.empty:
            st.dataframe(tables.directions_table(view.directions), hide_index=True, key="directions_table")
        st.dataframe(tables.events_table(view.events), hide_index=True, key="events_table")

    if not view.sub.empty and st.toggle(
        "Show the sub-judgements (leadership, help and protection, children in care, care leavers)",
        key="show_dimensions",
    ):
        with st.container():
            render.chart(views.dimensions_figure(view.judgements, today, view.events), key="dimensions")
            st.dataframe(tables.sub_judgements_table(view.sub), hide_index=True, key="dimensions_table")


def _visit_heading(event: dict) -> None:
    """The visit's kind and dates, its source (with a link to the original) and its headline."""
    st.markdown(
        f"**{render.literal(labels.event_type(event['event_type']))}** — {labels.day(event['start_date'])}"
        + (
            f" to {labels.day(event['end_date'])}"
            if event["end_date"] and event["end_date"] != event["start_date"]
            else ""
        )
    )
    render.source_line(event)
    url = event.get("source_url")
    if isinstance(url, str) and url.startswith(("https://", "http://")):
        st.link_button("Open the original document", url)
    if isinstance(event["headline"], str) and event["headline"]:
        render.show_text(f"“{event['headline']}”")


def _visit_findings(one: Filters, code: str, event: dict, event_id: int) -> None:
    """The visit's findings about the theme chosen (written into the URL with the visit)."""
    found, _, counts = data.visit_findings(one, event_id)
    if found.empty:
        urlstate.write_url(_with(filters, code), visit=str(event_id))
        render.empty(
            "A planned visit: nothing found yet." if event["planned"] else "No findings recorded for this visit."
        )
        return
    options = ([ALL] if len(found) <= 40 else []) + [str(t) for t in counts.index]
    if st.session_state.get("theme_pick") not in options:
        asked = _from_url("theme")
        st.session_state["theme_pick"] = asked if asked in options else options[0]
    theme = st.radio(
        "Findings about",
        options,
        horizontal=True,
        key="theme_pick",
        format_func=lambda t: (
            f"All themes ({len(found)})" if t == ALL else f"{labels.theme(t) or 'Not tagged'} ({counts[t]})"
        ),
    )
    urlstate.write_url(_with(filters, code), visit=str(event_id), theme=theme)
    st.html(render.visit_findings_html(one, event_id, None if theme == ALL else theme, event["source_path"]))
    if st.toggle("Show every finding of this visit as a table", key="show_findings_table"):
        st.dataframe(tables.findings_table(found), hide_index=True, key="findings_table")


@st.fragment
def authority_view() -> None:
    """Everything below the filters. A fragment: choosing another authority or visit reruns only
    this, so the browser redraws the chart and the findings, not the sidebar and the page around."""
    code = _choose_authority()
    if code is None:
        return
    one = Filters(
        authorities=(code,), inspectorates=filters.inspectorates, date_from=filters.date_from, date_to=filters.date_to
    )
    today = urlstate.today()
    view = data.trajectory_view(code, one, today)
    st.markdown(f"#### {render.literal(view.sentence)}")
    if view.where_now is not None:
        render.show_text(view.where_now)
    event_id = _chart_and_visit(view, one)
    st.caption(
        "Levels are states: each graded judgement holds until the next full inspection, whether or not that "
        "inspection gives an overall grade (steps, never interpolated). "
        "Direction of travel sits in its own lane and never moves the level. Hollow markers are approximate "
        "or inferred mappings; the dotted segment is a judgement still in force today. "
        "Non-Ofsted grades are mapped approximately; see About the data."
    )
    render.downloads(one, view.stem, authority=code)
    _chart_tables(view, today)

    st.subheader("What each visit found")
    if event_id is None:
        urlstate.write_url(_with(filters, code))
        render.empty("No visits for this authority in the chosen period.")
        return
    event = view.visit_rows[event_id]
    _visit_heading(event)
    _visit_findings(one, code, event, event_id)


def _with(filters: Filters, code: str) -> Filters:
    return filters if code in filters.authorities else Filters(**{**filters.__dict__, "authorities": (code,)})


authority_view()
