"""Authority trajectory: level steps, direction lane, event rug, and each event's findings."""

import streamlit as st

from pages import common
from trajectories import analytics, charts
from trajectories.domain import LEVEL_LABELS, Filters
from trajectories.themes import THEMES

st.title("Authority trajectory")
authorities = common.load_authorities()
with_events = authorities[authorities["events"] > 0]
if with_events.empty:
    st.info("No documents are loaded yet. Load letters or reports with `python -m trajectories ingest PATH`.")
    st.stop()

labels = dict(zip(authorities["code"], authorities["name"] + " (" + authorities["nation"] + ")"))
codes = list(with_events["code"])
chosen = common.authority_from_url(with_events, codes[0])
code = st.selectbox("Authority", codes, index=codes.index(chosen), format_func=labels.get, key="authority_pick")
st.query_params["authority"] = code

filters = Filters(authorities=(code,))
row = authorities.set_index("code").loc[code]
judgements = common.load("judgements", filters)
steps = analytics.level_steps(judgements, today=common.today())
directions = analytics.direction_points(common.load("directions", filters))
events = common.load("events", filters)

fig = charts.trajectory(steps, directions, events, title=f"{row['name']} — {row['nation']}", today=common.today(),
                        nation=row["nation"])
st.plotly_chart(fig, key="trajectory", width="stretch")
st.caption("Levels are states: each judgement holds until the next graded one (steps, never interpolated). "
           "Direction-of-travel signals sit in their own lane and never move the level. Hollow markers are "
           "approximate or inferred mappings; dotted = still in force today.")

with st.expander("Table view of the chart", expanded=False):
    table = steps.assign(level_words=steps["level"].map(lambda v: LEVEL_LABELS.get(int(round(v)), "")))
    st.dataframe(table[["date", "until", "dimension", "raw_phrase", "level_words", "level", "mapping_quality", "source_path"]],
                 hide_index=True, key="steps_table")
    st.dataframe(directions[["date", "raw_phrase", "direction", "basis", "source_path"]] if not directions.empty else directions,
                 hide_index=True, key="directions_table")

st.subheader("What each visit found")
if events.empty:
    st.info("No events for this authority.")
    st.stop()
labels_by_id = common.event_labels(events)
default_event = analytics.default_event(events)
options = list(labels_by_id.values())
picked = st.selectbox("Event", options, index=options.index(labels_by_id[default_event]), key="event_pick")
event_id = next(i for i, label in labels_by_id.items() if label == picked)
event = events.set_index("event_id").loc[event_id]
st.markdown(f"**{event['title'] or event['event_type']}**")
st.text(f"Source: {event['source_path']}")
if event["headline"] and str(event["headline"]) != "nan":
    st.text(f"“{event['headline']}”")

found = common.load_findings(filters, event_ids=(event_id,))
if found.empty:
    st.info("No findings recorded for this event." if not event["planned"] else "A planned visit: nothing found yet.")
else:
    by_theme = analytics.findings_by_theme(found)
    for theme, group in by_theme.groupby("theme", sort=False):
        label = THEMES.get(theme, ("Untagged", ""))[0]
        st.markdown(f"##### {label}")
        for rec in group.to_dict("records"):
            st.text(f"[{rec['polarity'].replace('_', ' ')}] {rec['text']}")
            st.caption(f"why: {rec['theme_cues'].replace('|', '; ')} · {rec['source_path']} chars {rec['span_start']}–{rec['span_end']}")
