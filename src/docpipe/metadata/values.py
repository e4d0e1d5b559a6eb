"""Building evidence rows, and reading values as pages and JSON-LD give them (one line, a day, names)."""

from __future__ import annotations

import html as html_module
from typing import Any

from docpipe.model import Evidence
from docpipe.rules import dates, methods, names
from docpipe.rules.names import OTHER_CREDITS, PARENTHETICAL
from docpipe.textsafety import strip_controls

EVIDENCE_MAX_CHARS = 300  # long enough to read the context, short enough for a table cell


def method_rank(candidate: Evidence) -> int:
    return methods.rank(candidate.field, candidate.method)


def text_evidence(
    field_name: str, value: str, method: str, doc_text: str, start: int, end: int, weak: bool = False
) -> Evidence:
    confidence = methods.confidence(field_name, method, weak=weak)
    return Evidence(field_name, value, method, doc_text[start:end], start, end, confidence)


def make_evidence(field_name: str, value: str, method: str, evidence: str) -> Evidence:
    confidence = methods.confidence(field_name, method)
    return Evidence(field_name, value, method, evidence[:EVIDENCE_MAX_CHARS], None, None, confidence)


def names_from_string(value: str, single_word: bool = False) -> list[str]:
    # "Bradley M. Kuhn (http://ebb.org/bkuhn/)", "Martin Untersinger (avec Damien Leloup)": asides, not names
    value = PARENTHETICAL.sub("", one_line(value))
    value = OTHER_CREDITS.split(value)[0]  # "Rob Ewaschuk Edited by Betsy Beyer": the editor is no author
    if value.startswith("http"):
        return []
    # A byline often runs on into its date ("By Jane Doe March 11, 2015 3:46 PM").
    found = dates.find_date(value)
    if found:
        value = value[: found.start].strip(" ,|–-")
    listed = names.NAME_LABEL.sub("", value)
    if names.TEMPLATE_PLACEHOLDER.match(listed):
        return []  # "[Name]", "{author}": the template's, not the page's
    return [name.name for name in names.split_author_names(listed, single_word, credits=True)]


def name_of(value: object) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return one_line(value) if isinstance(value, str) and value.strip() else None


def as_list(value: object) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def primary_subtag(language_tag: str) -> str:
    """ "en-GB", "pt_BR" -> "en", "pt": the language, not the region."""
    return language_tag.strip().split("-")[0].split("_")[0].lower()


def one_line(value: str) -> str:
    # Values from JSON-LD and attributes are often still entity-encoded ("Arnault&#8217;s").
    return " ".join(strip_controls(html_module.unescape(value)).split())


def iso_day(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    found = dates.find_date(value)
    return found.value.isoformat() if found else None


def located(field_name: str, value: str, method: str, markup: str, clean_text: str) -> Evidence:
    """Markup evidence, pointing into clean_text too when the value appears there."""
    start = clean_text.find(value)
    if start < 0:
        return make_evidence(field_name, value, method, markup)
    return Evidence(field_name, value, method, value, start, start + len(value), methods.confidence(field_name, method))
