"""Candidates read from the segmented clean text: headline, date lines, bylines, bios, notices, copyright
lines; offsets point into clean_text."""

from __future__ import annotations

from collections.abc import Iterator

from docpipe.metadata.values import text_evidence
from docpipe.model import Document, Evidence, SectionKind
from docpipe.rules import dates, furniture, names, notices
from docpipe.rules.names import BY_AFTER_DATE
from docpipe.rules.outlets import URL


def text_candidates(doc: Document) -> Iterator[Evidence]:
    text = doc.clean_text
    # The author's own copyright line names no outlet; a site's does.
    bylined = {n.name for s in doc.sections if s.kind is SectionKind.BYLINE for n in _byline_names(s.text)}
    body_started = False
    for section in doc.sections:
        body_started = body_started or section.kind is SectionKind.BODY
        start = section.char_start
        if section.kind is SectionKind.HEADLINE:
            yield text_evidence("title", section.text, "text:headline", text, start, section.char_end)
        elif section.kind is SectionKind.DATELINE:
            found_dates = dates.parse_date_line(section.text) or []
            for found in found_dates:
                field_name = "modified_date" if found.is_update else "published_date"
                yield text_evidence(
                    field_name,
                    found.value.isoformat(),
                    "text:dateline",
                    text,
                    start + found.start,
                    start + found.end,
                )
            # "By Evan Symon, August 14, 2020 2:30 pm": a byline that runs on into its date is a date line (what is
            # left beside the date is short), but its names are the authors'. Only with "By": "New York, 6 May 2025"
            # names a place.
            before = section.text[: found_dates[0].start].rstrip(" ,|–-") if found_dates else ""
            if names.BYLINE.match(before):
                yield from _byline_candidates(before, start, text)
            # "Published on December 2nd, 2025 by A and B": the byline runs on after the date.
            after = section.text[found_dates[-1].end :] if found_dates else ""
            if BY_AFTER_DATE.match(after):
                skipped = len(after) - len(after.lstrip(" ,"))
                yield from _byline_candidates(after[skipped:], start + found_dates[-1].end + skipped, text)
        elif section.kind is SectionKind.BYLINE:
            yield from _byline_candidates(section.text, start, text)
        elif section.kind is SectionKind.AUTHOR_BIO:
            bio = furniture.match_bio_name(section.text)
            if bio:
                name, offset = bio
                yield text_evidence(
                    "authors", name, "text:author-bio", text, start + offset, start + offset + len(name)
                )
        elif section.kind is SectionKind.REPUBLICATION_NOTICE:
            notice = notices.match_republication_notice(section.text)
            if notice and notice.outlet and notice.outlet_start is not None:
                yield text_evidence(
                    "outlet",
                    notice.outlet,
                    "text:republication-notice",
                    text,
                    start + notice.outlet_start,
                    start + notice.outlet_start + len(notice.outlet),
                )
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


def _byline_names(byline_text: str) -> list[names.NameSpan]:
    byline = names.parse_byline(byline_text)
    return byline.names if byline else []


def _byline_candidates(byline_text: str, start: int, text: str) -> Iterator[Evidence]:
    byline = names.parse_byline(byline_text)
    if byline is None:
        return
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
