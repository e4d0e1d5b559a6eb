"""How a run cuts its inputs into batches: in order, full batches, then small ones at the end so that the workers
finish together; a run that fits one batch stays one batch (and starts no worker process)."""

from __future__ import annotations

from pathlib import Path

import pytest

from docpipe.driver import MIN_TAIL_BATCH, TAIL_BATCHES, plan_batches


def paths(count: int) -> list[Path]:
    return [Path(f"{index:06d}.html") for index in range(count)]


@pytest.mark.parametrize("count", [0, 1, 199, 200, 201, 399, 400, 401, 1000, 3099])
def test_every_input_once_in_order(count: int) -> None:
    batches = plan_batches(paths(count), 200)
    assert [path for batch in batches for path in batch] == paths(count)
    assert all(batch for batch in batches)


@pytest.mark.parametrize("count", [1, 150, 200])
def test_a_run_that_fits_one_batch_is_one_batch(count: int) -> None:
    assert [len(batch) for batch in plan_batches(paths(count), 200)] == [count]


def test_full_batches_then_a_tail_of_small_ones() -> None:
    sizes = [len(batch) for batch in plan_batches(paths(3000), 200)]
    assert sizes == [200] * 13 + [50] * TAIL_BATCHES
    # Not a multiple of the batch size: the head stays full batches, the tail takes the rest.
    sizes = [len(batch) for batch in plan_batches(paths(3099), 200)]
    assert sizes[:13] == [200] * 13 and len(sizes) == 13 + TAIL_BATCHES and max(sizes[13:]) <= 63


def test_two_batches_worth_are_shared_out_small() -> None:
    sizes = [len(batch) for batch in plan_batches(paths(300), 200)]
    assert len(sizes) == TAIL_BATCHES and max(sizes) - min(sizes) <= 38


def test_small_batch_sizes_are_left_whole() -> None:
    # Tail batches below MIN_TAIL_BATCH would cost more than they save: batches of 2 stay batches of 2.
    assert [len(batch) for batch in plan_batches(paths(7), 2)] == [2, 2, 2, 1]
    assert -(-2 * 100 // TAIL_BATCHES) >= MIN_TAIL_BATCH  # while batches of 100 (and the default 200) get a tail
    assert len(plan_batches(paths(1000), 100)) == 8 + TAIL_BATCHES
