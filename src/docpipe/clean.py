"""Decoded source to clean text: main content only, structure kept as blocks, text normalised.

HTML goes through trafilatura for the main-content decision (what is article, what is
navigation, ads, comments); its structured body becomes blocks. Plain text is split into
paragraph blocks and hard-wrapped lines are unwrapped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import ftfy
import trafilatura
from lxml import etree

from docpipe.model import Block, BlockKind, DocumentError, Step

HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")  # any whitespace but newline, NBSP and friends included
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")  # zero-width and soft hyphen
BLANK_LINES = re.compile(r"\n\s*\n")
BULLET = re.compile(r"^\s*(?:[-*•·–]|\d{1,2}[.)])\s+")
MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*$")
# A hard-wrapped paragraph has most lines near one width; a block of short lines
# (an address, a byline over a date) is not a paragraph to unwrap.
MIN_WRAPPED_LINE = 50
BLOCK_SEPARATOR = "\n\n"


def normalise_text(text: str) -> str:
    """Repair mojibake, compose to NFC, fold whitespace; keeps line breaks (CRLF becomes LF)."""
    # Quotes stay as written: curly quotes are content ("Trump’s"), not mojibake.
    text = ftfy.fix_text(text, normalization="NFC", unescape_html=False, uncurl_quotes=False)
    text = unicodedata.normalize("NFC", INVISIBLE.sub("", text.replace("\r\n", "\n").replace("\r", "\n")))
    lines = (HORIZONTAL_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines).strip()


def join_blocks(parts: Iterable[tuple[BlockKind, str]]) -> tuple[tuple[Block, ...], str]:
    """Lay blocks out one after another in clean_text, each block's offsets pointing at its text."""
    blocks: list[Block] = []
    cursor = 0
    for kind, text in parts:
        if not text:
            continue
        if blocks:
            cursor += len(BLOCK_SEPARATOR)
        blocks.append(Block(kind, text, cursor, cursor + len(text)))
        cursor += len(text)
    return tuple(blocks), BLOCK_SEPARATOR.join(b.text for b in blocks)


def blocks_from_plain_text(text: str) -> tuple[tuple[Block, ...], str]:
    normalised = normalise_text(text)
    parts: list[tuple[BlockKind, str]] = []
    for paragraph in BLANK_LINES.split(normalised):
        parts.extend(_plain_paragraph_blocks(paragraph.strip().split("\n")))
    blocks, clean_text = join_blocks(parts)
    if not blocks:
        raise DocumentError(Step.CLEAN, "no text after cleaning")
    return blocks, clean_text


def _plain_paragraph_blocks(lines: list[str]) -> list[tuple[BlockKind, str]]:
    lines = [line for line in lines if line]
    if not lines:
        return []
    heading = MARKDOWN_HEADING.match(lines[0])
    if len(lines) == 1 and heading:
        return [(BlockKind.HEADING, heading.group(2))]
    if all(BULLET.match(line) for line in lines):
        return [(BlockKind.LIST, "\n".join(BULLET.sub("", line) for line in lines))]
    if len(lines) == 1 or all(len(line) >= MIN_WRAPPED_LINE for line in lines[:-1]):
        return [(BlockKind.PARAGRAPH, " ".join(lines))]
    # Short lines that are not a wrapped paragraph: each line stands alone (e.g. byline over date).
    return [(BlockKind.PARAGRAPH, line) for line in lines]


EXTRACTOR_METADATA_FIELDS = ("title", "author", "date", "sitename", "url")


def blocks_from_html(html: str, url: str | None) -> tuple[tuple[Block, ...], str, dict[str, str]]:
    """Main content of a page as blocks (the page's headline, as trafilatura reads it, first) and
    trafilatura's reading of the page's metadata."""
    try:
        extracted = trafilatura.bare_extraction(
            html,
            url=url,
            include_comments=False,
            include_tables=True,
            include_formatting=False,
            with_metadata=True,
        )
    except (ValueError, etree.LxmlError, RecursionError) as error:
        raise DocumentError(Step.CLEAN, f"HTML could not be parsed: {error}") from error
    if extracted is None or extracted.body is None:
        raise DocumentError(Step.CLEAN, "no main content found in HTML")
    parts: list[tuple[BlockKind, str]] = []
    title = normalise_text(extracted.title or "").replace("\n", " ")
    if title:
        parts.append((BlockKind.TITLE, title))
    for element in extracted.body:
        kind = HTML_BLOCK_KINDS.get(element.tag, BlockKind.PARAGRAPH)
        text = normalise_text(_element_text(element))
        if kind is BlockKind.HEADING and len(parts) <= 1 and text.casefold() == title.casefold():
            continue  # the page's h1 repeats the headline already placed first
        parts.append((kind, text))
    blocks, clean_text = join_blocks(parts)
    if not any(b.kind is not BlockKind.TITLE for b in blocks):
        raise DocumentError(Step.CLEAN, "no main content found in HTML")
    found = {name: getattr(extracted, name) for name in EXTRACTOR_METADATA_FIELDS}
    return blocks, clean_text, {name: value for name, value in found.items() if isinstance(value, str) and value}


HTML_BLOCK_KINDS = {
    "head": BlockKind.HEADING,
    "p": BlockKind.PARAGRAPH,
    "list": BlockKind.LIST,
    "quote": BlockKind.QUOTE,
    "table": BlockKind.TABLE,
}


def _element_text(element: etree._Element) -> str:
    """Text of one trafilatura body element; items, rows and line breaks become lines."""
    if element.tag == "list":
        return "\n".join(_element_text(item) for item in element if item.tag == "item")
    if element.tag == "table":
        return "\n".join(" | ".join(_element_text(cell) for cell in row) for row in element.iter("row"))
    pieces = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            pieces.append("\n")
        elif child.tag in ("list", "table"):
            pieces.append("\n" + _element_text(child) + "\n")
        else:
            pieces.append(_element_text(child))
        pieces.append(child.tail or "")
    return "".join(pieces)
