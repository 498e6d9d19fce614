"""The briefing on one authority (`briefing_pdf`): its trajectory chart, where it stands, periods
judged inadequate, themes that recur with verbatim evidence, planned visits, sources and licence.

Contract: one authority's ONS code in, A4 PDF bytes out; filters, "as at" date, sources and
version are stated. The position is the one in force at the end of the period asked for. Evidence
is quoted verbatim, each quotation followed by the document it came from (named, never a path)
and the link to the original where known; a sentence is quoted once. `theme_counts` counts
concern and strength findings per theme and in how many visits. An unknown code raises
`ExportError`; with `chart=False` no browser is needed.
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
from sqlalchemy import Connection

from trajectories import analytics, authorities, labels, positions, themes
from trajectories.domain import Filters
from trajectories.exports.images import figure_png
from trajectories.exports.pdf import (
    FONT,
    INK,
    MUTED,
    cover_facts,
    facts,
    footer_lines,
    heading,
    new_pdf,
    para,
    pdf_table,
    pdf_text,
    quote,
    rich,
    sources_section,
    subheading,
    title_block,
)
from trajectories.exports.values import (
    STATUS_LABELS,
    ExportError,
    as_text,
    blank,
    data_as_at,
    date_text,
    direction_words,
    event_words,
    framework_words,
    how_findings_are_read,
    inspectorate_name,
    level_words,
    theme_label,
)
from trajectories.exports.view import (
    Documents,
    View,
    documents,
    effective_text,
    paths_of,
    read_view,
    status_records,
    step_date,
)
from trajectories.themes import THEMES

EVIDENCE_PER_THEME = 3
TOP_THEMES = 3
CONCERN = ("concern", "action_required")
STRENGTH = ("strength",)


def _authority(code: str):
    found = authorities.by_code().get(code)
    if found is None:
        raise ExportError(f"unknown authority code {code!r}")
    return found


def _episode_rows(episodes: pd.DataFrame, precisions: dict) -> list[list[str]]:
    rows = []
    for e in episodes.to_dict("records"):
        exit_grade = (
            "\u2014"
            if e["open"]
            else f"{level_words(e['exit_level'])} \u2014 {quote(e['exit_phrase'])}"
            if not blank(e["exit_phrase"])
            else level_words(e["exit_level"])
        )
        code = e["authority_code"]
        rows.append(
            [
                step_date(precisions, code, e["start"]),
                "still open" if e["open"] else step_date(precisions, code, e["end"]),
                labels.duration(e["months"]),
                exit_grade,
                str(int(e["visits_during"])),
            ]
        )
    return rows


def theme_counts(findings: pd.DataFrame, tagged: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per theme: concern (concern or action required) and strength findings, and in how many
    visits. `tagged` is `analytics.findings_by_theme(findings)` when the caller has it already."""
    cols = ["theme", "label", "concerns", "concern_visits", "strengths", "strength_visits"]
    if findings is None or findings.empty:
        return pd.DataFrame(columns=cols)
    tagged = analytics.findings_by_theme(findings) if tagged is None else tagged
    tagged = tagged[tagged["theme"] != "untagged"]
    kind = tagged["polarity"].map(lambda p: "concern" if p in CONCERN else "strength" if p in STRENGTH else None)
    grouped = {key: g for key, g in tagged.assign(_kind=kind).groupby(["theme", "_kind"])}
    rows = []
    for theme in THEMES:
        concerns = grouped.get((theme, "concern"), tagged.iloc[0:0])
        strengths = grouped.get((theme, "strength"), tagged.iloc[0:0])
        rows.append(
            {
                "theme": theme,
                "label": theme_label(theme),
                "concerns": len(concerns),
                "concern_visits": concerns["event_id"].nunique(),
                "strengths": len(strengths),
                "strength_visits": strengths["event_id"].nunique(),
            }
        )
    return pd.DataFrame(rows, columns=cols)


def _top(counts: pd.DataFrame, kind: str, n: int = TOP_THEMES) -> pd.DataFrame:
    """Themes that recur most: raised in most visits, then most findings."""
    col, visits = ("concerns", "concern_visits") if kind == "concern" else ("strengths", "strength_visits")
    if counts.empty:
        return counts
    ranked = counts[counts[col] > 0].sort_values([visits, col, "theme"], ascending=[False, False, True])
    return ranked.head(n)


