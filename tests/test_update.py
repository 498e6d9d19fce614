"""The updater against a local imitation of Ofsted's reports site (loopback only, never the internet):
new documents found and loaded with their origin, nothing fetched twice, every kind of failure
reported alone with the data left as it was, and --since / --authority limiting the work."""

from __future__ import annotations

import csv
import datetime as dt
import io
import socket
import time

import pytest
from sqlalchemy import func, select

from tests.conftest import shared
from tests.ofsted_site import Doc, Provider, Site
from trajectories import ingest, update
from trajectories.db import store
from trajectories.db.models import SiteCheck, SourceDocument, WebDocument
from trajectories.domain import Filters
from trajectories.update import ofsted, status
from trajectories.update.web import Client, FetchError

CONTACT = "data-team@example.org"
SEND = "Area SEND inspection, PDF"  # another remit on the same page: never fetched


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch):
    """Nothing in these tests may reach an address other than loopback."""
    real = socket.create_connection

    def guarded(address, *args, **kwargs):
        host = address[0]
        assert host in ("127.0.0.1", "localhost", "::1"), f"a test tried to reach {host}"
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)
    monkeypatch.setenv("TRAJECTORIES_CONTACT", CONTACT)


def pdf(name: str):
    return shared("ofsted", "pdf_samples", name)


def bradford(*behaviours: str) -> Provider:
    """Bradford's page: a focused visit letter and an inspection report, newest first, and a SEND report."""
    focused = Doc(
        50100001,
        pdf("80449_bradford_2021-02-12_focused-visit-letter.pdf"),
        "Children's services focused visit, PDF",
        "Children's services focused visit - 12 February 2021",
    )
    report = Doc(
        50100002,
        pdf("80449_bradford_2023-01-31_ilacs-inspection-report.pdf"),
        "Children's services inspection, PDF",
        "Children's services inspection - 31 January 2023",
    )
    send = Doc(
        50100003,
        pdf("80449_bradford_2023-01-31_ilacs-inspection-report.pdf"),
        SEND,
        "Area SEND inspection - 10 March 2023",
    )
    docs = [send, report, focused]
    # Fewer behaviours than documents leave the rest behaving normally.
    for doc, behaviour in zip((report, focused), behaviours, strict=False):
        doc.behaviour = behaviour
    return Provider("80449", "City of Bradford Metropolitan District Council", docs)


def wakefield(layout: str = "ok") -> Provider:
    return Provider(
        "80451",
        "Wakefield Council",
        [
            Doc(
                50200001,
                pdf("80451_wakefield_2020-12-18_focused-visit-letter.pdf"),
                "Children's services focused visit, PDF",
                "Children's services focused visit - 18 December 2020",
            )
        ],
        layout,
    )


def site(*providers: Provider, **kwargs) -> Site:
    return Site(
        list(providers), html_page=pdf("80429_birmingham_2012-10-19_NOT-A-PDF-html-error-page.pdf.html"), **kwargs
    )


def client(**kwargs) -> Client:
    return Client(CONTACT, delay=kwargs.pop("delay", 0), timeout=kwargs.pop("timeout", 5), backoff=0, **kwargs)


