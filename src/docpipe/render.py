"""Terminal renderings (rich) of what `docpipe verify` and `docpipe explain` found; no logic of their own."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from docpipe.explain import Candidate, Explanation, FieldExplanation
from docpipe.verify import VerifyReport

VIOLATIONS_SHOWN = 200  # a folder broken everywhere would print for ever; the count says how many there are
MARKUP_CHARS = 160


def render_verify_report(report: VerifyReport, raw_dir: Path, out_dir: Path) -> RenderableType:
    summary = Table(title=f"docpipe verify {out_dir} (raw files: {raw_dir})", show_header=False)
    for name, count in report.checked.items():
        summary.add_row(name, str(count))
    by_check = Counter(v.check for v in report.violations)
    summary.add_row(
        Text("violations", style="bold"),
        Text(str(len(report.violations)), style="bold red" if report.violations else "bold green"),
    )
    for check, count in sorted(by_check.items()):
        summary.add_row(f"  {check}", str(count))
    parts: list[RenderableType] = [summary]
    parts += [Text(f"note: {note}", style="yellow") for note in report.notes]
    if report.violations:
        listing = Table("check", "subject", "violation", title="violations", title_justify="left", show_lines=False)
        for violation in report.violations[:VIOLATIONS_SHOWN]:
            listing.add_row(violation.check, violation.subject, violation.message)
        parts.append(listing)
        if len(report.violations) > VIOLATIONS_SHOWN:
            parts.append(Text(f"… and {len(report.violations) - VIOLATIONS_SHOWN} more", style="red"))
    else:
        parts.append(Text("every check passed", style="bold green"))
    return Group(*parts)


def render_explanation(explanation: Explanation) -> RenderableType:
    header = Table.grid(padding=(0, 2))
    header.add_row("document", Text(explanation.doc_id, overflow="fold"))
    header.add_row("source", explanation.source_path)
    header.add_row("run", explanation.run_id)
    manifest = explanation.manifest
    if manifest is None:
        header.add_row("manifest", Text(f"missing: runs/{explanation.run_id}.json", style="red"))
    else:
        header.add_row("docpipe", f"{manifest.get('pipeline_version')} (git {manifest.get('git_commit') or 'unknown'})")
        header.add_row("run started", str(manifest.get("started_at")))
        if manifest.get("prefect_flow_run_id"):
            deployment = manifest.get("prefect_deployment") or "no deployment"
            header.add_row("prefect flow run", f"{manifest['prefect_flow_run_id']} ({deployment})")
        if manifest.get("user") or manifest.get("host"):
            header.add_row("ran by", f"{manifest.get('user') or '?'} on {manifest.get('host') or '?'}")
    for step in explanation.steps:
        header.add_row(f"  {step.step}", f"{step.step_version}  [dim]{step.started_at}[/]")
    parts: list[RenderableType] = [Panel(header, title="provenance", title_align="left")]
    if explanation.rules_version_differs:
        parts.append(Text("note: written by another docpipe version; loss reasons use this version's ranks", "yellow"))
    parts += [render_field(field) for field in explanation.fields]
    return Group(*parts)


def render_field(field: FieldExplanation) -> RenderableType:
    value = Text(field.value, style="bold") if field.value is not None else Text("no value", style="dim")
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
        (repr(candidate.value), "bold"),
        f"  by {candidate.method}, confidence {candidate.confidence:.2f}",
    )
    if candidate.lost_because:
        line.append(f"\n     why: {candidate.lost_because}", style="italic")
    return line


def _evidence_of(candidate: Candidate) -> Text:
    if candidate.context is None:
        markup = " ".join(candidate.evidence.split())
        shown = markup[:MARKUP_CHARS] + ("…" if len(markup) > MARKUP_CHARS else "")
        return Text.assemble(("     from the page: ", "dim"), shown)
    context = candidate.context
    return Text.assemble(
        (f"     clean_text[{candidate.char_start}:{candidate.char_end}]: ", "dim"),
        ("…" + _one_line(context.before), "dim"),
        (_one_line(context.span), "bold reverse yellow"),
        (_one_line(context.after) + "…", "dim"),
    )


def _one_line(text: str) -> str:
    return text.replace("\n", " ⏎ ")
