"""Candidates the user or the writer gave: a sidecar's fields and a Markdown text's front matter."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime

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

PAGE_TITLE_KEY = "title"  # a copied <head>'s <title>


def front_matter_candidates(fields: dict[str, object]) -> Iterator[Evidence]:
    """The front matter's fields as candidates: its writer's own word, after a sidecar's. A front matter that is a
    page's <head> copied by a converter ("meta-og:title", …) is read by the names of the page's meta tags."""
    method = "text:front-matter"
    keys_of, head_copy = _front_matter_keys(fields)
    for field_name, keys in keys_of.items():
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
            if head_copy and field_name == "title" and key == PAGE_TITLE_KEY:
                text = TITLE_SITE_SUFFIX.sub("", text)  # a page's <title>: "Headline | Site"
            yield make_evidence(field_name, text, method, cited)


def _front_matter_keys(fields: dict[str, object]) -> tuple[dict[str, tuple[str, ...]], bool]:
    """The keys to read per field, best first: a writer's front matter's (FRONT_MATTER_KEYS), or a copied <head>'s:
    its meta tags' (META_FIELDS' order, "meta-" and the tag's name as written), then its <title> and canonical; and
    whether it is a copied <head>."""
    head = {
        key[len(HEAD_COPY_PREFIX) :].lower(): key
        for key in fields
        if isinstance(key, str) and key.startswith(HEAD_COPY_PREFIX)
    }
    if not head:
        return FRONT_MATTER_KEYS, False
    keys: dict[str, list[str]] = {}
    for name, field_name in (*META_FIELDS, *HEAD_COPY_EXTRA_FIELDS):
        if name in head and field_name in FRONT_MATTER_KEYS:  # (the fields a front matter may state)
            keys.setdefault(field_name, []).append(head[name])
    keys.setdefault("title", []).append(PAGE_TITLE_KEY)
    keys.setdefault("url", []).append("canonical")
    return {field_name: tuple(found) for field_name, found in keys.items()}, True


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
