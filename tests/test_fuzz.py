"""Bad input never breaks a load: generated and mutated documents through the registry and ingest.

Every case is built from real documents (the seed letter, an Ofsted report, a focused-visit letter,
its PDF, a Wales timeline CSV, the Ofsted XLSX overview): truncated, lines shuffled or dropped,
re-encoded, bytes flipped, wrapped in hostile HTML, CSV quoting and columns broken, zip junk,
random binary, empty, and one far over the size limit. The contract checked on each:

- `loaders.read_bytes` either reads it (a non-empty list of `ParsedDocument`) or raises
  `DocumentError` whose message is one non-empty line. Any other exception is a bug.
- Through `ingest`, a file that fails leaves the data exactly as it was: every data table of the
  SQLite file (the reference lists, documents, duplicate-file records, events and all signals) is
  identical, row for row with the same ids, before and after. The failure itself IS recorded, in
  `load_run` and `load_problem`: that record is the product's report of what could not be read (a
  feature, shown on the "what could not be read" page), so those two bookkeeping tables are not
  counted as data; the test checks instead that they hold exactly the failure: one run with
  failed = 1 and one error row naming the file. Its reason must be a one-line domain reason, never
  the "unexpected error" or "could not be stored" that ingest reports for a loader or store bug.
  A file that is read is loaded, then its run undone, after which the data is again identical.

The in-suite run is short (few examples, no deadline); `scripts/fuzz.py` runs the same cases
for as long as asked. The case builders here take a `random.Random`, so both share them.
"""

from __future__ import annotations

import io
import random
import time
import zipfile
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

import loaders
from loaders.extract import MAX_BYTES
from tests.conftest import SEED, shared
from tests.test_store import snapshot
from trajectories.db.models import DuplicateFile, LoadProblem, LoadRun
from trajectories.domain import DocumentError, ParsedDocument

BASES = {
    "seed_letter.txt": lambda: SEED,
    "ofsted_report.txt": lambda: shared(
        "ofsted", "ofsted_ilacs_reports", "80451_wakefield", "2022-01-05_childrens-services-inspection.txt"
    ),
    "focused_visit.txt": lambda: shared(
        "ofsted", "ofsted_focused_visits", "80451_wakefield", "2020-12-18_childrens-services-focused-visit.txt"
    ),
    "focused_visit.pdf": lambda: shared("ofsted", "pdf_samples", "80451_wakefield_2020-12-18_focused-visit-letter.pdf"),
    "timeline.csv": lambda: shared("facts", "wales_ciw_timeline.csv"),
    "overview.xlsx": lambda: shared("ofsted", "structured", "ofsted_csc_ilacs_overview.xlsx"),
}


@cache
def corpus() -> dict[str, bytes]:
    return {name: where().read_bytes() for name, where in BASES.items()}


# --- mutations: (rng, bytes) -> bytes ------------------------------------------------------------------


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [data]


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def unchanged(rng, data):
    return data


def truncate(rng, data):
    return data[: rng.randrange(len(data) + 1)]


def truncate_tail(rng, data):
    return data[rng.randrange(len(data) + 1) :]


def shuffle_lines(rng, data):
    lines = _lines(data)
    rng.shuffle(lines)
    return b"".join(lines)


def drop_lines(rng, data):
    lines = _lines(data)
    return b"".join(line for line in lines if rng.random() > 0.3)


def repeat_lines(rng, data):
    lines = _lines(data)
    out = []
    for line in lines:
        out += [line] * (3 if rng.random() < 0.1 else 1)
    return b"".join(out)


def reencode(rng, data):
    encoding = rng.choice(["utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252", "utf-8-sig", "utf-7"])
    text = _text(data)
    if rng.random() < 0.5:  # characters that need the encoding: curly quotes, Welsh, a pound sign
        text = text.replace("'", "\u2019").replace("a", rng.choice(["â", "ŵ", "£", "a"]), 3)
    return text.encode(encoding, errors="replace")


