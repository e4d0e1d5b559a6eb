"""Outlet candidates cut to a publication's name: the same on every page of a site."""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import urlsplit

from docpipe.metadata.values import method_rank
from docpipe.model import Evidence
from docpipe.rules import outlets
from docpipe.rules.methods import OUTLET_AS_GIVEN_METHODS
from docpipe.rules.outlets import (
    ARCHIVE_HOSTS,
    BARE_DOMAIN,
    HOST_LABEL_MIN_CHARS,
    OUTLET_MAX_WORDS,
    SENTENCE_MIN_WORDS,
    SOCIAL_HOSTS,
    URL,
)


def normalise_outlets(candidates: list[Evidence]) -> list[Evidence]:
    """Outlet candidates as a publication's name: a URL becomes its host (an archive's or a social network's host
    names no outlet: dropped), a leading "www." goes, "Name - Tagline" keeps the part the page's host names (else
    the shorter, if short), and a value that reads as a headline is dropped. What the user or the writer states
    stays as given. The evidence keeps the value as found."""
    host = _page_host(candidates)
    kept = []
    for candidate in candidates:
        if candidate.field != "outlet" or candidate.method in OUTLET_AS_GIVEN_METHODS:
            kept.append(candidate)
            continue
        name = _publication_name(candidate.value.strip(), host)
        if name:
            kept.append(candidate if name == candidate.value else replace(candidate, value=name))
    return kept


def _page_host(candidates: list[Evidence]) -> str | None:
    urls = sorted((c for c in candidates if c.field == "url"), key=method_rank)
    for candidate in urls:
        host = _host_of(candidate.value)
        if host and not host.endswith(ARCHIVE_HOSTS):
            return host
    return None


def _host_of(url: str) -> str:
    return re.sub(r"^www\.", "", urlsplit(url).hostname or "")


def _publication_name(value: str, host: str | None) -> str | None:
    if "@" in value:
        return None  # an e-mail address: a contact, not a publication
    bare = BARE_DOMAIN.fullmatch(value) is not None
    if bare or URL.fullmatch(value):
        # A domain stands for its site ("Gala.fr", as written); a URL for its host; an archive's or a social
        # network's names no outlet.
        found = re.sub(r"^www\.", "", value.rstrip("/"), flags=re.I) if bare else _host_of(value)
        return found if found and not found.lower().endswith((*SOCIAL_HOSTS, *ARCHIVE_HOSTS)) else None
    parts = [part for part in outlets.TAGLINE_BREAK.split(value) if part.strip()]
    if len(parts) > 1:
        named = [part for part in parts if host and _names_host(part, host)]
        short = sorted(parts, key=len)[0]
        value = named[0] if named else (short if len(short.split()) <= OUTLET_MAX_WORDS // 2 else value)
    words = len(value.split())
    if words > OUTLET_MAX_WORDS:
        return None  # a headline, even one that names the site ("… durch die Bundespolizei im laufenden Jahr")
    if host and _names_host(value, host):
        return value
    if words >= SENTENCE_MIN_WORDS and value.rstrip().endswith((".", "?", "!")):
        return None  # a sentence ("Wikimedia Foundation, Inc." is none)
    return value


def _names_host(text: str, host: str) -> bool:
    """The text is the host's name: "Die FURCHE" of furche.at, "AUTO&Wirtschaft" of auto-wirtschaft.ch."""
    folded = re.sub(r"[^\w]", "", text.casefold()).removeprefix("die").removeprefix("the")
    labels = [re.sub(r"[^\w]", "", label) for label in host.split(".")[:-1]]
    return bool(folded) and any(
        label and (folded == label or (len(label) >= HOST_LABEL_MIN_CHARS and label in folded)) for label in labels
    )
