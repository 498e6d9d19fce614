"""Every page under Streamlit's AppTest on the bundled data: it runs, the filters change what it
shows, the URL carries the filters, and empty selections get a friendly message."""

from __future__ import annotations

import datetime as dt
import html
import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "dashboard.py")
PAGES = [
    "pages/1_Authority_trajectory.py",
    "pages/2_Themes.py",
    "pages/3_Compare.py",
    "pages/4_Inadequate_episodes.py",
    "pages/5_Findings_search.py",
    "pages/6_About_the_data.py",
]


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
    assert "inferred from the narrative" in names and "planned visit (its window has passed)" in names
    # CIW's later reviews gave no grade: they are marked, and the page says where Wrexham stands now
    assert "inspection or review: not graded" in names
    assert any(t.value.startswith("Where it stands now: not graded since") for t in at.text)
    assert at.query_params["authority"] == "W06000006"
    # the findings list shows each finding's words as written
    findings = html.unescape("".join(h.value for h in at.html))
    assert (
        "We found case notes easy to follow and the purpose of local authority involvement in the life of the child "
        "easy to identify." in findings
    )
    # each finding says where in the visit's source it stands; the source, named above the list,
    # is named again only for a finding read from another document
    source = next(t.value for t in at.text if t.value.startswith("Source: ")).removeprefix("Source: ").split(" — ")[0]
    assert source.startswith("CIW letter: ") and "/" not in source  # the document, never where it is kept
    items = findings.split("<li")[1:]
    assert items and all("How this was read" in i and "characters " in i for i in items)
    own = [i for i in items if "; from " not in i]
    assert own and all(source not in i for i in own)


def test_choosing_another_visit_shows_its_findings(app_db):
    at = run({"authority": "W06000006"}, page=PAGES[0])
    visit = at.selectbox(key="event_pick")
    earlier = next(o for o in visit.options if "October 2020" in o)
    assert earlier.endswith("CIW inspection")
    at = visit.select_index(visit.options.index(earlier)).run()
    assert at.query_params["visit"] == str(at.selectbox(key="event_pick").value)
    assert not at.exception
    shown = [t.value for t in at.text] + [html.unescape(h.value) for h in at.html]
    assert any("inadequate" in t for t in shown) or any("No findings" in i.value for i in at.info)


def test_choosing_a_theme_shows_only_its_findings_actions_required_first(app_db):
    at = run({"authority": "W06000006"}, page=PAGES[0])
    from trajectories.themes import THEMES

    def shown(at):
        items = html.unescape("".join(h.value for h in at.html if "findings" in h.value)).split("<li")[1:]
        return [i.split("<strong>", 1)[1].split("</strong>", 1)[0] for i in items]

    everything = shown(at)
    themes = at.radio(key="theme_pick")
    assert themes.value == "all" and themes.options[0].startswith("All themes")
    assert len(everything) == int(themes.options[0].rsplit("(", 1)[1].rstrip(")"))
    order = ["Action required", "Concern", "Strength", "Neither"]
    by_name = {name: code for code, (name, _) in THEMES.items()}
    for option in themes.options[1:5]:
        code = by_name[option.rsplit(" (", 1)[0]]
        at = at.radio(key="theme_pick").set_value(code).run()
        assert at.query_params["theme"] == code
        polarities = shown(at)
        assert len(polarities) == int(option.rsplit("(", 1)[1].rstrip(")")) < len(everything), option
        assert polarities == sorted(polarities, key=order.index), option


def test_an_authority_named_in_the_url_stays_chosen_outside_the_nation_filter(app_db):
    at = run({"authority": "W06000006", "nation": "England"})
    chosen = at.multiselect(key="f_authority")
    assert chosen.value == ["W06000006"] and at.query_params["authority"] == "W06000006"
    wrexham = "Wrexham County Borough Council"
    assert (
        wrexham in chosen.options and "Bradford" in chosen.options and not any("Cardiff" in o for o in chosen.options)
    )
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
    cards = html.unescape("".join(h.value for h in at.html))
    assert "traffic light system" in cards and "Wrexham County Borough Council" in cards
    assert "CIW" in cards and "Themes: " in cards  # the visit and theme names, never codes
    assert at.query_params["q"] == "traffic light system"
    assert {b.label for b in at.get("download_button")} >= {"Results (CSV)", "Results (XLSX)"}


def test_empty_selection_says_so(app_db):
    at = run({"q": "zzzz no such words qqqq"}, page=PAGES[4])
    assert any("No finding contains" in i.value for i in at.info)
    at = run({"nation": "Wales", "from": "1990-01-01", "to": "1991-01-01"}, page=PAGES[3])
    assert any("No inadequate judgement" in i.value for i in at.info)


def test_about_page_lists_what_could_not_be_read(app_db):
    at = run(page=PAGES[5])
    tables = [d.value for d in at.dataframe]
    unreadable = next(t for t in tables if "Reason" in t.columns and "When" in t.columns)
    assert unreadable["Reason"].str.contains("report not found").any()


