"""Ofsted inspection reports: real reports from each framework, read as a user would see them."""

from __future__ import annotations

import datetime as dt

import pytest

from loaders import ofsted_report, read_file
from tests.conftest import shared
from trajectories.domain import Dimension, DocumentError, MappingQuality, Status

D = Dimension


def report(la: str, name: str):
    return shared("ofsted", "ofsted_ilacs_reports", la, name)


def parsed(la: str, name: str):
    docs = read_file(report(la, name))
    assert len(docs) == 1 and docs[0].kind == "ofsted_report"
    return docs[0]


def grades(doc) -> dict[Dimension, float]:
    return {j.dimension: j.level.point for j in doc.events[0].judgements}


# (folder, file, framework, event type, authority, fieldwork, expected grades)
CASES = [
    pytest.param(
        "80449_bradford",
        "2014-05-23_childrens-services-inspection.txt",
        "ofsted_sif",
        "ofsted_sif",
        "Bradford",
        ("2014-02-18", "2014-03-12"),
        {
            D.OVERALL: 2,
            D.HELP_PROTECTION: 2,
            D.CHILDREN_IN_CARE: 3,
            D.ADOPTION: 3,
            D.CARE_LEAVERS: 3,
            D.LEADERSHIP: 3,
            D.LSCB: 3,
        },
        id="bradford-2014-sif",
    ),
    pytest.param(
        "80449_bradford",
        "2018-10-29_childrens-services-inspection.txt",
        "ofsted_ilacs_v1",
        "ofsted_ilacs_standard",
        "Bradford",
        ("2018-09-17", "2018-09-28"),
        {D.OVERALL: 1, D.HELP_PROTECTION: 1, D.LEADERSHIP: 2, D.CIC_AND_CARE_LEAVERS: 2},
        id="bradford-2018-ilacs-v1",
    ),
    pytest.param(  # fieldwork Nov-Dec 2022, published 2023: still the combined v1 dimension
        "80449_bradford",
        "2023-01-31_childrens-services-inspection.txt",
        "ofsted_ilacs_v1",
        "ofsted_ilacs_standard",
        "Bradford",
        ("2022-11-21", "2022-12-02"),
        {D.OVERALL: 1, D.HELP_PROTECTION: 1, D.LEADERSHIP: 1, D.CIC_AND_CARE_LEAVERS: 1},
        id="bradford-2023-fieldwork-2022-v1",
    ),
    pytest.param(  # v2: children in care and care leavers judged apart (Ofsted's own 2023 table agrees)
        "80560_st-helens",
        "2023-09-04_childrens-services-inspection.txt",
        "ofsted_ilacs_v2",
        "ofsted_ilacs_standard",
        "St. Helens",
        ("2023-07-10", "2023-07-21"),
        {D.OVERALL: 3, D.LEADERSHIP: 3, D.HELP_PROTECTION: 2, D.CHILDREN_IN_CARE: 3, D.CARE_LEAVERS: 4},
        id="st-helens-2023-ilacs-v2",
    ),
    pytest.param(  # early ILACS table: "Requires improvement" without "to be good"
        "80445_cambridgeshire",
        "2019-02-18_childrens-services-inspection.txt",
        "ofsted_ilacs_v1",
        "ofsted_ilacs_short",
        "Cambridgeshire",
        ("2019-01-14", "2019-01-18"),
        {D.OVERALL: 2, D.LEADERSHIP: 3, D.HELP_PROTECTION: 2, D.CIC_AND_CARE_LEAVERS: 2},
        id="cambridgeshire-2019-early-ri",
    ),
    pytest.param(
        "80429_birmingham",
        "2014-05-23_childrens-services-inspection.txt",
        "ofsted_sif",
        "ofsted_sif",
        "Birmingham",
        ("2014-03-18", "2014-04-09"),
        {
            D.OVERALL: 1,
            D.HELP_PROTECTION: 1,
            D.CHILDREN_IN_CARE: 1,
            D.ADOPTION: 1,
            D.CARE_LEAVERS: 1,
            D.LEADERSHIP: 1,
            D.LSCB: 1,
        },
        id="birmingham-2014-sif-all-inadequate",
    ),
    pytest.param(
        "80429_birmingham",
        "2016-11-25_childrens-services-inspection.txt",
        "ofsted_sif",
        "ofsted_sif_reinspection",
        "Birmingham",
        ("2016-09-12", "2016-10-06"),
        {D.OVERALL: 1, D.HELP_PROTECTION: 1, D.CHILDREN_IN_CARE: 2, D.ADOPTION: 2, D.CARE_LEAVERS: 2, D.LEADERSHIP: 1},
        id="birmingham-2016-sif-reinspection",
    ),
    pytest.param(  # pre-2013 four-point scale: "Grade 3 (Adequate)"
        "80476_kent",
        "2013-08-23_childrens-services-inspection-pdf.txt",
        "ofsted_pre_sif",
        "ofsted_pre_sif",
        "Kent",
        ("2013-07-15", "2013-07-19"),
        {D.OVERALL: 2, D.CAPACITY_TO_IMPROVE: 3, D.LEADERSHIP: 2},
        id="kent-2013-pre-sif",
    ),
    pytest.param(  # a trust named instead of the council
        "80449_bradford",
        "2026-05-21_childrens-services-inspection.txt",
        "ofsted_ilacs_v2",
        "ofsted_ilacs_standard",
        "Bradford",
        ("2026-01-12", "2026-01-23"),
        {D.OVERALL: 2, D.LEADERSHIP: 3, D.HELP_PROTECTION: 2, D.CHILDREN_IN_CARE: 2, D.CARE_LEAVERS: 3},
        id="bradford-2026-trust",
    ),
    pytest.param(  # the post-reform table has no overall effectiveness grade
        "80431_blackpool",
        "2026-07-28_childrens-services-inspection.txt",
        "ofsted_ilacs_v2",
        "ofsted_ilacs_standard",
        "Blackpool",
        ("2026-06-08", "2026-06-19"),
        {D.LEADERSHIP: 4, D.HELP_PROTECTION: 3, D.CHILDREN_IN_CARE: 4, D.CARE_LEAVERS: 4},
        id="blackpool-2026-no-overall",
    ),
]


