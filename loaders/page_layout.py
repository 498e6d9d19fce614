"""Welsh and Scottish pages' layout: content blocks without site furniture (menus, banners, letterheads),
the page's title, whether it stops mid-sentence, what kind of source it is, and its sentences with offsets."""

from __future__ import annotations

import re

from loaders.structure import Block, blocks
from trajectories import dates
from trajectories.text import sentences

# Site furniture and banners: never findings, never sentences of the page.
_NOISE = re.compile(
    r"^(?:skip to (?:main )?content|global keyword search|search site|share this page|print this page|"
    r"news\s*news|news|agenda item|issue - meetings|download documents|leave a comment|continue reading|"
    r"page created by|upload:|post on|category:|\d+ (?:views|downloads?)|transcript|last updated:?|"
    r"first published:?|additional documents:?|minutes:?|decision:?|documents)\b|"
    r"^this was published under the \d{4} to \d{4} administration|"
    r"^[\w ]{1,30} logo$|^category:?$|^upload:|^post on\b|"
    r"cookie|coronavirus|covid-19 vaccination|no matter how mild your symptoms|get the latest covid|"
    r"\[email\s*protected\]|email protected|arolygiaeth gofal cymru \(agc\)|swyddfa llywodraeth cymru|"
    r"rydym yn croesawu|we welcome receiving correspondence|mae['’]r ddogfen yma|"
    r"this document is also available in welsh|"
    r"©\s*crown copyright|digital isbn|black and white image|pdf icon|^\d{4} \d{3} \d{3,4}$|"
    r"^(?:\d+\s+)?(?:days?|hours?) ago$|^(?:news|home)\s*[›>]|"
    r"^(?:(?:first )?published|date|posted on|last updated)\s*:?\s*(?:[A-Z][a-z]+day\s+)?\d{1,2}(?:st|nd|rd|"
    r"th)?\s+\w+\s+\d{4}$",
    re.I,
)


def content_blocks(text: str) -> list[Block]:
    """Blocks of the page without its furniture. A page scraped one paragraph a line (few blank
    lines) is read a line a block, so its headings and bullets are not run into one paragraph."""
    lines = text.splitlines()
    filled = sum(1 for line in lines if line.strip())
    if filled > 3 and len(lines) - filled < 0.25 * filled:
        return [b for b in _line_blocks(text) if not is_noise(b.text)]
    return [b for b in blocks(text) if not is_noise(b.text)]


_LINE_BULLET = re.compile(r"^\s*(?:[•◼▪■●◦‣∙·\uf0b7\uf0a7]|[-*](?=\s))\s*")
_LINE_NUMBER = re.compile(r"^\s*(\d{1,3})\.\s+(?=[A-Z‘“'\"(])")


def _line_blocks(text: str) -> list[Block]:
    out: list[Block] = []
    heading = ""
    pos = 0
    for line in text.splitlines(keepends=True):
        start, pos = pos, pos + len(line)
        body = line.rstrip("\r\n")
        if not body.strip():
            continue
        end = start + len(body)
        bullet, number = _LINE_BULLET.match(body), _LINE_NUMBER.match(body)
        tidy_text = " ".join(body.split())
        if bullet or number:
            cut = (bullet or number).end()
            out.append(
                Block(
                    "bullet" if bullet else "numbered",
                    " ".join(body[cut:].split()),
                    start + cut,
                    end,
                    heading,
                    number.group(1) if number else None,
                )
            )
        elif _heading_line(tidy_text):
            heading = tidy_text
            out.append(Block("heading", tidy_text, start, end, ""))
        else:
            out.append(Block("para", tidy_text, start, end, heading))
    return out


def _heading_line(text: str) -> bool:
    words = text.split()
    if not words or len(words) > 14 or len(text) > 110 or text[0].islower():
        return False
    return not re.search(r"[.,;'’\"”)]$", text) and not re.fullmatch(r"[\d\W]+", text)


def is_noise(text: str) -> bool:
    t = text.strip(" •·\t-")
    if not t or re.fullmatch(r"[\W\d_]*", t):
        return True
    found = dates.find_ranges(t)
    if found and found[0].span.start == 0 and found[0].span.end >= len(t) - 1:  # a date on its own line
        return True
    return bool(_NOISE.search(t)) and len(t) < 400


def page_title(text: str, bl: list[Block]) -> str:
    """The page's title: its first line that is not site furniture, when short enough to be one."""
    for line in text.splitlines():
        bare = " ".join(line.split()).strip(" •·-")
        if not bare or is_noise(bare) or (dates.find_ranges(bare) and len(bare) < 30):
            continue
        if len(bare) <= 200 and not re.search(r"[.;,:]$", bare):
            return bare
        break
    return ""


def looks_cut_off(bl: list[Block]) -> bool:
    last = next((b for b in reversed(bl) if b.kind != "heading"), None)
    if last is None:
        return True
    return not re.search(r"[.!?:)\"'’”]\s*$", last.text)


def source_kind(text: str) -> tuple[str, str]:
    """The kind of source in words and the basis its direction signals carry."""
    head = text[:3000]
    if re.search(
        r"\b(?:Minister|Ysgrifennydd|Dirprwy Weinidog|STATEMENT BY THE WELSH|written statement)\b", head[:1200]
    ):
        return "a ministerial statement quoting the inspectorate", "press"
    if re.search(
        r"\b(?:Minutes:|Agenda item|RESOLVED|Cabinet Committee|Scrutiny (?:Committee|Board)|Technical Notes?|"
        r"Report by:|presented the report|the Committee|Members discussed|Lead Member)\b",
        head,
    ):
        return "a council committee paper quoting the inspectorate", "council_minute"
    if re.search(
        r"\bCouncill?or\b[^.]{0,80}\bsaid\b|\bCouncil (?:has )?welcomed\b|\bwe have welcomed\b|"
        r"\bour (?:children|social)"
        r"|\bour services\b|\bCouncil publishes\b|\bChief Officer[^.]{0,40}said\b",
        head,
    ):
        return "a council press release quoting the inspectorate", "press"
    if re.search(r"\b(?:blog|Leave a Comment)\b", text[-400:] + head[:300]):
        return "a web page quoting the inspectorate", "press"
    return "the inspectorate's own page or letter", "primary_source"


def all_sentences(bl: list[Block], text: str) -> list[tuple[str, int, int]]:
    """The sentences of the content blocks, headings included (a page's title is often its verdict)."""
    out = []
    for block in bl:
        out.extend(sentences(text[block.start : block.end], block.start))
    return out
