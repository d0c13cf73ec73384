"""What an agenda shows of a contact, and the agenda's records keeping only that.

A long-lived agenda (the watcher's rows, a command's thousands) needs of each contact
only what the agenda shows; keeping the whole contact keeps its history alive. The row
cache keeps the same fields, so a row planned here equals the row the cache gives back.
"""

from __future__ import annotations

from dataclasses import MISSING, fields

from followup_md.core.model import AgendaItem, Contact, Due, Interaction, Missed, Quiet
from followup_md.core.records import copied

SHOWN = ("path", "name", "objective", "logged")
"""What an agenda shows of a contact: all a row needs to keep of it (see `shown_row`)."""

_HELD = tuple(f.name for f in fields(Contact) if f.name not in SHOWN)


def _check_held() -> None:
    """Every field a shown contact leaves out has a plain default the class holds (read
    through the class, as a contact unpacked from the row cache does)."""
    for f in fields(Contact):
        if f.name in _HELD and Contact.__dict__.get(f.name, MISSING) is not f.default:
            raise TypeError(f"Contact.{f.name}: a field rows leave out needs a plain default")


_check_held()


_DEFAULTS = {name: Contact.__dict__[name] for name in SHOWN if name in Contact.__dict__}


def _shown(contact: Contact, path: str | None) -> Contact:
    """The contact with only the fields an agenda shows (the others read as the defaults
    the class holds), as the row cache's codec unpacks it; its path `path` when equal
    (the string the caller keeps anyway, not one more of the same)."""
    kept = object.__new__(Contact)
    for name in SHOWN:
        value = getattr(contact, name)
        if name == "path" and value == path:
            value = path
        if name not in _DEFAULTS or value is not _DEFAULTS[name]:
            _set(kept, name, value)
    return kept


_set = object.__setattr__
"""Sets a field of a frozen record, as its `__init__` does: its values stay inline
(3.11), where filling its `__dict__` would give each record a dict of its own."""

_STRINGS: dict[str, str] = {}
"""The few values every row repeats (types, directions, channels), one object each."""


def intern(value: str) -> str:
    """One string for every row that says the same (a type, a direction, a channel):
    read from JSON, each note's would be a string of its own (at 100,000 notes, 10 MB)."""
    return _STRINGS.setdefault(value, value)


def _common(value: str | None) -> str | None:
    return None if value is None else intern(value)


def _basis(interaction: Interaction | None) -> Interaction | None:
    if interaction is None:
        return None
    return copied(
        interaction,
        type=intern(interaction.type),
        direction=intern(interaction.direction),
        channel=_common(interaction.channel),
    )


def _due(due: Due, contact: Contact) -> Due:
    return copied(due, contact=contact, basis=_basis(due.basis), channel=_common(due.channel))


def shown(
    item: AgendaItem | None, quiet: Quiet | None, missed: Missed | None, path: str | None = None
) -> tuple[AgendaItem | None, Quiet | None, Missed | None]:
    """One note's agenda records, sharing one contact that keeps only `SHOWN` (without
    running their `__init__`: the values were checked when first made)."""
    if item is not None:
        full = item.due.contact
    elif missed is not None:
        full = missed.due.contact
    elif quiet is not None:
        full = quiet.contact
    else:
        return item, quiet, missed
    contact = _shown(full, path)
    if item is not None:
        item = copied(item, due=_due(item.due, contact))
    if quiet is not None:
        quiet = copied(quiet, contact=contact, last=_basis(quiet.last))
    if missed is not None:
        missed = copied(missed, due=_due(missed.due, contact))
    return item, quiet, missed
