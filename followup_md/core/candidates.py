"""The dates each rule proposes for one contact, with the reason and the interaction behind it.

`rules.plan` weighs them. Conversations (both sides talked) never wait for an answer
and never owe a reply: after one, only its scenario rule (a recap, a thank-you) or
the cadence follows. A message from them owes a reply; a message of yours waits for
an answer, with the profile's nudges, counted after their last message or the last
conversation. Pure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from followup_md.core.durations import Duration
from followup_md.core.mentions import Mention
from followup_md.core.model import NO_FOLLOW_UP, Contact, Interaction, ParsedNote, Rule
from followup_md.core.profiles import Profile
from followup_md.core.records import copied
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


class Candidate(NamedTuple):
    date: dt.date
    rule: Rule
    reason: str
    basis: Interaction | None
    explicit: bool = False
    """A date the user wrote (`next`, a `follow_up` date): kept even on a weekend."""
    nudge: int | None = None


class EventBased(NamedTuple):
    """What the last interaction asks for, and how many messages went unanswered when
    the nudges have run out (the contact went quiet)."""

    candidate: Candidate | None
    quiet: int = 0


def ordered(interactions: Iterable[Interaction]) -> list[Interaction]:
    """Interactions by date; file order breaks ties (the sort is stable)."""
    return sorted(interactions, key=lambda interaction: interaction.date)


def next_rule(when: dt.date, last: Interaction | None) -> Candidate:
    reason = f"Planned follow-up (next: {when.isoformat()})"
    if last is not None:
        reason += f"; last contact: {_with_summary(last.describe(), last)}"
    return Candidate(when, "next", reason, last, explicit=True)


def event_based(history: Sequence[Interaction], profile: Profile, settings: Settings) -> EventBased:
    """The date the last interaction asks for: its own follow_up, a reply, a scenario
    rule, or a nudge while you wait for an answer."""
    if not history:
        return EventBased(None)
    last = history[-1]
    if last.follow_up is not None:
        return EventBased(_follow_up(last))
    conversation = last.type in settings.conversations
    if last.direction == "in" and not conversation:
        answer = "Acknowledge" if last.type == "feedback" else "Reply to"
        reason = _with_summary(f"{answer} their {last.type} of {last.date.isoformat()}", last)
        return EventBased(Candidate(profile.reply_within.after(last.date), "reply", reason, last))
    rule = profile.rules.get(last.type)
    if rule is not None:
        return EventBased(_scenario(last, rule))
    if conversation:
        return EventBased(None)  # both sides talked: nobody waits; the cadence decides
    return _nudge(history, profile, settings)


def _follow_up(last: Interaction) -> Candidate | None:
    when = last.date.isoformat()
    if last.follow_up == NO_FOLLOW_UP:
        return None
    if isinstance(last.follow_up, Duration):
        reason = f"Follow up {last.follow_up} after {last.type} on {when}"
        return Candidate(
            last.follow_up.after(last.date), "follow_up", _with_summary(reason, last), last
        )
    assert isinstance(last.follow_up, dt.date)
    reason = f"Follow-up set for {last.follow_up.isoformat()} by {last.type} on {when}"
    return Candidate(last.follow_up, "follow_up", _with_summary(reason, last), last, explicit=True)


def _scenario(last: Interaction, rule: Duration) -> Candidate:
    when = last.date.isoformat()
    template = _SCENARIO_REASONS.get(last.type)
    # The type is the user's text: it may hold braces, so it never goes through format.
    text = (
        template.replace("{date}", when)
        if template is not None
        else f"Follow up {rule} after {last.type} on {when}"
    )
    return Candidate(rule.after(last.date), "scenario", _with_summary(text, last), last)


def _nudge(history: Sequence[Interaction], profile: Profile, settings: Settings) -> EventBased:
    unanswered = waiting_since(history, profile, settings)
    total = len(profile.nudges)
    if not unanswered or not total:
        return EventBased(None)  # no nudges in this profile: simply waiting
    if len(unanswered) > total:
        return EventBased(None, len(unanswered))
    last, k, first = history[-1], len(unanswered), unanswered[0]
    reason = f"Nudge {k} of {total}: no reply to {first.type} of {first.date.isoformat()}"
    if k > 1:
        reason += f"; last tried {last.date.isoformat()}"
    reason = _with_summary(reason, first)
    date = profile.nudges[k - 1].after(last.date)
    return EventBased(Candidate(date, "nudge", reason, last, nudge=k))


def waiting_since(
    history: Sequence[Interaction], profile: Profile, settings: Settings
) -> list[Interaction]:
    """The messages of yours at the end of the history still waiting for an answer.

    Counting stops at (and excludes) their last message, the last conversation, the
    last interaction of a scenario type, and one written with `follow_up: none`.
    """
    waiting: list[Interaction] = []
    for interaction in reversed(history):
        if (
            interaction.direction == "in"
            or interaction.type in settings.conversations
            or interaction.type in profile.rules
            or interaction.follow_up == NO_FOLLOW_UP
        ):
            break
        waiting.append(interaction)
    waiting.reverse()
    return waiting


def essentials(parsed: ParsedNote) -> ParsedNote:
    """The note with only the history the engine can ever look at, for caches.

    Every rule reads the last interaction and, for nudges, the run of messages
    after the last message from them or the last one that expected no answer
    (a conversation or a scenario type stops the run earlier, never later);
    nothing older can change a plan, whatever the settings. Keeping that tail
    keeps a cache small and quick to load.
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
    return copied(parsed, contact=copied(contact, interactions=tuple(history[start:])))


