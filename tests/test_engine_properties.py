"""Properties of the engine that every contact, profile and setting must keep.

- A date shown never falls on a day its profile skips (a weekend under `skip`, a
  holiday) unless the user wrote that date: `next`, a `follow_up` date, `snooze`,
  a birthday.
- A conversation as the last interaction never gives a nudge or a reply, and never
  "gone quiet"; neither does a message under a profile without nudges.
- `plan()` never raises, for any contact on any day: a date beyond the calendar is a
  problem in that note.
- The history the caches keep plans exactly like the whole one, whatever the profile.

Each runs about a hundred examples in the normal run.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from followup_md.core.durations import Duration
from followup_md.core.model import Birthday, Contact, Due, Interaction, ParsedNote
from followup_md.core.profiles import resolve
from followup_md.core.rules import essentials, plan, working
from followup_md.core.settings import CONVERSATIONS, Settings
from followup_md.vault.config import from_mapping

D = dt.date
CHRISTMAS = ["2026-12-24", "2026-12-25", "2027-01-01", "2027-03-26", "2027-03-29"]

SETTINGS = st.sampled_from(
    [
        Settings(),
        Settings(weekends="keep"),
        from_mapping({"holidays": CHRISTMAS}),
        from_mapping({"holidays": CHRISTMAS, "deadline_shift": "later"}),
        from_mapping({"holidays": CHRISTMAS, "default_profile": "personal"}),
        from_mapping({"weekends": "keep", "holidays": CHRISTMAS, "reply_within": "3d"}),
        from_mapping(
            {
                "holidays": CHRISTMAS,
                "profiles": {
                    "mentor": {"nudges": ["5d", "9d"], "cadence": "45d", "weekends": "keep"},
                    "personal": {"cadence": "20d", "weekends": "skip"},
                },
                "tag_profile": {"client": "mentor"},
                "tag_cadence": {"close": "10d"},
                "rules": {"coffee": "3d", "feedback": "none"},
                "stale_after": "10d",
            }
        ),
        from_mapping({"conversations": ["call", "coffee"], "nudges": ["1d", "2d", "3d", "4d"]}),
    ]
)
TYPES = st.sampled_from(
    ["email", "message", "text", "letter", "followup", "feedback", "linkedin", "call",
     "meeting", "visit", "coffee", "interview", "event", "sales", "dinner", "x{y}"]
)  # fmt: skip
DATES = st.dates(min_value=D(2026, 9, 1), max_value=D(2027, 4, 30))
FOLLOW_UPS = st.one_of(
    st.none(), st.just("none"), st.integers(0, 60).map(Duration), DATES
)  # mostly none: the rules decide
BIRTHDAYS = st.builds(
    lambda born, with_year: Birthday(born.month, born.day, born.year if with_year else None),
    st.dates(min_value=D(1936, 1, 1), max_value=D(2024, 12, 31)),
    st.booleans(),
)


def interactions(dates: st.SearchStrategy[dt.date]) -> st.SearchStrategy[Interaction]:
    return st.builds(
        Interaction,
        date=dates,
        type=TYPES,
        direction=st.sampled_from(["in", "out"]),
        channel=st.one_of(st.none(), st.sampled_from(["email", "phone"])),
        follow_up=st.one_of(st.none(), st.none(), FOLLOW_UPS),
    )


CONTACTS = st.builds(
    Contact,
    path=st.just("x.md"),
    name=st.just("X"),
    interactions=st.lists(interactions(DATES), max_size=6).map(tuple),
    cadence=st.one_of(st.none(), st.integers(1, 90).map(Duration)),
    snooze=st.one_of(st.none(), DATES),
    next=st.one_of(st.none(), DATES),
    tags=st.lists(
        st.sampled_from(["family", "friends", "client", "close", "work"]), max_size=3
    ).map(tuple),
    profile=st.one_of(st.none(), st.sampled_from(["personal", "professional", "mentor", "nope"])),
    birthday=st.one_of(st.none(), BIRTHDAYS),
    added=st.one_of(st.none(), DATES),
    email=st.one_of(st.none(), st.just("x@example.com")),
)


def written_by_the_user(due: Due) -> bool:
    """A date the user wrote: `next`, a `follow_up` date, a snooze, a birthday."""
    if due.rule in ("next", "birthday") or due.snoozed_from is not None:
        return True
    return (
        due.rule == "follow_up"
        and due.basis is not None
        and isinstance(due.basis.follow_up, dt.date)
    )


@settings(max_examples=100)
@given(CONTACTS, DATES, SETTINGS)
def test_a_date_shown_never_falls_on_a_skipped_day_unless_the_user_wrote_it(
    c: Contact, today: dt.date, config: Settings
) -> None:
    result = plan(c, config, today)
    profiles = resolve(config)
    for due in (result.due, result.missed.due if result.missed else None):
        if due is not None and not written_by_the_user(due):
            assert working(due.date, profiles[due.profile], config), due
    if result.due is not None and result.due.rule == "birthday":
        assert result.due.date >= today and result.due.shifted_from is None


@settings(max_examples=100)
@given(
    CONTACTS,
    st.sampled_from(sorted(CONVERSATIONS)),
    st.sampled_from(["in", "out"]),
    st.integers(0, 30),
    DATES,
    SETTINGS,
)
def test_a_conversation_last_never_gives_a_nudge_or_a_reply(
    c: Contact, kind: str, direction: str, after: int, today: dt.date, config: Settings
) -> None:
    if kind not in config.conversations:
        kind = sorted(config.conversations)[0]
    latest = max((x.date for x in c.interactions), default=D(2026, 9, 1))
    talk = Interaction(latest + dt.timedelta(days=after), kind, direction)  # type: ignore[arg-type]
    result = plan(replace(c, interactions=(*c.interactions, talk)), config, today)
    assert result.quiet is None
    for due in (result.due, result.missed.due if result.missed else None):
        assert due is None or due.rule not in ("nudge", "reply"), due


@settings(max_examples=100)
@given(st.lists(st.sampled_from(["message", "email", "text", "followup"]), min_size=1),
       st.lists(st.integers(0, 40), min_size=1), DATES)  # fmt: skip
def test_messages_to_family_never_nudge_and_never_go_quiet(
    kinds: list[str], gaps: list[int], today: dt.date
) -> None:
    when, history = D(2026, 9, 1), []
    for kind, gap in zip(kinds, gaps * len(kinds), strict=False):
        when += dt.timedelta(days=gap)
        history.append(Interaction(when, kind, "out"))
    result = plan(Contact("Mom.md", "Mom", tags=("family",), interactions=tuple(history)),
                  Settings(), today)  # fmt: skip
    assert (result.due, result.quiet, result.missed) == (None, None, None)


ANY_DATE = st.dates()
HUGE = st.builds(Duration, st.integers(0, 4_000_000), st.integers(0, 130_000))
ANY_CONTACT = st.builds(
    Contact,
    path=st.just("x.md"),
    name=st.just("X"),
    interactions=st.lists(
        st.builds(
            Interaction,
            date=ANY_DATE,
            type=TYPES,
            direction=st.sampled_from(["in", "out"]),
            follow_up=st.one_of(st.none(), st.just("none"), HUGE, ANY_DATE),
        ),
        max_size=5,
    ).map(tuple),
    cadence=st.one_of(st.none(), HUGE),
    snooze=st.one_of(st.none(), ANY_DATE),
    next=st.one_of(st.none(), ANY_DATE),
    tags=st.lists(st.sampled_from(["family", "client", "close"]), max_size=2).map(tuple),
    profile=st.one_of(st.none(), st.sampled_from(["personal", "mentor", "nope"])),
    birthday=st.one_of(st.none(), BIRTHDAYS),
    added=st.one_of(st.none(), ANY_DATE),
)
ANY_SETTINGS = st.builds(
    lambda base, stale, nudges, horizon: replace(
        base, stale_after=stale, nudges=nudges, horizon=horizon
    ),
    SETTINGS,
    HUGE,
    st.lists(HUGE, max_size=3).map(tuple),
    st.integers(0, 3660),
)


@settings(max_examples=100)
@given(ANY_CONTACT, st.one_of(ANY_DATE, st.just(dt.date.max), st.just(dt.date.min)), ANY_SETTINGS)
def test_the_plan_never_raises(c: Contact, today: dt.date, config: Settings) -> None:
    result = plan(c, config, today)
    if result.problem is not None and "9999" in result.problem.message:
        assert result.due is None
    if result.due is not None and result.due.rule == "birthday":
        assert result.due.date >= today


@settings(max_examples=100)
@given(CONTACTS, DATES, SETTINGS)
def test_the_cached_essentials_plan_like_the_whole_history_in_every_profile(
    c: Contact, today: dt.date, config: Settings
) -> None:
    whole = plan(c, config, today)
    kept = essentials(ParsedNote(c)).contact
    assert kept is not None
    assert plan(kept, config, today) == replace(
        whole,
        due=whole.due and replace(whole.due, contact=kept),
        quiet=whole.quiet and replace(whole.quiet, contact=kept),
        missed=whole.missed and replace(whole.missed, due=replace(whole.missed.due, contact=kept)),
    )


@settings(max_examples=100)
@given(CONTACTS, CONTACTS, DATES, SETTINGS)
def test_a_copy_without_init_is_the_replaced_record(
    c: Contact, other: Contact, today: dt.date, config: Settings
) -> None:
    """`copied` gives what `dataclasses.replace` gives: equal, same hash, repr and pickle
    (as the caches and the watcher compare and keep them), for contacts and for every
    record a plan holds; a field the class has not is refused."""
    import pickle

    import pytest

    from followup_md.core.records import copied

    changes = {"interactions": other.interactions, "tags": other.tags, "next": other.next}
    pairs: list[tuple[object, object]] = [
        (copied(c, **changes), replace(c, **changes)),
        (copied(c), replace(c)),
    ]
    result = plan(c, config, today)
    for record, field, value in (
        (result.due, "contact", other),
        (result.quiet, "contact", other),
        (result.missed, "cadence_due", today),
    ):
        if record is not None:
            pairs.append((copied(record, **{field: value}), replace(record, **{field: value})))
    for made, built in pairs:
        assert made == built and hash(made) == hash(built) and repr(made) == repr(built)
        assert pickle.loads(pickle.dumps(made)) == built
    with pytest.raises(TypeError, match="no field"):
        copied(c, nope=1)
