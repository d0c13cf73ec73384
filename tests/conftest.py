"""Shared fixtures: real vault folders in tmp_path and the real CLI through CliRunner."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from followup_md.cli import cli
from followup_md.core.model import ParsedNote

TODAY = dt.date(2026, 11, 22)  # a Sunday


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the user's vault, clock override, configuration, colour choice or cache."""
    monkeypatch.delenv("FOLLOWUP_VAULT", raising=False)
    monkeypatch.delenv("FOLLOWUP_TODAY", raising=False)
    monkeypatch.setenv("FOLLOWUP_CACHE_DIR", str(tmp_path / ".cache-for-tests"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / ".config-for-tests"))
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FOLLOWUP_STATE_DIR", str(tmp_path / ".state-for-tests"))


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    root = tmp_path / "vault"
    root.mkdir()
    return root


@pytest.fixture
def write_note(vault: Path) -> Callable[[str, str | bytes], Path]:
    """Write a note (text or exact bytes) at a vault-relative path."""

    def write(rel: str, content: str | bytes) -> Path:
        path = vault / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_bytes(content.encode("utf-8"))
        else:
            path.write_bytes(content)
        return path

    return write


Run = Callable[..., Result]


@pytest.fixture
def run(vault: Path) -> Run:
    """Run `followup --vault VAULT --today 2026-11-22 ARGS...` in-process."""

    def invoke(*args: str, today: dt.date | None = TODAY, input: str | None = None) -> Result:
        head = ["--vault", str(vault)]
        if today is not None:
            head += ["--today", today.isoformat()]
        return CliRunner().invoke(cli, [*head, *args], input=input, catch_exceptions=False)

    return invoke


def run_json(run: Run, *args: str) -> Any:
    result = run(*args, "--json")
    return json.loads(result.stdout)


class Lines(logging.Handler):
    """A log kept as `LEVEL message` lines, for tests of what the watcher says."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname} {record.getMessage()}")

    def has(self, text: str) -> bool:
        return any(text in line for line in self.lines)


@pytest.fixture
def log(request: pytest.FixtureRequest) -> Iterator[tuple[logging.Logger, Lines]]:
    """A logger of this test's own that keeps its lines (nothing reaches the root logger)."""
    logger = logging.getLogger(f"tests.{request.node.nodeid}")
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    lines = Lines()
    logger.addHandler(lines)
    yield logger, lines
    logger.removeHandler(lines)


class Reads:
    """The notes parsed, in any process: the command, a worker of a cold read, the child
    reading changed notes ahead (each appends a line to one file)."""

    def __init__(self, file: Path) -> None:
        self._file = file
        file.write_text("")

    def add(self, path: str) -> None:
        fd = os.open(self._file, os.O_WRONLY | os.O_APPEND)
        try:
            os.write(fd, f"{os.getpid()} {path}\n".encode("utf-8", "surrogatepass"))
        finally:
            os.close(fd)

    def _lines(self) -> list[tuple[int, str]]:
        lines = self._file.read_text("utf-8", "surrogatepass").splitlines()
        return [(int(pid), path) for pid, path in (line.split(" ", 1) for line in lines)]

    def paths(self) -> list[str]:
        return [path for _, path in self._lines()]

    def here(self) -> list[str]:
        """Those parsed by this process (the command, under CliRunner)."""
        return [path for pid, path in self._lines() if pid == os.getpid()]

    def clear(self) -> None:
        self._file.write_text("")

    def __len__(self) -> int:
        return len(self.paths())

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths())

    def __eq__(self, other: object) -> bool:
        return self.paths() == other

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return repr(self.paths())


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Reads:
    """Record which notes were actually parsed (none when the cache answered)."""
    from followup_md.vault import index as vault_index

    seen = Reads(tmp_path / ".reads-for-tests")
    real = vault_index._read_one

    def counting(file: Path, path: str, keep: Any = None, daily: Any = None) -> ParsedNote:
        seen.add(path)
        return real(file, path, keep, daily)

    monkeypatch.setattr(vault_index, "_read_one", counting)
    return seen
