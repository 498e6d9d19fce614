"""Pure pandas: trajectories, current positions, episodes and transitions. DataFrame in, DataFrame out.

Contract:
- Where an authority stands is `trajectories.positions`' one rule: a judgement takes effect on
  its visit's last fieldwork day and holds until the next full inspection of the authority,
  whatever that one grades: a state, drawn as a step, never interpolated. Positions, episodes,
  transitions and status bands here are all read from `positions.states` / `positions.steps`.
- When several sources describe the same visit (a report, a table row, a timeline row), it is
  one visit (`positions.visit_ids`): the document is preferred and the row says how many
  sources it has; if their levels differ the row is `disputed` (`queries.disagreements()`).
- Planned events are never judgements; they are returned apart by `planned_events()`.
- Each authority's position and inadequate episodes are `trajectories.summaries`' functions (the
  ones whose output the store keeps), named here too for the pages.

One module per job; every name is also `analytics.X`, which is how callers use it:
`steps` (trajectories as steps, aligned axes, shaded bands), `events` (planned visits, the visit to
show first), `durations` (episode lengths, Kaplan–Meier), `moves` (transitions), `standing` (one
summary row per authority), `theme_analyses` (findings by theme, over time and around episodes).
"""

from trajectories.analytics.durations import KM_COLUMNS, at_risk_table, still_open_after, time_to_better
from trajectories.analytics.events import PLANNED_SLACK_DAYS, default_event, is_document, planned_events
from trajectories.analytics.moves import TRANSITION_COLUMNS, transitions, transitions_of
from trajectories.analytics.standing import (
    AREAS_BAND,
    NO_GRADE_BAND,
    SUMMARY_COLUMNS,
    UNGRADED_BAND,
    authority_summary,
    exists_on,
    level_counts,
    position_band,
)
from trajectories.analytics.steps import STEP_READS, aligned_steps, level_steps, status_bands
from trajectories.analytics.theme_analyses import (
    CONCERN_POLARITIES,
    change_before_exit,
    event_themes,
    findings_by_theme,
    inside_episodes,
    recurring_while_inadequate,
    themes_over_time,
)
from trajectories.positions import SOURCE_PREFERENCE, STEP_COLUMNS, level_words
from trajectories.summaries import (  # the one definition of each, named here for the pages
    DIRECTION_READS,
    EPISODE_COLUMNS,
    POSITION_COLUMNS,
    POSITION_DIMENSIONS,
    SUMMARY_STEP_READS,
    VISIT_READS,
    _by_code,
    _groups,
    _months,
    authority_positions,
    direction_points,
    distinct_events,
    effective_date,
    episodes_as_of,
    inadequate_episodes,
    none_if_missing,
    visits,
)

__all__ = [
    "AREAS_BAND",
    "CONCERN_POLARITIES",
    "DIRECTION_READS",
    "EPISODE_COLUMNS",
    "KM_COLUMNS",
    "NO_GRADE_BAND",
    "PLANNED_SLACK_DAYS",
    "POSITION_COLUMNS",
    "POSITION_DIMENSIONS",
    "SOURCE_PREFERENCE",
    "STEP_COLUMNS",
    "STEP_READS",
    "SUMMARY_COLUMNS",
    "SUMMARY_STEP_READS",
    "TRANSITION_COLUMNS",
    "UNGRADED_BAND",
    "VISIT_READS",
    "_by_code",
    "_groups",
    "_months",
    "aligned_steps",
    "at_risk_table",
    "authority_positions",
    "authority_summary",
    "change_before_exit",
    "default_event",
    "direction_points",
    "distinct_events",
    "effective_date",
    "episodes_as_of",
    "event_themes",
    "exists_on",
    "findings_by_theme",
    "inadequate_episodes",
    "inside_episodes",
    "is_document",
    "level_counts",
    "level_steps",
    "level_words",
    "none_if_missing",
    "planned_events",
    "position_band",
    "recurring_while_inadequate",
    "status_bands",
    "still_open_after",
    "themes_over_time",
    "time_to_better",
    "transitions",
    "transitions_of",
    "visits",
]
