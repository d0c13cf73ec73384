"""Many plans into one agenda: buckets relative to today, the quiet contacts, the problems.

Pure, like the engine. `NoteRow` is one note's part in an agenda, the unit the caches and
the watcher keep; `PlanMemo` keeps the agenda's order between builds so one changed note
costs one plan.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, insort
from collections.abc import Iterable
from typing import NamedTuple

from followup_md.core import rules
from followup_md.core.model import (
    BUCKETS,
    Agenda,
    AgendaItem,
    Bucket,
    Contact,
    Due,
    ParsedNote,
    Problem,
    Quiet,
)
from followup_md.core.settings import Settings


def bucket_of(days: int, horizon: int) -> Bucket:
    if days < 0:
        return "overdue"
    if days == 0:
        return "today"
    if days <= horizon:
        return "upcoming"
    return "later"


def agenda_item(due: Due, today: dt.date, horizon: int) -> AgendaItem:
    days = (due.date - today).days
    return AgendaItem(due, bucket_of(days, horizon), days)


SortKey = tuple[dt.date, str, str]
"""An item's place in the agenda: due date, then name, then path (unique)."""


class NoteRow(NamedTuple):
    """One note's part in an agenda: what a cache keeps to build the agenda again
    without planning the note, as long as the note, the settings, today and the
    horizon are the same."""

    contact: bool
    active: bool
    key: SortKey | None
    item: AgendaItem | None
    quiet: Quiet | None
    problems: tuple[Problem, ...]


def note_row(parsed: ParsedNote, settings: Settings, today: dt.date, horizon: int) -> NoteRow:
    """Plan one note into its row (its problems, and a planning problem, included)."""
    contact = parsed.contact
    if contact is None:
        return NoteRow(False, False, None, None, None, parsed.problems)
    if contact.status != "active":
        return NoteRow(True, False, None, None, None, parsed.problems)
    result = rules.plan(contact, settings, today)
    problems = (*parsed.problems, result.problem) if result.problem else parsed.problems
    if result.due is None:
        return NoteRow(True, True, None, None, result.quiet, problems)
    key: SortKey = (result.due.date, *_name_key(contact))
    item = agenda_item(result.due, today, horizon)
    return NoteRow(True, True, key, item, result.quiet, problems)


class PlanMemo:
    """The agenda of the last build, kept by a long-running caller (the watcher).

    A plan is a function of the contact, the settings, today and the horizon. The
    memo keeps each contact's plan and the agenda's order; at the next build, a
    contact that is the very same object (an unchanged note keeps its object) keeps
    its row, and only new, changed and removed contacts are planned and moved in
    the order. Other settings, another day or another horizon start afresh. So one
    edit in a large vault re-plans one contact, and the agenda is the same as if
    every contact had been planned again (a property test holds it to that).
    """

    def __init__(self) -> None:
        self._inputs: tuple[Settings, dt.date, int] | None = None
        self._forget()

    def _forget(self) -> None:
        self._rows: dict[str, tuple[Contact, NoteRow]] = {}
        self._order: list[tuple[SortKey, AgendaItem]] = []
        self._quiet: dict[str, Quiet] = {}
        self._problems: dict[str, tuple[Problem, ...]] = {}

    def build(
        self, contacts: Iterable[Contact], settings: Settings, today: dt.date, horizon: int
    ) -> tuple[list[tuple[SortKey, AgendaItem]], list[Quiet], list[Problem], int, int]:
        """(due items in agenda order with their keys, quiet contacts, planning problems,
        count, inactive)."""
        if self._inputs != (settings, today, horizon):
            self._forget()
            self._inputs = (settings, today, horizon)
        rows, seen = self._rows, set[str]()
        added: list[tuple[SortKey, AgendaItem]] = []
        count = inactive = 0
        for contact in contacts:
            count += 1
            path = contact.path
            if path in seen:
                raise ValueError(f"two contacts share the path {path!r}")
            seen.add(path)
            if contact.status != "active":
                inactive += 1
            known = rows.get(path)
            if known is not None and known[0] is contact:
                continue
            if known is not None:
                self._drop(path, known[1])
            row = self._add(contact, settings, today, horizon)
            rows[path] = (contact, row)
            if row.key is not None and row.item is not None:
                added.append((row.key, row.item))
        if len(seen) != len(rows):
            for path in [path for path in rows if path not in seen]:
                self._drop(path, rows.pop(path)[1])
        if len(added) > len(self._order) // 8:  # many new rows (a first build): sort once
            self._order.extend(added)
            self._order.sort(key=_first)
        else:
            for pair in added:
                insort(self._order, pair, key=_first)
        quiet = sorted(self._quiet.values(), key=lambda q: _name_key(q.contact))
        problems = [problem for found in self._problems.values() for problem in found]
        return self._order, quiet, problems, count, inactive

    def _add(self, contact: Contact, settings: Settings, today: dt.date, horizon: int) -> NoteRow:
        """Plan one contact into a row (its item joins the order in build())."""
        row = note_row(ParsedNote(contact), settings, today, horizon)
        if row.quiet is not None:
            self._quiet[contact.path] = row.quiet
        if row.problems:
            self._problems[contact.path] = row.problems
        return row

    def _drop(self, path: str, row: NoteRow) -> None:
        if row.key is not None:
            index = bisect_left(self._order, row.key, key=_first)
            del self._order[index]
        self._quiet.pop(path, None)
        self._problems.pop(path, None)


