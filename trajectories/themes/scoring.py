"""One clause -> (concern weight, strength weight, the side of the cue read last).

Contract: `_score(clause)` first rewrites what is not a cue (a concern someone raises, a condition,
what leaders respond to or prevent, what is not needed, who a group of people are), then counts
concern and strength cues; a strength cue under a negator whose reach covers it counts as a concern
(docs/domain-rules.md §5.2).
The `_..._WORDS` tuples name words every match of their pattern contains: the pattern runs only when
one is present. Pure functions.
"""

from __future__ import annotations

import re

from trajectories.domain import Polarity
from trajectories.themes.alternation import _alternation
from trajectories.themes.polarity_cues import _CONCERN_CUES, _STRENGTH_CUES

_CONCERN_RE = _alternation(_CONCERN_CUES)
_STRENGTH_RE = _alternation(_STRENGTH_CUES)
# Words that turn the strength cue after them (within four words) into a concern.
_NEGATORS = frozenset(
    "not cannot no never neither nor without lack lacks lacked lacking absence insufficient insufficiently "
    "barely rarely seldom little less inconsistent limited rather".split()
)
# Words that make the strength word right after them a fault ("overly positive", "too detailed"), and the speed
# someone had to be told to act with ("the council had to act quickly on safeguarding meetings").
_EXCESS = ("overly", "too", "over", "had to act", "has to act", "needed to act", "to act more")
# Negators whose reach is the rest of their clause ("not all children receive an appropriate and
# timely response", "it is not always up to date or sufficiently comprehensive").
_CLAUSE_NEGATORS = frozenset(
    "not cannot never neither nor without lack lacks lacked lacking absence insufficient insufficiently unclear "
    "little variability inconsistency few".split()
)
# Words before "few" that make it a count ("a few", "the last few", "in very few cases"), not a negator.
_COUNTING = frozenset("a the last past next first recent previous too so quite these in".split())
# How many words a bare "few" (or "no children") reaches: over strengths it negates, over the harm it counts.
_FEW_NEGATES = 8


def _counted(before: list[str]) -> bool:
    """True when the words before a "few" make it a count, not a negator ("only a few" is a negator)."""
    while before and before[-1] in ("very", "relatively", "comparatively"):
        before = before[:-1]
    return bool(before) and before[-1] in _COUNTING and before[-2:] != ["only", "a"]


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
# A negator of things ("lacks reflection, critical challenge and clear direction"; "not all children experience an
# appropriate, thorough and timely response") reaches every item of the list it heads: short items between commas,
# with no verb or new subject among them.
_LIST_NEGATOR = re.compile(
    r"\b(?:lack(?:s|ed|ing)?(?: of)?|without|absence of|not (?:all|every|always|consistently))\s"
)
_LIST_BREAK = re.compile(
    r"[;:()]|\b(?:but|although|though|whilst|while|which|who|whose|because|so|they|it|there|"
    r"this|these|is|are|was|were|has|have|had|can|will|would|does|do|did)\b|"
    r"\band (?:the|their|leaders|managers|children|staff)\b"
)


def _negated(before: str) -> bool:
    words = _WORD.findall(before[-48:])[-4:]
    if "rather" in words:  # "rather than" negates; "Rather, ..." only turns from the sentence before
        words = [w for i, w in enumerate(words) if w != "rather" or words[i + 1 : i + 2] == ["than"]]
    if any(w in _NEGATORS for w in words) and not (words and words[-1] == "only"):
        return "only" not in words or words.index("only") < max(i for i, w in enumerate(words) if w in _NEGATORS)
    if "," in before and _in_negated_list(before[-160:]):
        return True
    words = _WORD.findall(_SCOPE_BREAK.split(before[-120:])[-1])[-14:]
    for i in range(len(words) - 1, -1, -1):
        if words[i] in _CLAUSE_NEGATORS:
            if words[i + 1 : i + 2] == ["only"]:
                return False
            # "few" counting ("a few") negates nothing, and a bare "few" reaches eight words, not its whole clause
            if words[i] == "few" and (_counted(words[:i]) or i < len(words) - _FEW_NEGATES):
                continue
            subordinate = any(w in _SUBORDINATE for w in words[:i])
            return not (subordinate and any(w in _FINITE for w in words[i + 2 :]))
    return False


