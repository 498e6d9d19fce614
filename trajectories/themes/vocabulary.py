"""The theme taxonomy: `THEMES` maps each theme id, in its fixed order, to (label, definition).
Every page, export and evaluation names themes from here (docs/domain-rules.md §4)."""

THEMES: dict[str, tuple[str, str]] = {
    "leadership_governance": (
        "Leadership and governance",
        "Senior leaders', members' and corporate grip, improvement planning, self-knowledge, pace of change",
    ),
    "management_oversight_supervision": (
        "Management oversight and supervision",
        "Frontline managers' and IROs' oversight, supervision, challenge and recorded decisions",
    ),
    "practice_quality_assessment_planning": (
        "Practice: assessment and planning",
        "Assessments, plans, chronologies, analysis, professional curiosity, direct work, decision-making",
    ),
    "recording_case_records": (
        "Recording and case records",
        "Quality, completeness and timeliness of recording; case notes and files",
    ),
    "risk_safeguarding": (
        "Risk and safeguarding",
        "Front door, thresholds, strategy meetings, section 47, child protection, exploitation, missing, domestic "
        "abuse, neglect",
    ),
    "timeliness_statutory_duties": (
        "Timeliness and statutory duties",
        "Delay, drift, statutory visits and timescales, pre-proceedings timeliness",
    ),
    "workforce_capacity": (
        "Workforce and caseloads",
        "Recruitment, retention, agency staff, turnover, caseloads, training, morale, capacity",
    ),
    "partnership_multiagency": (
        "Partnership and multi-agency working",
        "Police, health, education, safeguarding partnerships, information sharing",
    ),
    "voice_of_child": (
        "Voice of the child",
        "Children's views, wishes and feelings, participation, advocacy, identity",
    ),
    "systems_it_tools": (
        "IT systems and practice tools",
        "Case management systems, devices, performance and practice tools",
    ),
    "early_help_prevention": (
        "Early help and prevention",
        "Early help offer, family support, edge of care, short breaks, IAA",
    ),
    "children_in_care_permanence": (
        "Children in care and permanence",
        "Placements, sufficiency, stability, fostering, adoption, SGO, kinship, PEPs, family time",
    ),
    "care_leavers": ("Care leavers", "Personal advisers, pathway plans, accommodation, staying put, EET, local offer"),
    "quality_assurance_performance": (
        "Quality assurance and performance",
        "Audit, moderation, performance information, learning from reviews",
    ),
}
