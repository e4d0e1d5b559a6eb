"""Text compared as a reader would: one folding per purpose, and when one heading repeats another."""

from __future__ import annotations

import re
import unicodedata

from docpipe.rules.sections import HEADLINE_SHARE, REWORDED_MIN_LENGTH, REWORDED_MIN_SHARED_WORDS

NOT_WORD = re.compile(r"[\W_]+")


def text_key(text: str) -> str:
    """Text compared as a reader would: NFKC, case, punctuation and spacing ignored."""
    return NOT_WORD.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def title_key(text: str) -> str:
    """A title compared with another reading of it: case, punctuation and a leading article are how copies of one
    title drift apart."""
    folded = " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())
    return re.sub(r"^(?:the|a|an) ", "", folded)


def value_key(text: str) -> str:
    """A value as a reader would say it: case and spacing aside ("same value as the winner", an outlet's name)."""
    return " ".join(text.casefold().split())


def holds(key: str, other: str) -> bool:
    shorter, longer = sorted((key, other), key=len)
    return bool(shorter) and shorter in longer and len(shorter) >= HEADLINE_SHARE * len(longer)


def repeats_headline(text: str, headline: str) -> bool:
    """The text is the headline, with a kicker or a site name more or less, or reworded a little (a page's `<h1>`
    and its `<title>` or `og:title` often differ by a word or two)."""
    key, other = text_key(text), text_key(headline)
    if holds(key, other):
        return True
    words, other_words = set(key.split()), set(other.split())
    shared = len(words & other_words)
    # (a heading much shorter than the headline that shares its words takes up part of its topic: a subhead)
    return (
        shared >= REWORDED_MIN_SHARED_WORDS
        and shared >= HEADLINE_SHARE * max(len(words), len(other_words))
        and len(words) >= REWORDED_MIN_LENGTH * len(other_words)
    )
