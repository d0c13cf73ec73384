"""`followup export ics`: an iCalendar file any calendar app reads, parsed back with
`icalendar` to check folding, escaping, unicode, stable UIDs, and the options."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import icalendar
import pytest

from .conftest import Run

WriteNote = Callable[[str, str], Path]

LONG = "Pricing call, wants a quote; decision before Christmas \\ budget " * 4


@pytest.fixture
def notes(write_note: WriteNote, vault: Path) -> Path:
    (vault / ".obsidian").mkdir()
    write_note(
        "People/Zoë Ærø.md",
        "---\nchannel: email\nobjective: 'Pilot, three depots; signed'\n"
        f"interactions:\n  - {{date: 2026-11-20, type: sales, summary: {json.dumps(LONG)}}}\n---\n",
    )
    write_note("Late.md", "---\nnext: 2026-11-10\n---\n")  # overdue: on today
    write_note("Soon.md", "---\nnext: 2026-12-10\n---\n")  # in 18 days
    write_note("Far.md", "---\nnext: 2027-02-01\n---\n")  # beyond 30 days
    return vault


def events(data: bytes) -> dict[str, icalendar.Component]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(c["summary"]): c for c in cal.walk() if c.name in ("VEVENT", "VTODO")}


def test_one_free_all_day_event_per_follow_up_within_the_horizon(run: Run, notes: Path) -> None:
    result = run("export", "ics")
    assert result.exit_code == 0, result.output
    assert "wrote" in result.output and "(3 follow-ups)" in result.output
    data = (notes / "Follow-ups.ics").read_bytes()
    found = events(data)
    assert set(found) == {"Follow up: Zoë Ærø (email)", "Follow up: Late", "Follow up: Soon"}
    zoe = found["Follow up: Zoë Ærø (email)"]
    assert zoe.decoded("dtstart") == dt.date(2026, 11, 22)  # due the 22nd (2 days after sales)
    assert zoe.decoded("dtend") == dt.date(2026, 11, 23)
    assert str(zoe["transp"]) == "TRANSPARENT"
    late = found["Follow up: Late"]
    assert late.decoded("dtstart") == dt.date(2026, 11, 22)  # overdue: on today
    assert "Due 2026-11-10 (12 days overdue)." in str(late["description"])
    # Escaping and folding survive the round trip: the text comes back whole.
    description = str(zoe["description"])
    assert LONG[:60] in description
    assert "Objective: Pilot, three depots; signed" in description
    assert max(len(line) for line in data.split(b"\r\n")) <= 75
    assert b"\\;" in data and b"\\," in data and b"\\\\" in data
    url = "obsidian://open?vault=vault&file=People%2FZo%C3%AB%20%C3%86r%C3%B8"
    assert str(zoe["url"]) == url and url in description


def test_uids_are_stable_so_a_new_import_updates(run: Run, notes: Path, tmp_path: Path) -> None:
    first = events(run("export", "ics", "-").stdout_bytes)
    (notes / "Soon.md").write_text("---\nnext: 2026-12-11\n---\n", "utf-8")
    second = events(run("export", "ics", "-").stdout_bytes)
    uids = {name: str(c["uid"]) for name, c in first.items()}
    assert uids == {name: str(c["uid"]) for name, c in second.items()}
    assert len(set(uids.values())) == 3
    assert second["Follow up: Soon"].decoded("dtstart") == dt.date(2026, 12, 11)


def test_written_only_when_changed_and_never_over_a_file_of_yours(run: Run, notes: Path) -> None:
    run("export", "ics")
    target = notes / "Follow-ups.ics"
    before = target.stat().st_mtime_ns, target.stat().st_ino
    again = run("export", "ics")
    assert "unchanged:" in again.output
    assert (target.stat().st_mtime_ns, target.stat().st_ino) == before
    mine = notes / "mine.ics"
    mine.write_text("my own notes\n", "utf-8")
    refused = run("export", "ics", str(mine))
    assert refused.exit_code == 1 and "is not a calendar file" in refused.stderr
    assert mine.read_text("utf-8") == "my own notes\n"


def test_todo_alarm_and_horizon(run: Run, notes: Path) -> None:
    data = run("export", "ics", "-", "--todo", "--alarm", "08:30", "--horizon", "7").stdout_bytes
    found = events(data)
    assert set(found) == {"Follow up: Zoë Ærø (email)", "Follow up: Late"}
    late = found["Follow up: Late"]
    assert late.name == "VTODO" and late.decoded("due") == dt.date(2026, 11, 22)
    (alarm,) = late.subcomponents
    assert alarm.name == "VALARM" and alarm.decoded("trigger") == dt.timedelta(hours=8, minutes=30)
    bad = run("export", "ics", "-", "--alarm", "25:00")
    assert bad.exit_code == 2 and "HH:MM" in bad.stderr


def test_dry_run_writes_nothing_and_json_lists_the_events(run: Run, notes: Path) -> None:
    result = run("export", "ics", "--dry-run", "--json")
    assert result.exit_code == 0
    shape = json.loads(result.stdout)
    assert shape["path"] == str(notes / "Follow-ups.ics")
    assert [e["contact"] for e in shape["events"]] == ["Late", "Zoë Ærø", "Soon"]
    assert shape["events"][0] == {
        "date": "2026-11-22",
        "due": "2026-11-10",
        "contact": "Late",
        "path": "Late.md",
        "summary": "Follow up: Late",
    }
    assert not (notes / "Follow-ups.ics").exists()
    assert run("export", "ics", "--json").exit_code == 2


def test_ics_file_setting_names_the_default_file(run: Run, notes: Path) -> None:
    (notes / ".followup.yaml").write_text("ics_file: Calendar/follow-ups.ics\n", "utf-8")
    assert run("export", "ics").exit_code == 0
    assert (notes / "Calendar/follow-ups.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    (notes / ".followup.yaml").write_text("ics_file: ../outside.ics\n", "utf-8")
    refused = run("export", "ics")
    assert refused.exit_code == 2 and "inside the vault" in refused.stderr


def test_agenda_and_the_watcher_keep_the_ics_file_current(
    run: Run, notes: Path, tmp_path: Path
) -> None:
    from followup_md.app.vaults import open_vault
    from followup_md.daemon.events import Change
    from followup_md.daemon.watcher import Watcher

    (notes / ".followup.yaml").write_text("ics_file: follow-ups.ics\n", "utf-8")
    assert run("agenda").exit_code == 0
    target = notes / "follow-ups.ics"
    assert set(events(target.read_bytes())) == {
        "Follow up: Zoë Ærø (email)",
        "Follow up: Late",
        "Follow up: Soon",
    }
    watcher = Watcher(open_vault(notes), clock=lambda: dt.date(2026, 11, 22))
    watcher.start(0.0)
    stamp = target.stat().st_mtime_ns, target.stat().st_ino
    (notes / "Far.md").write_text("---\nnext: 2026-11-25\n---\n", "utf-8")
    watcher.handle(Change("modified", str(notes / "Far.md")), 1.0)
    assert watcher.flush(2.0)
    assert "Follow up: Far" in events(target.read_bytes())
    stamp = target.stat().st_mtime_ns, target.stat().st_ino
    (notes / "Soon.md").write_text("---\nnext: 2026-12-10\n---\nA body edit.\n", "utf-8")
    watcher.handle(Change("modified", str(notes / "Soon.md")), 3.0)
    watcher.flush(4.0)
    assert (target.stat().st_mtime_ns, target.stat().st_ino) == stamp  # unchanged: not written
