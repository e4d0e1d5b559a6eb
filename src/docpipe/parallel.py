"""Where batches run, and the in-order, bounded, stoppable map over them.

Order matters: the writer numbers part files by batch and keeps the first copy of repeated content, so a run
on 2 workers writes exactly the rows a run on 1 worker writes. The bound keeps memory flat however many
batches a run has: at most `IN_FLIGHT_PER_WORKER × workers` results exist before the caller takes them.

A `Submitter` is where batches run: this process, a pool of worker processes (here), or a Prefect task runner
(the flow's adapters). The map is written once, over any of them.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import types
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import wait as wait_for_futures
from pathlib import Path
from typing import Any, Protocol

from docpipe.config import Settings
from docpipe.dedupe import Seen
from docpipe.model import BatchResult, ConfigurationError
from docpipe.pipeline import BatchAbandoned, process_batch

IN_FLIGHT_PER_WORKER = 2  # every worker busy while the caller writes the oldest result; memory stays bounded
TASKS_PER_WORKER = 25  # batches (5,000 documents at the default size); a new worker starts in ~2 s
POLL_SECONDS = 0.2  # how often a waiting run looks at its stop request and progress
Batch = Sequence[Path]


class StopFlag(Protocol):
    def is_set(self) -> bool: ...


class Handle(Protocol):
    """A batch submitted somewhere: done yet, wait a little, its result."""

    def done(self) -> bool: ...

    def wait(self, timeout: float) -> bool: ...

    def result(self) -> BatchResult: ...


class Submitter(Protocol):
    """Runs batches. `stop` ends everything now: nothing queued starts, what runs is ended."""

    workers: int

    def submit(self, batch: Batch) -> Handle: ...

    def inputs_done(self) -> int | None:
        """Input files finished by the workers so far (for progress between batches), None if unknown."""
        ...

    def stop(self) -> None: ...


def worker_count(requested: int) -> int:
    """`requested` workers, or every core this process may use when 0."""
    if requested > 0:
        return requested
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def map_in_order(
    submitter: Submitter,
    batches: Iterable[Batch],
    stop: StopFlag,
    on_wait: Callable[[], None] = lambda: None,
) -> Iterator[BatchResult]:
    """Each batch's result, in batch order, with at most IN_FLIGHT_PER_WORKER × workers batches in flight.

    When `stop` is set, nothing new is submitted; the results already finished, in order, are still yielded,
    and then the submitter is stopped (the rest is dropped, as after a kill). `on_wait` is called every
    POLL_SECONDS while the oldest batch is not finished."""
    window = IN_FLIGHT_PER_WORKER * max(1, submitter.workers)
    pending = iter(batches)
    in_flight: deque[Handle] = deque()
    exhausted = False
    while True:
        while not exhausted and not stop.is_set() and len(in_flight) < window:
            batch = next(pending, None)
            if batch is None:
                exhausted = True
            else:
                in_flight.append(submitter.submit(batch))
        if stop.is_set():
            while in_flight and in_flight[0].done():
                try:
                    result = in_flight.popleft().result()
                except BatchAbandoned:  # stopped half-way: nothing of it is written
                    break
                yield result
            submitter.stop()
            return
        if not in_flight:
            return
        if in_flight[0].wait(POLL_SECONDS):
            try:
                yield in_flight.popleft().result()
            except BatchAbandoned:
                continue  # the stop request that abandoned it is seen at the top of the loop
        else:
            on_wait()


class InProcess:
    """Batches run in this process, one at a time, when the caller waits for them: no process to start,
    and a stop request is seen between two files."""

    workers = 1

    def __init__(self, settings: Settings, seen: Seen, stop: StopFlag) -> None:
        self._settings, self._seen, self._stop = settings, seen, stop
        self._done = 0

    def submit(self, batch: Batch) -> Handle:
        return _LazyBatch(self, batch)

    def _run(self, batch: Batch) -> BatchResult:
        return process_batch(batch, self._settings, self._seen, on_input=self._count, should_stop=self._stop.is_set)

    def _count(self) -> None:
        self._done += 1

    def inputs_done(self) -> int:
        return self._done

    def stop(self) -> None:
        pass  # a running batch sees the stop request itself

    def __enter__(self) -> InProcess:
        return self

    def __exit__(self, *_: object) -> None:
        pass


class _LazyBatch:
    def __init__(self, owner: InProcess, batch: Batch) -> None:
        self._owner, self._batch = owner, batch
        self._result: BatchResult | None = None
        self._error: BaseException | None = None

    def done(self) -> bool:
        return self._result is not None or self._error is not None

    def wait(self, timeout: float) -> bool:
        if not self.done():
            try:
                self._result = self._owner._run(self._batch)
            except BatchAbandoned as error:
                self._error = error
        return True

    def result(self) -> BatchResult:
        self.wait(0)
        if self._error is not None:
            raise self._error
        assert self._result is not None
        return self._result


class ProcessPool:
    """Batches run in a pool of worker processes; `stop` ends them at once (SIGTERM), mid-batch."""

    def __init__(self, settings: Settings, seen: Seen, workers: int) -> None:
        self.workers = workers
        self.stopping = False
        # spawn: each worker is a fresh child of this process (no fork of a threaded parent, no forkserver
        # process to outlive the run), so ending the run's process tree is ending this process's children.
        context = LeanSpawnContext()
        try:
            self._finished = context.Value("q", 0, lock=True)
        except OSError as error:  # shared memory refused (a file-size limit, a full /dev/shm)
            raise ConfigurationError(f"cannot start worker processes: {error.strerror or error}") from error
        self._pool = ProcessPoolExecutor(
            workers,
            mp_context=context,
            initializer=_start_worker,
            initargs=(settings, seen, self._finished, os.getpid()),
            # A fresh worker now and then: libraries' caches (dates, languages, parsers) cannot grow without end.
            max_tasks_per_child=TASKS_PER_WORKER,
        )

    def submit(self, batch: Batch) -> Handle:
        return _FutureHandle(self._pool.submit(_process_batch_in_worker, list(batch)))

    def inputs_done(self) -> int:
        return int(self._finished.value)

    def stop(self) -> None:
        self.stopping = True
        processes = list(getattr(self._pool, "_processes", {}).values())  # the executor has no public handle
        self._pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join()

    def __enter__(self) -> ProcessPool:
        return self

    def __exit__(self, *_: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class _FutureHandle:
    """A concurrent.futures.Future (or any object with done/result and a wrapped one) as a Handle."""

    def __init__(self, future: Future[Any]) -> None:
        self._future = future

    def done(self) -> bool:
        return self._future.done()

    def wait(self, timeout: float) -> bool:
        wait_for_futures([self._future], timeout=timeout)
        return self._future.done()

    def result(self) -> BatchResult:
        return self._future.result()


class LeanSpawnProcess(multiprocessing.context.SpawnProcess):
    """A spawned worker that does not run the parent's main module again.

    A spawned child imports the parent's `__main__` (the `docpipe` script imports the CLI, the writer and pyarrow
    with pandas; `python -m flows.process_articles` or Prefect's engine import Prefect) so that functions defined
    there can be unpickled. Workers run only `docpipe.parallel`'s functions, so that import is ~100-200 MiB and a
    second per worker for nothing. multiprocessing leaves the main module alone when `__main__` has no spec and no
    file: it sees such a module while it writes the child's start-up data."""

    def start(self) -> None:
        with _MAIN_MODULE_SWAP:
            main_module = sys.modules["__main__"]
            sys.modules["__main__"] = types.ModuleType("__main__")
            try:
                super().start()
            finally:
                sys.modules["__main__"] = main_module


