"""What a director puts on the screen in a board meeting, in a real browser: every page at 1400 and
1024 pixels wide, light and dark, with screenshots kept in test-artefacts/; no internal code in
what the page shows; no chart's legend over its plotting area or its axis title, no two labels
on one another; the movement first, opening its authority."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import screenshot
from trajectories import labels

TIMEOUT = 60_000
VIEWS = [
    ("overview", "/?from=2025-01-01"),
    ("authority", "/Authority_trajectory?authority=E08000032"),
    ("themes", "/Themes?nation=England"),
    ("compare", "/Compare?compare=neighbours&one=E08000032"),
    ("episodes", "/Inadequate_episodes"),
    ("search", "/Findings_search?q=management%20oversight"),
    ("about", "/About_the_data"),
]

BOXES = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].map(chart => {
  const box = el => { if (!el) return null; const r = el.getBoundingClientRect();
                      return r.width && r.height ? [r.left, r.top, r.right, r.bottom] : null; };
  return {legend: box(chart.querySelector('.legend')),
          plots: [...chart.querySelectorAll('.nsewdrag')].map(box).filter(Boolean),
          xtitles: [...chart.querySelectorAll('.g-xtitle, [class^="g-x"][class$="title"]')].map(box).filter(Boolean),
          notes: [...chart.querySelectorAll('.annotation-text-g')].map(box).filter(Boolean)};
})"""


# The main area's words as a reader sees them (icons are drawn from ligature words: left out).
MAIN_TEXT = """() => { const main = document.querySelector('[data-testid="stMain"]').cloneNode(true);
  main.querySelectorAll('[data-testid="stIconMaterial"], .material-symbols-rounded').forEach(e => e.remove());
  document.body.appendChild(main); const text = main.innerText; main.remove(); return text; }"""


def overlap(a, b, slack: float = 1.0) -> bool:
    return a[0] < b[2] - slack and b[0] < a[2] - slack and a[1] < b[3] - slack and b[1] < a[3] - slack


def settle(page):
    expect(page.locator("h1").first).to_be_visible(timeout=TIMEOUT)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT)
    page.wait_for_timeout(800)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1400, 1024])
def test_every_page_at_board_widths(browser, app_url, width, scheme):
    context = browser.new_context(viewport={"width": width, "height": 1000}, color_scheme=scheme)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        for name, path in VIEWS:
            page.goto(app_url + path)
            settle(page)
            if name not in ("search", "about"):
                expect(page.locator('[data-testid="stPlotlyChart"] .main-svg').first).to_be_visible(timeout=TIMEOUT)
            screenshot(page, f"{name}-{width}-{scheme}")
            assert page.locator('[data-testid="stException"]').count() == 0, name
            nav = page.locator('[data-testid="stSidebar"]').inner_text()
            assert "Overview" in nav and "dashboard" not in nav
            shown = page.evaluate(MAIN_TEXT) if name != "about" else ""
            shown += " " + page.evaluate(
                "() => [...document.querySelectorAll('[data-testid=\"stPlotlyChart\"] text')]"
                ".map(t => t.textContent).join(' ')"
            )
            assert labels.internal_codes(shown) == [], name
            for i, chart in enumerate(page.evaluate(BOXES)):
                legend = chart["legend"]
                if legend:
                    assert not any(overlap(legend, p) for p in chart["plots"]), f"{name}: legend over chart {i}"
                    assert not any(overlap(legend, t) for t in chart["xtitles"]), f"{name}: legend over axis title {i}"
                notes = chart["notes"]
                clashes = [(a, b) for j, a in enumerate(notes) for b in notes[j + 1 :] if overlap(a, b)]
                assert not clashes, f"{name}: labels on one another in chart {i}"
        assert not errors, errors
    finally:
        context.close()


def test_the_movement_first_opens_its_authority(page, app_url):
    page.goto(app_url + "/?from=2025-01-01")
    settle(page)
    sentence = page.locator("h4").first.inner_text()
    assert re.match(r"Since 1 January 2025, .* moved out of inadequate", sentence), sentence
    expect(page.get_by_role("heading", name="Recent movements")).to_be_visible()
    first = page.locator('[class*="st-key-movement_0"] button').first
    name = first.inner_text().removesuffix("›").strip()
    first.focus()
    page.keyboard.press("Enter")  # the keyboard opens it too
    expect(page.get_by_role("heading", name="Authority trajectory")).to_be_visible(timeout=TIMEOUT)
    settle(page)
    expect(page.locator('[data-testid="stPlotlyChart"] .gtitle').first).to_contain_text(name, timeout=TIMEOUT)
    screenshot(page, "movement-opened")
    assert not page.errors, page.errors


def test_another_authority_can_be_chosen_whatever_the_filter(page, app_url):
    page.goto(app_url + "/Authority_trajectory?nation=Wales")
    settle(page)
    expect(page.locator('[data-testid="stPlotlyChart"] .main-svg').first).to_be_visible(timeout=TIMEOUT)
    page.wait_for_timeout(1000)
    box = page.locator('[data-testid="stSelectbox"]').first
    box.click()
    page.keyboard.type("Bradford")
    expect(page.get_by_role("option", name=re.compile("Bradford"))).to_be_visible(timeout=TIMEOUT)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"authority=E08000032"), timeout=TIMEOUT)
    settle(page)
    screenshot(page, "authority-chosen-outside-the-filter")
    assert not page.errors, page.errors


def test_enter_in_a_date_field_applies_it(page, app_url):
    page.goto(app_url + "/Themes")
    settle(page)
    year = page.get_by_role("spinbutton", name="year, From")
    year.focus()
    page.keyboard.type("2019")
    page.keyboard.press("Enter")  # no Tab out of the field: Enter applies the date
    expect(page).to_have_url(re.compile(r"from=2019-01-01"), timeout=TIMEOUT)
    settle(page)
    assert not page.errors, page.errors


FOCUSED = """() => { const el = document.activeElement;
  return {grid: !!(el && el.closest('.st-key-authorities_table')),
          box: !!(el && el.tagName === 'INPUT' && el.closest('.st-key-open_typed'))}; }"""


def test_tab_reaches_the_open_an_authority_box_before_the_grid_and_enter_opens_it(page, app_url):
    page.goto(app_url + "/")
    settle(page)
    page.get_by_role("heading", name="All authorities").scroll_into_view_if_needed()
    expect(page.locator(".st-key-authorities_table")).to_be_visible(timeout=TIMEOUT)
    page.locator('[data-testid="stMain"] button').first.focus()  # start from the top of the page
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert not focused["grid"], "the authorities' grid took the focus before the box that opens one"
        if focused["box"]:
            break
    else:
        raise AssertionError("Tab never reached “Open an authority”")
    page.keyboard.type("Bradford")
    expect(page.get_by_role("option", name=re.compile("Bradford"))).to_be_visible(timeout=TIMEOUT)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Authority trajectory")).to_be_visible(timeout=TIMEOUT)
    settle(page)
    expect(page.locator('[data-testid="stPlotlyChart"] .gtitle').first).to_contain_text("Bradford", timeout=TIMEOUT)
    assert not page.errors, page.errors
