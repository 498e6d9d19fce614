"""Draw a random sample of findings, as the document readers give them, for hand labelling.

The labelled sets under tests/data measure the theme and polarity tagger. A set drawn at random from what the
readers hand to the tagger is the fairest picture of what a leader meets on the dashboard; this script makes such
a draw reproducible. It reads every document under the shared data's Ofsted report, focused-visit and Welsh and
Scottish page folders that no labelled set (`tests/data/findings_*.csv`) already uses, pools every finding of every
event in document order, and samples each stratum with `random.Random(seed)`.

    sets="tests/data/findings_dev.csv tests/data/findings_dev_random.csv tests/data/findings_holdout.csv \
          tests/data/findings_test.csv"
    python scripts/draw_findings.py --seed 20261208 --prefix a --reports 125 --letters 115 --pages 20 \
        --exclude-from $sets > draw_a.jsonl
    python scripts/draw_findings.py --seed 20261209 --prefix b --reports 130 --letters 120 --pages 40 \
        --exclude-from $sets draw_a.jsonl > draw_b.jsonl

Each output line is one finding: id, document (relative to the data folder), section, text, and the two findings
before it in its document (`before`), which a labeller reads when the finding leans on them. `--exclude-from` also
takes another draw's output, so two draws made one after the other share no document. A draw repeats exactly while
the readers give the same findings: a reader that changes what it finds in one stratum changes that stratum's draw
(the Welsh pages of the draws behind the labelled sets were drawn before a lower-case "next steps" became a heading).
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import loaders  # noqa: E402
from trajectories.domain import DocumentError  # noqa: E402
from trajectories.paths import DATA_DIR  # noqa: E402

STRATA = {
    "reports": "ofsted/ofsted_ilacs_reports",
    "letters": "ofsted/ofsted_focused_visits",
    "pages": "wales_scotland_pages",
}
SUFFIXES = {".txt", ".pdf", ".html"}


def used_documents(paths: list[str]) -> set[str]:
    out: set[str] = set()
    for path in paths:
        if path.endswith(".jsonl"):
            with open(path, encoding="utf-8") as fh:
                out |= {json.loads(line)["document"] for line in fh if line.strip()}
        else:
            with open(path, encoding="utf-8", newline="") as fh:
                out |= {row["document"] for row in csv.DictReader(fh)}
    return out


def findings_of(data: Path, rel: str) -> list[dict]:
    """Every finding of every event of one document, in document order, with the two findings before it."""
    try:
        docs = loaders.read_file(data / rel)
    except DocumentError:
        return []
    items: list[dict] = []
    for doc in docs:
        for event in doc.events:
            for finding in event.findings:
                before = items[-2:]
                items.append(
                    {
                        "document": rel,
                        "section": finding.section,
                        "text": finding.text,
                        "before": [b["text"] for b in before],
                        "previous_section": before[-1]["section"] if before else "",
                    }
                )
    return items


def pool(data: Path, folder: str, skip: set[str]) -> list[dict]:
    items: list[dict] = []
    for path in sorted((data / folder).rglob("*")):
        rel = path.relative_to(data).as_posix()
        if path.suffix.lower() in SUFFIXES and rel not in skip:
            items += findings_of(data, rel)
    return items


def add_context(path: Path, data: Path) -> None:
    """Give a labelled CSV drawn from the readers' output the finding before each of its findings in its
    document (`previous`, `previous_section`; empty for a document's first finding, and for one the readers
    no longer give, which is reported), so the tagger is scored with the context it has in the product."""
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = [f for f in reader.fieldnames if not f.startswith("previous")], list(reader)
    by_doc: dict[str, dict[str, dict]] = {}
    for row in rows:
        doc = row["document"]
        if doc not in by_doc:
            by_doc[doc] = {it["text"]: it for it in findings_of(data, doc)}
        item = by_doc[doc].get(row["text"])
        if item is None:
            print(f"{path}: {row['id']}: the readers no longer give this finding; no context", file=sys.stderr)
        row["previous"] = item["before"][-1] if item and item["before"] else ""
        row["previous_section"] = item["previous_section"] if item else ""
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, [*fields, "previous", "previous_section"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(DATA_DIR.parent.parent / "shared" / "data"))
    parser.add_argument("--seed", type=int)
    parser.add_argument("--prefix", help="id prefix, e.g. 'a' gives a0001, a0002 ...")
    parser.add_argument("--context", nargs="*", default=[], help="labelled CSVs to give their previous findings")
    parser.add_argument("--exclude-from", nargs="*", default=[], help="labelled CSVs or draws to skip")
    for name in STRATA:
        parser.add_argument(f"--{name}", type=int, default=0)
    args = parser.parse_args()
    data = Path(args.data)
    if args.context:
        for path in args.context:
            add_context(Path(path), data)
        return
    if args.seed is None or args.prefix is None:
        parser.error("a draw needs --seed and --prefix")
    skip = used_documents(args.exclude_from)
    rng = random.Random(args.seed)
    n = 0
    for name, folder in STRATA.items():
        items = pool(data, folder, skip)
        print(f"{name}: {len(items)} findings in the pool", file=sys.stderr)
        for item in rng.sample(items, min(getattr(args, name), len(items))):
            n += 1
            print(json.dumps({"id": f"{args.prefix}{n:04d}", **item}, ensure_ascii=False))


if __name__ == "__main__":
    main()
