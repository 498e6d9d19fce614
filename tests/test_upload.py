"""Only admins change anything; uploads are checked by content; hostile input stays inert."""

from __future__ import annotations

from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, SEED
from trajectories import admin
from trajectories.db import queries
from trajectories.domain import Filters
from trajectories.ingest import ingest

UPLOAD = str(ROOT / "pages" / "7_Upload.py")


def test_uploads_are_checked_by_content_not_name():
    pdf_named_text = ("report.txt", b"%PDF-1.4 ...")
    text_named_pdf = ("letter.pdf", SEED.read_bytes())
    checked = admin.check_uploads([pdf_named_text, text_named_pdf, ("empty.txt", b""),
                                   ("big.txt", b"x" * (admin.MAX_FILE_BYTES + 1))])
    assert [c.kind for c in checked] == ["PDF", "text", None, None]
    assert checked[2].refused == "the file is empty" and "larger than" in checked[3].refused


def test_too_many_files_are_refused_beyond_the_cap():
    checked = admin.check_uploads([(f"f{i}.txt", b"text") for i in range(admin.MAX_FILES + 2)])
    assert sum(1 for c in checked if c.refused and "more than" in c.refused) == 2


def test_upload_names_cannot_escape_or_carry_markup():
    assert admin.safe_name("../../etc/passwd") == "passwd"
    assert admin.safe_name("..\\..\\windows\\evil.txt") == "evil.txt"
    assert admin.safe_name("<script>x</script>.txt") == "script.txt" or "<" not in admin.safe_name("<script>x</script>.txt")
    assert admin.safe_name("") == "upload"


def test_without_the_secret_the_upload_page_is_read_only(monkeypatch, app_db):
    monkeypatch.delenv(admin.ENV, raising=False)
    at = AppTest.from_file(UPLOAD, default_timeout=120).run()
    assert not at.exception
    assert any("read-only" in i.value for i in at.info)
    assert not at.get("file_uploader")


def test_with_the_secret_an_admin_gets_the_uploader(monkeypatch, app_db):
    monkeypatch.setenv(admin.ENV, "correct horse")
    at = AppTest.from_file(UPLOAD, default_timeout=120).run()
    assert not at.get("file_uploader")
    at = at.text_input(key="admin_given").input("wrong").run()
    assert any("not the admin secret" in e.value for e in at.error)
    at = at.text_input(key="admin_given").input("correct horse").run()
    assert not at.exception and at.get("file_uploader")


HOSTILE = ["'; DROP TABLE event; --", "W06000006' OR '1'='1", "%", "_", "\\", "\x00"]


def test_hostile_filter_values_reach_sql_only_as_parameters(engine):
    ingest(engine, [SEED])
    with engine.connect() as conn:
        for value in HOSTILE:
            f = Filters(authorities=(value,), nations=(value,), regions=(value,), inspectorates=(value,))
            assert queries.events(conn, f).empty
            assert queries.findings(conn, Filters(), text=value.replace("\x00", "")).shape[0] in (0, 7)
        assert conn.execute(text("SELECT count(*) FROM event")).scalar_one() == 4


def test_hostile_url_parameters_are_dropped(app_db):
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params.update({"authority": HOSTILE[0], "nation": HOSTILE[1], "from": "not-a-date", "q": "<script>"})
    at.run()
    assert not at.exception
    assert at.query_params["authority"] == "" and at.query_params["nation"] == ""


def test_recent_uploads_are_listed_with_their_undo_whenever_the_page_opens(monkeypatch, tmp_path):
    """An admin who leaves the page and comes back still finds the upload and undoes it there."""
    import streamlit as st

    from tests.conftest import SEED
    from trajectories import ingest
    from trajectories.db import store
    from trajectories.db.engine import make_engine

    url = f"sqlite:///{tmp_path / 'runs.db'}"
    engine = make_engine(url)
    ingest.prepare(engine)
    monkeypatch.setenv("TRAJECTORIES_HOME", str(tmp_path))
    ingest.ingest(engine, [SEED])  # a database that holds a document: the app does not load the bundle
    letter = SEED.read_text(encoding="utf-8").replace("Wrexham", "Powys").replace(
        "from 26 April 2021 to 29 April 2021", "from 10 May 2022 to 12 May 2022")
    report = ingest.load(engine, [("powys-letter.txt", lambda: letter.encode("utf-8"))], command="upload of 1 file(s)")
    assert report.loaded == ["powys-letter.txt"]
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv(admin.ENV, "correct horse")
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(UPLOAD, default_timeout=120).run()
    at = at.text_input(key="admin_given").input("correct horse").run()
    listed = [m.value for m in at.markdown if m.value.startswith("Load ")]
    assert listed and f"Load {report.run_id}" in listed[0] and "1 loaded" in listed[0]
    at = at.button(key=f"undo_{report.run_id}").click().run()
    assert not at.exception
    with engine.connect() as conn:
        assert store.runs(conn, report.run_id)[0]["undone_at"] is not None
    listed = [m.value for m in at.markdown if m.value.startswith("Load ")]
    assert "undone" in listed[0] and all(b.key != f"undo_{report.run_id}" for b in at.button)
    st.cache_data.clear()
    st.cache_resource.clear()