def _in_negated_list(before: str) -> bool:
    heads = list(_LIST_NEGATOR.finditer(before))
    if not heads:
        return False
    rest = before[heads[-1].end() :]
    items = rest.split(",")
    return len(items) > 1 and not _LIST_BREAK.search(rest) and all(len(_WORD.findall(i)) <= 5 for i in items)


# Trap handling (docs/domain-rules.md §5.2).
_NOUN_CONCERNS = re.compile(
    r"\b(?:escalat\w*|rais\w*|identif\w*|respond\w* to|shar\w*|report\w*|resolv\w*|"
    r"address\w*) (?:these |their |any |the )?concerns?\b|\b(?:emerging|initial|"
    r"new) concern\b|\b(?:safeguarding|child protection|welfare|protection|these|their|any|"
    r"parental|such|professional|initial|emerging|escalating|increasing|the)\s+concerns\b|"
    r"\bconcerns (?:about|regarding) (?:a|the|their|children)|\bmay be concerned\b|"
    r"\bworries,? (?:and )?concerns\b|\bnature of (?:the |their )?concerns\b|\bconcerns,? and strengths\b|"
    r"\bstrengths,? and concerns\b|\b(?:incidents?|episodes?|behaviours?) of concern\b|"
    r"\b(?:analys[ie]s|understanding|identification|evaluation|mapping|exploration|scaling) of (?:the |their |any |"
    r"current |known )?(?:risks? and )?(?:concerns|worries)\b|"
    r"\b(?:their|any|his|her) worries(?:,? (?:and|or) concerns)?\b"
)
# What an assessment weighs, named as a list ("strengths, needs and worries", "risks and strengths"): the headings of
# the assessment, neither a strength nor a concern of the service.
_ASSESSED_HEADINGS = re.compile(
    r"\b(?:(?:strengths|needs|risks|worries|concerns|vulnerabilities|protective factors|wishes|feelings),? ){1,3}"
    r"(?:and|or) (?:strengths|needs|risks|worries|concerns|vulnerabilities|protective factors|wishes and feelings)\b"
)
# How something may bear on a child, which practitioners seek to understand ("how these may impact on their current
# needs"), is not what may harm ("delays could impact on children's progress").
_HOW_IT_BEARS = re.compile(r"\bhow (?:[\w'’-]+ ){1,3}(?:can|could|may|might|does|do) (?:\w+ )?impact on\b")
# A harm named as what sets a response off ("processes are used effectively when drift is identified", "visiting
# increases when concerns escalate") is what the service responds to; a condition closing a finding otherwise often
# carries its weakness ("placed with family when these adults have not been assessed"), so only this form is taken,
# and not after "where", which as often names the cases that have the harm ("the cases of six children where
# concerns have been raised about drift"), except for a shortfall a service acts on ("takes action where the quality is
# unsatisfactory").
_ARISING = re.compile(
    r"identified|raised|found|seen|noticed|deteriorat|declin|escalat|increas|worsen|fail|cannot|unsatisf|unsuitab|"
    r"unhapp|unsure"
)
_WHEN_IT_ARISES = re.compile(
    r"\b(?:when|if|as soon as|whenever) (?:[\w'’-]+ ){1,4}(?:(?:is|are|has been|have been) (?:first )?"
    r"(?:identified|found|noticed|raised|seen)|(?:deteriorat|escalat|increas|worsen)\w*|fail\w* to (?:improve|change)|"
    # "declines" as worsening, not as refusing something ("when families decline early help")
    r"declin\w*(?=\s*(?:$|[,;:.]|or\b|and\b)))\b[^,;:.]*|"
    # what a service does when something falls short ("takes action where the quality is unsatisfactory")
    r"\b(?:when|where|if|whenever) (?:[\w'’-]+ ){1,6}?(?:(?:is|are|was|were|becomes?|feel|feels) )?(?:deemed )?"
    r"(?:unsatisfactory|unsuitable|unhappy|unsure)\b|"
    # when children cannot stay at home: to the end of that phrase only, as the verdict may follow ("decisions ...
    # when they cannot remain at home take too long")
    r"\b(?:when|if) (?:[\w'’-]+ ){1,4}cannot (?:be )?(?:safely )?(?:managed|remain|live|stay|return)\b"
    r"(?: (?:safely |living )?(?:at home|home|with (?:their )?(?:[\w-]+ )?(?:families|family|parents)))?"
)
# A restriction a good service keeps to ("are only made when options are exhausted", "only become looked after when it
# is in their best interests") is a condition, to the end of its clause; "only seen once" stays a limit.
_ONLY_WHEN = re.compile(r"\bonly (?:[\w-]+ ){1,2}(?:when|where|if|after)\b[^,;.]*")

