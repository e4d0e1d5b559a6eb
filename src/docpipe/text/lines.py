"""A document's lines read once each: as a date line, a byline, a republication notice, an author bio.

Segmentation asks these of the same blocks several times while it classifies them (is the top block a headline
or a byline? does the last one close the article?); each answer is computed once, and the sections it builds carry
the answers to the metadata step (`docpipe.model.SectionReading`), which parses no text again.
"""

from __future__ import annotations

from docpipe.model import SectionKind, SectionReading
from docpipe.rules import dates, furniture, names, notices
from docpipe.rules.dates import DateMatch
from docpipe.rules.names import BY_AFTER_DATE, Byline
from docpipe.rules.notices import NoticeMatch


class LineReader:
    def __init__(self) -> None:
        self._date_lines: dict[str, list[DateMatch] | None] = {}
        self._bylines: dict[str, Byline | None] = {}
        self._notices: dict[str, NoticeMatch | None] = {}
        self._bios: dict[str, tuple[str, int] | None] = {}

    def date_line(self, text: str) -> list[DateMatch] | None:
        if text not in self._date_lines:
            self._date_lines[text] = dates.parse_date_line(text)
        return self._date_lines[text]

    def byline(self, text: str) -> Byline | None:
        if text not in self._bylines:
            self._bylines[text] = names.parse_byline(text)
        return self._bylines[text]

    def is_by_line(self, text: str) -> bool:
        """A byline that says "By": a surer sign than a bare line of names."""
        byline = self.byline(text)
        return byline is not None and byline.has_by

    def notice(self, text: str) -> NoticeMatch | None:
        if text not in self._notices:
            self._notices[text] = notices.match_republication_notice(text)
        return self._notices[text]

    def bio_name(self, text: str) -> tuple[str, int] | None:
        if text not in self._bios:
            self._bios[text] = furniture.match_bio_name(text)
        return self._bios[text]

    def section_reading(self, kind: SectionKind, text: str) -> SectionReading | None:
        """What a section of `kind` states, for the steps after segmentation."""
        if kind is SectionKind.BYLINE:
            byline = self.byline(text)
            return SectionReading(bylines=((0, byline),)) if byline else None
        if kind is SectionKind.DATELINE:
            return self._date_line_reading(text)
        if kind is SectionKind.AUTHOR_BIO:
            bio = self.bio_name(text)
            return SectionReading(bio_name=bio) if bio else None
        if kind is SectionKind.REPUBLICATION_NOTICE:
            notice = self.notice(text)
            return SectionReading(notice=notice) if notice else None
        return None

    def _date_line_reading(self, text: str) -> SectionReading | None:
        found = self.date_line(text) or []
        if not found:
            return None
        bylines: list[tuple[int, Byline]] = []
        # "By Evan Symon, August 14, 2020 2:30 pm": a byline that runs on into its date is a date line (what is left
        # beside the date is short), but its names are the authors'. Only with "By": "New York, 6 May 2025" names a
        # place.
        before = text[: found[0].start].rstrip(" ,|–-")
        if names.BYLINE.match(before) and (byline := self.byline(before)):
            bylines.append((0, byline))
        # "Published on December 2nd, 2025 by A and B": the byline runs on after the date.
        after = text[found[-1].end :]
        if BY_AFTER_DATE.match(after):
            skipped = len(after) - len(after.lstrip(" ,"))
            if byline := self.byline(after[skipped:]):
                bylines.append((found[-1].end + skipped, byline))
        return SectionReading(bylines=tuple(bylines), dates=tuple(found))
