"""Finding text -> themes (multi-label), cohorts and polarity, each with the cue that fired.

Contract (docs/domain-rules.md §4 and §5):
- `THEMES` is the ordered taxonomy: id -> (label, definition).
- `tag_themes(text)` returns one `ThemeTag(theme, cue)` per theme whose cue appears; the cue is
  the matched words, so a reader can see why. Acronyms (IT, IRO, MASH, PLO, PEP, EET, UASC, LADO)
  match case-sensitively.
- `themes_in_context(text, section, own, before)`: a finding that opens by pointing back ("This
  means ...", "They ...") takes the themes of the finding before it (all of them when it names none
  itself, or that finding's one theme); one that names no group of children takes the group its
  section heading names ("The experiences and progress of care leavers"). The cue says which context.
- `tag_cohorts(text)` does the same for the cohort facet (disabled children, UASC, ...).
- `section_polarity(section)` is the polarity a heading gives every finding under it (strengths,
  concerns, or action required), or None for a heading that names neither or both.
- `polarity(text, section, previous)` returns (Polarity, modality, rule): the section heading
  first (rule "section" for action, "section:strength" / "section:concern"), then modal verbs,
  then the main clause of a contrast ("Although X, Y" is read for Y; "X but remain high", too short
  to stand alone, is read whole; a Y with no cue takes the side opposite to what X concedes, rule
  "cues:turn"), then concern cues against
  strength cues, a negator reaching to the end of its clause; on a tie the cue read last decides.
  A sentence about the inspection or its report that names no theme, or an overall verdict naming no
  area, is neutral (rule "inspection"), and so is what leaders know still needs doing (rule "response").
  A finding about what may yet come ("too early to", "has the potential to") is neutral; one with
  no cue at all is neutral when it states a plan, a fact or the inspection's procedure, and
  otherwise a strength (rule "plain_description": inspectors qualify weaknesses, not good practice).
  A continuation ("This includes ...") inherits `previous`.
- `doubt(rule)` ranks a reading by how far its rule can be trusted (0 surest, 1 a plain description
  or a turned clause, 2 a tie broken by the last cue), for whoever quotes findings as evidence of their polarity.
Pure functions; `rebuild` re-runs them on stored finding text.

The package, a module per job: `vocabulary` (the taxonomy), `cues` (the theme and cohort words),
`alternation` (cue lists -> fast patterns), `tagging` (themes and cohorts), `sections` (headings),
`polarity_cues` and `scoring` (the words of each side and how a clause weighs them), `polarity_rules`
(the precedence). Callers import the names below from `trajectories.themes`.
"""

from trajectories.themes.polarity_rules import doubt, polarity
from trajectories.themes.scoring import _score
from trajectories.themes.sections import ACTION_SECTIONS, CONCERN_SECTIONS, STRENGTH_SECTIONS, section_polarity
from trajectories.themes.tagging import tag_cohorts, tag_themes, themes_in_context
from trajectories.themes.vocabulary import THEMES

__all__ = [
    "ACTION_SECTIONS",
    "CONCERN_SECTIONS",
    "STRENGTH_SECTIONS",
    "THEMES",
    "_score",
    "doubt",
    "polarity",
    "section_polarity",
    "tag_cohorts",
    "tag_themes",
    "themes_in_context",
]