def _evidence(
    tagged: pd.DataFrame,
    theme: str,
    polarities: tuple[str, ...],
    n: int = EVIDENCE_PER_THEME,
    used: set[str] | None = None,
) -> list[dict]:
    """A few finding sentences of one theme, each from a different visit where it can be (newest
    visit first): within a visit, sentences of a readable length first, then the surest readings
    (`themes.doubt`), the first polarity listed before the others, letters and reports before table
    rows. A text in `used` is not quoted again.
    `tagged` is `analytics.findings_by_theme(findings)`."""
    used = used if used is not None else set()
    mine = tagged[(tagged["theme"] == theme) & tagged["polarity"].isin(polarities)].copy()
    if mine.empty:
        return []
    mine["_pol"] = mine["polarity"].map(lambda p: polarities.index(p))
    mine["_doc"] = mine["source_kind"].map(lambda k: 0 if analytics.is_document(k) else 1)
    mine["_when"] = mine["start_date"].map(lambda d: d if isinstance(d, dt.date) else dt.date.min)
    mine["_long"] = mine["text"].map(lambda t: len(as_text(t)) > 420)
    mine["_doubt"] = mine["polarity_rule"].map(lambda r: themes.doubt(as_text(r)))
    mine = mine.sort_values(
        ["_when", "event_id", "_long", "_doubt", "_pol", "_doc", "seq"],
        ascending=[False, False, True, True, True, True, True],
    )
    by_visit: dict[int, list[dict]] = {}
    for rec in mine.to_dict("records"):
        by_visit.setdefault(rec["event_id"], []).append(rec)
    picked: list[dict] = []
    queues = list(by_visit.values())
    while queues and len(picked) < n:
        for queue in list(queues):
            while queue:
                rec = queue.pop(0)
                key = " ".join(as_text(rec["text"]).split()).lower()
                if key not in used:
                    used.add(key)
                    picked.append(rec)
                    break
            if not queue:
                queues.remove(queue)
            if len(picked) == n:
                break
    return picked


