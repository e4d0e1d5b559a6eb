"""Metadata with evidence: small extractors each propose candidates, one combiner picks per field.

Every candidate is an `Evidence` (value, method, the text it was read from, offsets into
clean_text for text evidence). The combiner ranks candidates by how trustworthy their method
is for that field, keeps them all, and marks the winner `selected`.
"""

from __future__ import annotations

import html as html_module
import json
import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date, datetime
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from docpipe import html as html_tree
from docpipe import methods, patterns, scoring
from docpipe.model import Document, Evidence, Metadata, SectionKind
from docpipe.textsafety import strip_controls

ARTICLE_TYPES = {
    "article",
    "newsarticle",
    "blogposting",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "scholarlyarticle",
    "techarticle",
    "report",
    "webpage",
    "posting",
    "socialmediaposting",
    "liveblogposting",
}
# JSON-LD author types that make the author an organisation (schema.org's Organization and its news subtypes)
ORGANISATION_TYPES = {
    "organization",
    "organisation",
    "newsmediaorganization",
    "corporation",
    "ngo",
    "governmentorganization",
    "educationalorganization",
    "researchorganization",
    "onlinebusiness",
}
EVIDENCE_MAX_CHARS = 300  # long enough to read the context, short enough for a table cell
LANGID_MIN_WORDS = 20  # below this, py3langid's guess is worse than the page's declaration
# py3langid walks every byte in Python (3 ms for an average page); past this many characters more text stopped
# changing its answer (the 1,391 corpus pages' bodies: no language changed, 3 probabilities in the 4th decimal).
LANGID_MAX_CHARS = 8000
URL = re.compile(r"https?://\S+")
BY_AFTER_DATE = re.compile(r"^[\s,]*by\s+\S", re.I)


def extract_metadata(doc: Document) -> Document:
    evidence = select_candidates(find_candidates(doc))
    # Rows an earlier step wrote about the input itself ("22 NUL bytes dropped") stay, after the fields' rows.
    notes = tuple(row for row in doc.evidence if row.field not in methods.FIELDS)
    return replace(doc, metadata=metadata_from_evidence(evidence), evidence=(*evidence, *notes))


def find_candidates(doc: Document) -> list[Evidence]:
    """Every extractor's candidates for every field, in the order found (the combiner's input)."""
    candidates = list(text_candidates(doc))
    if doc.sidecar:
        candidates.extend(sidecar_candidates(doc.sidecar))
    if doc.front_matter:
        candidates.extend(front_matter_candidates(doc.front_matter))
    if doc.media_type == "html":
        page = html_tree.parse(doc.text)  # parsed once, shared by the extractors and htmldate
        author_tags: list[str] = []
        if page is not None:
            candidates.extend(html_candidates(page.root, doc.clean_text))
            author_tags = meta_author_contents(page.root)
        candidates.extend(extractor_candidates(doc.extractor_metadata or {}, doc.text, doc.clean_text, author_tags))
        urls = [c.value for c in sorted(candidates, key=_method_rank) if c.field == "url"]
        if page is not None and page.htmldate_tree is not None:  # (htmldate refuses what its loader refuses)
            candidates.extend(htmldate_candidates(page.htmldate_tree, urls[0] if urls else None))
    candidates.extend(url_date_candidates(candidates))
    candidates.extend(language_candidates(doc))
    return normalise_outlets(_without_controls(candidates))


# Outlet values as pages give them carry taglines, URLs and headlines; an outlet is a publication's name, the same
# on every page of a site. The page's host tells which part of "Name - Tagline" is the name.
SOCIAL_HOSTS = ("facebook.com", "twitter.com", "x.com", "instagram.com", "linkedin.com", "youtube.com", "t.me")
ARCHIVE_HOSTS = ("web.archive.org", "archive.org", "archive.ph", "archive.today")
BARE_DOMAIN = re.compile(r"(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}/?", re.I)
SENTENCE_MIN_WORDS = 4
OUTLET_MAX_WORDS = 6  # more is a headline or a tagline, not a publication's name
# The user's word and the writer's: taken as given, never weighed or rewritten.
OWN_WORD_METHODS = ("sidecar", "text:front-matter")
OUTLET_AS_GIVEN_METHODS = (*OWN_WORD_METHODS, "sidecar:publisher")


def normalise_outlets(candidates: list[Evidence]) -> list[Evidence]:
    """Outlet candidates as a publication's name: a URL becomes its host (an archive's or a social network's host
    names no outlet: dropped), a leading "www." goes, "Name - Tagline" keeps the part the page's host names (else
    the shorter, if short), and a value that reads as a headline is dropped. What the user or the writer states
    stays as given. The evidence keeps the value as found."""
    host = _page_host(candidates)
    kept = []
    for candidate in candidates:
        if candidate.field != "outlet" or candidate.method in OUTLET_AS_GIVEN_METHODS:
            kept.append(candidate)
            continue
        name = _publication_name(candidate.value.strip(), host)
        if name:
            kept.append(candidate if name == candidate.value else replace(candidate, value=name))
    return kept


def _page_host(candidates: list[Evidence]) -> str | None:
    urls = sorted((c for c in candidates if c.field == "url"), key=_method_rank)
    for candidate in urls:
        host = _host_of(candidate.value)
        if host and not host.endswith(ARCHIVE_HOSTS):
            return host
    return None


def _host_of(url: str) -> str:
    return re.sub(r"^www\.", "", urlsplit(url).hostname or "")


