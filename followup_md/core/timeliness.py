"""Were follow-ups done on time? Each interaction of yours against the date the engine gave.

Pure. For every interaction of yours (`direction: out`, any type: a call is a follow-up
too) that has an interaction before it, the engine is replayed on the history before
it, as of its own date: the date it gave then (the date the agenda showed, after any
weekend move; a missed follow-up's own date, not the cadence standing in) is the date
it was due. Done on or before that date is on time; after it, late by the difference.

What the note does not keep the history of is left out of the replay: `next` and
`snooze` hold only today's plan, a birthday is no follow-up of an interaction, and the
contact is taken as active (its status then is unknown). An interaction after which
nothing was due (a profile without nudges, a contact gone quiet) is not judged.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from typing import NamedTuple

from followup_md.core import rules
from followup_md.core.frozen import record
from followup_md.core.model import NO_FOLLOW_UP, Contact, Due, Interaction, Rule
from followup_md.core.settings import Settings


class Judged(NamedTuple):
    """One follow-up of yours and the date it was due."""

    contact: Contact
    done: Interaction
    due: Due

    @property
    def late(self) -> int:
        """Days after the due date (0 or less: on time)."""
        return (self.done.date - self.due.date).days


@record
class Timeliness:
    on_time: int = 0
    late: int = 0
    days_late: tuple[int, ...] = ()
    """How late each late one was, in days."""
    by_rule: tuple[tuple[Rule, int, int], ...] = ()
    """(rule, on time, late) for each rule that gave a due date, most judged first."""

    @property
    def judged(self) -> int:
        return self.on_time + self.late

    @property
    def median_late(self) -> float | None:
        return float(statistics.median(self.days_late)) if self.days_late else None


def judge(
    contacts: Iterable[Contact], settings: Settings, today: dt.date, since: dt.date | None = None
) -> Timeliness:
    """Every follow-up of yours up to today (from `since`), on time or late."""
    found = [j for c in contacts for j in judged(c, settings, today, since)]
    late = sorted(j.late for j in found if j.late > 0)
    on_time, behind = Counter[Rule](), Counter[Rule]()
    for item in found:
        (behind if item.late > 0 else on_time)[item.due.rule] += 1
    order = sorted(set(on_time) | set(behind), key=lambda r: (-on_time[r] - behind[r], r))
    return Timeliness(
        on_time=len(found) - len(late),
        late=len(late),
        days_late=tuple(late),
        by_rule=tuple((rule, on_time[rule], behind[rule]) for rule in order),
    )


def judged(
    contact: Contact, settings: Settings, today: dt.date, since: dt.date | None = None
) -> list[Judged]:
    """The contact's follow-ups, each with the date the engine gave just before it."""
    base = replace(contact, status="active", next=None, snooze=None, birthday=None)
    history = [i for i in rules.ordered(contact.interactions) if i.date <= today]
    found: list[Judged] = []
    start = 0  # what a plan can depend on begins here (see `rules.essentials`)
    for index, done in enumerate(history):
        if index and done.direction == "out" and (since is None or done.date >= since):
            before = replace(base, interactions=tuple(history[start:index]))
            plan = rules.plan(before, settings, done.date)
            due = plan.missed.due if plan.missed is not None else plan.due
            if due is not None:
                found.append(Judged(contact, done, due))
        if done.direction == "in" or done.follow_up == NO_FOLLOW_UP:
            start = index
    return found
