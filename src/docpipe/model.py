"""The data types that travel through the pipeline: frozen, slotted dataclasses only.

One record, `Document`, moves one way through the steps; each step returns a copy with
its own fields filled (`dataclasses.replace`), so no step reaches back into an earlier one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

from docpipe.rules.dates import DateMatch
from docpipe.rules.names import Byline
from docpipe.rules.notices import NoticeMatch

if TYPE_CHECKING:
    from docpipe.page.tree import Page


class Step(StrEnum):
    INGEST = "ingest"
    CLEAN = "clean"
    SEGMENT = "segment"
    METADATA = "metadata"
    STORE = "store"


class SectionKind(StrEnum):
    HEADLINE = "headline"
    STANDFIRST = "standfirst"
    DATELINE = "dateline"
    BYLINE = "byline"
    BODY = "body"
    REPUBLICATION_NOTICE = "republication_notice"
    AUTHOR_BIO = "author_bio"
    OTHER = "other"


class BlockKind(StrEnum):
    """Structural role of a block of clean text, as the source marked it (HTML) or as laid out (text)."""

    TITLE = "title"  # the page's headline, placed first in clean_text (HTML)
    STANDFIRST = "standfirst"  # the summary the page's markup shows under its headline (HTML)
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST = "list"
    QUOTE = "quote"
    TABLE = "table"


class DocumentError(Exception):
    """A problem with one document: the run goes on and the document becomes a reject."""

    def __init__(self, step: Step, reason: str) -> None:
        super().__init__(f"{step}: {reason}")
        self.step = step
        self.reason = reason


class ConfigurationError(Exception):
    """A problem with the run's settings or folders: the run stops with this message before any work."""


class OutputBusyError(ConfigurationError):
    """Another run is writing to the same output folder."""


class OutputWriteError(ConfigurationError):
    """The output folder refused a write (disk full, quota, permissions): the run stops, earlier outputs intact."""


@dataclass(frozen=True, slots=True)
class Role:
    """Why a block has the role the source's markup gave it (a standfirst): the rule that read it (a method of
    `rules.methods.SECTION_METHODS`), the element it was read from, and how sure that rule is."""

    method: str
    evidence: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Block:
    """A unit of clean text (paragraph, heading, list, quote, table) at `char_start` in clean_text."""

    kind: BlockKind
    text: str
    char_start: int
    char_end: int
    role: Role | None = None  # where the page's markup gave the block its kind (`Role`)


@dataclass(frozen=True, slots=True)
class SectionReading:
    """What segmentation read from a section's text, for the steps after it: none parses the text again."""

    bylines: tuple[tuple[int, Byline], ...] = ()  # each byline with its offset in the section's text
    dates: tuple[DateMatch, ...] = ()  # the dates a date line states
    notice: NoticeMatch | None = None  # a republication notice, and the original outlet it names
    bio_name: tuple[str, int] | None = None  # the person an author bio is about, with the name's offset


@dataclass(frozen=True, slots=True)
class Section:
    index: int
    kind: SectionKind
    heading: str | None
    text: str
    char_start: int
    char_end: int
    reading: SectionReading | None = field(default=None, compare=False)  # (not stored: the evidence holds it)
    role: Role | None = None  # where the page's markup gave the section its kind (its block's `Role`)


