"""Blocks to sections: which block is headline, standfirst, dateline, byline, body, notice, bio.

Furniture sits at the edges of an article: headline, standfirst, date and byline at the top,
notices, bios and share lines at the bottom (notices at the top too). So the top and the
tail are classified first, and everything between is body, split into sections at subheads.
"""

from __future__ import annotations

from itertools import islice

from docpipe.model import Block, BlockKind, Section, SectionKind
from docpipe.rules import furniture
from docpipe.rules.sections import (
    CLUSTER_MAX_GAP,
    CONTENT_WORD,
    DUMP_MIN_LEADING_BLOCKS,
    DUMP_MIN_MENU_BLOCKS,
    HEADLINE_MAX_CHARS,
    HEADLINE_MIN_WORDS,
    HEADLINE_WINDOW,
    MARKED_SUBHEAD_MAX_CHARS,
    ON_TOPIC_MIN_SHARE,
    ON_TOPIC_PARAGRAPHS,
    PROSE_MIN_CHARS,
    PROSE_MIN_WORDS,
    RELATED_ITEM_MAX_CHARS,
    RELATED_WINDOW,
    STANDFIRST_MAX_BLOCKS,
    TEXT_STANDFIRST_MAX_CHARS,
    TOP_LABEL_MAX_BLOCKS,
    TOP_LABEL_MAX_WORDS,
    TOP_REGION_BLOCKS,
    WEB_VIEW_LINE,
)
from docpipe.text.compare import repeats_headline
from docpipe.text.lines import LineReader
from docpipe.text.normalise import BLOCK_SEPARATOR


def segment_blocks(blocks: tuple[Block, ...], marked_headings: bool = False, page: bool = False) -> tuple[Section, ...]:
    """`marked_headings`: the source marks its headings (HTML, Markdown), so no paragraph is read as a subhead.
    `page`: the blocks are an extractor's reading of an HTML page, whose headline is its first block."""
    reader = LineReader()
    kinds = classify_blocks(blocks, marked_headings, reader, page)
    return build_sections(blocks, kinds, reader)


def classify_blocks(
    blocks: tuple[Block, ...], marked_headings: bool, reader: LineReader, page: bool = False
) -> list[SectionKind | None]:
    """A section kind per block; None marks a subhead (the heading of the body section that follows)."""
    kinds: list[SectionKind | None] = [SectionKind.BODY] * len(blocks)
    article = _article_in_page_dump(blocks, reader)
    if article is not None:
        # A whole page saved as text: its navigation, above the headline, and its footer, below the body.
        first, body, last = article
        kinds[:first] = [SectionKind.OTHER] * first
        kinds[last + 1 :] = [SectionKind.OTHER] * (len(blocks) - last - 1)
        start = _classify_dump_top(blocks, kinds, first, body, reader)
    else:
        last = len(blocks) - 1
        start = _classify_top(blocks, kinds, reader, page)
    _classify_tail(blocks[: last + 1], kinds, start, reader)
    repeated = _repeated_lines(blocks)
    for i in range(start, last + 1):
        if kinds[i] is not SectionKind.BODY:
            continue
        block = blocks[i]
        if block.kind is BlockKind.STANDFIRST:
            kinds[i] = SectionKind.STANDFIRST
        elif reader.notice(block.text):
            kinds[i] = SectionKind.REPUBLICATION_NOTICE
        elif (
            _is_subhead(block, marked_headings)
            and _next_is_body(blocks, kinds, i)
            and (block.kind is BlockKind.HEADING or not _is_furniture_line(block, repeated, reader))
        ):
            kinds[i] = None
    return kinds


def _repeated_lines(blocks: tuple[Block, ...]) -> set[str]:
    """Short lines a text has more than once ("Article content", "Anzeige", "Story continues below"): furniture."""
    seen: set[str] = set()
    repeated: set[str] = set()
    for block in blocks:
        if len(block.text) <= HEADLINE_MAX_CHARS:
            key = block.text.strip().casefold()
            (repeated if key in seen else seen).add(key)
    return repeated


def _is_furniture_line(block: Block, repeated: set[str], reader: LineReader) -> bool:
    """A short plain-text line that is no subhead: a line the text repeats, a date line or a byline."""
    text = block.text
    return text.strip().casefold() in repeated or reader.date_line(text) is not None or reader.byline(text) is not None


