"""Finding text -> themes (multi-label), cohorts and polarity, each with the cue that fired.

Contract (docs/domain-rules.md §4 and §5):
- `THEMES` is the ordered taxonomy: id -> (label, definition).
- `tag_themes(text)` returns one `ThemeTag(theme, cue)` per theme whose cue appears; the cue is
  the matched words, so a reader can see why. Acronyms (IT, IRO, MASH, PLO, PEP, EET, UASC, LADO)
  match case-sensitively.
- `tag_cohorts(text)` does the same for the cohort facet (disabled children, UASC, ...).
- `section_polarity(section)` is the polarity a heading gives every finding under it (strengths,
  concerns, or action required), or None for a heading that names neither or both.
- `polarity(text, section, previous)` returns (Polarity, modality, rule): the section heading
  first (rule "section" for action, "section:strength" / "section:concern"), then modal verbs,
  then the main clause of a contrast ("Although X, Y" is read for Y; "X but remain high", too short
  to stand alone, is read whole), then concern cues against
  strength cues, a negator reaching to the end of its clause; on a tie the cue read last decides.
  A sentence about the inspection or its report that names no theme, or an overall verdict naming no
  area, is neutral (rule "inspection"), and so is what leaders know still needs doing (rule "response").
  A finding about what may yet come ("too early to", "has the potential to") is neutral; one with
  no cue at all is neutral when it states a plan, a fact or the inspection's procedure, and
  otherwise a strength (rule "plain_description": inspectors qualify weaknesses, not good practice).
  A continuation ("This includes ...") inherits `previous`.
Pure functions; `rebuild` re-runs them on stored finding text.
"""

from __future__ import annotations

import functools
import re

from trajectories.domain import Polarity, ThemeTag

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

