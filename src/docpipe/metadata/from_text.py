"""Candidates read from the segmented clean text: headline, date lines, bylines, bios, notices, copyright
lines; offsets point into clean_text."""

from __future__ import annotations

from collections.abc import Iterator

from docpipe.metadata.values import text_evidence
from docpipe.model import Document, Evidence, SectionKind
from docpipe.rules import furniture
from docpipe.rules.names import Byline
from docpipe.rules.outlets import TITLE_SITE_SUFFIX, URL
from docpipe.rules.plaintext import FIRST_LINE_TITLE_MAX_WORDS

PLAIN_MEDIA_TYPES = frozenset({"text", "markdown"})


def text_candidates(doc: Document) -> Iterator[Evidence]:
    text = doc.clean_text
    # The author's own copyright line names no outlet; a site's does.
    bylined = {
        name.name
        for section in doc.sections
        if section.kind is SectionKind.BYLINE and section.reading
        for _, byline in section.reading.bylines
        for name in byline.names
    }
    body_started = False
    for section in doc.sections:
        body_started = body_started or section.kind is SectionKind.BODY
        start = section.char_start
        if section.kind is SectionKind.HEADLINE:
            yield text_evidence("title", section.text, "text:headline", text, start, section.char_end)
        elif section.kind is SectionKind.DATELINE and section.reading:
            for found in section.reading.dates:
                field_name = "modified_date" if found.is_update else "published_date"
                yield text_evidence(
                    field_name, found.value.isoformat(), "text:dateline", text, start + found.start, start + found.end
                )
            for offset, byline in section.reading.bylines:  # (a byline running into or on after the date)
                yield from _byline_candidates(byline, start + offset, text)
        elif section.kind is SectionKind.BYLINE and section.reading:
            for offset, byline in section.reading.bylines:
                yield from _byline_candidates(byline, start + offset, text)
        elif section.kind is SectionKind.AUTHOR_BIO and section.reading and section.reading.bio_name:
            name, offset = section.reading.bio_name
            yield text_evidence("authors", name, "text:author-bio", text, start + offset, start + offset + len(name))
        elif section.kind is SectionKind.REPUBLICATION_NOTICE and section.reading and section.reading.notice:
            notice = section.reading.notice
            if notice.outlet and notice.outlet_start is not None:
                outlet_start = start + notice.outlet_start
                yield text_evidence(
                    "outlet", notice.outlet, "text:republication-notice", text, outlet_start,
                    outlet_start + len(notice.outlet),
                )  # fmt: skip
        elif section.kind is SectionKind.OTHER and (holder := furniture.copyright_holder(section.text)):
            name, offset = holder
            if name in bylined:
                continue
            for field_name in ("outlet", "publisher"):
                yield text_evidence(
                    field_name, name, "text:copyright", text, start + offset, start + offset + len(name)
                )
        elif section.kind is SectionKind.OTHER and not body_started and furniture.looks_like_source_line(section.text):
            yield text_evidence("outlet", section.text, "text:source-line", text, start, section.char_end)
        elif section.kind is SectionKind.OTHER:
            url = URL.search(section.text)
            if url:
                yield text_evidence(
                    "url", url.group(0), "text:web-view-line", text, start + url.start(), start + url.end()
                )


def first_line_candidates(doc: Document) -> Iterator[Evidence]:
    """A plain text's first line as a title, a trailing site part cut ("Headline | Site"): what a reader tool writes
    first, and what a naive reader takes; the scorer weighs it against the headline section."""
    if doc.media_type not in PLAIN_MEDIA_TYPES:
        return
    text = doc.clean_text
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    line = text[start:end].rstrip()
    value = TITLE_SITE_SUFFIX.sub("", line)
    if value and len(value.split()) <= FIRST_LINE_TITLE_MAX_WORDS:
        yield text_evidence("title", value, "text:first-line", text, start, start + len(value))


def _byline_candidates(byline: Byline, start: int, text: str) -> Iterator[Evidence]:
    for name in byline.names:
        # A bare line of names is a byline by position only: less sure than "By …". The evidence is the name as
        # written: for "By Doe, Jane" the value is "Jane Doe" and the span all of "Doe, Jane" (as a date's value
        # is ISO and its span the date as written), so the span still proves the value and a reader sees the order.
        yield text_evidence(
            "authors", name.name, "text:byline", text, start + name.start, start + name.end, weak=not byline.has_by
        )
    if byline.date:
        field_name = "modified_date" if byline.date.is_update else "published_date"
        yield text_evidence(
            field_name,
            byline.date.value.isoformat(),
            "text:byline",
            text,
            start + byline.date.start,
            start + byline.date.end,
        )
