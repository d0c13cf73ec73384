"""Faults injected into every writer: a crash at each step of the atomic write, a full
disk, a read-only vault, a failing swap (issue 9).

The writers are the note editors (`log`, through the race-checked swap), the creator
(`add`, through a hard link that never replaces) and the agenda note (`agenda`). After
any fault the file on disk is the old one or the complete new one, never torn; after an
error the command says which note and why, exits 1, and leaves no temporary file.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from followup_md import files

from .conftest import Run

WriteNote = Callable[[str, "str | bytes"], Path]

GOOD = "---\nname: Good Contact\ncadence: 30d\ninteractions:\n  - 2026-11-01 email\n---\nBody.\n"

WRITERS: dict[str, tuple[tuple[str, ...], str]] = {
    "log": (("log", "good", "-t", "call", "-s", "Talked"), "Good.md"),
    "add": (("add", "New Person", "--email", "new@example.com"), "New Person.md"),
    "agenda": (("agenda",), "Follow-ups.md"),
}
"""Each writer: its command, and the file it writes."""


@pytest.fixture
def vault_with_agenda(run: Run, vault: Path, write_note: WriteNote) -> Path:
    """A vault whose agenda note exists and is about to change (a new note appeared)."""
    write_note("Good.md", GOOD)
    assert run("agenda").exit_code == 0
    write_note("Other.md", "---\nnext: 2026-11-25\n---\n")
    return vault


def _temporaries(vault: Path) -> list[Path]:
    return [path for path in vault.rglob("*") if path.name.startswith(files.TEMP_PREFIX)]


def _before(vault: Path, name: str) -> bytes | None:
    path = vault / name
    return path.read_bytes() if path.exists() else None


# ------------------------------------------------------------------ errors: said, nothing torn


def _fail(error: int) -> Callable[..., Any]:
    def fail(*args: Any, **kwargs: Any) -> Any:
        raise OSError(error, "injected: " + errno.errorcode[error])

    return fail


FAULTS: dict[str, tuple[str, str, int]] = {
    "read-only vault": ("tempfile", "mkstemp", errno.EROFS),
    "full disk at the write": ("os", "fdopen", errno.ENOSPC),
    "full disk at the flush": ("os", "fsync", errno.ENOSPC),
    "permissions refused": ("os", "chmod", errno.EPERM),
    "the swap fails": ("files", "_exchange", errno.EIO),
    "the rename fails": ("os", "replace", errno.EIO),
    "the link fails": ("os", "link", errno.EIO),
}


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize("fault", FAULTS)
def test_a_failing_step_is_a_clear_error_and_the_file_is_untouched(
    run: Run, vault_with_agenda: Path, monkeypatch: pytest.MonkeyPatch, writer: str, fault: str
) -> None:
    import tempfile

    args, name = WRITERS[writer]
    module, attribute, error = FAULTS[fault]
    before = _before(vault_with_agenda, name)
    target = {"os": os, "tempfile": tempfile, "files": files}[module]
    monkeypatch.setattr(target, attribute, _fail(error))
    result = run(*args)
    after = _before(vault_with_agenda, name)
    if result.exit_code == 0:  # this writer never takes that step (a link, a swap, ...)
        assert after is not None and after != before
        return
    assert result.exit_code == 1, result.output
    assert after == before
    assert name.removesuffix(".md") in result.stderr
    assert os.strerror(error) in result.stderr or errno.errorcode[error] in result.stderr
    assert "Traceback" not in result.output
    assert _temporaries(vault_with_agenda) == []


# ------------------------------------------------------------------ crashes: old or new, whole

CRASH_POINTS = {
    "after the temporary file is made": "tempfile.mkstemp",
    "after the data is flushed": "os.fsync",
    "after the permissions are set": "os.chmod",
    "at the swap": "followup_md.files._exchange",
    "at the rename": "os.replace",
    "at the link": "os.link",
}

CRASHING = textwrap.dedent(
    """
    import importlib, os, sys
    module_name, _, attribute = sys.argv[1].rpartition(".")
    module = importlib.import_module(module_name)
    real = getattr(module, attribute)
    vault = os.path.realpath(sys.argv[sys.argv.index("--vault") + 1])

    def path_of(args, kwargs):
        if attribute == "mkstemp":
            return str(kwargs.get("dir", ""))
        if attribute == "fsync":
            return os.readlink(f"/proc/self/fd/{args[0]}")
        if attribute in ("_exchange", "replace", "link"):
            return os.fsdecode(args[-1])
        return os.fsdecode(args[0])

    def crash(*args, **kwargs):
        inside = os.path.realpath(path_of(args, kwargs)).startswith(vault)
        result = None
        if not inside or attribute in ("mkstemp", "fsync", "chmod"):
            result = real(*args, **kwargs)  # the step happens (or is not ours), then...
        if inside:
            os._exit(9)  # ...the process dies, in the vault's writer only
        return result

    setattr(module, attribute, crash)
    from followup_md.cli import main
    sys.argv = ["followup", *sys.argv[2:]]
    main()
    """
)
"""Runs the CLI in a process that dies at one step of a write into the vault (not at
the cache's, outside it): a real crash, with no test hook in the code."""


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize("point", CRASH_POINTS)
def test_a_crash_at_any_step_leaves_the_old_file_or_the_whole_new_one(
    vault_with_agenda: Path, tmp_path: Path, writer: str, point: str
) -> None:
    vault = vault_with_agenda
    args, name = WRITERS[writer]
    before = _before(vault, name)
    command = [sys.executable, "-c", CRASHING, CRASH_POINTS[point], "--vault", str(vault)]
    result = subprocess.run(
        [*command, "--today", "2026-11-22", *args],
        capture_output=True, text=True, timeout=60, check=False,
        env={"FOLLOWUP_CACHE_DIR": str(tmp_path / ".cache-for-tests"), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    after = _before(vault, name)
    if result.returncode == 0:  # this writer never reaches that step
        assert after != before
        return
    assert result.returncode == 9, result.stderr
    if after != before:  # the new file in place: whole, and it reads back
        assert after is not None
        text = after.decode("utf-8")
        assert text.endswith("\n") and (text.startswith("---\n") or text.startswith("<!--"))
        assert "Talked" in text or "new@example.com" in text or "Other" in text
    for leftover in _temporaries(vault):  # what the killed write left: swept once it is old
        os.utime(leftover, (1_000_000, 1_000_000))
    rerun = subprocess.run(
        [sys.executable, "-m", "followup_md", "--vault", str(vault), "check"],
        capture_output=True, timeout=60, check=False,
        env={"FOLLOWUP_CACHE_DIR": str(tmp_path / ".cache-for-tests"), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert rerun.returncode in (0, 1) and _temporaries(vault) == []
