"""`sync_properties: true`: four flat properties kept current in every contact note.

Through the real CLI on real notes in tmp_path, whole files compared byte for byte:
values written once (a second run writes nothing: same bytes, same mtimes), unchanged
notes untouched, only those keys changed (comments, quoting, key order, the body, CRLF
and a BOM kept), `next_follow_up` removed when nothing is due, hand edits overwritten,
the note-editing commands and the watcher keeping the note current in the same way.
A hypothesis property test holds the edit itself to "exactly these keys changed".
Today is Sunday 2026-11-22 (tests/conftest.py).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from followup_md.app.agenda import AgendaPipeline
from followup_md.app.properties import apply_changes
from followup_md.app.vaults import open_vault
from followup_md.core.agenda import NoteRow
from followup_md.core.model import Contact
from followup_md.core.properties import KEYS, as_written
from followup_md.daemon.events import Change
from followup_md.daemon.watcher import Watcher
from followup_md.errors import EditRefused
from followup_md.notes.reader import parse_note
from followup_md.notes.writer import remove_value, set_value
from followup_md.notes.writer.batch import _in_one_edit
from followup_md.vault import cache, line_caches
from followup_md.vault.index import Entry

from .conftest import TODAY, Lines, Run
from .test_edit import Note, data, notes
from .test_watch import Proc

WriteNote = Callable[[str, "str | bytes"], Path]

CONFIG = "sync_properties: true\n"

DANA = (
    "---\n"
    "# contact card\n"
    "name: 'Dana Park'   # met at PyCon\n"
    "channel: email\n"
    "tags: [job]\n"
    "interactions:\n"
    "  - date: 2026-11-10\n"
    "    type: email\n"
    "    summary: Sent my application\n"
    "  - date: 2026-11-19\n"
    "    type: interview\n"
    "    summary: Panel interview\n"
    "# the end\n"
    "---\n"
    "Body: stays\n"
    "---\n"
)
DANA_PROPS = (
    "last_contact: 2026-11-19\n"
    "next_follow_up: 2026-11-20\n"
    "followup_profile: professional\n"
    "followup_state: due\n"
)

MOM = (  # CRLF and a BOM; personal by tag, a cadence from the last contact
    "\ufeff---\r\n"
    "tags: [family]\r\n"
    "cadence: 14d\r\n"
    "interactions:\r\n"
    "  - 2026-11-15 call: Sunday call\r\n"
    "---\r\n"
)
MOM_PROPS = (
    "last_contact: 2026-11-15\r\n"
    "next_follow_up: 2026-11-29\r\n"
    "followup_profile: personal\r\n"
    "followup_state: due\r\n"
)

PAUSED = "---\nstatus: paused\ninteractions:\n  - 2026-11-01 email: Hello\n---\n"
PAUSED_PROPS = "last_contact: 2026-11-01\nfollowup_profile: professional\nfollowup_state: none\n"

NOT_A_CONTACT = "---\ntitle: Meeting notes\n---\nnext_follow_up: never\n"


def with_props(note: str, props: str) -> bytes:
    """`note` with `props` as the last lines of its front matter."""
    closing = "---\r\n" if "\r\n" in note else "---\n"
    head, sep, tail = note.partition(closing + "Body") if "Body" in note else (note, "", "")
    if sep:
        return (head + props + closing + "Body" + tail).encode("utf-8")
    assert note.endswith(closing)
    return (note[: -len(closing)] + props + closing).encode("utf-8")


@pytest.fixture
def synced_vault(vault: Path, write_note: WriteNote) -> Path:
    write_note(".followup.yaml", CONFIG)
    write_note("People/Dana Park.md", DANA)
    write_note("Family/Mom.md", MOM)
    write_note("Paused.md", PAUSED)
    write_note("Meeting.md", NOT_A_CONTACT)
    return vault


def snapshot(vault: Path) -> dict[str, tuple[bytes, int]]:
    """Every note's bytes and mtime (ns), the agenda note left out."""
    return {
        str(path.relative_to(vault)): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(vault.rglob("*.md"))
        if path.name != "Follow-ups.md"
    }


def ok(run: Run, *args: str) -> str:
    result = run(*args)
    assert result.exit_code == 0, result.output
    return str(result.stdout)


# ---------------------------------------------------------------------- agenda


