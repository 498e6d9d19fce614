"""The shared filters and a page's own choices, kept in the URL and in the session.

Contract:
- Every filter (authorities, nations, regions, inspectorates, period) is written into the URL
  query string explicitly, defaults included, so a copied link reopens the same view; so are a
  page's own choices (`write_url(filters, **extra)`), and only when the URL would change (each
  change re-renders the whole app in the browser).
- The filter widgets' state lives in `st.session_state` under the keys in `KEYS`. `restore(page)`
  gives each its value before it is drawn: on a session's first run from the URL (unknown values
  dropped), when the reader has just moved to another page (`page`: the page's own file, passed by
  the page) from the values saved on the last one, otherwise the widgets keep their own.
- `current_filters()` is the frozen `Filters` value the widgets hold now.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from trajectories.domain import EARLIEST, Filters, Inspectorate

# URL parameter -> session_state key of its widget.
KEYS = {
    "authority": "f_authority",
    "nation": "f_nation",
    "region": "f_region",
    "inspectorate": "f_inspectorate",
    "from": "f_from",
    "to": "f_to",
}
SAVED = "_filters_saved"  # the filters as the last page left them
PAGE = "_filters_page"  # the page that drew them
NATIONS = ["England", "Wales", "Scotland"]
INSPECTORATES = [
    i.value
    for i in (Inspectorate.OFSTED, Inspectorate.CIW, Inspectorate.CI_SCOT, Inspectorate.WELSH_GOV, Inspectorate.DFE)
]


def today() -> dt.date:
    """The default end of the period."""
    return dt.date.today()


def _split(value: str | None) -> list[str]:
    return [v for v in (value or "").split(",") if v]


def _date(value: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else default
    except ValueError:
        return default


def values_from_url(authorities: pd.DataFrame) -> dict:
    """The filters the URL asks for, by widget key (unknown values are dropped)."""
    qp = st.query_params
    asked_codes, asked_regions = _split(qp.get("authority")), _split(qp.get("region"))
    # The known values only when the URL names some (20,000 codes at 100×), as plain lists.
    codes = set(authorities["code"].tolist()) if asked_codes else set()
    regions = set(authorities["region"].tolist()) if asked_regions else set()
    return {
        KEYS["authority"]: [c for c in asked_codes if c in codes],
        KEYS["nation"]: [n for n in _split(qp.get("nation")) if n in NATIONS],
        KEYS["region"]: [r for r in asked_regions if r in regions],
        KEYS["inspectorate"]: [i for i in _split(qp.get("inspectorate")) if i in INSPECTORATES],
        KEYS["from"]: _date(qp.get("from"), EARLIEST),
        KEYS["to"]: _date(qp.get("to"), today()),
    }


def restore(authorities: pd.DataFrame, page: str) -> None:
    """Give each filter widget its value before it is drawn (see the contract above)."""
    saved = st.session_state.get(SAVED)
    if saved is None:
        for key, value in values_from_url(authorities).items():
            st.session_state[key] = value
    elif st.session_state.get(PAGE) != page:
        for key, value in saved.items():
            st.session_state[key] = value
    st.session_state[PAGE] = page


def save() -> None:
    """Keep the filters as drawn, for the next page (Streamlit forgets a widget's state between pages)."""
    st.session_state[SAVED] = {key: st.session_state[key] for key in KEYS.values()}


def current_filters() -> Filters:
    ss = st.session_state
    return Filters(
        authorities=tuple(ss.get(KEYS["authority"], [])),
        nations=tuple(ss.get(KEYS["nation"], [])),
        regions=tuple(ss.get(KEYS["region"], [])),
        inspectorates=tuple(ss.get(KEYS["inspectorate"], [])),
        date_from=ss.get(KEYS["from"], EARLIEST),
        date_to=ss.get(KEYS["to"], today()),
    )


def write_url(filters: Filters, **extra: str) -> None:
    """Every filter into the query string, defaults included, plus page-specific values. Sent only
    when the URL would change."""
    wanted = {
        "authority": ",".join(filters.authorities),
        "nation": ",".join(filters.nations),
        "region": ",".join(filters.regions),
        "inspectorate": ",".join(filters.inspectorates),
        "from": (filters.date_from or EARLIEST).isoformat(),
        "to": (filters.date_to or today()).isoformat(),
        **extra,
    }
    if any(st.query_params.get_all(k) != [v] for k, v in wanted.items()):
        st.query_params.update(wanted)
