"""Levels, directions, statuses, themes and polarity on fixtures of the rules in docs/domain-rules.md
§2, §4 and §5 and the hand-labelled development set."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

from tests.conftest import ROOT
from trajectories import evaluation, normalise, scale, themes
from trajectories.domain import ThemeTag


@pytest.mark.parametrize(
    "phrase, scale_name, point, low, high, quality",
    [
        ("Requires improvement to be good", "ofsted", 2, 2, 2, "exact"),
        ("Requires improvement", "ofsted", 2, 2, 2, "exact"),  # early ILACS tables (Cambridgeshire 2019)
        ("require improvement.2", "ofsted", 2, 2, 2, "exact"),  # footnote digit stripped
        ("good", "ofsted", 3, 3, 3, "exact"),
        ("Outstanding", "ofsted", 4, 4, 4, "exact"),
        ("Inadequate", "ofsted", 1, 1, 1, "exact"),
        ("Adequate", "ofsted", 2, 2, 2, "approximate"),  # pre-2013 four-point scale
        ("inadequate with early indicators of improvement", "ciw", 1, 1, 1, "narrative_inferred"),
        ("Good", "ci6", 3, 3, 3, "approximate"),
        ("very good", "ci6", 3.5, 3, 4, "approximate"),
        ("Weak", "ci6", 1.5, 1, 2, "approximate"),
        ("5", "ci6", 3.5, 3, 4, "approximate"),
    ],
)
def test_levels(phrase, scale_name, point, low, high, quality):
    lv = scale.level_for(phrase, scale_name)
    assert (lv.point, lv.low, lv.high, lv.quality.value) == (point, low, high, quality)


@pytest.mark.parametrize(
    "phrase",
    [
        "no longer inadequate",
        "continuing to make improvements",
        "Monitoring visits do not result in inspection judgements.",
    ],
)
def test_not_a_level(phrase):
    assert scale.level_for(phrase, "ofsted") is None


DIRECTIONS = [
    (
        "Ofsted has completed seven monitoring visits since the inadequate judgement and has consistently expressed "
        "serious concern about the slow pace of change.",
        [-2],
    ),
    (
        "While some progress has been achieved in some discrete areas, overall the pace of these improvements has been "
        "very slow.",
        [-1],
    ),
    ("However, the pace of improvement was insufficient.", [-1]),
    ("However, insufficient progress has been made in other aspects of the service", [-1]),
    (
        "Over the past two years, significant progress has been evidenced in the regular monitoring visits conducted "
        "by Ofsted.",
        [2],
    ),
    (
        "Progress has been evident in the majority of monitoring visits conducted by Ofsted, although significant "
        "improvements are much more recent.",
        [1],
    ),
    (
        "Overall progress in improving services for children in Buckinghamshire since the last inspection in 2014 has "
        "been inconsistent and too slow.",
        [-1],
    ),
    (
        "Since the focused visit in October 2020, the quality of practice has deteriorated, particularly for children "
        "in need of help and protection.",
        [-2],
    ),
    ("Monitoring visits do not result in inspection judgements.", []),
    ("Services for children in Manchester are no longer inadequate.", [1]),
    (
        "it is our judgement that Wrexham CBC children’s social services is continuing to make improvements required.",
        [1],
    ),
    (
        "During the last year, CIW's concerns have escalated from serious to significant in relation to children's "
        "services.",
        [-2],
    ),
    ("It is too early to evidence sustained positive impact.", [0]),
]


@pytest.mark.parametrize("sentence, expected", DIRECTIONS)
def test_directions(sentence, expected):
    assert [int(m.value) for m in scale.directions_in(sentence)] == expected


def test_raw_direction_phrase_is_kept_as_written():
    [m] = scale.directions_in("Wrexham CBC children’s social services is Continuing to make\nimprovements required.")
    assert m.raw_phrase == "Continuing to make\nimprovements required"


@pytest.mark.parametrize(
    "sentence, status",
    [
        ("A focused visit by Ofsted in July 2018 identified areas for priority action.", "areas_for_priority_action"),
        (
            "During the last year, CIW's concerns have escalated from serious to significant.",
            "ciw_significant_concerns",
        ),
        ("A formal Warning Notice was issued to Powys County Council in October 2017.", "welsh_gov_warning_notice"),
        (
            "In September 2021, the Secretary of State for Education appointed a Commissioner of Children's Services.",
            "commissioner",
        ),
    ],
)
def test_statuses(sentence, status):
    assert status in [m.value.value for m in scale.statuses_in(sentence)]


def test_no_priority_action_is_not_a_status():
    assert scale.statuses_in("Inspectors did not identify any areas for priority action.") == []


TRAPS = [  # docs/domain-rules.md §5.2
    (
        "Risks and safeguarding concerns are recognised, and children's cases are stepped up appropriately when needs "
        "change.",
        "strength",
        {"risk_safeguarding"},
    ),
    (
        "When children do not wish to attend, their views are consistently sought by independent reviewing officers "
        "(IROs).",
        "strength",
        {"voice_of_child", "management_oversight_supervision"},
    ),
    (
        "Inspectors saw some good examples of both, but many plans lacked clarity about the actions required and how "
        "progress will be measured within the child's timeframe.",
        "concern",
        {"practice_quality_assessment_planning"},
    ),
    (
        "Effective edge-of-care work prevents some children's circumstances deteriorating further, enabling them to "
        "safely remain with their families.",
        "strength",
        {"early_help_prevention"},
    ),
]


@pytest.mark.parametrize("text, polarity, themes", TRAPS)
def test_trap_sentences(text, polarity, themes):
    f = normalise.finding(text, "Overview")
    assert f.polarity.value == polarity
    assert themes <= {t.theme for t in f.themes}


def test_court_action_is_not_partnership():
    f = normalise.finding(
        "Assessments and legal planning meetings must become timely and not delay decisions or court action.",
        "Prevention",
    )
    assert f.polarity.value == "action_required" and f.modality == "must"
    assert "partnership_multiagency" not in {t.theme for t in f.themes}


def test_continuation_inherits_the_must():
    first = normalise.finding("The local authority must act rapidly to improve how it facilitates meetings.", "")
    second = normalise.finding(
        "This includes having access to widely available information technology.", "", previous=first
    )
    assert (second.polarity.value, second.modality, second.polarity_rule) == ("action_required", "must", "continuation")


@pytest.mark.parametrize(
    "text, theme, cue",
    [
        (
            "The number of children who are placed with connected carers has increased.",
            "children_in_care_permanence",
            "cue:connected carers",
        ),
        (
            "The children entering care most recently have done so at a time that is right for them.",
            "children_in_care_permanence",
            "cue:entering care",
        ),
        (
            "Housing agencies have adopted care leaving as a protected characteristic.",
            "care_leavers",
            "cue:care leaving",
        ),
    ],
)
def test_every_alternative_of_a_cue_fires(text, theme, cue):
    """A cue written as alternatives ("kinship|connected carers?") fires on each of them, not only
    on the first (real sentences from the Ofsted reports)."""
    assert ThemeTag(theme, cue) in themes.tag_themes(text)


def test_every_tag_says_why():
    f = normalise.finding(
        "Social workers must have access to IT equipment so that case records are kept up to date.", ""
    )
    cues = {t.theme: t.cue for t in f.themes}
    assert cues["systems_it_tools"] == "cue:IT" and cues["recording_case_records"].startswith("cue:")
    it = normalise.finding("It is clear that leaders know their services well.", "")
    assert "systems_it_tools" not in {t.theme for t in it.themes}  # "It" is not IT


def test_development_set_meets_the_targets():
    score = evaluation.score_tagger(evaluation.load_labelled(ROOT / "tests" / "data" / "findings_dev.csv"))
    assert score.n >= 1000
    assert score.macro_f1 >= 0.83, "\n".join(score.lines())
    assert score.polarity_accuracy >= 0.95, "\n".join(score.lines())


def test_held_out_set_is_not_worse_than_measured():
    """Labelled from documents the rules were never tuned on; a guard against regressions."""
    score = evaluation.score_tagger(evaluation.load_labelled(ROOT / "tests" / "data" / "findings_holdout.csv"))
    assert score.n >= 200
    assert score.macro_f1 >= 0.81, "\n".join(score.lines())  # measured 0.826 (0.808 before this change)
    assert score.polarity_accuracy >= 0.91, "\n".join(score.lines())  # measured 0.928 (0.869 before)


def test_random_development_set_is_scored_by_default_and_not_worse_than_measured():
    """242 findings drawn at random like the test set, then tuned on (findings_dev_random.md).
    Measured 0.779 macro-F1 and 0.934 polarity (0.682 and 0.785 before any tuning)."""
    path = ROOT / "tests" / "data" / "findings_dev_random.csv"
    assert path in evaluation.LABELLED_SETS
    score = evaluation.score_tagger(evaluation.load_labelled(path))
    assert score.n >= 240
    assert score.macro_f1 >= 0.77, "\n".join(score.lines())
    assert score.polarity_accuracy >= 0.925, "\n".join(score.lines())


@pytest.mark.parametrize(
    "name, n, macro_f1, polarity",
    [
        # measured after tuning (first scored, before any rule was written from it: see findings_dev_random2.md)
        ("findings_dev_random2.csv", 250, 0.745, 0.915),  # 0.752 / 0.921 (0.704 / 0.865 first)
        ("findings_dev_random3.csv", 230, 0.735, 0.93),  # 0.742 / 0.936 (0.725 / 0.858 first)
        ("findings_dev_random4.csv", 400, 0.735, 0.875),  # 0.742 / 0.880 (0.719 / 0.820 first)
        ("findings_dev_random5.csv", 410, 0.74, 0.89),  # 0.749 / 0.896 (0.737 / 0.853 first)
    ],
)
def test_later_random_development_sets_are_not_worse_than_measured(name, n, macro_f1, polarity):
    path = ROOT / "tests" / "data" / name
    assert path in evaluation.LABELLED_SETS
    score = evaluation.score_tagger(evaluation.load_labelled(path))
    assert score.n >= n
    assert score.macro_f1 >= macro_f1 and score.polarity_accuracy >= polarity, "\n".join(score.lines())


def test_test_set_drawn_at_random_is_not_worse_than_measured():
    """156 findings drawn at random from what the readers give and never tuned on (findings_test.md).
    Measured 0.749 macro-F1 and 0.827 polarity (0.733 and 0.827 before round three); the floors sit about one
    finding under."""
    score = evaluation.score_tagger(evaluation.load_labelled(ROOT / "tests" / "data" / "findings_test.csv"))
    assert score.n >= 150
    assert score.macro_f1 >= 0.74, "\n".join(score.lines())
    assert score.polarity_accuracy >= 0.82, "\n".join(score.lines())


def test_third_set_drawn_at_random_is_not_worse_than_measured():
    """839 findings drawn at random from the development sets' documents, never tuned on (findings_test3.md).
    Measured 0.726 macro-F1 and 0.858 polarity after round three."""
    path = ROOT / "tests" / "data" / "findings_test3.csv"
    assert path in evaluation.LABELLED_SETS
    score = evaluation.score_tagger(evaluation.load_labelled(path))
    assert score.n >= 830
    assert score.macro_f1 >= 0.72 and score.polarity_accuracy >= 0.855, "\n".join(score.lines())


def test_second_test_set_drawn_at_random_is_not_worse_than_measured():
    """256 findings drawn at random from documents no other set uses, labelled blind and never tuned on
    (findings_test2.md). Measured 0.735 macro-F1 and 0.871 polarity (0.724 and 0.863 before round three)."""
    path = ROOT / "tests" / "data" / "findings_test2.csv"
    assert path in evaluation.LABELLED_SETS
    score = evaluation.score_tagger(evaluation.load_labelled(path))
    assert score.n >= 250
    assert score.macro_f1 >= 0.725, "\n".join(score.lines())
    assert score.polarity_accuracy >= 0.865, "\n".join(score.lines())


# ---- section headings decide before sentence cues (every inspectorate) ----------------------

# Real bullets of the Care Inspectorate Wales and Care Inspectorate pages, under their own headings.
FLINTSHIRE_2025 = (
    "Leaders promote a positive culture through compassionate leadership resulting in a passionate and "
    "well-supported workforce to deliver services for children and families."
)
HIGHLAND = (
    "Immediate responses to concerns, and key processes, were more effective for younger children than they "
    "were for older young people."
)
PERTH = "Continue to build on the very effective practice to improve services to protect children."
POINTS = "Inspectors agreed with services in the council area the following points for improvement."


@pytest.mark.parametrize(
    "heading, text, polarity",
    [
        ("Areas of improvement identified", FLINTSHIRE_2025, "strength"),
        (
            "Key strengths identified",
            "Children in Pembrokeshire are generally protected from abuse, neglect and harm "
            "through adequate multi-agency responses",
            "strength",
        ),
        (
            "Key strengths were:",
            "Staff responded promptly and effectively when concerns were raised about children and "
            "young people in the majority of cases.",
            "strength",
        ),
        ("Key areas for improvement were:", HIGHLAND, "action_required"),
        (POINTS, PERTH, "action_required"),
        (
            "Areas requiring improvement",
            "The local authority should ensure all relevant agencies are consistently invited to strategy meetings.",
            "action_required",
        ),
        (
            "Priority areas for development",
            "Ensure early multi agency involvement in safeguarding and ensure an immediate "
            "response to children at risk of sexual exploitation.",
            "action_required",
        ),
        ("Areas for development", "Quality assurance activity is well established.", "action_required"),
        # Ofsted: a focused visit's strengths, a SIF report's lead-ins, an ILACS report's improvement heading.
        (
            "Areas of strength",
            "Social workers and personal advisers feel well supported by their managers, despite their high workloads.",
            "strength",
        ),
        (
            "Children’s services in Enfield are good because",
            "Enfield’s senior managers and leaders have a strong track "
            "record of making significant improvements to the lives of vulnerable children and young people.",
            "strength",
        ),
        (
            "Children’s services in Warrington require improvement because",
            "Managers at all levels were unaware of the impact of inconsistent practice in a small number of cases.",
            "concern",
        ),
        (
            "This local authority has serious weaknesses and is not yet good because",
            "Management oversight is visible on most children's records.",
            "concern",
        ),
        (
            "What needs to improve in this local authority?",
            "The effectiveness of management oversight.",
            "action_required",
        ),
    ],
)
def test_section_heading_decides_before_sentence_cues(heading, text, polarity):
    f = normalise.finding(text, heading)
    assert (f.polarity.value, f.polarity_rule.split(":")[0]) == (polarity, "section")


def test_section_heading_wins_over_the_opposite_sentence_cues():
    """The words alone say one thing; the heading they sit under says another, and decides."""
    assert normalise.finding(HIGHLAND, "Main findings").polarity.value == "strength"  # "more effective"
    assert normalise.finding(HIGHLAND, "Key areas for improvement were:").polarity.value == "action_required"
    caseloads = "Caseloads remain high in some teams."
    assert normalise.finding(caseloads, "Main findings").polarity.value == "concern"
    assert normalise.finding(caseloads, "Areas of strength").polarity.value == "strength"
    assert normalise.finding(caseloads, "Areas of concern").polarity.value == "concern"


def test_areas_of_improvement_and_areas_requiring_improvement_are_opposites():
    assert normalise.finding(FLINTSHIRE_2025, "Areas of improvement identified").polarity.value == "strength"
    assert normalise.finding(FLINTSHIRE_2025, "Areas requiring improvement").polarity.value == "action_required"


@pytest.mark.parametrize(
    "heading",
    [
        "Key strengths and weaknesses of the LSCB",
        "Summary – strengths and priority areas for improvement",
        "Main findings",
        "Summary of key findings",
        "Strengths-based practice",
        "The experiences and progress of care leavers: requires improvement to be good",
    ],
)
def test_a_heading_naming_both_sides_or_neither_leaves_it_to_the_sentence(heading):
    assert themes.section_polarity(heading) is None
    f = normalise.finding("Caseloads remain high in some teams.", heading)
    assert (f.polarity.value, f.polarity_rule) == ("concern", "cues")


# ---- misreadings a leader found (real sentences of Ofsted reports) ------------------------------

HELP_RI = "The experiences and progress of children who need help and protection: requires improvement to be good"


@pytest.mark.parametrize(
    "text, section, polarity",
    [
        # Bradford 2026: knowing a weakness and planning to fix it is neither a strength nor a concern.
        (
            "Senior leaders are aware of these weaknesses and have credible plans to improve practice.",
            HELP_RI,
            "neutral",
        ),
        (
            "Leaders have credible plans in place to address this gap.",
            "The experiences and progress of care leavers: outstanding",
            "neutral",
        ),
        # Caseloads that stay high are a concern.
        (
            "Caseloads remain high in some teams; particularly some looked after children teams and "
            "the fostering team.",
            "Leadership, management and governance Requires improvement",
            "concern",
        ),
        ("Although reducing, social work caseloads remain high for some workers.", "", "concern"),
        (
            "There are an increasing number of permanent workers across the service, but caseloads remain higher than "
            "senior leaders want, especially in the IRO service.",
            "",
            "concern",
        ),
        # Bradford 2023: a negation reaches "in a timely way" at the end of its clause.
        (
            "When risks to children escalate and are known, not all children progress to the pre-proceedings stage of "
            "the "
            "PLO in a timely way.",
            "The experiences and progress of children who need help and protection: inadequate",
            "concern",
        ),
        (
            "There are sometimes delays in decisive action being taken to address the impact of neglect and not all "
            "children receive an appropriate and timely protective response.",
            "",
            "concern",
        ),
        # ... but not past a subordinate clause of its own.
        ("Children who do not attend school are supported well by the virtual school.", "", "strength"),
    ],
)
def test_named_misreadings(text, section, polarity):
    assert normalise.finding(text, section).polarity.value == polarity


# ---- the three readings of issue 19 item 8, as a leader met them ----------------------------------


def test_credible_plans_are_not_a_concern():
    f = normalise.finding("Senior leaders have credible plans to improve practice.", "Main findings")
    assert f.polarity.value == "neutral"
    assert "leadership_governance" in {t.theme for t in f.themes}


def test_caseloads_that_remain_high_are_a_workforce_concern():
    for text in ("Caseloads remain high.", "Caseloads are reducing but remain high."):
        f = normalise.finding(text, "Main findings")
        assert (f.polarity.value, [t.theme for t in f.themes]) == ("concern", ["workforce_capacity"]), text


def test_not_all_children_progressing_in_time_is_never_a_strength():
    text = "Not all children progress to permanence in a timely way."
    f = normalise.finding(text, "The experiences and progress of children in care: good")
    assert f.polarity.value == "concern"
    assert {"timeliness_statutory_duties", "children_in_care_permanence"} <= {t.theme for t in f.themes}
    # Under a heading of strengths the heading decides, as it does for every finding under it.
    assert normalise.finding(text, "Areas of strength").polarity.value == "strength"


@pytest.mark.parametrize(
    "text, polarity",
    [
        ("This remains an area for development.", "concern"),
        ("Some plans are too generic.", "concern"),
        ("Children's plans are often vague.", "concern"),
        ("Some children have had several changes of placement.", "concern"),
        ("Sufficiency of placements is a challenge.", "concern"),
        ("There is little evidence of direct work.", "concern"),
        ("It is unclear how children's views have informed their plans.", "concern"),
        ("Caseloads are reducing.", "strength"),
        ("The number of children in care has risen.", "neutral"),
        ("These cases will be reviewed by the end of the year.", "neutral"),
    ],
)
def test_hedges_negations_and_facts(text, polarity):
    assert normalise.finding(text, "Main findings").polarity.value == polarity


@pytest.mark.parametrize(
    "text, present, absent",
    [
        ("Leaders and managers know their services well.", "leadership_governance", "management_oversight_supervision"),
        ("Care leavers feel safe in their accommodation.", "care_leavers", "risk_safeguarding"),
        ("Leaders have created a positive learning culture.", "leadership_governance", "voice_of_child"),
        ("Most children live with carers who meet their needs.", "children_in_care_permanence", "workforce_capacity"),
        ("The audit tool is fit for purpose.", "quality_assurance_performance", "systems_it_tools"),
    ],
)
def test_theme_cues_read_in_their_sense(text, present, absent):
    got = {t.theme for t in normalise.finding(text, "").themes}
    assert present in got and absent not in got, got


# ---- background sentences a random finding holds ------------------------------------------------


@pytest.mark.parametrize(
    "text, polarity",
    [
        # the inspection's own procedure, or a verdict naming no area
        ("They inspected services in two council areas.", "neutral"),
        ("The joint inspection found many strengths and made recommendations for improvement.", "neutral"),
        ("In its report, the inspectorate identified key strengths across the partnership.", "neutral"),
        ("The review identifies some concerns about the timeliness of visits to children.", "concern"),
        # what leaders know and do about a weakness
        ("Leaders acknowledge that further work is needed to reduce the number of children in care.", "neutral"),
        ("Managers recognise that supervision arrangements need to be strengthened.", "neutral"),
        ("Senior leaders recognise this and have plans in place for changes to the audit framework.", "neutral"),
        ("Action is being taken to refresh the membership of the improvement board.", "neutral"),
        ("The family support service began recently, so it is not yet possible to evaluate its impact.", "neutral"),
        ("The council is committed to further improving outcomes through its new practice model.", "neutral"),
        ("Children waited an average of 300 days to be matched with adopters.", "neutral"),
        # weaknesses written without the usual words
        ("Although leaders have plans to address it, the backlog persists.", "concern"),
        ("Good life-story work is seen, but it is the exception rather than the rule.", "concern"),
        ("Some of the children would have benefited from being protected sooner.", "concern"),
        ("There is little evidence that managers challenge drift or review plans effectively.", "concern"),
        (
            "Some children were left in homes where risks were unassessed for too long, and there was delay in an "
            "appropriate response.",
            "concern",
        ),
        ("This makes it less likely that young people will access the help they need.", "concern"),
        ("A loophole lets cases close without approval, which is a potential risk.", "concern"),
        ("This is a missed opportunity to share information.", "concern"),
        (
            "Audits find records that are incomplete or require further improvement but do not test their impact.",
            "concern",
        ),
        # strengths that mention a weakness they answer
        ("Review meetings work well, often compensating for the lack of clarity in written plans.", "strength"),
        ("Children are less likely to experience frequent moves because their carers are well supported.", "strength"),
        ("Advisers offer useful consultation to professionals who may be concerned about exploitation.", "strength"),
    ],
)
def test_background_and_hedged_sentences(text, polarity):
    assert normalise.finding(text, "Main findings").polarity.value == polarity


@pytest.mark.parametrize(
    "text, present, absent",
    [
        ("Most staff enjoy working in the authority.", "workforce_capacity", "leadership_governance"),
        ("The council has increased its fostering capacity.", "children_in_care_permanence", "workforce_capacity"),
        (
            "Agency workers ensure that newly qualified workers have protected caseloads.",
            "workforce_capacity",
            "risk_safeguarding",
        ),
        ("Care leavers can choose from a range of housing options.", "care_leavers", "partnership_multiagency"),
        ("Voluntary sector organisations give families valuable help.", "partnership_multiagency", "voice_of_child"),
        ("Children co-design the services they use.", "voice_of_child", "partnership_multiagency"),
        (
            "The council keeps close oversight of performance.",
            "quality_assurance_performance",
            "management_oversight_supervision",
        ),
        ("Families get help at an early stage, before problems grow.", "early_help_prevention", "risk_safeguarding"),
        ("Cases are closed without management approval.", "management_oversight_supervision", "leadership_governance"),
        (
            "Advocates help children influence decision-making about their care.",
            "voice_of_child",
            "practice_quality_assessment_planning",
        ),
        (
            "Carers get a network of ready support from other carers.",
            "children_in_care_permanence",
            "partnership_multiagency",
        ),
        (
            "The council's five-year plan sets out its strategic priorities.",
            "leadership_governance",
            "practice_quality_assessment_planning",
        ),
    ],
)
def test_theme_cues_of_a_random_draw_read_in_their_sense(text, present, absent):
    got = {t.theme for t in normalise.finding(text, "").themes}
    assert present in got and absent not in got, got


def test_word_checks_before_patterns_never_change_a_reading(monkeypatch):
    """Some patterns run only when one of a few words is present; every labelled finding reads the
    same with those checks switched off, so a pattern given a new alternative cannot be skipped."""
    records = [
        rec
        for path in sorted((ROOT / "tests" / "data").glob("findings_*.csv"))
        for rec in evaluation.load_labelled(path)
    ]
    assert len(records) > 1500

    def readings():
        return [
            (f.polarity, f.modality, tuple(t.theme for t in f.themes))
            for f in (normalise.finding(r["text"], r.get("section", "")) for r in records)
        ]

    checked = readings()
    modules = [importlib.import_module(f"trajectories.themes.{m.name}") for m in pkgutil.iter_modules(themes.__path__)]
    words = (
        "_PREVENTS_WORDS",
        "_PROSPECT_WORDS",
        "_RESPONSE_WORDS",
        "_RECOGNISE_WORDS",
        "_ACTING_WORDS",
        "_SUGGESTION_WORDS",
    )
    for name in words:
        readers = [m for m in modules if hasattr(m, name)]  # each module that reads the list holds its own name
        assert readers, name
        for module in readers:
            monkeypatch.setattr(module, name, ("",))  # the empty string is in every text
    assert readings() == checked


def test_trying_only_the_themes_a_word_start_allows_never_changes_a_reading(monkeypatch):
    """At each word start the tagger tries only the themes with a cue that may begin with the next
    three characters; every labelled finding, and sentences made to meet each theme's cues that open
    with a lookbehind or an optional word, read the same when every theme is tried everywhere."""
    from trajectories.themes import tagging

    texts = [
        rec["text"]
        for path in sorted((ROOT / "tests" / "data").glob("findings_*.csv"))
        for rec in evaluation.load_labelled(path)
    ] + [
        "Team managers and frontline managers review plans; senior managers do not.",
        "Children wait too long periods for a decision and long time for their plans.",
        "The looked after children's council and the children's council meet; educational attainment rises.",
        "Co-production and co production with young people, and co-design of services.",
    ]
    narrowed = [tagging.tag_themes(t) for t in texts]
    monkeypatch.setattr(tagging, "_candidates", lambda key: tuple(tagging._ANCHORED.items()))
    assert [tagging.tag_themes(t) for t in texts] == narrowed
    assert any(narrowed[-4:])


@pytest.mark.parametrize(
    ("text", "polarity"),
    [
        # Middlesbrough 2026: a finding the search showed as a strength.
        (
            "The quality of management oversight when children enter care has weakened since the last inspection.",
            "concern",
        ),
        ("Outcomes for care leavers have worsened.", "concern"),
        ("Practice has not deteriorated since the last inspection.", "strength"),
        ("There has been no weakening of oversight.", "strength"),
    ],
)
def test_what_got_worse_is_a_concern_and_what_did_not_is_not(text, polarity):
    assert themes.polarity(text, "")[0].value == polarity


def test_the_acronym_pre_check_holds_the_two_literal_characters_every_acronym_begins_with():
    """The tagger skips its acronym scan for a text holding none of `_ACRONYM_STARTS`: that is only
    right while every acronym pattern opens with those two literal characters."""
    from trajectories.themes import cues, tagging

    for patterns in cues._ACRONYMS.values():
        for pattern in patterns:
            start = pattern.removeprefix(r"\b")[:2]
            assert start in tagging._ACRONYM_STARTS and all(ch.isupper() or ch == "&" for ch in start), pattern
    assert [t.theme for t in themes.tag_themes("The MASH and the IRO service.")] == [
        "management_oversight_supervision",
        "risk_safeguarding",
    ]


# ---- a second and third random draw: what leaders know and do, grades as history, context ------------


@pytest.mark.parametrize(
    "text, polarity",
    [
        # what leaders know about a weakness, and action still in train on it
        ("Leaders recognise there are still too few foster homes for older children.", "neutral"),
        ("The trust is aware of further work required to improve its audits.", "neutral"),
        ("The council is taking decisive action to address the delays it found in assessments.", "neutral"),
        ("In response to long waits for assessments, a second assessment team has been created.", "neutral"),
        ("Identity needs are not always recognised by social workers.", "concern"),  # not leaders knowing
        # an earlier grade is history; "requires improvement to be good" names a grade, not a direction
        ("In 2019, inspectors judged the council's services to require improvement to be good.", "neutral"),
        # modal and suggestion words that do not direct the authority
        ("Help is offered to young people with additional learning needs to ensure they stay in college.", "strength"),
        ("Social workers visit the children who would benefit from direct contact.", "strength"),
        ("Not only have leaders kept to their plan, they have also widened the help on offer.", "strength"),
        (
            "Strong support helps care leavers who are not in education, employment or training to find work.",
            "strength",
        ),
        ("Inspectors saw evidence of parents being offered support after adoption.", "strength"),
        # weaknesses without the usual words
        ("Leaders cannot be assured that every placement is safe.", "concern"),
        ("Some risks to children are missed.", "concern"),
        ("There are waiting lists of up to three months for family therapy.", "concern"),
        ("There is a gap in emotional well-being provision.", "concern"),
        ("There is evidence of progress, but there is still some way to go.", "concern"),
        ("The capacity of the team limits the quality of its work.", "concern"),
        ("Plans set out objectives, but are less specific about who does what.", "concern"),
        # what a finding lacks, listed: every item is lacking, but a new clause is not
        ("Supervision lacks reflection, critical challenge and clear direction.", "concern"),
        ("Plans are without analysis, clear outcomes or timely review.", "concern"),
        ("Without delay, social workers give clear and effective help.", "strength"),
        # dated facts, and what is too soon to judge
        ("In March 2016, 40 agency social workers were employed.", "neutral"),
        ("It is too soon to see the impact of the new team.", "neutral"),
        ("The panel is relatively new and so its impact is not yet evident in practice.", "neutral"),
        ("This group has not yet had an impact on the timeliness of assessments.", "concern"),
        # a soft direction
        ("It will be important to sustain the pace of change.", "action_required"),
    ],
)
def test_sentences_of_later_random_draws(text, polarity):
    assert normalise.finding(text, "Main findings").polarity.value == polarity


# Sentences the PDF briefings quoted under "Recurring concerns" or "Recurring strengths" and the wrong way round,
# and the readings of the whole corpus that a first version of their rules got wrong.
@pytest.mark.parametrize(
    "text, polarity",
    [
        # isolation and loneliness are weaknesses; not working in isolation is not one, nor what is reflected on
        ("Some young people are isolated and lonely.", "concern"),
        ("This gives social workers assurance that they are not working in isolation.", "strength"),
        ("Group supervision encourages reflection on barriers that need to be overcome.", "strength"),
        # who the children are is not a finding about the service; that a weakness is not overlooked is a strength
        ("Advisers keep in touch with care leavers who do not find it easy to ask for help.", "strength"),
        ("Leaders have close oversight of the children that they are most worried about.", "strength"),
        ("There are children who do not have an up-to-date plan.", "concern"),
        ("Some children who do not attend school wait too long for help.", "concern"),
        ("The policy ensures that incidents of concern are not overlooked.", "strength"),
        # a modal inside quotation marks is a name, not a direction
        ("The DCS’ ‘need to know’ policy keeps senior leaders informed.", "strength"),
        ("The council's plan needs to set out clear targets.", "action_required"),
        # risk that is managed, and a use that is limited, are what the verb acts on; what hinders is a weakness
        ("These positively inform decision-making and the management of risk of harm.", "strength"),
        ("This has helped limit the use of unregistered children’s homes.", "strength"),
        ("Limited use of risk assessment tools hampers a good understanding of children's lives.", "concern"),
        ("Progress has been hindered by increased demands on the service.", "concern"),
        # what leaders understand of a need; an inverted condition; what lowers a chance; what is explored
        ("For example, leaders understand that care leavers may not have people to call on for help.", "neutral"),
        ("Visits are well recorded, should a child wish to read their files in the future.", "strength"),
        ("These measures reduce the likelihood of having to rely on unregistered homes far away.", "strength"),
        ("Risks are responded to quickly, with thorough exploration of immediate risk and concerns.", "strength"),
        # read across the bundled corpus after the rules above: each was misread by a first version of them
        ("However, a small number of strategy discussions do not include key agencies.", "concern"),
        ("Practitioners manage risk effectively and support safety for those at risk of harm.", "strength"),
        ("When this is not their long-term plan, careful thought is given to children's needs.", "strength"),
        ("Enhanced support to care leavers helped lessen loneliness and the impact of isolation.", "strength"),
        ("They consider vulnerable children and adults on a continuum, rather than in isolation.", "strength"),
        ("Social workers deliver food boxes to isolated and vulnerable children in care.", "strength"),
        ("The police assist when the size of the county could hinder a speedy response.", "strength"),
        ("However, it is hard to understand decisions, as the template does not clearly collate views.", "concern"),
        ("Decisions are made to reduce the level of support prematurely.", "concern"),
        ("Consistency of social work practice remains an issue.", "concern"),
        ("Not all children experience an appropriate, thorough and timely response.", "concern"),
        ("Leaders know there remains more to do to strengthen housing options.", "neutral"),
        ("Children at risk of significant harm are identified quickly.", "strength"),
        ("This leaves vulnerable children at risk of harm.", "concern"),
        ("Inspectors did not find any children at risk of harm.", "strength"),
        ("The recording system has been adapted to ensure that it helps rather than hinders practice.", "strength"),
        ("There is variability in how robustly chairs manage plans and give appropriate challenge.", "concern"),
        ("Active family finding means that children have permanent homes with less delay.", "strength"),
    ],
)
def test_sentences_the_briefings_quoted(text, polarity):
    assert normalise.finding(text, "Main findings").polarity.value == polarity


# Round five: sentences the briefings of Norfolk, Tower Hamlets, Kirklees, Lancashire, Walsall and Wrexham quoted the
# wrong way round, in the general forms they stand for, each with a sentence the rule must leave alone.
@pytest.mark.parametrize(
    "text, polarity",
    [
        # a reduction in what harms is good news; a reduction in what helps is not
        ("Family hubs have contributed to a reduction in the number of children entering care.", "strength"),
        ("Caseloads have fallen and there has been a steady reduction in agency staff.", "strength"),
        ("There has been a reduction in the number of foster carers.", "concern"),
        ("There has been a significant reduction in placement stability.", "concern"),
        ("The reduction of youth violence remains a stubborn challenge for the partnership.", "concern"),
        # a restriction a good service keeps to is a condition, not a limit
        ("Decisions to enter care are only made when options are exhausted and children cannot stay.", "strength"),
        ("Parental consent is only dispensed with when it is in the child's best interests.", "strength"),
        ("Children are often only seen once before their case is closed.", "concern"),
        # "few" on its own negates: few of a harm is good, few of a good thing is not; "a few" only counts
        ("Very few decisions are overturned at panel.", "strength"),
        ("Only a very few children wait too long for a plan.", "strength"),
        ("Placement stability has improved, with fewer children experiencing multiple moves.", "strength"),
        ("Few children in need have a sufficiently robust contingency plan.", "concern"),
        ("Inspectors saw few examples of good supervision records.", "concern"),
        ("A few plans lack clear contingencies.", "concern"),
        ("In the very few cases when consent is dispensed with, this is appropriate.", "strength"),
        ("Over the last few years, caseloads have reduced and are now manageable.", "strength"),
        ("Workers record their casework thoroughly, with few exceptions.", "strength"),
        ("No care leavers have been evicted in the last year.", "strength"),
        ("Some care leavers have been evicted from their tenancies.", "concern"),
        # the headings an assessment weighs, and what practitioners watch for or seek to understand, are not verdicts
        ("Assessments give a holistic understanding of strengths, needs and worries.", "strength"),
        ("Assessments include an evaluative analysis of concerns.", "strength"),
        ("Staff identify when their work is not having an impact and make prompt referrals.", "strength"),
        ("A tool to assess whether children are at risk of exploitation is not yet in place.", "concern"),
        ("Social workers understand children's histories and how these may impact on their needs.", "strength"),
        ("Delays in assessment could impact on children's progress.", "concern"),
        ("Independent reviewing officers, when necessary, challenge drift in plans.", "strength"),
        ("The quality of management oversight and challenge varies significantly.", "concern"),
        # a harm named as what sets a response off is what the service responds to; cases that have it are a concern
        ("Resolution processes are used effectively when drift is identified.", "strength"),
        ("Robust risk assessments are undertaken when concerns are first identified.", "strength"),
        ("Strategy meetings are held promptly when children are identified as being at risk of harm.", "strength"),
        ("The log shows six children where concerns have been raised about drift in proceedings.", "concern"),
        ("Visiting frequency increases when concerns escalate.", "strength"),
        ("Oversight is required when families decline early help.", "concern"),
        ("Social workers do not miss opportunities to visit when children need them.", "strength"),
        # who the children are: those who cannot return home
        ("Those who are unable to return home receive the help that they need.", "strength"),
        ("Adoption is considered for all children who cannot live with their birth families.", "strength"),
        # the speed someone had to be told to act with is a weakness found; what leaders know is left to do, no finding
        ("Oversight has improved, but the council had to act quickly on staff access to IT.", "concern"),
        ("Statutory visits and management oversight still needed to improve.", "action_required"),
        ("Leaders are aware that there is more work to be done to strengthen supervision.", "neutral"),
        ("Leaders know that there is more to do to ensure that all work with families is purposeful.", "neutral"),
        ("While leaders know there is work to do on tracking, practice has remained effective.", "strength"),
        # no children in a harm, and harms not waited for or not found, are strengths
        ("No children were living in unregistered children's homes at the time of the inspection.", "strength"),
        ("Children do not have to wait for help until the assessment is complete.", "strength"),
        ("Inspectors did not identify any children at immediate risk during the visit.", "strength"),
        # who children are, what is explored or minimised, and the worries practitioners help people share
        ("Talking therapies are offered promptly to care leavers struggling with their mental health.", "strength"),
        ("These explore reasons for absence and associated risks.", "strength"),
        ("Adopter profiles are shared early to minimize delay.", "strength"),
        ("Information is used in the scaling of worries and to inform decisions.", "strength"),
        ("Social workers help parents to understand their worries and concerns.", "strength"),
        # when children cannot stay at home is a condition, to the end of that phrase only
        ("Children come into care when they cannot safely remain at home.", "strength"),
        ("Decisions about long-term arrangements when children cannot remain at home take too long.", "concern"),
        ("Pre-proceedings are started promptly when circumstances fail to improve.", "strength"),
        # a harm said to be rare is a strength
        ("The use of unregistered children's homes is extremely rare and a last resort.", "strength"),
        ("Placement breakdowns are rare.", "strength"),
        # a formal step against the council is a concern, and its lifting good news; a thematic note finds nothing
        ("An improvement board was set up under the minister's warning notice.", "concern"),
        ("The serious concerns protocol was lifted after the 2015 inspection.", "strength"),
        ("Police use child abduction warning notices well to protect children.", "strength"),
        ("National thematic inspection of care planning; no authority-specific findings in this source.", "neutral"),
    ],
)
def test_conditions_counts_and_objects_are_read_for_what_they_say(text, polarity):
    assert normalise.finding(text, "Main findings").polarity.value == polarity


@pytest.mark.parametrize(
    "text, polarity",
    [
        # a cue-less clause after a contrast is the other side of what it concedes
        ("Case summaries are inconsistent, but most give the family's history in full.", "strength"),
        ("Although family time is not always reliable, when it goes ahead parents are told in advance.", "strength"),
        ("This keeps children's plans moving, despite gaps in how supervision is written up.", "strength"),
        ("Workers are committed and skilled, but most of their time goes on paperwork.", "concern"),
        (
            "Leaders are visible, and although supervision is regular and reflective, workers say they carry more "
            "children than they can see.",
            "concern",
        ),
        # contrasts that do not turn
        ("Referrals are screened promptly but also checked again the next morning.", "strength"),
        ("Every family except one was seen promptly, all but two within a day.", "strength"),
        ("Staff share a well-embedded habit of working not to but with families.", "strength"),
        ("The gap between these children and their peers has narrowed, but still remains wide.", "concern"),
        ("Some children waited too long while their assessments were written up.", "concern"),
        ("Plans are weak, however, and no one checks that actions are taken.", "concern"),
        ("Caseloads are manageable, but leaders aim to lower them further.", "strength"),
        # what follows a conceded clause's comma may be its own adjunct, not the main clause
        ("Carers are well trained, although some support groups lapsed, as carers told us.", "concern"),
        ("Carers are well trained, although some groups lapsed, such as the one for kinship carers.", "concern"),
        ("Life-story work, although not offered to every child, is thoughtful when it happens.", "strength"),
    ],
)
def test_a_contrast_turns_a_clause_that_has_no_cue_of_its_own(text, polarity):
    assert normalise.finding(text, "Main findings").polarity.value == polarity


@pytest.mark.parametrize(
    "text, polarity",
    [
        ("Work with fathers is under-developed.", "concern"),
        ("The independent visitor scheme is under-used.", "concern"),
        ("Some kinship carers feel unsupported once the assessment ends.", "concern"),
        ("Several families remained unallocated for weeks.", "concern"),
        ("Waits for speech and language therapy are unacceptably long.", "concern"),
        ("Young people are unsure who their personal adviser is.", "concern"),
        ("Capacity issues in the legal team slow applications to court.", "concern"),
        ("There are no unallocated children in the assessment teams.", "strength"),
        ("Young people know where to go if they are unsure of their rights.", "strength"),
        ("Contingency plans for reunification are unrealistic.", "concern"),
        ("Support for young parents is fragmented and confusing to families.", "concern"),
        ("There is an over-reliance on parents' own accounts of change.", "concern"),
        ("Two care leavers live in unsuitable accommodation.", "concern"),
        ("No care leavers were found to be living in unsuitable accommodation.", "strength"),
        ("Managers step in quickly where a placement is deemed unsatisfactory.", "strength"),
        ("Some chronologies are out of date and inaccurate.", "concern"),
        ("Families face lengthy waits for parenting courses.", "concern"),
        ("High caseloads reduce social workers' ability to visit often.", "concern"),
        ("There has been little improvement in the quality of plans.", "concern"),
        ("Family group conferences reduce the number of children entering care.", "strength"),
        ("Visits are driven by crises rather than a thorough plan.", "concern"),
        ("Rather, careful thought is given to each child's wishes.", "strength"),
        ("Young people are supported and challenged to make good progress at college.", "strength"),
        ("The number of care leavers in work is well below the national average.", "neutral"),
        ("Workers persist in trying to reach parents who avoid them.", "strength"),
        ("The charging policy disadvantages care leavers who study away.", "concern"),
        ("Children were not found to be in situations of unassessed or unmanaged risk.", "strength"),
        ("The new panel has yet to show a consistent effect on plans.", "concern"),
        ("The council has yet to review these homes and cannot be sure they are suitable.", "concern"),
        # what a shortfall keeps from happening is not what was found
        ("Workloads are too high for staff to give children consistently good help.", "concern"),
        ("Supervision has not been sufficient to make sure plans are reviewed effectively and on time.", "concern"),
        ("Managers cannot be assured that every child at home is safe and well supported.", "concern"),
        ("Some children wait too long, which means the approach is not yet embedded.", "concern"),
        # "no" within two words of a harm denies it; a harm "no" opens itself stays a concern
        ("There is no waiting list for the family therapy service.", "strength"),
        ("Inspectors found no significant gaps in the front door's checks.", "strength"),
        ("Plans give no consideration to the risk of harm from a new partner.", "concern"),
        ("Some plans have no clear timescales.", "concern"),
        ("Staff are overwhelmingly positive about their managers.", "strength"),
        # "too" before a word is a weakness, unless what may yet come, what describes a child, or a verb
        ("Handovers between teams are too abrupt for some families.", "concern"),
        ("Managers rely too heavily on what parents report.", "concern"),
        ("The new hub is too recent to show its impact.", "neutral"),
        ("It is too soon yet to judge the impact of the new hub.", "neutral"),
        ("Some families are stepped down from help too soon.", "concern"),
        ("When children are too young to speak, workers observe them at home.", "strength"),
        ("Kinship carers, too, receive training.", "strength"),
        # what a service acts on ends where its clause's own verb begins
        ("Action to address the shortfalls has been too slow.", "concern"),
        ("The recommendations identified at the last visit have not been progressed.", "concern"),
        ("The pace of tackling these problems has been rapid.", "strength"),
    ],
)
def test_weaknesses_written_as_one_word_are_concerns(text, polarity):
    assert normalise.finding(text, "Main findings").polarity.value == polarity


def test_a_finding_that_points_back_takes_the_themes_of_the_one_before():
    before = normalise.finding("Children in care live in stable homes close to their families.", "Findings")
    after = normalise.finding("These children are visited often by senior leaders.", "Findings", previous=before)
    cues = {t.theme: t.cue for t in after.themes}
    assert cues["children_in_care_permanence"] == "context:the finding before"
    assert cues["leadership_governance"].startswith("cue:")
    plain = normalise.finding("Senior leaders visit often.", "Findings", previous=before)
    assert "children_in_care_permanence" not in {t.theme for t in plain.themes}
    # under a new heading, "This ..." points into that section, not back across the heading
    across = normalise.finding("This inspection found failings.", "Leadership", previous=before)
    assert "children_in_care_permanence" not in {t.theme for t in across.themes}


@pytest.mark.parametrize(
    "section, text, group",
    [
        ("The experiences and progress of care leavers: good", "Most young people live in suitable homes.", True),
        ("The experiences and progress of children in care: good", "Most young people live in suitable homes.", True),
        ("The experiences and progress of children who need help and protection: good", "Most live at home.", False),
        # the finding names its group itself, so the heading adds none
        ("The experiences and progress of care leavers: good", "Children in care are seen regularly.", False),
    ],
)
def test_a_judgement_heading_names_the_group_a_finding_is_about(section, text, group):
    cues = {t.cue for t in normalise.finding(text, section).themes}
    assert ("context:its section heading" in cues) == group


def test_a_theme_from_context_says_so_in_plain_words():
    from trajectories.labels import words

    assert words._cue("care_leavers=context:its section heading") == "Care leavers, from its section heading"
    assert words._cue("care_leavers=context:the finding before") == "Care leavers, from the finding before"


@pytest.mark.parametrize(
    "text, present, absent",
    [
        ("Leaders consult with children about the services they use.", "voice_of_child", None),
        ("Children waited several months for a service.", "timeliness_statutory_duties", None),
        ("Staff are proud to work for the council.", "workforce_capacity", None),
        ("The annual report analyses complaints.", "quality_assurance_performance", None),
        ("Care leavers get help to find education, employment or training.", "care_leavers", "workforce_capacity"),
        ("Carers receive regular training and support.", "children_in_care_permanence", "workforce_capacity"),
        ("Their assessed needs are met.", None, "practice_quality_assessment_planning"),
        ("Cases assessed at medium risk wait for triage.", None, "practice_quality_assessment_planning"),
        ("Some babies stay in unsafe homes for too long.", "timeliness_statutory_duties", None),
        ("Court applications take too long to reach a hearing.", "timeliness_statutory_duties", None),
        ("A few care plans are too long to be useful to parents.", None, "timeliness_statutory_duties"),
        ("The council has invested in a new edge-of-care team.", "leadership_governance", None),
        ("Children who are exploited get a quick response.", "risk_safeguarding", None),
        ("Officers know which children are electively home educated.", "risk_safeguarding", None),
    ],
)
def test_theme_cues_of_later_random_draws_read_in_their_sense(text, present, absent):
    got = {t.theme for t in normalise.finding(text, "").themes}
    assert (present is None or present in got) and (absent is None or absent not in got), got


def test_what_the_about_page_says_of_the_reading_is_what_the_sets_measure():
    """The About page tells leaders how often the automatic reading agrees with careful readers
    (`evaluation.STATED`); every figure is recomputed here, so a change to the tagger that moves one
    fails until the page says the new figure."""
    stated = evaluation.STATED
    first = evaluation.load_labelled(ROOT / "tests" / "data" / stated["set"])
    second = evaluation.load_labelled(ROOT / "tests" / "data" / stated["set"].replace(".csv", "_second_reader.csv"))
    score = evaluation.score_tagger(first)
    assert score.n == stated["findings"] == len(second)
    assert round(100 * score.polarity_accuracy) == stated["polarity"]
    assert round(100 * score.theme_recall) == stated["themes_found"]
    assert round(100 * score.theme_precision) == stated["themes_right"]
    agree = sum(a["polarity"] == b["polarity"] for a, b in zip(first, second, strict=True)) / len(first)
    both = sum(len(a["themes"] & b["themes"]) for a, b in zip(first, second, strict=True))
    assert round(100 * agree) == stated["readers_polarity"]
    assert round(100 * both / sum(len(a["themes"]) for a in first)) == stated["readers_themes_found"]
    assert round(100 * both / sum(len(b["themes"]) for b in second)) == stated["readers_themes_right"]


def test_theme_macro_f1_averages_every_theme():
    leadership, risk = "leadership_governance", "risk_safeguarding"
    labelled = [{leadership}, {risk}, set()]
    assert evaluation.theme_macro_f1(labelled, labelled) == 1.0
    # risk found once of once and read once wrongly: F1 2/3; leadership missed: 0; the other twelve themes, never
    # labelled nor read, count as right
    read = [set(), {risk}, {risk}]
    assert evaluation.theme_macro_f1(labelled, read) == pytest.approx((12 + 2 / 3) / 14)
