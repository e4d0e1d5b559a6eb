"""Train the metadata candidate scorer (issue 15) and report its accuracy cross-validated by site.

    python bench/train_metadata.py [--corpus DIR] [--folds 5] [--write] [--json PATH] [--cache FILE]

For every page of the shared corpus that annotates a learned field (title, published date, outlet), docpipe's
candidates of that field (every extractor's reading with its method, as found, before any ranking:
`metadata.find_candidates`) are labelled right or wrong against the page's ground truth (`docpipe.evaluate`'s
title/date/outlet equality). One logistic regression per field (scikit-learn: a dev dependency only), fitted on
the differences of each page's (right, wrong) candidate pairs, learns the weights of `docpipe.scoring`'s named
features.

Validation is grouped by site (GroupKFold: no site is in both the fold trained on and the fold checked), and
each fold's pages are scored three ways on the same truth: the learned model's choice, the hand-ordered rules'
choice (`metadata.select_candidates` without the model: method rank, agreement for titles) and trafilatura's own
metadata.

`--write` fits on every page and writes `src/docpipe/data/metadata_model.json` (weights rounded, keys sorted:
the same corpus and library versions give the same bytes; `make train-metadata`). Needs `../shared/corpus`.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import pickle
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import numpy as np
from sklearn.model_selection import GroupKFold

import docpipe
from docpipe import corpus, evaluate, metadata
from docpipe.metadata import scoring
from docpipe.metadata.learning import fit
from docpipe.model import Document, Evidence

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
MODEL_PATH = REPO / "src" / "docpipe" / "data" / scoring.MODEL_RESOURCE
MODEL_VERSION = "1"
TRUTH_FIELD = {"title": "title", "published_date": "date", "outlet": "outlet"}
EQUAL = {"title": evaluate.title_equal, "published_date": evaluate.date_equal, "outlet": evaluate.outlet_equal}
TRAFILATURA_VALUE = {"title": "title", "published_date": "date", "outlet": "outlet"}


@dataclass(frozen=True, slots=True)
class Example:
    """One page's candidates of one field, with the truth and trafilatura's value."""

    site: str
    dataset: str
    key: str
    field: str
    page_rows: tuple[Evidence, ...]  # every field's candidates: other fields' give context (`scoring.PageContext`)
    truth: str
    trafilatura: str | None

    @property
    def candidates(self) -> tuple[Evidence, ...]:
        return tuple(row for row in self.page_rows if row.field == self.field)

    @property
    def context(self) -> scoring.PageContext:
        return scoring.PageContext.of(self.page_rows)


def site_of(page: corpus.Page) -> str:
    """The group a page is validated in: its publisher (Fundus), else its URL's host, else the page itself."""
    if page.publisher:
        return page.publisher
    if page.url:
        host = urlsplit(page.url).hostname or ""
        return host.removeprefix("www.")
    return f"{page.dataset}:{page.key}"


def collect(corpus: Path) -> list[Example]:
    pages: list[corpus.Page] = []
    seen: set[str] = set()
    for dataset in corpus.DATASETS:
        folder = corpus / dataset
        if not folder.exists():
            continue
        for page in sorted(corpus.LOADERS[dataset](folder), key=lambda p: p.key):
            page = corpus.without_truth_errors(page)
            if not any(page.truth.value(TRUTH_FIELD[f]) for f in scoring.LEARNED_FIELDS):
                continue
            digest = hashlib.sha256(page.html_path.read_bytes()).hexdigest()
            if digest in seen:
                continue  # (a page in two sets counts once)
            seen.add(digest)
            pages.append(page)
    print(f"{len(pages)} pages with a title, date or outlet annotated; running trafilatura …", file=sys.stderr)
    theirs, _ = corpus.run_trafilatura(pages)
    print("running docpipe …", file=sys.stderr)
    examples: list[Example] = []
    for page in pages:
        data = gzip.decompress(page.html_path.read_bytes())
        doc = docpipe.process(data, filename=f"{page.key}.html", sidecar={"url": page.url} if page.url else None)
        if not isinstance(doc, Document):
            continue
        # The candidates as found, before any ranking: what the combiner sees, whichever weights are shipped.
        found = metadata.find_candidates(doc)
        for field_name in scoring.LEARNED_FIELDS:
            truth = page.truth.value(TRUTH_FIELD[field_name])
            if not truth:
                continue
            rows = tuple(found)
            trafilatura_value = getattr(theirs[page.uid], TRAFILATURA_VALUE[field_name], None)
            examples.append(
                Example(
                    site_of(page),
                    page.dataset,
                    page.key,
                    field_name,
                    rows,
                    str(truth),
                    trafilatura_value,
                )
            )
    return examples


def design(examples: Sequence[Example], field_name: str) -> tuple[list[dict[str, float]], list[int], list[int]]:
    """Feature rows, labels and the example index of every candidate of `field_name`."""
    rows, labels, owner = [], [], []
    for index, example in enumerate(examples):
        if example.field != field_name:
            continue
        candidates = list(example.candidates)
        if not candidates:
            continue  # (no value to choose: wrong whatever the model)
        features_of = scoring.candidate_features(
            field_name, candidates, metadata.rules_pick(field_name, candidates), example.context
        )
        for candidate, features in zip(candidates, features_of, strict=True):
            rows.append(features)
            labels.append(int(EQUAL[field_name](candidate.value, example.truth)))
            owner.append(index)
    return rows, labels, owner


def chosen_right(example: Example, model: scoring.Model | None) -> bool:
    """Is the value docpipe's combiner selects from these candidates right: with `model`, or by the hand-ordered
    rules (None)?"""
    rows = metadata.select_candidates(list(example.page_rows), model, learned=model is not None)
    value = next((row.value for row in rows if row.selected and row.field == example.field), None)
    return EQUAL[example.field](value, example.truth)