def _evidence_block(pdf, recs: list[dict], docs: Documents) -> None:
    """Each quoted finding, then the document it is quoted from (dated by the visit when the
    document has no date of its own) and the link to the original where known."""
    for rec in recs:
        if pdf.will_page_break(16):
            pdf.add_page()
        pdf.set_x(pdf.l_margin + 4)
        pdf.set_font(FONT, "I", 9)
        pdf.multi_cell(pdf.epw - 4, 4.5, quote(rec["text"]), align="L", new_x="LMARGIN", new_y="NEXT")
        doc = docs.get(rec["source_path"], rec["authority_code"])
        where = pdf_text(doc.name)
        if not doc.dated:
            where = f"{date_text(rec['start_date'], rec['start_precision']) or 'undated'} \u2013 {where}"
        link = as_text(rec.get("source_url")) or doc.link
        if link:
            where += f" \u2013 {pdf_text(link)}"
        pdf.set_x(pdf.l_margin + 4)
        pdf.set_font(FONT, "", 7.5)
        pdf.set_text_color(*MUTED)
        pdf.multi_cell(pdf.epw - 4, 3.6, where, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(*INK)
        pdf.ln(1)


def briefing_pdf(
    conn: Connection,
    code: str,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    today: dt.date | None = None,
    *,
    chart: bool = True,
) -> bytes:
    """A briefing on one authority: trajectory chart, current position, inadequate episodes,
    recurring themes with verbatim evidence, planned visits; filters, as at, sources, version.
    `chart=False` leaves the chart image out (no browser needed)."""
    today = today or dt.date.today()
    ref = _authority(code)
    filters = Filters(authorities=(code,), date_from=date_from, date_to=date_to)
    view = read_view(conn, filters, today)
    docs = documents(conn, paths_of(view.events, view.history_judgements, view.directions, view.findings))
    stamp = data_as_at(conn)
    name = f"{ref.name} ({ref.name_cy})" if ref.name_cy and ref.name_cy not in (ref.name, ref.short_name) else ref.name
    title = f"{name} \u2013 children\u2019s services briefing"
    pdf = new_pdf(title, footer_lines(stamp))
    inspectorates = sorted({inspectorate_name(i) for i in view.events["inspectorate"]}) if not view.events.empty else []
    title_block(
        pdf,
        title,
        f"{ref.nation.value}"
        + (f" \u2013 {ref.region}" if ref.region and ref.region != ref.nation.value else "")
        + (f" \u2013 {', '.join(inspectorates)}" if inspectorates else ""),
    )
    cover_facts(pdf, filters, stamp, view.period_end, today)
    if chart:
        _chart_block(pdf, view, ref, today)
    else:
        para(pdf, "The trajectory chart is left out of this copy.", size=8, colour=MUTED)
    _current_section(pdf, view, code, docs)
    _episodes_section(pdf, view, code, today)
    _themes_section(pdf, view.findings, docs)
    _planned_section(pdf, view.events, view.period_end, docs)
    sources_section(pdf, view)
    return bytes(pdf.output())


def _chart_block(pdf, view: View, ref, today: dt.date) -> None:
    """The trajectory chart across the page, with how to read it."""
    png = _trajectory_png(view, ref, today)
    if pdf.will_page_break(pdf.epw * 620 / 1000):
        pdf.add_page()
    pdf.image(
        io.BytesIO(png),
        w=pdf.epw,
        alt_text=f"Trajectory of {ref.name}: graded level, direction of travel and visits",
    )
    para(
        pdf,
        "Levels are steps: each graded judgement holds until the next full inspection, whether or not that "
        "inspection gives an overall grade (dotted: still in force). "
        "Direction-of-travel signals have their own lane and never move the level. Hollow markers are "
        "approximate or inferred mappings.",
        size=7.5,
        colour=MUTED,
        height=3.6,
    )


def _trajectory_png(view: View, ref, today: dt.date | None = None) -> bytes:
    from trajectories import charts

    events, steps = view.events, view.steps
    dates = [
        d
        for d in [
            *(steps["date"] if not steps.empty else []),
            *(view.directions["date"] if not view.directions.empty else []),
            *(events["start_date"] if not events.empty else []),
        ]
        if isinstance(d, dt.date)
    ]
    if not dates:
        fig = charts.empty_figure("No inspections, visits or letters recorded for this period")
    else:
        fig = charts.trajectory(
            steps,
            view.directions,
            events,
            title="",
            today=view.period_end,
            nation=ref.nation.value,
            states=view.states[view.states["authority_code"] == ref.code] if not view.states.empty else None,
        )
        start = view.filters.date_from or min(dates)
        end = max([view.period_end, *(d for d in dates if view.filters.date_to is None or d <= view.filters.date_to)])
        span = max((end - start).days, 365)
        fig.update_xaxes(
            type="date", range=[start - dt.timedelta(days=span // 40), end + dt.timedelta(days=span // 25)]
        )
        fig.update_layout(margin=dict(l=20, r=20, t=40, b=20))
        if view.period_end < (today or dt.date.today()):
            for note in fig.layout.annotations:
                if note.text == "today":  # the chart's line marks the end of the period asked for
                    note.text = f"as at {view.period_end.isoformat()}"
    return figure_png(fig, 1000, 620)


def _current_section(pdf, view: View, code: str, docs: Documents) -> None:
    """Where the authority stands at the end of the period, its latest direction and its statuses."""
    heading(pdf, "Where things stand")
    position = positions.as_at(view.states, view.period_end)
    since = position.iloc[0]["position_date"] if not position.empty else None
    statuses = _status_lines(view, code, since)
    rows = _position_rows(view, code, docs, position) + [_direction_row(view, code, docs)]
    rows += [("Regulatory statuses", statuses[0]), *(("", line) for line in statuses[1:])]
    facts(pdf, rows)
    if statuses != ["None recorded."]:
        para(
            pdf,
            "The latest record of each status is shown; documents seldom say when a status ends, so check "
            "whether each still applies.",
            size=7.5,
            colour=MUTED,
            height=3.6,
        )


def _position_rows(view: View, code: str, docs: Documents, position: pd.DataFrame) -> list[tuple[str, str]]:
    """The judgement in force (or the position without a grade), since when, and where it was read."""
    if position.empty:
        when = view.period_end.isoformat()
        return [("Where it stands", f"No full inspection is recorded for this authority up to {when}.")]
    p = position.iloc[0]
    state = view.states[view.states["event_id"] == p["event_id"]].iloc[-1]
    set_by = step_date(view.precisions, code, p["position_date"])
    if p["kind"] == positions.KIND_GRADED:
        rows = [
            ("Graded level", level_words(p["level"], state["level_low"], state["level_high"], p["mapping_quality"])),
            ("In force since", f"{set_by} \u2013 judged {quote(state['raw_phrase'])}"),
        ]
    else:
        rows = [("Where it stands", p["position"]), ("Set by", f"the full inspection of {set_by}")]
    if p["inadequate"]:
        areas = f" ({', '.join(p['inadequate_areas'])})" if p["inadequate_areas"] else ""
        rows.append(("Judged inadequate", f"since {step_date(view.precisions, code, p['inadequate_since'])}{areas}"))
    return rows + [
        ("Framework", framework_words(state["framework"], p["inspectorate"])),
        ("Read from", docs.name(p["position_source"], code)),
    ]


def _direction_row(view: View, code: str, docs: Documents) -> tuple[str, str]:
    dirs = view.directions[view.directions["date"].notna()] if not view.directions.empty else view.directions
    if dirs.empty:
        return ("Latest direction", "No direction-of-travel signal recorded.")
    d = dirs.sort_values(["date", "direction_id"]).iloc[-1]
    return (
        "Latest direction",
        f"{direction_words(d['direction'])} \u2013 {quote(d['raw_phrase'])} "
        f"({effective_text(d)}, {docs.name(d['source_path'], code)})",
    )


def _status_lines(view: View, code: str, since: dt.date | None) -> list[str]:
    """The latest record of each regulatory status, newest first, noting those before `since`."""
    lines = []
    for s in status_records(view.statuses, code):
        when = s["start_date"]
        before = isinstance(when, dt.date) and since and when < since
        note = " \u2013 recorded before the judgement in force" if before else ""
        lines.append(
            f"{STATUS_LABELS.get(s['status'], s['status'])}: {date_text(when, s['start_precision']) or 'undated'}"
            f" \u2013 {quote(s['raw_phrase'])}{note}"
        )
    return lines or ["None recorded."]


def _episodes_section(pdf, view: View, code: str, today: dt.date) -> None:
    heading(pdf, "Periods judged inadequate")
    episodes = analytics.inadequate_episodes(view.states, view.events, today=view.period_end)
    if episodes.empty:
        para(pdf, "No inadequate judgement is recorded" + (" in this period." if view.filters.date_from else "."))
        return
    pdf_table(
        pdf,
        ["From", "To", "How long", "Judged on leaving", "Visits during"],
        _episode_rows(episodes, view.precisions),
        (22, 22, 26, 85, 25),
    )


def _themes_section(pdf, findings: pd.DataFrame, docs: Documents) -> None:
    heading(pdf, "Themes that recur")
    tagged = analytics.findings_by_theme(findings) if findings is not None and not findings.empty else None
    counts = theme_counts(findings, tagged)
    if counts.empty or (counts["concerns"].sum() + counts["strengths"].sum()) == 0:
        para(pdf, "No findings with themes are recorded for this period.")
        return
    para(
        pdf,
        "Findings from every visit in the period, by theme: concerns include actions required. "
        "The visit columns count the visits in which a theme was raised. " + how_findings_are_read(),
        size=8,
        colour=MUTED,
        height=4,
    )
    shown = counts[(counts["concerns"] + counts["strengths"]) > 0].sort_values(
        ["concern_visits", "concerns", "theme"], ascending=[False, False, True]
    )
    pdf_table(
        pdf,
        ["Theme", "Concerns", "in visits", "Strengths", "in visits"],
        [
            [r["label"], str(r["concerns"]), str(r["concern_visits"]), str(r["strengths"]), str(r["strength_visits"])]
            for r in shown.to_dict("records")
        ],
        (80, 25, 25, 25, 25),
    )
    used: set[str] = set()
    for kind, polarities, words in (("concern", CONCERN, "concern"), ("strength", STRENGTH, "strength")):
        top = _top(counts, kind)
        if top.empty:
            continue
        subheading(pdf, f"Recurring {words}s", need=40)
        for r in top.to_dict("records"):
            count, visits = (
                (r["concerns"], r["concern_visits"]) if kind == "concern" else (r["strengths"], r["strength_visits"])
            )
            rich(
                pdf,
                [
                    ("B", f"{r['label']}"),
                    (
                        "",
                        f" \u2013 {count} {words} finding{'s' if count != 1 else ''} "
                        f"in {visits} visit{'s' if visits != 1 else ''}",
                    ),
                ],
                size=9.5,
            )
            quoted = _evidence(tagged, r["theme"], polarities, used=used)
            if quoted:
                _evidence_block(pdf, quoted, docs)
            else:
                para(pdf, "The findings behind this theme are quoted above.", size=8.5, colour=MUTED)


def _planned_section(pdf, events: pd.DataFrame, period_end: dt.date, docs: Documents) -> None:
    heading(pdf, "Planned next visits", need=20)
    planned = analytics.planned_events(events, today=period_end) if not events.empty else events
    if planned is None or planned.empty:
        para(pdf, "No planned visits are recorded in the documents.")
        return
    rows = []
    for r in planned.sort_values("start_date").to_dict("records"):
        start = date_text(r["start_date"], r["start_precision"])
        end = date_text(r["end_date"], r["end_precision"])
        window = start if not end or end == start else f"{start} \u2013 {end}"
        until = r["end_date"] if isinstance(r["end_date"], dt.date) else r["start_date"]
        state = (
            "overdue"
            if r["overdue"]
            else "ahead"
            if isinstance(until, dt.date) and until >= period_end
            else "a later visit took place"
        )
        stated_in = docs.name(r["source_path"], r["authority_code"])
        rows.append([window, as_text(r["title"]) or event_words(r["event_type"]), state, stated_in])
    pdf_table(pdf, ["When", "What", "Now", "Stated in"], rows, (32, 70, 28, 50))
