"""Hostile and awkward inputs: bounded work, never a locked-out reader, one clear line each.

Each test is a case an attacker or an unlucky administrator meets: a slow file, a workbook bomb,
a million-row table, paths that cannot be read, NUL bytes and UTF-16, a database that cannot be
used. Storage cases run on SQLite and PostgreSQL (the `engine` fixture).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import event, text

import loaders
from tests.conftest import ROOT, SEED
from trajectories import cli, reading
from trajectories import ingest as ingest_module
from trajectories.db.engine import writer
from trajectories.domain import DocumentError
from trajectories.ingest import ingest

LETTERS = sorted((ROOT / "data" / "ofsted" / "ofsted_focused_visits").glob("*/*.txt"))


def _url(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def _in_thread(func, *args):
    """Run func in a thread; returns (thread, box) where box gets the result or the exception."""
    box: dict = {}

    def run():
        try:
            box["result"] = func(*args)
        except BaseException as exc:  # reported by the test
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, box


# --------------------------------------------------------------------------- readers never locked out


@pytest.fixture
def slow_reading(monkeypatch, tmp_path):
    """Reading a file named slow-*.txt waits until the test opens the gate (in the worker process
    that reads it: the patch is inherited when the workers are forked)."""
    gate = tmp_path / "gate"
    real = loaders.read_bytes

    def read_bytes(data, name):
        if Path(name).name.startswith("slow-"):
            deadline = time.monotonic() + 60
            while not gate.exists() and time.monotonic() < deadline:
                time.sleep(0.05)
        return real(data, name)

    monkeypatch.setattr(loaders, "read_bytes", read_bytes)
    slow = tmp_path / "slow-letter.txt"
    slow.write_bytes(LETTERS[0].read_bytes())
    yield slow, gate
    gate.touch()


def test_a_slow_file_locks_out_no_reader_and_a_second_load_takes_its_turn(engine, slow_reading, capsys):
    """While one load is still reading a slow file, `runs` and `export` answer and a second load
    stores its file; the first load then finishes too. (Before: the first load held the write
    lock while its files were read, so all of these waited, then failed with "database is locked".)"""
    slow, gate = slow_reading
    first, first_box = _in_thread(ingest, engine, [slow, LETTERS[1]])
    time.sleep(1.0)  # the first load is now reading the slow file
    second, second_box = _in_thread(ingest, engine, [LETTERS[2]])
    second.join(timeout=20)
    runs, runs_box = _in_thread(cli.main, ["runs", "--db", _url(engine)])
    runs.join(timeout=20)
    out = ROOT.parent / "unused"  # never written: the export goes to a temporary file below
    export, export_box = _in_thread(
        cli.main,
        [
            "export",
            "table",
            "--format",
            "csv",
            "--db",
            _url(engine),
            "--out",
            str(Path(os.environ["TRAJECTORIES_HOME"]) / "events.csv"),
        ],
    )
    export.join(timeout=20)
    still_reading = first.is_alive()
    gate.touch()
    first.join(timeout=60)
    assert still_reading, "the slow file should still have been being read"
    assert not second.is_alive() and "error" not in second_box, second_box.get("error")
    assert second_box["result"].loaded == [ingest_module.display_path(LETTERS[2])]
    assert runs_box.get("result") == 0 and export_box.get("result") == 0, (runs_box, export_box)
    assert first_box["result"].ok and len(first_box["result"].loaded) == 2
    assert not out.exists()


def test_read_only_commands_never_take_the_write_lock(engine, tmp_path):
    """`runs` and `export` answer while another process holds the write lock (before: both ran the
    migrations under the write lock and waited 30 s, then failed)."""
    ingest(engine, [SEED])
    holder = writer(engine).connect()
    tx = holder.begin()  # the write lock (SQLite: BEGIN IMMEDIATE; PostgreSQL: the writers' lock)
    holder.execute(text("UPDATE load_run SET command = command"))
    try:
        for argv in (["runs"], ["export", "table", "--format", "csv", "--out", str(tmp_path / "e.csv")]):
            thread, box = _in_thread(cli.main, [*argv, "--db", _url(engine)])
            thread.join(timeout=15)
            assert not thread.is_alive() and box.get("result") == 0, (argv, box)
    finally:
        tx.rollback()
        holder.close()


def test_writers_of_other_schemas_never_wait_and_of_the_same_schema_do():
    """Two instances kept as schemas of one PostgreSQL database write side by side; two writers of one
    schema take turns (before: one lock for the whole database made a load in one schema wait for a
    long load in another)."""
    from tests.conftest import _postgres_engine
    from trajectories.ingest import prepare

    made = [_postgres_engine(), _postgres_engine()]
    first, second = made[0][0], made[1][0]

    def writing(eng, timeout: str):
        conn = eng.connect()
        conn.exec_driver_sql(f"SET lock_timeout = '{timeout}'")  # for the session, past this transaction
        conn.commit()
        return conn.execution_options(**writer(eng).get_execution_options())  # its next transaction writes

    try:
        for eng, _admin, _schema in made:
            prepare(eng)
        holder = writing(first, "2s")
        holder.begin()  # the writers' lock of the first schema
        with writing(second, "2s") as conn, conn.begin():  # another schema: no wait
            conn.execute(text("UPDATE load_run SET command = command"))
        same = writing(first, "1s")
        with pytest.raises(Exception, match="lock timeout"):
            same.begin()  # the same schema: waits its turn (here, up to the timeout)
        same.close()
        holder.close()
    finally:
        for eng, admin, schema in made:
            eng.dispose()
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            admin.dispose()


# --------------------------------------------------------------------------- bounded work per input


def _workbook(sheet_xml: bytes) -> bytes:
    """A real workbook (made by openpyxl, a timeline's header) whose first sheet is replaced."""
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["authority", "event_type", "start_date", "source_url"])
    buffer = io.BytesIO()
    book.save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = sheet_xml if item.filename == "xl/worksheets/sheet1.xml" else src.read(item.filename)
            dst.writestr(item.filename, data)
    return out.getvalue()