def _publication_name(value: str, host: str | None) -> str | None:
    if "@" in value:
        return None  # an e-mail address: a contact, not a publication
    bare = BARE_DOMAIN.fullmatch(value) is not None
    if bare or URL.fullmatch(value):
        # A domain stands for its site ("Gala.fr", as written); a URL for its host; an archive's or a social
        # network's names no outlet.
        found = re.sub(r"^www\.", "", value.rstrip("/"), flags=re.I) if bare else _host_of(value)
        return found if found and not found.lower().endswith((*SOCIAL_HOSTS, *ARCHIVE_HOSTS)) else None
    parts = [part for part in patterns.TAGLINE_BREAK.split(value) if part.strip()]
    if len(parts) > 1:
        named = [part for part in parts if host and _names_host(part, host)]
        short = sorted(parts, key=len)[0]
        value = named[0] if named else (short if len(short.split()) <= OUTLET_MAX_WORDS // 2 else value)
    words = len(value.split())
    if words > OUTLET_MAX_WORDS:
        return None  # a headline, even one that names the site ("… durch die Bundespolizei im laufenden Jahr")
    if host and _names_host(value, host):
        return value
    if words >= SENTENCE_MIN_WORDS and value.rstrip().endswith((".", "?", "!")):
        return None  # a sentence ("Wikimedia Foundation, Inc." is none)
    return value


HOST_LABEL_MIN_CHARS = 4  # a shorter label ("de", "tv") found inside a name is chance


def _names_host(text: str, host: str) -> bool:
    """The text is the host's name: "Die FURCHE" of furche.at, "AUTO&Wirtschaft" of auto-wirtschaft.ch."""
    folded = re.sub(r"[^\w]", "", text.casefold()).removeprefix("die").removeprefix("the")
    labels = [re.sub(r"[^\w]", "", label) for label in host.split(".")[:-1]]
    return bool(folded) and any(
        label and (folded == label or (len(label) >= HOST_LABEL_MIN_CHARS and label in folded)) for label in labels
    )


def _without_controls(candidates: list[Evidence]) -> list[Evidence]:
    """Candidates whose value and evidence hold no control characters: markup, JSON-LD and sidecars are read as
    they are, escape sequences included. (Text evidence is cut from clean_text, which has none: unchanged.)"""
    kept = []
    for candidate in candidates:
        value, evidence = strip_controls(candidate.value), strip_controls(candidate.evidence)
        if (value, evidence) == (candidate.value, candidate.evidence):
            kept.append(candidate)
        elif value.strip():  # a value that was nothing but control characters is no value
            kept.append(replace(candidate, value=value, evidence=evidence))
    return kept


def select_candidates(
    candidates: list[Evidence], model: scoring.Model | None = None, *, learned: bool = True
) -> list[Evidence]:
    """Mark the best candidate of each field selected and say why each other one lost; keep them all, best first.

    Title, published date and outlet are ranked by the learned scorer (`scoring`; `model`, else the shipped one),
    after the candidates that are the user's or the writer's own word (a sidecar, a front matter) and, for the
    outlet, those that name an original outlet (a republication notice, JSON-LD isBasedOn): these are facts the
    page states, not guesses to weigh. `learned=False` ranks every field by the hand-ordered rules instead
    (method rank; agreement first for titles), as docpipe did before the scorer."""
    by_field: dict[str, list[Evidence]] = {}
    for candidate in candidates:
        by_field.setdefault(candidate.field, []).append(candidate)
    scorer = (model or scoring.load_model()) if learned else None
    context: scoring.PageContext | None = None
    ordered: list[Evidence] = []
    for field_name in methods.FIELDS:
        candidates_of_field = by_field.get(field_name, [])
        if not candidates_of_field:
            continue
        if scorer is not None and field_name in scorer.fields:
            context = context or scoring.PageContext.of(candidates)
            ordered.extend(_select_learned(field_name, candidates_of_field, context, scorer))
            continue
        ranked, support = _rules_ranking(field_name, candidates_of_field)
        if field_name == "authors":
            context = context or scoring.PageContext.of(candidates)
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


def _rules_ranking(field_name: str, candidates: list[Evidence]) -> tuple[list[Evidence], dict[int, int] | None]:
    """The candidates in the hand-ordered rules' order, and for titles each one's support (by id)."""
    if field_name in CONSENSUS_FIELDS:
        # Pages disagree with themselves (a JSON-LD headline that is a description, an h1 that is a section
        # name); the value most sources agree on wins, method rank breaks ties.
        support = {id(c): _agreement(c, candidates) for c in candidates}
        return sorted(candidates, key=lambda c: (-support[id(c)], _method_rank(c), -c.confidence)), support
    ranked = sorted(candidates, key=lambda c: (_method_rank(c), -c.confidence))
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
            if not _is_site_credit(c, site_names) and author_kind(c.value, c.method, c.evidence) == patterns.PERSON
        ),
        None,
    )
    if person is None:
        return ranked
    return [c for c in ranked if c.method == person.method] + [c for c in ranked if c.method != person.method]


def _is_site_credit(candidate: Evidence, site_names: frozenset[str]) -> bool:
    return scoring.fold_title(candidate.value) in site_names