def test_values_are_written_once_and_only_these_keys_change(run: Run, synced_vault: Path) -> None:
    vault = synced_vault
    out = ok(run, "agenda")
    assert "updated the properties of 3 notes" in out
    assert (vault / "People/Dana Park.md").read_bytes() == with_props(DANA, DANA_PROPS)
    assert (vault / "Family/Mom.md").read_bytes() == with_props(MOM, MOM_PROPS)
    assert (vault / "Paused.md").read_bytes() == with_props(PAUSED, PAUSED_PROPS)
    assert (vault / "Meeting.md").read_bytes() == NOT_A_CONTACT.encode()
    before = snapshot(vault)
    for _ in range(2):  # the run after the writes re-reads them; the next is fully warm
        out = ok(run, "agenda")
        assert "updated the properties" not in out
        assert snapshot(vault) == before


def test_the_setting_off_writes_no_property(run: Run, vault: Path, write_note: WriteNote) -> None:
    write_note("People/Dana Park.md", DANA)
    write_note("Family/Mom.md", MOM)
    before = snapshot(vault)
    ok(run, "agenda")
    assert snapshot(vault) == before


def test_no_write_writes_nothing_and_the_next_agenda_still_syncs(
    run: Run, synced_vault: Path
) -> None:
    before = snapshot(synced_vault)
    ok(run, "agenda", "--no-write")
    ok(run, "agenda", "--no-write")  # its rendering is kept: the next run must not skip
    assert snapshot(synced_vault) == before
    assert not (synced_vault / "Follow-ups.md").exists()
    assert "updated the properties of 3 notes" in ok(run, "agenda")
    assert (synced_vault / "People/Dana Park.md").read_bytes() == with_props(DANA, DANA_PROPS)


def test_json_output_stays_one_object(run: Run, synced_vault: Path) -> None:
    import json

    out = ok(run, "agenda", "--json")
    assert json.loads(out)["today"] == TODAY.isoformat()
    assert (synced_vault / "Paused.md").read_bytes() == with_props(PAUSED, PAUSED_PROPS)


def test_hand_edits_are_overwritten_in_place_keeping_comments_and_quotes(
    run: Run, vault: Path, write_note: WriteNote
) -> None:
    write_note(".followup.yaml", CONFIG)
    hand = DANA.replace(
        "channel: email\n",
        "channel: email\n"
        "next_follow_up: 2030-01-01   # I moved it\n"
        "followup_state: 'quiet'\n"
        "followup_profile: professional\n",
    )
    note = write_note("People/Dana Park.md", hand)
    ok(run, "agenda")
    assert note.read_bytes() == with_props(
        DANA.replace(
            "channel: email\n",
            "channel: email\n"
            "next_follow_up: 2026-11-20   # I moved it\n"
            "followup_state: 'due'\n"
            "followup_profile: professional\n",
        ),
        "last_contact: 2026-11-19\n",
    )


def test_next_follow_up_is_removed_when_nothing_is_due(
    run: Run, vault: Path, write_note: WriteNote
) -> None:
    write_note(".followup.yaml", CONFIG)
    note = write_note(
        "Kim.md",
        "---\nstatus: closed\nnext_follow_up: 2026-12-01  # stale\nfollowup_state: due\n"
        "interactions: [2026-11-01 email: Hi]\n---\n",
    )
    ok(run, "agenda")
    assert note.read_bytes() == (
        b"---\nstatus: closed\nfollowup_state: none\ninteractions: [2026-11-01 email: Hi]\n"
        b"last_contact: 2026-11-01\nfollowup_profile: professional\n---\n"
    )


def test_a_note_that_cannot_be_changed_is_reported_and_the_others_written(
    run: Run, vault: Path, write_note: WriteNote
) -> None:
    write_note(".followup.yaml", CONFIG)
    odd = DANA.replace("channel: email\n", "channel: email\nnext_follow_up: [a, b]\n")
    write_note("Odd.md", odd)
    write_note("Family/Mom.md", MOM)
    result = run("agenda")
    assert result.exit_code == 1
    assert "properties not updated:" in result.stderr and "Odd.md" in result.stderr
    assert "'next_follow_up' holds a list" in result.stderr
    assert (vault / "Odd.md").read_bytes() == odd.encode()
    assert (vault / "Family/Mom.md").read_bytes() == with_props(MOM, MOM_PROPS)
    agenda = (vault / "Follow-ups.md").read_text()
    assert "Dana Park" in agenda  # the agenda is written, and says what went wrong
    assert "[[Odd]] line 5: cannot update its properties (" in agenda
    assert "'next_follow_up' holds a list" in agenda and str(vault) not in agenda


