"""Outcome tables and timelines: each kind read by its header, real rows, placeholders, the template."""

from __future__ import annotations

import csv
import io
import shutil
from collections import Counter

import pytest
from sqlalchemy import func, select

import loaders
from loaders import tables
from tests.conftest import ROOT, shared
from trajectories.domain import Dimension, DocumentError, Inspectorate, MappingQuality, PartialDate, Status

TEMPLATE = ROOT / "data" / "templates" / "timeline_template.csv"
HISTORY = ("ofsted", "structured", "ofsted_csc_ilacs_history.csv")
OFFICIAL = ("ofsted", "structured", "ofsted_la_ilacs_latest_2023.csv")
OVERVIEW = ("ofsted", "structured", "ofsted_csc_ilacs_overview.xlsx")
WALES = ("facts", "wales_ciw_timeline.csv")
SCOTLAND = ("facts", "scotland_ci_timeline.csv")


def _events(docs, code):
    return [ev for d in docs if d.authority.code == code for ev in d.events]


def _only(items):
    assert len(items) == 1, items
    return items[0]


def _judgement(event, dimension):
    return _only([j for j in event.judgements if j.dimension == dimension])


def _raw_rows(path):
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _check_sources(docs, path):
    assert len({d.source.sha256 for d in docs}) == len(docs)
    assert {d.source.path for d in docs} == {str(path)}
    assert all(d.authority.code for d in docs)


# --------------------------------------------------------------------------- scraped Ofsted history


@pytest.fixture(scope="module")
def history():
    path = shared(*HISTORY)
    return path, loaders.read_file(path)


def test_history_counts(history):
    path, docs = history
    _check_sources(docs, path)
    assert len(docs) == 153 and len({d.authority.code for d in docs}) == 153
    assert sum(len(d.events) for d in docs) == 497
    assert all(d.inspectorate == Inspectorate.OFSTED and d.kind == "table:ofsted_scraped" for d in docs)
    types = Counter(ev.event_type for d in docs for ev in d.events)
    # "inspection duration longer than standard framework" (Wiltshire 2019) is a standard inspection.
    assert types["ofsted_ilacs_short"] == 127 and types["ofsted_ilacs_standard"] == 192
    assert types["ofsted_ilacs"] == 3  # graded, but neither framework nor fieldwork dates in the row
    assert types["ofsted_sif"] + types["ofsted_inspection"] == 175


def test_history_real_rows(history):
    _, docs = history
    dorset = {ev.start: ev for ev in _events(docs, "E06000059")}
    latest = dorset[PartialDate(2025, 3, 17)]
    assert latest.event_type == "ofsted_ilacs_short" and latest.end == PartialDate(2025, 3, 21)
    assert latest.published == PartialDate(2025, 5, 9)
    assert _judgement(latest, Dimension.OVERALL).level.point == 4.0
    assert _judgement(latest, Dimension.CHILDREN_IN_CARE).level.point == 4.0
    assert _judgement(latest, Dimension.CARE_LEAVERS).level.point == 3.0
    earlier = dorset[PartialDate(2021, 9, 27)]
    assert earlier.framework == "ofsted_ilacs_v1"
    assert _judgement(earlier, Dimension.CIC_AND_CARE_LEAVERS).raw_phrase == "good"
    assert not [j for j in earlier.judgements if j.dimension == Dimension.CARE_LEAVERS]


def test_history_keys_on_fieldwork_not_publication(history):
    _, docs = history
    bradford = {ev.start: ev for ev in _events(docs, "E08000032")}
    # Fieldwork Nov-Dec 2022, published January 2023: still the combined dimension.
    late_2022 = bradford[PartialDate(2022, 11, 21)]
    assert late_2022.published == PartialDate(2023, 1, 31)
    assert _judgement(late_2022, Dimension.CIC_AND_CARE_LEAVERS).level.point == 1.0
    bristol = {ev.start: ev for ev in _events(docs, "E06000023")}
    jan_2023 = bristol[PartialDate(2023, 1, 16)]
    assert jan_2023.framework == "ofsted_ilacs_v2"
    assert _judgement(jan_2023, Dimension.CHILDREN_IN_CARE).level.point == 3.0
    assert _judgement(jan_2023, Dimension.CARE_LEAVERS).level.point == 3.0


