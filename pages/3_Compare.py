"""Compare: several authorities, or one against its region and statistical neighbours, on
calendar time or on months since the inadequate judgement."""

import streamlit as st

import pages as common
from trajectories import analytics, charts
from trajectories.domain import Filters

st.title("Compare")
filters = common.sidebar_filters()
today = common.today()
authorities = common.load_authorities().set_index("code")
mode = st.radio("Compare", ["the authorities selected in the filters", "one authority with its region and statistical neighbours"],
                key="compare_mode")
align = st.radio("Align on", ["calendar", "months since inadequate"], horizontal=True, key="compare_align")
highlight = None
if mode.startswith("one"):
    pool = sorted(filters.authorities) or sorted(authorities[authorities["events"] > 0].index)
    code = st.selectbox("Authority", pool, format_func=lambda c: authorities.loc[c, "name"], key="compare_one")
    row = authorities.loc[code]
    neighbours = [c for c in str(row["stat_neighbours"] or "").split(",") if c in authorities.index]
    region = list(authorities[(authorities["region"] == row["region"]) & authorities["valid_to"].isna()].index)
    codes = tuple(dict.fromkeys([code, *neighbours, *region]))
    highlight = code
    st.caption(f"{row['name']} with {len(neighbours)} statistical neighbours and the {len(region) - 1} other authorities of {row['region']}.")
else:
    codes = filters.authorities
    if not codes:
        common.empty("Choose two or more authorities in the sidebar filter “Authorities”, or compare one authority with its neighbours.")
        st.stop()
group = Filters(authorities=codes, inspectorates=filters.inspectorates, date_from=filters.date_from, date_to=filters.date_to)
steps = common.load_steps(group, today)
aligned = analytics.aligned_steps(steps, "calendar" if align == "calendar" else "inadequate")
common.chart(charts.compare(aligned, "calendar" if align == "calendar" else "inadequate", highlight), key="compare_chart")
if len(set(steps["nation"])) > 1 if not steps.empty else False:
    st.warning("Nations are on different scales: Welsh reviews are mostly ungraded and Scottish grades (a partnership, "
               "six points) are mapped approximately. Compare across nations with care.")
with st.expander("Table view of the chart"):
    st.dataframe(aligned[["authority_name", "x", "level", "raw_phrase", "mapping_quality", "source_path"]], hide_index=True,
                 key="compare_table")
