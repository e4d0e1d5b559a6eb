"""Markdown articles to blocks, and the YAML front matter that static-site generators, note apps and extractors
(trafilatura's Markdown output) write on top of them.

Markdown marks its structure (`#` headings, lists, quotes, tables) and its inline markup (links, emphasis, images)
is no text a reader sees, so it is parsed by a CommonMark parser (markdown-it-py) rather than read line by line
as plain text is: a short line in Markdown is a short paragraph, never a guessed subhead.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from docpipe.model import Block, BlockKind, DocumentError, Step
from docpipe.text.normalise import join_blocks, normalise_text


def blocks_from_markdown(text: str) -> tuple[tuple[Block, ...], str]:
    """Heading, paragraph, list, quote, table and code blocks of a Markdown text (`markdown`)."""
    blocks, clean_text = join_blocks((kind, normalise_text(text)) for kind, text in markdown_parts(text))
    if not blocks:
        raise DocumentError(Step.CLEAN, "no text after cleaning")
    return blocks, clean_text


FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


FRONT_MATTER_MAX_CHARS = 20_000  # a front matter is a few fields; a longer "---" block is the text's own rule


ATX_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.M)


MIN_HEADINGS = 2  # one "# …" line may be a hashtag or a comment; two headings are Markdown


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """(fields, the text after them); no fields and the text unchanged when it opens with no YAML mapping between
    two `---` lines."""
    found = FRONT_MATTER.match(text)
    if found is None or len(found.group(0)) > FRONT_MATTER_MAX_CHARS:
        return {}, text
    try:
        fields = yaml.safe_load(found.group(1) or "")
    except yaml.YAMLError:
        return {}, text
    if not isinstance(fields, dict) or not fields:
        return {}, text
    return {str(key).strip().lower(): value for key, value in fields.items()}, text[found.end() :]


def looks_like_markdown(text: str) -> bool:
    """Text that marks its headings the Markdown way (`## Heading`), at least twice."""
    return len(ATX_HEADING.findall(text, 0, 200_000)) >= MIN_HEADINGS


_PARSER = MarkdownIt("commonmark").enable("table")


# Tools that hard-wrap their Markdown (html2text) break a long link or image target across lines, and CommonMark
# then reads the whole construct as literal text ("![](http://x.org/wp- content/a.jpg)").
WRAPPED_IMAGE = re.compile(r"!\[[^\]]*\]\([^()]*?\s[^()]*\)")


WRAPPED_LINK = re.compile(r"\[([^\]]*)\]\(([^()\s]*\s[^()]*)\)")


def repair_wrapped_links(text: str) -> str:
    """Images and links whose target a wrapper broke: the image left out, the link read as its text."""
    return WRAPPED_LINK.sub(lambda m: m.group(1), WRAPPED_IMAGE.sub("", text))


def markdown_parts(text: str) -> list[tuple[BlockKind, str]]:
    """The blocks of a Markdown text: headings, paragraphs, lists (an item a line), quotes, tables (a row a line,
    cells joined by " | ") and code, with the inline markup read as the text it shows (link text, no images)."""
    tokens = _PARSER.parse(repair_wrapped_links(text))
    parts: list[tuple[BlockKind, str]] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open":
            parts.append((BlockKind.HEADING, _inline_text(tokens[index + 1])))
            index += 3
        elif token.type == "paragraph_open":
            parts.append((BlockKind.PARAGRAPH, _inline_text(tokens[index + 1])))
            index += 3
        elif token.type in CONTAINERS:
            end = _closing(tokens, index)
            lines = _lines(tokens[index + 1 : end], table=token.type == "table_open")
            parts.append((CONTAINERS[token.type], "\n".join(lines)))
            index = end + 1
        elif token.type in ("fence", "code_block"):
            parts.append((BlockKind.PARAGRAPH, token.content.strip("\n")))
            index += 1
        else:  # hr, raw HTML blocks: no text a reader sees
            index += 1
    return [(kind, text) for kind, text in parts if text.strip()]


CONTAINERS = {
    "bullet_list_open": BlockKind.LIST,
    "ordered_list_open": BlockKind.LIST,
    "blockquote_open": BlockKind.QUOTE,
    "table_open": BlockKind.TABLE,
}


def _closing(tokens: list[Token], start: int) -> int:
    """The index of the token that closes the container opened at `start`."""
    depth = 0
    for index in range(start, len(tokens)):
        depth += tokens[index].nesting
        if depth == 0:
            return index
    return len(tokens) - 1


def _lines(tokens: list[Token], table: bool) -> list[str]:
    """A line per list item, quoted paragraph or table row (its cells joined by " | ")."""
    lines: list[str] = []
    cells: list[str] = []
    number = ""  # an ordered list item's number is part of its text ("1) performance"), as a reader sees it
    for token in tokens:
        if token.type == "list_item_open":
            number = f"{token.info}{token.markup} " if token.info else ""
        elif token.type == "inline":
            text = _inline_text(token)
            if table:
                cells.append(text)
            elif text:
                lines.append(number + text)
                number = ""
        elif token.type in ("fence", "code_block"):
            lines.append(token.content.strip("\n"))
        elif table and token.type == "tr_close":
            lines.append(" | ".join(cells))
            cells.clear()
    return lines


def _inline_text(token: Token) -> str:
    pieces: list[str] = []
    for child in token.children or ():
        if child.type in ("text", "code_inline"):
            pieces.append(child.content)
        elif child.type == "softbreak":
            pieces.append(" ")
        elif child.type == "hardbreak":
            pieces.append("\n")
    return "".join(pieces).strip()
