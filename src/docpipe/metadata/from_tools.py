"""Candidates from other tools' readings: trafilatura's metadata, htmldate's dates, py3langid's language."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from datetime import datetime
from functools import cache
from typing import Any

from lxml import etree

from docpipe.metadata.values import (
    EVIDENCE_MAX_CHARS,
    located,
    make_evidence,
    names_from_string,
    one_line,
    text_evidence,
)
from docpipe.model import Document, Evidence, SectionKind
from docpipe.rules.dates import EARLIEST_PLAUSIBLE, YEAR_IN_LINE, find_date
from docpipe.rules.tools import LANGID_MAX_CHARS, LANGID_MIN_WORDS


def extractor_candidates(
    found: dict[str, str], html: str, clean_text: str, author_tags: Iterable[str] = ()
) -> Iterator[Evidence]:
    """trafilatura's metadata reading: its author heuristics see visible bylines that markup misses."""
    names = names_from_string(found.get("author", "").replace(";", ","), single_word=True)
    # One-word names all from one meta author tag are trafilatura's split of a tag docpipe read itself: its own
    # reading stands ("Kirche und Leben, Münster, Germany" is no four people).
    one_word = all(len(name.split()) == 1 for name in names)
    if names and one_word and any(all(name in tag for name in names) for tag in author_tags):
        names = []
    for name in names:
        # trafilatura title-cases what it finds; a name that is not in the page as written was
        # made up from a host name or a generator tag ("Ebb Org", "Rfcmarkup Version").
        if name in html:
            yield located("authors", name, "trafilatura", found["author"], clean_text)
    if "sitename" in found:
        yield make_evidence("outlet", one_line(found["sitename"]), "trafilatura", found["sitename"])


def first_date_candidates(doc: Document) -> Iterator[Evidence]:
    """The first line of a plain text that htmldate's date parser reads as a date ("Sept. 21, 2020", "2019/02/22
    17:23"): the date a naive reader takes, the lowest-ranked published date, so a text is never left undated
    where a reader would find its day; where htmldate reads none on the line, docpipe's own date reader may
    find one among other words (never an "Updated" one). It takes htmldate's order for a numeric date docpipe's
    own readers refuse as ambiguous ("05/04/2018"): on the real tools' texts that guess is right more often than
    no date (date on full-page dumps 0.812 with it, 0.764 without)."""
    if doc.media_type == "html":
        return  # (htmldate reads the page itself)
    from htmldate.extractors import try_date_expr

    start = 0
    earliest, latest = datetime.combine(EARLIEST_PLAUSIBLE, datetime.min.time()), datetime.now()
    # A republication notice's date is the original's ("Originally published in X on 15 November 2024").
    notices = [(s.char_start, s.char_end) for s in doc.sections if s.kind is SectionKind.REPUBLICATION_NOTICE]
    for line in doc.clean_text.split("\n"):
        end = start + len(line)
        if YEAR_IN_LINE.search(line) and not any(a <= start < b for a, b in notices):
            with warnings.catch_warnings():  # dateutil warns on zone names it cannot place ("GST")
                warnings.simplefilter("ignore")
                found = try_date_expr(line.strip(), "%Y-%m-%d", True, earliest, latest)
            match = None if found else find_date(line)
            if match and not match.is_update and earliest.date() <= match.value <= latest.date():
                found = match.value.isoformat()  # a date among other words ("Jane Doe 4 Febbraio 2025 - 14:41")
            if found:
                yield text_evidence("published_date", found, "text:first-date", doc.clean_text, start, end)
                return
        start = end + 1


def htmldate_candidates(tree: etree._Element, url: str | None) -> Iterator[Evidence]:
    """htmldate on the page's shared tree (`Page.htmldate_tree`): it copies a tree it is given before
    it prunes it, so both calls read the page as parsed."""
    import htmldate  # loaded with the first page: a process that only writes never imports it

    for field_name, original in (("published_date", True), ("modified_date", False)):
        try:
            with warnings.catch_warnings():  # dateutil warns on zone names it cannot place ("GST"); the day stands
                warnings.simplefilter("ignore")
                found = htmldate.find_date(tree, url=url, original_date=original, extensive_search=original)
        except (ValueError, RecursionError):
            found = None
        if found:
            yield make_evidence(field_name, found, "htmldate", f"htmldate(original_date={original})")


@cache
def _language_identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def language_candidates(doc: Document) -> Iterator[Evidence]:
    body = [s for s in doc.sections if s.kind is SectionKind.BODY] or list(doc.sections)
    text = "\n\n".join(s.text for s in body)
    if len(text.split()) < LANGID_MIN_WORDS:
        return
    code, probability = _language_identifier().classify(text[:LANGID_MAX_CHARS])
    first = body[0]
    yield Evidence(
        "language",
        code,
        "py3langid",
        first.text[:EVIDENCE_MAX_CHARS],
        first.char_start,
        first.char_start + min(len(first.text), EVIDENCE_MAX_CHARS),
        round(float(probability), 4),
    )
