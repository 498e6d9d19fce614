"""Welsh and Scottish inspectorate pages read by what they are: real pages of the shared set and
letters written here in the same styles (own words)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import loaders
from tests.conftest import ROOT, SEED, shared
from trajectories import evaluation
from trajectories.domain import DocumentError, Inspectorate, Polarity

OWN = Path(__file__).parent / "data" / "pages"  # pages written here in the inspectorates' styles (own words)


def own_words(name: str) -> str:
    return (OWN / name).read_text(encoding="utf-8")


def page(name: str):
    folder = shared("wales_scotland_pages")
    [path] = list(folder.glob(name + "_*"))
    return loaders.read_file(path)


def own(tmp_path, text: str, name: str = "page.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return loaders.read_file(path)


def visit(doc):
    return next(e for e in doc.events if not e.planned)


CIW_CHECK = """Share this page

Improvement check: Ceredigion County Council children's services

Published: 12 September 2024

We inspected services for children at Ceredigion County Council in May this year, following our performance evaluation inspection in March 2023.

Our improvement check found that the local authority has made significant progress since the inspection, but it is too early to judge the impact on children of its new practice model.

Areas of improvement identified

- Social workers now visit children in line with their plans and record what children tell them.
- The front door team makes timely decisions about referrals.

Areas requiring improvement

- The local authority must make sure strategy discussions include health and education.
- Leaders should strengthen their oversight of assessments for disabled children.

Next steps

We will monitor progress through our ongoing performance review activity. We will consider a further inspection within 12 months of publication.
"""

CI_TWO_COUNCILS = """Services to protect children in Fife and Falkirk council areas

The Care Inspectorate has published two reports of joint inspections of services to protect children in the Fife and Falkirk council areas.

The inspections took place in October and November 2008.

Services in the Fife Council area were given one evaluation of very good, three evaluations of good and two evaluations of satisfactory.

Inspectors found the following key strengths in how well children were protected:
- Staff responded quickly when children were at risk.
- Health visitors shared information promptly with social workers.

Inspectors agreed with services the following points for improvement.
- Improve the quality of chronologies.

We are confident that services will be able to make the necessary improvements. As a result, we will make no more visits in connection with this inspection.
"""

CIW_LETTER_CUT = """Arolygiaeth Gofal Cymru (AGC) Care Inspectorate Wales (CIW) Swyddfa Llywodraeth Cymru Welsh Government Office
[email protected] www.careinspectorate.wales

Date: 14 August 2020

Dear Director,

This letter summarises our review of Newport City Council's performance in carrying out its statutory social services functions from April 2019 - March 2020.

Get the latest COVID-19 vaccination information

Rydym yn croesawu derbyn gohebiaeth yn Gymraeg.

We found that children's services have strengthened their work with families at the edge of care, and that the number of children looked after has begun to fall. The local authority should continue to develop its placement sufficiency strat"""

COUNCIL_NEWS = """Council responds to Care Inspectorate Wales letter

Posted on Tuesday 4th August 2020

Care Inspectorate Wales (CIW) has raised its level of concern about children's services in Torfaen from serious to significant, in its annual review letter about our performance for 2019/20.

Councillor Jane Smith said: "We accept the findings and we have already taken action."
"""

WELSH_STATEMENT = """Datganiad Ysgrifenedig: Gwasanaethau Plant Cyngor Gwynedd

Ym mis Mawrth 2023, cynhaliodd Arolygiaeth Gofal Cymru arolygiad o wasanaethau plant Cyngor Gwynedd.
"""


CI_NEWS_UNDATED = own_words("ci_angus_news_undated.txt")

CI_REPORT_COPY = own_words("ci_renfrewshire_report_copy.txt")

CIW_REPORT_COPY = own_words("ciw_caerphilly_report_copy.txt")


COUNCIL_NEWS_UNNAMED = own_words("ciw_bridgend_council_news_unnamed.txt")

MACHINE_TRANSLATED = own_words("ciw_newport_machine_translated.txt")


# ---- 1. recognition by what the text is --------------------------------------------------------------


