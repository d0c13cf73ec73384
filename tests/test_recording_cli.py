"""Saying it from the command line: `done`/`log` with --no-reply, --type, --date and
--follow-up, `next`, and days in words (`fri`, `yesterday`) wherever a date is asked for.

Through the real CLI on real notes, whole files compared byte for byte; today is
Sunday 2026-11-22 (tests/conftest.py). The resolution of days in words is pinned by
tables at the end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from followup_md.cli.params import WEEKDAYS, day_word, resolve_day
from followup_md.errors import UsageError

from .conftest import TODAY, Run

WriteNote = Callable[[str, "str | bytes"], Path]

DANA = (
    "---\n"
    "name: Dana Park   # met at PyCon\n"
    "channel: email\n"
    "interactions:\n"
    "  - date: 2026-11-19\n"
    "    type: interview\n"
    "    summary: Panel interview\n"
    "---\n"
    "Body stays.\n"
)

LAST = "    summary: Panel interview\n"
"""The last line of Dana's last interaction: new ones go right after it."""

FORMS = "YYYY-MM-DD, today, yesterday, tomorrow, or a weekday (monday or mon, any case)"


@pytest.fixture
def dana(write_note: WriteNote) -> Path:
    return write_note("People/Dana Park.md", DANA)


def with_interaction(*lines: str) -> bytes:
    """Dana's note with one interaction appended, given as its lines."""
    return DANA.replace(LAST, LAST + "".join(f"{line}\n" for line in lines)).encode("utf-8")


def with_key(line: str) -> bytes:
    """Dana's note with one top-level line added at the end of the front matter."""
    return DANA.replace("---\nBody", f"{line}\n---\nBody").encode("utf-8")


def ok(run: Run, *args: str) -> list[str]:
    result = run(*args)
    assert result.exit_code == 0, result.output
    lines: list[str] = result.stdout.splitlines()
    return lines


# ------------------------------------------------------------------ done


def test_done_no_reply_writes_follow_up_none(run: Run, dana: Path) -> None:
    """After an interview a reply is awaited; --no-reply says none is."""
    out = ok(run, "done", "dana", "--no-reply")
    assert dana.read_bytes() == with_interaction(
        "  - date: 2026-11-22", "    type: followup", "    follow_up: none"
    )
    assert out[0] == "Recorded a follow-up on 2026-11-22 — Dana Park (People/Dana Park.md)"
    assert out[1] == "No follow-up scheduled: add a cadence or a `next` date to get one."


def test_done_with_a_type_and_a_date(run: Run, dana: Path) -> None:
    out = ok(run, "done", "dana", "--type", "call", "--date", "2026-11-20", "-s", "Rang her")
    assert dana.read_bytes() == with_interaction(
        "  - date: 2026-11-20", "    type: call", "    summary: Rang her"
    )
    assert out[0] == "Recorded a follow-up call on 2026-11-20 — Dana Park (People/Dana Park.md)"
    # a recap two days after the call: Sunday, a deadline, so the last working day on or
    # after the call (the Friday of the call itself)
    assert out[1] == (
        "Next follow-up: Fri 2026-11-20 (2 days overdue) via email: "
        "Follow up after call on 2026-11-20: Rang her"
    )


def test_done_date_in_words_and_the_short_type_option(run: Run, dana: Path) -> None:
    ok(run, "done", "dana", "-t", "message", "--date", "fri")
    assert dana.read_bytes() == with_interaction("  - date: 2026-11-20", "    type: message")


def test_done_follow_up_replaces_nothing(run: Run, dana: Path) -> None:
    out = ok(run, "done", "dana", "--follow-up", "2w")
    assert dana.read_bytes() == with_interaction(
        "  - date: 2026-11-22", "    type: followup", "    follow_up: 2w"
    )
    assert out[1] == (  # two weeks on is a Sunday: the Monday
        "Next follow-up: Mon 2026-12-07 (in 15 days) via email: "
        "Follow up 2 weeks after followup on 2026-11-22"
    )


REPLY_DUE = "---\ninteractions:\n  - {date: 2026-11-21, type: email, direction: in}\n---\n"
"""They wrote yesterday: an answer is due, and `done` would write follow_up: none."""


