"""A leader's journeys in a real browser against the served app."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot

TIMEOUT = 60_000
PAGES = ["Authority_trajectory", "Themes", "Compare", "Inadequate_episodes", "Findings_search", "About_the_data"]


def wait_for_app(page):
    expect(page.locator('[data-testid="stApp"]')).to_be_visible(timeout=TIMEOUT)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT)


def test_wrexham_trajectory(page, app_url):
    page.goto(app_url + "/Authority_trajectory?authority=W06000006")
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    expect(chart.locator(".main-svg").first).to_be_visible(timeout=TIMEOUT)
    expect(chart.get_by_text("Wrexham County Borough Council — Wales")).to_be_visible(timeout=TIMEOUT)
    expect(chart.get_by_text("Inadequate").first).to_be_visible()
    expect(chart.get_by_text("inferred from the narrative")).to_be_visible()
    expect(page.get_by_text("We found case notes easy to follow", exact=False).first).to_be_visible(timeout=TIMEOUT)
    expect(page).to_have_url(re.compile(r"authority=W06000006"))
    screenshot(page, "authority-wrexham")
    assert not page.errors, page.errors


def test_overview_then_authority_then_period_then_shared_link(page, browser, app_url):
    page.goto(app_url + "/")
    expect(page.get_by_role("heading", name="Overview")).to_be_visible(timeout=TIMEOUT)
    expect(page.locator('[data-testid="stPlotlyChart"] .main-svg').first).to_be_visible(timeout=TIMEOUT)
    screenshot(page, "overview")
    page.get_by_role("link", name="Authority trajectory").click()
    expect(page.get_by_role("heading", name="Authority trajectory")).to_be_visible(timeout=TIMEOUT)
    # change the period in the shared filters, with the keyboard only
    year = page.get_by_role("spinbutton", name="year, From")
    year.focus()
    page.keyboard.type("2019")
    for _ in range(3):  # through month and day, out of the field: the new date is committed
        page.keyboard.press("Tab")
    expect(page).to_have_url(re.compile(r"from=2019-01-01"), timeout=TIMEOUT)
    wait_for_app(page)
    shared = page.url
    title = page.locator('[data-testid="stPlotlyChart"] .gtitle').first.text_content(timeout=TIMEOUT)
    fresh = browser.new_page(viewport={"width": 1400, "height": 1000})
    fresh.goto(shared)
    expect(fresh.locator('[data-testid="stPlotlyChart"] .gtitle').first).to_have_text(title, timeout=TIMEOUT)
    expect(fresh).to_have_url(re.compile(r"from=2019-01-01"))
    fresh.close()
    assert not page.errors, page.errors


def test_findings_search(page, app_url):
    page.goto(app_url + "/Findings_search")
    box = page.get_by_role("textbox", name="Words to find (all must appear)")
    box.fill("traffic light system")
    box.press("Enter")
    expect(page).to_have_url(re.compile(r"q=traffic"), timeout=TIMEOUT)
    expect(page.get_by_text("findings", exact=False).first).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_text("traffic light system", exact=False).first).to_be_visible(timeout=TIMEOUT)
    expect(page.get_by_role("button", name="Results (CSV)")).to_be_visible()
    screenshot(page, "findings-search")
    assert not page.errors, page.errors


def test_every_page_without_an_exception(page, app_url):
    for name in PAGES:
        page.goto(f"{app_url}/{name}")
        expect(page.locator("h1").first).to_be_visible(timeout=TIMEOUT)
        wait_for_app(page)
        assert page.locator('[data-testid="stException"]').count() == 0, name
        screenshot(page, name.lower())
    assert not page.errors, page.errors


def test_briefing_downloads_from_the_authority_page(page, app_url, tmp_path):
    from pypdf import PdfReader

    page.goto(app_url + "/Authority_trajectory?authority=W06000006")
    expect(page.locator('[data-testid="stPlotlyChart"] .main-svg').first).to_be_visible(timeout=TIMEOUT)
    with page.expect_download(timeout=TIMEOUT) as info:
        page.get_by_role("button", name="Briefing (PDF)").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    text = "\n".join(p.extract_text() for p in PdfReader(path).pages)
    assert "Wrexham" in text and "Inadequate" in text
    with page.expect_download(timeout=TIMEOUT) as info:
        page.get_by_role("button", name="Events (CSV)").click()
    csv_path = tmp_path / info.value.suggested_filename
    info.value.save_as(csv_path)
    assert "ciw_monitoring_activity" in csv_path.read_text(encoding="utf-8") or "monitoring" in csv_path.read_text(
        encoding="utf-8"
    )


def test_who_is_inadequate_now_agrees_with_the_authorities_table(page, app_url, bundled_db):
    """The Overview's list and each authority's page say what the exported authorities table says."""
    import datetime as dt

    from trajectories import exports
    from trajectories.db.engine import make_engine
    from trajectories.domain import Filters

    engine = make_engine(bundled_db)
    with engine.connect() as conn:
        table = exports.table_frame(conn, Filters(nations=("England",)), "authorities", today=dt.date.today())
    engine.dispose()
    expected = sorted(table.loc[(table["inadequate_now"] == "yes") & table["exists_on"], "authority_name"])
    assert expected and "South Tyneside" not in expected
    page.goto(app_url + "/?nation=England")
    line = page.get_by_text(re.compile(r"^Judged inadequate now \(\d+\): "))
    expect(line).to_be_visible(timeout=TIMEOUT)
    shown = line.text_content().split(": ", 1)[1].rstrip(".").split(", ")
    assert shown == expected
    screenshot(page, "overview-england")
    for name, code in (
        (expected[0], table.loc[table["authority_name"] == expected[0], "authority_code"].iloc[0]),
        ("South Tyneside", "E08000023"),
    ):
        page.goto(f"{app_url}/Authority_trajectory?authority={code}")
        where = page.get_by_text(re.compile(r"^Where it stands now: "))
        expect(where).to_be_visible(timeout=TIMEOUT)
        row = table[table["authority_code"] == code].iloc[0]
        assert where.text_content().startswith(f"Where it stands now: {row['position']}")
        assert ("judged inadequate since" in where.text_content()) == (row["inadequate_now"] == "yes"), name
    assert not page.errors, page.errors
