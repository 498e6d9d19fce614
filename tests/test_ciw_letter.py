"""The CIW letter loader on the real seed letter and on other wordings of the same parts."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import loaders
from tests.conftest import ROOT, SEED
from trajectories.domain import DocumentError

SEED_BULLETS = [
    "We saw evidence of improved management oversight, expectations and reminders initiated between colleagues "
    "encouraging one another to complete work to a high standard within appropriate timescales for the benefit of "
    "children.",
    "We found case notes easy to follow and the purpose of local authority involvement in the life of the child easy "
    "to identify.",
    "Practitioners made us aware of the traffic light system introduced to identify children at risk and ensure "
    "twice-weekly management oversight and monitoring of the quality of support offered.",
    "We heard practitioners were able to improve recording in case files and sharing of information between teams, "
    "helping them to be better informed.",
    "We identified the local authority must act rapidly to improve how it facilities meetings to safeguard vulnerable "
    "children and provide social workers with the tools necessary to undertake their professional duties. This "
    "includes having access to widely available information technology to engage efficiently and effectively with "
    "children and other professionals within statutory timescales.",
    "We found evidence that new senior managers understand the importance of networks and collaborative working to "
    "improve outcomes for children with increased expectation of success.",
    "We heard from external partner agencies how new positive relationships are being forged and beginning to deliver "
    "new opportunities for service development.",
]


@pytest.fixture(scope="module")
def seed_json():
    out = subprocess.run(
        [sys.executable, "-m", "trajectories", "parse", str(SEED), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_seed_authority_and_inspectorate(seed_json):
    assert seed_json["authority"] == {
        "name_as_written": "Wrexham County Borough Council",
        "name": "Wrexham County Borough Council",
        "ons_code": "W06000006",
        "nation": "Wales",
    }
    assert seed_json["inspectorate"] == "ciw"
    assert seed_json["source"]["sha256"] and len(seed_json["source"]["sha256"]) == 64


def test_seed_october_2020_inspection(seed_json):
    inspection = seed_json["events"][0]
    assert inspection["start"] == "2020-10" and not inspection["planned"]
    [j] = inspection["judgements"]
    assert j["raw_phrase"] == "inadequate with early indicators of improvement"
    assert (j["level"], j["level_low"], j["level_high"], j["mapping_quality"]) == (1.0, 1.0, 1.0, "narrative_inferred")
    assert [d["direction"] for d in inspection["directions"]] == [1]


def test_seed_monitoring_activity(seed_json):
    visit = seed_json["events"][1]
    assert visit["event_type"] == "ciw_monitoring_activity"
    assert (visit["start"], visit["end"]) == ("2021-04-26", "2021-04-29")
    assert visit["judgements"] == []  # a direction of travel, never a level
    [d] = visit["directions"]
    assert d["raw_phrase"] == "continuing to make improvements required" and d["direction"] == 1


def test_seed_findings_are_the_seven_bullets_verbatim(seed_json):
    findings = seed_json["events"][1]["findings"]
    assert [f["text"] for f in findings] == SEED_BULLETS
    polarities = [f["polarity"] for f in findings]
    assert polarities == ["strength"] * 4 + ["action_required"] + ["strength"] * 2
    assert findings[4]["modality"] == "must"
    assert "management_oversight_supervision" in findings[0]["themes"]
    assert "recording_case_records" in findings[1]["themes"]
    assert {"risk_safeguarding", "systems_it_tools", "management_oversight_supervision"} <= set(findings[2]["themes"])
    assert {"systems_it_tools", "timeliness_statutory_duties", "risk_safeguarding"} <= set(findings[4]["themes"])
    assert "partnership_multiagency" in findings[6]["themes"]
    # "We heard ..." is how CIW reports evidence, not a cue for the child's voice (docs/domain-rules.md §4.2).
    assert "voice_of_child" not in findings[3]["themes"]


def test_seed_next_steps_are_planned_events(seed_json):
    planned = [e for e in seed_json["events"] if e["planned"]]
    assert [(e["event_type"], e["start"], e["end"]) for e in planned] == [
        ("ciw_monitoring_activity", "2021-10", "2021-12"),  # six to eight months after 29 April 2021
        ("ciw_inspection", "2022-04", "2022-04"),  # a full inspection in 12 months
    ]


LETTER = """Skip to main content

Local authority monitoring activity letter: Powys County Council

This letter summarises the findings of our monitoring activity undertaken in Powys {dates}.

CIW undertook monitoring of Powys County Council children's services to follow up on the findings of our inspection in March 2021.

From the evidence gained during this monitoring visit, it is our judgement that Powys County Council is continuing to make improvements.

Areas of strength

  • We found social workers know the children they work with well and visit them regularly.

