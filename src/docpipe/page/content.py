"""A page's main content as blocks: trafilatura's body, the headline first, the standfirst and headings the
page's markup shows (`layout`) in their places."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

from lxml import etree

from docpipe.model import Block, BlockKind, DocumentError, Step
from docpipe.page.extractor import extractor_metadata
from docpipe.page.headings import dropped_headings, shown_headline, source_headings, with_page_headings
from docpipe.page.standfirst import find_standfirst, place_standfirst, with_standfirst_role
from docpipe.page.tree import Page
from docpipe.text.normalise import join_blocks, normalise_text


@dataclass(frozen=True, slots=True)
class MainContent:
    blocks: tuple[Block, ...]
    clean_text: str
    extractor_reading: dict[str, str]  # trafilatura's reading of the page's title, author and site name


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
    if shown := shown_headline(tree, title, found.get("sitename")):
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
    parts = with_page_headings(parts, source_headings(tree))
    dropped = dropped_headings(tree, [text for _, text in parts])
    # From the last: each goes in right after its paragraph, so a run of headings keeps the page's order.
    for at, _, heading in sorted(((at, order, heading) for order, (at, heading) in enumerate(dropped)), reverse=True):
        parts.insert(at + 1, (BlockKind.HEADING, normalise_text(heading)))
    body_start = next((text for kind, text in parts if kind is BlockKind.PARAGRAPH), None)
    standfirst = find_standfirst(tree, title, body_start)
    if standfirst is not None:
        parts, placed = place_standfirst(parts, standfirst)
        standfirst = standfirst if placed else None
    blocks, clean_text = join_blocks(parts)
    if not any(b.kind not in (BlockKind.TITLE, BlockKind.STANDFIRST) for b in blocks):
        raise DocumentError(Step.CLEAN, "no main content found in HTML")
    return MainContent(with_standfirst_role(blocks, standfirst), clean_text, found)


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
