"""About the data: sources and licences, what each level means and how each inspectorate's words
were mapped (and what is lost), how findings are read and how often that reading agrees with careful
readers (`evaluation.STATED`), the last load report, what could not be read, and where sources
disagree."""

import pandas as pd
import streamlit as st

from trajectories import positions
from trajectories.db import queries
from trajectories.evaluation import STATED
from trajectories.paths import DATA_DIR
from trajectories.update import status as site_status
from ui import data, render, sidebar, tables

st.title("About the data")
sidebar.navigation()

st.header("Sources and licences")
render.markdown_with_tables((DATA_DIR / "README.md").read_text(encoding="utf-8").split("\n", 1)[1])

st.header("What the levels mean")
st.dataframe(
    pd.DataFrame(
        [
            (
                "4",
                "Outstanding",
                "Highly effective services; progress exceeds expectations and is sustained.",
                "Ofsted Outstanding (exact); Care Inspectorate 6 Excellent (approximate); 5 Very good sits between "
                "Good and Outstanding (approximate, 3–4)",
            ),
            (
                "3",
                "Good",
                "Effective services that help, protect and care for children.",
                "Ofsted Good (exact); Care Inspectorate 4 Good (approximate)",
            ),
            (
                "2",
                "Requires improvement",
                "No widespread or serious failures; not yet good.",
                "Ofsted Requires improvement (to be good) (exact); Ofsted pre-2013 Adequate (approximate); Care "
                "Inspectorate 3 Adequate (approximate)",
            ),
            (
                "1",
                "Inadequate",
                "Widespread or serious failures leaving children at risk of harm.",
                "Ofsted Inadequate (exact); CIW 'inadequate' (inferred from narrative); Care Inspectorate 2 Weak "
                "(approximate, 1–2) and 1 Unsatisfactory (approximate)",
            ),
        ],
        columns=["Level", "Grade", "Meaning", "Mapped from"],
    ),
    hide_index=True,
    key="levels_table",
)
st.markdown("""
**Three signals are kept apart.** A *graded level* is what an inspectorate judged. A *direction of travel*
(−2 to +2) is what a monitoring letter says about movement ("continuing to make improvements",
"insufficient progress"); it never moves the level line. A *regulatory status* (under monitoring, areas for
priority action, CIW concerns, warning notices, commissioners) is drawn as a band.

**What is lost in the mapping (read before comparing):**
1. *Across nations.* Care Inspectorate Wales mostly does not grade councils; the Scottish grade is one quality
   indicator for a community planning partnership on a six-point scale. Any single axis across nations is approximate.
2. *Across frameworks in England.* Pre-2013 "Adequate" is not "Requires improvement"; the SIF's "children looked after"
   is not ILACS's "children in care and care leavers", which from January 2023 fieldwork is split in two.
3. *Within a grade.* One band covers very different situations.
4. *Direction is not level.* "Continuing to make improvements" while still inadequate is exactly that.
5. *Subjects differ.* LSCB judgements are the board's, not the council's, and are never drawn on its line.
6. *Reorganisations break series* (Cumbria → Cumberland, Westmorland and Furness; Northamptonshire; BCP):
   a predecessor's history is drawn apart, in grey.
""")

st.header("Where an authority stands: the rule")
st.markdown(positions.RULE.replace('"', "“", 1).replace('"', "”", 1))
st.markdown("""
How long an authority has been inadequate counts from the start of its episode (the first inspection that
judged it inadequate), not from its latest judgement. The median time to leave inadequate is a Kaplan–Meier
estimate: an episode still open counts as lasting at least as long as it has so far, never as ended. A council
abolished in a reorganisation is never counted in a current figure; a council renamed with a new code for the
same area stands where its predecessor stood until it is inspected itself. A planned visit whose window has
passed reads "planned; took place on …" or "planned; no record of it".
""")

st.header("How findings are read")
_m = STATED
st.markdown(f"""
Each finding is read automatically, by written rules published with this product: its polarity (strength,
concern, action required or neutral) and its themes. The reading is measured against careful human readers on
{_m["findings"]} findings drawn at random from inspection reports, letters and pages never used to write the rules:

- it gives the same polarity as a careful reader for **{_m["polarity"]} in 100** findings (two careful readers
  agree on {_m["readers_polarity"]} in 100);
- it finds **{_m["themes_found"]} in 100** of the themes a reader gives a finding, and **{_m["themes_right"]} in
  100** of the themes it gives are ones the reader gives too (two readers: {_m["readers_themes_found"]} and
  {_m["readers_themes_right"]} in 100).

So the counts of concerns and strengths by theme are indicative, not exact: before quoting a number, read the
findings behind it. Every finding shows its source sentence, and "How this was read" shows the words (or the
finding before it, or its section heading) that gave each theme.
""")

with data.engine().connect() as conn:
    run, problems = queries.last_load(conn)
    unreadable = queries.unreadable(conn)
    checked = site_status.latest(conn)

st.header("The last load")
if run is None:
    render.empty("Nothing has been loaded yet.")
else:
    render.show_text(
        f"Load {run['id']} ({run['command']}), finished {run['finished_at']:%d %B %Y %H:%M} UTC: "
        f"{run['loaded']} files loaded, {run['unchanged']} unchanged, {run['failed']} failed."
    )
    st.dataframe(tables.files_table(problems), hide_index=True, key="problems_table")

st.header("New documents from the inspectorate's site")
if checked is None:
    render.empty("Ofsted's reports site has not been checked for new documents here yet.")
else:
    render.show_text(checked.headline)
    links = {c: st.column_config.LinkColumn(c) for c in ("link to the original", "page on the site")}
    if not checked.added.empty:
        st.caption("The newest documents added from the site:")
        st.dataframe(checked.added, hide_index=True, column_config=links, key="site_added_table")
    if not checked.problems.empty:
        st.caption("What that check could not fetch or read (what could not be fetched is tried again next time):")
        st.dataframe(checked.problems, hide_index=True, key="site_problems_table")

st.header("What could not be read")
if unreadable.empty:
    render.empty("Every file offered so far was read.")
else:
    st.dataframe(tables.files_table(unreadable), hide_index=True, key="unreadable_table")

st.header("Where sources disagree")
disagree = data.load_disagreements()
if disagree.empty:
    render.empty("No two sources read the same judgement differently.")
else:
    st.caption("Both readings are kept, each with its source; the trajectory prefers the report or letter itself.")
    st.dataframe(tables.disagreements_table(disagree), hide_index=True, key="disagreements_table")
