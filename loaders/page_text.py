"""What Welsh and Scottish inspectorate pages have in common, read from what the text is.

Contract (pure functions over the extracted text; offsets always index that text):
- `content_blocks(text)` -> the layout blocks without site furniture (menus, cookie and COVID
  banners, "Share this page", bilingual letterheads, "[email protected]" placeholders).
- `looks_cut_off(blocks)` -> True when the last block stops mid-sentence.
- `source_kind(text)` -> (kind in words, direction basis): the inspectorate's own page or letter
  ("primary_source"), a council committee paper ("council_minute"), or a council press release or
  a ministerial statement ("press"); the last two are secondary (docs/domain-rules.md §1.4).
- `page_date(text)` -> the date the page itself states (published, posted, dated, a report cover's
  month on a line of its own), or None.
- `visit_and_references(sentences, page_date)` -> the visit the page reports (kind, dates) and
  the earlier visits it refers to, each as a `VisitReference`; an earlier visit is never a new visit.
- `authorities_named(text, nation)` -> the authorities a page is about: one, or two when it
  reports two councils or partnerships side by side ("in East Dunbartonshire and Midlothian").
- `page_directions(sentences, basis)` -> direction signals of the page's own verdict, a positive
  one damped when the next sentence limits it ("There continue to be … serious concerns"); in
  Welsh too ("wedi gwneud cynnydd sylweddol … mae'n rhy gynnar i farnu", rules "cy.").
- `read_page(text, source, profile)` -> one `ParsedDocument` per authority: the visit (kind, dates,
  published date, earlier visits as references), its directions and statuses, Scottish grades,
  findings under the headings they sit under (never the narrative of what inspectors did, a
  look-back, a verdict or a quotation) and next steps (dated ones also as planned visits). A page
  with no date at all is read with the `UNDATED` warning; loading refuses it.
The visit is dated by the words that say when the inspectors were there (the fieldwork, "the
inspection took place between …", what inspectors did on site) before a title's or cover's date; a
date on a line of its own in a heading or cover is the document's, never the visit's.
Dates may be written "in October and November 2008", "during July 2018", "in May this year" (read
with the page's own date), "12 and 23 of October 2020", across months, or with Welsh month names.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace

from loaders.page_dates import page_date, published_after
from loaders.page_findings import NARRATIVE, NEXT_STEP, Page, read_findings
from loaders.page_layout import all_sentences, content_blocks, looks_cut_off, page_title, source_kind
from loaders.page_signals import grades, page_directions
from loaders.page_visits import (
    Profile,
    VisitReference,
    authorities_named,
    event_type_of,
    first_kind,
    kind_names,
    visit_and_references,
)
from loaders.structure import Block
from trajectories import authorities, normalise
from trajectories.domain import AuthorityRef, DocumentError, Event, ParsedDocument, Source, Span
from trajectories.text import sentences

__all__ = [
    "UNDATED",
    "Profile",
    "authorities_named",
    "content_blocks",
    "looks_cut_off",
    "page_date",
    "page_directions",
    "read_page",
    "source_kind",
    "visit_and_references",
]

# A page that states neither when the inspectors visited nor when it was published is read (so it
# can be shown), but cannot be placed on a chart: loading refuses it with these words.
UNDATED = "the page states no date for the visit or its publication, so it cannot be placed on a chart"


def read_page(text: str, source: Source, profile: Profile) -> list[ParsedDocument]:
    """One page (or letter) -> one document per authority it reports on (two councils side by side)."""
    bl = content_blocks(text)
    if not bl:
        raise DocumentError("no text to read")
    warnings: list[str] = []
    title = page_title(text, bl)
    named = authorities_named(text, title, profile.nation)
    if not named:
        raise DocumentError(
            f"no {profile.nation.value} council or partnership named in the page matches the reference list"
        )
    kind_words, basis = source_kind(text)
    if basis != "primary_source":
        warnings.append(f"secondary source: {kind_words}; its direction of travel is the reading of a quotation")
    sents = [(s, a, b) for s, a, b in all_sentences(bl, text)]
    today = page_date(text)
    visit, references = visit_and_references(sents, today, title)
    if today is None and visit is not None:
        today = published_after(text, visit.end or visit.start)
    cut_at, cut_warning = _cut_off(bl, text)
    warnings.extend(cut_warning)
    page = Page(text, bl, title, profile, basis, today, visit, references, cut_at)

    event, label = _visit_event(page, sents)
    if visit is None and today is None:
        warnings.append(UNDATED)
    elif visit is None:
        warnings.append("the page does not say when the inspectors visited; placed by its own date")
    warnings.extend(_read_verdict(page, sents, event))
    planned = read_findings(page, event)
    event.references = [_reference_text(r) for r in references]
    return _documents(page, source, named, event, planned, warnings, label, kind_words)


def _cut_off(bl: list[Block], text: str) -> tuple[int | None, list[str]]:
    """Where the unfinished last sentence of a cut-off page starts (never a finding), and the warning."""
    if not looks_cut_off(bl):
        return None, []
    last = next((b for b in reversed(bl) if b.kind != "heading"), None)
    if last is None:  # headings alone: no unfinished sentence to leave out
        return None, ["the text looks cut off (it holds headings and nothing under them); read for what it holds"]
    pieces = list(sentences(text[last.start : last.end], last.start))
    cut_at = pieces[-1][1] if pieces and last.kind == "para" else last.start
    return cut_at, [
        f'the text looks cut off (it stops mid-sentence: "…{last.text[-40:]}"); read for what it holds, '
        "without its unfinished last sentence as a finding"
    ]


def _visit_event(page: Page, sents: list[tuple[str, int, int]]) -> tuple[Event, str]:
    """The event of the visit the page reports, and its label (title, and its other names)."""
    title, visit, references, profile = page.title, page.visit, page.references, page.profile
    intro = " ".join(s for s, _, _ in sents[:6])
    # The visit's names: in the title, the sentence that dates it, and sentences saying it was done
    # ("CIW has now completed a follow-up inspection of …"); never the name of an earlier visit.
    done = " ".join(
        x for x, a, _ in sents[:25] if _DONE.search(x) and not any(a <= r.span.start < a + len(x) for r in references)
    )
    stated = (visit.sentence if visit else "") + " " + done
    names = [n for n in kind_names(title + " " + stated, profile) if all(n != r.kind for r in references)]
    event_type = first_kind(title, profile) or event_type_of(stated + " " + intro, profile)
    framework = next((f for rx, f in profile.frameworks if re.search(rx, title + " " + intro, re.I)), None)
    label = title or (visit.sentence if visit else sents[0][0])
    others = [n for n in names if n.lower() not in label.lower()]
    if others and (title and first_kind(title, profile) or len(names) > 1):
        label = f"{label} (also called: {', '.join(others)})"
    event = Event(
        event_type=event_type,
        start=visit.start if visit else None,
        end=visit.end if visit else None,
        published=page.today,
        title=label[:300],
        framework=framework,
        span=visit.span if visit else None,
    )
    return event, label


def _read_verdict(page: Page, sents: list[tuple[str, int, int]], event: Event) -> list[str]:
    """The verdict into `event`: directions and statuses of the page's own sentences (never of a
    look-back, a next step or the narrative), its headline and grades. Returns the notes on directions."""
    look_back = {r.span.start for r in page.references}
    verdict = [
        (s, a, b) for s, a, b in sents if not any(a <= x < b for x in look_back) or not _EARLIER_VERDICT.search(s)
    ]
    verdict = [
        (s, a, b) for s, a, b in verdict if not NEXT_STEP.search(s) and not NARRATIVE.search(" ".join(s.split()))
    ]
    event.directions, notes = normalise.settle_directions(page_directions(verdict, page.basis))
    for s, a, b in verdict:
        for status in normalise.statuses(s, Span(a, b)):
            if all(status.status != known.status for known in event.statuses):
                event.statuses.append(status)
    headline = next((s for s, _, _ in verdict if any(d.span and d.span.start == a for d in event.directions[:1])), "")
    event.headline = headline or page.title
    event.judgements.extend(grades(sents, page.profile))
    return notes


def _documents(
    page: Page,
    source: Source,
    named: list[tuple[str, authorities.Authority]],
    event: Event,
    planned: list[Event],
    warnings: list[str],
    label: str,
    kind_words: str,
) -> list[ParsedDocument]:
    """One document per authority named; two side by side each get their own SHA-256 and a note."""
    docs = []
    for written, authority in named:
        src = source
        if len(named) > 1:
            digest = hashlib.sha256(f"{source.sha256}:{authority.code}".encode()).hexdigest()
            src = replace(source, sha256=digest, title=f"{label[:200]}: {authority.name}")
            warnings_here = warnings + [
                f"the page reports on {len(named)} areas; this is the reading for {authority.name}"
            ]
        else:
            warnings_here = warnings
        docs.append(
            ParsedDocument(
                source=src,
                authority=AuthorityRef(written, authority.code, authority.name, authority.nation),
                inspectorate=page.profile.inspectorate,
                events=[_copy_event(event, written), *planned],
                text=page.text,
                warnings=list(warnings_here),
                kind=page.profile.name,
                source_kind=kind_words,
            )
        )
    return docs


_DONE = re.compile(
    r"\b(?:has|have) (?:now |recently )?(?:completed|carried out|undertaken|conducted)\b|\bwedi cwblhau\b", re.I
)

_EARLIER_VERDICT = re.compile(
    r"\b(?:previous|earlier|last|original|in which|identified serious|which identified)\b", re.I
)


def _copy_event(event: Event, written: str) -> Event:
    return replace(event, inspected_body=written)


def _reference_text(r: VisitReference) -> str:
    when = r.start.iso() if r.start else "undated"
    if r.end and r.end != r.start:
        when += f" to {r.end.iso()}"
    return f"{r.kind} ({when})"