def _classify_top(
    blocks: tuple[Block, ...], kinds: list[SectionKind | None], reader: LineReader, page: bool = False
) -> int:
    """Mark the headline and its companions; return the index of the first block left to classify.

    The top ends at the first block that is neither furniture (date line, byline, notice) nor a paragraph
    that may sit among them: the standfirst (in a text also a deck line under it), which counts only when
    furniture follows it. A text's headline may sit under a few label lines (`_top_headline`).
    """
    i = 0
    while i < len(blocks) and blocks[i].text.lower().startswith(WEB_VIEW_LINE):
        kinds[i] = SectionKind.OTHER
        i += 1
    if page:
        headline = i if i < len(blocks) and _is_headline(blocks[i], reader) else None
    else:
        headline = _top_headline(blocks, i, reader)
    if headline is not None:
        for j in range(i, headline):  # a section's name, a share line, a date or a notice above it
            kinds[j] = _top_furniture_kind(blocks[j], blocks[headline], reader) or SectionKind.OTHER
        kinds[headline] = SectionKind.HEADLINE
        i = headline + 1
    if i == 0 and not page:
        # No headline: the text may still open with its byline and date ("by Jane Doe", "June 19, 2023").
        while i < min(len(blocks), TOP_REGION_BLOCKS) and (kind := _top_furniture_kind(blocks[i], blocks[0], reader)):
            kinds[i] = kind
            i += 1
        return i
    if i == 0:
        return 0  # no headline: the text starts with its body
    standfirst: list[int] = []
    source_lines: list[int] = []
    last_furniture = i - 1
    for j in range(i, min(len(blocks), i + TOP_REGION_BLOCKS)):
        kind = _top_furniture_kind(blocks[j], blocks[0], reader)
        if kind is not None:
            kinds[j] = kind
            last_furniture = j
        elif furniture.looks_like_source_line(blocks[j].text) and blocks[j].kind is BlockKind.PARAGRAPH:
            source_lines.append(j)  # "CNET", "The New York Times": an archive export's source line
        elif (
            len(standfirst) < (1 if page else STANDFIRST_MAX_BLOCKS)
            and blocks[j].kind is BlockKind.PARAGRAPH
            and len(blocks[j].text) <= TEXT_STANDFIRST_MAX_CHARS
        ):
            standfirst.append(j)  # a standfirst, and a second deck line under it
        else:
            break
    # In a page, the extractor's first paragraph above a date or byline is the article's lead, not a
    # standfirst (pages keep their standfirst in markup the extractor leaves out); in text it is one.
    for j in standfirst:
        if j < last_furniture and blocks[0].kind is not BlockKind.TITLE:
            kinds[j] = SectionKind.STANDFIRST
    # A short name line counts as a source only among furniture; before the body it is a subhead.
    for j in source_lines:
        if j < last_furniture:
            kinds[j] = SectionKind.OTHER
    return last_furniture + 1


def _top_headline(blocks: tuple[Block, ...], start: int, reader: LineReader) -> int | None:
    """The headline at the top of a text: its first block if that reads as one and announces the article (shares
    its words), else the first such block under a few short lines (a section's name, a share line), else the first
    block if it reads as a headline at all, unless it is a line of names the article does not speak of (a byline
    a reader tool put first: "Dirk Knop")."""
    first_is_headline = start < len(blocks) and _is_headline(blocks[start], reader)
    prose = list(islice((block.text for block in blocks[start:] if _is_prose(block)), ON_TOPIC_PARAGRAPHS))
    if not prose:
        return start if first_is_headline else None
    article = _content_words(" ".join(prose))
    if first_is_headline and reader.byline(blocks[start].text) is not None:
        first_is_headline = _share_in(blocks[start].text, article) >= ON_TOPIC_MIN_SHARE
    for j in range(start, min(len(blocks), start + TOP_LABEL_MAX_BLOCKS + 1)):
        block = blocks[j]
        if _is_headline(block, reader) and _share_in(block.text, article) >= ON_TOPIC_MIN_SHARE:
            return j
        if _is_prose(block) or len(block.text.split()) > TOP_LABEL_MAX_WORDS:
            break  # the article has begun, or a line too long for a label: no headline further down
    return start if first_is_headline else None


def _classify_dump_top(
    blocks: tuple[Block, ...], kinds: list[SectionKind | None], headline: int, body: int, reader: LineReader
) -> int:
    """In a page dump, everything between the headline and the article's first paragraph is its furniture, in any
    order and however much: date lines, bylines, the standfirst (a paragraph right under the headline), and the
    rest (captions, buttons, "Author of the article:") as other. Returns where the body starts."""
    kinds[headline] = SectionKind.HEADLINE
    for j in range(headline + 1, body):
        kind = _top_furniture_kind(blocks[j], blocks[headline], reader)
        if kind is None and j == headline + 1 and blocks[j].kind is BlockKind.PARAGRAPH:
            kind = SectionKind.STANDFIRST if len(blocks[j].text) <= TEXT_STANDFIRST_MAX_CHARS else None
        kinds[j] = kind or SectionKind.OTHER
    return body


