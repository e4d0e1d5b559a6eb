"""A reject names the step that raised: each row makes one step fail (a library error inside it, or the step's own
refusal) and checks the step and reason the Reject records."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import docpipe
from docpipe import ingest, metadata, pipeline, segment
from docpipe.config import Settings

from .articles import HEADLINE, html_page, text_article

PAGE = html_page("<title>Reserve Bank holds rates</title>", top="<h1>Reserve Bank holds rates</h1>")
TEXT = text_article(HEADLINE, "By Jane Doe")


def _raises(message: str) -> Callable[..., object]:
    def fail(*args: object, **kwargs: object) -> object:
        raise RuntimeError(message)

    return fail


@pytest.mark.parametrize(
    ("module", "function", "data", "filename", "step"),
    [
        pytest.param(ingest, "document_from_bytes", TEXT, "story.txt", "ingest", id="ingest"),
        pytest.param(pipeline, "blocks_from_html", PAGE, "story.html", "clean", id="clean-html"),
        pytest.param(pipeline, "blocks_from_plain_text", TEXT, "story.txt", "clean", id="clean-text"),
        pytest.param(segment, "segment_blocks", TEXT, "story.txt", "segment", id="segment"),
        pytest.param(metadata, "select_candidates", PAGE, "story.html", "metadata", id="metadata-combiner"),
        pytest.param(metadata, "htmldate_candidates", PAGE, "story.html", "metadata", id="metadata-htmldate"),
    ],
)
def test_an_unexpected_error_is_a_reject_of_the_step_that_raised(
    monkeypatch: pytest.MonkeyPatch, module: object, function: str, data: str, filename: str, step: str
) -> None:
    monkeypatch.setattr(module, function, _raises("parser blew up"))
    result = docpipe.process(data, filename=filename)
    assert isinstance(result, docpipe.Reject)
    assert (result.step, result.reason) == (step, "unexpected error: RuntimeError: parser blew up")


@pytest.mark.parametrize(
    ("data", "filename", "settings", "step", "reason"),
    [
        pytest.param(
            TEXT, "story.txt", Settings(languages=("de",)), "metadata", "language en not in de", id="language-filter"
        ),
        pytest.param(
            "<html><body><script>var a = 1;</script></body></html>",
            "empty.html",
            Settings(),
            "clean",
            None,
            id="no-main-content",
        ),
        pytest.param(
            b"\x1f\x8b\x08 not gzip", "story.html.gz", Settings(), "ingest", "corrupt gzip data", id="bad-gzip"
        ),
    ],
)
def test_a_steps_own_refusal_names_it(
    data: str | bytes, filename: str, settings: Settings, step: str, reason: str | None
) -> None:
    result = docpipe.process(data, filename=filename, settings=settings)
    assert isinstance(result, docpipe.Reject)
    assert result.step == step
    if reason is not None:
        assert result.reason.startswith(reason)
