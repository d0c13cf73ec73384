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
    result = run("sync", "calendar", str(bad), str(ics))
    assert result.exit_code == 1
    assert f"Error: {bad}: not an iCalendar file" in result.output
    assert "Traceback" not in result.output
    assert (vault_of(ics) / "Dana.md").read_text() == DANA_AFTER  # the good file synced


def vault_of(ics: Path) -> Path:
    return ics.parent / "vault"


def calendar_of(*events: str) -> str:
    return "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", *events,
                          "END:VCALENDAR", ""])  # fmt: skip


DANA_IN = "ATTENDEE:mailto:dana@northwind.example"


def test_an_unbounded_rule_is_cut_not_hung(ics: Path, tmp_path: Path, run: Run) -> None:
    import time as clock

    path = tmp_path / "many.ics"
    path.write_text(calendar_of(
        event("m1@cal", "19000101T000000Z", "Every minute", "RRULE:FREQ=MINUTELY", DANA_IN),
        event("y1@cal", "20201101T090000Z", "Daily", "RRULE:FREQ=DAILY",
              "ATTENDEE:mailto:bob@stone.example"),
        event("ok@cal", "20261118T100000Z", "Pricing workshop", DANA_IN),
    ), newline="")  # fmt: skip
    began = clock.monotonic()
    result = run("sync", "calendar", "--dry-run", "--json", str(path))
    assert clock.monotonic() - began < 30
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["skipped"]["series skipped: too many occurrences"] == 1
    bob = [a for a in summary["added"] if a["path"] == "Bob.md"][0]["interactions"]
    assert 600 < len(bob) <= 1000  # two years at most, not since 2020
    assert bob[-1]["date"] == "2026-11-22"
    dana = [a for a in summary["added"] if a["path"] == "Dana.md"][0]["interactions"]
    assert [i["summary"] for i in dana] == ["Pricing workshop"]
    since = run("sync", "calendar", "--dry-run", "--json", "--since", "2020-01-01", str(path))
    summary = json.loads(since.stdout)
    assert summary["skipped"]["series cut: too many occurrences (the latest kept)"] == 1
    bob = [a for a in summary["added"] if a["path"] == "Bob.md"][0]["interactions"]
    assert len(bob) == 1000 and bob[-1]["date"] == "2026-11-22"


def test_a_bad_event_is_skipped_and_the_file_kept(ics: Path, tmp_path: Path, run: Run) -> None:
    path = tmp_path / "odd.ics"
    path.write_text(calendar_of(
        "BEGIN:VEVENT\r\nUID:nostart@cal\r\nSUMMARY:No start\r\n" + DANA_IN + "\r\nEND:VEVENT",
        event("badrule@cal", "20261101T100000Z", "Bad rule", "RRULE:FREQ=BOGUS", DANA_IN),
        event("ok@cal", "20261118T100000Z", "Pricing workshop", DANA_IN),
    ), newline="")  # fmt: skip
    result = run("sync", "calendar", "--json", "--dry-run", str(path))
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["skipped"] == {
        "event without a start (DTSTART)": 1,
        "event that cannot be expanded": 1,
    }
    assert summary["added"][0]["interactions"][0]["summary"] == "Pricing workshop"


def test_a_contact_who_declined_is_not_logged(ics: Path, tmp_path: Path, run: Run) -> None:
    path = tmp_path / "declined.ics"
    path.write_text(calendar_of(
        event("dd@cal", "20261118T100000Z", "Offsite", ME_ORGANIZES,
              "ATTENDEE;PARTSTAT=DECLINED:mailto:dana@northwind.example",
              "ATTENDEE;PARTSTAT=ACCEPTED:mailto:bob@stone.example"),
    ), newline="")  # fmt: skip
    summary = json.loads(run("sync", "calendar", "--json", "--dry-run", str(path)).stdout)
    assert [a["path"] for a in summary["added"]] == ["Bob.md"]


def test_titles_and_uids_are_cleaned_and_capped(ics: Path, tmp_path: Path, run: Run) -> None:
    path = tmp_path / "dirty.ics"
    path.write_text(calendar_of(
        event("u\x1b[31m1@cal" + "u" * 2000, "20261118T100000Z",
              "Red \x1b[31mtitle\x07 " + "x" * 1000, DANA_IN),
    ), newline="")  # fmt: skip
    result = run("sync", "calendar", "--json", "--dry-run", str(path))
    assert result.exit_code == 0, result.output
    added = json.loads(result.stdout)["added"][0]["interactions"][0]
    assert "\x1b" not in added["summary"] and "\x07" not in added["summary"]
    assert added["summary"].startswith("Red [31mtitle x")
    assert len(added["summary"]) <= 300 and added["summary"].endswith("…")
    assert "\x1b" not in added["id"] and len(added["id"]) <= 998
