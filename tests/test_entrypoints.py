"""The two ways users run docpipe: the `docpipe` console script and the Prefect flow (ephemeral mode)."""

from __future__ import annotations

import json
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from docpipe.cli import app
from docpipe.store import read_table

from .conftest import FIXTURES, REPO

DOCPIPE = Path(sys.executable).parent / "docpipe"


def run(args: list[str], env: dict[str, str] | None = None, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=timeout, env=env)


def test_cli_run_prints_a_summary(seed_raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (seed_raw / "notes.docx").write_bytes(b"PK\x03\x04")
    result = run([str(DOCPIPE), "run", "--raw", str(seed_raw), "--out", str(out)])
    assert result.returncode == 0, result.stderr
    for line in ("inputs", "documents written", "rejected", "unsupported type: .docx", "documents/", "runs/"):
        assert line in result.stdout
    assert read_table(out, "documents").num_rows == 1
    assert read_table(out, "rejects").num_rows == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "--raw", "/nonexistent/raw"], "raw folder not found: /nonexistent/raw"),
        (["run", "--batch-size", "0"], "Invalid value for '--batch-size'"),
        (["run", "--no-such-flag"], "No such option"),
        (["frobnicate"], "No such command"),
    ],
)
def test_cli_user_errors_exit_non_zero_without_traceback(args: list[str], message: str, tmp_path: Path) -> None:
    result = run([str(DOCPIPE), *args, *([] if "--raw" not in args else ["--out", str(tmp_path / "o")])])
    assert result.returncode == 2
    output = result.stdout + result.stderr
    assert message in " ".join(output.split()).replace("│", "").replace("  ", " ")
    assert "Traceback" not in output


def test_cli_output_path_blocked_by_a_file(seed_raw: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the output folder should go")
    result = run([str(DOCPIPE), "run", "--raw", str(seed_raw), "--out", str(blocker / "out")])
    assert result.returncode == 2
    assert "output folder not writable" in result.stderr
    assert "Traceback" not in result.stderr


def test_cli_help_explains_every_command() -> None:
    result = run([str(DOCPIPE), "--help"])
    assert result.returncode == 0
    assert "run" in result.stdout
    run_help = run([str(DOCPIPE), "run", "--help"])
    for option in ("--raw", "--out", "--batch-size", "--language", "--max-file-bytes"):
        assert option in run_help.stdout


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text()
    commands = [c.name for c in typer.main.get_command(app).commands.values()]
    assert set(commands) == {"run", "verify", "explain", "export-prov"}
    for command in commands:
        assert f"docpipe {command} " in readme, command
        assert f"### `docpipe {command}" in readme or command == "run", command


def test_flow_runs_in_ephemeral_mode(seed_raw: Path, tmp_path: Path, prefect_env: dict[str, str]) -> None:
    out = tmp_path / "processed"
    args = [sys.executable, "-m", "flows.process_articles", "--raw", str(seed_raw), "--out", str(out)]
    result = run([*args, "--batch-size", "1"], env=prefect_env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "1 documents written, 0 duplicates, 0 already processed, 0 rejected" in result.stdout
    (manifest_path,) = (out / "runs").glob("*.json")
    manifest = json.loads(manifest_path.read_text())
    assert manifest["prefect_flow_run_id"]  # recorded from the Prefect run context
    assert manifest["counts"]["documents"] == 1
    documents = read_table(out, "documents").to_pylist()
    assert [d["outlet"] for d in documents] == ["The Interpreter"]
    assert "Task run 'process_batch" in result.stderr + result.stdout  # one task run per batch


def test_flow_entrypoint_rejects_a_missing_folder_before_starting(tmp_path: Path, prefect_env: dict[str, str]) -> None:
    result = run([sys.executable, "-m", "flows.process_articles", "--raw", str(tmp_path / "none")], env=prefect_env)
    assert result.returncode == 2
    assert "error: raw folder not found" in result.stderr
    assert "Traceback" not in result.stderr


def limit_file_size(limit: int) -> None:
    """Run in the child: writes past `limit` bytes fail with EFBIG, as on a full disk."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def test_output_that_cannot_be_written_stops_clearly_and_keeps_earlier_outputs(seed_raw: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run([str(DOCPIPE), "run", "--raw", str(seed_raw), "--out", str(out)]).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*.parquet")}
    shutil.copy(FIXTURES / "corpus" / "mozilla-readability-testpages" / "aclu.html.gz", seed_raw / "new.html.gz")
    failed = subprocess.run(
        [str(DOCPIPE), "run", "--raw", str(seed_raw), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=lambda: limit_file_size(512),
    )
    assert failed.returncode == 2
    assert "error: cannot write" in failed.stderr and "File too large" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert {p: p.read_bytes() for p in out.rglob("*.parquet")} == before  # earlier outputs untouched
    assert not [p for p in out.rglob(".*.tmp")]
    assert run([str(DOCPIPE), "run", "--raw", str(seed_raw), "--out", str(out)]).returncode == 0  # and it recovers
    assert read_table(out, "documents").num_rows == 2