def _sheet(rows: int, row: bytes) -> bytes:
    head = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheetData>'
    )
    header = b"".join(
        b'<c t="inlineStr"><is><t>%s</t></is></c>' % c
        for c in (b"authority", b"event_type", b"start_date", b"source_url")
    )
    return head + b"<row>" + header + b"</row>" + row * rows + b"</sheetData></worksheet>"


def test_a_workbook_bomb_is_refused_from_its_directory_before_any_sheet_is_read():
    """0.4 MB that unpacks to 90 MB of rows: refused in a moment, naming the limit (before: about
    40 s of reading the sheet)."""
    cells = b"".join(
        b'<c t="inlineStr"><is><t>%s</t></is></c>' % c for c in (b"Kent", b"ofsted_jtai", b"2022-02", b"https://a.uk/x")
    )
    bomb = _workbook(_sheet(90 * 1024 * 1024 // (len(cells) + 11), b"<row>" + cells + b"</row>"))
    assert len(bomb) < 1024 * 1024
    start = time.perf_counter()
    with pytest.raises(DocumentError, match=r"unpacks to 90 MB, more than the limit of 50 MB"):
        loaders.read_bytes(bomb, "bomb.xlsx")
    assert time.perf_counter() - start < 3


def test_a_workbook_with_too_many_parts_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for n in range(600):
            archive.writestr(f"xl/part{n}.xml", b"<x/>")
    with pytest.raises(DocumentError, match="600 parts, more than the limit of 500"):
        loaders.read_bytes(out.getvalue(), "parts.xlsx")


def test_a_workbook_whose_archive_no_reader_can_open_is_refused_with_its_reason():
    """A zip whose directory names a version of the format Python cannot open (found by the fuzzer:
    one flipped byte of a real workbook) is one line naming the reason (before: NotImplementedError
    escaped the reader)."""
    book = bytearray(_workbook(_sheet(1, b"")))
    directory = book.rfind(b"PK\x01\x02")  # the archive's last directory entry
    book[directory + 6] = 150  # "version needed to extract": 15.0
    with pytest.raises(DocumentError, match=r"the spreadsheet's archive cannot be opened \(zip file version 15.0\)"):
        loaders.read_bytes(bytes(book), "book.xlsx")


def test_a_page_cut_off_after_its_headings_is_read_with_a_warning():
    """A Welsh page cut off before anything under its headings (found by the fuzzer) is read with
    the cut-off warning (before: StopIteration escaped the reader)."""
    text = (
        b"Skip to main content\n\nLocal authority monitoring activity letter: Wrexham County Borough Council\n\n\n\n"
        b"This letter summarises the findings of our monitoring activity under\n"
    )
    [doc] = loaders.read_bytes(text, "cut.txt")
    assert doc.authority.code == "W06000006" and any("looks cut off" in w for w in doc.warnings)


def test_a_million_row_table_is_refused_at_the_row_limit_without_reading_it_all():
    """One million valid rows (38 MB, within the size limit): refused in a few seconds, naming the
    limit (before: one million events loaded in over two minutes and gigabytes of memory)."""
    from loaders import tables

    data = b"authority,event_type,start_date,source_url\n" + b"Kent,ofsted_jtai,2022-02,https://a.uk/1\n" * 1_000_000
    assert len(data) < loaders.MAX_BYTES
    start = time.perf_counter()
    with pytest.raises(DocumentError, match=f"more than the limit of {tables.MAX_TABLE_ROWS:,} rows"):
        loaders.read_bytes(data, "million.csv")
    assert time.perf_counter() - start < 10


def test_a_wide_table_is_refused_at_the_cell_limit():
    from loaders import tables

    header = "authority,event_type,start_date,source_url," + ",".join(f"c{i}" for i in range(600))
    row = "Kent,ofsted_jtai,2022-02,https://a.uk/1" + "," * 600
    data = (header + "\n" + "\n".join([row] * 1700) + "\n").encode()
    with pytest.raises(DocumentError, match=f"more than the limit of {tables.MAX_TABLE_CELLS:,} cells"):
        loaders.read_bytes(data, "wide.csv")


def test_a_pdf_with_too_many_pages_is_refused_before_any_page_is_read():
    from pypdf import PdfWriter

    from loaders.extract import MAX_PDF_PAGES

    pdf = PdfWriter()
    for _ in range(MAX_PDF_PAGES + 1):
        pdf.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    pdf.write(buffer)
    with pytest.raises(DocumentError, match=f"has 301 pages, more than the limit of {MAX_PDF_PAGES} pages"):
        loaders.read_bytes(buffer.getvalue(), "long.pdf")


def _sleepy(job):
    if job == "slow":
        time.sleep(30)
    return job.upper()


def _greedy(job):
    if job == "greedy":
        return len(bytearray(400 * 1024 * 1024))
    return job.upper()


def test_a_document_past_the_time_limit_fails_alone_naming_the_limit():
    start = time.perf_counter()
    results = list(reading.read_all(["a", "slow", "b", "c"], _sleepy, workers=2, seconds=1.0))
    assert time.perf_counter() - start < 10
    assert results[0] == ("A", None) and results[2:] == [("B", None), ("C", None)]
    assert results[1] == (None, "took longer than the limit of 1 seconds for reading one document")


def test_a_document_past_the_memory_limit_fails_alone_naming_the_limit():
    results = list(reading.read_all(["a", "greedy", "b"], _greedy, workers=1, memory_mb=200))
    assert results[0] == ("A", None) and results[2] == ("B", None)
    assert results[1] == (None, "needs more memory than the limit of 200 MB for reading one document")


def test_the_readme_states_every_limit():
    from loaders import tables
    from loaders.extract import MAX_BYTES, MAX_PDF_PAGES
    from trajectories import admin

    readme = (ROOT / "README.md").read_text()
    for figure in (
        f"{MAX_BYTES // (1024 * 1024)} MB",
        f"{MAX_PDF_PAGES} pages",
        f"{tables.MAX_TABLE_ROWS:,} rows",
        f"{tables.MAX_TABLE_CELLS:,} cells",
        f"{tables.MAX_WORKBOOK_PARTS} parts",
        f"{tables.MAX_WORKBOOK_MB} MB unpacked",
        f"{reading.DOCUMENT_SECONDS:g} seconds",
        f"{reading.WORKER_MEMORY_MB:,} MB of memory",
        f"{admin.MAX_FILES} files of {admin.MAX_FILE_BYTES // (1024 * 1024)} MB",
    ):
        assert figure in readme, figure


# --------------------------------------------------------------------------- every path gets an answer


def _without_override() -> dict:
    """As root, permissions do not stop reading: run the command without the two capabilities
    that let root read anything (still root, so it can run the virtualenv's Python)."""
    if os.geteuid() != 0:
        return {}
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)

    def drop():
        for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
            if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                raise OSError(ctypes.get_errno(), "cannot drop a capability")

    return {"preexec_fn": drop}


def test_every_awkward_path_gets_its_own_line_and_the_others_still_load(tmp_path):
    """A name too long, a link that loops (named, and inside a folder), a folder and a file that
    cannot be read: each reported on its own line with its reason and counted failed; the good
    files load; exit 1. (Before: the long name and the named loop ended the command with a
    traceback; the rest vanished without a word, exit 0.)"""
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "hidden.txt").write_bytes(LETTERS[0].read_bytes())
    (folder / "locked").chmod(0)
    (folder / "good.txt").write_bytes(LETTERS[1].read_bytes())
    (folder / "secret.txt").write_bytes(LETTERS[2].read_bytes())
    (folder / "secret.txt").chmod(0)
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "back").symlink_to(folder)
    named_loop = tmp_path / "named-loop.txt"
    named_loop.symlink_to(named_loop)
    long_name = tmp_path / ("x" * 300 + ".txt")
    env = {**os.environ, "TRAJECTORIES_HOME": str(tmp_path / "state"), "PYTHONPATH": str(ROOT)}
    env.pop("DATABASE_URL", None)
    try:
        done = subprocess.run(
            [sys.executable, "-m", "trajectories", "ingest", str(long_name), str(named_loop), str(folder), str(SEED)],
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=300,
            **_without_override(),
        )
    finally:
        (folder / "locked").chmod(0o755)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "loaded 2, unchanged 0, failed 6", done.stdout
    failed = {
        line.split(": ", 1)[0].removeprefix("FAILED "): line.split(": ", 1)[1]
        for line in lines
        if line.startswith("FAILED ")
    }
    assert failed[str(long_name)] == "the name is too long for the file system"
    assert failed[str(named_loop)].startswith("a symbolic link that loops")
    assert failed[str(folder / "loop.txt")].startswith("a symbolic link that loops")
    assert failed[str(folder / "back")].startswith("a symbolic link that loops")
    assert failed[str(folder / "locked")] == "the folder cannot be read (permission denied)"
    assert failed[str(folder / "secret.txt")] == "cannot read the file (permission denied)"


