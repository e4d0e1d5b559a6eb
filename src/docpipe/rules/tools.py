"""How docpipe calls other tools: thresholds for py3langid."""

from __future__ import annotations

LANGID_MIN_WORDS = 20  # below this, py3langid's guess is worse than the page's declaration


# py3langid walks every byte in Python (3 ms for an average page); past this many characters more text stopped
# changing its answer (the 1,391 corpus pages' bodies: no language changed, 3 probabilities in the 4th decimal).
LANGID_MAX_CHARS = 8000


EXTRACTOR_METADATA_FIELDS = ("title", "author", "sitename")  # (its URL only serves to name the site)