def test_the_watcher_puts_a_note_it_cannot_update_under_problems(
    vault: Path, write_note: WriteNote, log: tuple[logging.Logger, Lines]
) -> None:
    """Under the watcher nobody reads stderr: the agenda note names the note whose
    properties could not be updated, as long as it cannot be."""
    write_note(".followup.yaml", CONFIG)
    odd = DANA.replace("channel: email\n", "channel: email\nnext_follow_up: [a, b]\n")
    write_note("Odd.md", odd)
    watcher = Watcher(open_vault(vault), clock=lambda: TODAY, debounce=0.3, log=log[0])
    watcher.start(0.0)
    agenda = (vault / "Follow-ups.md").read_text()
    assert "[[Odd]] line 5: cannot update its properties (" in agenda
    assert "'next_follow_up' holds a list" in agenda
    assert (vault / "Odd.md").read_bytes() == odd.encode()
    write_note("Odd.md", DANA)  # fixed: written, and the problem is gone
    watcher.handle(Change("modified", str(vault / "Odd.md")), 1.0)
    watcher.flush(2.0)
    assert "its properties" not in (vault / "Follow-ups.md").read_text()
    assert (vault / "Odd.md").read_bytes() == with_props(DANA, DANA_PROPS)


def test_a_warm_run_with_everything_current_plans_nothing(
    run: Run, synced_vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(run, "agenda")
    ok(run, "agenda")  # plans the notes the first run wrote, finds them current

    def no_planning(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a warm run planned notes")

    monkeypatch.setattr(AgendaPipeline, "_agenda_of", no_planning)
    before = snapshot(synced_vault)
    assert "updated the properties" not in ok(run, "agenda")
    assert snapshot(synced_vault) == before


# ---------------------------------------------------------------------- commands


def test_a_command_keeps_the_note_current_in_the_same_write_and_undo_reverts_both(
    run: Run, synced_vault: Path
) -> None:
    note = synced_vault / "People/Dana Park.md"
    ok(run, "done", "dana", "-s", "Sent the thank-you")
    text = note.read_text()
    assert "last_contact: 2026-11-22\n" in text
    assert "next_follow_up: 2026-11-25\n" in text  # a nudge after 3 days (a Wednesday)
    assert "followup_state: due\n" in text
    ok(run, "undo")
    assert note.read_bytes() == DANA.encode()


def test_status_paused_removes_next_follow_up(run: Run, synced_vault: Path) -> None:
    ok(run, "agenda")
    ok(run, "status", "dana", "paused")
    text = (synced_vault / "People/Dana Park.md").read_text()
    assert "next_follow_up" not in text
    assert text.endswith(
        "last_contact: 2026-11-19\nfollowup_profile: professional\nfollowup_state: none\n"
        "status: paused\n---\nBody: stays\n---\n"
    )
    before = snapshot(synced_vault)
    assert "updated the properties" not in ok(run, "agenda")
    assert snapshot(synced_vault) == before


def test_add_writes_a_current_note(run: Run, synced_vault: Path) -> None:
    ok(run, "add", "Lee Wong", "--cadence", "30d")
    text = (synced_vault / "Lee Wong.md").read_text()
    assert "next_follow_up: 2026-11-23\n" in text  # due from `added`, moved off Sunday
    assert "followup_state: due\n" in text and "last_contact" not in text


def test_next_is_followed_by_next_follow_up(run: Run, synced_vault: Path) -> None:
    ok(run, "next", "dana", "2026-12-03")
    assert "next_follow_up: 2026-12-03\n" in (synced_vault / "People/Dana Park.md").read_text()


# ---------------------------------------------------------------------- watcher


def test_the_watcher_writes_once_and_its_own_writes_converge(
    synced_vault: Path, write_note: WriteNote, log: tuple[logging.Logger, Lines]
) -> None:
    vault = synced_vault
    watcher = Watcher(open_vault(vault), clock=lambda: TODAY, debounce=0.3, log=log[0])
    watcher.start(0.0)
    assert (vault / "People/Dana Park.md").read_bytes() == with_props(DANA, DANA_PROPS)
    assert sum("updated properties of" in line for line in log[1].lines) == 3
    settled = snapshot(vault)
    for path in ("People/Dana Park.md", "Family/Mom.md", "Paused.md"):  # its own writes
        watcher.handle(Change("modified", str(vault / path)), 1.0)
    watcher.flush(2.0)
    assert snapshot(vault) == settled
    assert sum("updated properties of" in line for line in log[1].lines) == 3
    # A user's edit: the note is brought up to date once, then it is quiet again.
    text = (vault / "Family/Mom.md").read_bytes().decode("utf-8")
    write_note("Family/Mom.md", text.replace(
        "  - 2026-11-15 call: Sunday call\r\n",
        "  - 2026-11-15 call: Sunday call\r\n  - 2026-11-21 call: Saturday call\r\n",
    ))  # fmt: skip
    watcher.handle(Change("modified", str(vault / "Family/Mom.md")), 3.0)
    watcher.flush(4.0)
    mom = (vault / "Family/Mom.md").read_bytes()
    assert b"last_contact: 2026-11-21\r\nnext_follow_up: 2026-12-05\r\n" in mom
    watcher.handle(Change("modified", str(vault / "Family/Mom.md")), 5.0)
    watcher.flush(6.0)
    assert (vault / "Family/Mom.md").read_bytes() == mom
    assert sum("updated properties of" in line for line in log[1].lines) == 4
    assert not any(line.startswith("WARNING") for line in log[1].lines)


def test_a_real_watcher_writes_the_properties_once_and_then_stays_quiet(
    synced_vault: Path, tmp_path: Path, write_note: WriteNote
) -> None:
    vault = synced_vault
    proc = Proc(vault, tmp_path / "watch.log", "--debounce", "100", "--verbose")
    try:
        proc.wait_log("updated properties of", times=3)
        proc.wait_log("agenda unchanged")  # its own writes came back as changes, once
        time.sleep(1.0)  # ten debounce periods: no write follows
        settled = snapshot(vault)
        time.sleep(0.5)
        assert snapshot(vault) == settled
        assert (vault / "People/Dana Park.md").read_bytes() == with_props(DANA, DANA_PROPS)
        assert proc.count("updated properties of") == 3
        write_note("Paused.md", PAUSED.replace("status: paused\n", ""))  # the user's edit
        proc.wait_log("updated properties of", times=4)
        time.sleep(1.0)
        assert proc.count("updated properties of") == 4
        assert b"followup_state: due\n" in (vault / "Paused.md").read_bytes()
        assert proc.count("WARNING") == 0
        assert proc.stop() == 0
    finally:
        proc.close()


# ---------------------------------------------------------------------- the cache


def test_the_properties_survive_the_note_and_row_caches(synced_vault: Path) -> None:
    parsed = parse_note(with_props(DANA, DANA_PROPS), "Dana.md")
    assert parsed.contact is not None
    values = ["2026-11-19", "2026-11-20", "professional", "due"]
    assert parsed.contact.properties == tuple(zip(KEYS, values, strict=True))
    stamp = 1 | 2 << 64 | 3 << 128 | 4 << 192
    cache.save(synced_vault, {"Dana.md": Entry.of(stamp, parsed)})
    loaded = cache.load(synced_vault)["Dana.md"]
    assert loaded.parsed.contact == parsed.contact
    row = NoteRow(True, False, None, None, None, (), None, (("followup_state", None),))
    line_caches.save_rows(synced_vault, "key", {"Dana.md": (stamp, row)})
    assert line_caches.load_rows(synced_vault, "key")["Dana.md"][1].properties == row.properties


def test_a_contact_reads_the_kept_values_it_holds() -> None:
    note = '---\nnext: 2026-12-01\nnext_follow_up: [x]\nfollowup_state: "due"\n---\n'
    contact = parse_note(note.encode(), "n.md").contact
    assert isinstance(contact, Contact)
    assert contact.properties == (("next_follow_up", None), ("followup_state", "due"))


# ---------------------------------------------------------------------- the edit


VALUES = {
    "last_contact": st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)).map(dt.date.isoformat),
    "next_follow_up": st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)).map(dt.date.isoformat),
    "followup_profile": st.sampled_from(["professional", "personal", "yes", "2026", "a: b"]),
    "followup_state": st.sampled_from(["due", "quiet", "missed", "none"]),
}

