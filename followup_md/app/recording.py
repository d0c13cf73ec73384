"""Changing notes on the user's behalf: log, done, next, snooze, status, new contacts.

Every change is one proven text edit through the writer; the contact is then re-read
from the new text and re-planned, so the command can say what is due next.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from followup_md.app import undo
from followup_md.app.contacts import LatestMention, find, latest_mentions, named_as
from followup_md.app.creating import contact_template, new_note_path, new_note_text
from followup_md.app.properties import then_sync
from followup_md.app.vaults import Vault
from followup_md.core import agenda as core_agenda
from followup_md.core import rules
from followup_md.core.frozen import record
from followup_md.core.model import (
    AgendaItem,
    Contact,
    Quiet,
    Status,
)
from followup_md.errors import (
    EditRefused,
    NoteExists,
    OutsideVault,
    TickOvertaken,
)
from followup_md.files import inside
from followup_md.notes import create

if TYPE_CHECKING:
    from followup_md.notes.writer import NewInteraction

Edit = Callable[[str], str]
"""A pure edit of a note's text, as the writer's functions are."""


@record
class Recorded:
    """A contact as read back after a change, and what it is due for now."""

    contact: Contact
    item: AgendaItem | None
    quiet: Quiet | None
    what: str = ""
    """What was recorded, in words (as read back: the type as written, the date)."""
    warning: str | None = None
    """Something the user should know about the change (it could not be journaled)."""


def _note_file(vault: Vault, contact: Contact) -> Path:
    """The contact's file, refused when it (through a link) lies outside the vault."""
    file = vault.root / contact.path
    if not inside(vault.root, file):
        raise OutsideVault(
            f"{contact.path} links to a file outside the vault {vault.root}; followup only "
            "changes notes inside the vault: edit that file by hand"
        )
    return file


def _change(
    vault: Vault,
    query: str,
    today: dt.date,
    describe: str,
    change: Callable[[Contact], Edit],
    *,
    command: str,
) -> Recorded:
    """Resolve CONTACT, apply one proven text change to its note, journal it (for
    `followup undo`), and re-plan it."""
    contact, _ = find(vault, query)
    return _change_contact(vault, contact, today, describe, change(contact), command=command)


def _change_contact(
    vault: Vault, contact: Contact, today: dt.date, describe: str, edit_text: Edit, *, command: str
) -> Recorded:
    """Apply one proven text change to the contact's note, journal it, and re-plan it."""
    from followup_md.notes import writer as edit

    refused: list[str] = []  # sync_properties: why they could not be brought up to date
    latest = latest_mentions(vault, today)  # the vault read once, for both plans below
    edit_text = then_sync(vault, contact.path, today, edit_text, refused, latest)
    seen: list[str] = []

    def journaled(text: str) -> str:
        seen.append(text)  # the text the change was applied to (the last, after a race)
        return edit_text(text)

    file = _note_file(vault, contact)
    text = edit.update_note(file, journaled, describe=describe)
    warning = undo.record(command, file, seen[-1], text) if seen and seen[-1] != text else None
    warning = "; ".join(filter(None, [warning, *refused[-1:]])) or None
    return replace(_replan(vault, contact.path, text, today, latest), warning=warning)


def _replan(
    vault: Vault, path: str, text: str, today: dt.date, latest: LatestMention | None = None
) -> Recorded:
    from followup_md.notes.reader import parse_note

    contact = parse_note(text.encode("utf-8"), path).contact
    assert contact is not None, "the edit was proven to keep the note a contact"
    mention = (latest or latest_mentions(vault, today))(path)  # as the agenda plans it
    result = rules.plan(contact, vault.settings, today, mention=mention)
    item = (
        core_agenda.agenda_item(result.due, today, vault.settings.horizon) if result.due else None
    )
    return Recorded(contact, item, result.quiet)


def log(vault: Vault, query: str, today: dt.date, **given: Any) -> Recorded:
    """Append one interaction to the contact's history.

    `given` are the interaction's fields as the user gave them (date, type, direction,
    channel, summary, follow_up, outcome); they are checked before anything is read.
    """
    from followup_md.notes import writer as edit

    new = edit.NewInteraction(**given)
    recorded = _change(
        vault,
        query,
        today,
        f"record {new.type} {new.direction} on {new.date.isoformat()}",
        lambda contact: (
            lambda text: edit.add_interaction(text, new, preferred_channel=contact.channel)
        ),
        command="log",
    )
    what = f"Recorded {new.type} {new.direction} on {new.date.isoformat()}"
    return replace(recorded, what=what)


NO_ANSWER_AFTER = ("cadence", "reply")
"""After these rules, `done` expects no answer: a keep-in-touch message, a reply."""


def done(
    vault: Vault,
    query: str,
    today: dt.date,
    summary: str | None = None,
    *,
    date: dt.date | None = None,
    type: str = "followup",
    follow_up: str | None = None,
) -> Recorded:
    """ "I just followed up": an outgoing `followup` today on the usual channel.

    After a keep-in-touch message (the cadence was due), an answer to them (a
    reply was due, or was missed) or a birthday greeting (on the birthday),
    nobody waits for an answer: it is written with `follow_up: none`, so no
    nudges follow and the cadence takes over. After any other follow-up you wait
    for an answer, and the nudges apply. A `follow_up` given ("none", "2w", a
    date) is written instead of that choice; `date` and `type` replace today and
    `followup` (what is due is still seen from today).
    """
    from followup_md.notes import writer as edit

    given = edit.NewInteraction(  # checked before anything is read
        date=date or today, type=type, direction="out", summary=summary, follow_up=follow_up
    )
    what = _done_what(given)
    change = _done_change(vault, given, today)
    recorded = _change(vault, query, today, f"record {what}", change, command="done")
    return replace(recorded, what=f"Recorded {what}")


