"""Blocks to sections: which block is headline, standfirst, dateline, byline, body, notice, bio.

Furniture sits at the edges of an article: headline, standfirst, date and byline at the top,
notices, bios and share lines at the bottom (notices at the top too). So the top and the
tail are classified first, and everything between is body, split into sections at subheads.
"""

from __future__ import annotations

from docpipe import patterns
from docpipe.clean import BLOCK_SEPARATOR
from docpipe.model import Block, BlockKind, Section, SectionKind

HEADLINE_MAX_CHARS = 250
# How far into a text the headline's companions (standfirst, date, byline) may sit.
TOP_REGION_BLOCKS = 6
STANDFIRST_MAX_CHARS = 400  # a standfirst is a sentence or two; longer is the article's first paragraph
WEB_VIEW_LINE = ("view this", "view in browser", "view this email", "read this online")

FURNITURE = {
    SectionKind.HEADLINE,
    SectionKind.STANDFIRST,
    SectionKind.DATELINE,
    SectionKind.BYLINE,
    SectionKind.REPUBLICATION_NOTICE,
    SectionKind.AUTHOR_BIO,
    SectionKind.OTHER,
}


def segment_blocks(blocks: tuple[Block, ...]) -> tuple[Section, ...]:
    kinds = classify_blocks(blocks)
    return build_sections(blocks, kinds)


def classify_blocks(blocks: tuple[Block, ...]) -> list[SectionKind | None]:
    """A section kind per block; None marks a subhead (the heading of the body section that follows)."""
    kinds: list[SectionKind | None] = [SectionKind.BODY] * len(blocks)
    start = _classify_top(blocks, kinds)
    _classify_tail(blocks, kinds, start)
    for i in range(start, len(blocks)):
        if kinds[i] is not SectionKind.BODY:
            continue
        block = blocks[i]
        if patterns.match_republication_notice(block.text):
            kinds[i] = SectionKind.REPUBLICATION_NOTICE
        elif _is_subhead(block) and _next_is_body(blocks, kinds, i):
            kinds[i] = None
    return kinds


def _classify_top(blocks: tuple[Block, ...], kinds: list[SectionKind | None]) -> int:
    """Mark the headline and its companions; return the index of the first block left to classify.

    The top ends at the first block that is neither furniture (date line, byline, notice) nor the one
    paragraph that may sit among them: the standfirst, which counts only when furniture follows it.
    """
    i = 0
    while i < len(blocks) and blocks[i].text.lower().startswith(WEB_VIEW_LINE):
        kinds[i] = SectionKind.OTHER
        i += 1
    if i < len(blocks) and _is_headline(blocks[i]):
        kinds[i] = SectionKind.HEADLINE
        i += 1
    if i == 0:
        return 0  # no headline: the text starts with its body
    standfirst: int | None = None
    last_furniture = i - 1
    for j in range(i, min(len(blocks), i + TOP_REGION_BLOCKS)):
        kind = _top_furniture_kind(blocks[j])
        if kind is not None:
            kinds[j] = kind
            last_furniture = j
        elif (
            standfirst is None and blocks[j].kind is BlockKind.PARAGRAPH and len(blocks[j].text) <= STANDFIRST_MAX_CHARS
        ):
            standfirst = j
        else:
            break
    if standfirst is not None and standfirst < last_furniture:
        kinds[standfirst] = SectionKind.STANDFIRST
    return last_furniture + 1


def _top_furniture_kind(block: Block) -> SectionKind | None:
    text = block.text
    if patterns.parse_date_line(text) is not None:
        return SectionKind.DATELINE
    if patterns.parse_byline(text):
        return SectionKind.BYLINE
    if patterns.match_republication_notice(text):
        return SectionKind.REPUBLICATION_NOTICE
    return None


def _classify_tail(blocks: tuple[Block, ...], kinds: list[SectionKind | None], start: int) -> None:
    """Walk back from the end over notices, bios, contributor, share and copyright lines."""
    i = len(blocks) - 1
    while i >= start:
        block = blocks[i]
        text = block.text
        if patterns.match_republication_notice(text):
            kinds[i] = SectionKind.REPUBLICATION_NOTICE
        elif patterns.match_bio_name(text) or patterns.ABOUT_AUTHOR.match(text):
            kinds[i] = SectionKind.AUTHOR_BIO
        elif patterns.SHARE_OR_RELATED.match(text) or patterns.CONTRIBUTOR_LINE.match(text):
            kinds[i] = SectionKind.OTHER
        else:
            break
        i -= 1
    # Paragraphs under an "About the author" heading belong to the bio.
    for j in range(start, len(blocks)):
        if kinds[j] is SectionKind.AUTHOR_BIO and patterns.ABOUT_AUTHOR.match(blocks[j].text):
            for k in range(j + 1, len(blocks)):
                if kinds[k] is SectionKind.BODY:
                    kinds[k] = SectionKind.AUTHOR_BIO
            break


def _is_headline(block: Block) -> bool:
    if block.kind is BlockKind.TITLE:
        return True
    text = block.text
    return (
        block.kind in (BlockKind.PARAGRAPH, BlockKind.HEADING)
        and "\n" not in text
        and len(text) <= HEADLINE_MAX_CHARS
        and not text.endswith((".", ",", ";", ":"))
        and patterns.parse_date_line(text) is None
        and not patterns.parse_byline(text)
    )


def _is_subhead(block: Block) -> bool:
    if block.kind is BlockKind.HEADING:
        return True
    return block.kind is BlockKind.PARAGRAPH and patterns.looks_like_subhead(block.text)


def _next_is_body(blocks: tuple[Block, ...], kinds: list[SectionKind | None], i: int) -> bool:
    return i + 1 < len(blocks) and kinds[i + 1] is SectionKind.BODY


def build_sections(blocks: tuple[Block, ...], kinds: list[SectionKind | None]) -> tuple[Section, ...]:
    """Furniture blocks become one section each; body runs become sections split at subheads."""
    sections: list[Section] = []
    run: list[Block] = []
    heading: str | None = None

    def close_run() -> None:
        nonlocal heading
        if run:
            start, end = run[0].char_start, run[-1].char_end
            text = _span_text(run)
            sections.append(Section(len(sections), SectionKind.BODY, heading, text, start, end))
        run.clear()
        heading = None

    for block, kind in zip(blocks, kinds, strict=True):
        if kind is None:
            close_run()
            heading = block.text
            run.append(block)
        elif kind is SectionKind.BODY:
            run.append(block)
        else:
            close_run()
            sections.append(Section(len(sections), kind, None, block.text, block.char_start, block.char_end))
    close_run()
    return tuple(sections)


def _span_text(run: list[Block]) -> str:
    # Blocks of a run are adjacent in clean_text, separated by the block separator.
    return BLOCK_SEPARATOR.join(block.text for block in run)
