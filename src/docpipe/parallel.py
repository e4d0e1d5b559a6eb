"""A map over processes that hands results back in input order, with a bounded number in flight.

Order matters: the writer numbers part files by batch and keeps the first copy of repeated content, so a run
on 2 workers writes exactly the rows a run on 1 worker writes. The bound keeps memory flat however many
batches a run has: at most `IN_FLIGHT_PER_WORKER × workers` results exist before the caller takes them.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

IN_FLIGHT_PER_WORKER = 2  # every worker busy while the caller writes the oldest result; memory stays bounded
TASKS_PER_WORKER = 25  # batches (5,000 documents at the default size); a new worker starts in ~2 s
Item = TypeVar("Item")
Result = TypeVar("Result")


def worker_count(requested: int) -> int:
    """`requested` workers, or every core this process may use when 0."""
    if requested > 0:
        return requested
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def map_in_order(
    function: Callable[[Item], Result],
    items: Iterable[Item],
    workers: int,
    initializer: Callable[..., None] | None = None,
    initargs: tuple[Any, ...] = (),
) -> Iterator[Result]:
    """`function(item)` for each item, in order: in this process for one worker, else in a pool of
    `workers` processes (`function` and `initializer` must then be module-level, to be pickled)."""
    if workers <= 1:
        if initializer:
            initializer(*initargs)
        yield from map(function, items)
        return
    # forkserver, not fork: a forked child of a process with threads (Prefect's, rich's) can deadlock.
    context = multiprocessing.get_context("forkserver")
    pool = ProcessPoolExecutor(
        workers,
        mp_context=context,
        initializer=initializer,
        initargs=initargs,
        # A fresh worker now and then: libraries' caches (dates, languages, parsers) cannot grow without end.
        max_tasks_per_child=TASKS_PER_WORKER,
    )
    with pool:
        in_flight: deque[Future[Result]] = deque()
        for item in items:
            in_flight.append(pool.submit(function, item))
            if len(in_flight) >= IN_FLIGHT_PER_WORKER * workers:
                yield in_flight.popleft().result()
        while in_flight:
            yield in_flight.popleft().result()
