"""The engine, pinned by tables: one row per rule, precedence and edge.

Every case passes `today` explicitly; the engine never reads the clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup_md.core import rules as schedule
from followup_md.core.agenda import (
    AgendaBook,
    bucket_of,
    build_agenda,
    note_row,
)
from followup_md.core.durations import Duration
from followup_md.core.model import Contact, Interaction, ParsedNote, Problem
from followup_md.core.rules import essentials, next_working_day, plan
from followup_md.core.settings import Settings

TODAY = dt.date(2026, 11, 22)  # Sunday
KEEP = Settings(weekends="keep")  # rule tables without the weekend shift
D = dt.date


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def i(date: str, type: str = "email", direction: str = "out", **extra: Any) -> Interaction:
    return Interaction(date=day(date), type=type, direction=direction, **extra)  # type: ignore[arg-type]


def contact(*interactions: Interaction, **fields: Any) -> Contact:
    fields.setdefault("path", "People/Someone.md")
    fields.setdefault("name", "Someone")
    return Contact(interactions=tuple(interactions), **fields)


# ------------------------------------------------------------------ the rule table

RULES: list[tuple[str, Contact, Settings, str | None, str | None, int | None]] = [
    # id, contact, settings, due, rule, nudge
    ("next later than last", contact(i("2026-11-10"), next=day("2026-11-30")), KEEP,
     "2026-11-30", "next", None),
    ("next with no history", contact(next=day("2026-12-01")), KEEP, "2026-12-01", "next", None),
    ("next on last date is fulfilled", contact(i("2026-11-20", "interview"),
     next=day("2026-11-20")), KEEP, "2026-11-21", "scenario", None),
    ("next before last is fulfilled", contact(i("2026-11-20", "interview"),
     next=day("2026-11-01")), KEEP, "2026-11-21", "scenario", None),
    ("next beats an earlier event rule", contact(i("2026-11-20", "interview"),
     next=day("2026-12-05")), KEEP, "2026-12-05", "next", None),
    ("follow_up duration", contact(i("2026-11-10", follow_up=Duration(5))), KEEP,
     "2026-11-15", "follow_up", None),
    ("follow_up months", contact(i("2026-10-31", follow_up=Duration(months=1))), KEEP,
     "2026-11-30", "follow_up", None),
    ("follow_up date", contact(i("2026-11-10", follow_up=day("2026-12-24"))), KEEP,
     "2026-12-24", "follow_up", None),
    ("follow_up beats reply", contact(i("2026-11-10", direction="in", follow_up=Duration(10))),
     KEEP, "2026-11-20", "follow_up", None),
    ("follow_up none: nothing", contact(i("2026-11-10", follow_up="none")), KEEP,
     None, None, None),
    ("follow_up none: cadence takes over", contact(i("2026-11-10", follow_up="none"),
     cadence=Duration(30)), KEEP, "2026-12-10", "cadence", None),
    ("they wrote: reply", contact(i("2026-11-21", "email", "in")), KEEP,
     "2026-11-22", "reply", None),
    ("a conversation from them owes no reply", contact(i("2026-11-21", "interview", "in")),
     KEEP, "2026-11-22", "scenario", None),
    ("reply_within configured", contact(i("2026-11-21", "message", "in")),
     replace(KEEP, reply_within=Duration(3)), "2026-11-24", "reply", None),
    ("event 2d", contact(i("2026-11-20", "event")), KEEP, "2026-11-22", "scenario", None),
    ("conference 2d", contact(i("2026-11-20", "conference")), KEEP, "2026-11-22", "scenario", None),
    ("networking 2d", contact(i("2026-11-20", "networking")), KEEP, "2026-11-22", "scenario", None),
    ("interview 1d", contact(i("2026-11-19", "interview")), KEEP, "2026-11-20", "scenario", None),
    ("sales 2d", contact(i("2026-11-19", "sales")), KEEP, "2026-11-21", "scenario", None),
    ("call 2d", contact(i("2026-11-19", "call")), KEEP, "2026-11-21", "scenario", None),
    ("meeting 2d", contact(i("2026-11-19", "meeting")), KEEP, "2026-11-21", "scenario", None),
    ("demo 2d", contact(i("2026-11-19", "demo")), KEEP, "2026-11-21", "scenario", None),
    ("feedback 1d", contact(i("2026-11-19", "feedback")), KEEP, "2026-11-20", "scenario", None),
    ("custom rule type", contact(i("2026-11-19", "coffee")),
     replace(KEEP, rules={**KEEP.rules, "coffee": Duration(3)}), "2026-11-22", "scenario", None),
    ("custom rule type with braces", contact(i("2026-11-19", "x{y}")),
     replace(KEEP, rules={**KEEP.rules, "x{y}": Duration(2)}), "2026-11-21", "scenario", None),
    ("nudge 1 after one unanswered email", contact(i("2026-11-10")), KEEP,
     "2026-11-13", "nudge", 1),
    ("nudge 2 counts from the last message", contact(i("2026-11-10"), i("2026-11-13")), KEEP,
     "2026-11-20", "nudge", 2),
    ("nudge 3", contact(i("2026-11-01"), i("2026-11-04"), i("2026-11-11")), KEEP,
     "2026-11-25", "nudge", 3),
    ("gone quiet after the last nudge", contact(i("2026-10-01"), i("2026-10-04"),
     i("2026-10-11"), i("2026-10-25")), KEEP, None, None, None),
    ("gone quiet: cadence only", contact(i("2026-10-01"), i("2026-10-04"), i("2026-10-11"),
     i("2026-10-25"), cadence=Duration(months=1)), KEEP, "2026-11-25", "cadence", None),
    ("count stops at their reply", contact(i("2026-10-01"), i("2026-10-04"),
     i("2026-10-05", "email", "in"), i("2026-11-10")), KEEP, "2026-11-13", "nudge", 1),
    ("count stops at a scenario interaction", contact(i("2026-11-01", "meeting"),
     i("2026-11-03"), i("2026-11-06")), KEEP, "2026-11-13", "nudge", 2),
    ("count stops at a message that expected no answer", contact(
     i("2026-10-01"), i("2026-10-02"), i("2026-10-03", follow_up="none"), i("2026-11-10")),
     KEEP, "2026-11-13", "nudge", 1),
    ("configured nudges", contact(i("2026-11-10"), i("2026-11-12")),
     replace(KEEP, nudges=(Duration(2), Duration(4))), "2026-11-16", "nudge", 2),
    ("no history, no cadence: nothing", contact(cadence=None, tags=("x",)), KEEP, None, None, None),
    ("cadence with no history is due today, not ever later", contact(cadence=Duration(30)),
     KEEP, "2026-11-22", "cadence", None),
    ("cadence from the last interaction", contact(i("2026-10-01", "call", "in", follow_up="none"),
     cadence=Duration(30)), KEEP, "2026-10-31", "cadence", None),
    ("cadence earlier than the event rule wins", contact(i("2026-11-01", follow_up=Duration(60)),
     cadence=Duration(14)), KEEP, "2026-11-15", "cadence", None),
    ("a tie goes to the event rule", contact(i("2026-11-10", follow_up=Duration(14)),
     cadence=Duration(14)), KEEP, "2026-11-24", "follow_up", None),
    ("tag cadence", contact(i("2026-11-01", follow_up="none"), tags=("Family",)),
     replace(KEEP, tag_cadence={"family": Duration(14)}), "2026-11-15", "cadence", None),
    ("shortest tag cadence", contact(i("2026-11-01", follow_up="none"),
     tags=("network", "friends")),
     replace(KEEP, tag_cadence={"friends": Duration(30), "network": Duration(months=3)}),
     "2026-12-01", "cadence", None),
    ("own cadence beats tags", contact(i("2026-11-01", follow_up="none"), tags=("family",),
     cadence=Duration(60)), replace(KEEP, tag_cadence={"family": Duration(14)}),
     "2026-12-31", "cadence", None),
    ("snooze pushes later", contact(i("2026-11-19", "interview"), snooze=day("2026-11-28")),
     KEEP, "2026-11-28", "scenario", None),
    ("snooze in the past changes nothing", contact(i("2026-11-19", "interview"),
     snooze=day("2026-11-01")), KEEP, "2026-11-20", "scenario", None),
    ("snooze pushes next too", contact(next=day("2026-11-25"), snooze=day("2026-12-01")), KEEP,
     "2026-12-01", "next", None),
    ("paused is never due", contact(i("2026-11-19", "interview"), status="paused"), KEEP,
     None, None, None),
    ("closed is never due", contact(next=day("2026-11-25"), status="closed"), KEEP,
     None, None, None),
    ("history is ordered by date, not file order", contact(i("2026-11-21", "email", "in"),
     i("2026-11-01", "interview")), KEEP, "2026-11-22", "reply", None),
    ("same date: the later line in the file is last", contact(i("2026-11-20", "email", "in"),
     i("2026-11-20", "interview")), KEEP, "2026-11-21", "scenario", None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("contact_", "settings", "due", "rule", "nudge"),
    [row[1:] for row in RULES],
    ids=[row[0] for row in RULES],
)
def test_rule_table(
    contact_: Contact,
    settings: Settings,
    due: str | None,
    rule: str | None,
    nudge: int | None,
) -> None:
    result = plan(contact_, settings, TODAY).due
    if due is None:
        assert result is None
        return
    assert result is not None
    assert (result.date.isoformat(), result.rule, result.nudge) == (due, rule, nudge)


# ------------------------------------------------------------------ weekends and holidays

WEEKENDS = [
    # id, contact, settings, due, shifted_from
    ("a deadline on Saturday holds: Friday", contact(i("2026-11-26", "event")), Settings(),
     "2026-11-27", "2026-11-28"),
    ("a deadline on Sunday holds: the day itself", contact(i("2026-11-27", "event")),
     Settings(), "2026-11-27", "2026-11-29"),
    ("deadline_shift later: Monday", contact(i("2026-11-26", "event")),
     Settings(deadline_shift="later"), "2026-11-30", "2026-11-28"),
    ("a reply due Saturday holds: Friday", contact(i("2026-11-27", "email", "in")),
     Settings(), "2026-11-27", "2026-11-28"),
    ("a deadline with no working day since: forward", contact(i("2026-11-28", "interview")),
     Settings(), "2026-11-30", "2026-11-29"),
    ("a nudge on Saturday waits: Monday", contact(i("2026-11-25", "email")), Settings(),
     "2026-11-30", "2026-11-28"),
    ("a cadence on Sunday waits: Monday",
     contact(i("2026-10-29", follow_up="none"), cadence=Duration(31)), Settings(),
     "2026-11-30", "2026-11-29"),
    ("keep leaves Saturday", contact(i("2026-11-26", "event")), KEEP, "2026-11-28", None),
    ("a weekday stays", contact(i("2026-11-23", "event")), Settings(), "2026-11-25", None),
    ("a holiday deadline holds: the day before", contact(i("2026-12-23", "interview")),
     Settings(holidays=frozenset({day("2026-12-24"), day("2026-12-25")})),
     "2026-12-23", "2026-12-24"),
    ("a Good Friday recap: the Thursday", contact(i("2027-03-24", "sales")),
     Settings(holidays=frozenset({day("2027-03-26")})), "2027-03-25", "2027-03-26"),
    ("holidays apply even when weekends are kept", contact(i("2026-12-23", "interview")),
     Settings(weekends="keep", holidays=frozenset({day("2026-12-24")})), "2026-12-23",
     "2026-12-24"),
    ("across the year end, later", contact(i("2026-12-31", "interview")),
     Settings(holidays=frozenset({day("2027-01-01")}), deadline_shift="later"),
     "2027-01-04", "2027-01-01"),
    ("across the year end, earlier", contact(i("2026-12-31", "interview")),
     Settings(holidays=frozenset({day("2027-01-01")})), "2026-12-31", "2027-01-01"),
    ("an explicit next on a Saturday is kept", contact(next=day("2026-11-28")), Settings(),
     "2026-11-28", None),
    ("an explicit follow_up date on a Sunday is kept",
     contact(i("2026-11-20", follow_up=day("2026-11-29"))), Settings(), "2026-11-29", None),
    ("a snooze date on a Saturday is kept", contact(i("2026-11-19", "interview"),
     snooze=day("2026-11-28")), Settings(), "2026-11-28", None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("contact_", "settings", "due", "shifted"),
    [row[1:] for row in WEEKENDS],
    ids=[row[0] for row in WEEKENDS],
)
def test_weekend_and_holiday_table(
    contact_: Contact, settings: Settings, due: str, shifted: str | None
) -> None:
    result = plan(contact_, settings, TODAY).due
    assert result is not None
    assert result.date.isoformat() == due
    assert (result.shifted_from.isoformat() if result.shifted_from else None) == shifted


# ------------------------------------------------------------------ reasons and details


@pytest.mark.parametrize(
    ("contact_", "reason"),
    [
        (contact(i("2026-11-19", "interview")), "Thank-you after interview on 2026-11-19"),
        (
            contact(i("2026-11-10"), i("2026-11-13")),
            "Nudge 2 of 3: no reply to email of 2026-11-10; last tried 2026-11-13",
        ),
        (contact(i("2026-11-10")), "Nudge 1 of 3: no reply to email of 2026-11-10"),
        (
            contact(i("2026-10-01", follow_up="none"), cadence=Duration(30)),
            "Keep in touch every 30 days; last contact 2026-10-01",
        ),
        (
            contact(cadence=Duration(months=1)),
            "Keep in touch every month; no contact yet: reach out",
        ),
        (
            contact(i("2026-11-21", "feedback", "in")),
            "Acknowledge their feedback of 2026-11-21",
        ),
        (
            contact(i("2026-11-21", "email", "in", summary="Can we talk on Friday?")),
            "Reply to their email of 2026-11-21: Can we talk on Friday?",
        ),
        (
            contact(i("2026-11-01"), next=day("2026-11-30")),
            "Planned follow-up (next: 2026-11-30); last contact: email out on 2026-11-01",
        ),
        (
            contact(i("2026-11-19", "interview"), snooze=day("2026-11-28")),
            "Thank-you after interview on 2026-11-19 (snoozed until 2026-11-28)",
        ),
        (
            contact(i("2026-11-10", "coffee", follow_up=Duration(14))),
            "Follow up 2 weeks after coffee on 2026-11-10",
        ),
    ],
)
def test_reasons_give_the_context_of_the_follow_up(contact_: Contact, reason: str) -> None:
    result = plan(contact_, KEEP, TODAY).due
    assert result is not None
    assert result.reason == reason


@pytest.mark.parametrize("rule_type", ["x{y}", "{", "}", "{date}", "a{0}b{date!r:>{x}}", "}{"])
def test_a_rule_type_with_braces_is_quoted_as_written_in_the_reason(rule_type: str) -> None:
    settings = replace(KEEP, rules={**KEEP.rules, rule_type: Duration(2)})
    result = plan(contact(i("2026-11-19", rule_type, summary="{date}")), settings, TODAY)
    assert result.problem is None and result.due is not None
    assert result.due.date == day("2026-11-21")
    assert result.due.reason == f"Follow up 2 days after {rule_type} on 2026-11-19: {{date}}"


def test_long_summaries_are_shortened_in_the_reason_only() -> None:
    summary = "word " * 40
    c = contact(i("2026-11-19", "interview", summary=summary))
    result = plan(c, KEEP, TODAY).due
    assert result is not None
    assert result.reason.endswith("…")
    assert len(result.reason) < 130
    assert c.interactions[0].summary == summary


def test_due_item_names_the_interaction_behind_it() -> None:
    behind = i("2026-11-19", "interview", line=12)
    result = plan(contact(i("2026-11-01", line=9), behind), KEEP, TODAY).due
    assert result is not None
    assert result.basis == behind


@pytest.mark.parametrize(
    ("fields", "interactions", "channel"),
    [
        ({"channel": "phone"}, [i("2026-11-19", "interview", channel="email")], "phone"),
        ({}, [i("2026-11-19", "interview", channel="linkedin")], "linkedin"),
        ({}, [i("2026-11-19", "interview")], None),
    ],
)
def test_channel_is_preferred_then_last_used(
    fields: dict[str, Any], interactions: list[Interaction], channel: str | None
) -> None:
    result = plan(contact(*interactions, **fields), KEEP, TODAY).due
    assert result is not None
    assert result.channel == channel


def test_a_quiet_contact_resumes_on_its_cadence_date_after_the_holiday_shift() -> None:
    history = [i("2026-10-01"), i("2026-10-04"), i("2026-10-11"), i("2026-10-25")]
    settings = Settings(holidays=frozenset({day("2026-11-24")}))
    result = plan(contact(*history, cadence=Duration(30)), settings, TODAY)
    assert result.due is not None and result.quiet is not None
    assert result.due.date == result.quiet.cadence_due == day("2026-11-25")


def test_gone_quiet_is_reported_with_the_unanswered_count() -> None:
    history = [i("2026-10-01"), i("2026-10-04"), i("2026-10-11"), i("2026-10-25")]
    quiet = plan(contact(*history), KEEP, TODAY).quiet
    assert quiet is not None
    assert (quiet.unanswered, quiet.last, quiet.cadence_due) == (4, history[-1], None)


def test_snooze_records_the_date_it_replaced() -> None:
    c = contact(i("2026-11-19", "interview"), snooze=day("2026-11-28"))
    result = plan(c, KEEP, TODAY).due
    assert result is not None
    assert result.snoozed_from == day("2026-11-20")


# ------------------------------------------------------------------ buckets and the agenda


@pytest.mark.parametrize(
    ("days", "horizon", "bucket"),
    [(-30, 7, "overdue"), (-1, 7, "overdue"), (0, 7, "today"), (1, 7, "upcoming"),
     (7, 7, "upcoming"), (8, 7, "later"), (1, 0, "later"), (0, 0, "today")],
)  # fmt: skip
def test_buckets(days: int, horizon: int, bucket: str) -> None:
    assert bucket_of(days, horizon) == bucket


def test_agenda_sorts_by_due_date_then_name_and_counts_inactive() -> None:
    contacts = [
        contact(i("2026-11-19", "interview"), name="zoe", path="z.md"),
        contact(i("2026-11-19", "interview"), name="Adam", path="a.md"),
        contact(i("2026-11-10", "interview"), name="Mia", path="m.md"),
        contact(i("2026-11-10", "interview"), name="Paused", path="p.md", status="paused"),
        contact(i("2026-11-01", follow_up="none"), cadence=Duration(60), name="Later", path="l.md"),
    ]
    problem = Problem("bad.md", 3, "broken")
    agenda = build_agenda(contacts, [problem], KEEP, TODAY)
    assert [item.due.contact.name for item in agenda.items] == ["Mia", "Adam", "zoe", "Later"]
    assert [item.bucket for item in agenda.items] == ["overdue", "overdue", "overdue", "later"]
    assert (agenda.contacts, agenda.inactive, agenda.problems) == (5, 1, (problem,))


def test_agenda_horizon_override() -> None:
    c = contact(i("2026-11-20", follow_up="none"), cadence=Duration(12))  # due Wed 12-02
    assert build_agenda([c], [], KEEP, TODAY).items[0].bucket == "later"
    assert build_agenda([c], [], KEEP, TODAY, horizon=10).items[0].bucket == "upcoming"


def test_the_engine_is_a_function_of_today() -> None:
    c = contact(i("2026-11-19", "interview"))
    assert build_agenda([c], [], KEEP, D(2026, 11, 19)).items[0].bucket == "upcoming"
    assert build_agenda([c], [], KEEP, D(2026, 11, 20)).items[0].bucket == "today"
    assert build_agenda([c], [], KEEP, D(2026, 11, 21)).items[0].bucket == "overdue"


# ------------------------------------------------------------------ properties

TYPES = st.sampled_from(["email", "interview", "event", "call", "feedback", "message", "coffee"])
DATES = st.dates(min_value=D(2025, 1, 1), max_value=D(2027, 12, 31))
INTERACTIONS = st.builds(
    Interaction,
    date=DATES,
    type=TYPES,
    direction=st.sampled_from(["in", "out"]),
    follow_up=st.one_of(st.none(), st.just("none"), st.integers(0, 90).map(Duration)),
)
CONTACTS = st.builds(
    Contact,
    path=st.just("x.md"),
    name=st.just("X"),
    interactions=st.lists(INTERACTIONS, max_size=8).map(tuple),
    cadence=st.one_of(st.none(), st.integers(1, 120).map(Duration)),
    snooze=st.one_of(st.none(), DATES),
    next=st.one_of(st.none(), DATES),
)


@given(CONTACTS, DATES)
def test_due_is_never_before_the_last_interaction_unless_written_so(
    c: Contact, today: dt.date
) -> None:
    due = plan(c, Settings(), today).due
    if due is None or not c.interactions:
        return
    last = max(x.date for x in c.interactions)
    if due.rule != "next" and due.snoozed_from is None:
        assert due.date >= last


@given(CONTACTS, DATES)
def test_a_computed_date_never_lands_on_a_weekend(c: Contact, today: dt.date) -> None:
    due = plan(c, Settings(), today).due
    computed = due is not None and due.rule in ("reply", "scenario", "nudge", "cadence")
    if computed and due is not None and due.snoozed_from is None:
        assert due.date.weekday() < 5


@given(CONTACTS, DATES)
def test_snooze_is_a_floor(c: Contact, today: dt.date) -> None:
    due = plan(c, Settings(), today).due
    if due is not None and c.snooze is not None:
        assert due.date >= c.snooze


@given(DATES, st.frozensets(DATES, max_size=20))
def test_next_working_day_skips_weekends_and_holidays(
    date: dt.date, holidays: frozenset[dt.date]
) -> None:
    result = next_working_day(date, Settings(holidays=holidays))
    assert result >= date and result.weekday() < 5 and result not in holidays


@given(CONTACTS, DATES, st.sampled_from([Settings(), KEEP, Settings(nudges=(Duration(1),) * 6)]))
def test_the_cached_essentials_plan_exactly_like_the_whole_history(
    c: Contact, today: dt.date, settings: Settings
) -> None:
    whole = plan(c, settings, today)
    kept = essentials(ParsedNote(c)).contact
    assert kept is not None and len(kept.interactions) <= len(c.interactions)
    assert plan(kept, settings, today) == replace(
        whole,
        due=whole.due and replace(whole.due, contact=kept),
        quiet=whole.quiet and replace(whole.quiet, contact=kept),
        missed=whole.missed and replace(whole.missed, due=replace(whole.missed.due, contact=kept)),
    )


@given(
    st.lists(CONTACTS, min_size=1, max_size=6),
    st.lists(st.tuples(st.integers(0, 5), st.one_of(st.none(), CONTACTS)), max_size=8),
    DATES,
    st.sampled_from([Settings(), KEEP]),
)
def test_an_agenda_book_after_any_puts_and_drops_is_the_agenda_planned_afresh(
    contacts: list[Contact],
    steps: list[tuple[int, Contact | None]],
    today: dt.date,
    settings: Settings,
) -> None:
    """The rows the watcher and the row cache keep: however notes change, appear and go
    (None: the note is deleted), the book's agenda equals one planned from scratch."""
    notes: dict[str, Contact] = {
        f"{n}.md": replace(c, path=f"{n}.md") for n, c in enumerate(contacts)
    }
    book = AgendaBook(settings, today, settings.horizon)
    for path, c in notes.items():
        book.plan(path, 0, ParsedNote(c))
    for version, (index, new) in enumerate(steps, start=1):
        path = f"{index}.md"
        if new is None:
            notes.pop(path, None)
            book.drop(path)
        else:
            notes[path] = replace(new, path=path)
            book.plan(path, version, ParsedNote(notes[path]))
        fresh = build_agenda(sorted(notes.values(), key=lambda c: c.path), [], settings, today)
        assert book.agenda() == fresh