# A condition ("when X, ..."); "where" only opening a clause, as after a noun it describes the noun
# ("situations where the risks remained unassessed").
_WHEN_CLAUSE = re.compile(r"\b(?:when|if|unless|whether)\b[^,]*,|(?:^|[,;]\s*)where\b[^,]*,")
# What practitioners watch for ("identify when their work is not having a positive impact or risk has increased and
# make prompt referrals") is the object of that watching, to the end of its clause or the "and" of what they do next.
# Not after "to" or a passive ("a tool to assess whether ... is not yet in place", "cases were identified where"): the
# finding's own verb follows.
_WATCHES_FOR = re.compile(
    r"\b(?:identif(?:y|ies|ied)|recognis(?:e|es|ed)|spot(?:s|ted)?|notic(?:e|es|ed)|know|knows|understand|understands|"
    r"consider|considers|assess|assesses) (?:when|where|whether)\b[^,;:.]*?"
    r"(?=\s+and (?:make|makes|made|take|takes|took|act|acts|acted|respond|responds|refer|refers|escalate|escalates|"
    r"ensure|ensures)\b|[,;:.]|$)"
)
_WATCHERS = re.compile(r"identif|recognis|spot|notic|know|understand|consider|assess")
_NOT_OWN_VERB = re.compile(r"\b(?:to|be|is|are|was|were|been)\s+$")


def _watched(m: re.Match) -> str:
    return m.group(0) if _NOT_OWN_VERB.search(m.string, max(0, m.start() - 8), m.start()) else " acts on "


