"""Train the plain-text title scorer (issue 23) and report it leaving one tool, and one data set, out.

    python bench/train_plaintext.py [--fixtures DIR] [--write] [--cache FILE]

The examples are the real tools' outputs of `bench/fixtures/plaintext-tools` (truth: the corpus's third-party
annotation in its MANIFEST; no corpus needed). For every file whose text states its page's title, docpipe's title
candidates (the headline section, the first line without its site part, a front matter's title: every candidate
as `docpipe.process` keeps it in the evidence) are labelled right or wrong (`evaluate.title_equal`), and the HTML
scorer's pairwise logistic regression (`metadata.learning`) learns the weights of `scoring`'s plain-text features.

Validation, on the same files, three systems: the learned model, the rules alone (the headline section, as before
the model) and the naive reader (the first line without its site part, `docpipe.naive`):
- **leave one tool out**: for each tool, a model fitted on the other tools' files of the tuned half's sites, scored
  on that tool's files of the measured half (no tool and no site both learned from and checked on);
- **leave one data set out**: for each corpus data set, a model fitted on the other data sets' pages (every tool),
  scored on that data set's pages.
`--write` fits on every file and writes `src/docpipe/data/plaintext_model.json` when the held-out model is right on
more files than the rules in both validations (the counts of files only one side gets right are printed).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import pickle
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import docpipe
from docpipe import evaluate, metadata
from docpipe.metadata import scoring
from docpipe.metadata.learning import fit
from docpipe.model import Document, Evidence
from docpipe.naive import gates, naive_reading

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "bench" / "fixtures" / "plaintext-tools"
MODEL_PATH = REPO / "src" / "docpipe" / "data" / scoring.PLAIN_TEXT_MODEL_RESOURCE
MODEL_VERSION = "1"
FIELD = "title"
TUNED, MEASURED = "tuned", "measured"


@dataclass(frozen=True, slots=True)
class Example:
    """One tool's output of one page: its candidates (as found), clean text, truth and the naive reader's title."""

    tool: str
    site: str
    dataset: str
    half: str
    rows: tuple[Evidence, ...]
    clean_text: str
    truth: str
    naive: str | None

    @property
    def candidates(self) -> list[Evidence]:
        return [row for row in self.rows if row.field == FIELD]


def as_found(row: Evidence) -> Evidence:
    return replace(row, selected=False, lost_because=None, score=None, score_terms=None)


def collect(fixtures: Path) -> list[Example]:
    manifest = json.loads((fixtures / "MANIFEST.json").read_text(encoding="utf-8"))
    examples = []
    for entry in manifest["files"]:
        truth = manifest["pages"][entry["page"]]
        data = (fixtures / entry["file"]).read_bytes()
        text = gzip.decompress(data).decode("utf-8")
        if not gates(text, truth).title:
            continue  # the text does not state the title: nothing to learn or score
        name = entry["file"].replace(".md.gz", ".txt.gz")  # (docpipe sniffs Markdown in a .txt file)
        doc = docpipe.process(data, filename=name)
        if not isinstance(doc, Document):
            continue
        rows = tuple(as_found(row) for row in doc.evidence)
        examples.append(
            Example(
                entry["tool"],
                truth["site"],
                truth["dataset"],
                truth["half"],
                rows,
                doc.clean_text,
                truth["title"],
                naive_reading(text).title,
            )
        )
    return examples


def design(examples: Sequence[Example]) -> tuple[list[dict[str, float]], list[int], list[int]]:
    rows, labels, owner = [], [], []
    for index, example in enumerate(examples):
        candidates = example.candidates
        if not candidates:
            continue
        context = scoring.PageContext.of(example.rows, example.clean_text)
        pick = metadata.rules_pick(FIELD, candidates)
        for candidate, features in zip(
            candidates,
            scoring.candidate_features(FIELD, candidates, pick, context, scoring.PLAIN_TEXT_INPUT),
            strict=True,
        ):
            rows.append(features)
            labels.append(int(evaluate.title_equal(candidate.value, example.truth)))
            owner.append(index)
    return rows, labels, owner


def fitted(examples: Sequence[Example]) -> scoring.Model:
    return scoring.Model("cv", "", {FIELD: fit(*design(examples))}, scoring.PLAIN_TEXT_INPUT)


RULES = scoring.Model("rules", "", {FIELD: scoring.FieldModel(0.0, {"rules_pick": 1.0})}, scoring.PLAIN_TEXT_INPUT)


def chosen_right(example: Example, model: scoring.Model) -> bool:
    rows = metadata.select_candidates(list(example.rows), model, plain_text=example.clean_text)
    value = next((row.value for row in rows if row.selected and row.field == FIELD), None)
    return evaluate.title_equal(value, example.truth)


@dataclass(frozen=True, slots=True)
class Held:
    """One held-out part: files, and how many each system gets right; files only the model or the rules get right."""

    name: str
    files: int
    model: int
    rules: int
    naive: int
    model_only: int
    rules_only: int


def held_out(
    examples: Sequence[Example], parts: Sequence[str], train_on: Callable[[Example, str], bool],
    test_on: Callable[[Example, str], bool],
) -> list[Held]:  # fmt: skip
    results = []
    for part in parts:
        model = fitted([e for e in examples if train_on(e, part)])
        tested = [e for e in examples if test_on(e, part)]
        by_model = [chosen_right(e, model) for e in tested]
        by_rules = [chosen_right(e, RULES) for e in tested]
        results.append(
            Held(
                part,
                len(tested),
                sum(by_model),
                sum(by_rules),
                sum(evaluate.title_equal(e.naive, e.truth) for e in tested),
                sum(m and not r for m, r in zip(by_model, by_rules, strict=True)),
                sum(r and not m for m, r in zip(by_model, by_rules, strict=True)),
            )
        )
    return results


def leave_one_tool_out(examples: Sequence[Example]) -> list[Held]:
    tools = sorted({e.tool for e in examples})
    return held_out(
        examples,
        tools,
        lambda e, tool: e.tool != tool and e.half == TUNED,
        lambda e, tool: e.tool == tool and e.half == MEASURED,
    )


def leave_one_dataset_out(examples: Sequence[Example]) -> list[Held]:
    datasets = sorted({e.dataset for e in examples})
    return held_out(examples, datasets, lambda e, d: e.dataset != d, lambda e, d: e.dataset == d)


def print_held(title: str, results: Sequence[Held]) -> None:
    print(f"\n{title}")
    print(f"{'held out':28} {'files':>6} {'model':>7} {'rules':>7} {'naive':>7}  only model / rules right")
    total = Held("all", *(sum(getattr(r, k) for r in results) for k in Held.__slots__[1:]))  # type: ignore[arg-type]
    for row in [*results, total]:
        n = max(row.files, 1)
        print(
            f"{row.name:28} {row.files:6d} {row.model / n:7.3f} {row.rules / n:7.3f} {row.naive / n:7.3f}"
            f"  {row.model_only:>10d} / {row.rules_only}"
        )


def model_file(examples: Sequence[Example], loto: Sequence[Held], lodo: Sequence[Held]) -> bytes:
    weights = fit(*design(examples)).weights
    summary = {
        name: {
            "files": sum(r.files for r in rows),
            "model": sum(r.model for r in rows),
            "rules": sum(r.rules for r in rows),
            "naive": sum(r.naive for r in rows),
        }
        for name, rows in (("leave_one_tool_out", loto), ("leave_one_dataset_out", lodo))
    }
    document = {
        "format": scoring.MODEL_FORMAT,
        "version": MODEL_VERSION,
        "input": scoring.PLAIN_TEXT_INPUT,
        "about": "Weights of docpipe.scoring's plain-text title features, fitted by bench/train_plaintext.py on real "
        "tools' plain text of shared-corpus pages (bench/fixtures/plaintext-tools), pairs of a file's right and "
        "wrong candidates; the highest score wins. held_out: files right, validated leaving one tool and one "
        "data set out.",
        "held_out": summary,
        "fields": {FIELD: {"bias": 0.0, "weights": dict(sorted(weights.items()))}},
    }
    return (json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixtures", type=Path, default=FIXTURES)
    parser.add_argument("--write", action="store_true", help=f"write {MODEL_PATH.relative_to(REPO)}")
    parser.add_argument("--cache", type=Path, help="keep the collected candidates here between runs (development)")
    args = parser.parse_args(argv)
    if args.cache and args.cache.exists():
        examples = pickle.loads(args.cache.read_bytes())
    else:
        print("running docpipe on the fixtures …", file=sys.stderr)
        examples = collect(args.fixtures)
        if args.cache:
            args.cache.write_bytes(pickle.dumps(examples))
    print(f"{len(examples)} files that state their title, {len({e.tool for e in examples})} tools")
    loto, lodo = leave_one_tool_out(examples), leave_one_dataset_out(examples)
    print_held("leave one tool out: fitted on the other tools' tuned-half sites, scored on its measured half", loto)
    print_held("leave one data set out: fitted on the other data sets, scored on its pages", lodo)
    wins = all(sum(r.model for r in rows) > sum(r.rules for r in rows) for rows in (loto, lodo))
    if args.write and wins:
        data = model_file(examples, loto, lodo)
        MODEL_PATH.write_bytes(data)
        print(f"wrote {MODEL_PATH.relative_to(REPO)} (sha256 {hashlib.sha256(data).hexdigest()[:16]}…)")
    elif args.write:
        print("not written: the held-out model is not right on more files than the rules in both validations")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
