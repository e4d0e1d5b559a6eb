"""Stopping a run cleanly: a stop request set by SIGTERM/SIGINT, and the lifeline for when there is no chance to.

SIGTERM is what `kill`, `systemctl stop`, `docker stop` and Prefect's Cancel send; SIGINT is Ctrl-C. Either one
asks the run to stop: no new batch starts, finished batches are written, workers are ended, the manifest says
the run was interrupted. The handlers only set a flag (a run is never torn in the middle of a write); the run
driver checks it while it waits, a few times a second.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from docpipe import lifeline

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class StopRequest:
    """Set once, by a signal or by code (a Prefect cancellation); remembers which signal asked."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self.signal: int | None = None

    def set(self, signum: int | None = None) -> None:
        if not self._event.is_set():
            self.signal = signum
        self._event.set()

    def is_set(self) -> bool:
        return self._event.is_set()

    @property
    def reason(self) -> str:
        return signal.Signals(self.signal).name if self.signal else "a stop request"

    @property
    def exit_status(self) -> int:
        """What a shell expects from a process a signal ended: 128 + the signal's number."""
        return 128 + (self.signal or signal.SIGTERM)


@contextmanager
def stop_on_signals(stop: StopRequest) -> Iterator[StopRequest]:
    """Within the block, SIGTERM and SIGINT set `stop` instead of ending the process; the previous handlers
    come back after. Off the main thread (where Python cannot handle signals) it installs nothing."""
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return

    def request_stop(signum: int, _frame: FrameType | None) -> None:
        stop.set(signum)

    previous = {number: signal.signal(number, request_stop) for number in STOP_SIGNALS}
    try:
        yield stop
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


@contextmanager
def lifeline_for_this_process() -> Iterator[None]:
    """A watchdog process that ends this process's descendants if this process dies without ending them
    (SIGKILL, the OOM killer). For entry points (the CLI, the flow) that own their process: in a library call
    inside someone else's long-lived process it would end that process's other children too, on its death.
    Re-entrant: a process has at most one lifeline."""
    global _lifeline_owner
    if _lifeline_owner == os.getpid():
        yield
        return
    _lifeline_owner = os.getpid()
    watchdog = subprocess.Popen(
        [sys.executable, "-I", str(Path(lifeline.__file__)), str(os.getpid())],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        close_fds=True,
    )
    try:
        yield
    finally:
        try:
            assert watchdog.stdin is not None
            watchdog.stdin.write(lifeline.STAND_DOWN)
            watchdog.stdin.close()
            watchdog.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            watchdog.kill()
            watchdog.wait()
        _lifeline_owner = None


_lifeline_owner: int | None = None  # the pid that started the active lifeline (a forked child has another)
