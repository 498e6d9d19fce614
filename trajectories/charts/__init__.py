"""Plotly figure builders: DataFrames in, `go.Figure` out; colours, shapes and order in one place.

Contract (docs/domain-rules.md §2.5, honest charts):
- Levels are steps, never interpolated, each held until the next full inspection; the last is
  drawn on to today as a dotted "still in force" segment only while no newer full inspection
  exists, and an inspection without an overall grade is marked, never given a level. The y axis
  is labelled with words.
- Marker shape says how exact a level is: filled circle = exact; hollow diamond with a bar from
  low to high = approximate; hollow circle = inferred from narrative. Colours are the Okabe-Ito
  colour-blind-safe palette and never the only cue.
- Direction of travel has its own lane of unconnected glyphs; it never moves the level line.
- Planned events are hollow markers in the future; framework changes are thin vertical rules.
No Streamlit here; every figure has a table equivalent in the page that shows it. Figures carry
no template of their own: on screen the dashboard's theme styles them (light or dark, and a
template is most of what a browser spends redrawing a figure); `PRINT_TEMPLATE` is what images
for documents are drawn with (`exports.figure_png`).

One module a job: `base` (palette, shapes, legend, the step line, the empty figure), `trajectory`,
`overview` (level counts, sub-judgement small multiples), `themes`, `compare` and `episodes`; callers
import them all from here.
"""

from __future__ import annotations

from trajectories.charts.base import (
    DIRECTION_COLOURS,
    FONT,
    FRAMEWORK_CHANGES,
    LEVEL_COLOURS,
    PRINT_TEMPLATE,
    QUALITY_NAMES,
    QUALITY_SYMBOLS,
    SERIES_COLOURS,
    empty_figure,
    legend_below,
    legend_margin,
    today_rule,
)
from trajectories.charts.compare import OFFSET, ROLE_STYLES, SPREAD, compare
from trajectories.charts.episodes import still_open, transition_matrix
from trajectories.charts.overview import DIMENSION_LABELS, LEVEL_ORDER, dimension_multiples, level_counts
from trajectories.charts.themes import theme_bars, themes_heatmap
from trajectories.charts.trajectory import BAND_COLOURS, UNGRADED_MARK_Y, trajectory

__all__ = [
    "BAND_COLOURS",
    "DIMENSION_LABELS",
    "DIRECTION_COLOURS",
    "FONT",
    "FRAMEWORK_CHANGES",
    "LEVEL_COLOURS",
    "LEVEL_ORDER",
    "OFFSET",
    "PRINT_TEMPLATE",
    "QUALITY_NAMES",
    "QUALITY_SYMBOLS",
    "ROLE_STYLES",
    "SERIES_COLOURS",
    "SPREAD",
    "UNGRADED_MARK_Y",
    "compare",
    "dimension_multiples",
    "empty_figure",
    "legend_below",
    "legend_margin",
    "level_counts",
    "still_open",
    "theme_bars",
    "themes_heatmap",
    "today_rule",
    "trajectory",
    "transition_matrix",
]
