"""Direction of travel as a careful reader takes it: negation and hedges on negative phrases too,
damping by limits, mixed verdicts, escalation, and the labelled phrases of the bundled Ofsted reports."""

from __future__ import annotations

import csv

import pytest

from loaders.extract import extract
from tests.conftest import ROOT
from trajectories import normalise, scale
from trajectories.domain import DirectionSignal, Status

TABLE = ROOT / "tests" / "data" / "directions_ofsted.csv"


def read(sentence: str) -> list[tuple[int, str]]:
    return [(m.value, m.raw_phrase) for m in scale.directions_in(sentence)]


def first(sentence: str) -> int | None:
    found = scale.directions_in(sentence)
    return found[0].value if found else None


def test_the_labelled_ofsted_phrases_are_read_as_labelled():
    with TABLE.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 100
    texts: dict[str, str] = {}
    for row in rows:  # every sentence is where the table says it is
        if row["source"] not in texts:
            path = ROOT / row["source"]
            texts[row["source"]] = " ".join(extract(path.read_bytes(), str(path)).text.split())
        assert " ".join(row["sentence"].split()[:6]) in texts[row["source"]]
    wrong = [
        (row["direction"], first(row["sentence"]), row["sentence"])
        for row in rows
        if str(first(row["sentence"]) if first(row["sentence"]) is not None else "") != row["direction"]
    ]
    assert len(wrong) <= 0.05 * len(rows), wrong


@pytest.mark.parametrize(
    "sentence, expected",
    [
        # the one negated deterioration in the bundled reports (Brighton and Hove 2024): no ▼▼ beside the progress
        (
            "Since the last inspection in 2018, senior leaders have made significant improvements across all areas of "
            "practice and no aspects of practice have deteriorated.",
            [2],
        ),
        ("No aspects of practice have deteriorated since the focused visit.", [0]),
        ("The quality of practice has not declined since the last monitoring visit.", [0]),
        ("There has been no deterioration in the timeliness of assessments.", [0]),
        ("Practice for children in need of help and protection has not yet improved.", [-1]),
        (
            "Services for children and families in need of help and protection have not improved enough from the "
            "inadequate judgement of 2015.",
            [-1],
        ),
        ("It is too early to say whether the quality of practice has deteriorated.", [-1]),
    ],
)
def test_negation_and_hedges_apply_to_negative_phrases(sentence, expected):
    assert [v for v, _ in read(sentence)] == expected


def test_a_positive_phrase_limited_in_the_same_sentence_is_damped():
    # CIW headline, Powys follow-up inspection (2019)
    assert read("Significant improvement achieved in Powys but serious concerns remain") == [
        (1, "Significant improvement achieved")
    ]
    assert first("There have been significant improvements in certain areas of practice.") == 1
    # own words: strong progress, but too early to judge impact
    assert first("The council has made significant progress, but it is too early to judge the impact on children.") == 1


def test_a_mixed_picture_is_mixed_and_only_when_it_is_about_progress():
    # CIW improvement check, Flintshire 2025
    assert read(
        "Our improvement check found a mixed picture, with areas of improvement alongside important concerns "
        "that require attention."
    ) == [(0, "a mixed picture")]
    assert first("The educational achievement of children looked after in Surrey is a mixed picture.") is None


def test_escalation_is_negative_and_a_status():
    sentence = (
        "This is reflected in CIW's Annual Review letter about our performance for 2019/20, which shows that "
        "they "
        "have raised their level of concern regarding children's services from serious to significant."
    )
    assert first(sentence) == -1
    assert {s.value for s in scale.statuses_in(sentence)} == {Status.CIW_SIGNIFICANT_CONCERNS}
    assert first("During the last year, CIW's concerns have escalated from serious to significant.") == -2


def test_continuing_serious_concerns_yield_a_status_and_no_invented_direction():
    sentence = "There continue to be areas of practice where we have serious concerns."
    assert {s.value for s in scale.statuses_in(sentence)} == {Status.CIW_SERIOUS_CONCERNS}
    assert read(sentence) == []
    assert read("I have made clear my expectation that significant improvement in services was required.") == []


def test_childrens_own_progress_is_not_the_services_direction():
    assert first("Young people visited in the inspection are making good progress.") is None
    assert first("Leaders have made good progress in improving the front door.") == 1


def signal(direction: int, phrase: str, context: str) -> DirectionSignal:
    return DirectionSignal(phrase, direction, "rule", raw_context=context)


def test_contradictory_signals_of_one_document_keep_the_verdict_and_explain_the_rest():
    mash = signal(
        1, "purposeful and targeted progress", "Senior leaders have made purposeful and targeted progress in the MASH."
    )
    overall = signal(
        -1, "insufficient progress", "However, insufficient progress has been made in other aspects of the service."
    )
    kept, notes = normalise.settle_directions([mash, overall])
    assert [(s.direction, s.scope) for s in kept] == [(1, "part of the service"), (-1, "overall")]
    assert len(notes) == 1 and "purposeful and targeted progress" in notes[0] and "part of the service" in notes[0]
    agreeing = [
        signal(1, "has improved", "Practice has improved."),
        signal(2, "significant progress", "Significant progress."),
    ]
    assert normalise.settle_directions(agreeing) == (agreeing, [])
