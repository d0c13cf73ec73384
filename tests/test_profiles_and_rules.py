"""Issue 10's engine, pinned by tables: conversations and messages, profiles, deadlines
that hold, a reply against `next`, missed follow-ups, neglect, birthdays, channels.

Each row gives a contact, the settings (read through `vault.config.from_mapping`,
as `.followup.yaml` would give them) and today, and what `plan()` answers: the date
shown and the rule behind it. Every case passes `today`; the engine never reads the
clock. 2026-11-22 is a Sunday.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest

from followup_md.core.durations import Duration
from followup_md.core.model import Birthday, Contact, Interaction
from followup_md.core.rules import Plan, plan
from followup_md.core.settings import Settings
from followup_md.errors import ConfigError
from followup_md.notes.reader import parse_note
from followup_md.vault.config import from_mapping

TODAY = dt.date(2026, 11, 22)  # Sunday


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def i(date: str, type: str = "email", direction: str = "out", **extra: Any) -> Interaction:
    return Interaction(date=day(date), type=type, direction=direction, **extra)  # type: ignore[arg-type]


def contact(*interactions: Interaction, **fields: Any) -> Contact:
    fields.setdefault("path", "People/Someone.md")
    fields.setdefault("name", "Someone")
    return Contact(interactions=tuple(interactions), **fields)


def cfg(**data: Any) -> Settings:
    """Settings as `.followup.yaml` with these keys gives them."""
    return from_mapping(data)


KEEP = cfg(weekends="keep")
SKIP = Settings()
MENTOR = cfg(
    weekends="keep",
    profiles={"mentor": {"nudges": ["7d"], "cadence": "60d", "rules": {"coffee": "3d"}}},
    tag_profile={"mentee": "mentor"},
)

Row = tuple[str, Contact, Settings, str | None, str | None]
"""id, contact, settings, the date shown (None: nothing due), its rule."""


def outcome(result: Plan) -> tuple[str | None, str | None]:
    due = result.due
    return (due.date.isoformat(), due.rule) if due else (None, None)


def table(rows: list[Row]) -> pytest.MarkDecorator:
    return pytest.mark.parametrize(
        ("c", "settings", "due", "rule"), [row[1:] for row in rows], ids=[row[0] for row in rows]
    )


# ------------------------------------------------------------------ conversations and messages

CONVERSATIONS: list[Row] = [
    ("a coffee out gives no nudge", contact(i("2026-11-18", "coffee")), KEEP, None, None),
    ("a coffee out: the cadence decides", contact(i("2026-11-18", "coffee"),
     cadence=Duration(30)), KEEP, "2026-12-18", "cadence"),
    ("a visit in owes no reply", contact(i("2026-11-21", "visit", "in")), KEEP, None, None),
    ("a lunch in owes no reply", contact(i("2026-11-21", "lunch", "in")), KEEP, None, None),
    ("a call out: its recap", contact(i("2026-11-18", "call")), KEEP, "2026-11-20", "scenario"),
    ("a call in: its recap, not a reply", contact(i("2026-11-18", "call", "in")), KEEP,
     "2026-11-20", "scenario"),
    ("an interview in: the thank-you", contact(i("2026-11-20", "interview", "in")), KEEP,
     "2026-11-21", "scenario"),
    ("an email in owes a reply", contact(i("2026-11-21", "email", "in")), KEEP,
     "2026-11-22", "reply"),
    ("a letter in owes a reply", contact(i("2026-11-20", "letter", "in")), KEEP,
     "2026-11-21", "reply"),
    ("an email out waits: nudge", contact(i("2026-11-18")), KEEP, "2026-11-21", "nudge"),
    ("a linkedin message out waits: nudge", contact(i("2026-11-18", "linkedin")), KEEP,
     "2026-11-21", "nudge"),
    ("a feedback out: its scenario rule", contact(i("2026-11-18", "feedback")), KEEP,
     "2026-11-19", "scenario"),
    ("a feedback in: acknowledge it", contact(i("2026-11-18", "feedback", "in")), KEEP,
     "2026-11-19", "reply"),
    ("a conversation's own follow_up", contact(i("2026-11-18", "coffee",
     follow_up=Duration(7))), KEEP, "2026-11-25", "follow_up"),
    ("the count starts after the last conversation", contact(i("2026-11-01"), i("2026-11-04"),
     i("2026-11-10", "coffee"), i("2026-11-12"), i("2026-11-15")), KEEP, "2026-11-22", "nudge"),
    ("a conversation after their message restarts the count", contact(
     i("2026-11-01", "email", "in"), i("2026-11-03"), i("2026-11-05", "video"), i("2026-11-16")),
     KEEP, "2026-11-19", "nudge"),
    ("their message after a conversation restarts the count", contact(i("2026-11-01", "dinner"),
     i("2026-11-03"), i("2026-11-05", "email", "in"), i("2026-11-16")), KEEP,
     "2026-11-19", "nudge"),
    ("four unanswered after a conversation: gone quiet", contact(i("2026-09-01", "coffee"),
     i("2026-09-02"), i("2026-09-05"), i("2026-09-12"), i("2026-09-26")), KEEP, None, None),
    ("conversations: replaces the list (coffee is then a message)",
     contact(i("2026-11-18", "coffee")), cfg(weekends="keep", conversations=["call"]),
     "2026-11-21", "nudge"),
    ("conversations: an email listed owes no reply", contact(i("2026-11-21", "email", "in")),
     cfg(weekends="keep", conversations=["email"]), None, None),
]  # fmt: skip


@table(CONVERSATIONS)
def test_conversations_and_messages(
    c: Contact, settings: Settings, due: str | None, rule: str | None
) -> None:
    assert outcome(plan(c, settings, TODAY)) == (due, rule)


def test_the_nudge_names_the_first_message_after_the_conversation() -> None:
    c = contact(i("2026-11-01"), i("2026-11-10", "coffee"), i("2026-11-12"), i("2026-11-15"))
    due = plan(c, KEEP, TODAY).due
    assert due is not None
    assert (due.nudge, due.reason) == (
        2,
        "Nudge 2 of 3: no reply to email of 2026-11-12; last tried 2026-11-15",
    )


@pytest.mark.parametrize("kind", ["call", "meeting", "visit", "coffee", "video", "interview"])
@pytest.mark.parametrize("direction", ["in", "out"])
def test_a_conversation_never_waits_or_owes(kind: str, direction: str) -> None:
    """Whatever came before it, a conversation last gives no nudge, no reply, no quiet."""
    history = [i("2026-10-01"), i("2026-10-04"), i("2026-10-11"), i("2026-10-25")]
    result = plan(contact(*history, i("2026-11-20", kind, direction)), KEEP, TODAY)
    assert result.quiet is None
    assert result.due is None or result.due.rule == "scenario"


# ------------------------------------------------------------------ profiles

FAMILY = ("family",)

PROFILES: list[Row] = [
    ("professional: a call gives a recap", contact(i("2026-11-19", "call")), KEEP,
     "2026-11-21", "scenario"),
    ("personal: a weekly call with Mom gives no recap", contact(i("2026-11-19", "call"),
     tags=FAMILY), KEEP, None, None),
    ("personal: the cadence decides after a call", contact(i("2026-11-19", "call"),
     tags=FAMILY, cadence=Duration(7)), KEEP, "2026-11-26", "cadence"),
    ("personal: a birthday call out gives no nudge", contact(i("2026-11-19", "followup",
     summary="Birthday call"), tags=FAMILY), KEEP, None, None),
    ("personal: reply within 2 days", contact(i("2026-11-20", "message", "in"), tags=FAMILY),
     KEEP, "2026-11-22", "reply"),
    ("personal keeps weekends", contact(i("2026-11-20", "message", "in"), tags=FAMILY), SKIP,
     "2026-11-22", "reply"),
    ("personal: no interview thank-you", contact(i("2026-11-19", "interview"), tags=FAMILY),
     KEEP, None, None),
    ("personal: photos sent, then the cadence", contact(i("2026-11-01", "message"),
     i("2026-11-05", "message"), i("2026-11-09"), i("2026-11-15"), tags=("friend",),
     cadence=Duration(14)), KEEP, "2026-11-29", "cadence"),
    ("a profile's own cadence", contact(i("2026-11-01", "message"), tags=FAMILY),
     cfg(weekends="keep", profiles={"personal": {"cadence": "30d"}}), "2026-12-01", "cadence"),
    ("a personal override keeps personal's other keys", contact(i("2026-11-01", "message"),
     tags=FAMILY), cfg(profiles={"personal": {"reply_within": "3d"}}), None, None),
    ("user-defined: its own nudges", contact(i("2026-11-18"), tags=("mentee",)), MENTOR,
     "2026-11-25", "nudge"),
    ("user-defined: professional's rules it leaves out", contact(i("2026-11-19", "interview"),
     tags=("mentee",)), MENTOR, "2026-11-20", "scenario"),
    ("user-defined: its rules merged over professional's", contact(i("2026-11-19", "coffee"),
     tags=("mentee",)), MENTOR, "2026-11-22", "scenario"),
    ("user-defined: professional's reply_within", contact(i("2026-11-21", "email", "in"),
     tags=("mentee",)), MENTOR, "2026-11-22", "reply"),
    ("user-defined: its cadence", contact(i("2026-11-01", "coffee", follow_up="none"),
     tags=("mentee",)), MENTOR, "2026-12-31", "cadence"),
    ("a tag's cadence beats the profile's", contact(i("2026-11-01", follow_up="none"),
     tags=("mentee", "close")), cfg(weekends="keep", profiles={"mentor": {"cadence": "60d"}},
     tag_profile={"mentee": "mentor"}, tag_cadence={"close": "14d"}), "2026-11-15", "cadence"),
    ("the contact's cadence beats both", contact(i("2026-11-01", follow_up="none"),
     tags=("mentee",), cadence=Duration(10)), MENTOR, "2026-11-11", "cadence"),
    ("a rule set to none is removed", contact(i("2026-11-19", "call")),
     cfg(weekends="keep", profiles={"sales": {"rules": {"call": "none"}}},
     tag_profile={"lead": "sales"}), "2026-11-21", "scenario"),
    ("a rule set to none is removed (tagged)", contact(i("2026-11-19", "call"), tags=("lead",)),
     cfg(weekends="keep", profiles={"sales": {"rules": {"call": "none"}}},
     tag_profile={"lead": "sales"}), None, None),
    ("the top-level keys set professional", contact(i("2026-11-18")),
     cfg(weekends="keep", nudges=["1d"]), "2026-11-19", "nudge"),
    ("and a user-defined profile takes them", contact(i("2026-11-18"), tags=("lead",)),
     cfg(weekends="keep", nudges=["1d"], profiles={"sales": {}}, tag_profile={"lead": "sales"}),
     "2026-11-19", "nudge"),
    ("tag_profile is merged over the built-in map", contact(i("2026-11-19", "call"),
     tags=("family",)), MENTOR, None, None),
    ("tag_profile overrides a built-in tag", contact(i("2026-11-19", "call"), tags=("family",)),
     cfg(weekends="keep", tag_profile={"family": "professional"}), "2026-11-21", "scenario"),
    ("the first tag that maps wins (mentor)", contact(i("2026-11-18"),
     tags=("work", "mentee", "family")), MENTOR, "2026-11-25", "nudge"),
    ("the first tag that maps wins (personal)", contact(i("2026-11-18"),
     tags=("work", "family", "mentee")), MENTOR, None, None),
    ("a tag is matched without # and in any case", contact(i("2026-11-19", "call"),
     tags=("#Family",)), KEEP, None, None),
    ("the contact's own profile wins over its tags", contact(i("2026-11-19", "call"),
     tags=FAMILY, profile="professional"), KEEP, "2026-11-21", "scenario"),
    ("its own profile, in any case", contact(i("2026-11-19", "call"), profile="Personal"),
     KEEP, None, None),
    ("an unknown profile: the default", contact(i("2026-11-19", "call"), profile="mentr",
     tags=FAMILY), KEEP, "2026-11-21", "scenario"),
    ("default_profile: personal", contact(i("2026-11-19", "call")),
     cfg(default_profile="personal"), None, None),
    ("default_profile: personal, a tag choosing professional", contact(i("2026-11-19", "call"),
     tags=("client",)), cfg(weekends="keep", default_profile="personal",
     tag_profile={"client": "professional"}), "2026-11-20", "scenario"),  # weekends: personal's
    ("holidays apply to every profile", contact(i("2026-12-22", "message", "in"), tags=FAMILY),
     cfg(holidays=["2026-12-24"]), "2026-12-23", "reply"),
]  # fmt: skip


@table(PROFILES)
def test_profiles(c: Contact, settings: Settings, due: str | None, rule: str | None) -> None:
    assert outcome(plan(c, settings, TODAY)) == (due, rule)


def test_no_nudges_means_simply_waiting_never_gone_quiet() -> None:
    photos = [i(f"2026-0{m}-01", "message") for m in range(1, 10)]
    result = plan(contact(*photos, tags=("friends",)), SKIP, TODAY)
    assert (result.due, result.quiet, result.missed) == (None, None, None)


@pytest.mark.parametrize(
    ("fields", "settings", "profile"),
    [
        ({}, KEEP, "professional"),
        ({"tags": FAMILY}, KEEP, "personal"),
        ({"tags": ("mentee",)}, MENTOR, "mentor"),
        ({"profile": "MENTOR", "tags": FAMILY}, MENTOR, "mentor"),
        ({}, cfg(default_profile="personal"), "personal"),
    ],
)
def test_the_due_item_carries_its_profile(
    fields: dict[str, Any], settings: Settings, profile: str
) -> None:
    result = plan(contact(cadence=Duration(7), **fields), settings, TODAY)
    assert result.due is not None and result.problem is None
    assert result.due.profile == profile


def test_an_unknown_profile_is_a_problem_in_the_note_and_the_default_is_used() -> None:
    c = contact(i("2026-11-19", "call"), profile="famly")
    result = plan(c, cfg(default_profile="personal"), TODAY)
    assert result.problem is not None and result.problem.path == c.path
    assert "unknown profile 'famly'" in result.problem.message
    assert "personal, professional" in result.problem.message
    assert result.due is None  # personal: a call gives no recap
    assert plan(contact(cadence=Duration(7), profile="famly"), KEEP, TODAY).due is not None


# ------------------------------------------------------------------ deadlines hold

HOLIDAYS = ["2026-12-24", "2026-12-25", "2027-01-01"]

SHIFTS: list[tuple[str, Contact, Settings, str, str | None]] = [
    # id, contact, settings, the date shown, the date it moved from
    ("a Friday interview: the thank-you is due Friday", contact(i("2026-11-27", "interview")),
     SKIP, "2026-11-27", "2026-11-28"),
    ("a Friday email: the reply is due Friday", contact(i("2026-11-27", "email", "in")), SKIP,
     "2026-11-27", "2026-11-28"),
    ("a reply due Sunday: the Friday", contact(i("2026-11-26", "email", "in")),
     cfg(reply_within="3d"), "2026-11-27", "2026-11-29"),
    ("deadline_shift later: the Monday", contact(i("2026-11-27", "interview")),
     cfg(deadline_shift="later"), "2026-11-30", "2026-11-28"),
    ("deadline_shift later, a reply", contact(i("2026-11-27", "email", "in")),
     cfg(deadline_shift="later"), "2026-11-30", "2026-11-28"),
    ("a recap due on Christmas: Christmas Eve is a holiday too",
     contact(i("2026-12-23", "meeting")), cfg(holidays=HOLIDAYS), "2026-12-23", "2026-12-25"),
    ("a recap due on Christmas, later", contact(i("2026-12-23", "meeting")),
     cfg(holidays=HOLIDAYS, deadline_shift="later"), "2026-12-28", "2026-12-25"),
    ("a Saturday interview: no working day since, forward", contact(i("2026-11-28", "interview")),
     SKIP, "2026-11-30", "2026-11-29"),
    ("an interview on a holiday before a holiday: forward across the year end",
     contact(i("2026-12-31", "interview")), cfg(holidays=["2026-12-31", "2027-01-01"]),
     "2027-01-04", "2027-01-01"),
    ("across the year end, earlier", contact(i("2026-12-30", "event")), cfg(holidays=HOLIDAYS),
     "2026-12-31", "2027-01-01"),
    ("across the year end, later", contact(i("2026-12-30", "event")),
     cfg(holidays=HOLIDAYS, deadline_shift="later"), "2027-01-04", "2027-01-01"),
    ("Good Friday: the recap the Thursday", contact(i("2027-03-24", "sales")),
     cfg(holidays=["2027-03-26", "2027-03-29"]), "2027-03-25", "2027-03-26"),
    ("Good Friday, later: after Easter Monday", contact(i("2027-03-24", "sales")),
     cfg(holidays=["2027-03-26", "2027-03-29"], deadline_shift="later"),
     "2027-03-30", "2027-03-26"),
    ("a nudge waits: forward", contact(i("2026-11-25")), SKIP, "2026-11-30", "2026-11-28"),
    ("a nudge on New Year's Day: forward", contact(i("2026-12-29")), cfg(holidays=HOLIDAYS),
     "2027-01-04", "2027-01-01"),
    ("a cadence on New Year's Day: forward", contact(i("2026-12-02", follow_up="none"),
     cadence=Duration(30)), cfg(holidays=HOLIDAYS), "2027-01-04", "2027-01-01"),
    ("a follow_up duration is a gap: forward", contact(i("2026-11-26", follow_up=Duration(2))),
     SKIP, "2026-11-30", "2026-11-28"),
    ("weekends: keep at the top level: Saturday stays", contact(i("2026-11-27", "interview")),
     KEEP, "2026-11-28", None),
    ("personal keeps weekends but not holidays", contact(i("2026-12-23", "message", "in"),
     tags=FAMILY), cfg(holidays=HOLIDAYS), "2026-12-23", "2026-12-25"),
    ("a snooze is a floor even for a deadline", contact(i("2026-11-27", "email", "in"),
     snooze=day("2026-11-28")), SKIP, "2026-11-28", None),
    ("a snooze before the deadline changes nothing", contact(i("2026-11-27", "email", "in"),
     snooze=day("2026-11-26")), SKIP, "2026-11-27", "2026-11-28"),
    ("a birthday on a Sunday is never moved", contact(birthday=Birthday(2, 28)),
     cfg(holidays=["2027-02-28"]), "2027-02-28", None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("c", "settings", "due", "moved"), [row[1:] for row in SHIFTS], ids=[row[0] for row in SHIFTS]
)
def test_deadlines_hold_and_gaps_wait(
    c: Contact, settings: Settings, due: str, moved: str | None
) -> None:
    result = plan(c, settings, TODAY).due
    assert result is not None
    shifted = result.shifted_from.isoformat() if result.shifted_from else None
    assert (result.date.isoformat(), shifted) == (due, moved)


def test_a_deadline_that_moved_says_from_where() -> None:
    due = plan(contact(i("2026-11-27", "interview")), SKIP, TODAY).due
    assert due is not None and due.shifted_from == day("2026-11-28")
    assert due.reason == "Thank-you after interview on 2026-11-27"


# ------------------------------------------------------------------ a reply owed against `next`

NEXT_AND_REPLY: list[Row] = [
    ("she wrote Friday: the reply beats a later next", contact(i("2026-11-20", "email", "in"),
     next=day("2026-11-27")), SKIP, "2026-11-20", "reply"),
    ("a tie goes to the reply", contact(i("2026-11-23", "email", "in"),
     next=day("2026-11-24")), SKIP, "2026-11-24", "reply"),
    ("an earlier next wins", contact(i("2026-11-23", "message", "in"), next=day("2026-11-24"),
     tags=FAMILY), SKIP, "2026-11-24", "next"),
    ("compared after the shift: the reply Friday beats next Saturday",
     contact(i("2026-11-27", "email", "in"), next=day("2026-11-28")), cfg(reply_within="2d"),
     "2026-11-27", "reply"),
    ("compared after the shift: next Saturday beats a reply moved to Monday",
     contact(i("2026-11-27", "email", "in"), next=day("2026-11-28")),
     cfg(reply_within="2d", deadline_shift="later"), "2026-11-28", "next"),
    ("next still beats an earlier scenario", contact(i("2026-11-23", "interview"),
     next=day("2026-11-30")), SKIP, "2026-11-30", "next"),
    ("next still beats an earlier nudge", contact(i("2026-11-23"), next=day("2026-12-10")),
     SKIP, "2026-12-10", "next"),
    ("next still beats an earlier cadence", contact(i("2026-11-23", follow_up="none"),
     cadence=Duration(7), next=day("2026-12-10")), SKIP, "2026-12-10", "next"),
    ("a message in with its own follow_up: next wins", contact(i("2026-11-20", "email", "in",
     follow_up=Duration(2)), next=day("2026-11-30")), SKIP, "2026-11-30", "next"),
    ("a next on the day of their message is fulfilled", contact(i("2026-11-20", "email", "in"),
     next=day("2026-11-20")), SKIP, "2026-11-20", "reply"),
    ("a visit in owes nothing: next", contact(i("2026-11-20", "visit", "in"),
     next=day("2026-11-30")), SKIP, "2026-11-30", "next"),
    ("snooze applies to the winner", contact(i("2026-11-23", "email", "in"),
     next=day("2026-11-30"), snooze=day("2026-12-02")), SKIP, "2026-12-02", "reply"),
]  # fmt: skip


@table(NEXT_AND_REPLY)
def test_a_reply_owed_is_never_hidden_by_next(
    c: Contact, settings: Settings, due: str | None, rule: str | None
) -> None:
    assert outcome(plan(c, settings, TODAY)) == (due, rule)


def test_the_earlier_of_event_and_cadence_is_judged_as_shown() -> None:
    """A recap moved back to Friday is earlier than a cadence moved on to Monday."""
    c = contact(i("2026-11-26", "coffee"), cadence=Duration(2))
    settings = cfg(rules={"coffee": "3d"})  # Sun 11-29 -> Fri 11-27; cadence Sat -> Mon
    due = plan(c, settings, TODAY).due
    assert due is not None
    assert (due.date, due.rule) == (day("2026-11-27"), "scenario")


# ------------------------------------------------------------------ missed after stale_after

MISSED: list[tuple[str, Contact, Settings, str, str | None, str | None, str | None]] = [
    # id, contact, settings, today, shown (date, rule), missed date
    ("exactly 30 days overdue is not missed", contact(i("2026-10-22", "interview")), KEEP,
     "2026-11-22", "2026-10-23", "scenario", None),
    ("31 days overdue is missed", contact(i("2026-10-21", "interview")), KEEP,
     "2026-11-22", None, None, "2026-10-22"),
    ("the cadence decides meanwhile", contact(i("2026-10-21", "interview"),
     cadence=Duration(60)), KEEP, "2026-11-22", "2026-12-20", "cadence", "2026-10-22"),
    ("a cadence is never missed", contact(i("2025-01-01", follow_up="none"),
     cadence=Duration(30)), KEEP, "2026-11-22", "2025-01-31", "cadence", None),
    ("neglect from added is never missed", contact(cadence=Duration(30),
     added=day("2025-06-02")), KEEP, "2026-11-22", "2025-06-02", "cadence", None),
    ("a missed next", contact(next=day("2026-10-01")), KEEP, "2026-11-22",
     None, None, "2026-10-01"),
    ("a missed reply", contact(i("2026-10-01", "email", "in")), KEEP, "2026-11-22",
     None, None, "2026-10-02"),
    ("a missed reply leaves a later next in charge", contact(i("2026-10-01", "email", "in"),
     next=day("2026-11-30"), cadence=Duration(14)), KEEP, "2026-11-22",
     "2026-11-30", "next", "2026-10-02"),
    ("a missed nudge", contact(i("2026-10-01")), KEEP, "2026-11-22", None, None, "2026-10-04"),
    ("a missed follow_up date", contact(i("2026-09-01", follow_up=day("2026-10-01"))), KEEP,
     "2026-11-22", None, None, "2026-10-01"),
    ("judged as shown: moved to Monday, 30 days", contact(i("2026-10-21")), SKIP,
     "2026-11-25", "2026-10-26", "nudge", None),
    ("judged as shown: moved to Monday, 31 days", contact(i("2026-10-21")), SKIP,
     "2026-11-26", None, None, "2026-10-26"),
    ("judged as shown: snoozed", contact(i("2026-09-01", "interview"),
     snooze=day("2026-11-01")), KEEP, "2026-11-22", "2026-11-01", "scenario", None),
    ("stale_after 7d: 8 days is missed", contact(i("2026-11-13", "interview")),
     cfg(weekends="keep", stale_after="7d"), "2026-11-22", None, None, "2026-11-14"),
    ("stale_after 7d: 7 days is not", contact(i("2026-11-14", "interview")),
     cfg(weekends="keep", stale_after="7d"), "2026-11-22", "2026-11-15", "scenario", None),
    ("a birthday is never missed, never overdue", contact(birthday=Birthday(10, 1, 1980)), KEEP,
     "2026-11-22", "2027-10-01", "birthday", None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("c", "settings", "today", "due", "rule", "missed"),
    [row[1:] for row in MISSED],
    ids=[row[0] for row in MISSED],
)
def test_missed_follow_ups_leave_overdue(
    c: Contact,
    settings: Settings,
    today: str,
    due: str | None,
    rule: str | None,
    missed: str | None,
) -> None:
    result = plan(c, settings, day(today))
    assert outcome(result) == (due, rule)
    assert (result.missed.due.date.isoformat() if result.missed else None) == missed
    if result.missed is not None:
        assert result.missed.due.rule not in ("cadence", "birthday")
        kept = result.due.date if result.due and result.due.rule == "cadence" else None
        assert result.missed.cadence_due == kept


def test_a_missed_follow_up_keeps_its_rule_and_reason() -> None:
    result = plan(contact(i("2026-09-10", "interview", summary="Panel")), KEEP, TODAY)
    assert result.missed is not None
    assert (result.missed.due.rule, result.missed.due.reason) == (
        "scenario",
        "Thank-you after interview on 2026-09-10: Panel",
    )


# ------------------------------------------------------------------ neglect shows

NEGLECT: list[Row] = [
    ("added: due from then", contact(cadence=Duration(30), added=day("2026-10-01")), KEEP,
     "2026-10-01", "cadence"),
    ("added on a Saturday: the Monday", contact(cadence=Duration(30), added=day("2026-10-03")),
     SKIP, "2026-10-05", "cadence"),
    ("added today", contact(cadence=Duration(30), added=TODAY), KEEP, "2026-11-22", "cadence"),
    ("neither added nor created: today", contact(cadence=Duration(30)), KEEP,
     "2026-11-22", "cadence"),
    ("neither, on a Sunday: the Monday", contact(cadence=Duration(30)), SKIP,
     "2026-11-23", "cadence"),
    ("added in the future: today", contact(cadence=Duration(30), added=day("2026-12-01")),
     KEEP, "2026-11-22", "cadence"),
    ("a tag's cadence counts from added", contact(tags=("client",), added=day("2026-11-02")),
     cfg(weekends="keep", tag_cadence={"client": "30d"}), "2026-11-02", "cadence"),
    ("a profile's cadence counts from added", contact(tags=FAMILY, added=day("2026-11-02")),
     cfg(weekends="keep", profiles={"personal": {"cadence": "30d"}}), "2026-11-02", "cadence"),
    ("with an interaction the cadence counts from it", contact(i("2026-11-10", follow_up="none"),
     cadence=Duration(30), added=day("2026-10-01")), KEEP, "2026-12-10", "cadence"),
    ("added without a cadence: nothing", contact(added=day("2026-10-01"), next=None), KEEP,
     None, None),
]  # fmt: skip


@table(NEGLECT)
def test_neglect_shows_from_the_added_date(
    c: Contact, settings: Settings, due: str | None, rule: str | None
) -> None:
    assert outcome(plan(c, settings, TODAY)) == (due, rule)


def test_the_neglect_reason_says_since_when() -> None:
    due = plan(contact(cadence=Duration(30), added=day("2026-10-01")), KEEP, TODAY).due
    assert due is not None
    assert due.reason == "Keep in touch every 30 days; added 2026-10-01, no contact yet"


@pytest.mark.parametrize(
    ("keys", "added"),
    [
        ("added: 2026-10-01\n", "2026-10-01"),
        ("created: 2026-10-02\n", "2026-10-02"),
        ("created: 2026-10-02T09:30\n", "2026-10-02"),
        ("added: 2026-10-01\ncreated: 2026-09-01\n", "2026-10-01"),
        ("created: last tuesday\n", None),
        ("", None),
    ],
)
def test_added_or_created_is_read_from_the_note(keys: str, added: str | None) -> None:
    parsed = parse_note(f"---\ncadence: 30d\n{keys}---\n".encode(), "Kim.md")
    assert parsed.contact is not None and parsed.problems == ()
    assert parsed.contact.added == (day(added) if added else None)
    due = plan(parsed.contact, KEEP, TODAY).due
    assert due is not None and due.date == (day(added) if added else TODAY)


# ------------------------------------------------------------------ birthdays

BIRTHDAYS: list[tuple[str, Contact, Settings, str, str, str, str]] = [
    # id, contact, settings, today, date, rule, reason
    ("with a year: turns N", contact(birthday=Birthday(5, 14, 1960)), SKIP, "2026-11-22",
     "2027-05-14", "birthday", "Birthday on Fri 2027-05-14 (turns 67)"),
    ("this year, before the day", contact(birthday=Birthday(5, 14, 1960)), SKIP, "2026-05-01",
     "2026-05-14", "birthday", "Birthday on Thu 2026-05-14 (turns 66)"),
    ("on the day: today", contact(birthday=Birthday(5, 14, 1960)), SKIP, "2026-05-14",
     "2026-05-14", "birthday", "Birthday on Thu 2026-05-14 (turns 66)"),
    ("the birthday call logged on the day: next year's", contact(i("2026-05-14", "call"),
     birthday=Birthday(5, 14, 1960), tags=FAMILY), SKIP, "2026-05-14", "2027-05-14",
     "birthday", "Birthday on Fri 2027-05-14 (turns 67)"),
    ("an interaction the day before: the birthday stands", contact(i("2026-05-13", "call"),
     birthday=Birthday(5, 14, 1960), tags=FAMILY), SKIP, "2026-05-13", "2026-05-14",
     "birthday", "Birthday on Thu 2026-05-14 (turns 66)"),
    ("the day after: next year's, never overdue", contact(birthday=Birthday(5, 14, 1960)), SKIP,
     "2026-05-15", "2027-05-14", "birthday", "Birthday on Fri 2027-05-14 (turns 67)"),
    ("without a year: no age", contact(birthday=Birthday(5, 14)), SKIP, "2026-11-22",
     "2027-05-14", "birthday", "Birthday on Fri 2027-05-14"),
    ("29 February in another year: the 28th, a Sunday, not moved",
     contact(birthday=Birthday(2, 29, 2000)), SKIP, "2026-11-22", "2027-02-28", "birthday",
     "Birthday on Sun 2027-02-28 (turns 27)"),
    ("29 February in a leap year", contact(birthday=Birthday(2, 29, 2000)), SKIP, "2027-12-01",
     "2028-02-29", "birthday", "Birthday on Tue 2028-02-29 (turns 28)"),
    ("29 February: the 28th is the day, then the next leap year's",
     contact(birthday=Birthday(2, 29)), SKIP, "2027-03-01", "2028-02-29", "birthday",
     "Birthday on Tue 2028-02-29"),
    ("an earlier follow-up wins and mentions it", contact(i("2026-11-19", "interview"),
     birthday=Birthday(11, 25)), SKIP, "2026-11-22", "2026-11-20", "scenario",
     "Thank-you after interview on 2026-11-19; birthday in 3 days"),
    ("an earlier birthday wins", contact(i("2026-11-20", follow_up="none"),
     cadence=Duration(30), birthday=Birthday(11, 30, 1990)), SKIP, "2026-11-22",
     "2026-11-30", "birthday", "Birthday on Mon 2026-11-30 (turns 36)"),
    ("a tie goes to the other rule", contact(i("2026-11-13", follow_up="none"),
     cadence=Duration(14), birthday=Birthday(11, 27)), SKIP, "2026-11-22", "2026-11-27",
     "cadence", "Keep in touch every 2 weeks; last contact 2026-11-13; birthday in 5 days"),
    ("beyond the horizon: not mentioned", contact(i("2026-11-19", "interview"),
     birthday=Birthday(11, 30)), SKIP, "2026-11-22", "2026-11-20", "scenario",
     "Thank-you after interview on 2026-11-19"),
    ("the horizon as configured", contact(i("2026-11-19", "interview"),
     birthday=Birthday(11, 30)), cfg(horizon=14), "2026-11-22", "2026-11-20", "scenario",
     "Thank-you after interview on 2026-11-19; birthday in 8 days"),
    ("birthday today, after another rule", contact(i("2026-11-19", "interview"),
     birthday=Birthday(11, 22)), SKIP, "2026-11-22", "2026-11-20", "scenario",
     "Thank-you after interview on 2026-11-19; birthday today"),
    ("birthday tomorrow", contact(i("2026-11-19", "interview"), birthday=Birthday(11, 23)),
     SKIP, "2026-11-22", "2026-11-20", "scenario",
     "Thank-you after interview on 2026-11-19; birthday tomorrow"),
    ("in the personal profile", contact(i("2026-11-19", "call"), tags=FAMILY,
     birthday=Birthday(12, 1, 1950)), SKIP, "2026-11-22", "2026-12-01", "birthday",
     "Birthday on Tue 2026-12-01 (turns 76)"),
    ("in a user-defined profile, at the horizon's end", contact(tags=("mentee",),
     birthday=Birthday(11, 29)), MENTOR, "2026-11-22", "2026-11-22", "cadence",
     "Keep in touch every 60 days (mentor profile); no contact yet: reach out; "
     "birthday in 7 days"),
    ("never moved for a holiday", contact(birthday=Birthday(12, 25)), cfg(holidays=HOLIDAYS),
     "2026-11-22", "2026-12-25", "birthday", "Birthday on Fri 2026-12-25"),
    ("before a missed follow-up's cadence", contact(i("2026-09-01", "interview"),
     cadence=Duration(90), birthday=Birthday(11, 24)), KEEP, "2026-11-22", "2026-11-24",
     "birthday", "Birthday on Tue 2026-11-24"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("c", "settings", "today", "due", "rule", "reason"),
    [row[1:] for row in BIRTHDAYS],
    ids=[row[0] for row in BIRTHDAYS],
)
def test_birthdays(
    c: Contact, settings: Settings, today: str, due: str, rule: str, reason: str
) -> None:
    result = plan(c, settings, day(today)).due
    assert result is not None
    assert (result.date.isoformat(), result.rule, result.reason) == (due, rule, reason)
    if rule == "birthday":
        assert result.shifted_from is None and result.basis is None


def test_the_horizon_passed_to_plan_decides_the_mention() -> None:
    c = contact(i("2026-11-19", "interview"), birthday=Birthday(11, 30))
    assert plan(c, SKIP, TODAY, horizon=7).due.reason.endswith("2026-11-19")  # type: ignore[union-attr]
    assert plan(c, SKIP, TODAY, horizon=8).due.reason.endswith("birthday in 8 days")  # type: ignore[union-attr]


def test_a_quiet_contact_with_a_birthday_resumes_on_its_cadence_not_the_birthday() -> None:
    history = [i("2026-09-01"), i("2026-09-04"), i("2026-09-11"), i("2026-09-25")]
    with_cadence = contact(*history, cadence=Duration(90), birthday=Birthday(12, 1))
    result = plan(with_cadence, KEEP, TODAY)
    assert result.due is not None and result.quiet is not None
    assert (result.due.rule, result.quiet.cadence_due) == ("birthday", day("2026-12-24"))
    result = plan(contact(*history, birthday=Birthday(12, 1)), KEEP, TODAY)
    assert result.quiet is not None and result.quiet.cadence_due is None
    assert result.due is not None and result.due.rule == "birthday"


@pytest.mark.parametrize(
    ("value", "birthday"),
    [
        ("1960-05-14", Birthday(5, 14, 1960)),
        ("'--05-14'", Birthday(5, 14)),
        ("05-14", Birthday(5, 14)),
        ("--02-29", Birthday(2, 29)),
    ],
)
def test_birthday_alone_makes_a_note_a_contact(value: str, birthday: Birthday) -> None:
    parsed = parse_note(f"---\nbirthday: {value}\n---\n".encode(), "Grandma.md")
    assert parsed.problems == () and parsed.contact is not None
    assert parsed.contact.birthday == birthday
    due = plan(parsed.contact, SKIP, TODAY).due
    assert due is not None and due.rule == "birthday"


def test_a_paused_contact_has_no_birthday_either() -> None:
    assert plan(contact(birthday=Birthday(11, 23), status="paused"), SKIP, TODAY).due is None


def test_a_birthday_past_the_calendar_is_left_out_not_an_error() -> None:
    last = dt.date(9999, 12, 31)
    result = plan(contact(birthday=Birthday(5, 14)), SKIP, last)
    assert (result.due, result.problem) == (None, None)
    result = plan(contact(cadence=Duration(1), birthday=Birthday(5, 14)), KEEP, last)
    assert result.due is not None and result.due.rule == "cadence"


# ------------------------------------------------------------------ the channel

CHANNELS: list[tuple[str, Contact, str | None]] = [
    ("the contact's channel", contact(i("2026-11-19", "call", channel="zoom"),
     channel="signal", email="a@b.example"), "signal"),
    ("else the last interaction's channel", contact(i("2026-11-19", "meeting",
     channel="zoom"), email="a@b.example"), "zoom"),
    ("only the last interaction counts", contact(i("2026-11-01", channel="linkedin"),
     i("2026-11-19", "meeting")), None),
    ("else a type naming a channel: email", contact(i("2026-11-19", "email")), "email"),
    ("call: phone", contact(i("2026-11-19", "call")), "phone"),
    ("text", contact(i("2026-11-19", "text")), "text"),
    ("sms", contact(i("2026-11-19", "sms")), "sms"),
    ("linkedin", contact(i("2026-11-19", "linkedin")), "linkedin"),
    ("a type naming a channel beats the address", contact(i("2026-11-19", "call"),
     email="a@b.example"), "phone"),
    ("else email when the note has an address", contact(i("2026-11-19", "meeting"),
     email="a@b.example", phone="+4712345678"), "email"),
    ("else phone when it has a number", contact(i("2026-11-19", "meeting"),
     phone="+4712345678"), "phone"),
    ("no interaction: the address", contact(cadence=Duration(7), email="a@b.example"), "email"),
    ("a birthday too", contact(birthday=Birthday(12, 1), phone="+4712345678"), "phone"),
    ("nothing known: blank", contact(i("2026-11-19", "meeting")), None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("c", "channel"), [row[1:] for row in CHANNELS], ids=[row[0] for row in CHANNELS]
)
def test_the_channel_is_never_blank_when_the_note_knows_it(c: Contact, channel: str) -> None:
    c = c if c.cadence or c.birthday else replace(c, cadence=Duration(3))
    result = plan(c, KEEP, TODAY).due
    assert result is not None
    assert result.channel == channel


# ------------------------------------------------------------------ configuration


def test_profiles_are_read_and_resolved() -> None:
    from followup_md.core.profiles import resolve

    settings = cfg(
        profiles={
            "Mentor": {"nudges": ["7d", "14d"], "cadence": "quarterly", "rules": {"coffee": "3d"}},
            "personal": {"cadence": "30d", "weekends": "skip"},
            "quiet": {"rules": {"call": "none", "meeting": None}},
        },
        tag_profile={"#Mentee": "MENTOR"},
    )
    found = resolve(settings)
    assert set(found) == {"professional", "personal", "mentor", "quiet"}
    mentor = found["mentor"]
    assert mentor.nudges == (Duration(7), Duration(14))
    assert mentor.cadence == Duration(months=3)
    assert mentor.rules["coffee"] == Duration(3) and mentor.rules["interview"] == Duration(1)
    assert mentor.reply_within == Duration(1) and mentor.weekends == "skip"
    personal = found["personal"]
    assert (personal.rules, personal.nudges, personal.reply_within) == ({}, (), Duration(2))
    assert (personal.weekends, personal.cadence) == ("skip", Duration(30))
    assert "call" not in found["quiet"].rules and "meeting" not in found["quiet"].rules
    assert found["quiet"].rules["demo"] == Duration(2)
    assert settings.tag_profile == {"mentee": "mentor"}


def test_top_level_keys_set_the_default_profile_when_it_is_not_professional() -> None:
    from followup_md.core.profiles import resolve

    settings = cfg(
        default_profile="personal", nudges=["5d"], rules={"coffee": "3d"}, weekends="skip"
    )
    found = resolve(settings)
    personal, professional = found["personal"], found["professional"]
    assert personal.nudges == (Duration(5),) and personal.weekends == "skip"
    assert dict(personal.rules) == {"coffee": Duration(3)}
    assert professional.nudges == (Duration(3), Duration(7), Duration(14))
    assert professional.weekends == "skip" and "coffee" not in professional.rules
    removed = resolve(cfg(default_profile="personal", rules={"call": "2d", "meeting": "none"}))
    assert dict(removed["personal"].rules) == {"call": Duration(2)}


def test_top_level_keys_for_professional_mean_what_they_meant() -> None:
    from followup_md.core.profiles import resolve

    settings = cfg(nudges=["2d"], rules={"call": "none"}, reply_within="3d")
    assert settings.profiles == {} and settings.nudges == (Duration(2),)
    professional = resolve(settings)["professional"]
    assert professional.nudges == (Duration(2),) and "call" not in professional.rules
    assert professional.reply_within == Duration(3)
    assert resolve(settings)["personal"].nudges == ()


@pytest.mark.parametrize(
    ("data", "fragments"),
    [
        ({"default_profile": "mentor"}, ["default_profile 'mentor' is not a profile"]),
        ({"tag_profile": {"x": "nope"}}, ["tag 'x' names the profile 'nope'"]),
        (
            {"nudges": ["2d"], "profiles": {"professional": {"nudges": ["3d"]}}},
            ["'nudges' is set twice", "top level", "profiles: professional"],
        ),
        (
            {
                "default_profile": "personal",
                "reply_within": "1d",
                "profiles": {"personal": {"reply_within": "2d"}},
            },
            ["'reply_within' is set twice", "top level", "profiles: personal"],
        ),
        ({"profiles": {"x": {"nudge": ["1d"]}}}, ["profile 'x': unknown key 'nudge'"]),
        ({"profiles": {"x": {"cadence": "soon"}}}, ["profile 'x': 'cadence'"]),
        ({"profiles": {"x": ["1d"]}}, ["profile 'x' should be a mapping"]),
        ({"profiles": ["x"]}, ["should be a mapping of profile names"]),
        ({"deadline_shift": "sideways"}, ["'deadline_shift'", "'earlier'"]),
        ({"stale_after": "a while"}, ["'stale_after'"]),
        ({"conversations": "call"}, ["'conversations'", "list of interaction types"]),
    ],
)
def test_profile_configuration_errors_exit_2_and_say_why(
    data: dict[str, Any], fragments: list[str]
) -> None:
    with pytest.raises(ConfigError) as caught:
        from_mapping(data)
    assert caught.value.exit_code == 2
    for fragment in fragments:
        assert fragment in caught.value.message


def test_the_same_key_under_another_profile_is_no_conflict() -> None:
    settings = cfg(nudges=["2d"], profiles={"personal": {"nudges": ["9d"]}})
    assert settings.nudges == (Duration(2),)
    assert settings.profiles["personal"]["nudges"] == (Duration(9),)


def test_the_new_keys_are_read() -> None:
    settings = cfg(
        conversations=["Call", "coffee", " walk "],
        deadline_shift="later",
        stale_after="2w",
        default_profile="Personal",
        tag_profile={"Client": "professional"},
    )
    assert settings.conversations == {"call", "coffee", "walk"}
    assert (settings.deadline_shift, settings.stale_after) == ("later", Duration(14))
    assert settings.default_profile == "personal"
    assert settings.tag_profile == {"client": "professional"}