# theme -> case-insensitive cue regexes; acronyms are listed separately (case-sensitive).
_CUES: dict[str, list[str]] = {
    "leadership_governance": [
        r"leaders?(?:hip)?\b",
        r"senior (?:leaders?|managers?|leadership|management team)",
        r"governance",
        r"chief executive",
        r"elected members?",
        r"\bcouncillors?",
        r"lead members?",
        r"corporate (?:support|leadership|oversight|parenting board|leaders)",
        r"improvement (?:board|plans?)",
        r"director of children",
        r"political",
        r"strategic(?:ally)?",
        r"self-(?:assessment|evaluation)",
        r"scrutiny",
        r"pace of (?:change|improvement)",
        r"practice (?:model|framework)",
        r"commissioner",
        r"resources?(?:d)? (?:to|for)",
        r"\bcorporate\b",
        r"knows? (?:itself|its services)",
        r"track record",
        r"model of practice",
        r"\bcommissioning\b",
        r"\bcommissioners\b",
        r"corporate parenting (?:board|panel|committee)",
        r"\bboard members\b",
        r"\b(?:sufficient|insufficient|the|with) pace\b",
        r"senior officers",
        r"service level agreements?",
        r"(?:a |high |key |top )priority for (?:the )?(?:local authority|council|leaders)",
        r"financial (?:stability|investment|commitment|pressures?|position)",
    ],
    "management_oversight_supervision": [
        r"management oversight",
        r"oversight",
        r"supervision",
        r"(?<!senior )(?<!senior and )(?:team |frontline |practice |service )?managers?\b(?! of)",
        r"reflective",
        r"independent reviewing officers?",
        r"child protection (?:conference )?chairs?",
        r"management (?:decisions?|direction|grip|challenge|support|approval|authorisation|sign-off)",
        r"managerial",
    ],
    "practice_quality_assessment_planning": [
        r"assessments?",
        r"(?<!improvement )(?<!action )(?<!business )(?<!service )\bplans?\b",
        r"\bplanning\b",
        r"chronolog",
        r"\banalys[ie]s\b",
        r"analytical",
        r"over-?optimistic",
        r"professional curiosity",
        r"quality of (?:practice|social work|work|direct work)",
        r"direct work",
        r"contingenc",
        r"decision-?making",
        r"visits? to children",
        r"social work practice",
        r"practice (?:is|was|has|with)",
        r"\bassess(?:ing|ed)?\b",
        r"\bcuriosity\b",
        r"letters? before (?:care )?proceedings",
        r"over-?optimism",
        r"(?:timely|quality of|quality|effective|right|appropriate|key|poor|sound) decisions?\b",
        r"\b(?:visit|visits|visited|visiting) children\b",
        r"\bchildren are (?:seen and )?visited\b",
        r"the quality of (?:this |their |key )?(?:work|documents)",
        r"premature(?:ly)? clos",
        r"\bgenograms?\b",
        r"family histor(?:y|ies)",
        r"\bknows? (?:their |the |these )?children (?:very |really )?well",
    ],
    "recording_case_records": [
        r"\brecord(?:ing|s|ed)?\b",
        r"case (?:notes|files?|records?)",
        r"written (?:records|agreements)",
        r"\bminutes\b",
        r"documentation",
        r"documented",
    ],
    "risk_safeguarding": [
        r"\brisks?\b",
        r"safeguard",
        r"child protection",
        r"strategy (?:meetings?|discussions?)",
        r"section 47",
        r"\bharm\b",
        r"exploitation",
        r"\bmissing\b",
        r"domestic (?:abuse|violence)",
        r"neglect",
        r"front door",
        r"thresholds?",
        r"return home interviews?",
        r"homeless",
        r"allegations?",
        r"designated officers?",
        r"out[- ]of[- ]hours",
        r"\breferrals?\b",
        r"traffic light",
        r"\bcontacts?\b(?! with)",
        r"protect(?:ed|ion|ing)?\b",
        r"\bsafety\b",
        r"\bsafe\b",
        r"emergency duty",
        r"abuse",
        r"duty (?:and assessment )?(?:team|service)",
        r"private(?:ly)? fost",
    ],
    "timeliness_statutory_duties": [
        r"timel(?:y|iness)",
        r"timescales?",
        r"\bdelays?(?:ed)?\b",
        r"\bdrift\b",
        r"statutory (?:visits?|duties|timescales|requirements|guidance)",
        r"swift(?:ly)?",
        r"\bprompt(?:ly)?\b",
        r"in real time",
        r"overdue",
        r"complian(?:ce|t)",
        r"pre-?proceedings",
        r"public law outline",
        r"(?:too )?long (?:time|periods?)",
        r"waiting (?:too )?long",
        r"quickly",
        r"without delay",
    ],
    "workforce_capacity": [
        r"workforce",
        r"caseloads?",
        r"workloads?",
        r"recruit",
        r"retention|retain",
        r"agency (?:staff|workers|social workers)",
        r"turnover",
        r"changes? (?:of|in) (?:social )?workers?",
        r"multiple changes",
        r"vacanc",
        r"staffing",
        r"staff (?:turnover|morale|stability|retention|sickness)",
        r"\btraining\b",
        r"morale",
        r"\bcapacity\b",
        r"stable (?:and permanent )?workforce",
        r"permanent (?:staff|social workers)",
        r"\ballocat(?:ed|ion)\b",
        r"\blocum",
        r"sufficient number of social workers",
        r"\btrained\b",
        r"staff hours",
        r"number of staff",
        r"personnel changes?",
        r"\bagency members?",
        r"changes (?:in|of) (?:management and )?(?:social work )?staff",
        r"professional development",
        r"career progression",
        r"stable (?:and experienced )?team",
        r"(?:feel|feeling|are|report that they are) valued\b",
        r"\b(?:staff|social workers|workers|practitioners) (?:are|feel|speak|spoke|report) (?:very |highly |"
        r"overwhelmingly )?positive(?:ly)?\b",
        r"stability (?:and consistency )?of (?:children's |"
        r"the )?social workers",
        r"supporting over \d+",
        r"(?:absence|shortage|lack) of (?:team )?managers",
        r"(?:staff|social workers|workers|practitioners) (?:are|have been|feel) (?:well )?supported",
        r"(?:staff|social workers|workers|practitioners) (?:\w+ )?enjoy working",
    ],
    "partnership_multiagency": [
        r"\bpartners?\b",
        r"partnerships?",
        r"multi-?agency",
        r"\bpolice\b",
        r"health (?:visitors?|partners|services|colleagues|professionals)",
        r"\bschools?\b",
        r"information[- ]sharing",
        r"sharing of information",
        r"collaborat",
        r"\bnetworks?\b",
        r"judiciary",
        r"safeguarding (?:partnership|board)",
        r"housing",
        r"agencies",
        r"joint (?:working|commissioning)",
        r"adult services",
        r"(?:health|education|police) (?:colleagues|representatives)",
        r"third sector|voluntary (?:sector|organisations)",
        r"midwi(?:fe|ves|fery)",
        r"health and well-?being board",
    ],
    "voice_of_child": [
        r"voices?\b",
        r"(?:child|children|young people|young person)'s (?:voices?|views|wishes|feelings)",
        r"\b(?:their|children's|the child's|young people's) (?:views|wishes)",
        r"views of (?:the )?(?:children|child|young people)",
        r"wishes and feelings",
        r"participation",
        r"advoca(?:cy|tes?)",
        r"lived experiences?",
        r"listen(?:ing|ed|s)? to",
        r"children in care council",
        r"co-?production",
        r"what matters",
        r"\bidentity\b",
        r"\brace\b",
        r"religio",
        r"ethnicity",
        r"cultur(?:e|al)",
        r"life[- ]story",
        r"engage(?:d|ment)? (?:with |of )?(?:children|young people|care leavers)",
        r"seen alone",
        r"diversity",
        r"co-?produc",
        r"in consultation with",
        r"participat",
        r"attend(?:ance at)? their (?:own )?(?:meetings|reviews|conferences)",
        r"shaped by children",
        r"views made a difference",
        r"\bgreater influence\b",
        r"gathering of views",
        r"co-?design",
        r"(?:children|young people) (?:spoken to|who spoke to inspectors|we spoke to)(?: by inspectors)? (?:\w+ )?"
        r"(?:said|told|talked|spoke|described|reported|commented)",
        r"(?:see|seeing|seen) (?:them|children|the child|young people) alone",
        r"(?:child|children|young people|young person)'s (?:perspectives?|contributions?)",
        r"(?:looked after )?children's council|youth council",
        r"involvement in (?:their|his|her) (?:own )?(?:care|plans|planning|assessments|reviews)",
        r"\bmet with (?:children|young people)",
        r"\bmeet with social workers on their own\b",
        r"(?:children|young people)(?: and (?:young people|families|care leavers))? (?:are|were|have been|being) "
        r"(?:\w+ )?(?:involved in|brought into|consulted)",
    ],
    "systems_it_tools": [
        # "system" in its IT sense only: a named, recording, tracking or rating system, not "robust systems in place".
        r"information technology",
        r"case management system",
        r"electronic",
        r"\btechnology\b",
        r"(?:children's|rating|epep|recording|tracking|information|management|it|ict|computer|database|performance|"
        r"online|"
        r"digital|referral|shared|new|liquidlogic|mosaic|eclipse) systems?\b",
        r"systems? (?:for|to) (?:record|track)",
        r"\bdevices?\b",
        r"laptops?",
        r"\btools?\b",
        r"digital",
        r"software",
        r"traffic light",
        r"dashboard",
        r"\btracker\b",
        r"\bonline\b",
        r"\brag ratings?\b",
        r"\bportal\b",
    ],
    "early_help_prevention": [
        r"early[- ]help",
        r"\bprevent(?:ion|ative|ive)\b",
        r"early intervention",
        r"family support",
        r"edge[- ]of[- ]care",
        r"short breaks",
        r"information,? advice and assistance",
        r"targeted (?:help|support)",
        r"universal services",
        r"family hubs?",
        r"(?:help|support)[^.;]{0,60}\bat an early stage",
        r"troubled families|payment by results",
        r"(?:identify\w*|respond\w*) (?:\w+ ){0,6}?(?:families|children)(?: in need)? earlier\b",
    ],
    "children_in_care_permanence": [
        r"children in care",
        r"looked after",
        r"placements?",
        r"sufficiency",
        r"\bfost(?:er|ering)",
        r"residential",
        r"children's homes?",
        r"permanen",
        r"\badopt",
        r"special guardian",
        r"family time",
        r"\bcontact with (?:their )?(?:family|parents|siblings)",
        r"health assessments?",
        r"virtual school",
        r"corporate parent",
        r"unregistered|unregulated",
        r"kinship|connected carers?",
        r"return(?:ing)? home",
        r"legal gateway|legal planning",
        r"\bmatching\b",
        r"regulation 24",
        r"care orders?",
        r"care proceedings",
        r"life[- ]story",
        r"come into care|coming into care|enter care|entering care",
        r"pre-?proceedings",
        r"public law outline",
        r"family finding",
        r"family group confer",
        r"family network",
        r"(?:decisions?|decide) to look after",
        r"removal of children",
        r"\bproceedings\b",
        r"\breunif\w*",
        r"placements? with parents",
        r"placed (?:at home )?with (?:their )?parents",
        r"\bfamily courts?\b",
        r"\bcourts?\b",
        r"\bstable homes?\b",
        r"placement stability",
        r"\bcarers?\b",  # the people children in care live with (see the exclusions)
        r"personal education plans?",
        r"placed (?:out of|outside) (?:the )?(?:borough|area|county|city|authority)",
        r"agency decision[- ]makers?",
        r"later life letters?",
        r"\b(?:educational )?attainment\b",
    ],
    "care_leavers": [
        r"care leavers?",
        r"care[- ]experienced",
        r"personal advis[eo]rs?",
        r"18th birthday",
        r"\btenanc(?:y|ies)\b",
        r"\bentitlements\b",
        r"transitions? (?:in)?to (?:adulthood|independence)",
        r"(?:beyond|after|over|post-?) ?(?:the age of )?18\b",
        r"18 to 2[15]\b",
        r"pathway plans?",
        r"staying put",
        r"leaving care|care[- ]leaving",
        r"local offer",
        r"education,? (?:employment|training),? (?:and|or) (?:training|employment)",
        r"independent living",
        r"houses? (?:in|of) multiple occupation",
        r"post-16",
        r"apprenticeships?",
        r"young adults",
        r"\baccommodation\b",
        r"bed and breakfast",
    ],
    "quality_assurance_performance": [
        r"quality assurance",
        r"\baudit",
        r"moderation",
        r"performance (?:information|data|management|reports?|monitoring)",
        r"\bdata\b",
        r"self-(?:assessment|evaluation)",
        r"learning (?:from|culture|reviews?)",
        r"\bfeedback\b",
        r"practice reviews?",
        r"(?:performance|quality) monitoring",
        r"monitoring of (?:the )?(?:quality|performance)",
        r"scorecard",
        r"quality of (?:the )?support offered",
        r"(?:account|information|assessment|evaluation|understanding|picture|knowledge) (?:about |"
        r"of )the quality of (?:social work )?practice",
        r"management information",
        r"oversight of (?:its |their )?performance",
        r"impact of (?:their|its|"
        r"our) work",
    ],
}
_ACRONYMS: dict[str, list[str]] = {
    "systems_it_tools": [r"\bIT\b"],
    "leadership_governance": [r"\bDCS\b", r"\bJSNA\b"],
    "partnership_multiagency": [r"\bLSCB\b", r"\bCAMHS\b", r"\bH&WB\b", r"\bHWB\b"],
    "management_oversight_supervision": [r"\bIROs?\b"],
    "risk_safeguarding": [r"\bMASH\b", r"\bLADO\b"],
    "timeliness_statutory_duties": [r"\bPLO\b"],
    "children_in_care_permanence": [r"\bPEPs?\b", r"\bSGOs?\b", r"\bPLO\b"],
    "care_leavers": [r"\bEET\b", r"\bPAs\b"],
    "early_help_prevention": [r"\bIAA\b"],
}
# Phrases that look like a cue but are not one (docs/domain-rules.md §4.2).
_EXCLUSIONS: dict[str, list[str]] = {
    "partnership_multiagency": [
        r"court action",
        r"courts?\b",
        r"virtual schools?",
        r"family networks?",
        r"(?:a |ready )?network of (?:\w+ )?support|support networks?|\bto network\b",
        # a care leaver's housing is their accommodation, not a partner
        r"housing options|(?:supported|social|commissioned supported) housing",
    ],
    "systems_it_tools": [r"audit tools?"],  # an audit tool is quality assurance
    # a workplace's culture is not a child's; a strategy meeting is casework
    "voice_of_child": [
        r"(?:learning|organisational|organizational|team|working|positive|supportive|open|practice|performance|"
        r"improvement|audit|compassionate|nurturing|strong|safeguarding) culture",
        r"culture (?:of|in which|where|that)\b",
        r"(?:multi-agency|partner|agency) participation",
        r"views of children's (?:social care|services)",
    ],
    # managers named beside leaders or as one of the staff who do the work are not management oversight
    "management_oversight_supervision": [
        r"senior managers?",
        r"oversight of (?:its |their )?(?:performance|the service|services)",
        r"(?:leaders|leadership team|social workers|workers|staff|practitioners),? (?:and|or) (?:\w+ )?managers",
        r"managers (?:and|or) (?:staff|social workers|practitioners)\b",
    ],
    "recording_case_records": [r"case files? (?:and thematic )?audit\w*"],  # auditing files is quality assurance
    # Strategic partnership arrangements are partnership, not leadership.
    "leadership_governance": [
        r"(?:team|school|health|police|partner|education|practice|community) leaders?",
        r"police and crime commissioner",
        r"strategic (?:and operational )?(?:partnership|"
        r"multi-agency|arrangements)",
        r"(?:operational and|both) strategic",
        r"(?:collaboration|partnership working|joint working|working together) at a strategic level",
    ],
    # timescales a plan or a direction states are about its quality, not about delay
    "timeliness_statutory_duties": [r"(?:include|includes|including|omit|omits|with|clear|no) (?:clear )?timescales"],
    "workforce_capacity": [
        r"education,? (?:employment|training),? (?:and|or) (?:training|"
        r"employment)",  # a care leaver's EET
        r"education,? training and (?:accommodation|housing)",
        r"training (?:and support )?(?:for|to|of) (?:foster |kinship |adoptive )?(?:carers|adopters)",
        # carers, adopters and partners are not the authority's workforce (docs/domain-rules.md §4.2)
        r"recruit\w* (?:of )?(?:new |more |sufficient )?(?:foster carers|adopters|carers)",
        r"(?:foster carer|adopter|carer) recruitment",
        r"(?:service|overall|placement|partners'?|fostering|foster care|adoption|sufficiency) capacity",
        r"capacity of (?:partner|the service|services|placements)",
        r"allocat\w* (?:of )?(?:an? )?(?:personal advis[eo]rs?|pas?|ypas?)\b",
        r"(?:personal advis[eo]r|pa) allocation",
        # a parent's capacity to change, or the market's, is not the workforce's
        r"parental capacity",
        r"capacity to (?:make|sustain|change|parent|protect)",
        r"(?:build|market|placement) capacity",
    ],
    "children_in_care_permanence": [
        # a young carer is a child; parents and carers, or a family's carers, are any family
        r"(?:young|their|family|parents and|parents or) carers?",
        r"return home interviews?",
        r"private(?:ly)? fost\w*",
        r"permanent (?:workforce|staff|social workers|workers|posts?|managers?|"
        r"leadership|team)",
    ],  # a missing child's interview: safeguarding
    "risk_safeguarding": [
        r"at risk of (?:not|being placed|drift)",
        # keeping in touch with a young person is not a contact to the front door
        r"(?:maintain\w*|keep\w*|stay(?:ing)? in|lost|regular|make|making) contact",
        r"contact (?:meets|is maintained)",
        r"child protection (?:conference )?chairs?",
        r"(?:at )?risk of (?:placement )?(?:disruption|breakdown)",
        # a safe home to live in is a care leaver's accommodation, not safeguarding
        r"(?:accommodation|homes?)(?: where they feel| (?:that )?is| (?:that )?are)? safe\b",
        r"safe (?:and suitable |and secure )?(?:accommodation|housing)",
        r"feel safe in their (?:accommodation|homes?|flats?|tenanc\w+)",
        r"protected (?:caseloads?|time|characteristics?)",
    ],
    "practice_quality_assessment_planning": [
        r"improvement plans?",
        r"pathway plans?",
        r"health assessments?",
        r"(?:subject to|on) (?:a )?child protection plans?",
        r"plans? in place to",
        r"business plans?",
        # decisions of managers, the council or the front door are not casework
        r"(?:management|managerial|corporate|strategic|senior) decision-?making",
        r"decision-?making (?:in|at|points in) the (?:mash|front door|"
        r"multi-agency)",
        r"(?:existing|firm|credible|strategic|commissioning|"
        r"workforce development) plans?",
        r"numbers? of child protection plans",
        r"thresholds? for (?:social care )?intervention",
        # plans with a theme of their own (care, care leavers, protection)
        r"(?:personal education|permanence|permanency|pathway) plan(?:s|ning)?",
        r"child protection planning",
        # planning as a verb, an intention or a work plan
        r"\bto plan\b",
        r"\b(?:they|we|leaders|managers) plan\b",
        r"\bwork plans?",
        r"(?:have|has|had) plans to",
        r"(?:have|has|had|are|is) plans? in place for",
        r"(?:one|two|three|four|five|ten|\d+)-year plans?",
        # children's say in decisions is their voice
        r"influenc\w* (?:\w+ )?decision-?making",
        r"plans (?:are )?in development",
        r"plans to (?:introduce|reconfigure|develop|open|expand|recruit|create|establish)",
        # the plans watched over, reviewed or counted, not made
        r"(?:oversight|monitoring|monitor|review|update|progress|progressing|tracking) (?:of )?"
        r"(?:the |their |children's |individual children's )?plans",
        r"(?:subject of|subject to|placed on|on) (?:a |the )?(?:child in need (?:or child protection )?|"
        r"child protection )plans?",
        r"risk-assess\w*",
        r"too early to assess",
        # the council's needs analysis and data work is strategy and performance, not casework
        r"(?:strategic )?needs (?:assessment|analysis)",
        r"(?:data|trend) (?:and )?analysis",
        r"analysis of (?:trends|data|performance)",
        r"(?:referral and )?assessment (?:team|service)s?",
        r"assessed (?:and supported )?year",
        r"assessments? of (?:prospective )?(?:adopters|foster carers|carers)",
        # knowing how good practice is: quality assurance
        r"(?:account|information|assessment|evaluation|understanding|picture|"
        r"knowledge|"
        r"understand\w*|evaluat\w*|monitor\w*|audit\w*) (?:about |"
        r"of )?the quality of (?:social work )?practice",
    ],
}