def reply_due_with(item: str) -> bytes:
    return REPLY_DUE.replace("\n---\n", f"\n  - {{{item}}}\n---\n").encode()


@pytest.mark.parametrize(
    ("args", "added"),
    [
        ((), "date: 2026-11-22, type: followup, direction: out, follow_up: none"),
        (("--follow-up", "2w"), "date: 2026-11-22, type: followup, direction: out, follow_up: 2w"),
        (
            ("--follow-up", "fri"),
            "date: 2026-11-22, type: followup, direction: out, follow_up: 2026-11-27",
        ),
        (("--no-reply",), "date: 2026-11-22, type: followup, direction: out, follow_up: none"),
    ],
    ids=["automatic none", "2w instead", "a weekday instead", "no-reply"],
)
def test_done_follow_up_replaces_the_automatic_none(
    run: Run, write_note: WriteNote, args: tuple[str, ...], added: str
) -> None:
    path = write_note("Sam.md", REPLY_DUE)
    ok(run, "done", "sam", *args)
    assert path.read_bytes() == reply_due_with(added)


def test_done_sees_what_was_due_from_today_not_from_the_date_given(
    run: Run, write_note: WriteNote
) -> None:
    """The reply was due from 2026-11-21; a follow-up dated earlier still answers it."""
    path = write_note("Sam.md", REPLY_DUE)
    ok(run, "done", "sam", "--date", "2026-11-21")
    assert path.read_bytes() == reply_due_with(
        "date: 2026-11-21, type: followup, direction: out, follow_up: none"
    )


# ------------------------------------------------------------------ log


def test_log_no_reply_writes_follow_up_none(run: Run, dana: Path) -> None:
    out = ok(run, "log", "dana", "-t", "message", "--no-reply", "-s", "Congrats")
    assert dana.read_bytes() == with_interaction(
        "  - date: 2026-11-22", "    type: message", "    summary: Congrats", "    follow_up: none"
    )
    assert out[0] == "Recorded message out on 2026-11-22 — Dana Park (People/Dana Park.md)"


@pytest.mark.parametrize(
    ("word", "day"),
    [
        ("fri", "2026-11-20"),
        ("Friday", "2026-11-20"),
        ("today", "2026-11-22"),
        ("yesterday", "2026-11-21"),
        ("sunday", "2026-11-22"),  # today is a Sunday: the latest Sunday is today
        ("SUN", "2026-11-22"),
        ("mon", "2026-11-16"),
        ("sat", "2026-11-21"),
        ("tomorrow", "2026-11-23"),
    ],
)
def test_log_date_in_words_is_the_latest_such_day(
    run: Run, dana: Path, word: str, day: str
) -> None:
    out = ok(run, "log", "dana", "--date", word)
    assert dana.read_bytes() == with_interaction(f"  - date: {day}", "    type: followup")
    assert out[0] == f"Recorded followup out on {day} — Dana Park (People/Dana Park.md)"


def test_log_follow_up_in_words_is_the_next_such_day(run: Run, dana: Path) -> None:
    ok(run, "log", "dana", "--follow-up", "Sun")
    assert dana.read_bytes() == with_interaction(
        "  - date: 2026-11-22", "    type: followup", "    follow_up: 2026-11-29"
    )


# ------------------------------------------------------------------ next


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("2026-12-01", "2026-12-01"),
        ("2w", "2026-12-06"),  # a duration counts from today
        ("fri", "2026-11-27"),
        ("Sunday", "2026-11-29"),  # today is a Sunday: the next one is a week later
        ("tomorrow", "2026-11-23"),
    ],
)
def test_next_sets_only_its_value(run: Run, dana: Path, value: str, day: str) -> None:
    out = ok(run, "next", "dana", value)
    assert dana.read_bytes() == with_key(f"next: {day}")
    assert out[0] == f"Next follow-up set for {day} — Dana Park (People/Dana Park.md)"


def test_next_prints_the_next_follow_up(run: Run, dana: Path) -> None:
    assert ok(run, "next", "dana", "2026-12-01") == [
        "Next follow-up set for 2026-12-01 — Dana Park (People/Dana Park.md)",
        "Next follow-up: Tue 2026-12-01 (in 9 days) via email: Planned follow-up "
        "(next: 2026-12-01); last contact: interview out on 2026-11-19: Panel interview",
    ]