def test_a_newline_in_a_file_name_cannot_forge_a_line(engine, tmp_path):
    forged = tmp_path / "x.txt\nFAILED everything.txt"
    forged.write_bytes(b"not a letter at all, just words")
    report = ingest(engine, [forged, SEED])
    lines = report.lines()
    assert len(lines) == 2 and lines[1].startswith("FAILED ") and "x.txt\\nFAILED everything.txt: " in lines[1]


# --------------------------------------------------------------------------- text: NUL, UTF-16, BOM


def _stored_text(engine) -> list[str]:
    with engine.connect() as conn:
        return list(conn.execute(text("SELECT text FROM finding")).scalars()) + list(
            conn.execute(text("SELECT name_as_written FROM source_document")).scalars()
        )


def test_nul_bytes_after_the_first_8_kb_are_removed_alike_on_both_databases(engine, tmp_path):
    """SQLite used to store them and PostgreSQL refuse them, so a SQLite database could not be
    rebuilt into PostgreSQL."""
    original = max(LETTERS, key=lambda p: p.stat().st_size).read_bytes()
    assert len(original) > 9000
    cut = original.index(b" ", 8500)
    nul = tmp_path / "with-nul.txt"
    nul.write_bytes(original[:cut] + b"\x00\x00" + original[cut:])
    report = ingest(engine, [nul])
    assert report.ok and report.loaded, report.lines()
    assert not any("\x00" in t for t in _stored_text(engine) if t)


