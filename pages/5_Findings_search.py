"""Findings search: every finding within the filters that holds each word typed, as the start of
one of its words (`queries.search_words`), each linked to its visit and source document."""

import streamlit as st

import pages as common

st.title("Findings search")
filters = common.sidebar_filters()
if "search_q" not in st.session_state:
    st.session_state["search_q"] = st.query_params.get("q", "")
query = st.text_input("Words to find (all must appear)", key="search_q", placeholder="e.g. management oversight",
                      help="Each word finds the words it begins, in any case: oversee finds overseen. "
                           "A word of one or two letters finds only itself.")
common.write_url(filters, q=query)
st.caption(f"Within: {common.describe(filters)}")
if not query.strip():
    common.empty("Type one or more words to search every finding.")
    st.stop()
LIMIT = 500
found = common.load_findings(filters, text=query.strip(), limit=LIMIT + 1)
if found.empty:
    common.empty(f"No finding contains all of: {common.literal(query)}")
    st.stop()
more = len(found) > LIMIT
found = found.head(LIMIT)
st.write(f"{len(found)}{'+' if more else ''} findings" + (" (showing the first 500; narrow the filters)" if more else ""))
st.dataframe(
    found.assign(open="Authority_trajectory?authority=" + found["authority_code"])[
        ["authority_name", "start_date", "event_type", "polarity", "themes", "text", "section", "source_path", "span_start", "open"]],
    hide_index=True, key="search_results",
    column_config={"text": st.column_config.TextColumn("finding, as written", width="large"),
                   "open": st.column_config.LinkColumn("visit", display_text="open ›")})