def test_a_ciw_page_that_does_not_name_ciw_is_read_as_ciws():
    [doc] = page("13")  # "We inspected Anglesey's children's services in November 2016."
    assert (doc.inspectorate, doc.authority.code, doc.kind) == (Inspectorate.CIW, "W06000001", "ciw_page")
    [doc] = page("41")  # "We inspected services for children at Vale of Glamorgan Council during May 2018."
    assert (doc.inspectorate, doc.authority.code) == (Inspectorate.CIW, "W06000014")


def test_an_own_improvement_check_without_the_inspectorates_name_is_ciws(tmp_path):
    [doc] = own(tmp_path, CIW_CHECK)
    assert (doc.inspectorate, doc.authority.code, visit(doc).event_type) == (
        Inspectorate.CIW,
        "W06000008",
        "ciw_improvement_check",
    )


def test_council_news_and_machine_translations_of_ciw_pages_are_ciws(tmp_path):
    """Issue 19 item 1: a council's news of an inspection of its children's services that does not name
    the inspectorate, and a page machine-translated from Welsh, are CIW's: no other body inspects them."""
    [doc] = own(tmp_path, COUNCIL_NEWS_UNNAMED)
    assert (doc.inspectorate, doc.authority.code, doc.source_kind) == (
        Inspectorate.CIW,
        "W06000013",
        "a council press release quoting the inspectorate",
    )
    assert (str(visit(doc).start), str(visit(doc).published)) == ("2016-01", "2016-03-03")
    [doc] = own(tmp_path, MACHINE_TRANSLATED)
    assert (doc.inspectorate, doc.authority.code, str(visit(doc).start)) == (Inspectorate.CIW, "W06000022", "2017-06")
    assert [f.text for f in visit(doc).findings] == [
        "The inspectors found that the children are safe and that the workers of social work know well the families."
    ]
    with pytest.raises(DocumentError):  # an education inspection of a Welsh council is Estyn's, not read here
        own(tmp_path, COUNCIL_NEWS_UNNAMED.replace("Inspectors have found", "Estyn inspectors have found"))


def test_scottish_pages_are_the_care_inspectorates_never_ofsteds():
    for name, code in (("57", "S12000033"), ("61", "S12000048"), ("74", "S12000045")):
        [doc] = page(name)  # these three were read as Ofsted reports and refused before
        assert (doc.inspectorate, doc.authority.code, doc.kind) == (Inspectorate.CI_SCOT, code, "ci_scotland")
        assert visit(doc).event_type == "ci_joint_inspection_children"


def test_secondary_sources_are_read_for_the_visit_and_marked(tmp_path):
    [doc] = page("09")  # Welsh Government written statement on the Powys follow-up inspection
    assert doc.source_kind == "a ministerial statement quoting the inspectorate"
    assert any(w.startswith("secondary source") for w in doc.warnings)
    assert {d.basis for d in visit(doc).directions} == {"press"}
    [doc] = page("39")  # council committee paper on the Bridgend improvement check
    assert doc.source_kind == "a council committee paper quoting the inspectorate"
    assert (visit(doc).event_type, str(visit(doc).start), str(visit(doc).end)) == (
        "ciw_improvement_check",
        "2022-11-21",
        "2022-11-24",
    )
    [doc] = own(tmp_path, COUNCIL_NEWS)
    assert doc.source_kind == "a council press release quoting the inspectorate"


# ---- 2. every part of the visit ------------------------------------------------------------------------


def test_visit_dates_in_the_forms_the_pages_use():
    cases = {
        "03": ("2020-10-12", "2020-10-23"),  # "between the 12 and 23 of October 2020"
        "25": ("2022-03-28", "2022-04-08"),  # "between 28 March to 8 April 2022": across months
        "26": ("2022-03", "2022-04"),  # "between March and April 2022"
        "29": ("2018-07", "2018-07"),  # "during July 2018"
        "67": ("2022-11", "2023-04"),  # "between November 2022 and April 2023"
        "46": ("2019-04", "2020-03"),  # the review year "April 2019 - March 2020"
        "18": ("2010-04", "2011-03"),  # "for 2010/11" in an annual review
    }
    for name, (start, end) in cases.items():
        ev = visit(page(name)[0])
        assert (str(ev.start), str(ev.end)) == (start, end), name


