"""What a page's markup says about its article's parts: the standfirst under the headline, and which lines are
headings. trafilatura keeps the main text but not these roles (it drops most standfirsts, turns some headings
into paragraphs), so they are read from the page's own tree, by structure: where an element sits relative to the
headline, the generic vocabulary of its class, id and itemprop (lead, intro, summary, …), and whether the page's
description repeats it. Nothing here knows a site.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from docpipe.rules import dates, furniture, names
from docpipe.rules.outlets import TITLE_TAIL
from docpipe.rules.sections import (
    BODY_SIBLING_MIN_CHARS,
    ELEMENTS_AFTER_HEADLINE,
    FURNITURE_LINE_MAX_CHARS,
    FURNITURE_NAME_LEVELS,
    MARKED_SUBHEAD_MAX_CHARS,
    MARKUP_STANDFIRST_MAX_CHARS,
    NEIGHBOUR_MAX_CHARS,
    RAW_TEXT_MAX_CHARS,
    STANDFIRST_MAX_PARAGRAPHS,
    STANDFIRST_MIN_CHARS,
    TEASER_LINK_SHARE,
    TEXTS_AFTER_HEADLINE,
)
from docpipe.rules.selectors import (
    CAMEL_HUMP,
    DESCRIPTION_XPATH,
    ELLIPSIS,
    FURNITURE_WORDS,
    HEADING_TAGS,
    LEAD_ITEMPROPS,
    LEAD_WORDS,
    NAME_PARTS,
    NO_TEXT_TAGS,
    NOT_ARTICLE_TEXT,
    TEXT_TAGS,
)
from docpipe.text.compare import holds, text_key

FURNITURE_ANCESTOR = etree.XPath(
    "boolean(ancestor::*[" + " or ".join(f"self::{tag}" for tag in sorted(NOT_ARTICLE_TEXT)) + "])"
)


ALL_STRINGS = etree.XPath("string()")  # compiled once: the walk asks it of hundreds of elements a page


@dataclass(frozen=True, slots=True)
class Standfirst:
    paragraphs: tuple[str, ...]
    method: str  # a standfirst method of `methods.SECTION_METHODS` ("html:lead-markup", …)
    element: str  # the element it was read from, as a short CSS-like descriptor (the evidence)


def find_standfirst(tree: etree._Element, title: str, body_start: str | None) -> Standfirst | None:
    """The summary paragraph(s) the page shows under its headline, if its markup marks one out.

    The headline is the `<h1>` (or `<h2>`) that reads as the title. Walking the elements after it up to the body's
    first paragraph (`body_start`, as the extractor found it), the first one that is no furniture and either
    repeats the page's description (what a standfirst usually is), or is named like one (`class="article-lead"`,
    `itemprop="description"`), or is a paragraph of the headline's own `<header>`, is the standfirst."""
    headline = _headline_element(tree, title)
    if headline is None:
        return None
    start_key = text_key(body_start) if body_start else None
    descriptions = [key for value in tree.xpath(DESCRIPTION_XPATH) if (key := text_key(ELLIPSIS.sub("", value)))]
    header = next((a for a in headline.iterancestors("header")), None)
    title_key = text_key(title)
    texts = 0
    pending: tuple[etree._Element, tuple[str, ...], int] | None = None  # a paragraph a byline may follow
    for count, element in enumerate(_following(headline)):
        if count >= ELEMENTS_AFTER_HEADLINE or texts >= TEXTS_AFTER_HEADLINE:
            return None
        if element.tag not in TEXT_TAGS:
            continue
        raw = ALL_STRINGS(element)  # (libxml2's join of all its strings, scripts' and styles' too: cheap to test)
        if len(raw) > RAW_TEXT_MAX_CHARS or raw.isspace() or not raw:
            continue
        paragraphs = _paragraphs(element)
        text = " ".join(paragraphs)
        # Where the body begins the walk ends: the standfirst comes before it, or is it, if the markup says so.
        last = bool(start_key) and element.tag == "p" and text_key(text) == start_key
        candidate = (
            STANDFIRST_MIN_CHARS <= len(text) <= MARKUP_STANDFIRST_MAX_CHARS
            and len(paragraphs) <= STANDFIRST_MAX_PARAGRAPHS
            and text_key(text) != title_key
        )
        if (candidate or 0 < len(text) <= FURNITURE_LINE_MAX_CHARS) and not _in_furniture(element):
            if len(text) <= FURNITURE_LINE_MAX_CHARS and _is_furniture_text(paragraphs[0]):
                # A paragraph right above the byline or date line is the standfirst (the text layout's rule).
                if pending is not None and texts - pending[2] <= 1 and not last:
                    return Standfirst(pending[1], "html:above-byline", describe(pending[0]))
            elif candidate:
                texts += 1
                found = _judge(element, paragraphs, descriptions, header)
                if found is not None:
                    return found
                if element.tag == "p" and not _opens_body(element):
                    pending = (element, paragraphs, texts)
        if last:
            return None
    return None


