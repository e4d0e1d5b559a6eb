"""Text patterns for article furniture: date lines, bylines, republication notices, bios.

Only patterns and small matchers live here (as trafilatura keeps its selectors apart), so
segmentation and metadata read the same rules and never disagree about what a line is.
"""

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
    # The corpus's other languages with written months: German, French, Spanish (numbers as above).
    name: number
    for number, names in enumerate(
        (
            ("januar", "janvier", "enero"),
            ("februar", "février", "fevrier", "febrero"),
            ("märz", "maerz", "mars", "marzo"),
            ("avril", "abril"),
            ("mai", "mayo"),
            ("juni", "juin", "junio"),
            ("juli", "juillet", "julio"),
            ("août", "aout", "agosto"),
            ("septembre", "septiembre"),
            ("oktober", "octobre", "octubre"),
            ("novembre", "noviembre"),
            ("dezember", "décembre", "decembre", "diciembre"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
# \b: a weekday is a word of its own, not the end of one ("Evan Symon, August 14, 2020" has no Monday in it)
_WEEKDAY = (
    r"(?:\b(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?"
    # (and the weekdays of the months' other languages, written out)
    r"|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonnabend|sonntag"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
    r"|lunes|martes|miércoles|miercoles|jueves|viernes|sábado|sabado|domingo)\.?,?\s+)?"
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


WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday mon tue wed thu fri sat sun".split())


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


# Names: two to five words of letters, each capitalised or a particle ("Mary-Kate O'Neil", "J. R. Smith",
# "Łukasz van der Berg"). Python's re has no upper-case class, so capitalisation is checked in code.
# Joined initials count as one word ("J.R. Stone", "R.C. Baker").
_NAME_WORD = r"(?:(?:[^\W\d_]\.){2,3}|[^\W\d_][^\W\d_'’\-]*(?:['’\-][^\W\d_]+)*\.?)"
PERSON_NAME = re.compile(_NAME_WORD + r"(?:\s+" + _NAME_WORD + r"){1,4}")
NAME_PARTICLES = frozenset(
    [
        "van",
        "von",
        "de",
        "der",
        "den",
        "da",
        "di",
        "du",
        "le",
        "la",
        "bin",
        "al",
        "del",
        "della",
        "dos",
        "das",
        "ter",
        "ten",
    ]
)
# "By", and its equivalents in the corpus's other languages ("Von", "Por", "Par", "Di", "Door", "Av")
BY_WORDS = r"(?:by|von|vom|por|par|di|door|av|af|przez|od)"
# What opens a byline: "By", "Written by", "Ein Artikel von", "Text von" …
BY_LEAD = r"(?:(?:written|posted|words|ein\w*\s+\w+|text|story)\s+)?" + BY_WORDS
BYLINE = re.compile(r"^[*_]*\s*" + BY_LEAD + r":?\s+(?P<names>.+?)[*_]*$", re.I)
# Labels that precede a name in bylines and author boxes ("Author Daniel Lemire", "Posted by: X").
NAME_LABEL = re.compile(
    r"^(?:(?:about\s+the\s+)?authors?|autor(?:in)?|posted\s+by|written\s+by|words\s+by|ein\w*\s+\w+\s+von|"
    + BY_WORDS
    + r")\s*:?\s+",
    re.I,
)
# A trailing site name after a title: "Title | Site", "Title - Site".
TITLE_SITE_SUFFIX = re.compile(r"\s+[|–—\-:»]\s+[^|–—\-:»]{2,60}$")
# Where a site's name meets a tagline or a headline: "Name - Tagline", "Headline | Name", "Tagline • Name".
TAGLINE_BREAK = re.compile(r"\s+(?:[|•·»:]{1,2}|[-–—]{1,2})\s+")
NAME_SEPARATORS = re.compile(r"\s*(?:,\s*and\s+|,|;|&|\band\b|\|)\s*")
BYLINE_MAX_CHARS = 160
# A bio opens with the person's name and says what they are or do.
BIO_OPENING = re.compile(r"^(?P<name>" + PERSON_NAME.pattern + r")\s+(?:is|was|has been|serves as|works as|writes)\b")
# A bio's later paragraphs go on with a pronoun ("She is also the author of …").
BIO_CONTINUATION = re.compile(
    r"^(?:he|she|they|her|his|their)\s+(?:is|was|are|were|has|have|also|holds|lives|writes|serves|previously|"
    r"latest|work|books?|research)\b",
    re.I,
)
ABOUT_AUTHOR = re.compile(r"^about\s+the\s+authors?\b", re.I)
# Function words that a capitalised headline has and a name never does
HEADLINE_WORDS = frozenset(
    "on in of to for with how what why when where who is are my your our this that these those from at into over "
    "after before than not new best".split()
)
# Words that make a capitalised run an organisation, a role or a date rather than a person.
NOT_PERSON_WORDS = (
    frozenset(
        (
            "the staff news newsroom editors editor editorial team reuters associated press agency desk contributors "
            "contributor university institute centre center department ministry council board admin administrator "
            "published updated posted senior fellow correspondent reporter writer columnist author authors no unknown "
            "anonymous guest union association society foundation federation agency company corporation group "
            "network media magazine journal times post herald tribune gazette daily weekly review press online "
            "radio television blog inc ltd llc gmbh "
            # jobs after a name ("Posted by Alex Durán, AMP Project Marketing, Google")
            "marketing project manager director engineer developer officer founder ceo cto designer analyst consultant "
            "researcher scientist specialist strategist producer photographer revised edition"
        ).split()
    )
    | HEADLINE_WORDS
)


@dataclass(frozen=True, slots=True)
class NameSpan:
    """A person's name and where it is written. `name` is in natural order; for a name written surname first
    ("Doe, Jane") it differs from the text at start:end, which is the whole name as the page gives it."""

    name: str
    start: int
    end: int


def split_author_names(
    names: str, single_word: bool = False, inverted: bool = True, credits: bool = False
) -> list[NameSpan]:
    """The names in a byline's name list, each with its span within `names`.

    `single_word` admits one-word names ("Ela", "tlow"): right for a field that holds an author by
    definition (a JSON-LD author, a meta author tag), too loose for a line of free text. `inverted` reads
    "Doe, Jane" as one person surname first, where the list is that and nothing else. `credits` admits a wire
    agency, a desk or the staff ("Reuters", "Lifestyle Desk", "Guardian staff reporter") where the list is
    known to be a byline (after "By", in an author field)."""
    if inverted and (natural := natural_order(names)):
        stripped = names.strip(" *_")
        start = names.find(stripped)
        return [NameSpan(natural, start, start + len(stripped))]
    found: list[NameSpan] = []
    position = 0
    first_is_full_name = first_refused = False  # whether the list opens with a person's full name, with no name
    for index, (part, after_comma) in enumerate(_name_list_parts(names)):
        start = names.find(part, position) if part else -1
        if start < 0:
            continue
        position = start + len(part)
        name = LEADING_ARTICLE.sub("", part.strip(" *_."))  # "… and the Business Desk": the desk's name
        full_name = is_person_name(name)
        credit = credits and is_credit(name)
        one_word = single_word and is_single_name(name)
        if index == 0:
            first_is_full_name, first_refused = full_name, not (full_name or credit or one_word)
        # "Rob Picheta, CNN", "Jane Doe, Staff Writer": after a full name, a comma and a credit or initials give the
        # outlet or the role ("Jane Doe, Sweidah" is two people); after what is no name, one word is a place
        # ("Kirche und Leben, Münster, Germany").
        affiliation = first_is_full_name and (credit or bool(ACRONYM.fullmatch(name)))
        place = first_refused and one_word
        if index > 0 and after_comma and not full_name and (affiliation or place):
            continue
        if full_name or credit or one_word:
            at = names.find(name, start)
            found.append(NameSpan(name, at, at + len(name)))
    return found


LEADING_ARTICLE = re.compile(r"^the\s+(?=\S)")  # lower case only: "The Associated Press" is the credit as written


def _name_list_parts(names: str) -> list[tuple[str, bool]]:
    """The parts of a name list, each with whether a bare comma (not "and", "&", ";") came before it."""
    parts: list[tuple[str, bool]] = []
    position = 0
    after_comma = False
    for separator in NAME_SEPARATORS.finditer(names):
        parts.append((names[position : separator.start()], after_comma))
        after_comma = separator.group().strip() == ","
        position = separator.end()
    parts.append((names[position:], after_comma))
    return parts


# "Doe, Jane", "van der Berg, Anna Maria", "Wilson-Smith, Chris": library and citation order, surname first.
# One comma and no other separator; the surname one word (after particles), the given names one to three words,
# one of them spelled out (so "Washington, D.C." is no person). "Jane Doe, Samuel Lee" stays two people.
INVERTED_NAME = re.compile(r"^(?P<surname>[^,;&|]+),\s*(?P<given>[^,;&|]+)$")
INVERTED_GIVEN_MAX_WORDS = 3


def natural_order(text: str) -> str | None:
    """ "Doe, Jane" -> "Jane Doe" if `text` is one person's name written surname first, else None."""
    match = INVERTED_NAME.match(text.strip(" *_."))
    if not match or re.search(r"\b(?:and|und|et|y|e|en|och|og)\b", text, re.I):
        return None
    surname, given = match.group("surname").split(), match.group("given").split()
    if not surname or not 1 <= len(given) <= INVERTED_GIVEN_MAX_WORDS:
        return None
    if not all(word in NAME_PARTICLES for word in surname[:-1]):
        return None
    if not any(any(char.islower() for char in word) for word in given):
        return None  # "Washington, DC", "Doe, J.": initials alone could be a place's or a degree's
    if any(word.strip(".").lower() in NOT_A_SINGLE_NAME for word in given):
        return None  # "Doe, PhD", "Smith, Jr."
    natural = " ".join((*given, *surname))
    return natural if is_person_name(natural) else None


SINGLE_NAME = re.compile(r"[^\W\d_][\w'’\-]{1,30}")
# Placeholders that fill author fields but name nobody, in the languages of the corpus
NOT_A_SINGLE_NAME = frozenset(
    (
        "admin administrator editor guest gast anonymous anonym anónimo anonyme unknown unbekannt unbenannt none "
        "null nobody author autor auteur autore webmaster name publisher datum date "
        # interface words that scraped author fields pick up
        "follow share says reply comments posted home menu google facebook twitter linkedin instagram username user "
        "login subscriber member moderator "
        # degrees and suffixes that follow a name after a comma ("Grant Tinsley, PhD")
        "phd md ma mba msc bsc ba bs rd rn dr prof jr sr ii iii iv cpa esq"
    ).split()
)
# A template's placeholder left in the page: "[Name]", "{author}", "%author%", "<publisher>"
TEMPLATE_PLACEHOLDER = re.compile(r"^\s*[\[{<%].*[\]}>%]\s*$")


def is_single_name(text: str) -> bool:
    return (
        bool(SINGLE_NAME.fullmatch(text))
        and text.lower() not in NOT_A_SINGLE_NAME | NOT_PERSON_WORDS
        and not is_credit(text)  # "Reuters", "Staff" are credits, admitted as such
    )


# --- credits that name no person: a wire agency, a desk, the staff -------------------------------------------
PERSON = "person"
ORGANIZATION = "organization"
# Wire agencies whose copy runs under their name alone, folded (`_credit_key`): the national agencies newspapers
# credit, a short list rather than every agency in the world (README, "How metadata values are chosen").
NEWS_AGENCIES = frozenset(
    {
        "reuters", "thomson reuters", "ap", "associated press", "afp", "agence france-presse", "agence france presse",
        "dpa", "deutsche presse-agentur", "efe", "agencia efe", "ansa", "kyodo", "kyodo news", "xinhua",
        "xinhua news agency", "jiji", "jiji press", "yonhap", "pa", "pa media", "press association", "aap",
        "australian associated press", "canadian press", "upi", "united press international", "tass", "interfax",
        "ria novosti", "anadolu", "anadolu agency", "pti", "ians", "ani", "apa", "kna", "epd", "kathpress", "sid",
        "sda", "ats", "keystone-sda", "belga", "anp", "ntb", "tt", "ritzau", "stt", "pap", "čtk", "ctk", "mti",
        "hina", "bta", "lusa", "europa press", "notimex", "bernama", "antara", "agencies", "agenturen", "agencias",
    }
)  # fmt: skip
# Words that make a byline a desk's, a team's or the staff's credit, in the corpus's languages; the roles among
# them ("Staff Writer") are dropped after a person's name, where they are the person's job.
CREDIT_WORDS = frozenset(
    (
        "desk desks newsdesk staff team editors editorial newsroom news wire wires bureau board service "
        "redaktion redaktionen rédaction redazione redacción redaccion redação redacao redactie redakcja redakce "
        "agency agencies agencia agencias agência agence agentur agenturen reporter reporters writer writers "
        "correspondent correspondents report"
    ).split()
)
# What a credit may hold besides capitalised words and credit words ("Times of India Editorial Team")
CREDIT_CONNECTORS = frozenset("of the de du des la le del di der die das für for y e et und".split())
CREDIT_MAX_WORDS = 6
CREDIT_TEXT = re.compile(r"[^\W_][\w.'’&/\- ]*")
# Words of an organisation's name ("Harbour Herald", "Wikimedia Foundation"): a credit with one is no person
ORGANISATION_WORDS = frozenset(
    (
        "university institute centre center department ministry council board union association society "
        "foundation federation agency company corporation group network media magazine journal times post herald "
        "tribune gazette daily weekly review press online radio television tv blog inc ltd llc gmbh ag verlag "
        "zeitung zeitschrift stiftung verband partei"
    ).split()
)
ACRONYM = re.compile(r"[A-Z][A-Z0-9&]{1,5}")  # "CNN", "BBC", "JIJI": an organisation's initials, not a name


def _credit_key(text: str) -> str:
    return re.sub(r"^the\s+", "", " ".join(text.casefold().split()))


def is_credit(text: str) -> bool:
    """A wire agency, a desk or the staff as a byline credits them: "Reuters", "dpa", "The Associated Press",
    "Lifestyle Desk", "Guardian staff reporter", "Redaktion". Not a sentence, not a placeholder."""
    words = text.split()
    if not 1 <= len(words) <= CREDIT_MAX_WORDS or not CREDIT_TEXT.fullmatch(text):
        return False
    if _credit_key(text) in NEWS_AGENCIES:
        return True
    keys = [word.strip(".").casefold() for word in words]
    return (
        any(key in CREDIT_WORDS for key in keys)
        and (_capitalised(words[0]) or keys[0] in CREDIT_WORDS)
        and all(
            _capitalised(word) or key in CREDIT_WORDS or key in CREDIT_CONNECTORS
            for word, key in zip(words, keys, strict=True)
        )
        and not any(key in HEADLINE_WORDS - CREDIT_CONNECTORS for key in keys)
    )


def author_kind(name: str) -> str:
    """ "organization" for a wire agency, a desk, the staff, a name with an organisation's word or initials
    alone ("CNN"); else "person" (a blog's handle is its writer's)."""
    keys = {word.strip(".,").casefold() for word in name.split()}
    if _credit_key(name) in NEWS_AGENCIES or keys & (CREDIT_WORDS | ORGANISATION_WORDS) or ACRONYM.fullmatch(name):
        return ORGANIZATION
    return PERSON


def is_organisation_name(text: str) -> bool:
    """What an author typed as an organisation may be called: a short name, no URL, no placeholder."""
    words = text.split()
    return (
        1 <= len(words) <= CREDIT_MAX_WORDS
        and not text.casefold().startswith(("http:", "https:", "www."))
        and not TEMPLATE_PLACEHOLDER.match(text)
        and text.casefold() not in NOT_A_SINGLE_NAME
        and (words[0][0].isalnum())
    )


BYLINE_SEGMENT_BREAK = re.compile(r"\s+[|·•—–]\s+|\s*\|\s*")


@dataclass(frozen=True, slots=True)
class Byline:
    names: list[NameSpan]  # offsets in the byline text
    date: DateMatch | None  # a date written in the byline ("Jane Doe | 6 May 2025"), offsets in the byline
    has_by: bool  # "By …": a surer sign than a bare line of names


def parse_byline(text: str) -> Byline | None:
    """A byline: "By A and B", "*By A*", "A, B and C", "A | 6 May 2025"; None if `text` is not one.

    Without "By", every segment must be names or a date, so that a short body line is not taken for one.
    """
    if len(text) > BYLINE_MAX_CHARS or "\n" in text:
        return None
    by = BYLINE.match(text)
    start = by.start("names") if by else 0
    rest = by.group("names") if by else text.strip("*_ ")
    offset = text.find(rest, start)
    names: list[tuple[str, int]] = []
    found_date: DateMatch | None = None
    position = 0
    for segment in BYLINE_SEGMENT_BREAK.split(rest):
        at = rest.find(segment, position)
        position = at + len(segment)
        date_match = find_date(segment)
        if date_match:
            if found_date is None:
                found_date = DateMatch(
                    date_match.value, offset + at + date_match.start, offset + at + date_match.end, date_match.is_update
                )
            segment = segment[: date_match.start].rstrip(" ,")  # "Jane Doe, 6 May 2025"
            if not segment:
                continue
        # Surname first only after "By": a bare "Paris, France" has the shape of "Doe, Jane".
        # Credits ("By Reuters", "By the Business Desk") only after "By": a bare line of them is a section's name.
        segment_names = split_author_names(segment, inverted=bool(by), credits=bool(by))
        if not segment_names and not by:
            return None
        if not by and " ".join(n.name for n in segment_names) != " ".join(NAME_SEPARATORS.split(segment.strip(" *_."))):
            return None  # a bare line must be names and nothing else
        names.extend(NameSpan(n.name, offset + at + n.start, offset + at + n.end) for n in segment_names)
    if not names:
        return None
    return Byline(names, found_date, bool(by))


def is_person_name(text: str) -> bool:
    if not PERSON_NAME.fullmatch(text):
        return False
    words = text.split()
    if words[0] in ("A", "An"):  # an article, not an initial (which would be "A.")
        return False
    return (
        all(_is_name_word(word) and word.strip(".").lower() not in NOT_PERSON_WORDS for word in words)
        and _capitalised(words[0])
        and _capitalised(words[-1])
    )


def _capitalised(word: str) -> bool:
    # A script without case (Chinese, Japanese, Arabic …) writes every name "capitalised": "山田 太郎"
    return bool(word) and not word[0].islower() and not word[0].isdigit()


CASELESS_NAME_WORD_MAX_CHARS = 8  # a Chinese or Japanese name is 2–4 characters; a longer unspaced run is a phrase


def _is_name_word(word: str) -> bool:
    if word[0].isupper() or word in NAME_PARTICLES:
        return True
    return _capitalised(word) and len(word) <= CASELESS_NAME_WORD_MAX_CHARS


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