def test_visit_dates_in_own_letters(tmp_path):
    ev = visit(own(tmp_path, CIW_CHECK)[0])  # "in May this year", with the page's "Published: 12 September 2024"
    assert (str(ev.start), str(ev.published)) == ("2024-05", "2024-09-12")
    ev = visit(own(tmp_path, CI_TWO_COUNCILS)[0])  # "in October and November 2008"
    assert (str(ev.start), str(ev.end)) == ("2008-10", "2008-11")
    ev = visit(own(tmp_path, WELSH_STATEMENT)[0])  # "Ym mis Mawrth 2023"
    assert str(ev.start) == "2023-03"
    text = CI_NEWS_UNDATED.replace("Between 2 February and 13 March 2015,", "During the fieldwork in February of 2015")
    assert str(visit(own(tmp_path, text)[0]).start) == "2015-02"  # "fieldwork", "Month of year"
    forms = {
        "Between 30 November 2015 and 19 January 2016, inspectors from four scrutiny bodies examined": (
            "2015-11-30",
            "2016-01-19",
        ),
        "In the autumn of 2015 inspectors spoke to": ("2015", "2015"),
    }
    for words, dated in forms.items():
        text = CI_NEWS_UNDATED.replace("Between 2 February and 13 March 2015, a team of inspectors talked to", words)
        ev = visit(own(tmp_path, text)[0])
        assert (str(ev.start), str(ev.end)) == dated, words


def test_a_news_item_with_no_date_of_its_own_is_placed_by_the_visit_it_reports(engine, tmp_path):
    """Issue 19 item 2: a page without its own date is read and loaded for the visit's dates in its text."""
    from trajectories.ingest import ingest

    [doc] = own(tmp_path, CI_NEWS_UNDATED)
    ev = visit(doc)
    assert (doc.authority.code, str(ev.start), str(ev.end), ev.published) == (
        "S12000041",
        "2015-02-02",
        "2015-03-13",
        None,
    )
    assert not any("no date" in w for w in doc.warnings)
    assert not any("team of inspectors" in f.text for f in ev.findings)  # what the inspectors did
    path = tmp_path / "angus.txt"
    path.write_text(CI_NEWS_UNDATED, encoding="utf-8")
    assert len(ingest(engine, [path]).loaded) == 1


def test_copies_of_reports_are_dated_by_their_fieldwork_not_their_cover(tmp_path):
    """Issue 19 item 2: a council's copy of a report dates the visit by the fieldwork stated in the text;
    the cover's month is when the report was published, never the visit nor an earlier visit."""
    ev = visit(own(tmp_path, CI_REPORT_COPY)[0])
    assert (str(ev.start), str(ev.end), str(ev.published)) == ("2010-10-18", "2010-11-19", "2011-03")
    ev = visit(own(tmp_path, CIW_REPORT_COPY)[0])
    assert (str(ev.start), str(ev.published), ev.references) == ("2018-11", "2019-03", [])
    ev = visit(page("30")[0])  # a report's cover laid out in columns: "… available in Welsh.      October 2018"
    assert (str(ev.start), str(ev.published)) == ("2018-07", "2018-10")


def test_welsh_month_names_and_the_published_day_without_a_year():
    [doc] = page("50")  # Welsh: "Ym mis Hydref 2018 …", "yn cael ei gyhoeddi heddiw (9 Ionawr)"
    ev = visit(doc)
    assert (doc.authority.code, str(ev.start), str(ev.published)) == ("W06000023", "2018-10", "2019-01-09")


def test_published_dates():
    assert str(visit(page("01")[0]).published) == "2021-12-16"  # a dated line at the top
    assert str(visit(page("28")[0]).published) == "2012-03-30"  # "First published: 30 March 2012"
    assert str(visit(page("74")[0]).published) == "2023-04-18"  # "the inspection report was published 18 April 2023"


def test_two_councils_side_by_side_give_one_reading_each(tmp_path):
    docs = own(tmp_path, CI_TWO_COUNCILS)
    assert [d.authority.code for d in docs] == ["S12000047", "S12000014"]  # Fife, Falkirk
    assert len({d.source.sha256 for d in docs}) == 2
    docs = page("56")  # "They investigated services in East Dunbartonshire and Midlothian local authority areas."
    assert sorted(d.authority.code for d in docs) == ["S12000019", "S12000045"]


