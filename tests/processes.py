"""Finding a run's processes: by session (a run started with start_new_session=True owns one) or by descent."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

import psutil


def session_processes(session_id: int) -> list[str]:
    """'pid command' of every live process in a session (zombies aside: they hold no memory and are reaped)."""
    found = []
    for process in psutil.process_iter(["pid", "cmdline", "status"]):
        try:
            if process.info["status"] == psutil.STATUS_ZOMBIE or os.getsid(process.pid) != session_id:
                continue
        except (ProcessLookupError, PermissionError):
            continue
        found.append(f"{process.pid} {' '.join(process.info['cmdline'] or [])[:160]}")
    return found


def processes_below(pid: int) -> list[str]:
    """'pid command' of every live descendant of `pid`."""
    try:
        children = psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    found = []
    for child in children:
        try:
            if child.status() != psutil.STATUS_ZOMBIE:
                found.append(f"{child.pid} {' '.join(child.cmdline())[:160]}")
        except psutil.NoSuchProcess:
            continue
    return found


def wait_for_no_session_processes(session_id: int, seconds: float) -> list[str]:
    """The session's processes still alive after up to `seconds` (none, or a leak)."""
    deadline = time.monotonic() + seconds
    while (left := session_processes(session_id)) and time.monotonic() < deadline:
        time.sleep(0.2)
    return left


def end_session(process: subprocess.Popen[bytes], session_id: int) -> None:
    """Leave nothing running whatever a test found: SIGKILL the whole session."""
    for line in session_processes(session_id):
        with contextlib.suppress(ProcessLookupError):
            os.kill(int(line.split()[0]), signal.SIGKILL)
    if process.poll() is None:
        process.kill()
    process.wait(timeout=10)


def wait_for_file(pattern_root: Path, pattern: str, seconds: float, process: subprocess.Popen[bytes]) -> None:
    """Until a file matching `pattern` exists under `pattern_root` (the run got that far)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if any(pattern_root.glob(pattern)):
            return
        if process.poll() is not None:
            output = process.stdout.read().decode(errors="replace") if process.stdout else ""
            raise AssertionError(
                f"the run ended (status {process.returncode}) before {pattern} appeared: {output[-4000:]}"
            )
        time.sleep(0.1)
    raise TimeoutError(f"no {pattern} under {pattern_root} after {seconds} s")