def flip_bytes(rng, data):
    out = bytearray(data or b"\0")
    for _ in range(rng.randint(1, 20)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def insert_junk(rng, data):
    at = rng.randrange(len(data) + 1)
    junk = rng.choice(
        [
            rng.randbytes(rng.randint(1, 64)),
            b"\x00" * rng.randint(1, 8),
            b"\r" * 50,
            b"\xef\xbb\xbf",
            "\u202e\u200b\ufeff\U0001f600".encode(),
            b"\\x00%s%n{}" * 4,
            b"\n" * 200,
        ]
    )
    return data[:at] + junk + data[at:]


def newlines(rng, data):
    return data.replace(b"\n", rng.choice([b"\r\n", b"\r", b"\n\n", b"\x0b", b"\x85", "\u2028".encode()]))


def random_binary(rng, data):
    return rng.randbytes(rng.choice([1, 3, 7, 64, 1000, 20000]))


def empty(rng, data):
    return rng.choice([b"", b" ", b"\n\n\n", b"\xef\xbb\xbf", b"\t \r\n", b"\x00"])


def hostile_html(rng, data):
    text = _text(data)
    paras = text.split("\n")
    cut = rng.randrange(len(paras) + 1)
    body = "".join(f"<p>{p}</p>\n" for p in paras[:cut]) + "\n".join(paras[cut:])
    attack = rng.choice(
        [
            "<script>alert(document.cookie)</script>",
            '<img src=x onerror="alert(1)">',
            "<style>body{display:none}</style><style>",
            "<script>",  # never closed: the rest is script
            "<!-- an unclosed comment",
            "<svg><script>alert(1)</script></svg>",
            "<![CDATA[ ]]><?xml version='1.0'?>",
            "&#0;&#xD800;&#1114112;&bogus;&amp" * 10,
            "<div>" * 5000,
            "</p></div></body></html>" * 50,
        ]
    )
    head = rng.choice(["<!doctype html><html><head><title>x</title></head><body>", "<html>", "<div>", ""])
    return (head + attack + body + rng.choice(["</body></html>", "", attack])).encode("utf-8")


def csv_broken_quoting(rng, data):
    lines = _lines(data)
    for _ in range(rng.randint(1, 5)):
        i = rng.randrange(len(lines))
        lines[i] = rng.choice([b'"', b'""', b'"unterminated ', b'x"y,"', b"'"]) + lines[i]
    return b"".join(lines)


def csv_extra_columns(rng, data):
    lines = _lines(data)
    for i in rng.sample(range(len(lines)), min(len(lines), rng.randint(1, 10))):
        lines[i] = lines[i].rstrip(b"\r\n") + b"," * rng.randint(1, 5) + b"extra\n"
    return b"".join(lines)


def csv_missing_columns(rng, data):
    lines = _lines(data)
    for i in rng.sample(range(len(lines)), min(len(lines), rng.randint(1, 10))):
        lines[i] = b",".join(lines[i].split(b",")[: rng.randint(0, 4)]) + b"\n"
    return b"".join(lines)


def csv_wrong_types(rng, data):
    lines = _lines(data)
    junk = [
        b"not a date",
        b"2023-13-45",
        b"-1",
        b"99",
        b"NaN",
        b"1e309",
        b"",
        b"=cmd|' /C calc'!A0",
        b"\xff\xfe",
        b"31/02/2020",
        b"0000-00-00",
        b"9" * 400,
    ]
    for i in rng.sample(range(1, len(lines)), min(len(lines) - 1, rng.randint(1, 10))) if len(lines) > 1 else []:
        cells = lines[i].rstrip(b"\r\n").split(b",")
        cells[rng.randrange(len(cells))] = rng.choice(junk)
        lines[i] = b",".join(cells) + b"\n"
    return b"".join(lines)


def csv_header_only(rng, data):
    return _lines(data)[0] * rng.randint(1, 2)


def zip_junk(rng, data):
    choice = rng.randrange(4)
    if choice == 0:
        return b"PK\x03\x04" + rng.randbytes(rng.randint(0, 4000))
    if choice == 1:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as z:
            for member in rng.sample(
                ["[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml", "junk"], rng.randint(0, 3)
            ):
                z.writestr(member, rng.choice([b"", b"<x>", rng.randbytes(100), b"<?xml version='1.0'?><workbook/>"]))
        return buf.getvalue()
    xlsx = corpus()["overview.xlsx"]
    return truncate(rng, xlsx) if choice == 2 else flip_bytes(rng, xlsx)


def pdf_junk(rng, data):
    pdf = corpus()["focused_visit.pdf"]
    choice = rng.randrange(3)
    if choice == 0:
        return b"%PDF-1.7\n" + rng.randbytes(rng.randint(0, 4000))
    return truncate(rng, pdf) if choice == 1 else flip_bytes(rng, pdf)


def splice(rng, data):
    other = rng.choice(list(corpus().values()))
    return truncate(rng, data) + truncate_tail(rng, other)


def nul_bytes(rng, data):
    """NUL bytes early (refused as binary) or late (removed): stored alike on every database."""
    at = rng.choice([rng.randrange(len(data) + 1), min(len(data), 8192 + rng.randrange(4096))])
    return data[:at] + b"\x00" * rng.randint(1, 4) + data[at:]


def utf16_text(rng, data):
    """Text as UTF-16, with or without a byte-order mark, or as UTF-8 with one."""
    encoding = rng.choice(["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
    return _text(data).encode(encoding, errors="replace")


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            z.writestr(name, content)
    return buf.getvalue()


def workbook_bomb(rng, data):
    """A workbook that unpacks past the limit, or holds too many parts: refused from its directory."""
    from loaders.tables import MAX_WORKBOOK_MB, MAX_WORKBOOK_PARTS

    with zipfile.ZipFile(io.BytesIO(corpus()["overview.xlsx"])) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    if rng.random() < 0.5:
        parts["xl/worksheets/sheet1.xml"] = b"<row/>" * ((MAX_WORKBOOK_MB * 1024 * 1024) // 6 + rng.randint(1, 5000))
    else:
        parts.update({f"xl/media/part{n}.xml": b"<x/>" for n in range(MAX_WORKBOOK_PARTS + rng.randint(0, 50))})
    return _zip(parts)


def many_rows(rng, data):
    """A table past the row limit (each row the same valid row): refused at the limit."""
    from loaders.tables import MAX_TABLE_ROWS

    lines = _lines(corpus()["timeline.csv"])
    return lines[0] + lines[1] * (MAX_TABLE_ROWS + rng.randint(1, 2000))


@cache
def _long_pdf() -> bytes:
    from pypdf import PdfWriter

    from loaders.extract import MAX_PDF_PAGES

    pdf = PdfWriter()
    for _ in range(MAX_PDF_PAGES + 1):
        pdf.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    pdf.write(buf)
    return buf.getvalue()


def many_pages(rng, data):
    """A PDF past the page limit: refused before any page is read."""
    return _long_pdf()


def huge(rng, data):
    """Over the size limit: must be refused by its size, quickly, not parsed."""
    return (data or b"x") * (MAX_BYTES // max(len(data), 1) + 2)


MUTATIONS = {
    f.__name__: f
    for f in [
        unchanged,
        truncate,
        truncate_tail,
        shuffle_lines,
        drop_lines,
        repeat_lines,
        reencode,
        flip_bytes,
        insert_junk,
        newlines,
        random_binary,
        empty,
        hostile_html,
        csv_broken_quoting,
        csv_extra_columns,
        csv_missing_columns,
        csv_wrong_types,
        csv_header_only,
        zip_junk,
        pdf_junk,
        splice,
        nul_bytes,
        utf16_text,
        workbook_bomb,
        many_rows,
        many_pages,
    ]
}
# PDFs are the slow ones, and bombs cost a compression each: fewer in-suite.
CHEAP = [name for name in MUTATIONS if name not in ("pdf_junk", "workbook_bomb", "many_rows", "many_pages")]


def make_case(rng: random.Random, mutations=None) -> tuple[str, bytes]:
    """One case: a label and its bytes. Mutations sometimes stack."""
    base = rng.choice(sorted(corpus()))
    data = corpus()[base]
    names = []
    for _ in range(1 if rng.random() < 0.8 else 2):
        name = rng.choice(sorted(mutations or MUTATIONS))
        data = MUTATIONS[name](rng, data)
        names.append(name)
    return f"{base}+{'+'.join(names)}", data


# --- the contract --------------------------------------------------------------------------------------


class ContractBroken(AssertionError):
    pass


def one_line(message: str) -> bool:
    return bool(message.strip()) and len(message.splitlines()) == 1


def classify(data: bytes, name: str = "case.txt") -> str:
    """'read' or 'rejected'; raises ContractBroken for a bad result, and lets any other exception out."""
    try:
        docs = loaders.read_bytes(data, name)
    except DocumentError as exc:
        if not one_line(str(exc)):
            raise ContractBroken(f"the reason is not one non-empty line: {str(exc)!r}") from exc
        return "rejected"
    if not (isinstance(docs, list) and docs and all(isinstance(d, ParsedDocument) for d in docs)):
        raise ContractBroken(f"read_bytes returned {docs!r:.200}")
    if any("\x00" in d.text or any("\x00" in f.text for e in d.events for f in e.findings) for d in docs):
        raise ContractBroken("a NUL character was read into a document (SQLite would store it, PostgreSQL refuse it)")
    return "read"


def data_tables(engine) -> dict:
    out = snapshot(engine)
    with engine.connect() as conn:
        out["duplicate_file"] = [
            tuple(r) for r in conn.execute(select(DuplicateFile.__table__).order_by(DuplicateFile.sha256))
        ]
    return out


def check_ingest(engine, folder: Path, label: str, data: bytes) -> str:
    """Ingest one case; a failure must change no data, a load must be undone cleanly."""
    from trajectories.ingest import ingest, undo

    path = folder / f"case-{time.monotonic_ns()}.{label.split('+')[0].rsplit('.', 1)[-1]}"
    path.write_bytes(data)
    before = data_tables(engine)
    report = ingest(engine, [path])
    try:
        if report.failed:
            [(failed_path, reason)] = report.failed
            if not one_line(reason) or reason.startswith(("unexpected error", "could not be stored")):
                raise ContractBroken(f"{label}: {reason!r:.300}")
            if data_tables(engine) != before:
                raise ContractBroken(f"{label}: a failed file changed the data")
            with engine.connect() as conn:
                run = conn.execute(select(LoadRun.failed, LoadRun.loaded).where(LoadRun.id == report.run_id)).one()
                problems = conn.execute(
                    select(LoadProblem.path, LoadProblem.severity).where(LoadProblem.run_id == report.run_id)
                ).all()
            if tuple(run) != (1, 0) or [tuple(p) for p in problems] != [(failed_path, "error")]:
                raise ContractBroken(f"{label}: the failure was not recorded as one error: {run} {problems}")
            return "rejected"
        undo(engine, report.run_id)
        if data_tables(engine) != before:
            raise ContractBroken(f"{label}: loading then undoing did not restore the data")
        return "read"
    finally:
        path.unlink()


# --- the tests -----------------------------------------------------------------------------------------

FAST = settings(
    max_examples=150,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FAST
@given(st.randoms(use_true_random=False))
def test_mutated_real_documents_are_read_or_refused_in_one_line(rng):
    label, data = make_case(rng, CHEAP)
    classify(data, label)


@settings(FAST, max_examples=15)
@given(st.randoms(use_true_random=False))
def test_mutated_pdfs_are_read_or_refused_in_one_line(rng):
    classify(pdf_junk(rng, b""), "case.pdf")


@settings(FAST, max_examples=100)
@given(st.binary(max_size=3000) | st.text(max_size=2000).map(lambda t: t.encode("utf-8")))
def test_arbitrary_bytes_are_read_or_refused_in_one_line(data):
    classify(data)


@settings(FAST, max_examples=40)
@given(
    st.lists(st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30), min_size=1, max_size=8),
    st.integers(1, 20),
)
def test_generated_csv_rows_are_read_or_refused_in_one_line(cells, rows):
    header = corpus()["timeline.csv"].splitlines()[0]
    body = "\n".join(",".join(cells) for _ in range(rows)).encode("utf-8")
    classify(header + b"\n" + body)


@pytest.mark.parametrize("base", sorted(BASES))
def test_a_file_over_the_size_limit_is_refused_by_its_size_quickly(base):
    data = huge(None, corpus()[base])
    assert len(data) > MAX_BYTES
    start = time.perf_counter()
    with pytest.raises(DocumentError, match="larger than"):
        loaders.read_bytes(data, base)
    assert time.perf_counter() - start < 2.0


@pytest.fixture(scope="module")
def loaded_sqlite(tmp_path_factory):
    """One SQLite file holding real documents, shared by the ingest cases of this module."""
    from trajectories.db.engine import make_engine
    from trajectories.ingest import ingest, prepare

    folder = tmp_path_factory.mktemp("fuzz-db")
    engine = make_engine(f"sqlite:///{folder / 'fuzz.db'}")
    prepare(engine)
    cases = folder / "cases"
    cases.mkdir()
    for name in ("seed_letter.txt", "ofsted_report.txt", "timeline.csv"):
        (cases / name).write_bytes(corpus()[name])
    assert not ingest(engine, [cases / n for n in ("seed_letter.txt", "ofsted_report.txt", "timeline.csv")]).failed
    yield engine, cases
    engine.dispose()


@settings(FAST, max_examples=40)
@given(st.randoms(use_true_random=False))
def test_ingest_of_a_bad_file_changes_no_data(loaded_sqlite, rng):
    engine, folder = loaded_sqlite
    label, data = make_case(rng, [m for m in CHEAP if m != "unchanged"])
    check_ingest(engine, folder, label, data)


@pytest.mark.parametrize(
    "mutation", ["empty", "random_binary", "zip_junk", "csv_broken_quoting", "hostile_html", "truncate"]
)
def test_ingest_each_kind_of_bad_input(loaded_sqlite, mutation):
    engine, folder = loaded_sqlite
    rng = random.Random(mutation)
    base = {"csv_broken_quoting": "timeline.csv", "zip_junk": "overview.xlsx"}.get(mutation, "focused_visit.txt")
    check_ingest(engine, folder, f"{base}+{mutation}", MUTATIONS[mutation](rng, corpus()[base]))


def test_ingest_refuses_a_huge_file_and_keeps_no_original(loaded_sqlite):
    from trajectories import originals

    engine, folder = loaded_sqlite
    data = huge(None, corpus()["timeline.csv"])
    assert check_ingest(engine, folder, "timeline.csv+huge", data) == "rejected"
    assert not originals.exists(originals.sha256(data))


# --- regressions: each input below broke the contract before its fix -----------------------------------


def _xlsx_with_bad_crc() -> bytes:
    import struct

    xlsx = corpus()["overview.xlsx"]
    crc = zipfile.ZipFile(io.BytesIO(xlsx)).getinfo("xl/worksheets/sheet1.xml").CRC
    return xlsx.replace(struct.pack("<I", crc), struct.pack("<I", crc ^ 1))


REGRESSIONS = {
    # csv.Error "new-line character seen in unquoted field": a lone carriage return ends a record
    "csv_lone_carriage_return": (lambda: corpus()["timeline.csv"].replace(b"\n", b"\r", 5), "read"),
    # the reason quoted a cell holding a record separator, so it was not one line
    "csv_record_separator_in_reason": (lambda: corpus()["timeline.csv"].splitlines()[0] + b"\n0,0\x1e0", "rejected"),
    # zipfile.BadZipFile escaped from the lazily read worksheet
    "xlsx_bad_crc": (_xlsx_with_bad_crc, "rejected"),
    # pypdf raised NotImplementedError (and AssertionError, ...) on damaged PDFs
    "pdf_unknown_filter": (lambda: corpus()["focused_visit.pdf"].replace(b"/FlateDecode", b"/FlaXeDecode"), "rejected"),
    # html.parser raised AssertionError on a malformed "<![" section
    "html_malformed_marked_section": (
        lambda: (
            "<html><body><![ ;<p>"
            + corpus()["seed_letter.txt"].decode().replace("\n\n", "</p><p>")
            + "</p></body></html>"
        ).encode(),
        "read",
    ),
    # a table over the size limit was parsed: the size is now checked before any reader
    "xlsx_over_the_size_limit": (lambda: huge(None, corpus()["overview.xlsx"]), "rejected"),
}


@pytest.mark.parametrize("case", sorted(REGRESSIONS))
def test_regression(case):
    build, verdict = REGRESSIONS[case]
    assert classify(build(), case) == verdict


def test_csv_with_carriage_returns_reads_the_same_rows():
    table = corpus()["timeline.csv"]
    plain, with_cr = loaders.read_bytes(table, "t.csv"), loaders.read_bytes(table.replace(b"\n", b"\r", 5), "t.csv")
    assert [d.to_json()["events"] for d in plain] == [d.to_json()["events"] for d in with_cr]