def test_the_kind_of_visit_and_its_several_names():
    ev = visit(page("03")[0])  # "Children's Services Risk Based Inspection and Adults Services Performance …"
    assert ev.event_type == "ciw_risk_based_inspection"
    ev = visit(page("20")[0])  # "Inspection of Children's Services: Powys" … "followed up with a further inspection"
    assert ev.event_type == "ciw_follow_up_inspection"
    ev = visit(page("07")[0])  # an improvement check "following the Performance Evaluation Inspection (PEI)"
    assert ev.event_type == "ciw_improvement_check"
    # a minister's statement: "CIW undertook an inspection", later "has now completed a follow-up inspection"
    assert visit(page("09")[0]).event_type == "ciw_follow_up_inspection"


def test_a_visit_with_two_names_keeps_both(tmp_path):
    text = CIW_CHECK.replace(
        "Improvement check: Ceredigion County Council children's services",
        "Improvement check: Ceredigion County Council children's services",
    ).replace(
        "We inspected services for children at Ceredigion County Council in May this year,",
        "We carried out a follow-up inspection of services for children at Ceredigion County Council in May this year,",
    )
    ev = visit(own(tmp_path, text)[0])
    assert ev.event_type == "ciw_improvement_check"
    assert ev.title.endswith("(also called: follow-up inspection)")


def test_previous_visits_are_references_never_new_visits(tmp_path):
    [doc] = page("20")  # "We inspected … in July 2017 … and followed up with a further inspection in October 2018."
    assert [str(e.start) for e in doc.events if not e.planned] == ["2018-10"]
    assert visit(doc).references == ["inspection (2017-07)"]
    [doc] = page("01")
    assert visit(doc).references == ["inspection (2020-10)", "review (2021-04)"]
    [doc] = own(tmp_path, CIW_CHECK)
    assert visit(doc).references == ["performance evaluation inspection (2023-03)"]
    assert len([e for e in doc.events if not e.planned]) == 1


def test_references_and_next_steps_are_stored_with_the_visit_never_as_visits(engine, tmp_path):
    """From the page readers through loading to the database: the earlier visits a page names and
    what happens next are kept with the visit, as written; only the visit itself is an event."""
    from sqlalchemy import select

    from trajectories.db.models import EventRow
    from trajectories.ingest import ingest

    path = tmp_path / "check.txt"
    path.write_text(CIW_CHECK, encoding="utf-8")
    [page_01] = list(shared("wales_scotland_pages").glob("01_*"))
    report = ingest(engine, [path, page_01])
    assert len(report.loaded) == 2, report.failed
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                EventRow.authority_code, EventRow.planned, EventRow.start_date, EventRow.refers_to, EventRow.next_steps
            ).order_by(EventRow.authority_code, EventRow.planned, EventRow.start_date)
        ).all()
    ceredigion = [r for r in rows if r.authority_code == "W06000008"]
    wrexham = [r for r in rows if r.authority_code == "W06000006"]
    assert [(r.planned, str(r.start_date)) for r in ceredigion] == [(False, "2024-05-01"), (True, "2025-09-01")]
    assert ceredigion[0].refers_to == "performance evaluation inspection (2023-03)"
    assert ceredigion[0].next_steps.splitlines() == [
        "We will monitor progress through our ongoing performance review activity.",
        "We will consider a further inspection within 12 months of publication.",
    ]
    unplanned = [r for r in wrexham if not r.planned]
    assert [str(r.start_date) for r in unplanned] == ["2021-11-01"]  # October 2020 and April 2021 are references
    assert unplanned[0].refers_to.splitlines() == ["inspection (2020-10)", "review (2021-04)"]
    assert "It is our intention to undertake a further follow up inspection in 2022." in unplanned[0].next_steps


# ---- 3. direction of travel ------------------------------------------------------------------------------


