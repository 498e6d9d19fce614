"""Synthetic data shaped like the real corpus, at N times its size, for measuring how the product scales.

Contract:
- `estimate(conn)` reads the REAL rows of a database (synthetic ones are left out) and returns a
  `Model`: per nation, the chain of visit kinds (which kind follows which, which comes first, when
  a history ends), the days between visits, when histories start, graded levels (the first one and
  P(next level | level)), planned visits; per kind of visit, the joint shape of real visits (fieldwork
  length, publication lag, framework, the judgements relative to the overall level, how many
  direction and status signals and findings, how many other sources describe the same visit;
  visits with no date at all apart, as many per authority as the real ones have);
  the real judgement, direction and status wordings by level; and the real finding sentences with
  their section. Everything is sorted before sampling, so a model depends only on the data.
- `generate(model, count, seed, first=1)` yields `count` `ParsedDocument`s, one per synthetic
  authority (`first`, `first + 1`, ...): every event of its history with judgements, signals and
  findings. Finding texts are real sentences, tagged by the real tagger (`normalise.finding`). The
  n-th authority depends only on the model, the seed and n (`random.Random(f"{seed}:{n}")`), so a
  larger factor adds authorities without changing the ones already made.
- `authority(model, n)` is the reference row of synthetic authority n. Synthetic data is marked
  four ways and never mixes with real data silently: codes `X00000001`, names
  "Synthetic authority 00001", regions "Synthetic <real region>" (nations and regions follow the
  real list), and documents of kind `synthetic` at path `synthetic/seed-S/CODE` (no original file).
- `synthesize(engine, factor, seed)` makes the database about `factor` times the real corpus:
  (factor - 1) x the real authorities with visits are added as synthetic authorities (through
  `store.add_authorities`) and their documents are loaded through `store.store_file` as one load run
  ("synthesize ..."), many documents per write transaction. Each document has its own sha256
  (seed and code), so running it again changes nothing and a larger factor adds only what is
  missing. Data of another seed is refused (`Refused`): remove it first.
- `remove(engine)` undoes every synthesize run still in force and deletes the synthetic
  authorities left without documents; real data is untouched.

One module per job; every name is also `synthetic.X`: `marks` (how synthetic data is told apart),
`model` (`estimate`), `making` (`authority`, `document`, `generate`, `count_for`), `loading`
(`synthesize`, `remove`).
"""

from trajectories.synthetic.loading import SynthReport, remove, synthesize
from trajectories.synthetic.making import authority, count_for, document, generate
from trajectories.synthetic.marks import (
    BATCH,
    COMMAND,
    INSPECTORATE,
    KIND,
    MAX_VISITS,
    PREFIX,
    REGION_PREFIX,
    Refused,
    code_of,
    is_synthetic,
    name_of,
    real_only,
)
from trajectories.synthetic.model import Model, NationModel, VisitShape, estimate

__all__ = [
    "BATCH",
    "COMMAND",
    "INSPECTORATE",
    "KIND",
    "MAX_VISITS",
    "PREFIX",
    "REGION_PREFIX",
    "Model",
    "NationModel",
    "Refused",
    "SynthReport",
    "VisitShape",
    "authority",
    "code_of",
    "count_for",
    "document",
    "estimate",
    "generate",
    "is_synthetic",
    "name_of",
    "real_only",
    "remove",
    "synthesize",
]