def count(engine, model) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def test_new_documents_are_found_loaded_and_remember_where_they_came_from(engine):
    with site(bradford(), wakefield(), cap=1) as s:
        report = update.check(engine, "ofsted", client=client(), site=s.url)
        assert report.ok, report.lines()
        assert report.providers == 2 and report.listed == 3 and len(report.loaded) == 3
        assert len(s.requests("/search")) == 3  # capped at one row: read page after page until an empty one
        files = [p for p, _ in s.requests("/v1/file/")]
        assert sorted(files) == ["/v1/file/50100001", "/v1/file/50100002", "/v1/file/50200001"]  # not the SEND report
        assert all(
            h["user-agent"].startswith("local-authority-trajectories/") and CONTACT in h["user-agent"] for _, h in s.log
        )
        with engine.connect() as conn:
            docs = {d.url: d for d in conn.execute(select(SourceDocument.__table__)).all()}
            assert set(docs) == {f"{s.url}/v1/file/50100001", f"{s.url}/v1/file/50100002", f"{s.url}/v1/file/50200001"}
            assert docs[f"{s.url}/v1/file/50200001"].page_url == f"{s.url}/provider/16/80451"
            assert docs[f"{s.url}/v1/file/50200001"].authority_code == "E08000036"  # Wakefield
            [run] = store.runs(conn)
            assert run["command"] == f"update ofsted from {s.url}" and run["loaded"] == 3
            rows = list(csv.DictReader(io.StringIO(_csv(conn))))
            assert {r["source_url"] for r in rows} == set(docs)  # the exports name the original's address

        again = update.check(engine, "ofsted", client=client(), site=s.url)
        assert again.ok and again.listed == 3 and not again.new and not again.run_ids
        assert len(s.requests("/v1/file/")) == 3  # nothing downloaded twice
        pages = s.requests("/provider/")[-2:]
        assert all("if-none-match" in h for _, h in pages)  # the pages were asked for conditionally (304)

        undone = ingest.undo(engine, report.run_ids[0])
        assert undone.documents == 3
        update.check(engine, "ofsted", client=client(), site=s.url)
        assert len(s.requests("/v1/file/")) == 3  # what was taken out by hand is not fetched back
    with engine.connect() as conn:
        last = status.latest(conn)
    assert last.state == "finished" and last.last_finished is not None and "0 new" in last.summary


def _csv(conn) -> str:
    from trajectories import exports

    return exports.export_csv(conn, Filters()).decode("utf-8")


def test_a_document_already_held_is_not_loaded_twice_and_gains_its_address(engine, tmp_path):
    copy = tmp_path / "bradford-focused-visit.pdf"  # the same bytes as the site's
    copy.write_bytes(pdf("80449_bradford_2021-02-12_focused-visit-letter.pdf").read_bytes())
    text = shared("ofsted", "ofsted_ilacs_reports", "80449_bradford", "2023-01-31_childrens-services-inspection.txt")
    ingest.ingest(engine, [copy, text])  # the site's report as extracted text: the same document
    with site(bradford()) as s:
        report = update.check(engine, "ofsted", client=client(), site=s.url, authority_codes=["E08000032"])
    assert report.ok and not report.loaded and len(report.unchanged) == 2
    with engine.connect() as conn:
        urls = dict(conn.execute(select(SourceDocument.path, SourceDocument.url)).all())
    assert urls == {
        ingest.display_path(copy): f"{s.url}/v1/file/50100001",
        ingest.display_path(text): f"{s.url}/v1/file/50100002",
    }


def test_each_failure_is_reported_alone_and_leaves_the_data_as_it_was(tmp_path):
    from trajectories.db.engine import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'u.db'}")
    ingest.prepare(engine)
    failing = [
        bradford("truncated", "html"),
        wakefield("changed"),
        Provider(
            "80436",
            "Bracknell Forest Council",
            [
                Doc(
                    50300001,
                    pdf("80451_wakefield_2022-01-05_ilacs-inspection-report.pdf"),
                    "Children's services inspection, PDF",
                    "Children's services inspection",
                ),
                Doc(
                    50300002,
                    pdf("80451_wakefield_2018-07-17_ilacs-inspection-report.pdf"),
                    "Children's services monitoring visit, PDF",
                    "Monitoring visit",
                    "500",
                ),
                Doc(
                    50300003,
                    pdf("80449_bradford_2018-10-29_ilacs-inspection-report.pdf"),
                    "Children's services monitoring visit, PDF",
                    "Monitoring visit",
                    "slow",
                ),
            ],
        ),
    ]
    with site(*failing, slow_seconds=1.5) as s:
        report = update.check(engine, "ofsted", client=client(timeout=0.4), site=s.url)
        assert not report.ok
        reasons = dict(report.failed)
        assert len(reasons) == 5, report.lines()
        by_file = {name.rsplit("_", 1)[-1]: reason for name, reason in report.failed}
        assert "cut short" in by_file["50100002.pdf"] or "incomplete" in by_file["50100002.pdf"]
        assert "a web page where the link promised a PDF" in by_file["50100001.pdf"]
        assert "answered 500" in by_file["50300002.pdf"] and "after 3 tries" in by_file["50300002.pdf"]
        assert "no answer within 0.4 s" in by_file["50300003.pdf"]
        assert "layout has changed" in reasons["Wakefield's page on the site"]
        assert len(s.requests("/v1/file/50300002")) == 3  # tried again, then given up
        # The one good document loaded; nothing else is in the database or the index.
        assert len(report.loaded) == 1 and count(engine, SourceDocument) == 1 and count(engine, WebDocument) == 1
        with engine.connect() as conn:
            [run] = store.runs(conn)
            problems = status.latest(conn).problems
        assert run["failed"] == 4
        assert len(problems) == 5 and problems["why"].str.len().min() > 10

        # The site mends: the next check fetches exactly what failed, and only that.
        for provider in s.providers:
            provider.layout = "ok"
            for doc in provider.docs:
                doc.behaviour = "ok"
        before = len(s.requests("/v1/file/50300001"))
        mended = update.check(engine, "ofsted", client=client(), site=s.url)
        assert mended.ok, mended.lines()
        assert len(mended.loaded) == 5 and len(s.requests("/v1/file/50300001")) == before
    engine.dispose()


