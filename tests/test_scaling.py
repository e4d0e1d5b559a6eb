"""Every step is linear (or n log n) in the size of its document (issue #12: plain text was quadratic in its lines).

No absolute time thresholds: each test times a step on a document and on one `FACTOR` times larger and bounds
the ratio. Times are this process's CPU time (a busy machine makes a step wait, not work more), best of `RUNS`.
A linear step grows about FACTOR times, a quadratic one FACTOR² times; the bound sits far above the first and
far below the second. Inputs are built outside the timed part, so each test times one step only.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from docpipe import metadata, rows, segment
from docpipe.model import Block, Document
from docpipe.text import normalise, plain

FACTOR = 8
LINEAR_BOUND = 2.5 * FACTOR  # linear ≈ 8, quadratic ≈ 64
RUNS = 3

WORDS = "the minister said on tuesday that talks would resume next week after a pause of several months".split()


def _best_seconds(work: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(RUNS):
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best


def _growth(make: Callable[[int], Callable[[], object]], small: int) -> float:
    """time(FACTOR × small) / time(small) of the work `make(size)` returns."""
    small_work, large_work = make(small), make(small * FACTOR)
    small_work()  # warm caches (the language model, compiled patterns) outside the timing
    return _best_seconds(large_work) / _best_seconds(small_work)


def short_lines(lines: int) -> str:
    """Short lines of prose with a numbered title-cased subhead every few lines: many blocks and many sections."""
    out = ["A Headline For The Test", "", "By Jane Doe", ""]
    index = 0
    while len(out) < lines:
        index += 1
        if index % 4 == 0:
            # (each subhead its own: a line the text repeats is furniture, not a subhead)
            heading = f"{WORDS[index % len(WORDS)].capitalize()} {WORDS[(index * 7) % len(WORDS)].capitalize()}"
            out += ["", f"{heading} {index // 4}", ""]
        out.append(" ".join(WORDS[(index + k) % len(WORDS)] for k in range(3 + index % 6)).capitalize() + ".")
    return "\n".join(out[:lines]) + "\n"


def wrapped_item(lines: int, width: int = 150) -> str:
    """One bulleted list item hard-wrapped over every line (each line exactly `width` long, the next word never
    fits): one block that grows line by line."""
    word = "abcdefghi"
    line = ((word + " ") * (width // 10)).strip().ljust(width, "x")
    first = ("- " + line)[:width]
    return "A Headline\n\n" + first + "\n" + "\n".join(line for _ in range(lines)) + "\n"


def _document(text: str) -> Document:
    blocks, clean_text = plain.blocks_from_plain_text(text)
    return Document(
        doc_id="0" * 64,
        source_path="a.txt",
        raw=b"",
        media_type="text",
        text=text,
        blocks=blocks,
        clean_text=clean_text,
        sections=segment.segment_blocks(blocks),
    )


def test_the_inputs_have_the_shapes_the_tests_need() -> None:
    doc = _document(short_lines(800))
    assert len(doc.blocks) > 400 and len(doc.sections) > 100  # many blocks, many sections
    blocks, _ = plain.blocks_from_plain_text(wrapped_item(200))
    assert [b.kind.value for b in blocks] == ["paragraph", "list"]  # the headline, then one item of 201 lines
    assert blocks[1].text.count(" ") > 200 * 10


@pytest.mark.parametrize("make_text", [short_lines, wrapped_item], ids=["short-lines", "wrapped-item"])
def test_clean_plain_text_is_linear(make_text: Callable[[int], str]) -> None:
    def make(lines: int) -> Callable[[], object]:
        text = make_text(lines)
        return lambda: plain.blocks_from_plain_text(text)

    assert _growth(make, 500) < LINEAR_BOUND


def test_the_lines_of_a_wrapped_list_item_are_joined_in_linear_time() -> None:
    # The stage that lays lines out as blocks, timed alone: at sizes a unit test can afford, text repair
    # (linear, per character) outweighs a quadratic join there, which only shows once the file is large.
    def make(lines: int) -> Callable[[], object]:
        laid_out = normalise.normalise_text(wrapped_item(lines), keep_indent=True).split("\n")[2:]
        width = plain.wrap_width(laid_out)
        return lambda: plain._chunk_blocks(laid_out, width)

    assert _growth(make, 1000) < LINEAR_BOUND


def test_segment_is_linear() -> None:
    def make(lines: int) -> Callable[[], object]:
        blocks: tuple[Block, ...] = plain.blocks_from_plain_text(short_lines(lines))[0]
        return lambda: segment.segment_blocks(blocks)

    assert _growth(make, 500) < LINEAR_BOUND


def test_metadata_is_linear() -> None:
    def make(lines: int) -> Callable[[], object]:
        doc = _document(short_lines(lines))
        return lambda: metadata.extract_metadata(doc)

    assert _growth(make, 500) < LINEAR_BOUND


def test_metadata_of_many_selected_authors_is_linear() -> None:
    def make(count: int) -> Callable[[], object]:
        evidence = [
            metadata.Evidence("authors", f"Author {index}", "text:byline", "", None, None, 0.9, True)
            for index in range(count)
        ]
        return lambda: metadata.metadata_from_evidence(evidence)

    assert _growth(make, 2000) < LINEAR_BOUND


def test_the_rows_of_a_document_are_linear() -> None:
    def make(lines: int) -> Callable[[], object]:
        doc = metadata.extract_metadata(_document(short_lines(lines)))
        return lambda: rows.document_rows(doc, "run", "version")

    assert _growth(make, 1000) < LINEAR_BOUND
