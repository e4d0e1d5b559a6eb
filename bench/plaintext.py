"""Plain-text benchmark (issue #4): docpipe's real pipeline on real articles laid out as people save them.

Every source article (the Readability test pages in ../shared/corpus, or the four fixture articles when
that corpus is absent) is rendered in every layout of `tests/plaintext_layouts.py`; the seed file is
scored as it is. Each rendered text is written to a temporary raw folder and run through
`docpipe.pipeline.process_file`, and every field is scored against the truth the renderer wrote (by
`tests/plaintext_layouts.score`, with the rules of `docpipe.evaluate`), next to a naive baseline (title =
first non-empty line, body = everything after it, no authors, date or outlet).

Issue 14: that truth is written with the same vocabulary as docpipe's rules, so these numbers cannot fall
where the rules are blind; they are not a measure of quality on outside text.

    .venv/bin/python bench/plaintext.py [--limit N] [--json misses.json] [--keep DIR] [--corpus DIR]

Scores (per document, then averaged per layout and overall):
- title, authors, date, modified date, outlet: accuracy, with `docpipe.evaluate`'s rules (titles folded, a
  trailing site suffix may be dropped; authors as sets of folded names; the same calendar day; outlets folded
  with a leading "the" dropped). An empty truth is right only when nothing is returned.
- body F1: per document, the F1 of `docpipe.evaluate`'s shingle precision/recall (mean and median).
- body exact: body_text equals the true body after whitespace (and NFKC) folding.
- no leak: body_text holds none of the furniture lines (headline, standfirst, byline, date line, notice,
  bio, share/related/copyright/contributor/"view on the web" lines) unless the true body holds it too.
- subhead recall, notice detection, bio detection: shares of all true subheads / notice lines / bio
  paragraphs that docpipe put in a body section's heading / a republication_notice / an author_bio section.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Run as a script, bench/ is on sys.path but the repo root is not; the layouts and their scoring live in the
# test tree (tests/test_plaintext_layouts.py uses them too).
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.plaintext_layouts import (
    CORPUS,
    LAYOUTS,
    READABILITY,
    SEED,
    Prediction,
    contains,
    docpipe_prediction,
    fold,
    load_corpus_articles,
    load_fixture_articles,
    render,
    score,
    seed_case,
)

# Issue #4's targets; metrics without one are printed with "—".
TARGETS = {
    "title": 0.98,
    "authors": 0.95,
    "date": 0.98,
    "outlet": 0.95,
    "body_exact": 0.85,
    "no_leak": 0.95,
    "subheads": 0.90,
    "notices": 0.95,
    "bios": 0.95,
}
ROWS = (  # (key, label) in table order
    ("title", "title accuracy"),
    ("authors", "authors accuracy"),
    ("date", "published date accuracy"),
    ("modified", "modified date accuracy"),
    ("outlet", "outlet accuracy"),
    ("body_f1_mean", "body F1, mean over docs"),
    ("body_f1_median", "body F1, median over docs"),
    ("body_exact", "body exact"),
    ("no_leak", "no leak"),
    ("subheads", "subhead recall"),
    ("notices", "notice detection"),
    ("bios", "bio detection"),
)


# --------------------------------------------------------------------------------------------------
# One case: a rendered text, its truth, and what each system said about it
# --------------------------------------------------------------------------------------------------


@dataclass
class Case:
    layout: str
    truth: dict[str, Any]
    path: Path


def baseline_prediction(path: Path) -> Prediction:
    """The floor: first non-empty line is the title, the rest is the body, nothing else is found."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    title = lines[first].strip() if first < len(lines) else None
    return Prediction(title=title, body="\n".join(lines[first + 1 :]).strip())


def landed_in(pred: Prediction, line: str) -> str:
    """The kind of the docpipe section holding this line, for the JSON report."""
    kinds = [k for k, _, text in pred.sections if contains(fold(text), fold(line))]
    return ",".join(dict.fromkeys(kinds)) or "nowhere"


# --------------------------------------------------------------------------------------------------
# Aggregation and printing
# --------------------------------------------------------------------------------------------------