def _site_credit_loss_reason(loser: Evidence, winner: Evidence, site_names: frozenset[str]) -> str | None:
    if (
        _is_site_credit(loser, site_names)
        and not _is_site_credit(winner, site_names)
        and _method_rank(loser) < _method_rank(winner)
    ):
        return f"names the site itself, a default credit: {winner.method} names a person, the byline"
    return None


EARLIEST_PLAUSIBLE_DAY = scoring.EARLIEST_PLAUSIBLE.isoformat()


def _implausibly_early(candidate: Evidence) -> bool:
    return candidate.value < EARLIEST_PLAUSIBLE_DAY and candidate.method not in OWN_WORD_METHODS


def _date_loss_reason(loser: Evidence, winner: Evidence) -> str | None:
    """Why a published date lost to a lower-ranked one, where a plausibility rule moved that one first."""
    if _visible_next_day(loser, [winner]) is winner:
        return f"a UTC timestamp near midnight; the visible date ({winner.method}) a day away is the page's own day"
    if _implausibly_early(loser) and not _implausibly_early(winner):
        return f"before {EARLIEST_PLAUSIBLE_DAY}, older than news on the web: a later candidate goes first"
    return None


# A timestamp in UTC this close to midnight may fall on the day before or after the page's own: "2021-11-04T23:00Z"
# for an article its dateline says is of 5 November.
UTC_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ](?P<hour>\d{2}):\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]00:?00)\b")
UTC_EDGE_HOURS = 6
VISIBLE_DATE_METHODS = ("text:dateline", "text:byline")


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


# Stated, not guessed: the user's sidecar and the writer's front matter, and for the outlet whatever names the
# original outlet of a republished piece (docpipe's outlet is where it first ran, which the site is not).
STATED_METHODS = {
    "title": OWN_WORD_METHODS,
    "published_date": OWN_WORD_METHODS,
    "outlet": (
        *OUTLET_AS_GIVEN_METHODS,
        "text:republication-notice",
        "html:republication-notice",
        "json-ld:isBasedOn",
    ),
}


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
            _method_rank(c) if c.method in stated else 0,
            -(c.score or 0.0),
            _method_rank(c),
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
    if _folded(loser.value) == _folded(winner.value):
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
    same_value = any(_folded(loser.value) == _folded(w.value) for w in winners)
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
    loser_rank, winner_rank = _method_rank(loser), _method_rank(winner)
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


def _folded(text: str) -> str:
    # "same value" as a reader would say it: case and spacing aside (titles' agreement folds further: `_fold`)
    return " ".join(text.casefold().split())


CONSENSUS_FIELDS = frozenset({"title"})


def _agreement(candidate: Evidence, candidates: list[Evidence]) -> int:
    """How many other methods propose the same value (equal after folding, or one the other's prefix,
    as a title is of "Title | Site"). A sidecar is the user's word and needs no support."""
    if candidate.method == "sidecar":
        return len(candidates)
    mine, family = scoring.fold_title(candidate.value), scoring.source_family(candidate.method)
    families = {
        scoring.source_family(other.method)
        for other in candidates
        if scoring.source_family(other.method) != family and scoring.same_title(mine, scoring.fold_title(other.value))
    }
    return len(families)


def _method_rank(candidate: Evidence) -> int:
    return methods.rank(candidate.field, candidate.method)


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


def _text_evidence(
    field_name: str, value: str, method: str, doc_text: str, start: int, end: int, weak: bool = False
) -> Evidence:
    confidence = methods.confidence(field_name, method, weak=weak)
    return Evidence(field_name, value, method, doc_text[start:end], start, end, confidence)


# --- text evidence: read from the segmented clean text, offsets into clean_text -----------------


def text_candidates(doc: Document) -> Iterator[Evidence]:
    text = doc.clean_text
    # The author's own copyright line names no outlet; a site's does.
    bylined = {n.name for s in doc.sections if s.kind is SectionKind.BYLINE for n in _byline_names(s.text)}
    body_started = False
    for section in doc.sections:
        body_started = body_started or section.kind is SectionKind.BODY
        start = section.char_start
        if section.kind is SectionKind.HEADLINE:
            yield _text_evidence("title", section.text, "text:headline", text, start, section.char_end)
        elif section.kind is SectionKind.DATELINE:
            dates = patterns.parse_date_line(section.text) or []
            for found in dates:
                field_name = "modified_date" if found.is_update else "published_date"
                yield _text_evidence(
                    field_name,
                    found.value.isoformat(),
                    "text:dateline",
                    text,
                    start + found.start,
                    start + found.end,
                )
            # "By Evan Symon, August 14, 2020 2:30 pm": a byline that runs on into its date is a date line (what is
            # left beside the date is short), but its names are the authors'. Only with "By": "New York, 6 May 2025"
            # names a place.
            before = section.text[: dates[0].start].rstrip(" ,|–-") if dates else ""
            if patterns.BYLINE.match(before):
                yield from _byline_candidates(before, start, text)
            # "Published on December 2nd, 2025 by A and B": the byline runs on after the date.
            after = section.text[dates[-1].end :] if dates else ""
            if BY_AFTER_DATE.match(after):
                skipped = len(after) - len(after.lstrip(" ,"))
                yield from _byline_candidates(after[skipped:], start + dates[-1].end + skipped, text)
        elif section.kind is SectionKind.BYLINE:
            yield from _byline_candidates(section.text, start, text)
        elif section.kind is SectionKind.AUTHOR_BIO:
            bio = patterns.match_bio_name(section.text)
            if bio:
                name, offset = bio
                yield _text_evidence(
                    "authors", name, "text:author-bio", text, start + offset, start + offset + len(name)
                )
        elif section.kind is SectionKind.REPUBLICATION_NOTICE:
            notice = patterns.match_republication_notice(section.text)
            if notice and notice.outlet and notice.outlet_start is not None:
                yield _text_evidence(
                    "outlet",
                    notice.outlet,
                    "text:republication-notice",
                    text,
                    start + notice.outlet_start,
                    start + notice.outlet_start + len(notice.outlet),
                )
        elif section.kind is SectionKind.OTHER and (holder := patterns.copyright_holder(section.text)):
            name, offset = holder
            if name in bylined:
                continue
            for field_name in ("outlet", "publisher"):
                yield _text_evidence(
                    field_name, name, "text:copyright", text, start + offset, start + offset + len(name)
                )
        elif section.kind is SectionKind.OTHER and not body_started and patterns.looks_like_source_line(section.text):
            yield _text_evidence("outlet", section.text, "text:source-line", text, start, section.char_end)
        elif section.kind is SectionKind.OTHER:
            url = URL.search(section.text)
            if url:
                yield _text_evidence(
                    "url", url.group(0), "text:web-view-line", text, start + url.start(), start + url.end()
                )


