"""Findings search: every finding within the filters that holds each word typed, as the start of
one of its words (`queries.search_words`), each shown as a card (authority, date, visit, theme
names, concern or strength, the full sentence) linked to its authority, and offered as CSV and
XLSX files that state the search and the filters."""

import html

import streamlit as st

from trajectories import labels
from ui import data, render, sidebar, tables, urlstate

LIMIT = 500
PAGE = 50  # cards drawn at once; the files hold every result

st.title("Findings search")
filters = sidebar.filters(__file__)
if "search_q" not in st.session_state:
    st.session_state["search_q"] = st.query_params.get("q", "")
query = st.text_input(
    "Words to find (all must appear)",
    key="search_q",
    placeholder="e.g. management oversight",
    help="Each word finds the words it begins, in any case: oversee finds overseen. "
    "A word of one or two letters finds only itself. Press Enter to search.",
)
urlstate.write_url(filters, q=query)
st.caption(f"Within: {render.describe(filters)}")
if not query.strip():
    render.empty("Type one or more words to search every finding.")
    st.stop()
found = data.load_findings(filters, text=query.strip(), limit=LIMIT + 1)
if found.empty:
    render.empty(f"No finding contains all of: {render.literal(query)}")
    st.stop()
more = len(found) > LIMIT
found = found.head(LIMIT).sort_values("start_date", ascending=False, kind="stable")  # newest first
st.write(f"{len(found)}{'+' if more else ''} findings" + (f" (the first {LIMIT}; narrow the filters)" if more else ""))

table = labels.plain(
    found.assign(
        start_date=found["start_date"].map(labels.day), source_path=tables.documents_of(found["source_path"].tolist())
    ),
    ["authority_name", "start_date", "event_type", "polarity", "themes", "text", "section", "source_path"],
)
what = f"findings containing all of “{query.strip()}”" + (f" (the first {LIMIT})" if more else "")
cols = st.columns(2)
with cols[0]:
    render.table_download(
        table,
        filters,
        f"findings-{'-'.join(query.split())[:40]}",
        "Results (CSV)",
        key="download_search_csv",
        what=what,
    )
with cols[1]:
    render.table_xlsx(
        table,
        filters,
        f"findings-{'-'.join(query.split())[:40]}",
        "Results (XLSX)",
        key="download_search_xlsx",
        what=what,
    )

more_key = f"search_shown:{query.strip()}"
shown = st.session_state.get(more_key, PAGE)
cards = []
for rec in found.head(shown).to_dict("records"):
    link = f"Authority_trajectory?authority={html.escape(str(rec['authority_code']))}&amp;visit={int(rec['event_id'])}"
    themes = labels.themes(rec["themes"])
    cards.append(
        '<div style="border:1px solid rgba(128,128,128,0.35);border-radius:6px;padding:0.6em 0.8em;margin:0 0 0.6em 0;'
        'white-space:normal;overflow-wrap:anywhere">'
        f'<div><strong><a href="{link}" target="_self" '
        f'style="color:inherit;text-decoration:underline">{html.escape(str(rec["authority_name"]))}</a></strong>'
        f" · {html.escape(labels.day(rec['start_date']))} · {html.escape(labels.event_type(rec['event_type']))}</div>"
        f"<div><small><strong>{html.escape(labels.polarity(rec['polarity']))}</strong>"
        + (f" · Themes: {html.escape(themes)}" if themes else "")
        + "</small></div>"
        f'<div style="margin-top:0.3em">{html.escape(str(rec["text"]))}</div></div>'
    )
st.html("".join(cards))
if len(found) > shown and st.button(f"Show {min(PAGE, len(found) - shown)} more", key="search_more"):
    st.session_state[more_key] = shown + PAGE
    st.rerun()