@dataclass(frozen=True, slots=True)
class InputNote:
    """What ingest changed in an input's text before any step read it ("22 NUL bytes dropped")."""

    method: str  # the rule that changed it ("ingest:nul_bytes_dropped")
    note: str


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a metadata field has a value: the method and the text it was read from.

    Every candidate found is kept; `selected` marks the one that became the field's value,
    so a user can see what lost and to what.
    """

    field: str
    value: str
    method: str
    evidence: str
    char_start: int | None
    char_end: int | None
    confidence: float
    selected: bool = False
    # For a candidate that lost, why (as the combiner decided it: "ranks below …", "same value as the winner");
    # None for the winner and for rows that are no field's candidate.
    lost_because: str | None = None
    # For a field the learned scorer ranks (`scoring`): the candidate's score (the sum of its features' weighted
    # values; the highest wins) and its largest contributions ("agreement +1.31; method:html:h1 +0.52"); None
    # elsewhere.
    score: float | None = None
    score_terms: str | None = None


@dataclass(frozen=True, slots=True)
class Metadata:
    title: str | None = None
    authors: tuple[str, ...] = ()
    # Parallel to `authors`: "person" or "organization" (an agency, a desk, the staff), for users who want people only
    author_kinds: tuple[str, ...] = ()
    published_date: date | None = None
    modified_date: date | None = None
    outlet: str | None = None
    publisher: str | None = None
    language: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class StepRecord:
    """One step applied to one document: the provenance row."""

    step: Step
    step_version: str
    input_sha256: str
    output_sha256: str
    started_at: datetime
    ended_at: datetime


@dataclass(frozen=True, slots=True)
class Document:
    """The one record that travels through the pipeline; later steps fill later fields."""

    doc_id: str  # sha256 of the raw bytes as stored on disk
    source_path: str  # relative to the raw folder, POSIX separators
    raw: bytes = field(repr=False)
    media_type: str = ""  # "html", "text" or "markdown" (a .md file, or text that reads as Markdown)
    sidecar: dict[str, object] | None = None
    front_matter: dict[str, object] | None = None  # the YAML fields on top of a Markdown text
    front_matter_chars: int = 0  # how much of `text` the front matter takes: the article starts after it
    text: str = field(default="", repr=False)  # decoded source (HTML markup or plain text)
    declared_charset: str | None = None
    input_notes: tuple[InputNote, ...] = ()  # what ingest changed in the text
    # An HTML page's one parse, read by the clean and metadata steps and dropped after them (`docpipe.page.tree`)
    page: Page | None = field(default=None, repr=False, compare=False)
    blocks: tuple[Block, ...] = ()
    # trafilatura's own reading of the page (title, author, sitename): the headline's and metadata's candidates
    extractor_reading: dict[str, str] | None = None
    clean_text: str = field(default="", repr=False)
    sections: tuple[Section, ...] = ()
    metadata: Metadata = field(default_factory=Metadata)
    evidence: tuple[Evidence, ...] = ()
    steps: tuple[StepRecord, ...] = ()

    @property
    def body_text(self) -> str:
        return "\n\n".join(s.text for s in self.sections if s.kind is SectionKind.BODY)

    @property
    def word_count(self) -> int:
        return len(self.body_text.split())


@dataclass(frozen=True, slots=True)
class Reject:
    source_path: str
    sha256: str | None
    step: Step
    reason: str


class InputStatus(StrEnum):
    """What became of one input file in a run."""

    PROCESSED = "processed"  # it became the document `doc_id`
    REJECTED = "rejected"  # a row in rejects says why
    DUPLICATE = "duplicate"  # its content is the document `doc_id`, first seen at `duplicate_of`
    ALREADY_PROCESSED = "already_processed"  # this path with this content was processed before by this version
    NOT_REACHED = "not_reached"  # the run was interrupted before it got to this file


@dataclass(frozen=True, slots=True)
class InputRecord:
    """One input file of a run, by its path: every file in the raw folder can be found in the inputs table."""

    source_path: str
    sha256: str | None  # of the file's bytes as stored; None when it was not read (refused before reading)
    status: InputStatus
    doc_id: str | None = None  # the document holding this content, for processed, duplicate, already processed
    duplicate_of: str | None = None  # for a duplicate: the source path of the copy that was processed


@dataclass(frozen=True, slots=True)
class BatchResult:
    documents: tuple[Document, ...]
    rejects: tuple[Reject, ...]
    inputs: tuple[InputRecord, ...]  # every input of the batch, in input order

    def count(self, status: InputStatus) -> int:
        return sum(1 for record in self.inputs if record.status is status)
