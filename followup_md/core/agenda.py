"""Many plans into one agenda: buckets relative to today, the quiet contacts, the problems.

Pure, like the engine. A `NoteRow` is one note's part in an agenda: the unit the row
cache stores and the watcher keeps. An `AgendaBook` holds every note's row for one day,
in agenda order, so that one changed note costs one plan and one ordered insert.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, insort
from collections.abc import Hashable, Iterable, KeysView
from dataclasses import replace
from typing import NamedTuple

from followup_md.core import rules
from followup_md.core.mentions import Mention, MentionMap, NoteLinks, links_of
from followup_md.core.model import (
    BUCKETS,
    Agenda,
    AgendaItem,
    Bucket,
    Contact,
    Due,
    Missed,
    ParsedNote,
    Problem,
    PropertyChanges,
    Quiet,
)
from followup_md.core.ordered import Ordered
from followup_md.core.properties import changes_for
from followup_md.core.settings import Settings
from followup_md.core.shown import shown


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
    missed: Missed | None = None
    properties: PropertyChanges = ()
    """(sync_properties) what the note needs for its kept properties to be current."""
    links: NoteLinks | None = None
    """When mentions count: the names a contact is linked by, or a dated note's links."""
    mention: Mention | None = None
    """The contact's latest mention the row was planned with."""


def future_interactions(contact: Contact, today: dt.date) -> tuple[Problem, ...]:
    """A warning for each interaction dated after today (it still counts as written)."""
    return tuple(
        Problem(
            contact.path,
            interaction.line,
            f"interaction of {interaction.date.isoformat()} is in the future: a typo? "
            "planned contacts go in `next`",
        )
        for interaction in contact.interactions
        if interaction.date > today
    )


def note_row(
    parsed: ParsedNote,
    settings: Settings,
    today: dt.date,
    horizon: int,
    mention: Mention | None = None,
) -> NoteRow:
    """Plan one note into its row (its problems, and a planning problem, included)."""
    contact = parsed.contact
    links = links_of(contact, parsed.dated) if settings.count_mentions is not None else None
    if contact is None:
        return NoteRow(False, False, None, None, None, parsed.problems, links=links)
    noted = future_interactions(contact, today) + parsed.problems
    if contact.status != "active":
        synced = changes_for(contact, settings, None, None, None)
        return NoteRow(True, False, None, None, None, noted, None, synced, links, mention)
    result = rules.plan(contact, settings, today, horizon, mention)
    problems = (*noted, result.problem) if result.problem else noted
    synced = changes_for(contact, settings, result.due, result.quiet, result.missed)
    key: SortKey | None = None
    item = None
    if result.due is not None:
        key = (result.due.date, *_name_key(contact))
        item = agenda_item(result.due, today, horizon)
    return NoteRow(
        True, True, key, item, result.quiet, problems, result.missed, synced, links, mention
    )


def shown_row(row: NoteRow, path: str | None = None) -> NoteRow:
    """`row` keeping of its contact only what the agenda shows (`shown.SHOWN`): the row the
    row cache gives back, and all a book needs, without the contact's history; its
    contact's path `path` when equal (the book's key, not one more string)."""
    if row.item is None and row.quiet is None and row.missed is None:
        return row
    item, quiet, missed = shown(row.item, row.quiet, row.missed, path)
    key = row.key
    if key is not None and item is not None:
        key = (key[0], key[1], item.due.contact.path)
    return row._replace(key=key, item=item, quiet=quiet, missed=missed)


Inputs = tuple[Settings, dt.date, int]
"""What every row of a book was planned for: the settings, today and the horizon."""


