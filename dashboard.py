"""Entry point and Overview page: `streamlit run dashboard.py`.

The other pages are the files in pages/ (Streamlit lists them in the sidebar); their shared UI
code is pages/__init__.py. The database is prepared on first use: on a fresh machine the
bundled data in data/ is loaded into a SQLite file; `DATABASE_URL` selects PostgreSQL instead.

Overview: how many authorities are at each current level, who is inadequate and for how long,
the latest direction of each, and a sortable table of every authority that opens its trajectory."""

import streamlit as st

import pages as common

st.title("Overview")
filters = common.sidebar_filters()
today = common.today()
summary = common.load_summary(filters, today)
st.caption(f"Showing: {common.describe(filters)}")
if summary.empty:
    common.empty("No authority matches these filters. Clear some filters in the sidebar.")
    st.stop()

view = common.overview(filters, today)
cols = st.columns(4)
cols[0].metric("Authorities", view["authorities"])
cols[1].metric("With grades in force", view["graded"])
cols[2].metric("Judged inadequate now", view["inadequate_now"])
cols[3].metric("Median months at current level", view["median_months"])

common.chart(view["figure"], key="level_counts")
with st.expander("Table view of the chart"):
    st.dataframe(view["counts"], key="counts_table")

common.downloads(filters, "overview")

st.subheader("Judged inadequate now")
if view["inadequate"].empty:
    common.empty("No authority in this selection is judged inadequate now.")
else:
    common.show_text(f"Judged inadequate now ({len(view['inadequate'])}): "
                     + ", ".join(sorted(view["inadequate"]["name"])) + ".")
    st.dataframe(view["inadequate"], hide_index=True, key="inadequate_table",
                 column_config={"position": st.column_config.TextColumn("where it stands"),
                                "inadequate_since": st.column_config.DateColumn("inadequate since"),
                                "months_inadequate": st.column_config.NumberColumn("months inadequate", format="%.0f")})

st.subheader("All authorities")
st.caption("Select a row to open that authority's trajectory (or use “open ›” for a new tab).")
table = view["table"]
chosen = st.dataframe(
    table, hide_index=True, key="authorities_table", on_select="rerun", selection_mode="single-row",
    column_order=[c for c in table.columns if c != "code"],
    column_config={
        "open": st.column_config.LinkColumn("open", display_text="open ›", help="Open this authority's trajectory"),
        "position": st.column_config.TextColumn("where it stands now"),
        "months_at_level": st.column_config.NumberColumn("months at level", format="%.0f"),
        "direction_glyph": st.column_config.TextColumn("direction"),
        "direction_phrase": st.column_config.TextColumn("latest direction, as written"),
        "trajectory": st.column_config.LineChartColumn("graded levels over time", y_min=1, y_max=4),
    },
)
rows = chosen.selection.rows if chosen is not None else []
if rows:
    st.session_state["open_authority"] = table.iloc[rows[0]]["code"]
    st.switch_page("pages/1_Authority_trajectory.py")
common.note("Levels: 1 Inadequate, 2 Requires improvement, 3 Good, 4 Outstanding. Welsh reviews are mostly ungraded; "
            "Scottish grades are for a partnership on a six-point scale, mapped approximately (see About the data).")
