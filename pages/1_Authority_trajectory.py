"""Authority trajectory: level steps, direction lane, event rug, planned visits, and each event's
findings grouped by theme and polarity with their source."""

import streamlit as st

import pages as common
from trajectories import analytics, charts
from trajectories.domain import Filters
from trajectories.themes import THEMES

st.title("Authority trajectory")
filters = common.sidebar_filters()


@st.fragment
def authority_view() -> None:
    """Everything below the filters. A fragment: choosing another authority or visit reruns only
    this, so the browser redraws the chart and the findings, not the sidebar and the page around."""
    codes, labels = common.picker(Filters(authorities=filters.authorities, nations=filters.nations, regions=filters.regions))
    if not codes:
        common.empty("No authority with any loaded inspection matches these filters. Clear the filters in the sidebar.")
        return

    opened = st.session_state.pop("open_authority", None)
    wanted = opened or st.query_params.get("authority", "").split(",")[0]
    if wanted in labels and wanted not in codes:  # a link to an authority outside the filters
        codes = [wanted, *codes]
    if opened in codes or st.session_state.get("authority_pick") not in codes:
        st.session_state["authority_pick"] = wanted if wanted in codes else codes[0]
    code = st.selectbox("Authority", codes, key="authority_pick", format_func=labels.__getitem__)
    one = Filters(authorities=(code,), inspectorates=filters.inspectorates, date_from=filters.date_from, date_to=filters.date_to)
    common.write_url(filters if code in filters.authorities else Filters(**{**filters.__dict__, "authorities": (code,)}))
    today = common.today()

    view = common.trajectory_view(code, one, today)
    judgements, sub, steps, directions, events, fig, visit_rows, labels_by_id, default = (
        view[k] for k in ("judgements", "sub", "steps", "directions", "events", "figure", "visit_rows", "labels", "first"))
    position = view["position"]
    if position is not None:
        where = f"Where it stands now: {position['position']}"
        if position["inadequate"]:
            where += (f" — judged inadequate since {position['inadequate_since']:%B %Y}"
                      + (f" ({', '.join(position['inadequate_areas'])})" if position["inadequate_areas"] else ""))
        day = position["position_date"]
        what = "inspection or review" if position["inspectorate"] == "ciw" else "inspection"
        common.show_text(where + f". Set by the {what} of {day.day} {day:%B %Y}"
                         + (" (date approximate: publication)" if position["approximate_date"] else "") + ".")
    common.chart(fig, key="trajectory")
    st.caption("Levels are states: each graded judgement holds until the next full inspection, whether or not that "
               "inspection gives an overall grade (steps, never interpolated). "
               "Direction of travel sits in its own lane and never moves the level. Hollow markers are approximate "
               "or inferred mappings; the dotted segment is a judgement still in force today. "
               "Non-Ofsted grades are mapped approximately; see About the data.")
    common.downloads(one, view["stem"], authority=code)
    if st.toggle("Show the chart as tables", key="show_tables"):  # drawn only when asked: each redraw stays light
        st.dataframe(steps.assign(level_words=steps["level"].map(analytics.level_words))[
            ["date", "until", "level_words", "raw_phrase", "mapping_quality", "framework", "sources", "disputed", "source_path"]],
            hide_index=True, key="steps_table")
        st.dataframe(directions[["date", "direction", "raw_phrase", "basis", "source_path"]] if not directions.empty else directions,
                     hide_index=True, key="directions_table")
        st.dataframe(events[["start_date", "end_date", "event_type", "planned", "title", "source_path"]], hide_index=True,
                     key="events_table")

    if not sub.empty and st.toggle("Show the sub-judgements (leadership, help and protection, children in care, care leavers)",
                                   key="show_dimensions"):
        multiples = {dim: analytics.level_steps(judgements, dimension=dim, today=today, events=events)
                     for dim in charts.DIMENSION_LABELS}
        with st.container():
            common.chart(charts.dimension_multiples(multiples, today=today), key="dimensions")
            st.dataframe(sub[["end_date", "dimension", "raw_phrase", "level", "mapping_quality",
                                                                          "subject_type", "source_path"]], hide_index=True, key="dimensions_table")

    st.subheader("What each visit found")
    if events.empty:
        common.empty("No visits for this authority in the chosen period.")
        return
    options = list(labels_by_id.values())
    picked = st.selectbox("Visit", options, index=options.index(labels_by_id[default]), key="event_pick")
    event_id = next(i for i, label in labels_by_id.items() if label == picked)
    event = visit_rows[event_id]
    st.markdown(f"**{str(event['event_type']).replace('_', ' ').capitalize()}** — {event['start_date']}"
                + (f" to {event['end_date']}" if event["end_date"] and event["end_date"] != event["start_date"] else ""))
    url = event.get("source_url")
    common.show_text(f"Source: {event['source_path']}" + (f" ({url})" if isinstance(url, str) and url else "")
                     + (f" — also in {int(event['sources']) - 1} other source(s)" if event["sources"] > 1 else ""))
    if isinstance(url, str) and url.startswith(("https://", "http://")):
        st.link_button("Open the original document", url)
    if isinstance(event["headline"], str) and event["headline"]:
        common.show_text(f"“{event['headline']}”")

    found, _, counts = common.visit_findings(one, int(event_id))
    if found.empty:
        common.empty("A planned visit: nothing found yet." if event["planned"] else "No findings recorded for this visit.")
        return
    all_themes = f"All themes ({len(found)})"
    options = ([all_themes] if len(found) <= 40 else []) + [f"{THEMES.get(t, ('Not tagged', ''))[0]} ({n})" for t, n in counts.items()]
    themes_by_option = dict(zip(options[1:] if options[0] == all_themes else options, counts.index))
    choice = st.radio("Findings about", options, horizontal=True, key="theme_pick")
    st.html(common.visit_findings_html(one, int(event_id), themes_by_option.get(choice), event["source_path"]))
    if st.toggle("Show every finding of this visit as a table", key="show_findings_table"):
        st.dataframe(found[["polarity", "themes", "text", "section", "source_path", "span_start", "span_end"]], hide_index=True,
                     key="findings_table")


authority_view()