def test_history_placeholders(history):
    path, docs = history
    rows = _raw_rows(path)
    warnings = [w for d in docs for w in d.warnings]
    unreadable = [i for i, r in enumerate(rows, start=2) if "data_unreadable" in r.values()]
    flagged = [w for w in warnings if w.endswith("grades unreadable in the scraped table")]
    assert len(flagged) == len(unreadable) == 176
    assert {f"row {n}: grades unreadable in the scraped table" for n in unreadable} == set(flagged)
    # No judgement is ever made from a placeholder.
    phrases = {j.raw_phrase for d in docs for ev in d.events for j in ev.judgements}
    assert not phrases & {"data_unreadable", "inspection_pre_dates_judgement", "not_reported_post_reform", ""}
    # The broken cell is read as RI and named.
    broken = [w for w in warnings if "'to requires improvement' is a broken cell" in w]
    assert len(broken) == sum("to requires improvement" in r.values() for r in rows) == 2
    kept = [j for d in docs for ev in d.events for j in ev.judgements if j.raw_phrase == "to requires improvement"]
    assert len(kept) == 2 and all(j.level.point == 2.0 and j.dimension == Dimension.HELP_PROTECTION for j in kept)


def test_history_no_overall_after_april_2026(history):
    path, docs = history
    post_reform = sum(r["overall_effectiveness_grade"] == "not_reported_post_reform" for r in _raw_rows(path))
    events = [ev for d in docs for ev in d.events if ev.headline.startswith("No overall effectiveness grade")]
    assert len(events) == post_reform == 11
    for ev in events:
        assert not [j for j in ev.judgements if j.dimension == Dimension.OVERALL]
        assert {j.dimension for j in ev.judgements} == {
            Dimension.LEADERSHIP,
            Dimension.HELP_PROTECTION,
            Dimension.CHILDREN_IN_CARE,
            Dimension.CARE_LEAVERS,
        }
        assert ev.start.first_day().year == 2026


def test_history_url_only_for_a_single_row():
    path = shared(*HISTORY)
    docs = loaders.read_file(path)
    for d in docs:
        if len(d.events) == 1:
            assert d.source.url.startswith("https://files.ofsted.gov.uk/")
        else:
            assert d.source.url == ""


# --------------------------------------------------------------------------- Ofsted's 2023 table


def test_official_2023_table():
    path = shared(*OFFICIAL)
    docs = loaders.read_file(path)
    _check_sources(docs, path)
    assert len(docs) == 151 and sum(len(d.events) for d in docs) == 151
    barking = _only(_events(docs, "E09000002"))
    assert barking.start == PartialDate(2023, 7, 10) and barking.framework == "ofsted_ilacs_v2"
    overall = _judgement(barking, Dimension.OVERALL)
    assert overall.raw_phrase == "Requires improvement to be good" and overall.level.point == 2.0
    assert overall.level.quality == MappingQuality.EXACT
    assert _judgement(barking, Dimension.CARE_LEAVERS).level.point == 3.0
    assert _judgement(barking, Dimension.CHILDREN_IN_CARE).raw_label == "Experiences and progress of children in care"
    # Before 2023 the "in care" column is children in care and care leavers together.
    barnet = _only(_events(docs, "E09000003"))
    assert barnet.start == PartialDate(2019, 5, 13)
    assert _judgement(barnet, Dimension.CIC_AND_CARE_LEAVERS).level.point == 3.0
    assert not [j for j in barnet.judgements if j.dimension in (Dimension.CHILDREN_IN_CARE, Dimension.CARE_LEAVERS)]
    pre_2023 = [ev for d in docs for ev in d.events if ev.start.first_day().year < 2023]
    assert all(ev.framework == "ofsted_ilacs_v1" for ev in pre_2023)


