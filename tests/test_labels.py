"""The one place words are chosen: durations, kinds of visit, themes, blanks, documents, and the
tables a page or a file shows."""

import datetime as dt
import math

import pandas as pd
import pytest

from trajectories import labels, story


@pytest.mark.parametrize(
    "months, words",
    [
        (88, "7 years 4 months"),
        (87.9, "7 years 3 months"),
        (12, "1 year"),
        (1, "1 month"),
        (0.4, "less than a month"),
        (None, ""),
        (math.nan, ""),
    ],
)
def test_durations_in_years_and_months(months, words):
    assert labels.duration(months) == words


def test_kinds_of_visit_as_people_say_them():
    assert labels.event_type("ofsted_monitoring_visit") == "Ofsted monitoring visit"
    assert labels.event_type("ciw_improvement_check") == "CIW improvement check"
    assert labels.event_type("ciw monitoring activity") == "CIW monitoring visit"  # a code written with spaces
    assert labels.event_type("something_new") == "Something new"  # never shown as a code


def test_blanks_are_empty_never_none():
    for value in (None, math.nan, pd.NaT, pd.NA, "", "  "):
        assert labels.cell(value) == "" and labels.blank(value)
    assert labels.level(None) == "No graded judgement" and labels.level(2.5).startswith("Requires improvement–Good")


def test_themes_by_name_in_taxonomy_order():
    words = labels.themes("workforce;practice_quality_assessment_planning")
    assert "_" not in words and ";" in words


def test_a_document_is_named_not_located():
    name = labels.document(
        "ofsted_letter", "ofsted", "Focused visit to Dorset children’s services", dt.date(2019, 10, 24)
    )
    assert name == "Ofsted letter: Focused visit to Dorset children’s services, 24 October 2019"
    assert (
        labels.document("table:ofsted_scraped", "ofsted", "Ofsted inspections (scraped table): Worcestershire")
        == "Grades read from Ofsted's reports (compiled table)"
    )


def test_plain_tables_have_words_for_headers_and_codes():
    df = pd.DataFrame(
        {
            "event_type": ["ofsted_focused_visit"],
            "polarity": ["action_required"],
            "months_at_level": [26.0],
            "authority_code": ["E08000032"],
            "last_visit": [None],
        }
    )
    shown = labels.plain(df)
    assert list(shown.columns) == [
        "Kind of visit",
        "Concern or strength",
        "Time at this grade",
        "Authority code",
        "Latest visit",
    ]
    assert shown.iloc[0].tolist() == ["Ofsted focused visit", "Action required", "2 years 2 months", "E08000032", ""]
    exported = labels.plain_export(df)
    assert exported["Kind of visit code"].tolist() == ["ofsted_focused_visit"]  # machines keep the code
    assert labels.internal_codes(" ".join(exported.columns)) == []


def test_selection_sentence_counts_moves_in_the_period():
    summary = pd.DataFrame(
        {
            "code": ["a", "b", "c"],
            "name": ["A", "B", "C"],
            "nation": ["England"] * 3,
            "level": [1.0, 2.0, 3.0],
            "months_at_level": [27.0, 5.0, 40.0],
            "since": [dt.date(2024, 1, 1), dt.date(2025, 3, 1), dt.date(2021, 1, 1)],
            "trajectory": [[2.0, 1.0], [1.0, 2.0], [3.0]],
            "position_kind": ["graded"] * 3,
            "position": ["Inadequate", "Requires improvement", "Good"],
            "inadequate": [True, False, False],
            "months_inadequate": [27.0, None, None],
        }
    )
    episodes = pd.DataFrame(
        {
            "start": [dt.date(2024, 1, 1), dt.date(2019, 5, 1)],
            "end": [dt.date(2026, 1, 1), dt.date(2025, 3, 1)],
            "open": [True, False],
        }
    )
    text = story.selection_sentence(summary, episodes, dt.date(2025, 1, 1), None)
    assert text == (
        "Since 1 January 2025, 1 council moved out of inadequate and none moved in; "
        "1 is judged inadequate now, for a median of 2 years 3 months."
    )
    moves = story.recent_movements(summary, dt.date(2024, 1, 1), None)
    assert moves["name"].tolist() == ["B", "A"] and moves["change"].tolist() == ["better", "worse"]
    assert story.movement_line(moves.iloc[0].to_dict()) == "Inadequate → Requires improvement (better), 1 March 2025"
    # an inspection with area grades only: where it stands in words, and out of inadequate
    areas = summary.assign(
        level=[None, 2.0, 3.0],
        position_kind=["areas", "graded", "graded"],
        position=["leaders Good; help and protection Good", "Requires improvement", "Good"],
        inadequate=[False, False, False],
        since=[dt.date(2026, 6, 1), *summary["since"][1:]],
    )
    first = story.recent_movements(areas, dt.date(2024, 1, 1), None).iloc[0].to_dict()
    assert first["name"] == "A" and first["change"] == "out of inadequate"
    assert story.movement_line(first) == (
        "Inadequate \u2192 leaders Good; help and protection Good (out of inadequate), 1 June 2026"
    )


def test_authority_sentence_after_an_ungraded_review_keeps_the_inadequate_history():
    episodes = pd.DataFrame(
        {"start": [dt.date(2020, 10, 1)], "end": [dt.date(2022, 6, 1)], "open": [False], "visits_during": [2]}
    )
    position = {"kind": "ungraded", "position": "not graded since November 2023", "position_date": dt.date(2023, 11, 2)}
    events = pd.DataFrame(columns=["planned", "start_date", "event_type"])
    text = story.authority_sentence(
        "Wrexham", pd.DataFrame(), episodes, events, dt.date(2026, 11, 1), position=position
    )
    assert text == ("Not graded since November 2023; last judged inadequate from October 2020 to June 2022.")


def test_status_bands_are_worded_by_labels_alone():
    from trajectories import analytics

    assert not hasattr(analytics, "STATUS_WORDS")  # one place for the words of statuses
    states = pd.DataFrame(columns=["authority_code", "date", "level", "event_id"])
    statuses = pd.DataFrame(
        {
            "authority_code": ["E1", "E1"],
            "status": ["dfe_improvement_notice", "ciw_srsi"],
            "planned": [False, False],
            "start_date": [dt.date(2020, 1, 1), dt.date(2021, 1, 1)],
            "end_date": [None, None],
            "raw_phrase": ["", ""],
            "source_path": ["", ""],
        }
    )
    bands = analytics.status_bands(states, statuses, today=dt.date(2022, 1, 1))
    assert bands["label"].tolist() == ["improvement notice", "service requiring significant improvement"]
    assert set(bands["label"]) <= set(labels.STATUS_BANDS.values())
