"""The combiner: one winner per field from its candidates, every loser kept with the reason it lost."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from docpipe.metadata import scoring
from docpipe.metadata.values import method_rank
from docpipe.model import Evidence, Metadata
from docpipe.rules import methods, names
from docpipe.rules.dates import EARLIEST_PLAUSIBLE, UTC_EDGE_HOURS, UTC_TIMESTAMP
from docpipe.rules.methods import CONSENSUS_FIELDS, OWN_WORD_METHODS, STATED_METHODS, VISIBLE_DATE_METHODS
from docpipe.rules.names import author_kind_of_row
from docpipe.text.compare import title_key, value_key


def select_candidates(
    candidates: list[Evidence],
    model: scoring.Model | None = None,
    *,
    learned: bool = True,
    plain_text: str | None = None,
) -> list[Evidence]:
    """Mark the best candidate of each field selected and say why each other one lost; keep them all, best first.

    A field the scorer's weights cover (`scoring`: `model`, else the shipped one, which covers the title) is ranked
    by its score, after the candidates that are the user's or the writer's own word (a sidecar, a front matter) and,
    for the outlet, those that name an original outlet (a republication notice, JSON-LD isBasedOn): these are facts
    the page states, not guesses to weigh. Every other field, and every field with `learned=False`, is ranked by the
    hand-ordered rules: method rank (`rules.methods`), agreement first for titles, and the date rules.

    `plain_text` is a plain text's or Markdown's clean text: its fields are scored by the plain-text model (`model`
    if its input is text, else the shipped one), whose features read where a candidate's line sits."""
    by_field: dict[str, list[Evidence]] = {}
    for candidate in candidates:
        by_field.setdefault(candidate.field, []).append(candidate)
    scorer = _scorer(model, plain_text is not None) if learned else None
    context: scoring.PageContext | None = None
    ordered: list[Evidence] = []
    for field_name in methods.FIELDS:
        candidates_of_field = by_field.get(field_name, [])
        if not candidates_of_field:
            continue
        if scorer is not None and field_name in scorer.fields:
            context = context or scoring.PageContext.of(candidates, plain_text)
            ordered.extend(_select_learned(field_name, candidates_of_field, context, scorer))
            continue
        ranked, support = _rules_ranking(field_name, candidates_of_field)
        if field_name == "authors":
            context = context or scoring.PageContext.of(candidates, plain_text)
            ranked = _person_before_site_credit(ranked, context.site_names)
        winner = ranked[0]
        # Authors form one value from several rows: every name proposed by the winning method, as surely as its
        # best row (a page dump's "Read Later" or "Site Map" is a bare line of names; the "By …" line is the byline).
        winners = (
            [c for c in ranked if c.method == winner.method and c.confidence == winner.confidence]
            if field_name == "authors"
            else [winner]
        )
        chosen = {id(c) for c in winners}
        for candidate in ranked:
            if id(candidate) in chosen:
                ordered.append(replace(candidate, selected=True, lost_because=None))
            else:
                reason = _loss_reason(candidate, winners, support)
                if field_name == "published_date":
                    reason = _date_loss_reason(candidate, winner) or reason
                if field_name == "authors" and context is not None:
                    reason = _site_credit_loss_reason(candidate, winner, context.site_names) or reason
                ordered.append(replace(candidate, selected=False, lost_because=reason))
    return ordered


def _scorer(model: scoring.Model | None, plain: bool) -> scoring.Model:
    wanted = scoring.PLAIN_TEXT_INPUT if plain else scoring.HTML_INPUT
    if model is not None and model.input == wanted:
        return model
    return scoring.load_plain_text_model() if plain else scoring.load_model()


def _rules_ranking(field_name: str, candidates: list[Evidence]) -> tuple[list[Evidence], dict[int, int] | None]:
    """The candidates in the hand-ordered rules' order, and for titles each one's support (by id)."""
    if field_name in CONSENSUS_FIELDS:
        # Pages disagree with themselves (a JSON-LD headline that is a description, an h1 that is a section
        # name); the value most sources agree on wins, method rank breaks ties.
        support = {id(c): _agreement(c, candidates) for c in candidates}
        return sorted(candidates, key=lambda c: (-support[id(c)], method_rank(c), -c.confidence)), support
    ranked = sorted(candidates, key=lambda c: (method_rank(c), -c.confidence))
    if field_name == "published_date":
        # A day before the web's news sites is a page's other date (a book's, a founding year's) unless the user
        # or the writer states it: any later candidate goes first.
        ranked.sort(key=_implausibly_early)
        if (visible := _visible_next_day(ranked[0], ranked)) is not None:
            ranked.remove(visible)
            ranked.insert(0, visible)
    return ranked, None


