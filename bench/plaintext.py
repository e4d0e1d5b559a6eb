"""Plain-text benchmark (issue 14, item 3): docpipe on what real tools write when people save real articles.

    python bench/plaintext.py [--json misses.json] [--tools a,b] [--fixtures DIR]

The inputs are frozen in `bench/fixtures/plaintext-tools/` (made by `bench/make_plaintext_tools.py` from the
shared corpus; see the README there): twenty tools' outputs (full-page: html2text, markdownify, inscriptis,
pandoc plain and GFM, lynx and w3m dumps, chromium's innerText, html-text, html-to-markdown, resiliparse; reader:
trafilatura's txt and Markdown, resiliparse's main content, newspaper4k, goose3, readability-lxml, readabilipy,
justext, boilerpy3) of 80 corpus pages from 75 sites. `bench/train_plaintext.py` prints the title scorer's
figures leaving one tool, and one data set, out (`make bench-plaintext` runs both).
The truth is the corpus's third-party ground truth, copied into the MANIFEST; nothing is graded against text
docpipe's rules wrote, so these numbers can fall. No corpus is needed to run this.

Each file goes through `docpipe.process(data, filename=...)` (a Markdown file under a `.txt` name when docpipe
refuses `.md`), and is scored with `docpipe.evaluate`:
- title: `title_equal`, on files whose text states the title (a folded form of it is in the folded text);
- authors: `authors_equal` (the same set of folded names), on files whose truth names authors and whose text holds
  every one of the names;
- date: `date_equal` (the same calendar day), on files whose text states the day in some form (numeric orders, or
  month names in English, German, French, Spanish, Italian, Dutch or Portuguese);
- body: `body_precision_recall` per file, `body_f1` over files (the ScrapingHub metric), where the truth has a
  full body; trafilatura-evaldata pages have snippets instead: the share of `with` snippets found and of
  `without` snippets absent (`snippets_found`, `snippets_absent`), as bench/quality.py scores them.

Beside docpipe, on the same files, a naive baseline: title = the first non-empty line without a trailing site
part (" | Site", " - Site": a separator and at most four words), body = everything after
it, date = the first date in the file as htmldate's text-date parser reads it (`htmldate.extractors.
try_date_expr` on each line that holds a year, in file order, extensive search on), no authors.

Pages are split by site into a tuned and a measured half (`site_half` of bench/quality.py); every table is printed
per half, with rows per tool, per kind (full-page dump / reader output) and all files.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docpipe
from docpipe import evaluate, naive
from docpipe.model import SectionKind
from docpipe.naive import Gates, gates

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "bench" / "fixtures" / "plaintext-tools"
TUNED, MEASURED = "tuned", "measured"
FULL_PAGE, READER = "full-page", "reader"

# Issue 14's targets for plain text from extraction tools and full-page dumps (both kinds).
TARGETS = {"title": 0.90, "authors": 0.80, "date": 0.90, "body_f1": 0.92, "body_precision": 0.92}
# A file is listed in the JSON report for its body when either of these is below the target.
BODY_MISS = 0.92


# --- the systems -----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Output:
    title: str | None = None
    authors: tuple[str, ...] | None = None  # None: the system gives no authors (the baseline)
    date: str | None = None
    body: str = ""
    reject: str | None = None
    standfirst: tuple[str, ...] = ()  # docpipe's standfirst sections
    subheads: tuple[str, ...] = ()  # the headings of docpipe's body sections


MARKDOWN = re.compile(r"\.md(\.gz)?$")


def run_docpipe(data: bytes, name: str) -> tuple[Output, bool]:
    """docpipe.process on the file's bytes; (output, whether a Markdown file had to be named .txt)."""
    result = docpipe.process(data, filename=name)
    renamed = False
    if isinstance(result, docpipe.Reject) and result.reason.startswith("unsupported type") and MARKDOWN.search(name):
        result = docpipe.process(data, filename=MARKDOWN.sub(r".txt\1", name))
        renamed = True
    if isinstance(result, docpipe.Reject):
        return Output(reject=f"{result.step}: {result.reason}"), renamed
    meta = result.metadata
    published = meta.published_date.isoformat() if meta.published_date else None
    standfirst = tuple(section.text for section in result.sections if section.kind is SectionKind.STANDFIRST)
    subheads = tuple(
        section.heading for section in result.sections if section.kind is SectionKind.BODY and section.heading
    )
    output = Output(meta.title, tuple(meta.authors), published, result.body_text or "", None, standfirst, subheads)
    return output, renamed


