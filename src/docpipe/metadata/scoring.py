"""How sure each metadata candidate is, from features a reader can name: a small logistic regression per field.

The candidates of a field (every extractor's reading, `metadata`) are scored by a model learned from the shared
corpus's ground truth (`bench/train_metadata.py`, grouped by site so no site is both learned from and checked
on). Its weights ship as data (`docpipe/data/metadata_model.json`), read with plain Python: processing needs no ML
library, and a document's scores are a few dot products, the same on every machine. The model's version and hash
go into each run's provenance; `explain` shows a candidate's score and its largest contributions.

Features, per candidate of a field, from the candidate and the field's other candidates only:
- `method:<name>`: which extractor read it (one-hot; the registry in `docpipe.rules.methods`);
- `agreement`: how many other source families propose the same value (meta tags count once: `metadata`);
- `alone`: no other source proposes it;
- `rules_pick`: the hand-ordered rules would select it (method rank; agreement first for titles), so the model
  learns where to overrule them rather than the whole ordering again;
- title: `words` (log of its word count), `short` (three words or fewer), `long` (twenty or more), `longest` and
  `shortest` (the most or fewest words among the field's candidates, when their lengths differ: a headline
  against a section's name, a full headline against a cut one),
  `sentence` (ends with a full stop, as descriptions do), `shown` (the visible headline, an `<h1>` or the text's
  headline, is or says the same), `site_suffix` (ends like " | Site"), `holds_other` (another candidate is
  part of it: a longer variant), `held_by_other` (it is part of another), `names_site` (it holds a name the page's
  outlet candidates give: "Title - Site");
- outlet: `words`, `url_like` (a domain or URL), `has_digit`;
- title of a plain text (the plain-text model, `docpipe/data/plaintext_model.json`, fitted by
  `bench/train_plaintext.py` on real tools' text): `words`, `short`, `long`, `sentence`, `starts_with_punctuation`,
  `site_cut` (a first line whose " | Site" was cut), and where its line sits: `first_line`, `line_index`,
  `after_prose` (a paragraph of prose comes before it: a subhead or caption), `on_topic` (the share of its content
  words found in the prose that follows: a headline announces the article, a menu line does not), `repeated`
  (another line holds it: a page's `<title>` and its headline), `next_words` (the length of the line after it);
- published_date: `before_1995`, `url_date_agrees` and `url_date_far` (the URL's date, where one is a candidate:
  the same day, or more than 30 days away), `earliest` and `latest` among the candidates' days, `is_modified_day`
  (a modified-date candidate gives the same day: an update's date).
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from itertools import islice

from docpipe.model import Evidence
from docpipe.rules import outlets
from docpipe.rules.dates import EARLIEST_PLAUSIBLE
from docpipe.rules.sections import CONTENT_WORD, ON_TOPIC_PARAGRAPHS, PROSE_MIN_WORDS
from docpipe.text.compare import title_key, value_key

MODEL_RESOURCE = "metadata_model.json"
PLAIN_TEXT_MODEL_RESOURCE = "plaintext_model.json"  # the same format, fitted on real tools' plain text
MODEL_FORMAT = "docpipe-metadata-model"
HTML_INPUT, PLAIN_TEXT_INPUT = "html", "text"
LEARNED_FIELDS = ("title", "published_date", "outlet")  # one value each; authors (a set) keep their rules
AGREEMENT_CAP = 5
URL_DATE_METHOD = "url"  # the /YYYY/MM/DD/ of the page's URL
URL_DATE_FAR_DAYS = 30
URL_LIKE = re.compile(r"https?://|www\.|^\S+\.[a-z]{2,}(?:/\S*)?$", re.I)
TOP_CONTRIBUTIONS = 3


@dataclass(frozen=True, slots=True)
class FieldModel:
    bias: float
    weights: dict[str, float]


@dataclass(frozen=True, slots=True)
class Model:
    version: str
    sha256: str  # of the shipped file's bytes: which weights scored a run
    fields: dict[str, FieldModel]
    input: str = HTML_INPUT  # the documents its features read: HTML pages, or plain text (`PLAIN_SHAPE`)


@dataclass(frozen=True, slots=True)
class PageContext:
    """What other fields' candidates say that a field's features use."""

    site_names: frozenset[str] = frozenset()  # folded outlet and publisher candidates
    modified_days: frozenset[str] = frozenset()  # ISO days of modified-date candidates
    lines: tuple[TextLine, ...] = ()  # a plain text's non-empty lines (its clean text), for `PLAIN_SHAPE`

    @classmethod
    def of(cls, candidates: Sequence[Evidence], plain_text: str | None = None) -> PageContext:
        return cls(
            frozenset(
                name
                for c in candidates
                if c.field in ("outlet", "publisher") and len(name := title_key(c.value)) >= SITE_NAME_MIN_CHARS
            ),
            frozenset(c.value[:10] for c in candidates if c.field == "modified_date"),
            text_lines(plain_text) if plain_text else (),
        )


@dataclass(frozen=True, slots=True)
class TextLine:
    start: int  # the line's offsets in the clean text
    end: int
    text: str
    key: str  # title_key of the text
    words: int


def text_lines(text: str) -> tuple[TextLine, ...]:
    lines, offset = [], 0
    for raw in text.split("\n"):
        if raw.strip():
            lines.append(TextLine(offset, offset + len(raw), raw.strip(), title_key(raw), len(raw.split())))
        offset += len(raw) + 1
    return tuple(lines)


SITE_NAME_MIN_CHARS = 3
SHORT_TITLE_WORDS = 3  # a section's or a site's name, or a headline cut short
LONG_TITLE_WORDS = 20  # a description or a teaser rather than a headline


@dataclass(frozen=True, slots=True)
class Score:
    # bias + Σ weight × feature. The weights are fitted on pairs, so a score means nothing alone: the higher of two
    # wins, and 1 / (1 + exp(b − a)) is the model's probability that the candidate scoring a, not b, is right.
    value: float
    contributions: tuple[tuple[str, float], ...]  # (feature, weight × value), largest magnitude first

    def terms(self) -> str:
        """The largest contributions, as `explain` prints them: "agreement +1.31; method:html:h1 +0.52"."""
        return "; ".join(f"{name} {value:+.2f}" for name, value in self.contributions[:TOP_CONTRIBUTIONS])


@functools.cache
def load_model(resource: str = MODEL_RESOURCE) -> Model:
    data = resources.files("docpipe.data").joinpath(resource).read_bytes()
    return parse_model(data)


def load_plain_text_model() -> Model:
    return load_model(PLAIN_TEXT_MODEL_RESOURCE)


def parse_model(data: bytes) -> Model:
    document = json.loads(data)
    if document.get("format") != MODEL_FORMAT:
        raise ValueError(f"not a {MODEL_FORMAT} file")
    fields = {
        name: FieldModel(float(spec["bias"]), {k: float(v) for k, v in spec["weights"].items()})
        for name, spec in document["fields"].items()
    }
    model_input = str(document.get("input", HTML_INPUT))
    return Model(str(document["version"]), hashlib.sha256(data).hexdigest(), fields, model_input)


def model_provenance() -> str:
    """The models as a run's provenance names them: "metadata-model 1 sha256:…; plaintext-model 1 sha256:…"."""
    html, plain = load_model(), load_plain_text_model()
    return f"metadata-model {html.version} sha256:{html.sha256}; plaintext-model {plain.version} sha256:{plain.sha256}"


