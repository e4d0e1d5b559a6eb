"""Republication notices ("This article was first published on The Interpreter"): the sentence forms that
say a piece ran elsewhere first, and the original outlet they name."""

from __future__ import annotations

import re
from dataclasses import dataclass

from docpipe.rules.dates import MONTHS, WEEKDAYS

# Republication notices. Group "outlet" is the original outlet.
_OUTLET = (  # "The Atlantic", "eHow", "Foreign Policy", "Council on Foreign Relations"
    r"(?P<outlet>(?:[Tt]he\s+)?(?:[A-Z0-9]|[a-z][A-Z])[\w&'’.\-]*"
    r"(?:\s+(?:[A-Z0-9&][\w&'’.\-]*|of|for|and|on|the|de|du|la))*)"
)
REPUBLICATION_NOTICES = (
    re.compile(
        r"\b(?i:(?:was\s+|is\s+|were\s+)?(?:first|originally)\s+(?:published|appeared|ran|posted)\s+(?:on|in|at|by))\s+"
        + _OUTLET
    ),
    re.compile(r"\b(?i:(?:was|is)\s+republished\s+from)\s+" + _OUTLET),
    re.compile(r"\b(?i:appeared\s+(?:first|originally)\s+(?:on|in|at))\s+" + _OUTLET),
    re.compile(r"\b(?i:(?:reprinted|republished|reproduced)\s+(?:with\s+permission\s+)?from)\s+" + _OUTLET),
)
# "This article was reprinted on X": a notice, but X is where it was copied to, not the original.
REPRINT_NOTICE = re.compile(r"\b(?:reprinted|republished|reposted|syndicated)\s+(?:on|in|by)\s+", re.I)
NOTICE_MAX_CHARS = 400
# A notice speaks of the piece itself ("This article was first published…"); a sentence that says
# someone "originally published" something elsewhere is body text about another work.
NOTICE_SUBJECT = re.compile(
    r"^[*_(\[]*(?:(?:this|the)\s+(?:\w+\s+)?(?:article|story|piece|post|essay|column|op-ed|commentary|interview|"
    r"review|report|analysis|version|text|blog)|it\s+(?:was|is)|a\s+version\s+of\s+this|"
    r"(?:originally|first)\s+(?:published|appeared|posted|ran)|republished|reprinted|reproduced|adapted)\b",
    re.I,
)
NOTICE_SUBJECT_MAX_WORDS = 6  # "A version of this story" / "This article was"; more is a sentence about something else
SENTENCE_BREAK = re.compile(r"[.!?]\s+")
# "the original article" etc. end notices but name no outlet
NOT_AN_OUTLET = re.compile(r"^(?:the\s+)?(?:original|this|our|a|an)\b", re.I)


@dataclass(frozen=True, slots=True)
class NoticeMatch:
    outlet: str | None  # None when the notice names no original outlet (e.g. "reprinted on X")
    outlet_start: int | None
    outlet_end: int | None


def match_republication_notice(text: str) -> NoticeMatch | None:
    """A republication notice and the original outlet it names, if `text` is one."""
    if len(text) > NOTICE_MAX_CHARS:
        return None
    for pattern in REPUBLICATION_NOTICES:
        match = pattern.search(text)
        if match and _speaks_of_itself(text, match.start()):
            outlet = match.group("outlet").rstrip(".’'")
            if NOT_AN_OUTLET.match(outlet) or _opens_with_date(outlet):
                continue  # "First published on Friday 18 November 2011": a date line, not a notice
            outlet = _trim_outlet(outlet)
            return NoticeMatch(outlet, match.start("outlet"), match.start("outlet") + len(outlet))
    reprint = REPRINT_NOTICE.search(text)
    if reprint and _speaks_of_itself(text, reprint.start()):
        return NoticeMatch(None, None, None)
    return None


def _opens_with_date(text: str) -> bool:
    first = text.split()[0].strip(".,").lower() if text.split() else ""
    return first[:1].isdigit() or first in WEEKDAYS or first in MONTHS


def _speaks_of_itself(text: str, position: int) -> bool:
    sentence_start = max((m.end() for m in SENTENCE_BREAK.finditer(text, 0, position)), default=0)
    words_before = len(text[sentence_start:position].split())
    return words_before <= NOTICE_SUBJECT_MAX_WORDS and bool(NOTICE_SUBJECT.match(text[sentence_start:]))


def _trim_outlet(outlet: str) -> str:
    # "The Interpreter on 5 May" / "Foreign Policy under a Creative Commons licence": cut at the
    # first lower-case word that is not a name connector.
    words = outlet.split()
    kept: list[str] = []
    for index, word in enumerate(words):
        if kept and word.islower() and word not in ("of", "for", "and", "on", "the", "de", "du", "la"):
            break
        following = words[index + 1] if index + 1 < len(words) else ""
        if kept and word == "on" and (following[:1].isdigit() or following.lower().strip(".,") in MONTHS):
            break  # "X on 5 May 2024": the date of first publication, not part of the name
        kept.append(word)
    while kept and kept[-1] in ("of", "for", "and", "on", "the", "de", "du", "la"):
        kept.pop()
    return " ".join(kept)
