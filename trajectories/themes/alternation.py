"""Many cue patterns -> one fast regular expression.

Contract: `_alternation(cues)` is one pattern matching what any of the lower-case `cues` matches,
anchored at a word start, with the alternatives grouped by their first letter so the engine rejects
most positions on one character compare; `_compile(cues)` does that per theme (or, given flags, a
plain alternation). `_branches` and `_first_letter` tell the tagger which letters a cue can start with.
Pure functions of the pattern text.
"""

from __future__ import annotations

import re


def _branches(cue: str) -> list[str]:
    """The top-level alternatives of a cue pattern ("kinship|connected carers?" -> two)."""
    out, depth, in_class, start, i = [], 0, False, 0, 0
    while i < len(cue):
        ch = cue[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append(cue[start:i])
            start = i + 1
        i += 1
    return [d for b in out + [cue[start:]] for d in _distribute(b)]


def _distribute(branch: str) -> list[str]:
    """A branch that opens with a group of alternatives ("(?:caseloads?|workloads?) remain high")
    as one branch per alternative ("caseloads? remain high", "workloads? remain high"), so each
    starts with a known letter (see `_alternation`). Other branches are returned as they are."""
    lead = ""
    while branch.startswith(r"\b"):
        lead, branch = lead + r"\b", branch[2:]
    if not branch.startswith("(?:"):
        return [lead + branch]
    depth, i = 0, 0
    while i < len(branch):
        ch = branch[i]
        if ch == "\\":
            i += 2
            continue
        depth += ch == "("
        depth -= ch == ")"
        if depth == 0:
            break
        i += 1
    rest = branch[i + 1 :]
    if i >= len(branch) or rest[:1] in ("?", "*", "+", "{") or "[" in branch[:i]:
        return [lead + branch]
    alternatives = _branches(branch[3:i])
    return [lead + alt + rest for alt in alternatives]


def _first_letter(cue: str) -> str | None:
    """The letter every match of `cue` (one alternative, see `_branches`) starts with, when its
    pattern makes that certain."""
    while cue.startswith(r"\b"):
        cue = cue[2:]
    if cue[:1].isalnum() and cue[1:2] not in ("?", "*", "{", "|"):
        return cue[0]
    return None


_LOOKBEHIND = re.compile(r"\(\?<!([a-z' ]+)\)")
_OPTIONAL_WORDS = re.compile(r"\(\?:([a-z' |]+)\)\?")


def _lettered(branch: str) -> list[tuple[str | None, str]]:
    """A branch without a certain first letter (see `_first_letter`) as (letter, what follows the
    letter) pairs that match what it matches, in the order it tries them, when it opens with plain
    negative lookbehinds and an optional group of plain words ("(?<!senior )(?:team |service )?
    managers?"): each lookbehind then ends with the letter. (None, branch) for any other shape."""
    behind = []
    while True:
        if branch.startswith(r"\b"):
            branch = branch[2:]
        elif m := _LOOKBEHIND.match(branch):
            behind.append(m.group(1))
            branch = branch[m.end() :]
        else:
            break
    m = _OPTIONAL_WORDS.match(branch)
    alternatives = [*(w + branch[m.end() :] for w in m.group(1).split("|")), branch[m.end() :]] if m else [branch]
    out: list[tuple[str | None, str]] = []
    for alt in alternatives:
        letter = _first_letter(alt)
        if letter is None:
            return [(None, branch)]
        while alt.startswith(r"\b"):
            alt = alt[2:]
        out.append((letter, "".join(f"(?<!{b}{letter})" for b in behind) + alt[1:]))
    return out


def _alternation(cues: list[str]) -> re.Pattern:
    """One pattern for a list of lower-case cues, anchored at a word start: each cue's alternatives
    are grouped by their first letter, which is matched once for the group (the engine rejects a
    group on one character compare), several times faster than a flat alternation. Match it
    against lower-cased text."""
    groups: dict[str | None, list[str]] = {}
    for branch in (b for cue in cues for b in _branches(cue)):
        letter = _first_letter(branch)
        if letter:
            while branch.startswith(r"\b"):
                branch = branch[2:]
            branch = branch[1:]  # the group matches the letter
        groups.setdefault(letter, []).append(branch)
    lettered = [pair for branch in groups.get(None, ()) for pair in _lettered(branch)]
    if None in groups and None not in (letter for letter, _ in lettered):
        # Branches without a certain first letter are tried at every word boundary and cost as much
        # as all the others: placed in their letters' groups, where they are tried in the same
        # order against the other branches as the group of them was.
        keys = list(groups)
        ahead = keys.index(None)
        for letter, branch in reversed(lettered):
            if letter in groups and keys.index(letter) > ahead:
                groups[letter].insert(0, branch)
        for letter, branch in lettered:
            if letter not in keys or keys.index(letter) < ahead:
                groups.setdefault(letter, []).append(branch)
        del groups[None]
    parts = []
    for letter, members in groups.items():
        body = "|".join(f"(?:{c})" for c in members)
        parts.append(f"{letter}(?:{body})" if letter else f"(?:{body})")
    return re.compile(r"\b(?:" + "|".join(parts) + ")")


def _compile(cues: dict[str, list[str]], flags: int = 0) -> dict[str, re.Pattern]:
    if flags:
        return {k: re.compile("|".join(f"(?:{c})" for c in v), flags) for k, v in cues.items()}
    return {k: _alternation(v) for k, v in cues.items()}
