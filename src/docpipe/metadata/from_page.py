"""Candidates read from the page's markup: JSON-LD, meta tags, the title and `<h1>`, byline elements, a "By …"
line under the headline, a republication notice anywhere in the page. Text and markup are read as BeautifulSoup
reads them (`docpipe.page.markup`), on which these rules and their evidence are defined."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from lxml import etree

from docpipe.metadata.values import (
    EVIDENCE_MAX_CHARS,
    as_list,
    iso_day,
    located,
    make_evidence,
    name_of,
    names_from_string,
    one_line,
    primary_subtag,
)
from docpipe.model import Evidence
from docpipe.page import markup as page_markup
from docpipe.page.tree import Page
from docpipe.rules import names, notices, outlets
from docpipe.rules.dates import BY_LINE_DATE_LEAD
from docpipe.rules.names import BY_LINE_START, ORGANISATION_TYPES, PARENTHETICAL
from docpipe.rules.selectors import (
    ARTICLE_TYPES,
    BYLINE_ELEMENT_HINTS,
    INLINE_TAGS,
    LINE_MAX_CHILDREN,
    META_FIELDS,
    NO_LINE_TAGS,
    NOT_NOTICE_TAGS,
    NOTICE_HINTS,
    PROSE_PARAGRAPH_MIN_CHARS,
    UNDER_HEADLINE_ELEMENTS,
)


def html_candidates(page: Page, clean_text: str) -> Iterator[Evidence]:
    """Candidates from the page's one parse (`docpipe.page.tree`; XHTML with an XML declaration is read as HTML, as
    browsers read it)."""
    yield from json_ld_candidates(page.json_ld_items)
    yield from meta_candidates(page.meta_tags)
    yield from markup_candidates(page.root, clean_text)
    yield from page_notice_candidates(page.root)


def json_ld_candidates(items: Iterable[dict[str, Any]]) -> Iterator[Evidence]:
    for item in items:
        types = {t.lower() for t in as_list(item.get("@type")) if isinstance(t, str)}
        if types & ARTICLE_TYPES:
            yield from _json_ld_article(item)


def _json_ld_article(item: dict[str, Any]) -> Iterator[Evidence]:
    def cite(key: str, value: object) -> str:
        return json.dumps({key: value}, ensure_ascii=False)

    headline = item.get("headline") or item.get("name")
    if isinstance(headline, str) and headline.strip():
        yield make_evidence("title", one_line(headline), "json-ld", cite("headline", headline))
    for author in as_list(item.get("author")):
        for name in _author_names(author):
            yield make_evidence("authors", name, "json-ld", cite("author", _cited_author(author)))
    for key, field_name in (("datePublished", "published_date"), ("dateModified", "modified_date")):
        day = iso_day(item.get(key))
        if day:
            yield make_evidence(field_name, day, "json-ld", cite(key, item[key]))
    publisher = name_of(item.get("publisher"))
    if publisher:
        for field_name in ("publisher", "outlet"):
            yield make_evidence(field_name, publisher, "json-ld:publisher", cite("publisher", item["publisher"]))
    for based_on in as_list(item.get("isBasedOn")):
        outlet = name_of(based_on.get("publisher")) if isinstance(based_on, dict) else None
        if outlet:
            yield make_evidence("outlet", outlet, "json-ld:isBasedOn", cite("isBasedOn", based_on))
    url = item.get("url")
    if isinstance(url, str) and url.startswith("http"):
        yield make_evidence("url", url, "json-ld", cite("url", url))


def _author_names(author: object) -> list[str]:
    """The credit a JSON-LD author gives: a Person's name(s), or an Organization's name as it stands ("Reuters",
    "Guardian staff"); its kind is read back from the evidence (`author_kinds`)."""
    if isinstance(author, str):
        return names_from_string(author)
    if isinstance(author, dict):
        name = author.get("name")
        if not isinstance(name, str):
            return []
        if _json_ld_types(author) & ORGANISATION_TYPES:
            credit = one_line(PARENTHETICAL.sub("", name))
            return [credit] if names.is_organisation_name(credit) else []
        return names_from_string(name, single_word=True)
    return []


def _json_ld_types(item: dict[str, Any]) -> set[str]:
    return {t.lower() for t in as_list(item.get("@type")) if isinstance(t, str)}


def _cited_author(author: object) -> object:
    # @type first, so that the evidence (cut at EVIDENCE_MAX_CHARS) still says what kind of author it cites
    if isinstance(author, dict) and "@type" in author:
        return {"@type": author["@type"], **{k: v for k, v in author.items() if k != "@type"}}
    return author


def meta_candidates(tags: Iterable[tuple[str, str, etree._Element]]) -> Iterator[Evidence]:
    wanted: dict[str, list[str]] = {}
    for key, field_name in META_FIELDS:
        wanted.setdefault(key, []).append(field_name)
    for key, content, meta in tags:
        for field_name in wanted.get(key, []):
            yield from _meta_values(field_name, key, content, page_markup.markup(meta, EVIDENCE_MAX_CHARS))


def meta_author_contents(page: Page) -> list[str]:
    """The content of every meta tag that names authors (META_FIELDS), as written."""
    keys = {key for key, field_name in META_FIELDS if field_name == "authors"}
    return [one_line(content) for key, content, _ in page.meta_tags if key in keys]


def _meta_values(field_name: str, key: str, content: str, tag: str) -> Iterable[Evidence]:
    method = f"meta:{key}"
    if field_name == "authors":
        names = names_from_string(content, single_word=True)
        return [make_evidence(field_name, name, method, tag) for name in names]
    if field_name in ("published_date", "modified_date"):
        day = iso_day(content)
        return [make_evidence(field_name, day, method, tag)] if day else []
    return [make_evidence(field_name, one_line(content), method, tag)]


def markup_candidates(root: etree._Element, clean_text: str) -> Iterator[Evidence]:
    title_tag = page_markup.first(root, "title")
    title_string = page_markup.string(title_tag) if title_tag is not None else None
    if title_string:
        title = one_line(title_string)
        markup = page_markup.markup(title_tag, EVIDENCE_MAX_CHARS)
        yield make_evidence("title", outlets.TITLE_SITE_SUFFIX.sub("", title), "html:title", markup)
    h1 = page_markup.first(root, "h1")
    if h1 is not None:
        text = one_line(page_markup.text(h1, " "))
        if text:
            yield located("title", text, "html:h1", page_markup.markup(h1, EVIDENCE_MAX_CHARS), clean_text)
    # Only the first byline element that names someone: later ones are comments, related stories, teasers.
    for element in BYLINE_ELEMENT_HINTS(root):
        if element is root or not _is_byline_element(element):  # (BeautifulSoup's find_all skips the root)
            continue
        # A byline box may stack lines ("Written by A" over "Edited by B"): the first line naming someone counts.
        lines = (line for line in page_markup.text(element, "\n").split("\n") if line.strip())
        names = next((found for line in lines if (found := names_from_string(line))), [])
        for name in names:
            yield located("authors", name, "html:byline", page_markup.markup(element, EVIDENCE_MAX_CHARS), clean_text)
        if names:
            break
    if h1 is not None:
        yield from _by_line_under_headline(h1, clean_text)
    html_tag = page_markup.first(root, "html")
    lang = html_tag.get("lang") if html_tag is not None else None
    if isinstance(lang, str) and lang.strip():
        yield make_evidence("language", primary_subtag(lang), "html:lang", f'<html lang="{lang}">')
    # BeautifulSoup's find("link", rel="canonical"): rel is a list of tokens, any of which may match.
    canonical = next((link for link in root.iter("link") if "canonical" in (link.get("rel") or "").split()), None)
    href = canonical.get("href") if canonical is not None else None
    if isinstance(href, str) and href.startswith("http"):
        yield make_evidence("url", href, "link:canonical", page_markup.markup(canonical, EVIDENCE_MAX_CHARS))


def _has_notice_hint(text: str) -> bool:
    lowered = text.lower()
    return any(hint in lowered for hint in NOTICE_HINTS)


def page_notice_candidates(root: etree._Element) -> Iterator[Evidence]:
    """A republication notice anywhere in the page's visible text: pages often set it apart from the
    article body ("This post originally appeared on Grist." above the first paragraph), where the
    main-content extractor leaves it out."""
    # Most pages hold no hint at all: one search over all their text (lxml writes it out in C) and their comments
    # (find_all(string=) saw those too) spares walking every string in Python. A hint that only appears across two
    # strings just sends the page through the walk below, which tests each string alone.
    comments = (comment.text or "" for comment in root.iter(etree.Comment))
    if not _has_notice_hint(etree.tostring(root, method="text", encoding="unicode")) and not any(
        _has_notice_hint(comment) for comment in comments
    ):
        return
    for string, element, _ in page_markup.strings(root):  # every string, comments included, as find_all(string=)
        if not _has_notice_hint(string):
            continue
        # The notice's sentence runs across inline elements ("… appeared on <a>Grist</a>.")
        while element.tag in INLINE_TAGS and element.getparent() is not None:
            element = element.getparent()
        if element.tag in NOT_NOTICE_TAGS:
            continue
        line = one_line(page_markup.text(element, " "))
        if len(line) > notices.NOTICE_MAX_CHARS:
            continue
        notice = notices.match_republication_notice(line)
        if notice and notice.outlet:
            yield make_evidence("outlet", notice.outlet, "html:republication-notice", line)
            return


def _by_line_under_headline(h1: etree._Element, clean_text: str) -> Iterator[Evidence]:
    """The names of a "By …" line (any of the corpus's languages' "By": "Von", "Par", "Por", "Ein Artikel von" …)
    between the `<h1>` and the body: a byline the page marks with no byline class and the extractor left out of the
    text. The lowest-ranked author method: it names someone only where nothing else does."""
    for element in page_markup.elements_after(h1, UNDER_HEADLINE_ELEMENTS):
        if element.tag in NO_LINE_TAGS or len(element) > LINE_MAX_CHILDREN:
            continue
        if element.tag == "p" and len(page_markup.text(element)) > PROSE_PARAGRAPH_MIN_CHARS:
            return
        first = next((string for string in element.itertext() if string.strip()), "")
        if not BY_LINE_START.match(first.strip().lstrip("*_ ")):
            continue
        line = BY_LINE_DATE_LEAD.sub("", one_line(page_markup.text(element, " ")))
        byline = names.parse_byline(line) if len(line) <= names.BYLINE_MAX_CHARS else None
        if byline is not None and byline.has_by and byline.names:
            markup = page_markup.markup(element, EVIDENCE_MAX_CHARS)
            for name in byline.names:
                yield located("authors", name.name, "html:by-line", markup, clean_text)
            return


def _is_byline_element(element: etree._Element) -> bool:
    """[rel~=author], [itemprop=author], [class*=byline], [data-testid*=byline], .author-name, header .credit: the same
    test as those CSS selectors, as one pass of plain attribute checks (a fifth of a page's time otherwise)."""
    attrs = element.attrib
    if not attrs and element.tag != "address":
        return False
    # class is a list of tokens to BeautifulSoup, which these rules were written on (rel too, on a and link).
    class_tokens = (attrs.get("class") or "").split()
    return (
        _is_author_address(element)
        or "author" in (attrs.get("rel") or "").split()
        or attrs.get("itemprop") == "author"
        or "byline" in " ".join(class_tokens)
        or "author-name" in class_tokens
        or "byline" in attrs.get("data-testid", "")
        or ("credit" in class_tokens and _is_headline_credit(element))
    )


def _is_headline_credit(element: etree._Element) -> bool:
    # A .credit line in the headline's <header> credits the story ("JIJI" under the <h1>); in a figure, the photo.
    return (
        next(element.iterancestors("header"), None) is not None
        and next(element.iterancestors("figure", "figcaption", "picture"), None) is None
    )


def _is_author_address(element: etree._Element) -> bool:
    # <address> is the contact of its nearest article's author; in a page footer it is the site owner's.
    return element.tag == "address" and (
        next(element.iterancestors("article"), None) is not None
        or page_markup.text(element, " ", strip=True).lower().startswith("by ")
    )