def _done_what(given: NewInteraction) -> str:
    what = "a follow-up" if given.type == "followup" else f"a follow-up {given.type}"
    return f"{what} on {given.date.isoformat()}"


def _done_change(vault: Vault, given: NewInteraction, today: dt.date) -> Callable[[Contact], Edit]:
    """`done`'s edit for a contact: `given`, expecting an answer or not (see `done`)."""
    from followup_md.notes import writer as edit

    def change(contact: Contact) -> Edit:
        # What was due besides a birthday (which wins whenever it comes first), and a
        # missed follow-up too: a reply made late still expects no answer.
        planned = rules.plan(replace(contact, birthday=None), vault.settings, today)
        missed = planned.missed.due if planned.missed else None
        was_due = [d.rule for d in (planned.due, missed) if d is not None]
        born = contact.birthday
        greeting = born is not None and born.on(given.date.year) == given.date
        expects_no_answer = greeting or any(rule in NO_ANSWER_AFTER for rule in was_due)
        new = replace(
            given,
            # No channel is written: done has none given, and the agenda's channel is a
            # guess (the last interaction's, a type's, an address's) the note need not hold.
            follow_up=given.follow_up or ("none" if expects_no_answer else None),
        )
        return lambda text: edit.add_interaction(text, new, preferred_channel=contact.channel)

    return change


def done_ticked(
    vault: Vault, path: str, count: int, today: dt.date, *, date: dt.date, summary: str | None
) -> Recorded:
    """`done` for the note at `path`, ticked in the agenda: applied only while the note
    holds `count` interactions (as when the ticked line was written), checked under the
    note's lock, so a tick is applied once. Raises `TickOvertaken` otherwise, and
    `EditRefused` when the note is not a contact that can be read."""
    from followup_md.notes import writer as edit
    from followup_md.notes.reader import parse_note, read_note

    file = vault.root / path
    parsed = read_note(file, path)
    contact = parsed.contact
    if contact is None:
        why = parsed.problems[0].message if parsed.problems else "it is not a contact note"
        raise EditRefused(f"{path}: cannot record the tick: {why}")
    given = edit.NewInteraction(date=date, type="followup", direction="out", summary=summary)
    change = _done_change(vault, given, today)(contact)

    def checked(text: str) -> str:
        now = parse_note(text.encode("utf-8"), path).contact
        logged = now.logged if now is not None else None
        if logged != count:
            raise TickOvertaken(f"the note holds {logged} interaction(s), the line was for {count}")
        return change(text)

    what = _done_what(given)
    recorded = _change_contact(vault, contact, today, f"record {what}", checked, command="done")
    return replace(recorded, what=f"Recorded {what}")


def set_next(vault: Vault, query: str, day: dt.date, today: dt.date) -> Recorded:
    """The contact's next follow-up is on `day` (its `next`)."""
    return _set(vault, query, "next", day, today, f"set next to {day.isoformat()}")


def snooze(vault: Vault, query: str, until: dt.date, today: dt.date) -> Recorded:
    """Nothing is due for the contact before `until`."""
    return _set(vault, query, "snooze", until, today, f"snooze until {until.isoformat()}")


def set_status(vault: Vault, query: str, status: Status, today: dt.date) -> Recorded:
    """Make the contact active, paused or closed."""
    return _set(vault, query, "status", status, today, f"set status to {status}")


def _set(
    vault: Vault, query: str, key: str, value: str | dt.date, today: dt.date, describe: str
) -> Recorded:
    """Set one top-level value of the contact's note, changing only that value."""
    from followup_md.notes import writer as edit

    return _change(
        vault,
        query,
        today,
        describe,
        lambda contact: lambda text: edit.set_value(text, key, value),
        command=key,
    )


@record
class Created:
    path: str
    """Vault-relative path of the new note."""
    recorded: Recorded


def add_contact(
    vault: Vault, name: str, fields: dict[str, create.FieldValue], now: dt.datetime
) -> Created:
    """Create a contact note in the contacts folder, from the vault's template or ours.

    The note is named after the contact, made safe for every operating system; an
    existing note is never replaced. What is written is read back and must give
    the contact exactly the fields asked for. The note says when it was added
    (`added:`, today), unless the template has its own `added` or `created`: a
    cadence with no interaction yet is due from then, so neglect shows.
    """
    clean = unicodedata.normalize("NFC", name.strip())  # one form, as import writes names
    file_name = create.safe_file_name(clean)
    rel = new_note_path(vault, clean, file_name)
    same = named_as(vault, {clean.casefold(), file_name.casefold()})
    if same is not None:
        raise NoteExists(
            f"a contact named '{clean}' already exists: {same}; nothing was written. "
            "Use `followup show` or `followup log` with that contact, or give another name"
        )
    text = new_note_text(vault, clean, file_name, fields, now, contact_template(vault))
    text = then_sync(vault, rel, now.date(), str)(text)  # sync_properties (a proven edit)
    created = create.create_note(vault.root, vault.settings.contacts_folder, file_name, text)
    warning = undo.record("add", created, None, text)
    return Created(rel, replace(_replan(vault, rel, text, now.date()), warning=warning))