# The object of a governing verb: up to eight words, not past a clause break, a conjunction or the verb of the
# clause it sits in ("actions to address X are not completed").
_OBJECT_ENDS = (
    r"(?:but|which|while|whilst|although|though|yet|is|are|was|were|remains?|remained|continues?)\b|"
    r"and (?:the|their|this|these|they|it|there|most|many|some|not|no|leaders|managers|children)\b"
)
_OBJECT = rf"(?:\s+(?!{_OBJECT_ENDS})[^\s,.;]+){{0,8}}"
# What a service acts on also ends at the perfect of its clause's own verb ("the pace of tackling X has been too slow"),
# not at a relative's ("issues that have been identified", "where there have been shortfalls"), ...
_OWN_PERFECT = r"(?<!there )(?<!that )(?<!which )(?<!who )(?:has|have|had) (?:been|not|yet)\b"
# ... and at "and" before a verb of its clause's own ("has yet to review X and cannot be certain that ...").
_NEXT_VERB = r"and (?:cannot|can|could|will|would|is|are|was|were|does|do|did)\b"
_ACTED_ON = rf"(?:\s+(?!{_OBJECT_ENDS}|{_OWN_PERFECT}|{_NEXT_VERB})[^\s,.;]+){{0,8}}"
_PREVENTS = re.compile(
    r"\b(?:prevent(?:s|ed|ing)?|focus(?:es|ed|ing)? (?:their |its )?attention on|stop(?:s|ped|"
    r"ping)? (?:it|them|this|these|issues|problems)|"
    r"reduc(?:e|es|ed|ing)(?! (?:the |their |its |\w+['’]s? ){0,2}(?:quality|"
    r"effectiveness|impact|capacity|abilit(?:y|ies)|level|amount|frequency|support|help|services?|contact))"
    r"(?=\s+\w)(?!\s+(?:but|and|yet|though|although)\b)|"
    r"avoid(?:s|ed|ing)?|protect(?:s|ed)? \w+ from|"
    r"minimi[sz]\w*|compensat\w* for|deal(?:s|t|ing)? with|"
    r"address(?:es|ed|ing)?|tackl(?:es|ed|ing)|challeng(?:es|ed|ing)(?! to\b)|"
    # "challenge" as a verb ("IROs, when necessary, challenge drift", the condition already blanked), not the noun
    # ("remains a challenge")
    r"challenge(?:(?<=\bto challenge)|(?<=, challenge)|(?<=\s\schallenge)|(?<=\bs challenge))"
    r"(?! (?:and|to|of|for|in|is|was|remains?|varies)\b)|"
    r"escalat(?:es|ed|ing)|identif(?:y|ies|ied)(?<!not identify)(?<!not identified)|"
    r"recognis(?:e|es|ed)|respond(?:s|ed)? (?:to|"
    r"well to)|lessen(?:s|ed|ing)?|"
    r"(?:(?:has|have|had) )?limit(?:s|ing|ed(?<=(?:has|ave|had) limited))? (?:the )?(?:use|number|need)s? of|"
    # a reduction in what harms ("a reduction in the number of children entering care", "in caseloads"), not in what
    # helps ("a reduction in the number of foster carers", "in early help assessments")
    r"reductions? (?:in|of)(?! (?:the )?(?:(?:number|numbers|level|levels|proportion|range|amount) of )?(?!agency )"
    r"(?:[\w-]+ )?"
    r"(?:quality|effectiveness|impact|capacity|ability|support|help|services?|staff\w*|workforce|funding|budgets?|"
    r"resources|provision|social workers|foster carers|carers|placements|assessments|visits|take-?up|attendance|"
    r"participation|training|investment|stability|continuity|choice|sufficiency|morale|adopt\w*|leadership|"
    r"managerial|management|managers|roles|posts|timeliness|performance))|"
    r"reflect(?:s|ed|ing|ion)? on|"
    r"explor(?:e|es|ed|ing|ation of)|combat(?:s|ed|ing|ting)?)\b(?! that\b)" + _ACTED_ON
)
_NOT_NEEDED = re.compile(
    r"\b(?:has|have|had) not (?:\w+ )?(?:deteriorated|declined|weakened|worsened)\b|"
    r"\bno (?:\w+ )?(?:deterioration|decline|weakening)\b|"
    r"\bno (?:longer )?(?:need|gaps?)\b|\bnot (?:\w+ ){0,3}at risk\b|\bwithout (?:unnecessary |undue )?(?:delay|"
    r"drift)\b|\bnot (?:subjected|exposed) to (?:unnecessar\w*|multiple|repeat\w*)|"
    r"\bnot (?:\w+ ){0,5}?unnecessar\w*|"
    r"\bno (?:evidence of )?(?:significant |unnecessary )?(?:drift|delay)s?(?: (?:and|"
    r"or) (?:drift|delay)s?)?\b|\bfew \w+(?: \w+)? (?:break down|disrupt)|\bfew (?:\w+ )?disruptions?\b|"
    r"\bno (?:\w+ ){0,2}unallocated\b|"
    r"\b(?:not|no \w+ (?:were|was)) (?:\w+ ){0,4}in (?:situations|circumstances) of (?:\w+ )?(?:unassessed|unmanaged|"
    r"unacceptable|actual|significant)(?: (?:or|and) (?:unassessed|unmanaged|unknown))?\b|"
    r"\bnot missing\b|\b(?:not|rather than) (?:\w+ ){0,2}(?:in isolation|isolated)\b|\brather than hinder\w*|"
    r"\bno (?:\w+ ){1,5}in isolation\b|\b(?:less|fewer|shorter) (?:\w+ )?(?:delays?|drift)\b|"
    r"\bnot (?:\w+ )?(?:overlooked|disregarded)\b|"
    r"\bnot (?:have to |need to )?(?:wait|experience (?:any |unnecessary |undue )?(?:delays?|drift))\b|"
    r"\bnot (?:identify|find|see|identified|found|seen) any (?:children|child|young people|areas? (?:for|of) "
    r"(?:improvement|development)|weakness\w*|concerns?|shortfalls?)(?: (?:who were )?(?:at (?:immediate |"
    r"significant )?risk|unsafe))?|\bno (?:child|"
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

# Words one of which every match of _PREVENTS contains: the pattern is run only when one is present.
# A change to the pattern must keep the list true (tests/test_tagger.py checks it).
_PREVENTS_WORDS = (
    "prevent",
    "focus",
    "stop",
    "reduc",
    "avoid",
    "protect",
    "minimi",
    "address",
    "tackl",
    "challeng",
    "escalat",
    "identif",
    "recognis",
    "respond",
    "compensat",
    "deal",
    "reflect",
    "limit",
    "explor",
    "combat",
    "lessen",
)


# A relative clause that says what a group of people do not do, or who worries about them ("care leavers who do not
# find it easy to ask for help", "children that they are most worried about"), describes them; it is not a finding
# about the service ("young people who are not ready to live alone" may be one, so "are not" is left). "There are
# children who do not ..." states one, so the rewrite skips a clause after "there are". The clause's own "not" or
# "worried" is dropped; where the clause ends is not known, so the rest of it stays.
_DESCRIBED = re.compile(
    r"(\b(?:children|young people|care leavers|parents|families|carers|adults|babies|people|those) )"
    r"(?:(?:who|that|whom)(?: they| staff| workers| leaders| professionals)? "
    r"(?:(?:do|does|did) not\b|(?:are|is|were|was|feel|felt) (?:most |particularly )?worried\b|"
    r"(?:are|is|were|was) unable\b|cannot\b|could not\b)|(?:who are )?struggling\b)"
)
# A group named by the risk it faces ("support for those at risk of harm") is who is helped, not a finding.
_AT_RISK = re.compile(
    r"\b(children|those|young people|people|adults|babies|families)(?: who are)? at (?:immediate |significant |"
    r"increased )?risk of (?:significant )?harm\b"
)
_THERE_ARE = re.compile(r"\bthere (?:is|are|was|were)\b[^,.;]*$")
# ... unless the finding leaves, keeps or finds them there ("this leaves children at risk of harm", "inspectors did
# not find any children at risk of harm").
_LEFT_AT_RISK = re.compile(
    r"\b(?:leav\w*|left|remain\w*|placed|put\w*|expos\w*|keep\w*|kept|not|no|any|never)\s+"
    r"(?:[\w'’-]+\s+){0,3}$"
)


def _undescribed(work: str) -> str:
    if "risk of" in work:
        work = _AT_RISK.sub(
            lambda m: (
                m.group(0)
                if _THERE_ARE.search(work[: m.start()]) or _LEFT_AT_RISK.search(work[: m.start()])
                else m.group(1)
            ),
            work,
        )
    return _DESCRIBED.sub(lambda m: m.group(0) if _THERE_ARE.search(work[: m.start()]) else m.group(1), work)


# What lowers the chance of something takes all of it ("reduce the likelihood of the local authority having to rely on
# the use of unregistered homes"), to the end of its clause.
_LIKELIHOOD = re.compile(
    r"\b(?:reduc|lessen|lower|minimis)\w* the (?:likelihood|risk|chances?|possibility|need) (?:of|for|that)\b[^,;.]*"
)


# Risk that is managed is the object of managing ("manage risk effectively", "the management of risk of harm"); only
# those words are taken, so the verdict after them still counts.
_MANAGED = re.compile(r"\bmanag(?:e|es|ed|ing|ement of) (?:the )?risks?(?: of (?:significant )?harm)?\b")


# "Few" on its own, "only a few" or "no children" (young people, care leavers, families), is a negator: few of a harm
# is a strength ("very few decisions are overturned", "only a very few children wait too long", "no children were found
# to be living in unsuitable homes"), few of a good thing a concern ("few children have a robust contingency plan"). "A
# few", "the last few" and "too few" count things and are left to the cues. Its reach over a harm is the next eight
# words of its clause.
_FEW = re.compile(
    r"\b(?:only a (?:very )?few|(?:(?:very|relatively|comparatively) )?few(?:er)?|"
    r"no (?:child|children|young (?:people|person)|care leavers?|famil(?:y|ies)))\b"
)
_FEW_REACH = re.compile(
    rf"^(?:\s+(?!(?:but|and|which|while|whilst|although|though)\b)[^\s,;:.()]+){{1,{_FEW_NEGATES}}}"
)


def _few(work: str) -> tuple[str, int]:
    """`work` with each bare "few" (or "fewer") and the harm it counts blanked, and how many such harms. A bare "few"
    that counts no harm is left: it is a concern cue, and negates the strengths after it (`_negated`)."""
    harms = 0
    for m in reversed(list(_FEW.finditer(work))):
        if not m.group(0).startswith(("only", "no ")) and _counted(
            _WORD.findall(work[max(0, m.start() - 40) : m.start()])
        ):
            continue
        reach = _FEW_REACH.match(work[m.end() :])
        harm = _CONCERN_RE.search(work, m.end(), m.end() + (reach.end() if reach else 0))
        if harm:
            work = _blank(work, m.start(), harm.end())
            harms += 1
    return work, harms


# "No" before a harm, within two words ("no waiting list", "no significant gaps", "no undue delay"), denies it; a
# harm that "no" itself opens ("no clear timescales", "no progress") is left to the cues.
_NO = re.compile(r"\bno (?!(?:and|or|but|not)\b)(?:[\w-]+ (?!(?:and|or|but|not)\b))?")


def _no_harm(work: str) -> tuple[str, int]:
    """`work` with each harm that a "no" within two words denies blanked, from the "no", and how many there were."""
    harms = 0
    for m in reversed(list(_NO.finditer(work))):
        harm = _CONCERN_RE.search(work, m.start() + 3, m.end() + 80)
        if harm and harm.start() <= m.end():
            work = _blank(work, m.start(), harm.end())
            harms += 1
    return work, harms


def _blank(work: str, start: int, end: int) -> str:
    """`work` with `start:end` blanked, keeping every offset after it."""
    return work[:start] + " " * (end - start) + work[end:]


_NEET = re.compile(r"\bnot in education,? (?:employment|training),? or (?:employment|training)\b")


def _not_cues(work: str) -> str:
    """`work` without what is not a cue before what leaders respond to is read: what someone raises or inspectors
    found, a condition, what practitioners watch for, a restriction kept to, how something bears on a child, the
    headings an assessment weighs. Each rewrite runs only when its trigger word is present: most clauses have none."""
    if "concern" in work or "weakness" in work or "shortfall" in work:
        work = _REPORTED_CONCERN.sub(" weakness ", work)
    if "concern" in work or "worries" in work:
        work = _NOUN_CONCERNS.sub(" ", work)
    if "," in work:
        work = _WHEN_CLAUSE.sub(" ", work)
    if (" when " in work or " where " in work or " whether " in work) and _WATCHERS.search(work):
        work = _WATCHES_FOR.sub(_watched, work)
    if "only " in work:
        work = _ONLY_WHEN.sub(" ", work)
    if (" when " in work or " if " in work or " where " in work or "as soon as" in work) and _ARISING.search(work):
        work = _WHEN_IT_ARISES.sub(" ", work)
    if "impact on" in work:
        work = _HOW_IT_BEARS.sub(" ", work)
    if (" and " in work or " or " in work) and (
        "strengths" in work or "worries" in work or "concerns" in work or "vulnerabilit" in work
    ):
        work = _ASSESSED_HEADINGS.sub(" ", work)
    return work


# What a shortfall keeps from happening ("caseloads are too high for workers to build meaningful relationships", "not
# sufficient to ensure plans are progressed effectively", "cannot be assured that these placements are safe") is not
# what was found: the shortfall's own words count, the words of what it prevents do not. What "too ..." prevents ends
# where the object of a verb does; what is not sufficient, or cannot be assured, runs to the end of the sentence (its
# lists have commas), not past a contrast.
_FALLS_SHORT_OF = (
    re.compile(
        r"(\btoo \w+(?: for [^,.;]{1,40}?)? to|\b(?:limited|little|no) (?:impact|effect|difference) on|"
        r"\b(?:has|have|had|is|are|was|were) yet to|\btoo (?:early|soon|quickly)(?: and)? before)\b(" + _ACTED_ON + ")"
    ),
    re.compile(
        r"(\b(?:not (?:\w+ )?(?:sufficient|enough)|insufficient) to|"
        r"\bcannot (?:\w+ )?be (?:fully |sufficiently )?(?:assured|confident|sure|certain)(?: that)?)\b"
        r"([^.;:]*?)(?=\s+(?:but|however|although|though|while|whilst|yet)\b|[.;:]|$)"
    ),
)


def _objects(work: str) -> str:
    """`work` with what a governing verb acts on taken out (what lowers a chance, risk that is managed, what a
    service prevents or tackles), and "not in education, employment or training" read as a status, not a negation."""
    if (
        "the likelihood" in work
        or "the risk" in work
        or "the chance" in work
        or "the possibility" in work
        or "the need" in work
    ):
        work = _LIKELIHOOD.sub(" acts on ", work)
    if "manag" in work and "risk" in work:
        work = _MANAGED.sub(" manages it ", work)
    if any(w in work for w in _PREVENTS_WORDS):
        work = _PREVENTS.sub(" acts on ", work)
    if "not in education" in work:
        work = _NEET.sub(" neet ", work)
    if "too " in work or "sufficient" in work or "enough" in work or " on " in work or "cannot" in work:
        for pattern in _FALLS_SHORT_OF:
            work = pattern.sub(lambda m: m.group(1) + " " * len(m.group(2)), work)
    return work


# Rarer negated harms, each with a word of its own to look for first.
_NO_MISS = re.compile(
    r"\b(?:do|does|did) not miss\b|"
    r"\b(?:no (?:\w+ ){1,3}(?:have|has|had|were|was) been|instead of being|rather than being) evicted\b|"
    r"\bwith (?:very |only )?(?:a )?few exceptions\b"
)
# A formal step against the council that is lifted ("Serious concern protocol (in place since Nov 2012) lifted after the
# February 2015 inspection") is good news.
_LIFTED = re.compile(
    r"\b(?:serious concerns? protocol|warning notices?|improvement notices?|statutory directions?|special measures|"
    r"intervention|enhanced monitoring|escalation)\b[^.;]{0,60}?\b(?:lifted|removed|ended|withdrawn|revoked|"
    r"stood down|de-?escalated)\b"
)


# A harm said to be rare ("the use of unregistered children's homes is extremely rare") is a strength.
_RARE = re.compile(r"\b(?:is|are|was|were|remains?|has been|have been) (?:(?:very|extremely|exceptionally) )?rare\b")


def _rare(work: str) -> tuple[str, int]:
    """`work` with each harm said to be rare blanked, to the word "rare", and how many there were."""
    harms = 0
    for m in reversed(list(_RARE.finditer(work))):
        start = max(work.rfind(c, 0, m.start()) for c in ",;:") + 1
        found = list(_CONCERN_RE.finditer(work, start, m.start()))
        if found:
            work = _blank(work, found[0].start(), m.end())
            harms += 1
    return work, harms


def _positives(work: str) -> tuple[str, int]:
    """`work` without the negated harms it names ("no delay", "very few vacancies") and the formal steps lifted, and
    how many there were."""
    positives = 0
    if (
        "lifted" in work
        or "removed" in work
        or "ended" in work
        or "withdrawn" in work
        or "revoked" in work
        or "stood down" in work
        or "escalated" in work
    ):
        positives = len(_LIFTED.findall(work))
        work = _LIFTED.sub(" ", work)
    if any(w in work for w in ("no ", "not ", "without", "few", "rather than", "less ", "shorter", "instead of")):
        positives += len(_NOT_NEEDED.findall(work))
        work = _NOT_NEEDED.sub(" ", work)
        if "miss" in work or "evicted" in work or "exceptions" in work:
            positives += len(_NO_MISS.findall(work))
            work = _NO_MISS.sub(" ", work)
    if "no " in work:
        work, harms = _no_harm(work)
        positives += harms
    if "few" in work or "no c" in work or "no young" in work or "no famil" in work:
        work, harms = _few(work)
        positives += harms
    if " rare" in work:
        work, harms = _rare(work)
        positives += harms
    return work, positives


def _score(clause: str) -> tuple[int, int, Polarity | None]:
    """(concern weight, strength weight, the side of the cue read last) for one clause."""
    work = _not_cues(clause.lower())
    responds = any(w in work for w in _RESPONSE_WORDS) and bool(_RESPONSE.search(work))
    if responds:
        work = _RESPONSE.sub(" acts on ", work)
    work = _objects(work)
    if " who " in work or " that " in work or " whom " in work or " at risk of" in work or "struggling" in work:
        work = _undescribed(work)
    work, positives = _positives(work)
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
