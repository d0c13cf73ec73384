"""The cache folder is trusted with nothing: a planted file never runs, a shared folder is
never used, and a link planted at a cache or lock file is never followed (issue 9, item 7).

Each test plants what someone else with access to the folder could, then checks that
the command's output is what it would be without any cache.
"""

from __future__ import annotations

import json
import os
import pickle
import stat
import subprocess
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest

from followup_md import dirs
from followup_md.daemon.lock import VaultLock, lock_path
from followup_md.errors import UsageError
from followup_md.vault import cache, line_caches

from .conftest import Reads, Run

WriteNote = Callable[[str, "str | bytes"], Path]
POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="POSIX modes, owners and links")
NOTE = "---\nname: {name}\ncadence: 30d\ninteractions:\n  - 2026-11-10 email\n---\n"


class Planted:
    """Unpickling this runs `os.mkdir(marker)`: what a planted pickle could do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (os.mkdir, (str(self.marker),))


@pytest.fixture(autouse=True)
def _fresh_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts as a new process would: no folder reported yet."""
    monkeypatch.setattr(dirs, "_warned", set(), raising=False)


@pytest.fixture
def notes(write_note: WriteNote, monkeypatch: pytest.MonkeyPatch) -> None:
    """Three notes, always planned through the note cache: all three files in play."""
    monkeypatch.setattr("followup_md.app.agenda.FEW_CHANGES", 0)
    for name in ("Ann", "Bob", "Cy"):
        write_note(f"People/{name}.md", NOTE.format(name=name))


def cache_files(vault: Path) -> list[Path]:
    return [cache.cache_file(vault), line_caches._rows_file(vault), cache._outputs_file(vault)]


def shared_folder(tmp_path: Path, mode: int = 0o777) -> Path:
    folder = tmp_path / "shared-cache"
    folder.mkdir()
    folder.chmod(mode)
    return folder


# ------------------------------------------------------------------ the format


@pytest.mark.usefixtures("notes")
@pytest.mark.parametrize("magic", [b"followup-md cache\n", cache._MAGIC, b""])
def test_a_planted_pickle_never_runs(run: Run, vault: Path, tmp_path: Path, magic: bytes) -> None:
    """A pickle at every cache file's name, after the old magic, the new one, or none."""
    expected = run("agenda", "--no-write", "--no-cache").stdout
    marker = tmp_path / "the-pickle-ran"
    cache_files(vault)[0].parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    for file in cache_files(vault):
        file.write_bytes(magic + pickle.dumps(Planted(marker)))
    result = run("agenda", "--no-write")
    assert not marker.exists()
    assert result.exit_code == 0 and result.stdout == expected and result.stderr == ""
    assert all(file.read_bytes().startswith(cache._MAGIC) for file in cache_files(vault))
    assert run("agenda", "--no-write").stdout == expected  # from the rebuilt cache
    assert not marker.exists()


@pytest.mark.usefixtures("notes")
def test_a_cache_file_is_a_header_line_then_json_and_text(run: Run, vault: Path) -> None:
    run("agenda", "--no-write")
    for file in cache_files(vault):
        raw = file.read_bytes()
        assert raw.startswith(cache._MAGIC)
        head, _, body = raw[len(cache._MAGIC) :].partition(b"\n")
        *stamp, sizes, crc = json.loads(head)
        assert stamp == list(cache._header(vault)) and sum(sizes) == len(body)
        assert crc == zlib.crc32(body)
        body.decode("utf-8")  # no binary opcodes anywhere
    notes = cache.read_parts(vault, cache.cache_file(vault))
    assert notes is not None
    texts, facts = notes  # each note packed, a JSON line; then its path and stat facts
    paths = ["People/Ann.md", "People/Bob.md", "People/Cy.md"]
    assert [json.loads(line)[0] for line in facts.split(b"\n")] == paths
    assert [json.loads(line)[0][0] for line in texts.split(b"\n")] == paths  # its contact's


