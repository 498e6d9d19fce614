"""Compare: several authorities, or one against its statistical neighbours and its region, on
calendar time or on months since the inadequate judgement. Every authority named is drawn or
listed as having no graded judgement; the chosen one, its neighbours and its region differ by
line style. The page's choices (`compare`, `align`, `one`) are written into the URL."""

import streamlit as st

from trajectories import analytics, charts
from trajectories.domain import Filters
from ui import data, render, sidebar, tables, urlstate

MODES = {
    "selected": "the authorities selected in the filters",
    "neighbours": "one authority with its statistical neighbours and region",
}
ALIGNS = {"calendar": "calendar", "inadequate": "months since first judged inadequate"}

st.title("Compare")
filters = sidebar.filters(__file__)
today = urlstate.today()
authorities = data.load_authorities().set_index("code")
for key, name, options in (("compare_mode", "compare", MODES), ("compare_align", "align", ALIGNS)):
    if st.session_state.get(key) not in options:
        asked = st.query_params.get(name)
        st.session_state[key] = asked if asked in options else next(iter(options))
mode = st.radio("Compare", list(MODES), key="compare_mode", format_func=MODES.__getitem__)
align = st.radio("Align on", list(ALIGNS), horizontal=True, key="compare_align", format_func=ALIGNS.__getitem__)
roles: dict[str, str] = {}
extra = {"compare": mode, "align": align}
if mode == "neighbours":
    codes_all, pool, names = data.picker(
        Filters(authorities=filters.authorities, nations=filters.nations, regions=filters.regions)
    )
    if st.session_state.get("compare_one") not in names:
        asked = st.query_params.get("one")
        st.session_state["compare_one"] = asked if asked in names else (pool or codes_all)[0]
    code = st.selectbox("Authority", codes_all, format_func=names.__getitem__, key="compare_one")
    row = authorities.loc[code]
    neighbours = [c for c in str(row["stat_neighbours"] or "").split(",") if c in authorities.index and c != code]
    region = [
        c
        for c in authorities[(authorities["region"] == row["region"]) & authorities["valid_to"].isna()].index
        if c != code and c not in neighbours
    ]
    roles = {code: "chosen", **{c: "neighbour" for c in neighbours}, **{c: "region" for c in region}}
    codes = tuple(roles)
    extra["one"] = code
    st.caption(
        f"{row['name']} (solid line) with {len(neighbours)} statistical neighbours (dashed) and the "
        f"{len(region)} other authorities of {row['region']} (dotted)."
    )
else:
    codes = filters.authorities
    if not codes:
        urlstate.write_url(filters, **extra)
        render.empty(
            "Choose two or more authorities in the sidebar filter “Authorities”, or compare one authority with "
            "its neighbours."
        )
        st.stop()
urlstate.write_url(filters, **extra)
group = Filters(
    authorities=codes, inspectorates=filters.inspectorates, date_from=filters.date_from, date_to=filters.date_to
)
steps = data.load_steps(group, today)
aligned = analytics.aligned_steps(steps, align)
render.chart(charts.compare(aligned, align, roles=roles, today=today), key="compare_chart", filename="compare")
named = data.names()
drawn = set(aligned["authority_code"]) if not aligned.empty else set()
missing = [named[c] for c in codes if c not in drawn]
if missing:
    why = (
        "was never judged inadequate in this period"
        if align == "inadequate"
        else "has no graded judgement in this period"
    )
    st.info(f"Not drawn — {'each of these' if len(missing) > 1 else 'this authority'} {why}: {', '.join(missing)}.")
if len(set(steps["nation"])) > 1 if not steps.empty else False:
    st.warning(
        "Nations are on different scales: Welsh reviews are mostly ungraded and Scottish grades (a partnership, "
        "six points) are mapped approximately. Compare across nations with care."
    )
table = tables.compare_table(aligned, align, roles)
with st.expander("Table view of the chart"):
    st.dataframe(table, hide_index=True, key="compare_table")
render.table_download(table, group, "compare-chart-data", "Chart data (CSV)", key="download_compare_csv")
render.downloads(group, "compare")
st.caption("The chart's camera button (top right of the chart) saves it as a PNG.")
