"""One parsed tree per HTML page, shared by htmldate and docpipe's own markup extractors.

A page used to be parsed four times: by trafilatura, by BeautifulSoup (a full Python tree: about 15 lxml parses'
worth of CPU) and twice by htmldate. Now the metadata step parses it once with htmldate's parser; docpipe's
extractors and both htmldate calls read that tree (htmldate copies a tree it is given before it prunes it).
trafilatura still parses its own: its parser drops comments, and a copy of this tree with the comments stripped is
not the same tree (libxml2 builds 24 of the 1,538 corpus pages differently, around conditional comments) while
saving only 0.6 ms of a page's ~40.

The extractors' outputs were defined on BeautifulSoup's tree (`BeautifulSoup(html, "lxml")`, the same libxml2
parse underneath); the helpers here read an lxml element the way BeautifulSoup read the same tag: `text` is
`get_text`, `string` is `.string`, `markup` is `str(tag)`. Evidence values stay byte-identical.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement

# BeautifulSoup's HTML facts (bs4.builder.HTMLTreeBuilder), which its text and markup follow.
VOID_TAGS = frozenset(
    "area base br col embed hr img input keygen link menuitem meta param source track wbr "
    "basefont bgsound command frame image isindex nextid spacer".split()
)
STRING_CONTAINERS = frozenset({"rt", "rp", "style", "script", "template"})  # their strings are no page text
RAW_TEXT_TAGS = frozenset({"script", "style"})  # written out unescaped
PRESERVE_WHITESPACE_TAGS = frozenset({"pre", "textarea"})
LIST_ATTRIBUTES = {  # whitespace-separated values, normalised to single spaces
    "*": frozenset({"class", "accesskey", "dropzone"}),
    "a": frozenset({"rel", "rev"}),
    "link": frozenset({"rel", "rev"}),
    "td": frozenset({"headers"}),
    "th": frozenset({"headers"}),
    "form": frozenset({"accept-charset"}),
    "object": frozenset({"archive"}),
    "area": frozenset({"rel"}),
    "icon": frozenset({"sizes"}),
    "iframe": frozenset({"sandbox"}),
    "output": frozenset({"for"}),
}
ASCII_SPACES = "\x20\x0a\x09\x0c\x0d"


@dataclass(frozen=True)
class Page:
    root: HtmlElement  # the whole document, for docpipe's extractors
    htmldate_tree: HtmlElement | None  # what htmldate's own loader returns (a fragment's only element), or None


_last: tuple[str, Page | None] | None = None


def parse(html: str) -> Page | None:
    """The page parsed once (None if lxml makes nothing of it).

    The clean and metadata steps of one document pass the same string object, so the last parse is kept:
    a worker holds one page's tree at a time."""
    global _last
    if _last is not None and _last[0] is html:
        return _last[1]
    page = _parse(html)
    _last = (html, page)
    return page


def _parse(html: str) -> Page | None:
    from htmldate import utils

    root = _load(html)
    if root is None:
        return None
    # htmldate's loader first "repairs" the text: on a page whose first line holds a doctype it cuts from the
    # doctype to the first "/>", which on a minified page is often <html lang=…>, <head> and the <title>. htmldate
    # keeps reading what it always read; the extractors read the page as written (as BeautifulSoup did). The two
    # differ only where the repair changed something, and only then is the page parsed a second time.
    beginning = html[:50].lower()
    repaired = utils.repair_faulty_html(html, beginning)
    dated = root if repaired == html else _load(repaired)
    # htmldate refuses what does not look like a document (no "html" in the first 50 characters and fewer than
    # two top-level elements: a fragment), which the extractors still read.
    if dated is None or (utils.is_dubious_html(beginning) and len(dated) < 2):
        dated = None
    # lxml.html.fromstring hands back a fragment's only element; the extractors read the whole document.
    return Page(root.getroottree().getroot(), dated)


def _load(text: str) -> HtmlElement | None:
    """htmldate.utils.load_html's parse (its parser: comments kept, processing instructions dropped)."""
    from htmldate import utils

    try:
        tree = utils.fromstring(text, parser=utils.HTML_PARSER)
    except ValueError:  # "Unicode strings with encoding declaration are not supported."
        tree = None
    except Exception:  # as htmldate: any other lxml failure falls back to the bytes
        tree = None
    if tree is None or len(tree) < 1:
        tree = utils.fromstring_bytes(text)
    return tree


