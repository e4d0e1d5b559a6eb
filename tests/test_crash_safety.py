"""A short version of bench/killtest.py (harness: tests/killing.py): SIGKILL a real `docpipe run` at several points,
then converge."""

from __future__ import annotations

from pathlib import Path

from docpipe.verify import verify_outputs
from tests.killing import kill_test


def test_killed_runs_leave_no_torn_file_and_converge_to_the_uninterrupted_rows(tmp_path: Path) -> None:
    report = kill_test(tmp_path, documents=60, kills=5, batch_size=5)
    assert report.kills_mid_run >= 3  # the kills must hit running work to test anything
    assert report.torn == []
    assert report.lost == dict.fromkeys(report.lost, 0)
    assert report.duplicated == dict.fromkeys(report.duplicated, 0)
    assert report.ok
    # and what the killed runs left, once converged, verifies: no document without its provenance, every run
    # accounted for (killed runs get a manifest from the run after them)
    verified = verify_outputs(tmp_path / "raw", tmp_path / "killed")
    assert verified.ok, verified.violations
