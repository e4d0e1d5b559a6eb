"""deadline.time_limit: a block that runs too long is interrupted with DocumentTimeout; nothing else changes."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from types import FrameType

import pytest

from docpipe.deadline import DocumentTimeout, time_limit

SAFETY_SECONDS = 20.0  # a busy loop that was never interrupted gives up here, so a broken limit fails, not hangs


def busy(seconds: float = SAFETY_SECONDS) -> None:
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        pass


@pytest.fixture(autouse=True)
def no_timer_left() -> Iterator[None]:
    """Every test starts and ends with no timer and the default SIGALRM disposition."""
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    handler = signal.getsignal(signal.SIGALRM)
    yield
    signal.setitimer(signal.ITIMER_REAL, 0)
    assert signal.getsignal(signal.SIGALRM) == handler
    signal.signal(signal.SIGALRM, handler)


def test_a_busy_loop_is_interrupted() -> None:
    started = time.monotonic()
    with pytest.raises(DocumentTimeout) as caught, time_limit(0.2):
        busy()
    assert time.monotonic() - started < SAFETY_SECONDS / 2
    assert caught.value.seconds == 0.2
    assert str(caught.value) == "timed out after 0.2 s"
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_a_fast_block_is_not_interrupted_and_leaves_no_timer() -> None:
    with time_limit(0.5):
        result = sum(range(1000))
    assert result == 499500
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    time.sleep(0.7)  # the limit's moment passes outside the block: nothing happens


@pytest.mark.parametrize("seconds", [None, 0, 0.0])
def test_none_or_zero_sets_no_limit(seconds: float | None) -> None:
    handler = signal.getsignal(signal.SIGALRM)
    with time_limit(seconds):
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        assert signal.getsignal(signal.SIGALRM) == handler
        busy(0.1)


def test_a_negative_limit_is_a_mistake() -> None:
    with pytest.raises(ValueError), time_limit(-1):
        pass


def test_no_limit_off_the_main_thread() -> None:
    outcome: list[object] = []

    def work() -> None:
        try:
            with time_limit(0.05):
                busy(0.3)
            outcome.append("finished")
        except BaseException as error:  # the test reports whatever happened
            outcome.append(error)

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert outcome == ["finished"]
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_the_previous_handler_is_restored_after_a_timeout_and_after_a_clean_exit() -> None:
    calls: list[int] = []

    def mine(signum: int, frame: FrameType | None) -> None:
        calls.append(signum)

    signal.signal(signal.SIGALRM, mine)
    try:
        with pytest.raises(DocumentTimeout), time_limit(0.1):
            busy()
        assert signal.getsignal(signal.SIGALRM) is mine
        with time_limit(0.1):
            pass
        assert signal.getsignal(signal.SIGALRM) is mine
        assert calls == []  # our alarms never reached it
    finally:
        signal.signal(signal.SIGALRM, signal.SIG_DFL)


def test_an_enclosing_timer_keeps_its_moment() -> None:
    calls: list[float] = []

    def enclosing(signum: int, frame: FrameType | None) -> None:
        calls.append(time.monotonic())

    signal.signal(signal.SIGALRM, enclosing)
    try:
        started = time.monotonic()
        signal.setitimer(signal.ITIMER_REAL, 0.6)
        with time_limit(5):
            time.sleep(0.1)
        remaining, _ = signal.getitimer(signal.ITIMER_REAL)
        assert 0 < remaining <= 0.5
        time.sleep(remaining + 0.3)
        assert len(calls) == 1 and calls[0] - started >= 0.55
    finally:
        signal.signal(signal.SIGALRM, signal.SIG_DFL)


def test_an_enclosing_timer_that_comes_first_fires_through_its_own_handler() -> None:
    calls: list[int] = []

    def enclosing(signum: int, frame: FrameType | None) -> None:
        calls.append(signum)

    signal.signal(signal.SIGALRM, enclosing)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.1)
        with pytest.raises(DocumentTimeout) as caught, time_limit(0.4):
            busy()
        assert calls == [signal.SIGALRM]  # the enclosing timer fired once, at its moment
        assert caught.value.seconds == 0.4  # and the block still ended at its own limit
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # a one-shot timer that fired is not re-armed
    finally:
        signal.signal(signal.SIGALRM, signal.SIG_DFL)


def test_nested_limits_each_raise_their_own_timeout() -> None:
    with pytest.raises(DocumentTimeout) as outer, time_limit(0.6):
        with pytest.raises(DocumentTimeout) as inner, time_limit(0.1):
            busy()
        assert inner.value.seconds == 0.1
        busy()  # the enclosing limit still holds after the inner one ended
    assert outer.value.seconds == 0.6

    with pytest.raises(DocumentTimeout) as first, time_limit(0.1), time_limit(5):
        busy()  # a longer limit inside a shorter one does not extend it
    assert first.value.seconds == 0.1


def test_a_timeout_swallowed_by_a_broad_except_is_raised_again() -> None:
    swallowed = 0
    with pytest.raises(DocumentTimeout), time_limit(0.1):
        try:
            busy()
        except Exception:  # what a library that catches everything does
            swallowed += 1
        busy()
    assert swallowed == 1
