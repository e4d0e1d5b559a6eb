"""The naive reader of plain text, the floor docpipe's plain-text reading is measured against (issue 23), and
whether a text states a truth value at all (a field is scored only where it does). Used by the plain-text
benchmark and the plain-text scorer's training (`bench/plaintext.py`, `bench/train_plaintext.py`).

The naive reader: title = the first non-empty line without a trailing site part (" | Site", " - Site": a separator
and at most four words), body = everything after it, date = the first date in the file as htmldate's text-date
parser reads it (`htmldate.extractors.try_date_expr` on each line that holds a year, in file order, extensive
search on), no authors.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from htmldate.extractors import try_date_expr

from docpipe.evaluate import author_names, calendar_days, contains_words, fold, title_forms

# --- is a value stated in the text? ----------------------------------------------------------------------------


def title_stated(folded_text: str, title: str) -> bool:
    return any(contains_words(folded_text, form) for form in title_forms(title))


def authors_stated(folded_text: str, authors: str | Sequence[str]) -> bool:
    names = author_names(authors)
    return bool(names) and all(contains_words(folded_text, name) for name in names)


MONTHS: dict[int, tuple[str, ...]] = {  # en, de, fr, es, it, nl, pt: full names and usual abbreviations
    1: (
        "january",
        "jan",
        "januar",
        "jänner",
        "janvier",
        "janv",
        "enero",
        "ene",
        "gennaio",
        "gen",
        "januari",
        "janeiro",
    ),
    2: ("february", "feb", "februar", "février", "févr", "fevrier", "febrero", "febbraio", "februari", "fevereiro"),
    3: ("march", "mar", "märz", "mär", "mars", "marzo", "maart", "março", "marco"),
    4: ("april", "apr", "avril", "avr", "abril", "abr", "aprile"),
    5: ("may", "mai", "mayo", "maggio", "mag", "mei", "maio"),
    6: ("june", "jun", "juni", "juin", "junio", "giugno", "giu", "junho"),
    7: ("july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "julho"),
    8: ("august", "aug", "août", "aout", "agosto", "ago", "augustus"),
    9: ("september", "sep", "sept", "septembre", "septiembre", "settembre", "set", "setembro"),
    10: ("october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott", "outubro", "out"),
    11: ("november", "nov", "novembre", "noviembre", "novembro"),
    12: ("december", "dec", "dezember", "dez", "décembre", "déc", "diciembre", "dic", "dicembre", "dezembro"),
}


def ordinal(day: int) -> str:
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def date_forms(day: date) -> set[str]:
    """Folded ways a text may write this day: "2024 05 03", "3 5 2024", "05 03 24", "may 3 2024", "3rd may
    2024", "3 de mayo de 2024" … (punctuation is folded away, so "03.05.2024" and "May 3, 2024" match)."""
    y, yy = str(day.year), f"{day.year % 100:02d}"
    months, days = {str(day.month), f"{day.month:02d}"}, {str(day.day), f"{day.day:02d}"}
    forms = {f"{y} {m} {d}" for m in months for d in days}
    forms |= {f"{d} {m} {year}" for m in months for d in days for year in (y, yy)}
    forms |= {f"{m} {d} {year}" for m in months for d in days for year in (y, yy)}
    for name in MONTHS[day.month]:
        for d in (*days, ordinal(day.day)):
            forms |= {f"{name} {d} {y}", f"{d} {name} {y}", f"{d} de {name} de {y}", f"{d} {name} de {y}"}
    return {fold(form) for form in forms}


def date_stated(folded_text: str, truth: str) -> bool:
    """Some form of the truth's day (or, for a timestamp with an offset, of its UTC day) is in the text."""
    return any(contains_words(folded_text, form) for day in calendar_days(truth) for form in date_forms(day))


@dataclass(frozen=True, slots=True)
class Gates:
    """Which truth fields this file's text states, so both systems are scored on the same files."""

    title: bool
    authors: bool
    date: bool


def gates(text: str, truth: dict[str, Any]) -> Gates:
    folded = fold(text)
    return Gates(
        title=bool(truth.get("title")) and title_stated(folded, truth["title"]),
        authors=bool(truth.get("authors")) and authors_stated(folded, truth["authors"]),
        date=bool(truth.get("date")) and date_stated(folded, truth["date"]),
    )


YEAR = re.compile(r"\b(?:199\d|20[0-4]\d)\b")
MIN_DATE, MAX_DATE = datetime(1995, 1, 1), datetime(2030, 12, 31)  # htmldate's floor; a fixed ceiling, for stability


def first_date(text: str) -> str | None:
    """The first line (in file order) that holds a year and that htmldate's text-date parser reads as a date."""
    for line in text.splitlines():
        if YEAR.search(line) and (found := try_date_expr(line.strip(), "%Y-%m-%d", True, MIN_DATE, MAX_DATE)):
            return found
    return None


# The naive reader's own cut, not docpipe's rule: a trailing " | Site", " - Site", " • Site" or " : Site" of at most
# four words, once ("Headline : Section : Site" keeps "Headline : Section").
SITE_PART = re.compile(r"\s+[|\-–—•·:»]\s+(?:\S+\s+){0,3}\S+\s*$")


@dataclass(frozen=True, slots=True)
class NaiveReading:
    title: str | None
    date: str | None
    body: str


def naive_reading(text: str) -> NaiveReading:
    """The floor a reader gets for free: first non-empty line = title (a trailing site part cut), the rest = body,
    first date = date."""
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    title = SITE_PART.sub("", lines[first].strip()) or lines[first].strip() if first < len(lines) else None
    return NaiveReading(title, first_date(text), "\n".join(lines[first + 1 :]).strip())
