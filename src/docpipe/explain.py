"""`docpipe explain`: where each metadata value of a document came from, and what lost to it and why.

The evidence table keeps every candidate of a field best first, with `selected` marking the winner and
`lost_because` saying why each other one lost, as the combiner decided it (`metadata.select_candidates`: the
learned scorer's `score` and largest feature contributions for title, date and outlet, the method registry in
`docpipe.rules.methods` for the rest). Nothing is re-derived here, so an older run's reasons stay that run's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds

from docpipe import store
from docpipe.provenance import PIPELINE_VERSION, read_manifest
from docpipe.rules.methods import FIELDS, SECTION_FIELDS
from docpipe.verify import METADATA_FIELDS

CONTEXT_CHARS = 80  # of clean text either side of an evidence span


class UnknownFieldError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Context:
    """An evidence span in its surrounding clean text."""

    before: str
    span: str
    after: str


@dataclass(frozen=True, slots=True)
class Candidate:
    rank: int  # 1 = best; the evidence table keeps a field's candidates best first
    value: str
    method: str
    confidence: float
    selected: bool
    evidence: str  # the text or markup it was read from
    context: Context | None  # for text evidence: where in clean_text
    char_start: int | None
    char_end: int | None
    lost_because: str | None  # None for a selected candidate
    score: float | None = None  # the learned scorer's score (title, date, outlet; the highest wins), else None
    score_terms: str | None = None  # its largest feature contributions ("agreement +1.31; method:html:h1 +0.52")


@dataclass(frozen=True, slots=True)
class FieldExplanation:
    field: str
    value: str | None  # as stored in documents; authors joined with "; "
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True, slots=True)
class StepRun:
    step: str
    step_version: str
    started_at: str
    ended_at: str


@dataclass(frozen=True, slots=True)
class Explanation:
    doc_id: str
    source_path: str
    run_id: str
    manifest: dict[str, Any] | None  # the run's manifest; None if it is missing
    steps: tuple[StepRun, ...]
    fields: tuple[FieldExplanation, ...]
    rules_version_differs: bool  # the run's docpipe version is not this one: its rules chose these values
    # what earlier steps recorded about the input itself ("22 NUL bytes dropped"), from evidence rows of no field
    input_notes: tuple[str, ...] = ()
    # why a block got a section role from the page's markup ("standfirst: <p.lead> (html:lead-markup)")
    section_notes: tuple[str, ...] = ()


def explain_document(out_dir: Path, doc_id: str, field: str | None = None) -> Explanation:
    if field is not None and field not in FIELDS:
        raise UnknownFieldError(f"unknown field {field!r}; fields: {', '.join(FIELDS)}")
    run_id = max(store.document_runs(out_dir)[doc_id])  # the newest, should superseded rows remain
    this_doc = ds.field("doc_id") == doc_id
    document = store.read_table(out_dir, "documents", filter_expression=this_doc).to_pylist()[0]
    evidence = store.read_table(out_dir, "evidence", filter_expression=this_doc).to_pylist()
    provenance = store.read_table(out_dir, "provenance", filter_expression=this_doc).to_pylist()
    sections = store.read_table(out_dir, "sections", filter_expression=this_doc).to_pylist()
    manifest = read_manifest(out_dir, run_id)
    columns = {evidence_field: column for column, evidence_field in METADATA_FIELDS.items()}
    fields = tuple(
        explain_field(name, _shown_value(document[columns[name]]), evidence, document["clean_text"])
        for name in FIELDS
        if field in (None, name)
    )
    steps = tuple(
        StepRun(row["step"], row["step_version"], row["started_at"].isoformat(), row["ended_at"].isoformat())
        for row in provenance
        if row["run_id"] == run_id
    )
    return Explanation(
        doc_id=doc_id,
        source_path=document["source_path"],
        run_id=run_id,
        manifest=manifest,
        steps=steps,
        fields=fields,
        rules_version_differs=document["pipeline_version"] != PIPELINE_VERSION,
        input_notes=_input_notes(document, evidence),
        section_notes=_section_notes(sections, evidence),
    )


def _input_notes(document: dict[str, Any], evidence: list[dict[str, Any]]) -> tuple[str, ...]:
    """What ingest changed in the text: the documents row's notes (files of documents version 3 and older held them
    as evidence rows of no field)."""
    if document.get("input_notes") is not None:
        return tuple(f"{note['note']} ({note['method']})" for note in document["input_notes"])
    return tuple(
        f"{row['value']} ({row['method']})"
        for row in evidence
        if row["field"] not in FIELDS and row["field"] not in SECTION_FIELDS
    )


def _section_notes(sections: list[dict[str, Any]], evidence: list[dict[str, Any]]) -> tuple[str, ...]:
    """Why a section has the kind the page's markup gave it: its role columns (files of sections version 1 held
    them as evidence rows of field "standfirst")."""
    notes = [
        f"{row['kind']}: {row['role_evidence']} ({row['role_method']}, confidence {row['role_confidence']:.2f})"
        for row in sections
        if row.get("role_method")
    ]
    notes += [
        f"{row['field']}: {row['evidence']} ({row['method']}, confidence {row['confidence']:.2f})"
        for row in evidence
        if row["field"] in SECTION_FIELDS
    ]
    return tuple(notes)


def _shown_value(value: object) -> str | None:
    if value is None or value == []:
        return None
    if isinstance(value, list):
        return "; ".join(value)
    return value.isoformat() if isinstance(value, date) else str(value)


def explain_field(field: str, value: str | None, evidence: list[dict[str, Any]], clean_text: str) -> FieldExplanation:
    rows = [row for row in evidence if row["field"] == field]
    candidates = tuple(
        Candidate(
            rank=rank,
            value=row["value"],
            method=row["method"],
            confidence=round(float(row["confidence"]), 4),
            selected=row["selected"],
            evidence=row["evidence"],
            context=_context(clean_text, row["char_start"], row["char_end"]),
            char_start=row["char_start"],
            char_end=row["char_end"],
            lost_because=None if row["selected"] else (row.get("lost_because") or NOT_RECORDED),
            score=row.get("score"),
            score_terms=row.get("score_terms"),
        )
        for rank, row in enumerate(rows, start=1)
    )
    return FieldExplanation(field, value, candidates)


# evidence written before the combiner recorded its reasons (schema version 1) has none
NOT_RECORDED = "not recorded (written by a docpipe that did not store loss reasons)"


def _context(clean_text: str, start: int | None, end: int | None) -> Context | None:
    if start is None or end is None:
        return None
    return Context(
        clean_text[max(0, start - CONTEXT_CHARS) : start], clean_text[start:end], clean_text[end : end + CONTEXT_CHARS]
    )