@pytest.mark.parametrize("la, name, framework, event_type, authority, fieldwork, expected", CASES)
def test_each_framework_gives_its_grades_dates_and_authority(
    la, name, framework, event_type, authority, fieldwork, expected
):
    doc = parsed(la, name)
    ev = doc.events[0]
    assert doc.authority.name == authority
    assert doc.authority.code and doc.authority.code.startswith("E")
    assert (ev.framework, ev.event_type) == (framework, event_type)
    assert (ev.start.iso(), ev.end.iso()) == fieldwork
    assert grades(doc) == expected
    assert doc.warnings == []
    for j in ev.judgements:
        # the raw words are the document's own, and the span points at them
        assert j.raw_phrase and j.raw_label and j.raw_context
        written = " ".join(doc.text[j.span.start : j.span.end].split())
        assert written.startswith(" ".join(j.raw_label.split()[:2]))
        assert j.raw_phrase.split()[-1] in written
        assert j.subject_type == ("lscb" if j.dimension == D.LSCB else "local_authority")


def test_bradford_2018_what_needs_to_improve_bullets_verbatim():
    ev = parsed("80449_bradford", "2018-10-29_childrens-services-inspection.txt").events[0]
    bullets = [f for f in ev.findings if f.section.startswith("What needs to improve")]
    assert len(bullets) == 10
    assert (
        bullets[0].text
        == "the identification and response to risk, particularly the longer-term impact of domestic abuse and neglect"
    )
    # a bullet wrapped over three lines is one finding
    assert bullets[5].text.startswith(
        "the response to children with specific vulnerabilities, including children aged 16 to 17"
    )
    assert bullets[5].text.endswith("allegations against professionals working with children")
    assert all(str(f.polarity) == "action_required" for f in bullets)


def test_body_sentences_are_findings_under_their_judgement_heading_and_read_across_page_breaks():
    doc = parsed("80449_bradford", "2023-01-31_childrens-services-inspection.txt")
    ev = doc.events[0]
    sections = {f.section for f in ev.findings}
    assert "The experiences and progress of children who need help and protection: inadequate" in sections
    assert "The impact of leaders on social work practice with children and families: inadequate" in sections
    para1 = [f.text for f in ev.findings if f.para_no == "1"]
    # paragraph 1 runs over a page break; the running header is not part of the sentence
    assert (
        "While improvements have been achieved in some service areas since 2018, too many children experience "
        "drift and delay in having their needs identified and addressed."
    ) in para1
    assert not any("Inspection of City of Bradford" in f.text or "2 December 2022" in f.text for f in ev.findings)
    # nothing from the boilerplate at the end
    assert not any("Piccadilly Gate" in f.text or "Open Government Licence" in f.text for f in ev.findings)


