"""The `docpipe` command: a thin layer that parses arguments, calls the pipeline and prints."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.progress import Progress as Progress_
from rich.table import Table
from rich.text import Text

from docpipe import __version__
from docpipe.config import DEFAULT_BATCH_SIZE, DEFAULT_DOCUMENT_TIMEOUT_SECONDS, DEFAULT_MAX_FILE_BYTES, Settings
from docpipe.driver import Progress, RunSummary, run_pipeline
from docpipe.explain import UnknownFieldError, explain_document
from docpipe.lookup import DocumentLookupError, find_document
from docpipe.model import ConfigurationError
from docpipe.prov_export import all_documents, export_prov
from docpipe.render import render_explanation, render_verify_report, shown
from docpipe.shutdown import StopRequest, lifeline_for_this_process, stop_on_signals
from docpipe.verify import verify_outputs

app = typer.Typer(
    help="docpipe: raw articles (HTML or plain text) to clean, segmented Parquet datasets with provenance.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
errors = Console(stderr=True)


def fail(message: str) -> None:
    errors.print(Text.assemble(("error:", "bold red"), " ", shown(message)))
    raise typer.Exit(code=2)


@app.callback()
def main_options(
    version: Annotated[bool, typer.Option("--version", help="Print docpipe's version and exit.")] = False,
) -> None:
    if version:
        console.print(f"docpipe {__version__}")
        raise typer.Exit()


@app.command()
def run(
    raw: Annotated[
        Path, typer.Option("--raw", help="Folder of input articles (.txt, .html, .htm, optionally .gz).")
    ] = Path("raw"),
    out: Annotated[Path, typer.Option("--out", help="Output folder for the Parquet datasets.")] = Path("processed"),
    batch_size: Annotated[
        int, typer.Option(min=1, help="Documents per batch (one Parquet file per table each).")
    ] = DEFAULT_BATCH_SIZE,
    language: Annotated[
        list[str] | None, typer.Option("--language", "-l", help="Keep only these ISO 639-1 languages (repeatable).")
    ] = None,
    max_file_bytes: Annotated[
        int, typer.Option(min=1, help="Larger inputs are rejected without being read.")
    ] = DEFAULT_MAX_FILE_BYTES,
    reprocess: Annotated[
        bool, typer.Option("--reprocess", help="Process already-processed content again; new rows replace old.")
    ] = False,
    workers: Annotated[
        int, typer.Option(min=0, help="Processes working on batches at once; 0 = every core. Same outputs.")
    ] = 0,
    timeout_seconds: Annotated[
        float, typer.Option(min=0, help="A document still processing after this long becomes a reject; 0 = none.")
    ] = DEFAULT_DOCUMENT_TIMEOUT_SECONDS,
) -> None:
    """Process every article under --raw into Parquet datasets under --out (no Prefect server needed).

    Content this docpipe version already processed is skipped, so a re-run adds no duplicate rows.
    """
    try:
        settings = Settings(
            raw_dir=raw,
            out_dir=out,
            batch_size=batch_size,
            languages=tuple(code.lower() for code in language or ()),
            max_file_bytes=max_file_bytes,
            reprocess=reprocess,
            workers=workers,
            document_timeout_seconds=timeout_seconds,
        )
    except ValueError as error:
        fail(str(error))
        return
    stop = StopRequest()
    try:
        with lifeline_for_this_process(), stop_on_signals(stop):
            summary = run_with_progress(settings, stop)
    except ConfigurationError as error:
        fail(str(error))
        return
    print_summary(summary, settings)
    if summary.interrupted_by:
        errors.print(
            f"[bold yellow]interrupted[/] by {summary.interrupted_by}: {summary.documents} documents written, "
            f"{summary.not_reached} files not reached. Run the same command again to carry on from there."
        )
        raise typer.Exit(code=stop.exit_status)


def run_with_progress(settings: Settings, stop: StopRequest) -> RunSummary:
    """The run, with a progress bar on a terminal (files done, rate, time left), a line every 10 s elsewhere."""
    if not console.is_terminal:

        def log_line(progress: Progress) -> None:
            errors.print(f"progress: {progress.describe()}", highlight=False)

        return run_pipeline(settings, stop=stop, on_progress=log_line, progress_interval=10.0)
    with Progress_(
        TextColumn("[bold]processing"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("processing", total=None)

        def start(_summary: RunSummary, total: int) -> None:
            bar.update(task, total=total)

        def show(progress: Progress) -> None:
            bar.update(task, completed=progress.done, total=progress.total)

        return run_pipeline(settings, stop=stop, on_start=start, on_progress=show, progress_interval=0.5)


def print_summary(summary: RunSummary, settings: Settings) -> None:
    table = Table(title=f"docpipe run {summary.run_id}", show_header=False)
    table.add_row("inputs", str(summary.inputs))
    table.add_row("documents written", str(summary.documents))
    table.add_row("duplicates (same content as another file)", str(summary.duplicates))
    table.add_row("already processed", str(summary.skipped))
    table.add_row("rejected", str(summary.rejects))
    for reason, count in summary.rejects_by_reason.most_common():
        table.add_row(Text.assemble("  ", shown(reason)), str(count))
    if summary.not_reached:
        table.add_row("not reached (interrupted)", str(summary.not_reached))
    if summary.hidden:
        table.add_row("hidden files and folders ignored", str(summary.hidden))
    if summary.superseded_rows:
        table.add_row("older rows replaced", str(summary.superseded_rows))
    table.add_row("outputs", shown(settings.out_dir))
    for name in sorted(summary.outputs):
        if name != "runs":
            table.add_row(f"  {name}/", f"{len(summary.outputs[name])} new file(s)")
    table.add_row("  runs/", f"{summary.run_id}.json")
    console.print(table)


RAW_OPTION = typer.Option("--raw", help="Folder of the raw articles the outputs were made from.")
OUT_OPTION = typer.Option("--out", help="The output folder (what `docpipe run --out` wrote).")


@app.command()
def verify(
    raw: Annotated[Path, RAW_OPTION] = Path("raw"),
    out: Annotated[Path, OUT_OPTION] = Path("processed"),
) -> None:
    """Check the outputs against the raw files and their own provenance; exit 1 naming each violation.

    Re-hashes raw files, checks every section, block and evidence span against clean_text, that every
    metadata value has selected evidence, that every document has a provenance row per step and every run
    a manifest whose counts add up.
    """
    try:
        report = verify_outputs(raw, out)
    except ConfigurationError as error:
        fail(str(error))
        return
    console.print(render_verify_report(report, raw, out))
    if not report.ok:
        raise typer.Exit(code=1)


def _document_in(out: Path, key: str) -> str:
    if not (out / "documents").is_dir():
        fail(f"no documents under {out}: not a docpipe output folder, or nothing written yet")
    try:
        return find_document(out, key)
    except DocumentLookupError as error:
        fail(str(error))
        raise  # unreachable: fail exits


@app.command()
def explain(
    document: Annotated[str, typer.Argument(help="A doc_id, a unique doc_id prefix, or the document's source path.")],
    field: Annotated[
        str | None, typer.Option("--field", "-f", help="Only this field (title, authors, published_date, …).")
    ] = None,
    out: Annotated[Path, OUT_OPTION] = Path("processed"),
) -> None:
    """Show where each metadata value of a document came from: method, evidence in context, what lost and why,
    and the run and code version that wrote it."""
    doc_id = _document_in(out, document)
    try:
        explanation = explain_document(out, doc_id, field)
    except UnknownFieldError as error:
        fail(str(error))
        return
    console.print(render_explanation(explanation))


class ProvFormat(StrEnum):
    PROV_JSON = "prov-json"


@app.command("export-prov")
def export_prov_command(
    document: Annotated[
        str | None, typer.Argument(help="A doc_id, a unique doc_id prefix, or the document's source path.")
    ] = None,
    all_documents_: Annotated[bool, typer.Option("--all", help="Every document in the output folder.")] = False,
    format_: Annotated[ProvFormat, typer.Option("--format", help="The serialisation.")] = ProvFormat.PROV_JSON,
    out: Annotated[Path, OUT_OPTION] = Path("processed"),
) -> None:
    """Print the provenance of a document (or of --all) as W3C PROV-JSON on standard output."""
    if (document is None) == (not all_documents_):
        fail("give a document (doc_id, prefix or source path) or --all, not both")
    if all_documents_:
        if not (out / "documents").is_dir():
            fail(f"no documents under {out}: not a docpipe output folder, or nothing written yet")
        doc_ids = all_documents(out)
    else:
        doc_ids = [_document_in(out, str(document))]
    sys.stdout.write(json.dumps(export_prov(out, doc_ids), indent=2, ensure_ascii=False) + "\n")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        errors.print("interrupted")
        sys.exit(130)
