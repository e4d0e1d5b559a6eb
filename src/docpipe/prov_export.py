"""`docpipe export-prov`: a document's provenance as W3C PROV-JSON (the PROV-JSON member submission).

Per document, from the run that wrote its current rows:
- entities: the raw file, its decoded source text, the clean text, the sections, the metadata, and the Parquet
  files holding its rows; for a republished article (its outlet read from a republication notice or JSON-LD
  `isBasedOn`, or a sidecar naming an outlet other than the publisher) the original publication too;
- activities: each step of the run (ingest, clean, segment, metadata, store) with its start and end time;
- agents: docpipe's version (a SoftwareAgent), the Prefect flow run when the run had one, the person who ran
  it (user and host from the manifest), and the original outlet (an Organization);
- relations: used, wasGeneratedBy, wasDerivedFrom (one chain raw → text → clean text → sections →
  metadata → files), hadPrimarySource (a wasDerivedFrom of prov:type prov:PrimarySource, as PROV-JSON writes
  it), wasAttributedTo, wasAssociatedWith, actedOnBehalfOf.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds

from docpipe import store
from docpipe.model import Step
from docpipe.provenance import read_manifest, sha256_text
from docpipe.raw_files import file_sha256

NAMESPACE = "docpipe"
PREFIXES = {NAMESPACE: "urn:docpipe:"}
# The outlet was read from something that says the piece first ran elsewhere.
REPUBLICATION_METHODS = frozenset({"text:republication-notice", "html:republication-notice", "json-ld:isBasedOn"})
FILE_TABLES = ("documents", "sections", "blocks", "evidence")
LOCAL_NAME_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")

Record = dict[str, Any]


def qualified(kind: str, *parts: str) -> str:
    """A qualified name `docpipe:kind.part.part` whose local part PROV-N and PROV-O accept as it is."""
    return f"{NAMESPACE}:" + ".".join([kind, *(LOCAL_NAME_UNSAFE.sub("-", part) for part in parts)])


def prov_type(name: str) -> Record:
    return {"$": name, "type": "prov:QUALIFIED_NAME"}


@dataclass(slots=True)
class ProvDocument:
    """PROV-JSON sections being filled; relations get blank-node ids numbered in order, so output is stable."""

    sections: dict[str, dict[str, Record]] = field(default_factory=dict)
    counter: int = 0

    def add(self, section: str, identifier: str, record: Record) -> None:
        self.sections.setdefault(section, {})[identifier] = record

    def relate(self, section: str, record: Record) -> None:
        self.counter += 1
        self.add(section, f"_:{section}{self.counter}", record)

    def to_json(self) -> dict[str, Any]:
        return {"prefix": dict(PREFIXES), **self.sections}


@dataclass(frozen=True, slots=True)
class Rows:
    """The rows the export needs, read once for all the documents exported, by doc_id."""

    documents: dict[str, dict[str, Any]]
    sections: Counter[str]
    evidence: dict[str, list[dict[str, Any]]]
    provenance: dict[str, list[dict[str, Any]]]
    files: dict[str, list[Path]]  # the Parquet files holding a document's rows


def export_prov(out_dir: Path, doc_ids: Iterable[str]) -> dict[str, Any]:
    """PROV-JSON for the given documents (one document, or every one for `--all`)."""
    prov = ProvDocument()
    runs_of = store.document_runs(out_dir)
    wanted = sorted(doc_ids)
    rows = read_rows(out_dir, wanted)
    for doc_id in wanted:
        add_document(prov, out_dir, doc_id, max(runs_of[doc_id]), rows)
    return prov.to_json()


def read_rows(out_dir: Path, doc_ids: list[str]) -> Rows:
    wanted = ds.field("doc_id").isin(doc_ids)
    files: dict[str, list[Path]] = {}
    for table in FILE_TABLES:
        for part in store.part_files(out_dir, table):
            for doc_id in {r["doc_id"] for r in store.read_part_rows(out_dir, table, part.name, ["doc_id"])}:
                files.setdefault(doc_id, []).append(part)
    return Rows(
        documents={
            r["doc_id"]: r for r in store.read_table(out_dir, "documents", filter_expression=wanted).to_pylist()
        },
        sections=Counter(store.read_table(out_dir, "sections", ["doc_id"], wanted).column("doc_id").to_pylist()),
        evidence=store.rows_by_doc(
            store.read_table(out_dir, "evidence", ["doc_id", "field", "method", "selected"], wanted).to_pylist()
        ),
        provenance=store.rows_by_doc(store.read_table(out_dir, "provenance", filter_expression=wanted).to_pylist()),
        files=files,
    )


def all_documents(out_dir: Path) -> list[str]:
    return sorted(store.document_runs(out_dir))


def add_document(prov: ProvDocument, out_dir: Path, doc_id: str, run_id: str, rows: Rows) -> None:
    document, sections, evidence = rows.documents[doc_id], rows.sections[doc_id], rows.evidence.get(doc_id, [])
    steps = {row["step"]: row for row in rows.provenance.get(doc_id, []) if row["run_id"] == run_id}
    manifest = read_manifest(out_dir, run_id) or {}
    agents = add_agents(prov, run_id, manifest)

    raw = qualified("raw", doc_id)
    text = qualified("source-text", doc_id)
    clean = qualified("clean-text", doc_id)
    segmented = qualified("sections", doc_id)
    described = qualified("metadata", doc_id)
    prov.add(
        "entity",
        raw,
        {
            "prov:type": prov_type(f"{NAMESPACE}:RawFile"),
            "prov:label": document["source_path"],
            "prov:location": document["source_path"],
            f"{NAMESPACE}:sha256": doc_id,
            **({f"{NAMESPACE}:url": document["source_url"]} if document["source_url"] else {}),
        },
    )
    prov.add("entity", text, _digest_entity("the decoded source text", steps.get(Step.INGEST, {}).get("output_sha256")))
    prov.add(
        "entity",
        clean,
        {
            **_digest_entity("the clean text", sha256_text(document["clean_text"])),
            f"{NAMESPACE}:characters": len(document["clean_text"]),
        },
    )
    prov.add(
        "entity",
        segmented,
        {
            **_digest_entity("the sections", steps.get(Step.SEGMENT, {}).get("output_sha256")),
            f"{NAMESPACE}:count": sections,
        },
    )
    prov.add("entity", described, metadata_entity(document))

    chain = {
        Step.INGEST: ([raw], [text]),
        Step.CLEAN: ([text], [clean]),
        Step.SEGMENT: ([clean], [segmented]),
        Step.METADATA: ([segmented, clean], [described]),
    }
    activities = {step: add_step(prov, run_id, doc_id, step, steps.get(step), agents) for step in Step}
    for step, (inputs, outputs) in chain.items():
        connect(prov, activities[step], inputs, outputs)
    files = add_files(prov, [part for part in rows.files.get(doc_id, []) if store.run_id_of(part) == run_id])
    connect(prov, activities[Step.STORE], [clean, segmented, described], files)

    original = original_outlet(document, evidence)
    if original is not None:
        add_primary_source(prov, raw, doc_id, original)


def _digest_entity(label: str, digest: str | None) -> Record:
    return {"prov:label": label, **({f"{NAMESPACE}:sha256": digest} if digest else {})}


def metadata_entity(document: dict[str, Any]) -> Record:
    record: Record = {"prov:label": "the metadata (see the evidence table for each value's evidence)"}
    for column in ("title", "published_date", "modified_date", "outlet", "publisher", "language"):
        value = document[column]
        if value is not None:
            record[f"{NAMESPACE}:{column}"] = value.isoformat() if isinstance(value, date) else str(value)
    if document["authors"]:
        record[f"{NAMESPACE}:authors"] = list(document["authors"])
    if document.get("author_kinds"):
        record[f"{NAMESPACE}:author_kinds"] = list(document["author_kinds"])
    return record


def add_agents(prov: ProvDocument, run_id: str, manifest: dict[str, Any]) -> list[str]:
    """docpipe (the software), the Prefect flow run and the person, as far as the manifest knows them."""
    version = str(manifest.get("pipeline_version", "unknown"))
    software = qualified("docpipe", version)
    prov.add(
        "agent",
        software,
        {
            "prov:type": prov_type("prov:SoftwareAgent"),
            "prov:label": f"docpipe {version}",
            **({f"{NAMESPACE}:gitCommit": manifest["git_commit"]} if manifest.get("git_commit") else {}),
        },
    )
    agents = [software]
    if manifest.get("prefect_flow_run_id"):
        flow_run = qualified("prefect-flow-run", str(manifest["prefect_flow_run_id"]))
        deployment = manifest.get("prefect_deployment")
        prov.add(
            "agent",
            flow_run,
            {
                "prov:type": prov_type("prov:SoftwareAgent"),
                "prov:label": f"Prefect flow run {manifest['prefect_flow_run_id']}",
                **({f"{NAMESPACE}:deployment": deployment} if deployment else {}),
            },
        )
        agents.append(flow_run)
    if manifest.get("user") or manifest.get("host"):
        user, host = manifest.get("user") or "unknown", manifest.get("host") or "unknown"
        person = qualified("person", f"{user}@{host}")
        prov.add(
            "agent",
            person,
            {"prov:type": prov_type("prov:Person"), "prov:label": f"{user} on {host}", f"{NAMESPACE}:host": host},
        )
        for delegate in agents:
            prov.relate("actedOnBehalfOf", {"prov:delegate": delegate, "prov:responsible": person})
        agents.append(person)
    return agents


def add_step(
    prov: ProvDocument, run_id: str, doc_id: str, step: Step, row: dict[str, Any] | None, agents: list[str]
) -> str:
    activity = qualified("run", run_id, str(step), doc_id)
    record: Record = {
        "prov:type": prov_type(f"{NAMESPACE}:{step.value.capitalize()}Step"),
        "prov:label": f"{step} of {doc_id[:12]} in run {run_id}",
        f"{NAMESPACE}:run": run_id,
    }
    if row is not None:
        record.update(
            {
                "prov:startTime": row["started_at"].isoformat(),
                "prov:endTime": row["ended_at"].isoformat(),
                f"{NAMESPACE}:stepVersion": row["step_version"],
            }
        )
    prov.add("activity", activity, record)
    for agent in agents:
        prov.relate("wasAssociatedWith", {"prov:activity": activity, "prov:agent": agent})
    return activity


def connect(prov: ProvDocument, activity: str, inputs: list[str], outputs: list[str]) -> None:
    for used in inputs:
        prov.relate("used", {"prov:activity": activity, "prov:entity": used})
    for generated in outputs:
        prov.relate("wasGeneratedBy", {"prov:entity": generated, "prov:activity": activity})
        for used in inputs:
            prov.relate(
                "wasDerivedFrom",
                {"prov:generatedEntity": generated, "prov:usedEntity": used, "prov:activity": activity},
            )


def add_files(prov: ProvDocument, parts: list[Path]) -> list[str]:
    """The Parquet files of the run that hold the document's rows (a batch's files share one name)."""
    files = []
    for part in parts:
        table, relative = part.parent.name, f"{part.parent.name}/{part.name}"
        entity = qualified("file", table, part.name)
        if entity not in prov.sections.get("entity", {}):  # shared by the batch's documents: hashed once
            prov.add(
                "entity",
                entity,
                {
                    "prov:type": prov_type(f"{NAMESPACE}:ParquetFile"),
                    "prov:label": relative,
                    "prov:location": relative,
                    f"{NAMESPACE}:table": table,
                    f"{NAMESPACE}:sha256": file_sha256(part) or "",
                },
            )
        files.append(entity)
    return files


def original_outlet(document: dict[str, Any], evidence: list[dict[str, Any]]) -> str | None:
    """The outlet that first published a republished article, or None if the copy is not a republication."""
    outlet = document["outlet"]
    if not outlet:
        return None
    for row in evidence:
        if row["field"] != "outlet" or not row["selected"]:
            continue
        if row["method"] in REPUBLICATION_METHODS:
            return outlet
        if row["method"] == "sidecar" and document["publisher"] and document["publisher"] != outlet:
            return outlet
    return None


def add_primary_source(prov: ProvDocument, raw: str, doc_id: str, outlet: str) -> None:
    original = qualified("original", doc_id)
    organisation = qualified("outlet", outlet)
    prov.add("agent", organisation, {"prov:type": prov_type("prov:Organization"), "prov:label": outlet})
    prov.add(
        "entity",
        original,
        {"prov:label": f"the article as first published by {outlet}", f"{NAMESPACE}:outlet": outlet},
    )
    prov.relate("wasAttributedTo", {"prov:entity": original, "prov:agent": organisation})
    prov.relate(
        "wasDerivedFrom",
        {"prov:generatedEntity": raw, "prov:usedEntity": original, "prov:type": prov_type("prov:PrimarySource")},
    )