def test_official_2023_table_retired_codes_match_by_name():
    docs = loaders.read_file(shared(*OFFICIAL))
    # Barnsley and Sheffield had new ONS codes from 2024; the table has the old ones.
    barnsley = _only([d for d in docs if d.authority.code == "E08000038"])
    assert any("E08000016" in w and "Barnsley" in w for w in barnsley.warnings)
    assert _only([d for d in docs if d.authority.code == "E08000039"])


# --------------------------------------------------------------------------- scraped overview (xlsx)


def test_overview_xlsx():
    path = shared(*OVERVIEW)
    docs = loaders.read_file(path)
    _check_sources(docs, path)
    assert len(docs) == 153 and sum(len(d.events) for d in docs) == 153
    assert all(d.source.media_type == tables.XLSX_MEDIA_TYPE for d in docs)
    barnsley = _only(_events(docs, "E08000038"))
    assert barnsley.event_type == "ofsted_ilacs_short" and barnsley.start == PartialDate(2023, 9, 11)
    assert _judgement(barnsley, Dimension.OVERALL).level.point == 3.0
    assert _judgement(barnsley, Dimension.HELP_PROTECTION).level.point == 2.0
    no_overall = [
        ev for d in docs for ev in d.events if not [j for j in ev.judgements if j.dimension == Dimension.OVERALL]
    ]
    assert len(no_overall) == 11  # the April 2026 framework has no overall grade


# --------------------------------------------------------------------------- Wales timeline


@pytest.fixture(scope="module")
def wales():
    path = shared(*WALES)
    return path, loaders.read_file(path)


def test_wales_counts(wales):
    path, docs = wales
    rows = _raw_rows(path)
    _check_sources(docs, path)
    assert len(rows) == 84
    assert sum(len(d.events) for d in docs) == 84
    assert len({d.authority.code for d in docs}) == 22
    # One document per authority and inspectorate: Powys also has Welsh Government events.
    powys = {d.inspectorate for d in docs if d.authority.code == "W06000023"}
    assert powys == {Inspectorate.CIW, Inspectorate.WELSH_GOV}
    assert sum(len(ev.directions) for d in docs for ev in d.events) == sum(bool(r["direction"]) for r in rows)
    summaries = [f for d in docs for ev in d.events for f in ev.findings]
    assert len(summaries) == sum(bool(r["outcome_summary"]) for r in rows)
    assert {f.section for f in summaries} == {tables.SUMMARY_SECTION}


def test_wales_wrexham(wales):
    _, docs = wales
    events = _events(docs, "W06000006")
    assert len(events) == 11
    risk_based = _only([ev for ev in events if ev.event_type == "ciw_risk_based_inspection"])
    assert risk_based.start == PartialDate(2020, 10, 12) and risk_based.end == PartialDate(2020, 10, 23)
    assert risk_based.headline == "remain inadequate with early indicators of improvement"
    judgement = _judgement(risk_based, Dimension.OVERALL)
    assert judgement.level.point == 1.0 and judgement.level.quality == MappingQuality.NARRATIVE_INFERRED
    direction = _only(risk_based.directions)
    assert direction.direction == 1 and direction.rule == "table:direction"
    assert direction.quality == MappingQuality.APPROXIMATE and direction.basis == "primary_source"
    assert "careinspectorate.wales" in direction.raw_context
    # The only graded CIW row in the file: everything else is ungraded narrative.
    assert sum(len(ev.judgements) for d in docs for ev in d.events) == 1
    letter = _only([ev for ev in events if ev.event_type == "ciw_annual_performance_letter"])
    assert [s.status for s in letter.statuses] == [Status.CIW_SIGNIFICANT_CONCERNS]
    assert letter.published == PartialDate(2020, 8, 3) and letter.start == PartialDate(2019, 4)