def test_nul_bytes_in_a_table_are_removed(engine, tmp_path):
    table = tmp_path / "timeline.csv"
    table.write_bytes(
        b"authority,event_type,start_date,source_url,summary\nKent,ofsted_jtai,2022-02,https://a.uk/1,help\x00ful\n"
    )
    report = ingest(engine, [table])
    assert report.ok and report.loaded, report.lines()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT text FROM finding")).scalars().all() == ["helpful"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_utf16_and_utf8_with_a_bom_are_read_as_text(encoding):
    data = SEED.read_text(encoding="utf-8").encode(encoding)
    [doc] = loaders.read_bytes(data, "letter.txt")
    [plain] = loaders.read_bytes(SEED.read_bytes(), "letter.txt")
    assert doc.authority.code == plain.authority.code and len(doc.events) == len(plain.events)


def test_a_utf16_table_is_read_as_a_table():
    data = "authority,event_type,start_date,source_url\nKent,ofsted_jtai,2022-02,https://a.uk/1\n".encode("utf-16")
    [doc] = loaders.read_bytes(data, "timeline.csv")
    assert doc.authority.name == "Kent"


# --------------------------------------------------------------------------- database errors: one line


def _cli(*argv: str, env: dict | None = None) -> subprocess.CompletedProcess:
    environ = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "trajectories", *argv],
        capture_output=True,
        text=True,
        env=environ,
        cwd=ROOT,
        timeout=300,
    )