def test_bradford_2023_summary_looks_back_and_names_the_commissioner():
    ev = parsed("80449_bradford", "2023-01-31_childrens-services-inspection.txt").events[0]
    assert all(d.basis == "reinspection_summary" for d in ev.directions)
    by_phrase = {d.raw_context: d.direction for d in ev.directions}
    slow = (
        "While some progress has been achieved in some discrete areas, overall the pace of these improvements has been "
        "very slow."
    )
    assert by_phrase[slow] == -1
    assert any(d.direction == -2 for d in ev.directions)  # "... have declined", "services have deteriorated overall"
    statuses = {s.status for s in ev.statuses}
    assert {Status.UNDER_OFSTED_MONITORING, Status.COMMISSIONER} <= statuses


def test_sif_key_findings_and_areas_for_improvement_are_findings():
    ev = parsed("80449_bradford", "2014-05-23_childrens-services-inspection.txt").events[0]
    key = [f for f in ev.findings if f.section == "Summary of key findings"]
    assert [f.para_no for f in key] == ["1", "2", "3", "4", "5", "6"]
    assert key[0].text.startswith("Social workers and their managers do not regularly hold strategy discussions")
    areas = [f for f in ev.findings if f.section == "Areas for improvement"]
    assert areas and all(str(f.polarity) == "action_required" for f in areas)
    assert areas[0].text.startswith("Ensure that all strategy discussions include the police")
    # the LSCB's own recommendations are about the board, not the council's services
    assert not any(f.text.startswith("The BSCB should") for f in ev.findings)


def test_pre_sif_adequate_is_an_approximate_2():
    ev = parsed("80476_kent", "2013-08-23_childrens-services-inspection-pdf.txt").events[0]
    overall = next(j for j in ev.judgements if j.dimension == D.OVERALL)
    assert overall.raw_phrase == "Grade 3 (Adequate)"
    assert overall.level.point == 2.0 and overall.level.quality == MappingQuality.APPROXIMATE
    assert ev.published.iso() == "2013-08-23"


def test_birmingham_2014_lscb_is_its_own_subject_and_priority_action_is_a_status():
    ev = parsed("80429_birmingham", "2014-05-23_childrens-services-inspection.txt").events[0]
    lscb = [j for j in ev.judgements if j.dimension == D.LSCB]
    assert len(lscb) == 1 and lscb[0].subject_type == "lscb" and lscb[0].raw_phrase == "inadequate"
    assert "(LSCB)" in lscb[0].raw_label
    assert ev.headline == "The overall judgement is Inadequate"
    assert Status.AREAS_FOR_PRIORITY_ACTION in {s.status for s in ev.statuses}
    assert any(f.section == "Priority and immediate action" for f in ev.findings)


def test_monitoring_visits_do_not_result_in_judgements_creates_nothing():
    doc = parsed("80518_wandsworth", "2018-07-20_childrens-services-inspection.txt")
    ev = doc.events[0]
    assert "do not result in inspection judgements" in doc.text
    signals = [*ev.judgements, *ev.directions, *ev.statuses]
    assert not any("do not result in inspection judgements" in s.raw_context for s in signals)
    assert len(ev.judgements) == 6  # the SIF headline and its five sub-judgements, nothing more


def test_short_inspection_is_told_from_a_standard_one_by_fieldwork_length():
    ev = parsed("80475_hertfordshire", "2018-11-19_childrens-services-inspection.txt").events[0]
    assert (ev.start.iso(), ev.end.iso(), ev.event_type) == ("2018-10-15", "2018-10-19", "ofsted_ilacs_short")


PDF_PAIRS = [
    (
        "80449_bradford_2014-05-23_sif-inspection-report.pdf",
        "80449_bradford",
        "2014-05-23_childrens-services-inspection.txt",
    ),
    (
        "80449_bradford_2018-10-29_ilacs-inspection-report.pdf",
        "80449_bradford",
        "2018-10-29_childrens-services-inspection.txt",
    ),
    (
        "80449_bradford_2023-01-31_ilacs-inspection-report.pdf",
        "80449_bradford",
        "2023-01-31_childrens-services-inspection.txt",
    ),
    (
        "80449_bradford_2026-05-21_ilacs-inspection-report.pdf",
        "80449_bradford",
        "2026-05-21_childrens-services-inspection.txt",
    ),
    (
        "80451_wakefield_2018-07-17_ilacs-inspection-report.pdf",
        "80451_wakefield",
        "2018-07-17_childrens-services-inspection.txt",
    ),
    (
        "80451_wakefield_2022-01-05_ilacs-inspection-report.pdf",
        "80451_wakefield",
        "2022-01-05_childrens-services-inspection.txt",
    ),
]