def _byline_names(byline_text: str) -> list[patterns.NameSpan]:
    byline = patterns.parse_byline(byline_text)
    return byline.names if byline else []


def _byline_candidates(byline_text: str, start: int, text: str) -> Iterator[Evidence]:
    byline = patterns.parse_byline(byline_text)
    if byline is None:
        return
    for name in byline.names:
        # A bare line of names is a byline by position only: less sure than "By …". The evidence is the name as
        # written: for "By Doe, Jane" the value is "Jane Doe" and the span all of "Doe, Jane" (as a date's value
        # is ISO and its span the date as written), so the span still proves the value and a reader sees the order.
        yield _text_evidence(
            "authors", name.name, "text:byline", text, start + name.start, start + name.end, weak=not byline.has_by
        )
    if byline.date:
        field_name = "modified_date" if byline.date.is_update else "published_date"
        yield _text_evidence(
            field_name,
            byline.date.value.isoformat(),
            "text:byline",
            text,
            start + byline.date.start,
            start + byline.date.end,
        )


# --- HTML evidence: JSON-LD, meta tags, visible markup, htmldate ------------------------------


def html_candidates(root: etree._Element, clean_text: str) -> Iterator[Evidence]:
    """Candidates from the page's one lxml tree (`docpipe.html`; XHTML with an XML declaration is read as HTML,
    as browsers read it). The rules were written on BeautifulSoup's tree: `html_tree` reads text and markup
    the way it did."""
    yield from json_ld_candidates(root)
    yield from meta_candidates(root)
    yield from markup_candidates(root, clean_text)
    yield from page_notice_candidates(root)


def _evidence(field_name: str, value: str, method: str, evidence: str) -> Evidence:
    confidence = methods.confidence(field_name, method)
    return Evidence(field_name, value, method, evidence[:EVIDENCE_MAX_CHARS], None, None, confidence)


JSON_LD_TYPE = re.compile(r"ld\+json", re.I)


def json_ld_candidates(root: etree._Element) -> Iterator[Evidence]:
    for script in root.iter("script"):
        if not JSON_LD_TYPE.search(script.get("type") or ""):
            continue
        raw = html_tree.string(script) or ""
        for item in _json_ld_items(raw):
            types = {t.lower() for t in _as_list(item.get("@type")) if isinstance(t, str)}
            if not types & ARTICLE_TYPES:
                continue
            yield from _json_ld_article(item)


def _json_ld_items(raw: str) -> Iterator[dict[str, Any]]:
    raw = raw.strip().removeprefix("<![CDATA[").removesuffix("]]>").strip().rstrip(";")
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, RecursionError):
        return
    stack = _as_list(data)
    while stack:
        item = stack.pop(0)
        if isinstance(item, dict):
            yield item
            stack.extend(_as_list(item.get("@graph")))


def _json_ld_article(item: dict[str, Any]) -> Iterator[Evidence]:
    def cite(key: str, value: object) -> str:
        return json.dumps({key: value}, ensure_ascii=False)

    headline = item.get("headline") or item.get("name")
    if isinstance(headline, str) and headline.strip():
        yield _evidence("title", _one_line(headline), "json-ld", cite("headline", headline))
    for author in _as_list(item.get("author")):
        for name in _author_names(author):
            yield _evidence("authors", name, "json-ld", cite("author", _cited_author(author)))
    for key, field_name in (("datePublished", "published_date"), ("dateModified", "modified_date")):
        day = _iso_day(item.get(key))
        if day:
            yield _evidence(field_name, day, "json-ld", cite(key, item[key]))
    publisher = _name_of(item.get("publisher"))
    if publisher:
        for field_name in ("publisher", "outlet"):
            yield _evidence(field_name, publisher, "json-ld:publisher", cite("publisher", item["publisher"]))
    for based_on in _as_list(item.get("isBasedOn")):
        outlet = _name_of(based_on.get("publisher")) if isinstance(based_on, dict) else None
        if outlet:
            yield _evidence("outlet", outlet, "json-ld:isBasedOn", cite("isBasedOn", based_on))
    url = item.get("url")
    if isinstance(url, str) and url.startswith("http"):
        yield _evidence("url", url, "json-ld", cite("url", url))


