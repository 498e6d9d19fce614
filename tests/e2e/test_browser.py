"""A leader's journeys in a real browser against the served app."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot

TIMEOUT = 60_000


def test_first_run_shows_wrexham_trajectory(page, app_url):
    page.goto(app_url + "/?authority=W06000006")
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    expect(chart.locator(".main-svg").first).to_be_visible(timeout=TIMEOUT)
    expect(chart.get_by_text("Wrexham County Borough Council — Wales")).to_be_visible(timeout=TIMEOUT)
    # The level axis speaks in words, and the inferred judgement is drawn.
    expect(chart.get_by_text("Inadequate").first).to_be_visible()
    expect(chart.get_by_text("inferred from narrative")).to_be_visible()
    expect(page.get_by_text("We found case notes easy to follow", exact=False).first).to_be_visible(timeout=TIMEOUT)
    expect(page).to_have_url(re.compile(r"authority=W06000006"))
    screenshot(page, "authority-wrexham")
    assert not page.errors, page.errors
