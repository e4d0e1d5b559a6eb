"""trafilatura's reading of a page's title, author and site name, on the page's tree."""

from __future__ import annotations

import contextlib

from lxml import etree

from docpipe.rules.tools import EXTRACTOR_METADATA_FIELDS


def extractor_metadata(tree: etree._Element, url: str | None) -> dict[str, str]:
    """trafilatura's reading of a page's title, author and site name: `trafilatura.metadata.extract_metadata`'s
    steps for those fields (trafilatura 2.3.1), on the tree its extraction then reads. Its date (an htmldate call
    with the arguments docpipe's own htmldate candidate uses), categories, tags and licence are left out: they were
    a third of trafilatura's time per page and docpipe read none of them but the date, which it already had."""
    from trafilatura import metadata as reading

    found = reading.examine_meta(tree)
    if found.author and " " not in found.author:
        found.author = None  # (as trafilatura: a one-word meta author is a handle or a site, not a name)
    with contextlib.suppress(Exception):  # as trafilatura: its JSON-LD reader has bugs; the markup reading stands
        found = reading.extract_meta_json(tree, found)
    found.title = found.title or reading.extract_title(tree)
    found.author = found.author or reading.extract_author(tree)
    found.url = found.url or reading.extract_url(tree, url)
    found.sitename = found.sitename or reading.extract_sitename(tree)
    if found.sitename:
        found.sitename = found.sitename.lstrip("@")
        if found.sitename and "." not in found.sitename and not found.sitename[0].isupper():
            found.sitename = found.sitename.title()
    elif found.url and (host := reading.META_URL.match(found.url)):
        found.sitename = host[1]
    found.clean_and_trim()  # (entities, spaces, length: as extract_metadata ends)
    values = {name: getattr(found, name) for name in EXTRACTOR_METADATA_FIELDS}
    return {name: value for name, value in values.items() if isinstance(value, str) and value}