Priorities for improvement

  • Supervision must be regular and recorded on the child's file.
  • Assessments should consider the views of children.

Next steps

We will undertake an improvement check in 9 months.
"""


@pytest.mark.parametrize(
    "dates, start, end",
    [
        ("between the 15 and 19 November 2021", "2021-11-15", "2021-11-19"),
        ("on 14, 15 and 16 July 2025", "2025-07-14", "2025-07-16"),
        ("from 26 April 2021 to 29 April 2021", "2021-04-26", "2021-04-29"),
    ],
)
def test_other_wordings_of_dates_and_sections(tmp_path, dates, start, end):
    path = tmp_path / "letter.txt"
    path.write_text(LETTER.format(dates=dates), encoding="utf-8")
    [doc] = loaders.read_file(path)
    assert doc.authority.code == "W06000023"
    visit = next(e for e in doc.events if e.event_type == "ciw_monitoring_activity" and not e.planned)
    assert (visit.start.iso(), visit.end.iso()) == (start, end)
    by_text = {f.text: f for f in visit.findings}
    assert (
        by_text[
            "We found social workers know the children they work with well and visit them regularly."
        ].polarity.value
        == "strength"
    )
    action = by_text["Supervision must be regular and recorded on the child's file."]
    assert action.polarity.value == "action_required" and action.modality == "must"
    assert action.section == "Priorities for improvement"
    assert by_text["Assessments should consider the views of children."].modality == "should"
    [planned] = [e for e in doc.events if e.planned]
    assert planned.event_type == "ciw_improvement_check"


def test_html_page_reads_like_its_text(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    body = []
    for p in paragraphs:
        if p.startswith("•"):
            body.append(
                "<ul>" + "".join(f"<li>{line.strip().lstrip('•').strip()}</li>" for line in p.splitlines()) + "</ul>"
            )
        else:
            body.append(f"<p>{p}</p>")
    html = (
        "<!DOCTYPE html><html><head><title>CIW</title><script>var x = 1;</script></head><body>"
        + "".join(body).replace("<p>Next steps</p>", "<h2>Next steps</h2>")
        + "</body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    [from_html] = loaders.read_file(path)
    [from_text] = loaders.read_file(SEED)
    assert from_html.source.media_type == "text/html"
    assert [f.text for e in from_html.events for f in e.findings] == [
        f.text for e in from_text.events for f in e.findings
    ]
    assert [(e.start, e.end, e.planned) for e in from_html.events] == [
        (e.start, e.end, e.planned) for e in from_text.events
    ]


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "empty"),
        (bytes(range(256)) * 20, "binary"),
        (b"Minutes of the allotment society. Tea was served.", "not an inspection"),
        (SEED.read_bytes().replace(b"Wrexham", b"Atlantis"), "no local authority"),
    ],
)
def test_bad_input_is_rejected_with_a_reason(tmp_path, content, reason):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=reason):
        loaders.read_file(path)


def test_a_cut_off_copy_is_read_for_what_it_holds_with_a_warning(tmp_path):
    """Issue 19 item 6: cut off mid-sentence, with the visit, authority and inspectorate there."""
    path = tmp_path / "cut.txt"
    path.write_bytes(SEED.read_bytes()[:1500])  # stops inside the fourth bullet
    [doc] = loaders.read_file(path)
    [whole] = loaders.read_file(SEED)
    assert (doc.kind, doc.inspectorate, doc.authority.code) == ("ciw_letter", whole.inspectorate, "W06000006")
    assert [(e.event_type, e.start, e.end) for e in doc.events if not e.planned] == [
        (e.event_type, e.start, e.end) for e in whole.events if not e.planned
    ]
    visit = doc.events[1]
    assert [d.direction for d in visit.directions] == [1]
    assert [f.text for f in visit.findings] == SEED_BULLETS[:3]  # the unfinished fourth bullet is not a finding
    assert any("looks cut off" in w and "better info" in w for w in doc.warnings)
    assert not any("looks cut off" in w for w in whole.warnings)
    path.write_bytes(SEED.read_bytes()[:700])  # stops inside the judgement sentence
    [doc] = loaders.read_file(path)
    assert [str(e.start) for e in doc.events if not e.planned] == ["2020-10", "2021-04-26"]
    assert doc.events[1].findings == []  # the opening paragraphs say what the inspectors did, never findings
    assert any("looks cut off" in w and "our judgemen" in w for w in doc.warnings)


def test_parse_command_names_the_file_and_exits_1(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    out = subprocess.run(
        [sys.executable, "-m", "trajectories", "parse", str(path), "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 1
    assert out.stdout == ""
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and "empty" in lines[0]
