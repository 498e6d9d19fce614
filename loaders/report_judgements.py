"""Ofsted reports' judgements: which framework a report was written under, its judgement table, SIF
headline and graded section headings, and the checks that every expected dimension was read."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from loaders.report_front import FrontMatter
from loaders.report_layout import QUOTES, TERMINAL, Joined, Line, join_lines, line_index
from loaders.report_sections import DIM_WORDS, EXPECTED, GRADE, Item, label_dimension
from trajectories import normalise
from trajectories.domain import Dimension, DocumentError, Judgement, PartialDate, Span
from trajectories.text import squash

ILACS_V2_FROM = dt.date(2023, 1, 1)  # fieldwork from this day splits children in care / care leavers
NO_OVERALL_FROM = dt.date(2026, 4, 1)  # fieldwork from this day: no overall effectiveness grade

_GRADE_RE = re.compile(r"\b" + GRADE + r"\b\)?", re.I)

_ILACS_TITLE = re.compile(
    r"inspection\s+of\s+(?:children's\s+social\s+care\s+services|.{0,80}?local\s+authority\s+children's\s+services)",
    re.I,
)
_TABLE_HEAD = re.compile(r"judge?ment\s+grade", re.I)
_ILACS_ROW = re.compile(
    r"(?:the\s+)?(?:impact\s+of\s+leaders|experiences?\s+and\s+progress\s+of|overall\s+effectiveness)\b", re.I
)
_ROW_MAX = 110  # the longest row label is about 75 characters
_ROW_NUMBER = re.compile(r"\d(?:\.\d)?\.?\s+")
_PROSE_VERB = re.compile(r"\b(?:are|is|have|has|were|was|remain|remains)\b", re.I)
_NOT_JUDGED = re.compile(r"not\s+judged|not\s+applicable|no\s+judge?ment", re.I)
_SIF_ROW = re.compile(r"\d(?:\.\d)?\.?\s+(?=[A-Z])")
_SIF_FIRST_ROW = re.compile(r"1\.?\s+children\s+who\s+need\s+help", re.I)
_PRE_SIF = re.compile(
    r"four\s+point\s+scale|^\s*grade\s+[1-4]\s*\(\s*(?:outstanding|good|adequate|inadequate)\s*\)\s*$", re.I | re.M
)
_SIF_HEADLINE = re.compile(
    r"(?P<stem>The\s+overall\s+judge?ment\s+is(?:\s+that)?(?:\s+(?:the\s+)?children's\s+services?)?(?:\s+(?:are|is))?"
    r"|(?:Children's\s+services|Services\s+for\s+children(?:\s+and\s+young\s+people)?)\s+in\s+"
    r"(?:(?!\b(?:are|is|require|requires|remain|remains|have|has|were|was)\b)[^.]){2,90}?(?:\s+(?:are|is))?)"
    r"\s+(?P<grade>requires?\s+improvement(?:\s+to\s+be\s+good)?|inadequate|outstanding|good)\b",
    re.I,
)
_LSCB_STATEMENT = re.compile(
    r"(?P<label>(?:the\s+)?(?:effectiveness\s+of\s+the\s+)?(?:local\s+safeguarding\s+children\s+board|lscb)(?:\s*\(lscb\))?)"
    r"\s*(?:is|are)?\s*(?P<grade>requires?\s+improvement(?:\s+to\s+be\s+good)?|inadequate|outstanding|good)\b",
    re.I,
)
_LSCB_REVIEW_TITLE = re.compile(
    r"review\s+of\s+the\s+effectiveness\s+of\s+the\s+local\s+safeguarding\s+children\s+board", re.I
)


class Reader:
    """Collects judgements (one per dimension, first reading wins) and warnings."""

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.judgements: dict[Dimension, Judgement] = {}
        self.headline = ""
        self.not_judged: set[Dimension | None] = set()

    def add(self, dim: Dimension, label: str, phrase: str, context: str, span: Span) -> None:
        if dim in self.judgements:
            return
        jd = normalise.judgement(dim, label, phrase, context, "ofsted", span)
        if jd.level is None:
            self.warnings.append(f"the grade for '{squash(label)}' could not be read: '{squash(phrase)}'")
            return
        self.judgements[dim] = jd

    def table(self, rows: Joined, row_start: re.Pattern, strip_number: bool = False) -> int:
        """Read consecutive 'label grade' rows from the start of `rows`; the offset where they end.

        A row whose cell holds no grade is a warning ("Not judged" says so); prose after the
        table (a sentence, or no grade within a row's length) ends it."""
        t = rows.text.translate(QUOTES)
        pos = end = 0
        while True:
            while pos < len(t) and t[pos] == " ":
                pos += 1
            m = row_start.match(t, pos)
            if not m:
                return end
            window = t[m.start() : m.start() + _ROW_MAX]
            nxt = row_start.search(t, m.end() + 1, m.start() + _ROW_MAX)
            cell = t[m.start() : nxt.start()] if nxt is not None else window
            grade = _GRADE_RE.search(cell, m.end() - m.start())
            label = rows.text[m.start() : m.start() + (grade.start() if grade else len(cell))].strip(" :")
            number = _ROW_NUMBER.match(label) if strip_number else None
            bare = label[number.end() :] if number else label
            if _PROSE_VERB.search(bare):
                return end  # a sentence after the table ("The experiences ... in Oxfordshire are good ...")
            not_judged = _NOT_JUDGED.search(cell)
            if grade is None or "." in bare or (not_judged and not_judged.start() < grade.start()):
                if not_judged:
                    label = squash(cell[: not_judged.start()])
                    self.warnings.append(
                        f"'{label}' is marked '{not_judged.group(0)}' in the judgement table: no judgement recorded"
                    )
                    self.not_judged.add(label_dimension(label))
                elif nxt is not None and "." not in bare:
                    self.warnings.append(f"the judgement table cell for '{squash(cell)[:90]}' could not be read")
                else:
                    return end  # prose after the table
                if nxt is None:
                    return end
                pos = end = nxt.start()
                continue
            dim = label_dimension(bare)
            if dim is None:
                self.warnings.append(
                    f"the judgement table row '{squash(label)[:90]}' names no dimension this product knows"
                )
            else:
                g0, g1 = m.start() + grade.start(), m.start() + grade.end()
                self.add(dim, label, rows.text[g0:g1], rows.text[m.start() : g1], rows.span(m.start(), g1))
            pos = end = m.start() + grade.end()


@dataclass
class Framework:
    framework: str
    ilacs: bool
    lscb_review: bool
    table_at: int | None  # the ILACS judgement table's heading line
    sif_at: int | None  # the SIF judgement table's first row
    front_joined: Joined  # the front page after the dates
    headline: re.Match | None  # a SIF report's overall judgement sentence


def read_framework(lines: list[Line], text: str, head: FrontMatter) -> Framework:
    """The framework, by the report's own words."""
    dates_index, title_text = head.dates_index, head.title_text
    front = [i for i, ln in enumerate(lines[: dates_index + 60]) if ln.page <= 1 and i > dates_index]
    table_at = next((i for i in front if _TABLE_HEAD.fullmatch(squash(lines[i].text))), None)
    if table_at is not None and not (table_at + 1 < len(lines) and _ILACS_ROW.match(lines[table_at + 1].text)):
        table_at = None
    sif_at = next((i for i in front if _SIF_FIRST_ROW.match(lines[i].text)), None)
    front_joined = join_lines([lines[i] for i in front[:25]]) if front else Joined("", [0], [0])
    headline = _SIF_HEADLINE.search(front_joined.text.translate(QUOTES)) if table_at is None else None
    lscb_review = bool(_LSCB_REVIEW_TITLE.search(title_text)) and not re.search(
        r"inspection\s+of\s+services", title_text, re.I
    )
    half = text[: len(text) // 2]
    ilacs = bool(
        table_at is not None
        or bool(_ILACS_TITLE.search(title_text))
        or (
            sif_at is None
            and headline is None
            and not lscb_review
            and re.search(r"impact\s+of\s+leaders\s+on\s+social\s+work", half, re.I)
        )
    )
    if ilacs:
        headline = None
    sif = not ilacs and (sif_at is not None or headline is not None or lscb_review)
    if ilacs:
        framework = "ofsted_ilacs_v2" if head.start.first_day() >= ILACS_V2_FROM else "ofsted_ilacs_v1"
    elif not sif and _PRE_SIF.search(half):
        framework = "ofsted_pre_sif"
    else:
        framework = "ofsted_sif"
    return Framework(framework, ilacs, lscb_review, table_at, sif_at, front_joined, headline)


def judgement_table(reader: Reader, lines: list[Line], kind: Framework, dates_index: int) -> int:
    """The judgement table (ILACS, SIF) or headline (SIF), read into `reader`; returns the line the
    body starts at, after them."""
    body_from = dates_index + 1
    if kind.table_at is not None:
        rows = join_lines(lines[kind.table_at + 1 : kind.table_at + 40])
        used = reader.table(rows, _ILACS_ROW)
        body_from = line_index(lines, rows.at(used - 1)) + 1 if used else kind.table_at + 1
    elif kind.ilacs:
        reader.warnings.append("no 'Judgement Grade' table found; grades are taken from the section headings")
    if kind.headline is not None:
        _sif_headline(reader, kind.front_joined, kind.headline)
    if kind.sif_at is not None and not kind.ilacs:
        rows = join_lines(lines[kind.sif_at : kind.sif_at + 20])
        used = reader.table(rows, _SIF_ROW, strip_number=True)
        body_from = line_index(lines, rows.at(used - 1)) + 1 if used else kind.sif_at
    return body_from


def graded_headings(reader: Reader, items: list[Item], framework: str) -> None:
    """Graded section headings: the pre-2013 grades, the LSCB, and any gap in the table."""
    for item in items:
        if item.kind != "heading" or item.head_kind not in ("judgement", "lscb_grade"):
            continue
        joined = item.text()
        if item.head_kind == "lscb_grade":
            m = _LSCB_STATEMENT.match(joined.text.translate(QUOTES))
            if m:
                reader.add(
                    Dimension.LSCB,
                    joined.text[m.start("label") : m.end("label")],
                    joined.text[m.start("grade") : m.end("grade")],
                    joined.text,
                    joined.span(0, len(joined.text)),
                )
            continue
        dim = label_dimension(item.label)
        if dim is None or dim in reader.judgements:
            continue
        if framework == "ofsted_pre_sif" or dim in EXPECTED[framework]:
            if framework != "ofsted_pre_sif":
                reader.warnings.append(
                    f"the {DIM_WORDS[dim]} grade is not in the judgement table; it is read from the section heading"
                )
            g = joined.text.translate(QUOTES).lower().rfind(squash(item.grade).lower().split()[0])
            reader.add(
                dim,
                joined.text[:g].strip(" :,–-") if g > 0 else item.label,
                joined.text[g:] if g > 0 else item.grade,
                joined.text,
                joined.span(0, len(joined.text)),
            )


def _sif_headline(reader: Reader, joined: Joined, m: re.Match) -> None:
    """'The overall judgement is ...' / "Children's services in X are ...": the overall grade."""
    t = joined.text
    nxt = bisect.bisect_right(joined.starts, m.end() - 1)
    line_end = joined.starts[nxt] if nxt < len(joined.starts) else len(t)
    stop = t.find(".", m.end(), line_end)
    context = t[m.start() : stop + 1 if stop >= 0 else line_end].strip()
    reader.headline = context
    reader.add(
        Dimension.OVERALL,
        t[m.start("stem") : m.end("stem")],
        t[m.start("grade") : m.end("grade")],
        context,
        joined.span(m.start(), m.end()),
    )


def record_of_findings(reader: Reader, lines: list[Line]) -> None:
    """Pre-2013 reports end with a 'Record of main findings' table: the fallback for the grades."""
    row = re.compile(
        r"(?:overall\s+effectiveness|capacity\s+(?:to|for)\s+improve|outcomes\s+for|quality\s+of\s+provision"
        r"|leadership\s+and\s+management)",
        re.I,
    )
    for i, ln in enumerate(lines):
        if re.fullmatch(r"record of main findings", ln.text, re.I):
            k = i + 1
            if k < len(lines) and not row.match(lines[k].text):
                k += 1  # "Services for looked after children"
            reader.table(join_lines(lines[k : k + 14]), row)
            return


def check_complete(lines: list[Line], closing: bool, reader: Reader) -> None:
    """A report cut off part-way ends mid-sentence and lacks Ofsted's closing page: reject it."""
    if closing:
        return
    last = lines[-1].text
    if TERMINAL.search(last) or _GRADE_RE.search(last[-40:]):
        reader.warnings.append("the report has no closing Ofsted page; it may be incomplete")
        return
    raise DocumentError(
        f'the report ends mid-sentence ("…{squash(last)[-40:]}") without Ofsted\'s closing page: it looks truncated'
    )


def check_expected(
    reader: Reader, framework: str, ilacs: bool, start: PartialDate, lscb_review: bool, title: str
) -> None:
    """Warn about every dimension the framework grades that the report did not yield."""
    have = set(reader.judgements)
    if lscb_review:
        if Dimension.LSCB not in have:
            reader.warnings.append("no judgement of the Local Safeguarding Children Board found in the review")
        return
    expected = list(EXPECTED[framework])
    if ilacs:
        split = bool(have & {Dimension.CHILDREN_IN_CARE, Dimension.CARE_LEAVERS})
        combined = Dimension.CIC_AND_CARE_LEAVERS in have
        if framework == "ofsted_ilacs_v1" and split and not combined:
            reader.warnings.append(
                "fieldwork began before 2023 but the table judges children in care and care leavers apart"
            )
            expected = list(EXPECTED["ofsted_ilacs_v2"])
        elif framework == "ofsted_ilacs_v2" and combined and not split:
            reader.warnings.append(
                "fieldwork began in 2023 or later but the table judges children in care and care leavers together"
            )
            expected = list(EXPECTED["ofsted_ilacs_v1"])
        if Dimension.OVERALL not in have and start.first_day() >= NO_OVERALL_FROM:
            expected.remove(Dimension.OVERALL)  # the post-reform table has no overall grade
    if framework == "ofsted_sif" and _LSCB_REVIEW_TITLE.search(title):
        expected.append(Dimension.LSCB)
    for dim in expected:
        if dim not in have and dim not in reader.not_judged:
            reader.warnings.append(f"no {DIM_WORDS[dim]} judgement found in the report")
