"""Plain text to blocks: paragraphs, headings and lists, with hard-wrapped lines joined where they were wrapped."""

from __future__ import annotations

import itertools
import re

from docpipe.model import Block, BlockKind, DocumentError, Step
from docpipe.rules import dates, names
from docpipe.rules.plaintext import (
    BLANK_LINES,
    BULLET,
    DUMP_NEAR_WIDTH_SHARE,
    MANY_WRAPPED_LINES,
    MARKDOWN_HEADING,
    MAX_WRAP_WIDTH,
    MIN_WRAPPED_LINES,
    NEAR_WIDTH_SHARE,
    NUMBERED,
    RULE,
    WRAP_COLUMN_TOLERANCE,
    WRAP_SLACK,
)
from docpipe.text.normalise import join_blocks, normalise_text


def blocks_from_plain_text(text: str) -> tuple[tuple[Block, ...], str]:
    """Paragraph, heading and list blocks of a plain-text article.

    Lines are joined only where the text was hard-wrapped: a line that breaks although the next word
    would still have fitted within the wrap width was broken on purpose (a headline over its byline,
    a list of links), so it ends its block even without a blank line after it.
    """
    normalised = normalise_text(text, keep_indent=True)
    width = wrap_width(normalised.split("\n"))
    parts: list[tuple[BlockKind, str]] = []
    for chunk in BLANK_LINES.split(normalised):
        parts.extend(_chunk_blocks([line for line in chunk.split("\n") if line.strip()], width))
    blocks, clean_text = join_blocks(_numbered_lists(parts))
    if not blocks:
        raise DocumentError(Step.CLEAN, "no text after cleaning")
    return blocks, clean_text


def wrap_width(lines: list[str]) -> int | None:
    """The column a hard-wrapped text was wrapped at, or None if its lines are not hard-wrapped.

    Wrapped lines crowd just below the wrap column; lines that are whole paragraphs spread widely.
    """
    lengths = sorted(len(a) for a, b in itertools.pairwise(lines) if a.strip() and b.strip())
    if len(lengths) < MIN_WRAPPED_LINES:
        return None
    typical = lengths[int(len(lengths) * 0.9)]
    near = sum(typical - WRAP_SLACK <= length <= typical for length in lengths)
    # A page dump (lynx, w3m) wraps its paragraphs among many short lines of menus: many lines at one column
    # tell the same, whatever their share.
    wrapped = near >= len(lengths) * NEAR_WIDTH_SHARE or (
        near >= MANY_WRAPPED_LINES and near >= len(lengths) * DUMP_NEAR_WIDTH_SHARE
    )
    if typical > MAX_WRAP_WIDTH or not wrapped:
        return None
    # The column itself: the longest line near the typical one (a stray long line does not count).
    return max(length for length in lengths if length <= typical + WRAP_COLUMN_TOLERANCE)


def _continues(previous: str, line: str, width: int | None) -> bool:
    """True if `line` goes on from `previous`: the wrapper broke there because the word did not fit.
    A line longer than the wrap column was never wrapped (a headline, a URL), so nothing continues it."""
    return width is not None and len(previous) <= width < len(previous) + 1 + len(line.split()[0])


def _chunk_blocks(lines: list[str], width: int | None) -> list[tuple[BlockKind, str]]:
    parts: list[tuple[BlockKind, str]] = []
    paragraph: list[str] = []
    # Each item as the list of its lines, joined once at the end: appending a wrapped line to a growing string
    # copies it every time, which made a long wrapped item quadratic in its number of lines.
    items: list[list[str]] = []

    def flush() -> None:
        if paragraph:
            parts.append((BlockKind.PARAGRAPH, " ".join(paragraph)))
            paragraph.clear()
        if items:
            parts.append((BlockKind.LIST, "\n".join(" ".join(item) for item in items)))
            items.clear()

    # `lines` keep their indentation, for the wrap test; blocks get the text without it.
    for index, line in enumerate(lines):
        text = line.strip()
        heading = MARKDOWN_HEADING.match(text)
        if RULE.match(text) or heading:
            flush()
            if heading:
                parts.append((BlockKind.HEADING, heading.group(2)))
        elif paragraph and _continues(lines[index - 1], line, width) and not _stands_alone(text):
            paragraph.append(text)  # even "– clad in …": a dash the wrapper moved to a new line
        elif _is_item(lines, index, width):
            if paragraph:
                flush()
            items.append([BULLET.sub("", text)])
        elif items and _continues(lines[index - 1], line, width):
            items[-1].append(text)  # a list item wrapped onto the next line
        else:
            flush()
            paragraph.append(text)
    flush()
    return parts


def _numbered_lists(parts: list[tuple[BlockKind, str]]) -> list[tuple[BlockKind, str]]:
    """Paragraphs numbered 1., 2., 3. one after another are the items of a list spaced by blank lines."""
    merged: list[tuple[BlockKind, str]] = []
    run: list[str] = []

    def close() -> None:
        if len(run) > 1:
            merged.append((BlockKind.LIST, "\n".join(NUMBERED.sub("", item) for item in run)))
        else:
            merged.extend((BlockKind.PARAGRAPH, item) for item in run)
        run.clear()

    for kind, text in parts:
        number = NUMBERED.match(text) if kind is BlockKind.PARAGRAPH else None
        if number and (not run or _item_number(text) == _item_number(run[-1]) + 1):
            run.append(text)
            continue
        close()
        if number:
            run.append(text)
        else:
            merged.append((kind, text))
    close()
    return merged


def _item_number(text: str) -> int:
    return int(re.match(r"\s*(\d+)", text).group(1))


def _stands_alone(line: str) -> bool:
    """A byline or a date line is its own line even where a wrapped paragraph could have run on."""
    byline = names.parse_byline(line)
    return (byline is not None and byline.has_by) or dates.parse_date_line(line) is not None


def _is_item(lines: list[str], index: int, width: int | None) -> bool:
    """A list item: a bulleted line, or a numbered one next to another numbered item (wrapped lines
    between them allowed). "1." alone is a numbered subhead, which keeps its number."""
    if not BULLET.match(lines[index]):
        return False
    if not NUMBERED.match(lines[index]):
        return True
    following = index + 1
    while following < len(lines) and not NUMBERED.match(lines[following]):
        if not _continues(lines[following - 1], lines[following], width):
            break
        following += 1
    if following < len(lines) and NUMBERED.match(lines[following]):
        return True
    previous = index - 1
    while previous >= 0 and not NUMBERED.match(lines[previous]):
        if previous == 0 or not _continues(lines[previous - 1], lines[previous], width):
            return False
        previous -= 1
    return previous >= 0
