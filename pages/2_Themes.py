"""Themes: what inspectors keep finding, over time, for one authority or a group — strengths
against concerns; which themes recur while authorities are inadequate, and which change before
they improve."""

import streamlit as st

from trajectories import analytics, charts, labels
from ui import data, render, sidebar, tables, urlstate

st.title("Themes")
filters = sidebar.filters(__file__)
today = urlstate.today()
st.caption(f"Showing: {render.describe(filters)}")


counts = data.load_theme_year_counts(filters, today)
if counts.empty:
    render.empty("No findings with themes match these filters.")
    st.stop()
by_year = analytics.themes_over_time(counts)
if st.session_state.get("theme_value") not in ("concerns", "strengths"):  # the URL's choice on a first run
    st.session_state["theme_value"] = "strengths" if st.query_params.get("show") == "strengths" else "concerns"
value = st.radio(
    "Show",
    ["concerns", "strengths"],
    horizontal=True,
    key="theme_value",
    help="Concerns include the actions inspectors required.",
)
urlstate.write_url(filters, show=value)
render.chart(charts.themes_heatmap(by_year, value), key="themes_heatmap")
with st.expander("Table view of the chart"):
    st.dataframe(labels.plain(by_year), hide_index=True, key="themes_table")

st.subheader("While inadequate, and before improving")
episodes = data.load_episodes(filters, today)
if len(episodes) > data.EPISODE_THEMES_LIMIT:
    render.empty(
        f"{len(episodes)} inadequate episodes in this selection: too many to compare theme by theme here "
        f"(at most {data.EPISODE_THEMES_LIMIT}). Choose a nation, a region, authorities or a shorter period "
        "in the sidebar."
    )
else:
    recurring, change = data.load_episode_themes(filters, today)
    left, right = st.columns(2)
    with left:
        render.chart(
            charts.theme_bars(
                recurring,
                "share_of_visits",
                "Concerns that recur during inadequate episodes",
                "Share of visits during the episodes that raise it",
            ),
            key="recurring_chart",
        )
    with right:
        render.chart(
            charts.theme_bars(
                change,
                "change",
                "Concerns at the last visit before a better grade, against the first",
                "Change in share of that visit's findings",
            ),
            key="change_chart",
        )
    with st.expander("Table view of these charts"):
        st.dataframe(tables.percent_table(recurring), hide_index=True, key="recurring_table")
        st.dataframe(tables.percent_table(change), hide_index=True, key="change_table")
render.note(
    f"{len(episodes)} inadequate episodes in this selection, "
    f"{int((~episodes['open'].astype(bool)).sum()) if not episodes.empty else 0} of them ended with a better grade."
)
