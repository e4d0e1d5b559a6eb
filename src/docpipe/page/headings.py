"""Which lines a page marks as headings: its `<h1>` as the headline shows it, `<h2>`–`<h6>` and bold-all-through
paragraphs as subheads, teasers and kickers left out, and headings trafilatura dropped put back in place."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from docpipe.model import BlockKind
from docpipe.page.elements import ALL_STRINGS, bold_all_through, in_furniture, visible_text
from docpipe.rules.outlets import TITLE_TAIL
from docpipe.rules.sections import (
    MARKED_SUBHEAD_MAX_CHARS,
    NEIGHBOUR_MAX_CHARS,
    TEASER_LINK_SHARE,
)
from docpipe.rules.selectors import (
    HEADING_TAGS,
)
from docpipe.text.compare import holds, repeats_headline, text_key


@dataclass(frozen=True, slots=True)
class PageHeadings:
    """Text keys of what the page marks as headings."""

    headlines: set[str]  # its `<h1>`s: the headline, or what shows as one
    headings: set[str]  # `<h2>`–`<h6>` and short paragraphs bold all through
    links: set[str]  # headings that are mostly one link: the title of another article (a teaser), no subhead
    kickers: set[str]  # headings right above an `<h1>`: its kicker, part of the headline


def shown_headline(tree: etree._Element, title: str, site_name: str | None = None) -> str | None:
    """The page's `<h1>` where the title an extractor read is it plus a site or section suffix ("Headline | Site",
    "Headline - Section"): the headline as the page shows it, without what `<title>` adds for browsers' tabs. An
    `<h1>` that is the site's name is its logo, and the title after it ("Site | Headline") the headline."""
    folded, site = title.casefold(), text_key(site_name or "")
    for element in tree.iter("h1"):
        text = visible_text(element)
        if text and folded.startswith(text.casefold()) and TITLE_TAIL.match(title[len(text) :]):
            return None if site and text_key(text) == site else text
    return None


def source_headings(tree: etree._Element) -> PageHeadings:
    """What the page marks as headings: `<h1>`s, `<h2>`–`<h6>`, and short paragraphs bold all through (a common way
    of writing a subhead in an editor; a long one is an emphasised paragraph). trafilatura renders some headings
    as paragraphs."""
    headlines = {key for element in tree.iter("h1") if (key := text_key(visible_text(element)))}
    headings: set[str] = set()
    links: set[str] = set()
    kickers: set[str] = set()
    for element in tree.iter(*HEADING_TAGS, "p"):
        if element.tag == "p" and not bold_all_through(element):
            continue
        text = visible_text(element)
        if text and len(text) <= MARKED_SUBHEAD_MAX_CHARS and not (element.tag == "p" and text.endswith(".")):
            # (a bold sentence is emphasis: subheads seldom end with a full stop)
            key = text_key(text)
            if _all_one_link(element, text):
                links.add(key)
            elif _is_kicker(element):
                kickers.add(key)
            else:
                headings.add(key)
    return PageHeadings(headlines, headings, links - headings, kickers)


def _is_kicker(element: etree._Element) -> bool:
    """The heading right above the `<h1>`: the kicker (a topic label) of the headline."""
    following = element.getnext()
    while following is not None and not (isinstance(following.tag, str) and visible_text(following)):
        following = following.getnext()
    return following is not None and following.tag == "h1"


def _all_one_link(element: etree._Element, text: str) -> bool:
    """The element sits in a link, or holds one link that is most of its text."""
    if next(element.iterancestors("a"), None) is not None:
        return True
    link = next(element.iter("a"), None)
    return link is not None and len(visible_text(link)) >= TEASER_LINK_SHARE * len(text)


def dropped_headings(tree: etree._Element, texts: list[str]) -> list[tuple[int, str]]:
    """Headings the extractor dropped from between two paragraphs it kept: (index of the paragraph before in
    `texts`, the heading's text), in the page's order, for each `<h2>`–`<h6>` whose neighbours on either side,
    other headings passed over (a live blog's day and time headers come in pairs), are the extracted texts at `i`
    and `i + 1`, with no text of its own among them."""
    index = {}
    for position, text in enumerate(texts):
        index.setdefault(text_key(text), position)
    found = []
    for heading in tree.iter(*HEADING_TAGS):
        # The neighbours first: most headings of a page (menus, teasers) have none among the extracted texts.
        before = _neighbour_text(heading.itersiblings(preceding=True))
        at = index.get(text_key(before)) if before else None
        if at is None:
            continue
        after = _neighbour_text(heading.itersiblings())
        if not after or index.get(text_key(after)) != at + 1:
            continue
        text = visible_text(heading)
        if text and len(text) <= MARKED_SUBHEAD_MAX_CHARS and text_key(text) not in index and not in_furniture(heading):
            found.append((at, text))
    return found


def _neighbour_text(siblings: Iterator[etree._Element]) -> str | None:
    for sibling in siblings:
        if len(ALL_STRINGS(sibling)) > NEIGHBOUR_MAX_CHARS:
            return None  # a container of much more than a paragraph: no extracted paragraph
        if sibling.tag in HEADING_TAGS:
            continue
        if isinstance(sibling.tag, str) and (text := visible_text(sibling)):
            return text
    return None


def with_page_headings(parts: list[tuple[BlockKind, str]], page: PageHeadings) -> list[tuple[BlockKind, str]]:
    """Paragraphs the page marks as headings become headings. A heading that holds one of the page's `<h1>`s, or
    rewords the title block's headline, is the headline again (the title block may read it from `<title>` or
    `og:title`), and a heading right above the `<h1>` is its kicker: left out, not taken for subheads."""
    kept: list[tuple[BlockKind, str]] = []
    in_body = False
    headline = parts[0][1] if parts and parts[0][0] is BlockKind.TITLE else None
    for kind, text in parts:
        key = text_key(text)
        if kind is BlockKind.PARAGRAPH and key in page.headings:
            kind = BlockKind.HEADING
        elif kind is BlockKind.HEADING and key in page.links:
            kind = BlockKind.PARAGRAPH  # a teaser's title: a line of the text, no subhead
        if kind is BlockKind.HEADING and (
            (not in_body and key in page.kickers) or _is_headline(text, key, headline, page)
        ):
            continue
        in_body = in_body or kind is BlockKind.PARAGRAPH
        kept.append((kind, text))
    return kept


def _is_headline(text: str, key: str, headline: str | None, page: PageHeadings) -> bool:
    return any(holds(key, h1) for h1 in page.headlines) or (headline is not None and repeats_headline(text, headline))
