"""`docpipe verify`: check that the outputs still say what their provenance claims.

For every document: its doc_id is the sha256 of its raw file (re-hashed where the file is still there); every
section, block and evidence span is exactly its text in clean_text; every metadata value has its selected
evidence; it has a provenance row for every step, whose digests match the stored clean text and sections;
every run it came from has a manifest, and each manifest's counts add up (inputs = documents + rejects +
skipped) and agree with the provenance table.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from docpipe import raw_files, store
from docpipe.model import ConfigurationError, Step
from docpipe.provenance import sha256_sections, sha256_text
from docpipe.raw_files import file_sha256
from docpipe.rules.names import author_kind_of_row

# documents column → evidence field
METADATA_FIELDS = {
    "title": "title",
    "authors": "authors",
    "published_date": "published_date",
    "modified_date": "modified_date",
    "outlet": "outlet",
    "publisher": "publisher",
    "language": "language",
    "source_url": "url",
}
CONTENT_TABLES = ("sections", "blocks", "evidence")
SHORT_ID = 12  # characters of a doc_id in messages: unique in practice, and `docpipe explain` takes a prefix
SNIPPET_CHARS = 40

Rows = list[dict[str, Any]]
Steps = dict[tuple[str, str], dict[str, dict[str, Any]]]  # (run_id, doc_id) → step → provenance row


@dataclass(frozen=True, slots=True)
class Violation:
    check: str  # raw, span, evidence, provenance, manifest, counts, rows
    subject: str  # a doc_id prefix, a run id or a file
    message: str


@dataclass(frozen=True, slots=True)
class VerifyReport:
    checked: dict[str, int]  # how many of each thing were checked, for the summary
    violations: tuple[Violation, ...]
    notes: tuple[str, ...]  # facts worth knowing that break nothing (a raw file no longer present)

    @property
    def ok(self) -> bool:
        return not self.violations


def verify_outputs(raw_dir: Path, out_dir: Path) -> VerifyReport:
    """Check every document and run under `out_dir` against the raw files under `raw_dir`."""
    if not raw_dir.is_dir():
        raise ConfigurationError(f"raw folder not found: {raw_dir}")
    if not store.part_files(out_dir, "documents"):
        raise ConfigurationError(f"no documents under {out_dir}: not a docpipe output folder, or nothing written yet")
    checked: Counter[str] = Counter()
    raw_states: Counter[str] = Counter()
    violations: list[Violation] = []
    runs_of = store.document_runs(out_dir)
    steps = read_steps(out_dir)
    for doc_id, runs in runs_of.items():
        if len(runs) > 1:
            violations.append(_about(doc_id, "rows", f"in the documents files of {len(runs)} runs: {', '.join(runs)}"))
    for part in store.part_files(out_dir, "documents"):
        run_id = store.run_id_of(part)
        related = {
            table: store.rows_by_doc(store.read_part_rows(out_dir, table, part.name)) for table in CONTENT_TABLES
        }
        for doc in store.read_part_rows(out_dir, "documents", part.name):
            doc_id = doc["doc_id"]
            raw_state, raw_violations = check_raw_file(doc, raw_dir, set(runs_of))
            raw_states[raw_state] += 1
            sections, blocks = related["sections"].get(doc_id, []), related["blocks"].get(doc_id, [])
            evidence = related["evidence"].get(doc_id, [])
            violations += raw_violations
            violations += check_spans(doc, sections, blocks, evidence)
            violations += check_metadata(doc, evidence)
            violations += check_author_kinds(doc, evidence)
            violations += check_steps(doc, sections, run_id, steps.get((run_id, doc_id), {}))
            checked.update(documents=1, sections=len(sections), blocks=len(blocks), evidence=len(evidence))
    for table in CONTENT_TABLES:
        violations += check_rows_belong(out_dir, table, runs_of)
    manifests, manifest_violations = read_manifests(out_dir)
    violations += manifest_violations
    violations += check_runs(out_dir, manifests, steps, runs_of)
    inputs_found, inputs_violations = check_inputs_listed(raw_dir, out_dir)
    violations += inputs_violations
    checked.update({"raw files re-hashed": raw_states["matches"], "raw files in a table": inputs_found})
    checked["runs"] = len(manifests)
    checked["provenance rows"] = sum(len(by_step) for by_step in steps.values())
    return VerifyReport(dict(checked), tuple(violations), tuple(_raw_notes(raw_states, raw_dir)))


def _about(doc_id: str, check: str, message: str) -> Violation:
    return Violation(check, doc_id[:SHORT_ID], message)


def check_raw_file(doc: dict[str, Any], raw_dir: Path, doc_ids: set[str]) -> tuple[str, list[Violation]]:
    """Re-hash the document's raw file: 'matches', 'missing' (gone, not re-hashed), 'replaced' (it now holds
    content that is itself a document: an earlier version), or 'changed' (a violation)."""
    doc_id, source_path = doc["doc_id"], doc["source_path"]
    path = raw_dir / source_path
    if not path.resolve().is_relative_to(raw_dir.resolve()):
        return "changed", [_about(doc_id, "raw", f"source_path {source_path!r} points outside the raw folder")]
    if not path.is_file():
        return "missing", []
    current = file_sha256(path)
    if current == doc_id:
        return "matches", []
    if current in doc_ids:
        return "replaced", []
    return "changed", [
        _about(
            doc_id,
            "raw",
            f"doc_id is not the sha256 of {source_path} (now {str(current)[:SHORT_ID]}…): "
            "the raw file changed after it was processed",
        )
    ]


def _raw_notes(states: Counter[str], raw_dir: Path) -> list[str]:
    notes = []
    if states["missing"]:
        notes.append(f"{states['missing']} document(s) have no raw file under {raw_dir} any more: not re-hashed")
    if states["replaced"]:
        notes.append(
            f"{states['replaced']} document(s) are earlier versions of a file whose current content is also a document"
        )
    return notes


def check_spans(doc: dict[str, Any], sections: Rows, blocks: Rows, evidence: Rows) -> list[Violation]:
    """Every section, block and evidence offset pair must cut exactly its text out of clean_text."""
    clean_text: str = doc["clean_text"]
    violations = []
    indexes = sorted(s["section_index"] for s in sections)
    if indexes != list(range(len(sections))):
        violations.append(_about(doc["doc_id"], "span", f"section indexes are not 0…{len(sections) - 1}: {indexes}"))
    for kind, rows, index_column, text_column in (
        ("section", sections, "section_index", "text"),
        ("block", blocks, "block_index", "text"),
        ("evidence", evidence, None, "evidence"),
    ):
        for row in rows:
            start, end = row["char_start"], row["char_end"]
            if start is None and end is None and kind == "evidence":
                continue  # markup evidence: read from the page, not the clean text
            label = f"{kind} {row[index_column]} ({row['kind']})" if index_column else _evidence_label(row)
            problem = _span_problem(clean_text, start, end, row[text_column])
            if problem:
                violations.append(_about(doc["doc_id"], "span", f"{label}: {problem}"))
    return violations


def _evidence_label(row: dict[str, Any]) -> str:
    return f"evidence {row['field']}={row['value']!r} ({row['method']})"


def _span_problem(clean_text: str, start: int | None, end: int | None, text: str) -> str | None:
    if start is None or end is None or not 0 <= start <= end <= len(clean_text):
        return f"offsets [{start}:{end}] are not a span of clean_text (length {len(clean_text)})"
    found = clean_text[start:end]
    if found == text:
        return None
    return f"clean_text[{start}:{end}] reads {found[:SNIPPET_CHARS]!r}, not {text[:SNIPPET_CHARS]!r}"


def check_metadata(doc: dict[str, Any], evidence: Rows) -> list[Violation]:
    """Each metadata value in documents is exactly what its selected evidence says; no value, no selection."""
    violations = []
    for column, field in METADATA_FIELDS.items():
        value = doc[column]
        expected = [_as_text(v) for v in value] if column == "authors" else ([] if value is None else [_as_text(value)])
        selected = list(dict.fromkeys(row["value"] for row in evidence if row["field"] == field and row["selected"]))
        if selected == expected:
            continue
        if not selected:
            problem = f"{column} {_shown(expected)} has no selected evidence"
        elif not expected:
            problem = f"{column} is empty but evidence selects {_shown(selected)}"
        else:
            problem = f"{column} {_shown(expected)} is not what its evidence selects: {_shown(selected)}"
        violations.append(_about(doc["doc_id"], "evidence", problem))
    return violations


def check_author_kinds(doc: dict[str, Any], evidence: Rows) -> list[Violation]:
    """author_kinds is parallel to authors and says of each what its selected evidence says (files written before
    the column existed hold null: nothing to check)."""
    kinds = doc.get("author_kinds")
    if kinds is None:
        return []
    expected: dict[str, str] = {}
    for row in evidence:
        if row["field"] == "authors" and row["selected"]:
            expected.setdefault(row["value"], author_kind_of_row(row["value"], row["method"], row["evidence"]))
    wanted = [expected.get(name) for name in doc["authors"]]
    if list(kinds) == wanted:
        return []
    return [
        _about(doc["doc_id"], "evidence", f"author_kinds {list(kinds)!r} is not what its evidence says: {wanted!r}")
    ]


def _as_text(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _shown(values: list[str]) -> str:
    return repr(values[0]) if len(values) == 1 else repr(values)


def check_steps(
    doc: dict[str, Any], sections: Rows, run_id: str, by_step: dict[str, dict[str, Any]]
) -> list[Violation]:
    """A provenance row for every step of the run that wrote the document, with digests that still match."""
    doc_id = doc["doc_id"]
    if not by_step:
        return [_about(doc_id, "provenance", f"no provenance rows for run {run_id}")]
    violations = []
    missing = [str(step) for step in Step if str(step) not in by_step]
    if missing:
        violations.append(
            _about(doc_id, "provenance", f"no provenance row for step {', '.join(missing)} in run {run_id}")
        )
    expectations = (
        (Step.INGEST, "input_sha256", doc_id, "the ingest input is not the doc_id"),
        (Step.CLEAN, "output_sha256", sha256_text(doc["clean_text"]), "clean_text differs from what clean produced"),
        (
            Step.SEGMENT,
            "output_sha256",
            sha256_sections(
                (s["kind"], s["heading"], s["char_start"], s["char_end"])
                for s in sorted(sections, key=lambda s: s["section_index"])
            ),
            "the sections differ from what segment produced",
        ),
    )
    for step, column, digest, message in expectations:
        row = by_step.get(str(step))
        if row is not None and row[column] != digest:
            violations.append(_about(doc_id, "provenance", f"{message} ({step} {column} {row[column][:SHORT_ID]}…)"))
    return violations


def check_rows_belong(out_dir: Path, table: str, runs_of: dict[str, list[str]]) -> list[Violation]:
    """Rows of a content table must belong to a document of the same run: anything else is an orphan of a run
    killed mid-batch, or an older copy not dropped (the next run removes both)."""
    violations = []
    for part in store.part_files(out_dir, table):
        run_id = store.run_id_of(part)
        doc_ids = {row["doc_id"] for row in store.read_part_rows(out_dir, table, part.name, ["doc_id"])}
        strays = sorted(d for d in doc_ids if run_id not in runs_of.get(d, ()))
        if strays:
            violations.append(
                Violation(
                    "rows",
                    f"{table}/{part.name}",
                    f"rows of {len(strays)} document(s) that no documents file of run {run_id} holds "
                    f"({', '.join(d[:SHORT_ID] for d in strays[:3])}{' …' if len(strays) > 3 else ''})",
                )
            )
    return violations


def read_steps(out_dir: Path) -> Steps:
    steps: Steps = {}
    columns = ["run_id", "doc_id", "step", "input_sha256", "output_sha256"]
    for row in store.read_table(out_dir, "provenance", columns).to_pylist():
        steps.setdefault((row["run_id"], row["doc_id"]), {})[row["step"]] = row
    return steps


def read_manifests(out_dir: Path) -> tuple[dict[str, dict[str, Any]], list[Violation]]:
    manifests: dict[str, dict[str, Any]] = {}
    violations = []
    for path in sorted((out_dir / "runs").glob("*.json")):
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
            manifests[manifest["run_id"]] = manifest
        except (ValueError, KeyError, TypeError) as error:
            violations.append(Violation("manifest", f"runs/{path.name}", f"not a readable run manifest: {error}"))
    return manifests, violations


def check_runs(
    out_dir: Path, manifests: dict[str, dict[str, Any]], steps: Steps, runs_of: dict[str, list[str]]
) -> list[Violation]:
    """Every run that left rows has a manifest; every manifest's counts add up and agree with provenance."""
    violations = []
    referenced: dict[str, Counter[str]] = {}
    for runs in runs_of.values():
        for run_id in runs:
            referenced.setdefault(run_id, Counter())["documents"] += 1
    stored: Counter[str] = Counter()
    for run_id, doc_id in steps:
        referenced.setdefault(run_id, Counter())["provenance"] += 1
        stored[run_id] += "store" in steps[(run_id, doc_id)]
    rejected = Counter(store.read_table(out_dir, "rejects", ["run_id"]).column("run_id").to_pylist())
    for run_id, count in rejected.items():
        referenced.setdefault(run_id, Counter())["rejects"] += count
    for run_id, what in sorted(referenced.items()):
        if run_id not in manifests:
            rows = ", ".join(f"{count} {name}" for name, count in sorted(what.items()))
            violations.append(Violation("manifest", run_id, f"no manifest runs/{run_id}.json (the run left {rows})"))
    for run_id, manifest in sorted(manifests.items()):
        violations += _check_counts(run_id, manifest.get("counts", {}), stored[run_id], rejected[run_id])
    return violations