_MAIN_MODULE_SWAP = threading.Lock()  # the pool starts replacement workers from its own thread


class LeanSpawnContext(multiprocessing.context.SpawnContext):
    Process = LeanSpawnProcess


def local_submitter(settings: Settings, seen: Seen, stop: StopFlag, workers: int) -> InProcess | ProcessPool:
    """This process for one worker, else a pool of `workers` processes."""
    return InProcess(settings, seen, stop) if workers <= 1 else ProcessPool(settings, seen, workers)


_worker_state: tuple[Settings, Seen, Any] | None = None


def _start_worker(settings: Settings, seen: Seen, finished: Any, parent: int) -> None:
    # What the whole run shares reaches each worker once, not with every batch (100k seen keys are ~10 MB).
    global _worker_state
    _worker_state = (settings, seen, finished)
    # Ctrl-C reaches the whole process group: the run's main process decides what stops, and how.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    die_with_parent(parent)


PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """The kernel SIGKILLs this worker when the process that started it dies (Linux's parent-death signal): with
    the run's lifeline, a second guard against workers outliving a run killed outright."""
    if sys.platform != "linux":
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the guard was set
        os._exit(1)


def _process_batch_in_worker(batch: list[Path]) -> BatchResult:
    assert _worker_state is not None, "worker not initialised"
    settings, seen, finished = _worker_state

    def count_one() -> None:
        with finished.get_lock():
            finished.value += 1

    return process_batch(batch, settings, seen, on_input=count_one)
