"""Every output of `docpipe.process` on every page and text at hand, as one JSON line per file: the check that a
change meant to keep behaviour keeps it.

    python bench/snapshot.py OUT.jsonl            # write the snapshot (and print CPU ms per HTML page)
    python bench/snapshot.py --diff A.jsonl B.jsonl   # which files differ, and in what

Inputs: the pages of `../shared/corpus` (said and skipped when absent), the plain-text benchmark's tool outputs
(`bench/fixtures/plaintext-tools`) and the test fixtures. A line holds the document's metadata, sections, blocks,
evidence rows and clean text's sha256, or the reject's step and reason; step timestamps are left out (they change on
every run), step versions too (a deliberate version bump is no change of output).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import statistics
import sys
import time
from dataclasses import asdict
from pathlib import Path

import docpipe
from docpipe.model import Document

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
INPUT_SUFFIXES = (".html", ".htm", ".txt", ".md")


def inputs() -> list[tuple[str, Path]]:
    """(name the snapshot gives it, path): corpus pages by their path in the corpus, fixtures by theirs in the repo."""
    roots = [
        (CORPUS, "corpus"),
        (REPO / "bench" / "fixtures", "bench/fixtures"),
        (REPO / "tests" / "fixtures", "tests/fixtures"),
    ]
    if not CORPUS.is_dir():
        print(f"note: {CORPUS} is absent: the snapshot covers the fixtures only", file=sys.stderr)
    found = []
    for root, label in roots:
        if root.is_dir():
            found.extend(
                (f"{label}/{path.relative_to(root)}", path)
                for path in root.rglob("*")
                if path.is_file() and path.name.removesuffix(".gz").endswith(INPUT_SUFFIXES)
            )
    return sorted(found)


def record(document: Document | docpipe.Reject) -> dict[str, object]:
    if isinstance(document, docpipe.Reject):
        return {"reject": [str(document.step), document.reason]}
    return {
        "media_type": document.media_type,
        "metadata": json.loads(json.dumps(asdict(document.metadata), default=str)),
        "clean_text": hashlib.sha256(document.clean_text.encode()).hexdigest(),
        "blocks": [[str(b.kind), b.char_start, b.char_end] for b in document.blocks],
        "sections": [
            [str(s.kind), s.heading, s.char_start, s.char_end]
            + ([s.role.method, s.role.evidence, s.role.confidence] if s.role else [])
            for s in document.sections
        ],
        "input_notes": [[note.method, note.note] for note in document.input_notes],
        "evidence": [
            [
                e.field,
                e.value,
                e.method,
                e.evidence,
                e.char_start,
                e.char_end,
                e.confidence,
                e.selected,
                e.lost_because,
                e.score,
                e.score_terms,
            ]
            for e in document.evidence
        ],
    }


def write(out: Path) -> None:
    html_cpu: list[float] = []
    with out.open("w", encoding="utf-8") as handle:
        for label, path in inputs():
            data = path.read_bytes()
            name = path.name
            if name.endswith(".gz"):
                data, name = gzip.decompress(data), name[:-3]
            started = time.process_time()
            document = docpipe.process(data, filename=name)
            spent = time.process_time() - started
            if name.endswith((".html", ".htm")):
                html_cpu.append(spent)
            line = {"path": label, **record(document)}
            handle.write(json.dumps(line, ensure_ascii=False, sort_keys=True) + "\n")
    if html_cpu:
        ordered = sorted(html_cpu)
        print(
            f"{len(html_cpu)} HTML pages: CPU ms per page mean {1000 * statistics.fmean(ordered):.1f}, "
            f"median {1000 * statistics.median(ordered):.1f}, total {sum(ordered):.1f} s"
        )


def diff(a: Path, b: Path) -> int:
    def load(path: Path) -> dict[str, dict[str, object]]:
        return {line["path"]: line for line in map(json.loads, path.read_text(encoding="utf-8").splitlines())}

    before, after = load(a), load(b)
    changed = 0
    for path in sorted(before.keys() | after.keys()):
        old, new = before.get(path), after.get(path)
        if old == new:
            continue
        changed += 1
        if old is None or new is None:
            print(f"{path}: only in {'after' if old is None else 'before'}")
            continue
        keys = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
        print(f"{path}: {', '.join(keys)}")
        for key in keys:
            if key == "evidence" and key in old and key in new:
                gone = [row for row in old[key] if row not in new[key]]
                came = [row for row in new[key] if row not in old[key]]
                for row in gone[:4]:
                    print(f"   - {row}")
                for row in came[:4]:
                    print(f"   + {row}")
            else:
                print(f"   {key}: {json.dumps(old.get(key))[:300]} -> {json.dumps(new.get(key))[:300]}")
    print(f"{changed} of {len(before.keys() | after.keys())} files differ")
    return 1 if changed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("paths", nargs="+", type=Path)
    parser.add_argument("--diff", action="store_true", help="compare two snapshots")
    args = parser.parse_args()
    if args.diff:
        if len(args.paths) != 2:
            parser.error("--diff takes two snapshots")
        return diff(*args.paths)
    if len(args.paths) != 1:
        parser.error("give one output file")
    write(args.paths[0])
    return 0


if __name__ == "__main__":
    sys.exit(main())