@pytest.mark.parametrize(
    "url, says",
    [
        ("mysql://nobody@127.0.0.1/x", "is not one this product can use"),
        ("not a url at all", "is not one this product can use"),
        ("postgresql://nobody@127.0.0.1:1/x", "the database server cannot be reached"),
    ],
)
def test_a_bad_database_url_is_one_line_saying_what_to_do(url, says):
    done = _cli("runs", env={"DATABASE_URL": url})
    assert done.returncode == 2 and done.stdout == ""
    assert len(done.stderr.splitlines()) == 1 and says in done.stderr, done.stderr
    assert "--verbose" in done.stderr
    verbose = _cli("runs", "--verbose", env={"DATABASE_URL": url})
    assert verbose.stderr.splitlines()[0] == done.stderr.splitlines()[0].removesuffix(" (--verbose shows the detail)")
    assert "Traceback" in verbose.stderr


def test_a_read_only_database_is_one_line(tmp_path):
    db = tmp_path / "ro.db"
    assert _cli("ingest", str(SEED), "--db", f"sqlite:///{db}").returncode == 0
    done = _cli("ingest", str(LETTERS[0]), "--db", f"sqlite:///file:{db}?mode=ro&uri=true")
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1, done.stderr
    assert done.stderr.startswith("the database is read-only: ")