def _article_in_page_dump(blocks: tuple[Block, ...], reader: LineReader) -> tuple[int, int, int] | None:
    """(headline, first paragraph, last paragraph) of the article in a text that is a whole page (navigation, the
    article, the footer), or None for a text that is an article. The article is the longest run of prose
    paragraphs; its headline is a title-like line a little above the run's first paragraph."""
    if blocks and blocks[0].kind is BlockKind.TITLE:
        return None  # a page's article, as the extractor found it, with its headline first
    prose = [i for i, block in enumerate(blocks) if _is_prose(block)]
    if not prose or prose[0] < DUMP_MIN_MENU_BLOCKS or prose[-1] < DUMP_MIN_LEADING_BLOCKS:
        return None  # a text that opens with prose is an article, however its paragraphs run
    runs: list[list[int]] = [[prose[0]]]
    for index in prose[1:]:
        if index - runs[-1][-1] - 1 <= CLUSTER_MAX_GAP:
            runs[-1].append(index)
        else:
            runs.append([index])
    run = max(runs, key=lambda r: sum(len(blocks[i].text) for i in r))
    if run[0] < DUMP_MIN_LEADING_BLOCKS:
        return None
    window = range(run[0] - 1, max(-1, run[0] - 1 - HEADLINE_WINDOW), -1)
    titles = [
        i for i in window if _is_headline(blocks[i], reader) and len(blocks[i].text.split()) >= HEADLINE_MIN_WORDS
    ]
    if not titles:
        return None
    # The headline shares the article's words (teasers, menus and promos do not); under it may come captions that
    # share them too, so the topmost such line, one the tool marked as a heading first.
    article = _content_words(" ".join(blocks[i].text for i in run[:ON_TOPIC_PARAGRAPHS]))
    on_topic = [i for i in titles if _share_in(blocks[i].text, article) >= ON_TOPIC_MIN_SHARE]
    if on_topic:
        marked = [i for i in on_topic if blocks[i].kind is BlockKind.HEADING]
        return (marked or on_topic)[-1], run[0], run[-1]
    # A page names its article more than once (the <title>, a share line, a breadcrumb): the headline is the line
    # the rest of the page repeats, else the topmost one (under it come standfirst, byline, date and caption).
    elsewhere = [b.text for j, b in enumerate(blocks) if j < run[0] - HEADLINE_WINDOW or j > run[-1]]
    repeated = [i for i in titles if any(blocks[i].text in text for text in elsewhere)]
    headline = (repeated or titles)[-1]
    return headline, run[0], run[-1]


def _content_words(text: str) -> set[str]:
    return set(CONTENT_WORD.findall(text.casefold()))


def _share_in(line: str, article: set[str]) -> float:
    words = _content_words(line)
    return len(words & article) / len(words) if words else 0.0


def _is_prose(block: Block) -> bool:
    text = block.text
    return (
        block.kind in (BlockKind.PARAGRAPH, BlockKind.QUOTE)
        and len(text) >= PROSE_MIN_CHARS
        and len(text.split()) >= PROSE_MIN_WORDS
        and text.rstrip().endswith((".", "!", "?", "…", '"', "”", "»", ")"))
    )


def _top_furniture_kind(block: Block, headline: Block, reader: LineReader) -> SectionKind | None:
    text = block.text
    if block.kind is BlockKind.STANDFIRST:
        return SectionKind.STANDFIRST  # (the page's markup says so: `layout`)
    if (
        headline.kind is BlockKind.TITLE
        and block.kind is BlockKind.HEADING
        and repeats_headline(block.text, headline.text)
    ):
        return SectionKind.OTHER  # the headline again, with a kicker or without the site's name: no subhead
    if reader.date_line(text) is not None:
        return SectionKind.DATELINE
    byline = reader.byline(text)
    # A bare line of names counts only as a paragraph: a heading of capitalised words is a subhead.
    if byline and (byline.has_by or block.kind is BlockKind.PARAGRAPH):
        return SectionKind.BYLINE
    if reader.notice(text):
        return SectionKind.REPUBLICATION_NOTICE
    if furniture.READING_INFO.match(text):
        return SectionKind.OTHER
    return None


