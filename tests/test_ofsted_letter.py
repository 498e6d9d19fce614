"""Ofsted letters: focused visits 2018-2026 (real letters), the two sample PDFs, monitoring visits.

The expected values were read off the letters themselves: visit dates from the opening sentence,
the letter date at the top, the focus sentence, and every point under "What needs to improve" and
"Areas for priority action", verbatim. Monitoring-visit letters are not in the corpus, so they are
written here from the real structure ("This letter summarises the findings of the sixth monitoring
visit to ... since the local authority was judged inadequate in ...").
"""

from __future__ import annotations

import pytest

from loaders import ciw_letter, ofsted_letter, read_file
from tests.conftest import SEED, shared
from trajectories.domain import DocumentError, PartialDate, Polarity, Status

WNTI = "What needs to improve in this area of social work practice"
PRIORITY = "Areas for priority action"


def letter(folder: str, date: str):
    return shared("ofsted", "ofsted_focused_visits", folder, f"{date}_childrens-services-focused-visit.txt")


def parsed(path):
    docs = read_file(path)
    assert len(docs) == 1 and docs[0].kind == "ofsted_letter"
    return docs[0]


def points(event, section_prefix: str) -> list[str]:
    return [f.text for f in event.findings if f.section.startswith(section_prefix)]


def day(text: str) -> PartialDate:
    return PartialDate.parse_iso(text)


# folder, letter date, authority name, visit start, visit end, focus, {section: points or count}, priority action?
CASES = [
    (
        "80451_wakefield",
        "2018-03-22",
        "Wakefield",
        "2018-02-27",
        "2018-02-28",
        "the ‘front door’",
        {
            PRIORITY: [
                "delays in case allocation, assessment and seeing children at risk of harm",
                "management oversight and decision-making in relation to safeguarding practice, including supervision "
                "of staff",
                "social work recording, performance management and quality assurance arrangements.",
            ],
            WNTI: [
                "Audits need to recognise good practice and consistently challenge weak practice, and identified "
                "concerns need "
                "to be immediately addressed.",
                "There needs to be a sufficient number of experienced social workers, managers and senior managers, "
                "who in turn "
                "need to be suitably deployed to ensure a robust social work response to children and families.",
                "The relationships between the local authority and partners through the LSCB need to be strengthened "
                "in order "
                "to better support understanding of thresholds and their application, including the attendance by "
                "partner "
                "agencies at strategy meetings.",
            ],
        },
        True,
    ),
    (
        "80575_warrington",
        "2018-02-23",
        "Warrington",
        "2018-01-31",
        "2018-02-01",
        "children in need and children subject to a child protection plan",
        {PRIORITY: 0, WNTI: 4},
        False,
    ),
    (
        "80583_wolverhampton",
        "2018-10-04",
        "Wolverhampton",
        "2018-09-11",
        "2018-09-12",
        "children in need and those on child protection plans",
        {WNTI: 5},
        False,
    ),
    (
        "80453_york",
        "2019-08-09",
        "York",
        "2019-07-17",
        "2019-07-17",
        "children in need of help and protection",
        {WNTI: 5},
        False,
    ),
    (
        "80443_bury",
        "2020-11-13",
        "Bury",
        "2020-09-29",
        "2020-10-01",
        "child-centred practice and care during the COVID-19 pandemic",
        {WNTI: 4},
        False,
    ),
    (
        "80449_bradford",
        "2021-02-12",
        "Bradford",
        "2020-12-15",
        "2020-12-15",
        "the quality and impact of key decision-making for children who need help and protection, children in care and "
        "care leavers",
        {
            WNTI: [
                "The areas for improvement continue to be those identified at the ILACS inspection in September 2018. "
                "They have "
                "not yet been fully addressed and they remain relevant two years on. Leaders have a good understanding "
                "of the "
                "areas for improvement, as reflected in their self-evaluation and ongoing improvement plans. Thus, the "
                "service "
                "is appropriately focused on raising the quality of management oversight and supervision, "
                "strengthening child "
                "in need and child protection planning, ensuring more robust monitoring and preventing delay for "
                "children in "
                "legal planning and in proceedings, improving support for care leavers, and progressing recruitment "
                "initiatives to ensure workforce stability and more manageable caseloads.",
            ]
        },
        False,
    ),
    (
        "80450_london-corporation",
        "2022-12-13",
        "City of London",
        "2022-11-08",
        "2022-11-09",
        "the ‘front door’",
        {WNTI: 0},
        False,
    ),
    (
        "80491_camden",
        "2023-12-05",
        "Camden",
        "2023-10-31",
        "2023-11-01",
        "children in need and children subject to a child protection plan",
        {
            WNTI: [
                "Evaluation and challenge of social work practice through effective quality assurance processes.",
                "Management oversight of practice and timely decision making to progress children’s plans.",
            ]
        },
        False,
    ),
    (
        "80446_central-bedfordshire",
        "2024-03-26",
        "Central Bedfordshire",
        "2024-02-20",
        "2024-02-21",
        "children in need",
        {
            WNTI: [
                "The effective use of advocacy for children, their parents and carers.",
                "The quality and consistent use of direct work with children.",
                "The pace of ensuring effectiveness, quality and impact of audits.",
            ]
        },
        False,
    ),
    (
        "80573_trafford",
        "2025-10-30",
        "Trafford",
        "2025-09-30",
        "2025-10-01",
        "children subject to an existing child-in-need or child protection plan",
        {
            WNTI: [
                "The quality and impact of recorded supervision and management decision-making. (enabler 2, national "
                "framework)",
                "The quality and consistency of child-in-need and child protection plans. (enabler 2, national "
                "framework)",
                "The progress of children subject to the Public Law Outline (PLO) to support prompt decision-making "
                "and inform "
                "permanence planning for children. (outcome 1, national framework)",
                "The effective use of family networks to support children at the earliest stage. (outcome 2, national "
                "framework)",
            ]
        },
        False,
    ),
    (
        "80553_slough",
        "2026-01-12",
        "Slough",
        "2025-11-19",
        "2025-11-20",
        "care leavers aged 18 to 25 years",
        {
            PRIORITY: [
                "Keeping in touch with and supporting care leavers over the age of 18 to ensure their welfare is "
                "safeguarded and "
                "promoted in line with statutory duties and care leaver entitlements. (outcome 4, national framework)",
            ],
            WNTI: [
                "Management oversight, including the supervision of staff. (enabler 2, national framework)",
                "Performance management and quality assurance arrangements. (enabler 2, national framework)",
                "The consistency of planning for care leavers. (enabler 3, national framework)",
                "How manageable workers’ caseloads are, so that they have sufficient time to enable stronger and more "
                "consistent practice with care leavers. (enabler 2, national framework)",
            ],
        },
        True,
    ),
]