def test_an_agenda_book_plans_a_note_only_when_told(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rows are reused by token: putting an unchanged row back plans nothing."""
    book = AgendaBook(KEEP, TODAY, 7)
    planned: list[str] = []
    real = schedule.plan
    monkeypatch.setattr(schedule, "plan", lambda c, *rest: planned.append(c.path) or real(c, *rest))
    for n in range(5):
        c = contact(i("2026-11-01", follow_up="none"), cadence=Duration(n + 1), path=f"{n}.md")
        book.plan(f"{n}.md", 1, ParsedNote(c))
    assert len(planned) == 5 and book.token("2.md") == 1 and book.token("9.md") is None
    c = contact(i("2026-11-01", follow_up="none"), cadence=Duration(30), path="2.md")
    book.plan("2.md", 2, ParsedNote(c))
    assert planned[5:] == ["2.md"] and book.token("2.md") == 2
    assert [item.due.contact.path for item in book.agenda().items] == [
        "0.md", "1.md", "3.md", "4.md", "2.md"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("c", "due"),
    [
        (contact(i("9999-12-31", "interview")), None),
        (contact(i("9999-12-01", follow_up="none"), cadence=Duration(months=1)), None),
        (contact(i("9999-12-30")), None),  # nudge 1: three days later
        (contact(i("9999-12-30", "interview")), "9999-12-31"),  # a Friday: the last day
    ],
    ids=["thank-you past the end", "cadence past the end", "nudge past the end", "the last day"],
)
def test_a_date_beyond_the_calendar_costs_only_that_contact(c: Contact, due: str | None) -> None:
    fine = contact(i("2026-11-19", "interview"), path="ok.md", name="Ok")
    agenda = build_agenda([c, fine], [], Settings(), TODAY)
    future = [p for p in agenda.problems if "is in the future: a typo?" in p.message]
    assert len(future) == len(c.interactions)  # dated after today: each a warning (issue 11)
    problems = tuple(p for p in agenda.problems if p not in future)
    if due is None:
        assert [item.due.contact.name for item in agenda.items] == ["Ok"]
        (problem,) = problems
        assert problem.path == c.path and "beyond the year 9999" in problem.message
    else:
        assert [item.due.date.isoformat() for item in agenda.items] == ["2026-11-20", due]
        assert problems == ()


@pytest.mark.parametrize(
    ("start", "duration"),
    [
        (D(9999, 12, 1), Duration(months=1)),
        (D(9999, 1, 31), Duration(months=12)),
        (D(9999, 12, 31), Duration(1)),
        (D(9999, 11, 30), Duration(days=2, months=1)),
    ],
)
def test_date_arithmetic_past_the_end_raises_overflow_error_only(
    start: dt.date, duration: Duration
) -> None:
    """The one exception `plan` turns into a Problem; nothing else passes for one."""
    with pytest.raises(OverflowError):
        duration.after(start)


def test_the_last_day_of_the_calendar_is_a_valid_today() -> None:
    agenda = build_agenda([contact(cadence=Duration(30))], [], KEEP, dt.date.max)
    assert agenda.bucket("today")[0].due.date == dt.date.max


@given(st.lists(CONTACTS, max_size=8), DATES, st.sampled_from([Settings(), KEEP]))
def test_an_agenda_from_rows_put_in_a_book_is_the_agenda(
    contacts: list[Contact], today: dt.date, settings: Settings
) -> None:
    """What a command does with rows from the cache: put them back, plan nothing."""
    contacts = [replace(c, path=f"{n}.md") for n, c in enumerate(contacts)]
    problems = [Problem("x.md", 1, "broken")]
    book = AgendaBook(settings, today, settings.horizon)
    for c in contacts:
        book.put(c.path, None, note_row(ParsedNote(c), settings, today, settings.horizon))
    assert book.agenda(problems) == build_agenda(contacts, problems, settings, today)
