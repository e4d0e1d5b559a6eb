"""Crash safety: SIGKILL `docpipe run` at many points, then check that nothing is torn, lost or duplicated.

    python bench/killtest.py [--documents 300] [--kills 30] [--batch-size 10] [--workdir DIR] [--json FILE]

1. Builds a raw folder of distinct documents from the real test pages (each copy differs by a comment).
2. Runs `docpipe run` uninterrupted into a reference folder and times it.
3. Into a second folder, starts the same run again and again and kills it with SIGKILL at points spread over
   the reference run's duration (reading, processing, writing); after every kill every Parquet file there
   must be readable by pyarrow and DuckDB.
4. Lets a last run finish and compares the datasets with the reference, row for row (run ids and timestamps
   aside; provenance is history and keeps the killed runs' rows).

Prints the figures; exits 1 on any torn file or any row lost or duplicated. `--workdir` keeps the folders (raw/,
reference/, killed/) for a look afterwards; `--json` writes the report. tests/test_crash_safety.py runs a short
version of this script.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parent.parent
PAGES = REPO / "tests" / "fixtures" / "corpus"
SEED = REPO / "raw" / "trump-return-us-russia-relations-interpreter.txt"
DOCPIPE = Path(sys.executable).parent / "docpipe"
STARTUP_SECONDS = 1.5  # docpipe's imports before the first file is read
COMPARED = {  # table -> columns that identify a row's content (run ids and times left out)
    "documents": ["doc_id", "source_path", "title", "authors", "published_date", "outlet", "body_text"],
    "sections": ["doc_id", "section_index", "kind", "char_start", "char_end"],
    "blocks": ["doc_id", "block_index", "kind", "char_start", "char_end"],
    "evidence": ["doc_id", "field", "value", "method", "selected"],
    "rejects": ["source_path", "sha256", "reason"],
}


def build_raw(folder: Path, documents: int) -> None:
    pages = sorted(PAGES.rglob("*.html.gz"))
    folder.mkdir(parents=True)
    for number in range(documents):
        if number % 25 == 0:  # some plain text and some bad files among the pages
            (folder / f"seed-{number:05d}.txt").write_bytes(SEED.read_bytes() + f"\n\nCopy {number}.\n".encode())
            (folder / f"empty-{number:05d}.txt").write_bytes(b"")
            continue
        page = gzip.decompress(pages[number % len(pages)].read_bytes())
        (folder / f"page-{number:05d}.html").write_bytes(page + f"<!-- copy {number} -->".encode())


def run(raw: Path, out: Path, batch_size: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [str(DOCPIPE), "run", "--raw", str(raw), "--out", str(out), "--batch-size", str(batch_size)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def torn_files(out: Path) -> list[str]:
    """Visible files that pyarrow or DuckDB cannot read, or manifests that are not JSON."""
    torn = []
    for part in sorted(out.glob("*/*.parquet")):
        try:
            pq.read_table(part)
            duckdb.sql(f"select count(*) from read_parquet('{part}')").fetchall()
        except Exception as error:  # any failure to read is what this test looks for
            torn.append(f"{part.relative_to(out)}: {error}")
    for manifest in out.glob("runs/*.json"):
        try:
            json.loads(manifest.read_text())
        except ValueError as error:
            torn.append(f"{manifest.relative_to(out)}: {error}")
    return torn


def table_rows(out: Path, table: str) -> list[tuple[object, ...]]:
    folder = out / table
    if not any(folder.glob("*.parquet")):
        return []
    columns = ", ".join(COMPARED[table])
    rows = duckdb.sql(f"select {columns} from read_parquet('{folder}/*.parquet') order by all").fetchall()
    return [tuple(tuple(v) if isinstance(v, list) else v for v in row) for row in rows]


@dataclass
class KillReport:
    documents: int
    reference_seconds: float
    kills: int
    kills_mid_run: int
    torn: list[str]
    lost: dict[str, int]
    duplicated: dict[str, int]

    @property
    def ok(self) -> bool:
        return not self.torn and not any(self.lost.values()) and not any(self.duplicated.values())


def kill_test(workdir: Path, documents: int, kills: int, batch_size: int = 10) -> KillReport:
    raw, reference, out = workdir / "raw", workdir / "reference", workdir / "killed"
    build_raw(raw, documents)
    started = time.monotonic()
    if run(raw, reference, batch_size).wait() != 0:
        raise RuntimeError("the reference run failed")
    seconds = time.monotonic() - started
    torn: list[str] = []
    mid_run = 0
    for point in range(kills):
        # Each restart skips what is done, so aim within what is left: start-up (imports, listing and
        # hashing the inputs), processing, and writing all get their share of kill points.
        left = 1 - len(table_rows(out, "documents")) / max(len(table_rows(reference, "documents")), 1)
        process = run(raw, out, batch_size)
        time.sleep((STARTUP_SECONDS + (seconds - STARTUP_SECONDS) * left) * ((point * 7 % kills) + 0.5) / kills)
        if process.poll() is None:
            mid_run += 1
        process.send_signal(signal.SIGKILL)
        process.wait()
        torn += [f"after kill {point + 1}: {t}" for t in torn_files(out)]
    if run(raw, out, batch_size).wait() != 0:
        raise RuntimeError("the run after the kills failed")
    lost, duplicated = {}, {}
    for table in COMPARED:
        expected, got = Counter(table_rows(reference, table)), Counter(table_rows(out, table))
        lost[table] = sum((expected - got).values())
        duplicated[table] = sum((got - expected).values())
    return KillReport(documents, seconds, kills, mid_run, torn, lost, duplicated)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--kills", type=int, default=30, help="kill points (some land after a run finished)")
    parser.add_argument("--batch-size", type=int, default=10)
    parser.add_argument("--workdir", type=Path, help="an empty folder to work in, kept (default: a temporary one)")
    parser.add_argument("--json", type=Path, help="write the report here as JSON")
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="docpipe-kill-"))
    try:
        report = kill_test(workdir, args.documents, args.kills, args.batch_size)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps({**asdict(report), "ok": report.ok}, indent=2))
    print(f"kill test: {report.documents} inputs; reference run {report.reference_seconds:.1f} s")
    print(f"  kills: {report.kills} ({report.kills_mid_run} landed while the run was still going)")
    print(f"  torn or unreadable files seen after a kill: {len(report.torn)}")
    for line in report.torn[:10]:
        print(f"    {line}")
    print(f"  rows lost vs the uninterrupted run: {report.lost}")
    print(f"  rows duplicated or unexpected: {report.duplicated}")
    print("  result:", "OK" if report.ok else "FAILED")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