COUNTED_OUTCOMES = ("documents", "rejects", "duplicates", "skipped", "not_reached")


def _check_counts(run_id: str, counts: dict[str, Any], stored: int, rejected: int) -> Iterable[Violation]:
    # Manifests written before duplicates and not_reached were counted apart have neither: they count as 0.
    outcomes = {
        name: counts.get(name, 0 if name in ("duplicates", "not_reached") else None) for name in COUNTED_OUTCOMES
    }
    inputs = counts.get("inputs")
    if not isinstance(inputs, int) or not all(isinstance(count, int) for count in outcomes.values()):
        yield Violation("counts", run_id, f"the manifest's counts are incomplete: {counts}")
        return
    if inputs != sum(outcomes.values()):
        parts = " + ".join(f"{name} {count}" for name, count in outcomes.items())
        yield Violation("counts", run_id, f"inputs {inputs} ≠ {parts}")
    documents = outcomes["documents"]
    if stored != documents:
        yield Violation("counts", run_id, f"the manifest counts {documents} documents, provenance stored {stored}")
    if rejected > outcomes["rejects"]:
        yield Violation(
            "counts", run_id, f"the manifest counts {outcomes['rejects']} rejects, the rejects table holds {rejected}"
        )


def check_inputs_listed(raw_dir: Path, out_dir: Path) -> tuple[int, list[Violation]]:
    """Every input file under the raw folder can be found by its path in a table (inputs, documents or rejects):
    nothing a run saw went missing. Files added since the last run are a note, not a violation: no run saw them."""
    listed = {
        *store.read_table(out_dir, "inputs", ["source_path"]).column("source_path").to_pylist(),
        *store.read_table(out_dir, "documents", ["source_path"]).column("source_path").to_pylist(),
        *store.read_table(out_dir, "rejects", ["source_path"]).column("source_path").to_pylist(),
    }
    last_run_started = max((m.stem for m in (out_dir / "runs").glob("*.json")), default="")
    violations = []
    found = 0
    for path in raw_files.list_raw_folder(raw_dir).paths:
        source_path = raw_files.relative_source_path(path, raw_dir)
        if source_path in listed:
            found += 1
        elif _changed_before(path, last_run_started):
            violations.append(
                Violation("inputs", source_path, "a raw file that is in no table (inputs, documents, rejects)")
            )
    return found, violations


def _changed_before(path: Path, run_id: str) -> bool:
    """Whether a file was there before the run `run_id` started (a later file is simply not processed yet)."""
    try:
        changed = path.lstat().st_mtime
    except OSError:
        return False
    try:
        started = datetime.fromisoformat(store.run_started_at(run_id)).timestamp()
    except ValueError:
        return False
    return changed < started