def aggregate(scores: list[dict[str, Any]]) -> dict[str, float | None]:
    def mean(key: str) -> float:
        return sum(bool(s[key]) for s in scores) / len(scores)

    def share(key: str) -> float | None:
        found = sum(s[key][0] for s in scores)
        total = sum(s[key][1] for s in scores)
        return found / total if total else None

    f1 = [s["body_f1"] for s in scores]
    result: dict[str, float | None] = {k: mean(k) for k in ("title", "authors", "date", "modified", "outlet")}
    result |= {"body_f1_mean": statistics.fmean(f1), "body_f1_median": statistics.median(f1)}
    result |= {k: mean(k) for k in ("body_exact", "no_leak")}
    result |= {k: share(k) for k in ("subheads", "notices", "bios")}
    return result


def counts(scores: list[dict[str, Any]]) -> dict[str, int]:
    return {k: sum(s[k][1] for s in scores) for k in ("subheads", "notices", "bios")}


def fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def target_cell(key: str, value: float | None) -> str:
    target = TARGETS.get(key)
    if target is None:
        return "—"
    mark = "" if value is None else (" ok" if value >= target else " BELOW")
    return f"≥ {target:.2f}{mark}"


def print_table(name: str, docpipe: list[dict[str, Any]], baseline: list[dict[str, Any]]) -> None:
    ours, floor, n = aggregate(docpipe), aggregate(baseline), counts(docpipe)
    print(f"\n## {name}: {len(docpipe)} documents, {n['subheads']} subheads, {n['notices']} notices, {n['bios']} bios")
    print(f"{'metric':<28}{'docpipe':>9}{'baseline':>10}   target (docpipe)")
    for key, label in ROWS:
        if key in n:
            label = f"{label} (of {n[key]})"
        print(f"{label:<28}{fmt(ours[key]):>9}{fmt(floor[key]):>10}   {target_cell(key, ours[key])}")


def print_matrix(by_layout: dict[str, list[dict[str, Any]]], overall: list[dict[str, Any]]) -> None:
    keys = ("title", "authors", "date", "outlet", "body_f1_mean", "body_exact", "no_leak", "subheads")
    keys += ("notices", "bios")
    heads = ("title", "auth", "date", "outlet", "bodyF1", "exact", "noleak", "subhd", "notice", "bio")
    print("\n## docpipe by layout (body F1 = mean over docs; n/a = nothing of that kind in the layout)")
    print(f"{'layout':<15}{'n':>4}" + "".join(f"{h:>8}" for h in heads))
    rows = [*by_layout.items(), ("overall", overall)]
    for name, scores in rows:
        agg = aggregate(scores)
        print(f"{name:<15}{len(scores):>4}" + "".join(f"{fmt(agg[k]):>8}" for k in keys))
    print(f"{'target':<15}{'':>4}" + "".join(f"{TARGETS[k]:>8.2f}" if k in TARGETS else f"{'—':>8}" for k in keys))


# --------------------------------------------------------------------------------------------------
# The JSON report of misses
# --------------------------------------------------------------------------------------------------


def misses(case: Case, pred: Prediction, result: dict[str, Any]) -> dict[str, Any] | None:
    truth = case.truth
    missed: dict[str, Any] = {}
    fields: dict[str, tuple[str, Any, Any]] = {
        "title": ("title", pred.title, truth["title"]),
        "authors": ("authors", pred.authors, truth["authors"]),
        "date": ("published_date", pred.published, truth["published_date"]),
        "modified": ("modified_date", pred.modified, truth["modified_date"]),
        "outlet": ("outlet", pred.outlet, truth["outlet"]),
    }
    for key, (name, got, want) in fields.items():
        if not result[key]:
            missed[name] = {"docpipe": got, "truth": want}
    if not result["body_exact"]:
        missed["body"] = {"f1": round(result["body_f1"], 4), **first_difference(pred.body, truth["body_text"])}
    if result["_leaks"]:
        missed["leaks"] = result["_leaks"]
    for key, label in (("_subheads_missed", "subheads"), ("_notices_missed", "notices"), ("_bios_missed", "bios")):
        if result[key]:
            missed[f"{label}_missed"] = [
                {"line": line, "docpipe_section": landed_in(pred, line)} for line in result[key]
            ]
    if not missed and not pred.reject:
        return None
    return {"id": truth["id"], "layout": case.layout, "file": case.path.name, "reject": pred.reject, **missed}


