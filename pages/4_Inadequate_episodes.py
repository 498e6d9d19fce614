"""Inadequate episodes and transitions: each spell from an inadequate judgement to the next better
one, how long they last, and how authorities move between successive graded judgements."""

import streamlit as st

from trajectories import analytics, charts, labels
from trajectories.analytics import level_words
from ui import data, render, sidebar, tables, urlstate

st.title("Inadequate episodes and transitions")
filters = sidebar.filters(__file__)
today = urlstate.today()
st.caption(f"Showing: {render.describe(filters)}")
episodes = data.load_episodes(filters, today)
if episodes.empty:
    render.empty("No inadequate judgement in this selection.")
else:
    cols = st.columns(3)
    cols[0].metric("Episodes", len(episodes))
    cols[1].metric("Still open", int(episodes["open"].sum()))
    km, median = analytics.time_to_better(episodes)
    cols[2].metric(
        "Median time inadequate",
        labels.months(median) if median is not None else "not reached",
        help="How long half of all inadequate episodes last before a better grade (a Kaplan–Meier estimate): "
        "episodes still open count as inadequate for as long as they have lasted (censored), never as ended.",
    )
    risk = analytics.at_risk_table(km)
    st.caption(
        "Episodes still inadequate (at risk) at each mark, and the estimated share still inadequate: "
        + "; ".join(
            f"{int(r['months'])} months: {int(r['at_risk'])} at risk, {r['still_inadequate']:.0%}"
            for r in risk.to_dict("records")
        )
    )
    curve = analytics.still_open_after(episodes, [6, 12, 18, 24, 30, 36, 48, 60, 72], today=today)
    render.chart(charts.still_open(curve), key="still_open_chart")
    with st.expander("Table view of the chart"):
        st.dataframe(
            labels.plain(
                curve.assign(share=curve["share"].map(lambda v: "" if labels.blank(v) else f"{v:.0%}")).rename(
                    columns={"months": "months_after"}
                ),
                keep=("months_after",),
            ).rename(
                columns={
                    "Months after": "Months after the inadequate judgement",
                    "Episodes": "Episodes old enough to count",
                }
            ),
            hide_index=True,
            key="still_open_table",
        )
    shown = episodes.sort_values("start", ascending=False)
    st.dataframe(
        labels.plain(
            shown.assign(
                start=shown["start"].map(labels.day),
                end=[("still open" if o else labels.day(e)) for o, e in zip(shown["open"], shown["end"], strict=True)],
                exit=[
                    "still open" if o else labels.level(v) if not labels.blank(v) else labels.cell(p)
                    for o, v, p in zip(shown["open"], shown["exit_level"], shown["exit_phrase"], strict=True)
                ],
                start_source=tables.documents_of(shown["start_source"].tolist()),
            ),
            ["authority_name", "start", "end", "months", "visits_during", "exit", "exit_phrase", "start_source"],
            keep=("open",),
        ).rename(columns={"Ended": "Ended (or still open)", "Months": "How long"}),
        hide_index=True,
        key="episodes_table",
    )

st.subheader("Transitions between graded judgements")
moves = data.load_transitions(filters, today)
render.chart(charts.transition_matrix(moves), key="transition_chart")
if not moves.empty:
    cells = {
        f"{level_words(r['from_level'])} → {level_words(r['to_level'])} ({r['count']})": r
        for r in moves.to_dict("records")
    }
    pick = st.selectbox("Open a cell: which authorities made this move?", list(cells), key="transition_pick")
    render.show_text(", ".join(cells[pick]["authorities"]))
    with st.expander("Table view of the chart"):
        st.dataframe(
            labels.plain(moves.assign(authorities=moves["authorities"].map(", ".join))),
            hide_index=True,
            key="transition_table",
        )
