"""docpipe: raw articles to clean, segmented, metadata-rich Parquet datasets with provenance."""

import logging

__version__ = "0.1.0"

# The library logs; the CLI or the flow decides where logs go.
logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = ["__version__"]