@pytest.mark.parametrize("pdf, la, name", PDF_PAIRS, ids=[p[0][:25] for p in PDF_PAIRS])
def test_pdf_and_its_text_give_the_same_reading(pdf, la, name):
    from_pdf = read_file(shared("ofsted", "pdf_samples", pdf))[0]
    from_text = parsed(la, name)
    a, b = from_pdf.events[0], from_text.events[0]
    assert from_pdf.kind == "ofsted_report"
    assert (a.start, a.end, a.framework, a.event_type) == (b.start, b.end, b.framework, b.event_type)
    assert [(j.dimension, j.raw_label, j.raw_phrase, j.level) for j in a.judgements] == [
        (j.dimension, j.raw_label, j.raw_phrase, j.level) for j in b.judgements
    ]
    assert [f.text for f in a.findings] == [f.text for f in b.findings]
    assert from_pdf.authority == from_text.authority


def test_report_not_found_page_is_rejected_with_its_reason():
    path = shared("ofsted", "pdf_samples", "80429_birmingham_2012-10-19_NOT-A-PDF-html-error-page.pdf.html")
    with pytest.raises(DocumentError, match="report not found"):
        read_file(path)


@pytest.mark.parametrize(
    "letter",
    ["80449_bradford_2021-02-12_focused-visit-letter.pdf", "80451_wakefield_2020-12-18_focused-visit-letter.pdf"],
)
def test_focused_visit_letters_are_not_taken_for_reports(letter):
    from loaders.extract import extract

    path = shared("ofsted", "pdf_samples", letter)
    assert ofsted_report.sniff(extract(path.read_bytes(), str(path)).text) < 0.5


def test_truncated_report_is_rejected(tmp_path):
    text = report("80449_bradford", "2018-10-29_childrens-services-inspection.txt").read_text(encoding="utf-8")
    cut = text[: text.index("Children in need of protection are not consistently identified") + 40]
    path = tmp_path / "truncated.txt"
    path.write_text(cut, encoding="utf-8")
    with pytest.raises(DocumentError, match="truncated"):
        read_file(path)


def test_report_cut_before_its_dates_is_rejected(tmp_path):
    text = report("80449_bradford", "2018-10-29_childrens-services-inspection.txt").read_text(encoding="utf-8")
    path = tmp_path / "cover-only.txt"
    path.write_text(text[: text.index("Inspection dates")] + "\n" + text[-3000:], encoding="utf-8")
    with pytest.raises(DocumentError, match="no inspection dates"):
        read_file(path)


def test_unreadable_table_cells_are_warnings_not_silence(tmp_path):
    text = report("80449_bradford", "2018-10-29_childrens-services-inspection.txt").read_text(encoding="utf-8")
    garbled = text.replace("Overall effectiveness Inadequate", "Overall effectiveness Inadeqaute", 1)
    garbled = garbled.replace("help and protection  \nInadequate", "help and protection  \nInadeqaute", 1)
    assert garbled.count("Inadeqaute") == 2
    path = tmp_path / "garbled.txt"
    path.write_text(garbled, encoding="utf-8")
    doc = read_file(path)[0]
    assert D.OVERALL not in grades(doc)
    warnings = " | ".join(doc.warnings)
    assert "overall effectiveness" in warnings
    assert "children who need help and protection" in warnings
    # the help-and-protection grade is then read from its section heading, and says so
    assert grades(doc)[D.HELP_PROTECTION] == 1


def test_unknown_authority_is_rejected_naming_it(tmp_path):
    text = report("80449_bradford", "2018-10-29_childrens-services-inspection.txt").read_text(encoding="utf-8")
    path = tmp_path / "elsewhere.txt"
    path.write_text(
        text.replace("City of Bradford Metropolitan District \nCouncil", "Borsetshire County \nCouncil", 1),
        encoding="utf-8",
    )
    with pytest.raises(DocumentError, match="Borsetshire County Council"):
        read_file(path)


def test_publication_date_only_from_the_document():
    sif = parsed("80429_birmingham", "2016-11-25_childrens-services-inspection.txt").events[0]
    assert sif.published.iso() == "2016-11-25"  # "Report published: 25 November 2016"
    ilacs = parsed("80449_bradford", "2018-10-29_childrens-services-inspection.txt").events[0]
    assert ilacs.published is None  # not written in the report; never taken from the file name


