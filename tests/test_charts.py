"""The trajectory figure tells the truth (docs/domain-rules.md §2.5), on real histories from the bundled data:
levels are steps held until the next judgement and drawn on to today, direction sits in its own
lane, England's framework changes are marked only for English councils, and the lanes have words."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from trajectories import analytics, charts, positions
from trajectories.db import queries
from trajectories.db.engine import make_engine
from trajectories.domain import Filters

TODAY = dt.date(2026, 11, 1)


def figure(url: str, code: str):
    one = Filters(authorities=(code,))
    with make_engine(url).connect() as conn:
        judgements, directions = queries.judgements(conn, one), queries.directions(conn, one)
        events, statuses = queries.events(conn, one), queries.statuses(conn, one)
    steps = analytics.level_steps(judgements, today=TODAY, events=events)
    states = positions.states(judgements, events, today=TODAY)
    bands = analytics.status_bands(states, statuses, today=TODAY)
    nation = "Wales" if code.startswith("W") else "England"
    return steps, charts.trajectory(
        steps,
        analytics.direction_points(directions),
        events,
        title=code,
        today=TODAY,
        nation=nation,
        bands=bands,
        states=states,
    )


def _is_steps(trace) -> bool:
    """Every segment of a line is flat or upright (a state, never a slope between two grades)."""
    points = [(x, y) for x, y in zip(trace.x, trace.y, strict=True)]
    return all(a[0] == b[0] or a[1] == b[1] for a, b in itertools.pairwise(points) if None not in (*a, *b))


@pytest.mark.parametrize("code", ["E08000032", "W06000006"])  # Bradford, Wrexham
def test_levels_are_steps_held_until_the_next_full_inspection(bundled_db, code):
    steps, fig = figure(bundled_db, code)
    lines = [t for t in fig.data if t.mode == "lines" and t.yaxis == "y"]
    assert lines and all(_is_steps(t) for t in lines)  # states, never interpolated
    in_force = [t for t in fig.data if t.name.startswith("still in force")]
    if code == "E08000032":
        assert in_force[0].line.dash == "dot" and in_force[0].x[-1] == TODAY and in_force[0].y[0] == in_force[0].y[-1]
        # the solid line reaches the grade still in force: no gap between the last two grades
        solid = next(t for t in lines if t.name == "judgement in force")
        assert (solid.x[-1], solid.y[-1]) == (in_force[0].x[0], in_force[0].y[0])
    else:  # CIW inspected Wrexham again in 2022 without a grade: its inferred level is no longer in force
        assert not in_force
        assert any(t.name == "inspection or review: not graded" for t in fig.data)
        assert "not graded from here" in {a.text for a in fig.layout.annotations}
    assert fig.layout.yaxis.ticktext == ("Inadequate", "Requires improvement", "Good", "Outstanding")
    # direction of travel is drawn in its own lane (second row), never on the level axis, each
    # point's glyph saying which way (the lane's tick words are its key, not the legend)
    direction = [t for t in fig.data if t.name == "direction of travel"]
    assert direction and all(t.yaxis == "y2" and not t.showlegend for t in direction)
    assert [{1: "triangle-up", -1: "triangle-down", 0: "circle"}[(y > 0) - (y < 0)] for y in direction[0].y] == list(
        direction[0].marker.symbol
    )
    assert fig.layout.yaxis2.ticktext == ("▼▼ worse", "▼ slow", "● mixed", "▲ progress", "▲▲ strong")


def test_framework_changes_are_marked_for_english_councils_only(bundled_db):
    _, bradford = figure(bundled_db, "E08000032")
    _, wrexham = figure(bundled_db, "W06000006")
    notes = {a.text for a in bradford.layout.annotations}
    assert "ILACS begins" in notes  # every change after the first record is marked
    assert not {"SIF begins", "ILACS begins"} & {a.text for a in wrexham.layout.annotations}
    rules = [s for s in bradford.layout.shapes if s.type == "line"]
    assert dt.date(2018, 1, 1) in {s.x0 for s in rules} and TODAY in {s.x0 for s in rules}


def test_inadequate_periods_are_shaded_in_the_level_lane_with_a_nation_neutral_label(bundled_db):
    steps, fig = figure(bundled_db, "W06000006")
    rects = [s for s in fig.layout.shapes if s.type == "rect"]
    assert rects and all(s.yref == "y domain" for s in rects)
    # named in the legend, never as a label on the chart (labels of nearby bands would overlap)
    labels = {t.name for t in fig.data}
    assert "shaded: judged inadequate" in labels
    assert not any("England" in (label or "") for label in labels)
    assert not any("judged inadequate" in (a.text or "") for a in fig.layout.annotations)


def test_visits_in_the_rug_are_one_grey_whatever_their_number(bundled_db):
    _, fig = figure(bundled_db, "E08000032")
    rug = [
        t
        for t in fig.data
        if t.name in ("inspection, visit or letter", "planned visit", "planned visit (its window has passed)")
    ]
    assert rug and {t.marker.color for t in rug} <= {"#8C8C8C", "#7F7F7F"}