def _author_names(author: object) -> list[str]:
    """The credit a JSON-LD author gives: a Person's name(s), or an Organization's name as it stands ("Reuters",
    "Guardian staff"); its kind is read back from the evidence (`author_kinds`)."""
    if isinstance(author, str):
        return _names_from_string(author)
    if isinstance(author, dict):
        name = author.get("name")
        if not isinstance(name, str):
            return []
        if _json_ld_types(author) & ORGANISATION_TYPES:
            credit = _one_line(PARENTHETICAL.sub("", name))
            return [credit] if patterns.is_organisation_name(credit) else []
        return _names_from_string(name, single_word=True)
    return []


def _json_ld_types(item: dict[str, Any]) -> set[str]:
    return {t.lower() for t in _as_list(item.get("@type")) if isinstance(t, str)}


def _cited_author(author: object) -> object:
    # @type first, so that the evidence (cut at EVIDENCE_MAX_CHARS) still says what kind of author it cites
    if isinstance(author, dict) and "@type" in author:
        return {"@type": author["@type"], **{k: v for k, v in author.items() if k != "@type"}}
    return author


JSON_LD_AUTHOR_TYPE = re.compile(r'^\{"author": \{"@type": \[?"([^"]+)"')


def author_kinds(rows: Iterable[Evidence]) -> dict[str, str]:
    """Each selected author's kind by name, first row first (`author_kind`)."""
    kinds: dict[str, str] = {}
    for row in rows:
        kinds.setdefault(row.value, author_kind(row.value, row.method, row.evidence))
    return kinds


def author_kind(value: str, method: str, evidence: str) -> str:
    """ "person" or "organization" for an author row: a JSON-LD author's @type where the name came from JSON-LD,
    else the agency and desk vocabularies and the name's shape (`patterns.author_kind`). A function of the
    evidence row alone, so `verify` can recompute it from the evidence table."""
    typed = JSON_LD_AUTHOR_TYPE.match(evidence) if method == "json-ld" else None
    if typed and typed.group(1).lower() in ORGANISATION_TYPES:
        return patterns.ORGANIZATION
    if typed and typed.group(1).lower() == "person":
        return patterns.PERSON
    return patterns.author_kind(value)


OTHER_CREDITS = re.compile(
    r"\s+(?:edited|photos?|photographs?|illustrations?|illustrated|reviewed|fact[- ]checked|additional reporting|"
    r"graphics|video|translated)\s+by\b.*$",
    re.I,
)
PARENTHETICAL = re.compile(r"\s*\([^)]*\)")


def _names_from_string(value: str, single_word: bool = False) -> list[str]:
    # "Bradley M. Kuhn (http://ebb.org/bkuhn/)", "Martin Untersinger (avec Damien Leloup)": asides, not names
    value = PARENTHETICAL.sub("", _one_line(value))
    value = OTHER_CREDITS.split(value)[0]  # "Rob Ewaschuk Edited by Betsy Beyer": the editor is no author
    if value.startswith("http"):
        return []
    # A byline often runs on into its date ("By Jane Doe March 11, 2015 3:46 PM").
    found = patterns.find_date(value)
    if found:
        value = value[: found.start].strip(" ,|–-")
    names = patterns.NAME_LABEL.sub("", value)
    if patterns.TEMPLATE_PLACEHOLDER.match(names):
        return []  # "[Name]", "{author}": the template's, not the page's
    return [name.name for name in patterns.split_author_names(names, single_word, credits=True)]


def _name_of(value: object) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name")
    return _one_line(value) if isinstance(value, str) and value.strip() else None


def _as_list(value: object) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _primary_subtag(language_tag: str) -> str:
    """ "en-GB", "pt_BR" -> "en", "pt": the language, not the region."""
    return language_tag.strip().split("-")[0].split("_")[0].lower()


def _one_line(value: str) -> str:
    # Values from JSON-LD and attributes are often still entity-encoded ("Arnault&#8217;s").
    return " ".join(strip_controls(html_module.unescape(value)).split())


