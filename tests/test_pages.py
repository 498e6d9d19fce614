"""The pages under Streamlit's AppTest: they run on the bundled data and respond to the URL."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "dashboard.py")


def run(query: dict | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at.run()


def figure(at: AppTest, index: int = 0) -> dict:
    return json.loads(at.get("plotly_chart")[index].proto.spec)


def test_authority_page_shows_wrexham_trajectory(app_db):
    at = run({"authority": "W06000006"})
    assert not at.exception
    assert at.title[0].value == "Authority trajectory"
    spec = figure(at)
    assert "Wrexham County Borough Council" in spec["layout"]["title"]["text"]
    level_ticks = spec["layout"]["yaxis"]["ticktext"]
    assert level_ticks == ["Inadequate", "Requires improvement", "Good", "Outstanding"]
    names = {t.get("name") for t in spec["data"]}
    assert "inferred from narrative" in names and "planned (future) visit" in names
    assert at.query_params["authority"] == "W06000006"


def test_latest_visit_findings_are_listed_verbatim(app_db):
    at = run({"authority": "W06000006"})
    texts = [t.value for t in at.text]
    assert any(t.endswith("We found case notes easy to follow and the purpose of local authority involvement in the life of the child easy to identify.") for t in texts)
    assert any(t.startswith("[action required] We identified the local authority must act rapidly") for t in texts)


def test_choosing_the_earlier_inspection_shows_it(app_db):
    at = run({"authority": "W06000006"})
    event = at.selectbox(key="event_pick")
    index = next(i for i, label in enumerate(event.options) if label.startswith("2020-10"))
    at = event.select_index(index).run()
    assert not at.exception
    texts = [t.value for t in at.text]
    assert any("data/seed/ciw-wrexham-2021-04-monitoring-letter.txt" in t for t in texts)
    assert any("No findings recorded for this event" in i.value for i in at.info)


def test_unknown_authority_in_url_falls_back_to_one_with_data(app_db):
    at = run({"authority": "E99999999"})
    assert not at.exception
    assert at.query_params["authority"] != "E99999999"
