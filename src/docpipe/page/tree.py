"""One parse per HTML page, shared by every reader of the page: docpipe's markup readers, trafilatura and htmldate.

The page is parsed once as written, comments kept (htmldate's parser). Each tool first "repairs" the text its own
way (trafilatura drops characters XML refuses and a doctype's stray "/"; htmldate cuts from a doctype to the first
"/>"): where a repair leaves the text as it is, which is most pages, the tool reads the one parse; only where it
changes the text is that text parsed again. trafilatura's parser drops comments, so its tree is the parse with its
comments stripped, made once.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from docpipe.page.markup import string
from docpipe.rules.selectors import JSON_LD_TYPE


@dataclass(frozen=True)
class Page:
    root: HtmlElement  # the whole document as written, comments kept: docpipe's markup readers
    content_tree: HtmlElement | None  # as trafilatura loads it (repaired, no comments); None: it refuses the page
    htmldate_tree: HtmlElement | None  # as htmldate loads it (a fragment's only element); None: it refuses the page
    # (key, content, element) of every meta tag with content: its property, name or itemprop, folded
    meta_tags: tuple[tuple[str, str, etree._Element], ...] = field(repr=False)
    json_ld_items: tuple[dict[str, Any], ...] = field(repr=False)  # every JSON-LD object, @graph members included


def parse(html: str) -> Page | None:
    """The page parsed once (None if lxml makes nothing of it); lxml's errors on hostile input propagate."""
    from htmldate import utils as htmldate_utils
    from trafilatura import utils as trafilatura_utils

    parsed = _load(html)
    if parsed is None:
        return None
    beginning = html[:50].lower()
    dated_text = htmldate_utils.repair_faulty_html(html, beginning)
    dated = parsed if dated_text == html else _load(dated_text)
    content_text = trafilatura_utils.repair_faulty_html(html, beginning)
    content = parsed if content_text == html else dated if content_text == dated_text else _load(content_text)
    # Both tools refuse what does not look like a document: no "html" in the first 50 characters and fewer than two
    # top-level elements (a fragment), which docpipe's readers still read.
    dubious = "html" not in beginning
    if dated is not None and dubious and len(dated) < 2:
        dated = None
    if content is not None and dubious and len(content) < 2:
        content = None
    root = parsed.getroottree().getroot()  # (lxml hands back a fragment's only element; the readers read it all)
    return Page(root, _without_comments(content), dated, tuple(_meta_tags(root)), tuple(_json_ld_items(root)))


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


def _without_comments(tree: HtmlElement | None) -> HtmlElement | None:
    if tree is None:
        return None
    if next(tree.iter(etree.Comment), None) is None:
        return tree  # (nothing to strip: the tools copy a tree before they prune it)
    stripped = copy.deepcopy(tree)
    etree.strip_tags(stripped, etree.Comment)
    return stripped


def _meta_tags(root: etree._Element) -> list[tuple[str, str, etree._Element]]:
    found = []
    for meta in root.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or ""
        content = meta.get("content")
        if isinstance(key, str) and isinstance(content, str) and content.strip():
            found.append((key.strip().lower(), content, meta))
    return found


def _json_ld_items(root: etree._Element) -> list[dict[str, Any]]:
    items = []
    for script in root.iter("script"):
        if not JSON_LD_TYPE.search(script.get("type") or ""):
            continue
        raw = (string(script) or "").strip().removeprefix("<![CDATA[").removesuffix("]]>").strip().rstrip(";")
        try:
            data = json.loads(raw)
        except (json.JSONDecodeError, RecursionError):
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                items.append(item)
                graph = item.get("@graph")
                stack.extend(graph if isinstance(graph, list) else [] if graph is None else [graph])
    return items
