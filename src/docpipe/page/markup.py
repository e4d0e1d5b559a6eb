"""A page's elements read the way BeautifulSoup reads them: `text` is `Tag.get_text`, `string` is `.string`, `markup`
is `str(tag)`, `strings` splits a tag's strings as it does; `elements_after` walks the elements that follow one.

docpipe's markup rules and their evidence values are defined on BeautifulSoup's reading of a page
(`BeautifulSoup(html, "lxml")`, the same libxml2 parse underneath); reading the one lxml tree (`docpipe.page.tree`)
this way keeps them byte-identical without building a second, Python tree of every page.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

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


def elements_after(element: etree._Element, limit: int | None = None) -> Iterator[etree._Element]:
    """The elements after `element` in document order (the first `limit` of them), its own descendants left out:
    XPath's following::*, at a quarter of its cost where it stops when it has enough. Comments are no elements."""
    count = 0
    while limit is None or count < limit:
        following = element.getnext()
        while following is None:
            parent = element.getparent()
            if parent is None:
                return
            element, following = parent, parent.getnext()
        for descendant in following.iter():
            if isinstance(descendant.tag, str):
                yield descendant
                count += 1
                if limit is not None and count >= limit:
                    return
        element = following
