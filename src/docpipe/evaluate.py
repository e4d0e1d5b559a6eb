"""Scoring extracted values against ground truth: how close an extraction (docpipe's, or any other system's)
is to what a person annotated. `bench/quality.py`, `bench/plaintext.py` and the corpus tests all score with
these functions, and a user can evaluate docpipe against their own truth the same way:

    from docpipe import evaluate
    evaluate.title_equal(doc.metadata.title, "The headline")
    precision, recall = evaluate.body_precision_recall(doc.body_text, true_body)

Every normalisation happens here, on both sides of a comparison, never in the data: ground-truth conventions
differ between datasets (dates as days or timestamps, bylines as "By X" strings or lists, titles with or without a
site suffix) and the systems differ too (trafilatura joins authors with "; ", docpipe returns a list).

- body: the ScrapingHub article-extraction-benchmark metric on sets of lowercased word 4-gram shingles
  (`body_precision_recall`, `body_f1`);
- with / without: trafilatura-evaldata's snippets, found or absent in the body (`snippets_found`,
  `snippets_absent`);
- title, author, date, outlet: equality after folding (`title_equal`, `authors_equal`, `date_equal`,
  `outlet_equal`); an empty truth ("annotated as having none") is met only by no value;
- body prefix: goose3's check that the body starts with the expected text's first words (`body_starts_with`);
- sections (Fundus's annotations): standfirst paragraphs found in a system's standfirst (`standfirst_found`,
  `standfirst_recall`), subhead lines matched one to one (`subhead_matches`, `subhead_misses`,
  `subhead_precision_recall`);
- the learned metadata scorer's gate: whether a field's model, cross-validated by site, replaces the rules
  (`model_holds`, with a paired `sign_test`).

Only the standard library (and `docpipe.rules`, which is too): importing this module loads none of the extractors.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from docpipe.rules import outlets

# --- text folding ----------------------------------------------------------------------------------------------

TOKEN = re.compile(r"\w+")
SHINGLE_SIZE = 4


def fold(text: str) -> str:
    """NFKC, casefold, punctuation, symbols and separators as spaces, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = "".join(" " if unicodedata.category(char)[0] in "PSZ" else char for char in text)
    return " ".join(text.split())


