"""The ingest step: an input's bytes (gunzipped) decoded to text, its NUL bytes and escape sequences dropped and
counted, its media type decided (HTML, text, Markdown) and a Markdown text's front matter read."""

from __future__ import annotations

import codecs
import re
import zlib

import charset_normalizer
from bs4.dammit import EncodingDetector, UnicodeDammit

from docpipe.model import Document, DocumentError, InputNote, Step
from docpipe.raw_files import sha256_hex
from docpipe.textsafety import strip_escape_sequences

# The declared charset sits in the first bytes of a page; looking further only costs time (bs4's own window grows
# with the page, to half a megabyte of regex search on a 10 MB one).
CHARSET_SNIFF_BYTES = 4096


CODEPAGE_TIE_CHAOS = 0.1


# The charset reported for each byte-order mark bs4 recognises: the codec that decodes the bytes with their mark.
BOM_CHARSETS = {
    "utf-8": "utf-8-sig",
    "utf-16le": "utf-16",
    "utf-16be": "utf-16",
    "utf-32le": "utf-32",
    "utf-32be": "utf-32",
}


def document_from_bytes(
    raw: bytes,
    source_path: str,
    media_type: str,
    sidecar: dict[str, object] | None,
    *,
    gzipped: bool,
    max_decompressed_bytes: int,
) -> Document:
    """A Document from an input's bytes as stored (gzipped or not): no file system involved."""
    content = _gunzip(raw, max_decompressed_bytes) if gzipped else raw
    if not content.strip():
        raise DocumentError(Step.INGEST, "empty file")
    text, charset = decode_bytes(content, sniff_declared=media_type == "html")
    text, nul_bytes = drop_nul_bytes(text)
    # Before any parser sees the text: a terminal escape sequence is no content, and its ESC alone would go later,
    # leaving "[31m" in a title.
    text = strip_escape_sequences(text, html=media_type == "html")
    front_matter: dict[str, object] = {}
    front_matter_chars = 0
    if media_type != "html":
        media_type, front_matter, front_matter_chars = _text_media_type(text, media_type)
    return Document(
        doc_id=sha256_hex(raw),
        source_path=source_path,
        raw=raw,
        media_type=media_type,
        sidecar=sidecar,
        front_matter=front_matter or None,
        front_matter_chars=front_matter_chars,
        text=text,
        declared_charset=charset,
        # What ingest changed in the text is told beside the document (its input_notes column).
        input_notes=input_notes(nul_bytes),
    )


def _text_media_type(text: str, media_type: str) -> tuple[str, dict[str, object], int]:
    """A text's media type, its front matter's fields and length: Markdown is a .md file, or text that opens with a
    YAML front matter or marks its headings with "#"."""
    from docpipe.text import markdown  # (with the first text: the audit side reads ingest's hashing alone)

    front_matter, rest = markdown.split_front_matter(text)
    if media_type == "markdown" or front_matter or markdown.looks_like_markdown(rest):
        media_type = "markdown"
    return media_type, front_matter, len(text) - len(rest)


NUL_BYTES_DROPPED = "ingest:nul_bytes_dropped"


def drop_nul_bytes(text: str) -> tuple[str, int]:
    """The text without its NUL characters, and how many there were (`decode_bytes` has refused binary data)."""
    count = text.count("\x00")
    return (text.replace("\x00", ""), count) if count else (text, 0)


def input_notes(nul_bytes: int) -> tuple[InputNote, ...]:
    if not nul_bytes:
        return ()
    value = f"{nul_bytes} NUL byte{'' if nul_bytes == 1 else 's'} dropped"
    return (InputNote(NUL_BYTES_DROPPED, value),)


def _gunzip(raw: bytes, max_bytes: int) -> bytes:
    # Decompress in bounded steps so that a gzip bomb is refused instead of filling memory.
    decompressor = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
    try:
        content = decompressor.decompress(raw, max_bytes + 1)
    except zlib.error as error:
        raise DocumentError(Step.INGEST, f"corrupt gzip data: {error}") from error
    if len(content) > max_bytes:
        raise DocumentError(Step.INGEST, f"decompressed size exceeds limit ({max_bytes} bytes)")
    if not decompressor.eof:
        raise DocumentError(Step.INGEST, "truncated gzip data")
    return content


