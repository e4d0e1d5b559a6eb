"""`docpipe verify` on real outputs: a clean run passes; each kind of corruption is caught and named."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from docpipe.config import Settings
from docpipe.driver import RunSummary, run_pipeline
from docpipe.model import ConfigurationError
from docpipe.store import SCHEMAS
from docpipe.verify import VerifyReport, verify_outputs

from .conftest import FIXTURES, REPO, SEED

DOCPIPE = Path(sys.executable).parent / "docpipe"
PAGE = FIXTURES / "corpus" / "trafilatura-evaldata" / "healthline.com.fat.html.gz"
SEED_SOURCE = SEED.name


@pytest.fixture(scope="module")
def processed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, RunSummary]:
    """The seed, a gzipped HTML page and an empty file, processed once; tests corrupt copies."""
    base = tmp_path_factory.mktemp("verify")
    raw = base / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    shutil.copy(PAGE, raw / PAGE.name)
    (raw / "empty.txt").write_bytes(b"")
    summary = run_pipeline(Settings(raw_dir=raw, out_dir=base / "processed"))
    assert (summary.documents, summary.rejects) == (2, 1)
    return raw, base / "processed", summary


@pytest.fixture
def copy(processed: tuple[Path, Path, RunSummary], tmp_path: Path) -> tuple[Path, Path, RunSummary]:
    raw, out, summary = processed
    shutil.copytree(raw, tmp_path / "raw")
    shutil.copytree(out, tmp_path / "processed")
    return tmp_path / "raw", tmp_path / "processed", summary


def rewrite(out: Path, table: str, change: Callable[[list[dict[str, Any]]], list[dict[str, Any]]]) -> None:
    """Change a table's rows in place, in its one file, keeping the schema: as a careless edit would."""
    (path,) = (out / table).glob("*.parquet")
    rows = change(pq.read_table(path).to_pylist())
    pq.write_table(pa.Table.from_pylist(rows, schema=SCHEMAS[table]), path)


def seed_id(out: Path) -> str:
    (path,) = (out / "documents").glob("*.parquet")
    return next(r["doc_id"] for r in pq.read_table(path).to_pylist() if r["source_path"] == SEED_SOURCE)


def messages(report: VerifyReport, check: str) -> list[str]:
    return [f"{v.subject} {v.message}" for v in report.violations if v.check == check]


def test_clean_outputs_pass(processed: tuple[Path, Path, RunSummary]) -> None:
    raw, out, _ = processed
    report = verify_outputs(raw, out)
    assert report.violations == ()
    assert report.ok
    assert report.checked["documents"] == 2
    assert report.checked["raw files re-hashed"] == 2
    assert report.checked["sections"] >= 8 and report.checked["blocks"] > 20 and report.checked["evidence"] > 10
    assert report.checked["provenance rows"] == 10 and report.checked["runs"] == 1
    assert report.notes == ()


def test_an_edited_metadata_value_is_caught(copy: tuple[Path, Path, RunSummary]) -> None:
    raw, out, _ = copy

    def retitle(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**r, "title": "A better headline"} if r["source_path"] == SEED_SOURCE else r for r in rows]

    rewrite(out, "documents", retitle)
    (problem,) = messages(verify_outputs(raw, out), "evidence")
    assert problem.startswith(seed_id(out)[:12])
    assert "title 'A better headline' is not what its evidence selects: 'What does Trump’s return" in problem


def test_an_edited_author_kind_is_caught(copy: tuple[Path, Path, RunSummary]) -> None:
    raw, out, _ = copy

    def reclassify(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**r, "author_kinds": ["organization"]} if r["source_path"] == SEED_SOURCE else r for r in rows]

    rewrite(out, "documents", reclassify)
    assert messages(verify_outputs(raw, out), "evidence") == [
        f"{seed_id(out)[:12]} author_kinds ['organization'] is not what its evidence says: ['person']"
    ]


def test_an_edited_evidence_value_is_caught(copy: tuple[Path, Path, RunSummary]) -> None:
    raw, out, _ = copy

    def rename(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**r, "value": "The Strategist"} if r["method"] == "text:republication-notice" else r for r in rows]

    rewrite(out, "evidence", rename)
    assert messages(verify_outputs(raw, out), "evidence") == [
        f"{seed_id(out)[:12]} outlet 'The Interpreter' is not what its evidence selects: 'The Strategist'"
    ]


def test_a_shifted_section_offset_is_caught(copy: tuple[Path, Path, RunSummary]) -> None:
    raw, out, _ = copy

    def shift(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**r, "char_start": r["char_start"] + 1} if r["kind"] == "dateline" else r for r in rows]

    rewrite(out, "sections", shift)
    report = verify_outputs(raw, out)
    (span,) = messages(report, "span")
    assert "section 2 (dateline): clean_text[216:231] reads '5 November 2024', not '15 November 2024'" in span
    # the sections no longer hash to what the segment step recorded
    assert any("the sections differ from what segment produced" in m for m in messages(report, "provenance"))


