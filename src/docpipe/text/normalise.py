"""Text as docpipe keeps it: mojibake repaired, NFC, whitespace folded; blocks laid out one after another."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

import ftfy

from docpipe.model import Block, BlockKind
from docpipe.rules.plaintext import ASCII_CONTROL, HORIZONTAL_SPACE, INVISIBLE
from docpipe.textsafety import strip_controls, strip_escape_sequences

BLOCK_SEPARATOR = "\n\n"


def normalise_text(text: str, keep_indent: bool = False) -> str:
    """Repair mojibake, compose to NFC, fold whitespace; keeps line breaks (CRLF becomes LF).

    `keep_indent` keeps each line's leading spaces (as spaces), which tell how long a hard-wrapped line
    really was; the text itself never keeps them."""
    # Quotes stay as written: curly quotes are content ("Trump’s"), not mojibake. Escape sequences go first (the
    # HTML parser may have made one of a character reference), as ftfy would drop only their ESC; control
    # characters ftfy leaves (C1 ones that are no mojibake) go after it.
    text = strip_escape_sequences(text)
    if not (text.isascii() and not ASCII_CONTROL.search(text)):  # (ftfy leaves printable ASCII as it is)
        text = ftfy.fix_text(text, normalization="NFC", unescape_html=False, uncurl_quotes=False)
    text = strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = unicodedata.normalize("NFC", INVISIBLE.sub("", text))
    lines = []
    for line in text.split("\n"):
        folded = HORIZONTAL_SPACE.sub(" ", line.strip())
        indent = len(line) - len(line.lstrip()) if keep_indent and folded else 0
        lines.append(" " * indent + folded)
    return "\n".join(lines).strip("\n") if keep_indent else "\n".join(lines).strip()


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