@pytest.mark.parametrize(
    "folder,published,authority,start,end,focus,expected,priority", CASES, ids=[f"{c[0]}-{c[1][:4]}" for c in CASES]
)
def test_real_letters(folder, published, authority, start, end, focus, expected, priority):
    doc = parsed(letter(folder, published))
    (event,) = doc.events
    assert doc.authority.name == authority
    assert event.event_type == "ofsted_focused_visit"
    assert (event.start, event.end, event.published) == (day(start), day(end), day(published))
    assert event.start <= event.end and event.end.first_day() <= event.published.first_day()
    assert event.focus_area == focus
    for section, want in expected.items():
        got = points(event, section)
        if isinstance(want, int):
            assert len(got) == want, got
        else:
            assert got == want
        assert all(f.polarity == Polarity.ACTION_REQUIRED for f in event.findings if f.section.startswith(section))
    has_priority = [s for s in event.statuses if s.status == Status.AREAS_FOR_PRIORITY_ACTION]
    assert bool(has_priority) is priority
    # The body is read sentence by sentence under its headings; the methodology and sign-off are not.
    sections = {f.section for f in event.findings}
    assert sections & {"Overview", "Headline findings", "Findings", "Main findings"}
    texts = " ".join(f.text for f in event.findings)
    for boilerplate in ("Yours sincerely", "Ofsted will take the findings", "Piccadilly Gate", "The inspectors were"):
        assert boilerplate not in texts


def test_priority_action_section_that_says_none_sets_no_status():
    doc = parsed(letter("80575_warrington", "2018-02-23"))
    text = " ".join(doc.text.split())
    assert "Areas for priority action There are no priority actions following this focused visit." in text
    assert doc.events[0].statuses == []
    assert not points(doc.events[0], PRIORITY)


def test_an_earlier_visits_priority_actions_are_not_this_visits_status():
    doc = parsed(letter("80471_halton", "2023-01-13"))
    assert "Inspectors made areas for priority action" in " ".join(doc.text.split())
    assert doc.events[0].statuses == []


