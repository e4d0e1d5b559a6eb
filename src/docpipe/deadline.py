"""A time limit for one document: a document that takes too long becomes a reject instead of holding its batch
(and with it every later batch's write) for as long as it takes.

`time_limit` uses the process's real-time interval timer (SIGALRM), which only the main thread of a process can
handle; elsewhere (a Prefect task in a worker thread, a platform without `setitimer`) it sets no limit at all
rather than fail. A Python signal handler runs between bytecodes, so a long call into C code that does not check
for signals (the regular expression engine does) is interrupted when it returns, not during it.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

# After the limit, the timeout is raised again at this interval until the block ends: a library that catches
# every Exception (and would swallow one timeout) cannot keep a document running past its limit.
RETRY_SECONDS = 0.05
# An enclosing timer that came due while our own was armed is given this delay on restore: it fires at once.
OVERDUE_SECONDS = 1e-6


class DocumentTimeout(Exception):
    """A document took longer than its time limit."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"timed out after {seconds:g} s")
        self.seconds = seconds


def limits_available() -> bool:
    """True where `time_limit` can set a limit: on a process's main thread, on a platform with `setitimer`."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise `DocumentTimeout(seconds)` in the block if it runs longer than `seconds` of wall time.

    None or 0 sets no limit; so does a thread other than the main one. The previous SIGALRM handler and timer
    are restored afterwards; an enclosing timer keeps its own moment (an enclosing limit shorter than this one
    still fires first, through its own handler)."""
    if seconds is not None and seconds < 0:
        raise ValueError(f"a time limit must be positive or None, got {seconds}")
    if not seconds or not limits_available():
        yield
        return
    started = time.monotonic()
    deadline = started + seconds
    previous_handler = signal.getsignal(signal.SIGALRM)
    previous_delay, previous_interval = signal.getitimer(signal.ITIMER_REAL)
    outer_deadline = started + previous_delay if previous_delay > 0 else None
    outer_fired = False

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        nonlocal outer_fired
        now = time.monotonic()
        if outer_deadline is not None and not outer_fired and now >= outer_deadline:
            # The enclosing timer's moment came first: what happens then is its handler's business.
            outer_fired = True
            _arm(max(deadline - now, OVERDUE_SECONDS))  # in case that handler lets the block go on
            _deliver(previous_handler, signum, frame)
            return
        if now < deadline:
            _arm(deadline - now)  # woken early (clocks differ by a hair): wait for the rest
            return
        _arm(RETRY_SECONDS)
        raise DocumentTimeout(seconds)

    signal.signal(signal.SIGALRM, on_alarm)
    _arm(min(seconds, previous_delay) if previous_delay > 0 else seconds)
    try:
        yield
    finally:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
        finally:
            signal.signal(signal.SIGALRM, previous_handler)
            if outer_deadline is not None and not outer_fired:
                remaining = outer_deadline - time.monotonic()
                signal.setitimer(signal.ITIMER_REAL, max(remaining, OVERDUE_SECONDS), previous_interval)
            elif outer_deadline is not None and previous_interval > 0:
                signal.setitimer(signal.ITIMER_REAL, previous_interval, previous_interval)  # a periodic timer goes on


def _arm(delay: float) -> None:
    signal.setitimer(signal.ITIMER_REAL, delay)


def _deliver(handler: Any, signum: int, frame: FrameType | None) -> None:
    """Do what the enclosing handler would have done with this SIGALRM."""
    if callable(handler):
        handler(signum, frame)
    elif handler == signal.SIG_DFL:
        # The default action of SIGALRM ends the process: whoever set that timer meant it as a watchdog.
        signal.signal(signal.SIGALRM, signal.SIG_DFL)
        signal.raise_signal(signal.SIGALRM)
    # SIG_IGN, or None (a handler not installed from Python): nothing to do