def build_agenda(
    contacts: Iterable[Contact],
    problems: Iterable[Problem],
    settings: Settings,
    today: dt.date,
    horizon: int | None = None,
    memo: PlanMemo | None = None,
) -> Agenda:
    """Plan every contact and sort the due ones into buckets relative to `today`.

    Contacts are identified by their path. `memo` only saves work: the agenda is the
    same with or without it.
    """
    horizon = settings.horizon if horizon is None else horizon
    order, quiet, unplanned, count, inactive = (memo or PlanMemo()).build(
        contacts, settings, today, horizon
    )
    return _assemble(order, quiet, [*problems, *unplanned], count, inactive, today, horizon)


def agenda_from_rows(
    rows: Iterable[NoteRow], problems: Iterable[Problem], today: dt.date, horizon: int
) -> Agenda:
    """The agenda of notes already planned into rows (rows of other days are wrong here)."""
    order: list[tuple[SortKey, AgendaItem]] = []
    quiet: list[Quiet] = []
    found: list[Problem] = list(problems)
    count = inactive = 0
    for row in rows:
        found.extend(row.problems)
        if not row.contact:
            continue
        count += 1
        inactive += not row.active
        if row.key is not None and row.item is not None:
            order.append((row.key, row.item))
        if row.quiet is not None:
            quiet.append(row.quiet)
    order.sort(key=_first)
    quiet.sort(key=lambda q: _name_key(q.contact))
    return _assemble(order, quiet, found, count, inactive, today, horizon)


def _assemble(
    order: list[tuple[SortKey, AgendaItem]],
    quiet: list[Quiet],
    problems: list[Problem],
    count: int,
    inactive: int,
    today: dt.date,
    horizon: int,
) -> Agenda:
    items = tuple(item for _, item in order)
    # Buckets are runs of the date order: before today, today, the horizon, after it.
    cuts = [_cut(order, today, days) for days in (0, 1, horizon + 1)]
    bounds = zip([0, *cuts], [*cuts, len(items)], strict=True)
    return Agenda(
        today=today,
        horizon=horizon,
        items=items,
        quiet=tuple(quiet),
        problems=tuple(sorted(problems, key=lambda p: (p.path, p.line or 0, p.message))),
        contacts=count,
        inactive=inactive,
        by_bucket={name: items[a:b] for name, (a, b) in zip(BUCKETS, bounds, strict=True)},
    )


def _cut(order: list[tuple[SortKey, AgendaItem]], today: dt.date, days: int) -> int:
    """Where items due `days` after `today` or later begin in the date order."""
    try:
        day = today + dt.timedelta(days=days)
    except OverflowError:
        return len(order)  # beyond the calendar: nothing is due that late
    return bisect_left(order, (day, "", ""), key=_first)  # "" sorts before every name


def _first(pair: tuple[SortKey, AgendaItem]) -> SortKey:
    return pair[0]


def _name_key(contact: Contact) -> tuple[str, str]:
    return (contact.name.casefold(), contact.path)
