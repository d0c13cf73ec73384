"""`sync_properties`: the flat properties of each contact note kept current, for Bases.

The agenda knows, note by note, which notes hold out-of-date values
(`Agenda.properties`, computed with each note's row, so a warm run finds them without
reading a note). Each of those notes is changed through the safe writer: under its
lock, the values are computed once more from the note's text as it is then (so an
edit saved meanwhile is taken into account), and only the keys whose value differs
are set or removed, each edit proven. A note that cannot be changed is reported and
the others go on. A note already current is never written, so the watcher, which
sees its own writes as changes, re-reads them, finds them current and stops there.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from followup_md.app.vaults import Vault
from followup_md.core.frozen import record
from followup_md.core.mentions import Mention
from followup_md.core.model import Problem, PropertyChanges
from followup_md.core.properties import as_written, note_changes
from followup_md.errors import EditRefused, FollowupError
from followup_md.files import inside

if TYPE_CHECKING:
    import logging

Edit = Callable[[str], str]


@record
class Synced:
    """What a sync did: the notes changed, and why others could not be."""

    written: tuple[str, ...] = ()
    """Vault-relative paths of the notes written."""
    failed: tuple[str, ...] = ()
    """One message per note that could not be changed (it names the note)."""
    problems: tuple[Problem, ...] = ()
    """The same, as problems of those notes: for the agenda's Problems, where a person who
    reads only the agenda note (in Obsidian, under the watcher) sees them."""


def apply_changes(text: str, changes: PropertyChanges) -> str:
    """`text` with each key set to its value, or removed (None), each edit proven."""
    from followup_md.notes import writer

    values = [(key, None if value is None else as_written(key, value)) for key, value in changes]
    return writer.set_values(text, values)


def current(
    text: str, path: str, vault: Vault, today: dt.date, mention: Mention | None = None
) -> str:
    """`text` with its kept properties brought up to date (unchanged when they are, or
    when it is no contact), planned with the contact's latest `mention` as the agenda is.
    Raises EditRefused when a value cannot be changed."""
    from followup_md.notes.reader import parse_note

    contact = parse_note(text.encode("utf-8"), path).contact
    if contact is None:
        return text
    return apply_changes(text, note_changes(contact, vault.settings, today, mention))


def then_sync(
    vault: Vault,
    path: str,
    today: dt.date,
    edit: Edit,
    refused: list[str] | None = None,
    latest: Callable[[str], Mention | None] | None = None,
) -> Edit:
    """`edit`, then (with sync_properties) the note's properties brought up to date in
    the same write, so a command leaves the note current. A property that cannot be
    changed never costs the command its own edit: why is added to `refused`. `latest`
    gives a contact's latest mention (`contacts.latest_mentions`, built once by a caller
    that plans many notes; read here when not given)."""
    if not vault.settings.sync_properties:
        return edit
    if latest is None:
        from followup_md.app.contacts import latest_mentions  # (which reads the agenda's)

        latest = latest_mentions(vault, today)
    mention = latest(path)

    def edited(text: str) -> str:
        new = edit(text)
        try:
            return current(new, path, vault, today, mention)
        except EditRefused as exc:
            if refused is not None:
                refused.append(f"{path}: its properties were not updated: {exc.message}")
            return new

    return edited


def sync(
    vault: Vault,
    pending: Iterable[tuple[str, PropertyChanges, Mention | None]],
    today: dt.date,
    log: logging.Logger | None = None,
) -> Synced:
    """Write each pending note's properties; never raises for one note."""
    written: list[str] = []
    failed: list[str] = []
    problems: list[Problem] = []
    for path, changes, mention in pending:
        keys = ", ".join(key for key, _ in changes)
        try:
            changed = _sync_note(vault, path, today, keys, mention)
        except FollowupError as exc:
            failed.append(exc.message)
            refused = exc if isinstance(exc, EditRefused) else EditRefused(exc.message)
            problems.append(Problem(path, refused.line, refused.reason))
            if log is not None:
                log.warning("properties not updated: %s", exc.message)
            continue
        if changed:
            written.append(path)
            if log is not None:
                log.info("updated properties of %s (%s)", path, keys)
    return Synced(tuple(written), tuple(failed), tuple(problems))


def _sync_note(vault: Vault, path: str, today: dt.date, keys: str, mention: Mention | None) -> bool:
    """Bring one note's properties up to date; True when it was written."""
    from followup_md.notes import writer

    file = vault.root / path
    if not inside(vault.root, file):
        return False  # read, never changed (see the README): it keeps no properties
    if not os.access(file, os.W_OK):
        why = "read-only, so its properties were not updated"
        raise EditRefused(f"{file}: {why}", reason=why)
    old: list[str] = []

    def change(text: str) -> str:
        old.append(text)
        return current(text, path, vault, today, mention)

    new = writer.update_note(file, change, describe=f"update its properties ({keys})")
    return bool(old) and new != old[-1]