def test_a_stopped_check_picks_up_where_it_stopped(tmp_path, monkeypatch):
    from trajectories.db.engine import make_engine

    engine = make_engine(f"sqlite:///{tmp_path / 'stop.db'}")
    ingest.prepare(engine)
    monkeypatch.setattr(update, "CHUNK", 1)  # one document to a load run

    def stop(phase: str, done: int, total: int) -> None:
        if phase.startswith("downloading") and done == 2:
            raise KeyboardInterrupt

    with site(bradford(), wakefield()) as s:
        with pytest.raises(KeyboardInterrupt):
            update.check(engine, "ofsted", client=client(), site=s.url, progress=stop)
        assert count(engine, SourceDocument) == 2
        with engine.connect() as conn:
            assert conn.execute(select(SiteCheck.state)).scalar_one() == "failed"
        resumed = update.check(engine, "ofsted", client=client(), site=s.url)
        assert resumed.ok and len(resumed.loaded) == 1 and count(engine, SourceDocument) == 3
        assert len(s.requests("/v1/file/")) == 3  # the two loaded before the stop were not fetched again


def test_a_listing_without_provider_links_fails_loudly(engine):
    with site(bradford(), listing_layout="changed") as s:
        report = update.check(engine, "ofsted", client=client(), site=s.url)
    assert not report.ok and report.listed == 0
    [(what, why)] = report.failed
    assert what == "the site's list of providers" and "no provider links" in why and "layout has changed" in why
    assert count(engine, SourceDocument) == 0
    with engine.connect() as conn:
        assert conn.execute(select(SiteCheck.state)).scalar_one() == "failed"


def test_since_and_authority_limit_the_work(engine):
    with site(bradford(), wakefield()) as s:
        dry = update.check(engine, "ofsted", client=client(), site=s.url, since=dt.date(2022, 1, 1), dry_run=True)
        assert [f.url for f in dry.new] == [f"{s.url}/v1/file/50100002"]
        assert dry.lines()[1].startswith(f"would fetch {s.url}/v1/file/50100002 (Bradford: Children's services insp")
        assert not s.requests("/v1/file/") and count(engine, SiteCheck) == 0  # a dry run fetches and writes nothing

        read = len(s.requests("/provider/16/80449"))
        only = update.check(engine, "ofsted", client=client(), site=s.url, authority_codes=["E08000036"])
        assert only.ok and only.providers == 1 and len(only.loaded) == 1
        assert len(s.requests("/provider/16/80449")) == read  # Bradford's page was not even read
        assert [p for p, _ in s.requests("/v1/file/")] == ["/v1/file/50200001"]

        unknown = update.check(engine, "ofsted", client=client(), site=s.url, authority_codes=["E09000006"])
        assert not unknown.ok and unknown.failed == [("Bromley", "not among the providers the site lists")]


