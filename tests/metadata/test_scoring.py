"""The learned metadata scorer (`docpipe.scoring`, issue 15): its features, its arithmetic, how the combiner uses it,
what it records, and the gate that decides which fields it ranks (`evaluate.model_holds`, which
`bench/train_metadata.py` applies).

The shipped weights rank the title (`make train-metadata`); the combiner's use of a model is checked here with
weights set by hand, so that retraining changes none of these cases (test_explain covers the shipped ones).
"""

from __future__ import annotations

import hashlib
import json
from importlib import resources

from rich.console import Console

import docpipe
from docpipe import evaluate
from docpipe.explain import Candidate, FieldExplanation
from docpipe.metadata import scoring, select_candidates
from docpipe.model import Document, Evidence, Step
from docpipe.render import render_field

from ..conftest import SEED


def candidate(field: str, value: str, method: str, confidence: float = 0.8) -> Evidence:
    return Evidence(field, value, method, value, None, None, confidence)


TITLES = [
    candidate("title", "constitutional monarchy in Oceania", "json-ld", 0.9),
    candidate("title", "New Zealand", "html:h1"),
    candidate("title", "New Zealand - Wikipedia", "html:title", 0.6),
    candidate("title", "New Zealand", "meta:og:title"),
    candidate("title", "New Zealand", "meta:twitter:title"),
]
OUTLETS = [candidate("outlet", "Wikipedia", "meta:og:site_name")]


def test_the_shipped_weights_load_and_their_hash_is_in_every_document_s_provenance() -> None:
    data = resources.files("docpipe.data").joinpath(scoring.MODEL_RESOURCE).read_bytes()
    model = scoring.load_model()
    assert model.sha256 == hashlib.sha256(data).hexdigest()
    assert set(model.fields) <= set(scoring.LEARNED_FIELDS)
    report = json.loads(data)["cross_validated"]  # what `make train-metadata` measured, kept beside the weights
    assert set(report) == set(scoring.LEARNED_FIELDS)
    assert all(report[name]["shipped"] == (name in model.fields) for name in report)
    doc = docpipe.process(SEED.read_bytes(), filename=SEED.name)
    assert isinstance(doc, Document)
    metadata_step = next(step for step in doc.steps if step.step is Step.METADATA)
    assert f"metadata-model {model.version} sha256:{model.sha256}" in metadata_step.step_version


def test_agreement_counts_source_families_and_the_shape_features_read_the_value() -> None:
    context = scoring.PageContext.of([*TITLES, *OUTLETS])
    features = scoring.candidate_features("title", TITLES, 1, context)
    description, h1, title_tag, og, twitter = features
    # The <h1> is agreed with by <title> (its start) and by the meta tags, which count once between them.
    assert h1["agreement"] == 2 and og["agreement"] == twitter["agreement"] == 2
    assert description["agreement"] == 0 and description["alone"] == 1
    assert h1["rules_pick"] == 1 and description["rules_pick"] == 0
    assert title_tag["site_suffix"] == 1 and title_tag["names_site"] == 1 and title_tag["holds_other"] == 1
    assert h1["held_by_other"] == 1 and h1["shown"] == 1 and description["shown"] == 0
    assert "method:json-ld" in description and "method:html:h1" in h1


def test_a_model_s_score_is_its_weighted_sum_and_the_combiner_ranks_by_it() -> None:
    weights = {"agreement": 1.0, "alone": -2.0, "method:json-ld": 0.5, "site_suffix": -1.5}
    model = scoring.Model("test", "", {"title": scoring.FieldModel(-0.25, weights)})
    rows = select_candidates(TITLES, model)
    winner = rows[0]
    # (the <h1> and og:title score the same: method rank settles it, og:title's first)
    assert (winner.value, winner.method, winner.selected) == ("New Zealand", "meta:og:title", True)
    # 2 agreeing families: -0.25 + 2.0 = 1.75
    assert winner.score == 1.75
    assert winner.score_terms == "agreement +2.00"
    description = next(row for row in rows if row.method == "json-ld")
    assert description.score == -1.75  # -0.25 - 2.0 + 0.5
    assert description.score_terms == "alone -2.00; method:json-ld +0.50"
    assert description.lost_because == (
        f"scored {description.score:.2f} against the winner's {winner.score:.2f} "
        "(its largest terms: alone -2.00; method:json-ld +0.50)"
    )
    same = next(row for row in rows if row.method == "html:h1")
    assert same.lost_because == "same value as the winner (found by meta:og:title)"


def test_what_the_page_or_the_user_states_comes_before_any_score() -> None:
    model = scoring.Model("test", "", {"title": scoring.FieldModel(0.0, {"agreement": 5.0})})
    rows = select_candidates([*TITLES, candidate("title", "Aotearoa", "sidecar", 1.0)], model)
    assert (rows[0].value, rows[0].method) == ("Aotearoa", "sidecar")
    assert rows[1].lost_because == "sidecar states the title: it comes before any candidate's score"


def test_without_a_model_for_a_field_the_rules_rank_it() -> None:
    model = scoring.Model("test", "", {})
    rows = select_candidates(TITLES, model)
    assert (rows[0].value, rows[0].method) == ("New Zealand", "meta:og:title")
    assert all(row.score is None for row in rows)  # nothing scored what the rules decided
    assert rows == select_candidates(TITLES, learned=False)


def test_explain_prints_a_candidate_s_score_and_its_largest_terms() -> None:
    shown = Candidate(1, "New Zealand", "html:h1", 0.8, True, "<h1>", None, None, None, None, 1.75, "agreement +2.00")
    console = Console(width=200, record=True)
    console.print(render_field(FieldExplanation("title", "New Zealand", (shown,))))
    text = console.export_text()
    assert "score 1.75" in text and "score from: agreement +2.00" in text


def test_the_gate_keeps_the_rules_where_one_large_dataset_pays_for_the_gain() -> None:
    # The model beats the rules overall; on dataset b it loses 5 points, on 12 pages where only the rules are right
    # against 2 where only the model is: more than chance (sign test p ≈ 0.01), so the rules keep the field.
    big_loss = {
        "model": 0.81,
        "rules": 0.79,
        "by_dataset": {
            "a": {"pages": 410, "model": 0.80, "rules": 0.76, "model_only": 20, "rules_only": 4},
            "b": {"pages": 94, "model": 0.83, "rules": 0.88, "model_only": 2, "rules_only": 12},
        },
    }
    assert not evaluate.model_holds(big_loss)
    chance = {**big_loss, "by_dataset": {**big_loss["by_dataset"], "b": {**big_loss["by_dataset"]["b"]}}}
    chance["by_dataset"]["b"].update(model=0.86, model_only=4, rules_only=6)  # 4 against 6: a coin does that
    assert evaluate.model_holds(chance)
    small_b = {"pages": 19, "model": 0.3, "rules": 0.8, "model_only": 0, "rules_only": 10}
    small_loss = {**big_loss, "by_dataset": {**big_loss["by_dataset"], "b": small_b}}
    assert evaluate.model_holds(small_loss)  # (too few pages to judge by)
    assert evaluate.sign_test(2, 12) < 0.05 < evaluate.sign_test(4, 6)
    assert not evaluate.model_holds({**small_loss, "model": 0.79})
