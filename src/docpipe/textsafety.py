"""Control characters in text from the outside: removed from what docpipe stores, escaped in what it prints.

A page can carry terminal escape sequences (`ESC[31m` recolours, `ESC]0;title BEL` retitles the user's terminal)
and other control characters. Stored text holds none but newline and tab: a whole escape sequence goes, not just
its ESC (which would leave "[31m" behind). What a command prints from a page or a file name is shown escaped.
"""

from __future__ import annotations

import re

# ESC-introduced (7-bit) sequences, as terminals read them (ECMA-48): CSI ESC [ … final byte; OSC, DCS, SOS, PM
# and APC strings up to BEL or ST (ESC \), bounded to one line so an unterminated one cannot take the rest of a
# text with it; and the two-byte forms (ESC c, ESC 7, ESC ( B). A lone ESC goes too.
ESCAPE_SEQUENCE = re.compile(
    r"\x1b(?:"
    r"\[[0-?]*[ -/]*[@-~]?"
    r"|[\]PX^_][^\x07\x1b\n]{0,4096}(?:\x07|\x1b\\)?"
    r"|[ -/]*[0-~]"
    r")?"
)
# The same sequences introduced by their 8-bit C1 forms (CSI U+009B; OSC, DCS, SOS, PM, APC; ST U+009C). Only for
# text that no mojibake repair will see again: C1 characters are also what mis-decoded UTF-8 is made of.
C1_ESCAPE_SEQUENCE = re.compile(r"\x9b[0-?]*[ -/]*[@-~]?|[\x9d\x90\x98\x9e\x9f][^\x07\x9c\x1b\n]{0,4096}[\x07\x9c]?")
# HTML can write a control character as a character reference (&#27;), which the parser turns into the real thing:
# ESC then starts a sequence; the others make lxml give up on the whole page.
CHARACTER_REFERENCE = re.compile(r"&#(?:([0-9]{1,8})|[xX]([0-9a-fA-F]{1,7}));")
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 and C1, but tab and newline (carriage returns first)
SPACING_CONTROL = re.compile("[\x0b\x0c\x1c-\x1f\x85]")  # controls Python counts as whitespace: they part words
NEWLINES = re.compile(r"\r\n?")


def strip_escape_sequences(text: str, html: bool = False) -> str:
    """`text` without ESC-introduced escape sequences; in HTML, without character references to C0 controls either
    (`&#27;[31m` is a sequence too). Nothing else changes."""
    if html and "&#" in text:
        text = CHARACTER_REFERENCE.sub(_control_reference, text)
    return ESCAPE_SEQUENCE.sub("", text) if "\x1b" in text else text


def _control_reference(match: re.Match[str]) -> str:
    code = int(match.group(1), 10) if match.group(1) else int(match.group(2), 16)
    if code == 0x1B:
        return "\x1b"
    if code in (0x0B, 0x0C):
        return " "
    if (code < 0x20 and code not in (0x09, 0x0A, 0x0D)) or code == 0x7F:
        return ""
    return match.group()  # any other character: the parser's business


def strip_controls(text: str) -> str:
    """`text` with no C0 or C1 control character but newline and tab: escape sequences (7- and 8-bit) go whole,
    carriage returns become newlines, the controls that separate words (form feed, vertical tab) spaces, the
    others go."""
    if not CONTROL.search(text):
        return text
    text = NEWLINES.sub("\n", strip_escape_sequences(text))
    return CONTROL.sub("", SPACING_CONTROL.sub(" ", C1_ESCAPE_SEQUENCE.sub("", text)))


def printable(text: str) -> str:
    """`text` safe to print to a terminal: each control character but newline and tab shown as an escape (\\x1b)."""
    return CONTROL.sub(lambda match: f"\\x{ord(match.group()):02x}", text) if CONTROL.search(text) else text
