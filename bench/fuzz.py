"""The long fuzz run: generated documents through docpipe's real per-document path, for a time budget.

    python bench/fuzz.py [--seconds 300] [--seed 1]

Inputs: random bytes (plain and gzipped), real pages from ../shared/corpus mutated (cut, spliced with junk,
tags dropped), random markup trees, and random plain-text articles from real lines. For each input it checks
that it ends as a document or a reject, that no reject is an "unexpected error" (an exception the steps did
not turn into a clear reason: a bug), and that every section and evidence offset points at its text. Prints
the counts; exits 1 if anything failed. Without ../shared/corpus the mutated-page family uses the test fixtures.
"""

from __future__ import annotations

import argparse
import gzip
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from docpipe.config import Settings
from docpipe.model import Document, Reject
from docpipe.pipeline import process_file

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
FIXTURE_PAGES = REPO / "tests" / "fixtures" / "corpus"
SEED = REPO / "raw" / "trump-return-us-russia-relations-interpreter.txt"
TAGS = ["div", "p", "article", "main", "h1", "h2", "ul", "li", "table", "tr", "td", "blockquote", "span", "a", "nav"]
FURNITURE = [
    "By Jane Doe",
    "Jane Doe | 6 May 2025",
    "05/06/2024",
    "15 November 2024",
    "Related:",
    "- item",
    "# Title",
    "Why?",
    "© 2024 Example Media",
    "This article was first published on The Example.",
]


def random_bytes(rng: random.Random, _: list[bytes]) -> tuple[str, bytes]:
    data = rng.randbytes(rng.randint(0, 5000))
    return (".txt.gz", gzip.compress(data)) if rng.random() < 0.2 else (rng.choice([".txt", ".html"]), data)


def mutated_page(rng: random.Random, pages: list[bytes]) -> tuple[str, bytes]:
    page = rng.choice(pages)
    for _ in range(rng.randint(1, 4)):
        at = rng.randint(0, len(page))
        action = rng.random()
        if action < 0.3:
            page = page[: rng.randint(0, len(page))]
        elif action < 0.6:
            page = page[:at] + rng.randbytes(rng.randint(1, 300)) + page[at:]
        elif action < 0.8:
            page = page[:at] + page[at + rng.randint(1, 2000) :]
        else:
            page = page.replace(b"</", b"<", rng.randint(1, 50))
    return ".html", page


def markup_tree(rng: random.Random, _: list[bytes]) -> tuple[str, bytes]:
    def node(depth: int) -> str:
        if depth > 6 or rng.random() < 0.3:
            return "".join(rng.choice("abc xyz.,<&>\n\u00a0é中") for _ in range(rng.randint(0, 60)))
        tag = rng.choice(TAGS)
        return f"<{tag}>" + "".join(node(depth + 1) for _ in range(rng.randint(0, 4))) + f"</{tag}>"

    return ".html", f"<html><head><title>T</title></head><body>{node(0)}</body></html>".encode()


def text_article(rng: random.Random, _: list[bytes]) -> tuple[str, bytes]:
    paragraphs = [p for p in SEED.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    lines = [rng.choice(paragraphs + FURNITURE) for _ in range(rng.randint(0, 30))]
    text = rng.choice(["\n", "\n\n", "\r\n\r\n", "\n\n\n"]).join(lines)
    if rng.random() < 0.3:
        text = "\n".join(text[i : i + 72] for i in range(0, len(text), 72))
    return ".txt", (b"\xef\xbb\xbf" if rng.random() < 0.1 else b"") + text.encode()


FAMILIES: dict[str, Callable[[random.Random, list[bytes]], tuple[str, bytes]]] = {
    "random bytes": random_bytes,
    "mutated real page": mutated_page,
    "markup tree": markup_tree,
    "text article": text_article,
}


def invariant_failures(result: Document | Reject) -> list[str]:
    if isinstance(result, Reject):
        return [f"unexpected error: {result.reason}"] if result.reason.startswith("unexpected error") else []
    failures = [
        f"section {s.index} offsets" for s in result.sections if result.clean_text[s.char_start : s.char_end] != s.text
    ]
    failures += [
        f"evidence {e.field} offsets"
        for e in result.evidence
        if e.char_start is not None and result.clean_text[e.char_start : e.char_end] != e.evidence
    ]
    return failures


def load_pages(limit: int = 200) -> list[bytes]:
    source = CORPUS if CORPUS.is_dir() else FIXTURE_PAGES
    if source is FIXTURE_PAGES:
        print(f"../shared/corpus not found: mutating the test fixtures in {FIXTURE_PAGES} instead")
    files = sorted(source.rglob("*.html.gz"))[:limit]
    return [gzip.decompress(f.read_bytes()) for f in files]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=300, help="time budget (default 300)")
    parser.add_argument("--seed", type=int, default=1, help="random seed, for a reproducible run")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    pages = load_pages()
    tried: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    failures: list[tuple[str, str, int]] = []
    deadline = time.monotonic() + args.seconds
    with tempfile.TemporaryDirectory() as folder:
        raw = Path(folder)
        settings = Settings(raw_dir=raw, out_dir=raw / "out")
        number = 0
        while time.monotonic() < deadline:
            family = rng.choice(list(FAMILIES))
            suffix, data = FAMILIES[family](rng, pages)
            path = raw / f"input{suffix}"
            path.write_bytes(data)
            result = process_file(path, settings)
            tried[family] += 1
            outcomes["document" if isinstance(result, Document) else "reject"] += 1
            failures += [(family, failure, number) for failure in invariant_failures(result)]
            number += 1
    print(f"fuzz: {sum(tried.values())} inputs in {args.seconds:.0f} s (seed {args.seed})")
    for family, count in tried.most_common():
        print(f"  {family:<20} {count}")
    print(f"  outcomes: {dict(outcomes)}; every input accounted for: {sum(outcomes.values()) == sum(tried.values())}")
    print(f"  failures: {len(failures)}")
    for family, failure, number in failures[:20]:
        print(f"    input {number} ({family}): {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