def test_a_full_disk_stops_the_load_with_one_line(tmp_path, capsys, monkeypatch):
    """SQLite's own "database or disk is full" (a page limit standing in for the disk)."""
    from trajectories.db.engine import make_engine

    url = f"sqlite:///{tmp_path / 'full.db'}"
    engine = make_engine(url)
    ingest_module.prepare(engine)
    with engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()

    @event.listens_for(engine, "connect")
    def _small(dbapi_connection, _record):
        dbapi_connection.execute(f"PRAGMA max_page_count={pages + 2}")

    engine.dispose()
    monkeypatch.setattr("trajectories.db.engine.make_engine", lambda _url=None: engine)
    assert cli.main(["ingest", *map(str, LETTERS[:5])]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith(
        "the disk holding the database is full: free some space and run the "
        "command again (nothing was half-written) (sqlite:///"
    ), err


def test_a_database_busy_past_the_wait_is_one_line(tmp_path, capsys, monkeypatch):
    from trajectories.db.engine import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'busy.db'}")
    ingest_module.prepare(engine)

    @event.listens_for(engine, "connect")
    def _short(dbapi_connection, _record):
        dbapi_connection.execute("PRAGMA busy_timeout=200")

    engine.dispose()
    holder = writer(engine).connect()
    tx = holder.begin()
    try:
        monkeypatch.setattr("trajectories.db.engine.make_engine", lambda _url=None: engine)
        assert cli.main(["ingest", str(SEED)]) == 2
    finally:
        tx.rollback()
        holder.close()
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("the database is busy (another load or undo holds it)"), err


# --------------------------------------------------------------------------- a killed load


SLOW_CLI = """
import sys, time
from pathlib import Path
import loaders
real = loaders.read_bytes
def read_bytes(data, name):
    if Path(name).name.startswith("slow-"):
        time.sleep(120)
    return real(data, name)
loaders.read_bytes = read_bytes
from trajectories import cli
sys.exit(cli.main(sys.argv[1:]))
"""


def test_a_killed_load_is_listed_as_interrupted_with_what_it_stored_and_can_be_undone(engine, tmp_path, capsys):
    """(Before: "loaded 0 [not finished]" although its documents stayed.)"""
    slow = tmp_path / "slow-letter.txt"
    slow.write_bytes(LETTERS[3].read_bytes())
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_CLI, "ingest", str(LETTERS[0]), str(slow), str(LETTERS[1]), "--db", _url(engine)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with engine.connect() as conn:
                if conn.execute(text("SELECT loaded FROM load_run")).scalar() == 1:
                    break
            time.sleep(0.2)
        assert cli.main(["runs", "--db", _url(engine)]) == 0
        assert "[still running]" in capsys.readouterr().out
    finally:
        proc.kill()
        proc.wait()
    time.sleep(0.5)  # the database notices the closed connection (PostgreSQL)
    assert cli.main(["runs", "--db", _url(engine)]) == 0
    [row] = [line for line in capsys.readouterr().out.splitlines() if "ingest" in line]
    assert row.split()[3:6] == ["1", "0", "0"] and row.endswith(
        "[interrupted: stored 1 file(s) before it stopped; undo 1 removes them]"
    ), row
    assert cli.main(["undo", "1", "--db", _url(engine)]) == 0
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM source_document")).scalar_one() == 0


# --------------------------------------------------------------------------- Streamlit's own upload endpoint


def _put_file(url: str, session_id: str, xsrf: str, size: int, send_body: bool = True) -> int:
    """PUT one file of `size` bytes to Streamlit's upload endpoint as the browser does; the status.
    Without `send_body` only the headers are sent (a server that refuses by the stated length
    answers before reading any of the body)."""
    import http.client
    from urllib.parse import urlsplit

    boundary = "----trajectories-test-boundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="letter.txt"\r\n'
        "Content-Type: text/plain\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    where = urlsplit(url)
    conn = http.client.HTTPConnection(where.hostname, where.port, timeout=60)
    try:
        conn.putrequest("PUT", f"/_stcore/upload_file/{session_id}/file-1")
        conn.putheader("Content-Type", f"multipart/form-data; boundary={boundary}")
        conn.putheader("Content-Length", str(len(head) + size + len(tail)))
        conn.putheader("X-Xsrftoken", xsrf)
        conn.putheader("Cookie", f"_streamlit_xsrf={xsrf}")
        conn.endheaders()
        if send_body:
            conn.send(head + b"x" * size + tail)
        return conn.getresponse().status
    finally:
        conn.close()