_COHORTS: dict[str, list[str]] = {
    "disabled_children": [
        r"disabled (?:children|young people)|children with (?:a )?disabilit|"
        r"special educational needs"
    ],
    "young_carers": [r"young carers?"],
    "uasc": [r"unaccompanied|asylum[- ]seeking|\bUASC\b"],
    "homeless_16_17": [
        r"(?:16|17)[- ](?:and|to|or)[- ]17[- ]year[- ]olds?[^.]{0,40}homeless|homeless[^.]{0,30}(?:16|"
        r"17)|aged 16 (?:and|or|to) 17[^.]{0,30}homeless"
    ],
    "privately_fostered": [r"private(?:ly)? fost"],
    "missing_education": [r"missing (?:from )?education|electively home[- ]educated|elective home education"],
    "exploitation": [r"exploitation|exploited|extra-?familial"],
    "unregistered_homes": [r"unregistered|unregulated"],
    "care_leavers_parents": [r"care leavers who are parents|parents who are care leavers"],
}


def _branches(cue: str) -> list[str]:
    """The top-level alternatives of a cue pattern ("kinship|connected carers?" -> two)."""
    out, depth, in_class, start, i = [], 0, False, 0, 0
    while i < len(cue):
        ch = cue[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(cue[start:i])
            start = i + 1
        i += 1
    return [d for b in out + [cue[start:]] for d in _distribute(b)]


def _distribute(branch: str) -> list[str]:
    """A branch that opens with a group of alternatives ("(?:caseloads?|workloads?) remain high")
    as one branch per alternative ("caseloads? remain high", "workloads? remain high"), so each
    starts with a known letter (see `_alternation`). Other branches are returned as they are."""
    lead = ""
    while branch.startswith(r"\b"):
        lead, branch = lead + r"\b", branch[2:]
    if not branch.startswith("(?:"):
        return [lead + branch]
    depth, i = 0, 0
    while i < len(branch):
        ch = branch[i]
        if ch == "\\":
            i += 2
            continue
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            break
        i += 1
    rest = branch[i + 1 :]
    if i >= len(branch) or rest[:1] in ("?", "*", "+", "{") or "[" in branch[:i]:
        return [lead + branch]
    alternatives = _branches(branch[3:i])
    return [lead + alt + rest for alt in alternatives]


def _first_letter(cue: str) -> str | None:
    """The letter every match of `cue` (one alternative, see `_branches`) starts with, when its
    pattern makes that certain."""
    while cue.startswith(r"\b"):
        cue = cue[2:]
    if cue[:1].isalnum() and cue[1:2] not in ("?", "*", "{", "|"):
        return cue[0]
    return None


_LOOKBEHIND = re.compile(r"\(\?<!([a-z' ]+)\)")
_OPTIONAL_WORDS = re.compile(r"\(\?:([a-z' |]+)\)\?")


def _lettered(branch: str) -> list[tuple[str | None, str]]:
    """A branch without a certain first letter (see `_first_letter`) as (letter, what follows the
    letter) pairs that match what it matches, in the order it tries them, when it opens with plain
    negative lookbehinds and an optional group of plain words ("(?<!senior )(?:team |service )?
    managers?"): each lookbehind then ends with the letter. (None, branch) for any other shape."""
    behind = []
    while True:
        if branch.startswith(r"\b"):
            branch = branch[2:]
        elif m := _LOOKBEHIND.match(branch):
            behind.append(m.group(1))
            branch = branch[m.end() :]
        else:
            break
    m = _OPTIONAL_WORDS.match(branch)
    alternatives = [*(w + branch[m.end() :] for w in m.group(1).split("|")), branch[m.end() :]] if m else [branch]
    out: list[tuple[str | None, str]] = []
    for alt in alternatives:
        letter = _first_letter(alt)
        if letter is None:
            return [(None, branch)]
        while alt.startswith(r"\b"):
            alt = alt[2:]
        out.append((letter, "".join(f"(?<!{b}{letter})" for b in behind) + alt[1:]))
    return out


def _alternation(cues: list[str]) -> re.Pattern:
    """One pattern for a list of lower-case cues, anchored at a word start: each cue's alternatives
    are grouped by their first letter, which is matched once for the group (the engine rejects a
    group on one character compare), several times faster than a flat alternation. Match it
    against lower-cased text."""
    groups: dict[str | None, list[str]] = {}
    for branch in (b for cue in cues for b in _branches(cue)):
        letter = _first_letter(branch)
        if letter:
            while branch.startswith(r"\b"):
                branch = branch[2:]
            branch = branch[1:]  # the group matches the letter
        groups.setdefault(letter, []).append(branch)
    lettered = [pair for branch in groups.get(None, ()) for pair in _lettered(branch)]
    if None in groups and None not in (letter for letter, _ in lettered):
        # Branches without a certain first letter are tried at every word boundary and cost as much
        # as all the others: placed in their letters' groups, where they are tried in the same
        # order against the other branches as the group of them was.
        keys = list(groups)
        ahead = keys.index(None)
        for letter, branch in reversed(lettered):
            if letter in groups and keys.index(letter) > ahead:
                groups[letter].insert(0, branch)
        for letter, branch in lettered:
            if letter not in keys or keys.index(letter) < ahead:
                groups.setdefault(letter, []).append(branch)
        del groups[None]
    parts = []
    for letter, members in groups.items():
        body = "|".join(f"(?:{c})" for c in members)
        parts.append(f"{letter}(?:{body})" if letter else f"(?:{body})")
    return re.compile(r"\b(?:" + "|".join(parts) + ")")


def _compile(cues: dict[str, list[str]], flags: int = 0) -> dict[str, re.Pattern]:
    if flags:
        return {k: re.compile("|".join(f"(?:{c})" for c in v), flags) for k, v in cues.items()}
    return {k: _alternation(v) for k, v in cues.items()}


_CUE_RE = _compile(_CUES)
_ACRONYM_RE = {k: re.compile("|".join(v)) for k, v in _ACRONYMS.items()}
# Every acronym is a whole word, so one scan for any of them finds each theme's first one.
_ANY_ACRONYM = re.compile("|".join(c for cues in _ACRONYMS.values() for c in cues))
_EXCLUDE_RE = _compile(_EXCLUSIONS)
# One scan finds every word start where any theme's cue begins; each theme is then tried only
# there (anchored), instead of scanning the text once per theme.
_ANY_CUE = _alternation([c for cues in _CUES.values() for c in cues])
_ANCHORED = {k: re.compile("|".join(f"(?:{c})" for c in v)) for k, v in _CUES.items()}

# For each first letter, the themes that have a cue which may start with it (in taxonomy order).
_BY_LETTER: dict[str, list[tuple[str, re.Pattern]]] = {}
for _letter in "abcdefghijklmnopqrstuvwxyz0123456789'-":
    _BY_LETTER[_letter] = [
        (k, _ANCHORED[k])
        for k, v in _CUES.items()
        if any(_first_letter(b) in (None, _letter) for c in v for b in _branches(c))
    ]
_COHORT_RE = {k: re.compile("|".join(v), re.IGNORECASE if k != "uasc" else 0) for k, v in _COHORTS.items()}
# Every cohort cue contains one of these word stems (lower case); most findings contain none.
_COHORT_STEMS = (
    "disab",
    "carer",
    "unaccompanied",
    "asylum",
    "homeless",
    "privat",
    "missing",
    "educat",
    "exploit",
    "familial",
    "unregistered",
    "unregulated",
    "parents",
)


_WORD_START = re.compile(r"(?<=\s)\S")


# A framework cross-reference after a bullet ("(enabler 2, leaders drive conditions for effective
# practice)") names no theme of the finding.
_FRAMEWORK_REF = re.compile(r"\((?:enabler|outcome)s?\b[^)]*\)", re.IGNORECASE)


def tag_themes(text: str) -> list[ThemeTag]:
    """Every theme whose cue appears in `text`, in taxonomy order, with the words that fired."""
    text = text.replace("’", "'")
    if "(" in text:
        text = _FRAMEWORK_REF.sub(lambda m: " " * len(m.group(0)), text)
    lower = text.lower()
    found: dict[str, str] = {}
    excluded: dict[str, list[tuple[int, int]]] = {}

    def try_at(at: int) -> None:
        for theme, pattern in _BY_LETTER.get(lower[at], _ANCHORED.items()):
            if theme in found:
                continue
            m = pattern.match(lower, at)
            if not m:
                continue
            if theme in _EXCLUDE_RE:
                if theme not in excluded:
                    excluded[theme] = [(x.start(), x.end()) for x in _EXCLUDE_RE[theme].finditer(lower)]
                if any(a <= at < b for a, b in excluded[theme]):
                    continue
            found[theme] = m.group(0)

    for hit in _ANY_CUE.finditer(lower):
        try_at(hit.start())
        # Another theme's cue may begin at a later word inside this match.
        for inner in _WORD_START.finditer(lower, hit.start() + 1, hit.end()):
            try_at(inner.start())
    acronyms = [m.group(0) for m in _ANY_ACRONYM.finditer(text)]
    for theme, pattern in _ACRONYM_RE.items() if acronyms else ():
        if theme not in found and (word := next((a for a in acronyms if pattern.fullmatch(a)), None)):
            found[theme] = word
    return [ThemeTag(theme, f"cue:{found[theme]}") for theme in THEMES if theme in found]


def tag_cohorts(text: str) -> list[ThemeTag]:
    lower = text.lower()
    if "UASC" not in text and not any(stem in lower for stem in _COHORT_STEMS):
        return []
    return [ThemeTag(c, f"cue:{m.group(0).lower()}") for c, rx in _COHORT_RE.items() if (m := rx.search(text))]


# ---- polarity (docs/domain-rules.md §5) ----------------------------------------------------------

# Section headings that decide a finding's polarity before its words do (docs/domain-rules.md §5.1 rule 1), in
# the forms Ofsted, CIW and the Care Inspectorate print them. "Areas of improvement identified" lists
# what got better; "Areas requiring improvement" lists what must: opposites, and both are here.
ACTION_SECTIONS = re.compile(
    r"what needs to (?:improve|happen|change)|what (?:does )?(?:the local authority|the council|the lscb|"
    r"the partnership|it) "
    r"(?:needs?|should)(?: to)? (?:improve|do)|priorit(?:y|ies) (?:areas? )?for (?:improvement|action|development)|"
    r"priority and immediate action|(?:key |priority |main )?areas? for (?:further )?(?:improvement|development|"
    r"priority action|action)|"
    r"areas? (?:requiring|that requires?|which requires?|needing|that needs?|in need of) (?:further |urgent |"
    r"significant )?"
    r"(?:improvement|development|attention|action|strengthening)|points? for (?:improvement|action|development)|"
    r"\brecommendations?\b|\bpriority actions?\b|improvements? (?:needed|required)|(?:must|should) improve",
    re.IGNORECASE,
)
STRENGTH_SECTIONS = re.compile(
    r"\bstrengths?\b(?!-)|areas? of (?:strength|good practice|improvement|progress)(?! (?:needed|required))|"
    r"what(?:'s|’s| is| was| has been) (?:working|going) well|positive (?:feedback|aspects?|findings|features|"
    r"practice)|"
    r"\bgood practice\b|improvements? (?:made|achieved|seen|noted|identified)|\b(?:is|are) (?:good|"
    r"outstanding) because\b",
    re.IGNORECASE,
)
CONCERN_SECTIONS = re.compile(
    r"\bweakness(?:es)?\b|areas? of (?:serious |significant |particular )?concern|"
    r"^\W*(?:key |main |serious |significant |other )?concerns?\b|where (?:we|inspectors) (?:have|had|found|"
    r"identified) "
    r"(?:serious |significant )?concerns|what(?:'s|’s| is| was)(?: not|n't|n’t) working|\bshortcomings\b|"
    r"\brequires? improvement(?: to be good)? because\b|\b(?:is|are) inadequate because\b|"
    r"\bnot (?:yet )?good because\b",
    re.IGNORECASE,
)
_MUST = re.compile(r"\b(?:must|needs? to|is required to|are required to|act rapidly|have to)\b")
_SHOULD = re.compile(r"\b(?:should|recommend(?:s|ed)?|ought to)\b")
# A modal that directs the authority, not one inside a description ("who should not have been",
# "seen when they should be", "information that must be shared").
_DIRECTIVE = re.compile(
    r"\b(?:must|should|needs? to|ought to|(?:is|"
    r"are) required to)\b(?! not have been)(?! have been)"
)
_DESCRIPTIVE_MODAL = re.compile(
    r"\b(?:the|a|an|any) need to\b|\b(?:when|where|if|as|than|who|which|that|whether|why|"
    r"how)\b[^,.;]{0,40}\b(?:must|should|needs? to|ought to|(?:is|are) required to)\b|"
    r"\b(?:they|he|she|children|people|families|parents|carers|who|what|"
    r"support)\s+(?:\w+\s+)?need(?:s)? to\b"
)
_NEEDS_WORK = re.compile(
    r"\b(?:requires?|needs?|need) (?:further )?(?:strengthening|improvement|improving|"
    r"to improve|to be (?:strengthened|improved))\b"
)
# "aspects of practice that do not meet the standards or require further improvement": the need belongs to
# a relative clause that describes, it does not direct.
_RELATIVE_NEED = re.compile(r"\b(?:that|which|who) (?:[\w'-]+ ){1,10}(?:or|and) $")
_DESCRIBES_NEED = re.compile(r"\b(?:that|which|who|what|the|a|an)\s+$")
# An inspector's suggestion is a direction too ("The service would benefit from ...", "could establish even more ...").
_SUGGESTION = re.compile(
    r"\bwould (?:also |further )?benefit from\b|\bcould (?:\w+ ){0,2}(?:establish|strengthen|"
    r"improve|develop|"
    r"enhance|extend|do more|make more|be (?:more|further|better|strengthened|improved|enhanced|"
    r"developed))\b|"
    r"\b(?:more|further) (?:work|development) (?:is|was|will be) (?:needed|required)\b|"
    r"\bthere (?:is|remains) (?:more|further) work to (?:do|be done)\b"
)
_CONTINUATION = re.compile(
    r"^(?:This|These|That|It) (?:includes?|included|means?|will|would|should|must)\b|"
    r"^(?:In particular|Including)\b"
)
_CONTRAST = re.compile(
    r"[,;]?\s*\b(?:however|but|although|though|despite|whilst|while|"
    r"(?<!not )(?<!as )yet(?! to\b))\b,?\s*"
)
# Words each of the patterns above needs (a cheap test before the pattern).
_MUST_WORDS = ("must", "need", "required", "act rapidly", "have to")
_SHOULD_WORDS = ("should", "recommend", "ought")
_CONTRAST_WORDS = ("however", "but", "though", "despite", "whilst", "while", "yet")


@functools.lru_cache(maxsize=4096)
def section_polarity(section: str) -> Polarity | None:
    """The polarity a section heading gives every finding under it, or None when the heading decides
    nothing (a judgement area, "Main findings") or names both sides ("Strengths and areas for
    improvement"). A document has few headings; each is read once."""
    if not section:
        return None
    strength = bool(STRENGTH_SECTIONS.search(section))
    action = bool(ACTION_SECTIONS.search(section))
    concern = bool(CONCERN_SECTIONS.search(section))
    if strength + action + concern != 1:
        return None
    return Polarity.STRENGTH if strength else Polarity.ACTION_REQUIRED if action else Polarity.CONCERN


_CONCERN_CUES = [
    r"not (?:always|yet|consistently|sufficiently|routinely|effective|robust|timely|clear|well|good enough|fully|"
    r"been|in place|being|able|given|updated|reviewed|all)",
    r"too (?:slow|many|long|much|few|late|variable|narrow|often|cursory|focused|reliant|high|low|early|complex)",
    r"insufficient(?:ly)?",
    r"inconsisten(?:t|tly|cy|cies)",
    r"\bpoor(?:ly|er)?\b",
    r"\bweak(?:er|ness(?:es)?)?\b",
    r"\bdelays?(?:ed)?\b",
    r"\bdrift\b",
    r"\black(?:s|ed|ing)?\b",
    r"missed opportunit(?:y|ies)",
    r"\bexception rather than the rule\b",
    r"\bpersist(?:s|ed)?\b",
    r"\bwould have benefit(?:ed|ted)\b",
    # less likely to get something good; "less likely to experience frequent moves" is a strength
    r"\bless likely (?:that (?:\w+ ){1,3}will|to) (?:access|receive|engage|get|achieve|attend|take up|benefit|know|"
    r"use)\b",
    r"\bloophole",
    r"\ba potential risk\b",
    r"deteriorat",
    r"declin",
    r"\bweaken(?:s|ed|ing)?\b",
    r"\bworsen(?:s|ed|ing)?\b",
    r"\bvariab(?:le|ility)\b",
    r"over-?optimistic",
    r"\bgaps?\b",
    r"\bfail",
    r"widespread",
    r"ineffective",
    r"\blimited\b",
    r"\bdoes not\b",
    r"\bdo not\b",
    r"\bdid not\b",
    r"\bhas not\b",
    r"\bhave not\b",
    r"\bhad not\b",
    r"\bis not\b",
    r"\bare not\b",
    r"\bwas not\b",
    r"\bwere not\b",
    r"\bcannot\b",
    r"unclear",
    r"\bunable\b",
    r"\bonly\b(?! (?:when|where|after|once))",
    r"\bconcern(?:s|ed|ing)?\b",
    r"\brisk of (?:harm|significant harm)",
    r"\bunsafe\b",
    r"\bneither\b",
    r"\bnor\b",
    r"overdue",
    r"\bstruggl",
    r"shortfall",
    r"\bvacanc",
    r"\bnot\b",
    r"high (?:caseloads|turnover|numbers of agency|levels of)",
    r"\binadequa",
    r"\bserious\b",
    r"\bnever\b",
    r"\bfew\b",
    r"\bdifficult(?:y|ies)?\b",
    r"\blate\b",
    r"\bunnecessar",
    r"\bbarriers?\b",
    r"\babsence\b",
    r"\btendency\b",
    r"\boverly\b",
    r"\bdip\b",
    r"\bcursory\b",
    r"\bunlikely\b",
    r"\bjargon\b",
    r"\bdeficien",
    r"\bslow(?:ly|er)?\b",
    r"\bshortage",
    r"\breduction in\b",
    r"\bfragile\b",
    r"\bunderdeveloped\b",
    r"\bnot yet\b",
    r"\bremains? (?:a )?(?:challenge|concern|an area)",
    r"\bworr",
    r"\bmixed\b",
    r"\bpatchy\b",
    r"\bpremature(?:ly)?\b",
    r"\bunmet\b",
    r"\bunaware\b",
    r"\bno (?:evidence|clear|plan|record|consistent|formal|systematic|effective)\b",
    r"\bhigh (?:number|proportion|rate)s? of (?:re-?referrals|placement moves|changes)",
    r"\badverse(?:ly)?\b",
    r"\bshort of\b",
    r"\b(?:caseloads?|workloads?|turnover|vacanc(?:y|ies)(?: rates?)?|sickness|demand|re-?referrals?|agency (?:staff|"
    r"workers|use))"
    r"(?: \w+){0,4}? (?:remains?|remained|are|is|were|was|continues? to be|continued to be|have been|has been|stays?) "
    r"(?:too |very |relatively |still |stubbornly |particularly )?(?:high|higher|rising|increasing|unmanageable)\b",
    r"\boutside (?:of )?(?:the )?(?:statutory )?timescales?\b",
    r"\bwithout (?:sufficient|adequate|proper|a clear|clear|any)\b",
    r"\bfragil",
    r"\bstart again\b",
    r"\b(?:has|have|had|is|are|was|were) yet to\b",
    r"\bundermin\w*",
    r"\bstill (?:awaiting|waiting)\b",
    r"\b(?:little|limited|insufficient|no) progress\b",
    r"\b(?:seldom|rarely)\b",
    r"\bwithout (?:having been|being) (?:\w+ )?(?:seen|assessed|risk-assessed|visited|reviewed)\b",
    r"\breduc(?:es|ed|ing) (?:the )?(?:quality|effectiveness|impact|capacity|ability)\b",
    r"\bfalls? short\b",
    r"\bmore to do\b",
    r"\bundeveloped\b",
    r"\bchurn\b",
    r"\binhibit",
    r"\bhamper",
    r"\bimped(?:e|es|ed|ing)\b",
    r"\bwait(?:s|ed|ing)? (?:up to|too long|for long|months|weeks)",
    r"\bvar(?:y|ies)\b",
    r"\bwithout (?:any )?(?:management )?oversight\b",
    r"\bpressur",
    r"\bnegative(?:ly)?\b",
    r"\bfrequent changes\b",
    r"\boverly\b",
    r"\blimited impact\b",
    r"\bnot always\b",
    r"\ban area (?:for|of|requiring|needing|that requires) (?:further )?(?:development|improvement)\b",
    r"\btoo (?:generic|vague|broad|general|descriptive|lengthy|reactive|process-driven|adult-focused)\b",
    r"\bvague(?:ly)?\b",
    r"\b(?:several|many|multiple|numerous|repeated) changes (?:of|in)\b",
    r"\b(?:is|are|remains?|remained) (?:a )?(?:significant |key |continuing |ongoing |"
    r"particular )?challeng(?:e|es|ing)\b",
    r"\blittle (?:evidence|impact|understanding|direct work|consideration|focus|sense|attention|time)\b",
]
_STRENGTH_CUES = [
    r"\beffective(?:ly)?\b",
    r"\bstrong(?:er|ly)?\b",
    r"\b(?:has|have|had|is|are|significantly|considerably) improv(?:ed|ing)\b",
    r"\bimproved (?!the|its|their)\w+",
    r"\bgood\b",
    r"\bwell\b(?! short| as\b)",
    r"\brightly\b",
    r"\bapproachable\b",
    r"\baccessible\b",
    r"\btimely\b",
    r"\brobust(?:ly)?\b",
    r"\bpositive(?:ly)?\b",
    r"(?<!would have )\bbenefit",
    r"\buseful\b",
    r"appropriate(?:ly)?",
    r"easy to (?:follow|identify)",
    r"\beasy access\b",
    r"commendable",
    r"thorough(?:ly)?",
    r"\bclear(?:ly)?\b",
    r"\bintroduced\b",
    r"understand(?:s)? the",
    r"\bhigh[- ]quality\b",
    r"\bhigh standard\b",
    r"\bsensitive(?:ly)?\b",
    r"\broutine(?:ly)?\b",
    r"\bseen alone\b",
    r"\bfully engaged\b",
    r"\boptimistic\b",
    r"\bmorale is (?:high|good)\b",
    r"\bquickly\b",
    r"\benjoy",
    r"\brelentless",
    r"\bsystematic(?:ally)?\b",
    r"\bcareful(?:ly)?\b",
    r"\bclarity\b",
    r"\bput in place\b",
    r"\bfootprint is (?:evident|seen|clear|visible)",
    r"\bskil(?:led|ful(?:ly)?)\b",
    r"\bcomprehensive\b",
    r"\bsupportive\b",
    r"\bproactive(?:ly)?\b",
    r"\bconsistent(?:ly)?\b",
    r"\bprompt(?:ly)?\b",
    r"\bswift(?:ly)?\b",
    r"\bmeaningful\b",
    r"\bvalued?\b",
    r"\bbetter\b",
    r"\bthoughtful(?:ly)?\b",
    r"\bcreative(?:ly)?\b",
    r"\bsuccessful(?:ly)?\b",
    r"\bhelpful\b",
    r"\bsafe(?:ly)?\b",
    r"\bstable\b",
    r"\bstrength(?:s|ened|ening)?\b",
    r"\bwell-\w+",
    r"\bexcellent\b",
    r"\bimpressive\b",
    r"\bgreater\b",
    r"\bcommitted\b",
    r"\bprioritis",
    r"\bresponsive\b",
    r"\bknowledgeable\b",
    r"\bconfident(?:ly)?\b",
    r"\bencourag",
    r"\bforged\b",
    r"\bempower",
    r"\bsuccess\b",
    r"\bgrip\b",
    r"\baccurate(?:ly)?\b",
    r"\bsustained\b",
    r"\breflective\b",
    r"\bregular(?:ly)?\b",
    r"\bmanageable\b",
    r"\binfluenc(?:e|es|ed|ing)\b",
    r"\bco-?produc",
    r"\bin consultation\b",
    r"\binformed\b",
    r"\baware\b",
    r"\bdynamic\b",
    r"\btenaci",
    r"\bpurposeful(?:ly)?\b",
    r"\bdetailed\b",
    r"\bcarefully\b",
    r"\bpersistent(?:ly)?\b",
    r"\bcreativ",
    r"\bcelebrat",
    r"\bcomprehensiv",
    r"\bcompassion",
    r"\bwarm\b",
    r"\bchild-centred\b",
    r"\bresilien",
    r"\bembedded\b",
    r"\bjust\b(?= as)",
    r"\bsupport(?:s|ed)? (?:them|children|families|young people)\b",
    r"\b(?:good|strong|significant|considerable|steady|sustained) progress\b",
    r"\breduc(?:ed|es|ing) (?:risk|the risk|harm)",
    r"\bwithout delay\b",
    r"\bhas reduced\b",
    r"\bcontinu(?:e|es|ed|ing) to (?:improve|develop|strengthen|progress)\b",
    r"\b(?:caseloads?|workloads?|turnover|vacanc(?:y|ies)(?: rates?)?|sickness|re-?referral(?:s| rates?)?|drift|"
    r"delays?)"
    r"(?: \w+){0,3}? (?:remains?|remained|are|is|were|was|have been|has been|stays?) (?:now |very |relatively |"
    r"consistently )?"
    r"(?:low|lower|manageable|reducing|reduced|falling|minimal)\b",
    r"\bhas increased\b(?= (?:and|$))",
]
_CONCERN_RE = _alternation(_CONCERN_CUES)
_STRENGTH_RE = _alternation(_STRENGTH_CUES)
# Words that turn the strength cue after them (within four words) into a concern.
_NEGATORS = frozenset(
    "not no never neither nor without lack lacks lacked lacking absence insufficient insufficiently "
    "barely rarely seldom little less inconsistent limited".split()
)
# Words that make the strength word right after them a fault ("overly positive", "too detailed").
_EXCESS = ("overly", "too", "over")
# Negators whose reach is the rest of their clause ("not all children receive an appropriate and
# timely response", "it is not always up to date or sufficiently comprehensive").
_CLAUSE_NEGATORS = frozenset(
    "not never neither nor without lack lacks lacked lacking absence insufficient insufficiently unclear little".split()
)
# Where a negator's reach ends: punctuation, a contrast, a relative clause, or "and" starting a new subject.
_SCOPE_BREAK = re.compile(
    r",(?!\s*n?or\b)|[;:()]|\b(?:but|although|though|whilst|while|which|whose|because|so|"
    r"as a result)\b|"
    r"\band (?=(?:the|their|this|these|they|it|there|most|many|some|leaders|managers|"
    r"children)\b)"
)
# A negator inside a subordinate clause ("children who do not attend … are supported well") stops at
# that clause's end, marked by the next finite verb.
_SUBORDINATE = frozenset("who where when if whether unless".split())
_FINITE = frozenset("is are was were has have had can will would".split())
_WORD = re.compile(r"[a-z']+")


def _negated(before: str) -> bool:
    words = _WORD.findall(before[-48:])[-4:]
    if any(w in _NEGATORS for w in words) and not (words and words[-1] == "only"):
        return "only" not in words or words.index("only") < max(i for i, w in enumerate(words) if w in _NEGATORS)
    words = _WORD.findall(_SCOPE_BREAK.split(before[-120:])[-1])[-14:]
    for i in range(len(words) - 1, -1, -1):
        if words[i] in _CLAUSE_NEGATORS:
            if words[i + 1 : i + 2] == ["only"]:
                return False
            subordinate = any(w in _SUBORDINATE for w in words[:i])
            return not (subordinate and any(w in _FINITE for w in words[i + 2 :]))
    return False


# Trap handling (docs/domain-rules.md §5.2).
_NOUN_CONCERNS = re.compile(
    r"\b(?:escalat\w*|rais\w*|identif\w*|respond\w* to|shar\w*|report\w*|resolv\w*|"
    r"address\w*) (?:these |their |any |the )?concerns?\b|\b(?:emerging|initial|"
    r"new) concern\b|\b(?:safeguarding|child protection|welfare|protection|these|their|any|"
    r"parental|such|professional|initial|emerging|escalating|the)\s+concerns\b|"
    r"\bconcerns (?:about|regarding) (?:a|the|their|children)|\bmay be concerned\b"
)
# A condition ("when X, ..."); "where" only opening a clause, as after a noun it describes the noun
# ("situations where the risks remained unassessed").
_WHEN_CLAUSE = re.compile(r"\b(?:when|if|unless|whether)\b[^,]*,|(?:^|[,;]\s*)where\b[^,]*,")
# The object of a governing verb: up to eight words, not past a clause break or a conjunction.
_OBJECT = (
    r"(?:\s+(?!(?:but|which|while|whilst|although|though|yet)\b|and (?:the|their|this|these|they|it|there|"
    r"most|many|"
    r"some|not|no|leaders|managers|children)\b)[^\s,.;]+){0,8}"
)
_PREVENTS = re.compile(
    r"\b(?:prevent(?:s|ed|ing)?|focus(?:es|ed|ing)? (?:their |its )?attention on|stop(?:s|ped|"
    r"ping)? (?:it|them|this|these|issues|problems)|reduc(?:es|ed|ing)(?! (?:the )?(?:quality|"
    r"effectiveness|impact|capacity|ability))(?=\s+\w)(?!\s+(?:but|and|yet|though|although)\b)|"
    r"avoid(?:s|ed|ing)?|protect(?:s|ed)? \w+ from|"
    r"minimis\w*|compensat\w* for|deal(?:s|t|ing)? with|"
    r"address(?:es|ed|ing)?|tackl(?:es|ed|ing)|challeng(?:es|ed|ing)|escalat(?:es|ed|"
    r"ing)|identif(?:y|ies|ied)|recognis(?:e|es|ed)|respond(?:s|ed)? (?:to|"
    r"well to))\b(?! that\b)" + _OBJECT
)
_NOT_NEEDED = re.compile(
    r"\b(?:has|have|had) not (?:\w+ )?(?:deteriorated|declined|weakened|worsened)\b|"
    r"\bno (?:\w+ )?(?:deterioration|decline|weakening)\b|"
    r"\bno (?:longer )?(?:need|gaps?)\b|\bnot (?:\w+ ){0,3}at risk\b|\bwithout (?:delay|"
    r"drift)\b|\bnot (?:subjected|exposed) to (?:unnecessar\w*|multiple|repeat\w*)|"
    r"\bnot unnecessar\w*|"
    r"\bno (?:evidence of )?(?:significant |unnecessary )?(?:drift|delay)s?(?: (?:and|"
    r"or) (?:drift|delay)s?)?\b|\bfew \w+(?: \w+)? (?:break down|disrupt)|\bno (?:child|"
    r"children) (?:were|was) (?:found )?(?:at (?:immediate )?risk|unsafe)"
)


# What leaders know of a weakness and plan to do about it reports neither a strength nor a concern
# ("Leaders are aware of these gaps and have credible plans to address them"): its words are not cues.
_RESPONSE = re.compile(
    r"\b(?:(?:are|is|were|was|been|fully|already|well) aware of|acknowledg(?:e|es|ed|ing)|"
    r"(?:credible |clear |firm |detailed |robust )?plans? (?:(?:are |"
    r"is )?(?:already )?(?:in place |underway |in train )?)"
    r"(?:to|for) (?:address|improve|tackle|increase|develop|strengthen|make|achieve|reduce|"
    r"respond|open|further|"
    r"build|extend|improving|addressing|developing|strengthening|increasing|support|changes?|improvements?)|"
    r"(?:recognis|acknowledg)\w* (?:this|these)(?= and\b|,|\.|$)|(?:has|have|had) already been identified|"
    r"(?:recognis|identif|acknowledg)\w* the need (?:to|for)|"
    r"(?:recognis|identifi|acknowledg)\w* (?:this|these|those|the|such|its|their|some|"
    r"any) (?:\w+ )?(?:gaps?|weakness\w*|"
    r"issues?|shortfalls?|deficits?|areas?(?: for (?:improvement|development))?|challenges?|"
    r"inconsisten\w*|"
    r"shortcomings|deficiencies))\b" + _OBJECT
)
_RESPONSE_WORDS = ("aware", "plan", "acknowledg", "recognis", "identifi")
# What an inspection or its report found is a finding, not something the authority acts on
# ("The report identifies some concerns in relation to ...").
_REPORTED_CONCERN = re.compile(
    r"\b(?:report|inspection|inspectors?|review|check|visit|we|ciw|it|they) (?:also )?(?:identif\w*|found|noted|raised|"
    r"highlight\w*) (?:some |serious |significant |several |important |a number of )?"
    r"(?:concerns?|weakness\w*|shortfalls?)\b"
)

# Words one of which every match of _PREVENTS, and of _PROSPECT, contains: a pattern is run only when one
# is present. A change to either pattern must keep its list true (tests/test_tagger.py checks it).
_PREVENTS_WORDS = (
    "prevent",
    "focus",
    "stop",
    "reduc",
    "avoid",
    "protect",
    "minimis",
    "address",
    "tackl",
    "challeng",
    "escalat",
    "identif",
    "recognis",
    "respond",
    "compensat",
    "deal",
)
_PROSPECT_WORDS = (
    "priority",
    "currently being",
    "taken steps to",
    "in development",
    "too early to",
    "too recent to",
    "possible to",
    "aspir",
    "committed to",
    "potential to",
)


def _score(clause: str) -> tuple[int, int, Polarity | None]:
    """(concern weight, strength weight, the side of the cue read last) for one clause."""
    work = clause.lower()
    # Each rewrite runs only when its trigger word is present (most clauses have none).
    if "concern" in work or "weakness" in work or "shortfall" in work:
        work = _REPORTED_CONCERN.sub(" weakness ", work)
    if "concern" in work:
        work = _NOUN_CONCERNS.sub(" ", work)
    if "," in work:
        work = _WHEN_CLAUSE.sub(" ", work)
    responds = any(w in work for w in _RESPONSE_WORDS) and bool(_RESPONSE.search(work))
    if responds:
        work = _RESPONSE.sub(" acts on ", work)
    if any(w in work for w in _PREVENTS_WORDS):
        work = _PREVENTS.sub(" acts on ", work)
    positives = 0
    if "no " in work or "not " in work or "without" in work or "few " in work:
        positives = len(_NOT_NEEDED.findall(work))
        work = _NOT_NEEDED.sub(" ", work)
    strengths = concerns = 0
    last_s = last_c = -1
    for m in _STRENGTH_RE.finditer(work):
        # A negated strength ("not effective", "lack of timely") is a concern.
        if _negated(work[: m.start()]) or work[: m.start()].rstrip().endswith(_EXCESS):
            concerns += 1
            last_c = max(last_c, m.end())
        else:
            strengths += 1
            last_s = m.end()
    for m in _CONCERN_RE.finditer(work):
        concerns += 1
        last_c = max(last_c, m.end())
    if last_c < 0 and last_s < 0 and not responds and _STRENGTH_RE.search(clause.lower()):
        # A strength word inside what a governing verb took ("responded to swiftly") still counts;
        # a concern word there is what the verb acts on ("to address this delay"), so it does not.
        last_s = 0
    last = None if last_c < 0 and last_s < 0 else Polarity.CONCERN if last_c > last_s else Polarity.STRENGTH
    return concerns, strengths + positives, last


# What makes a finding with no cue a plan, an intention, a bare fact or the inspection's own
# procedure, not a description of practice (those stay neutral).
_NEUTRAL_MARKERS = re.compile(
    r"\bplans? (?:commencing|to|for)\b|\bplanned\b|\bproposals?\b|\bproposed\b|\b(?:will|would|intends?|aims?) to\b|"
    r"\bbeginning to\b|\b(?:is|are) (?:evolving|developing|being developed|being introduced)\b|\bin the process of\b|"
    r"\bexploring\b|\btaking steps\b|\brestructured\b|\b(?:review|audit) (?:has been|was|"
    r"were) (?:recently )?(?:completed|undertaken|carried out)\b|"
    r"\b(?:was|were) recently undertaken\b|\bpotential to\b|\btoo early\b|\bpriority (?:for|of)\b|\bto (?:improve|"
    r"increase|address)\b|"
    r"\b(?:ongoing|continuing) (?:discussions|conversations|work)\b|\bin line with\b|\bnational average\b|"
    r"\bstatistical neighbours\b|\bsmall numbers? of\b|\b(?:increase|rise|fall|decrease|"
    r"change)s? in (?:the )?numbers? of\b|"
    r"\bby (?:the end of |the spring of |the summer of |the autumn of |the winter of )?(?:\w+ )?(?:19|20)\d\d\b|"
    r"\bmade a commitment\b|\baverages? of \d|\b(?:is|are) being taken to\b|"
    r"\bnumbers? of\b[^.;]{0,60}\b(?:remains?|is|are) (?:very |relatively )?(?:low|high|small|stable)\b|"
    r"\b(?:inspectors?|we) (?:looked|reviewed|met|spoke|visited|inspected|considered|evaluated|sampled|examined|"
    r"tracked|focused)\b|"
    r"\btook place\b|\bthis (?:letter|visit|inspection|report) (?:looked|focused|considered|reviewed|evaluated|was|"
    r"took)\b|"
    r"\bwill be \w+(?:ed|en)\b|\bcommissioned (?:through|by|from)\b|\bpriority areas\b|\bwork ?streams?\b|"
    r"\bnumbers? of\b[^.;]{0,40}\b(?:has|have) (?:risen|fallen|increased|decreased|grown|doubled|halved)\b",
)
# A sentence about the inspection or its report that names no area of practice (no theme cue) is its
# procedure or an overall verdict ("They investigated services in ...", "The joint inspection found many
# strengths ... and made recommendations"): neutral.
_INSPECTION_TALK = re.compile(
    r"^(?:in (?:its|their|the) report,? |together,? )?(?:(?:the|this|an|our|their|its|a) )?(?:[\w-]+ ){0,3}?"
    r"(?:inspection|inspectors|inspectorate|report|improvement check)\b(?!,)|"
    r"^(?:they|we|inspectors) (?:investigated|inspected|looked at|visited)\b|"
    r"\b(?:made|make|making) recommendations\b"
)
# An overall verdict that names no area ("inspectors identified key strengths across the Partnership").
_VERDICT = re.compile(
    r"\b(?:inspectors|inspection|inspectorate|report|we|they) (?:also )?(?:found|identified|noted|highlighted) "
    r"(?:\w+ ){0,2}"
    r"(?:strengths|weaknesses|areas for (?:improvement|development))(?: (?:across|in|within|of) (?:the |all (?:the )?)?"
    r"(?:partnership|services?|council|local authority|authority|area))?\W*$"
)
# A finding about what may yet come ("too early to assess the impact", "has the potential to") judges nothing.
_PROSPECT = re.compile(
    r"\bremains? a (?:high |key |top )?priority\b|\b(?:is|are) currently being (?:reviewed|"
    r"developed|refreshed|updated)\b|"
    r"\b(?:have|has) (?:recently )?taken steps to\b|\b(?:are|is) in development\b|"
    r"\btoo early to\b|\btoo recent to\b|\bnot (?:yet )?possible to (?:evaluate|assess|judge|measure)\b|"
    r"\baspir(?:e|es|ing) to\b|\b(?:is|are|remains?) committed to (?:further )?(?:improv|develop|strengthen)\w*|"
    r"\b(?:has|have|had) the potential to\b(?! (?:undermine|harm|leave|put|"
    r"weaken|compromise|reduce))"
)
# Leaders knowing what still needs doing ("They recognise that corporate parenting arrangements need to be
# strengthened", "They acknowledge that further improvements are needed") state no direction and no finding.
_KNOWS_NEED = re.compile(
    r"^(?:[\w'-]+ ){1,4}?(?:also |have |has |are |is |fully |already |rightly )*(?:recognis\w*|acknowledg\w*|know|"
    r"understand|(?:are|is) aware) (?:that )?[^,.;]{0,80}?\b(?:needs? to be (?:strengthened|improved|developed)|"
    r"(?:further )?(?:improvements?|work|development) (?:is|are) (?:still )?(?:needed|required))"
)
_SUBORDINATOR = re.compile(r"\b(?:although|though|while|whilst|despite)\b")
_LEADING_CLAUSE = re.compile(r"^\s*(?:although|even though|though|while|whilst|despite|notwithstanding)\b[^,]*,\s*")


# long: not yet split into named steps (issue 21)
def polarity(  # noqa: C901
    text: str, section: str = "", previous: tuple[Polarity, str | None] | None = None
) -> tuple[Polarity, str | None, str]:
    """(polarity, modality, rule) for one finding; see the module contract for the precedence."""
    lower = text.lower()
    # Plain substring checks first: most findings hold no modal and no contrast word.
    modality = (
        "must"
        if any(w in lower for w in _MUST_WORDS) and _MUST.search(lower)
        else "should"
        if any(w in lower for w in _SHOULD_WORDS) and _SHOULD.search(lower)
        else None
    )
    by_section = section_polarity(section) if section else None
    if by_section == Polarity.ACTION_REQUIRED:
        return Polarity.ACTION_REQUIRED, modality, "section"
    if by_section is not None:
        return by_section, None, f"section:{by_section.value}"
    if previous is not None and _CONTINUATION.match(text.strip()) and previous[0] == Polarity.ACTION_REQUIRED:
        return previous[0], previous[1], "continuation"
    if ("need" in lower or "require" in lower) and _KNOWS_NEED.search(lower):
        return Polarity.NEUTRAL, None, "response"
    if modality or "need" in lower or "require" in lower:
        descriptive = {m.end() for m in _DESCRIPTIVE_MODAL.finditer(lower)}
        if any(m.end() not in descriptive for m in _DIRECTIVE.finditer(lower)):
            return Polarity.ACTION_REQUIRED, modality, "modal"
        # "plans that require improvement were ..." and "the need to improve" describe, they do not direct
        if any(
            not _DESCRIBES_NEED.search(lower[max(0, m.start() - 24) : m.start()])
            and not _RELATIVE_NEED.search(re.split(r"[,;]", lower[: m.start()])[-1])
            for m in _NEEDS_WORK.finditer(lower)
        ):
            return Polarity.ACTION_REQUIRED, None, "modal:needs_work"
    # "Although X, Y": Y is the main clause.
    lead = _LEADING_CLAUSE.match(lower)
    rest = lower[lead.end() :] if lead and len(lower[lead.end() :].split()) >= 3 else lower
    if any(w in rest for w in ("benefit from", "could", "work", "development")) and _SUGGESTION.search(rest):
        return Polarity.ACTION_REQUIRED, None, "suggestion"
    if _VERDICT.search(lower) or (_INSPECTION_TALK.search(lower) and not tag_themes(text)):
        return Polarity.NEUTRAL, None, "inspection"
    parts = _CONTRAST.split(rest) if any(w in rest for w in _CONTRAST_WORDS) else [rest]
    # A last clause too short to stand alone ("..., but remain high") leans on the whole sentence.
    main = parts[-1] if len(parts[-1].split()) >= 3 else rest
    # "..., and although X, Y": the last split came at a subordinator, so Y (after the comma) is the main clause.
    last_split = list(_CONTRAST.finditer(rest))[-1:] if len(parts) > 1 else []
    if last_split and _SUBORDINATOR.search(last_split[0].group(0)) and "," in main:
        tail = main.split(",", 1)[1]
        main = tail if len(tail.split()) >= 3 else main
    if any(w in main for w in _PROSPECT_WORDS) and _PROSPECT.search(main):
        return Polarity.NEUTRAL, None, "prospect"
    concerns, strengths, last = _score(main)
    rule = "cues:main_clause" if main is not lower else "cues"
    if concerns == strengths and main is not lower:
        concerns, strengths, last = _score(lower)
        rule = "cues"
    if concerns > strengths:
        return Polarity.CONCERN, None, rule
    if strengths > concerns:
        return Polarity.STRENGTH, None, rule
    if last is not None:
        return last, None, "cues:last"
    if _NEUTRAL_MARKERS.search(lower):
        return Polarity.NEUTRAL, None, "no_cue"
    # what leaders know and do about a weakness, with no word of good practice beside it
    if any(w in lower for w in _RESPONSE_WORDS) and _RESPONSE.search(lower) and not _STRENGTH_RE.search(lower):
        return Polarity.NEUTRAL, None, "response"
    # Inspectors state good practice plainly ("Children are visited according to their plans");
    # weaknesses they qualify. A finding with no cue either way, and no plan, fact or procedure
    # words, describes what works.
    return Polarity.STRENGTH, None, "plain_description"
