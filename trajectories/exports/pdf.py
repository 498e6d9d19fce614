"""PDF building blocks shared by the briefing and the portfolio: A4 pages set in DejaVu Sans (so
Welsh names, dashes and curly quotes render), a footer with the licence, sources and "as at" date,
titles, headings, paragraphs, label/value facts and tables, and the closing sources section.

Contract: `pdf_text(value)` is text as the PDF sets it: whitespace runs become one space, and a
character the fonts cannot draw becomes what it stands for or "?". A missing font raises
`ExportError` naming the package to install (or `TRAJECTORIES_FONT_DIR`). Blocks write onto an
`fpdf.FPDF` made by `new_pdf` and return nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import os
import unicodedata
from pathlib import Path

from trajectories import __version__, positions
from trajectories.domain import Filters
from trajectories.exports.values import (
    LICENCE,
    LICENCE_URL,
    PRODUCT,
    SOURCES_LINE,
    AsAt,
    ExportError,
    as_text,
    blank,
    count_sources,
    describe,
)
from trajectories.exports.view import View

FONT_DIR = Path(os.environ.get("TRAJECTORIES_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
FONT = "DejaVu"
INK = (33, 33, 33)
MUTED = (100, 100, 100)
ACCENT = (0, 84, 147)
LEVEL_FILL = {1: (250, 219, 199), 2: (252, 235, 196), 3: (204, 236, 222), 4: (204, 224, 242)}
# Characters some PDF extractions leave in the text, with what they stand for.
_REPLACE = {"\u23af": "\u2014", "\u00ad": ""}


def _font_paths() -> dict[str, Path]:
    paths = {style: FONT_DIR / name for style, name in FONT_FILES.items()}
    missing = [str(p) for p in paths.values() if not p.exists()]
    if missing:
        raise ExportError(
            f"font not found: {missing[0]}; install it with `apt-get install fonts-dejavu-core` "
            "(or set TRAJECTORIES_FONT_DIR to a folder holding the DejaVu Sans TTF files)"
        )
    return paths


@functools.lru_cache(maxsize=1)
def _covered() -> frozenset[int]:
    """Code points every registered font style can draw."""
    from fontTools.ttLib import TTFont

    sets = [set(TTFont(str(path), lazy=True).getBestCmap()) for path in _font_paths().values()]
    return frozenset(set.intersection(*sets))


def pdf_text(value) -> str:
    """Text as the PDF sets it: whitespace runs become one space; a character the fonts cannot draw
    becomes what it stands for (symbol-font private-use code points, compatibility forms) or '?'."""
    text = " ".join(as_text(value).split())
    covered = _covered()
    if all(ord(ch) in covered for ch in text):
        return text
    out = []
    for ch in text:
        code = ord(ch)
        if code in covered:
            out.append(ch)
        elif ch in _REPLACE:
            out.append(_REPLACE[ch])
        elif 0xF020 <= code <= 0xF0FF and (code - 0xF000) in covered:  # symbol fonts' private-use range
            out.append(chr(code - 0xF000))
        else:
            folded = unicodedata.normalize("NFKD", ch)
            out.append(folded if folded != ch and all(ord(c) in covered for c in folded) else "?")
    return "".join(out)


def quote(text) -> str:
    return f"\u201c{pdf_text(text)}\u201d"


def new_pdf(title: str, footer: list[str]):
    from fpdf import FPDF

    class Briefing(FPDF):
        def footer(self):
            self.set_y(-17)
            self.set_font(FONT, "", 7)
            self.set_text_color(*MUTED)
            for text in footer:
                self.multi_cell(0, 3.2, text, align="C", new_x="LMARGIN", new_y="NEXT")
            self.cell(0, 3.2, f"page {self.page_no()} of {{nb}}", align="C")

    pdf = Briefing(format="A4")
    for style, path in _font_paths().items():
        pdf.add_font(FONT, style, str(path))
    pdf.set_margins(15, 14, 15)
    pdf.set_auto_page_break(True, margin=22)
    pdf.set_title(title)
    pdf.set_author(PRODUCT)
    pdf.set_creator(f"trajectories {__version__}")
    pdf.set_lang("en-GB")
    pdf.add_page()
    pdf.set_text_color(*INK)
    return pdf


def footer_lines(stamp: AsAt) -> list[str]:
    return [f"{LICENCE} {SOURCES_LINE}", f"{PRODUCT} {__version__} \u2014 data as at {stamp.when} ({stamp.basis})."]


def title_block(pdf, title: str, subtitle: str) -> None:
    pdf.set_font(FONT, "B", 17)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(0, 8, pdf_text(title), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10.5)
    pdf.set_text_color(*MUTED)
    pdf.multi_cell(0, 5.5, pdf_text(subtitle), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)
    pdf.ln(1)


def heading(pdf, text: str, need: float = 28) -> None:
    if pdf.will_page_break(need):
        pdf.add_page()
    pdf.ln(2.5)
    pdf.set_font(FONT, "B", 12.5)
    pdf.set_text_color(*ACCENT)
    pdf.multi_cell(0, 6.5, pdf_text(text), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_draw_color(*ACCENT)
    pdf.set_line_width(0.3)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.w - pdf.r_margin, pdf.get_y())
    pdf.ln(1.5)
    pdf.set_text_color(*INK)


def subheading(pdf, text: str, need: float = 18) -> None:
    if pdf.will_page_break(need):
        pdf.add_page()
    pdf.ln(1)
    pdf.set_font(FONT, "B", 10.5)
    pdf.multi_cell(0, 5.5, pdf_text(text), align="L", new_x="LMARGIN", new_y="NEXT")


def para(pdf, text: str, size: float = 9.5, style: str = "", colour=INK, height: float = 4.8) -> None:
    pdf.set_font(FONT, style, size)
    pdf.set_text_color(*colour)
    pdf.multi_cell(0, height, pdf_text(text), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*INK)


def rich(pdf, parts: list[tuple[str, str]], size: float = 9.5, height: float = 4.8) -> None:
    """One paragraph of runs in different styles: [("B", "Level: "), ("", "Good")]."""
    pdf.set_x(pdf.l_margin)
    for style, text in parts:
        pdf.set_font(FONT, style, size)
        lead = " " if text[:1].isspace() else ""
        tail = " " if text[-1:].isspace() else ""
        pdf.write(height, lead + pdf_text(text) + tail if text.strip() else text)
    pdf.ln(height)


def cover_facts(pdf, filters: Filters, stamp: AsAt, period_end: dt.date, today: dt.date) -> None:
    """What a briefing covers, how current its data is, and the day its positions are worked out for."""
    at = period_end.isoformat() + (" (the end of the period asked for)" if period_end != today else " (today)")
    facts(
        pdf,
        [("Covers", describe(filters)), ("Data as at", f"{stamp.when} ({stamp.basis})"), ("Position as at", at)],
        label_width=38,
    )


def facts(pdf, rows: list[tuple[str, str]], label_width: float = 42, size: float = 9.5) -> None:
    """Label / value pairs in two columns; a long label or value wraps within its column."""
    for label, value in rows:
        if pdf.will_page_break(10):
            pdf.add_page()
        top = pdf.get_y()
        pdf.set_font(FONT, "B", size)
        pdf.set_xy(pdf.l_margin, top)
        pdf.multi_cell(label_width, 4.8, pdf_text(label), align="L", new_x="LMARGIN", new_y="NEXT")
        after_label, label_page = pdf.get_y(), pdf.page
        pdf.set_font(FONT, "", size)
        pdf.set_xy(pdf.l_margin + label_width, top)
        pdf.multi_cell(0, 4.8, pdf_text(value), align="L", new_x="LMARGIN", new_y="NEXT")
        if pdf.page == label_page:
            pdf.set_y(max(pdf.get_y(), after_label))
        pdf.ln(0.8)


def pdf_table(
    pdf,
    headings: list[str],
    rows: list[list[str]],
    widths: tuple[float, ...],
    size: float = 8.5,
    fills: list | None = None,
) -> None:
    from fpdf.fonts import FontFace

    pdf.set_font(FONT, "", size)
    with pdf.table(
        col_widths=widths,
        width=pdf.epw,
        text_align="LEFT",
        line_height=size * 0.5,
        headings_style=FontFace(emphasis="BOLD", fill_color=(232, 236, 241)),
        borders_layout="SINGLE_TOP_LINE",
        padding=(0.8, 1.2),
        v_align="TOP",
    ) as t:
        t.row([pdf_text(h) for h in headings])
        for i, row in enumerate(rows):
            style = FontFace(fill_color=fills[i]) if fills and fills[i] else None
            t.row([pdf_text(v) for v in row], style=style)
    pdf.ln(2)


def level_fill(level):
    return None if blank(level) else LEVEL_FILL.get(int(math.floor(float(level) + 0.5)))


def sources_section(pdf, view: View) -> None:
    heading(pdf, "Sources and licence", need=24)
    for description, count in count_sources([view.events, view.history_judgements]):
        para(pdf, f"\u2022 {description}: {count} document{'s' if count != 1 else ''}", size=8.5, height=4.2)
    para(pdf, f"{LICENCE} {LICENCE_URL}", size=8.5, height=4.2)
    para(
        pdf,
        "Every level, direction and quotation above names the document it was read from; judgement phrases and "
        "findings are quoted as the inspectorate wrote them.",
        size=8.5,
        height=4.2,
    )
    para(pdf, "How \u201cwhere it stands\u201d is decided: " + positions.RULE, size=7.5, colour=MUTED, height=3.6)
    para(pdf, f"{PRODUCT}, version {__version__}.", size=8.5, height=4.2)
