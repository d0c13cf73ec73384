"""The flat properties `sync_properties` keeps in each contact note, for Obsidian's Bases.

Obsidian's property panel and Bases cannot read the nested `interactions` list, so with
`sync_properties: true` every contact carries four flat values computed from it:
`last_contact` (the latest interaction's date), `next_follow_up` (the agenda's due date;
absent when nothing is due), `followup_profile` (the profile whose timing applies) and
`followup_state` (`due`, `quiet`, `missed` or `none`). They are output only: what the
note holds is compared with what is wanted, and only a difference is written.

Pure: the values come from the contact and its plan, which the agenda already made.
"""

from __future__ import annotations

import datetime as dt

from followup_md.core.mentions import Mention
from followup_md.core.model import Contact, Due, Missed, PropertyChanges, Quiet
from followup_md.core.rules import plan, profile_of
from followup_md.core.settings import Settings

LAST_CONTACT = "last_contact"
NEXT_FOLLOW_UP = "next_follow_up"
PROFILE = "followup_profile"
STATE = "followup_state"

KEYS = (LAST_CONTACT, NEXT_FOLLOW_UP, PROFILE, STATE)
"""The properties kept, in the order a note that has none of them gets them."""

DATE_KEYS = frozenset({LAST_CONTACT, NEXT_FOLLOW_UP})
"""Written as dates (Obsidian's date property type), not as text."""

STATES = ("due", "quiet", "missed", "none")
"""`missed`: a follow-up overdue past `stale_after`; `quiet`: no answer to any nudge;
`due`: a follow-up is scheduled (`next_follow_up`); `none`: nothing is (paused, closed,
no rule applies)."""

Wanted = tuple[tuple[str, "str | None"], ...]
"""Each key of KEYS with the text it should hold, or None when it should be absent."""


def wanted(
    contact: Contact,
    due: Due | None,
    quiet: Quiet | None,
    missed: Missed | None,
    profile: str,
) -> Wanted:
    """The values the note should hold, given its plan (none for an inactive contact)."""
    dates = [interaction.date for interaction in contact.interactions]
    last = max(dates).isoformat() if dates else None
    state = "missed" if missed else "quiet" if quiet else "due" if due else "none"
    return (
        (LAST_CONTACT, last),
        (NEXT_FOLLOW_UP, due.date.isoformat() if due is not None else None),
        (PROFILE, profile),
        (STATE, state),
    )


def changes(contact: Contact, values: Wanted) -> PropertyChanges:
    """What to write so the note holds `values`: each key whose text differs, in KEYS
    order; empty when the note is current (then nothing is written)."""
    current = dict(contact.properties)
    return tuple(
        (key, value)
        for key, value in values
        if (key in current) != (value is not None) or current.get(key, value) != value
    )


def changes_for(
    contact: Contact,
    settings: Settings,
    due: Due | None,
    quiet: Quiet | None,
    missed: Missed | None,
) -> PropertyChanges:
    """The changes the contact's note needs, when `sync_properties` is on."""
    if not settings.sync_properties:
        return ()
    profile = due.profile if due is not None else profile_of(contact, settings)[0].name
    values = wanted(contact, due, quiet, missed, profile)
    if due is not None and _undated(contact, due) and _held_since(contact, due.date):
        values = tuple((key, value) for key, value in values if key != NEXT_FOLLOW_UP)
    return changes(contact, values)


def _undated(contact: Contact, due: Due) -> bool:
    """Due today only because nothing dates the contact (a cadence, no interaction, no
    mention, no `added`): the agenda's date moves with each day, the kept one need not."""
    return (
        due.rule == "cadence"
        and due.basis is None
        and contact.added is None
        and due.snoozed_from is None  # a snooze is a date the person chose: kept as it moves
    )


def _held_since(contact: Contact, today: dt.date) -> bool:
    """The note already holds a `next_follow_up` of today or before: it has been due
    since then, and rewriting it each day would only make a change to sync every day."""
    held = dict(contact.properties).get(NEXT_FOLLOW_UP)
    try:
        return held is not None and dt.date.fromisoformat(held) <= today
    except ValueError:
        return False


def as_written(key: str, value: str) -> str | dt.date:
    """The value as the writer takes it: a date for the date keys, else text."""
    return dt.date.fromisoformat(value) if key in DATE_KEYS else value


def note_changes(
    contact: Contact, settings: Settings, today: dt.date, mention: Mention | None = None
) -> PropertyChanges:
    """The changes the note needs as of `today`, planned afresh (what a row carries), with
    the contact's latest mention as the agenda plans it."""
    if not settings.sync_properties:
        return ()
    result = plan(contact, settings, today, mention=mention)
    return changes_for(contact, settings, result.due, result.quiet, result.missed)