def _iso_day(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    found = patterns.find_date(value)
    return found.value.isoformat() if found else None


META_FIELDS: tuple[tuple[str, str], ...] = (
    ("og:title", "title"),
    ("citation_title", "title"),
    ("dc.title", "title"),
    ("twitter:title", "title"),
    ("author", "authors"),
    ("article:author", "authors"),
    ("citation_author", "authors"),
    ("dc.creator", "authors"),
    ("byl", "authors"),
    ("parsely-author", "authors"),
    ("article:published_time", "published_date"),
    ("citation_publication_date", "published_date"),
    ("dc.date", "published_date"),
    ("article:modified_time", "modified_date"),
    ("og:site_name", "outlet"),
    ("og:site_name", "publisher"),
    ("application-name", "outlet"),
    ("og:url", "url"),
)


def meta_candidates(root: etree._Element) -> Iterator[Evidence]:
    wanted: dict[str, list[str]] = {}
    for key, field_name in META_FIELDS:
        wanted.setdefault(key, []).append(field_name)
    for key, content, meta in _meta_tags(root):
        for field_name in wanted.get(key, []):
            yield from _meta_values(field_name, key, content, html_tree.markup(meta, EVIDENCE_MAX_CHARS))


def meta_author_contents(root: etree._Element) -> list[str]:
    """The content of every meta tag that names authors (META_FIELDS), as written."""
    keys = {key for key, field_name in META_FIELDS if field_name == "authors"}
    return [_one_line(content) for key, content, _ in _meta_tags(root) if key in keys]


def _meta_tags(root: etree._Element) -> Iterator[tuple[str, str, etree._Element]]:
    """(key, content, element) of every meta tag with content: its property, name or itemprop, folded."""
    for meta in root.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or ""
        content = meta.get("content")
        if isinstance(key, str) and isinstance(content, str) and content.strip():
            yield key.strip().lower(), content, meta


def _meta_values(field_name: str, key: str, content: str, tag: str) -> Iterable[Evidence]:
    method = f"meta:{key}"
    if field_name == "authors":
        names = _names_from_string(content, single_word=True)
        return [_evidence(field_name, name, method, tag) for name in names]
    if field_name in ("published_date", "modified_date"):
        day = _iso_day(content)
        return [_evidence(field_name, day, method, tag)] if day else []
    return [_evidence(field_name, _one_line(content), method, tag)]


def markup_candidates(root: etree._Element, clean_text: str) -> Iterator[Evidence]:
    title_tag = html_tree.first(root, "title")
    title_string = html_tree.string(title_tag) if title_tag is not None else None
    if title_string:
        title = _one_line(title_string)
        markup = html_tree.markup(title_tag, EVIDENCE_MAX_CHARS)
        yield _evidence("title", patterns.TITLE_SITE_SUFFIX.sub("", title), "html:title", markup)
    h1 = html_tree.first(root, "h1")
    if h1 is not None:
        text = _one_line(html_tree.text(h1, " "))
        if text:
            yield _located("title", text, "html:h1", html_tree.markup(h1, EVIDENCE_MAX_CHARS), clean_text)
    # Only the first byline element that names someone: later ones are comments, related stories, teasers.
    for element in BYLINE_ELEMENT_HINTS(root):
        if element is root or not _is_byline_element(element):  # (BeautifulSoup's find_all skips the root)
            continue
        # A byline box may stack lines ("Written by A" over "Edited by B"): the first line naming someone counts.
        lines = (line for line in html_tree.text(element, "\n").split("\n") if line.strip())
        names = next((found for line in lines if (found := _names_from_string(line))), [])
        for name in names:
            yield _located("authors", name, "html:byline", html_tree.markup(element, EVIDENCE_MAX_CHARS), clean_text)
        if names:
            break
    if h1 is not None:
        yield from _by_line_under_headline(h1, clean_text)
    html_tag = html_tree.first(root, "html")
    lang = html_tag.get("lang") if html_tag is not None else None
    if isinstance(lang, str) and lang.strip():
        yield _evidence("language", _primary_subtag(lang), "html:lang", f'<html lang="{lang}">')
    # BeautifulSoup's find("link", rel="canonical"): rel is a list of tokens, any of which may match.
    canonical = next((link for link in root.iter("link") if "canonical" in (link.get("rel") or "").split()), None)
    href = canonical.get("href") if canonical is not None else None
    if isinstance(href, str) and href.startswith("http"):
        yield _evidence("url", href, "link:canonical", html_tree.markup(canonical, EVIDENCE_MAX_CHARS))


# What a republication notice says ("originally", "first published", …), lowercased: plain substring tests, as a
# case-insensitive regex alternation scans a page's whole text several times slower.
NOTICE_HINTS = (
    "originally",
    "first published",
    "first appeared",
    "first ran",
    "first posted",
    "republished",
    "reprinted",
    "appeared first",
)


def _has_notice_hint(text: str) -> bool:
    lowered = text.lower()
    return any(hint in lowered for hint in NOTICE_HINTS)


def page_notice_candidates(root: etree._Element) -> Iterator[Evidence]:
    """A republication notice anywhere in the page's visible text: pages often set it apart from the
    article body ("This post originally appeared on Grist." above the first paragraph), where the
    main-content extractor leaves it out."""
    # Most pages hold no hint at all: one search over all their text (lxml writes it out in C) and their comments
    # (find_all(string=) saw those too) spares walking every string in Python. A hint that only appears across two
    # strings just sends the page through the walk below, which tests each string alone.
    comments = (comment.text or "" for comment in root.iter(etree.Comment))
    if not _has_notice_hint(etree.tostring(root, method="text", encoding="unicode")) and not any(
        _has_notice_hint(comment) for comment in comments
    ):
        return
    for string, element, _ in html_tree.strings(root):  # every string, comments included, as find_all(string=)
        if not _has_notice_hint(string):
            continue
        # The notice's sentence runs across inline elements ("… appeared on <a>Grist</a>.")
        while element.tag in INLINE_TAGS and element.getparent() is not None:
            element = element.getparent()
        if element.tag in ("script", "style", "noscript", "title"):
            continue
        line = _one_line(html_tree.text(element, " "))
        if len(line) > patterns.NOTICE_MAX_CHARS:
            continue
        notice = patterns.match_republication_notice(line)
        if notice and notice.outlet:
            yield _evidence("outlet", notice.outlet, "html:republication-notice", line)
            return


# The headline's companions (kicker, standfirst, date, byline) sit in the first elements after the <h1>, above the
# body's first paragraph of prose; an element with many children holds the article, not one line of it.
UNDER_HEADLINE_ELEMENTS = 80
BODY_PARAGRAPH_CHARS = 200
LINE_MAX_CHILDREN = 10
NO_LINE_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "figure", "figcaption", "nav"})
# A "By" line's first words, tested on an element's first string before its whole text is read (most are not).
BY_LINE_START = re.compile(patterns.BY_LEAD + r"\b", re.I)
# Where a by-line's date begins, in the languages `BY_WORDS` covers, for dates the date reader does not know
# ("Von Lisa Petrich Mi, 18. Oktober 2023": a weekday's abbreviation; "Von Eurosport Publiziert 02/02/2022").
BY_LINE_DATE_LEAD = re.compile(
    r"(?:,?\s+(?:mo|di|mi|do|fr|sa|so|mon|tue|wed|thu|fri|sat|sun|lun|mar|mer|jeu|ven|sam|dim)\.?,?\s+\d"
    r"|\s+(?:publiziert|veröffentlicht|aktualisiert|published|updated|posted|publié|publicado|pubblicato)\b).*$",
    re.I,
)


