"""Every page under Streamlit's AppTest on the bundled data: it runs, the filters change what it
shows, the URL carries the filters, and empty selections get a friendly message."""

from __future__ import annotations

import html
import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "dashboard.py")
PAGES = ["pages/1_Authority_trajectory.py", "pages/2_Themes.py", "pages/3_Compare.py", "pages/4_Inadequate_episodes.py",
         "pages/5_Findings_search.py", "pages/6_About_the_data.py"]


def run(query: dict | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def figure(at: AppTest, key: str) -> dict:
    for element in at.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        if element.proto.id.endswith(key) or key in element.proto.id:
            return spec
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def metric(at: AppTest, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


@pytest.mark.parametrize("page", [None, *PAGES])
def test_every_page_runs_on_the_bundled_data(app_db, page):
    at = run(page=page)
    assert at.title, "the page drew nothing"
    assert not [e.value for e in at.error]


def test_overview_counts_and_filters(app_db):
    everyone = run()
    wales = run({"nation": "Wales"})
    assert int(metric(everyone, "Authorities")) > int(metric(wales, "Authorities")) == 22
    spec = figure(wales, "level_counts")
    assert spec["layout"]["xaxis"]["title"]["text"] == "Number of authorities"
    assert wales.query_params["nation"] == "Wales"
    # every filter is written into the URL, defaults included
    assert {"authority", "nation", "region", "inspectorate", "from", "to"} <= set(wales.query_params)


def test_authority_page_shows_wrexham_trajectory(app_db):
    at = run({"authority": "W06000006"}, page=PAGES[0])
    spec = figure(at, "trajectory")
    assert "Wrexham County Borough Council" in spec["layout"]["title"]["text"]
    assert spec["layout"]["yaxis"]["ticktext"] == ["Inadequate", "Requires improvement", "Good", "Outstanding"]
    names = {t.get("name") for t in spec["data"]}
    assert "inferred from narrative" in names and "planned visit (its window has passed)" in names
    # CIW's later reviews gave no grade: they are marked, and the page says where Wrexham stands now
    assert "inspection or review: not graded" in names
    assert any(t.value.startswith("Where it stands now: not graded since") for t in at.text)
    assert at.query_params["authority"] == "W06000006"
    # the findings list shows each finding's words as written
    findings = html.unescape("".join(h.value for h in at.html))
    assert "We found case notes easy to follow and the purpose of local authority involvement in the life of the child easy to identify." in findings
    # each finding says where in the visit's source it stands; the source, named above the list,
    # is named again only for a finding read from another document
    source = next(t.value for t in at.text if t.value.startswith("Source: ")).removeprefix("Source: ").split(" (")[0]
    items = findings.split("<li>")[1:]
    assert items and all("characters " in i for i in items)
    own = [i for i in items if "source: " not in i]
    assert own and all(source not in i for i in own)


def test_choosing_another_visit_shows_its_findings(app_db):
    at = run({"authority": "W06000006"}, page=PAGES[0])
    visit = at.selectbox(key="event_pick")
    earlier = next(o for o in visit.options if o.startswith("2020-10"))
    at = visit.select(earlier).run()
    assert not at.exception
    shown = [t.value for t in at.text] + [html.unescape(h.value) for h in at.html]
    assert any("inadequate" in t for t in shown) or any("No findings" in i.value for i in at.info)


def test_choosing_a_theme_shows_only_its_findings_actions_required_first(app_db):
    at = run({"authority": "W06000006"}, page=PAGES[0])
    def shown(at):
        items = html.unescape("".join(h.value for h in at.html)).split("<li>")[1:]
        return [i.split("<strong>", 1)[1].split("</strong>", 1)[0] for i in items]
    everything = shown(at)
    themes = at.radio(key="theme_pick")
    assert themes.value.startswith("All themes") and len(everything) == int(themes.value.rsplit("(", 1)[1].rstrip(")"))
    order = ["action required", "concern", "strength", "neutral"]
    for option in [o for o in themes.options if not o.startswith("All themes")][:4]:
        at = at.radio(key="theme_pick").set_value(option).run()
        polarities = shown(at)
        assert len(polarities) == int(option.rsplit("(", 1)[1].rstrip(")")) < len(everything), option
        assert polarities == sorted(polarities, key=order.index), option


def test_an_authority_named_in_the_url_stays_chosen_outside_the_nation_filter(app_db):
    at = run({"authority": "W06000006", "nation": "England"})
    chosen = at.multiselect(key="f_authority")
    assert chosen.value == ["W06000006"] and at.query_params["authority"] == "W06000006"
    wrexham = "Wrexham County Borough Council"
    assert wrexham in chosen.options and "Bradford" in chosen.options and not any("Cardiff" in o for o in chosen.options)
    assert chosen.options.index("Wolverhampton") < chosen.options.index(wrexham) < chosen.options.index("York")


def test_period_filter_changes_the_authority_chart(app_db):
    full = run({"authority": "E08000032"}, page=PAGES[0])
    recent = run({"authority": "E08000032", "from": "2022-01-01"}, page=PAGES[0])
    def levels(at):
        return [t for t in figure(at, "trajectory")["data"] if t.get("mode") == "markers" and t.get("customdata")]
    assert len(levels(full)) >= len(levels(recent))
    assert recent.query_params["from"] == "2022-01-01"


def test_findings_search(app_db):
    at = run({"q": "traffic light system"}, page=PAGES[4])
    table = at.dataframe[0].value
    assert len(table) >= 1 and table["text"].str.contains("traffic light system").all()
    assert at.query_params["q"] == "traffic light system"


def test_empty_selection_says_so(app_db):
    at = run({"q": "zzzz no such words qqqq"}, page=PAGES[4])
    assert any("No finding contains" in i.value for i in at.info)
    at = run({"nation": "Wales", "from": "1990-01-01", "to": "1991-01-01"}, page=PAGES[3])
    assert any("No inadequate judgement" in i.value for i in at.info)


def test_about_page_lists_what_could_not_be_read(app_db):
    at = run(page=PAGES[5])
    tables = [d.value for d in at.dataframe]
    unreadable = next(t for t in tables if "reason" in t.columns and "started_at" in t.columns)
    assert unreadable["reason"].str.contains("report not found").any()


def test_about_page_lists_sources_that_disagree(app_db):
    at = run(page=PAGES[5])
    disagree = next(d.value for d in at.dataframe if "level_a" in d.value.columns)
    assert (disagree["level_a"] != disagree["level_b"]).all() and (disagree["source_a"] != disagree["source_b"]).all()
    # St. Helens' 2023 inspection: the report and the 2023 outcomes table say Outstanding for care
    # leavers, the older compiled history says Good.
    st_helens = disagree[(disagree["authority_name"] == "St. Helens") & (disagree["dimension"] == "care_leavers")]
    assert set(zip(st_helens["level_a"], st_helens["level_b"])) == {(4.0, 3.0)}
    assert st_helens["source_a"].str.contains("2023-09-04_childrens-services-inspection").any()
    assert not (disagree["authority_name"] == "Wrexham").any()


def test_the_url_is_written_only_when_it_would_change(monkeypatch):
    """Every filter goes into the URL, defaults included; the same filters again send nothing (each
    message re-renders the whole app in the browser); another authority sends it again."""
    import datetime as dt

    import pages
    from trajectories.domain import Filters

    sent = []

    class Params(dict):
        def get_all(self, key):
            return [self[key]] if key in self else []

        def update(self, values):
            sent.append(dict(values))
            super().update(values)

    params = Params()
    monkeypatch.setattr(pages.st, "query_params", params)
    bradford = Filters(authorities=("E08000032",), date_from=dt.date(2015, 1, 1), date_to=dt.date(2026, 1, 1))
    pages.write_url(bradford)
    assert params == {"authority": "E08000032", "nation": "", "region": "", "inspectorate": "", "from": "2015-01-01",
                      "to": "2026-01-01"}
    pages.write_url(bradford)
    assert len(sent) == 1
    pages.write_url(Filters(**{**bradford.__dict__, "authorities": ("E08000033",)}))
    assert len(sent) == 2 and params["authority"] == "E08000033"
