"""Where an authority stands: the one rule (`trajectories.positions`), on small made-up timelines
for each case the rule names, then on the bundled data for authorities leaders know."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from trajectories import analytics, authorities, positions

d = dt.date
TODAY = d(2026, 11, 1)


def event(
    event_id,
    kind,
    start=None,
    end=None,
    published=None,
    code="A",
    inspectorate="ofsted",
    source="ofsted_report",
    path=None,
    planned=False,
):
    return {
        "event_id": event_id,
        "authority_code": code,
        "authority_name": f"Council {code}",
        "nation": "England",
        "inspectorate": inspectorate,
        "event_type": kind,
        "start_date": start,
        "end_date": end,
        "published_date": published,
        "planned": planned,
        "source_kind": source,
        "source_path": path or f"{source}-{event_id}",
    }


def grade(ev: dict, dimension: str, level: float, judgement_id: int, quality: str = "exact") -> dict:
    words = {1: "Inadequate", 2: "Requires improvement", 3: "Good", 4: "Outstanding"}.get(level, str(level))
    return {
        **ev,
        "judgement_id": judgement_id,
        "dimension": dimension,
        "subject_type": "local_authority",
        "level": level,
        "level_low": level,
        "level_high": level,
        "mapping_quality": quality,
        "raw_phrase": words,
        "framework": None,
    }


def frames(events: list[dict], grades: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    return pd.DataFrame(grades), pd.DataFrame(events)


def test_an_inspection_with_area_grades_only_ends_the_overall_grade():
    old = event(1, "ofsted_ilacs_standard", d(2023, 3, 13), d(2023, 3, 24))
    new = event(2, "ofsted_ilacs_standard", d(2026, 6, 15), d(2026, 6, 26))
    grades = [
        grade(old, "overall", 1, 1),
        grade(old, "leadership", 1, 2),
        *(
            grade(new, dim, lv, 10 + k)
            for k, (dim, lv) in enumerate(
                [("leadership", 3), ("help_protection", 3), ("children_in_care", 3), ("care_leavers", 4)]
            )
        ),
    ]
    judgements, events = frames([old, new], grades)
    states = positions.states(judgements, events, today=TODAY)
    now = positions.as_at(states, TODAY).iloc[0]
    assert now["kind"] == "areas" and pd.isna(now["level"]) and not now["inadequate"]
    assert now["position"] == "leaders Good; help and protection Good; children in care Good; care leavers Outstanding"
    steps = positions.steps(judgements, events, today=TODAY)
    assert len(steps) == 1 and steps.iloc[0]["until"] == d(2026, 6, 26) and not steps.iloc[0]["in_force"]
    assert steps.iloc[0]["ended_by"] == "areas"
    # before the new inspection the old grade was in force, and the episode ended at the new one
    assert positions.as_at(states, d(2025, 1, 1)).iloc[0]["position"] == "Inadequate"
    episodes = analytics.inadequate_episodes(states, today=TODAY)
    assert episodes["end"].tolist() == [d(2026, 6, 26)] and not episodes["open"].iloc[0]
    assert episodes["exit_phrase"].iloc[0].startswith("leaders Good")


def test_any_inadequate_area_keeps_an_authority_inadequate_and_says_which():
    old = event(1, "ofsted_ilacs_standard", d(2022, 1, 10), d(2022, 1, 21))
    new = event(2, "ofsted_ilacs_standard", d(2026, 5, 11), d(2026, 5, 22))
    grades = [
        grade(old, "overall", 1, 1),
        grade(new, "leadership", 1, 2),
        grade(new, "help_protection", 1, 3),
        grade(new, "children_in_care", 3, 4),
        grade(new, "care_leavers", 2, 5),
    ]
    states = positions.states(*frames([old, new], grades), today=TODAY)
    now = positions.as_at(states, TODAY).iloc[0]
    assert now["inadequate"] and now["inadequate_areas"] == ["leaders", "help and protection"]
    assert now["inadequate_since"] == d(2022, 1, 21)  # the episode began at the first inadequate inspection
    assert now["lowest_area"] == 1.0 and pd.isna(now["level"])


def test_an_ungraded_review_ends_a_level_inferred_from_words():
    inspection = event(1, "ciw_inspection", d(2020, 10, 12), d(2020, 10, 23), inspectorate="ciw", source="ciw_letter")
    monitoring = event(
        2, "ciw_monitoring_activity", d(2021, 4, 26), d(2021, 4, 29), inspectorate="ciw", source="ciw_letter"
    )
    review = event(
        3, "ciw_follow_up_inspection", d(2022, 6, 6), d(2022, 6, 10), inspectorate="ciw", source="table:wales_timeline"
    )
    grades = [grade(inspection, "overall", 1, 1, quality="narrative_inferred")]
    judgements, events = frames([inspection, monitoring, review], grades)
    states = positions.states(judgements, events, today=TODAY)
    # a monitoring visit never ends a level: still inadequate after it
    assert positions.as_at(states, d(2021, 12, 1)).iloc[0]["inadequate"]
    now = positions.as_at(states, TODAY).iloc[0]
    assert now["kind"] == "ungraded" and now["position"] == "not graded since June 2022" and not now["inadequate"]
    assert analytics.inadequate_episodes(states, today=TODAY)["end"].tolist() == [d(2022, 6, 10)]


def test_one_visit_however_many_sources_even_when_paused():
    # fieldwork in December, paused, finished in February; a table knows only the first week, another
    # only the publication day in May: one visit, one judgement, one transition
    report = event(1, "ofsted_ilacs_short", d(2022, 12, 5), d(2023, 2, 15))
    table = event(
        2, "ofsted_ilacs_short", d(2022, 12, 5), d(2022, 12, 9), d(2023, 5, 10), source="table:ofsted_scraped"
    )
    listed = event(3, "ofsted_ilacs", published=d(2023, 5, 10), source="table:ofsted_outcomes")
    earlier = event(4, "ofsted_sif", d(2017, 9, 11), d(2017, 10, 5))
    grades = [grade(e, "overall", 1, 10 + e["event_id"]) for e in (report, table, listed)] + [
        grade(earlier, "overall", 1, 1)
    ]
    judgements, events = frames([report, table, listed, earlier], grades)
    states = positions.states(judgements, events, today=TODAY)
    assert len(states) == 2 and states.iloc[-1]["sources"] == 3 and states.iloc[-1]["source_kind"] == "ofsted_report"
    steps = positions.steps(judgements, events, today=TODAY)
    moves = analytics.transitions(steps)
    assert moves["count"].tolist() == [1]  # inadequate -> inadequate once, not three times
    visits = analytics.distinct_events(events)
    assert len(visits) == 2 and sorted(visits["sources"]) == [1, 3]


def test_a_visit_known_only_by_its_publication_is_placed_and_flagged():
    listed = event(
        1,
        "ci_joint_inspection_children",
        published=d(2019, 3, 5),
        inspectorate="ci_scot",
        source="table:scotland_timeline",
    )
    states = positions.states(*frames([listed], [grade(listed, "overall", 3, 1, quality="approximate")]), today=TODAY)
    row = states.iloc[0]
    assert row["date"] == d(2019, 3, 5) and row["approximate_date"]


def test_a_renamed_council_resolves_by_the_events_date_and_an_abolished_one_is_not_current():
    # North Yorkshire County Council became the unitary North Yorkshire Council on 1 April 2023
    assert authorities.code_on("E10000023", d(2023, 7, 3)) == "E06000065"
    assert authorities.code_on("E10000023", d(2019, 1, 1)) == "E10000023"
    assert authorities.code_on("E10000006", d(2024, 1, 1)) == "E10000006"  # a split: drawn apart, never guessed
    table = pd.DataFrame(
        {"code": ["E10000023", "E06000065"], "valid_from": [None, d(2023, 4, 1)], "valid_to": [d(2023, 3, 31), None]}
    )
    assert analytics.exists_on(table, TODAY) == [False, True]
    assert analytics.exists_on(table, d(2020, 1, 1)) == [True, False]


def test_median_time_to_leave_inadequate_keeps_open_episodes_as_censored():
    episodes = pd.DataFrame({"months": [12.0, 24.0, 30.0, 36.0, 48.0], "open": [False, False, True, True, True]})
    km, median = analytics.time_to_better(episodes)
    # a median of the ended ones alone would say 18 months; three are still open after 30 months or more
    assert median is None
    assert km["at_risk"].tolist() == [5, 4, 3, 2, 1]
    assert km["still_inadequate"].iloc[1] == pytest.approx(0.8 * 0.75)
    ended = pd.DataFrame({"months": [10.0, 20.0, 30.0, 40.0], "open": [False, False, False, True]})
    assert analytics.time_to_better(ended)[1] == 20.0
    table = analytics.at_risk_table(km, marks=(0, 12, 24))
    assert table["at_risk"].tolist() == [5, 5, 4]


def test_a_planned_visit_whose_window_passed_says_what_became_of_it():
    planned = event(1, "ciw_monitoring_activity", d(2021, 10, 1), d(2021, 12, 1), inspectorate="ciw", planned=True)
    happened = event(2, "ciw_monitoring_activity", d(2021, 11, 15), d(2021, 11, 19), inspectorate="ciw")
    lost = event(3, "ciw_inspection", d(2022, 4, 1), d(2022, 4, 30), inspectorate="ciw", planned=True)
    future = event(4, "ofsted_focused_visit", d(2027, 1, 1), d(2027, 3, 1), planned=True)
    out = analytics.planned_events(pd.DataFrame([planned, happened, lost, future]), today=TODAY).set_index("event_id")
    assert out.loc[1, "outcome"] == "planned; took place on 15 November 2021" and not out.loc[1, "overdue"]
    assert out.loc[3, "outcome"] == "planned; no record of it" and out.loc[3, "overdue"]
    assert out.loc[4, "outcome"] == "planned"


# ---------------------------------------------------------------- the bundled data


@pytest.fixture(scope="module")
def table(bundled_db):
    from trajectories import exports
    from trajectories.db.engine import make_engine
    from trajectories.domain import Filters

    engine = make_engine(bundled_db)
    with engine.connect() as conn:
        frame = exports.table_frame(conn, Filters(), "authorities", today=TODAY)
    engine.dispose()
    return frame.set_index("authority_name")


def test_councils_that_left_inadequate_in_2026_are_not_inadequate_now(table):
    for name in ("South Tyneside", "Liverpool"):
        row = table.loc[name]
        assert row["inadequate_now"] == "no" and row["position"].startswith("leaders Good"), name
        assert pd.isna(row["level_now"])  # never an invented overall grade


def test_wrexham_is_not_graded_since_ciws_later_review(table):
    row = table.loc["Wrexham County Borough Council"]
    assert row["inadequate_now"] == "no" and row["position"].startswith("not graded since")


def test_england_counts_its_153_childrens_services_authorities_now(table):
    england = table[(table["nation"] == "England") & table["exists_on"]]
    assert len(england) == 153
    assert not table.loc["Somerset County Council", "exists_on"]
    assert table.loc["North Yorkshire", "position"] == "Outstanding"  # its 2023 grade, filed under the old code


def test_reconciliation_with_ofsteds_table_and_latest_reports_leaves_nothing_unexplained(bundled_db):
    import subprocess
    import sys

    from tests.conftest import ROOT

    out = subprocess.run(
        [sys.executable, "-m", "trajectories", "evaluate", "positions", "--db", bundled_db],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr
    assert "unexplained disagreements: 0" in out.stdout, out.stdout
    compared = int(out.stdout.split("agree with the table")[0].split("/")[1].split()[0])
    assert compared >= 140
