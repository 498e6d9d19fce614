"""Measuring the readers against what people read: the tagger against a hand-labelled set.

Contract:
- `LABELLED_SETS` are what `evaluate tagger` scores by default: the development sets (tuned on: the
  hand-picked one and five drawn at random from what the readers give), the held-out set and three
  sets drawn at random and never tuned on (the third from the development sets' documents).
- `load_labelled(path)` reads a labelled CSV (id, document, section, text, polarity, modality,
  themes, cohorts; themes ';'-separated) into records.
- `STATED` is what the About page says of the tagger, in 100s; tests recompute it from the sets.
- `score_tagger(records)` runs `normalise.finding` on each text with its section (and, as context,
  the finding before it in its document: the `previous` and `previous_section` columns where a set
  has them, else the previous row of the same document) and returns a `TaggerScore`: per-theme
  precision, recall and F1, macro-F1, the share of all labelled themes found and of all themes read
  that are right, polarity accuracy and the polarity confusion matrix, plus the mistakes for reading.
- `theme_macro_f1(labelled, read)` is the same macro-F1 for any other reading (the experiments in scripts/).
- `score_pages(folder, part)` reads every page a labelled manifest lists (file, inspectorate,
  authority, visit_start, published, direction) and counts, per field, how many agree; `held_out`
  names the quarter of any set kept aside while rules are written.
Pure and deterministic; the `evaluate` command prints it.
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from trajectories import normalise
from trajectories.domain import Polarity
from trajectories.themes import THEMES

POLARITIES = [p.value for p in Polarity]
_TEST_DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
# Tuned on (hand-picked; drawn at random); held out (its totals have been read); drawn at random and never tuned
# on (see the .md beside each).
LABELLED_SETS = (
    _TEST_DATA / "findings_dev.csv",
    _TEST_DATA / "findings_dev_random.csv",
    *(_TEST_DATA / f"findings_dev_random{n}.csv" for n in range(2, 6)),
    _TEST_DATA / "findings_holdout.csv",
    _TEST_DATA / "findings_test.csv",
    _TEST_DATA / "findings_test2.csv",
    _TEST_DATA / "findings_test3.csv",
)


def load_labelled(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        row["themes"] = {t for t in row.get("themes", "").split(";") if t}
        row["cohorts"] = {t for t in row.get("cohorts", "").split(";") if t}
    return rows


# What the About page tells leaders about the automatic reading of findings, in 100s, measured on
# `findings_test2.csv` (drawn at random, never tuned on): the tagger against its first reading, and its second
# reading against its first. tests/test_tagger.py recomputes every figure, so the page cannot drift from the tagger.
STATED = {
    "set": "findings_test2.csv",
    "findings": 256,
    "polarity": 88,
    "themes_found": 77,
    "themes_right": 73,
    "readers_polarity": 99,
    "readers_themes_found": 95,
    "readers_themes_right": 96,
}


@dataclass
class TaggerScore:
    n: int
    per_theme: dict[str, dict[str, float]]
    macro_f1: float
    polarity_accuracy: float
    confusion: dict[str, Counter]
    mistakes: list[dict] = field(default_factory=list)
    theme_recall: float = 0.0  # of all the themes the readers gave, the share read (micro-averaged)
    theme_precision: float = 0.0  # of all the themes read, the share the readers gave

    def lines(self) -> list[str]:
        out = [f"findings: {self.n}", "", f"{'theme':40s} {'prec':>6s} {'recall':>6s} {'F1':>6s} {'support':>7s}"]
        for theme, s in self.per_theme.items():
            out.append(f"{theme:40s} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} {int(s['support']):7d}")
        out += [
            "",
            f"macro-F1 (themes): {self.macro_f1:.3f}",
            f"themes found: {self.theme_recall:.3f} of those labelled; right: {self.theme_precision:.3f} of those read",
            f"polarity accuracy: {self.polarity_accuracy:.3f}",
            "",
            "polarity confusion (rows: labelled, columns: read)",
            " " * 16 + "".join(f"{p[:12]:>14s}" for p in POLARITIES),
        ]
        for gold in POLARITIES:
            out.append(f"{gold[:15]:16s}" + "".join(f"{self.confusion[gold][p]:14d}" for p in POLARITIES))
        return out


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 1.0 if fn == 0 else 0.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def theme_macro_f1(labelled: list[set[str]], read: list[set[str]]) -> float:
    """Theme macro-F1 of any reading of labelled findings (each a set of theme ids), as `score_tagger` computes it."""
    f1 = []
    for theme in THEMES:
        pairs = list(zip(labelled, read, strict=True))
        tp = sum(theme in want and theme in got for want, got in pairs)
        fp = sum(theme in got and theme not in want for want, got in pairs)
        fn = sum(theme in want and theme not in got for want, got in pairs)
        f1.append(_prf(tp, fp, fn)[2])
    return sum(f1) / len(f1)


def score_tagger(records: list[dict]) -> TaggerScore:
    counts = {t: Counter() for t in THEMES}
    confusion = {p: Counter() for p in POLARITIES}
    mistakes = []
    previous, previous_doc = None, None
    correct = 0
    read: list[set[str]] = []
    for rec in records:
        if "previous" in rec:  # a set drawn at random names the finding before each one in its document
            prev = normalise.finding(rec["previous"], rec.get("previous_section", "")) if rec["previous"] else None
        else:
            prev = previous if rec.get("document") == previous_doc else None
        found = normalise.finding(rec["text"], rec.get("section", ""), previous=prev)
        previous, previous_doc = found, rec.get("document")
        got = {t.theme for t in found.themes}
        read.append(got)
        gold = rec["themes"]
        for theme in THEMES:
            if theme in got and theme in gold:
                counts[theme]["tp"] += 1
            elif theme in got:
                counts[theme]["fp"] += 1
            elif theme in gold:
                counts[theme]["fn"] += 1
        confusion[rec["polarity"]][found.polarity.value] += 1
        correct += found.polarity.value == rec["polarity"]
        if got != gold or found.polarity.value != rec["polarity"]:
            mistakes.append(
                {
                    "id": rec.get("id"),
                    "text": rec["text"],
                    "section": rec.get("section", ""),
                    "polarity": (rec["polarity"], found.polarity.value, found.polarity_rule),
                    "missing": sorted(gold - got),
                    "extra": sorted(got - gold),
                    "cues": {t.theme: t.cue for t in found.themes if t.theme in got - gold},
                }
            )
    per_theme = {}
    for theme, c in counts.items():
        p, r, f = _prf(c["tp"], c["fp"], c["fn"])
        per_theme[theme] = {"precision": p, "recall": r, "f1": f, "support": c["tp"] + c["fn"]}
    macro = theme_macro_f1([rec["themes"] for rec in records], read)
    tp, fp, fn = (sum(c[k] for c in counts.values()) for k in ("tp", "fp", "fn"))
    return TaggerScore(
        len(records),
        per_theme,
        macro,
        correct / len(records) if records else 0.0,
        confusion,
        mistakes,
        theme_recall=tp / (tp + fn) if tp + fn else 1.0,
        theme_precision=tp / (tp + fp) if tp + fp else 1.0,
    )


# ---- pages against a labelled manifest ------------------------------------------------------------

PAGE_FIELDS = ("authority", "inspectorate", "visit month", "published", "direction")
_MANIFEST_INSPECTORATES = {
    "ciw": "ciw",
    "cssiw": "ciw",
    "ci_scotland": "ci_scot",
    "ci_scot": "ci_scot",
    "care_inspectorate": "ci_scot",
    "ofsted": "ofsted",
}


def held_out(name: str) -> bool:
    """The part of a labelled set set aside while rules are written: a fixed quarter of the file names
    (by their SHA-256), so the split needs no list and holds for any folder."""
    return hashlib.sha256(name.encode()).digest()[0] % 4 == 0


@dataclass
class PageScore:
    part: str
    n: int
    agree: dict[str, int]
    disagreements: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"{self.part}: {self.n} pages"]
        for name in PAGE_FIELDS:
            share = self.agree[name] / self.n if self.n else 0.0
            out.append(f"  {name:13s} {self.agree[name]:3d} of {self.n:3d} agree ({share:.0%})")
        return out


def page_direction(event) -> int | None:
    """The direction a page gives for the visit it reports: its first overall signal (the verdict)."""
    overall = [d for d in event.directions if d.scope == "overall"]
    return overall[0].direction if overall else None


def _same_date(want: str, got) -> bool:
    """A labelled date ('2021-11', '2020-08-03', blank) against a read one, at the label's precision."""
    want = (want or "").strip()
    if not want:
        return got is None
    return got is not None and got.iso()[: len(want)] == want[: len(got.iso())] and len(got.iso()) >= min(len(want), 7)