def test_directions_of_real_pages():
    # "Significant improvement achieved … but serious concerns remain"
    assert [d.direction for d in visit(page("21")[0]).directions][:1] == [1]
    assert [d.direction for d in visit(page("07")[0]).directions] == [0]  # a mixed picture
    ev = visit(page("05")[0])  # "raised their level of concern … from serious to significant"
    assert ev.directions[0].direction == -1
    assert "ciw_significant_concerns" in {s.status.value for s in ev.statuses}
    assert "ciw_serious_concerns" in {s.status.value for s in visit(page("20")[0]).statuses}
    assert visit(page("23")[0]).directions == []  # Pembrokeshire 2018 states no direction: none invented
    assert [d.direction for d in visit(page("32")[0]).directions][:1] == [0]  # prospects for improvement uncertain


def test_directions_of_own_letters(tmp_path):
    ev = visit(own(tmp_path, CIW_CHECK)[0])  # significant progress, but too early to judge the impact
    assert [(d.direction, d.basis) for d in ev.directions] == [(1, "primary_source")]
    ev = visit(own(tmp_path, COUNCIL_NEWS)[0])
    assert [(d.direction, d.basis) for d in ev.directions] == [(-1, "press")]


WELSH_CHECK = own_words("ciw_gwynedd_improvement_check_welsh.txt")


def test_directions_in_welsh(tmp_path):
    """Issue 19 item 3 for pages written in Welsh: the same reading, damped the same way."""
    [doc] = page("50")  # "… yn cydnabod bod gwelliannau mawr wedi'u gwneud …": improvements made
    assert [(d.direction, d.basis) for d in visit(doc).directions] == [(1, "press")]
    assert visit(doc).event_type == "ciw_follow_up_inspection"  # "wedi cwblhau arolygiad dilynol"
    [doc] = own(tmp_path, WELSH_CHECK)  # significant progress, "ond mae'n rhy gynnar i farnu": damped
    ev = visit(doc)
    assert (doc.inspectorate, doc.authority.code, ev.event_type, str(ev.start)) == (
        Inspectorate.CIW,
        "W06000002",
        "ciw_improvement_check",
        "2024-06",
    )
    assert [(d.direction, d.raw_phrase) for d in ev.directions] == [(1, "wedi gwneud cynnydd sylweddol")]
    text = WELSH_CHECK.replace(" Fodd bynnag, mae'n rhy gynnar i farnu'r effaith ar blant.", "")
    assert [d.direction for d in visit(own(tmp_path, text)[0]).directions] == [2]
    text = WELSH_CHECK.replace("wedi gwneud cynnydd sylweddol", "wedi dirywio")
    assert [d.direction for d in visit(own(tmp_path, text)[0]).directions][:1] == [-2]
    text = WELSH_CHECK.replace("wedi gwneud cynnydd sylweddol ers yr arolygiad", "yn dangos darlun cymysg")
    assert {d.direction for d in visit(own(tmp_path, text)[0]).directions} == {0}


def test_a_page_that_points_two_ways_keeps_its_verdict_and_says_why(tmp_path):
    text = CIW_CHECK.replace(
        "Areas of improvement identified",
        "However, the quality of practice for care leavers has deteriorated since the inspection.\n\n"
        "Areas of improvement identified",
    )
    [doc] = own(tmp_path, text)
    assert [(d.direction, d.scope) for d in visit(doc).directions] == [(1, "part of the service"), (-2, "overall")]
    assert any("points the other way" in w for w in doc.warnings)


# ---- 4. findings, narrative and next steps ----------------------------------------------------------


def test_findings_keep_their_headings_and_narrative_is_not_a_finding():
    [doc] = page("07")
    ev = visit(doc)
    by_section = {}
    for f in ev.findings:
        by_section.setdefault(f.section, []).append(f)
    assert len(by_section["Areas requiring improvement"]) == 3
    assert len(by_section["Areas of improvement identified"]) == 3
    assert all(f.polarity == Polarity.ACTION_REQUIRED for f in by_section["Areas requiring improvement"])
    assert [f.modality for f in by_section["Areas requiring improvement"]] == ["must", "must", "should"]
    [doc] = page("13")  # "What we looked at" is what the inspectors did
    texts = [f.text for f in visit(doc).findings]
    assert not any(t.startswith(("The inspection looked at", "Inspectors looked at")) for t in texts)
    assert "Referral information received from partners was poor." in texts
    [doc] = page("03")  # principles written before the sentence
    assert {f.principle for f in visit(doc).findings} == {"people_voice_control", "prevention", "wellbeing"}


