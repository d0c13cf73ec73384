"""The `--json` shapes: plain dicts of strings, numbers and nulls, documented in the README."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from json.encoder import encode_basestring
from typing import Any

from followup_md.core.mentions import Mention
from followup_md.core.model import (
    Agenda,
    AgendaItem,
    Contact,
    Due,
    Interaction,
    Missed,
    Problem,
    Quiet,
)
from followup_md.outputs.wording import profile_name

_string: Callable[[str], str] = encode_basestring
"""A JSON string, in C: what json.dumps writes each string with (ensure_ascii=False)."""

_SURROGATES = re.compile("[\ud800-\udfff]")


def _interaction_json(interaction: Interaction | None) -> dict[str, Any] | None:
    if interaction is None:
        return None
    return {
        "date": interaction.date.isoformat(),
        "type": interaction.type,
        "direction": interaction.direction,
        "channel": interaction.channel,
        "summary": interaction.summary,
        "line": interaction.line,
    }


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


def _due_json(due: Due) -> dict[str, Any]:
    """Who, when, by which rule and why: what every due date says, wherever it is listed."""
    return {
        "name": due.contact.name,
        "path": due.contact.path,
        "due": due.date.isoformat(),
        "rule": due.rule,
        "reason": due.reason,
    }


def item_json(item: AgendaItem) -> dict[str, Any]:
    due = item.due
    return {
        **_due_json(due),
        "bucket": item.bucket,
        "days": item.days,
        "channel": due.channel,
        "objective": due.contact.objective,
        "nudge": due.nudge,
        "based_on": _interaction_json(due.basis),
        "snoozed_from": _iso(due.snoozed_from),
        "shifted_from": _iso(due.shifted_from),
        "profile": due.profile,
    }


def missed_json(missed: Missed) -> dict[str, Any]:
    return {**_due_json(missed.due), "cadence_due": _iso(missed.cadence_due)}


def problem_json(problem: Problem) -> dict[str, Any]:
    shape = {"path": problem.path, "line": problem.line, "message": problem.message}
    return {**shape, "kept": problem.kept} if problem.kept else shape


def contact_json(
    contact: Contact,
    item: AgendaItem | None,
    quiet: Quiet | None,
    problems: Iterable[Problem],
    *,
    history: Iterable[Interaction] = (),
    missed: Missed | None = None,
    fields: dict[str, Any] | None = None,
    mentions: Iterable[Mention] = (),
) -> dict[str, Any]:
    """`show --json`: the contact, the note's other keys as written, its timeline, its
    next follow-up, whether it went quiet or missed a follow-up, and its problems."""
    return {
        "name": contact.name,
        "path": contact.path,
        "fields": dict(fields or {}),
        "profile": profile_name(contact, item),
        "status": contact.status,
        "timeline": _timeline(history, mentions),
        "due": item_json(item) if item else None,
        "quiet": quiet is not None,
        "missed": missed_json(missed) if missed else None,
        "problems": [problem_json(p) for p in problems],
    }


def _timeline(history: Iterable[Interaction], mentions: Iterable[Mention]) -> list[dict[str, Any]]:
    """The interactions, and the mentions (type `mention`, with their `source` note)
    among them by date."""
    entries = [timeline_json(interaction) for interaction in history]
    for mention in mentions:
        entry: dict[str, Any] = {"date": mention.date.isoformat(), "type": "mention"}
        entry |= dict.fromkeys(("direction", "channel", "summary", "outcome", "follow_up", "line"))
        entry["source"] = mention.source
        at = next((i for i, e in enumerate(entries) if e["date"] > entry["date"]), len(entries))
        entries.insert(at, entry)
    return entries


def timeline_json(interaction: Interaction) -> dict[str, Any]:
    """One interaction of `show --json`'s timeline; `follow_up` as written in a note
    (`2w`-like text, a date, `none`) or null."""
    follow_up = interaction.follow_up
    return {
        "date": interaction.date.isoformat(),
        "type": interaction.type,
        "direction": interaction.direction,
        "channel": interaction.channel,
        "summary": interaction.summary,
        "outcome": interaction.outcome,
        "follow_up": _follow_up_text(follow_up),
        "line": interaction.line,
    }


def _follow_up_text(follow_up: object) -> str | None:
    if follow_up is None:
        return None
    if isinstance(follow_up, dt.date):
        return follow_up.isoformat()
    return str(follow_up)


def check_json(contacts: int, problems: Iterable[Problem]) -> dict[str, Any]:
    """`check --json`: how many contacts were read, and every problem."""
    return {"contacts": contacts, "problems": [problem_json(p) for p in problems]}


def dumps(data: Any) -> str:
    """The indented JSON text `--json` prints: UTF-8 as it is, except that characters
    no UTF-8 output can hold (bytes of a file name that were not UTF-8, kept as lone
    surrogates) are written as `\\udcXX` escapes, which JSON readers accept.

    Exactly `json.dumps(data, indent=2, ensure_ascii=False)`, made by `_indented` for
    the plain values every shape here holds (the standard library's indenting encoder,
    pure Python and general, took most of a warm `agenda --json`; tests hold the two
    to the same bytes).
    """
    try:
        text = _indented(data, "\n")
    except _Unusual:
        import json

        text = json.dumps(data, indent=2, ensure_ascii=False)
    return _escaped(text)


def _escaped(text: str) -> str:
    """Lone surrogates (file-name bytes that were not UTF-8) as `\\udcXX` escapes."""
    if text.isascii():
        return text
    try:
        text.encode("utf-8")  # a few ms for megabytes, where searching for them took 20
    except UnicodeEncodeError:
        return _SURROGATES.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text


class _Unusual(Exception):
    """A value `_indented` leaves to the standard library: a float, a subclass, a key
    that is not a string."""


def _indented(value: Any, pad: str) -> str:
    """`value` as `json.dumps(value, indent=2, ensure_ascii=False)` writes it, `pad` being
    the line break and indentation of its own level: dicts with string keys, lists,
    tuples, strings (through the C encoder json.dumps uses), ints, booleans and None."""
    kind = type(value)
    if kind is str:
        return _string(value)
    if value is None:
        return "null"
    if kind is dict:
        return _object(value, pad) if value else "{}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        inner = pad + "  "
        return "[" + inner + ("," + inner).join([_indented(v, inner) for v in value]) + pad + "]"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    raise _Unusual


def _object(value: dict[Any, Any], pad: str) -> str:
    """A non-empty dict; its strings and nulls (most values) written here, not recursing."""
    inner = pad + "  "
    parts = []
    for key, item in value.items():
        head = _HEADS.get(key) if type(key) is str else None
        if head is None:
            if type(key) is not str:
                raise _Unusual
            head = _string(key) + ": "
            if len(_HEADS) < 4096:
                _HEADS[key] = head
        if type(item) is str:
            parts.append(head + _string(item))
        elif item is None:
            parts.append(head + "null")
        else:
            parts.append(head + _indented(item, inner))
    return "{" + inner + ("," + inner).join(parts) + pad + "}"


_HEADS: dict[str, str] = {}
"""`"key": ` of the keys met so far (the shapes' own, a few dozen)."""


def agenda_json_text(agenda: Agenda) -> str:
    """`agenda_json` as the indented text `--json` prints: `dumps(agenda_json(agenda))`,
    byte for byte, with each item and missed follow-up written straight from its fields
    (no dict made, no key looked up: 10,000 of them are most of a cold `--json`)."""
    try:
        items = [_item_text(item) for item in agenda.items]
        missed = [
            f'{{{_due_text(m.due)}{_KEY}"cadence_due": {_value(_iso(m.cadence_due))}{_ENTRY}}}'
            for m in agenda.missed
        ]
        quiet = _indented([quiet_json(quiet) for quiet in agenda.quiet], "\n  ")
        problems = _indented([problem_json(problem) for problem in agenda.problems], "\n  ")
    except _Unusual:
        return dumps(agenda_json(agenda))
    return _escaped(
        f'{{\n  "today": "{agenda.today.isoformat()}",\n  "items": {_entries(items)},'
        f'\n  "quiet": {quiet},\n  "missed": {_entries(missed)},\n  "problems": {problems}\n}}'
    )


_ENTRY = "\n    "
"""The line break before an entry of a list that is a value of the top-level object."""
_KEY = "\n      "
"""... and before each key of such an entry."""


def _entries(texts: list[str]) -> str:
    return "[" + _ENTRY + ("," + _ENTRY).join(texts) + "\n  ]" if texts else "[]"


def _value(value: Any) -> str:
    """A value of an entry's key: strings and nulls (most of them) here, the rest as
    `_indented` writes them."""
    if type(value) is str:
        return _string(value)
    if value is None:
        return "null"
    return _indented(value, _KEY)


_BASIS = _KEY + "  "


def _basis_text(basis: Interaction | None) -> str:
    """`_interaction_json(basis)` as the value of an item's `based_on`."""
    if basis is None:
        return "null"
    return (
        f'{{{_BASIS}"date": "{basis.date.isoformat()}",{_BASIS}"type": {_value(basis.type)},'
        f'{_BASIS}"direction": {_value(basis.direction)},'
        f'{_BASIS}"channel": {_value(basis.channel)},{_BASIS}"summary": {_value(basis.summary)},'
        f'{_BASIS}"line": {_value(basis.line)}{_KEY}}}'
    )


def _due_text(due: Due) -> str:
    """The keys `_due_json` gives, as `{` would be followed by them, then a comma."""
    contact = due.contact
    return (
        f'{_KEY}"name": {_value(contact.name)},{_KEY}"path": {_value(contact.path)},'
        f'{_KEY}"due": "{due.date.isoformat()}",{_KEY}"rule": {_value(due.rule)},'
        f'{_KEY}"reason": {_value(due.reason)},'
    )


def _item_text(item: AgendaItem) -> str:
    """`item_json(item)` as an entry of the agenda's items."""
    due = item.due
    return (
        f'{{{_due_text(due)}{_KEY}"bucket": {_value(item.bucket)},'
        f'{_KEY}"days": {_value(item.days)},{_KEY}"channel": {_value(due.channel)},'
        f'{_KEY}"objective": {_value(due.contact.objective)},'
        f'{_KEY}"nudge": {_value(due.nudge)},'
        f'{_KEY}"based_on": {_basis_text(due.basis)},'
        f'{_KEY}"snoozed_from": {_value(_iso(due.snoozed_from))},'
        f'{_KEY}"shifted_from": {_value(_iso(due.shifted_from))},'
        f'{_KEY}"profile": {_value(due.profile)}{_ENTRY}}}'
    )


def agenda_json(agenda: Agenda) -> dict[str, Any]:
    """The `--json` object: today, every due item, the quiet contacts, the missed
    follow-ups, the problems."""
    return {
        "today": agenda.today.isoformat(),
        "items": [item_json(item) for item in agenda.items],
        "quiet": [quiet_json(quiet) for quiet in agenda.quiet],
        "missed": [missed_json(missed) for missed in agenda.missed],
        "problems": [problem_json(problem) for problem in agenda.problems],
    }


def quiet_json(quiet: Quiet) -> dict[str, Any]:
    return {
        "name": quiet.contact.name,
        "path": quiet.contact.path,
        "unanswered": quiet.unanswered,
        "last": _interaction_json(quiet.last),
        "cadence_due": _iso(quiet.cadence_due),
    }
