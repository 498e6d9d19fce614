"""The authority reference list and matching of names as documents write them.

Contract:
- `reference()` returns every English upper-tier authority (from the Ofsted provider lookup),
  the 22 Welsh principal areas and the 32 Scottish council areas (from ONS LAD 2023), plus the
  predecessor councils of recent reorganisations, each an `Authority` keyed by its ONS/GSS code.
- `match(name)` resolves a name as written ("Wrexham CBC", "City of Bradford Metropolitan
  District Council", "St. Helens", "Brighton & Hove", "Bradford Children and Families Trust")
  to an `Authority`, or None. Exact match on a normalised key first, then a conservative fuzzy
  match (rapidfuzz) that must be unambiguous.
- `find_in_text(text)` finds the authority a document is about from its opening lines.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from trajectories.domain import Nation
from trajectories.paths import DATA_DIR

REFERENCE_DIR = DATA_DIR / "reference"


@dataclass(frozen=True)
class Authority:
    code: str  # ONS/GSS code (E06/E08/E09/E10, W06, S12)
    name: str  # display name
    short_name: str
    nation: Nation
    region: str
    ofsted_urn: str | None = None
    dfe_la_code: str | None = None
    name_cy: str | None = None
    aliases: tuple[str, ...] = ()
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    stat_neighbours: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lineage:
    predecessor: str
    successor: str
    effective: dt.date
    kind: str  # merge | split | rename


# Reorganisations since 2019 (effective dates from the orders that created the new councils).
LINEAGE: tuple[Lineage, ...] = (
    Lineage("E06000028", "E06000058", dt.date(2019, 4, 1), "merge"),  # Bournemouth -> BCP
    Lineage("E06000029", "E06000058", dt.date(2019, 4, 1), "merge"),  # Poole -> BCP
    Lineage("E10000009", "E06000059", dt.date(2019, 4, 1), "merge"),  # Dorset CC -> Dorset Council
    Lineage("E10000021", "E06000061", dt.date(2021, 4, 1), "split"),  # Northamptonshire -> North
    Lineage("E10000021", "E06000062", dt.date(2021, 4, 1), "split"),  # Northamptonshire -> West
    Lineage("E10000006", "E06000063", dt.date(2023, 4, 1), "split"),  # Cumbria -> Cumberland
    Lineage("E10000006", "E06000064", dt.date(2023, 4, 1), "split"),  # Cumbria -> Westmorland and Furness
    Lineage("E10000023", "E06000065", dt.date(2023, 4, 1), "rename"),  # North Yorkshire CC -> unitary
    Lineage("E10000027", "E06000066", dt.date(2023, 4, 1), "rename"),  # Somerset CC -> unitary
)
# Predecessors that are not in the current lookup: (code, name, region, valid_to).
_HISTORIC = (
    ("E06000028", "Bournemouth", "South West", dt.date(2019, 3, 31)),
    ("E06000029", "Poole", "South West", dt.date(2019, 3, 31)),
    ("E10000009", "Dorset County Council", "South West", dt.date(2019, 3, 31)),
    ("E10000023", "North Yorkshire County Council", "Yorkshire and the Humber", dt.date(2023, 3, 31)),
    ("E10000027", "Somerset County Council", "South West", dt.date(2023, 3, 31)),
)
# Trusts and other delivery bodies named instead of their council (docs/domain-rules.md §1.1).
_DELIVERY_BODIES = {
    "together for children": "E08000024",  # Sunderland
    "achieving for children": None,  # serves several councils: ambiguous on its own
    "worcestershire children first": "E10000034",
    "slough children first": "E06000039",
}

_SUFFIXES = re.compile(
    r"\b(?:county borough council|metropolitan district council|metropolitan borough council|"
    r"borough council|city council|county council|district council|council|cbc|mbc|cc|"
    r"children'?s (?:and families |services )?trust|children and families trust|children first|"
    r"local authority|children'?s services|children'?s social care|social services)\b"
)
_PREFIXES = re.compile(
    r"^(?:the )?(?:london borough of|royal borough of|city and county of|county of|city of|borough of|"
    r"metropolitan borough of|council of the)\s+"
)


@functools.lru_cache(maxsize=1 << 16)  # a pure function of the text; readers look up the same words again and again
def name_key(name: str) -> str:
    """The matching key of a name: lower case, '&' -> 'and', punctuation and council words dropped."""
    text = name.lower().replace("’", "'").replace("&", " and ")
    text = re.sub(r"\bst\.?\s", "st ", text)
    text = re.sub(r"[^\w' -]", " ", text).replace("-", " ")
    text = re.sub(r"\s+", " ", text).strip()
    for _ in range(2):
        text = _PREFIXES.sub("", text)
        text = _SUFFIXES.sub(" ", text)
        text = re.sub(r"\s+", " ", text).strip()
        text = re.sub(r"(?:,| ) ?city of$|, ?the$", "", text).strip(" ,")
    text = text.replace("'", "")
    return re.sub(r"\s+", " ", text).strip()


def _england(path: Path) -> list[Authority]:
    out = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            aliases = {row["local_authority_ons_name"], row["utla23nm"], row["ltla23nm"]}
            aliases |= {a.strip() for a in row["also_known_as"].strip("[]").split(",") if a.strip()}
            name = row["local_authority_ons_name"]
            display = re.sub(r"^(.*), City of$", r"\1", name)
            neighbours = tuple(c.strip() for c in row["stat_neighbours_la_code"].split(",") if c.strip())
            out.append(
                Authority(
                    code=row["la_code_new"],
                    name=display,
                    short_name=display,
                    nation=Nation.ENGLAND,
                    region=row["region_name"],
                    ofsted_urn=row["urn"] or None,
                    dfe_la_code=row["la_code"] or None,
                    aliases=tuple(sorted(a for a in aliases if a)),
                    stat_neighbours=neighbours,
                )
            )
    return out


_WELSH_COUNCIL_NAMES = {
    "Isle of Anglesey": "Isle of Anglesey County Council",
    "Cardiff": "Cardiff Council",
    "Swansea": "City and County of Swansea",
    "Vale of Glamorgan": "Vale of Glamorgan Council",
    "Gwynedd": "Gwynedd Council",
    "Powys": "Powys County Council",
    "Ceredigion": "Ceredigion County Council",
    "Pembrokeshire": "Pembrokeshire County Council",
    "Carmarthenshire": "Carmarthenshire County Council",
    "Monmouthshire": "Monmouthshire County Council",
    "Denbighshire": "Denbighshire County Council",
    "Flintshire": "Flintshire County Council",
    "Newport": "Newport City Council",
}
_WELSH_ALIASES = {"Isle of Anglesey": ("Anglesey", "Ynys Mon"), "Rhondda Cynon Taf": ("Rhondda Cynon Taff",)}
_SCOTTISH_ALIASES = {
    "Na h-Eileanan Siar": ("Comhairle nan Eilean Siar", "Western Isles", "Eilean Siar", "Na h-Eileanan an Iar"),
    "City of Edinburgh": ("Edinburgh",),
    "Glasgow City": ("Glasgow",),
    "Aberdeen City": ("Aberdeen",),
    "Dundee City": ("Dundee",),
    "Orkney Islands": ("Orkney",),
    "Shetland Islands": ("Shetland",),
    "Scottish Borders": ("Borders",),
}


def _wales_scotland(path: Path) -> list[Authority]:
    out = []
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            code, short = row["LAD23CD"], row["LAD23NM"]
            if code.startswith("W06"):
                name = _WELSH_COUNCIL_NAMES.get(short, f"{short} County Borough Council")
                cy = row["LAD23NMW"] or None
                aliases = (short, name) + ((cy,) if cy else ()) + _WELSH_ALIASES.get(short, ())
                out.append(Authority(code, name, short, Nation.WALES, "Wales", name_cy=cy, aliases=aliases))
            elif code.startswith("S12"):
                name = f"{short} Council" if not short.startswith("Na h-") else "Comhairle nan Eilean Siar"
                aliases = (short, name) + _SCOTTISH_ALIASES.get(short, ())
                out.append(Authority(code, name, short, Nation.SCOTLAND, "Scotland", aliases=aliases))
    return out


@functools.lru_cache(maxsize=1)
def reference() -> tuple[Authority, ...]:
    authorities = _england(REFERENCE_DIR / "Provider_data_lookup.csv")
    authorities += _wales_scotland(REFERENCE_DIR / "lad23_codes_names.csv")
    known = {a.code for a in authorities}
    for code, name, region, valid_to in _HISTORIC:
        if code not in known:
            authorities.append(Authority(code, name, name, Nation.ENGLAND, region, aliases=(name,), valid_to=valid_to))
    # A predecessor that is still listed (Cumbria, Northamptonshire) ends on its successor's first day.
    ends = {ln.predecessor: ln.effective - dt.timedelta(days=1) for ln in LINEAGE}
    starts = {ln.successor: ln.effective for ln in LINEAGE}
    final = []
    for a in authorities:
        changes = {}
        if (
            a.code in ends
            and a.valid_to is None
            and not any(ln.kind == "rename" and ln.predecessor == a.code for ln in LINEAGE)
        ):
            changes["valid_to"] = ends[a.code]
        if a.code in starts:
            changes["valid_from"] = starts[a.code]
        final.append(Authority(**{**a.__dict__, **changes}) if changes else a)
    return tuple(sorted(final, key=lambda a: (a.nation.value, a.name)))


@functools.lru_cache(maxsize=1)
def by_code() -> dict[str, Authority]:
    return {a.code: a for a in reference()}


@functools.lru_cache(maxsize=1)
def _index() -> dict[str, str]:
    index: dict[str, str] = {}
    ambiguous: set[str] = set()
    for a in reference():
        for alias in {a.name, a.short_name, *a.aliases}:
            key = name_key(alias)
            if not key:
                continue
            if key in index and index[key] != a.code:
                # Keep the current authority over a predecessor with the same name.
                current = [c for c in (index[key], a.code) if by_code()[c].valid_to is None]
                if len(current) == 1:
                    index[key] = current[0]
                else:
                    ambiguous.add(key)
                continue
            index[key] = a.code
    for key in ambiguous:
        index.pop(key, None)
    for alias, code in _DELIVERY_BODIES.items():
        if code:
            index[name_key(alias)] = code
    return index


def match(name: str | None, *, on: dt.date | None = None) -> Authority | None:
    """The authority a written name refers to, or None when unknown or ambiguous."""
    if not name or not name.strip():
        return None
    key = name_key(name)
    if not key:
        return None
    index = _index()
    code = index.get(key)
    if code is None and key.endswith(" upon hull"):
        code = index.get("hull")
    if code is None and len(key) >= 4:
        found = process.extract(key, list(index), scorer=fuzz.ratio, limit=2)
        if found and found[0][1] >= 92 and (len(found) == 1 or found[1][1] < found[0][1] - 3):
            code = index[found[0][0]]
    if code is None:
        return None
    authority = by_code()[code]
    if on is not None:
        successor = _successor_on(authority, on)
        if successor is not None:
            return successor
    return authority


def code_on(code: str, on: dt.date | None) -> str:
    """The code of the authority that held `code`'s area and service on `on`: a council renamed
    with a new code (same area) is its successor from the change; a council split or merged
    keeps its own code (its history is drawn apart on its successors' charts)."""
    authority = by_code().get(code)
    if authority is None or on is None:
        return code
    successor = _successor_on(authority, on)
    return successor.code if successor is not None else code


def _successor_on(authority: Authority, on: dt.date) -> Authority | None:
    """A renamed council (same area, new code) is its successor after the change."""
    for ln in LINEAGE:
        if ln.predecessor == authority.code and ln.kind == "rename" and on >= ln.effective:
            return by_code()[ln.successor]
    return None


def find_in_text(text: str) -> tuple[str, Authority] | None:
    """The first name in `text` that matches an authority: (name as written, authority)."""
    for m in re.finditer(
        r"[A-Z][\w'’.&\-]*(?:[ ,]+(?:[A-Z][\w'’.&\-]*|and|of|upon|on|the|le|with|in|&|y|nan|h-Eileanan))*", text
    ):
        candidate = m.group(0).strip(" ,")
        words = candidate.split()
        # Try the longest run first, then shorter suffix/prefix windows.
        for size in range(min(len(words), 9), 0, -1):
            for start in range(0, len(words) - size + 1):
                piece = " ".join(words[start : start + size]).strip(" ,")
                if len(piece) < 3:
                    continue
                key = name_key(piece)
                if key and key in _index():
                    return piece, by_code()[_index()[key]]
    return None


def match_exact(name: str | None) -> Authority | None:
    """The authority whose name or alias has exactly this matching key (no fuzzy match), or None."""
    key = name_key(name or "")
    code = _index().get(key) if key else None
    return by_code()[code] if code else None