def test_about_page_says_how_often_the_reading_of_findings_agrees_with_careful_readers(app_db):
    from trajectories.evaluation import STATED

    at = run(page=PAGES[5])
    assert "How findings are read" in [h.value for h in at.header]
    said = " ".join(m.value for m in at.markdown)
    assert f"same polarity as a careful reader for **{STATED['polarity']} in 100** findings" in said
    assert "indicative, not exact" in said


def test_about_page_lists_sources_that_disagree(app_db):
    at = run(page=PAGES[5])
    disagree = next(d.value for d in at.dataframe if "One reading" in d.value.columns)
    assert (disagree["One reading"] != disagree["Other reading"]).all()
    # St. Helens' 2023 inspection: the report and the 2023 outcomes table say Outstanding for care
    # leavers, the older compiled history says Good.
    st_helens = disagree[(disagree["Authority"] == "St. Helens") & (disagree["Judgement about"] == "Care leavers")]
    assert set(zip(st_helens["One reading"], st_helens["Other reading"], strict=True)) == {("Outstanding", "Good")}
    assert st_helens["Its document"].str.startswith("Ofsted inspection report").any()
    assert not (disagree["Authority"] == "Wrexham").any()


def test_the_url_is_written_only_when_it_would_change(monkeypatch):
    """Every filter goes into the URL, defaults included; the same filters again send nothing (each
    message re-renders the whole app in the browser); another authority sends it again."""
    import datetime as dt

    from trajectories.domain import Filters
    from ui import urlstate

    sent = []

    class Params(dict):
        def get_all(self, key):
            return [self[key]] if key in self else []

        def update(self, values):
            sent.append(dict(values))
            super().update(values)

    params = Params()
    monkeypatch.setattr(urlstate.st, "query_params", params)
    bradford = Filters(authorities=("E08000032",), date_from=dt.date(2015, 1, 1), date_to=dt.date(2026, 1, 1))
    urlstate.write_url(bradford)
    assert params == {
        "authority": "E08000032",
        "nation": "",
        "region": "",
        "inspectorate": "",
        "from": "2015-01-01",
        "to": "2026-01-01",
    }
    urlstate.write_url(bradford)
    assert len(sent) == 1
    urlstate.write_url(Filters(**{**bradford.__dict__, "authorities": ("E08000033",)}))
    assert len(sent) == 2 and params["authority"] == "E08000033"


# ---------------------------------------------------------------- plain words, the movement first


def shown_words(at: AppTest) -> dict[str, str]:
    """Everything a reader sees on a page, by where it is: tables (headers, and values outside the
    columns that keep codes for machines), text, markdown, captions, HTML, and each chart's
    title, legend names, hovers, annotations and axis titles."""

    out: dict[str, str] = {}
    for d in at.dataframe:
        df = d.value.reset_index()
        kept = [c for c in df.columns if str(c).endswith(("code", "codes")) or c in ("File", "index", "Open")]
        out[f"table {d.key or ''} headers"] = " ".join(str(c) for c in df.columns if c not in ("code", "index"))
        out[f"table {d.key or ''} values"] = " ".join(
            str(v) for c in df.columns if c not in kept and c != "code" for v in df[c].tolist()
        )
    for kind in ("text", "markdown", "caption", "html", "info", "success", "warning"):
        out[kind] = " ".join(str(e.value) for e in at.get(kind))
    for element in at.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        parts = [json.dumps(spec["layout"].get("title", "")), json.dumps(spec["layout"].get("annotations", []))]
        for axis, value in spec["layout"].items():
            if axis.startswith(("xaxis", "yaxis")):
                parts.append(json.dumps(value.get("title", "")))
        for trace in spec["data"]:
            parts += [
                str(trace.get("name", "")),
                json.dumps(trace.get("hovertext", "")),
                str(trace.get("hovertemplate", "")),
            ]
        out[f"chart {element.proto.id[-20:]}"] = " ".join(parts)
    # Markdown escapes (\_) and sanitised HTML hide nothing: scan the words as the reader gets them.
    return {k: html.unescape(v).replace("\\_", "_") for k, v in out.items()}


READER_VIEWS = [
    (None, {}),
    (None, {"nation": "Wales"}),
    (PAGES[0], {"authority": "W06000006"}),
    (PAGES[0], {"authority": "E08000032"}),
    (PAGES[1], {"nation": "England"}),
    (PAGES[2], {"compare": "neighbours", "one": "E08000032"}),
    (PAGES[2], {"authority": "E08000032,E08000033,W06000006", "align": "inadequate"}),
    (PAGES[3], {}),
    (PAGES[4], {"q": "management oversight"}),
    (PAGES[5], {}),
]


@pytest.mark.parametrize("page, query", READER_VIEWS)
def test_no_internal_code_reaches_a_reader(app_db, page, query):
    """No snake_case header or code (event types, themes, polarities, paths) in any table, text,
    chart title, legend or hover; blanks are never "None"."""
    from trajectories import labels

    at = run(query, page=page)
    if page == PAGES[0]:  # the tables behind the chart, and the findings as a table, too
        at.toggle(key="show_tables").set_value(True).run()
        at.toggle(key="show_findings_table").set_value(True).run()
    found = {where: labels.internal_codes(text) for where, text in shown_words(at).items()}
    if page == PAGES[5]:  # About the data documents the bundled files by their folder names
        found.pop("markdown", None)
    assert {k: v for k, v in found.items() if v} == {}
    for d in at.dataframe:  # a blank is empty (a number column's missing value is drawn empty too)
        words = [v for c in d.value.columns if d.value[c].dtype == object for v in d.value[c].tolist()]
        assert not [v for v in words if v is None or (isinstance(v, str) and v in ("None", "nan", "NaT"))], d.key


