"""`followup sync calendar`: an `.ics` file written here (attendees, a recurring event,
a cancelled one, one you declined, a future one, a category), synced through the real
CLI into real notes, compared whole, byte for byte."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .conftest import Run

CONFIG = "me: [me@home.example]\n"

DANA = """---
email: dana@northwind.example
interactions:
  - date: 2026-11-10
    type: email
    summary: Sent my application
---
"""

BOB = "---\nemail: bob@stone.example\ninteractions: []\n---\nNotes.\n"


def event(uid: str, start: str, summary: str, *lines: str) -> str:
    return "\r\n".join(
        ["BEGIN:VEVENT", f"UID:{uid}", "DTSTAMP:20261101T000000Z", f"DTSTART:{start}",
         f"SUMMARY:{summary}", *lines, "END:VEVENT"]
    )  # fmt: skip


ME_ORGANIZES = "ORGANIZER;CN=Me:mailto:me@home.example"
CALENDAR = "\r\n".join(
    [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//test//EN",
        event("w1@cal", "20261118T100000Z", "Pricing workshop", ME_ORGANIZES,
              "ATTENDEE;PARTSTAT=ACCEPTED:mailto:DANA@northwind.example"),
        event("r1@cal", "20261102T090000Z", "Weekly sync", "RRULE:FREQ=WEEKLY;COUNT=6",
              "ORGANIZER:mailto:bob@stone.example", "ATTENDEE:mailto:me@home.example"),
        event("c1@cal", "20261117T100000Z", "Cancelled lunch", "STATUS:CANCELLED",
              "ATTENDEE:mailto:dana@northwind.example"),
        event("d1@cal", "20261116T100000Z", "Declined demo",
              "ORGANIZER:mailto:dana@northwind.example",
              "ATTENDEE;PARTSTAT=DECLINED:mailto:me@home.example"),
        event("f1@cal", "20261201T100000Z", "Future call",
              "ATTENDEE:mailto:dana@northwind.example"),
        event("i1@cal", "20261119T130000Z", "Panel", "CATEGORIES:Interview,Work",
              "ATTENDEE:mailto:dana@northwind.example"),
        event("x1@cal", "20261119T150000Z", "Team", "ATTENDEE:mailto:someone@else.example"),
        "END:VCALENDAR",
        "",
    ]
)  # fmt: skip

DANA_AFTER = DANA.removesuffix("---\n") + (
    "  - date: 2026-11-18\n    type: meeting\n    summary: Pricing workshop\n    id: w1@cal\n"
    "  - date: 2026-11-19\n    type: interview\n    summary: Panel\n    id: i1@cal\n---\n"
)
BOB_AFTER = (
    "---\nemail: bob@stone.example\ninteractions:\n"
    + "".join(
        f"  - date: 2026-11-{day:02d}\n    type: meeting\n    summary: Weekly sync\n"
        f"    id: r1@cal/202611{day:02d}T090000Z\n"
        for day in (2, 9, 16)
    )
    + "---\nNotes.\n"
)


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def ics(tmp_path: Path, vault: Path, write_note: Callable[[str, str], Path]) -> Path:
    (vault / ".followup.yaml").write_text(CONFIG)
    write_note("Dana.md", DANA)
    write_note("Bob.md", BOB)
    path = tmp_path / "calendar.ics"
    path.write_text(CALENDAR, newline="")
    return path


def test_past_meetings_with_contacts_are_logged(ics: Path, vault: Path, run: Run) -> None:
    result = run("sync", "calendar", str(ics))
    assert result.exit_code == 0, result.output
    assert (vault / "Dana.md").read_text() == DANA_AFTER
    assert (vault / "Bob.md").read_text() == BOB_AFTER
    assert result.output == (
        "Read 8 events.\n"
        "Added 5 interactions to 2 contacts:\n"
        "  Bob (Bob.md): 3\n"
        "    2026-11-02 meeting out: Weekly sync\n"
        "    2026-11-09 meeting out: Weekly sync\n"
        "    2026-11-16 meeting out: Weekly sync\n"
        "  Dana (Dana.md): 2\n"
        "    2026-11-18 meeting out: Pricing workshop\n"
        "    2026-11-19 interview out: Panel\n"
        "Skipped:\n"
        "  1 cancelled\n"
        "  1 declined by you\n"
        "  1 no contact invited\n"
    )


def test_a_second_sync_changes_nothing(ics: Path, vault: Path, run: Run) -> None:
    run("sync", "calendar", str(ics))
    dana, bob = (vault / "Dana.md").read_bytes(), (vault / "Bob.md").read_bytes()
    summary = json.loads(run("sync", "calendar", str(ics), "--json").stdout)
    assert summary["added"] == []
    assert summary["skipped"]["already in the note"] == 5
    assert (vault / "Dana.md").read_bytes() == dana
    assert (vault / "Bob.md").read_bytes() == bob


def test_a_later_day_logs_the_next_occurrence(ics: Path, vault: Path, run: Run) -> None:
    import datetime as dt

    run("sync", "calendar", str(ics))
    result = run("sync", "calendar", str(ics), today=dt.date(2026, 11, 23))
    assert "  Bob (Bob.md): 1\n    2026-11-23 meeting out: Weekly sync\n" in result.output


def test_a_file_that_is_no_calendar(ics: Path, tmp_path: Path, run: Run) -> None:
    bad = tmp_path / "bad.ics"
    bad.write_text("this is not a calendar\n")
    result = run("sync", "calendar", str(bad))
    assert result.exit_code == 2
    assert result.output.startswith(f"Error: {bad}: not an iCalendar file")
    assert "Traceback" not in result.output
