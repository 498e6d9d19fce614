"""Themes: what inspectors keep finding, over time, for one authority or a group — strengths
against concerns; which themes recur while authorities are inadequate, and which change before
they improve."""

import streamlit as st

import pages as common
from trajectories import analytics, charts, labels

st.title("Themes")
filters = common.sidebar_filters()
today = common.today()
st.caption(f"Showing: {common.describe(filters)}")


counts = common.load_theme_year_counts(filters, today)
if counts.empty:
    common.empty("No findings with themes match these filters.")
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
common.write_url(filters, show=value)
common.chart(charts.themes_heatmap(by_year, value), key="themes_heatmap")
with st.expander("Table view of the chart"):
    st.dataframe(labels.plain(by_year), hide_index=True, key="themes_table")

st.subheader("While inadequate, and before improving")
episodes = common.load_episodes(filters, today)
if len(episodes) > common.EPISODE_THEMES_LIMIT:
    common.empty(
        f"{len(episodes)} inadequate episodes in this selection: too many to compare theme by theme here "
        f"(at most {common.EPISODE_THEMES_LIMIT}). Choose a nation, a region, authorities or a shorter period "
        "in the sidebar."
    )
else:
    recurring, change = common.load_episode_themes(filters, today)
    left, right = st.columns(2)
    with left:
        common.chart(
            charts.theme_bars(
                recurring,
                "share_of_visits",
                "Concerns that recur during inadequate episodes",
                "Share of visits during the episodes that raise it",
            ),
            key="recurring_chart",
        )
    with right:
        common.chart(
            charts.theme_bars(
                change,
                "change",
                "Concerns at the last visit before a better grade, against the first",
                "Change in share of that visit's findings",
            ),
            key="change_chart",
        )
    with st.expander("Table view of these charts"):
        st.dataframe(common.percent_table(recurring), hide_index=True, key="recurring_table")
        st.dataframe(common.percent_table(change), hide_index=True, key="change_table")
common.note(
    f"{len(episodes)} inadequate episodes in this selection, {int((~episodes['open'].astype(bool)).sum()) if not episodes.empty else 0} of them ended with a better grade."
)
