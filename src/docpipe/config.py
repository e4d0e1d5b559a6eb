"""One frozen Settings object, passed explicitly to every step; no globals read at call time."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

DEFAULT_BATCH_SIZE = 200  # large enough that per-task orchestration cost is noise, small enough to bound memory
DEFAULT_MAX_FILE_BYTES = 50 * 1024 * 1024  # a bigger "article" is almost surely not one; reject without reading
# An article takes well under a second; one that takes a minute is pathological input, and must not hold its
# batch (and every later batch's write) for hours.
DEFAULT_DOCUMENT_TIMEOUT_SECONDS = 60.0


@dataclass(frozen=True, slots=True)
class Settings:
    raw_dir: Path = Path("raw")
    out_dir: Path = Path("processed")
    batch_size: int = DEFAULT_BATCH_SIZE
    # ISO 639-1 codes to keep; empty keeps every language. Others become rejects (reason: language).
    languages: tuple[str, ...] = ()
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    # Process content again even if this pipeline version already wrote it; the new rows replace the old.
    reprocess: bool = False
    # Processes that process batches at once; 0 = every core. Outputs are the same for any number.
    workers: int = 0
    # A document still being processed after this many seconds becomes a reject ("timed out after N s"); 0: none.
    document_timeout_seconds: float = DEFAULT_DOCUMENT_TIMEOUT_SECONDS

    def __post_init__(self) -> None:
        if self.batch_size < 1:
            raise ValueError(f"batch size must be at least 1, got {self.batch_size}")
        if self.workers < 0:
            raise ValueError(f"workers must be 0 (every core) or more, got {self.workers}")
        if self.document_timeout_seconds < 0:
            raise ValueError(f"document timeout must be 0 (none) or more seconds, got {self.document_timeout_seconds}")
        if self.max_file_bytes < 1:
            raise ValueError(f"max file size must be at least 1 byte, got {self.max_file_bytes}")
