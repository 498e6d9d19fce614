"""Experiment: a learned corrector of the rule tagger, fitted only on findings the rules were never tuned on.

`docs/learned-tagger.md` records an earlier experiment, whose model learned to copy the rules because it was fitted on
the findings they were tuned on. This one is fitted on `findings_test3.csv` (drawn at random, never tuned on by any
rule) in 5-fold cross-validation grouped by document, optionally with the random development sets added to every
fold's training part. Features: TF-IDF word 1-2-grams of the finding and the rule tagger's reading (its polarity,
the rule that decided, concern and strength cue counts, the heading's class, the themes whose cues fired). Models:
a multinomial logistic regression for polarity, one per theme. Strategies: the model's polarity where it is at
least t sure (never over a section heading); themes of the rules plus those the model is at least `add` sure of,
less those it is under `rem` sure of. Not part of the product.

    pip install scikit-learn==1.9.1            # not a dependency of the product
    python scripts/learned_tagger_fresh.py [--with-development]

Prints polarity accuracy and theme macro-F1 of the rules alone, then of each strategy. Deterministic.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from trajectories import evaluation, normalise, themes  # noqa: E402
from trajectories.themes.sections import section_polarity  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
POL = ["strength", "concern", "action_required", "neutral"]
RULES = ["section", "continuation", "response", "modal", "suggestion", "inspection", "prospect", "cues", "no_cue",
         "plain_description"]  # fmt: skip
THEME_IDS = list(themes.THEMES)


def read(path: Path) -> list[dict]:
    """The labelled records, each with the rule tagger's reading and its dense features."""
    rows = evaluation.load_labelled(path)
    for r in rows:
        before = normalise.finding(r["previous"], r.get("previous_section", "")) if r.get("previous") else None
        f = normalise.finding(r["text"], r["section"], previous=before)
        r["read_pol"], r["rule"] = f.polarity.value, f.polarity_rule.split(":")[0]
        r["read_themes"] = {t.theme for t in f.themes}
        concerns, strengths, _ = themes._score(r["text"].lower())
        heading = section_polarity(r["section"]) if r["section"] else None
        r["dense"] = (
            [1.0 * (r["read_pol"] == p) for p in POL]
            + [1.0 * (r["rule"] == x) for x in RULES]
            + [min(concerns, 3) / 3, min(strengths, 3) / 3]
            + [1.0 * (heading is not None and heading.value == p) for p in POL]
            + [1.0 * (t in r["read_themes"]) for t in THEME_IDS]
        )
    return rows


def features(vec: TfidfVectorizer, rows: list[dict], fit: bool = False):
    texts = [r["text"].lower() for r in rows]
    words = vec.fit_transform(texts) if fit else vec.transform(texts)
    return sparse.hstack([words, sparse.csr_matrix(np.array([r["dense"] for r in rows]) * 3.0)]).tocsr()


def macro_f1(rows: list[dict], read_themes: list[set]) -> float:
    return evaluation.theme_macro_f1([r["themes"] for r in rows], read_themes)


def cross_validate(rows: list[dict], extra: list[dict], c: float, weight: str | None):
    """Out-of-fold polarity and theme probabilities for every record of `rows`."""
    pol, th = np.zeros((len(rows), len(POL))), np.zeros((len(rows), len(THEME_IDS)))
    for tr, te in GroupKFold(5).split(rows, groups=[r["document"] for r in rows]):
        train, test = [rows[i] for i in tr] + extra, [rows[i] for i in te]
        vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
        x_train, x_test = features(vec, train, fit=True), features(vec, test)
        y = np.array([POL.index(r["polarity"]) for r in train])
        model = LogisticRegression(C=c, max_iter=3000, class_weight=weight).fit(x_train, y)
        pol[np.ix_(te, model.classes_)] = model.predict_proba(x_test)
        for j, t in enumerate(THEME_IDS):
            yt = np.array([t in r["themes"] for r in train])
            if yt.sum() < 3 or yt.all():
                th[te, j] = [1.0 * (t in r["read_themes"]) for r in test]
            else:
                th[te, j] = LogisticRegression(C=c, max_iter=3000).fit(x_train, yt).predict_proba(x_test)[:, 1]
    return pol, th


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--with-development", action="store_true", help="add the random development sets to training")
    args = parser.parse_args()
    rows = read(DATA / "findings_test3.csv")
    extra = [r for n in ("", "2", "3", "4", "5") for r in read(DATA / f"findings_dev_random{n}.csv")]
    extra = extra if args.with_development else []
    rules = np.mean([r["read_pol"] == r["polarity"] for r in rows])
    rules_themes = macro_f1(rows, [r["read_themes"] for r in rows])
    print(f"{len(rows)} findings; rules alone: polarity {rules:.3f}, themes {rules_themes:.3f}")
    for c in (1.0, 3.0, 10.0):
        for weight in (None, "balanced"):
            pol, th = cross_validate(rows, extra, c, weight)
            out = [f"C={c:g} {weight or 'unweighted'}:"]
            for t in (0.5, 0.6, 0.7, 0.8, 0.9):
                read_pol = [
                    POL[int(p.argmax())] if p.max() >= t and r["rule"] != "section" else r["read_pol"]
                    for p, r in zip(pol, rows, strict=True)
                ]
                out.append(
                    f"pol@{t:g} {np.mean([a == r['polarity'] for a, r in zip(read_pol, rows, strict=True)]):.3f}"
                )
            for add, rem in ((0.5, 0.0), (0.6, 0.1), (0.5, 0.1), (0.7, 0.2)):
                read_th = [
                    ({t for j, t in enumerate(THEME_IDS) if p[j] >= add} | r["read_themes"])
                    - {t for j, t in enumerate(THEME_IDS) if p[j] < rem}
                    for p, r in zip(th, rows, strict=True)
                ]
                out.append(f"themes+{add:g}-{rem:g} {macro_f1(rows, read_th):.3f}")
            print(" ".join(out))


if __name__ == "__main__":
    main()
