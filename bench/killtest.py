"""Crash safety: SIGKILL `docpipe run` at many points, then check that nothing is torn, lost or duplicated.

    python bench/killtest.py [--documents 300] [--kills 30]

The long run of tests/test_crash_safety.py; the harness (what is built, killed and compared) is
tests/killing.py. Prints the figures; exits 1 on any torn file or any row lost or duplicated.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

# Run as a script, bench/ is on sys.path but the repo root is not; the harness lives in the test tree.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.killing import kill_test


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=300)
    parser.add_argument("--kills", type=int, default=30, help="kill points (some land after a run finished)")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="docpipe-kill-"))
    try:
        report = kill_test(workdir, args.documents, args.kills)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"kill test: {report.documents} inputs; reference run {report.reference_seconds:.1f} s")
    print(f"  kills: {report.kills} ({report.kills_mid_run} landed while the run was still going)")
    print(f"  torn or unreadable files seen after a kill: {len(report.torn)}")
    for line in report.torn[:10]:
        print(f"    {line}")
    print(f"  rows lost vs the uninterrupted run: {report.lost}")
    print(f"  rows duplicated or unexpected: {report.duplicated}")
    print("  result:", "OK" if report.ok else "FAILED")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
