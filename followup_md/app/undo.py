"""The undo journal: the last changes `followup` commands made to notes, and undoing them.

Each change made by `log`, `done`, `next`, `snooze`, `status` or `add` is recorded in
the state folder (`dirs.state_dir()`, outside every vault), as one JSON line holding
the note's text before (none for a new note) and after. `undo` reverts the latest
one, and only while the note is still exactly as that command left it; the revert
goes through the same safe write as any change (lock, proof, atomic replace). The
journal keeps the last JOURNAL_SIZE changes, in a 0700 folder, its files 0600.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from pathlib import Path

from followup_md import dirs, files
from followup_md.core.frozen import record as frozen_record
from followup_md.errors import EditRefused, FollowupError

JOURNAL_SIZE = 100
"""How many changes the journal keeps, the latest last."""

JOURNAL_NAME = "undo.jsonl"


class NothingToUndo(FollowupError):
    """The journal is empty (exit 1)."""


@frozen_record
class Change:
    """One change a command made to a note."""

    time: str
    """When, as local ISO time to the second."""
    command: str
    path: str
    """The note's absolute path."""
    before: str | None
    """The note's text before the change; None when the command created it."""
    after: str

    def line(self) -> str:
        """One line for `undo --list`: time, command, note path."""
        return f"{self.time}  {self.command:<6}  {self.path}"


def journal_file() -> Path:
    return dirs.state_dir() / JOURNAL_NAME


def _private_state_dir() -> Path:
    folder = dirs.state_dir()
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if os.name == "posix":
            os.chmod(folder, 0o700)
    except OSError as exc:
        raise EditRefused(
            f"cannot use the state folder {folder} ({exc.strerror or exc}); "
            "set FOLLOWUP_STATE_DIR to a writable folder"
        ) from None
    return folder


def changes() -> list[Change]:
    """The journal's changes, oldest first; lines that do not read are skipped."""
    try:
        text = journal_file().read_text("utf-8")
    except FileNotFoundError:
        return []
    except (OSError, UnicodeDecodeError) as exc:
        raise EditRefused(f"cannot read the undo journal {journal_file()} ({exc})") from None
    found: list[Change] = []
    for line in text.splitlines():
        with contextlib.suppress(ValueError, TypeError, KeyError):
            data = json.loads(line)
            found.append(
                Change(
                    time=str(data["time"]),
                    command=str(data["command"]),
                    path=str(data["path"]),
                    before=None if data["before"] is None else str(data["before"]),
                    after=str(data["after"]),
                )
            )
    return found


def _write(entries: list[Change]) -> None:
    """Replace the journal with `entries` (the latest JOURNAL_SIZE), 0600, atomically."""
    _private_state_dir()
    kept = entries[-JOURNAL_SIZE:]
    data = "".join(
        json.dumps(
            {
                "time": c.time,
                "command": c.command,
                "path": c.path,
                "before": c.before,
                "after": c.after,
            },
            ensure_ascii=True,
        )
        + "\n"
        for c in kept
    )
    files.atomic_write(journal_file(), data.encode("utf-8"), new_mode=0o600)
    if os.name == "posix":
        os.chmod(journal_file(), 0o600)


def _journal_lock() -> contextlib.AbstractContextManager[None]:
    from followup_md.notes.lock import note_lock

    return note_lock(journal_file(), "update the undo journal")


def record(command: str, file: Path, before: str | None, after: str) -> str | None:
    """Add one change to the journal (dropping the oldest beyond JOURNAL_SIZE).

    The note is already changed: a journal that cannot be written costs the undo of
    this change, never the change itself. Returns a warning to show when it could not
    be written, else None.
    """
    change = Change(
        time=dt.datetime.now().isoformat(timespec="seconds"),
        command=command,
        path=str(file.absolute()),
        before=before,
        after=after,
    )
    try:
        with _journal_lock():
            _write([*changes(), change])
    except (OSError, FollowupError) as exc:
        why = exc.message if isinstance(exc, FollowupError) else (exc.strerror or str(exc))
        return f"the change was made, but it cannot be undone: the undo journal failed ({why})"
    return None


def in_vault(change: Change, root: Path) -> bool:
    """Whether the change was made to a note of the vault at `root`."""
    return os.path.realpath(change.path).startswith(os.path.realpath(root) + os.sep)


def undo(root: Path, *, drop: bool = False) -> Change:
    """Revert the latest change made to a note of the vault at `root`, and drop it from
    the journal (with `drop`, only drop it: the note is left as it is).

    Refused (EditRefused, exit 1, nothing changed) unless the note is still exactly as
    that command left it. NothingToUndo when this vault has no change recorded.
    """
    with _journal_lock():
        entries = changes()
        mine = [index for index, change in enumerate(entries) if in_vault(change, root)]
        if not mine:
            raise NothingToUndo(
                f"nothing to undo: no change made by followup to {root} is recorded"
            )
        last = entries[mine[-1]]
        if drop:
            pass  # forgotten: the note stays as it is
        elif last.before is None:
            _remove_new_note(last)
        else:
            _restore(last, last.before)
        _write(entries[: mine[-1]] + entries[mine[-1] + 1 :])
    return last


def _unchanged_since(change: Change, text: str) -> None:
    if text != change.after and not _only_synced(text, change.after):
        raise EditRefused(
            f"the note changed after `followup {change.command}` on {change.time} "
            "(edited by hand or by another program), so undoing it could lose that edit; "
            "nothing was changed: edit the note by hand, or `followup undo --drop` to "
            "forget this change and undo the ones before it"
        )


def _only_synced(text: str, after: str | None) -> bool:
    """Whether `text` differs from `after` only in the properties `sync_properties` keeps
    (they follow every change, so undo may take them back too: the next run writes them)."""
    from followup_md.core.properties import KEYS
    from followup_md.notes.writer import remove_value

    if after is None:
        return False
    try:
        for key in KEYS:
            text, after = remove_value(text, key), remove_value(after, key)
    except EditRefused:
        return False
    return text == after


def _restore(change: Change, before: str) -> None:
    from followup_md.notes.writer import update_note

    def back(text: str) -> str:
        _unchanged_since(change, text)
        return before

    update_note(Path(change.path), back, describe=f"undo `followup {change.command}`")


def _remove_new_note(change: Change) -> None:
    """Undo `add`: remove the note it created, only while it is exactly as created."""
    from followup_md.notes.lock import note_lock

    file = Path(change.path)
    describe = f"undo `followup {change.command}`"
    with note_lock(file, describe):
        try:
            raw = file.read_bytes()
        except FileNotFoundError:
            raise EditRefused(
                f"{file}: cannot {describe}: the note no longer exists; nothing was changed"
            ) from None
        try:
            _unchanged_since(change, raw.decode("utf-8"))
        except (EditRefused, UnicodeDecodeError) as exc:
            why = exc.message if isinstance(exc, EditRefused) else "it is no longer UTF-8"
            raise EditRefused(f"{file}: cannot {describe}: {why}") from None
        file.unlink()