@pytest.mark.usefixtures("notes")
def test_a_damaged_cache_of_the_same_size_is_not_read(
    run: Run, write_note: WriteNote, vault: Path, reads: Reads
) -> None:
    """Bytes changed in place (a disk's error, a hand's edit: the size unchanged) and
    the file is not used: nothing read from it can break the agenda later, when a value
    kept packed (a note, a Missed line) is unpacked."""
    write_note("People/Old.md", "---\ncadence: 7d\ninteractions:\n  - 2026-08-01 email\n---\n")
    fresh = run("agenda", "--no-write", "--all", "--no-cache").stdout
    run("agenda", "--no-write")
    files = cache_files(vault) + [line_caches._names_file(vault)]
    keys = _keys(files)
    for file in files:
        raw = bytearray(file.read_bytes())
        digit = raw.rindex(b"7")  # a date's or a count's digit, in the last part
        raw[digit : digit + 1] = b"8"
        file.write_bytes(bytes(raw))
    assert all(cache.read_parts(vault, file, key) is None for file, key in keys)
    reads.clear()
    write_note("People/Ann.md", NOTE.format(name="Ann"))  # a warm run after an edit
    assert run("agenda", "--no-write", "--all").stdout == fresh
    assert len(reads) == 4  # every note read again: no cache was used


@pytest.mark.usefixtures("notes")
def test_what_a_killed_run_left_in_the_cache_folder_is_swept_after_an_hour(
    run: Run, vault: Path
) -> None:
    run("agenda", "--no-write")
    folder = cache.cache_file(vault).parent
    old, fresh = folder / ".followup-killed1.tmp", folder / ".followup-writing.tmp"
    for leftover in (old, fresh):
        leftover.write_bytes(b"half a cache")
    hours_ago = time.time() - 2 * 3600
    os.utime(old, (hours_ago, hours_ago))
    run("agenda", "--no-write", "--horizon", "3")  # writes its caches
    assert not old.exists() and fresh.exists()


def _keys(files: list[Path]) -> list[tuple[Path, str]]:
    """Each file with the key it was written under (read from the file itself)."""
    found = []
    for file in files:
        raw = file.read_bytes()
        head, _, body = raw[len(cache._MAGIC) :].partition(b"\n")
        sizes = json.loads(head)[-2]
        found.append((file, body[: sizes[0]].decode("utf-8", "surrogatepass")))
    return found


