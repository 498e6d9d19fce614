"""The read path: one `Filters` value in, a pandas DataFrame with fixed columns out.

Contract: every function takes an open Connection (owned by the caller) and a `Filters`; values
reach SQL only as bound parameters. Dates come back as `datetime.date` objects (or NaT-free
None) and enums as their string values, so analytics and charts never see ORM objects.
Each row carries its provenance: the document path, the loader kind and the character span.
`events`, `judgements` and `directions` take `columns` to return only some of their columns
(the same rows, in the same order): the whole-country analyses read only what they use.

One module per job; every name is also `queries.X`, which is how callers use it: `common` (the
filters as SQL, rows into frames), `timelines` (authorities, events, judgements, directions,
statuses, disagreements), `search` (findings and the search for words), `counts` (findings counted
by theme), `stored` (the store's summaries and which authorities they serve), `documents` (the
documents, the loads and the data's version).
"""

from trajectories.db.queries.common import EVENT_COLUMNS, NATIONS
from trajectories.db.queries.counts import theme_counts, theme_counts_by_event, theme_year_counts, theme_year_select
from trajectories.db.queries.documents import (
    data_version,
    document,
    document_kinds,
    document_visits,
    last_load,
    newest_event_date,
    unreadable,
)
from trajectories.db.queries.search import (
    SEARCH_SPARSE,
    SEARCH_WORK_MEM,
    WORD,
    _matching,
    _word_conditions,
    findings,
    search_words,
)
from trajectories.db.queries.stored import IN_CHUNK, ROWS, WHOLE, Coverage, _from_start, coverage, episodes, positions
from trajectories.db.queries.timelines import (
    DISAGREEMENT_COLUMNS,
    SAME_JUDGEMENT_DAYS,
    authorities,
    directions,
    disagreements,
    events,
    judgements,
    statuses,
)

__all__ = [
    "DISAGREEMENT_COLUMNS",
    "EVENT_COLUMNS",
    "IN_CHUNK",
    "NATIONS",
    "ROWS",
    "SAME_JUDGEMENT_DAYS",
    "SEARCH_SPARSE",
    "SEARCH_WORK_MEM",
    "WHOLE",
    "WORD",
    "Coverage",
    "_from_start",
    "_matching",
    "_word_conditions",
    "authorities",
    "coverage",
    "data_version",
    "directions",
    "disagreements",
    "document",
    "document_kinds",
    "document_visits",
    "episodes",
    "events",
    "findings",
    "judgements",
    "last_load",
    "newest_event_date",
    "positions",
    "search_words",
    "statuses",
    "theme_counts",
    "theme_counts_by_event",
    "theme_year_counts",
    "theme_year_select",
    "unreadable",
]