HELD = [  # how a note may already hold a kept key (by hand, or an older sync)
    "{key}: 2020-01-01",
    "{key}: '2020-01-01'  # quoted",
    '{key}: "quiet"',
    "{key}:",
    "{key}: ~   # empty",
    "{key}: old value # comment",
]


@st.composite
def notes_with_changes(draw: st.DrawFn) -> tuple[str, tuple[tuple[str, str | None], ...], str]:
    """A note holding some kept keys already, the changes to make, and its body."""
    note: Note = draw(notes())
    nl = "\r\n" if "\r\n" in note.text else "\n"
    lines = note.text.split(nl)
    held = draw(st.lists(st.sampled_from(KEYS), unique=True, max_size=4))
    for key in held:  # before a top-level key or the closing line
        closing = _closing(lines)
        spots = [i for i in range(1, closing + 1) if i == closing or _top_level(lines[i])]
        lines.insert(draw(st.sampled_from(spots)), draw(st.sampled_from(HELD)).format(key=key))
    changes = []
    for key in draw(st.permutations(KEYS)):
        choice = draw(st.sampled_from(["keep", "set", "remove"]))
        if choice == "set":
            changes.append((key, draw(VALUES[key])))
        elif choice == "remove":
            changes.append((key, None))
    return nl.join(lines), tuple(changes), nl.join(lines[_closing(lines) + 1 :])


