"""A page's main content as blocks: trafilatura's body, the headline first, the standfirst and headings the
page's markup shows (`layout`) in their places."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

from lxml import etree

from docpipe.model import Block, BlockKind, DocumentError, Evidence, Step
from docpipe.page import layout
from docpipe.page.extractor import extractor_metadata
from docpipe.page.tree import Page
from docpipe.rules import methods
from docpipe.rules.sections import STANDFIRST_SEARCH_BLOCKS
from docpipe.text.compare import holds, repeats_headline, text_key
from docpipe.text.normalise import join_blocks, normalise_text


@dataclass(frozen=True, slots=True)
class MainContent:
    blocks: tuple[Block, ...]
    clean_text: str
    extractor_reading: dict[str, str]  # trafilatura's reading of the page's title, author and site name
    roles: tuple[Evidence, ...]  # why a block has the role the page's markup gave it (the standfirst)


def blocks_from_html(page: Page, url: str | None) -> MainContent:
    """Main content of a page as blocks (the page's headline, as trafilatura reads it, first), trafilatura's
    reading of the page's metadata, and the evidence of the roles the page's markup gave blocks (`layout`)."""
    # Imported with the first page, not with the module: the run driver and the writer import the pipeline but never
    # extract, and trafilatura (with justext, dateparser and their data) is most of a worker's memory.
    import trafilatura

    tree = page.content_tree
    if tree is None:
        raise DocumentError(Step.CLEAN, "no main content found in HTML")  # (not a document to trafilatura)
    try:
        with warnings.catch_warnings():  # its date parser warns on zone names it cannot place ("GST")
            warnings.simplefilter("ignore")
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
    return MainContent(blocks, clean_text, found, standfirst_evidence(blocks, standfirst))


def with_page_headings(parts: list[tuple[BlockKind, str]], page: layout.PageHeadings) -> list[tuple[BlockKind, str]]:
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


def _is_headline(text: str, key: str, headline: str | None, page: layout.PageHeadings) -> bool:
    return any(holds(key, h1) for h1 in page.headlines) or (headline is not None and repeats_headline(text, headline))


def place_standfirst(
    parts: list[tuple[BlockKind, str]], standfirst: layout.Standfirst
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
