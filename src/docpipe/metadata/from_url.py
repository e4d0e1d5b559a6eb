"""Candidates read from the page's URL: the day a /YYYY/MM/DD/ path files the piece under."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from docpipe.metadata.values import make_evidence
from docpipe.model import Evidence
from docpipe.rules.dates import URL_DATE


def url_date_candidates(candidates: list[Evidence]) -> Iterator[Evidence]:
    """A /YYYY/MM/DD/ path is the day the publisher filed the piece under, in the publisher's own time
    zone: truer than a UTC timestamp that has already rolled over to the next day."""
    for candidate in candidates:
        if candidate.field != "url":
            continue
        match = URL_DATE.search(candidate.value)
        if match:
            try:
                day = date(*(int(part) for part in match.groups()))
            except ValueError:
                continue
            yield make_evidence("published_date", day.isoformat(), "url", candidate.value)
            return