def _classify_tail(blocks: tuple[Block, ...], kinds: list[SectionKind | None], start: int, reader: LineReader) -> None:
    """Walk back from the end over notices, bios, contributor, share, related and copyright lines."""
    end = len(blocks)
    related = _related_links_start(blocks, start)
    if related is not None:
        # "Related:" and the titles under it, down to the end (but for notices and bios among them).
        for j in range(related, end):
            kinds[j] = _closing_kind(blocks, j, reader) or SectionKind.OTHER
        end = related
    about = next((j for j in range(end - 1, start - 1, -1) if furniture.ABOUT_AUTHOR.match(blocks[j].text)), None)
    if about is not None:
        # Everything under an "About the author" heading is the bio, but for the usual closing lines.
        for j in range(about, end):
            kinds[j] = _closing_kind(blocks, j, reader) or SectionKind.AUTHOR_BIO
        end = about
    pending: list[int] = []  # "She is also …" paragraphs: bio only if a named bio comes before them
    i = end - 1
    while i >= start:
        kind = _closing_kind(blocks, i, reader)
        if kind is None and furniture.BIO_CONTINUATION.match(blocks[i].text):
            pending.append(i)
        elif kind is None:
            break
        else:
            kinds[i] = kind
            if kind is SectionKind.AUTHOR_BIO:
                for j in pending:
                    kinds[j] = SectionKind.AUTHOR_BIO
                pending.clear()
        i -= 1


def _related_links_start(blocks: tuple[Block, ...], start: int) -> int | None:
    """Where a closing "Related:" / "Read more:" list of links begins, if the text ends with one."""
    for j in range(len(blocks) - 1, max(start, len(blocks) - RELATED_WINDOW) - 1, -1):
        if furniture.RELATED_HEADER.match(blocks[j].text):
            after = blocks[j + 1 :]
            if all(len(b.text) <= RELATED_ITEM_MAX_CHARS or b.kind is BlockKind.LIST for b in after):
                return j
            return None
    return None


def _closing_kind(blocks: tuple[Block, ...], i: int, reader: LineReader) -> SectionKind | None:
    """The kind of a block that can close an article, or None if it reads as body."""
    text = blocks[i].text
    if reader.notice(text):
        return SectionKind.REPUBLICATION_NOTICE
    if reader.bio_name(text) or furniture.ABOUT_AUTHOR.match(text):
        return SectionKind.AUTHOR_BIO
    if furniture.SHARE_OR_RELATED.match(text) or furniture.CONTRIBUTOR_LINE.match(text):
        return SectionKind.OTHER
    if reader.is_by_line(text):
        return SectionKind.BYLINE  # a blog's "Posted by A" sits under the post
    # The list of links under "Related:" / "Read more:"
    if blocks[i].kind is BlockKind.LIST and i > 0 and furniture.SHARE_OR_RELATED.match(blocks[i - 1].text):
        return SectionKind.OTHER
    return None


def _is_headline(block: Block, reader: LineReader) -> bool:
    if block.kind is BlockKind.TITLE:
        return True
    text = block.text
    return (
        block.kind in (BlockKind.PARAGRAPH, BlockKind.HEADING)
        and "\n" not in text
        and len(text) <= HEADLINE_MAX_CHARS
        and (not text.endswith((".", ",", ";", ":")) or bool(furniture.ABBREVIATION_END.search(text)))
        and reader.date_line(text) is None
        and not reader.is_by_line(text)
    )


def _is_subhead(block: Block, marked_headings: bool) -> bool:
    if block.kind is BlockKind.HEADING:
        return len(block.text) <= MARKED_SUBHEAD_MAX_CHARS
    return not marked_headings and block.kind is BlockKind.PARAGRAPH and furniture.looks_like_subhead(block.text)


def _next_is_body(blocks: tuple[Block, ...], kinds: list[SectionKind | None], i: int) -> bool:
    return i + 1 < len(blocks) and kinds[i + 1] is SectionKind.BODY


def build_sections(
    blocks: tuple[Block, ...], kinds: list[SectionKind | None], reader: LineReader
) -> tuple[Section, ...]:
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
            reading = reader.section_reading(kind, block.text)
            sections.append(
                Section(len(sections), kind, None, block.text, block.char_start, block.char_end, reading, block.role)
            )
    close_run()
    return tuple(sections)


def _span_text(run: list[Block]) -> str:
    # Blocks of a run are adjacent in clean_text, separated by the block separator.
    return BLOCK_SEPARATOR.join(block.text for block in run)