@pytest.mark.usefixtures("notes")
def test_the_header_is_checked_before_any_payload_is_decoded(
    run: Run, vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("agenda", "--no-write")
    assert cache.load(vault) != {}
    decoded: list[str] = []
    real = cache._decode

    def decode(text: str) -> tuple[object, int]:
        decoded.append(text)
        return real(text)

    monkeypatch.setattr(cache, "_decode", decode)
    monkeypatch.setattr(cache, "_CODE", cache._CODE + 1)  # written by other code
    assert cache.load(vault) == {} and decoded == []


@pytest.mark.usefixtures("notes")
def test_an_oversized_cache_file_is_not_read(
    run: Run, vault: Path, reads: Reads, monkeypatch: pytest.MonkeyPatch
) -> None:
    run("agenda", "--no-write")
    monkeypatch.setattr(cache, "MAX_BYTES", 64)
    cache._outputs_file(vault).unlink()
    line_caches._rows_file(vault).unlink()
    reads.clear()
    run("agenda", "--no-write")
    assert sorted(reads) == ["People/Ann.md", "People/Bob.md", "People/Cy.md"]


@POSIX_ONLY
@pytest.mark.usefixtures("notes")
def test_a_fifo_at_a_cache_files_name_does_not_block(vault: Path) -> None:
    """Opened without blocking, seen not to be a file, ignored; in a child process, so a
    regression fails on the timeout instead of hanging the suite."""
    folder = cache.cache_file(vault).parent
    folder.mkdir(mode=0o700, parents=True)
    for file in cache_files(vault):
        os.mkfifo(file)
    args = [sys.executable, "-m", "followup_md", "--vault", str(vault), "--today", "2026-11-22"]
    done = subprocess.run(
        [*args, "agenda", "--no-write"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and "Ann" in done.stdout


@POSIX_ONLY
@pytest.mark.usefixtures("notes")
def test_a_link_at_a_cache_files_name_is_not_followed_nor_written_through(
    run: Run, vault: Path, tmp_path: Path, reads: Reads, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = run("agenda", "--no-write").stdout
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    targets = []
    for file in cache_files(vault):
        target = elsewhere / file.name
        file.rename(target)  # a valid cache: only the link keeps it from being used
        file.symlink_to(target)
        targets.append((target, target.read_bytes(), stat.S_IMODE(target.stat().st_mode)))
    reads.clear()
    assert run("agenda", "--no-write").stdout == expected
    assert len(reads) == 3  # read afresh: no cache file was reached through its link
    for file, (target, content, mode) in zip(cache_files(vault), targets, strict=True):
        assert file.is_file() and not file.is_symlink()  # the link was replaced
        assert stat.S_IMODE(file.stat().st_mode) == 0o600
        assert target.read_bytes() == content and stat.S_IMODE(target.stat().st_mode) == mode


# ------------------------------------------------------------------ the folder


WARNING = "followup: not using the cache folder {folder}: "


@POSIX_ONLY
@pytest.mark.usefixtures("notes")
def test_a_folder_others_can_write_is_not_used_and_is_named_once(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = shared_folder(tmp_path)
    monkeypatch.setenv("FOLLOWUP_CACHE_DIR", str(folder))
    expected = run("agenda", "--no-write", "--no-cache").stdout
    first = run("agenda", "--no-write")
    assert first.exit_code == 0 and first.stdout == expected
    line = (
        f"followup: not using the cache folder {folder}: it is writable by others (mode 0777); "
        f"run `chmod 700 {folder}` or set FOLLOWUP_CACHE_DIR to a private folder\n"
    )
    assert first.stderr == line  # once, though the command reads and writes three files
    second = run("agenda", "--no-write")
    assert second.stdout == expected and second.stderr == ""  # once per process
    assert list(folder.iterdir()) == []  # nothing was ever written there
    assert stat.S_IMODE(folder.stat().st_mode) == 0o777  # a folder the user named: unchanged


@POSIX_ONLY
@pytest.mark.usefixtures("notes")
def test_a_group_writable_folder_is_refused_too(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = shared_folder(tmp_path, 0o770)
    monkeypatch.setenv("FOLLOWUP_CACHE_DIR", str(folder))
    result = run("agenda", "--no-write")
    assert "it is writable by others (mode 0770)" in result.stderr
    assert list(folder.iterdir()) == []


@POSIX_ONLY
@pytest.mark.usefixtures("notes")
def test_a_folder_owned_by_someone_else_is_not_used(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = shared_folder(tmp_path, 0o700)
    monkeypatch.setenv("FOLLOWUP_CACHE_DIR", str(folder))
    expected = run("agenda", "--no-write", "--no-cache").stdout
    owner = folder.stat().st_uid
    monkeypatch.setattr(os, "geteuid", lambda: owner + 1)  # we are someone else now
    result = run("agenda", "--no-write")
    assert result.exit_code == 0 and result.stdout == expected
    assert result.stderr == (
        WARNING.format(folder=folder) + f"it is owned by another user (uid {owner}); "
        "set FOLLOWUP_CACHE_DIR to a private folder\n"
    )
    assert list(folder.iterdir()) == []


@POSIX_ONLY
@pytest.mark.usefixtures("notes")
def test_a_link_someone_else_owns_to_our_folder_is_not_used(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A link planted in a shared parent (such as /tmp) may point at a folder of ours."""
    ours = shared_folder(tmp_path, 0o700)
    link = tmp_path / "link"
    link.symlink_to(ours)
    monkeypatch.setenv("FOLLOWUP_CACHE_DIR", str(link))
    real_lstat = Path.lstat

    def foreign_link(path: Path) -> os.stat_result:
        info = real_lstat(path)
        if path != link:
            return info
        fields = list(info)
        fields[stat.ST_UID] = info.st_uid + 1
        return os.stat_result(fields)

    monkeypatch.setattr(Path, "lstat", foreign_link)
    result = run("agenda", "--no-write")
    assert "it is owned by another user" in result.stderr and "Ann" in result.stdout
    assert list(ours.iterdir()) == []


@pytest.fixture
def default_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The platform's folder, under a temporary XDG_CACHE_HOME (not yet made)."""
    monkeypatch.delenv("FOLLOWUP_CACHE_DIR")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg" / "cache"))
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    assert dirs.cache_dir() == tmp_path / "xdg" / "cache" / "followup_md"
    return dirs.cache_dir()


@POSIX_ONLY
@pytest.mark.usefixtures("notes")
def test_the_default_folder_is_created_private(run: Run, vault: Path, default_folder: Path) -> None:
    assert run("agenda", "--no-write").stderr == ""
    for folder in (default_folder, default_folder.parent, default_folder.parent.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
    assert cache.cache_file(vault).parent == default_folder
    assert all(file.is_file() for file in cache_files(vault))


@POSIX_ONLY
@pytest.mark.usefixtures("notes")
@pytest.mark.parametrize("mode", [0o755, 0o777])
def test_an_existing_default_folder_of_ours_is_tightened(
    run: Run, vault: Path, default_folder: Path, mode: int
) -> None:
    default_folder.mkdir(parents=True)
    default_folder.chmod(mode)
    result = run("agenda", "--no-write")
    assert result.stderr == ""
    assert stat.S_IMODE(default_folder.stat().st_mode) == 0o700
    assert all(file.is_file() for file in cache_files(vault))


@POSIX_ONLY
@pytest.mark.usefixtures("notes")
def test_a_named_folder_that_only_we_can_write_is_used_as_it_is(
    run: Run, vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = shared_folder(tmp_path, 0o755)
    monkeypatch.setenv("FOLLOWUP_CACHE_DIR", str(folder))
    assert run("agenda", "--no-write").stderr == ""
    assert all(file.is_file() for file in cache_files(vault))
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755  # named by the user: never changed


@POSIX_ONLY
@pytest.mark.usefixtures("notes")
def test_a_named_folder_that_does_not_exist_is_created_private(
    run: Run, vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "new" / "cache"
    monkeypatch.setenv("FOLLOWUP_CACHE_DIR", str(folder))
    run("agenda", "--no-write")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(folder.parent.stat().st_mode) == 0o700
    assert all(file.is_file() for file in cache_files(vault))


# ------------------------------------------------------------------ the watcher's lock


@POSIX_ONLY
def test_a_link_at_the_watchers_lock_is_never_followed(tmp_path: Path, vault: Path) -> None:
    victim, absent = tmp_path / "victim.txt", tmp_path / "absent.txt"
    victim.write_bytes(b"precious")
    path = lock_path(vault)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    for target in (victim, absent):
        path.unlink(missing_ok=True)
        path.symlink_to(target)
        with pytest.raises(UsageError, match="is a symbolic link") as refused:
            VaultLock(vault).acquire()
        assert refused.value.exit_code == 2 and str(path) in refused.value.message
    assert victim.read_bytes() == b"precious"
    assert not absent.exists()


@POSIX_ONLY
def test_the_watchers_lock_is_never_kept_in_a_shared_folder(
    tmp_path: Path, vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = shared_folder(tmp_path)
    monkeypatch.setenv("FOLLOWUP_CACHE_DIR", str(folder))
    with pytest.raises(UsageError) as refused:
        VaultLock(vault).acquire()
    assert refused.value.exit_code == 2
    assert refused.value.message == (
        f"cannot keep the watcher's lock in {folder}: it is writable by others (mode 0777); "
        f"run `chmod 700 {folder}` or set FOLLOWUP_CACHE_DIR to a private folder"
    )
    assert list(folder.iterdir()) == []
    owner = folder.stat().st_uid
    folder.chmod(0o700)
    monkeypatch.setattr(os, "geteuid", lambda: owner + 1)
    with pytest.raises(UsageError, match="owned by another user"):
        VaultLock(vault).acquire()
    monkeypatch.setattr(os, "geteuid", lambda: owner)
    with VaultLock(vault) as lock:  # a private folder: fine
        assert stat.S_IMODE(lock.path.stat().st_mode) == 0o600


@POSIX_ONLY
def test_the_watcher_refuses_a_shared_lock_folder_with_exit_2(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FOLLOWUP_CACHE_DIR", str(shared_folder(tmp_path)))

    def started(*args: object, **kwargs: object) -> None:
        raise AssertionError("the watcher started: its lock was taken in a shared folder")

    monkeypatch.setattr("followup_md.daemon.loop.WatchLoop", started)
    result = run("watch")
    assert result.exit_code == 2
    assert "cannot keep the watcher's lock in" in result.stderr