def test_next_replaces_an_existing_value_and_keeps_its_comment(
    run: Run, write_note: WriteNote
) -> None:
    note = "---\nnext: 2026-11-24  # after the board meeting\ncadence: 30d\n---\nBody\n"
    path = write_note("Kim.md", note)
    ok(run, "next", "kim", "mon")
    assert path.read_bytes() == note.replace("2026-11-24", "2026-11-23").encode()


def test_next_yesterday_needs_yes(run: Run, dana: Path) -> None:
    before = dana.read_bytes()
    assert run("next", "dana", "yesterday").exit_code == 2  # issue 11: a past date is a slip
    assert dana.read_bytes() == before
    ok(run, "next", "dana", "yesterday", "--yes")
    assert dana.read_bytes() == with_key("next: 2026-11-21")


# ------------------------------------------------------------------ snooze


@pytest.mark.parametrize(
    ("value", "day"),
    [
        ("mon", "2026-11-23"),
        ("sun", "2026-11-29"),  # today is a Sunday: a week later
        ("SATURDAY", "2026-11-28"),
        ("2026-12-01", "2026-12-01"),
        ("3d", "2026-11-25"),
    ],
)
def test_snooze_in_words_is_the_next_such_day(run: Run, dana: Path, value: str, day: str) -> None:
    out = ok(run, "snooze", "dana", value)
    assert dana.read_bytes() == with_key(f"snooze: {day}")
    assert out[0] == f"Snoozed until {day} — Dana Park (People/Dana Park.md)"


# ------------------------------------------------------------------ refusals


@pytest.mark.parametrize("command", ["done", "log"])
def test_no_reply_with_a_follow_up_is_refused(run: Run, dana: Path, command: str) -> None:
    result = run(command, "dana", "--no-reply", "--follow-up", "3d")
    assert result.exit_code == 2
    assert "--no-reply and --follow-up contradict each other" in result.stderr
    assert dana.read_bytes() == DANA.encode()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["log", "dana", "--date", "someday"], f"'someday' is not a date; give {FORMS}"),
        (["done", "dana", "--date", "mond"], f"'mond' is not a date; give {FORMS}"),
        (["done", "dana", "--date", "2026-11-31"], FORMS),
        (["next", "dana", "soon"], f"'soon' is neither a date ({FORMS}) nor a duration"),
        (["snooze", "dana", "fr"], f"'fr' is neither a date ({FORMS}) nor a duration"),
        (["done", "dana", "--follow-up", "later"], f"a date ({FORMS}), or none"),
        (["done", "dana", "--follow-up", "500y"], "longer than 100 years"),
        (["log", "dana", "--follow-up", "2026-02-30"], "is not a real date"),
        (["done", "dana", "-t", "two words"], "should be one word"),
    ],
)
def test_a_bad_value_is_a_usage_error_that_lists_what_is_accepted(
    run: Run, dana: Path, args: list[str], message: str
) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())  # click may wrap it
    assert dana.read_bytes() == DANA.encode()


@pytest.mark.parametrize("value", ["today", "fri", "yesterday"])
def test_the_today_option_stays_strict(run: Run, value: str) -> None:
    result = run("--today", value, "agenda", "--no-write", today=None)
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr


@pytest.mark.parametrize(
    ("today", "args"),
    [
        (dt.date(9999, 12, 31), ("next", "dana", "fri")),
        (dt.date(9999, 12, 31), ("snooze", "dana", "tomorrow")),
        (dt.date(1, 1, 1), ("log", "dana", "--date", "yesterday")),
    ],
)
def test_a_day_beyond_the_calendar_is_a_usage_error(
    run: Run, dana: Path, today: dt.date, args: tuple[str, ...]
) -> None:
    result = run(*args, today=today)
    assert result.exit_code == 2
    assert "outside the calendar" in result.stderr
    assert dana.read_bytes() == DANA.encode()