class AgendaBook:
    """Every note's row for one set of inputs, kept in agenda order.

    Each row is stored with a `token` that says which version of its note it was
    planned from (the note's stat facts): a caller compares tokens to know which notes
    to plan again. `put`/`drop` keep the order by bisection; a burst of puts (a first
    build) is sorted once instead. Whatever the order of puts and drops, `agenda()`
    equals an agenda planned afresh (a property test holds it to that).
    """

    def __init__(
        self, settings: Settings, today: dt.date, horizon: int, *, shown: bool = False
    ) -> None:
        self.inputs: Inputs = (settings, today, horizon)
        self.shown = shown
        """Whether rows planned here keep of their contact only what the agenda shows
        (`shown_row`), as the row cache does: a book of many rows holds no history."""
        self._rows: dict[str, tuple[Hashable, NoteRow]] = {}
        self._order: list[tuple[SortKey, AgendaItem]] = []
        self._added: list[tuple[SortKey, AgendaItem]] = []
        self._quiet: Ordered[Quiet] = Ordered()
        self._missed: Ordered[Missed] = Ordered()
        self._contacts = 0
        self._problems: dict[str, tuple[Problem, ...]] = {}
        self._synced: dict[str, tuple[PropertyChanges, Mention | None]] = {}
        self._inactive = 0
        self._mentions = MentionMap(today) if settings.count_mentions is not None else None
        self._unsettled: set[str] = set()
        self._mentioned: set[str] = set()
        """The contacts whose row was planned with a mention."""

    def paths(self) -> KeysView[str]:
        return self._rows.keys()

    def token(self, path: str) -> Hashable | None:
        """The token the note's row was planned from, or None when it has none."""
        kept = self._rows.get(path)
        return kept[0] if kept is not None else None

    def rows(self) -> dict[str, tuple[Hashable, NoteRow]]:
        """Every row with its token (for a cache to keep)."""
        return dict(self._rows)

    def plan(self, path: str, token: Hashable, parsed: ParsedNote) -> NoteRow:
        """Plan the note read from `path` and keep its row (which it returns)."""
        settings, today, horizon = self.inputs
        mention = None
        if self._mentions is not None:  # its own names first: they decide its mentions
            self._unsettled |= self._mentions.update(path, links_of(parsed.contact, parsed.dated))
            mention = self._mentions.latest(path)
        row = note_row(parsed, settings, today, horizon, mention)
        if self.shown:
            row = shown_row(row, path)
        self.put(path, token, row)
        return row

    def unsettled(self) -> list[str]:
        """The contacts whose row was planned with another latest mention than the notes
        kept now give (a dated note linking them changed): plan them again."""
        if self._mentions is None or not self._unsettled:
            return []
        found, self._unsettled = self._unsettled, set()
        # Only a contact some dated note links to, or whose row has a mention, can differ.
        found &= self._mentions.linked() | self._mentioned
        latest, rows = self._mentions.latest, self._rows
        return sorted(
            path
            for path in found
            if (kept := rows.get(path)) is not None
            and kept[1].contact
            and kept[1].mention != latest(path)
        )

    def put(self, path: str, token: Hashable, row: NoteRow) -> None:
        """Keep `row` (planned for this book's inputs) as the note's part in the agenda."""
        if path in self._rows:
            self._remove(path)
        self._rows[path] = (token, row)
        contact, active, key, item, quiet, problems, missed, properties, links, mention = row
        if key is not None and item is not None:
            self._added.append((key, item))
        if quiet is not None:
            self._quiet.add(_name_key(quiet.contact), quiet)
        if missed is not None:
            self._missed.add(missed.sort_key(), missed)
        if problems:
            self._problems[path] = problems
        if properties:
            self._synced[path] = (properties, mention)
        if contact:
            self._contacts += 1
            self._inactive += not active
        if self._mentions is not None:
            self._unsettled |= self._mentions.update(path, links)
            if contact:
                self._unsettled.add(path)
            if mention is not None:
                self._mentioned.add(path)

    def drop(self, path: str) -> None:
        """Forget the note's row: the note is gone."""
        self._remove(path)
        if self._mentions is not None:
            self._unsettled |= self._mentions.remove(path)

    def _remove(self, path: str) -> None:
        kept = self._rows.pop(path, None)
        if kept is None:
            return
        self._mentioned.discard(path)
        row = kept[1]
        if row.key is not None:
            self._merge()
            del self._order[bisect_left(self._order, row.key, key=_first)]
        if row.quiet is not None:
            self._quiet.remove(_name_key(row.quiet.contact))
        if row.missed is not None:
            self._missed.remove(row.missed.sort_key())
        self._problems.pop(path, None)
        self._synced.pop(path, None)
        self._inactive -= row.contact and not row.active
        self._contacts -= row.contact

    def agenda(self, problems: Iterable[Problem] = ()) -> Agenda:
        """The agenda of every row kept, with `problems` found outside the notes."""
        self._merge()
        _, today, horizon = self.inputs
        quiet, missed = self._quiet.values(), self._missed.values()
        found = [*problems, *(p for kept in self._problems.values() for p in kept)]
        agenda = _assemble(
            self._order, quiet, found, self._contacts, self._inactive, today, horizon
        )
        if self._synced:
            pending = sorted(self._synced.items(), key=lambda kept: kept[0])
            agenda = replace(agenda, properties=tuple((p, c, m) for p, (c, m) in pending))
        return replace(agenda, missed=tuple(missed)) if missed else agenda

    def _merge(self) -> None:
        """Bring the rows put since the last merge into the order."""
        added, self._added = self._added, []
        if len(added) > len(self._order) // 8:  # many (a first build): sort once
            self._order.extend(added)
            self._order.sort(key=_first)
        else:
            for pair in added:
                insort(self._order, pair, key=_first)


def build_agenda(
    contacts: Iterable[Contact],
    problems: Iterable[Problem],
    settings: Settings,
    today: dt.date,
    horizon: int | None = None,
) -> Agenda:
    """Plan every contact and sort the due ones into buckets relative to `today`.

    Contacts are identified by their path, which must be unique.
    """
    book = AgendaBook(settings, today, settings.horizon if horizon is None else horizon)
    for contact in contacts:
        if contact.path in book.paths():
            raise ValueError(f"two contacts share the path {contact.path!r}")
        book.plan(contact.path, None, ParsedNote(contact))
    return book.agenda(problems)


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
        problems=tuple(sorted(problems, key=_problem_order)),
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


def with_problems(agenda: Agenda, found: tuple[Problem, ...]) -> Agenda:
    """`agenda` with `found` (say, notes whose properties could not be updated) among its
    problems, in the agenda's order of problems."""
    if not found:
        return agenda
    return replace(agenda, problems=tuple(sorted((*agenda.problems, *found), key=_problem_order)))


def _problem_order(problem: Problem) -> tuple[str, int, str]:
    return (problem.path, problem.line or 0, problem.message)