def _with_a_session(url: str, check) -> None:
    """Open a browser session on the served page (a websocket that runs the page once, as a browser
    tab does) and call check(session id, XSRF token) while it is open."""
    import urllib.request

    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.sync.client import connect

    with urllib.request.urlopen(url + "/_stcore/health") as page:  # sets the XSRF cookie, as for a browser
        cookies = page.headers.get_all("Set-Cookie") or []
    [xsrf] = [c.split(";", 1)[0].split("=", 1)[1] for c in cookies if c.startswith("_streamlit_xsrf=")]
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    with connect(ws_url, subprotocols=["streamlit"], additional_headers={"Cookie": f"_streamlit_xsrf={xsrf}"}) as ws:
        rerun = BackMsg()
        rerun.rerun_script.query_string = ""
        ws.send(rerun.SerializeToString())
        session_id, finished = None, False
        deadline = time.monotonic() + 120
        while not finished and time.monotonic() < deadline:
            msg = ForwardMsg()
            msg.ParseFromString(ws.recv(timeout=120))
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                session_id = msg.new_session.initialize.session_id
            finished = kind == "script_finished"
        assert session_id and finished, "the page did not run"
        check(session_id, xsrf)


def _serve_upload_page(tmp_path, secret: str | None):
    from benchmarks.served import serve
    from trajectories import admin
    from trajectories.db.engine import make_engine

    url = f"sqlite:///{tmp_path / 'served.db'}"
    engine = make_engine(url)
    ingest_module.prepare(engine)
    assert ingest(engine, [SEED]).ok
    engine.dispose()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": url}
    env.pop(admin.ENV, None)
    if secret:
        env[admin.ENV] = secret
    return serve(ROOT / "pages" / "7_Upload.py", env, log=tmp_path / "server.log")


def test_streamlits_upload_endpoint_refuses_files_over_the_product_limit(tmp_path):
    """A real HTTP upload to the running server, as a browser would send it, while an admin
    secret is set: a file within the product's limit is taken, one over it refused (413) before
    its body is read. (Before: Streamlit's default of 200 MB.)"""
    from benchmarks.served import stop
    from trajectories import admin

    proc, url = _serve_upload_page(tmp_path, secret="correct horse")
    try:

        def check(session_id, xsrf):
            assert _put_file(url, session_id, xsrf, 1000) == 204
            assert _put_file(url, session_id, xsrf, admin.MAX_FILE_BYTES + 1, send_body=False) == 413
            assert _put_file(url, session_id, xsrf, 1000) == 204  # the server still takes uploads

        _with_a_session(url, check)
    finally:
        stop(proc)


def test_streamlits_upload_endpoint_refuses_every_file_while_the_product_is_read_only(tmp_path):
    """Without an admin secret the product is read-only: the upload endpoint refuses even a small
    file sent whole, so nothing uploaded grows the server. (Before: four uploads left the server
    600 MB larger.)"""
    from benchmarks.served import stop

    proc, url = _serve_upload_page(tmp_path, secret=None)
    try:

        def check(session_id, xsrf):
            assert _put_file(url, session_id, xsrf, 1000) == 413
            assert _put_file(url, session_id, xsrf, 10) == 413

        _with_a_session(url, check)
    finally:
        stop(proc)


# --------------------------------------------------------------------------- a full disk during a bulk load