def first_difference(predicted: str, truth: str, context: int = 70) -> dict[str, str]:
    p, t = " ".join(predicted.split()), " ".join(truth.split())
    i = next((k for k, (a, b) in enumerate(zip(p, t, strict=False)) if a != b), min(len(p), len(t)))
    start = max(0, i - context)
    return {"docpipe_at_first_difference": p[start : i + context], "truth_at_first_difference": t[start : i + context]}


# --------------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------------


def build_cases(raw_dir: Path, articles: list[Any], seed: Path) -> list[Case]:
    cases = []
    for layout in LAYOUTS:
        (raw_dir / layout).mkdir(parents=True, exist_ok=True)
        for article in articles:
            text, truth = render(article, layout)
            path = raw_dir / layout / f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', article.id)}.txt"
            path.write_bytes(text.encode("utf-8"))  # bytes: keep CRLF and BOM exactly as rendered
            cases.append(Case(layout, truth, path))
    if seed.is_file():
        (raw_dir / "seed").mkdir(exist_ok=True)
        text, truth = seed_case(seed)
        path = raw_dir / "seed" / seed.name
        path.write_bytes(seed.read_bytes())
        cases.append(Case("seed", truth, path))
    return cases


def source_articles(corpus: Path, limit: int | None) -> tuple[list[Any], str]:
    if (corpus / READABILITY / "ground-truth.json").is_file():
        articles, origin = load_corpus_articles(corpus), f"{corpus / READABILITY} (real pages)"
    else:
        print(f"corpus absent: {corpus / READABILITY} not found; using the test fixtures and the seed only")
        articles, origin = load_fixture_articles(), "tests/fixtures/plaintext/articles.json (fixtures)"
    return (articles[:limit] if limit else articles), origin


def run(
    articles: list[Any], seed: Path, workdir: Path, predict: Callable[[Path, Path, Path], Prediction]
) -> list[tuple[Case, Prediction, Prediction]]:
    raw_dir = workdir / "raw"
    cases = build_cases(raw_dir, articles, seed)
    return [(case, predict(case.path, raw_dir, workdir / "out"), baseline_prediction(case.path)) for case in cases]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, help="score only the first N source articles (each in every layout)")
    parser.add_argument("--json", type=Path, help="write per-document misses (docpipe vs truth per field) here")
    parser.add_argument("--keep", type=Path, help="write the rendered texts and their truth here instead of a temp dir")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help=f"shared corpus folder (default {CORPUS})")
    args = parser.parse_args(argv)

    started = time.monotonic()
    articles, origin = source_articles(args.corpus, args.limit)
    with tempfile.TemporaryDirectory(prefix="docpipe-plaintext-") as tmp:
        workdir = args.keep or Path(tmp)
        results = run(articles, SEED, workdir, docpipe_prediction)
        if args.keep:
            truths = [{"file": str(c.path.relative_to(workdir)), **c.truth} for c, _, _ in results]
            (workdir / "truth.json").write_text(json.dumps(truths, ensure_ascii=False, indent=1), encoding="utf-8")

    print("# Plain-text benchmark (issue #4)")
    print(f"source articles: {len(articles)} from {origin}; layouts: {len(LAYOUTS)}; seed: {SEED.is_file()}")
    print(f"documents: {len(results)}; rejects: {sum(1 for _, p, _ in results if p.reject)}")
    print("accuracies are shares of documents; body F1 is per document, then mean or median; subhead, notice")
    print("and bio detection are shares of all true subheads / notice lines / bio paragraphs in the layout")

    by_layout: dict[str, list[dict[str, Any]]] = {}
    baseline_by_layout: dict[str, list[dict[str, Any]]] = {}
    report = []
    for case, pred, floor in results:
        result = score(pred, case.truth)
        by_layout.setdefault(case.layout, []).append(result)
        baseline_by_layout.setdefault(case.layout, []).append(score(floor, case.truth))
        if (miss := misses(case, pred, result)) is not None:
            report.append(miss)
    for layout, scores in by_layout.items():
        print_table(layout, scores, baseline_by_layout[layout])
    overall = [s for scores in by_layout.values() for s in scores]
    print_table("overall", overall, [s for scores in baseline_by_layout.values() for s in scores])
    print_matrix(by_layout, overall)
    print(f"\n{len(results)} documents in {time.monotonic() - started:.1f} s")
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"per-document misses: {args.json} ({len(report)} documents with at least one miss)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
