"""Thresholds for an article's sections: its headline and top region, standfirsts and subheads (in text and in
markup), a page dump's article, related links."""

from __future__ import annotations

import re

STANDFIRST_SEARCH_BLOCKS = 10  # where the extractor may have kept the standfirst: under the headline


STANDFIRST_MIN_CHARS = 25  # shorter is a label or a kicker


MARKUP_STANDFIRST_MAX_CHARS = 700  # longer is the article's first paragraph


NEIGHBOUR_MAX_CHARS = 20_000  # the longest paragraph a heading may sit next to, scripts and styles included


FURNITURE_LINE_MAX_CHARS = 200  # a byline or a date line is short


RAW_TEXT_MAX_CHARS = 4 * MARKUP_STANDFIRST_MAX_CHARS  # room for an inline style or script among the words


STANDFIRST_MAX_PARAGRAPHS = 3  # more is the article (or a box of other articles)


# A standfirst sits right under the headline, with its furniture (byline, image, share buttons) around it:
# it is among the first texts after the headline, within the first elements.
TEXTS_AFTER_HEADLINE = 30


ELEMENTS_AFTER_HEADLINE = 1500


MARKED_SUBHEAD_MAX_CHARS = (
    120  # the longest of Fundus's 341 annotated subheads is 118 characters; longer is a paragraph
)


BODY_SIBLING_MIN_CHARS = 80


TEASER_LINK_SHARE = 0.6  # of a heading's text in its link: a teaser, perhaps under a label ("Also read: <a>…</a>")


HEADLINE_SHARE = 0.6  # of the longer text: a heading that holds the headline (or is held) in this much repeats it


REWORDED_MIN_LENGTH = 0.8  # of the headline's words: a reworded headline is about as long as it


REWORDED_MIN_SHARED_WORDS = 5  # fewer tell a reworded short headline from a subhead on its topic too seldom


FURNITURE_NAME_LEVELS = 3  # a name counts on the element and its near ancestors: a page's wrapper may say "share"


HEADLINE_MAX_CHARS = 250


# How far into a text the headline's companions (standfirst, date, byline) may sit.
TOP_REGION_BLOCKS = 6


# Above a text's headline may sit a few short lines (a section's name, "Skip to main content", a share line): at most
# this many, of at most so many words each.
TOP_LABEL_MAX_BLOCKS = 3
TOP_LABEL_MAX_WORDS = 8


STANDFIRST_MAX_BLOCKS = 2  # a standfirst, and a second deck line, between a text's headline and its byline
TEXT_STANDFIRST_MAX_CHARS = 400  # a standfirst is a sentence or two; longer is the article's first paragraph


WEB_VIEW_LINE = ("view this", "view in browser", "view this email", "read this online")


# --- a whole page saved as text (a browser's or lynx's dump): where the article sits in it ---------------------
PROSE_MIN_CHARS = 150  # a paragraph of the article: a few sentences


PROSE_MIN_WORDS = 20


DUMP_MIN_MENU_BLOCKS = 3  # a page dump opens with a few lines of menus, at least, before any prose


DUMP_MIN_LEADING_BLOCKS = 8  # more short blocks than this before the first paragraph: menus, not a headline's furniture


CLUSTER_MAX_GAP = 8  # short blocks (subheads, captions, a quote) between two paragraphs of one article


HEADLINE_WINDOW = 12  # how far above the article's first paragraph its headline may sit (byline, date, standfirst)


HEADLINE_MIN_WORDS = 4  # menus and buttons are a word or three


ON_TOPIC_PARAGRAPHS = 3  # the article's opening: what its headline announces


ON_TOPIC_MIN_SHARE = 0.3  # of a line's content words found there


CONTENT_WORD = re.compile(r"\w{4,}")  # shorter words are mostly function words, in the languages at hand


RELATED_WINDOW = 15  # a list of related links is short; a "Related" line higher up is body


RELATED_ITEM_MAX_CHARS = 160  # a linked title, not a paragraph
