"""Terminal renderings (rich) of what `docpipe verify` and `docpipe explain` found; no logic of their own."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from docpipe.explain import Candidate, Explanation, FieldExplanation
from docpipe.textsafety import printable
from docpipe.verify import VerifyReport

VIOLATIONS_SHOWN = 200  # a folder broken everywhere would print for ever; the count says how many there are
MARKUP_CHARS = 160


def shown(value: object) -> Text:
    """A value from the data (page text, a file name, a manifest) as plain text: no rich markup is read in it, and
    its control characters are shown escaped instead of reaching the terminal."""
    return Text(printable(str(value)))


def render_verify_report(report: VerifyReport, raw_dir: Path, out_dir: Path) -> RenderableType:
    summary = Table(title=shown(f"docpipe verify {out_dir} (raw files: {raw_dir})"), show_header=False)
    for name, count in report.checked.items():
        summary.add_row(shown(name), str(count))
    by_check = Counter(v.check for v in report.violations)
    summary.add_row(
        Text("violations", style="bold"),
        Text(str(len(report.violations)), style="bold red" if report.violations else "bold green"),
    )
    for check, count in sorted(by_check.items()):
        summary.add_row(shown(f"  {check}"), str(count))
    parts: list[RenderableType] = [summary]
    parts += [Text(printable(f"note: {note}"), style="yellow") for note in report.notes]
    if report.violations:
        listing = Table("check", "subject", "violation", title="violations", title_justify="left", show_lines=False)
        for violation in report.violations[:VIOLATIONS_SHOWN]:
            listing.add_row(shown(violation.check), shown(violation.subject), shown(violation.message))
        parts.append(listing)
        if len(report.violations) > VIOLATIONS_SHOWN:
            parts.append(Text(f"… and {len(report.violations) - VIOLATIONS_SHOWN} more", style="red"))
    else:
        parts.append(Text("every check passed", style="bold green"))
    return Group(*parts)


def render_explanation(explanation: Explanation) -> RenderableType:
    header = Table.grid(padding=(0, 2))
    header.add_row("document", Text(printable(explanation.doc_id), overflow="fold"))
    header.add_row("source", shown(explanation.source_path))
    header.add_row("run", shown(explanation.run_id))
    manifest = explanation.manifest
    if manifest is None:
        header.add_row("manifest", Text(printable(f"missing: runs/{explanation.run_id}.json"), style="red"))
    else:
        header.add_row(
            "docpipe", shown(f"{manifest.get('pipeline_version')} (git {manifest.get('git_commit') or 'unknown'})")
        )
        header.add_row("run started", shown(manifest.get("started_at")))
        if manifest.get("prefect_flow_run_id"):
            deployment = manifest.get("prefect_deployment") or "no deployment"
            header.add_row("prefect flow run", shown(f"{manifest['prefect_flow_run_id']} ({deployment})"))
        if manifest.get("user") or manifest.get("host"):
            header.add_row("ran by", shown(f"{manifest.get('user') or '?'} on {manifest.get('host') or '?'}"))
    for step in explanation.steps:
        header.add_row(
            shown(f"  {step.step}"),
            Text.assemble(printable(step.step_version), "  ", (printable(step.started_at), "dim")),
        )
    for note in explanation.input_notes:
        header.add_row("input", shown(note))
    for note in explanation.section_notes:
        header.add_row("sections", shown(note))
    parts: list[RenderableType] = [Panel(header, title="provenance", title_align="left")]
    if explanation.rules_version_differs:
        parts.append(Text("note: written by another docpipe version, whose rules chose these values", "yellow"))
    parts += [render_field(field) for field in explanation.fields]
    return Group(*parts)


def render_field(field: FieldExplanation) -> RenderableType:
    value = Text(printable(field.value), style="bold") if field.value is not None else Text("no value", style="dim")
    title = Text.assemble((f"{field.field}: ", "bold cyan"), value)
    if not field.candidates:
        return Panel(Text("no candidate found", style="dim"), title=title, title_align="left")
    rows: list[RenderableType] = []
    for candidate in field.candidates:
        rows.append(_candidate_line(candidate))
        rows.append(_evidence_of(candidate))
    return Panel(Group(*rows), title=title, title_align="left")


def _candidate_line(candidate: Candidate) -> Text:
    mark = ("✔ selected", "bold green") if candidate.selected else ("✘ lost", "red")
    line = Text.assemble(
        (f"#{candidate.rank} ", "dim"),
        mark,
        "  ",
        (printable(repr(candidate.value)), "bold"),
        printable(f"  by {candidate.method}, confidence {candidate.confidence:.2f}"),
    )
    if candidate.score is not None:
        line.append(printable(f", score {candidate.score:.2f}"))
        if candidate.score_terms:
            line.append(printable(f"\n     score from: {candidate.score_terms}"), style="dim")
    if candidate.lost_because:
        line.append(printable(f"\n     why: {candidate.lost_because}"), style="italic")
    return line


def _evidence_of(candidate: Candidate) -> Text:
    if candidate.context is None:
        markup = " ".join(candidate.evidence.split())
        excerpt = markup[:MARKUP_CHARS] + ("…" if len(markup) > MARKUP_CHARS else "")
        return Text.assemble(("     from the page: ", "dim"), printable(excerpt))
    context = candidate.context
    return Text.assemble(
        (f"     clean_text[{candidate.char_start}:{candidate.char_end}]: ", "dim"),
        ("…" + _one_line(context.before), "dim"),
        (_one_line(context.span), "bold reverse yellow"),
        (_one_line(context.after) + "…", "dim"),
    )


def _one_line(text: str) -> str:
    return printable(text.replace("\n", " ⏎ "))