def cross_validate(examples: list[Example], folds: int) -> dict[str, dict[str, Any]]:
    report: dict[str, dict[str, Any]] = {}
    for field_name in scoring.LEARNED_FIELDS:
        mine = [e for e in examples if e.field == field_name]
        sites = sorted({e.site for e in mine})
        groups = np.array([sites.index(e.site) for e in mine])
        right = {"model": [False] * len(mine), "rules": [False] * len(mine), "trafilatura": [False] * len(mine)}
        for train, test in GroupKFold(n_splits=min(folds, len(sites))).split(np.zeros(len(mine)), groups=groups):
            rows, labels, owner = design([mine[i] for i in train], field_name)
            model = scoring.Model("cv", "", {field_name: fit(rows, labels, owner)})
            for i in test:
                right["model"][i] = chosen_right(mine[i], model)
                right["rules"][i] = chosen_right(mine[i], None)
                right["trafilatura"][i] = EQUAL[field_name](mine[i].trafilatura, mine[i].truth)
        by_dataset: dict[str, dict[str, float]] = defaultdict(dict)
        for dataset in sorted({e.dataset for e in mine}):
            picked = [i for i, e in enumerate(mine) if e.dataset == dataset]
            by_dataset[dataset] = {k: sum(v[i] for i in picked) / len(picked) for k, v in right.items()}
            by_dataset[dataset]["pages"] = len(picked)
            # The pages where only one of the two is right: what a paired test of model against rules weighs.
            by_dataset[dataset]["model_only"] = sum(right["model"][i] and not right["rules"][i] for i in picked)
            by_dataset[dataset]["rules_only"] = sum(right["rules"][i] and not right["model"][i] for i in picked)
        report[field_name] = {
            "pages": len(mine),
            "sites": len(sites),
            **{k: sum(v) / len(v) for k, v in right.items()},
            "by_dataset": dict(by_dataset),
        }
    return report


def print_report(report: dict[str, dict[str, Any]], folds: int) -> None:
    print(f"metadata candidate scorer: {folds}-fold cross-validation grouped by site (no site in train and test)")
    print(
        f"{'field':16} {'dataset':30} {'pages':>6} {'model':>7} {'rules':>7} {'trafilatura':>12}"
        f" {'only model/rules right':>23}"
    )
    for field_name, row in report.items():
        model_only = sum(int(cells["model_only"]) for cells in row["by_dataset"].values())
        rules_only = sum(int(cells["rules_only"]) for cells in row["by_dataset"].values())
        ranked_by = "the model" if evaluate.model_holds(row) else "the rules"
        print(
            f"{field_name:16} {'all (' + str(row['sites']) + ' sites)':30} {row['pages']:6d} "
            f"{row['model']:7.3f} {row['rules']:7.3f} {row['trafilatura']:12.3f}"
            f" {model_only:>17d} / {rules_only}   ranked by {ranked_by}"
        )
        for dataset, cells in row["by_dataset"].items():
            print(
                f"{'':16} {dataset:30} {int(cells['pages']):6d} "
                f"{cells['model']:7.3f} {cells['rules']:7.3f} {cells['trafilatura']:12.3f}"
                f" {int(cells['model_only']):>17d} / {int(cells['rules_only'])}"
            )


def model_file(examples: list[Example], report: dict[str, dict[str, Any]]) -> bytes:
    """The weights of the fields whose model holds (`evaluate.model_holds`); the other fields keep the rules (a
    field the file lacks is ranked by them)."""
    fields = {}
    for field_name in scoring.LEARNED_FIELDS:
        if not evaluate.model_holds(report[field_name]):
            continue
        rows, labels, owner = design(examples, field_name)
        fitted = fit(rows, labels, owner)
        fields[field_name] = {"bias": fitted.bias, "weights": dict(sorted(fitted.weights.items()))}
    document = {
        "format": scoring.MODEL_FORMAT,
        "version": MODEL_VERSION,
        "about": "Weights of docpipe.scoring's named features, fitted by bench/train_metadata.py on the shared "
        "corpus's ground truth (pairs of a page's right and wrong candidates); a candidate's score is "
        "bias + sum(weight * feature), the highest wins (1 / (1 + exp(b - a)): the probability that the "
        "candidate scoring a is right rather than the one scoring b). Fields not here keep the rules: their "
        "model did not beat them cross-validated by site overall, or was worse beyond chance (a sign test) on a "
        "dataset of 50 pages or more.",
        "cross_validated": {
            name: {key: round(row[key], 4) for key in ("model", "rules", "trafilatura")}
            | {"pages": row["pages"], "sites": row["sites"], "shipped": evaluate.model_holds(row)}
            for name, row in report.items()
        },
        "fields": fields,
    }
    return (json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--write", action="store_true", help=f"write {MODEL_PATH.relative_to(REPO)}")
    parser.add_argument("--json", type=Path, help="write the cross-validation report as JSON")
    parser.add_argument("--cache", type=Path, help="keep the collected candidates here between runs (development)")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"corpus not found at {args.corpus}: nothing to train on (skipped)")
        return 0
    if args.cache and args.cache.exists():
        examples = pickle.loads(args.cache.read_bytes())
    else:
        examples = collect(args.corpus)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(examples))
    report = cross_validate(examples, args.folds)
    print_report(report, args.folds)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1), encoding="utf-8")
    if args.write:
        data = model_file(examples, report)
        MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
        MODEL_PATH.write_bytes(data)
        print(f"wrote {MODEL_PATH.relative_to(REPO)} (sha256 {hashlib.sha256(data).hexdigest()[:16]}…)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
