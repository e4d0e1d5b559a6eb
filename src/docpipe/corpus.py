"""The shared corpus's data sets read as pages with their ground truth, and trafilatura's reading of the same
pages: what the quality benchmark, the plain-text fixtures' builder and the scorer's training share.

Each loader takes a data set's folder (`../shared/corpus/NAME`, see its README) and gives its pages, the truth in the
data set's own form (normalised only by `docpipe.evaluate`). Nothing here reads docpipe's rules.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

SCRAPINGHUB = "scrapinghub-aeb"
READABILITY = "mozilla-readability-testpages"
TRAF_EVAL = "trafilatura-evaldata"
HTMLDATE = "htmldate-eval"
NEWSPAPER = "newspaper4k-testdata"
GOOSE = "goose3-testdata"
FUNDUS = "fundus-dev"
DATASETS = (SCRAPINGHUB, READABILITY, TRAF_EVAL, HTMLDATE, NEWSPAPER, GOOSE, FUNDUS)
# htmldate-eval's "default" annotations point at trafilatura-evaldata's pages: they are scored from that dataset's
# outputs (no second run) in a block of their own, left out of the overall block so no page counts twice.
HTMLDATE_SHARED = f"{HTMLDATE}/default"

HTML_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?\s*([A-Za-z]{2,3})", re.IGNORECASE)
LANG_SNIFF_BYTES = 300_000


# --- pages and ground truth --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Truth:
    """What a page's annotation says, in the dataset's own form (normalised only by the scorer). None = not
    annotated; for author, "" (or an empty list) = annotated as having no author."""

    body: str | None = None
    body_prefix: str | None = None
    with_snippets: tuple[str, ...] | None = None
    without_snippets: tuple[str, ...] | None = None
    title: str | None = None
    author: str | tuple[str, ...] | None = None
    date: str | None = None
    outlet: str | None = None
    standfirst: tuple[str, ...] | None = None  # paragraphs; () = annotated as having none
    subheads: tuple[str, ...] | None = None  # lines; () = annotated as having none

    def value(self, name: str) -> Any:
        return {
            "body": self.body,
            "body_prefix": self.body_prefix,
            "with": self.with_snippets,
            "without": self.without_snippets,
            "title": self.title,
            "author": self.author,
            "date": self.date,
            "outlet": self.outlet,
            "standfirst": self.standfirst,
            "subheads": self.subheads,
        }[name]


@dataclass(frozen=True, slots=True)
class Page:
    dataset: str
    key: str
    html_path: Path
    url: str | None
    language: str | None  # ISO 639-1, lowercase; None when unknown
    truth: Truth
    block: str  # the printed block the page is scored in
    publisher: str | None = None  # the site, where the dataset names it (Fundus): decides the page's half

    @property
    def uid(self) -> str:
        return f"{self.block}\t{self.key}"

    @property
    def english(self) -> bool:
        return self.language == "en"

    @property
    def half(self) -> str | None:
        return site_half(self.publisher) if self.publisher is not None else None


TUNED, MEASURED = "tuned", "measured"
SPLIT_RULE = "publisher in the tuned half when int(sha256(publisher name as UTF-8), 16) is even, else measured"


def site_half(publisher: str) -> str:
    """The half a site's pages belong to, from the sha256 of its name alone: the same publisher always falls on
    the same side, whatever other pages a dataset holds or gains, and nobody chose which."""
    return TUNED if int(hashlib.sha256(publisher.encode("utf-8")).hexdigest(), 16) % 2 == 0 else MEASURED


def text_or_none(value: Any) -> str | None:
    """A non-empty string, else None (the corpus has null, "", NaN and the string "None" for "not annotated")."""
    if not isinstance(value, str) or not value.strip() or value.strip() == "None":
        return None
    return value


def language_code(value: Any) -> str | None:
    text = text_or_none(value)
    return text.strip().lower().replace("_", "-").split("-")[0] if text else None


def html_language(path: Path) -> str | None:
    """The page's `<html lang>` (first subtag, lowercase), None if it has none."""
    try:
        head = gzip.decompress(path.read_bytes())[:LANG_SNIFF_BYTES]
    except (OSError, EOFError):
        return None
    match = HTML_LANG.search(head)
    return match.group(1).decode("ascii").lower() if match else None


def load_json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def load_scrapinghub(folder: Path) -> list[Page]:
    pages = []
    for key, record in load_json(folder / "ground-truth.json").items():
        path = folder / "html" / f"{key}.html.gz"
        truth = Truth(body=record.get("articleBody") or "")
        pages.append(
            Page(SCRAPINGHUB, key, path, text_or_none(record.get("url")), html_language(path), truth, SCRAPINGHUB)
        )
    return pages