def test_lead_in_sentences_head_the_lists_of_scottish_pages(tmp_path):
    ev = visit(page("58")[0])  # "Key strengths were:" / "Key areas for improvement were:"
    assert [f.section for f in ev.findings].count("Key strengths") == 2
    assert [f.section for f in ev.findings].count("Key areas for improvement") == 4
    ev = visit(own(tmp_path, CI_TWO_COUNCILS)[0])
    assert [(f.section, f.text) for f in ev.findings] == [
        ("Key strengths", "Staff responded quickly when children were at risk."),
        ("Key strengths", "Health visitors shared information promptly with social workers."),
        ("Points for improvement", "Improve the quality of chronologies."),
    ]


def test_next_steps_are_planned_not_findings(tmp_path):
    ev = visit(page("59")[0])  # "As a result, we will make no more visits in con…"
    assert any("we will make no more visits" in s for s in ev.next_steps)
    assert not any("no more visits" in f.text for f in ev.findings)
    [doc] = own(tmp_path, CIW_CHECK)
    assert visit(doc).next_steps == [
        "We will monitor progress through our ongoing performance review activity.",
        "We will consider a further inspection within 12 months of publication.",
    ]
    [planned] = [e for e in doc.events if e.planned]
    assert (planned.event_type, str(planned.start)) == ("ciw_inspection", "2025-09")  # 12 months from publication


SCRAPED_LOWER_CASE = """Council news: inspectors report on services for children in Conwy

Published 3 March 2025

Care Inspectorate Wales inspected services for children in Conwy County Borough Council in January 2025.

Areas for development

  • Care plans are not always reviewed when a child's circumstances change.

next steps

The council is expected to act on the areas for development. CIW will check its progress at its next performance review.
"""


def test_a_next_steps_heading_in_lower_case_still_heads_the_next_steps(tmp_path):
    """Scraped and machine-translated pages print headings as they come ("next steps"): what follows is what
    happens next, never a finding of the heading before it (Swansea 2018, and a page written for this test)."""
    ev = visit(page("33")[0])
    assert any("will monitor progress" in s for s in ev.next_steps)
    assert not any("will monitor progress" in f.text for f in ev.findings)
    ev = visit(own(tmp_path, SCRAPED_LOWER_CASE)[0])
    assert [(f.section, f.polarity) for f in ev.findings] == [("Areas for development", Polarity.ACTION_REQUIRED)]
    assert ev.next_steps == [
        "The council is expected to act on the areas for development.",
        "CIW will check its progress at its next performance review.",
    ]


# ---- 5. Scottish grades ----------------------------------------------------------------------------------


def test_scottish_evaluation_counts_on_the_six_point_scale(tmp_path):
    [j] = visit(page("63")[0]).judgements  # "one evaluation of very good and five evaluations of good"
    assert (j.level.point, j.level.low, j.level.high, j.level.scale_value) == (3.0, 3.0, 4.0, "ci6:5x1 4x5")
    assert (j.subject_type, j.level.quality.value) == ("partnership", "approximate")
    [j] = visit(page("59")[0]).judgements  # "3 evaluations of excellent and 3 evaluations of very good"
    assert j.level.scale_value == "ci6:6x3 5x3" and j.level.high == 4.0
    [j] = visit(page("57")[0]).judgements  # "six were found to be 'good' and three 'adequate.'"
    assert j.level.scale_value == "ci6:4x6 3x3" and (j.level.low, j.level.point) == (2.0, 3.0)
    [j] = visit(own(tmp_path, CI_TWO_COUNCILS)[0]).judgements  # older "satisfactory" is today's "adequate"
    assert j.level.scale_value == "ci6:5x1 4x3 3x2" and j.level.low == 2.0


def test_one_quality_indicator_for_a_partnership():
    [j] = visit(page("74")[0]).judgements  # "has graded the services in East Dunbartonshire as 'Good'"
    assert (j.raw_phrase, j.level.point, j.subject_type) == ("Good", 3.0, "partnership")


