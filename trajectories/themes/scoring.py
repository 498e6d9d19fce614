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
    "barely rarely seldom little less inconsistent limited".split()
)
# Words that make the strength word right after them a fault ("overly positive", "too detailed").
_EXCESS = ("overly", "too", "over")
# Negators whose reach is the rest of their clause ("not all children receive an appropriate and
# timely response", "it is not always up to date or sufficiently comprehensive").
_CLAUSE_NEGATORS = frozenset(
    "not cannot never neither nor without lack lacks lacked lacking absence insufficient insufficiently unclear "
    "little variability inconsistency".split()
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
    if any(w in _NEGATORS for w in words) and not (words and words[-1] == "only"):
        return "only" not in words or words.index("only") < max(i for i, w in enumerate(words) if w in _NEGATORS)
    if "," in before and _in_negated_list(before[-160:]):
        return True
    words = _WORD.findall(_SCOPE_BREAK.split(before[-120:])[-1])[-14:]
    for i in range(len(words) - 1, -1, -1):
        if words[i] in _CLAUSE_NEGATORS:
            if words[i + 1 : i + 2] == ["only"]:
                return False
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
    r"\bstrengths,? and concerns\b|\b(?:incidents?|episodes?|behaviours?) of concern\b"
)
# A condition ("when X, ..."); "where" only opening a clause, as after a noun it describes the noun
# ("situations where the risks remained unassessed").
_WHEN_CLAUSE = re.compile(r"\b(?:when|if|unless|whether)\b[^,]*,|(?:^|[,;]\s*)where\b[^,]*,")
# The object of a governing verb: up to eight words, not past a clause break, a conjunction or the verb of the
# clause it sits in ("actions to address X are not completed").
_OBJECT = (
    r"(?:\s+(?!(?:but|which|while|whilst|although|though|yet|is|are|was|were)\b|and (?:the|their|this|these|they|"
    r"it|there|most|many|some|not|no|leaders|managers|children)\b)[^\s,.;]+){0,8}"
)
_PREVENTS = re.compile(
    r"\b(?:prevent(?:s|ed|ing)?|focus(?:es|ed|ing)? (?:their |its )?attention on|stop(?:s|ped|"
    r"ping)? (?:it|them|this|these|issues|problems)|reduc(?:e|es|ed|ing)(?! (?:the )?(?:quality|"
    r"effectiveness|impact|capacity|ability|level|amount|frequency|support|help|services?|contact))"
    r"(?=\s+\w)(?!\s+(?:but|and|yet|though|although)\b)|"
    r"avoid(?:s|ed|ing)?|protect(?:s|ed)? \w+ from|"
    r"minimis\w*|compensat\w* for|deal(?:s|t|ing)? with|"
    r"address(?:es|ed|ing)?|tackl(?:es|ed|ing)|challeng(?:es|ed|ing)|escalat(?:es|ed|"
    r"ing)|identif(?:y|ies|ied)|recognis(?:e|es|ed)|respond(?:s|ed)? (?:to|"
    r"well to)|lessen(?:s|ed|ing)?|"
    r"(?:(?:has|have|had) )?limit(?:s|ing|ed(?<=(?:has|ave|had) limited))? (?:the )?(?:use|number|need)s? of|"
    r"reflect(?:s|ed|ing|ion)? on|"
    r"explor(?:es|ed|ing|ation of)|combat(?:s|ed|ing|ting)?)\b(?! that\b)" + _OBJECT
)
_NOT_NEEDED = re.compile(
    r"\b(?:has|have|had) not (?:\w+ )?(?:deteriorated|declined|weakened|worsened)\b|"
    r"\bno (?:\w+ )?(?:deterioration|decline|weakening)\b|"
    r"\bno (?:longer )?(?:need|gaps?)\b|\bnot (?:\w+ ){0,3}at risk\b|\bwithout (?:unnecessary |undue )?(?:delay|"
    r"drift)\b|\bnot (?:subjected|exposed) to (?:unnecessar\w*|multiple|repeat\w*)|"
    r"\bnot (?:\w+ ){0,5}?unnecessar\w*|"
    r"\bno (?:evidence of )?(?:significant |unnecessary )?(?:drift|delay)s?(?: (?:and|"
    r"or) (?:drift|delay)s?)?\b|\bfew \w+(?: \w+)? (?:break down|disrupt)|\bfew (?:\w+ )?disruptions?\b|"
    r"\bnot missing\b|\b(?:not|rather than) (?:\w+ ){0,2}(?:in isolation|isolated)\b|\brather than hinder\w*|"
    r"\bno (?:\w+ ){1,5}in isolation\b|\b(?:less|fewer|shorter) (?:\w+ )?(?:delays?|drift)\b|"
    r"\bnot (?:\w+ )?(?:overlooked|disregarded)\b|\bno (?:child|"
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
    r"(\b(?:children|young people|care leavers|parents|families|carers|adults|babies|people)"
    r" (?:who|that|whom)(?: they| staff| workers| leaders| professionals)? )"
    r"(?:(?:do|does|did) not\b|(?:are|is|were|was|feel|felt) (?:most |particularly )?worried\b)"
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


_NEET = re.compile(r"\bnot in education,? (?:employment|training),? or (?:employment|training)\b")


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
    if any(w in work for w in ("the likelihood", "the risk", "the chance", "the possibility", "the need")):
        work = _LIKELIHOOD.sub(" acts on ", work)
    if "manag" in work and "risk" in work:
        work = _MANAGED.sub(" manages it ", work)
    if any(w in work for w in _PREVENTS_WORDS):
        work = _PREVENTS.sub(" acts on ", work)
    if "not in education" in work:  # a status of young people, not a negation ("not in education, employment ...")
        work = _NEET.sub(" neet ", work)
    if " who " in work or " that " in work or " whom " in work or " at risk of" in work:
        work = _undescribed(work)
    positives = 0
    if any(w in work for w in ("no ", "not ", "without", "few", "rather than", "less ", "shorter")):
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