def cadence_of(
    contact: Contact, profile: Profile, settings: Settings, start: dt.date
) -> tuple[Duration, str] | None:
    """The keep-in-touch interval and where it comes from: the contact's own, else the
    shortest its tags get from `tag_cadence`, else its profile's."""
    if contact.cadence is not None:
        return contact.cadence, ""
    best: tuple[dt.date, Duration, str] | None = None
    by_tag = {tag.lower(): duration for tag, duration in settings.tag_cadence.items()}
    for tag in contact.tags:
        duration = by_tag.get(tag.lower())
        if duration is None:
            continue
        try:
            when = duration.after(start)
        except OverflowError:  # beyond the calendar: the longest of all
            when = dt.date.max
        if best is None or when < best[0]:
            best = (when, duration, f" (tag #{tag})")
    if best is not None:
        return best[1], best[2]
    if profile.cadence is not None:
        return profile.cadence, f" ({profile.name} profile)"
    return None


def cadence(
    contact: Contact,
    last: Interaction | None,
    profile: Profile,
    settings: Settings,
    today: dt.date,
    mention: Mention | None = None,
) -> Candidate | None:
    """Keep in touch: the interval from the last contact, which a later mention moves."""
    start = since(contact, last, mention, today)
    found = cadence_of(contact, profile, settings, start.date if start else today)
    if found is None:
        return None
    interval, source = found
    reason = f"Keep in touch {interval.every()}{source}; "
    if start is None:
        if contact.added is not None and contact.added <= today:
            # Due from the day it was added: weeks of neglect show as overdue.
            added = contact.added.isoformat()
            return Candidate(
                contact.added, "cadence", reason + f"added {added}, no contact yet", None
            )
        # Counting from today would slide the date forward every day, forever.
        return Candidate(today, "cadence", reason + "no contact yet: reach out", None)
    reason += f"last contact {start.date.isoformat()}"
    if start is not last:
        reason += f" ({start.summary})"
    return Candidate(interval.after(start.date), "cadence", reason, start)


def since(
    contact: Contact, last: Interaction | None, mention: Mention | None, today: dt.date
) -> Interaction | None:
    """Where the cadence counts from: the last interaction, or a mention after it (not in
    the future, nor before the contact was added) as an interaction of type `mention`."""
    if mention is None or mention.date > today:
        return last
    if (last is not None and mention.date <= last.date) or (
        last is None and contact.added is not None and mention.date < contact.added
    ):
        return last
    return Interaction(mention.date, "mention", summary=f"mentioned in {mention.source}")


def birthday(contact: Contact, today: dt.date, last: Interaction | None) -> Candidate | None:
    """The next birthday on or after today: never overdue, never moved. One with an
    interaction logged on the day (the birthday call) is done: next year's is due."""
    born = contact.birthday
    if born is None:
        return None
    day = born.on(today.year)
    if day < today or (last is not None and last.date >= day):
        if today.year >= dt.MAXYEAR:
            return None  # next year's is beyond the calendar: nothing to show
        day = born.on(today.year + 1)
    reason = f"Birthday on {day:%a} {day.isoformat()}"
    if born.year is not None and day.year > born.year:
        reason += f" (turns {day.year - born.year})"
    return Candidate(day, "birthday", reason, None, explicit=True)


def _with_summary(reason: str, interaction: Interaction) -> str:
    summary = interaction.summary
    if not summary:
        return reason
    summary = " ".join(summary.split())
    if len(summary) > SUMMARY_IN_REASON:
        summary = summary[: SUMMARY_IN_REASON - 1].rstrip() + "…"
    return f"{reason}: {summary}"