def _contents(engine) -> dict:
    """What a reader can see: every table's rows (but the load runs' own bookkeeping and times), what the
    findings search finds, and whether the word index is whole and kept up to date."""
    with engine.connect() as conn:
        tables = [
            name
            for (name,) in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'finding_words%'"
                " AND name NOT LIKE 'sqlite_%' AND name NOT IN ('load_run', 'load_problem')"
            )
        ]
        out = {}
        for name in tables:  # when a row was written is not what it holds
            columns = [c[1] for c in conn.exec_driver_sql(f"PRAGMA table_info({name})") if not c[1].endswith("_at")]
            out[name] = sorted(map(repr, conn.exec_driver_sql(f"SELECT {', '.join(columns)} FROM {name}")))
        out["search"] = [
            conn.exec_driver_sql("SELECT count(*) FROM finding_words WHERE finding_words MATCH ?", (word,)).scalar_one()
            for word in ("leaders", "social", "plans")
        ]
        out["triggers"] = sorted(
            conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'").scalars()
        )
        conn.exec_driver_sql("INSERT INTO finding_words(finding_words, rank) VALUES ('integrity-check', 1)")
    return out


def test_a_full_disk_during_a_bulk_load_is_one_line_and_leaves_the_database_as_it_was(tmp_path, capsys, monkeypatch):
    """A real limit, not a mock: SQLite refuses to grow the database past `max_page_count` pages
    ("database or disk is full"), as a full disk would. The load stops with one line; the data,
    the findings search and its word index (which a bulk load puts aside until it ends) are as
    they were."""
    from trajectories.db.engine import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'full.db'}")
    ingest_module.prepare(engine)
    assert ingest(engine, LETTERS[:2]).ok
    before = _contents(engine)
    assert before["search"][0] > 0 and len(before["triggers"]) == 3
    with engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar_one()

    @event.listens_for(engine, "connect")
    def _small(dbapi_connection, _record):
        dbapi_connection.execute(f"PRAGMA max_page_count={pages + 2}")

    engine.dispose()
    monkeypatch.setattr(ingest_module, "BULK_FILES", 5)  # these few letters load as a bulk load does
    monkeypatch.setattr("trajectories.db.engine.make_engine", lambda _url=None: engine)
    assert cli.main(["ingest", *map(str, LETTERS[2:12])]) == 2
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("the disk holding the database is full: "), err
    assert _contents(engine) == before


def test_a_bulk_load_finds_the_same_words_and_a_killed_one_is_repaired_by_the_next_command(tmp_path, monkeypatch):
    """A bulk load indexes the findings' words once at its end: the search then finds what a load
    file by file finds. One killed before its end leaves the index without its triggers; the next
    command's `prepare` puts them back and indexes what was stored meanwhile."""
    from trajectories.db import store
    from trajectories.db.engine import make_engine

    one_by_one = make_engine(f"sqlite:///{tmp_path / 'one.db'}")
    ingest_module.prepare(one_by_one)
    assert ingest(one_by_one, LETTERS[:8]).ok
    expected = _contents(one_by_one)

    bulk = make_engine(f"sqlite:///{tmp_path / 'bulk.db'}")
    ingest_module.prepare(bulk)
    monkeypatch.setattr(ingest_module, "BULK_FILES", 5)
    assert ingest(bulk, LETTERS[:8]).ok
    assert _contents(bulk) == expected

    killed = make_engine(f"sqlite:///{tmp_path / 'killed.db'}")
    ingest_module.prepare(killed)
    with writer(killed).begin() as conn:
        assert store.defer_word_index(conn)  # as a bulk load does first; then it is killed after storing
    monkeypatch.setattr(ingest_module, "BULK_FILES", 1000)
    assert ingest(killed, LETTERS[:8]).ok
    with killed.connect() as conn:
        assert store.word_index_deferred(conn)
    ingest_module.prepare(killed)  # what every command does first
    assert _contents(killed) == expected
