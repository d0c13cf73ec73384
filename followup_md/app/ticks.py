"""Ticks in the agenda note, recorded as follow-ups: the person acts on the agenda in Obsidian.

A ticked line (`- [x] … ^fu-<hash>-<count>`) is found by its block id, never by its place
or its name: the hash names the note's path, the count the interactions it held when the
line was written. The follow-up is recorded exactly as `followup done` records it, under
the note's lock and only while the note still holds `count` interactions, so a tick is
applied once, however often the agenda is read (a restart, a repeated event, a duplicated
line). A tick that names no note, or a note that cannot be read as a contact, is kept in
the agenda's Problems, ticked, until the person removes it or the note is fixed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from followup_md.app.vaults import Vault
from followup_md.core.frozen import record
from followup_md.core.model import AGENDA_MARKER, Problem
from followup_md.errors import EditRefused, OutsideVault, TickOvertaken

if TYPE_CHECKING:  # the task lines' parser only once an agenda note holds a tick
    from followup_md.app.recording import Recorded
    from followup_md.outputs.tasks import Tick

MAX_AGENDA_BYTES = 64 * 1024 * 1024
"""An agenda note larger than this is not ours to read for ticks (ours stay far smaller)."""


@record
class Applied:
    """What the ticks in the agenda note came to."""

    logged: tuple[tuple[Tick, Recorded], ...] = ()
    overtaken: tuple[tuple[Tick, str], ...] = ()
    """Ticks on lines a newer change to their note overtook: dropped, and said in the log."""
    kept: tuple[Problem, ...] = ()
    """Ticks that could not be applied, kept (as `Problem.kept`) in the agenda's Problems."""

    def report(self) -> list[str]:
        """One line for each tick: recorded, overtaken, or kept."""
        agenda = "the agenda"
        lines = []
        for tick, recorded in self.logged:
            summary = f": {tick.summary}" if tick.summary else ""
            lines.append(
                f"{recorded.what} for {recorded.contact.name} (ticked in {agenda}){summary}"
            )
            if recorded.warning:
                lines.append(f"Warning: {recorded.warning}")
        lines += [f"Not recorded: {why}" for _, why in self.overtaken]
        lines += [f"Kept: {problem.message}" for problem in self.kept]
        return lines

    @property
    def changed(self) -> tuple[str, ...]:
        """The notes written."""
        return tuple(recorded.contact.path for _, recorded in self.logged)


def ticked_agenda(vault: Vault) -> str | None:
    """The agenda note's text when it is ours and holds a ticked line; else None."""
    try:
        with open(vault.agenda_path, "rb") as handle:
            raw = handle.read(MAX_AGENDA_BYTES + 1)
    except OSError:
        return None
    if len(raw) > MAX_AGENDA_BYTES or not raw.startswith(AGENDA_MARKER.encode("utf-8")):
        return None  # a note of the user's at that path is never read for ticks
    if b"[x]" not in raw and b"[X]" not in raw:
        return None  # the usual case, found without decoding a large agenda
    from followup_md.outputs.tasks import find_ticks

    text = raw.decode("utf-8", "replace")
    return text if any(True for _ in find_ticks(text)) else None


def apply_ticks(vault: Vault, text: str, paths: Iterable[str], today: dt.date) -> Applied:
    """Record every tick in the agenda note `text`; `paths` are the vault's notes."""
    from followup_md.app.recording import done_ticked  # the writer only when a tick is found
    from followup_md.outputs.tasks import find_ticks, path_hash

    by_hash: dict[str, str | None] = {}
    for path in paths:
        digest = path_hash(path)
        by_hash[digest] = None if digest in by_hash else path  # None: two notes share it
    logged: list[tuple[Tick, Recorded]] = []
    overtaken: list[tuple[Tick, str]] = []
    kept: list[Problem] = []
    seen: set[str] = set()
    for tick in find_ticks(text):
        note = by_hash.get(tick.hash, "")
        line = f"the tick on `^{tick.id}`" + (f" (for {tick.target})" if tick.target else "")
        if tick.id in seen:
            overtaken.append((tick, f"{line} appears twice: it was recorded once"))
            continue
        seen.add(tick.id)
        if not note:
            why = "matches no contact note (deleted or renamed?)" if note == "" else SHARED
            kept.append(_kept(vault, tick, why, GONE if note == "" else UNREAD))
            continue
        try:
            recorded = done_ticked(
                vault, note, tick.count, today, date=tick.date(today), summary=tick.summary
            )
        except TickOvertaken:
            overtaken.append(
                (
                    tick,
                    f"{line} was not recorded: {note} changed since the line "
                    "was written (a newer change took its place)",
                )
            )
        except (EditRefused, OutsideVault) as exc:
            kept.append(_kept(vault, tick, f"could not be recorded: {exc.message}", UNREAD))
        else:
            logged.append((tick, recorded))
    return Applied(tuple(logged), tuple(overtaken), tuple(kept))


GONE = "log it with `followup log` if the contact was renamed, then delete the line"
SHARED = "names two notes (their paths share the digest): log it with `followup done`"
UNREAD = "fix the note and the tick is recorded on the next run, or delete the line"


def _kept(vault: Vault, tick: Tick, why: str, remedy: str) -> Problem:
    target = f" (for {tick.target})" if tick.target else ""
    return Problem(
        vault.settings.agenda_file,
        None,
        f"the ticked line `^{tick.id}`{target} {why}; it is kept below, ticked: {remedy}",
        kept=tick.text.lstrip(" \t>").lstrip(),
    )
