"""The follow-up engine: when each contact is due, by which rule, and why.

Pure: a function of the contact, the settings and `today`, which is always a
parameter. It never reads the clock, the disk or the environment, so every rule is
pinned by table-driven tests. The candidates come from `candidates.py`; here they
are weighed (see the README for the user's version):

1. The contact's profile sets the timing: its own `profile:`, else the first of its
   tags that maps to one, else the default.
2. `next`, when later than the last interaction, wins, except over a reply owed:
   when they wrote last, the earlier of the reply date and `next` wins (a tie goes
   to the reply).
3. Otherwise the earlier of the event-based date (the last interaction's follow_up,
   a reply, a scenario rule, a nudge) and the keep-in-touch cadence, as they would
   be shown (after the move below); a tie goes to the event.
4. A computed date on a skipped weekend day or a holiday moves: a deadline (a
   scenario rule, a reply) to the last working day on or after the interaction, a
   gap (a nudge, a cadence) to the next working day. Then `snooze` pushes the date
   later: it stays a floor.
5. A follow-up (not a cadence or a birthday) overdue by more than `stale_after` is
   missed: it is said apart, and a later `next`, else the cadence, decides meanwhile.
6. A birthday competes with whatever won: the earlier wins (a tie goes to the other).
   It is never overdue: once passed, or once something is logged on the day, next
   year's counts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from followup_md.core import candidates as propose
from followup_md.core.candidates import Candidate, essentials, ordered
from followup_md.core.frozen import record
from followup_md.core.mentions import Mention
from followup_md.core.model import Contact, Due, Interaction, Missed, Problem, Quiet
from followup_md.core.profiles import Profile, profile_name_of, resolve
from followup_md.core.settings import Settings

__all__ = ["Plan", "essentials", "next_working_day", "ordered", "plan", "profile_of"]

CHANNEL_OF_TYPE = {"email": "email", "call": "phone", "text": "text", "sms": "sms"}
CHANNEL_OF_TYPE |= {"linkedin": "linkedin", "phone": "phone", "whatsapp": "whatsapp"}
"""Interaction types that name the channel they went through."""


@record
class Plan:
    """The engine's answer for one contact: its due item, and whether it went quiet or
    has a missed follow-up."""

    due: Due | None
    quiet: Quiet | None = None
    problem: Problem | None = None
    """Why no date could be computed (a date beyond the calendar's end), or why the
    contact's own profile was not used."""
    missed: Missed | None = None


def plan(
    contact: Contact,
    settings: Settings,
    today: dt.date,
    horizon: int | None = None,
    mention: Mention | None = None,
) -> Plan:
    """Work out when `contact` is next due, as of `today` (`mention`: its latest mention,
    when mentions count, which only the cadence reads).

    A date that would fall beyond the calendar (year 9999) costs only this contact:
    its plan carries a Problem instead of a due date. Date arithmetic raises
    OverflowError there, and only that is caught: any other error is a bug.
    """
    try:
        days = settings.horizon if horizon is None else horizon
        return _plan(contact, settings, today, days, mention)
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


_RESOLVED: list[tuple[Settings, dict[str, Profile]]] = []
"""The profiles of the last settings seen (by identity): resolved once, not per contact."""


def profile_of(contact: Contact, settings: Settings) -> tuple[Profile, str | None]:
    """The contact's profile, and a problem when its own `profile:` names none."""
    if not _RESOLVED or _RESOLVED[0][0] is not settings:
        _RESOLVED[:] = [(settings, resolve(settings))]
    known = _RESOLVED[0][1]
    name, problem = profile_name_of(contact.profile, contact.tags, settings, known)
    return known.get(name, known["professional"]), problem


def _plan(
    contact: Contact, settings: Settings, today: dt.date, horizon: int, mention: Mention | None
) -> Plan:
    if contact.status != "active":
        return Plan(None)
    profile, trouble = profile_of(contact, settings)
    problem = Problem(contact.path, None, trouble) if trouble else None
    history = ordered(contact.interactions)
    last = history[-1] if history else None
    event = propose.event_based(history, profile, settings)
    cadence = propose.cadence(contact, last, profile, settings, today, mention)
    chosen = _chosen(contact, last, event.candidate, cadence, profile, settings)
    due = _due(contact, chosen, profile, settings, last) if chosen else None
    missed = None
    if due is not None and _is_missed(due, settings, today):
        missed, due = _instead_of_missed(contact, due, last, cadence, profile, settings, today)
    due = _with_birthday(contact, due, today, horizon, profile, last)
    quiet = None
    if event.quiet and last is not None:
        # "The cadence resumes on ...": its own date, not a birthday's or a `next`'s.
        resumes = _due(contact, cadence, profile, settings, last).date if cadence else None
        quiet = Quiet(contact, last, event.quiet, resumes)
    return Plan(due, quiet, problem, missed)


def _chosen(
    contact: Contact,
    last: Interaction | None,
    event: Candidate | None,
    cadence: Candidate | None,
    profile: Profile,
    settings: Settings,
) -> Candidate | None:
    """Which candidate wins, before snooze and birthdays (rules 2 and 3)."""
    if contact.next is not None and (last is None or contact.next > last.date):
        planned = propose.next_rule(contact.next, last)
        if event is not None and event.rule == "reply":
            reply_on = _shown_on(event, profile, settings, last)
            return event if reply_on <= contact.next else planned
        return planned
    if event is None or cadence is None:
        return event or cadence
    # Judged as shown: a deadline moved back to Friday is earlier than a cadence moved
    # on to Monday, whatever their dates before the move.
    event_on = _shown_on(event, profile, settings, last)
    return cadence if _shown_on(cadence, profile, settings, last) < event_on else event


def _shown_on(
    candidate: Candidate, profile: Profile, settings: Settings, last: Interaction | None
) -> dt.date:
    """The date a candidate would be shown on, to compare it; the calendar's end if its
    shift leaves the calendar (so the other one wins)."""
    try:
        return _shifted(candidate, profile, settings, last)[0]
    except OverflowError:
        return dt.date.max


def _due(
    contact: Contact,
    chosen: Candidate,
    profile: Profile,
    settings: Settings,
    last: Interaction | None,
) -> Due:
    """The candidate as shown: moved off a skipped day, then snoozed (rule 4).

    The snooze comes last, so it stays a floor: a deadline moved back to Friday
    never lands before a snooze until Saturday.
    """
    reason, snoozed_from = chosen.reason, None
    date, shifted_from = _shifted(chosen, profile, settings, last)
    if contact.snooze is not None and contact.snooze > date:
        snoozed_from, date, shifted_from = date, contact.snooze, None
        reason += f" (snoozed until {date.isoformat()})"
    return Due(
        contact=contact,
        date=date,
        rule=chosen.rule,
        reason=reason,
        basis=chosen.basis,
        channel=channel_of(contact, last),
        nudge=chosen.nudge,
        nudges_total=len(profile.nudges) if chosen.nudge else None,
        snoozed_from=snoozed_from,
        shifted_from=shifted_from,
        profile=profile.name,
    )


def _shifted(
    chosen: Candidate, profile: Profile, settings: Settings, last: Interaction | None
) -> tuple[dt.date, dt.date | None]:
    """(the date shown, the date it moved from, if it moved)."""
    if chosen.explicit or working(chosen.date, profile, settings):
        return chosen.date, None
    if chosen.rule in ("scenario", "reply") and settings.deadline_shift == "earlier":
        floor = chosen.basis.date if chosen.basis is not None else chosen.date
        day = chosen.date
        while day > floor:
            day -= dt.timedelta(days=1)
            if working(day, profile, settings):
                return day, chosen.date  # a deadline holds: the working day before it
    return next_working_day(chosen.date, settings, profile), chosen.date


def working(day: dt.date, profile: Profile, settings: Settings) -> bool:
    """Neither a weekend day the profile skips nor a holiday."""
    return not ((profile.weekends == "skip" and day.weekday() >= 5) or day in settings.holidays)


def next_working_day(date: dt.date, settings: Settings, profile: Profile | None = None) -> dt.date:
    """`date`, or the first day after it that is neither a skipped weekend nor a holiday."""
    skip = (profile.weekends if profile else settings.weekends) == "skip"
    while (skip and date.weekday() >= 5) or date in settings.holidays:
        date += dt.timedelta(days=1)
    return date


def _instead_of_missed(
    contact: Contact,
    stale: Due,
    last: Interaction | None,
    cadence: Candidate | None,
    profile: Profile,
    settings: Settings,
    today: dt.date,
) -> tuple[Missed, Due | None]:
    """The missed follow-up, and what is due meanwhile: a later `next` the user wrote
    (a missed reply must not hide it), else the cadence."""
    kept = None
    if (
        stale.rule != "next"
        and contact.next is not None
        and (last is None or contact.next > last.date)
    ):
        planned = _due(contact, propose.next_rule(contact.next, last), profile, settings, last)
        kept = None if _is_missed(planned, settings, today) else planned
    if kept is None and cadence is not None:
        kept = _due(contact, cadence, profile, settings, last)
    resumes = kept.date if kept is not None and kept.rule == "cadence" else None
    return Missed(stale, resumes), kept


def _is_missed(due: Due, settings: Settings, today: dt.date) -> bool:
    """A follow-up (not a cadence or a birthday) shown more than `stale_after` ago."""
    if due.rule in ("cadence", "birthday") or due.date >= today:
        return False
    try:
        return settings.stale_after.after(due.date) < today
    except OverflowError:
        return False  # `stale_after: 9999y`: a limit beyond the calendar is never passed


def _with_birthday(
    contact: Contact,
    due: Due | None,
    today: dt.date,
    horizon: int,
    profile: Profile,
    last: Interaction | None,
) -> Due | None:
    """A birthday wins when it comes first; else it is mentioned when within the horizon."""
    born = propose.birthday(contact, today, last)
    if born is None:
        return due
    snoozed = contact.snooze is not None and born.date < contact.snooze
    if not snoozed and (due is None or born.date < due.date):  # nothing is due while snoozed
        return Due(
            contact, born.date, "birthday", born.reason, None, channel_of(contact, last),
            profile=profile.name,
        )  # fmt: skip
    days = (born.date - today).days
    if due is not None and days <= horizon:
        when = "today" if days == 0 else "tomorrow" if days == 1 else f"in {days} days"
        return replace(due, reason=f"{due.reason}; birthday {when}")
    return due


def channel_of(contact: Contact, last: Interaction | None) -> str | None:
    """The channel to use: the contact's own, else the last interaction's, else one its
    type names, else email or phone when the note has the address or the number."""
    if contact.channel:
        return contact.channel
    if last is not None:
        if last.channel:
            return last.channel
        if last.type in CHANNEL_OF_TYPE:
            return CHANNEL_OF_TYPE[last.type]
    if contact.email:
        return "email"
    return "phone" if contact.phone else None
