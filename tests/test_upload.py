"""Only admins change anything; uploads are checked by content; hostile input stays inert."""

from __future__ import annotations

import pytest
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
    checked = admin.check_uploads(
        [pdf_named_text, text_named_pdf, ("empty.txt", b""), ("big.txt", b"x" * (admin.MAX_FILE_BYTES + 1))]
    )
    assert [c.kind for c in checked] == ["PDF", "text", None, None]
    assert checked[2].refused == "the file is empty" and "larger than" in checked[3].refused


def test_too_many_files_are_refused_beyond_the_cap():
    checked = admin.check_uploads([(f"f{i}.txt", b"text") for i in range(admin.MAX_FILES + 2)])
    assert sum(1 for c in checked if c.refused and "more than" in c.refused) == 2


def test_upload_names_cannot_escape_or_carry_markup():
    assert admin.safe_name("../../etc/passwd") == "passwd"
    assert admin.safe_name("..\\..\\windows\\evil.txt") == "evil.txt"
    assert admin.safe_name("<script>x</script>.txt") == "script.txt" or "<" not in admin.safe_name(
        "<script>x</script>.txt"
    )
    assert admin.safe_name("") == "upload"


def test_without_the_secret_the_upload_page_is_read_only(monkeypatch, app_db):
    monkeypatch.delenv(admin.ENV, raising=False)
    at = AppTest.from_file(UPLOAD, default_timeout=120).run()
    assert not at.exception
    assert any("read-only" in i.value for i in at.info)
    assert not at.get("file_uploader")
    from streamlit import config

    assert config.get_option("server.maxUploadSize") == 0  # Streamlit's upload endpoint refuses every file


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock(monkeypatch):
    """A fresh count of attempts at the secret, on a clock the test moves."""
    fake = FakeClock()
    monkeypatch.setattr(admin, "ATTEMPTS", admin.Attempts(clock=fake))
    return fake


def test_with_the_secret_an_admin_gets_the_uploader(monkeypatch, app_db, clock):
    monkeypatch.setenv(admin.ENV, "correct horse")
    at = AppTest.from_file(UPLOAD, default_timeout=120).run()
    assert not at.get("file_uploader")
    at = at.text_input(key="admin_given").input("wrong").run()
    assert any("not the admin secret" in e.value for e in at.error)
    at = at.text_input(key="admin_given").input("correct horse").run()  # too soon: not even checked
    assert any("Wait 1 second" in e.value for e in at.error) and not at.get("file_uploader")
    clock.now += 1
    at = at.text_input(key="admin_given").input("").run()  # the browser's field was emptied by the page
    at = at.text_input(key="admin_given").input("correct horse").run()
    assert not at.exception and at.get("file_uploader")
    from streamlit import config

    assert config.get_option("server.maxUploadSize") == admin.MAX_FILE_BYTES // (1024 * 1024)


def test_wrong_secrets_wait_longer_each_time_then_lock_the_session_out(clock, caplog):
    """Each wrong secret makes the next attempt wait longer (1, 2, 4, 8 s); the fifth in a row
    locks the session out for 15 minutes, even with the right secret; every failure is logged."""
    secret = "correct horse"
    waits = []
    for _ in range(admin.SESSION_LOCKOUT_AFTER - 1):
        assert admin.try_secret("wrong", secret, "s1").startswith("That was not the admin secret. Wait")
        refusal = admin.ATTEMPTS.refusal("s1")
        waits.append(int(refusal.split("Wait ")[1].split(" second")[0]))
        clock.now += waits[-1]
    assert waits == [1, 2, 4, 8]
    message = admin.try_secret("wrong", secret, "s1")
    assert "locked for about 15 minutes" in message
    clock.now += 14 * 60
    assert "locked" in admin.try_secret(secret, secret, "s1")  # the right secret is not even checked
    assert admin.try_secret(secret, secret, "s2") is None  # another session is not locked
    clock.now += 60
    assert admin.try_secret(secret, secret, "s1") is None
    failures = [r for r in caplog.records if r.name == "trajectories.admin"]
    assert len(failures) == admin.SESSION_LOCKOUT_AFTER and "5 in a row" in failures[-1].getMessage()


def test_wrong_secrets_from_many_sessions_lock_everyone_out(clock):
    """An attacker opening a new session for each guess is stopped by the overall count."""
    for n in range(admin.OVERALL_LOCKOUT_AFTER):
        assert admin.try_secret("wrong", "correct horse", f"guesser {n}") is not None
    message = admin.try_secret("correct horse", "correct horse", "an honest admin")
    assert "closed for everyone" in message and "15 minutes" in message
    clock.now += admin.LOCKOUT_SECONDS
    assert admin.try_secret("correct horse", "correct horse", "an honest admin") is None


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


def test_a_welsh_page_uploaded_appears_on_its_authoritys_chart_and_in_its_findings(monkeypatch, tmp_path):
    """The Powys follow-up inspection page (CIW, cut off, not in CIW's letter form) through the Upload page."""
    import streamlit as st

    from tests.conftest import shared
    from trajectories.db.engine import make_engine
    from trajectories.ingest import prepare

    [powys] = list(shared("wales_scotland_pages").glob("21_*"))
    url = f"sqlite:///{tmp_path / 'upload.db'}"
    engine = make_engine(url)
    prepare(engine)
    ingest(engine, [SEED])  # a database that already holds a document: the app does not load the bundle
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv(admin.ENV, "s3cret")

    class Uploaded:  # what the uploader hands the page: a name and the bytes
        name = powys.name

        def getvalue(self):
            return powys.read_bytes()

    monkeypatch.setattr(st, "file_uploader", lambda *args, **kwargs: [Uploaded()])
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(UPLOAD, default_timeout=120)
    at.session_state["admin_ok"] = "s3cret"
    at.run()
    assert not at.exception, at.exception
    preview = at.dataframe[0].value
    assert list(preview["Read as"]) == ["CIW page or letter"] and list(preview["Authority"]) == ["Powys County Council"]
    assert "looks cut off" in preview["Problem"].iloc[0]
    at = at.button(key="commit").click().run()
    assert not at.exception and any("loaded 1" in s.value for s in at.success)

    st.cache_data.clear()
    page = AppTest.from_file(str(ROOT / "pages" / "1_Authority_trajectory.py"), default_timeout=120)
    page.query_params["authority"] = "W06000023"
    page.run()
    page = page.toggle(key="show_tables").set_value(True).run()

    def table(app, column):  # the table of the page that has this column
        return next(d.value for d in app.dataframe if column in d.value.columns)

    events = table(page, "Kind of visit")
    visit = events[events["Planned"] == "no"]
    assert list(visit["Kind of visit"]) == ["CIW follow-up inspection"] and "October 2018" in str(
        visit["Started"].iloc[0]
    )
    # "Significant improvement achieved … but serious concerns remain": progress, damped
    assert set(table(page, "Direction (\u22122 to +2)")["Direction (\u22122 to +2)"]) == {"\u25b2 Making progress"}
    page = page.toggle(key="show_findings_table").set_value(True).run()
    findings = table(page, "Concern or strength")
    assert "Ensure investigation of complaints are thorough and in accordance with Welsh Government guidelines." in set(
        findings["Finding, as written"]
    )


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
    letter = (
        SEED.read_text(encoding="utf-8")
        .replace("Wrexham", "Powys")
        .replace("from 26 April 2021 to 29 April 2021", "from 10 May 2022 to 12 May 2022")
    )
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