def elements(root: etree._Element) -> Iterator[etree._Element]:
    """Every element in document order, the root first; comments and the like left out."""
    return (element for element in root.iter() if isinstance(element.tag, str))


def first(root: etree._Element, tag: str) -> etree._Element | None:
    return next(root.iter(tag), None)


def strings(element: etree._Element) -> Iterator[tuple[str, etree._Element, bool]]:
    """Every string in the element in document order, as BeautifulSoup splits them: (text, parent element,
    whether it is page text: not a comment, nor inside script, style, template, rt or rp)."""
    yield from _strings(element, element.tag in STRING_CONTAINERS if isinstance(element.tag, str) else False)


def _strings(element: etree._Element, contained: bool) -> Iterator[tuple[str, etree._Element, bool]]:
    if element.text:
        yield _collapsed(element.text, element), element, not contained
    for child in element:
        if isinstance(child.tag, str):
            yield from _strings(child, contained or child.tag in STRING_CONTAINERS)
        elif child.tag is etree.Comment:
            yield _collapsed(child.text or "", element), element, False
        if child.tail:
            yield _collapsed(child.tail, element), element, not contained


def _collapsed(text: str, parent: etree._Element) -> str:
    """BeautifulSoup keeps a whitespace-only string as one newline or one space (outside pre and textarea); an
    empty comment becomes one space."""
    if text.strip(ASCII_SPACES) or _preserves_whitespace(parent):
        return text
    return "\n" if "\n" in text else " "


def _preserves_whitespace(element: etree._Element | None) -> bool:
    while element is not None:
        if element.tag in PRESERVE_WHITESPACE_TAGS:
            return True
        element = element.getparent()
    return False


def text(element: etree._Element, separator: str = "", strip: bool = False) -> str:
    """`Tag.get_text(separator, strip=strip)`: the element's page text (no comments, scripts, styles)."""
    pieces = (piece for piece, _, is_text in strings(element) if is_text)
    if strip:
        return separator.join(stripped for piece in pieces if (stripped := piece.strip()))
    return separator.join(pieces)


def string(element: etree._Element) -> str | None:
    """`Tag.string`: the element's one string, through a chain of only children; None for none or several."""
    while True:
        children = list(element)
        has_text = bool(element.text)
        if has_text + len(children) + sum(bool(child.tail) for child in children) != 1:
            return None
        if has_text:
            return _collapsed(element.text, element)
        child = children[0]
        if not isinstance(child.tag, str):
            return _collapsed(child.text or "", element) if child.tag is etree.Comment else None
        element = child


def attribute_list(element: etree._Element, name: str) -> list[str] | None:
    """A whitespace-separated attribute (class, rel) as BeautifulSoup's list of its tokens."""
    value = element.get(name)
    return None if value is None else value.split()


def markup(element: etree._Element, limit: int) -> str:
    """`str(tag)[:limit]`: the element as BeautifulSoup writes it (attributes sorted, void elements as
    `<br/>`, `&`, `<`, `>` escaped but in script and style), built only as far as `limit` characters."""
    pieces: list[str] = []
    length = 0
    for piece in _markup(element):
        pieces.append(piece)
        length += len(piece)
        if length >= limit:
            break
    return "".join(pieces)[:limit]


def _markup(element: etree._Element) -> Iterator[str]:
    tag = element.tag
    listed = LIST_ATTRIBUTES["*"] | LIST_ATTRIBUTES.get(tag, frozenset())
    attributes = []
    for key, value in sorted(element.attrib.items()):
        if key in listed:
            value = " ".join(value.split())
        attributes.append(f"{key}={_quoted(_escape(value))}")
    opening = "<" + tag + "".join(" " + attribute for attribute in attributes)
    if tag in VOID_TAGS and element.text is None and len(element) == 0:
        yield opening + "/>"
        return
    yield opening + ">"
    raw = tag in RAW_TEXT_TAGS
    if element.text:
        yield element.text if raw else _escape(_collapsed(element.text, element))
    for child in element:
        if isinstance(child.tag, str):
            yield from _markup(child)
        elif child.tag is etree.Comment:
            yield f"<!--{_collapsed(child.text or '', element)}-->"
        if child.tail:
            yield child.tail if raw else _escape(_collapsed(child.tail, element))
    yield f"</{tag}>"


def _escape(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _quoted(value: str) -> str:
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace('"', "&quot;") + '"'