def test_wales_statuses_and_press(wales):
    _, docs = wales
    notices = [ev for d in docs for ev in d.events if ev.event_type == "welsh_gov_warning_notice"]
    assert len(notices) == 3
    assert all([s.status for s in ev.statuses] == [Status.WELSH_GOV_WARNING_NOTICE] for ev in notices)
    press = [dr for d in docs for ev in d.events for dr in ev.directions if dr.basis == "press"]
    assert press and all(dr.quality == MappingQuality.NARRATIVE_INFERRED for dr in press)
    # 'service requiring significant improvement' only exists from November 2024.
    early = [ev for d in docs for ev in d.events if ev.event_type == "ciw_srsi_notification"]
    assert len(early) == 2 and all(ev.statuses[0].status == Status.CIW_SERIOUS_CONCERNS for ev in early)


# --------------------------------------------------------------------------- Scotland timeline


@pytest.fixture(scope="module")
def scotland():
    path = shared(*SCOTLAND)
    return path, loaders.read_file(path)


def test_scotland_counts(scotland):
    path, docs = scotland
    rows = _raw_rows(path)
    _check_sources(docs, path)
    assert len(rows) == 82
    assert sum(len(d.events) for d in docs) == 82
    assert len({d.authority.code for d in docs}) == 31
    assert all(d.inspectorate == Inspectorate.CI_SCOT and d.authority.code.startswith("S12") for d in docs)
    judgements = [j for d in docs for ev in d.events for j in ev.judgements]
    assert judgements and all(j.subject_type == "partnership" for j in judgements)
    assert all(j.level.quality == MappingQuality.APPROXIMATE for j in judgements)
    graded = sum(bool(r["grade_word"] or r["grade_number"]) for r in rows)
    single_qi = [w for d in docs for w in d.warnings if "for one quality indicator" in w]
    assert len(judgements) + len(single_qi) == graded


def test_scotland_good_is_three(scotland):
    _, docs = scotland
    dundee = _only([ev for ev in _events(docs, "S12000042") if ev.start == PartialDate(2021, 7, 12)])
    assert dundee.event_type == "ci_joint_inspection_children" and dundee.framework == "ci_scot_at_risk_2021"
    judgement = _judgement(dundee, Dimension.OVERALL)
    assert judgement.raw_phrase == "good" and judgement.subject_type == "partnership"
    assert judgement.level.point == 3.0 and judgement.level.quality == MappingQuality.APPROXIMATE
    assert judgement.level.scale_value == "ci6:4"
    assert dundee.inspected_body == "Dundee Partnership"


def test_scotland_counts_only_rows_have_no_level(scotland):
    _, docs = scotland
    aberdeen_2008 = _only([ev for ev in _events(docs, "S12000033") if ev.start == PartialDate(2008, 4)])
    assert aberdeen_2008.judgements == []
    assert "weak=10 of 18" in aberdeen_2008.headline


# --------------------------------------------------------------------------- the template


def test_template_example_loads():
    docs = loaders.read_file(TEMPLATE)
    assert [d.kind for d in docs] == ["table:timeline"] * 3
    solihull, bradford, wrexham = docs
    assert solihull.inspectorate == Inspectorate.DFE and solihull.authority.code == "E08000029"
    notice = _only(solihull.events)
    assert notice.event_type == "dfe_improvement_notice" and notice.start == PartialDate(2022, 2)
    assert [s.status for s in notice.statuses] == [Status.DFE_IMPROVEMENT_NOTICE]
    assert [s.status for s in _only(bradford.events).statuses] == [Status.COMMISSIONER]
    inspection = _only(wrexham.events)
    assert _judgement(inspection, Dimension.OVERALL).level.point == 1.0
    assert _only(inspection.directions).direction == 1
    assert all(d.source.url.startswith("https://") for d in docs)
    assert all(f.text.startswith("[example row") for d in docs for ev in d.events for f in ev.findings)


