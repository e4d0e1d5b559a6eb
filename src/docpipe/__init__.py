"""docpipe: raw articles to clean, segmented, metadata-rich Parquet datasets with provenance.

import docpipe
doc = docpipe.process(open("article.html", "rb").read(), filename="article.html")
doc.metadata.title, doc.sections, doc.evidence        # or a docpipe.Reject with .step and .reason
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# The library logs; the CLI or the flow decides where logs go.
logging.getLogger(__name__).addHandler(logging.NullHandler())

if TYPE_CHECKING:
    from docpipe.config import Settings
    from docpipe.model import Document, Evidence, Metadata, Reject, Section
    from docpipe.pipeline import process

__all__ = ["Document", "Evidence", "Metadata", "Reject", "Section", "Settings", "__version__", "process"]

# Imported when first used: `import docpipe` stays cheap (the extractors and their libraries load on the first
# document), so a process that only writes, lists or verifies never pays for them.
_LAZY = {
    "process": "docpipe.pipeline",
    "Settings": "docpipe.config",
    "Document": "docpipe.model",
    "Evidence": "docpipe.model",
    "Metadata": "docpipe.model",
    "Reject": "docpipe.model",
    "Section": "docpipe.model",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'docpipe' has no attribute {name!r}")
