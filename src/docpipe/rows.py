"""The rows a document, a reject and an input record contribute to the output tables (`docpipe.schemas`)."""

from __future__ import annotations

from docpipe.model import Document, InputRecord, Reject


def document_rows(doc: Document, run_id: str, pipeline_version: str) -> dict[str, list[dict[str, object]]]:
    """The rows one document contributes to documents, sections, evidence and provenance."""
    meta = doc.metadata
    return {
        "documents": [
            {
                "doc_id": doc.doc_id,
                "source_path": doc.source_path,
                "source_url": meta.url,
                "title": meta.title,
                "authors": list(meta.authors),
                "author_kinds": list(meta.author_kinds),
                "published_date": meta.published_date,
                "modified_date": meta.modified_date,
                "outlet": meta.outlet,
                "publisher": meta.publisher,
                "language": meta.language,
                "clean_text": doc.clean_text,
                "body_text": doc.body_text,
                "word_count": doc.word_count,
                "media_type": doc.media_type,
                "pipeline_version": pipeline_version,
                "input_notes": [{"method": note.method, "note": note.note} for note in doc.input_notes],
            }
        ],
        "sections": [
            {
                "doc_id": doc.doc_id,
                "section_index": s.index,
                "kind": str(s.kind),
                "heading": s.heading,
                "text": s.text,
                "char_start": s.char_start,
                "char_end": s.char_end,
                "role_method": s.role.method if s.role else None,
                "role_evidence": s.role.evidence if s.role else None,
                "role_confidence": s.role.confidence if s.role else None,
            }
            for s in doc.sections
        ],
        "blocks": [
            {
                "doc_id": doc.doc_id,
                "block_index": index,
                "section_index": section,
                "kind": str(block.kind),
                "text": block.text,
                "char_start": block.char_start,
                "char_end": block.char_end,
            }
            for index, (block, section) in enumerate(zip(doc.blocks, _sections_of_blocks(doc), strict=True))
        ],
        "evidence": [
            {
                "doc_id": doc.doc_id,
                "field": e.field,
                "value": e.value,
                "method": e.method,
                "evidence": e.evidence,
                "char_start": e.char_start,
                "char_end": e.char_end,
                "confidence": e.confidence,
                "selected": e.selected,
                "lost_because": e.lost_because,
                "score": e.score,
                "score_terms": e.score_terms,
            }
            for e in doc.evidence
        ],
        "provenance": [
            {
                "run_id": run_id,
                "doc_id": doc.doc_id,
                "step": str(r.step),
                "step_version": r.step_version,
                "input_sha256": r.input_sha256,
                "output_sha256": r.output_sha256,
                "started_at": r.started_at,
                "ended_at": r.ended_at,
            }
            for r in doc.steps
        ],
    }


def _sections_of_blocks(doc: Document) -> list[int]:
    """Each block's section, in one pass: sections are contiguous runs of whole blocks, in order, so a block
    belongs to the section holding its start."""
    indexes = []
    sections = doc.sections
    current = 0
    for block in doc.blocks:
        while current < len(sections) and sections[current].char_end <= block.char_start:
            current += 1
        if current == len(sections) or sections[current].char_start > block.char_start:
            raise ValueError(f"block at {block.char_start} lies in no section of {doc.doc_id}")
        indexes.append(sections[current].index)
    return indexes


def reject_row(reject: Reject, run_id: str, pipeline_version: str) -> dict[str, object]:
    return {
        "source_path": reject.source_path,
        "sha256": reject.sha256,
        "step": str(reject.step),
        "reason": reject.reason,
        "run_id": run_id,
        "pipeline_version": pipeline_version,
    }


def input_row(record: InputRecord, run_id: str, pipeline_version: str) -> dict[str, object]:
    return {
        "source_path": record.source_path,
        "sha256": record.sha256,
        "status": str(record.status),
        "doc_id": record.doc_id,
        "duplicate_of": record.duplicate_of,
        "run_id": run_id,
        "pipeline_version": pipeline_version,
    }
