"""Metadata with evidence: extractors by source propose candidates, one combiner picks per field.

Every candidate is an `Evidence` row (value, method, the text it was read from, offsets into clean_text for text
evidence). The sources: the clean text and its sections (`from_text`), the page's markup (`from_page`), other tools
(`from_tools`: trafilatura, htmldate, py3langid), what the user or the writer gave (`given`: sidecar, front matter)
and the URL (`from_url`). `outlets` cuts outlet values to a publication's name; `combine` ranks each field's
candidates, keeps them all and marks the winner `selected`.
"""

from __future__ import annotations

from dataclasses import replace

from docpipe.metadata.combine import metadata_from_evidence, rules_pick, select_candidates
from docpipe.metadata.from_page import html_candidates, meta_author_contents
from docpipe.metadata.from_text import PLAIN_MEDIA_TYPES, first_line_candidates, text_candidates
from docpipe.metadata.from_tools import (
    extractor_candidates,
    first_date_candidates,
    htmldate_candidates,
    language_candidates,
)
from docpipe.metadata.from_url import url_date_candidates
from docpipe.metadata.given import front_matter_candidates, sidecar_candidates
from docpipe.metadata.outlets import normalise_outlets
from docpipe.metadata.values import method_rank
from docpipe.model import Document, Evidence
from docpipe.textsafety import strip_controls

__all__ = [
    "Evidence",
    "extract_metadata",
    "find_candidates",
    "metadata_from_evidence",
    "rules_pick",
    "select_candidates",
]


def extract_metadata(doc: Document) -> Document:
    plain_text = doc.clean_text if doc.media_type in PLAIN_MEDIA_TYPES else None
    evidence = select_candidates(find_candidates(doc), plain_text=plain_text)
    return replace(doc, metadata=metadata_from_evidence(evidence), evidence=tuple(evidence))


def find_candidates(doc: Document) -> list[Evidence]:
    """Every extractor's candidates for every field, in the order found (the combiner's input)."""
    candidates = list(text_candidates(doc))
    candidates.extend(first_line_candidates(doc))
    if doc.sidecar:
        candidates.extend(sidecar_candidates(doc.sidecar))
    if doc.front_matter:
        candidates.extend(front_matter_candidates(doc.front_matter))
    page = doc.page  # (the clean step's parse of an HTML page)
    if page is not None:
        candidates.extend(html_candidates(page, doc.clean_text))
        author_tags = meta_author_contents(page)
        candidates.extend(extractor_candidates(doc.extractor_reading or {}, doc.text, doc.clean_text, author_tags))
        urls = [c.value for c in sorted(candidates, key=method_rank) if c.field == "url"]
        if page.htmldate_tree is not None:  # (htmldate refuses what its loader refuses)
            candidates.extend(htmldate_candidates(page.htmldate_tree, urls[0] if urls else None))
    candidates.extend(url_date_candidates(candidates))
    candidates.extend(first_date_candidates(doc))
    candidates.extend(language_candidates(doc))
    return normalise_outlets(_without_controls(candidates))


def _without_controls(candidates: list[Evidence]) -> list[Evidence]:
    """Candidates whose value and evidence hold no control characters: markup, JSON-LD and sidecars are read as
    they are, escape sequences included. (Text evidence is cut from clean_text, which has none: unchanged.)"""
    kept = []
    for candidate in candidates:
        value, evidence = strip_controls(candidate.value), strip_controls(candidate.evidence)
        if (value, evidence) == (candidate.value, candidate.evidence):
            kept.append(candidate)
        elif value.strip():  # a value that was nothing but control characters is no value
            kept.append(replace(candidate, value=value, evidence=evidence))
    return kept
