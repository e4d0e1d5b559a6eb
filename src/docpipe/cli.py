"""The `docpipe` command: a thin layer that parses arguments, calls the pipeline and prints."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from docpipe import __version__
from docpipe.config import DEFAULT_BATCH_SIZE, DEFAULT_MAX_FILE_BYTES, Settings
from docpipe.model import ConfigurationError
from docpipe.pipeline import RunSummary, run_pipeline

app = typer.Typer(
    help="docpipe: raw articles (HTML or plain text) to clean, segmented Parquet datasets with provenance.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console()
errors = Console(stderr=True)


def fail(message: str) -> None:
    errors.print(f"[bold red]error:[/] {message}")
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
) -> None:
    """Process every article under --raw into Parquet datasets under --out (no Prefect server needed).

    Content this docpipe version already processed is skipped, so a re-run adds no duplicate rows.
    """
    settings = Settings(
        raw_dir=raw,
        out_dir=out,
        batch_size=batch_size,
        languages=tuple(code.lower() for code in language or ()),
        max_file_bytes=max_file_bytes,
        reprocess=reprocess,
    )
    try:
        if console.is_terminal:
            with Progress(
                TextColumn("[bold]processing"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            ) as progress:
                task = progress.add_task("processing", total=None)

                def show(summary: RunSummary, total: int) -> None:
                    progress.update(task, completed=summary.inputs, total=total)

                summary = run_pipeline(settings, on_batch=show)
        else:
            summary = run_pipeline(settings)
    except ConfigurationError as error:
        fail(str(error))
        return
    print_summary(summary, settings)


def print_summary(summary: RunSummary, settings: Settings) -> None:
    table = Table(title=f"docpipe run {summary.run_id}", show_header=False)
    table.add_row("inputs", str(summary.inputs))
    table.add_row("documents written", str(summary.documents))
    table.add_row("skipped (already processed)", str(summary.skipped))
    table.add_row("rejected", str(summary.rejects))
    if summary.superseded_rows:
        table.add_row("older rows replaced", str(summary.superseded_rows))
    for reason, count in summary.rejects_by_reason.most_common():
        table.add_row(f"  {reason}", str(count))
    table.add_row("outputs", str(settings.out_dir))
    for name in sorted(summary.outputs):
        table.add_row(f"  {name}/", f"{len(summary.outputs[name])} new file(s)")
    table.add_row("  runs/", f"{summary.run_id}.json")
    console.print(table)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        errors.print("interrupted")
        sys.exit(130)
