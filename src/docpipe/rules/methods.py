"""The metadata method registry: every way docpipe reads a metadata field, in one table.

Each row is one method for one field: its name (the `method` of the evidence rows it produces), its confidence
(the `confidence` those rows carry) and what it reads. A field's rows are in rank order: the combiner
(`metadata.select_candidates`) prefers an earlier method, and `explain` shows the reasons the combiner recorded.
The extractors take their confidence from here, so a rule's rank and its confidence are read in one place.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Method:
    field: str
    name: str
    # None: the method brings its own (py3langid's probability)
    confidence: float | None
    meaning: str
    # the confidence of the method's less sure form, where it has one (a bare line of names rather than "By …")
    weak_confidence: float | None = None


FRONT_MATTER_MEANING = "the YAML front matter on top of a Markdown text (its writer's own metadata)"
SIDECAR_MEANING = "the NAME.meta.json beside the file (or process(sidecar=…)): the user's word, always first"

# Field by field, best first. The fields' order is the order of their rows in the evidence table.
METHODS: tuple[Method, ...] = (
    # --- title: ranked by the learned scorer (`scoring`); the rules it learned over (agreement first,
    # CONSENSUS_FIELDS, this rank breaking ties) are its `rules_pick` feature and rank it without the weights
    Method("title", "sidecar", 1.0, SIDECAR_MEANING),
    Method("title", "text:front-matter", 0.95, FRONT_MATTER_MEANING),
    Method("title", "json-ld", 0.9, "headline (or name) of the page's JSON-LD article"),
    Method("title", "meta:citation_title", 0.8, "<meta name=citation_title>, the scholarly (Highwire) tag"),
    Method("title", "meta:og:title", 0.8, "<meta property=og:title>, the title the page gives social sites"),
    Method("title", "meta:dc.title", 0.8, "<meta name=dc.title>, Dublin Core"),
    Method("title", "html:h1", 0.8, "the text of the page's first <h1>"),
    Method("title", "text:headline", 0.9, "the headline section at the top of the clean text"),
    Method("title", "meta:twitter:title", 0.8, "<meta name=twitter:title>, the title for Twitter cards"),
    Method("title", "html:title", 0.6, "the page's <title> without a trailing site name (' | Site')"),
    Method("title", "text:first-line", 0.6, "a plain text's first line without a trailing site name (' | Site')"),
    # --- authors: every name of the first method that names someone
    Method("authors", "sidecar", 1.0, SIDECAR_MEANING),
    Method("authors", "text:front-matter", 0.95, FRONT_MATTER_MEANING),
    Method(
        "authors",
        "text:byline",
        0.9,
        "the names of a byline in the clean text ('By A and B'); weaker for a bare line of names",
        weak_confidence=0.75,
    ),
    Method("authors", "json-ld", 0.9, "the JSON-LD article's author: its people, or the organisation it credits"),
    Method("authors", "meta:citation_author", 0.8, "<meta name=citation_author>, the scholarly tag"),
    Method("authors", "meta:author", 0.8, "<meta name=author>"),
    Method("authors", "meta:byl", 0.8, "<meta name=byl>, a news site's byline tag ('By A and B')"),
    Method("authors", "meta:article:author", 0.8, "<meta property=article:author> (Open Graph), names only"),
    Method("authors", "meta:dc.creator", 0.8, "<meta name=dc.creator>, Dublin Core"),
    Method("authors", "meta:parsely-author", 0.8, "<meta name=parsely-author>, Parse.ly's analytics tag"),
    Method("authors", "trafilatura", 0.7, "trafilatura's author reading, kept only if the name is in the page"),
    Method("authors", "html:byline", 0.6, "the first byline element ([rel=author], .byline, …) naming someone"),
    Method("authors", "text:author-bio", 0.7, "the name an author bio starts with ('Jane Doe is a …')"),
    Method(
        "authors",
        "html:by-line",
        0.55,
        "a 'By …' line ('Von', 'Par', 'Ein Artikel von' …) between the <h1> and the body that no byline class marks",
    ),
    # --- published_date
    Method("published_date", "sidecar", 1.0, SIDECAR_MEANING),
    Method("published_date", "text:front-matter", 0.95, FRONT_MATTER_MEANING),
    Method("published_date", "url", 0.9, "a /YYYY/MM/DD/ path in the page's URL: the publisher's own day"),
    Method("published_date", "json-ld", 0.9, "datePublished of the JSON-LD article"),
    Method("published_date", "meta:article:published_time", 0.85, "<meta property=article:published_time>"),
    Method("published_date", "meta:citation_publication_date", 0.85, "<meta name=citation_publication_date>"),
    Method("published_date", "meta:dc.date", 0.85, "<meta name=dc.date>, Dublin Core"),
    Method("published_date", "text:dateline", 0.9, "a date line in the clean text ('15 November 2024')"),
    Method("published_date", "text:byline", 0.85, "the date on a byline line ('A | 6 May 2025')"),
    Method("published_date", "htmldate", 0.7, "htmldate's search for the page's original date (extensive)"),
    Method(
        "published_date",
        "text:first-date",
        0.5,
        "a text's first line that htmldate's date parser reads as a date: where nothing else dates a plain text",
    ),
    # --- modified_date: "Updated …" dates; a sidecar has none
    Method("modified_date", "text:front-matter", 0.95, FRONT_MATTER_MEANING),
    Method("modified_date", "json-ld", 0.9, "dateModified of the JSON-LD article"),
    Method("modified_date", "meta:article:modified_time", 0.85, "<meta property=article:modified_time>"),
    Method("modified_date", "text:dateline", 0.9, "an 'Updated: …' date line in the clean text"),
    Method("modified_date", "text:byline", 0.85, "an 'Updated …' date on a byline line"),
    Method("modified_date", "htmldate", 0.7, "htmldate's reading of the page's latest date"),
    # --- outlet: where the article first ran, so a republication notice comes before the page's own site
    Method("outlet", "sidecar", 1.0, SIDECAR_MEANING),
    Method("outlet", "text:front-matter", 0.9, FRONT_MATTER_MEANING),
    Method("outlet", "text:republication-notice", 0.95, "the outlet a notice in the text names ('first ran on X')"),
    Method("outlet", "html:republication-notice", 0.85, "the outlet a notice anywhere in the page's markup names"),
    Method("outlet", "json-ld:isBasedOn", 0.9, "the publisher of the work the JSON-LD article isBasedOn"),
    Method("outlet", "sidecar:publisher", 0.85, "the sidecar's publisher, where no notice names an original outlet"),
    Method("outlet", "json-ld:publisher", 0.8, "the JSON-LD article's publisher"),
    Method("outlet", "meta:og:site_name", 0.8, "<meta property=og:site_name>"),
    Method("outlet", "meta:application-name", 0.8, "<meta name=application-name>"),
    Method("outlet", "text:copyright", 0.6, "the holder of a copyright line ('© 2024 X'), unless a bylined author"),
    Method("outlet", "text:source-line", 0.5, "a source line of an archive export, above the body"),
    Method("outlet", "trafilatura", 0.6, "trafilatura's site name reading"),
    # --- publisher: null when nothing says so
    Method("publisher", "sidecar", 1.0, SIDECAR_MEANING),
    Method("publisher", "json-ld:publisher", 0.8, "the JSON-LD article's publisher"),
    Method("publisher", "meta:og:site_name", 0.8, "<meta property=og:site_name>"),
    Method("publisher", "text:copyright", 0.8, "the holder of a copyright line ('© 2024 X'), unless a bylined author"),
    # --- language
    Method("language", "sidecar", 1.0, SIDECAR_MEANING),
    Method("language", "text:front-matter", 0.9, FRONT_MATTER_MEANING),
    Method("language", "py3langid", None, "py3langid on the body (20 words or more); confidence is its probability"),
    Method("language", "html:lang", 0.8, "the page's <html lang>, its primary subtag"),
    # --- url
    Method("url", "sidecar", 1.0, SIDECAR_MEANING),
    Method("url", "text:front-matter", 0.95, FRONT_MATTER_MEANING),
    Method("url", "link:canonical", 0.9, '<link rel="canonical">'),
    Method("url", "meta:og:url", 0.8, "<meta property=og:url>"),
    Method("url", "json-ld", 0.8, "url of the JSON-LD article"),
    Method("url", "text:web-view-line", 0.9, "the URL of a 'View this post on the web at URL' line"),
)

# How the clean step reads a section's role from a page's markup (`layout`): evidence rows beside the metadata's,
# not candidates the combiner ranks.
SECTION_METHODS: tuple[Method, ...] = (
    Method(
        "standfirst", "html:lead-markup", 0.8, "an element under the headline named like one (class lead, intro, …)"
    ),
    Method("standfirst", "html:visible-description", 0.9, "an element under the headline that the description repeats"),
    Method("standfirst", "html:header-paragraph", 0.7, "a paragraph in the headline's own <header>"),
    Method("standfirst", "html:above-byline", 0.6, "a paragraph of its own under the headline, right above a byline"),
)

FIELDS: tuple[str, ...] = tuple(dict.fromkeys(m.field for m in METHODS))
SECTION_FIELDS: tuple[str, ...] = tuple(dict.fromkeys(m.field for m in SECTION_METHODS))
REGISTRY: dict[tuple[str, str], Method] = {(m.field, m.name): m for m in (*METHODS, *SECTION_METHODS)}
_RANKS: dict[str, dict[str, int]] = {
    name: {m.name: index for index, m in enumerate(m for m in METHODS if m.field == name)} for name in FIELDS
}


def rank(field_name: str, method: str) -> int:
    """A method's place in the field's precedence (0 first); a method the field does not register comes last."""
    ranks = _RANKS.get(field_name, {})
    return ranks.get(method, len(ranks))


def confidence(field_name: str, method: str, *, weak: bool = False) -> float:
    """The confidence a method's evidence rows carry; a KeyError for an unregistered method (a bug: every
    extractor's method is in the table)."""
    entry = REGISTRY[field_name, method]
    value = entry.weak_confidence if weak and entry.weak_confidence is not None else entry.confidence
    if value is None:
        raise ValueError(f"{method} brings its own confidence for {field_name}")
    return value


# The user's word and the writer's: taken as given, never weighed or rewritten.
OWN_WORD_METHODS = ("sidecar", "text:front-matter")


OUTLET_AS_GIVEN_METHODS = (*OWN_WORD_METHODS, "sidecar:publisher")


VISIBLE_DATE_METHODS = ("text:dateline", "text:byline")


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


CONSENSUS_FIELDS = frozenset({"title"})
