"""How plain text is laid out: line wrapping, bullets, numbered items, rules, and the characters folded away."""

from __future__ import annotations

import re

HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")  # any whitespace but newline, NBSP and friends included


# ASCII's control characters but tab and newline: text without them and without non-ASCII characters is text ftfy
# has nothing to repair in (no mojibake, ligature, width or line-break form; checked on 200,000 random strings).
ASCII_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")  # zero-width and soft hyphen


BLANK_LINES = re.compile(r"\n\s*\n")


BULLET = re.compile(r"^\s*(?:[-*•·–]|\d{1,2}[.)])\s+")


MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*$")


NUMBERED = re.compile(r"^\s*\d{1,2}[.)]\s+")


RULE = re.compile(r"^\s*(?:[-*_=~]\s*){3,}$")  # a Markdown or e-mail separator line, not content


MIN_WRAPPED_LINES = 8  # fewer line breaks than this (a header, a closing list) tell nothing about wrapping


WRAP_SLACK = 20  # a wrapped line ends within one long word of the wrap column


WRAP_COLUMN_TOLERANCE = 3


NEAR_WIDTH_SHARE = 0.6  # in wrapped text most line breaks sit near the wrap column


MANY_WRAPPED_LINES = 40


DUMP_NEAR_WIDTH_SHARE = 0.15


MAX_WRAP_WIDTH = 200  # nobody hard-wraps wider; longer lines are whole paragraphs


# A plain text's first line is a title candidate (`text:first-line`) up to this many words; longer, it is the body's
# first paragraph (a reader tool that leaves the title out).
FIRST_LINE_TITLE_MAX_WORDS = 25
