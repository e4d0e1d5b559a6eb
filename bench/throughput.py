"""Throughput and memory at scale: docpipe's core, its Prefect flow (local processes and Dask), and trafilatura.

    python bench/throughput.py [--sizes 3000,10000] [--modes core,flow,trafilatura,dask]
                               [--modes-at-largest core] [--workers 0] [--data DIR] [--profile N]
                               [--startup-size 10]

A scale corpus is built from the real pages of `../shared/corpus` (874 HTML pages): copy i of a page gets a
unique HTML comment and `<meta name="docpipe-bench-copy">` in its head, so every file is a distinct document (its
own sha256, so nothing is skipped as already seen) while extraction sees the same article. The copies are plain
`.html` files under `--data` (default `bench/data/`, git-ignored); the smaller sizes are hard links to the first
files of the largest, so building 100k documents costs one pass.

Each mode runs once per size, in its own process, over the same folder, into a fresh output folder:
- core: `docpipe run` (src/docpipe, no Prefect), every core (`--workers`, 0 = all);
- flow: `python -m flows.process_articles` in Prefect's ephemeral mode, what `make run` does (local processes);
- trafilatura: `trafilatura.extract(html, with_metadata=True)` on each file's bytes, one process (the anchor:
  what a user who needs authors and dates would call);
- dask: the flow with `--task-runner dask` on a LocalCluster of `--workers` workers.
Figures: wall time, docs/s, ms of wall time per document, CPU seconds per document (the whole process tree,
so the temporary Prefect server and Dask workers count), peak RSS of the process tree (sampled every 0.2 s),
flow/core time, docpipe/trafilatura docs/s. The machine is shared: CPU time per document is the steadier figure.

At the end it prints issue 13's three comparisons: (a) `docpipe run` docs/s over the anchor's, at each size both ran
(target >= 1.5); (b) the flow's wall time over `docpipe run`'s, raw and without the flow's fixed start-up (the
ephemeral Prefect server: measured as flow minus core wall time on `--startup-size` documents; target <= 1.10);
(c) peak RSS of the process tree and ms per document of `docpipe run` at each size (targets < 1 GiB, flat).
100k documents take about an hour for the core alone: `--sizes 1000,10000,100000 --modes-at-largest core`.

`--profile N` profiles the core on N pages in this process with pyinstrument and prints where the time goes.
Without `../shared/corpus` the script says so and exits 2.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil

from docpipe import parallel

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
DEFAULT_DATA = REPO / "bench" / "data"
DEFAULT_JSON = REPO / "bench" / "results" / "throughput.json"
PYTHON = sys.executable
MODES = ("core", "flow", "trafilatura", "dask")
HEAD = re.compile(rb"<head[^>]*>", re.IGNORECASE)

TRAFILATURA_SCRIPT = """
import sys
from pathlib import Path
import trafilatura
paths = sorted(Path(sys.argv[1]).glob("*.html"))
for path in paths:
    trafilatura.extract(path.read_bytes(), with_metadata=True)
