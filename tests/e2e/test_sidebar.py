"""The shared filters in a real browser: a date's calendar opens over no other filter, at the board
meeting widths, and a day chosen in it applies; opened from the keyboard, it is placed the same."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot

TIMEOUT = 60_000
FILTERS = """() => [...document.querySelectorAll(
  '[data-testid="stSidebar"] [data-testid="stMultiSelect"], [data-testid="stSidebar"] [data-testid="stDateInput"]')]
  .map(e => { const r = e.getBoundingClientRect();
               return [e.innerText.split('\\n')[0], [r.left, r.top, r.right, r.bottom]]; })"""


def box(locator) -> list[float]:
    b = locator.bounding_box()
    return [b["x"], b["y"], b["x"] + b["width"], b["y"] + b["height"]]


def overlap(a, b) -> bool:
    return a[0] < b[2] - 1 and b[0] < a[2] - 1 and a[1] < b[3] - 1 and b[1] < a[3] - 1


@pytest.mark.parametrize("width", [1400, 1024])
def test_a_dates_calendar_covers_no_filter(browser, app_url, width):
    context = browser.new_context(viewport={"width": width, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(app_url + "/Themes?from=2019-01-01")
        fields = page.locator('[data-testid="stSidebar"] [data-testid="stDateInput"]')
        expect(fields.nth(1)).to_be_visible(timeout=TIMEOUT)
        page.wait_for_timeout(1500)
        calendar = page.get_by_test_id("stDateInputCalendar")
        for i, name in enumerate(["From", "To"]):
            if i == 0:
                fields.nth(i).get_by_test_id("stDateInputCalendarButton").click()
            else:  # the keyboard way: Alt+Down in the field
                page.get_by_role("spinbutton", name=f"year, {name}").focus()
                page.keyboard.press("Alt+ArrowDown")
            expect(calendar).to_be_visible(timeout=TIMEOUT)
            page.wait_for_timeout(500)
            shown = box(calendar)
            covered = [label for label, where in page.evaluate(FILTERS) if overlap(shown, where)]
            assert covered == [], f"the {name} calendar covers {covered} at {width} pixels"
            assert shown[2] <= width and shown[3] <= 1000, "the calendar runs off the window"
            screenshot(page, f"calendar-{name.lower()}-{width}")
            page.keyboard.press("Escape")
            expect(calendar).to_be_hidden(timeout=TIMEOUT)
        # a day chosen in the calendar applies
        fields.nth(0).get_by_test_id("stDateInputCalendarButton").click()
        calendar.get_by_text("15", exact=True).first.click()
        expect(page).to_have_url(re.compile(r"from=2019-01-15"), timeout=TIMEOUT)
        assert not errors, errors
    finally:
        context.close()