def run_baseline(text: str) -> Output:
    """The naive reader's reading (`docpipe.naive`) as an output: no authors."""
    reading = naive.naive_reading(text)
    return Output(title=reading.title, date=reading.date, body=reading.body)


# --- scoring ---------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class Score:
    """One system on one file; None where the field is not scored (no truth, or the text does not state it)."""

    title: bool | None = None
    authors: bool | None = None
    date: bool | None = None
    body: tuple[float, float] | None = None  # (precision, recall)
    with_hits: list[bool] | None = None
    without_hits: list[bool] | None = None
    standfirst_hits: list[bool] | None = None  # per annotated standfirst paragraph (Fundus): found?
    subheads: tuple[int, int, int] | None = None  # (matched, given, annotated) subhead lines (Fundus)


def score(output: Output, truth: dict[str, Any], gate: Gates, with_authors: bool = True) -> Score:
    result = Score()
    if gate.title:
        result.title = evaluate.title_equal(output.title, truth["title"])
    if gate.authors and with_authors:
        result.authors = evaluate.authors_equal(output.authors, truth["authors"])
    if gate.date:
        result.date = evaluate.date_equal(output.date, truth["date"])
    if truth.get("body"):
        result.body = evaluate.body_precision_recall(output.body, truth["body"])
    if truth.get("standfirst"):
        result.standfirst_hits = evaluate.standfirst_found(output.standfirst, truth["standfirst"])
    if truth.get("subheads") is not None:
        result.subheads = evaluate.subhead_matches(output.subheads, truth["subheads"])
    if truth.get("with") is not None:
        result.with_hits = evaluate.snippets_found(truth["with"], output.body)
        result.without_hits = evaluate.snippets_absent(truth.get("without") or (), output.body)
    return result


@dataclass(slots=True)
class Case:
    """One fixture file with its truth and both systems' outputs and scores."""

    entry: dict[str, Any]
    truth: dict[str, Any]
    gate: Gates
    docpipe: Output
    baseline: Output
    docpipe_score: Score
    baseline_score: Score
    renamed: bool = False
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


def share(flags: Iterable[bool | None]) -> tuple[float | None, int]:
    values = [flag for flag in flags if flag is not None]
    return (sum(values) / len(values) if values else None), len(values)


def aggregate(scores: Sequence[Score]) -> dict[str, tuple[float | None, int]]:
    result = {name: share(getattr(s, name) for s in scores) for name in ("title", "authors", "date")}
    pairs = [s.body for s in scores if s.body is not None]
    f1, precision, recall = evaluate.body_f1(pairs) if pairs else (None, None, None)
    result |= {"body_f1": (f1, len(pairs)), "body_precision": (precision, len(pairs))}
    result["body_recall"] = (recall, len(pairs))
    result["with"] = share(hit for s in scores for hit in s.with_hits or ())
    result["without"] = share(hit for s in scores for hit in s.without_hits or ())
    return result


# --- printing --------------------------------------------------------------------------------------------------

COLUMNS = (  # (metric, header)
    ("title", "title"),
    ("authors", "authors"),
    ("date", "date"),
    ("body_f1", "body F1"),
    ("body_precision", "body P"),
    ("body_recall", "body R"),
    ("with", "with found"),
    ("without", "w/o absent"),
)


