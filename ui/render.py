"""Drawing helpers the pages share.

Contract:
- Words from documents are shown as written, never as markdown or HTML that could run: with
  `show_text()` (plain text), inside markdown only through `literal()` (every markdown character
  escaped, addresses never made links), as `note()` and `describe()` do, or inside HTML only
  escaped, as `findings_html()` does.
- `chart()` draws a plotly figure whose camera button saves a PNG named after it, and returns the
  points newly selected on it (once each).
- `movements()` lists recent movements as buttons (a keyboard reaches and presses them) opening
  the authority's page; `downloads()`, `table_download()` and `table_xlsx()` offer files that state
  what they are, the filters, the "as at" date, sources and licence, built only when clicked.
- `markdown_with_tables()` draws markdown whose tables are real tables.
"""

from __future__ import annotations

import html
import re

import pandas as pd
import streamlit as st

from trajectories import labels, story, views
from trajectories.domain import Filters
from ui import data
from ui.engine import engine, shared


def show_text(text: object) -> None:
    """Words from a document, shown as plain text (never interpreted as markdown or HTML)."""
    st.text(str(text))


def note(text: object) -> None:
    """A small grey note whose words are shown literally (markdown characters escaped)."""
    st.caption(literal(text))


def empty(message: str) -> None:
    st.info(message)


def describe(filters: Filters) -> str:
    """The filters in words, for markdown: every markdown character escaped (`literal`)."""
    return literal(filters.describe(data.names()))


_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_{}[]()#+-.!|<>~$:"})
_WORD_JOINER = "\u2060"  # invisible; a web address or e-mail address broken by it is not made a link
_AUTOLINKS = re.compile(r"(?i)(://|www\.|@)")


def literal(text: object) -> str:
    """Words for markdown that show exactly as written (every markdown character escaped;
    Streamlit never renders HTML in markdown). Markdown also makes a link of any web or e-mail
    address in plain words, escaped or not: an invisible word joiner inside "://", "www." and
    before "@" stops that, and the words still read the same."""
    text = _AUTOLINKS.sub(
        lambda m: m.group(1)[0] + _WORD_JOINER + m.group(1)[1:] if m.group(1) != "@" else _WORD_JOINER + "@", str(text)
    )
    return text.translate(_MARKDOWN)


def findings_html(records: list[dict], source: str | None = None) -> str:
    """Findings as ONE list element (for `st.html`), however many there are (a visit can have
    hundreds; one element per finding is slow to redraw): each finding's polarity, its words in
    full (wrapped), its themes by name, and behind a "how this was read" disclosure the cues that
    tagged it and where in its document it stands (the document is named only when it is not
    `source`, the visit's own, already named above the list). Plain HTML built from escaped words
    (`html.escape`; what Streamlit shows as HTML is sanitised too), so the words show literally
    and the browser draws the list without a markdown parser."""
    items = []
    for rec in records:
        where = labels.how_read(rec.get("theme_cues"), rec.get("span_start"), rec.get("span_end"))
        if rec["source_path"] != source:
            where += "; from " + labels.document(
                rec.get("source_kind"),
                rec.get("inspectorate"),
                rec.get("title"),
                rec.get("published_date") or rec.get("start_date"),
            )
        themes = labels.themes(rec.get("themes"))
        items.append(
            f'<li style="margin-bottom:0.5em;white-space:normal"><strong>'
            f"{html.escape(labels.polarity(rec['polarity']))}</strong> {html.escape(str(rec['text']))}"
            + (f"<br><small>Themes: {html.escape(themes)}</small>" if themes else "")
            + f"<details><summary><small>How this was read</small></summary><small>{html.escape(where)}"
            f"</small></details></li>"
        )
    return f'<ul class="findings">{"".join(items)}</ul>'


@shared
def visit_findings_html(filters: Filters, event_id: int, theme: str | None, source: str | None) -> str:
    """One visit's findings about `theme` (all of them for None) as `findings_html`, actions
    required first (`views.ordered_findings`). Shared per visit and theme, so choosing a visit or
    a theme again only draws."""
    return findings_html(views.ordered_findings(data.visit_findings(filters, event_id), theme), source=source)


def source_line(event: dict) -> None:
    """The visit's source named as the document it is, with a link to the original where one is
    known, and how many other documents say the same."""
    name = labels.document(
        event.get("source_kind"),
        event.get("inspectorate"),
        event.get("title"),
        event.get("published_date") or event.get("start_date"),
    )
    url = event.get("source_url")
    others = int(event["sources"]) - 1 if not labels.blank(event.get("sources")) else 0
    also = f" — also in {others} other document{'s' if others != 1 else ''}" if others > 0 else ""
    if isinstance(url, str) and url.startswith(("https://", "http://")):
        st.markdown(f"Source: [{literal(name)}]({url.replace(')', '%29')}){literal(also)}")
    else:
        show_text(f"Source: {name}{also}")


def visit_themes(filters: Filters, event_id: int, left, right) -> None:
    """The chosen visit's top themes as concerns (in `left`) and strengths (in `right`)."""
    concerns, strengths = data.visit_top_themes(filters, event_id)
    for where, title, rows in ((left, "Top concerns", concerns), (right, "Top strengths", strengths)):
        where.markdown(
            f"**{title}**\n"
            + ("\n".join(f"- {literal(name)} ({n})" for name, n in rows) if rows else "\nnone recorded at this visit")
        )


