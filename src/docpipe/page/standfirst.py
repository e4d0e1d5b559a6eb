"""The standfirst a page shows under its headline, read from its markup by structure (where an element sits
relative to the headline), the generic vocabulary of its class, id and itemprop (lead, intro, summary, …) and whether
the page's description repeats it; and its place among the extracted blocks. trafilatura drops most standfirsts.
Nothing here knows a site."""

from __future__ import annotations

from dataclasses import dataclass, replace

from lxml import etree

from docpipe.model import Block, BlockKind, Role
from docpipe.page.elements import ALL_STRINGS, bold_all_through, describe, in_furniture, name_words, visible_text
from docpipe.page.markup import elements_after
from docpipe.rules import dates, furniture, methods, names
from docpipe.rules.sections import (
    BODY_SIBLING_MIN_CHARS,
    ELEMENTS_AFTER_HEADLINE,
    FURNITURE_LINE_MAX_CHARS,
    MARKUP_STANDFIRST_MAX_CHARS,
    RAW_TEXT_MAX_CHARS,
    STANDFIRST_MAX_PARAGRAPHS,
    STANDFIRST_MIN_CHARS,
    STANDFIRST_SEARCH_BLOCKS,
    TEXTS_AFTER_HEADLINE,
)
from docpipe.rules.selectors import (
    DESCRIPTION_XPATH,
    ELLIPSIS,
    LEAD_ITEMPROPS,
    LEAD_WORDS,
    TEXT_TAGS,
)
from docpipe.text.compare import holds, text_key
from docpipe.text.normalise import normalise_text


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
    for count, element in enumerate(elements_after(headline)):
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
        if (candidate or 0 < len(text) <= FURNITURE_LINE_MAX_CHARS) and not in_furniture(element):
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
    if element.tag != "p" or bold_all_through(element):
        return False
    return any(
        sibling.tag == "p" and len(visible_text(sibling)) >= BODY_SIBLING_MIN_CHARS
        for sibling in element.itersiblings()
    )


def _headline_element(tree: etree._Element, title: str) -> etree._Element | None:
    """The first `<h1>` or `<h2>` outside the page's furniture that reads as the title; else the first `<h1>` that
    does (a headline inside a navigation bar); else the first `<h1>`, or `<h2>`, outside the furniture."""
    title_key = text_key(title)
    inside_furniture = outside = first_h2 = None
    for heading in tree.iter("h1", "h2"):
        key = text_key(visible_text(heading))
        if not key:
            continue
        furniture = in_furniture(heading)
        if title_key and holds(key, title_key):
            if not furniture:
                return heading
            if inside_furniture is None and heading.tag == "h1":
                inside_furniture = heading
        elif outside is None and not furniture and heading.tag == "h1":
            outside = heading
        elif first_h2 is None and not furniture and heading.tag == "h2":
            first_h2 = heading
    # A page without an <h1> sets its headline in the first <h2>.
    return next((h for h in (inside_furniture, outside, first_h2) if h is not None), None)


def _paragraphs(element: etree._Element) -> tuple[str, ...]:
    """The element's text, a paragraph per `<p>` inside it when it holds several."""
    inner = [text for p in element.iter("p") if (text := visible_text(p))]
    if len(inner) > 1:
        return tuple(inner)
    return (visible_text(element),)


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
        if LEAD_WORDS.isdisjoint(name_words(candidate)) and candidate.get("itemprop") not in LEAD_ITEMPROPS:
            continue
        own = len(visible_text(element)) if own is None else own
        # A wrapper of much more than this element: its name says nothing about the element.
        return candidate if not level or len(visible_text(candidate)) <= own * 1.5 + 50 else None
    return None


def _is_furniture_text(text: str) -> bool:
    """A byline, a date line or a reading-time line sits under headlines too: never a standfirst."""
    byline = names.parse_byline(text)
    return (
        (byline is not None and byline.has_by)
        or dates.parse_date_line(text) is not None
        or bool(furniture.READING_INFO.match(text))
        or bool(furniture.COPYRIGHT_LINE.match(text))
    )


def place_standfirst(
    parts: list[tuple[BlockKind, str]], standfirst: Standfirst
) -> tuple[list[tuple[BlockKind, str]], bool]:
    """The extracted blocks that are the standfirst take its role; if the extractor left it out, it goes in
    under the headline. Not placed (False) where it would leave no body: the page is all standfirst, so body."""
    whole = text_key(" ".join(standfirst.paragraphs))
    keys = {text_key(paragraph) for paragraph in standfirst.paragraphs} | {whole}
    placed = list(parts)
    found = False
    for index, (kind, text) in enumerate(parts[:STANDFIRST_SEARCH_BLOCKS]):
        if kind is not BlockKind.TITLE and text_key(text) in keys:
            placed[index] = (BlockKind.STANDFIRST, text)
            found = True
    if not found:
        at = 1 if parts and parts[0][0] is BlockKind.TITLE else 0
        text = "\n".join(normalise_text(paragraph) for paragraph in standfirst.paragraphs)
        placed.insert(at, (BlockKind.STANDFIRST, text))
    if all(kind in (BlockKind.TITLE, BlockKind.STANDFIRST, BlockKind.HEADING) for kind, _ in placed):
        return parts, False
    return placed, True


def with_standfirst_role(blocks: tuple[Block, ...], standfirst: Standfirst | None) -> tuple[Block, ...]:
    """The standfirst blocks with why they are the standfirst: the rule and the element it was read from."""
    if standfirst is None:
        return blocks
    role = Role(standfirst.method, f"<{standfirst.element}>", methods.confidence("standfirst", standfirst.method))
    return tuple(replace(b, role=role) if b.kind is BlockKind.STANDFIRST else b for b in blocks)
