"""Authority trajectory: one sentence of where the authority stands, level steps, direction lane,
event rug, planned visits, and each visit's top themes beside the chart, then its findings
grouped by theme and polarity with their source. The chosen visit and theme are written into
the URL (`visit`, `theme`) like the filters."""

import streamlit as st

import pages as common
from trajectories import labels
from trajectories.domain import Filters

st.title("Authority trajectory")
filters = common.sidebar_filters()
ALL = "all"


def _from_url(name: str):
    value = st.query_params.get(name)
    return value if value else None


@st.fragment
def authority_view() -> None:
    """Everything below the filters. A fragment: choosing another authority or visit reruns only
    this, so the browser redraws the chart and the findings, not the sidebar and the page around."""
    codes, pool, names = common.picker(
        Filters(authorities=filters.authorities, nations=filters.nations, regions=filters.regions)
    )
    if not codes:
        common.empty("No authority with any loaded inspection matches: nothing has been loaded yet.")
        return

    opened = st.session_state.pop("open_authority", None)
    wanted = opened or st.query_params.get("authority", "").split(",")[0]
    known = common.names()
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
        common.empty(
            f"No authority with any loaded inspection matches {known[wanted]}: none of its inspections "
            "is loaded yet. Choose another authority above."
        )
        return
    one = Filters(
        authorities=(code,), inspectorates=filters.inspectorates, date_from=filters.date_from, date_to=filters.date_to
    )
    today = common.today()

    view = common.trajectory_view(code, one, today)
    judgements, sub, steps, directions, events, fig, visit_rows, labels_by_id, default = (
        view[k]
        for k in ("judgements", "sub", "steps", "directions", "events", "figure", "visit_rows", "labels", "first")
    )
    st.markdown(f"#### {common.literal(view['sentence'])}")
    position = view["position"]
    if position is not None:
        where = f"Where it stands now: {position['position']}"
        if position["inadequate"]:
            where += f" — judged inadequate since {position['inadequate_since']:%B %Y}" + (
                f" ({', '.join(position['inadequate_areas'])})" if position["inadequate_areas"] else ""
            )
        day = position["position_date"]
        what = "inspection or review" if position["inspectorate"] == "ciw" else "inspection"
        common.show_text(
            where
            + f". Set by the {what} of {day.day} {day:%B %Y}"
            + (" (date approximate: publication)" if position["approximate_date"] else "")
            + "."
        )

    # The visit shown: from the URL on a first run, a point chosen on the chart, or the selectbox.
    if labels_by_id and st.session_state.get("event_pick") not in labels_by_id:
        asked = _from_url("visit")
        st.session_state["event_pick"] = (
            int(asked) if asked and asked.isdigit() and int(asked) in labels_by_id else default
        )
    picked_points = common.chart(fig, key="trajectory", selectable=True)
    for point in picked_points:
        chosen = point.get("customdata")
        chosen = chosen[0] if isinstance(chosen, list) else chosen
        if isinstance(chosen, (int, float)) and int(chosen) in labels_by_id:
            st.session_state["event_pick"] = int(chosen)
            break
    # The chosen visit and its top themes directly under the chart, side by side (beside the
    # chart, columns left it too narrow to read at 1024 pixels).
    event_id = None
    if labels_by_id:
        pick, concerns, strengths = st.columns([1.2, 1, 1])
        ids = list(labels_by_id)
        event_id = pick.selectbox(
            "Visit",
            ids,
            key="event_pick",
            format_func=labels_by_id.__getitem__,
            help="Or select a visit's mark on the chart.",
        )
        common.visit_themes(one, int(event_id), concerns, strengths)
    st.caption(
        "Levels are states: each graded judgement holds until the next full inspection, whether or not that "
        "inspection gives an overall grade (steps, never interpolated). "
        "Direction of travel sits in its own lane and never moves the level. Hollow markers are approximate "
        "or inferred mappings; the dotted segment is a judgement still in force today. "
        "Non-Ofsted grades are mapped approximately; see About the data."
    )
    common.downloads(one, view["stem"], authority=code)
    if st.toggle("Show the chart as tables", key="show_tables"):  # drawn only when asked: each redraw stays light
        st.dataframe(common.steps_table(steps), hide_index=True, key="steps_table")
        if not directions.empty:
            st.dataframe(common.directions_table(directions), hide_index=True, key="directions_table")
        st.dataframe(common.events_table(events), hide_index=True, key="events_table")

    if not sub.empty and st.toggle(
        "Show the sub-judgements (leadership, help and protection, children in care, care leavers)",
        key="show_dimensions",
    ):
        with st.container():
            common.chart(common.dimensions_figure(judgements, today, events), key="dimensions")
            st.dataframe(common.sub_judgements_table(sub), hide_index=True, key="dimensions_table")

    st.subheader("What each visit found")
    if event_id is None:
        common.write_url(_with(filters, code))
        common.empty("No visits for this authority in the chosen period.")
        return
    event = visit_rows[event_id]
    st.markdown(
        f"**{common.literal(labels.event_type(event['event_type']))}** — {labels.day(event['start_date'])}"
        + (
            f" to {labels.day(event['end_date'])}"
            if event["end_date"] and event["end_date"] != event["start_date"]
            else ""
        )
    )
    common.source_line(event)
    url = event.get("source_url")
    if isinstance(url, str) and url.startswith(("https://", "http://")):
        st.link_button("Open the original document", url)
    if isinstance(event["headline"], str) and event["headline"]:
        common.show_text(f"“{event['headline']}”")

    found, _, counts = common.visit_findings(one, int(event_id))
    if found.empty:
        common.write_url(_with(filters, code), visit=str(event_id))
        common.empty(
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
    common.write_url(_with(filters, code), visit=str(event_id), theme=theme)
    st.html(common.visit_findings_html(one, int(event_id), None if theme == ALL else theme, event["source_path"]))
    if st.toggle("Show every finding of this visit as a table", key="show_findings_table"):
        st.dataframe(common.findings_table(found), hide_index=True, key="findings_table")


def _with(filters: Filters, code: str) -> Filters:
    return filters if code in filters.authorities else Filters(**{**filters.__dict__, "authorities": (code,)})


authority_view()
