"""`docpipe export-prov`: PROV-JSON valid against the submission's schema and readable by a PROV library."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from prov.model import ProvActivity, ProvAgent, ProvDerivation, ProvDocument, ProvEntity

from docpipe.config import Settings
from docpipe.driver import RunSummary, run_pipeline
from docpipe.lookup import find_document
from docpipe.prov_export import all_documents, export_prov

from .conftest import FIXTURES, REPO, SEED

DOCPIPE = Path(sys.executable).parent / "docpipe"
SCHEMA = json.loads((FIXTURES / "prov-json" / "prov-json.schema.json").read_text())
PAGE = FIXTURES / "corpus" / "mozilla-readability-testpages" / "aclu.html.gz"
FLOW_RUN_ID = "0f1e2d3c-4b5a-4968-8776-655443322110"


@pytest.fixture(scope="module")
def processed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, RunSummary]:
    """The seed (a republication) and a real page that is not one; the run's manifest names a Prefect flow run."""
    raw = tmp_path_factory.mktemp("prov") / "raw"
    raw.mkdir()
    shutil.copy(SEED, raw / SEED.name)
    shutil.copy(PAGE, raw / PAGE.name)
    out = raw.parent / "processed"
    summary = run_pipeline(Settings(raw_dir=raw, out_dir=out))
    manifest_path = out / "runs" / f"{summary.run_id}.json"
    manifest = json.loads(manifest_path.read_text())
    manifest.update(prefect_flow_run_id=FLOW_RUN_ID, prefect_deployment="on-demand")  # as under the flow
    manifest_path.write_text(json.dumps(manifest))
    return out, summary


def validate(document: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft4Validator(SCHEMA)
    return [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(document)]


def read_back(document: dict[str, Any]) -> ProvDocument:
    return ProvDocument.deserialize(content=json.dumps(document), format="json")


def test_the_schema_is_the_submission_s_and_it_rejects_what_it_should() -> None:
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    assert SCHEMA["id"] == "http://provenance.ecs.soton.ac.uk/prov-json/schema#"
    assert validate({"wasDerivedFrom": {"_:d": {"prov:usedEntity": "ex:a"}}})  # no generatedEntity: invalid
    assert validate({"hadPrimarySource": {}})  # not a PROV-JSON section


def test_one_document_is_valid_prov_json(processed: tuple[Path, RunSummary]) -> None:
    out, _ = processed
    document = export_prov(out, [find_document(out, SEED.name)])
    assert validate(document) == []
    assert set(document) == {
        "prefix",
        "entity",
        "activity",
        "agent",
        "used",
        "wasGeneratedBy",
        "wasDerivedFrom",
        "wasAssociatedWith",
        "wasAttributedTo",
        "actedOnBehalfOf",
    }


def test_the_seed_s_provenance_read_by_a_prov_library(processed: tuple[Path, RunSummary]) -> None:
    out, summary = processed
    doc_id = find_document(out, SEED.name)
    prov = read_back(export_prov(out, [doc_id]))
    activities = {str(a.identifier): a for a in prov.get_records(ProvActivity)}
    assert sorted(activities) == sorted(
        f"docpipe:run.{summary.run_id}.{step}.{doc_id}" for step in ("ingest", "clean", "segment", "metadata", "store")
    )
    ingest = activities[f"docpipe:run.{summary.run_id}.ingest.{doc_id}"]
    assert ingest.get_startTime() is not None and ingest.get_endTime() >= ingest.get_startTime()
    entities = {str(e.identifier): e for e in prov.get_records(ProvEntity)}
    raw = entities[f"docpipe:raw.{doc_id}"]
    assert raw.get_attribute("prov:label") == {SEED.name}
    files = sorted(label for e in entities.values() for label in e.get_attribute("prov:location") if "/" in label)
    assert [f.split("/")[0] for f in files] == ["blocks", "documents", "evidence", "sections"]
    agents = {str(a.identifier): {str(t) for t in a.get_asserted_types()} for a in prov.get_records(ProvAgent)}
    assert agents["docpipe:docpipe.0.1.0"] == {"prov:SoftwareAgent"}
    assert agents[f"docpipe:prefect-flow-run.{FLOW_RUN_ID}"] == {"prov:SoftwareAgent"}
    assert agents["docpipe:outlet.The-Interpreter"] == {"prov:Organization"}
    assert any(types == {"prov:Person"} for types in agents.values())


def test_the_original_outlet_is_the_primary_source_of_a_republication(processed: tuple[Path, RunSummary]) -> None:
    out, _ = processed
    seed, page = find_document(out, SEED.name), find_document(out, PAGE.name)
    prov = read_back(export_prov(out, [seed, page]))
    primary = [
        (str(d.formal_attributes[0][1]), str(d.formal_attributes[1][1]))
        for d in prov.get_records(ProvDerivation)
        if "prov:PrimarySource" in {str(t) for t in d.get_asserted_types()}
    ]
    assert primary == [(f"docpipe:raw.{seed}", f"docpipe:original.{seed}")]  # the ACLU page is its own outlet's
    chain = {
        (str(d.formal_attributes[0][1]), str(d.formal_attributes[1][1]))
        for d in prov.get_records(ProvDerivation)
        if not d.get_asserted_types()
    }
    for generated, used in (("source-text", "raw"), ("clean-text", "source-text"), ("sections", "clean-text")):
        assert (f"docpipe:{generated}.{page}", f"docpipe:{used}.{page}") in chain


def test_all_documents_through_the_cli(processed: tuple[Path, RunSummary]) -> None:
    out, _ = processed
    result = subprocess.run(
        [str(DOCPIPE), "export-prov", "--all", "--format", "prov-json", "--out", str(out)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert validate(document) == []
    assert document == export_prov(out, all_documents(out))  # the same, and stable from one call to the next
    assert len(document["activity"]) == 10  # five steps of each of the two documents