def test_the_command_line_prints_a_summary_last_and_fails_only_on_failure(tmp_path, capsys):
    from trajectories.cli import main

    db = f"sqlite:///{tmp_path / 'cli.db'}"
    with site(wakefield()) as s:
        assert main(["update", "ofsted", "--site", s.url, "--delay", "0", "--db", db, "--dry-run"]) == 0
        out = capsys.readouterr().out.strip().splitlines()
        assert out[0].startswith(f"would fetch {s.url}/v1/file/50200001") and "1 new (a dry run" in out[-1]
        assert main(["update", "ofsted", "--site", s.url, "--delay", "0", "--db", db, "--authority", "Wakefield"]) == 0
        assert "loaded 1, unchanged 0, failed 0 (load run 1)" in capsys.readouterr().out.strip().splitlines()[-1]
        s.providers[0].docs.append(
            Doc(50200002, None, "Children's services monitoring visit, PDF", "Monitoring visit", "500")
        )
        assert main(["update", "ofsted", "--site", s.url, "--delay", "0", "--retry-wait", "0", "--db", db]) == 1
        lines = capsys.readouterr().out.strip().splitlines()
        assert lines[0].startswith("FAILED ") and "answered 500" in lines[0] and "failed 1" in lines[-1]
    assert main(["update", "ofsted", "--since", "last week", "--db", db]) == 1
    assert "--since 'last week' is not a date" in capsys.readouterr().err


def test_no_contact_no_requests(monkeypatch, tmp_path, capsys):
    from trajectories.cli import main

    monkeypatch.delenv("TRAJECTORIES_CONTACT")
    assert main(["update", "ofsted", "--db", f"sqlite:///{tmp_path / 'c.db'}"]) == 1
    assert "TRAJECTORIES_CONTACT" in capsys.readouterr().err


def test_requests_are_spaced_by_the_polite_delay():
    with site(wakefield()) as s:
        polite = client(delay=0.2)
        started = time.monotonic()
        for _ in range(3):
            polite.get(f"{s.url}/provider/16/80451")
        assert time.monotonic() - started >= 0.4
        with pytest.raises(FetchError, match="answered 404"):
            polite.get(f"{s.url}/provider/16/1")  # not tried again: only timeouts, 429 and 5xx are
        assert len(s.requests("/provider/16/1")) == 1


def test_provider_and_publication_links_are_read_by_the_documented_layout():
    page = (
        '<a href="/provider/16/2532283">Dorset Council</a><a href="/about">About</a>'
        '<a href="/provider/16/80490/">London Borough of Bromley</a>'
    )
    found = ofsted.providers(page, "https://reports.example/search?start=0")
    assert [(p.urn, p.url) for p in found] == [
        ("2532283", "https://reports.example/provider/16/2532283"),
        ("80490", "https://reports.example/provider/16/80490/"),
    ]
    assert [ofsted.authority_of(p).code for p in found] == ["E06000059", "E09000006"]
    assert ofsted.authority_of(ofsted.Provider("1", "Wakefield Council", "")).code == "E08000036"  # by name

    page = (
        '<ul><li><a class="publication-link" href="https://files.example/v1/file/50276411">Report'
        '<span class="nonvisual">Children\u2019s services inspection, PDF</span></a>'
        '<time datetime="2025-05-09">9 May 2025</time></li>'
        '<li><a class="publication-link" href="https://files.example/v1/file/2">'
        '<span class="nonvisual">Area SEND inspection, PDF</span></a> 1 March 2024</li></ul>'
    )
    links = ofsted.publications(page, "https://reports.example/provider/16/2532283")
    assert [(p.url, p.published) for p in links] == [
        ("https://files.example/v1/file/50276411", dt.date(2025, 5, 9)),
        ("https://files.example/v1/file/2", dt.date(2024, 3, 1)),
    ]
    assert [ofsted.is_childrens_services(p.description) for p in links] == [True, False]
    assert ofsted.plain_description("Children's services focused visit, PDF") == "Children's services focused visit"
    for words in (
        "Children's services monitoring visit",
        "Joint targeted area inspection",
        "Re-inspection of children's services",
        "Inspection of local authority children's services",
    ):
        assert ofsted.is_childrens_services(words), words
    for words in ("Local authority fostering agency inspection", "Children's home inspection"):
        assert not ofsted.is_childrens_services(words), words