def _judge(
    element: etree._Element, paragraphs: tuple[str, ...], descriptions: list[str], header: etree._Element | None
) -> Standfirst | None:
    """The element (no furniture) as the standfirst, and by which rule, or None."""
    named = _lead_named(element)
    if named is not None:
        return Standfirst(paragraphs, "html:lead-markup", describe(named))
    if _opens_body(element):
        return None  # the body's first paragraph, which descriptions often repeat: body, unless named a lead
    key = text_key(" ".join(paragraphs))
    if any(_same_start(key, description) for description in descriptions):
        return Standfirst(paragraphs, "html:visible-description", describe(element))
    if header is not None and element.tag == "p" and header in element.iterancestors("header"):
        return Standfirst(paragraphs, "html:header-paragraph", describe(element))
    return None


def _opens_body(element: etree._Element) -> bool:
    """A paragraph with body paragraphs after it in the same container: the body's first paragraph, not a
    standfirst, which sits in a container of its own (or is set in bold all through)."""
    if element.tag != "p" or _bold_all_through(element):
        return False
    return any(
        sibling.tag == "p" and len(_text(sibling)) >= BODY_SIBLING_MIN_CHARS for sibling in element.itersiblings()
    )


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
        text = _text(element)
        if text and folded.startswith(text.casefold()) and TITLE_TAIL.match(title[len(text) :]):
            return None if site and text_key(text) == site else text
    return None


def source_headings(tree: etree._Element) -> PageHeadings:
    """What the page marks as headings: `<h1>`s, `<h2>`–`<h6>`, and short paragraphs bold all through (a common way
    of writing a subhead in an editor; a long one is an emphasised paragraph). trafilatura renders some headings
    as paragraphs."""
    headlines = {key for element in tree.iter("h1") if (key := text_key(_text(element)))}
    headings: set[str] = set()
    links: set[str] = set()
    kickers: set[str] = set()
    for element in tree.iter(*HEADING_TAGS, "p"):
        if element.tag == "p" and not _bold_all_through(element):
            continue
        text = _text(element)
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
    while following is not None and not (isinstance(following.tag, str) and _text(following)):
        following = following.getnext()
    return following is not None and following.tag == "h1"


def _all_one_link(element: etree._Element, text: str) -> bool:
    """The element sits in a link, or holds one link that is most of its text."""
    if next(element.iterancestors("a"), None) is not None:
        return True
    link = next(element.iter("a"), None)
    return link is not None and len(_text(link)) >= TEASER_LINK_SHARE * len(text)


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
        text = _text(heading)
        if (
            text
            and len(text) <= MARKED_SUBHEAD_MAX_CHARS
            and text_key(text) not in index
            and not _in_furniture(heading)
        ):
            found.append((at, text))
    return found


def _neighbour_text(siblings: Iterator[etree._Element]) -> str | None:
    for sibling in siblings:
        if len(ALL_STRINGS(sibling)) > NEIGHBOUR_MAX_CHARS:
            return None  # a container of much more than a paragraph: no extracted paragraph
        if sibling.tag in HEADING_TAGS:
            continue
        if isinstance(sibling.tag, str) and (text := _text(sibling)):
            return text
    return None


def describe(element: etree._Element) -> str:
    """`tag.class#id[itemprop]`, the way a reader finds the element again in the page's source."""
    name = str(element.tag)
    if classes := (element.get("class") or "").split():
        name += "." + ".".join(classes[:3])
    if element.get("id"):
        name += "#" + str(element.get("id"))
    if element.get("itemprop"):
        name += f"[itemprop={element.get('itemprop')}]"
    return name[:200]


def _headline_element(tree: etree._Element, title: str) -> etree._Element | None:
    """The first `<h1>` or `<h2>` outside the page's furniture that reads as the title; else the first `<h1>` that
    does (a headline inside a navigation bar); else the first `<h1>`, or `<h2>`, outside the furniture."""
    title_key = text_key(title)
    in_furniture = outside = first_h2 = None
    for heading in tree.iter("h1", "h2"):
        key = text_key(_text(heading))
        if not key:
            continue
        furniture = _in_furniture(heading)
        if title_key and holds(key, title_key):
            if not furniture:
                return heading
            if in_furniture is None and heading.tag == "h1":
                in_furniture = heading
        elif outside is None and not furniture and heading.tag == "h1":
            outside = heading
        elif first_h2 is None and not furniture and heading.tag == "h2":
            first_h2 = heading
    # A page without an <h1> sets its headline in the first <h2>.
    return next((h for h in (in_furniture, outside, first_h2) if h is not None), None)


