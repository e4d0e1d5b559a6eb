"""`docpipe explain` on real outputs: values, evidence in context, losers and why, run and version; lookups."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from docpipe import store
from docpipe.config import Settings
from docpipe.driver import RunSummary, run_pipeline
from docpipe.explain import Explanation, FieldExplanation, UnknownFieldError, explain_document
from docpipe.lookup import DocumentLookupError, find_document
from docpipe.provenance import PIPELINE_VERSION

from .conftest import FIXTURES, REPO, SEED

DOCPIPE = Path(sys.executable).parent / "docpipe"
PAGE = FIXTURES / "corpus" / "trafilatura-evaldata" / "healthline.com.fat.html.gz"
TITLE = "What does Trump’s return mean for America’s relations with Russia?"


@pytest.fixture(scope="module")
def processed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RunSummary]:
    """The seed; a copy of it with a sidecar (whose values win); a real HTML page."""
    raw = tmp_path_factory.mktemp("explain") / "raw"
    (raw / "sidecar").mkdir(parents=True)
    shutil.copy(SEED, raw / SEED.name)
    with_sidecar = raw / "sidecar" / "seed.txt"
    with_sidecar.write_bytes(SEED.read_bytes() + b"\n")  # other bytes: another document
    (raw / "sidecar" / "seed.meta.json").write_text(json.dumps({"title": "Trump and Russia", "outlet": "Lowy"}))
    shutil.copy(PAGE, raw / PAGE.name)
    out = raw.parent / "processed"
    return out, run_pipeline(Settings(raw_dir=raw, out_dir=out))


def field_of(explanation: Explanation, name: str) -> FieldExplanation:
    return next(f for f in explanation.fields if f.field == name)


def test_seed_values_with_their_evidence_in_context(processed: tuple[Path, RunSummary]) -> None:
    out, summary = processed
    explanation = explain_document(out, find_document(out, SEED.name))
    assert explanation.source_path == SEED.name
    assert explanation.run_id == summary.run_id
    assert explanation.manifest is not None and explanation.manifest["pipeline_version"] == PIPELINE_VERSION
    assert [s.step for s in explanation.steps] == ["ingest", "clean", "segment", "metadata", "store"]
    assert explanation.steps[1].step_version.startswith(f"docpipe {PIPELINE_VERSION} trafilatura")
    outlet = field_of(explanation, "outlet")
    assert outlet.value == "The Interpreter"
    (winner,) = outlet.candidates
    assert (winner.rank, winner.selected, winner.method) == (1, True, "text:republication-notice")
    assert winner.lost_because is None
    assert winner.context is not None
    assert winner.context.span == "The Interpreter"
    assert winner.context.before.endswith("The article was first published on ")
    assert field_of(explanation, "title").value == TITLE
    assert field_of(explanation, "publisher").value is None and field_of(explanation, "publisher").candidates == ()


def test_losers_say_why_they_lost(processed: tuple[Path, RunSummary]) -> None:
    out, _ = processed
    explanation = explain_document(out, find_document(out, "sidecar/seed.txt"))
    title = field_of(explanation, "title")
    assert title.value == "Trump and Russia"
    winner, *losers = title.candidates
    assert (winner.method, winner.selected) == ("sidecar", True)
    assert sorted((c.method, c.selected) for c in losers) == [("text:first-line", False), ("text:headline", False)]
    assert winner.context is None and winner.evidence == '{"title": "Trump and Russia"}'
    assert winner.score is not None  # (titles are ranked by the shipped model)
    for loser in losers:
        assert loser.lost_because == "sidecar states the title: it comes before any candidate's score"
        assert loser.score is not None
        assert loser.context is not None and loser.context.span == TITLE
    outlet = field_of(explanation, "outlet")
    assert [c.value for c in outlet.candidates] == ["Lowy", "The Interpreter"]
    assert outlet.candidates[1].lost_because == "method text:republication-notice ranks below sidecar for outlet"


def test_losers_of_a_real_page(processed: tuple[Path, RunSummary]) -> None:
    out, _ = processed
    explanation = explain_document(out, find_document(out, PAGE.name))
    outlet = field_of(explanation, "outlet")
    assert outlet.value == "Healthline"
    reasons = {c.value: c.lost_because for c in outlet.candidates}
    assert reasons == {
        "Healthline": None,
        "Healthline Media": "method trafilatura ranks below meta:og:site_name for outlet",
    }
    authors = field_of(explanation, "authors")
    assert [(c.method, c.lost_because) for c in authors.candidates] == [
        ("meta:article:author", None),
        ("trafilatura", "same name, also found by meta:article:author, whose names were taken"),
        ("html:by-line", "same name, also found by meta:article:author, whose names were taken"),
    ]
    dates = field_of(explanation, "published_date").candidates
    assert (
        dates[1].lost_because == "same value as the winner (found by meta:article:published_time, which ranked first)"
    )


def test_titles_show_the_shipped_model_s_scores_on_the_seed_and_a_real_page(processed: tuple[Path, RunSummary]) -> None:
    """Issue 15's acceptance: the learned scorer's score and largest contributions, stored with the evidence and
    printed by `explain`, on the seed and on a real page."""
    out, _ = processed
    seed_title = field_of(explain_document(out, find_document(out, SEED.name)), "title")
    seed_winner, *seed_losers = seed_title.candidates  # (its first line and its headline section agree)
    assert seed_winner.score is not None and "on_topic +" in (seed_winner.score_terms or "")
    assert [c.lost_because for c in seed_losers] == [f"same value as the winner (found by {seed_winner.method})"]
    page_title = field_of(explain_document(out, find_document(out, PAGE.name)), "title")
    scores = [c.score for c in page_title.candidates]
    assert len(scores) > 1 and None not in scores
    winner = page_title.candidates[0]
    assert winner.selected and winner.score == max(s for s in scores if s is not None)
    for loser in page_title.candidates[1:]:
        assert loser.lost_because is not None
        assert loser.lost_because.startswith(("same value as the winner", "scored "))
    for name in (SEED.name, PAGE.name):
        shown = cli("explain", name, "--field", "title", "--out", str(out))
        assert shown.returncode == 0, shown.stderr
        text = " ".join(shown.stdout.split())
        assert ", score " in text and "score from: " in text


def test_one_field_only(processed: tuple[Path, RunSummary]) -> None:
    out, _ = processed
    explanation = explain_document(out, find_document(out, SEED.name), field="published_date")
    assert [f.field for f in explanation.fields] == ["published_date"]
    with pytest.raises(UnknownFieldError, match="unknown field 'headline'; fields: title, authors"):
        explain_document(out, find_document(out, SEED.name), field="headline")


def test_lookup_by_doc_id_prefix_path_and_file(processed: tuple[Path, RunSummary]) -> None:
    out, _ = processed
    doc_id = find_document(out, SEED.name)
    assert find_document(out, doc_id) == doc_id
    assert find_document(out, doc_id[:8]) == doc_id
    assert find_document(out, doc_id[:8].upper()) == doc_id
    assert find_document(out, f"raw/{SEED.name}") == doc_id  # a path ending in the stored source path
    assert find_document(out, str(SEED)) == doc_id  # the file itself, by its bytes
    with pytest.raises(DocumentLookupError, match=r"no document with doc_id, doc_id prefix or source path 'nope\.txt'"):
        find_document(out, "nope.txt")
    with pytest.raises(DocumentLookupError, match="no document"):
        find_document(out, doc_id[:3])  # too short to be a prefix


def test_ambiguous_prefix_and_changed_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    rows = [
        {
            "doc_id": doc_id,
            "source_path": "a.txt",
            "authors": [],
            "clean_text": "",
            "body_text": "",
            "word_count": 0,
            "media_type": "text",
            "pipeline_version": PIPELINE_VERSION,
        }
        for doc_id in ("abcd" + "1" * 60, "abcd" + "2" * 60)
    ]
    store.write_table(out, "documents", rows, store.part_name("20260101T000000000000Z-00000000", 0))
    with pytest.raises(DocumentLookupError, match="doc_id prefix abcd is ambiguous: abcd1111"):
        find_document(out, "abcd")
    assert find_document(out, "abcd2") == rows[1]["doc_id"]
    with pytest.raises(DocumentLookupError, match=r"a\.txt is the source of several documents"):
        find_document(out, "a.txt")


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(DOCPIPE), *args], cwd=REPO, capture_output=True, text=True, timeout=120)


def test_cli_prints_and_refuses_clearly(processed: tuple[Path, RunSummary]) -> None:
    out, summary = processed
    shown = cli("explain", "sidecar/seed.txt", "--out", str(out))
    assert shown.returncode == 0, shown.stderr
    text = " ".join(shown.stdout.split())
    for expected in ("✔ selected", "✘ lost", "why: sidecar states the title", summary.run_id):
        assert expected in text
    for args, message in (
        (["nope"], "no document with doc_id"),
        ([SEED.name, "--field", "headline"], "unknown field 'headline'"),
    ):
        refused = cli("explain", *args, "--out", str(out))
        assert refused.returncode == 2
        assert message in refused.stderr and "Traceback" not in refused.stderr


def run_on_a_standfirst_page(tmp_path: Path, *also: tuple[str, bytes]) -> Path:
    """Outputs of a run on a real page whose standfirst its markup names (SRF), and of any `also` (name, bytes)."""
    raw = tmp_path / "raw"
    raw.mkdir()
    shutil.copy(FIXTURES / "fundus" / "ch__SRF__2025_01_05.html.gz", raw / "srf.html.gz")
    for name, data in also:
        (raw / name).write_bytes(data)
    out = tmp_path / "processed"
    run_pipeline(Settings(raw_dir=raw, out_dir=out))
    return out


def test_a_standfirst_read_from_the_markup_is_explained(tmp_path: Path) -> None:
    out = run_on_a_standfirst_page(tmp_path)
    (doc_id,) = store.document_runs(out)
    explanation = explain_document(out, doc_id)
    assert explanation.section_notes == ("standfirst: <p.article-lead> (html:lead-markup, confidence 0.80)",)
    assert explanation.input_notes == ()


def test_input_notes_and_section_roles_are_the_documents_and_the_sections(tmp_path: Path) -> None:
    """What ingest changed is a column of documents, why a section is the standfirst one of sections: the evidence
    table holds metadata candidates only."""
    out = run_on_a_standfirst_page(tmp_path, ("seed.txt", SEED.read_bytes().replace(b"\n\n", b"\n\x00\n", 2)))
    documents = {row["source_path"]: row for row in store.read_table(out, "documents").to_pylist()}
    assert documents["seed.txt"]["input_notes"] == [
        {"method": "ingest:nul_bytes_dropped", "note": "2 NUL bytes dropped"}
    ]
    assert documents["srf.html.gz"]["input_notes"] == []
    roles = [
        (row["kind"], row["role_method"], row["role_evidence"])
        for row in store.read_table(out, "sections").to_pylist()
        if row["role_method"] is not None
    ]
    assert roles == [("standfirst", "html:lead-markup", "<p.article-lead>")]
    fields = set(store.read_table(out, "evidence", ["field"]).column("field").to_pylist())
    assert fields <= {"title", "authors", "published_date", "modified_date", "outlet", "publisher", "language", "url"}
    seed_id = documents["seed.txt"]["doc_id"]
    assert explain_document(out, seed_id).input_notes == ("2 NUL bytes dropped (ingest:nul_bytes_dropped)",)


def test_an_older_docpipe_s_notes_in_evidence_are_still_explained(tmp_path: Path) -> None:
    """Files of documents version 3 and sections version 1 kept input notes and section roles as evidence rows."""
    out = run_on_a_standfirst_page(tmp_path)
    (doc_id,) = store.document_runs(out)
    (documents,) = (out / "documents").glob("*.parquet")
    (sections,) = (out / "sections").glob("*.parquet")
    (evidence,) = (out / "evidence").glob("*.parquet")

    def as_version(path: Path, table: pa.Table, version: str) -> None:
        metadata = {b"docpipe.table": path.parent.name.encode(), b"docpipe.schema_version": version.encode()}
        pq.write_table(table.replace_schema_metadata(metadata), path)

    as_version(documents, pq.read_table(documents).drop_columns(["input_notes"]), "3")
    as_version(sections, pq.read_table(sections).drop_columns(["role_method", "role_evidence", "role_confidence"]), "1")
    rows = pq.read_table(evidence)
    old_rows = [
        {"doc_id": doc_id, "field": "standfirst", "value": "…", "method": "html:lead-markup",
         "evidence": "<p.article-lead>", "char_start": None, "char_end": None, "confidence": 0.8, "selected": True,
         "lost_because": None, "score": None, "score_terms": None},
        {"doc_id": doc_id, "field": "input", "value": "3 NUL bytes dropped", "method": "ingest:nul_bytes_dropped",
         "evidence": "", "char_start": None, "char_end": None, "confidence": 1.0, "selected": False,
         "lost_because": None, "score": None, "score_terms": None},
    ]  # fmt: skip
    as_version(evidence, pa.concat_tables([rows, pa.Table.from_pylist(old_rows, schema=rows.schema)]), "3")
    explanation = explain_document(out, doc_id)
    assert explanation.section_notes == ("standfirst: <p.article-lead> (html:lead-markup, confidence 0.80)",)
    assert explanation.input_notes == ("3 NUL bytes dropped (ingest:nul_bytes_dropped)",)