@pytest.fixture
def checked_db(tmp_path, monkeypatch):
    """A database with one check of the imitation site behind it, for the pages."""
    import streamlit as st

    from trajectories.db.engine import make_engine

    url = f"sqlite:///{tmp_path / 'pages.db'}"
    engine = make_engine(url)
    ingest.prepare(engine)
    with site(wakefield(), bradford("500")) as s:
        report = update.check(engine, "ofsted", client=client(), site=s.url, since=dt.date(2021, 1, 1))
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", url)
    st.cache_data.clear()
    st.cache_resource.clear()
    yield report
    st.cache_data.clear()
    st.cache_resource.clear()


def test_about_the_data_shows_the_last_check_what_it_added_and_what_failed(checked_db):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    at = AppTest.from_file(str(ROOT / "pages" / "6_About_the_data.py"), default_timeout=120).run()
    assert not at.exception
    said = " ".join(t.value for t in at.text)
    assert "Ofsted's reports site was last checked at" in said and "finished with problems" in said
    frames = {tuple(d.value.columns): d.value for d in at.dataframe}
    added = frames[("added on", "authority", "document", "link to the original", "page on the site", "load run")]
    assert list(added["authority"]) == ["Bradford"] and added["link to the original"][0].endswith("/v1/file/50100001")
    problems = frames[("what", "why")]
    assert len(problems) == 1 and "answered 500" in problems["why"][0]


def test_an_admin_can_start_a_check_from_the_upload_page(checked_db, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT
    from trajectories import admin

    monkeypatch.setenv(admin.ENV, "correct horse")
    monkeypatch.delenv("TRAJECTORIES_CONTACT")
    at = AppTest.from_file(str(ROOT / "pages" / "7_Upload.py"), default_timeout=120).run()
    at = at.text_input(key="admin_given").input("correct horse").run()
    assert not at.exception
    assert any("was last checked at" in t.value for t in at.text)
    at = at.button(key="site_check").click().run()  # no contact configured: refused with the reason, nothing fetched
    assert any("TRAJECTORIES_CONTACT" in e.value for e in at.error)

    from trajectories.db.engine import make_engine, writer

    engine = make_engine()
    with writer(engine).begin() as conn:  # a check running in another process
        now = update._now()
        conn.execute(
            SiteCheck.__table__.insert().values(
                source="ofsted",
                site=ofsted.SITE,
                started_by="command line",
                started_at=now,
                updated_at=now,
                state="running",
                phase="reading the providers' pages (York)",
                done=150,
                total=153,
                listed=0,
                loaded=0,
                unchanged=0,
                failed=0,
            )
        )
    engine.dispose()
    at = at.run()
    assert any("is running: reading the providers' pages (York), 150 of 153" in t.value for t in at.text)
    assert at.button(key="site_check").disabled and at.get("progress")[0].proto.value == 98


def test_two_checks_of_one_site_never_run_at_once(engine):
    from trajectories.db.engine import writer

    now = update._now()
    with writer(engine).begin() as conn:
        conn.execute(
            SiteCheck.__table__.insert().values(
                source="ofsted",
                site="https://elsewhere.example",
                started_by="Upload page",
                started_at=now,
                updated_at=now,
                state="running",
                phase="downloading",
                done=1,
                total=4,
                listed=0,
                loaded=0,
                unchanged=0,
                failed=0,
            )
        )
    with site(wakefield()) as s:
        with pytest.raises(update.Busy, match="still running"):
            update.check(engine, "ofsted", client=client(), site=s.url)
        assert not s.log  # refused before a single request
        with engine.connect() as conn:
            assert status.latest(conn).headline.startswith("A check of Ofsted's reports site started at")
        with writer(engine).begin() as conn:  # its process died: silent for longer than STALE
            conn.execute(SiteCheck.__table__.update().values(updated_at=now - update.STALE - dt.timedelta(seconds=1)))
        with engine.connect() as conn:
            assert status.latest(conn).state == "stopped"
        assert update.check(engine, "ofsted", client=client(), site=s.url, dry_run=False).ok


def test_the_authority_page_links_to_the_original_document(checked_db):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=120)
    at.query_params["authority"] = "E08000032"
    at.run()
    at.switch_page("pages/1_Authority_trajectory.py").run()
    assert not at.exception, at.exception
    [link] = at.get("link_button")
    assert link.proto.label == "Open the original document" and link.proto.url.endswith("/v1/file/50100001")
