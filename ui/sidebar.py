"""A page's set-up: its configuration, the list of pages and the shared filters in the sidebar.

Contract:
- `filters(page)` (every page but About the data starts with `filters = sidebar.filters(__file__)`)
  configures the page, keeps Streamlit's upload endpoint to the product's limits
  (`server_limits`), lists the pages (`navigation`), draws the shared filters from their state
  (`ui.urlstate`: the URL on a first visit, the last page's values after moving) and returns them,
  written into the URL. `page` is the calling page's own file: it tells a move between pages from
  a rerun of the same page.
- In the period's date fields Enter applies the date typed, and a date's calendar opens beside
  the sidebar, over no other filter (`sidebar_dates`).
- `navigation()` lists the pages under their names (the automatic list, which names the Overview
  by its file, is off in .streamlit/config.toml).
- `server_limits()`: `server.maxUploadSize` is the largest file an upload may be
  (`admin.MAX_FILE_BYTES`) while an admin secret is set, and 0 (every file refused) while the
  product is read-only; `admin_secret()` is the configured secret or None.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from trajectories import admin
from trajectories.domain import INSPECTORATE_NAMES, Filters, Inspectorate
from ui import data, urlstate
from ui.urlstate import INSPECTORATES, KEYS, NATIONS

PAGE_LINKS = [
    ("dashboard.py", "Overview"),
    ("pages/1_Authority_trajectory.py", "Authority trajectory"),
    ("pages/2_Themes.py", "Themes"),
    ("pages/3_Compare.py", "Compare"),
    ("pages/4_Inadequate_episodes.py", "Inadequate episodes"),
    ("pages/5_Findings_search.py", "Findings search"),
    ("pages/6_About_the_data.py", "About the data"),
    ("pages/7_Upload.py", "Upload"),
]
DATE_RANGE = {"min_value": dt.date(1990, 1, 1), "max_value": dt.date(2100, 1, 1), "format": "YYYY-MM-DD"}


def admin_secret() -> str | None:
    try:
        return admin.configured_secret(st.secrets)
    except Exception:  # no secrets file at all
        return admin.configured_secret()


def server_limits() -> None:
    """Streamlit's upload endpoint takes files only while the product takes uploads (see above)."""
    from streamlit import config

    limit = admin.MAX_FILE_BYTES // (1024 * 1024) if admin_secret() else 0
    if config.get_option("server.maxUploadSize") != limit:
        config.set_option("server.maxUploadSize", limit)


# The sidebar's date fields, by a script in a zero-height frame of the same origin, added once per
# browser tab (it marks the page so a rerun adds no second listener):
# - Enter applies the date typed (the field itself commits only when focus leaves it): the focus
#   moves on, out of the field.
# - A date's calendar opens beside the sidebar, over the page, never over another filter (where
#   the window is wide enough for it; the calendar is placed by Streamlit, shifted here).
SIDEBAR_DATES = """<script>
const doc = window.parent.document;
if (!doc.body.dataset.sidebarDates) {
  doc.body.dataset.sidebarDates = "1";
  doc.addEventListener("keydown", (e) => {
    const field = e.key === "Enter" && e.target.closest && e.target.closest('[data-testid="stDateInput"]');
    if (!field) return;
    // The field commits when focus moves to another element: the next one that takes focus.
    const focusable = 'button, input, [tabindex]:not([tabindex="-1"]), a[href], [role="spinbutton"]';
    const all = [...doc.querySelectorAll(focusable)];
    const next = all.find((el) => !field.contains(el) && (field.compareDocumentPosition(el) & 4));
    if (next) { next.focus(); } else { e.target.blur(); }
  }, true);
  const place = () => {
    const calendar = doc.querySelector('[data-testid="stDateInputCalendar"]');
    const sidebar = doc.querySelector('[data-testid="stSidebar"]');
    if (!calendar || !sidebar) return;
    const box = calendar.getBoundingClientRect(), edge = sidebar.getBoundingClientRect().right + 8;
    if (box.left >= edge || edge + box.width > window.parent.innerWidth) return;
    const left = parseFloat(calendar.style.left) || 0;
    calendar.style.setProperty("left", `${left + edge - box.left}px`, "important");
  };
  // Streamlit draws the calendar a moment after the click or Alt+Down that opens it: watched for
  // a few frames then, not on every change of the page.
  const placeSoon = (frames) => { place(); if (frames > 0) requestAnimationFrame(() => placeSoon(frames - 1)); };
  const opens = (e) => e.target.closest && e.target.closest('[data-testid="stSidebar"] [data-testid="stDateInput"]')
    && (e.type === "click" || (e.altKey && e.key === "ArrowDown"));
  for (const kind of ["click", "keydown"]) doc.addEventListener(kind, (e) => { if (opens(e)) placeSoon(30); }, true);
}
</script>"""


def sidebar_dates() -> None:
    with st.sidebar:
        st.iframe(SIDEBAR_DATES, height=1)


def navigation() -> None:
    """The list of pages at the top of the sidebar, each under its name (`PAGE_LINKS`)."""
    from streamlit.errors import StreamlitPageNotFoundError

    with st.sidebar:
        try:
            for path, label in PAGE_LINKS:
                st.page_link(path, label=label)
        except StreamlitPageNotFoundError:  # a page run on its own (tests), not from dashboard.py: no list
            pass


def _filter_widgets() -> None:
    """The shared filters, drawn from their session state (`urlstate.KEYS`)."""
    authorities, named = data.load_authorities(), data.names()
    st.header("Filters")
    st.multiselect("Nation", NATIONS, key=KEYS["nation"])
    nations = st.session_state[KEYS["nation"]]
    region_pool = authorities[authorities["nation"].isin(nations)] if nations else authorities
    st.multiselect("Region", sorted(region_pool["region"].dropna().unique()), key=KEYS["region"])
    options = data.authority_options(Filters(nations=tuple(nations), regions=tuple(st.session_state[KEYS["region"]])))
    chosen = st.session_state[KEYS["authority"]]
    if chosen and not set(chosen) <= set(options):  # chosen outside these nations or regions: listed too
        options = sorted({*options, *chosen}, key=named.__getitem__)
    st.multiselect(
        "Authorities", options, format_func=named.__getitem__, key=KEYS["authority"], placeholder="All authorities"
    )
    st.multiselect(
        "Inspectorate",
        INSPECTORATES,
        key=KEYS["inspectorate"],
        format_func=lambda i: INSPECTORATE_NAMES[Inspectorate(i)][0],
    )
    st.date_input("From", key=KEYS["from"], **DATE_RANGE)
    st.date_input("To", key=KEYS["to"], **DATE_RANGE)


def filters(page: str) -> Filters:
    """Set up the page `page` (its own file), draw the shared filters in the sidebar and return
    them; the URL always matches them."""
    st.set_page_config(page_title="Improvement trajectories", page_icon="📈", layout="wide")
    server_limits()
    urlstate.restore(data.load_authorities(), page)
    navigation()
    with st.sidebar:
        _filter_widgets()
    sidebar_dates()
    urlstate.save()
    chosen = urlstate.current_filters()
    urlstate.write_url(chosen, **({"q": st.query_params["q"]} if "q" in st.query_params else {}))
    return chosen
