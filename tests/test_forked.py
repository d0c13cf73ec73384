"""Batches done by forked children come back in order, whatever a child does: the
caller does the batches of a child that fails or dies; no child outlives the reading,
and none runs far ahead of a caller that takes its results slowly."""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

import pytest

from followup_md.vault import forked

COMMAND = os.getpid()


def square(batch: int) -> list[int]:
    return [batch, batch * batch]


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else 0


def no_children_left() -> bool:
    try:
        os.waitpid(-1, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.mark.parametrize("count", [1, 2, 3, 5])
def test_results_come_in_order(count: int) -> None:
    before = open_fds()
    assert list(forked.in_order(square, list(range(23)), count)) == [square(n) for n in range(23)]
    assert no_children_left() and open_fds() == before


def test_no_batches_no_children() -> None:
    assert list(forked.in_order(square, [], 2)) == []


@pytest.mark.parametrize("how", ["raises", "dies"])
def test_a_failing_child_leaves_its_batches_to_the_caller(how: str) -> None:
    def work(batch: int) -> list[int]:
        if os.getpid() != COMMAND and batch == 7:
            if how == "dies":
                os._exit(3)
            raise RuntimeError("a child fails")
        return square(batch)

    assert list(forked.in_order(work, list(range(20)), 2)) == [square(n) for n in range(20)]
    assert no_children_left()


def test_a_caller_that_stops_early_leaves_no_child_behind() -> None:
    def slow(batch: int) -> list[int]:
        time.sleep(0.05)
        return square(batch)

    before = open_fds()
    reading = forked.in_order(slow, list(range(50)), 2)
    assert next(reading) == square(0)
    reading.close()
    assert no_children_left() and open_fds() == before


def test_children_run_only_a_pipe_ahead(tmp_path: Path) -> None:
    """Results that fill a pipe: a child waits for the caller to take one before it goes
    on (a planner slower than the readers never has the vault waiting)."""
    marks = tmp_path / "done"
    marks.write_text("")

    def big(batch: int) -> bytes:
        with marks.open("a") as out:
            out.write(f"{batch}\n")
        return bytes(300_000)

    count = 2
    reading = forked.in_order(big, list(range(30)), count)
    for taken in range(1, 4):
        assert next(reading) == bytes(300_000)
        time.sleep(0.3)  # time enough to run through all 30, if nothing held them back
        computed = len(marks.read_text().split())
        held = forked.PIPE_BYTES // 300_000  # whole results a pipe holds, one being written
        assert computed <= taken + (held + 2) * count
    reading.close()
    assert no_children_left()


@pytest.mark.skipif(not hasattr(fcntl, "F_GETPIPE_SZ"), reason="Linux sets a pipe's size")
def test_a_childs_pipe_holds_a_few_batches() -> None:
    child = forked.Child.start(square, [1])
    assert child is not None
    assert fcntl.fcntl(child._pipe.fileno(), fcntl.F_GETPIPE_SZ) == forked.PIPE_BYTES
    assert child.receive() == (square(1),)
    assert child.end()


def test_no_child_is_forked_beside_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    assert forked.children(2) == 2
    monkeypatch.setattr(forked.threading, "active_count", lambda: 2)
    assert forked.children(2) == 0


@pytest.mark.parametrize(("count", "refused_at"), [(2, 2), (4, 3), (4, 2)])
def test_a_fork_refused_midway_leaves_the_missing_childs_batches_to_the_caller(
    monkeypatch: pytest.MonkeyPatch, count: int, refused_at: int
) -> None:
    """Children forked take every `count`-th batch: when the system refuses the n-th
    fork, the batches it would have done are the caller's, not the others' (a child's
    result must never be taken for another batch)."""
    real_fork, forks = os.fork, []

    def fork() -> int:
        forks.append(1)
        if len(forks) == refused_at:
            raise OSError(11, "Resource temporarily unavailable")
        return real_fork()

    monkeypatch.setattr(os, "fork", fork)
    assert list(forked.in_order(square, list(range(23)), count)) == [square(n) for n in range(23)]
    assert no_children_left()
