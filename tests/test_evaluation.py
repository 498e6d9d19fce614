"""The evaluation commands: reports against Ofsted's own table, and the tagger against labels."""

import subprocess
import sys

import loaders
from tests.conftest import ROOT, shared
from trajectories import evaluation

REPORTS = [
    ("80449_bradford", "2023-01-31_childrens-services-inspection.txt"),
    ("80568_swindon", "2023-09-11_childrens-services-inspection.txt"),
    ("80578_west-sussex", "2023-05-11_childrens-services-inspection.txt"),
]


def test_reports_agree_with_ofsteds_own_table_except_its_known_error():
    paths = []
    for folder, name in REPORTS:
        base = shared("ofsted", "ofsted_ilacs_reports", folder)
        paths += [base / name] if name else sorted(base.glob("*.txt"))
    reports = [d for p in paths for d in loaders.read_file(p)]
    table = loaders.read_file(shared("ofsted", "structured", "ofsted_la_ilacs_latest_2023.csv"))
    result = evaluation.compare_outcomes(reports, table, "official")
    assert result.matched == 3
    agree = sum(c["agree"] for c in result.per_dimension.values())
    assert agree == 13  # 4 grades for Bradford (one care judgement), 5 each for the 2023-format reports, less one
    # Ofsted's table says RI for Swindon's children in care; the report's table and heading say Inadequate.
    assert [(d["authority"], d["table"], d["report"]) for d in result.disagreements] == [
        ("Swindon", "Requires improvement to be good", "Inadequate")
    ]


def test_sif_reports_yield_overall_and_dates():
    paths = sorted(shared("ofsted", "ofsted_ilacs_reports", "80449_bradford").glob("2014*.txt"))
    reports = [d for p in paths for d in loaders.read_file(p)]
    assert reports and evaluation.framework_coverage(reports) == []


def test_evaluate_tagger_command_prints_the_measures():
    out = subprocess.run(
        [sys.executable, "-m", "trajectories", "evaluate", "tagger"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    assert "macro-F1 (themes):" in out.stdout and "polarity accuracy:" in out.stdout
    assert "polarity confusion" in out.stdout and "findings_holdout.csv" in out.stdout


def test_a_set_drawn_at_random_is_scored_with_the_finding_before_each_one():
    """Rows of a random draw are rarely neighbours: the `previous` column, not the row above, is the context
    the tagger gets, as at ingest. Here the finding before points to children in care; the row above does not."""
    row = {"document": "d", "section": "Findings", "polarity": "strength", "modality": "", "cohorts": set()}
    records = [
        {**row, "id": "1", "text": "Senior leaders hold regular meetings.", "themes": {"leadership_governance"}},
        {
            **row,
            "id": "2",
            "text": "These children are visited often by their social workers.",
            "themes": {"practice_quality_assessment_planning", "children_in_care_permanence"},
            "previous": "Children in care live in stable homes close to their families.",
            "previous_section": "Findings",
        },
    ]
    score = evaluation.score_tagger(records)
    assert score.mistakes == [] and score.per_theme["children_in_care_permanence"]["recall"] == 1.0