def _top_level(line: str) -> bool:
    return bool(line) and line[0] not in " \t-]#"


def _closing(lines: list[str]) -> int:
    return next(i for i, line in enumerate(lines[1:], 1) if line.rstrip(" \t") == "---")


def _data(text: str) -> dict[str, Any]:
    """The front matter as the reader loads it, a date written as text."""
    loaded = data(text)
    return {k: v.isoformat() if type(v) is dt.date else v for k, v in loaded.items()}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes_with_changes())
def test_the_edit_changes_exactly_the_keys_asked(
    case: tuple[str, tuple[tuple[str, str | None], ...], str],
) -> None:
    text, changes, body = case
    before = _data(text)
    new = apply_changes(text, changes)
    after = _data(new)
    wanted = dict(before)
    order = list(before)
    for key, value in changes:
        if value is None:
            wanted.pop(key, None)
            if key in order:
                order.remove(key)
        else:
            wanted[key] = value
            if key not in order:
                order.append(key)
    assert after == wanted
    assert list(after) == order
    assert new.endswith(body)
    assert new.startswith("\ufeff") == text.startswith("\ufeff")
    if "\r\n" in text:
        assert new.count("\n") == new.count("\r\n")
    assert apply_changes(new, changes) == new  # written once: again changes nothing


def test_a_note_linked_from_outside_the_vault_is_never_changed(
    run: Run, synced_vault: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere.md"
    outside.write_text(DANA)
    (synced_vault / "Linked.md").symlink_to(outside)
    assert "updated the properties of 3 notes" in ok(run, "agenda")
    assert outside.read_text() == DANA


def sequential(text: str, changes: tuple[tuple[str, str | None], ...]) -> str:
    """The changes made one at a time, by `set_value` and `remove_value`."""
    for key, value in changes:
        if value is None:
            text = remove_value(text, key)
        else:
            text = set_value(text, key, as_written(key, value))
    return text


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes_with_changes())
def test_one_edit_gives_the_text_of_one_edit_per_key(
    case: tuple[str, tuple[tuple[str, str | None], ...], str],
) -> None:
    text, changes, _ = case
    values = [(key, None if v is None else as_written(key, v)) for key, v in changes]
    try:
        fast = _in_one_edit(text, values)
    except EditRefused as exc:
        event(f"left to the one-at-a-time edits: {exc.message[:40]}")
        return
    assert fast == sequential(text, changes)


def test_a_usual_note_takes_one_edit(monkeypatch: pytest.MonkeyPatch) -> None:
    import followup_md.notes.writer.batch as batch

    def never(*args: Any) -> str:
        raise AssertionError("left to the one-at-a-time edits")

    monkeypatch.setattr(batch, "set_value", never)
    monkeypatch.setattr(batch, "remove_value", never)
    hand = DANA.replace("channel: email\n", "channel: email\nnext_follow_up: 2030-01-01  # x\n")
    changes = (("last_contact", "2026-11-19"), ("next_follow_up", None), ("followup_state", "due"))
    assert apply_changes(hand, changes).encode() == with_props(
        DANA, "last_contact: 2026-11-19\nfollowup_state: due\n"
    )
    assert apply_changes(MOM, (("followup_profile", "personal"),)).encode() == with_props(
        MOM, "followup_profile: personal\r\n"
    )