def decode_bytes(content: bytes, sniff_declared: bool) -> tuple[str, str]:
    """Bytes to str: BOM first, then a declared charset, then strict UTF-8, then detection.

    bs4's EncodingDetector reads the BOM and the declaration (an XML declaration, else a <meta> charset), by the rules
    BeautifulSoup parses pages with. The rest is docpipe's, not UnicodeDammit's: that neither sniffs UTF-16 without a
    BOM nor refuses binary data, and where nothing fits it decodes with replacement characters."""
    bom = EncodingDetector.strip_byte_order_mark(content)[1]
    if bom is not None:
        return _decode_or_reject(content, BOM_CHARSETS[bom]), BOM_CHARSETS[bom]
    if sniff_declared:
        declared = _declared_codec(content)
        if declared is not None:
            try:
                return _reject_binary(content.decode(declared)), declared
            except (UnicodeError, LookupError):
                pass  # the declaration lies, or names no text encoding ("base64"); fall through to detection
    utf16 = _utf16_without_bom(content)
    if utf16 is not None:
        return _decode_or_reject(content, utf16), utf16
    try:
        return _reject_binary(content.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    matches = charset_normalizer.from_bytes(content)
    best = matches.best()
    if best is None:
        raise DocumentError(Step.INGEST, "binary content: no text encoding fits these bytes")
    # On short texts several single-byte codepages fit equally well; Windows-1252 is the one
    # unlabelled Western text is overwhelmingly written in (the WHATWG default), so it wins near-ties.
    for match in matches:
        if match.encoding == "cp1252" and match.chaos <= best.chaos + CODEPAGE_TIE_CHAOS:
            best = match
            break
    return _reject_binary(str(best)), best.encoding


def _declared_codec(content: bytes) -> str | None:
    """The codec an HTML page's XML declaration or <meta> charset (either form) names, None if none or unknown."""
    name = EncodingDetector.find_declared_encoding(
        content[:CHARSET_SNIFF_BYTES], is_html=True, search_entire_document=True
    )
    return None if name is None else _known_codec(name)


UTF16_ZERO_SHARE = 0.3  # ASCII-range text in UTF-16 has a zero in every other byte; binary formats do not


def _utf16_without_bom(content: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the bytes look like UTF-16 text that lost its byte-order mark."""
    sample = content[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) >= len(odd) * UTF16_ZERO_SHARE and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) >= len(even) * UTF16_ZERO_SHARE and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _known_codec(name: str) -> str | None:
    """Python's name for a declared charset (bs4's spellings of the few Python does not know, "x-sjis")."""
    try:
        codec = codecs.lookup(UnicodeDammit.CHARSET_ALIASES.get(name, name)).name
    except (LookupError, ValueError):  # ValueError: a NUL inside the declared name
        return None
    # Browsers read pages declared Latin-1 as Windows-1252; so do we.
    return "cp1252" if codec in ("latin-1", "iso8859-1") else codec


def _decode_or_reject(content: bytes, encoding: str) -> str:
    try:
        return _reject_binary(content.decode(encoding))
    except UnicodeDecodeError as error:
        raise DocumentError(Step.INGEST, f"invalid {encoding} bytes") from error


# A few NUL bytes in otherwise valid text are debris (a CMS's padding in an ad block, a bad copy): they are dropped
# and counted. Binary data decoded as text shows itself by their share: uncompressed formats are full of NULs,
# compressed ones (where a NUL is one byte in 256) of the other control bytes that text never uses.
MAX_NUL_SHARE = 0.05


MAX_BINARY_CONTROL_SHARE = 0.01


BINARY_CONTROLS = re.compile("[\x01-\x08\x0e-\x1a\x1c-\x1f\x7f]")  # C0 but tab, newlines, form feed, ESC


def _reject_binary(text: str) -> str:
    """`text` as it is, unless its NUL characters show that it is binary data decoded as text."""
    nuls = text.count("\x00")
    if not nuls:
        return text
    if nuls > len(text) * MAX_NUL_SHARE:
        raise DocumentError(Step.INGEST, f"binary content: {nuls} NUL bytes in {len(text)} characters")
    controls = sum(1 for _ in BINARY_CONTROLS.finditer(text))
    if controls > len(text) * MAX_BINARY_CONTROL_SHARE:
        raise DocumentError(Step.INGEST, f"binary content: NUL and {controls} other control bytes")
    return text
