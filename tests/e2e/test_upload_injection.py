"""An admin uploads a letter whose text carries script, an image with onerror and markdown links;
in the browser it is read and shown as plain text: nothing runs and nothing renders as markup."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from benchmarks.served import stop
from tests.conftest import SEED
from tests.e2e.conftest import screenshot, start_app

TIMEOUT = 60_000
HOSTILE = (
    'We found <script>window.__pwned = 1</script> records and <img src="x" onerror="window.__pwned = 2"> '
    "case notes; see [the council](javascript:window.__pwned=3) and **bold claims** in <b>markup</b>."
)


@pytest.fixture
def hostile_letter(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("Wrexham County Borough Council", "Powys County Council").replace(
        "Wrexham CBC", "Powys County Council"
    )
    text = text.replace("Wrexham", "Powys").replace(
        "from 26 April 2021 to 29 April 2021", "from 10 May 2022 to 12 May 2022"
    )
    text = text.replace(
        "We found case notes easy to follow and the purpose of local authority involvement in the life of the child "
        "easy to identify.",
        HOSTILE,
    )
    path = tmp_path / "powys-letter.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def admin_app(tmp_path, browser):
    from trajectories.db.engine import make_engine
    from trajectories.ingest import ingest, prepare

    db = f"sqlite:///{tmp_path / 'upload.db'}"
    engine = make_engine(db)
    prepare(engine)
    ingest(engine, [SEED])  # a database that already holds a document: the app does not load the bundle
    engine.dispose()
    proc, url = start_app(db, tmp_path / "home", TRAJECTORIES_ADMIN_SECRET="s3cret-for-test")
    yield url
    stop(proc)


def test_admin_upload_then_hostile_text_stays_text(page, admin_app, hostile_letter):
    page.goto(admin_app + "/Upload")
    expect(page.get_by_label("Admin secret")).to_be_visible(timeout=TIMEOUT)
    page.get_by_label("Admin secret").fill("s3cret-for-test")
    page.get_by_label("Admin secret").press("Enter")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(hostile_letter))
    expect(page.get_by_text("What would be read")).to_be_visible(timeout=TIMEOUT)
    page.get_by_role("button", name="Load 1 readable file(s)").click()
    expect(page.get_by_text("loaded 1, unchanged 0, failed 0")).to_be_visible(timeout=TIMEOUT)
    screenshot(page, "upload")

    page.goto(admin_app + "/Authority_trajectory?authority=W06000023")
    expect(page.get_by_text("We found <script>window.__pwned = 1</script>", exact=False).first).to_be_visible(
        timeout=TIMEOUT
    )
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_text('<img src="x" onerror="window.__pwned = 2">', exact=False).first).to_be_visible()
    expect(main.get_by_text("[the council](javascript:window.__pwned=3)", exact=False).first).to_be_visible()
    assert page.evaluate("window.__pwned") is None
    assert main.locator('img[src="x"]').count() == 0
    assert main.locator('a[href^="javascript"]').count() == 0
    assert main.locator("strong", has_text="bold claims").count() == 0
    assert main.locator("b", has_text="markup").count() == 0
    screenshot(page, "injection-inert")
    assert not page.errors, page.errors