def test_a_command_says_when_the_properties_could_not_follow(
    run: Run, vault: Path, write_note: WriteNote
) -> None:
    write_note(".followup.yaml", CONFIG)
    odd = DANA.replace("channel: email\n", "channel: email\nnext_follow_up: [a, b]\n")
    note = write_note("People/Dana Park.md", odd)
    result = run("snooze", "dana", "2026-12-01")
    assert result.exit_code == 0, result.output
    assert "Warning: People/Dana Park.md: its properties were not updated" in result.stderr
    assert "'next_follow_up' holds a list" in result.stderr
    assert note.read_bytes() == with_props(odd, "snooze: 2026-12-01\n")  # its own edit only


def test_the_contact_template_is_never_read_nor_synced_wherever_it_lies(
    tmp_path: Path,
) -> None:
    from click.testing import CliRunner

    from followup_md.cli import cli

    vault = tmp_path / "v"
    (vault / "Meta").mkdir(parents=True)
    template = vault / "Meta" / "Contact.md"
    template.write_text("---\ncadence: monthly\ntags: [people]\n---\n# {{title}}\n", "utf-8")
    (vault / ".followup.yaml").write_text(
        "sync_properties: true\ncontact_template: Meta/Contact\n", "utf-8"
    )
    before = template.read_bytes()
    runner = CliRunner()
    base = ["--vault", str(vault), "--today", "2026-11-22"]
    assert runner.invoke(cli, [*base, "agenda"]).exit_code == 0
    assert template.read_bytes() == before
    assert "Contact" not in (vault / "Follow-ups.md").read_text("utf-8")
    added = runner.invoke(cli, [*base, "add", "New Person"])
    assert added.exit_code == 0, added.output
    made = (vault / "New Person.md").read_text("utf-8")
    assert "cadence: monthly" in made and made.count("followup_state") == 1


def test_a_contact_nothing_dates_keeps_the_day_it_fell_due(
    run: Run, vault: Path, write_note: WriteNote
) -> None:
    """A cadence, no interaction, no `added`: the agenda says "due today" every day, but
    the note keeps the first day it was due (a note rewritten daily would be a change for
    every device to sync), until something dates the contact."""
    write_note(".followup.yaml", CONFIG)
    note = write_note("Kim.md", "---\ncadence: 30d\n---\n")
    ok(run, "agenda")
    first = (
        b"---\ncadence: 30d\nnext_follow_up: 2026-11-23\nfollowup_profile: professional\n"
        b"followup_state: due\n---\n"
    )
    assert note.read_bytes() == first
    for day in (TODAY + dt.timedelta(days=1), TODAY + dt.timedelta(days=40)):
        assert "Kim" in ok_on(run, day, "agenda")
        assert note.read_bytes() == first
    ok_on(run, TODAY + dt.timedelta(days=2), "log", "Kim", "-t", "call", "--date", "2026-11-24")
    assert b"next_follow_up: 2026-11-26\n" in note.read_bytes()  # the call: a recap due


def test_a_future_date_kept_for_an_undated_contact_is_brought_back_to_today(
    run: Run, vault: Path, write_note: WriteNote
) -> None:
    write_note(".followup.yaml", CONFIG)
    note = write_note("Kim.md", "---\ncadence: 30d\nnext_follow_up: 2027-03-01\n---\n")
    ok(run, "agenda")
    assert b"next_follow_up: 2026-11-23\n" in note.read_bytes()  # Monday: weekends off


def ok_on(run: Run, day: dt.date, *args: str) -> str:
    result = run(*args, today=day)
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def test_a_snooze_of_a_contact_nothing_dates_is_kept_in_next_follow_up(
    run: Run, vault: Path, write_note: WriteNote
) -> None:
    """The first day it fell due is kept only while nothing dates the contact: a snooze is
    a date the person chose, and the property follows it (and its end)."""
    write_note(".followup.yaml", CONFIG)
    note = write_note("Kim.md", "---\ncadence: 2w\n---\n")
    ok(run, "agenda")
    assert b"next_follow_up: 2026-11-23\n" in note.read_bytes()
    ok(run, "snooze", "Kim", "2026-11-30")
    assert b"next_follow_up: 2026-11-30\n" in note.read_bytes()
    ok_on(run, TODAY + dt.timedelta(days=2), "agenda")
    assert b"next_follow_up: 2026-11-30\n" in note.read_bytes()
    ok_on(run, TODAY + dt.timedelta(days=12), "agenda")  # the snooze is over: due since then
    assert b"next_follow_up: 2026-11-30\n" in note.read_bytes()
