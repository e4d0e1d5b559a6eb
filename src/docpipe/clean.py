"""Decoded source to clean text: main content only, structure kept as blocks, text normalised.

HTML goes through trafilatura for the main-content decision (what is article, what is
navigation, ads, comments); its structured body becomes blocks. Plain text is split into
paragraph blocks and hard-wrapped lines are unwrapped.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import unicodedata
import warnings
from collections.abc import Iterable

import ftfy
from lxml import etree

from docpipe import layout, markdown
from docpipe.model import Block, BlockKind, DocumentError, Evidence, Step
from docpipe.rules import dates, methods, names
from docpipe.textsafety import strip_controls, strip_escape_sequences

HORIZONTAL_SPACE = re.compile(r"[^\S\n]+")  # any whitespace but newline, NBSP and friends included
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
BLOCK_SEPARATOR = "\n\n"


def normalise_text(text: str, keep_indent: bool = False) -> str:
    """Repair mojibake, compose to NFC, fold whitespace; keeps line breaks (CRLF becomes LF).

    `keep_indent` keeps each line's leading spaces (as spaces), which tell how long a hard-wrapped line
    really was; the text itself never keeps them."""
    # Quotes stay as written: curly quotes are content ("Trump’s"), not mojibake. Escape sequences go first (the
    # HTML parser may have made one of a character reference), as ftfy would drop only their ESC; control
    # characters ftfy leaves (C1 ones that are no mojibake) go after it.
    text = ftfy.fix_text(strip_escape_sequences(text), normalization="NFC", unescape_html=False, uncurl_quotes=False)
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


def blocks_from_markdown(text: str) -> tuple[tuple[Block, ...], str]:
    """Heading, paragraph, list, quote, table and code blocks of a Markdown text (`markdown`)."""
    blocks, clean_text = join_blocks((kind, normalise_text(text)) for kind, text in markdown.markdown_parts(text))
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


EXTRACTOR_METADATA_FIELDS = ("title", "author", "sitename")  # (its URL only serves to name the site)


def blocks_from_html(html: str, url: str | None) -> tuple[tuple[Block, ...], str, dict[str, str], tuple[Evidence, ...]]:
    """Main content of a page as blocks (the page's headline, as trafilatura reads it, first), trafilatura's
    reading of the page's metadata, and the evidence of the roles the page's markup gave blocks (`layout`)."""
    # Imported with the first page, not with the module: the run driver and the writer import the pipeline but never
    # extract, and trafilatura (with justext, dateparser and their data) is most of a worker's memory.
    import trafilatura
    from trafilatura.utils import load_html

    try:
        with warnings.catch_warnings():  # its date parser warns on zone names it cannot place ("GST")
            warnings.simplefilter("ignore")
            tree = load_html(html)
            if tree is None:
                raise DocumentError(Step.CLEAN, "no main content found in HTML")  # (lxml found no element)
            found = extractor_metadata(tree, url)
            extracted = trafilatura.bare_extraction(
                tree,  # (copied before it is pruned, as with_metadata=True does with its own parse)
                url=url,
                include_comments=False,
                include_tables=True,
                include_formatting=False,
                with_metadata=False,
                output_format="xml",  # (the body tree is all docpipe reads: no text rendering of it)
            )
    except (ValueError, etree.LxmlError, RecursionError) as error:
        raise DocumentError(Step.CLEAN, f"HTML could not be parsed: {error}") from error
    if extracted is None or extracted.body is None:
        raise DocumentError(Step.CLEAN, "no main content found in HTML")
    parts: list[tuple[BlockKind, str]] = []
    title = normalise_text(found.get("title", "")).replace("\n", " ")
    if shown := layout.shown_headline(tree, title, found.get("sitename")):
        title = normalise_text(shown)
    if title:
        parts.append((BlockKind.TITLE, title))
    for element in extracted.body:
        kind = HTML_BLOCK_KINDS.get(element.tag, BlockKind.PARAGRAPH)
        text = normalise_text(_element_text(element))
        if not (kind is BlockKind.HEADING and len(parts) <= 1 and text.casefold() == title.casefold()):
            parts.append((kind, text))  # (an h1 that repeats the headline already placed first is left out)
        # Text between two elements hangs off the first one's tail: a paragraph of its own.
        if element.tail and element.tail.strip():
            parts.append((BlockKind.PARAGRAPH, normalise_text(element.tail)))
    parts = with_page_headings(parts, layout.source_headings(tree))
    dropped = layout.dropped_headings(tree, [text for _, text in parts])
    # From the last: each goes in right after its paragraph, so a run of headings keeps the page's order.
    for at, _, heading in sorted(((at, order, heading) for order, (at, heading) in enumerate(dropped)), reverse=True):
        parts.insert(at + 1, (BlockKind.HEADING, normalise_text(heading)))
    body_start = next((text for kind, text in parts if kind is BlockKind.PARAGRAPH), None)
    standfirst = layout.find_standfirst(tree, title, body_start)
    if standfirst is not None:
        parts, placed = place_standfirst(parts, standfirst)
        standfirst = standfirst if placed else None
    blocks, clean_text = join_blocks(parts)
    if not any(b.kind not in (BlockKind.TITLE, BlockKind.STANDFIRST) for b in blocks):
        raise DocumentError(Step.CLEAN, "no main content found in HTML")
    return blocks, clean_text, found, standfirst_evidence(blocks, standfirst)


def with_page_headings(parts: list[tuple[BlockKind, str]], page: layout.PageHeadings) -> list[tuple[BlockKind, str]]:
    """Paragraphs the page marks as headings become headings. A heading that holds one of the page's `<h1>`s, or
    rewords the title block's headline, is the headline again (the title block may read it from `<title>` or
    `og:title`), and a heading right above the `<h1>` is its kicker: left out, not taken for subheads."""
    kept: list[tuple[BlockKind, str]] = []
    in_body = False
    headline = parts[0][1] if parts and parts[0][0] is BlockKind.TITLE else None
    for kind, text in parts:
        key = layout.text_key(text)
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


def _is_headline(text: str, key: str, headline: str | None, page: layout.PageHeadings) -> bool:
    return any(layout.holds(key, h1) for h1 in page.headlines) or (
        headline is not None and layout.repeats_headline(text, headline)
    )


STANDFIRST_SEARCH_BLOCKS = 10  # where the extractor may have kept the standfirst: under the headline


def place_standfirst(
    parts: list[tuple[BlockKind, str]], standfirst: layout.Standfirst
) -> tuple[list[tuple[BlockKind, str]], bool]:
    """The extracted blocks that are the standfirst take its role; if the extractor left it out, it goes in
    under the headline. Not placed (False) where it would leave no body: the page is all standfirst, so body."""
    whole = layout.text_key(" ".join(standfirst.paragraphs))
    keys = {layout.text_key(paragraph) for paragraph in standfirst.paragraphs} | {whole}
    placed = list(parts)
    found = False
    for index, (kind, text) in enumerate(parts[:STANDFIRST_SEARCH_BLOCKS]):
        if kind is not BlockKind.TITLE and layout.text_key(text) in keys:
            placed[index] = (BlockKind.STANDFIRST, text)
            found = True
    if not found:
        at = 1 if parts and parts[0][0] is BlockKind.TITLE else 0
        text = "\n".join(normalise_text(paragraph) for paragraph in standfirst.paragraphs)
        placed.insert(at, (BlockKind.STANDFIRST, text))
    if all(kind in (BlockKind.TITLE, BlockKind.STANDFIRST, BlockKind.HEADING) for kind, _ in placed):
        return parts, False
    return placed, True


def standfirst_evidence(blocks: tuple[Block, ...], standfirst: layout.Standfirst | None) -> tuple[Evidence, ...]:
    """Why a block is the standfirst: the element it was read from and the rule (the standfirst section gives its
    place in clean_text)."""
    if standfirst is None:
        return ()
    confidence = methods.confidence("standfirst", standfirst.method)
    return tuple(
        Evidence("standfirst", b.text, standfirst.method, f"<{standfirst.element}>", None, None, confidence, True)
        for b in blocks
        if b.kind is BlockKind.STANDFIRST
    )


def extractor_metadata(tree: etree._Element, url: str | None) -> dict[str, str]:
    """trafilatura's reading of a page's title, author and site name: `trafilatura.metadata.extract_metadata`'s
    steps for those fields (trafilatura 2.3.1), on the tree its extraction then reads. Its date (an htmldate call
    with the arguments docpipe's own htmldate candidate uses), categories, tags and licence are left out: they were
    a third of trafilatura's time per page and docpipe read none of them but the date, which it already had."""
    from trafilatura import metadata as reading

    found = reading.examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None  # (as trafilatura: a one-word meta author is a handle or a site, not a name)
    with contextlib.suppress(Exception):  # as trafilatura: its JSON-LD reader has bugs; the markup reading stands
        found = reading.extract_meta_json(tree, found)
    found.title = found.title or reading.extract_title(tree)
    found.author = found.author or reading.extract_author(tree)
    found.url = found.url or reading.extract_url(tree, url)
    found.sitename = found.sitename or reading.extract_sitename(tree)
    if found.sitename:
        found.sitename = found.sitename.lstrip("@")
        if found.sitename and "." not in found.sitename and not found.sitename[0].isupper():
            found.sitename = found.sitename.title()
    elif found.url and (host := reading.META_URL.match(found.url)):
        found.sitename = host[1]
    found.clean_and_trim()  # (entities, spaces, length: as extract_metadata ends)
    values = {name: getattr(found, name) for name in EXTRACTOR_METADATA_FIELDS}
    return {name: value for name, value in values.items() if isinstance(value, str) and value}


HTML_BLOCK_KINDS = {
    "head": BlockKind.HEADING,
    "p": BlockKind.PARAGRAPH,
    "list": BlockKind.LIST,
    "quote": BlockKind.QUOTE,
    "table": BlockKind.TABLE,
}


BLOCK_TAGS = frozenset({"list", "table", "head", "p", "quote", "item", "code"})


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
        elif child.tag in BLOCK_TAGS:
            # A heading or paragraph inside a list item is a line of its own, not glued to its neighbours.
            pieces.append("\n" + _element_text(child) + "\n")
        else:
            pieces.append(_element_text(child))
        pieces.append(child.tail or "")
    return "".join(pieces)
