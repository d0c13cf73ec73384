"""Batches of work done by forked children, their results taken in order as they come.

A cold run reads thousands of notes over the machine's cores. Here each of a few
children forked from the command takes every n-th batch, in order, and sends each
result back through a pipe of its own (its length, then its pickle); the command takes
them batch by batch, in order, while the children read on. Without `multiprocessing`
and `concurrent.futures` a cold run imports 25 ms less, and runs no feeder thread.

A pipe holds `PIPE_BYTES` (a few batches; where the system lets its size be set): a
child runs no further ahead of the command than that, so a command that plans each note
as it comes never has the whole vault waiting in memory, while a child that got ahead
of its brother is not stopped until the command has taken the brother's batch.

A child that fails or dies leaves its batches to the command, which does them itself:
the same results, later. Fork only from a single-threaded process (the CLI,
never the watcher); `children` decides whether to.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any, BinaryIO, NoReturn, TypeVar

try:
    import fcntl

    _SET_PIPE_SIZE: int | None = fcntl.F_SETPIPE_SZ
except (ImportError, AttributeError):  # no Linux: pipes keep the system's size
    _SET_PIPE_SIZE = None

_B = TypeVar("_B")
_R = TypeVar("_R")

_LENGTH = 8
"""Bytes of the length before each result."""

PIPE_BYTES = 1 << 20
"""What a child's pipe is widened to (Linux; 64 KB otherwise): the results are taken in
order, and with a pipe that holds less than a batch a child ahead of its brother waits,
leaving a core idle (a cold run at 10,000 notes took 3% longer)."""


def cores() -> int:
    """The cores this process may run on (its affinity where the system says, which a
    `taskset` or a container narrows; else the machine's)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def children(wanted: int) -> int:
    """How many children to fork for `wanted` workers: none where a process cannot fork,
    or is not single-threaded (forking beside running threads is unsafe)."""
    if not hasattr(os, "fork") or threading.active_count() != 1:
        return 0
    return wanted


def in_order(work: Callable[[_B], _R], batches: list[_B], count: int) -> Iterator[_R]:
    """`map(work, batches)`, each batch done by one of `count` forked children (or by
    the caller, for a child that failed, or could not be forked)."""
    started: list[Child] = []
    finished = False
    try:
        for first in range(min(count, len(batches))):
            child = Child.start(work, batches[first::count], started)
            if child is None:
                break
            started.append(child)
        # Child n took batches[n::count]: a fork refused midway leaves its batches, and
        # those of the forks not tried, to the caller (never to the children started).
        failed: set[int] = set()
        for index, batch in enumerate(batches):
            which = index % count if count else 0
            mine = which >= len(started) or which in failed
            result = None if mine else started[which].receive()
            if result is None:
                failed.add(which)
                result = (work(batch),)
            yield result[0]
        finished = True
    finally:
        for child in started:  # a caller that stopped early, or failed, needs them no more
            child.end(kill=not finished)


class Child:
    """A forked child doing `work` on its batches in order, sending each result back."""

    def __init__(self, pid: int, pipe: BinaryIO) -> None:
        self._pid = pid
        self._pipe = pipe

    @classmethod
    def start(
        cls, work: Callable[[_B], _R], batches: list[_B], others: Iterable[Child] = ()
    ) -> Child | None:
        """The child, forked; None when the system would not fork one."""
        out, into = os.pipe()
        _widen(into)
        try:
            pid = os.fork()
        except OSError:  # too many processes, no memory: the caller does the work
            os.close(out)
            os.close(into)
            return None
        if pid == 0:
            os.close(out)
            for other in others:  # its brothers' pipes are none of its business
                other._pipe.close()
            _serve(work, batches, into)
        os.close(into)
        return cls(pid, open(out, "rb"))  # noqa: SIM115  # closed by `end`

    def receive(self) -> tuple[Any] | None:
        """Its next result (in a 1-tuple: a result may be None), or None when it sent no
        whole one (it failed, or died)."""
        try:
            head = self._pipe.read(_LENGTH)
            if len(head) != _LENGTH:
                return None
            size = int.from_bytes(head, "little")
            data = self._pipe.read(size)
            if len(data) != size:
                return None
            # The child's own pickle, through an anonymous pipe: nothing read from disk.
            return (pickle.loads(data),)  # noqa: S301
        except Exception:  # noqa: BLE001  # a torn message: its batch is done by the caller
            return None

    def end(self, kill: bool = False) -> bool:
        """Close its pipe (killing it first when its work is not wanted) and wait for it
        to end; True when it ended well."""
        self._pipe.close()
        if kill:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGKILL)
        try:
            _, status = os.waitpid(self._pid, 0)
        except ChildProcessError:
            return False
        return os.waitstatus_to_exitcode(status) == 0


def _widen(fd: int) -> None:
    """Make the pipe at `fd` hold PIPE_BYTES, where the system can (at most its limit)."""
    if _SET_PIPE_SIZE is not None:
        with contextlib.suppress(OSError):  # over the system's limit: as it is
            fcntl.fcntl(fd, _SET_PIPE_SIZE, PIPE_BYTES)


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