def _template_with(tmp_path, *rows: dict, name="my_timeline.csv"):
    header = next(csv.reader(TEMPLATE.open(encoding="utf-8")))
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=header)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    path = tmp_path / name
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


GOOD = dict(
    authority="Bradford",
    event_type="dfe_commissioner_appointed",
    start_date="2021-09",
    summary="A commissioner was appointed.",
    source_url="https://files.ofsted.gov.uk/v1/file/50206434",
)


@pytest.mark.parametrize(
    "change, reason",
    [
        (dict(authority="Narnia"), "unknown authority 'Narnia'"),
        (dict(start_date="31/09/2021"), "start_date '31/09/2021' is not a date"),
        (dict(start_date="2021-02-30"), "start_date '2021-02-30' is not a date"),
        (dict(direction="3"), "direction 3 is outside -2..+2"),
        (dict(event_type="ofsted_inspektion"), "unknown event_type 'ofsted_inspektion'"),
        (dict(source_url=""), "no source_url"),
        (dict(ons_code="W06000006"), "but ONS code W06000006 is Wrexham"),
        (dict(inspectorate="ciw"), "does not cover Bradford"),
        (
            dict(judgement_phrase="much better", scale="ofsted"),
            "judgement_phrase 'much better' is not a grade on the ofsted scale",
        ),
        (dict(judgement_phrase="Good"), "judgement_phrase needs a scale"),
        (dict(status="under_review"), "unknown status 'under_review'"),
        (dict(start_date="2021-09", end_date="2021-08"), "is after end_date"),
    ],
)
def test_template_bad_row_fails_the_file(tmp_path, change, reason):
    path = _template_with(tmp_path, GOOD, {**GOOD, **change}, GOOD)
    with pytest.raises(DocumentError) as info:
        loaders.read_file(path)
    message = str(info.value)
    assert "row 3: " in message and reason in message, message
    assert "row 2" not in message and "row 4" not in message
    assert "\n" not in message


def test_template_reports_the_first_bad_rows(tmp_path):
    bad = [{**GOOD, "authority": f"Nowhere {i}"} for i in range(8)]
    path = _template_with(tmp_path, GOOD, *bad)
    with pytest.raises(
        DocumentError, match=r"8 bad rows .* row 3: unknown authority 'Nowhere 0'.*\(and 3 more problems\)"
    ):
        loaders.read_file(path)


