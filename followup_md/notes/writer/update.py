"""Changing a note on disk: read, apply a pure text change, check, and replace atomically.

The whole read-modify-write holds the note's lock (`notes.lock`), so two followups
never interleave their edits of one note. An outside program is not held back by it:
the new file takes the note's place only if the note still holds what was read
(`files.atomic_write(expect=...)`, a one-step swap on Linux). If it changed, the change
is applied once more to the new content; a second race refuses, as does a note that was
moved or deleted meanwhile. Nothing is written unless the old front matter parses (or
is absent) and the new one parses too.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path

from followup_md import files
from followup_md.errors import EditRefused
from followup_md.notes.lock import note_lock
from followup_md.notes.writer.text import _check_text_facts, _open, _Refusal, _split_bom


def update_note(file: Path, change: Callable[[str], str], *, describe: str) -> str:
    """Apply `change` to the note at `file` and write the result atomically.

    `describe` completes "cannot ..." in messages (e.g. "add email out on
    2026-11-21"). The text given to `change` keeps a BOM as its first character
    and CRLF line endings as they are, so a change that keeps them keeps them on
    disk. Nothing is written unless the old front matter parses (or is absent) and
    the new one parses too. If the file changes on disk between the read and the
    write (checked at the swap itself where the system allows), the change is
    applied once more to the new content; a second race refuses. Another followup
    editing the note is waited for (see `notes.lock`). A symlinked note is edited
    through the link. Stale temporary files in the note's folder are removed on the
    way. Returns the new text.
    """
    target = file.resolve() if file.is_symlink() else file
    with note_lock(target, describe, shown=file):
        files.remove_stale_temp_files(target.parent)
        for _attempt in range(2):
            raw = _read(file, target, describe)
            old, new, data = _changed(raw, change, file, describe)
            if new == old:
                return old
            try:
                files.atomic_write(target, data, expect=raw)
            except files.TargetGone:
                raise _refused(
                    file,
                    f"cannot {describe}: it was moved or deleted while being edited; "
                    "nothing was written",
                ) from None
            except files.TargetChanged:
                continue
            except files.SwapNotUndone as exc:
                raise _refused(file, f"{describe}: {exc.strerror}") from None
            except OSError as exc:
                raise _refused(
                    file,
                    f"cannot {describe}: writing failed ({exc.strerror or exc}); "
                    "the note was not changed",
                ) from None
            return new
    raise _refused(
        file,
        f"cannot {describe}: the note kept changing on disk while it was being edited "
        "(another program or a sync is writing it); the note was not changed: try again "
        "when it is done",
    )


def _changed(
    raw: bytes, change: Callable[[str], str], file: Path, describe: str
) -> tuple[str, str, bytes]:
    """The old text, the new one (proven to parse) and its bytes; all three equal
    (`raw` for the bytes) when the change changes nothing."""
    old = _decode(raw, file, describe)
    with _naming(file, describe):
        _check_parses(old, after=None)
        new = change(old)
        if new == old:
            return old, new, raw
        _check_parses(new, after=old)
        _check_still_a_contact(old, new)
        try:
            return old, new, new.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise _Refusal(f"the new text cannot be saved as UTF-8 ({exc.reason})") from None


# ------------------------------------------------------------------- refusals


@contextlib.contextmanager
def _naming(file: Path, describe: str) -> Iterator[None]:
    """Turn a text-level refusal into a message that names the file and line."""
    try:
        yield
    except _Refusal as exc:
        why = f"cannot {describe}: {exc.problem}; the note was not changed"
        raise _refused(file, why, exc.line) from None
    except EditRefused as exc:  # of its kind still (a tick overtaken stays one)
        raise type(exc)(f"{file}: cannot {describe}: {exc.message}") from None


# ------------------------------------------------------------------ file level


def _read(file: Path, target: Path, describe: str) -> bytes:
    try:
        return target.read_bytes()
    except FileNotFoundError:
        raise _refused(
            file, f"cannot {describe}: the note does not exist (was it moved or deleted?)"
        ) from None
    except OSError as exc:
        raise _refused(
            file, f"cannot {describe}: the note cannot be read ({exc.strerror or exc})"
        ) from None


def _decode(raw: bytes, file: Path, describe: str) -> str:
    """UTF-8, keeping a BOM as a character so that it is written back."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _refused(
            file,
            f"cannot {describe}: the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); "
            "save it with UTF-8 encoding, then try again",
            line,
        ) from None


def _refused(file: Path, why: str, line: int | None = None) -> EditRefused:
    """The refusal, naming the note (and its line) before `why`, which it keeps apart."""
    where = f"{file}:{line}" if line else str(file)
    return EditRefused(f"{where}: {why}", line=line, reason=why)


def _check_still_a_contact(old: str, new: str) -> None:
    """A note the scan reads as a contact must still read as one, within the reader's
    limits (a note near the front-matter size limit could be pushed over it)."""
    from followup_md.notes.reader import parse_note

    before = parse_note(old.encode("utf-8", "surrogateescape"), "note").contact
    if before is None:
        return
    read = parse_note(new.encode("utf-8", "surrogateescape"), "note")
    if read.contact is None:
        why = read.problems[0].message if read.problems else "it would not read as a contact"
        raise _Refusal(f"the change would make the note unreadable as a contact ({why})")


def _check_parses(text: str, *, after: str | None) -> None:
    """Refuse a note whose front matter does not parse; `after` is the text before a change."""
    try:
        _open(_split_bom(text)[1])
    except _Refusal as exc:
        if after is None:
            raise
        raise _Refusal(f"the change would break the front matter ({exc.message})") from None
    if after is not None:
        _check_text_facts(after, text)