def _following(element: etree._Element) -> Iterator[etree._Element]:
    """Elements after `element` in document order, its own descendants left out."""
    for found in element.itersiblings():
        yield found
        yield from found.iterdescendants()
    parent = element.getparent()
    if parent is not None:
        yield from _following(parent)


def _in_furniture(element: etree._Element) -> bool:
    return _named_furniture(element) or _inside_furniture_tag(element)


def _named_furniture(element: etree._Element) -> bool:
    for level, ancestor in enumerate((element, *element.iterancestors())):
        if level >= FURNITURE_NAME_LEVELS:
            return False
        if not FURNITURE_WORDS.isdisjoint(_name_words(ancestor)):
            return True
    return False


def _inside_furniture_tag(element: etree._Element) -> bool:
    # One XPath test in libxml2 rather than a walk up the tree in Python.
    return element.tag in NOT_ARTICLE_TEXT or bool(FURNITURE_ANCESTOR(element))


def _paragraphs(element: etree._Element) -> tuple[str, ...]:
    """The element's text, a paragraph per `<p>` inside it when it holds several."""
    inner = [text for p in element.iter("p") if (text := _text(p))]
    if len(inner) > 1:
        return tuple(inner)
    return (_text(element),)


def _text(element: etree._Element) -> str:
    pieces: list[str] = []
    _collect_text(element, pieces)
    return " ".join("".join(pieces).split())


def _collect_text(element: etree._Element, pieces: list[str]) -> None:
    if not isinstance(element.tag, str) or element.tag in NO_TEXT_TAGS:
        return  # (a comment's or a script's text; its tail is its parent's)
    pieces.append(element.text or "")
    for child in element:
        _collect_text(child, pieces)
        pieces.append(child.tail or "")


def _same_start(key: str, description: str) -> bool:
    """The element's text is the description, or the description cut short (as meta descriptions often are)."""
    if key == description:
        return True
    shorter, longer = sorted((key, description), key=len)
    return len(shorter) >= 40 and longer.startswith(shorter)


def _lead_named(element: etree._Element) -> etree._Element | None:
    """The element, or an ancestor two levels up at most that holds little more text, named like a standfirst."""
    own: int | None = None
    for level, candidate in enumerate((element, *element.iterancestors())):
        if level > 2:
            return None
        if LEAD_WORDS.isdisjoint(_name_words(candidate)) and candidate.get("itemprop") not in LEAD_ITEMPROPS:
            continue
        own = len(_text(element)) if own is None else own
        # A wrapper of much more than this element: its name says nothing about the element.
        return candidate if not level or len(_text(candidate)) <= own * 1.5 + 50 else None
    return None


def _name_words(element: etree._Element) -> frozenset[str]:
    words = frozenset()
    for attribute in ("class", "id", "itemprop"):
        value = element.get(attribute)
        if value:
            words |= _words_of(value)
    return words


@functools.lru_cache(maxsize=4096)
def _words_of(name: str) -> frozenset[str]:
    """The words of a class, id or itemprop value ("articleLead lead-box" -> article, lead, box)."""
    return frozenset(NAME_PARTS.split(CAMEL_HUMP.sub(r"\1 \2", name).lower())) - {""}


def _is_furniture_text(text: str) -> bool:
    """A byline, a date line or a reading-time line sits under headlines too: never a standfirst."""
    byline = names.parse_byline(text)
    return (
        (byline is not None and byline.has_by)
        or dates.parse_date_line(text) is not None
        or bool(furniture.READING_INFO.match(text))
        or bool(furniture.COPYRIGHT_LINE.match(text))
    )


def _bold_all_through(paragraph: etree._Element) -> bool:
    if (paragraph.text or "").strip() or len(paragraph) == 0:
        return False
    for child in paragraph:
        if (child.tail or "").strip():
            return False
        bold = child.tag in ("strong", "b") or any(d.tag in ("strong", "b") for d in child.iterdescendants())
        if not bold or text_key(_text(child)) != text_key(" ".join(_text(b) for b in _bold_parts(child))):
            return False
    return True


def _bold_parts(element: etree._Element) -> Iterator[etree._Element]:
    if element.tag in ("strong", "b"):
        yield element
        return
    for child in element:
        yield from _bold_parts(child)
