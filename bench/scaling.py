"""Scaling benchmark (issue #12): seconds per document as a document grows, and time(2n) / time(n).

Every step must be linear (or n log n) in its input: a ratio near 2 is linear, near 4 quadratic. Each size is
one synthetic document, processed the way a batch processes it: `process_file` (ingest, clean, segment,
metadata) and `store.document_rows` (the rows the writer makes of it), in this process, best of `--repeat`.

    .venv/bin/python bench/scaling.py [--lines 25000 50000 100000 200000] [--paragraphs 20000 40000] [--repeat 1]

Shapes (plain text unless noted):
- short lines: an article's worth of short lines over and over, a title-cased subhead every few lines
  (many blocks and many sections);
- wrapped item: one bulleted list item hard-wrapped over every line (one block that grows line by line);
- html: a page whose article holds N paragraphs, with a subhead every few paragraphs.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from docpipe import store
from docpipe.config import Settings
from docpipe.model import Document
from docpipe.pipeline import process_file

WORDS = (
    "the minister said on tuesday that talks with the opposition would resume next week after a pause "
    "of several months in which neither side moved on the budget or the reform of the courts"
).split()


def short_lines(lines: int, seed: int = 12) -> str:
    """Short lines of prose with a two-word title-cased subhead before every sixth line."""
    rng = random.Random(seed)
    out = ["A Headline For The Scaling Benchmark", "", "By Jane Doe", ""]
    while len(out) < lines:
        if len(out) % 6 == 0:
            out += ["", " ".join(rng.choice(WORDS).capitalize() for _ in range(2)), ""]
        out.append(" ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 9))).capitalize() + ".")
    return "\n".join(out[:lines]) + "\n"


def wrapped_item(lines: int) -> str:
    """One list item hard-wrapped at 60 columns over every line: the wrapper broke each line because the next
    word did not fit."""
    first = "- " + "abcdefghi " * 5 + "abcdefgh"  # 60 characters, like every line below
    rest = ("abcdefghi " * 6).strip() + "x"
    return "A Headline\n\n" + first + "\n" + "\n".join(rest for _ in range(lines - 3)) + "\n"


def html_page(paragraphs: int, seed: int = 12) -> str:
    rng = random.Random(seed)
    body = []
    for index in range(paragraphs):
        if index % 8 == 7:
            body.append(f"<h2>{' '.join(rng.choice(WORDS).capitalize() for _ in range(3))}</h2>")
        body.append(f"<p>{' '.join(rng.choice(WORDS) for _ in range(rng.randint(12, 30))).capitalize()}.</p>")
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>A headline | The Site</title></head>"
        "<body><article><h1>A headline</h1><p class='byline'>By Jane Doe</p>" + "\n".join(body) + "</article>"
        "</body></html>"
    )


def seconds_per_document(text: str, name: str, repeat: int) -> float:
    """Best wall time of `repeat` runs of one document through process_file and store.document_rows."""
    with tempfile.TemporaryDirectory() as folder:
        raw = Path(folder) / "raw"
        raw.mkdir()
        path = raw / name
        path.write_text(text, encoding="utf-8")
        settings = Settings(raw_dir=raw, out_dir=Path(folder) / "out", workers=1)
        best = float("inf")
        for _ in range(repeat):
            started = time.perf_counter()
            result = process_file(path, settings)
            if not isinstance(result, Document):
                raise SystemExit(f"{name}: rejected: {result}")
            store.document_rows(result, "bench", "bench")
            best = min(best, time.perf_counter() - started)
        return best


def measure(label: str, unit: str, sizes: list[int], make: Callable[[int], str], name: str, repeat: int) -> None:
    previous: tuple[int, float] | None = None
    for size in sizes:
        seconds = seconds_per_document(make(size), name, repeat)
        ratio = ""
        if previous is not None and size == 2 * previous[0]:
            ratio = f"   time(2n)/time(n) = {seconds / previous[1]:.2f}"
        print(f"{label:14s} {size:>7d} {unit:10s} {seconds:8.2f} s/document{ratio}", flush=True)
        previous = (size, seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, nargs="*", default=[25000, 50000, 100000, 200000])
    parser.add_argument("--paragraphs", type=int, nargs="*", default=[20000, 40000])
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; the best counts")
    args = parser.parse_args(argv)
    # The first document pays for loading the language model; that is no part of any size's time.
    seconds_per_document(short_lines(100), "warm-up.txt", 1)
    measure("short lines", "lines", args.lines, short_lines, "short.txt", args.repeat)
    measure("wrapped item", "lines", args.lines, wrapped_item, "wrapped.txt", args.repeat)
    measure("html", "paragraphs", args.paragraphs, html_page, "page.html", args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
