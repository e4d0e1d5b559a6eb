"""Small, realistic articles for the rule tests: a news story's body, a page around it, and evidence look-ups.

The body is ordinary reporting (long enough for the main-content extractor and the language guess); each test
supplies the furniture it is about: a headline, a byline, a date line, a notice, a page's head. The tests of
tests/rules and tests/metadata built on them fail where a rule changes: title agreement turned off (the Wikipedia,
eHow and V8-blog rows of metadata/test_titles.py), htmldate's or the URL path's date candidates deleted
(rules/test_dates.py), a reject labelled with another step than the one that raised (test_pipeline_rejects.py).
"""

from __future__ import annotations

import docpipe

BODY = (
    "The central bank kept its cash rate at 4.35 per cent on Tuesday, the eighth meeting in a row without a change. "
    "Board members said they needed more evidence that inflation was returning to the target band before easing.\n\n"
    "Economists had broadly expected the decision, although markets had priced a small chance of a cut after weaker "
    "retail figures last week. Households with mortgages will have to wait at least another month for relief.\n\n"
    "The governor will speak to reporters this afternoon and is expected to repeat that the board is not ruling "
    "anything in or out, a phrase it has used since the middle of last year."
)
HEADLINE = "Reserve Bank holds rates for an eighth time"
PARAGRAPHS = "".join(f"<p>{paragraph}</p>" for paragraph in BODY.split("\n\n"))


def text_article(*furniture_before: str, after: tuple[str, ...] = ()) -> str:
    """A plain-text article: the furniture lines, the body, then what comes after it, a blank line apart."""
    return "\n\n".join((*furniture_before, BODY, *after))


def html_page(head: str, top: str = "", bottom: str = "") -> str:
    """A page: `head` inside <head>, `top` and `bottom` around the story's paragraphs inside <article>."""
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"{head}</head><body><article>{top}{PARAGRAPHS}{bottom}</article></body></html>"
    )


def processed(data: str | bytes, filename: str, sidecar: dict[str, object] | None = None) -> docpipe.Document:
    result = docpipe.process(data, filename=filename, sidecar=sidecar)
    assert isinstance(result, docpipe.Document), result
    return result


def selected(doc: docpipe.Document, field: str) -> list[tuple[str, str]]:
    """(value, method) of the field's selected evidence rows."""
    return [(e.value, e.method) for e in doc.evidence if e.field == field and e.selected]


def rows(doc: docpipe.Document, field: str) -> list[docpipe.Evidence]:
    return [e for e in doc.evidence if e.field == field]
