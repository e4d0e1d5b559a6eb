"""The lifeline: a tiny watchdog process that ends a run's processes when the run's main process dies.

A SIGKILL (or the OOM killer) gives the main process no chance to stop its workers, the Prefect ephemeral
server or a Dask cluster it started; re-parented to init they would live on, hundreds of MiB each. The
lifeline is started by the run, watches the main process (a pidfd: woken the moment it dies), keeps a list of
the main process's descendants while it lives, and when it dies ends every one still alive (SIGTERM, then
SIGKILL). A run that ends normally tells it to stand down by writing to its standard input.

Run as `python -I lifeline.py PID` with no imports of docpipe or any library, so it starts in ~20 ms and
costs ~10 MiB. It ignores SIGINT, SIGTERM and SIGHUP: a Ctrl-C or `kill` sent to the whole process group must
not take it down before it has done its job.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sys
import time

REFRESH_SECONDS = 0.5  # how often the list of descendants is refreshed while the main process lives
GRACE_SECONDS = 3.0  # between SIGTERM and SIGKILL for what is left
STAND_DOWN = b"done"


def process_table() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, start time in clock ticks) for every process visible in /proc."""
    table: dict[int, tuple[int, int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        # The command name may hold spaces and parentheses: the fields after it start past the last ')'.
        fields = stat[stat.rfind(b")") + 2 :].split()
        table[int(name)] = (int(fields[1]), int(fields[19]))
    return table


def descendants(roots: set[int], table: dict[int, tuple[int, int]]) -> dict[int, int]:
    """Every process under `roots` (not the roots themselves): pid -> start time."""
    children: dict[int, list[int]] = {}
    for pid, (parent, _) in table.items():
        children.setdefault(parent, []).append(pid)
    found: dict[int, int] = {}
    stack = list(roots)
    while stack:
        for child in children.get(stack.pop(), ()):
            if child not in found:
                found[child] = table[child][1]
                stack.append(child)
    return found


def end_processes(tracked: dict[int, int]) -> None:
    """SIGTERM every tracked process still alive (the same process: same start time) and what it started since,
    then SIGKILL whatever is left after the grace period."""
    me = os.getpid()
    deadline = time.monotonic() + GRACE_SECONDS
    signal_to_send = signal.SIGTERM
    while True:
        table = process_table()
        alive = {pid: start for pid, start in tracked.items() if table.get(pid, (0, -1))[1] == start}
        alive.update(descendants(set(alive), table))
        alive.pop(me, None)
        if not alive:
            return
        for pid in alive:
            with contextlib.suppress(OSError):
                os.kill(pid, signal_to_send)
        tracked = alive
        if signal_to_send == signal.SIGKILL:
            time.sleep(0.1)
            if time.monotonic() > deadline + GRACE_SECONDS:
                return
            continue
        time.sleep(0.1)
        if time.monotonic() > deadline:
            signal_to_send = signal.SIGKILL


def watch(main_pid: int) -> int:
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(number, signal.SIG_IGN)
    try:
        main_fd = os.pidfd_open(main_pid)
    except (AttributeError, OSError):
        main_fd = None  # an old kernel: poll whether the main process still exists
    poller = select.poll()
    if main_fd is not None:
        poller.register(main_fd, select.POLLIN)
    poller.register(sys.stdin.fileno(), select.POLLIN)
    tracked: dict[int, int] = {}
    while True:
        tracked.update(descendants({main_pid}, process_table()))
        tracked.pop(os.getpid(), None)
        for fd, _ in poller.poll(REFRESH_SECONDS * 1000):
            if fd == sys.stdin.fileno():
                message = os.read(fd, 64)
                if message.startswith(STAND_DOWN):
                    return 0
                poller.unregister(fd)  # EOF: the main process closed it, or died; the pidfd tells which
        if not _alive(main_pid, main_fd):
            end_processes(tracked)
            return 0


def _alive(pid: int, pidfd: int | None) -> bool:
    if pidfd is not None:
        return not select.select([pidfd], [], [], 0)[0]
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return os.getppid() == pid


if __name__ == "__main__":
    sys.exit(watch(int(sys.argv[1])))
