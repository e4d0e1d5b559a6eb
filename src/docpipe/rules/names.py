"""Names and bylines: what a person's name looks like, the credits that name no person (wire agencies, desks,
the staff), and a byline's parts ("By A and B | 6 May 2025")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from docpipe.rules.dates import DateMatch, find_date

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
NAME_SEPARATORS = re.compile(r"\s*(?:,\s*and\s+|,|;|&|\band\b|\|)\s*")
BYLINE_MAX_CHARS = 160
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


# JSON-LD author types that make the author an organisation (schema.org's Organization and its news subtypes)
ORGANISATION_TYPES = {
    "organization",
    "organisation",
    "newsmediaorganization",
    "corporation",
    "ngo",
    "governmentorganization",
    "educationalorganization",
    "researchorganization",
    "onlinebusiness",
}


BY_AFTER_DATE = re.compile(r"^[\s,]*by\s+\S", re.I)


JSON_LD_AUTHOR_TYPE = re.compile(r'^\{"author": \{"@type": \[?"([^"]+)"')


def author_kind_of_row(value: str, method: str, evidence: str) -> str:
    """ "person" or "organization" for an author row: a JSON-LD author's @type where the name came from JSON-LD,
    else the agency and desk vocabularies and the name's shape (`author_kind`). A function of the
    evidence row alone, so `verify` can recompute it from the evidence table."""
    typed = JSON_LD_AUTHOR_TYPE.match(evidence) if method == "json-ld" else None
    if typed and typed.group(1).lower() in ORGANISATION_TYPES:
        return ORGANIZATION
    if typed and typed.group(1).lower() == "person":
        return PERSON
    return author_kind(value)


OTHER_CREDITS = re.compile(
    r"\s+(?:edited|photos?|photographs?|illustrations?|illustrated|reviewed|fact[- ]checked|additional reporting|"
    r"graphics|video|translated)\s+by\b.*$",
    re.I,
)


PARENTHETICAL = re.compile(r"\s*\([^)]*\)")


# A "By" line's first words, tested on an element's first string before its whole text is read (most are not).
BY_LINE_START = re.compile(BY_LEAD + r"\b", re.I)