def _person_before_site_credit(ranked: list[Evidence], site_names: frozenset[str]) -> list[Evidence]:
    """Where the first method's names are all the page's own site (JSON-LD or a meta tag crediting the site: a
    CMS's default) and a lower-ranked method names a person, that method's names go first: the byline."""
    first = ranked[0]
    top = [c for c in ranked if c.method == first.method and c.confidence == first.confidence]
    if not site_names or not all(_is_site_credit(c, site_names) for c in top):
        return ranked
    person = next(
        (
            c
            for c in ranked
            if not _is_site_credit(c, site_names) and author_kind_of_row(c.value, c.method, c.evidence) == names.PERSON
        ),
        None,
    )
    if person is None:
        return ranked
    return [c for c in ranked if c.method == person.method] + [c for c in ranked if c.method != person.method]


def _is_site_credit(candidate: Evidence, site_names: frozenset[str]) -> bool:
    return title_key(candidate.value) in site_names


def _site_credit_loss_reason(loser: Evidence, winner: Evidence, site_names: frozenset[str]) -> str | None:
    if (
        _is_site_credit(loser, site_names)
        and not _is_site_credit(winner, site_names)
        and method_rank(loser) < method_rank(winner)
    ):
        return f"names the site itself, a default credit: {winner.method} names a person, the byline"
    return None


EARLIEST_PLAUSIBLE_DAY = EARLIEST_PLAUSIBLE.isoformat()


def _implausibly_early(candidate: Evidence) -> bool:
    return candidate.value < EARLIEST_PLAUSIBLE_DAY and candidate.method not in OWN_WORD_METHODS


def _date_loss_reason(loser: Evidence, winner: Evidence) -> str | None:
    """Why a published date lost to a lower-ranked one, where a plausibility rule moved that one first."""
    if _visible_next_day(loser, [winner]) is winner:
        return f"a UTC timestamp near midnight; the visible date ({winner.method}) a day away is the page's own day"
    if _implausibly_early(loser) and not _implausibly_early(winner):
        return f"before {EARLIEST_PLAUSIBLE_DAY}, older than news on the web: a later candidate goes first"
    return None


def _visible_next_day(winner: Evidence, ranked: list[Evidence]) -> Evidence | None:
    """The visible date (a date line, a byline's date) one day from a winning UTC timestamp near midnight: the
    page's own day, which the timestamp's conversion to UTC moved."""
    stamp = UTC_TIMESTAMP.search(winner.evidence)
    if stamp is None or UTC_EDGE_HOURS <= int(stamp["hour"]) < 24 - UTC_EDGE_HOURS:
        return None
    day = date.fromisoformat(winner.value)
    return next(
        (c for c in ranked if c.method in VISIBLE_DATE_METHODS and abs((date.fromisoformat(c.value) - day).days) == 1),
        None,
    )


def rules_pick(field_name: str, candidates: list[Evidence]) -> int:
    """The index of the candidate the hand-ordered rules select: one of the learned scorer's features."""
    winner = _rules_ranking(field_name, candidates)[0][0]
    return next(i for i, c in enumerate(candidates) if c is winner)


def _select_learned(
    field_name: str, candidates: list[Evidence], context: scoring.PageContext, model: scoring.Model
) -> list[Evidence]:
    scores = scoring.score_candidates(field_name, candidates, rules_pick(field_name, candidates), context, model)
    scored = [
        replace(c, score=round(s.value, 4), score_terms=s.terms()) for c, s in zip(candidates, scores, strict=True)
    ]
    stated = STATED_METHODS.get(field_name, ())
    # Stated values first (by method rank), then by score; method rank, confidence and value settle exact ties.
    ranked = sorted(
        scored,
        key=lambda c: (
            c.method not in stated,
            method_rank(c) if c.method in stated else 0,
            -(c.score or 0.0),
            method_rank(c),
            -c.confidence,
            c.value,
        ),
    )
    winner = ranked[0]
    rows = [replace(winner, selected=True, lost_because=None)]
    for candidate in ranked[1:]:
        rows.append(replace(candidate, selected=False, lost_because=_learned_loss_reason(candidate, winner, stated)))
    return rows


