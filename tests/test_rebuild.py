"""A rule change never needs the files again: rebuild re-derives values from the stored words."""

from sqlalchemy import text

from tests.conftest import SEED
from trajectories.ingest import ingest
from trajectories.rebuild import rebuild


def test_rebuild_restores_what_the_rules_say(engine):
    ingest(engine, [SEED])
    with engine.begin() as conn:  # as if an older, worse rule had produced these values
        conn.execute(text("UPDATE finding SET polarity = 'neutral', polarity_rule = 'old' "))
        conn.execute(text("DELETE FROM finding_tag"))
        conn.execute(text("UPDATE judgement SET level = 3, level_low = 3, level_high = 3, mapping_quality = 'exact'"))
        conn.execute(text("UPDATE direction_signal SET direction = -2"))
    changed = rebuild(engine)
    assert changed["finding polarity"] == 7 and changed["finding tags"] == 7
    assert changed["judgements"] == 1 and changed["directions"] == 2
    with engine.connect() as conn:
        polarities = [p for (p,) in conn.execute(text("SELECT polarity FROM finding ORDER BY seq"))]
        level = conn.execute(text("SELECT level, mapping_quality FROM judgement")).one()
        directions = sorted(d for (d,) in conn.execute(text("SELECT direction FROM direction_signal")))
        themes = conn.execute(text("SELECT count(*) FROM finding_tag WHERE facet = 'theme'")).scalar_one()
    assert polarities == ["strength"] * 4 + ["action_required"] + ["strength"] * 2
    assert tuple(level) == (1.0, "narrative_inferred")
    assert directions == [1, 1] and themes > 7
    assert theme_counts(engine) == counted_from_tags(engine)  # the per-visit counts follow the new tags
    assert rebuild(engine) == {}  # a second rebuild finds nothing to change


def theme_counts(engine) -> list[tuple]:
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(text("SELECT event_id, theme, polarity, findings FROM event_theme ORDER BY 1, 2, 3"))
        ]


def counted_from_tags(engine) -> list[tuple]:
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                text(
                    "SELECT f.event_id, t.tag, f.polarity, count(*) FROM finding f JOIN finding_tag t ON t.finding_id "
                    "= f.id "
                    "AND t.facet = 'theme' GROUP BY f.event_id, t.tag, f.polarity ORDER BY 1, 2, 3"
                )
            )
        ]


def test_rebuild_reads_section_headings_before_sentence_cues(engine):
    """A letter's 'Areas of strength' and a report's misread sentences come back right from the stored words."""
    from tests.conftest import shared

    letter = shared(
        "ofsted", "ofsted_focused_visits", "80534_nottinghamshire", "2018-02-22_childrens-services-focused-visit.txt"
    )
    report = shared("ofsted", "ofsted_ilacs_reports", "80449_bradford", "2023-01-31_childrens-services-inspection.txt")
    ingest(engine, [letter, report])
    with engine.begin() as conn:  # as if stored by the older rules
        conn.execute(
            text(
                "UPDATE finding SET polarity = 'concern', polarity_rule = 'old' WHERE section = "
                "'Areas of strength' OR text LIKE '%not all children progress to the pre-proceedings%'"
            )
        )
    changed = rebuild(engine)
    assert changed["finding polarity"] >= 10
    with engine.connect() as conn:
        strengths = conn.execute(
            text("SELECT DISTINCT polarity, polarity_rule FROM finding WHERE section = 'Areas of strength'")
        ).all()
        progress = conn.execute(
            text("SELECT polarity FROM finding WHERE text LIKE '%not all children progress to the pre-proceedings%'")
        ).scalar_one()
    assert [tuple(r) for r in strengths] == [("strength", "section:strength")]
    assert progress == "concern"  # never quoted among a briefing's recurring strengths
    assert theme_counts(engine) == counted_from_tags(engine)
    assert rebuild(engine) == {}


def test_rebuild_right_after_ingest_changes_nothing(engine):
    """Ingest and rebuild read each finding with the same context: a section that opens with "This
    inspection has found ..." (Birmingham 2016) takes no theme from the last finding of the section before.
    And a status a page repeats (Powys 2019: "A formal Warning Notice, was issued ... The Warning Notice
    placed a number of requirements ...") is one signal after rebuild as after loading."""
    from tests.conftest import shared

    report = shared(
        "ofsted", "ofsted_ilacs_reports", "80429_birmingham", "2016-11-25_childrens-services-inspection.txt"
    )
    page = shared("wales_scotland_pages", "09_powys_followup_written_statement_2019.txt")
    ingest(engine, [report, page])
    assert rebuild(engine) == {}
