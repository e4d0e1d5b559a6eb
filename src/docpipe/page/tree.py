"""One parsed tree per HTML page, shared by every reader of the page."""

from __future__ import annotations

from dataclasses import dataclass

from lxml.html import HtmlElement


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
