"""A short run of bench/killtest.py: SIGKILL a real `docpipe run` at several points, then converge."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from docpipe.verify import verify_outputs

from .conftest import REPO


def test_killed_runs_leave_no_torn_file_and_converge_to_the_uninterrupted_rows(tmp_path: Path) -> None:
    workdir, report_file = tmp_path / "work", tmp_path / "report.json"
    workdir.mkdir()
    command = [sys.executable, str(REPO / "bench" / "killtest.py"), "--documents", "60", "--kills", "5"]
    command += ["--batch-size", "5", "--workdir", str(workdir), "--json", str(report_file)]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    report = json.loads(report_file.read_text())
    assert report["kills_mid_run"] >= 3  # the kills must hit running work to test anything
    assert report["torn"] == []
    assert report["lost"] == dict.fromkeys(report["lost"], 0)
    assert report["duplicated"] == dict.fromkeys(report["duplicated"], 0)
    assert report["ok"]
    # and what the killed runs left, once converged, verifies: no document without its provenance, every run
    # accounted for (killed runs get a manifest from the run after them)
    verified = verify_outputs(workdir / "raw", workdir / "killed")
    assert verified.ok, verified.violations