def test_template_missing_required_column(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("authority,event_type,start_date,summary\nBradford,dfe_commissioner_appointed,2021-09,x\n")
    with pytest.raises(DocumentError, match="missing required columns: source_url"):
        loaders.read_file(path)


def test_template_without_rows_fails(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text(TEMPLATE.read_text(encoding="utf-8").splitlines()[0] + "\n")
    with pytest.raises(DocumentError, match="no data rows"):
        loaders.read_file(path)


def test_template_warnings_are_not_failures(tmp_path):
    undated = {**GOOD, "start_date": ""}
    path = _template_with(tmp_path, undated)
    text = path.read_text().splitlines()
    path.write_text("\n".join([text[0] + ",my_notes"] + [line + ",checked" for line in text[1:]]) + "\n")
    doc = _only(loaders.read_file(path))
    assert any("no date given" in w for w in doc.warnings)
    assert any("ignored: my_notes" in w for w in doc.warnings)


def test_wales_rows_fit_the_template(tmp_path):
    """The Welsh facts file can be written in the template's columns and reads the same."""
    wales_path = shared(*WALES)
    rows = []
    for r in _raw_rows(wales_path):
        rows.append(
            dict(
                authority=r["authority_name"],
                ons_code=r["ons_code"],
                inspectorate=r["inspectorate"],
                event_type=r["event_type"],
                start_date=r["start_date"],
                end_date=r["end_date"],
                published_date=r["published_date"],
                outcome_phrase=r["outcome_phrase"],
                direction=r["direction"],
                summary=r["outcome_summary"],
                themes=r["themes"],
                source_url=r["source_url"],
                source_kind=r["source_kind"],
                confidence=r["confidence"],
            )
        )
    as_template = loaders.read_file(_template_with(tmp_path, *rows))
    original = loaders.read_file(wales_path)

    def signals(docs):
        return sorted(
            (
                d.authority.code,
                d.inspectorate.value,
                ev.event_type,
                str(ev.start),
                ev.headline,
                tuple(dr.direction for dr in ev.directions),
                tuple(s.status.value for s in ev.statuses),
            )
            for d in docs
            for ev in d.events
        )

    assert signals(as_template) == signals(original)


# --------------------------------------------------------------------------- header, not file name


def test_kind_is_read_from_the_header_not_the_name(tmp_path):
    disguised = tmp_path / "ofsted_csc_ilacs_history.csv"
    shutil.copy(shared(*SCOTLAND), disguised)
    docs = loaders.read_file(disguised)
    assert {d.kind for d in docs} == {"table:scotland_timeline"}
    unknown = tmp_path / "wales_ciw_timeline.csv"
    unknown.write_text("a,b,c,d\n1,2,3,4\n")
    assert tables.read_table(unknown.read_bytes(), tables.Source(str(unknown), "x", "")) is None


def test_all_tables_read_quickly():
    import time

    paths = [shared(*p) for p in (HISTORY, OFFICIAL, OVERVIEW, WALES, SCOTLAND)]
    started = time.perf_counter()
    for path in paths:
        loaders.read_file(path)
    assert time.perf_counter() - started < 5  # about half a second on a laptop


# --------------------------------------------------------------------------- into the database


def test_ingest_twice_then_unchanged(engine, tmp_path):
    from trajectories.db.models import EventRow, JudgementRow, SourceDocument
    from trajectories.ingest import ingest

    paths = [TEMPLATE] + [shared(*p) for p in (HISTORY, OFFICIAL, OVERVIEW, WALES, SCOTLAND)]
    first = ingest(engine, paths)
    assert first.failed == [] and len(first.loaded) == 6 and first.unchanged == []
    with engine.connect() as conn:
        docs = conn.execute(select(func.count()).select_from(SourceDocument)).scalar_one()
        events = conn.execute(select(func.count()).select_from(EventRow)).scalar_one()
        scot = conn.execute(
            select(func.count()).select_from(JudgementRow).where(JudgementRow.subject_type == "partnership")
        ).scalar_one()
    expected = [loaders.read_file(p) for p in paths]
    assert docs == sum(len(d) for d in expected)
    assert events == sum(len(doc.events) for d in expected for doc in d) == 3 + 497 + 151 + 153 + 84 + 82
    assert scot == 13
    assert sum("grades unreadable" in w for _, w in first.warnings) == 176

    second = ingest(engine, paths)
    assert second.failed == [] and second.loaded == [] and len(second.unchanged) == 6
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(EventRow)).scalar_one() == events


def test_ingest_bad_timeline_leaves_database_unchanged(engine, tmp_path):
    from trajectories.db.models import SourceDocument
    from trajectories.ingest import ingest

    good = _template_with(tmp_path, GOOD, name="good.csv")
    bad = _template_with(tmp_path, GOOD, {**GOOD, "direction": "-3"}, name="bad.csv")
    report = ingest(engine, [bad, good])
    assert [p for p, _ in report.failed] == [str(bad)]
    assert "row 3: direction -3 is outside -2..+2" in report.failed[0][1]
    assert report.loaded == [str(good)]
    with engine.connect() as conn:
        paths = conn.scalars(select(SourceDocument.path)).all()
    assert paths == [str(good)]