def fold_whitespace(text: str) -> str:
    """NFKC (ligatures, no-break and full-width characters), runs of whitespace as one space, ends stripped;
    case and punctuation kept."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


# --- body: ScrapingHub shingles --------------------------------------------------------------------------------


def tokens(text: str) -> list[str]:
    """Lowercased word tokens (`\\w+`), as the ScrapingHub benchmark tokenises (plus lowercasing)."""
    return TOKEN.findall(text.lower())


def shingles(text: str, size: int = SHINGLE_SIZE) -> set[tuple[str, ...]]:
    """The set of word `size`-grams of the text; a non-empty text shorter than `size` words is one shingle."""
    words = tokens(text)
    if not words:
        return set()
    return {tuple(words[i : i + size]) for i in range(max(1, len(words) - size + 1))}


def body_precision_recall(predicted: str, truth: str) -> tuple[float, float]:
    """Per-document precision = |pred ∩ truth| / |pred| and recall = |pred ∩ truth| / |truth| over shingle sets.

    Both empty is a perfect 1/1; exactly one empty is 0/0 (so a rejected page or an empty extraction costs
    precision as well as recall, unlike the upstream script, which leaves empty predictions out of precision)."""
    pred, true = shingles(predicted), shingles(truth)
    if not pred and not true:
        return 1.0, 1.0
    if not pred or not true:
        return 0.0, 0.0
    common = len(pred & true)
    return common / len(pred), common / len(true)


def harmonic_mean(a: float, b: float) -> float:
    return 2 * a * b / (a + b) if a + b else 0.0


def body_f1(pairs: Sequence[tuple[float, float]]) -> tuple[float, float, float]:
    """(F1, precision, recall) of a set of documents: precision and recall are averaged over documents first,
    then F1 is the harmonic mean of the two means, as in the ScrapingHub benchmark."""
    if not pairs:
        return 0.0, 0.0, 0.0
    precision = sum(p for p, _ in pairs) / len(pairs)
    recall = sum(r for _, r in pairs) / len(pairs)
    return harmonic_mean(precision, recall), precision, recall


def shingle_gaps(text: str, other: str, limit: int = 3, width: int = 240) -> list[str]:
    """The longest runs of `text` whose shingles are not in `other`: what an extraction added (text = prediction)
    or lost (text = truth). For studying misses only; not a metric."""
    words = TOKEN.findall(text)
    lowered = [w.lower() for w in words]
    reference = shingles(other)
    if len(words) < SHINGLE_SIZE:
        return [" ".join(words)[:width]] if words and tuple(lowered) not in reference else []
    outside = [tuple(lowered[i : i + SHINGLE_SIZE]) not in reference for i in range(len(words) - SHINGLE_SIZE + 1)]
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for index, flag in enumerate([*outside, False]):
        if flag and start is None:
            start = index
        elif not flag and start is not None:
            runs.append((start, index - 1 + SHINGLE_SIZE))
            start = None
    runs.sort(key=lambda run: run[0] - run[1])
    return [" ".join(words[a:b])[:width] for a, b in runs[:limit]]


# --- with / without snippets (trafilatura-evaldata) ------------------------------------------------------------


def snippets_found(snippets: Iterable[str], body: str) -> list[bool]:
    """For each `with` snippet: is it in the body (a hit)?"""
    folded = fold_whitespace(body)
    return [fold_whitespace(s) in folded for s in snippets]


def snippets_absent(snippets: Iterable[str], body: str) -> list[bool]:
    """For each `without` snippet: is it absent from the body (a hit)?"""
    folded = fold_whitespace(body)
    return [fold_whitespace(s) not in folded for s in snippets]


PREFIX_WORDS = 20


def body_starts_with(body: str, prefix: str, words: int = PREFIX_WORDS) -> bool:
    """goose3's body check, "does the body start in the right place": the body's first words (lowercased `\\w+`
    tokens of the NFKC text) are the expected text's first `words` words (all of them if it is shorter). goose3
    itself asserts `startswith` on the whole expected text, which some full-body expectations fail on a single
    quote mark."""
    expected = tokens(unicodedata.normalize("NFKC", prefix))[:words]
    return bool(expected) and tokens(unicodedata.normalize("NFKC", body))[: len(expected)] == expected


# --- title -----------------------------------------------------------------------------------------------------

# " | Site", " - Site", " – Site" (and the em dash " — Site"), spaces required around the separator.
SITE_SUFFIX_SEPARATOR = re.compile(r"\s+[|\-–—]\s+")


def title_forms(title: str) -> set[str]:
    """The folded title, and the folded title without a trailing " | Site" / " - Site" / " – Site" suffix. The
    suffix may start at any separator, as site names have separators too ("… - My Daily Magazine - Art, Design")."""
    title = fold_whitespace(title)
    forms = {fold(title)}
    for separator in SITE_SUFFIX_SEPARATOR.finditer(title):
        forms.add(fold(title[: separator.start()]))
    return forms - {""}


def title_equal(predicted: str | None, truth: str | None) -> bool:
    """Equal after NFKC, casefold and punctuation/whitespace folding; a trailing site suffix may be dropped on
    either side. An empty truth is met only by no title."""
    if not title_forms(truth or ""):
        return not title_forms(predicted or "")
    return bool(predicted) and bool(title_forms(predicted or "") & title_forms(truth or ""))


# --- authors ---------------------------------------------------------------------------------------------------

TRUTH_NAME_SEPARATORS = re.compile(r"[,;&|/]|\s+and\s+", re.IGNORECASE)
LEADING_BY = re.compile(r"^by\s+", re.IGNORECASE)
# "By" alone on the byline element's first line, the name on the next ("By⏎\t\tScott Cunningham").
BY_LINE = re.compile(r"^\s*by\s*\n\s*", re.IGNORECASE)
# A part of a byline that is a degree, not a name ("Michael L. Anderson, PhD").
POST_NOMINALS = frozenset({"phd", "md", "ma", "mba", "msc", "mph", "rn"})


def author_names(value: str | Iterable[str] | None) -> set[str]:
    """The set of folded person names in a byline string or a list of names: split on `,` `;` `&` `|` `/` and
    " and ", a leading "By" dropped, degrees (PhD, MD, …) dropped. A byline string on several lines counts by its
    first line: the text of a byline element ("By Kelli Miller⏎ WebMD Health News", "By X⏎ March 25, 2015")
    puts the desk, the date or the credentials on the lines after the name."""
    if value is None:
        return set()
    names: set[str] = set()
    items = [BY_LINE.sub("By ", value).strip().split("\n")[0]] if isinstance(value, str) else value
    for item in items:
        for part in TRUTH_NAME_SEPARATORS.split(unicodedata.normalize("NFKC", item)):
            name = fold(LEADING_BY.sub("", fold_whitespace(part)))
            if name and name not in POST_NOMINALS:
                names.add(name)
    return names


def authors_equal(predicted: str | Iterable[str] | None, truth: str | Iterable[str]) -> bool:
    """The same set of names after folding. An empty truth ("" = annotated as no author) is met only by no
    author at all."""
    return author_names(predicted) == author_names(truth)


# --- dates -----------------------------------------------------------------------------------------------------

ISO_TIMESTAMP = re.compile(
    r"(\d{4})-(\d{1,2})[-./](\d{1,2})"  # the day; "2022-11-1" and "2022-01.26" occur in the truth
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*(Z|[+-]\d{2}:?\d{2})?)?"
)


def calendar_days(value: str | date | None) -> set[date]:
    """The days a date or timestamp may stand for: the day as written, and for a timestamp with a UTC offset its
    UTC day too."""
    if value is None:
        return set()
    if isinstance(value, datetime):
        days = {value.date()}
        if value.tzinfo is not None:
            days.add(value.astimezone(UTC).date())
        return days
    if isinstance(value, date):
        return {value}
    match = ISO_TIMESTAMP.search(value)
    if not match:
        return set()
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        written = date(int(year), int(month), int(day))
    except ValueError:
        return set()
    days = {written}
    if hour is not None and zone is not None:
        offset = timedelta(0)
        if zone != "Z":
            sign = -1 if zone[0] == "-" else 1
            digits = zone[1:].replace(":", "")
            offset = sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        moment = datetime(written.year, written.month, written.day, int(hour), int(minute), int(second or 0))
        days.add((moment - offset).date())
    return days


def date_equal(predicted: str | date | None, truth: str | date | None) -> bool:
    """The same calendar day: either side's date as written or, for a timestamp with an offset, its UTC day. An
    empty truth (None or "") is met only by no date; a truth that holds no date is met by nothing."""
    if truth is None or (isinstance(truth, str) and not truth.strip()):
        return predicted is None or (isinstance(predicted, str) and not predicted.strip())
    return bool(calendar_days(predicted) & calendar_days(truth))


# --- outlet ----------------------------------------------------------------------------------------------------

SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://")
# A trailing public suffix: ".com", ".fr", ".co.uk", ".com.au" …
DOMAIN_SUFFIX = re.compile(r"(?:\.(?:co|com|org|net|ac|gov|edu))?\.[a-z]{2,6}$")


def outlet_forms(value: str) -> set[str]:
    """The folded name without a leading "the", and if the value looks like a domain ("Salon.com",
    "www.tmz.com", "Le Monde.fr") its main label too; spaces removed, so "arstechnica.com" meets "Ars Technica"
    but "nytimes.com" does not meet "The New York Times"."""
    forms = {fold(value).removeprefix("the ")}
    text = unicodedata.normalize("NFKC", value).casefold().strip()
    raw = SCHEME.sub("", text)
    if raw != text or " " not in raw:  # a URL or a bare domain: the host only
        raw = raw.split("/")[0]
    raw = raw.removeprefix("www.")
    match = DOMAIN_SUFFIX.search(raw)
    if match and match.start() > 0:
        main = raw[: match.start()].rsplit(".", 1)[-1]
        forms.add(fold(main).removeprefix("the "))
    return {form.replace(" ", "") for form in forms} - {""}


def outlet_equal(predicted: str | None, truth: str | None) -> bool:
    """Equal after folding and dropping a leading "the"; a domain's main label may stand for the name; a name
    meets the same name with a tagline on either side, the name being the shorter end ("Mozilla Hacks – the Web
    developer blog": datasets copy `og:site_name` whole, docpipe keeps the name). An empty truth is met only by no
    outlet."""
    if not outlet_forms(truth or ""):
        return not outlet_forms(predicted or "")
    if not predicted:
        return False
    mine, theirs = outlet_forms(predicted), outlet_forms(truth or "")
    if mine & theirs:
        return True
    parts = outlets.TAGLINE_BREAK.split(truth or "")
    # The name is the shorter end: "Name – a tagline", "A headline | Name".
    name = min((parts[0], parts[-1]), key=lambda part: len(part.split()))
    return len(parts) > 1 and bool(mine & outlet_forms(name))


# --- sections: standfirst and subheads -------------------------------------------------------------------------


def standfirst_found(predicted: Iterable[str], truth: Iterable[str]) -> list[bool]:
    """For each annotated standfirst paragraph (one that folds to some text): is its folded text inside the folded
    text of the system's standfirst section(s)?

    Containment on word boundaries, not equality: systems and annotators cut a standfirst differently (two
    paragraphs kept as one section, a section that also holds a kicker), and what a reader needs is the annotated
    text labelled as standfirst. This is recall only: it says nothing of what else a system labelled standfirst."""
    given = " ".join(fold(text) for text in predicted)
    return [contains_words(given, paragraph) for paragraph in map(fold, truth) if paragraph]


def contains_words(haystack: str, needle: str) -> bool:
    """`needle` occurs in `haystack` on word boundaries (both folded with `fold`); an empty needle never does."""
    return bool(needle) and f" {needle} " in f" {haystack} "


def standfirst_recall(predicted: Iterable[str], truth: Iterable[str]) -> float:
    """The share of annotated standfirst paragraphs found (`standfirst_found`); 1.0 when none is annotated
    (nothing to find). Over a set of documents, count the hits of `standfirst_found` instead of averaging this,
    so that a page with three standfirst paragraphs weighs three times a page with one."""
    hits = standfirst_found(predicted, truth)
    return sum(hits) / len(hits) if hits else 1.0


def subhead_lines(headings: Iterable[str]) -> list[str]:
    """Every non-empty line of the headings, whitespace-folded. A line is the unit on both sides: Fundus annotates
    a section's headline as a list of lines (a live blog's day and time, a list item's number and name), and a
    system may give two such lines as one heading."""
    return [line for heading in headings for raw in heading.split("\n") if (line := fold_whitespace(raw))]


def unpaired(lines: Sequence[str], others: Sequence[str]) -> list[str]:
    """The lines with no partner among the others, pairing one to one on equality after `fold` (so a line given
    twice is paired once unless the others hold it twice)."""
    spare = Counter(fold(line) for line in others)
    left = []
    for line in lines:
        key = fold(line)
        if spare[key] > 0:
            spare[key] -= 1
        else:
            left.append(line)
    return left


def subhead_misses(predicted: Iterable[str], truth: Iterable[str]) -> tuple[list[str], list[str]]:
    """(invented, missed): the system's subhead lines with no annotated partner, and the annotated lines with no
    partner among the system's (`unpaired`: case, punctuation and spacing do not count)."""
    given, annotated = subhead_lines(predicted), subhead_lines(truth)
    return unpaired(given, annotated), unpaired(annotated, given)


def subhead_matches(predicted: Iterable[str], truth: Iterable[str]) -> tuple[int, int, int]:
    """(matched, given, annotated) subhead lines: the counts that precision (matched / given) and recall
    (matched / annotated) are made of. Sum them over documents for a set's precision and recall, so every
    subhead counts once whatever page it is on."""
    given, annotated = subhead_lines(predicted), subhead_lines(truth)
    return len(given) - len(unpaired(given, annotated)), len(given), len(annotated)


def subhead_precision_recall(predicted: Iterable[str], truth: Iterable[str]) -> tuple[float, float]:
    """(precision, recall) of one document's subhead lines. No subhead given is precision 1.0 (none invented)
    and none annotated is recall 1.0 (none missed): a page without subheads is not a failure to find any."""
    matched, given, annotated = subhead_matches(predicted, truth)
    return (matched / given if given else 1.0), (matched / annotated if annotated else 1.0)


# --- the learned scorer's gate ---------------------------------------------------------------------------------

GATE_MIN_PAGES = 50  # a dataset this large that the model does clearly worse on keeps the field on the rules
GATE_SIGNIFICANCE = 0.05


def model_holds(row: Mapping[str, Any]) -> bool:
    """Whether a field's learned model replaces the hand-ordered rules, from its cross-validation report
    (`bench/train_metadata.py`: accuracy `model` and `rules` overall, and per dataset also `pages`, `model_only`
    and `rules_only`, the pages only one of the two gets right). It must beat the rules over all pages, and be
    clearly worse on no dataset of GATE_MIN_PAGES pages or more: a gain on average that one set pays for is a
    convention of the other sets learned, not a better reading. "Clearly" is a paired sign test (McNemar's exact
    form) on the pages where only one is right, two-sided at GATE_SIGNIFICANCE: a few pages either way are what any
    change of ranking moves, and the rules are not cross-validated (they were written looking at these sets)."""
    if row["model"] <= row["rules"]:
        return False
    return not any(
        cells["rules_only"] > cells["model_only"]
        and sign_test(int(cells["model_only"]), int(cells["rules_only"])) < GATE_SIGNIFICANCE
        for cells in row["by_dataset"].values()
        if cells["pages"] >= GATE_MIN_PAGES
    )


def sign_test(wins: int, losses: int) -> float:
    """Two-sided exact binomial p-value of `wins` against `losses` under a fair coin."""
    trials = wins + losses
    if not trials:
        return 1.0
    tail = sum(math.comb(trials, k) for k in range(min(wins, losses) + 1)) / 2**trials
    return min(1.0, 2 * tail)
