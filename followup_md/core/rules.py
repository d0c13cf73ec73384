"""The follow-up engine: when each contact is due, by which rule, and why.

Pure: a function of the contacts, the settings and `today`, which is always a
parameter. It never reads the clock, the disk or the environment, so every rule
is pinned by table-driven tests.

The rules, in order (see the README for the user's version):

1. `next`, when later than the last interaction (or there is none), wins outright.
2. Otherwise an event-based date from the last interaction: its own `follow_up`;
   else a prompt `reply` when they reached out; else the `scenario` rule for its
   type (interview, event, sales call, ...); else the next `nudge` of a capped
   series while you wait for an answer, after which the contact has gone quiet.
3. A keep-in-touch `cadence` from the last interaction (the contact's own, or
   the shortest one its tags get from `tag_cadence`); due today when there is
   no interaction yet, so a new contact does not drift forward day after day.
4. The earlier of 2 and 3 (a tie goes to the event-based rule).
5. `snooze` pushes the date to the snooze date; computed dates that land on a
   weekend or holiday move to the next working day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from followup_md.core.durations import Duration
from followup_md.core.model import (
    NO_FOLLOW_UP,
    Contact,
    Due,
    Interaction,
    ParsedNote,
    Problem,
    Quiet,
    Rule,
)
from followup_md.core.settings import Settings

_SCENARIO_REASONS = {  # built-in texts only: `{date}` is replaced, never `str.format`ted
    "interview": "Thank-you after interview on {date}",
    "event": "Follow up after meeting at an event on {date}",
    "conference": "Follow up after meeting at a conference on {date}",
    "networking": "Follow up after networking on {date}",
    "sales": "Recap and next steps after sales conversation on {date}",
    "call": "Follow up after call on {date}",
    "meeting": "Recap and next steps after meeting on {date}",
    "demo": "Recap and next steps after demo on {date}",
    "feedback": "Acknowledge their feedback of {date}",
}

SUMMARY_IN_REASON = 80
"""Longer summaries are cut in reasons; the whole text stays in the note."""


@dataclass(frozen=True)
class Plan:
    """The engine's answer for one contact: its due item, and whether it went quiet."""

    due: Due | None
    quiet: Quiet | None = None
    problem: Problem | None = None
    """Why no date could be computed (a date beyond the calendar's end)."""


class _Candidate(NamedTuple):
    date: dt.date
    rule: Rule
    reason: str
    basis: Interaction | None
    explicit: bool = False
    """A date the user wrote (`next`, a `follow_up` date): kept even on a weekend."""
    nudge: int | None = None


def ordered(interactions: Iterable[Interaction]) -> list[Interaction]:
    """Interactions by date; file order breaks ties (the sort is stable)."""
    return sorted(interactions, key=lambda interaction: interaction.date)


def plan(contact: Contact, settings: Settings, today: dt.date) -> Plan:
    """Work out when `contact` is next due, as of `today`.

    A date that would fall beyond the calendar (year 9999) costs only this contact:
    its plan carries a Problem instead of a due date. Date arithmetic (`date +
    timedelta`, `Duration.after`) raises OverflowError there, and only that is caught:
    any other error is a bug that must not pass for a date problem.
    """
    try:
        return _plan(contact, settings, today)
    except OverflowError:
        return Plan(
            None,
            problem=Problem(
                contact.path,
                None,
                "its next follow-up would fall beyond the year 9999; check the dates and "
                "durations of its last interactions, cadence, next and snooze",
            ),
        )


def _plan(contact: Contact, settings: Settings, today: dt.date) -> Plan:
    if contact.status != "active":
        return Plan(None)
    history = ordered(contact.interactions)
    last = history[-1] if history else None
    channel = contact.channel or (last.channel if last else None)

    quiet: Quiet | None = None
    chosen: _Candidate | None
    if contact.next is not None and (last is None or contact.next > last.date):
        chosen = _next_rule(contact.next, last)
    else:
        event, unanswered = _event_based(history, settings)
        chosen = _earliest(event, _cadence(contact, last, settings, today))
        if unanswered:
            assert last is not None
            quiet = Quiet(contact, last, unanswered, None)
    if chosen is None:
        return Plan(None, quiet)

    date, reason = chosen.date, chosen.reason
    snoozed_from = None
    if contact.snooze is not None and contact.snooze > date:
        snoozed_from, date = date, contact.snooze
        reason += f" (snoozed until {date.isoformat()})"
    shifted_from = None
    if not chosen.explicit and snoozed_from is None:
        working = next_working_day(date, settings)
        if working != date:
            shifted_from, date = date, working
    due = Due(
        contact=contact,
        date=date,
        rule=chosen.rule,
        reason=reason,
        basis=chosen.basis,
        channel=channel,
        nudge=chosen.nudge,
        nudges_total=len(settings.nudges) if chosen.nudge else None,
        snoozed_from=snoozed_from,
        shifted_from=shifted_from,
    )
    if quiet is not None:
        quiet = replace(quiet, cadence_due=date)  # only the cadence can make a quiet contact due
    return Plan(due, quiet)


def next_working_day(date: dt.date, settings: Settings) -> dt.date:
    """`date`, or the first day after it that is neither a skipped weekend nor a holiday."""
    while (settings.weekends == "skip" and date.weekday() >= 5) or date in settings.holidays:
        date += dt.timedelta(days=1)
    return date


def _earliest(event: _Candidate | None, cadence: _Candidate | None) -> _Candidate | None:
    if event is None or cadence is None:
        return event or cadence
    return cadence if cadence.date < event.date else event