print(len(paths))
"""


@dataclass
class Measure:
    size: int
    mode: str
    seconds: float
    cpu_seconds: float
    peak_rss_mib: float
    documents: int | None

    @property
    def docs_per_second(self) -> float:
        return self.size / self.seconds

    @property
    def ms_per_doc(self) -> float:
        return 1000 * self.seconds / self.size

    @property
    def cpu_ms_per_doc(self) -> float:
        return 1000 * self.cpu_seconds / self.size


def source_pages(corpus: Path) -> list[Path]:
    return sorted(corpus.glob("*/html/*.html.gz"))


def complete_marker(folder: Path) -> Path:
    """Beside the folder, not in it: docpipe would count a file in it as an input (and reject it)."""
    inside = folder / ".complete"  # where versions before this one put it
    beside = folder.with_name(f"{folder.name}.complete")
    if inside.exists():
        inside.replace(beside)
    return beside


def build_corpus(sizes: list[int], data: Path, corpus: Path) -> dict[int, Path]:
    """A folder of `size` distinct documents for each size; smaller ones are hard links into the largest."""
    largest = max(sizes)
    full = data / f"scale-{largest}"
    marker = complete_marker(full)
    if not marker.exists():
        sources = source_pages(corpus)
        shutil.rmtree(full, ignore_errors=True)
        full.mkdir(parents=True)
        pages = [gzip.decompress(path.read_bytes()) for path in sources]
        for index in range(largest):
            page = pages[index % len(pages)]
            stamp = f'<!-- docpipe-bench copy {index} --><meta name="docpipe-bench-copy" content="{index}">'.encode()
            head = HEAD.search(page)
            at = head.end() if head else 0
            (full / f"doc-{index:06d}.html").write_bytes(page[:at] + stamp + page[at:])
        marker.write_text(str(largest))
    folders = {largest: full}
    for size in sizes:
        if size == largest:
            continue
        folder = data / f"scale-{size}"
        if not complete_marker(folder).exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
            for index in range(size):
                name = f"doc-{index:06d}.html"
                os.link(full / name, folder / name)
            complete_marker(folder).write_text(str(size))
        folders[size] = folder
    return folders


def command_for(mode: str, raw: Path, out: Path, workers: int) -> list[str]:
    if mode == "core":
        return [PYTHON, "-m", "docpipe", "run", "--raw", str(raw), "--out", str(out), "--workers", str(workers)]
    if mode == "flow":
        return [PYTHON, "-m", "flows.process_articles", "--raw", str(raw), "--out", str(out), "--workers", str(workers)]
    if mode == "dask":
        return [
            *command_for("flow", raw, out, workers),
            "--task-runner",
            "dask",
        ]
    if mode == "trafilatura":
        return [PYTHON, "-c", TRAFILATURA_SCRIPT, str(raw)]
    raise ValueError(mode)


def sample_tree(process: psutil.Process, cpu_by_pid: dict[int, float]) -> int:
    """The tree's RSS now; each member's CPU seconds so far are recorded in `cpu_by_pid`."""
    total = 0
    for member in [process, *process.children(recursive=True)]:
        try:
            with member.oneshot():
                total += member.memory_info().rss
                times = member.cpu_times()
                cpu_by_pid[member.pid] = times.user + times.system
        except psutil.Error:
            continue  # ended between listing and reading
    return total


def measure(mode: str, size: int, raw: Path, scratch: Path, workers: int, prefect_home: Path) -> Measure:
    out = scratch / f"out-{mode}-{size}"
    shutil.rmtree(out, ignore_errors=True)
    env = {
        **os.environ,
        "PYTHONPATH": f"{REPO}:{REPO / 'src'}",
        "PREFECT_HOME": str(prefect_home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_LOGGING_LEVEL": "WARNING",
    }
    # CPU time is sampled per process: pool workers and the temporary Prefect server are not all waited-for
    # children, so the kernel's RUSAGE_CHILDREN would miss them. A process's last 0.2 s can be missed.
    cpu_by_pid: dict[int, float] = {}
    started = time.perf_counter()
    with open(scratch / f"{mode}-{size}.log", "w") as log:
        child = subprocess.Popen(command_for(mode, raw, out, workers), cwd=REPO, env=env, stdout=log, stderr=log)
        watched = psutil.Process(child.pid)
        peak = 0
        while child.poll() is None:
            with contextlib.suppress(psutil.Error):  # the process may end while we read it
                peak = max(peak, sample_tree(watched, cpu_by_pid))
            time.sleep(0.2)
    seconds = time.perf_counter() - started
    if child.returncode != 0:
        raise SystemExit(f"{mode} at {size} failed (exit {child.returncode}); see {scratch / f'{mode}-{size}.log'}")
    written = documents_written(out) if mode != "trafilatura" else None
    return Measure(size, mode, seconds, sum(cpu_by_pid.values()), peak / 2**20, written)


def documents_written(out: Path) -> int:
    import pyarrow.dataset as ds

    return ds.dataset(out / "documents", format="parquet").count_rows()


def print_table(results: list[Measure]) -> None:
    by_key = {(m.size, m.mode): m for m in results}
    header = (
        f"{'size':>7} {'mode':<12} {'wall s':>8} {'docs/s':>8} {'ms/doc':>7} {'CPU ms/doc':>10} "
        f"{'peak RSS MiB':>12} {'written':>8}  ratios"
    )
    print(header)
    print("-" * len(header))
    for m in results:
        ratios = []
        core = by_key.get((m.size, "core"))
        anchor = by_key.get((m.size, "trafilatura"))
        if m.mode in ("flow", "dask") and core:
            ratios.append(f"time vs core {m.seconds / core.seconds:.3f}")
        if m.mode != "trafilatura" and anchor:
            ratios.append(f"docs/s vs trafilatura {m.docs_per_second / anchor.docs_per_second:.2f}")
        written = "-" if m.documents is None else str(m.documents)
        print(
            f"{m.size:>7} {m.mode:<12} {m.seconds:>8.1f} {m.docs_per_second:>8.1f} {m.ms_per_doc:>7.1f} "
            f"{m.cpu_ms_per_doc:>10.1f} {m.peak_rss_mib:>12.0f} {written:>8}  {'; '.join(ratios)}"
        )
    sizes = sorted({m.size for m in results})
    if len(sizes) > 1:
        smallest, largest = sizes[0], sizes[-1]
        for mode in MODES:
            small, large = by_key.get((smallest, mode)), by_key.get((largest, mode))
            if small and large:
                print(
                    f"{mode}: time per document at {largest} / at {smallest}: wall "
                    f"{large.ms_per_doc / small.ms_per_doc:.3f}, CPU {large.cpu_ms_per_doc / small.cpu_ms_per_doc:.3f}"
                )


def print_comparisons(results: list[Measure], startup: float | None) -> None:
    """Issue 13's three targets, from the measurements above."""
    by_key = {(m.size, m.mode): m for m in results}
    sizes = sorted({m.size for m in results})
    print(
        "\n(a) docpipe run (every core, Parquet and provenance) vs trafilatura.extract(with_metadata=True), one process"
    )
    for size in sizes:
        core, anchor = by_key.get((size, "core")), by_key.get((size, "trafilatura"))
        if core and anchor:
            ratio = core.docs_per_second / anchor.docs_per_second
            print(
                f"  {size} pages: {core.docs_per_second:.1f} vs {anchor.docs_per_second:.1f} docs/s = {ratio:.2f}x "
                f"(target >= 1.5: {'met' if ratio >= 1.5 else 'not met'})"
            )
    print("\n(b) the Prefect flow (ephemeral mode) vs docpipe run, wall time")
    for size in sizes:
        core, flow = by_key.get((size, "core")), by_key.get((size, "flow"))
        if core and flow:
            raw = flow.seconds / core.seconds
            line = f"  {size} pages: {flow.seconds:.1f} s vs {core.seconds:.1f} s: raw ratio {raw:.3f}"
            if startup is not None:
                line += f"; without the fixed start-up ({startup:.1f} s) {(flow.seconds - startup) / core.seconds:.3f}"
            print(line + " (target <= 1.10)")
    print("\n(c) docpipe run at growing sizes: peak RSS of the process tree, time per document")
    cores = [by_key[(size, "core")] for size in sizes if (size, "core") in by_key]
    for core in cores:
        print(
            f"  {core.size:>7} pages: peak RSS {core.peak_rss_mib:.0f} MiB (target < 1024), "
            f"{core.ms_per_doc:.1f} ms/doc wall, {core.cpu_ms_per_doc:.1f} CPU ms/doc"
            + (f" ({core.ms_per_doc / cores[0].ms_per_doc:.3f}x the smallest)" if core is not cores[0] else "")
        )