# ---- 6. cut-off and noisy pages ------------------------------------------------------------------------


def test_a_cut_off_page_is_read_with_a_warning(tmp_path):
    [doc] = page("21")
    assert any("looks cut off" in w for w in doc.warnings)
    assert str(visit(doc).start) == "2018-10" and visit(doc).findings
    [doc] = own(tmp_path, CIW_LETTER_CUT)  # "… should continue to develop its placement sufficiency strat"
    texts = [f.text for f in visit(doc).findings]
    assert texts and not any("sufficiency" in t for t in texts)  # the unfinished sentence is not a finding
    assert any("children's services have strengthened" in t for t in texts)


def test_letterheads_banners_and_placeholders_are_ignored(tmp_path):
    [doc] = own(tmp_path, CIW_LETTER_CUT)
    ev = visit(doc)
    assert (doc.authority.code, ev.event_type, str(ev.start), str(ev.published)) == (
        "W06000022",
        "ciw_annual_performance_letter",
        "2019-04",
        "2020-08-14",
    )
    assert any("looks cut off" in w for w in doc.warnings)
    texts = " ".join(f.text for f in ev.findings)
    for noise in ("email", "COVID", "Rydym", "Swyddfa", "Date:"):
        assert noise not in texts
    [doc] = page("05")  # a COVID banner in the middle of a council news page
    assert not any("symptoms" in f.text for f in visit(doc).findings)


def test_a_page_with_no_date_at_all_is_read_but_not_loaded(engine):
    from trajectories.ingest import ingest

    path = shared("wales_scotland_pages")
    [page_58] = list(path.glob("58_*"))
    [doc] = loaders.read_file(page_58)
    assert visit(doc).start is None and any("no date" in w for w in doc.warnings)
    report = ingest(engine, [page_58])
    assert not report.loaded and "states no date" in report.failed[0][1]


def test_the_seed_letter_still_reads_with_its_own_reader_and_a_cut_copy_is_read_with_a_warning(tmp_path):
    [doc] = loaders.read_file(SEED)
    assert doc.kind == "ciw_letter" and not any("cut off" in w for w in doc.warnings)
    [cut] = own(tmp_path, SEED.read_text(encoding="utf-8")[:1800])
    assert (cut.kind, cut.authority.code, str(visit(cut).start)) == ("ciw_letter", "W06000006", "2020-10")
    assert [str(e.start) for e in cut.events if not e.planned] == ["2020-10", "2021-04-26"]
    assert any("looks cut off" in w for w in cut.warnings)
    assert len(cut.events[1].findings) < len(doc.events[1].findings)


# ---- 7. measured -----------------------------------------------------------------------------------------


def test_evaluate_pages_prints_agreement_per_field_and_every_disagreement():
    folder = shared("wales_scotland_pages")
    out = subprocess.run(
        [sys.executable, "-m", "trajectories", "evaluate", "pages", "--set", str(folder)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    assert "development: 51 pages" in out.stdout and "held-out: 12 pages" in out.stdout
    for field in evaluation.PAGE_FIELDS:
        assert field in out.stdout
    assert "disagreements:" in out.stdout
    development = evaluation.score_pages(folder, "development")
    for field in ("authority", "inspectorate", "visit month", "direction"):
        assert development.agree[field] >= 0.9 * development.n, (field, development.disagreements)


def test_evaluate_pages_on_an_own_labelled_folder(tmp_path):
    (tmp_path / "a.txt").write_text(CIW_CHECK, encoding="utf-8")
    (tmp_path / "b.txt").write_text(COUNCIL_NEWS, encoding="utf-8")
    (tmp_path / "manifest.csv").write_text(
        "file,inspectorate,authority,visit_start,published,direction\n"
        "a.txt,ciw,Ceredigion,2024-05,2024-09-12,+1\n"
        "b.txt,ciw,Torfaen,2019-04,2020-08-04,0\n",
        encoding="utf-8",
    )
    score = evaluation.score_pages(tmp_path)
    assert score.agree == {"authority": 2, "inspectorate": 2, "visit month": 2, "published": 2, "direction": 1}
    assert score.disagreements == ["b.txt: direction: labelled 0, read -1"]