def _learned_loss_reason(loser: Evidence, winner: Evidence, stated: tuple[str, ...]) -> str:
    if value_key(loser.value) == value_key(winner.value):
        return f"same value as the winner (found by {winner.method})"
    if winner.method in stated:
        return f"{winner.method} states the {winner.field}: it comes before any candidate's score"
    return (
        f"scored {loser.score:.2f} against the winner's {winner.score:.2f} "
        f"(its largest terms: {loser.score_terms or 'none'})"
    )


def _loss_reason(loser: Evidence, winners: list[Evidence], support: dict[int, int] | None) -> str:
    """Why `loser` lost, from the keys the combiner sorted by (agreement for consensus fields, method rank,
    confidence, order found): recorded with the evidence, so `explain` shows the decision as it was made."""
    field_name, winner = loser.field, winners[0]
    same_value = any(value_key(loser.value) == value_key(w.value) for w in winners)
    if field_name == "authors":
        if same_value:
            return f"same name, also found by {winner.method}, whose names were taken"
        if loser.method == winner.method:
            return (
                f"{winner.method} also names someone more surely ({winner.confidence:.2f} > {loser.confidence:.2f}, "
                "as a 'By …' line is surer than a bare line of names): only its surest names were taken"
            )
        return f"authors come from the first method that names someone: {winner.method} ranks above {loser.method}"
    if same_value:
        return f"same value as the winner (found by {winner.method}, which ranked first)"
    loser_rank, winner_rank = method_rank(loser), method_rank(winner)
    if support is not None:
        mine, theirs = support[id(loser)], support[id(winner)]
        if mine < theirs and loser_rank <= winner_rank:
            return (
                f"fewer independent sources agree with it ({mine}) than with {winner.value!r} ({theirs}); "
                f"{field_name} goes by agreement first"
            )
        if loser_rank > winner_rank:
            agree = " and no more sources agree with it" if mine <= theirs else ""
            return f"method {loser.method} ranks below {winner.method} for {field_name}{agree}"
    elif loser_rank > winner_rank:
        return f"method {loser.method} ranks below {winner.method} for {field_name}"
    if loser.confidence < winner.confidence:
        return f"lower confidence {loser.confidence:.2f} < {winner.confidence:.2f} at the same method rank"
    return "same method rank and confidence: the first one found wins"


def _agreement(candidate: Evidence, candidates: list[Evidence]) -> int:
    """How many other methods propose the same value (equal after folding, or one the other's prefix,
    as a title is of "Title | Site"). A sidecar is the user's word and needs no support."""
    if candidate.method == "sidecar":
        return len(candidates)
    mine, family = title_key(candidate.value), scoring.source_family(candidate.method)
    families = {
        scoring.source_family(other.method)
        for other in candidates
        if scoring.source_family(other.method) != family and scoring.same_title(mine, title_key(other.value))
    }
    return len(families)


def metadata_from_evidence(evidence: list[Evidence]) -> Metadata:
    # Values in first-seen order without repeats; a dict, not a list, so that a text naming thousands of authors
    # is not quadratic in them.
    chosen: dict[str, dict[str, None]] = {}
    for row in evidence:
        if row.selected:
            chosen.setdefault(row.field, {})[row.value] = None

    def one(field_name: str) -> str | None:
        return next(iter(chosen.get(field_name, ())), None)

    def day(field_name: str) -> date | None:
        value = one(field_name)
        return date.fromisoformat(value) if value else None

    authors = tuple(chosen.get("authors", []))
    kinds = author_kinds(row for row in evidence if row.selected and row.field == "authors")
    return Metadata(
        title=one("title"),
        authors=authors,
        author_kinds=tuple(kinds[name] for name in authors),
        published_date=day("published_date"),
        modified_date=day("modified_date"),
        outlet=one("outlet"),
        publisher=one("publisher"),
        language=one("language"),
        url=one("url"),
    )


def author_kinds(rows: Iterable[Evidence]) -> dict[str, str]:
    """Each selected author's kind by name, first row first (`author_kind`)."""
    kinds: dict[str, str] = {}
    for row in rows:
        kinds.setdefault(row.value, author_kind_of_row(row.value, row.method, row.evidence))
    return kinds