def load_readability(folder: Path) -> list[Page]:
    """The 94 real pages (the 36 synthetic unit-test snippets are left out). The pages carry no URL."""
    pages = []
    for key, record in load_json(folder / "ground-truth.json").items():
        if record.get("synthetic_unit_test"):
            continue
        path = folder / record["source_html"]
        truth = Truth(
            body=record.get("expected_text") or "",
            title=text_or_none(record.get("title")),
            author=text_or_none(record.get("byline")),
            date=text_or_none(record.get("publishedTime")),
            outlet=text_or_none(record.get("siteName")),
        )
        language = language_code(record.get("lang")) or html_language(path)
        pages.append(Page(READABILITY, key, path, None, language, truth, READABILITY))
    return pages


def traf_eval_author(value: Any) -> str | tuple[str, ...] | None:
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    return value if isinstance(value, str) else None  # "" stays: annotated as no author


def load_traf_eval(folder: Path) -> list[Page]:
    pages = []
    for key, record in load_json(folder / "ground-truth.json").items():
        path = folder / record["html_path"]
        truth = Truth(
            with_snippets=tuple(record.get("with") or ()),
            without_snippets=tuple(record.get("without") or ()),
            title=text_or_none(record.get("title")),
            author=traf_eval_author(record.get("author")),
            date=text_or_none(record.get("date")),
            outlet=text_or_none(record.get("sitename")),
        )
        pages.append(Page(TRAF_EVAL, key, path, key, html_language(path), truth, TRAF_EVAL))
    return pages


def load_htmldate(folder: Path) -> list[Page]:
    """The 200 MediaCloud pages (block htmldate-eval) and the "default" annotations whose page is staged in
    trafilatura-evaldata (block htmldate-eval/default). A NaN date (no clear date upstream) is not a truth."""
    pages = []
    for key, record in load_json(folder / "ground-truth.json").items():
        if not record.get("html_path"):
            continue
        path = (folder / record["html_path"]).resolve()
        block = HTMLDATE if record.get("subset") == "mediacloud_2020" else HTMLDATE_SHARED
        truth = Truth(date=text_or_none(record.get("date")))
        pages.append(Page(HTMLDATE, key, path, key, html_language(path), truth, block))
    return pages


def load_newspaper(folder: Path) -> list[Page]:
    pages = []
    for key, record in load_json(folder / "ground-truth.json").items():
        path = folder / record["html_path"]
        authors = tuple(record.get("authors") or ())
        truth = Truth(
            body=record.get("text") or "",
            title=text_or_none(record.get("title")),
            author=authors or None,
            date=text_or_none(record.get("publish_date")),
            outlet=text_or_none(record.get("meta_site_name")),
        )
        language = language_code(record.get("language")) or html_language(path)
        pages.append(Page(NEWSPAPER, key, path, text_or_none(record.get("url")), language, truth, NEWSPAPER))
    return pages


def load_goose(folder: Path) -> list[Page]:
    """The 47 real pages; the body truth is a prefix (goose3 asserts `startswith`), so it is scored as one."""
    pages = []
    for key, record in load_json(folder / "ground-truth.json").items():
        if record.get("synthetic"):
            continue
        path = folder / record["html_path"]
        authors = tuple(record.get("authors") or ())
        truth = Truth(
            body_prefix=text_or_none(record.get("cleaned_text")),
            title=text_or_none(record.get("title")),
            author=authors or None,
            date=text_or_none(record.get("publish_datetime_utc")) or text_or_none(record.get("publish_date")),
        )
        language = language_code(record.get("meta_lang")) or html_language(path)
        pages.append(Page(GOOSE, key, path, text_or_none(record.get("url")), language, truth, GOOSE))
    return pages


def load_fundus(folder: Path) -> list[Page]:
    """Fundus's development pages: the body truth is every section's paragraphs joined (the standfirst and the
    subheads are scored on their own), the subheads are every section's headline lines. An empty author list is
    "not annotated", as for newspaper4k (Fundus's parsers give [] where they find none); the publisher field is
    Fundus's parser name ("DerStandard"), not an outlet name, so outlets are not scored."""
    pages = []
    for key, record in load_json(folder / "ground-truth.json").items():
        path = folder / record["html_path"]
        sections = record.get("sections") or []
        truth = Truth(
            body="\n\n".join(p for section in sections for p in section.get("paragraphs") or ()),
            title=text_or_none(record.get("title")),
            author=tuple(record.get("authors") or ()) or None,
            date=text_or_none(record.get("published")),
            standfirst=tuple(record.get("standfirst") or ()),
            subheads=tuple(line for section in sections for line in section.get("headline") or ()),
        )
        language = language_code(record.get("language")) or html_language(path)
        url = text_or_none(record.get("url"))
        pages.append(Page(FUNDUS, key, path, url, language, truth, FUNDUS, publisher=str(record["publisher"])))
    return pages