def cell(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def print_table(title: str, groups: Sequence[tuple[str, Sequence[Case]]]) -> None:
    """Rows = groups of files; per metric: docpipe, baseline and n (files scored; snippets for with/without)."""
    print(f"\n== {title} ==")
    head = f"{'files':<22}{'n':>4}"
    sub = f"{'':<26}"
    for _, label in COLUMNS:
        head += f" | {label:^17}"
        sub += f" | {'docpipe':>7} {'base':>5} {'n':>3}"
    print(head)
    print(sub)
    for name, cases in groups:
        ours = aggregate([c.docpipe_score for c in cases])
        floor = aggregate([c.baseline_score for c in cases])
        row = f"{name:<22}{len(cases):>4}"
        for key, _ in COLUMNS:
            value, n = ours[key]
            base = "  -  " if key == "authors" else cell(floor[key][0])  # the baseline names no authors
            row += f" | {cell(value):>7} {base:>5} {n:>3}"
        print(row)


def print_sections(title: str, groups: Sequence[tuple[str, Sequence[Case]]]) -> None:
    """docpipe's sections on the pages whose truth has them (Fundus): standfirst recall (annotated paragraphs
    found), subhead recall (annotated lines) and precision (docpipe's lines); the naive reader has no sections."""
    print(f"\n== {title}: sections, on Fundus pages (the naive reader finds none) ==")
    print(
        f"{'files':<22}{'n':>4} | {'standfirst R':>12} {'n':>4} | {'subhead R':>9} {'P':>6} {'given':>5} {'truth':>5}"
    )
    for name, cases in groups:
        hits = [hit for c in cases for hit in c.docpipe_score.standfirst_hits or ()]
        counts = [c.docpipe_score.subheads for c in cases if c.docpipe_score.subheads is not None]
        if not counts and not hits:
            continue
        matched, given, annotated = (sum(column) for column in zip(*counts, strict=True)) if counts else (0, 0, 0)
        recall = cell(sum(hits) / len(hits) if hits else None)
        sub_r = cell(matched / annotated if annotated else None)
        sub_p = cell(matched / given if given else None)
        row = f"{name:<22}{len(counts):>4} | {recall:>12} {len(hits):>4}"
        print(f"{row} | {sub_r:>9} {sub_p:>6} {given:>5} {annotated:>5}")


def print_targets(cases: Sequence[Case]) -> None:
    """Issue 14's targets against each half's full-page and reader rows."""
    print("\n== issue 14 targets (plain text from extraction tools and full-page dumps), docpipe ==")
    print(f"{'metric':<16}{'target':>8}" + "".join(f" | {h + ' ' + k:>20}" for h in (TUNED, MEASURED) for k in KINDS))
    for key, target in TARGETS.items():
        row = f"{key:<16}{'≥ ' + format(target, '.2f'):>8}"
        for half in (TUNED, MEASURED):
            for kind in KINDS:
                subset = [c for c in cases if c.entry["half"] == half and c.entry["kind"] == kind]
                value, n = aggregate([c.docpipe_score for c in subset])[key]
                mark = "" if value is None else (" ok" if value >= target else " BELOW")
                row += f" | {cell(value) + mark + f' ({n})':>20}"
        print(row)


KINDS = (FULL_PAGE, READER)


def groups_of(cases: Sequence[Case], tools: Sequence[str]) -> list[tuple[str, list[Case]]]:
    rows = [(tool, [c for c in cases if c.entry["tool"] == tool]) for tool in tools]
    rows += [(f"[{kind}]", [c for c in cases if c.entry["kind"] == kind]) for kind in KINDS]
    rows.append(("[all]", list(cases)))
    return [(name, subset) for name, subset in rows if subset]


# --- the JSON report -------------------------------------------------------------------------------------------


def miss_report(case: Case) -> dict[str, Any] | None:
    """What docpipe got wrong on this file: expected, docpipe's value and the baseline's, per field."""
    truth, ours, floor, s = case.truth, case.docpipe, case.baseline, case.docpipe_score
    missed: dict[str, Any] = {}
    if s.title is False:
        missed["title"] = {"expected": truth["title"], "got": ours.title, "baseline": floor.title}
    if s.authors is False:
        missed["authors"] = {"expected": truth["authors"], "got": list(ours.authors or ())}
    if s.date is False:
        missed["date"] = {"expected": truth["date"], "got": ours.date, "baseline": floor.date}
    if s.body is not None and (s.body[0] < BODY_MISS or s.body[1] < BODY_MISS):
        precision, recall = s.body
        missed["body"] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(evaluate.harmonic_mean(precision, recall), 4),
            "docpipe_starts": " ".join(ours.body.split())[:300],
            "truth_starts": " ".join(truth["body"].split())[:300],
            "added_by_docpipe": evaluate.shingle_gaps(ours.body, truth["body"]),  # precision lost here
            "lost_by_docpipe": evaluate.shingle_gaps(truth["body"], ours.body),  # recall lost here
        }
    if s.with_hits is not None and not all(s.with_hits):
        missed["with_missing"] = [t for t, hit in zip(truth["with"], s.with_hits, strict=True) if not hit]
    if s.without_hits is not None and not all(s.without_hits):
        missed["without_present"] = [t for t, hit in zip(truth["without"], s.without_hits, strict=True) if not hit]
    if not missed and ours.reject is None:
        return None
    entry = case.entry
    not_stated = [name for name in ("title", "authors", "date") if truth.get(name) and not getattr(case.gate, name)]
    return {
        "file": entry["file"],
        "tool": entry["tool"],
        "kind": entry["kind"],
        "page": entry["page"],
        "half": entry["half"],
        "dataset": entry["dataset"],
        "reject": ours.reject,
        "not_stated_in_text": not_stated,
        **missed,
    }