def _by_line_under_headline(h1: etree._Element, clean_text: str) -> Iterator[Evidence]:
    """The names of a "By …" line (any of the corpus's languages' "By": "Von", "Par", "Por", "Ein Artikel von" …)
    between the `<h1>` and the body: a byline the page marks with no byline class and the extractor left out of the
    text. The lowest-ranked author method: it names someone only where nothing else does."""
    for element in _elements_after(h1, UNDER_HEADLINE_ELEMENTS):
        if element.tag in NO_LINE_TAGS or len(element) > LINE_MAX_CHILDREN:
            continue
        if element.tag == "p" and len(html_tree.text(element)) > BODY_PARAGRAPH_CHARS:
            return
        first = next((string for string in element.itertext() if string.strip()), "")
        if not BY_LINE_START.match(first.strip().lstrip("*_ ")):
            continue
        line = BY_LINE_DATE_LEAD.sub("", _one_line(html_tree.text(element, " ")))
        byline = patterns.parse_byline(line) if len(line) <= patterns.BYLINE_MAX_CHARS else None
        if byline is not None and byline.has_by and byline.names:
            markup = html_tree.markup(element, EVIDENCE_MAX_CHARS)
            for name in byline.names:
                yield _located("authors", name.name, "html:by-line", markup, clean_text)
            return


def _elements_after(element: etree._Element, limit: int) -> Iterator[etree._Element]:
    """The first `limit` elements after `element` in document order, its own descendants left out (XPath's
    following::*, a quarter of its cost: it stops when it has enough)."""
    count = 0
    while count < limit:
        following = element.getnext()
        while following is None:
            parent = element.getparent()
            if parent is None:
                return
            element, following = parent, parent.getnext()
        for descendant in following.iter():
            if isinstance(descendant.tag, str):
                yield descendant
                count += 1
                if count >= limit:
                    return
        element = following


INLINE_TAGS = frozenset({"a", "em", "i", "strong", "b", "span", "small", "u", "cite", "mark", "font"})


# Elements that may pass `_is_byline_element`, in document order: lxml finds them in C, so Python tests a few
# elements per page instead of every one.
BYLINE_ELEMENT_HINTS = etree.XPath(
    "//*[self::address or @rel or @itemprop='author' or contains(@class, 'byline')"
    " or contains(@class, 'author-name') or contains(@data-testid, 'byline') or contains(@class, 'credit')]"
)


def _is_byline_element(element: etree._Element) -> bool:
    """[rel~=author], [itemprop=author], [class*=byline], [data-testid*=byline], .author-name, header .credit: the same
    test as those CSS selectors, as one pass of plain attribute checks (a fifth of a page's time otherwise)."""
    attrs = element.attrib
    if not attrs and element.tag != "address":
        return False
    # class is a list of tokens to BeautifulSoup, which these rules were written on (rel too, on a and link).
    class_tokens = (attrs.get("class") or "").split()
    return (
        _is_author_address(element)
        or "author" in (attrs.get("rel") or "").split()
        or attrs.get("itemprop") == "author"
        or "byline" in " ".join(class_tokens)
        or "author-name" in class_tokens
        or "byline" in attrs.get("data-testid", "")
        or ("credit" in class_tokens and _is_headline_credit(element))
    )


def _is_headline_credit(element: etree._Element) -> bool:
    # A .credit line in the headline's <header> credits the story ("JIJI" under the <h1>); in a figure, the photo.
    return (
        next(element.iterancestors("header"), None) is not None
        and next(element.iterancestors("figure", "figcaption", "picture"), None) is None
    )


def _is_author_address(element: etree._Element) -> bool:
    # <address> is the contact of its nearest article's author; in a page footer it is the site owner's.
    return element.tag == "address" and (
        next(element.iterancestors("article"), None) is not None
        or html_tree.text(element, " ", strip=True).lower().startswith("by ")
    )


def _located(field_name: str, value: str, method: str, markup: str, clean_text: str) -> Evidence:
    """Markup evidence, pointing into clean_text too when the value appears there."""
    start = clean_text.find(value)
    if start < 0:
        return _evidence(field_name, value, method, markup)
    return Evidence(field_name, value, method, value, start, start + len(value), methods.confidence(field_name, method))


