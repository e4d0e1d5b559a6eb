"""normalise_text skips ftfy on text of printable ASCII: the assumption that ftfy has nothing to repair there, and
that both ways give the same text."""

from __future__ import annotations

import unicodedata

import ftfy
from hypothesis import given, settings
from hypothesis import strategies as st

from docpipe.rules.plaintext import HORIZONTAL_SPACE, INVISIBLE
from docpipe.text.normalise import normalise_text
from docpipe.textsafety import strip_controls, strip_escape_sequences

PRINTABLE_ASCII = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E) | st.sampled_from("\t\n"))


@settings(max_examples=2000, deadline=None)
@given(PRINTABLE_ASCII)
def test_ftfy_leaves_printable_ascii_as_it_is(text: str) -> None:
    assert ftfy.fix_text(text, normalization="NFC", unescape_html=False, uncurl_quotes=False) == text


def always_ftfy(text: str) -> str:
    """normalise_text as it reads with ftfy called on every text (its steps, without the ASCII fast path)."""
    text = ftfy.fix_text(strip_escape_sequences(text), normalization="NFC", unescape_html=False, uncurl_quotes=False)
    text = strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = unicodedata.normalize("NFC", INVISIBLE.sub("", text))
    return "\n".join(HORIZONTAL_SPACE.sub(" ", line.strip()) for line in text.split("\n")).strip()


@settings(max_examples=2000, deadline=None)
@given(st.text(st.characters(max_codepoint=0x7F)) | st.text())
def test_the_fast_path_gives_what_ftfy_would(text: str) -> None:
    assert normalise_text(text) == always_ftfy(text)


def test_mojibake_is_still_repaired() -> None:
    assert normalise_text("The café’s door") == "The café’s door"
    assert normalise_text("Line one\r\nline two\x0bthree") == "Line one\nline twothree"