# --- main ------------------------------------------------------------------------------------------------------


def load_cases(fixtures: Path, tools: set[str] | None, progress: Callable[[int, int], None]) -> list[Case]:
    manifest = json.loads((fixtures / "MANIFEST.json").read_text(encoding="utf-8"))
    entries = [e for e in manifest["files"] if tools is None or e["tool"] in tools]
    cases = []
    for index, entry in enumerate(entries):
        truth = manifest["pages"][entry["page"]]
        data = (fixtures / entry["file"]).read_bytes()
        text = gzip.decompress(data).decode("utf-8")
        gate = gates(text, truth)
        started = time.perf_counter()
        ours, renamed = run_docpipe(data, entry["file"])
        seconds = time.perf_counter() - started
        floor = run_baseline(text)
        cases.append(
            Case(
                entry,
                truth,
                gate,
                ours,
                floor,
                score(ours, truth, gate),
                score(floor, truth, gate, False),
                renamed,
                seconds,
            )
        )
        progress(index + 1, len(entries))
    return cases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--json", type=Path, help="write docpipe's per-file misses (expected vs got) here")
    parser.add_argument("--tools", help="comma-separated tool names (default: every tool in the manifest)")
    parser.add_argument("--fixtures", type=Path, default=FIXTURES, help=f"fixture folder (default {FIXTURES})")
    args = parser.parse_args(argv)

    started = time.monotonic()
    manifest = json.loads((args.fixtures / "MANIFEST.json").read_text(encoding="utf-8"))
    tools = sorted(manifest["tools"], key=lambda t: (manifest["tools"][t]["kind"], t))
    wanted = set(args.tools.split(",")) if args.tools else None
    if wanted is not None and (unknown := wanted - set(tools)):
        parser.error(f"unknown tools: {', '.join(sorted(unknown))} (known: {', '.join(tools)})")

    def progress(done: int, total: int) -> None:
        if done % 100 == 0 or done == total:
            print(f"  {done}/{total} files", file=sys.stderr, flush=True)

    cases = load_cases(args.fixtures, wanted, progress)
    tools = [t for t in tools if wanted is None or t in wanted]

    pages = manifest["pages"]
    print("# Plain-text benchmark: real tools' outputs of real pages (issue 14)")
    print(f"fixtures: {args.fixtures.relative_to(REPO) if args.fixtures.is_relative_to(REPO) else args.fixtures}")
    sites = len({p["site"] for p in pages.values()})
    halves = {half: sum(p["half"] == half for p in pages.values()) for half in (TUNED, MEASURED)}
    print(
        f"{len(cases)} files from {len(tools)} tools over {len(pages)} pages of {sites} sites; pages per half: {halves}"
    )
    for tool in tools:
        info = manifest["tools"][tool]
        count = sum(c.entry["tool"] == tool for c in cases)
        print(f"  {tool:<20}{info['kind']:<10}{count:>4} files  {info['version']}")
    for tool, why in manifest.get("tools_not_run", {}).items():
        print(f"  {tool:<20}not run: {why}")
    rejects = sum(c.docpipe.reject is not None for c in cases)
    renamed = sum(c.renamed for c in cases)
    print(f"docpipe rejects: {rejects}; Markdown files given as .txt because docpipe refuses .md: {renamed}")
    print("cells: docpipe, baseline, n (files scored; snippets for with/without). title/authors/date are scored only")
    print("where the text states the truth value; the baseline names no authors (-).")

    for half in (MEASURED, TUNED):
        subset = [c for c in cases if c.entry["half"] == half]
        print_table(f"{half} half", groups_of(subset, tools))
    print_table("both halves", groups_of(cases, tools))
    for half in (MEASURED, TUNED):
        print_sections(f"{half} half", groups_of([c for c in cases if c.entry["half"] == half], tools))
    print_sections("both halves", groups_of(cases, tools))
    print_targets(cases)

    seconds = sum(c.seconds for c in cases)
    print(f"\ndocpipe.process: {len(cases)} files in {seconds:.1f} s; whole run {time.monotonic() - started:.1f} s")
    if args.json:
        report = [miss for case in cases if (miss := miss_report(case)) is not None]
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"per-file misses: {args.json} ({len(report)} files with at least one miss)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