def extractor_candidates(
    found: dict[str, str], html: str, clean_text: str, author_tags: Iterable[str] = ()
) -> Iterator[Evidence]:
    """trafilatura's metadata reading: its author heuristics see visible bylines that markup misses."""
    names = _names_from_string(found.get("author", "").replace(";", ","), single_word=True)
    # One-word names all from one meta author tag are trafilatura's split of a tag docpipe read itself: its own
    # reading stands ("Kirche und Leben, Münster, Germany" is no four people).
    one_word = all(len(name.split()) == 1 for name in names)
    if names and one_word and any(all(name in tag for name in names) for tag in author_tags):
        names = []
    for name in names:
        # trafilatura title-cases what it finds; a name that is not in the page as written was
        # made up from a host name or a generator tag ("Ebb Org", "Rfcmarkup Version").
        if name in html:
            yield _located("authors", name, "trafilatura", found["author"], clean_text)
    if "sitename" in found:
        yield _evidence("outlet", _one_line(found["sitename"]), "trafilatura", found["sitename"])


URL_DATE = re.compile(
    r"/((?:19|20)\d\d)[/-]?(0[1-9]|1[0-2]|(?<=[/-])[1-9])[/-]?(0[1-9]|[12]\d|3[01]|(?<=[/-])[1-9])(?:/|[-_]|$)"
)


def url_date_candidates(candidates: list[Evidence]) -> Iterator[Evidence]:
    """A /YYYY/MM/DD/ path is the day the publisher filed the piece under, in the publisher's own time
    zone: truer than a UTC timestamp that has already rolled over to the next day."""
    for candidate in candidates:
        if candidate.field != "url":
            continue
        match = URL_DATE.search(candidate.value)
        if match:
            try:
                day = date(*(int(part) for part in match.groups()))
            except ValueError:
                continue
            yield _evidence("published_date", day.isoformat(), "url", candidate.value)
            return


def htmldate_candidates(tree: etree._Element, url: str | None) -> Iterator[Evidence]:
    """htmldate on the page's shared tree (`html_tree.Page.htmldate_tree`): it copies a tree it is given before
    it prunes it, so both calls read the page as parsed."""
    import htmldate  # loaded with the first page: a process that only writes never imports it

    for field_name, original in (("published_date", True), ("modified_date", False)):
        try:
            with warnings.catch_warnings():  # dateutil warns on zone names it cannot place ("GST"); the day stands
                warnings.simplefilter("ignore")
                found = htmldate.find_date(tree, url=url, original_date=original, extensive_search=original)
        except (ValueError, RecursionError):
            found = None
        if found:
            yield _evidence(field_name, found, "htmldate", f"htmldate(original_date={original})")


# --- language and sidecar -------------------------------------------------------------------


@cache
def _language_identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def language_candidates(doc: Document) -> Iterator[Evidence]:
    body = [s for s in doc.sections if s.kind is SectionKind.BODY] or list(doc.sections)
    text = "\n\n".join(s.text for s in body)
    if len(text.split()) < LANGID_MIN_WORDS:
        return
    code, probability = _language_identifier().classify(text[:LANGID_MAX_CHARS])
    first = body[0]
    yield Evidence(
        "language",
        code,
        "py3langid",
        first.text[:EVIDENCE_MAX_CHARS],
        first.char_start,
        first.char_start + min(len(first.text), EVIDENCE_MAX_CHARS),
        round(float(probability), 4),
    )


# Front-matter keys by field, as Jekyll, Hugo, Pandoc, Obsidian and trafilatura's Markdown output write them.
FRONT_MATTER_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("title",),
    "authors": ("author", "authors"),
    "published_date": ("date", "published", "publishdate", "pubdate", "date_published"),
    "modified_date": ("lastmod", "updated", "modified", "date_modified"),
    "outlet": ("sitename", "site_name", "site", "publication"),
    "language": ("lang", "language"),
    "url": ("url", "canonical_url", "canonical"),
}


def front_matter_candidates(fields: dict[str, object]) -> Iterator[Evidence]:
    """The front matter's fields as candidates: its writer's own word, after a sidecar's."""
    method = "text:front-matter"
    for field_name, keys in FRONT_MATTER_KEYS.items():
        key = next((k for k in keys if fields.get(k) not in (None, "", [])), None)
        if key is None:
            continue
        value = fields[key]
        cited = f"{key}: {value}"[:EVIDENCE_MAX_CHARS]
        if field_name == "authors":
            for item in _as_list(value):
                for name in _names_from_string(str(item), single_word=True) if isinstance(item, str) else ():
                    yield _evidence(field_name, name, method, cited)
        elif field_name.endswith("_date"):
            # YAML reads an unquoted 2024-05-06 as a date; a string is read as a date line is.
            day = value.isoformat()[:10] if isinstance(value, (date, datetime)) else _iso_day(str(value))
            if day:
                yield _evidence(field_name, day, method, cited)
        elif isinstance(value, str) and value.strip():
            if field_name == "url" and not value.startswith(("http://", "https://")):
                continue
            text = _primary_subtag(value) if field_name == "language" else _one_line(value)
            yield _evidence(field_name, text, method, cited)


def sidecar_candidates(sidecar: dict[str, object]) -> Iterator[Evidence]:
    for key, value in sidecar.items():
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        for item in values:
            text = str(item)[:10] if key == "published_date" else str(item)
            yield _evidence(key, text, "sidecar", json.dumps({key: value}, ensure_ascii=False))
            if key == "publisher" and "outlet" not in sidecar:
                # Where nothing says the piece ran elsewhere first, the publishing site is its outlet.
                yield _evidence("outlet", text, "sidecar:publisher", json.dumps({key: value}, ensure_ascii=False))
