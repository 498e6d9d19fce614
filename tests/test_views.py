"""The pages' views, built in the core without Streamlit: typed values whose fields are what a
page draws, worded as a reader reads them."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from trajectories import views
from trajectories.domain import EARLIEST, Filters


def test_visits_are_labelled_uniquely_in_date_order():
    events = pd.DataFrame(
        {
            "event_id": [7, 3, 9],
            "start_date": [dt.date(2021, 4, 26), dt.date(2021, 4, 26), dt.date(2027, 3, 1)],
            "event_type": ["ciw_monitoring", "ciw_monitoring", "ofsted_monitoring_visit"],
            "planned": [False, False, True],
        }
    )
    shown = views.event_labels(events)
    assert list(shown) == [7, 3, 9]
    assert shown[3] == shown[7] + " (2)" and shown[7].startswith("26 April 2021 — ")
    assert shown[9].startswith("Planned: 1 March 2027 — ")
    assert len(set(shown.values())) == 3 and not any("_" in label for label in shown.values())


def test_where_an_authority_stands_reads_as_a_sentence():
    position = {
        "position": "inadequate",
        "inadequate": True,
        "inadequate_since": dt.date(2018, 9, 14),
        "inadequate_areas": ["help and protection"],
        "position_date": dt.date(2018, 9, 14),
        "inspectorate": "ofsted",
        "approximate_date": True,
    }
    assert views.where_now(position) == (
        "Where it stands now: inadequate — judged inadequate since September 2018 (help and protection). "
        "Set by the inspection of 14 September 2018 (date approximate: publication)."
    )
    ciw = {**position, "inadequate": False, "inspectorate": "ciw", "approximate_date": False}
    assert views.where_now(ciw).endswith("Set by the inspection or review of 14 September 2018.")
    assert views.where_now(None) is None


def test_a_visits_findings_come_actions_required_first_in_document_order():
    found = pd.DataFrame(
        {
            "seq": [1, 2, 3, 4, 5],
            "polarity": ["strength", "concern", "neutral", "action_required", "concern"],
            "themes": [
                "voice_of_child",
                "voice_of_child;workforce_capacity",
                "",
                "workforce_capacity",
                "workforce_capacity",
            ],
            "text": ["a", "b", "c", "d", "e"],
        }
    )
    visit = views.visit_findings(found)
    assert visit.counts.to_dict() == {"workforce_capacity": 3, "voice_of_child": 2, "untagged": 1}
    assert [r["text"] for r in views.ordered_findings(visit, None)] == ["d", "b", "e", "a", "c"]
    assert [r["text"] for r in views.ordered_findings(visit, "workforce_capacity")] == ["d", "b", "e"]
    concerns, strengths = views.top_themes(visit.by_theme)
    assert concerns[0] == ("Workforce and caseloads", 3) and strengths == [("Voice of the child", 1)]


def test_the_whole_record_starts_at_the_earliest_date_and_views_are_frozen():
    later = Filters(nations=("Wales",), date_from=dt.date(2025, 1, 1))
    assert views.whole_record(later) == Filters(nations=("Wales",), date_from=EARLIEST)
    whole = Filters(date_from=EARLIEST)
    assert views.whole_record(whole) is whole
    for view in (views.Overview, views.AuthorityPage):
        assert dataclasses.is_dataclass(view) and view.__dataclass_params__.frozen
        assert all(f.type != "dict" for f in dataclasses.fields(view))