def test_priority_actions_that_remain_in_force_keep_the_status():
    (event,) = parsed(letter("80533_nottingham", "2021-08-09")).events
    (status,) = event.statuses
    assert status.status == Status.AREAS_FOR_PRIORITY_ACTION
    assert points(event, PRIORITY) == [
        "The areas for priority action set at the last focused visit in February 2020 remain. There are no additional "
        "priority actions."
    ]


def test_visit_dates_without_a_year_take_it_from_the_letter_date():
    doc = parsed(letter("80456_coventry", "2018-02-22"))
    event = doc.events[0]
    assert (event.start, event.end) == (day("2018-01-30"), day("2018-01-31"))
    assert any("no year" in w for w in doc.warnings)


def test_overview_look_back_is_a_direction_dated_to_the_letter():
    (event,) = parsed(letter("80449_bradford", "2021-02-12")).events
    (signal,) = event.directions
    assert signal.direction == -1 and signal.basis == "focused_visit_summary"
    assert (
        signal.raw_context
        == "The local authority’s improvement following the judgement inspection in September 2018 has been slow."
    )


def test_a_childs_progress_is_not_the_authoritys_direction():
    (event,) = parsed(letter("80524_milton-keynes", "2023-01-13")).events
    assert any("they are making good progress" in f.text for f in event.findings)
    assert all("making good progress" not in d.raw_context for d in event.directions)
    assert [d.direction for d in event.directions] == [1]  # "The quality of practice ... has improved since ..."


@pytest.mark.parametrize("stem", ["80449_bradford_2021-02-12", "80451_wakefield_2020-12-18"])
def test_pdf_and_extracted_text_give_the_same_result(stem):
    urn_la, date = stem.rsplit("_", 1)
    pdf = parsed(shared("ofsted", "pdf_samples", f"{stem}_focused-visit-letter.pdf"))
    txt = parsed(letter(urn_la, date))
    assert pdf.source.media_type == "application/pdf"
    a, b = pdf.to_json(), txt.to_json()
    a.pop("source"), b.pop("source")
    assert a == b
    assert len(pdf.events[0].findings) > 20


def test_sniff_tells_letters_from_reports_and_welsh_letters():
    text = letter("80449_bradford", "2021-02-12").read_text(encoding="utf-8")
    report = shared(
        "ofsted", "ofsted_ilacs_reports", "80575_warrington", "2024-07-30_childrens-services-inspection.txt"
    )
    assert ofsted_letter.sniff(text) >= 0.9
    assert ofsted_letter.sniff(report.read_text(encoding="utf-8")) <= 0.2
    assert ofsted_letter.sniff(SEED.read_text(encoding="utf-8")) < ciw_letter.sniff(SEED.read_text(encoding="utf-8"))


# ---- monitoring visits (written from the real letter structure) --------------------------------

ADDRESS = """ 
Ofsted 
Piccadilly Gate 
Store Street 
Manchester 
M1 2WD 
T 0300 123 1231 
Textphone 0161 618 8524 
enquiries@ofsted.gov.uk 
www.gov.uk/ofsted 
 
"""


