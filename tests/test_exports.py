"""Exports: exact CSV text, XLSX read back, PDFs read back (words, Welsh names, dashes, quotes,
the chart image), chart images through one browser, and the `export` command.

Real documents are loaded into each engine (SQLite and PostgreSQL): the Wrexham seed letter,
Bradford's inspection reports and the Wales timeline (which names Isle of Anglesey / Ynys Môn).
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pandas as pd
import pytest
from pypdf import PdfReader

from tests.conftest import SEED, need, shared
from trajectories import __version__, exports, labels
from trajectories.domain import Filters
from trajectories.evaluation import STATED
from trajectories.exports import images, portfolio, xlsx
from trajectories.ingest import ingest

WREXHAM, BRADFORD, ANGLESEY = "W06000006", "E08000032", "W06000001"
TODAY = dt.date(2026, 11, 25)
SEED_PATH = "data/seed/ciw-wrexham-2021-04-monitoring-letter.txt"

EXPECTED_EVENTS_CSV = (
    "authority_code,authority_name,nation,region,inspectorate,event_type,title,start,end,published,planned,framework,"
    "focus_area,headline,sources,source_path,source_url,other_source_paths\n"
    "W06000006,Wrexham County Borough Council,Wales,Wales,ciw,ciw_inspection,CIW inspection (2020-10),2020-10,2020-10,,"
    f"false,,,,1,{SEED_PATH},,\n"
    "W06000006,Wrexham County Borough Council,Wales,Wales,ciw,ciw_monitoring_activity,Local authority monitoring "
    "activity "
    'letter: Wrexham County Borough Council,2021-04-26,2021-04-29,,false,,,"From the evidence gained during this '
    "monitoring visit, it is our judgement that Wrexham CBC children\u2019s social services is continuing to make "
    f'improvements required.",1,{SEED_PATH},,\n'
    "W06000006,Wrexham County Borough Council,Wales,Wales,ciw,ciw_monitoring_activity,Planned: further monitoring "
    "visit "
    "(the next six to eight months),2021-10,2021-12,,true,,,We indent to follow up with a further monitoring visit in "
    "the "
    f"next six to eight months and to undertake a full inspection in 12 months.,1,{SEED_PATH},,\n"
    "W06000006,Wrexham County Borough Council,Wales,Wales,ciw,ciw_inspection,Planned: full inspection (12 "
    "months),2022-04,"
    "2022-04,,true,,,We indent to follow up with a further monitoring visit in the next six to eight months and to "
    f"undertake a full inspection in 12 months.,1,{SEED_PATH},,\n"
)
EXPECTED_JUDGEMENTS_CSV = (
    "authority_code,authority_name,nation,inspectorate,event_type,start,end,dimension,subject_type,raw_label,raw_phrase,"
    "level,level_words,level_low,level_high,mapping_quality,scale_value,rule,source_path,source_url,span_start,span_end\n"
    "W06000006,Wrexham County Borough Council,Wales,ciw,ciw_inspection,2020-10,2020-10,overall,local_authority,"
    "CIW judgement,inadequate with early indicators of improvement,1,Inadequate,1,1,narrative_inferred,ciw:inadequate,"
    f"ciw:\\binadequate with early indicators of improvement\\b,{SEED_PATH},,250,466\n"
)


# A file path as documents are kept under ("data/ofsted/…/report.txt", "/srv/x/timeline.csv").
PATH = re.compile(r"[\w.~-]*/[\w./~-]*\.(?:txt|csv|pdf|html?|xlsx|md)\b", re.IGNORECASE)


def repository_paths(text: str) -> list[str]:
    """File paths in `text`: a source must be named as the document it is, never by where it is kept."""
    return sorted(set(PATH.findall(text)))


def squash(text: str) -> str:
    """Text without any whitespace: PDF line breaks fall wherever the line was full."""
    return re.sub(r"\s+", "", text)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def page_images(data: bytes, page: int = 0) -> list[str]:
    """Names of the image XObjects drawn on one page."""
    resources = PdfReader(io.BytesIO(data)).pages[page]["/Resources"]
    xobjects = resources.get("/XObject")
    if xobjects is None:
        return []
    xobjects = xobjects.get_object()
    return [name for name in xobjects if xobjects[name].get_object().get("/Subtype") == "/Image"]


def need_chromium() -> None:
    if exports.chromium_path() is None:
        need("no chromium for the chart image (apt-get install chromium)")


@pytest.fixture
def seeded(engine):
    report = ingest(engine, [SEED])
    assert report.ok, report.lines()
    return engine


@pytest.fixture
def corpus(engine):
    paths = [
        SEED,
        shared("ofsted", "ofsted_ilacs_reports", "80449_bradford"),
        shared("facts", "wales_ciw_timeline.csv"),
    ]
    report = ingest(engine, paths)
    assert report.ok and report.loaded, report.lines()
    return engine


# ---------------------------------------------------------------- CSV


def test_csv_text_is_exact_on_every_engine(seeded):
    with seeded.connect() as conn:
        events = exports.export_csv(conn, Filters(authorities=(WREXHAM,)), "events")
        judgements = exports.export_csv(conn, Filters(authorities=(WREXHAM,)), "judgements")
    assert not events.startswith(b"\xef\xbb\xbf")  # UTF-8 without a byte-order mark
    assert events.decode("utf-8") == EXPECTED_EVENTS_CSV
    assert judgements.decode("utf-8") == EXPECTED_JUDGEMENTS_CSV


@pytest.mark.parametrize("table", exports.TABLES)
def test_every_table_has_its_fixed_header_even_when_empty(seeded, table):
    with seeded.connect() as conn:
        full = exports.export_csv(conn, Filters(authorities=(WREXHAM,)), table).decode("utf-8")
        empty = exports.export_csv(conn, Filters(nations=("Scotland",)), table).decode("utf-8")
        again = exports.export_csv(conn, Filters(authorities=(WREXHAM,)), table).decode("utf-8")
    header = ",".join(exports.TABLE_COLUMNS[table]) + "\n"
    assert full.startswith(header) and len(full.splitlines()) > 1
    assert empty == header
    assert again == full  # the same data gives the same text


def test_csv_authorities_row_says_where_an_authority_stands(seeded):
    with seeded.connect() as conn:
        text = exports.export_csv(conn, Filters(authorities=(WREXHAM,)), "authorities").decode("utf-8")
    row = pd.read_csv(io.StringIO(text), dtype=str).iloc[0]
    assert row["authority_name"] == "Wrexham County Borough Council" and row["welsh_name"] == "Wrecsam"
    assert (
        row["position"] == "Inadequate" and row["level_now"] == "1" and row["mapping_quality"] == "narrative_inferred"
    )
    assert row["inadequate_now"] == "yes" and row["exists_on"] == "true"
    assert row["position_date"] == row["inadequate_since"] == "2020-10"  # known to the month only, never shown as a day
    assert row["latest_direction_words"] == "\u25b2 Making progress"
    assert row["latest_direction_phrase"] == "continuing to make improvements required"
    assert row["visits"] == "2"


def test_unknown_table_is_a_domain_error(seeded):
    with seeded.connect() as conn, pytest.raises(exports.ExportError, match="unknown table"):
        exports.export_csv(conn, Filters(), "nonsense")


# ---------------------------------------------------------------- XLSX


def test_xlsx_reads_back_with_an_about_sheet_in_words(corpus):
    filters = Filters(nations=("Wales",))
    with corpus.connect() as conn:
        data = exports.export_xlsx(conn, filters, as_at=TODAY)
        tables = {name: exports.table_frame(conn, filters, name, today=TODAY) for name in exports.TABLES}
        plain = {name: exports.plain_table(df, exports.table_documents(conn, df)) for name, df in tables.items()}
    sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, header=None, dtype=str)
    assert list(sheets) == ["About", "Authorities", "Events", "Judgements", "Findings"]
    about = {str(k): str(v) for k, v in zip(sheets["About"][0], sheets["About"][1], strict=True) if isinstance(k, str)}
    assert about["Filters"] == "nations: Wales"
    assert about["What that date is"] == "when the newest load of documents finished"
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", about["Data as at"])
    assert about["Product version"] == f"trajectories {__version__}"
    assert about["Licence"] == "Contains public sector information licensed under the Open Government Licence v3.0."
    assert "Welsh timeline" in " ".join(sheets["About"][1].dropna())
    for name in exports.TABLES:
        sheet = pd.read_excel(io.BytesIO(data), sheet_name=name.capitalize(), dtype=str)
        assert list(sheet.columns) == list(plain[name].columns)
        assert labels.internal_codes(" ".join(sheet.columns)) == [], name  # headers in words
        assert len(sheet) == len(tables[name]) > 0, name
    authorities = pd.read_excel(io.BytesIO(data), sheet_name="Authorities", dtype=str).set_index("Authority code")
    assert authorities.loc[ANGLESEY, "Welsh name"] == "Ynys Môn"
    # CIW reviewed Wrexham again after the inspection whose words implied "inadequate"
    assert authorities.loc[WREXHAM, "Where it stands"].startswith("not graded since")
    assert authorities.loc[WREXHAM, "Judged inadequate now"] == "no"

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data), read_only=False)
    assert [book[name].freeze_panes for name in ("Authorities", "Events", "Judgements", "Findings")] == ["A2"] * 4
    text_column = list(pd.read_excel(io.BytesIO(data), sheet_name="Findings", nrows=0).columns).index(
        "Finding, as written"
    )
    assert book["Findings"].column_dimensions[xlsx._column_letter(text_column + 1)].width == exports.WIDTHS["text"]


def test_downloaded_csv_states_what_it_is_and_keeps_codes_for_machines(seeded):
    with seeded.connect() as conn:
        text = exports.download_csv(conn, Filters(authorities=(WREXHAM,)), "findings").decode("utf-8")
    about = [line for line in text.splitlines() if line.startswith("# ")]
    assert about[1] == "# Filters: authorities: Wrexham County Borough Council (Wrecsam)"
    assert about[2].startswith("# Data as at ") and any("Open Government Licence v3.0" in line for line in about)
    df = pd.read_csv(io.StringIO(text), comment="#", dtype=str)
    assert labels.internal_codes(" ".join(df.columns)) == []
    words = [c for c in df.columns if not c.endswith(("code", "codes"))]
    assert labels.internal_codes(" ".join(" ".join(df[c].dropna()) for c in words)) == []
    assert set(df["Concern or strength code"]) <= {"strength", "concern", "action_required", "neutral"}
    assert set(df["Concern or strength"]) <= {"Strength", "Concern", "Action required", "Neither"}


def _plain_words(name: str, text: str) -> None:
    assert labels.internal_codes(text) == [], name
    assert repository_paths(re.sub(r"https?://\S+", "", text)) == [], name


def test_every_export_names_documents_and_speaks_plainly(corpus):
    """PDFs, the XLSX and the downloaded CSVs: no internal code, snake_case header or file path
    anywhere a person reads; the machine-readable CSV keeps its codes but states the same filters,
    "as at" date, sources and licence as the XLSX About sheet."""
    filters = Filters(nations=("Wales", "England"))
    with corpus.connect() as conn:
        pdfs = {
            "Bradford briefing": exports.briefing_pdf(conn, BRADFORD, today=TODAY, chart=False),
            "Wrexham briefing": exports.briefing_pdf(conn, WREXHAM, today=TODAY, chart=False),
            "portfolio": exports.portfolio_pdf(conn, filters, today=TODAY),
        }
        xlsx = exports.export_xlsx(conn, filters, as_at=TODAY)
        downloads = {t: exports.download_csv(conn, filters, t, today=TODAY).decode() for t in exports.TABLES}
        machine = {t: exports.table_csv(conn, filters, t, today=TODAY).decode() for t in exports.TABLES}
        bare = {t: exports.export_csv(conn, filters, t, today=TODAY).decode() for t in exports.TABLES}
    for name, data in pdfs.items():
        _plain_words(name, pdf_text(data))
    assert squash("CIW monitoring visit letter, 29 April 2021") in squash(pdf_text(pdfs["Wrexham briefing"]))

    sheets = pd.read_excel(io.BytesIO(xlsx), sheet_name=None, dtype=str)
    about = pd.read_excel(io.BytesIO(xlsx), sheet_name="About", header=None, dtype=str).fillna("")
    _plain_words("About", " ".join(about[0]) + " " + " ".join(about[1]))
    tables = dict(zip(["authorities", "events", "judgements", "findings"], list(sheets.values())[1:], strict=True))
    csvs = {f"{t}.csv": pd.read_csv(io.StringIO(c), comment="#", dtype=str) for t, c in downloads.items()}
    for name, sheet in {**tables, **csvs}.items():
        assert labels.internal_codes(" ".join(sheet.columns)) == [], name
        words = [c for c in sheet.columns if not c.endswith(("code", "codes")) and c != "Link to the original"]
        _plain_words(name, " ".join(" ".join(sheet[c].dropna()) for c in words))
    assert "Ofsted standard inspection (ILACS) report, 23 January 2026" in set(tables["events"]["Document"])
    for t, text in downloads.items():
        _plain_words(f"{t}.csv statement", "\n".join(line for line in text.splitlines() if line.startswith("# ")))

    stated = {str(k): str(v) for k, v in zip(about[0], about[1], strict=True) if k}
    for t, text in machine.items():
        lines = [line[2:] for line in text.splitlines() if line.startswith("# ")]
        _plain_words(f"machine {t}", "\n".join(lines))
        for label in ("Filters", "Data as at", "What that date is", "Positions worked out for", "Licence"):
            assert f"{label}: {stated[label]}" in lines, (t, label)
        assert any(line.startswith("Sources: ") for line in lines)
        assert f"Product version: trajectories {__version__}" in lines
        rows = pd.read_csv(io.StringIO(text), comment="#", dtype=str)
        assert list(rows.columns) == exports.TABLE_COLUMNS[t]  # machines keep the codes
        assert text == "".join(f"# {line}\n" for line in lines) + bare[t]  # then exactly the rows for machines


def test_xlsx_stores_formula_like_text_as_text():
    from openpyxl import Workbook

    sheet = Workbook(write_only=True).create_sheet("x")
    cell = xlsx._xlsx_cell(sheet, '=HYPERLINK("http://example.org")')
    assert cell.data_type == "s"
    assert xlsx._xlsx_cell(sheet, "plain \x0c text") == "plain   text"  # a control character XLSX cannot hold


# ---------------------------------------------------------------- PDF briefing


def test_briefing_reads_back_with_welsh_names_dashes_quotes_and_the_chart(corpus):
    need_chromium()
    with corpus.connect() as conn:
        data = exports.briefing_pdf(conn, ANGLESEY, today=TODAY)
        findings = exports.table_frame(conn, Filters(authorities=(ANGLESEY,)), "findings")
    text, flat = pdf_text(data), squash(pdf_text(data))
    assert "Ynys Môn" in text
    assert squash("Isle of Anglesey County Council (Ynys Môn) \u2013 children\u2019s services briefing") in flat
    assert squash("Covers authorities: Isle of Anglesey County Council (Ynys Môn)") in flat  # the filters in words
    assert squash("Where it stands not graded since") in flat  # CIW does not grade; never shown as a level
    assert squash("\u25b2\u25b2 Strong progress \u2013 \u201cSignificant improvement found") in flat
    assert squash("(when the newest load of documents finished)") in flat
    quotes = re.findall(r"\u201c(.+?)\u201d", flat.split("Recurringconcerns")[1].split("Plannednextvisits")[0])
    assert quotes, "no evidence quoted"
    sentences = {squash(t) for t in findings["text"]}
    assert set(quotes) <= sentences  # every quotation is a finding sentence, verbatim
    assert squash(exports.LICENCE) in flat and squash(f"version {__version__}") in flat
    assert page_images(data, 0), "the chart image is not on page 1"


def test_briefing_of_an_english_authority_states_level_episodes_and_evidence(corpus):
    need_chromium()
    with corpus.connect() as conn:
        data = exports.briefing_pdf(conn, BRADFORD, today=TODAY)
        findings = exports.table_frame(conn, Filters(authorities=(BRADFORD,)), "findings")
    flat = squash(pdf_text(data))
    assert squash("Bradford \u2013 children\u2019s services briefing") in flat
    assert squash("Graded level Requires improvement") in flat
    assert squash("judged \u201cRequires improvement to be good\u201d") in flat
    assert squash("Ofsted ILACS (from 2023)") in flat
    assert squash("2018-09-28 2026-01-23") in flat  # the inadequate episode, start and end
    evidence = flat.split("Recurringconcerns")[1].split("Plannednextvisits")[0]
    quotes = re.findall(r"\u201c(.+?)\u201d", evidence)
    assert len(quotes) >= 6
    sentences = {squash(t) for t in findings["text"]}
    assert set(quotes) <= sentences
    assert squash("Read from Ofsted standard inspection (ILACS) report, 23 January 2026") in flat
    assert squash("How long Judged on leaving") in flat and squash("7 years 3 months") in flat
    assert squash(f"finds {STATED['themes_found']} in 100 of a reader's themes") in flat
    assert not repository_paths(pdf_text(data))
    assert page_images(data, 0)


def test_briefing_quotes_the_surest_readings_of_a_visit_first():
    # Two concerns of one visit: the first in the document was read by breaking a tie between a strength and a concern
    # (right about half the time), the second by concern cues alone. The briefing quotes the second.
    from trajectories.exports.briefing import _evidence

    texts = [
        ("They provide a holistic understanding of strengths and worries.", "cues:last"),
        ("Written plans do not always reflect the work done with children.", "cues"),
        ("Some children wait too long for a plan.", "cues"),
    ]
    tagged = pd.DataFrame(
        [
            {
                "theme": "practice_quality_assessment_planning",
                "polarity": "concern",
                "polarity_rule": rule,
                "source_kind": "ofsted_letter",
                "start_date": dt.date(2024, 5, 1),
                "event_id": 1,
                "seq": seq,
                "text": text,
            }
            for seq, (text, rule) in enumerate(texts)
        ]
    )
    quoted = [r["text"] for r in _evidence(tagged, "practice_quality_assessment_planning", ("concern",), n=2)]
    assert quoted == [texts[1][0], texts[2][0]]


def test_briefing_position_is_the_one_in_force_at_the_end_of_the_period(corpus):
    need_chromium()
    with corpus.connect() as conn:
        data = exports.briefing_pdf(conn, BRADFORD, dt.date(2019, 1, 1), dt.date(2023, 6, 30), today=TODAY)
    flat = squash(pdf_text(data))
    assert squash("authorities: Bradford; from 2019-01-01 to 2023-06-30") in flat
    assert squash("Position as at 2023-06-30 (the end of the period asked for)") in flat
    assert squash("Graded level Inadequate") in flat  # judged in 2018, before the period, and in 2022
    assert "stillopen" in flat  # the inadequate episode had not ended by then


def test_briefing_without_a_browser_names_the_fix_and_can_leave_the_chart_out(corpus, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    with corpus.connect() as conn:
        with pytest.raises(exports.ChartImageError, match=r"apt-get install chromium"):
            exports.briefing_pdf(conn, WREXHAM, today=TODAY)
        data = exports.briefing_pdf(conn, WREXHAM, today=TODAY, chart=False)
    flat = squash(pdf_text(data))
    assert squash("Wrexham County Borough Council (Wrecsam)") in flat
    assert page_images(data, 0) == []
    # the October 2020 inspection's inferred level ended when CIW reviewed Wrexham again
    assert squash("Where it stands not graded since November 2023") in flat
    assert squash("Graded level Inadequate") not in flat
    assert squash("Planned next visits") in flat and squash("Planned: full inspection (12 months)") in flat


def test_unknown_authority_code_is_a_domain_error(seeded):
    with seeded.connect() as conn, pytest.raises(exports.ExportError, match="unknown authority"):
        exports.briefing_pdf(conn, "X99999999", chart=False)


def test_characters_the_fonts_lack_become_what_they_stand_for():
    assert exports.pdf_text("Ynys Môn \u2013 \u201cquoted\u201d") == "Ynys Môn \u2013 \u201cquoted\u201d"
    assert exports.pdf_text("a\uf02db") == "a-b"  # a symbol font's hyphen from a PDF extraction
    assert exports.pdf_text("line\none\x0c  two") == "line one two"


# ---------------------------------------------------------------- PDF portfolio


def test_portfolio_reads_back_with_levels_moves_and_one_section_per_authority(corpus):
    filters = Filters(nations=("Wales", "England"))
    with corpus.connect() as conn:
        data = exports.portfolio_pdf(conn, filters, today=TODAY)
    flat = squash(pdf_text(data))
    assert squash("Children\u2019s services portfolio briefing") in flat
    assert squash("Covers nations: Wales, England") in flat
    for heading in ("Where they stand now", "Inadequate now", "How judgements moved", "Authority by authority"):
        assert squash(heading) in flat
    assert squash("Not graded since last review") in flat  # Welsh councils since CIW's latest review
    assert squash("How \u201cwhere it stands\u201d is decided") in flat
    assert squash("from Requires improvement") in flat and squash("to Inadequate") in flat
    assert squash("Wrexham County Borough Council (Wrecsam)") in flat
    assert squash("Isle of Anglesey County Council (Ynys Môn)") in flat
    assert squash("Top concern themes:") in flat
    # the themes are read automatically, and the export says how closely that reading agrees with careful readers
    assert squash(f"agrees with a careful reader's on {STATED['polarity']} in 100 polarities") in flat


def test_portfolio_says_when_it_is_cut_short(corpus, monkeypatch):
    monkeypatch.setattr(portfolio, "MAX_PORTFOLIO_AUTHORITIES", 2)
    with corpus.connect() as conn:
        data = exports.portfolio_pdf(conn, Filters(nations=("Wales",)), today=TODAY)
    flat = squash(pdf_text(data))
    assert squash("the 2 with the lowest level in force are shown") in flat
    assert flat.count(squash("\u2013 Wales")) >= 2  # two authorities' sections


# ---------------------------------------------------------------- chart images


def test_figure_png_draws_through_one_persistent_browser():
    need_chromium()
    import kaleido
    import plotly.graph_objects as go

    fig = go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 3, 2]))
    first = exports.figure_png(fig, 400, 300)
    second = exports.figure_png(fig, 400, 300, scale=1)
    assert first[:8] == second[:8] == b"\x89PNG\r\n\x1a\n"
    assert kaleido._global_server.is_running() and images._server_started


def test_figure_png_without_a_browser_names_the_fix(monkeypatch):
    import plotly.graph_objects as go

    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    with pytest.raises(exports.ChartImageError, match=r"apt-get install chromium"):
        exports.figure_png(go.Figure(), 200, 200)


# ---------------------------------------------------------------- the command line


def _url(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def test_cli_writes_tables_and_a_portfolio(corpus, tmp_path, capsys):
    from trajectories.cli import main

    db = _url(corpus)
    out = tmp_path / "events.csv"
    assert main(["export", "table", "--format", "csv", "--authority", "Wrexham", "--db", db, "--out", str(out)]) == 0
    with corpus.connect() as conn:
        assert out.read_bytes() == exports.table_csv(conn, Filters(authorities=(WREXHAM,)), "events")
    assert (
        main(
            [
                "export",
                "table",
                "--format",
                "xlsx",
                "--nation",
                "wales",
                "--from",
                "2019-01-01",
                "--db",
                db,
                "--out",
                str(tmp_path / "wales.xlsx"),
            ]
        )
        == 0
    )
    about = pd.read_excel(tmp_path / "wales.xlsx", sheet_name="About", header=None)
    assert "nations: Wales; from 2019-01-01" in list(about[1])
    assert (
        main(
            [
                "export",
                "table",
                "--format",
                "csv",
                "--table",
                "authorities",
                "--region",
                "Yorkshire and the Humber",
                "--db",
                db,
                "--out",
                str(tmp_path / "a.csv"),
            ]
        )
        == 0
    )
    assert pd.read_csv(tmp_path / "a.csv", comment="#")["authority_name"].tolist() == ["Bradford"]
    assert main(["export", "portfolio", "--inspectorate", "ciw", "--db", db, "--out", str(tmp_path / "p.pdf")]) == 0
    assert squash("inspectorates: Care Inspectorate Wales") in squash(pdf_text((tmp_path / "p.pdf").read_bytes()))
    assert "wrote" in capsys.readouterr().out


def test_cli_writes_a_briefing_by_name(corpus, tmp_path, capsys):
    need_chromium()
    from trajectories.cli import main

    out = tmp_path / "briefing.pdf"
    assert main(["export", "briefing", "--authority", "Ynys Môn", "--db", _url(corpus), "--out", str(out)]) == 0
    data = out.read_bytes()
    assert squash("Isle of Anglesey County Council (Ynys Môn)") in squash(pdf_text(data)) and page_images(data, 0)
    assert capsys.readouterr().out.startswith(f"wrote {out}")


@pytest.mark.parametrize(
    "argv, message",
    [
        (
            ["export", "briefing", "--authority", "Atlantis Borough Council"],
            "unknown authority 'Atlantis Borough Council'",
        ),
        (["export", "portfolio", "--authority", "Nowhere"], "unknown authority 'Nowhere'"),
        (["export", "table", "--format", "csv", "--nation", "Narnia"], "unknown nation 'Narnia'"),
        (["export", "table", "--format", "csv", "--from", "2021-13-01"], "--from '2021-13-01' is not a date"),
    ],
)
def test_cli_refuses_what_it_does_not_know_in_one_line(seeded, tmp_path, capsys, argv, message):
    from trajectories.cli import main

    out = tmp_path / "never.out"
    assert main([*argv, "--db", _url(seeded), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(message) and err.count("\n") == 1
    assert not out.exists()


def test_cli_without_a_browser_exits_1_naming_the_fix(seeded, tmp_path, capsys, monkeypatch):
    from trajectories.cli import main

    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    out = tmp_path / "b.pdf"
    assert main(["export", "briefing", "--authority", WREXHAM, "--db", _url(seeded), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "apt-get install chromium" in err and err.count("\n") == 1
    assert not out.exists()


def test_chart_images_are_drawn_in_the_print_template_whatever_the_screen_theme(monkeypatch):
    """On screen figures take the dashboard's theme (no template of their own); an image for a
    document is drawn in the print template, so a briefing never shows screen placeholder colours."""
    import kaleido
    import plotly.io as pio

    from trajectories import charts

    drawn = {}
    monkeypatch.setattr(images, "chromium_path", lambda: "/usr/bin/chromium")
    monkeypatch.setattr(images, "_server_started", True)
    monkeypatch.setattr(kaleido, "calc_fig_sync", lambda spec, opts: drawn.setdefault("spec", spec) and b"png")
    fig = charts.empty_figure("nothing")
    assert fig.layout.template.layout.plot_bgcolor != pio.templates[charts.PRINT_TEMPLATE].layout.plot_bgcolor
    assert exports.figure_png(fig) == b"png"
    assert drawn["spec"]["layout"]["template"] == pio.templates[charts.PRINT_TEMPLATE].to_plotly_json()
