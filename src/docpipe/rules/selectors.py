"""Where values sit in a page and a front matter: JSON-LD types, meta tags, byline elements, notice hints, the
elements a headline's companions sit in, and front-matter keys."""

from __future__ import annotations

import re

from lxml import etree

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


JSON_LD_TYPE = re.compile(r"ld\+json", re.I)


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


# A front matter whose keys start so is a page's <head> as a converter copied it (html-to-markdown writes
# "meta-og:title: …", "meta-article:published_time: …" beside the <title> and the canonical link): read as the
# page's meta tags (META_FIELDS, and the plain "date" tag htmldate reads in a page) and its <title>.
HEAD_COPY_PREFIX = "meta-"
HEAD_COPY_EXTRA_FIELDS: tuple[tuple[str, str], ...] = (("date", "published_date"),)


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


INLINE_TAGS = frozenset({"a", "em", "i", "strong", "b", "span", "small", "u", "cite", "mark", "font"})


# Elements that may pass `_is_byline_element`, in document order: lxml finds them in C, so Python tests a few
# elements per page instead of every one.
BYLINE_ELEMENT_HINTS = etree.XPath(
    "//*[self::address or @rel or @itemprop='author' or contains(@class, 'byline')"
    " or contains(@class, 'author-name') or contains(@data-testid, 'byline') or contains(@class, 'credit')]"
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


# Generic names of a standfirst in class and id values, in the languages of the corpus's pages. Not "teaser" or
# "description": those name the boxes of other articles and image captions as often.
LEAD_WORDS = frozenset(
    {
        "lead", "lede", "intro", "excerpt", "summary", "subtitle", "standfirst", "deck", "dek", "preamble",
        "ingress", "abstract", "chapo", "chapeau", "entradilla", "sumario", "bajada", "vorspann", "sommario",
        "subheadline",
    }
)  # fmt: skip


LEAD_ITEMPROPS = frozenset({"description", "abstract"})  # schema.org's names for it


# --- tag sets, each for its own test ----------------------------------------------------------------------------
NO_TEXT_TAGS = frozenset({"script", "style", "noscript", "template"})  # their strings are no page text
# A "By …" line is none of these, nor in one: media, navigation and page text that is no text.
NO_LINE_TAGS = NO_TEXT_TAGS | {"svg", "figure", "figcaption", "nav"}
# A republication notice is never read from these: scripts, styles and the tab's title.
NOT_NOTICE_TAGS = frozenset({"script", "style", "noscript", "title"})
# Text in these, or under them, is page furniture: no standfirst, no subhead.
NOT_ARTICLE_TEXT = frozenset({"nav", "aside", "footer", "figure", "figcaption", "button", "script", "style"})


# Generic names of page furniture in class and id values: text in such an element is no standfirst or subhead.
FURNITURE_WORDS = frozenset(
    {
        "caption", "credit", "copyright", "share", "social", "breadcrumb", "related", "newsletter",
    }
)  # fmt: skip


TEXT_TAGS = frozenset({"p", "div", "h2", "h3", "h4", "span", "section", "strong", "b", "header", "hgroup"})


HEADING_TAGS = ("h2", "h3", "h4", "h5", "h6")


DESCRIPTION_XPATH = (
    "//meta[@name='description' or @property='og:description' or @name='og:description'"
    " or @name='twitter:description' or @property='twitter:description']/@content"
)


ELLIPSIS = re.compile(r"\s*(?:\.{3}|…)\s*$")


CAMEL_HUMP = re.compile(r"([a-z])([A-Z])")


NAME_PARTS = re.compile(r"[^a-z0-9]+")


# The headline's companions (kicker, standfirst, date, byline) sit in the first elements after the <h1>, above the
# body's first paragraph of prose; an element with many children holds the article, not one line of it.
UNDER_HEADLINE_ELEMENTS = 80
PROSE_PARAGRAPH_MIN_CHARS = 200  # a <p> this long is the body's first paragraph of prose: the search ends
LINE_MAX_CHILDREN = 10
