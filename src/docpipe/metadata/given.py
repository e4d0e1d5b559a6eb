"""Candidates the user or the writer gave: a sidecar's fields and a Markdown text's front matter."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime

from docpipe.metadata.from_page import meta_values
from docpipe.metadata.values import (
    EVIDENCE_MAX_CHARS,
    as_list,
    iso_day,
    make_evidence,
    names_from_string,
    one_line,
    primary_subtag,
)
from docpipe.model import Evidence
from docpipe.rules.outlets import TITLE_SITE_SUFFIX
from docpipe.rules.selectors import FRONT_MATTER_KEYS, HEAD_COPY_EXTRA_FIELDS, HEAD_COPY_PREFIX, META_FIELDS


def front_matter_candidates(fields: dict[str, object]) -> Iterator[Evidence]:
    """The front matter's fields as candidates: its writer's own word, after a sidecar's; or, when it is a page's
    <head> copied by a converter, that page's meta tags and <title> (`head_copy_candidates`)."""
    head = {
        key[len(HEAD_COPY_PREFIX) :].lower(): value
        for key, value in fields.items()
        if isinstance(key, str) and key.startswith(HEAD_COPY_PREFIX)
    }
    if head:
        yield from head_copy_candidates(fields, head)
        return
    method = "text:front-matter"
    for field_name, keys in FRONT_MATTER_KEYS.items():
        key = next((k for k in keys if fields.get(k) not in (None, "", [])), None)
        if key is None:
            continue
        value = fields[key]
        cited = f"{key}: {value}"[:EVIDENCE_MAX_CHARS]
        if field_name == "authors":
            for item in as_list(value):
                for name in names_from_string(str(item), single_word=True) if isinstance(item, str) else ():
                    yield make_evidence(field_name, name, method, cited)
        elif field_name.endswith("_date"):
            # YAML reads an unquoted 2024-05-06 as a date; a string is read as a date line is.
            day = value.isoformat()[:10] if isinstance(value, (date, datetime)) else iso_day(str(value))
            if day:
                yield make_evidence(field_name, day, method, cited)
        elif isinstance(value, str) and value.strip():
            if field_name == "url" and not value.startswith(("http://", "https://")):
                continue
            text = primary_subtag(value) if field_name == "language" else one_line(value)
            yield make_evidence(field_name, text, method, cited)


def head_copy_candidates(fields: dict[str, object], head: dict[str, object]) -> Iterator[Evidence]:
    """A page's <head> in a front matter: each "meta-NAME" as the page's meta tag NAME would be read, the <title>
    without its site part, the canonical link."""
    for key, field_name in (*META_FIELDS, *HEAD_COPY_EXTRA_FIELDS):
        content = head.get(key)
        if isinstance(content, (date, datetime)):
            content = content.isoformat()
        if isinstance(content, str) and content.strip():
            yield from meta_values(field_name, key, content, f"{HEAD_COPY_PREFIX}{key}: {content}"[:EVIDENCE_MAX_CHARS])
    title = fields.get("title")
    if isinstance(title, str) and title.strip():
        cut = TITLE_SITE_SUFFIX.sub("", one_line(title))
        yield make_evidence("title", cut, "html:title", f"title: {title}"[:EVIDENCE_MAX_CHARS])
    canonical = fields.get("canonical")
    if isinstance(canonical, str) and canonical.startswith(("http://", "https://")):
        yield make_evidence("url", canonical, "link:canonical", f"canonical: {canonical}"[:EVIDENCE_MAX_CHARS])


def sidecar_candidates(sidecar: dict[str, object]) -> Iterator[Evidence]:
    for key, value in sidecar.items():
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        for item in values:
            text = str(item)[:10] if key == "published_date" else str(item)
            yield make_evidence(key, text, "sidecar", json.dumps({key: value}, ensure_ascii=False))
            if key == "publisher" and "outlet" not in sidecar:
                # Where nothing says the piece ran elsewhere first, the publishing site is its outlet.
                yield make_evidence("outlet", text, "sidecar:publisher", json.dumps({key: value}, ensure_ascii=False))
