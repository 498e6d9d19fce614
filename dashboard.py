"""Entry point and Overview page: `streamlit run dashboard.py`.

The other pages are the files in pages/ (listed in the sidebar by `ui.sidebar.navigation`); their
shared UI code is the package ui/, one module per job. The database is prepared on first use: on a
fresh machine the bundled data in data/ is loaded into a SQLite file; `DATABASE_URL` selects
PostgreSQL instead.

Overview: one sentence of what moved in the period and the recent movements (each opening its
authority), how many authorities are at each current level, who is inadequate and for how long,
and every authority, most severe grade first, each opening its trajectory."""

import streamlit as st

from ui import data, render, sidebar, urlstate

st.title("Overview")
filters = sidebar.filters(__file__)
today = urlstate.today()
summary = data.load_summary(filters, today)
st.caption(f"Showing: {render.describe(filters)}")
if summary.empty:
    render.empty("No authority matches these filters. Clear some filters in the sidebar.")
    st.stop()

view = data.overview(filters, today)
st.markdown(f"#### {render.literal(view.sentence)}")

st.subheader("Recent movements")
if not view.movements:
    render.empty("No authority in this selection had a graded inspection in this period.")
else:
    st.caption(
        "The latest graded inspection of each authority in the period, newest first, with the grade before "
        "and after. Select a name to open that authority."
    )
    render.movements(view.movements, key="movement")
    if view.movements_total > len(view.movements):
        render.note(
            f"{view.movements_total - len(view.movements)} earlier movements are in the table "
            "“All authorities” below (column “Since”)."
        )

cols = st.columns(4)
cols[0].metric("Authorities", view.authorities)
cols[1].metric("With grades in force", view.graded)
cols[2].metric("Judged inadequate now", view.inadequate_now)
cols[3].metric("Median time at current grade", view.median_time)

render.chart(view.figure, key="level_counts")
with st.expander("Table view of the chart"):
    st.dataframe(view.counts, key="counts_table")

render.downloads(filters, "overview")

st.subheader("Judged inadequate now")
if view.inadequate.empty:
    render.empty("No authority in this selection is judged inadequate now.")
else:
    render.show_text(f"Judged inadequate now ({len(view.inadequate)}): " + ", ".join(view.inadequate_names) + ".")
    st.dataframe(view.inadequate, hide_index=True, key="inadequate_table")

st.subheader("All authorities")
st.caption(
    "Most severe grade first, then the longest at it. Select a row to open that authority's trajectory, "
    "or use “Open ›” for a new tab. With the keyboard, type a name in “Open an authority” and press Enter."
)
table = view.table
# Before the grid in the focus order: the grid is drawn on a canvas whose "Open ›" links Tab does
# not reach, so this box is the keyboard's way to every row.
named = dict(zip(table["code"], table["Authority"], strict=True))
typed = st.selectbox(
    "Open an authority (keyboard)",
    list(named),
    index=None,
    format_func=named.__getitem__,
    key="open_typed",
    placeholder="Type a name, then press Enter",
    help="Every authority in the table below, by name: the keyboard way to open a row.",
)
if typed:
    st.session_state["open_authority"] = typed
    st.switch_page("pages/1_Authority_trajectory.py")
chosen = st.dataframe(
    table,
    hide_index=True,
    key="authorities_table",
    on_select="rerun",
    selection_mode="single-row",
    column_order=[c for c in table.columns if c != "code"],
    column_config={
        "Open": st.column_config.LinkColumn("Open", display_text="Open ›", help="Open this authority's trajectory"),
        "Months at this grade": st.column_config.NumberColumn("Months at this grade", format="%d"),
        "Graded levels over time": st.column_config.LineChartColumn(
            "Graded levels over time (1 Inadequate – 4 Outstanding)", y_min=1, y_max=4
        ),
    },
)
rows = chosen.selection.rows if chosen is not None else []
if rows:
    st.session_state["open_authority"] = table.iloc[rows[0]]["code"]
    st.switch_page("pages/1_Authority_trajectory.py")
render.note(
    "Levels: 1 Inadequate, 2 Requires improvement, 3 Good, 4 Outstanding. Welsh reviews are mostly ungraded; "
    "Scottish grades are for a partnership on a six-point scale, mapped approximately (see About the data)."
)