def test_overview_opens_with_the_movement(app_db):
    at = run({"from": "2025-01-01"})
    sentence = at.markdown[0].value
    assert sentence.startswith("#### Since 1 January 2025, ") and "moved out of inadequate" in sentence
    assert "judged inadequate now" in sentence
    movements = [m.value for m in at.markdown[1:] if "→" in m.value]
    assert movements, "no recent movement listed"
    from datetime import datetime

    days = [datetime.strptime(m.rsplit(", ", 1)[1], "%d %B %Y") for m in movements]
    assert days == sorted(days, reverse=True) and days[-1] >= datetime(2025, 1, 1)  # newest first, in the period
    # each opens its authority
    first = next(b for b in at.button if b.key and b.key.startswith("movement_"))
    at = first.click().run()
    assert at.selectbox(key="authority_pick").value


def test_overview_table_most_severe_first_then_longest(app_db):
    at = run()
    table = next(d.value for d in at.dataframe if "Grade in force" in d.value.columns and "Open" in d.value.columns)
    order = [
        "Inadequate",
        "Inadequate–Requires improvement (approximate)",
        "Requires improvement",
        "Requires improvement–Good (approximate)",
        "Good",
        "Good–Outstanding (approximate)",
        "Outstanding",
        "No graded judgement",
    ]
    # judged inadequate now first (whether by an overall grade or an area), the longest inadequate first
    bad = table["Inadequate since"] != ""
    assert bad.tolist() == sorted(bad.tolist(), reverse=True) and bad.sum() > 3
    since = table.loc[bad, "Inadequate since"].map(lambda d: dt.datetime.strptime(d, "%d %B %Y").date()).tolist()
    assert since == sorted(since)
    # then by the overall grade in force, the least good first
    graded = table[~bad & table["Grade in force"].isin(order)]["Grade in force"].tolist()
    assert graded == sorted(graded, key=order.index)
    # an inspection with area grades only is never given an overall grade
    areas = table[table["Grade in force"] == "Area grades only (no overall grade)"]
    assert len(areas) and areas["Where it stands"].str.startswith("leaders ").all()


def test_authority_page_sentence_and_every_authority_offered(app_db):
    at = run({"nation": "Wales"}, page=PAGES[0])
    pick = at.selectbox(key="authority_pick")
    assert any(o.startswith("Bradford") for o in pick.options), "the filter limited the picker"
    assert pick.value.startswith("W")  # the filter chooses the one shown first
    at = pick.select("E08000032").run()
    assert at.query_params["authority"] == "E08000032"
    sentence = at.markdown[0].value
    assert sentence.startswith("#### Judged inadequate in September 2018; ") and "since" in sentence
    assert "monitoring or other visits in between" in sentence


def test_the_page_choices_are_in_the_url(app_db):
    at = run({"compare": "neighbours", "align": "inadequate", "one": "E08000032"}, page=PAGES[2])
    assert at.radio(key="compare_mode").value == "neighbours" and at.radio(key="compare_align").value == "inadequate"
    assert at.selectbox(key="compare_one").value == "E08000032"
    assert (at.query_params["compare"], at.query_params["align"], at.query_params["one"]) == (
        "neighbours",
        "inadequate",
        "E08000032",
    )
    at = at.radio(key="compare_align").set_value("calendar").run()
    assert at.query_params["align"] == "calendar"
    chart = figure(at, "compare_chart")
    dashes = {t.get("line", {}).get("dash") for t in chart["data"] if t.get("name") != "today"}
    assert {"solid", "dash", "dot"} <= dashes  # chosen, neighbours and region differ by line style
    visited = run({"authority": "W06000006", "visit": "1"}, page=PAGES[0])
    assert visited.selectbox(key="event_pick").value == 1 and visited.query_params["visit"] == "1"


def test_compare_says_which_authorities_it_cannot_draw(app_db):
    at = run({"authority": "E08000032,S12000033", "align": "inadequate"}, page=PAGES[2])
    assert any("Aberdeen City" in i.value and "never judged inadequate" in i.value for i in at.info)
    assert {b.label for b in at.get("download_button")} >= {"Chart data (CSV)", "Tables (XLSX)"}


def test_a_later_start_narrows_what_moved_never_who_is_inadequate_now(app_db):
    def inadequate_now(at):
        return next(t.value for t in at.text if t.value.startswith("Judged inadequate now ("))

    whole, later = run(), run({"from": "2025-01-01"})
    assert inadequate_now(later) == inadequate_now(whole)
    assert metric(later, "Judged inadequate now") == metric(whole, "Judged inadequate now")