def monitoring_letter(
    *,
    la="Herefordshire",
    council="Herefordshire Council",
    date="18 July 2019",
    opening=None,
    headline=None,
    priority=False,
) -> str:
    opening = opening or (
        f"This letter summarises the findings of the sixth monitoring visit to {la} \n"
        "children’s services since the local authority was judged inadequate in June 2018. The \n"
        "visit was carried out on 3 and 4 July 2019. The inspectors were Her Majesty’s \n"
        "Inspectors Anne Example and Ben Example. \n"
    )
    headline = headline or (
        "The local authority is making progress in improving services for children in need of \n"
        "help and protection. Senior leaders have an accurate understanding of the quality of \n"
        "practice and of what still needs to improve. \n"
    )
    actions = (
        (
            "Areas for priority action \n"
            "◼ The timeliness of child protection enquiries when risks to children increase. \n"
            "◼ Management oversight of children’s plans. \n \n"
        )
        if priority
        else ""
    )
    return (
        f"{ADDRESS}{date} \n \nMs Jane Example \nDirector of Children’s Services \n{council} \n"
        f"1 Example Street \nAN1 1AA \n \nDear Ms Example \n \nMonitoring visit to {la} children’s services \n \n"
        f"{opening} \n"
        "Areas covered by the visit \n \n"
        "Inspectors reviewed the progress made in the following areas of concern identified at \n"
        "the last inspection: \n"
        "◼ the quality of assessments and plans for children in need of help and protection \n"
        "◼ management oversight and supervision of social work practice. \n \n"
        "Headline findings \n \n"
        f"{headline} \n"
        f"{actions}"
        "Findings and evaluation of progress \n \n"
        "Most children now have an up-to-date assessment that considers their history. Plans \n"
        "are clearer about what needs to change for children. \n \n"
        "Management oversight is more visible on children’s records, although supervision does \n"
        "not yet consistently challenge drift for a small number of children. \n \n"
        "Ofsted will take the findings from this monitoring visit into account when planning \n"
        "your next inspection or visit. \n \n"
        "Yours sincerely \n \nAnne Example \nHer Majesty’s Inspector \n"
    )


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_monitoring_visit_making_progress(tmp_path):
    doc = parsed(write(tmp_path, "mv.txt", monitoring_letter()))
    (event,) = doc.events
    assert doc.authority.name == "Herefordshire"
    assert event.event_type == "ofsted_monitoring_visit"
    assert "monitoring visit 6" in event.title
    assert (event.start, event.end, event.published) == (day("2019-07-03"), day("2019-07-04"), day("2019-07-18"))
    assert event.focus_area == (
        "the quality of assessments and plans for children in need of help and protection; "
        "management oversight and supervision of social work practice"
    )
    (signal,) = event.directions
    assert (signal.direction, signal.raw_phrase, signal.basis) == (1, "is making progress", "monitoring_letter")
    assert event.headline.startswith("The local authority is making progress")
    assert [s.status for s in event.statuses] == [Status.UNDER_OFSTED_MONITORING]
    assert {f.section for f in event.findings} == {"Headline findings", "Findings and evaluation of progress"}


def test_monitoring_visit_insufficient_progress(tmp_path):
    text = monitoring_letter(
        la="Bournemouth, Christchurch and Poole",
        council="BCP Council",
        date="9 November 2022",
        opening=(
            "This letter summarises the findings of the monitoring visit to Bournemouth, \n"
            "Christchurch and Poole children’s services on 4 and 5 October 2022. This was the second \n"
            "monitoring visit since the local authority was judged inadequate in December 2021. \n"
        ),
        headline=(
            "The local authority has made insufficient progress in improving services for children \n"
            "in need of help and protection since the last monitoring visit. Serious weaknesses \n"
            "remain in the quality of assessments. \n"
        ),
        priority=True,
    )
    doc = parsed(write(tmp_path, "mv2.txt", text))
    (event,) = doc.events
    assert doc.authority.name == "Bournemouth, Christchurch and Poole"
    assert "monitoring visit 2" in event.title
    assert (event.start, event.end) == (day("2022-10-04"), day("2022-10-05"))
    assert [(d.direction, d.raw_phrase) for d in event.directions] == [
        (-1, "insufficient progress"),
        (-2, "Serious weaknesses remain"),
    ]
    assert {s.status for s in event.statuses} == {Status.UNDER_OFSTED_MONITORING, Status.AREAS_FOR_PRIORITY_ACTION}
    assert points(event, PRIORITY) == [
        "The timeliness of child protection enquiries when risks to children increase.",
        "Management oversight of children’s plans.",
    ]


def test_letter_without_headings_reads_the_body_as_findings(tmp_path):
    text = monitoring_letter()
    for heading in ("Areas covered by the visit \n", "Headline findings \n", "Findings and evaluation of progress \n"):
        text = text.replace(heading, "")
    doc = parsed(write(tmp_path, "plain.txt", text))
    (event,) = doc.events
    assert any("no section headings" in w for w in doc.warnings)
    assert event.findings[0].text.startswith("The local authority is making progress")
    assert {f.section for f in event.findings} == {"Findings"}
    assert [d.direction for d in event.directions] == [1]