def measure_startup(size: int, data: Path, corpus: Path, scratch: Path, workers: int, prefect_home: Path) -> float:
    """The flow's fixed cost (Prefect's ephemeral server start, flow and task run records): flow minus core wall
    time on a handful of documents."""
    folder = build_corpus([size], data, corpus)[size]
    flow = measure("flow", size, folder, scratch, workers, prefect_home)
    core = measure("core", size, folder, scratch, workers, prefect_home)
    return flow.seconds - core.seconds


def write_report(path: Path, workers: int, results: list[Measure]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    report = [asdict(m) | {"docs_per_second": m.docs_per_second, "ms_per_doc": m.ms_per_doc} for m in results]
    path.write_text(json.dumps({"workers": workers, "results": report}, indent=2))


def profile_core(count: int, data: Path) -> None:
    from pyinstrument import Profiler

    from docpipe.config import Settings
    from docpipe.dedupe import Seen
    from docpipe.pipeline import process_batch

    folder = build_corpus([count], data, CORPUS)[count]
    paths = sorted(folder.glob("*.html"))[:count]
    settings = Settings(raw_dir=folder, out_dir=Path(tempfile.mkdtemp()))
    process_batch(paths[:5], settings, Seen({}))  # warm-up: imports, lazily built regexes, language models
    profiler = Profiler(interval=0.002)
    profiler.start()
    process_batch(paths, settings, Seen({}))
    profiler.stop()
    print(profiler.output_text(unicode=True, color=False, show_all=False))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="3000,10000", help="comma-separated document counts (100000 takes about an hour per mode)"
    )
    parser.add_argument("--modes", default=",".join(MODES), help=f"comma-separated, of: {', '.join(MODES)}")
    parser.add_argument(
        "--modes-at-largest", help="modes for the largest size only (e.g. core, when 100k of every mode is too long)"
    )
    parser.add_argument("--workers", type=int, default=0, help="docpipe workers / Dask workers (0: every core)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="where the scale corpus is built")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="JSON report")
    parser.add_argument("--profile", type=int, metavar="N", help="profile the core on N pages instead")
    parser.add_argument(
        "--startup-size", type=int, default=10, help="documents for measuring the flow's fixed start-up (0: skip)"
    )
    args = parser.parse_args(argv)
    if not CORPUS.is_dir():
        print(f"the shared corpus is not at {CORPUS}: this benchmark needs its real pages", file=sys.stderr)
        return 2
    if args.profile:
        profile_core(args.profile, args.data)
        return 0
    try:
        sizes = sorted(int(size) for size in args.sizes.split(","))
        modes = [mode for mode in args.modes.split(",") if mode]
        largest_modes = args.modes_at_largest.split(",") if args.modes_at_largest else modes
    except ValueError:
        parser.error("--sizes takes comma-separated integers")
    if unknown := set(modes + largest_modes) - set(MODES):
        parser.error(f"unknown modes: {', '.join(sorted(unknown))}")
    workers = parallel.worker_count(args.workers)
    print(f"building the scale corpus from {len(source_pages(CORPUS))} real pages of {CORPUS} …", flush=True)
    folders = build_corpus(sizes, args.data, CORPUS)
    results: list[Measure] = []
    with tempfile.TemporaryDirectory(prefix="docpipe-throughput-") as scratch_name:
        scratch = Path(scratch_name)
        prefect_home = args.data / "prefect-home"  # reused: a fresh one costs ~8 s of database set-up per run
        prefect_home.mkdir(parents=True, exist_ok=True)
        startup = None
        if "flow" in modes and args.startup_size:
            print(f"the flow's fixed start-up: flow minus core on {args.startup_size} documents …", flush=True)
            startup = measure_startup(args.startup_size, args.data, CORPUS, scratch, workers, prefect_home)
            print(f"  {startup:.1f} s", flush=True)
        for size in sizes:
            for mode in largest_modes if size == sizes[-1] else modes:
                print(f"{size} documents, {mode} …", flush=True)
                result = measure(mode, size, folders[size], scratch, workers, prefect_home)
                results.append(result)
                shutil.rmtree(scratch / f"out-{mode}-{size}", ignore_errors=True)
                print(  # as it comes: a long run stopped later keeps what it measured
                    f"  {result.seconds:.1f} s, {result.docs_per_second:.1f} docs/s, "
                    f"{result.cpu_ms_per_doc:.1f} CPU ms/doc, peak RSS {result.peak_rss_mib:.0f} MiB",
                    flush=True,
                )
                write_report(args.json, workers, results)
    print(f"\nmachine: {os.cpu_count()} cores; docpipe/Dask workers: {workers}; trafilatura: one process\n")
    print_table(results)
    print_comparisons(results, startup)
    print(f"\nJSON report: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