def _next_rule(when: dt.date, last: Interaction | None) -> _Candidate:
    reason = f"Planned follow-up (next: {when.isoformat()})"
    if last is not None:
        reason += f"; last contact: {_about(last)}"
    return _Candidate(when, "next", reason, last, explicit=True)


def _event_based(
    history: Sequence[Interaction], settings: Settings
) -> tuple[_Candidate | None, int]:
    """The event-based candidate, and the unanswered count when the contact went quiet."""
    if not history:
        return None, 0
    last = history[-1]
    when = last.date.isoformat()
    if last.follow_up is not None:
        if last.follow_up == NO_FOLLOW_UP:
            return None, 0
        if isinstance(last.follow_up, Duration):
            reason = f"Follow up {last.follow_up} after {last.type} on {when}"
            return _Candidate(
                last.follow_up.after(last.date), "follow_up", _with_summary(reason, last), last
            ), 0
        reason = f"Follow-up set for {last.follow_up.isoformat()} by {last.type} on {when}"
        return _Candidate(
            last.follow_up, "follow_up", _with_summary(reason, last), last, explicit=True
        ), 0
    if last.direction == "in":
        answer = "Acknowledge" if last.type == "feedback" else "Reply to"
        reason = _with_summary(f"{answer} their {last.type} of {when}", last)
        return _Candidate(settings.reply_within.after(last.date), "reply", reason, last), 0
    rule = settings.rules.get(last.type)
    if rule is not None:
        template = _SCENARIO_REASONS.get(last.type)
        # The type is the user's text: it may hold braces, so it never goes through format.
        text = (
            template.replace("{date}", when)
            if template is not None
            else f"Follow up {rule} after {last.type} on {when}"
        )
        reason = _with_summary(text, last)
        return _Candidate(rule.after(last.date), "scenario", reason, last), 0

    unanswered = waiting_since(history, settings)
    total = len(settings.nudges)
    if len(unanswered) > total:
        return None, len(unanswered)
    k = len(unanswered)
    first = unanswered[0]
    reason = f"Nudge {k} of {total}: no reply to {first.type} of {first.date.isoformat()}"
    if k > 1:
        reason += f"; last tried {when}"
    reason = _with_summary(reason, first)
    return _Candidate(settings.nudges[k - 1].after(last.date), "nudge", reason, last, nudge=k), 0


def essentials(parsed: ParsedNote) -> ParsedNote:
    """The note with only the history the engine can ever look at, for caches.

    Every rule reads the last interaction and, for nudges, the run of messages
    after the last reply or the last message that expected no answer; nothing
    older can change a plan, whatever the settings. Keeping that tail keeps a
    cache small and quick to load.
    """
    contact = parsed.contact
    if contact is None or len(contact.interactions) < 2:
        return parsed
    history = ordered(contact.interactions)
    start = 0
    for index in range(len(history) - 1, -1, -1):
        if history[index].direction == "in" or history[index].follow_up == NO_FOLLOW_UP:
            start = index
            break
    if start == 0 and len(history) == len(contact.interactions):
        return parsed
    return replace(parsed, contact=replace(contact, interactions=tuple(history[start:])))


def waiting_since(history: Sequence[Interaction], settings: Settings) -> list[Interaction]:
    """The outgoing interactions at the end of the history still waiting for an answer.

    Counting stops at (and excludes) the last incoming one, the last one of a
    scenario type, and one written with `follow_up: none` (it expected no answer).
    """
    waiting: list[Interaction] = []
    for interaction in reversed(history):
        if (
            interaction.direction == "in"
            or interaction.type in settings.rules
            or interaction.follow_up == NO_FOLLOW_UP
        ):
            break
        waiting.append(interaction)
    waiting.reverse()
    return waiting


def cadence_of(contact: Contact, settings: Settings, start: dt.date) -> tuple[Duration, str] | None:
    """The contact's keep-in-touch interval and where it comes from, if any."""
    if contact.cadence is not None:
        return contact.cadence, ""
    best: tuple[dt.date, Duration, str] | None = None
    by_tag = {tag.lower(): duration for tag, duration in settings.tag_cadence.items()}
    for tag in contact.tags:
        duration = by_tag.get(tag.lower())
        if duration is not None and (best is None or duration.after(start) < best[0]):
            best = (duration.after(start), duration, f" (tag #{tag})")
    return (best[1], best[2]) if best else None


def _cadence(
    contact: Contact, last: Interaction | None, settings: Settings, today: dt.date
) -> _Candidate | None:
    found = cadence_of(contact, settings, last.date if last else today)
    if found is None:
        return None
    interval, source = found
    reason = f"Keep in touch {interval.every()}{source}; "
    if last is None:
        # Counting from today would slide the date forward every day, forever.
        return _Candidate(today, "cadence", reason + "no contact yet: reach out", None)
    reason += f"last contact {last.date.isoformat()}"
    return _Candidate(interval.after(last.date), "cadence", reason, last)


def _about(interaction: Interaction) -> str:
    return _with_summary(interaction.describe(), interaction)


def _with_summary(reason: str, interaction: Interaction) -> str:
    summary = interaction.summary
    if not summary:
        return reason
    summary = " ".join(summary.split())
    if len(summary) > SUMMARY_IN_REASON:
        summary = summary[: SUMMARY_IN_REASON - 1].rstrip() + "…"
    return f"{reason}: {summary}"
