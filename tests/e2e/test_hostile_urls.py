"""Every page opened with hostile values in every query parameter, in a real browser: no value
turns into a link, an image or formatting, and no request leaves loopback."""

from __future__ import annotations

from urllib.parse import urlencode, urlparse

from playwright.sync_api import expect

from tests.e2e.conftest import screenshot

TIMEOUT = 60_000
PAGES = [
    "",
    "Authority_trajectory",
    "Themes",
    "Compare",
    "Inadequate_episodes",
    "Findings_search",
    "About_the_data",
    "Upload",
]
PARAMETERS = ["authority", "nation", "region", "inspectorate", "from", "to", "q"]
HOSTILE = (
    "[Click to re-verify](https://evil.example/login) ![seen](https://evil.example/pixel.png) "
    '**zqbold claim** _zqslanted_ `zqcode` <b>zqtag</b> <img src="https://evil.example/tag.png"> '
    "# zqheading :red[zqred] $x^2$ mail zq@evil.example www.evil.example"
)


def wait_for_app(page):
    expect(page.locator('[data-testid="stApp"]')).to_be_visible(timeout=TIMEOUT)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=TIMEOUT)


def test_hostile_query_values_show_no_markup_and_fetch_nothing_outside(page, app_url):
    outside: list[str] = []

    def only_loopback(route):
        host = urlparse(route.request.url).hostname or ""
        if host in ("127.0.0.1", "localhost", "::1") or route.request.url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.context.route("**/*", only_loopback)
    query = urlencode({name: HOSTILE for name in PARAMETERS})
    for name in PAGES:
        page.goto(f"{app_url}/{name}?{query}")
        expect(page.locator("h1").first).to_be_visible(timeout=TIMEOUT)
        wait_for_app(page)
        app = page.locator('[data-testid="stApp"]')
        assert app.locator('[data-testid="stException"]').count() == 0, name
        assert app.locator('a[href*="evil"]').count() == 0, name
        assert app.locator('img[src*="evil"]').count() == 0, name
        for tag, words in (
            ("strong", "zqbold"),
            ("em", "zqslanted"),
            ("b", "zqtag"),
            ("code", "zqcode"),
            ("h1", "zqheading"),
        ):
            assert app.locator(tag, has_text=words).count() == 0, (name, tag)
        if name == "Findings_search":  # the one page that shows the value: as written
            expect(app.get_by_text("[Click to re-verify](https:", exact=False).first).to_be_visible()
            expect(
                app.get_by_text("**zqbold claim** _zqslanted_ `zqcode` <b>zqtag</b>", exact=False).first
            ).to_be_visible()
        screenshot(page, f"hostile-url-{name or 'overview'}".lower())
    assert outside == [], outside
    assert not page.errors, page.errors
