"""Care Inspectorate Wales pages and letters about a council's social services, read by what they are.

Reads what `ciw_letter` does not: CIW's news and report pages, letters that do not name CIW in their
first lines, Welsh Government statements and council papers or press releases that report a CIW
(or, before 2018, CSSIW) visit. A text is CIW's when it names the inspectorate (also by its older
names or as a machine translation renders it), when it reports an inspection of a Welsh principal
area's social services without naming the inspectorate and names no other, or when it names a
Welsh principal area and words only CIW uses of its visits ("We inspected services for children at
…", "Local authority monitoring activity letter", "improvement check", "assurance check",
"performance evaluation inspection", "follow-up inspection", "joint inspection of child protection
arrangements"). Ofsted never inspects a Welsh council, so such a text is never read as Ofsted's.
Secondary sources (statements, press releases, committee papers) are read for the visit they
report and marked as such; a cut-off page is read for what it holds, with a warning.
The parts of the page are read by `loaders.page_text`.
"""

from __future__ import annotations

import re

from loaders import page_text
from loaders.ciw_letter import CIW_NAMED
from trajectories.domain import Inspectorate, Nation, ParsedDocument, Source
from trajectories.text import may_contain

NAME = "ciw_page"

# Older and longer names of the inspectorate, in English and Welsh, and the forms a machine
# translation of "Arolygiaeth Gofal Cymru" gives ("the Inspectorate of Care Wales", "Wales Care Inspectorate").
_NAMED = re.compile(
    CIW_NAMED.pattern + r"|Care and Social Services Inspectorate(?: Wales| for Wales)?|"
    r"Arolygiaeth Gofal|\bAGC\b|\bCSIW\b|\bSSIW\b|Care Standards Inspectorate (?:for |of )?Wales|"
    r"Social Services Inspectorate (?:for |of )?Wales|Care Inspect(?:orate|ion) (?:of |for )?Wales|"
    r"Inspectorate (?:of |for )(?:the )?(?:Social )?Care (?:of |in |for )?Wales|Wales(?:'|’)?s? Care Inspectorate",
    re.I,
)
# Words one of which every match of _NAMED contains (any case): English texts mostly hold none.
_NAMED_WORDS = ("ciw", "ssiw", "csiw", "agc", "arolygiaeth", "inspectorate", "care inspection")
# The other bodies that inspect a Welsh council: education (Estyn), or England's (Ofsted).
_OTHER_INSPECTORATE = re.compile(r"\bEstyn\b|\bOfsted\b")
_CIW_WORDS = re.compile(
    r"we inspected (?:services for children|\w+(?:'|’)s children(?:'|’)s services)|monitoring activity letter|"
    r"improvement check|assurance check|performance evaluation inspection|follow[- ]up inspection|"
    r"joint inspection of child protection arrangements|child protection arrangements|"
    r"local authority performance review|"
    r"social services and well-being \(wales\) act|arolygiad|national review of|"
    r"this letter summarises the findings of our|gwiriad gwella|gwiriad sicrwydd",
    re.I,
)
_SOCIAL_SERVICES = re.compile(
    r"social services|children(?:(?:'|’)s)? services|child services|services (?:for|of|to) (?:the )?children|"
    r"social care|social work|gwasanaethau (?:plant|cymdeithasol)",
    re.I,
)
_INSPECTED = re.compile(r"\binspect(?:ion|ed|ors?)\b|\barolyg", re.I)

EVENT_TYPES: tuple[tuple[str, str], ...] = (
    (r"service requiring significant improvement", "ciw_srsi_notification"),
    (
        r"performance evaluation inspection|\bPEI\b|arolygiad gwerthuso perfformiad",
        "ciw_performance_evaluation_inspection",
    ),
    (r"improvement check|gwiriad gwella", "ciw_improvement_check"),
    (r"assurance check|focused activity|gwiriad sicrwydd", "ciw_assurance_check"),
    (r"risk[- ]based inspection", "ciw_risk_based_inspection"),
    (r"follow[- ]up inspection|followed up with a further inspection|arolygiad dilynol", "ciw_follow_up_inspection"),
    (
        r"joint (?:inspect\w+ review|inspection) of child protection|\bJICPA\b|multi-agency inspection|"
        r"inspection of child protection arrangements",
        "jicpa",
    ),
    (
        r"annual (?:performance )?(?:review )?letter|annual performance|performance review april|annual review|"
        r"review of [^.]{0,60}performance",
        "ciw_annual_performance_letter",
    ),
    (r"national review", "ciw_thematic_review"),
    (r"monitoring activity|monitoring visit", "ciw_monitoring_activity"),
    (r"inspection|inspected|arolygiad", "ciw_inspection"),
)
PROFILE = page_text.Profile(NAME, Inspectorate.CIW, Nation.WALES, EVENT_TYPES, "ciw_inspection", "ciw")


def sniff(text: str) -> float:
    """How sure this is a Welsh inspectorate page or letter about a council (0..1).

    Kept below `ciw_letter`'s score on a CIW letter, so that reader, which reads the seed letter
    whole, is tried first; this one reads what it cannot.
    """
    head = text[:6000]
    social = bool(_SOCIAL_SERVICES.search(head))
    if not (social or _CIW_WORDS.search(head) or _NAMED.search(head)):
        return 0.0
    named = may_contain(head, _NAMED_WORDS) and bool(_NAMED.search(head))
    if not named and re.search(r"\bOfsted\b", head):
        return 0.0  # at most 0.15 + 0.35 below, less 0.5: Ofsted's, whatever the authority
    if not page_text.authorities_named(head, "", Nation.WALES):
        return 0.0
    score = 0.0
    if named:
        score += 0.55
    if _CIW_WORDS.search(head):
        score += 0.35
    if re.search(r"\binspect|\breview\b|\bmonitoring\b|\bcheck\b|\barolygiad", head, re.I):
        score += 0.15
    if _INSPECTED.search(head) and social and not _OTHER_INSPECTORATE.search(head):
        # an inspection of a Welsh council's social services, the inspectorate unnamed ("Inspectors have
        # found that children's services in …"): only CIW inspects them
        score = max(score, 0.55)
    return max(0.0, min(0.75, score))


def parse(text: str, source: Source) -> list[ParsedDocument]:
    return page_text.read_page(text, source, PROFILE)
