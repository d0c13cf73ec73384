"""Batches of work done by forked children, their results taken in order as they come.

A cold run reads thousands of notes over the machine's cores. Here each of a few
children forked from the command takes every n-th batch, in order, and sends each
result back through a pipe of its own (its length, then its pickle); the command takes
them batch by batch, in order, while the children read on. Without `multiprocessing`
and `concurrent.futures` a cold run imports 25 ms less, and runs no feeder thread.

A pipe holds one batch or so: a child runs no further ahead of the command than that,
so a command that plans each note as it comes never has the whole vault waiting in
memory. A child that fails or dies leaves its batches to the command, which does them
itself: the same results, later. Fork only from a single-threaded process (the CLI,
never the watcher); `children` decides whether to.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO, NoReturn, TypeVar

_B = TypeVar("_B")
_R = TypeVar("_R")

_LENGTH = 8
"""Bytes of the length before each result."""


def children(wanted: int) -> int:
    """How many children to fork for `wanted` workers: none where a process cannot fork,
    or is not single-threaded (forking beside running threads is unsafe)."""
    if not hasattr(os, "fork") or threading.active_count() != 1:
        return 0
    return wanted


def in_order(work: Callable[[_B], _R], batches: list[_B], count: int) -> Iterator[_R]:
    """`map(work, batches)`, each batch done by one of `count` forked children (or by
    the caller, for a child that failed)."""
    started: list[tuple[int, BinaryIO]] = []
    finished = False
    try:
        for first in range(min(count, len(batches))):
            started.append(_fork(work, batches[first::count], started))
        count = len(started)
        failed: set[int] = set()
        for index, batch in enumerate(batches):
            child = index % count if count else -1
            result = None if child < 0 or child in failed else _receive(started[child][1])
            if result is None:
                failed.add(child)
                result = (work(batch),)
            yield result[0]
        finished = True
    finally:
        for pid, pipe in started:
            pipe.close()
            if not finished:  # the caller stopped early, or failed: the children are not needed
                _kill(pid)
            _reap(pid)


def _fork(
    work: Callable[[_B], _R], batches: list[_B], started: list[tuple[int, BinaryIO]]
) -> tuple[int, BinaryIO]:
    out, into = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(out)
        for _, pipe in started:  # its brothers' pipes are none of its business
            pipe.close()
        _serve(work, batches, into)
    os.close(into)
    return pid, open(out, "rb")  # noqa: SIM115  # closed by in_order


def _serve(work: Callable[[_B], _R], batches: list[_B], fd: int) -> NoReturn:
    """(A child) do the batches, send each result, and leave without running the
    command's exit handlers or flushing its buffers."""
    status = 1
    try:
        with open(fd, "wb") as pipe:
            for batch in batches:
                data = pickle.dumps(work(batch), protocol=pickle.HIGHEST_PROTOCOL)
                pipe.write(len(data).to_bytes(_LENGTH, "little"))
                pipe.write(data)
                pipe.flush()
        status = 0
    finally:
        os._exit(status)


def _receive(pipe: BinaryIO) -> tuple[Any] | None:
    """The next result a child sent (in a 1-tuple: a result may be None), or None when
    it sent no whole one (it failed, or died)."""
    try:
        head = pipe.read(_LENGTH)
        if len(head) != _LENGTH:
            return None
        size = int.from_bytes(head, "little")
        data = pipe.read(size)
        if len(data) != size:
            return None
        # The child's own pickle, through an anonymous pipe: nothing read from disk.
        return (pickle.loads(data),)  # noqa: S301
    except Exception:  # noqa: BLE001  # a torn message: its batch is done by the caller
        return None


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
