"""The furniture of an article's text: subheads, author bios, closing lines (share, related, copyright,
contributor), reading-time lines and source lines. Each is read from one line or paragraph."""

from __future__ import annotations

import re

from docpipe.rules.dates import parse_date_line
from docpipe.rules.names import PERSON_NAME, is_person_name

# A bio opens with the person's name and says what they are or do.
BIO_OPENING = re.compile(r"^(?P<name>" + PERSON_NAME.pattern + r")\s+(?:is|was|has been|serves as|works as|writes)\b")
# A bio's later paragraphs go on with a pronoun ("She is also the author of …").
BIO_CONTINUATION = re.compile(
    r"^(?:he|she|they|her|his|their)\s+(?:is|was|are|were|has|have|also|holds|lives|writes|serves|previously|"
    r"latest|work|books?|research)\b",
    re.I,
)
ABOUT_AUTHOR = re.compile(r"^about\s+the\s+authors?\b", re.I)


def match_bio_name(text: str) -> tuple[str, int] | None:
    """The person a bio paragraph is about, with its offset, if `text` reads as an author bio."""
    match = BIO_OPENING.match(text)
    if match and is_person_name(match.group("name")):
        return match.group("name"), 0
    return None


SUBHEAD_MAX_WORDS = 12
TITLE_CASE_SUBHEAD_MAX_WORDS = 16  # "Learn to Delay Gratification and Destroy the Urge to Impulse Buy"
LONE_QUESTION_MAX_WORDS = 14
SUBHEAD_MAX_CHARS = 110
SENTENCE_END = (".", ":", ";", ",", "”", '"')
LEADING_MARKS = "\"'‘’“”«(*_#"
NUMBERED_PREFIX = re.compile(r"^\d{1,3}[.)]\s+")  # "21) Star Wars": a numbered subhead keeps its number


def looks_like_subhead(text: str) -> bool:
    """A short line without final punctuation, or a lone question such as "Why?"."""
    if "\n" in text or len(text) > SUBHEAD_MAX_CHARS:
        return False
    words = text.split()
    opening = NUMBERED_PREFIX.sub("", text).lstrip(LEADING_MARKS)
    if not words or not opening or not (opening[0].isupper() or opening[0].isdigit()):
        return False
    if text.endswith("?"):
        return len(words) <= LONE_QUESTION_MAX_WORDS
    if text.endswith(SENTENCE_END) or (text.endswith(("!", "…")) and len(words) > SUBHEAD_MAX_WORDS):
        return False
    capitalised = sum(word[:1].isupper() for word in words if len(word) > 3)
    long_words = sum(len(word) > 3 for word in words) or 1
    limit = TITLE_CASE_SUBHEAD_MAX_WORDS if capitalised / long_words >= 0.8 else SUBHEAD_MAX_WORDS
    return len(words) <= limit


SHARE_OR_RELATED = re.compile(
    r"^(?:share (?:this|on)|share$|unsubscribe\b|manage (?:your )?subscription|"
    r"related(?: articles| stories| posts| reading| content)?:?$|related:|"
    r"(?:read|see) (?:more|also)\b:?|more from\b.{0,40}:?$|follow us|subscribe\b|sign up\b|©|\(c\) \d{4}|"
    r"copyright\b|all rights reserved)",
    re.I,
)
RELATED_HEADER = re.compile(
    r"^(?:related(?: articles| stories| posts| reading| content| links)?|read more|more from\b.{0,40}|see also|"
    r"recommended(?: reading| for you)?|you (?:may|might) also like|further reading|more on this(?: story)?|"
    r"most (?:read|popular))\s*:?$",
    re.I,
)
# "1,870 words", "5 min read", "Reading time: 4 minutes": an export's furniture, not text
READING_INFO = re.compile(
    r"^(?:[\d,.]+\s+words?|\d+\s*(?:-|–)?\s*min(?:ute)?s?\.?\s+read|reading time:?\s*\d+\s*min(?:ute)?s?\.?|"
    r"\d+\s+min(?:ute)?s?\s+reading)$",
    re.I,
)
ABBREVIATION_END = re.compile(r"(?:\b[A-Z]\.){2,}$")  # "… Underneath N.Y.C.": the period closes "N.Y.C."
COPYRIGHT_LINE = re.compile(
    r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*,?\s*(?:by\s+)?"
    r"(?P<holder>[^.,]+?(?:\.com|\.org|\.net)?)\s*[.,]?\s*(?:all rights reserved\.?)?\s*$",
    re.I,
)
SOURCE_LINE_MAX_WORDS = 6


def copyright_holder(text: str) -> tuple[str, int] | None:
    """Who a copyright line names ("© 2024 CNET. All rights reserved."), with its offset."""
    match = COPYRIGHT_LINE.match(text)
    if not match or not match.group("holder").strip() or match.group("holder").lower().startswith("the author"):
        return None
    return match.group("holder").strip(), match.start("holder")


def looks_like_source_line(text: str) -> bool:
    """A short name on its own line among the furniture, that is no person and no sentence: a source."""
    words = text.split()
    return (
        0 < len(words) <= SOURCE_LINE_MAX_WORDS
        and text[0].isupper()
        and not text.endswith((".", "?", "!", ":", ";", ","))
        and not is_person_name(text)
        and parse_date_line(text) is None
        and not READING_INFO.match(text)
        and not SHARE_OR_RELATED.match(text)
        and not RELATED_HEADER.match(text)
    )


CONTRIBUTOR_LINE = re.compile(r"^[A-Z][\w.'’\- ,]+ contributed(?: reporting| to this (?:report|article))?\.?$")
