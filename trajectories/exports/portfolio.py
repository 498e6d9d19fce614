"""The portfolio briefing on a filtered group of authorities (`portfolio_pdf`): where they stand
now, who is judged inadequate and for how long, how graded judgements moved, then a short section
per authority.

Contract: `Filters` in, A4 PDF bytes out; filters, "as at" date, sources and version are stated.
At most `MAX_PORTFOLIO_AUTHORITIES` authority sections, lowest level in force first, with a note
saying so when the view holds more. Each authority's top concern themes are counted in the
database (`queries.theme_counts_by_event`), so a whole nation's portfolio need not load every
finding. No browser is needed.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Connection

from trajectories import analytics, labels, positions
from trajectories.db import queries
from trajectories.domain import LEVEL_LABELS, Filters
from trajectories.exports.briefing import CONCERN, TOP_THEMES
from trajectories.exports.pdf import (
    FONT,
    MUTED,
    cover_facts,
    footer_lines,
    heading,
    level_fill,
    new_pdf,
    para,
    pdf_table,
    pdf_text,
    quote,
    rich,
    sources_section,
    title_block,
)
from trajectories.exports.tables import authorities_table
from trajectories.exports.values import (
    as_text,
    blank,
    data_as_at,
    describe,
    how_findings_are_read,
    level_words,
    theme_label,
)
from trajectories.exports.view import View, read_view, step_date

MAX_PORTFOLIO_AUTHORITIES = 40


def _steps_from(steps: pd.DataFrame, date_from: dt.date | None) -> pd.DataFrame:
    """The steps that make moves into the period: each authority's judgements from `date_from`
    on, with the one in force when the period began."""
    if steps.empty or date_from is None:
        return steps
    keep = []
    for _, group in steps.sort_values("date").groupby("authority_code"):
        before = group[group["date"] < date_from]
        keep.append(pd.concat([before.tail(1), group[group["date"] >= date_from]]))
    return pd.concat(keep).reset_index(drop=True)


def _matrix(steps: pd.DataFrame) -> tuple[list[str], list[list[str]]]:
    moves = analytics.transitions(steps)
    levels = [1, 2, 3, 4]
    counts = {(int(r["from_level"]), int(r["to_level"])): int(r["count"]) for r in moves.to_dict("records")}
    rows = []
    for a in levels:
        total = sum(counts.get((a, b), 0) for b in levels)
        rows.append(
            [f"from {LEVEL_LABELS[a]}"] + [str(counts.get((a, b), 0) or "\u00b7") for b in levels] + [str(total)]
        )
    return [f"to {LEVEL_LABELS[b]}" for b in levels], rows


def portfolio_pdf(conn: Connection, filters: Filters, today: dt.date | None = None) -> bytes:
    """A briefing on a filtered group of authorities: levels now, who is inadequate and for how
    long, how judgements moved, then a short section per authority (at most
    MAX_PORTFOLIO_AUTHORITIES, lowest level first, with a note when more are in the view)."""
    today = today or dt.date.today()
    view = read_view(conn, filters, today, with_findings=False)
    stamp = data_as_at(conn)
    summary = authorities_table(view)
    title = "Children\u2019s services portfolio briefing"
    pdf = new_pdf(title, footer_lines(stamp))
    title_block(pdf, title, f"{len(summary)} authorit{'y' if len(summary) == 1 else 'ies'} \u2013 {describe(filters)}")
    cover_facts(pdf, filters, stamp, view.period_end, today)
    if summary.empty:
        para(pdf, "No authority has an inspection, visit or letter recorded in this view.")
    else:
        _standing_section(pdf, view, summary)
        _inadequate_section(pdf, view, filters)
        _moves_section(pdf, view, filters)
        _authorities_sections(pdf, summary, _concern_themes(conn, view.events))
    sources_section(pdf, view)
    return bytes(pdf.output())


def _standing_section(pdf, view: View, summary: pd.DataFrame) -> None:
    """How many authorities stand at each level (or position) at the end of the period."""
    heading(pdf, "Where they stand now")
    current = summary[summary["exists_on"].astype(bool)]
    now = positions.as_at(view.states, view.period_end)
    kinds = dict(zip(now["authority_code"], now["kind"], strict=True))
    bands = []
    for band, group in current.groupby(
        [
            analytics.position_band(kinds.get(c), None if blank(v) else float(v))
            for c, v in zip(current["authority_code"], current["level_now"], strict=True)
        ]
    ):
        order = next((k for k, label in LEVEL_LABELS.items() if label == band), 90 + len(band) % 9)
        bands.append((order, band, len(group)))
    pdf_table(
        pdf,
        ["Where they stand (latest full inspection)", "Authorities"],
        [[w, str(n)] for _, w, n in sorted(bands)],
        (130, 50),
        fills=[level_fill(level if level < 90 else None) for level, _, _ in sorted(bands)],
    )
    if len(current) < len(summary):
        para(
            pdf,
            f"{len(summary) - len(current)} council(s) in view no longer exist; they are not counted here.",
            size=8,
            colour=MUTED,
            height=4,
        )


def _inadequate_section(pdf, view: View, filters: Filters) -> None:
    """Who is judged inadequate now, longest first, and how long the periods that ended lasted."""
    episodes = analytics.inadequate_episodes(view.states, view.events, today=view.period_end)
    open_now = episodes[episodes["open"]].sort_values("months", ascending=False) if not episodes.empty else episodes
    heading(pdf, "Inadequate now")
    if open_now.empty:
        para(pdf, "No authority in this view is judged inadequate at the end of the period.")
    else:
        para(
            pdf,
            f"{len(open_now)} authorit{'y is' if len(open_now) == 1 else 'ies are'} judged inadequate, longest first.",
            size=9,
        )
        pdf_table(
            pdf,
            ["Authority", "Inadequate since", "How long", "Visits since"],
            [
                [
                    r["authority_name"],
                    step_date(view.precisions, r["authority_code"], r["start"]),
                    labels.duration(r["months"]),
                    str(int(r["visits_during"])),
                ]
                for r in open_now.to_dict("records")
            ],
            (85, 35, 25, 35),
        )
    closed = episodes[~episodes["open"].astype(bool)] if not episodes.empty else episodes
    if filters.date_from and not closed.empty:
        closed = closed[closed["end"].map(lambda d: isinstance(d, dt.date) and d >= filters.date_from)]
    if not closed.empty:
        para(
            pdf,
            f"{len(closed)} inadequate period{'s' if len(closed) != 1 else ''} ended"
            + (f" from {filters.date_from.isoformat()} on" if filters.date_from else "")
            + f", after a median of {labels.duration(closed['months'].median())}.",
            size=9,
        )


def _moves_section(pdf, view: View, filters: Filters) -> None:
    """How graded overall judgements moved, from one level to the next, as a matrix."""
    heading(pdf, "How judgements moved")
    para(
        pdf,
        "Each move from one graded overall judgement to the authority\u2019s next"
        + (f", where the next was made from {filters.date_from.isoformat()} on" if filters.date_from else "")
        + ", counted over the authorities in view (approximate mappings rounded to the nearest level).",
        size=8,
        colour=MUTED,
        height=4,
    )
    moves_from = _steps_from(view.steps, filters.date_from)
    if analytics.transitions(moves_from).empty:
        para(
            pdf,
            "No authority in this view has a graded overall judgement following another"
            + (" in this period." if filters.date_from else "."),
            size=9,
        )
    else:
        headings, rows = _matrix(moves_from)
        pdf_table(pdf, ["", *headings, "moves"], rows, (36, 30, 36, 26, 30, 22))


def _authorities_sections(pdf, summary: pd.DataFrame, counts_by: dict[str, list[tuple[str, int]]]) -> None:
    """A short section per authority, lowest level in force first, at most MAX_PORTFOLIO_AUTHORITIES."""
    ordered = summary.assign(
        _lvl=[
            0.0 if bad == "yes" else 99.0 if blank(v) else float(v)
            for bad, v in zip(summary["inadequate_now"], summary["level_now"], strict=True)
        ]
    )
    ordered = ordered.sort_values(["_lvl", "authority_name"])
    shown = ordered.head(MAX_PORTFOLIO_AUTHORITIES)
    heading(pdf, "Authority by authority")
    para(pdf, "Top concern themes count findings read automatically. " + how_findings_are_read(), size=8, colour=MUTED)
    if len(ordered) > len(shown):
        para(
            pdf,
            f"This view holds {len(ordered)} authorities; the {len(shown)} with the lowest level in force are "
            "shown (then by name). Narrow the filters, or export the authorities table (CSV or XLSX) for all of them.",
            size=9,
            style="B",
        )
    for r in shown.to_dict("records"):
        _authority_section(pdf, r, counts_by.get(r["authority_code"]))


def _concern_themes(conn: Connection, events: pd.DataFrame, n: int = TOP_THEMES) -> dict[str, list[tuple[str, int]]]:
    """Each authority's top concern themes over the view's visits: (label, concern findings),
    raised in most visits first. Counted in the database, by the ids of the events already read,
    so a portfolio of a whole nation need not load every finding."""
    if events.empty:
        return {}
    actual = events[~events["planned"].astype(bool)]
    code_of = dict(zip(actual["event_id"].astype(int), actual["authority_code"], strict=True))
    found = queries.theme_counts_by_event(conn, list(code_of), CONCERN)
    if not found:
        return {}
    df = pd.DataFrame(found, columns=["event_id", "theme", "findings"])
    df["authority_code"] = df["event_id"].map(code_of)
    ranked = (
        df.groupby(["authority_code", "theme"])
        .agg(visits=("event_id", "nunique"), findings=("findings", "sum"))
        .reset_index()
        .sort_values(["authority_code", "visits", "findings", "theme"], ascending=[True, False, False, True])
    )
    return {
        code: [(theme_label(t), int(c)) for t, c in zip(g["theme"].head(n), g["findings"].head(n), strict=True)]
        for code, g in ranked.groupby("authority_code", sort=False)
    }


def _authority_section(pdf, r: dict, themes: list[tuple[str, int]] | None) -> None:
    if pdf.will_page_break(30):
        pdf.add_page()
    name = r["authority_name"] + (f" ({r['welsh_name']})" if not blank(r["welsh_name"]) else "")
    nation, region = as_text(r["nation"]), as_text(r["region"])
    where = nation if not region or region == nation else f"{nation}, {region}"
    fill = level_fill(1 if r["inadequate_now"] == "yes" else r["level_now"])
    pdf.ln(1.5)
    pdf.set_font(FONT, "B", 10.5)
    if fill:
        pdf.set_fill_color(*fill)
    pdf.multi_cell(
        0, 5.8, pdf_text(f"{name} \u2013 {where}"), align="L", fill=bool(fill), new_x="LMARGIN", new_y="NEXT"
    )
    if blank(r["position_date"]):
        current = "no full inspection recorded"
    elif blank(r["level_now"]):
        current = f"{r['position']} (full inspection of {r['position_date']})"
    else:
        current = (
            f"{level_words(r['level_now'], quality=r['mapping_quality'])} since {r['position_date']}, "
            f"judged {quote(r['current_phrase'])} ({r['framework']})"
        )
    if r["inadequate_now"] == "yes":
        current += f"; judged inadequate since {r['inadequate_since']}"
    rich(pdf, [("B", "Now: "), ("", current)], size=9, height=4.5)
    if blank(r["latest_direction"]):
        direction = "none recorded"
    else:
        direction = (
            f"{r['latest_direction_words']} \u2013 {quote(r['latest_direction_phrase'])} ({r['latest_direction_date']})"
        )
    rich(pdf, [("B", "Latest direction: "), ("", direction)], size=9, height=4.5)
    statuses = as_text(r["statuses_recorded"])
    visits = int(r["visits"])
    rich(
        pdf,
        [
            ("B", "Visits in view: "),
            ("", f"{visits}"),
            ("B", "   Graded judgements on record: "),
            ("", str(int(r["graded_judgements"]))),
        ],
        size=9,
        height=4.5,
    )
    rich(pdf, [("B", "Regulatory statuses recorded: "), ("", statuses or "none")], size=9, height=4.5)
    concern_text = "; ".join(f"{label} ({n})" for label, n in themes) if themes else "none recorded"
    rich(pdf, [("B", "Top concern themes: "), ("", concern_text)], size=9, height=4.5)