@pytest.mark.parametrize(
    ("command", "example"),
    [
        ("log", "--no-reply"),
        ("log", "--date yesterday"),
        ("done", "--no-reply"),
        ("done", "--date fri --follow-up 2w"),
        ("next", "followup next kim fri"),
        ("snooze", "followup snooze kim mon"),
    ],
)
def test_help_shows_the_new_options_with_examples(run: Run, command: str, example: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    examples = result.stdout.split("Examples:")[1].split("Options:")[0]
    assert example in examples


# ------------------------------------------------------------------ days in words

SUNDAY = TODAY  # 2026-11-22
WEDNESDAY = dt.date(2026, 11, 25)

# weekday -> (latest on or before, next after), seen from Sunday 2026-11-22
FROM_SUNDAY = {
    "monday": ("2026-11-16", "2026-11-23"),
    "tuesday": ("2026-11-17", "2026-11-24"),
    "wednesday": ("2026-11-18", "2026-11-25"),
    "thursday": ("2026-11-19", "2026-11-26"),
    "friday": ("2026-11-20", "2026-11-27"),
    "saturday": ("2026-11-21", "2026-11-28"),
    "sunday": ("2026-11-22", "2026-11-29"),
}
# and from Wednesday 2026-11-25
FROM_WEDNESDAY = {
    "monday": ("2026-11-23", "2026-11-30"),
    "tuesday": ("2026-11-24", "2026-12-01"),
    "wednesday": ("2026-11-25", "2026-12-02"),
    "thursday": ("2026-11-19", "2026-11-26"),
    "friday": ("2026-11-20", "2026-11-27"),
    "saturday": ("2026-11-21", "2026-11-28"),
    "sunday": ("2026-11-22", "2026-11-29"),
}

WEEKDAY_CASES = [
    (today, spelled, back, ahead)
    for today, table in ((SUNDAY, FROM_SUNDAY), (WEDNESDAY, FROM_WEDNESDAY))
    for name, (back, ahead) in table.items()
    for spelled in (name, name[:3], name.upper(), name[:3].title(), f" {name.title()} ")
]


@pytest.mark.parametrize(("today", "text", "back", "ahead"), WEEKDAY_CASES)
def test_weekdays_resolve_both_ways(today: dt.date, text: str, back: str, ahead: str) -> None:
    assert resolve_day(text, today, ahead=False).isoformat() == back
    assert resolve_day(text, today, ahead=True).isoformat() == ahead


def test_the_tables_cover_every_weekday_and_its_own_day() -> None:
    assert set(FROM_SUNDAY) == set(FROM_WEDNESDAY) == set(WEEKDAYS)
    assert FROM_SUNDAY["sunday"][0] == SUNDAY.isoformat()
    assert FROM_WEDNESDAY["wednesday"][0] == WEDNESDAY.isoformat()


@pytest.mark.parametrize(
    ("text", "offset"),
    [("today", 0), ("TODAY", 0), ("yesterday", -1), ("Yesterday", -1), ("tomorrow", 1)],
)
@pytest.mark.parametrize("ahead", [False, True])
def test_relative_words_mean_the_same_both_ways(text: str, offset: int, ahead: bool) -> None:
    for today in (SUNDAY, WEDNESDAY):
        assert resolve_day(text, today, ahead=ahead) == today + dt.timedelta(days=offset)


@pytest.mark.parametrize(
    "text", ["", "mo", "mond", "tues", "thurs", "fridays", "next friday", "1d", "2026-11-20", "tod"]
)
def test_anything_else_is_no_day(text: str) -> None:
    assert day_word(text) is None
    with pytest.raises(ValueError, match="today, yesterday, tomorrow, or a weekday"):
        resolve_day(text, SUNDAY, ahead=True)


def test_leaving_the_calendar_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="outside the calendar"):
        resolve_day("mon", dt.date.max, ahead=True)
    with pytest.raises(UsageError, match="outside the calendar"):
        resolve_day("yesterday", dt.date.min, ahead=False)
    assert resolve_day("fri", dt.date.max, ahead=False) == dt.date(9999, 12, 31)  # a Friday


def test_add_knows_a_name_in_another_unicode_form(run: Run, vault: Path) -> None:
    import unicodedata

    nfc = "Zoë Ångström"
    assert run("add", nfc).exit_code == 0
    again = run("add", unicodedata.normalize("NFD", nfc))
    assert again.exit_code == 1 and "already exists" in again.stderr
    assert len(list(vault.glob("*.md"))) == 1