def score_candidates(
    field_name: str,
    candidates: Sequence[Evidence],
    rules_pick: int,
    context: PageContext,
    model: Model | None = None,
) -> list[Score]:
    """A score per candidate of `field_name`, in their order; `rules_pick` is the index the rules would select."""
    model = model or load_model()
    field_model = model.fields[field_name]
    scores = []
    for features in candidate_features(field_name, candidates, rules_pick, context, model.input):
        contributions = sorted(
            ((name, field_model.weights.get(name, 0.0) * value) for name, value in features.items() if value),
            key=lambda item: (-abs(item[1]), item[0]),
        )
        total = field_model.bias + sum(value for _, value in contributions)
        scores.append(Score(total, tuple((n, v) for n, v in contributions if v)))
    return scores


def candidate_features(
    field_name: str,
    candidates: Sequence[Evidence],
    rules_pick: int,
    context: PageContext,
    model_input: str = HTML_INPUT,
) -> list[dict[str, float]]:
    """The named features of each candidate of one field (see the module's docstring)."""
    shape = (PLAIN_SHAPE if model_input == PLAIN_TEXT_INPUT else SHAPE)[field_name]
    same = SAME_VALUE[field_name]
    keys = [KEY[field_name](c.value) for c in candidates]
    families = [source_family(c.method) for c in candidates]
    rows = []
    for index, candidate in enumerate(candidates):
        agreeing = {
            families[j] for j in range(len(candidates)) if families[j] != families[index] and same(keys[index], keys[j])
        }
        agreement = min(len(agreeing), AGREEMENT_CAP)
        features = {
            f"method:{candidate.method}": 1.0,
            "agreement": float(agreement),
            "alone": float(agreement == 0),
            "rules_pick": float(index == rules_pick),
        }
        features.update(shape(index, candidates, keys, context))
        rows.append(features)
    return rows


def source_family(method: str) -> str:
    """Methods that read the same thing count once: all meta tags (og:title is copied from twitter:title and
    back), and the visible headline (trafilatura's title is mostly the h1)."""
    if method.startswith("meta:"):
        return "meta"
    return "visible" if method in ("html:h1", "text:headline") else method


def same_title(a: str, b: str) -> bool:
    """Equal, or one the other's start (a title is the start of "Title | Site")."""
    return bool(a and b) and (a == b or a.startswith(b + " ") or b.startswith(a + " "))


def _equal(a: str, b: str) -> bool:
    return bool(a) and a == b