def test_joint_targeted_area_inspection_letter(tmp_path):
    text = (
        f"{ADDRESS}16 May 2023 \n \nJane Example, Director of Children’s Services, Salford City Council \n \n"
        "Dear local safeguarding partners \n \n"
        "Joint targeted area inspection of the multi-agency response to children and families \n"
        "who need help in Salford \n \n"
        "This letter summarises the findings of a joint targeted area inspection (JTAI) of the \n"
        "multi-agency response to children and families who need help in Salford. This \n"
        "inspection took place from 20 to 24 March 2023. \n \n"
        "Headline findings \n \nPartners in Salford have a shared understanding of the needs of families. \n \n"
        "What needs to improve? \n \n◼ The quality of multi-agency plans for children who need early help. \n \n"
        "Yours sincerely \n \nAnne Example \nHis Majesty’s Inspector \n"
    )
    doc = parsed(write(tmp_path, "jtai.txt", text))
    (event,) = doc.events
    assert (doc.authority.name, event.event_type) == ("Salford", "ofsted_jtai")
    assert (event.start, event.end) == (day("2023-03-20"), day("2023-03-24"))
    assert event.focus_area == "the multi-agency response to children and families who need help"
    assert points(event, "What needs to improve") == [
        "The quality of multi-agency plans for children who need early help."
    ]


# ---- rejected letters --------------------------------------------------------------------------


def test_truncated_letter_is_rejected(tmp_path):
    text = letter("80449_bradford", "2021-02-12").read_text(encoding="utf-8")
    cut = text.index("Bradford has consistently had one of the highest") + 30
    with pytest.raises(DocumentError, match="truncated"):
        read_file(write(tmp_path, "cut.txt", text[:cut]))


def test_letter_without_visit_dates_is_rejected(tmp_path):
    text = monitoring_letter().replace("The \nvisit was carried out on 3 and 4 July 2019.", "")
    with pytest.raises(DocumentError, match="no visit dates found"):
        read_file(write(tmp_path, "nodates.txt", text))


def test_unknown_authority_is_named_in_the_error(tmp_path):
    text = monitoring_letter(la="Gotham", council="Gotham City Council")
    with pytest.raises(DocumentError, match="Gotham"):
        read_file(write(tmp_path, "gotham.txt", text))


# ---- the heading a finding sits under decides its polarity before its words ----------------------


def test_areas_of_strength_in_a_real_focused_visit_are_strengths():
    """Nottinghamshire 2018: a strength said with a concern word is still one of the strengths."""
    (event,) = parsed(letter("80534_nottinghamshire", "2018-02-22")).events
    strengths = [f for f in event.findings if f.section == "Areas of strength"]
    assert len(strengths) > 10 and {f.polarity for f in strengths} == {Polarity.STRENGTH}
    despite = next(f for f in strengths if "despite their high" in f.text)
    assert despite.polarity_rule == "section:strength"
    assert {f.polarity for f in event.findings if f.section == "Areas for Improvement"} == {Polarity.ACTION_REQUIRED}


def test_strength_and_concern_headings_in_a_written_letter(tmp_path):
    text = monitoring_letter().replace(
        "Findings and evaluation of progress \n",
        "Areas of strength \n \n"
        "Social workers say that they feel supported by their managers, although caseloads remain \n"
        "high in two teams. \n \n"
        "Areas of concern \n \n"
        "Leaders have introduced a new audit programme that has improved the quality of plans \n"
        "for a few children. \n \n"
        "Findings and evaluation of progress \n",
    )
    (event,) = parsed(write(tmp_path, "mv-headings.txt", text)).events
    by_section = {f.section: f for f in event.findings}
    strength, concern = by_section["Areas of strength"], by_section["Areas of concern"]
    assert (strength.polarity, strength.polarity_rule) == (Polarity.STRENGTH, "section:strength")
    assert (concern.polarity, concern.polarity_rule) == (Polarity.CONCERN, "section:concern")
    # Without the headings, the words would have said the opposite of each.
    from trajectories import normalise

    assert normalise.finding(strength.text, "Findings").polarity == Polarity.CONCERN
    assert normalise.finding(concern.text, "Findings").polarity == Polarity.STRENGTH


def test_a_lead_in_ending_in_areas_of_weakness_is_not_a_heading():
    """Durham 2021: '... to address the following \\nareas of weakness:' wraps a sentence onto a new line;
    the points after it stay priority actions, not concerns under a heading of their own."""
    (event,) = parsed(letter("80465_durham", "2021-08-23")).events
    assert "areas of weakness" not in {f.section for f in event.findings}
    assert [f.polarity for f in event.findings if f.section == PRIORITY][-2:] == [Polarity.ACTION_REQUIRED] * 2
