"""How an element of a page reads to the layout rules: its visible text, whether it is page furniture (by its
tag or the words of its class and id), whether it is bold all through, and how to name it in evidence."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from lxml import etree

from docpipe.rules.sections import (
    FURNITURE_NAME_LEVELS,
)
from docpipe.rules.selectors import (
    CAMEL_HUMP,
    FURNITURE_WORDS,
    NAME_PARTS,
    NO_TEXT_TAGS,
    NOT_ARTICLE_TEXT,
)
from docpipe.text.compare import text_key

FURNITURE_ANCESTOR = etree.XPath(
    "boolean(ancestor::*[" + " or ".join(f"self::{tag}" for tag in sorted(NOT_ARTICLE_TEXT)) + "])"
)


ALL_STRINGS = etree.XPath("string()")  # compiled once: the walk asks it of hundreds of elements a page


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


def in_furniture(element: etree._Element) -> bool:
    return _named_furniture(element) or _inside_furniture_tag(element)


def _named_furniture(element: etree._Element) -> bool:
    for level, ancestor in enumerate((element, *element.iterancestors())):
        if level >= FURNITURE_NAME_LEVELS:
            return False
        if not FURNITURE_WORDS.isdisjoint(name_words(ancestor)):
            return True
    return False


def _inside_furniture_tag(element: etree._Element) -> bool:
    # One XPath test in libxml2 rather than a walk up the tree in Python.
    return element.tag in NOT_ARTICLE_TEXT or bool(FURNITURE_ANCESTOR(element))


def visible_text(element: etree._Element) -> str:
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


def name_words(element: etree._Element) -> frozenset[str]:
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


def bold_all_through(paragraph: etree._Element) -> bool:
    if (paragraph.text or "").strip() or len(paragraph) == 0:
        return False
    for child in paragraph:
        if (child.tail or "").strip():
            return False
        bold = child.tag in ("strong", "b") or any(d.tag in ("strong", "b") for d in child.iterdescendants())
        if not bold or text_key(visible_text(child)) != text_key(" ".join(visible_text(b) for b in _bold_parts(child))):
            return False
    return True


def _bold_parts(element: etree._Element) -> Iterator[etree._Element]:
    if element.tag in ("strong", "b"):
        yield element
        return
    for child in element:
        yield from _bold_parts(child)