LOADERS: dict[str, Callable[[Path], list[Page]]] = {
    SCRAPINGHUB: load_scrapinghub,
    READABILITY: load_readability,
    TRAF_EVAL: load_traf_eval,
    HTMLDATE: load_htmldate,
    NEWSPAPER: load_newspaper,
    GOOSE: load_goose,
    FUNDUS: load_fundus,
}


# Ground-truth values that are not what their field means. The corpus keeps them verbatim; the benchmark leaves
# these (page, field) cases out for both systems and lists them in the JSON report.
TRUTH_ERRORS: dict[tuple[str, str, str], str] = {
    (READABILITY, "seattletimes-1", "author"): "a date line ('April 28, 2019 at 6:01 am Updated …'), no name",
    (READABILITY, "spiceworks", "author"): "a date line ('Last Updated: January 7, 2025'), no name",
    (READABILITY, "royal-road", "author"): "'Follow Author' is a button label, not a name",
    (READABILITY, "breitbart", "author"): "the name runs into the date and comment count ('Lucas Nolan22 Dec 2016651')",
    (
        TRAF_EVAL,
        "https://statisticsglobe.com/change-font-size-of-ggplot2-plot-in-r-axis-text-main-title-legend",
        "author",
    ): "'oachim Schork': the page's author Joachim Schork with the first letter lost",
    (TRAF_EVAL, "https://redtri.com/best-jokes-for-kids/slide/1", "author"): (
        "'Amber Guetebier  Shares': the share button's label taken with the name"
    ),
}


def without_truth_errors(page: Page) -> Page:
    """The page with the fields that TRUTH_ERRORS names set to "not annotated"."""
    wrong = {name for (dataset, key, name) in TRUTH_ERRORS if (dataset, key) == (page.dataset, page.key)}
    return replace(page, truth=replace(page.truth, **dict.fromkeys(wrong))) if wrong else page


@dataclass(frozen=True, slots=True)
class Extraction:
    """One system's output for one page, as the system gave it."""

    body: str = ""
    title: str | None = None
    author: str | tuple[str, ...] | None = None
    date: str | None = None
    outlet: str | None = None
    standfirst: tuple[str, ...] | None = None  # the standfirst section(s); None = the system has no standfirst
    subheads: tuple[str, ...] = ()
    rejected: str | None = None  # docpipe's reject reason, or trafilatura's exception

    def value(self, name: str) -> Any:
        if name in ("body", "body_prefix", "with", "without"):
            return self.body
        return {
            "title": self.title,
            "author": self.author,
            "date": self.date,
            "outlet": self.outlet,
            "standfirst": self.standfirst,
            "subheads": self.subheads,
        }[name]


@dataclass(slots=True)
class RunStats:
    pages: int = 0
    seconds: float = 0.0
    rejects: int = 0

    @property
    def rate(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


def element_text(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


def run_trafilatura(pages: Sequence[Page]) -> tuple[dict[str, Extraction], RunStats]:
    """trafilatura's bare_extraction over each page, single-process; the time counts gunzip and extraction."""
    import trafilatura  # (with the first page: the loaders alone need none of it)

    results: dict[str, Extraction] = {}
    stats = RunStats()
    for page in pages:
        data = page.html_path.read_bytes()
        started = time.perf_counter()
        try:
            doc = trafilatura.bare_extraction(
                gzip.decompress(data),
                url=page.url,
                with_metadata=True,
                include_comments=False,
                include_tables=True,
            )
            error = None
        except Exception as exception:  # an anchor failure is one page's empty output
            doc, error = None, f"{type(exception).__name__}: {exception}"
        stats.seconds += time.perf_counter() - started
        stats.pages += 1
        if doc is None:
            stats.rejects += 1
            results[page.uid] = Extraction(rejected=error or "no extraction")
            continue
        # Its subheads: the `head` elements of the body it extracted (its text output prints them as lines).
        heads = tuple(element_text(head) for head in doc.body.iter("head")) if doc.body is not None else ()
        results[page.uid] = Extraction(
            body=doc.text or "",
            title=doc.title,
            author=doc.author,
            date=doc.date,
            outlet=doc.sitename,
            subheads=heads,
        )
    return results, stats
