"""Finding -> (polarity, modality, rule), by the precedence in docs/domain-rules.md §5.1.

Contract: `polarity(text, section, previous)`: the section heading first, then a continuation of an
action, what leaders know still needs doing, modal verbs, an inspector's suggestion, talk about the
inspection itself, what may yet come, then the cues of the main clause (see `trajectories.themes`).
Pure functions.
"""

from __future__ import annotations

import re

from trajectories.domain import Polarity
from trajectories.themes.scoring import _RESPONSE, _RESPONSE_WORDS, _STRENGTH_RE, _score
from trajectories.themes.sections import section_polarity
from trajectories.themes.tagging import tag_themes

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
    r"support)\s+(?:\w+\s+)?need(?:s)? to\b|"
    r"\b(?:learning|health|complex|additional|emotional|individual|specific|particular|identified|assessed|"
    r"unmet|own|their|his|her|cultural|educational|care|support) needs to\b|"
    # an inverted condition ("..., should a child wish to read their files")
    r"(?:^|, )should(?= (?:a|an|the|any|they|he|she|it|this|these|their|his|her|children|young people|parents)\b)|"
    # a name in quotation marks ("the DCS's 'need to know' policy")
    r"(?:[\u2018\u201c\"]|(?<!\w)')(?:[\w-]+ ){0,2}(?:must|should|needs? to|ought to)\b"
    r"(?=[^\u2018\u201c\u2019\u201d\"']{0,20}[\u2019\u201d\"'])"
)
_NEEDS_WORK = re.compile(
    r"\b(?:requires?|needs?|need|(?<=still )needed) (?:further )?(?:strengthening|improvement(?! to be good)|improving|"
    r"to improve|to be (?:strengthened|improved))\b"
)
# "aspects of practice that do not meet the standards or require further improvement": the need belongs to
# a relative clause that describes, it does not direct.
_RELATIVE_NEED = re.compile(r"\b(?:that|which|who) (?:[\w'-]+ ){1,10}(?:or|and) $")
_DESCRIBES_NEED = re.compile(r"\b(?:that|which|who|what|the|a|an)\s+$")
# An inspector's suggestion is a direction too ("The service would benefit from ...", "could establish even more ...").
_SUGGESTION = re.compile(
    r"\bwould(?<!who would)(?<!which would)(?<!that would) (?:also |further )?benefit from\b|"
    r"\bcould (?:\w+ ){0,2}(?:establish|strengthen|"
    r"improve|develop|"
    r"enhance|extend|do more|make more|be (?:more|further|better|strengthened|improved|enhanced|"
    r"developed))\b|"
    r"\b(?:more|further) (?:work|development|progress) (?:is|was|will be) (?:needed|required)\b|"
    r"\bthere (?:is|remains) (?:more|further) work to (?:do|be done)\b|\bit (?:will be|is) important (?:to|that)\b|"
    r"\bwould be (?:further )?(?:strengthened|improved|enhanced) (?:by|through|if)\b"
)
_SUGGESTION_WORDS = ("benefit from", "could", "work", "development", "important", "would be")
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
    r"\bno (?:[\w-]+ )?findings\b|\bnational thematic\b|"
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
    r"\bpredict(?:s|ed|ions?)\b|\bin the interim\b|"
    r"\bnumbers? of\b[^.;]{0,40}\b(?:has|have) (?:\w+ )?(?:risen|fallen|increased|decreased|grown|doubled|halved|"
    r"reduced)\b|"
    # a figure stated for its own sake ("At present, 93% of care leavers ...", "there were 42 care leavers")
    r"\b\d+(?:\.\d+)?%|\bper ?cent\b|\bon average\b|\bat present\b|"
    r"\bat the time of (?:the|this) (?:inspection|visit)\b|"
    r"\bthere (?:were|are|was|is) (?:\d+|only \d+)\b|"
    # a dated event or figure ("In March 2015, 49.9 agency staff were employed", "invested ... in April 2014")
    r"\b(?:in|during|since|from|between) (?:january|february|march|april|may|june|july|august|september|october|"
    r"november|december) (?:19|20)\d\d\b",
)
# The same, at the start of a finding ("Currently, 28% of ...", "In 2013-14, 104 children ..."). Kept apart because a
# branch anchored at the start stops the engine skipping ahead to a possible first letter in the pattern above.
_OPENS_WITH_FACT = re.compile(
    r"^(?:currently|(?:in|between) (?:19|20)\d\d|of (?:the|these) \d+|(?:\d+|two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve|twenty|thirty|forty|fifty)(?:[- ]\w+)? (?:per ?cent|of|children|young|care|families|"
    r"adoption|social|staff|foster)\b)"
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
# An earlier inspection's grade, reported as history ("In 2018, inspectors judged X to require improvement").
_EARLIER_GRADE = re.compile(
    r"\b(?:inspectors|ofsted|ciw|we|it|they) (?:had |have )?judged\b|"
    r"\b(?:was|were|had been|has been) judged (?:to|as)\b"
)
# What inspectors saw is the finding itself ("Inspectors saw evidence of birth parents routinely being offered
# counselling"), not the inspection's procedure.
_EVIDENCE = re.compile(
    r"^(?:the )?inspectors? (?:also )?(?:saw|found|observed|identified|noted) (?:\w+ ){0,3}?(?:evidence|examples?|"
    r"instances?|cases?)\b"
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
    r"\btoo (?:early|soon|recent)(?: yet| however|, however,)? to\b|\bin (?:its|their) infancy\b|"
    r"\b(?:is|are|remains?|was|were) (?:still )?at an? (?:relatively |very )?early stage\b|"
    r"\bnot (?:yet )?possible to (?:evaluate|assess|judge|measure)\b|"
    r"\baspir(?:e|es|ing) to\b|\b(?:is|are|remains?) committed to (?:further )?(?:improv|develop|strengthen)\w*|"
    r"\b(?:has|have|had) the potential to\b(?! (?:undermine|harm|leave|put|"
    r"weaken|compromise|reduce))|"
    # something new whose impact cannot be seen yet ("a relatively new development, so its impact is not yet evident")
    r"\b(?:new|recent(?:ly)?)\b[^.;]{0,80}\b(?:impact|difference|effect|benefits?)(?: of [^.;]{0,40})? (?:is|are|has|"
    r"have) not yet (?:been )?(?:evident|seen|known|clear|visible|measurable|demonstrated|realised|felt)\b"
)
# Words one of which every match of _PROSPECT contains: the pattern is run only when one is present.
# A change to the pattern must keep the list true (tests/test_tagger.py checks it).
_PROSPECT_WORDS = (
    "priority",
    "currently being",
    "taken steps to",
    "in development",
    "infancy",
    "early stage",
    "too early",
    "too soon",
    "too recent",
    "possible to",
    "aspir",
    "committed to",
    "potential to",
    "not yet",
)
# Plans made and not yet carried out ("plans are well advanced to restructure the children's centres"), unless the
# inspectors judge the plans themselves ("Appropriate plans are in place to ...").
_PLANNED = re.compile(r"\bplans? (?:are|is) (?:now )?(?:well )?(?:advanced|in place|under ?way) to\b")
_JUDGED_PLAN = re.compile(r"\b(?:appropriate|clear|credible|robust|effective|good|realistic) $")
# Leaders knowing what still needs doing ("They recognise that corporate parenting arrangements need to be
# strengthened", "They acknowledge that further improvements are needed") state no direction and no finding.
_KNOWS_NEED = re.compile(
    r"^(?!(?:although|though|while|whilst|despite|when|where|if)\b)(?:[\w'-]+ ){1,4}?"
    r"(?:also |have |has |are |is |fully |already |rightly )*(?:recognis\w*|acknowledg\w*|know|"
    r"understand|(?:are|is) aware) (?:that )?[^,.;]{0,80}?\b(?:needs? to be (?:strengthened|improved|developed)|"
    r"(?:further )?(?:improvements?|work|development) (?:is|are) (?:still )?(?:needed|required)|"
    r"(?:more|further) (?:work )?to (?:be done|do))"
)
# Leaders or the authority recognising a weakness ("Leaders recognise there is still insufficient ...", "The
# trust is aware of further work required ..."): what they know states no finding when what they know is a
# weakness (docs/domain-rules.md §5.1). Group 1 is what they know.
_RECOGNISES = re.compile(
    r"^(?!(?:although|though|while|whilst|despite|when|where|if)\b)(?=(?:[\w'’-]+,? ){0,4}?(?:leaders?|leadership|"
    r"managers?|director|dcs|authority|council|trust|partnership|partners|they|it|services?|members|police|agencies)\b)"
    r"(?:(?!not |never )[\w'’-]+,? ){1,6}?"
    r"(?:also |now |fully |already |rightly |clearly )*(?:(?:has|have|had) (?:also |now |already |rightly )?"
    r"(?:recognised|acknowledged|identified)|recognis(?:e|es|ing)|acknowledg(?:e|es|ing)|"
    r"(?:are|is) (?:fully |well |also )?aware(?: of| that)?|(?<!to )(?:know|understand)"
    r"(?= (?:that|where|what|who|which|there|how|why|this|these|those|it|"
    r"the (?:need|gaps?|weakness\w*|areas?|challenges?|scale|extent))\b))"
    r"\b(.*)"
)
# Words one of which every match of _RECOGNISES (and of _ACTING_ON) contains: the pattern runs only when one is
# present. A change to a pattern must keep its list true (tests/test_tagger.py checks both).
_RECOGNISE_WORDS = ("recognis", "acknowledg", "aware", "know", "understand")
# Action still in train on a known gap ("taking well-focused action to address the areas ...", "is being
# addressed through the sufficiency strategy", "In response to delays ..., a team has been created").
_ACTING_ON = re.compile(
    r"\b(?:taking|initiated|has taken|have taken|had taken) (?:\w+ ){0,2}action (?:to|that|before)\b|"
    r"\b(?:is|are) being (?:addressed|tackled|reviewed)\b|\b(?:has|have) acted to\b|"
    r"\bwork is (?:underway|under way|in progress)\b"
)
_ACTING_WORDS = ("action", "being", "acted", "work is")
_NEGATION = re.compile(r"\b(?:not|no|without|little|lack\w*|never|few)\b|n[’']t\b")
_NOT_BUT = re.compile(r"\b(?:all|anything|nothing|not(?: \w+){0,5})\s*$")
_BUT_EXCEPT = re.compile(r"(?:(?:\w+ ){0,2}also|one|two|three|four|five|a few|\d|particularly|especially|notably)\b")
_PERSISTS = re.compile(r"\b(?:still|remains?|remained)\b")
_INTENDS = re.compile(r"\b(?:aims?|intends?|hopes?|wants?) to\b")
_ADJUNCT = re.compile(
    r"\s*(?:such as|especially|particularly|including|for example|for instance|in particular|as|which|who|and|or)\b"
)
_SUBORDINATOR = re.compile(r"\b(?:although|though|while|whilst|despite)\b")
_LEADING_CLAUSE = re.compile(r"^\s*(?:although|even though|though|while|whilst|despite|notwithstanding)\b[^,]*,\s*")


Reading = tuple[Polarity, str | None, str]

# How far a reading can be trusted, by the rule that made it (docs/domain-rules.md §5.3 gives the measures): a heading,
# a modal, a contrast's main clause or one side's cues is surest; a finding with no cue, read as good practice stated
# plainly, or a cue-less main clause given its side by its contrast, less so; a tie between a strength and a concern,
# broken by the cue read last, least. Whoever quotes a finding as evidence of its polarity quotes the surest first.
_DOUBTFUL = {"plain_description": 1, "cues:turn": 1, "cues:last": 2}


def doubt(rule: str) -> int:
    """0 for the surest readings, 1 for a finding with no cue read as a strength or a cue-less main clause turned by its
    contrast, 2 for a tie broken by the last cue."""
    return _DOUBTFUL.get(rule, 0)


def polarity(text: str, section: str = "", previous: tuple[Polarity, str | None] | None = None) -> Reading:
    """(polarity, modality, rule) for one finding; see the module contract for the precedence."""
    lower = text.lower()
    modality = _modality(lower)
    directed = _by_section(section, modality) or _by_direction(text, lower, modality, previous)
    if directed:
        return directed
    # "Although X, Y": Y is the main clause.
    lead = _LEADING_CLAUSE.match(lower)
    rest = lower[lead.end() :] if lead and len(lower[lead.end() :].split()) >= 3 else lower
    if any(w in rest for w in ("benefit from", "could", "work", "development", "important")) and _SUGGESTION.search(
        rest
    ):
        return Polarity.ACTION_REQUIRED, None, "suggestion"
    inspection = _INSPECTION_TALK.search(lower) or ("judged" in lower and _EARLIER_GRADE.search(lower))
    if _VERDICT.search(lower) or (inspection and not tag_themes(text) and not _EVIDENCE.match(lower)):
        return Polarity.NEUTRAL, None, "inspection"
    main = _main_clause(rest)
    if any(w in main for w in _PROSPECT_WORDS) and _PROSPECT.search(main):
        return Polarity.NEUTRAL, None, "prospect"
    if "plan" in main and (m := _PLANNED.search(main)) and not _JUDGED_PLAN.search(main[: m.start()]):
        return Polarity.NEUTRAL, None, "prospect"
    return _by_cues(main, lower) or _without_cues(lower)


def _modality(lower: str) -> str | None:
    """ "must", "should" or None: the strongest modal verb in the finding."""
    # Plain substring checks first: most findings hold no modal and no contrast word.
    if any(w in lower for w in _MUST_WORDS) and _MUST.search(lower):
        return "must"
    if any(w in lower for w in _SHOULD_WORDS) and _SHOULD.search(lower):
        return "should"
    return None


def _by_section(section: str, modality: str | None) -> Reading | None:
    """What the section heading decides, if anything."""
    by_section = section_polarity(section) if section else None
    if by_section == Polarity.ACTION_REQUIRED:
        return Polarity.ACTION_REQUIRED, modality, "section"
    if by_section is not None:
        return by_section, None, f"section:{by_section.value}"
    return None


def _by_direction(
    text: str, lower: str, modality: str | None, previous: tuple[Polarity, str | None] | None
) -> Reading | None:
    """An action carried on from the finding before, what leaders know still needs doing, or a direction."""
    if previous is not None and _CONTINUATION.match(text.strip()) and previous[0] == Polarity.ACTION_REQUIRED:
        return previous[0], previous[1], "continuation"
    if ("need" in lower or "require" in lower or " to do" in lower or "to be done" in lower) and _KNOWS_NEED.search(
        lower
    ):
        return Polarity.NEUTRAL, None, "response"
    if any(w in lower for w in _RECOGNISE_WORDS) and (m := _RECOGNISES.search(lower)):
        concerns, strengths, _ = _score(m.group(1))
        if concerns and concerns >= strengths:
            return Polarity.NEUTRAL, None, "response"
    if lower.startswith("in response to") or (any(w in lower for w in _ACTING_WORDS) and _ACTING_ON.search(lower)):
        return Polarity.NEUTRAL, None, "response"
    if not (modality or "need" in lower or "require" in lower):
        return None
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
    return None


def _main_clause(rest: str) -> str:
    """The clause that carries the finding after a contrast; `rest` itself when it has none."""
    parts = _CONTRAST.split(rest) if any(w in rest for w in _CONTRAST_WORDS) else [rest]
    # A last clause too short to stand alone ("..., but remain high") leans on the whole sentence.
    main = parts[-1] if len(parts[-1].split()) >= 3 else rest
    # "..., and although X, Y": the last split came at a subordinator, so Y (after the comma) is the main clause; in
    # "Z, although X, as ..." what follows X's comma ("as ...", "such as ...", "and ...") is X's own adjunct.
    last_split = list(_CONTRAST.finditer(rest))[-1:] if len(parts) > 1 else []
    if last_split and _SUBORDINATOR.search(last_split[0].group(0)) and "," in main:
        tail = main.split(",", 1)[1]
        main = tail if len(tail.split()) >= 3 and not _ADJUNCT.match(tail) else main
    elif last_split and "despite" in last_split[0].group(0) and len(parts[-2].split()) >= 3:
        # "X, despite Y": Y is conceded, X is what the inspectors conclude.
        main = parts[-2]
    return main


def _by_cues(main: str, lower: str) -> Reading | None:
    """Concern cues against strength cues in the main clause (the whole finding on a tie there); on a
    tie the cue read last decides. None when the finding has no cue."""
    concerns, strengths, last = _score(main)
    rule = "cues:main_clause" if main is not lower else "cues"
    if concerns == strengths and main is not lower:
        # "A, but B" with no cue in B: the contrast says B is the other side of A.
        if last is None and (side := _turn(lower, main)):
            return side, None, "cues:turn"
        concerns, strengths, last = _score(lower)
        rule = "cues"
    if concerns > strengths:
        return Polarity.CONCERN, None, rule
    if strengths > concerns:
        return Polarity.STRENGTH, None, rule
    if last is not None:
        return last, None, "cues:last"
    return None


def _turn(lower: str, main: str) -> Polarity | None:
    """The side a cue-less main clause takes from the contrast that gives it: the other side of the clause it
    concedes ("variable, but most contain ..."; "..., despite inconsistency in ..."). None where the contrast does not
    turn: "while" (often of time), "yet" (often of two adjectives), a "however" that turns from the finding before,
    "all but one", "not to but with", "but also", "but particularly", or a main clause with a negation of its own or
    an aim ("but leaders aim to reduce these further"); nor to a strength a main clause that says something persists
    ("but still remains wide")."""
    if _NEGATION.search(main) or _INTENDS.search(main):
        return None
    splits = [m for m in _CONTRAST.finditer(lower) if m.start() > 0]
    if splits:
        turn, start = splits[-1], splits[-2].end() if len(splits) > 1 else 0
        word = turn.group(0).strip(" ,;")
        if word in ("while", "whilst", "yet") or (word == "however" and ";" not in turn.group(0)):
            return None
        before, after = lower[start : turn.start()], lower[turn.end() :]
        if word == "but" and (_NOT_BUT.search(before[-40:]) or _BUT_EXCEPT.match(after) or "not only" in before):
            return None
        at = lower.rfind(main)
        if at < turn.start():  # "X, despite Y": Y is conceded
            before = after
        elif at > turn.end():  # "..., and although Y, X": Y is conceded
            before = lower[turn.end() : at]
    elif (lead := _LEADING_CLAUSE.match(lower)) and not lower.lstrip().startswith(("while", "whilst")):
        before = lead.group(0)
    else:
        return None
    concerns, strengths, _ = _score(before)
    if concerns > strengths and not _PERSISTS.search(main):  # "closed, but still remains wide" does not turn
        return Polarity.STRENGTH
    return Polarity.CONCERN if strengths > concerns else None


def _without_cues(lower: str) -> Reading:
    """A finding with no cue: neutral when it states a plan, a fact, the inspection's procedure or what
    leaders do about a weakness, otherwise a strength."""
    if _NEUTRAL_MARKERS.search(lower) or _OPENS_WITH_FACT.match(lower):
        return Polarity.NEUTRAL, None, "no_cue"
    # what leaders know and do about a weakness, with no word of good practice beside it
    if any(w in lower for w in _RESPONSE_WORDS) and _RESPONSE.search(lower) and not _STRENGTH_RE.search(lower):
        return Polarity.NEUTRAL, None, "response"
    # Inspectors state good practice plainly ("Children are visited according to their plans");
    # weaknesses they qualify. A finding with no cue either way, and no plan, fact or procedure
    # words, describes what works.
    return Polarity.STRENGTH, None, "plain_description"