def score_pages(folder: str | Path, part: str = "all") -> PageScore:
    """Read every page the manifest of `folder` lists and count, per field, how many agree with it.

    A page the readers refuse agrees on no field the manifest fills (a blank label agrees with a
    blank reading). `part`: "development", "held-out" or "all".
    """
    import loaders
    from trajectories.domain import DocumentError

    folder = Path(folder)
    with open(folder / "manifest.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if part != "all":
        rows = [r for r in rows if held_out(r["file"]) == (part == "held-out")]
    agree = {name: 0 for name in PAGE_FIELDS}
    wrong: list[str] = []
    for row in rows:
        want = _labelled(row)
        try:
            docs = loaders.read_file(folder / row["file"])
        except DocumentError as exc:
            for name in PAGE_FIELDS:
                if want[name] in (None, ""):
                    agree[name] += 1
                else:
                    wrong.append(f"{row['file']}: {name}: labelled {want[name]!r}, not read ({exc})")
            continue
        got = _read_fields(docs)
        checks = {
            "authority": want["authority"] == got["authority"],
            "inspectorate": want["inspectorate"] == got["inspectorate"],
            "visit month": _same_date(want["visit month"], got["visit month"] and _month_of(got["visit month"])),
            "published": _same_date(want["published"], got["published"]),
            "direction": want["direction"] == got["direction"],
        }
        for name, ok in checks.items():
            if ok:
                agree[name] += 1
            else:
                shown = got[name].iso() if hasattr(got[name], "iso") else got[name]
                labelled = want[name] if want[name] not in ("", None) else "blank"
                wrong.append(
                    f"{row['file']}: {name}: labelled {labelled}, read {shown if shown not in ('', None) else 'blank'}"
                )
    return PageScore(part, len(rows), agree, wrong)


def _labelled(row: dict) -> dict:
    """What the manifest row says of its page, per field of `PAGE_FIELDS`."""
    from trajectories import authorities

    want_codes = set()
    for name in filter(None, (n.strip() for n in row.get("authority", "").split(";"))):
        found = authorities.match_exact(name) or authorities.match(name)
        want_codes.add(found.code if found else name)
    want_direction = int(row["direction"]) if row.get("direction", "").strip() else None
    return {
        "authority": ", ".join(sorted(want_codes)),
        "inspectorate": _MANIFEST_INSPECTORATES.get(
            row.get("inspectorate", "").strip().lower(), row.get("inspectorate")
        ),
        "visit month": (row.get("visit_start") or "")[:7],
        "published": row.get("published", ""),
        "direction": want_direction,
    }


def _read_fields(docs: list) -> dict:
    """What the readers found on a page, per field of `PAGE_FIELDS`."""
    # the visit reported: a letter lists the earlier visits it looks back on first
    visit = next((e for e in reversed(docs[0].events) if not e.planned), None)
    return {
        "authority": ", ".join(sorted(d.authority.code or "?" for d in docs)),
        "inspectorate": docs[0].inspectorate.value,
        "visit month": visit.start if visit else None,
        "published": visit.published if visit else None,
        "direction": page_direction(visit) if visit else None,
    }


def _month_of(date):
    from trajectories.domain import PartialDate

    return PartialDate(date.year, date.month) if date.month else date


# ---- reports against outcome tables ---------------------------------------------------------

MATCH_DAYS = 31
_IN_CARE = {"children_in_care", "cic_and_care_leavers"}


@dataclass
class OutcomeComparison:
    table: str
    rows: int
    matched: int
    per_dimension: dict[str, Counter]
    disagreements: list[dict]
    unmatched: list[str]

    def lines(self) -> list[str]:
        out = [f"== {self.table}: {self.rows} inspections in the table, {self.matched} matched to a report read here"]
        for dim, c in sorted(self.per_dimension.items()):
            total = c["agree"] + c["disagree"]
            out.append(f"  {dim:24s} {c['agree']:4d}/{total:<4d} agree ({(c['agree'] / total if total else 1):.1%})")
        if self.disagreements:
            out.append("  disagreements:")
            for d in self.disagreements:
                out.append(
                    f"  - {d['authority']} {d['date']} {d['dimension']}: table {d['table']!r}, report {d['report']!r} "
                    f"({d['report_path']})"
                )
        return out


def _fieldwork(doc) -> tuple:
    ev = next((e for e in doc.events if not e.planned and e.start), None)
    if ev is None:
        return None, None, None
    return ev, ev.start.first_day(), (ev.end or ev.start).last_day()


def compare_outcomes(reports: list, table_docs: list, table_name: str) -> OutcomeComparison:
    """Each table inspection matched to the report of the same authority whose fieldwork (or
    publication) is within `MATCH_DAYS` of the table's date; every graded dimension compared."""
    from trajectories.authorities import LINEAGE

    renamed = {ln.predecessor: ln.successor for ln in LINEAGE if ln.kind == "rename"}
    by_code: dict[str, list] = {}
    for doc in reports:
        by_code.setdefault(doc.authority.code, []).append(doc)
    per_dim: dict[str, Counter] = {}
    disagreements, unmatched = [], []
    rows = matched = 0
    for tdoc in table_docs:
        for tev in tdoc.events:
            if not tev.judgements or tev.planned:
                continue
            rows += 1
            when = (tev.start or tev.published).first_day() if (tev.start or tev.published) else None
            candidates = []
            for doc in by_code.get(tdoc.authority.code, []) + by_code.get(renamed.get(tdoc.authority.code, ""), []):
                ev, start, end = _fieldwork(doc)
                if ev is None or when is None:
                    continue
                gap = 0 if start <= when <= end else min(abs((when - start).days), abs((when - end).days))
                if ev.published and abs((ev.published.first_day() - when).days) < gap:
                    gap = abs((ev.published.first_day() - when).days)
                candidates.append((gap, doc, ev))
            candidates.sort(key=lambda c: c[0])
            if not candidates or candidates[0][0] > MATCH_DAYS:
                unmatched.append(f"{tdoc.authority.name} {when}")
                continue
            matched += 1
            _, doc, ev = candidates[0]
            ours = {j.dimension.value: j for j in ev.judgements if j.level is not None}
            for tj in tev.judgements:
                dim = tj.dimension.value
                mine = ours.get(dim)
                if mine is None and dim in _IN_CARE:
                    mine = next((ours[d] for d in _IN_CARE if d in ours), None)
                    dim = "children_in_care (either)"
                counter = per_dim.setdefault(dim, Counter())
                theirs = tj.level.point if tj.level else None
                if mine is not None and theirs is not None and mine.level.point == theirs:
                    counter["agree"] += 1
                else:
                    counter["disagree"] += 1
                    disagreements.append(
                        {
                            "authority": tdoc.authority.name,
                            "date": str(when),
                            "dimension": dim,
                            "table": tj.raw_phrase,
                            "report": mine.raw_phrase if mine else "(no such grade)",
                            "report_path": doc.source.path,
                        }
                    )
    return OutcomeComparison(table_name, rows, matched, per_dim, disagreements, unmatched)


def framework_coverage(reports: list) -> list[str]:
    """Reports that lack an overall judgement or fieldwork dates, by framework (SIF and earlier
    must have both; the April 2026 format has no overall grade by design)."""
    missing = []
    for doc in reports:
        ev = next((e for e in doc.events if not e.planned), None)
        if ev is None:
            missing.append(f"{doc.source.path}: no event")
            continue
        has_overall = any(j.dimension.value == "overall" and j.level is not None for j in ev.judgements)
        if (
            ev.framework in ("ofsted_sif", "ofsted_pre_sif")
            and ev.event_type != "ofsted_lscb_review"
            and not (has_overall and ev.start and ev.end)
        ):
            missing.append(f"{doc.source.path}: {ev.framework} without overall judgement or dates")
    return missing


# ---- where each authority stands, against Ofsted's own table and the latest report read ----------

LATER_DAYS = 60  # a position this long after the table's inspection comes from a later inspection


@dataclass
class PositionComparison:
    as_at: object
    compared: int
    agree: int
    explained: list[str]
    disagreements: list[str]
    report_agree: int
    report_compared: int

    def lines(self) -> list[str]:
        out = [
            f"== positions as at {self.as_at}: {self.agree}/{self.compared} English authorities agree with the table",
            f"   current positions agree with the latest report read: {self.report_agree}/{self.report_compared}",
        ]
        if self.explained:
            out.append(f"  explained ({len(self.explained)}):")
            out += [f"  - {line}" for line in self.explained]
        out.append(f"  unexplained disagreements: {len(self.disagreements)}")
        out += [f"  - {line}" for line in self.disagreements]
        return out


def compare_positions(
    states, table_docs: list, table_name: str, names: dict[str, str], existing: set[str], as_at=None, today=None
) -> PositionComparison:
    """The product's position of every English authority that existed (`existing`) against the
    overall grade in Ofsted's outcome table (`table_docs`, read by the table reader) on the
    table's date (`as_at`, default: its latest inspection plus `LATER_DAYS`), and its current
    position against the latest report read for it. A difference is *explained* when the
    product's position comes from a later full inspection than the one compared with (it is
    named), and listed with both sources otherwise."""
    import datetime as dt

    from trajectories import positions

    today = today or dt.date.today()
    rows = _table_grades(table_docs)
    latest = max((r[1] for r in rows), default=None)
    as_at = as_at or (latest + dt.timedelta(days=LATER_DAYS) if latest else today)
    then = {r["authority_code"]: r for r in positions.as_at(states, as_at).to_dict("records")}
    explained, disagreements = [], []
    agree = compared = 0
    for code, day, level, phrase in sorted(rows, key=lambda r: names.get(r[0], r[0])):
        if code not in existing or day > as_at:
            continue
        compared += 1
        mine = then.get(code)
        name = names.get(code, code)
        if mine is not None and mine["kind"] == positions.KIND_GRADED and mine["level"] == level:
            agree += 1
        elif mine is not None and (mine["position_date"] - day).days > LATER_DAYS:
            explained.append(
                f"{name}: table {phrase!r} ({day}, {table_name}); here {mine['position']!r} from a later "
                f"inspection ({mine['position_date']}, {mine['position_source']})"
            )
        else:
            here = (
                f"{mine['position']!r} ({mine['position_date']}, {mine['position_source']})" if mine else "no position"
            )
            disagreements.append(f"{name}: table {phrase!r} ({day}, {table_name}); here {here}")
    report_agree, report_compared = _against_reports(states, today, existing, names, explained, disagreements)
    return PositionComparison(as_at, compared, agree, explained, disagreements, report_agree, report_compared)


def _table_grades(table_docs: list) -> list[tuple]:
    """(authority code on the day, day, level, phrase) of every overall grade in the outcome tables."""
    from trajectories import authorities

    rows = []
    for doc in table_docs:
        for ev in doc.events:
            overall = next((j for j in ev.judgements if j.dimension.value == "overall" and j.level), None)
            day = (ev.start or ev.published).first_day() if (ev.start or ev.published) else None
            if overall is None or day is None or ev.planned:
                continue
            rows.append((authorities.code_on(doc.authority.code, day), day, overall.level.point, overall.raw_phrase))
    return rows


def _against_reports(states, today, existing: set[str], names: dict[str, str], explained: list, disagreements: list):
    """Each authority's current position against the latest report read for it: how many agree and
    how many were compared; the differences go to `explained` or `disagreements`."""
    from trajectories import positions

    now = positions.as_at(states, today)
    current = {r["authority_code"]: r for r in now.to_dict("records")}
    reported = states[states["source_kind"] == "ofsted_report"].sort_values("date").groupby("authority_code").tail(1)
    report_agree = report_compared = 0
    for rec in reported.to_dict("records"):
        code = rec["authority_code"]
        if code not in existing:
            continue
        report_compared += 1
        mine = current.get(code)
        name = names.get(code, code)
        if mine is not None and mine["event_id"] == rec["event_id"]:
            report_agree += 1
        elif mine is not None and mine["position_date"] > rec["date"]:
            explained.append(
                f"{name}: latest report read {rec['position']!r} ({rec['date']}, {rec['source_path']}); "
                f"here {mine['position']!r} from a later inspection ({mine['position_date']}, "
                f"{mine['position_source']})"
            )
        else:
            here = (
                f"{mine['position']!r} ({mine['position_date']}, {mine['position_source']})" if mine else "no position"
            )
            disagreements.append(
                f"{name}: latest report read {rec['position']!r} ({rec['date']}, {rec['source_path']}); here {here}"
            )
    return report_agree, report_compared