def test_the_whole_report_reads_quickly():
    import time

    text = report("80449_bradford", "2014-05-23_childrens-services-inspection.txt").read_text(encoding="utf-8")
    from trajectories.domain import Source

    start = time.perf_counter()
    doc = ofsted_report.parse(text, Source("x", "", "text/plain"))
    assert doc.events[0].findings
    assert time.perf_counter() - start < 5.0
    assert dt.date(2014, 3, 12) == doc.events[0].end.first_day()


def test_not_judged_cell_is_a_warning_and_no_judgement():
    doc = parsed("80450_london-corporation", "2016-09-20_childrens-services-inspection.txt")
    assert D.ADOPTION not in grades(doc)
    assert doc.warnings == [
        "'2.1 Adoption performance' is marked 'Not judged' in the judgement table: no judgement recorded"
    ]
    assert grades(doc)[D.LEADERSHIP] == 4 and grades(doc)[D.LSCB] == 4  # the LSCB grade is read from its own section


def test_review_of_an_lscb_alone_is_an_lscb_event():
    doc = parsed("80567_surrey", "2015-08-03_childrens-services-inspection.txt")
    ev = doc.events[0]
    assert ev.event_type == "ofsted_lscb_review" and doc.authority.name == "Surrey"
    assert [(j.dimension, j.subject_type, j.level.point) for j in ev.judgements] == [(D.LSCB, "lscb", 2.0)]
    assert ev.headline == "The Local Safeguarding Children Board requires improvement"


def test_split_fieldwork_counts_the_days_on_site():
    # "8 July 2019 to 12 July 2019 and 7 August 2019 to 8 August 2019": a one-week inspection, resumed later
    ev = parsed("80460_derbyshire", "2019-09-19_childrens-services-inspection.txt").events[0]
    assert (ev.start.iso(), ev.end.iso(), ev.event_type) == ("2019-07-08", "2019-08-08", "ofsted_ilacs_short")


def test_missing_overall_grade_is_a_warning_only_before_the_reform(tmp_path):
    path = report("80431_blackpool", "2026-07-28_childrens-services-inspection.txt")
    assert parsed("80431_blackpool", "2026-07-28_childrens-services-inspection.txt").warnings == []
    text = path.read_text(encoding="utf-8").replace(
        "Inspection dates: 8 to 19 June 2026", "Inspection dates: 8 to 19 June 2025", 1
    )
    earlier = tmp_path / "blackpool-2025.txt"
    earlier.write_text(text, encoding="utf-8")
    doc = read_file(earlier)[0]
    assert D.OVERALL not in grades(doc)
    assert doc.warnings == ["no overall effectiveness judgement found in the report"]


# ---- a SIF report's lead-in heads the points after it -------------------------------------------


@pytest.mark.parametrize(
    "la, name, lead_in, polarity",
    [
        (
            "80494_enfield",
            "2015-03-27_childrens-services-inspection.txt",
            "Children’s services in Enfield are good because",
            "strength",
        ),
        (
            "80575_warrington",
            "2015-05-12_childrens-services-inspection.txt",
            "Children’s services in Warrington require improvement because",
            "concern",
        ),
    ],
)
def test_summary_lead_in_is_the_section_of_its_points(la, name, lead_in, polarity):
    (event,) = parsed(la, name).events
    points = [f for f in event.findings if f.section == lead_in]
    assert len(points) >= 8
    assert {(f.polarity.value, f.polarity_rule) for f in points} == {(polarity, f"section:{polarity}")}
    # Enfield: "a strong track record ... in the context of high levels of child poverty" was read as a concern.
    if la == "80494_enfield":
        assert points[0].text.startswith("Enfield’s senior managers and leaders have a strong track record")


def test_children_in_care_heading_is_not_cut_inside_the_word_care():
    """'... of children in care: outstanding' once read as '... children in c' + 'are: outstanding',
    which names no judgement area, so the whole section's findings sat under help and protection."""
    (event,) = parsed("80518_wandsworth", "2026-05-18_childrens-services-inspection.txt").events
    heading = "The experiences and progress of children in care: outstanding"
    in_care = [f for f in event.findings if f.section == heading]
    assert len(in_care) > 20
    assert in_care[0].text.startswith("Children who are looked after receive an outstanding service")