def _title_shape(index: int, candidates: Sequence[Evidence], keys: list[str], context: PageContext) -> dict[str, float]:
    candidate, mine = candidates[index], keys[index]
    others = [key for j, key in enumerate(keys) if j != index and key and key != mine]
    padded = f" {mine} "
    counts = [len(c.value.split()) for c in candidates]
    words, lengths = counts[index], sorted(set(counts))
    shown = [key for c, key in zip(candidates, keys, strict=True) if source_family(c.method) == "visible"]
    return {
        "shown": float(any(same_title(mine, key) for key in shown)),
        "words": math.log1p(words),
        "short": float(words <= SHORT_TITLE_WORDS),
        "long": float(words >= LONG_TITLE_WORDS),
        "longest": float(len(lengths) > 1 and words == lengths[-1]),
        "shortest": float(len(lengths) > 1 and words == lengths[0]),
        "sentence": float(candidate.value.rstrip().endswith(".")),
        "site_suffix": float(bool(outlets.TITLE_SITE_SUFFIX.search(candidate.value))),
        "holds_other": float(any(other in mine for other in others)),
        "held_by_other": float(any(mine in other for other in others)),
        "names_site": float(any(f" {name} " in padded and name != mine for name in context.site_names)),
    }


def _plain_title_shape(
    index: int, candidates: Sequence[Evidence], keys: list[str], context: PageContext
) -> dict[str, float]:
    """A plain text's title candidate by where its line sits and what is around it (the text has no markup)."""
    candidate, mine = candidates[index], keys[index]
    words = len(candidate.value.split())
    lines = context.lines
    start = candidate.char_start
    at = next((i for i, line in enumerate(lines) if start is not None and line.start <= start <= line.end), None)
    features = {
        "words": math.log1p(words),
        "short": float(words <= SHORT_TITLE_WORDS),
        "long": float(words >= LONG_TITLE_WORDS),
        "sentence": float(candidate.value.rstrip().endswith(".")),
        "starts_with_punctuation": float(bool(candidate.value) and not candidate.value[0].isalnum()),
        "site_cut": float(at is not None and len(candidate.value) < len(lines[at].text)),
    }
    if at is None:
        return features
    prose_after = islice((line.text for line in lines[at + 1 :] if line.words >= PROSE_MIN_WORDS), ON_TOPIC_PARAGRAPHS)
    article = set(CONTENT_WORD.findall(" ".join(prose_after).casefold()))
    words_of_mine = set(CONTENT_WORD.findall(candidate.value.casefold()))
    features |= {
        # a headline comes before the article's prose and announces it; a subhead or caption comes after prose,
        # a menu line shares nothing with it
        "after_prose": float(any(line.words >= PROSE_MIN_WORDS for line in lines[:at])),
        "on_topic": len(words_of_mine & article) / len(words_of_mine) if words_of_mine else 0.0,
        "first_line": float(at == 0),
        "line_index": math.log1p(at),
        # the page's <title> then its headline: a title a full-page dump repeats further down
        "repeated": float(bool(mine) and any(i != at and mine in line.key for i, line in enumerate(lines))),
        "next_words": math.log1p(lines[at + 1].words if at + 1 < len(lines) else 0),
    }
    return features


def _outlet_shape(
    index: int, candidates: Sequence[Evidence], keys: list[str], context: PageContext
) -> dict[str, float]:
    value = candidates[index].value.strip()
    return {
        "words": math.log1p(len(value.split())),
        "url_like": float(bool(URL_LIKE.search(value))),
        "has_digit": float(any(ch.isdigit() for ch in value)),
    }


def _date_shape(index: int, candidates: Sequence[Evidence], keys: list[str], context: PageContext) -> dict[str, float]:
    days = [_day(key) for key in keys]
    mine = days[index]
    if mine is None:
        return {}
    url_days = [day for c, day in zip(candidates, days, strict=True) if c.method == URL_DATE_METHOD and day]
    known = [day for day in days if day is not None]
    features = {
        "before_1995": float(mine < EARLIEST_PLAUSIBLE),
        "is_modified_day": float(keys[index][:10] in context.modified_days),
        "earliest": float(len(set(known)) > 1 and mine == min(known)),
        "latest": float(len(set(known)) > 1 and mine == max(known)),
    }
    if url_days and candidates[index].method != URL_DATE_METHOD:
        gap = min(abs((mine - day).days) for day in url_days)
        features["url_date_agrees"] = float(gap == 0)
        features["url_date_far"] = float(gap > URL_DATE_FAR_DAYS)
    return features


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


ShapeFeatures = Callable[[int, Sequence[Evidence], list[str], PageContext], dict[str, float]]
KEY: dict[str, Callable[[str], str]] = {"title": title_key, "outlet": value_key, "published_date": str.strip}
SAME_VALUE: dict[str, Callable[[str, str], bool]] = {"title": same_title, "outlet": _equal, "published_date": _equal}
SHAPE: dict[str, ShapeFeatures] = {"title": _title_shape, "outlet": _outlet_shape, "published_date": _date_shape}
PLAIN_SHAPE: dict[str, ShapeFeatures] = {"title": _plain_title_shape}
