"""The pipeline: one document through the steps, and a batch of input files through the pipeline.

`process_bytes` is the one boundary where a document's error becomes a `Reject`; everything below it raises
`DocumentError` with the step and a reason. What was seen before is `dedupe`'s; the run over a folder (batches,
writes, manifest) is `driver`'s.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from lxml import etree

from docpipe import ingest, metadata, provenance, raw_files, segment
from docpipe.config import Settings
from docpipe.deadline import DocumentTimeout, time_limit
from docpipe.dedupe import Seen, reject_key
from docpipe.metadata import scoring
from docpipe.model import (
    BatchResult,
    Document,
    DocumentError,
    InputRecord,
    InputStatus,
    Reject,
    Step,
    StepRecord,
)
from docpipe.page.content import blocks_from_html
from docpipe.page.tree import parse as parse_page
from docpipe.provenance import run_step, sha256_json, sha256_text
from docpipe.text.markdown import blocks_from_markdown
from docpipe.text.plain import blocks_from_plain_text
from docpipe.textsafety import strip_controls

log = logging.getLogger(__name__)

# What each step's provenance names: docpipe's and its libraries' versions, and for the metadata step the scorer's.
STEP_VERSIONS = {
    step: provenance.step_version(step, *((scoring.model_provenance(),) if step is Step.METADATA else ()))
    for step in Step
}


def clean_document(doc: Document) -> Document:
    if doc.media_type == "html":
        url = doc.sidecar.get("url") if doc.sidecar else None
        try:
            page = parse_page(doc.text)
        except (ValueError, etree.LxmlError, RecursionError) as error:
            raise DocumentError(Step.CLEAN, f"HTML could not be parsed: {error}") from error
        if page is None:
            raise DocumentError(Step.CLEAN, "no main content found in HTML")  # (lxml found no element)
        content = blocks_from_html(page, url if isinstance(url, str) else None)
        return replace(
            doc,
            page=page,
            blocks=content.blocks,
            clean_text=content.clean_text,
            extractor_reading=content.extractor_reading,
        )
    text = doc.text[doc.front_matter_chars :]
    if doc.media_type == "markdown":
        blocks, clean_text = blocks_from_markdown(text)
    else:
        blocks, clean_text = blocks_from_plain_text(text)
    return replace(doc, blocks=blocks, clean_text=clean_text)


def segment_document(doc: Document) -> Document:
    # HTML and Markdown mark their headings; in plain text a subhead is read from its line.
    return replace(
        doc,
        sections=segment.segment_blocks(
            doc.blocks, marked_headings=doc.media_type != "text", page=doc.media_type == "html"
        ),
    )


def _sections_digest(doc: Document) -> str:
    return provenance.sha256_sections((s.kind, s.heading, s.char_start, s.char_end) for s in doc.sections)


def _metadata_digest(doc: Document) -> str:
    return sha256_json([doc.metadata, [(e.field, e.value, e.method, e.selected) for e in doc.evidence]])


def process_document(doc: Document, settings: Settings) -> Document:
    """Clean, segment and describe one ingested document; raises DocumentError for a bad document."""
    text_digest, clean_digest = (lambda d: sha256_text(d.text)), (lambda d: sha256_text(d.clean_text))
    doc = run_step(doc, Step.CLEAN, clean_document, text_digest, clean_digest, STEP_VERSIONS[Step.CLEAN])
    doc = run_step(doc, Step.SEGMENT, segment_document, clean_digest, _sections_digest, STEP_VERSIONS[Step.SEGMENT])
    doc = run_step(
        doc, Step.METADATA, metadata.extract_metadata, _sections_digest, _metadata_digest, STEP_VERSIONS[Step.METADATA]
    )
    doc = replace(doc, page=None)  # (every reader of the page has read it: its tree is not kept)
    language = doc.metadata.language
    if settings.languages and language not in settings.languages:
        raise DocumentError(Step.METADATA, f"language {language or 'unknown'} not in {','.join(settings.languages)}")
    return doc


def ingest_bytes(raw: bytes, source_path: str, sidecar: object, settings: Settings) -> Document:
    """The ingest step: an input's bytes (read once, by the caller) to a Document with its provenance record.
    `source_path` names the input (its suffix says HTML or text, `.gz` gzipped); `sidecar` is its metadata."""
    started = provenance.now()
    if len(raw) > settings.max_file_bytes:
        raise DocumentError(Step.INGEST, f"file too large: {len(raw)} bytes (limit {settings.max_file_bytes})")
    media_type = raw_files.media_type_of(Path(source_path))
    if media_type is None:
        raise DocumentError(Step.INGEST, f"unsupported type: {Path(source_path).suffix or 'no suffix'}")
    doc = ingest.document_from_bytes(
        raw,
        source_path,
        media_type,
        None if sidecar is None else raw_files.validate_sidecar(sidecar),
        gzipped=source_path.lower().endswith(".gz"),
        max_decompressed_bytes=settings.max_file_bytes,
    )
    record = StepRecord(
        Step.INGEST, STEP_VERSIONS[Step.INGEST], doc.doc_id, sha256_text(doc.text), started, provenance.now()
    )
    return replace(doc, steps=(record,))


def process_bytes(raw: bytes, source_path: str, sidecar: object, settings: Settings, sha: str) -> Document | Reject:
    """The boundary: one input's bytes through every step; a bad document becomes a Reject naming the step that
    raised and the reason. Nothing here touches the file system."""
    step = Step.INGEST
    try:
        with time_limit(settings.document_timeout_seconds):
            doc = ingest_bytes(raw, source_path, sidecar, settings)
            step = Step.CLEAN
            return process_document(doc, settings)
    except DocumentTimeout as error:  # between two steps
        reason = str(error)
    except DocumentError as error:
        step, reason = error.step, error.reason
        if error.__cause__ is not None:  # an unexpected exception inside a step: worth a traceback in the log
            log.warning("unexpected error on %s at %s", source_path, step, exc_info=error.__cause__)
    except Exception as error:
        # The boundary: a bug or a library failure on hostile input is still one document's
        # problem; the run goes on and the input is accounted for.
        log.warning("unexpected error on %s", source_path, exc_info=True)
        reason = f"unexpected error: {type(error).__name__}: {error}"[:500]
    # A reason may quote a file name or a parser's message: no control character of theirs reaches a table.
    return Reject(source_path, sha, step, strip_controls(reason))


def process_file(path: Path, settings: Settings) -> Document | Reject:
    """One input file, read once: a Document, or a Reject naming the step and the reason."""
    source_path = raw_files.relative_source_path(path, settings.raw_dir)
    try:
        raw = raw_files.read_raw(path, settings.raw_dir, settings.max_file_bytes)
    except DocumentError as error:
        return Reject(source_path, None, error.step, error.reason)
    return process_read_file(path, raw, raw_files.sha256_hex(raw), settings)


def process_read_file(path: Path, raw: bytes, sha: str, settings: Settings) -> Document | Reject:
    """An input file already read: its sidecar from beside it, then `process_bytes`."""
    source_path = raw_files.relative_source_path(path, settings.raw_dir)
    try:
        sidecar = raw_files.read_sidecar(path)
    except DocumentError as error:
        return Reject(source_path, sha, error.step, error.reason)
    return process_bytes(raw, source_path, sidecar, settings, sha)


def process(
    data: bytes | str, *, filename: str, sidecar: Mapping[str, object] | None = None, settings: Settings | None = None
) -> Document | Reject:
    """One article in memory to a Document (clean text, sections, blocks, metadata with its evidence, the steps'
    provenance), or a Reject saying which step refused it and why. No file system, no Prefect.

    `data` is the file's bytes (or its text, taken as UTF-8); `filename` says what it is (`.html`, `.htm`,
    `.txt`, each optionally `.gz`) and becomes `source_path`; `sidecar` holds known metadata (`url`, `title`,
    `authors`, `published_date`, `outlet`, `publisher`, `language`), as a NAME.meta.json beside a file would.
    The values equal what `docpipe run` writes for the same file."""
    settings = settings or Settings()
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    return process_bytes(raw, filename, None if sidecar is None else dict(sidecar), settings, raw_files.sha256_hex(raw))


def process_batch(
    paths: Sequence[Path],
    settings: Settings,
    seen: Seen,
    on_input: Callable[[], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> BatchResult:
    """Process the files whose content is not in `seen`; repeated content within the batch is a duplicate too.

    Each file is read once: its bytes are hashed and then processed. `on_input` is called after each file (for
    progress); when `should_stop` says so the batch is abandoned (BatchAbandoned) between two files."""
    documents: list[Document] = []
    rejects: list[Reject] = []
    records: list[InputRecord] = []
    here: dict[str, str] = {}
    for path in paths:
        if should_stop and should_stop():
            raise BatchAbandoned
        source_path = raw_files.relative_source_path(path, settings.raw_dir)
        try:
            raw = raw_files.read_raw(path, settings.raw_dir, settings.max_file_bytes)
        except DocumentError as error:
            raw, result = None, Reject(source_path, None, error.step, error.reason)
        sha = raw_files.sha256_hex(raw) if raw is not None else None
        record = Seen(here).record_for(source_path, sha) or seen.record_for(source_path, sha)
        if record is None:
            if raw is not None:
                result = process_read_file(path, raw, sha or "", settings)
            if isinstance(result, Reject):
                here[reject_key(source_path, result.sha256)] = source_path
                rejects.append(result)
                record = InputRecord(source_path, result.sha256, InputStatus.REJECTED)
            else:
                here[result.doc_id] = source_path
                # The store needs no source bytes; leaving them here halves what a batch costs to hold and to
                # send back from a worker process.
                documents.append(replace(result, raw=b"", text=""))
                record = InputRecord(source_path, sha, InputStatus.PROCESSED, doc_id=result.doc_id)
        records.append(record)
        if on_input:
            on_input()
    return BatchResult(tuple(documents), tuple(rejects), tuple(records))


class BatchAbandoned(Exception):
    """A batch stopped half-way because the run is stopping; none of it is written."""