CHART_CONFIG = {
    "displaylogo": False,
    "toImageButtonOptions": {"format": "png", "scale": 2, "filename": "trajectory-chart"},
}


def chart(fig, key: str, filename: str | None = None, selectable: bool = False) -> list[dict]:
    """A plotly figure with its camera button saving a PNG named after the chart. `selectable`:
    a click on a point selects it; the points newly selected since the last run are returned
    (each with its `customdata`), once."""
    config = {
        **CHART_CONFIG,
        "toImageButtonOptions": {**CHART_CONFIG["toImageButtonOptions"], "filename": filename or key},
    }
    if not selectable:
        st.plotly_chart(fig, key=key, config=config)
        return []
    event = st.plotly_chart(fig, key=key, config=config, on_select="rerun", selection_mode="points")
    points = list(event.selection.points) if event and event.selection else []
    seen = f"_{key}_seen"
    fresh = [p for p in points if repr(p) != st.session_state.get(seen)]
    st.session_state[seen] = repr(points[0]) if points else None
    return fresh


def _open_authority(code: str) -> None:
    st.session_state["open_authority"] = code


def movements(records: list[dict], key: str) -> None:
    """Recent movements (`story.recent_movements` records) as a list whose names are buttons (a
    keyboard reaches and presses them) opening that authority's page, each with its grade before
    and after and the day of the inspection."""
    for i, rec in enumerate(records):
        left, right = st.columns([2, 5], vertical_alignment="center")
        if left.button(
            literal(rec["name"]) + " ›",
            key=f"{key}_{i}",
            type="tertiary",
            on_click=_open_authority,
            args=(rec["code"],),
            help=f"Open {rec['name']}'s trajectory",
        ):
            st.switch_page("pages/1_Authority_trajectory.py")
        right.markdown(literal(story.movement_line(rec)))


def _built(func, *args, **kwargs):
    """A file made with a connection of its own, when its button is clicked."""

    def make() -> bytes:
        with engine().connect() as conn:
            return func(conn, *args, **kwargs)

    return make


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def downloads(filters: Filters, name: str, authority: str | None = None) -> None:
    """Download buttons for the view: CSV and XLSX tables, and a PDF briefing (one authority) or a
    portfolio (a group). Each file is built only when its button is clicked."""
    from trajectories import exports

    cols = st.columns(4 if authority else 3)
    common = {"on_click": "ignore"}
    cols[0].download_button(
        "Events (CSV)",
        data=_built(exports.download_csv, filters, "events"),
        file_name=f"{name}-events.csv",
        mime="text/csv",
        key="download_events",
        **common,
    )
    cols[1].download_button(
        "Tables (XLSX)",
        data=_built(exports.export_xlsx, filters),
        file_name=f"{name}.xlsx",
        mime=XLSX,
        key="download_tables",
        **common,
    )
    if authority:
        label, make = "Briefing (PDF)", _built(exports.briefing_pdf, authority, filters.date_from, filters.date_to)
        file_name = f"{name}-briefing.pdf"
    else:
        label, make = "Portfolio briefing (PDF)", _built(exports.portfolio_pdf, filters)
        file_name = f"{name}-portfolio.pdf"
    cols[2].download_button(
        label, data=make, file_name=file_name, mime="application/pdf", key="download_briefing", **common
    )


def table_download(
    table: pd.DataFrame, filters: Filters, name: str, label: str, key: str, what: str | None = None
) -> None:
    """A CSV download of a table as shown (headers and values in words), stating before its rows
    what it is, the filters, the "as at" date, the sources and the licence (`exports.about_lines`).
    Built only when clicked."""
    from trajectories import exports

    def make() -> bytes:
        with engine().connect() as conn:
            return exports.frame_csv(exports.about_lines(conn, filters, what or label), table)

    st.download_button(label, data=make, file_name=f"{name}.csv", mime="text/csv", on_click="ignore", key=key)


def table_xlsx(table: pd.DataFrame, filters: Filters, name: str, label: str, key: str, what: str | None = None) -> None:
    """An XLSX download of a table as shown, with an "About" sheet (`exports.frame_xlsx`)."""
    from trajectories import exports

    def make() -> bytes:
        with engine().connect() as conn:
            return exports.frame_xlsx(exports.about_lines(conn, filters, what or label), table)

    st.download_button(label, data=make, file_name=f"{name}.xlsx", on_click="ignore", key=key, mime=XLSX)


def _markdown_table(lines: list[str]) -> None:
    """A markdown table's lines as a table (`st.table`), its first column the index."""
    rows = [
        [cell.strip().strip("`") for cell in line.strip().strip("|").split("|")]
        for line in lines
        if not set(line.replace("|", "").strip()) <= set("-: ")
    ]
    if rows:
        header = [c[:1].upper() + c[1:] for c in rows[0]]
        st.table(pd.DataFrame(rows[1:], columns=header).set_index(header[0]))


def markdown_with_tables(text: str) -> None:
    """Markdown whose tables are drawn as tables that wrap their words to the page's width
    (`st.table`; a markdown table of long file names runs off the page), the rest as markdown."""
    block: list[str] = []
    prose: list[str] = []
    for line in [*text.splitlines(), None]:  # None: the end, which closes what is open
        is_table = line is not None and line.lstrip().startswith("|")
        if block and not is_table:
            _markdown_table(block)
            block.clear()
        if prose and (is_table or line is None):
            st.markdown("\n".join(prose))
            prose.clear()
        if is_table:
            block.append(line)
        elif line is not None:
            prose.append(line)