def test_a_shifted_evidence_offset_is_caught(copy: tuple[Path, Path, RunSummary]) -> None:
    raw, out, _ = copy

    def shift(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        dateline = ("published_date", "text:dateline")
        return [{**r, "char_end": r["char_end"] - 4} if (r["field"], r["method"]) == dateline else r for r in rows]

    rewrite(out, "evidence", shift)
    (span,) = messages(verify_outputs(raw, out), "span")
    assert "evidence published_date='2024-11-15' (text:dateline)" in span
    assert "reads '15 November ', not '15 November 2024'" in span


def test_an_edited_clean_text_is_caught(copy: tuple[Path, Path, RunSummary]) -> None:
    raw, out, _ = copy

    def edit(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [{**r, "clean_text": r["clean_text"].replace("Kremlin", "Kremlim")} for r in rows]

    rewrite(out, "documents", edit)
    report = verify_outputs(raw, out)
    assert any("clean_text differs from what clean produced" in m for m in messages(report, "provenance"))
    assert any("reads" in m and "Kremlim" in m for m in messages(report, "span"))


def test_a_deleted_provenance_row_is_caught(copy: tuple[Path, Path, RunSummary]) -> None:
    raw, out, summary = copy
    doc_id = seed_id(out)
    rewrite(out, "provenance", lambda rows: [r for r in rows if not (r["doc_id"] == doc_id and r["step"] == "segment")])
    assert messages(verify_outputs(raw, out), "provenance") == [
        f"{doc_id[:12]} no provenance row for step segment in run {summary.run_id}"
    ]


def test_a_deleted_store_row_breaks_the_run_counts_too(copy: tuple[Path, Path, RunSummary]) -> None:
    raw, out, summary = copy
    doc_id = seed_id(out)
    rewrite(out, "provenance", lambda rows: [r for r in rows if not (r["doc_id"] == doc_id and r["step"] == "store")])
    report = verify_outputs(raw, out)
    assert messages(report, "counts") == [f"{summary.run_id} the manifest counts 2 documents, provenance stored 1"]


def test_a_changed_raw_file_is_caught(copy: tuple[Path, Path, RunSummary]) -> None:
    raw, out, _ = copy
    seed = raw / SEED_SOURCE
    seed.write_bytes(seed.read_bytes().replace(b"Kremlin", b"Kremlim"))
    report = verify_outputs(raw, out)
    (problem,) = messages(report, "raw")
    assert problem.startswith(seed_id(out)[:12])
    assert f"doc_id is not the sha256 of {SEED_SOURCE}" in problem and "the raw file changed" in problem
    assert report.checked["raw files re-hashed"] == 1


def test_a_deleted_manifest_is_caught(copy: tuple[Path, Path, RunSummary]) -> None:
    raw, out, summary = copy
    (out / "runs" / f"{summary.run_id}.json").unlink()
    assert messages(verify_outputs(raw, out), "manifest") == [
        f"{summary.run_id} no manifest runs/{summary.run_id}.json (the run left 2 documents, 2 provenance, 1 rejects)"
    ]


def test_counts_that_do_not_add_up_are_caught(copy: tuple[Path, Path, RunSummary]) -> None:
    raw, out, summary = copy
    path = out / "runs" / f"{summary.run_id}.json"
    manifest = json.loads(path.read_text())
    manifest["counts"]["skipped"] = 4
    path.write_text(json.dumps(manifest))
    assert messages(verify_outputs(raw, out), "counts") == [
        f"{summary.run_id} inputs 3 ≠ documents 2 + rejects 1 + duplicates 0 + skipped 4 + not_reached 0"
    ]


def test_rows_of_no_document_are_caught(copy: tuple[Path, Path, RunSummary]) -> None:
    raw, out, _ = copy
    (sections,) = (out / "sections").glob("*.parquet")
    shutil.copy(sections, sections.with_name("part-20000101T000000000000Z-deadbeef-00000.parquet"))
    (problem,) = messages(verify_outputs(raw, out), "rows")
    assert "sections/part-20000101T000000000000Z-deadbeef-00000.parquet" in problem
    assert "rows of 2 document(s) that no documents file of run 20000101T000000000000Z-deadbeef holds" in problem


def test_a_raw_file_no_longer_there_is_a_note_not_a_violation(copy: tuple[Path, Path, RunSummary]) -> None:
    raw, out, _ = copy
    (raw / PAGE.name).unlink()
    report = verify_outputs(raw, out)
    assert report.ok
    assert report.notes == (f"1 document(s) have no raw file under {raw} any more: not re-hashed",)


def test_a_file_changed_and_processed_again_is_an_earlier_version(copy: tuple[Path, Path, RunSummary]) -> None:
    raw, out, _ = copy
    seed = raw / SEED_SOURCE
    seed.write_bytes(seed.read_bytes() + b"\n\nA correction was appended.\n")
    run_pipeline(Settings(raw_dir=raw, out_dir=out))
    report = verify_outputs(raw, out)
    assert report.violations == ()
    assert report.notes == ("1 document(s) are earlier versions of a file whose current content is also a document",)


def test_folders_that_are_not_there_are_user_errors(processed: tuple[Path, Path, RunSummary], tmp_path: Path) -> None:
    raw, out, _ = processed
    with pytest.raises(ConfigurationError, match="raw folder not found"):
        verify_outputs(tmp_path / "nope", out)
    with pytest.raises(ConfigurationError, match="not a docpipe output folder"):
        verify_outputs(raw, tmp_path)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(DOCPIPE), *args], cwd=REPO, capture_output=True, text=True, timeout=120)


def test_cli_exit_status_names_each_violation(copy: tuple[Path, Path, RunSummary], tmp_path: Path) -> None:
    raw, out, summary = copy
    clean = cli("verify", "--raw", str(raw), "--out", str(out))
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "every check passed" in clean.stdout and "raw files re-hashed" in clean.stdout
    (out / "runs" / f"{summary.run_id}.json").unlink()
    broken = cli("verify", "--raw", str(raw), "--out", str(out))
    assert broken.returncode == 1
    assert "no manifest" in broken.stdout and summary.run_id in broken.stdout
    missing = cli("verify", "--raw", str(raw), "--out", str(tmp_path / "nothing"))
    assert missing.returncode == 2
    assert "error: no documents under" in missing.stderr and "Traceback" not in missing.stderr
