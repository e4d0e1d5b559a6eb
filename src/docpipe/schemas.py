"""The output tables: their names, and one explicit, versioned Parquet schema each."""

from __future__ import annotations

import pyarrow as pa

TABLES = ("documents", "sections", "blocks", "evidence", "provenance", "rejects", "inputs")
# Each table's schema has its own version, raised when that table's columns change.
# documents 2: no run_id (a run's id lives in provenance, rejects and runs/ only, so that the same input,
# version and parameters give byte-identical documents, sections, blocks and evidence files).
# documents 3: author_kinds, "person" or "organization" for each of `authors`, since authors may be an
# agency, a desk or the staff as the byline credits them; files of version 2 lack it and read as null.
# evidence 2: lost_because, why a candidate lost as the combiner decided it (null for winners; files of version 1
# lack the column and read as null).
# documents 4: input_notes, what ingest changed in the text ("22 NUL bytes dropped"), once evidence rows of field
# "input"; older files read as null (their notes are in evidence).
# sections 2: role_method, role_evidence, role_confidence, where the page's markup gave a section its kind (the
# standfirst), once evidence rows of field "standfirst"; older files read as null (their roles are in evidence).
# evidence 4: metadata candidates only (no "input" or "standfirst" rows).
# evidence 3: score and score_terms, the learned scorer's score of a title, date or outlet candidate and its
# largest feature contributions (null for other fields; older files read as null).
SCHEMA_VERSIONS = {
    "documents": "4",
    "sections": "2",
    "blocks": "1",
    "evidence": "4",
    "provenance": "1",
    "rejects": "1",
    "inputs": "1",
}
TIMESTAMP = pa.timestamp("us", tz="UTC")


def _schema(name: str, fields: list[pa.Field]) -> pa.Schema:
    # Nothing run-specific goes into a file's metadata: the table's name and schema version only.
    return pa.schema(
        fields,
        metadata={b"docpipe.table": name.encode(), b"docpipe.schema_version": SCHEMA_VERSIONS[name].encode()},
    )


SCHEMAS: dict[str, pa.Schema] = {
    "documents": _schema(
        "documents",
        [
            pa.field("doc_id", pa.string(), nullable=False),
            pa.field("source_path", pa.string(), nullable=False),
            pa.field("source_url", pa.string()),
            pa.field("title", pa.string()),
            pa.field("authors", pa.list_(pa.string()), nullable=False),
            pa.field("author_kinds", pa.list_(pa.string())),  # null only in files of version 2
            pa.field("published_date", pa.date32()),
            pa.field("modified_date", pa.date32()),
            pa.field("outlet", pa.string()),
            pa.field("publisher", pa.string()),
            pa.field("language", pa.string()),
            pa.field("clean_text", pa.string(), nullable=False),
            pa.field("body_text", pa.string(), nullable=False),
            pa.field("word_count", pa.int32(), nullable=False),
            pa.field("media_type", pa.string(), nullable=False),
            pa.field("pipeline_version", pa.string(), nullable=False),
            # null only in files of version 3 and older
            pa.field("input_notes", pa.list_(pa.struct([("method", pa.string()), ("note", pa.string())]))),
        ],
    ),
    "sections": _schema(
        "sections",
        [
            pa.field("doc_id", pa.string(), nullable=False),
            pa.field("section_index", pa.int32(), nullable=False),
            pa.field("kind", pa.string(), nullable=False),
            pa.field("heading", pa.string()),
            pa.field("text", pa.string(), nullable=False),
            pa.field("char_start", pa.int32(), nullable=False),
            pa.field("char_end", pa.int32(), nullable=False),
            pa.field("role_method", pa.string()),
            pa.field("role_evidence", pa.string()),
            pa.field("role_confidence", pa.float32()),
        ],
    ),
    "blocks": _schema(
        "blocks",
        [
            pa.field("doc_id", pa.string(), nullable=False),
            pa.field("block_index", pa.int32(), nullable=False),
            pa.field("section_index", pa.int32(), nullable=False),
            pa.field("kind", pa.string(), nullable=False),
            pa.field("text", pa.string(), nullable=False),
            pa.field("char_start", pa.int32(), nullable=False),
            pa.field("char_end", pa.int32(), nullable=False),
        ],
    ),
    "evidence": _schema(
        "evidence",
        [
            pa.field("doc_id", pa.string(), nullable=False),
            pa.field("field", pa.string(), nullable=False),
            pa.field("value", pa.string(), nullable=False),
            pa.field("method", pa.string(), nullable=False),
            pa.field("evidence", pa.string(), nullable=False),
            pa.field("char_start", pa.int32()),
            pa.field("char_end", pa.int32()),
            pa.field("confidence", pa.float32(), nullable=False),
            pa.field("selected", pa.bool_(), nullable=False),
            pa.field("lost_because", pa.string()),
            pa.field("score", pa.float64()),
            pa.field("score_terms", pa.string()),
        ],
    ),
    "provenance": _schema(
        "provenance",
        [
            pa.field("run_id", pa.string(), nullable=False),
            pa.field("doc_id", pa.string(), nullable=False),
            pa.field("step", pa.string(), nullable=False),
            pa.field("step_version", pa.string(), nullable=False),
            pa.field("input_sha256", pa.string(), nullable=False),
            pa.field("output_sha256", pa.string(), nullable=False),
            pa.field("started_at", TIMESTAMP, nullable=False),
            pa.field("ended_at", TIMESTAMP, nullable=False),
        ],
    ),
    "rejects": _schema(
        "rejects",
        [
            pa.field("source_path", pa.string(), nullable=False),
            pa.field("sha256", pa.string()),
            pa.field("step", pa.string(), nullable=False),
            pa.field("reason", pa.string(), nullable=False),
            pa.field("run_id", pa.string(), nullable=False),
            pa.field("pipeline_version", pa.string(), nullable=False),
        ],
    ),
    # Every input file by its path, what became of it in the newest run that listed it (older runs' rows are
    # dropped): processed (doc_id), rejected (see rejects), duplicate (doc_id, duplicate_of), already_processed,
    # not_reached (an interrupted run did not get to it).
    "inputs": _schema(
        "inputs",
        [
            pa.field("source_path", pa.string(), nullable=False),
            pa.field("sha256", pa.string()),
            pa.field("status", pa.string(), nullable=False),
            pa.field("doc_id", pa.string()),
            pa.field("duplicate_of", pa.string()),
            pa.field("run_id", pa.string(), nullable=False),
            pa.field("pipeline_version", pa.string(), nullable=False),
        ],
    ),
}
