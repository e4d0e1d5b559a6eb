"""Dates as articles write them: the calendar forms docpipe reads, date lines, and the weekday and month
vocabularies (English, German, French, Spanish; months also Italian, Dutch, Portuguese). A day/month order that
cannot be told is refused, never guessed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
} | {
    # The corpus's other languages with written months: German, French, Spanish, Italian, Dutch, Portuguese
    # (numbers as above).
    name: number
    for number, names in enumerate(
        (
            ("januar", "janvier", "enero", "gennaio", "januari", "janeiro"),
            ("februar", "février", "fevrier", "febrero", "febbraio", "februari", "fevereiro"),
            ("märz", "maerz", "mars", "marzo", "maart", "março", "marco"),
            ("avril", "abril", "aprile"),
            ("mai", "mayo", "maggio", "mei", "maio"),
            ("juni", "juin", "junio", "giugno", "junho"),
            ("juli", "juillet", "julio", "luglio", "julho"),
            ("août", "aout", "agosto", "augustus"),
            ("septembre", "septiembre", "settembre", "setembro"),
            ("oktober", "octobre", "octubre", "ottobre", "outubro"),
            ("novembre", "noviembre", "novembro"),
            ("dezember", "décembre", "decembre", "diciembre", "dicembre", "dezembro"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
# \b: a weekday is a word of its own, not the end of one ("Evan Symon, August 14, 2020" has no Monday in it)
# Weekdays as articles write them, in the months' languages: the names, and the short forms dates and bylines use.
WEEKDAY_NAMES = {
    "en": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    "de": ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag"),
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "es": ("lunes", "martes", "miércoles", "miercoles", "jueves", "viernes", "sábado", "sabado", "domingo"),
}
WEEKDAY_ABBREVIATIONS = {
    "de": ("mo", "di", "mi", "do", "fr", "sa", "so"),
    "en": ("mon", "tue", "wed", "thu", "fri", "sat", "sun"),
    "fr": ("lun", "mar", "mer", "jeu", "ven", "sam", "dim"),
}
WEEKDAYS = frozenset((*WEEKDAY_NAMES["en"], *WEEKDAY_ABBREVIATIONS["en"]))  # an English weekday, either form
_OTHER_WEEKDAYS = "|".join(name for language in ("de", "fr", "es") for name in WEEKDAY_NAMES[language])
_WEEKDAY = (
    # English in every form a date writes it ("Tues", "Thurs", "Wednesday"), the other languages' written out
    r"(?:\b(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?|" + _OTHER_WEEKDAYS + r")\.?,?\s+)?"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th|\.|er)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
DATE_FORMS = (
    re.compile(_WEEKDAY + _DAY + r"\s+(?:of\s+|de\s+)?" + _MONTH + r",?\s+(?:de\s+)?" + _YEAR, re.IGNORECASE),
    re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR, re.IGNORECASE),
    re.compile(_YEAR + r"-(?P<nmonth>\d\d)-(?P<day>\d\d)(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?"),
    re.compile(r"(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.]" + _YEAR),
)
PUBLISHED_PREFIX = re.compile(r"^(?:published|posted|first published|date)\s*(?:on)?\s*[:\-–]?\s*", re.I)
UPDATED_PREFIX = re.compile(r"^(?:updated|last updated|modified|last modified)\s*(?:on)?\s*[:\-–]?\s*", re.I)
# A date line is a date and little else: a time, a timezone, a place before a dash.
DATE_LINE_MAX_EXTRA_CHARS = 24


@dataclass(frozen=True, slots=True)
class DateMatch:
    value: date
    start: int  # offsets of the date expression within the searched text
    end: int
    is_update: bool


def find_date(text: str) -> DateMatch | None:
    """The first unambiguous calendar date in `text`; day/month order that cannot be told is refused."""
    for form in DATE_FORMS:
        for match in form.finditer(text):
            value = _date_from_match(match, bool(US_TIME_ZONE.match(text, match.end())))
            if value is not None:
                before = text[: match.start()].strip()
                return DateMatch(value, match.start(), match.end(), bool(UPDATED_PREFIX.match(before)))
    return None


# A US time zone after a numeric date settles its order: month first ("10/11/2022 08:00 AM EDT").
US_TIME_ZONE = re.compile(r"[^\n]{0,20}?\b(?:[ECMP][SD]T|AK[SD]T|HST|ET|CT|PT)\b")


def _date_from_match(match: re.Match[str], month_first: bool = False) -> date | None:
    groups = match.groupdict()
    year = int(groups["year"])
    if groups.get("month"):
        month, day = MONTHS[groups["month"].lower()], int(groups["day"])
    elif groups.get("nmonth"):
        month, day = int(groups["nmonth"]), int(groups["day"])
    else:
        first, second = int(groups["a"]), int(groups["b"])
        if month_first and first <= 12:
            month, day = first, second
        elif first <= 12 and second <= 12 and first != second:
            return None  # 05/06/2024: May or June? Refuse rather than guess.
        else:
            day, month = (first, second) if first > 12 or first == second else (second, first)
    try:
        return date(year, month, day)
    except ValueError:
        return None


DATE_LINE_SEGMENTS = re.compile(r"\s*(?:[|·•;]|,?\s+(?=(?:last\s+)?updated\b))\s*", re.I)
# The shape of a numeric date, ambiguous ones included: a line of only "05/06/2024" is still a date line.
NUMERIC_DATE = re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.](?:19|20)\d\d\b")


def parse_date_line(line: str) -> list[DateMatch] | None:
    """The dates a date line states ("15 November 2024", "Published: Nov. 15, 2024 | Updated: …");
    None if `line` is not a date line. A date line whose day/month order cannot be told states no date."""
    if not any(char.isdigit() for char in line):
        return None  # every date form has a year in digits: a line without one is no date line (a quick test)
    dates: list[DateMatch] = []
    position = 0
    for segment in DATE_LINE_SEGMENTS.split(line):
        if not segment:
            continue
        at = line.find(segment, position)
        position = at + len(segment)
        found = find_date(segment)
        shape = (found.start, found.end) if found else _numeric_date_span(segment)
        if shape is None:
            return None
        rest = UPDATED_PREFIX.sub("", PUBLISHED_PREFIX.sub("", (segment[: shape[0]] + segment[shape[1] :]).strip()))
        if len(rest.strip(" ,.|–-")) > DATE_LINE_MAX_EXTRA_CHARS:
            return None
        if found:
            dates.append(DateMatch(found.value, at + found.start, at + found.end, found.is_update))
    return dates if position else None


def _numeric_date_span(text: str) -> tuple[int, int] | None:
    match = NUMERIC_DATE.search(text)
    return (match.start(), match.end()) if match else None


# A timestamp in UTC this close to midnight may fall on the day before or after the page's own: "2021-11-04T23:00Z"
# for an article its dateline says is of 5 November.
UTC_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ](?P<hour>\d{2}):\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]00:?00)\b")


UTC_EDGE_HOURS = 6


# Where a by-line's date begins, in the languages `BY_WORDS` covers, for dates the date reader does not know
# ("Von Lisa Petrich Mi, 18. Oktober 2023": a weekday's abbreviation; "Von Eurosport Publiziert 02/02/2022").
BY_LINE_DATE_LEAD = re.compile(
    r"(?:,?\s+(?:" + "|".join(name for names in WEEKDAY_ABBREVIATIONS.values() for name in names) + r")\.?,?\s+\d"
    r"|\s+(?:publiziert|veröffentlicht|aktualisiert|published|updated|posted|publié|publicado|pubblicato)\b).*$",
    re.I,
)


# Before the web's news sites: a date that old needs strong evidence (a page's other date: a book's, a founding year's).
EARLIEST_PLAUSIBLE = date(1995, 1, 1)


# A line that may hold a date a parser can read: a plausible year in it (htmldate's parser is tried on those only).
YEAR_IN_LINE = re.compile(r"\b(?:199\d|20\d\d)\b")


URL_DATE = re.compile(
    r"/((?:19|20)\d\d)[/-]?(0[1-9]|1[0-2]|(?<=[/-])[1-9])[/-]?(0[1-9]|[12]\d|3[01]|(?<=[/-])[1-9])(?:/|[-_]|$)"
)
