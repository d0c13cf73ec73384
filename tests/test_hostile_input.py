"""Names, file names, folders and arguments that try to trick the tool (issue 9: 5, 6, 8-11).

Every case drives the real CLI on a real vault: the tricky note is reported or shown
safely, nothing crashes, and the good contact beside it is still scheduled.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from followup_md.core.model import AGENDA_MARKER
from followup_md.outputs.escape import note_link, shown

from .conftest import Run

WriteNote = Callable[[str, "str | bytes"], Path]

GOOD = "---\nname: Good Contact\nnext: 2026-11-24\n---\n"
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""Control characters no human-readable output may carry (line breaks and tab aside)."""


def note_named(name: str, summary: str = "hello") -> str:
    quoted = json.dumps(name)  # a YAML double-quoted string: its escapes reach the value
    return (
        f"---\nname: {quoted}\nchannel: {json.dumps('sms' + chr(0x9B) + '2J')}\n"
        f"interactions:\n  - date: 2026-11-19\n    type: interview\n"
        f"    summary: {json.dumps(summary)}\n---\n"
    )


@pytest.fixture
def good(write_note: WriteNote) -> None:
    write_note("Good.md", GOOD)


# ------------------------------------------------------------------ escaping (item 6)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ann Lee", "Ann Lee"),
        ("Ann\nLee", "Ann Lee"),
        ("Ann\r\n\tLee", "Ann Lee"),
        ("\x1b]0;pwned\x07", "\\x1b]0;pwned\\x07"),
        ("\x1b]52;c;ZXZpbA==\x07", "\\x1b]52;c;ZXZpbA==\\x07"),
        ("csi\x9b2J", "csi\\x9b2J"),
        ("del\x7f", "del\\x7f"),
        ("bad\udcff\udcfe", "bad\\xff\\xfe"),
        ("emoji 👩‍💻 ok", "emoji 👩‍💻 ok"),
    ],
)
def test_user_text_is_shown_on_one_line_with_controls_visible(text: str, expected: str) -> None:
    assert shown(text) == expected


@pytest.mark.parametrize(
    ("path", "label", "expected"),
    [
        ("People/Ann.md", "Ann", "[[People/Ann|Ann]]"),
        ("Ann.md", "Ann", "[[Ann]]"),
        ("People/Ann.md", "Ann | [x]", "[[People/Ann|Ann - (x)]]"),
        ("People/A#B.md", "A#B", "[A#B](People/A%23B.md)"),
        ("People/C[1].md", "C[1]", "[C\\[1\\]](People/C%5B1%5D.md)"),
        ("People/x^y|z.md", "x", "[x](People/x%5Ey%7Cz.md)"),
        ("Bad\udcff.md", "Bad\udcff", "Bad\\xff"),
    ],
)
def test_a_note_is_linked_by_a_form_obsidian_can_follow(
    path: str, label: str, expected: str
) -> None:
    assert note_link(path, label) == expected


def test_control_characters_never_reach_the_terminal_or_the_note(
    run: Run, vault: Path, write_note: WriteNote, good: None
) -> None:
    name = "Eve\x1b]0;pwned\x07\n## Fake heading\n- [x] fake line"
    write_note("Eve.md", note_named(name, summary="thanks\x1b[2J\nagain"))
    for args in (("agenda",), ("show", "eve"), ("check",), ("agenda", "--no-write")):
        result = run(*args)
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert CONTROL.search(result.stdout + result.stderr) is None, args
    note = (vault / "Follow-ups.md").read_text("utf-8")
    assert CONTROL.search(note) is None
    (line,) = [line for line in note.splitlines() if "pwned" in line]
    assert line.startswith("- [ ] [[Eve|Eve\\x1b)0;pwned\\x07 ## Fake heading - (x) fake line]]")
    assert "thanks\\x1b[2J again" in line and "sms\\x9b2J" in line
    assert not any(line.startswith("## Fake") for line in note.splitlines())
    assert "Good Contact" in note


def test_the_json_output_keeps_the_text_exactly(run: Run, write_note: WriteNote) -> None:
    """JSON is for programs: it carries the value as written, escaped by JSON itself."""
    write_note("Eve.md", note_named("Eve\x1b]0;x\x07"))
    data = json.loads(run("agenda", "--json", "--no-write").stdout)
    assert data["items"][0]["name"] == "Eve\x1b]0;x\x07"


# ------------------------------------------------------------------ file names (item 5)


def test_a_file_name_that_is_not_utf8_is_scheduled_shown_escaped_and_reported(
    run: Run, vault: Path, good: None
) -> None:
    raw = os.fsencode(vault) + b"/Bad\xff\xfe.md"
    with open(raw, "wb") as handle:
        handle.write(b"---\nnext: 2026-11-23\n---\n")
    result = run("agenda")
    assert result.exit_code == 0, result.output
    note = (vault / "Follow-ups.md").read_text("utf-8")
    assert "Bad\\xff\\xfe" in note and "[[Bad" not in note  # shown, not linked
    assert "not valid UTF-8" in note and "rename it" in note
    data = json.loads(run("agenda", "--json", "--no-write").stdout)
    assert {item["path"] for item in data["items"]} == {"Bad\udcff\udcfe.md", "Good.md"}
    check = run("check")
    assert check.exit_code == 1 and "Bad\\xff\\xfe.md: the file name holds bytes" in check.stdout


def test_a_file_name_obsidian_cannot_link_to_gets_a_markdown_link_and_a_problem(
    run: Run, vault: Path, write_note: WriteNote, good: None
) -> None:
    write_note("People/Ann #1 [x].md", "---\nnext: 2026-11-23\n---\n")
    assert run("agenda").exit_code == 0
    note = (vault / "Follow-ups.md").read_text("utf-8")
    assert "- [ ] [Ann #1 \\[x\\]](People/Ann%20%231%20%5Bx%5D.md) · Mon 2026-11-23" in note
    assert "character Obsidian cannot link to" in note
    assert "[[People/Ann #1" not in note


# ------------------------------------------------------------------ the agenda's name (item 8)


@pytest.mark.parametrize("name", ["Follow-ups", "follow-ups", "FOLLOW-UPS"])
def test_add_refuses_the_agenda_notes_name(run: Run, vault: Path, name: str) -> None:
    result = run("add", name)
    assert result.exit_code == 1
    assert "where followup writes the agenda note (agenda_file: Follow-ups.md)" in result.stderr
    assert list(vault.iterdir()) == []
    assert run("agenda").exit_code == 0  # and the agenda is still written afterwards
    assert (vault / "Follow-ups.md").read_text("utf-8").startswith(AGENDA_MARKER)


def test_add_takes_that_name_inside_a_contacts_folder(run: Run, vault: Path) -> None:
    (vault / ".followup.yaml").write_text("contacts_folder: People\n")
    assert run("add", "Follow-ups").exit_code == 0
    assert (vault / "People" / "Follow-ups.md").is_file()


# ------------------------------------------------------------------ check = agenda (item 9)


def test_check_reports_what_the_agenda_reports(run: Run, write_note: WriteNote) -> None:
    write_note("Late.md", "---\ninteractions:\n  - 9999-12-31 interview\n---\n")
    agenda = json.loads(run("agenda", "--json", "--no-write").stdout)
    check = run("check", "--json")
    assert check.exit_code == 1
    assert json.loads(check.stdout)["problems"] == agenda["problems"] != []
    assert "beyond the year 9999" in run("check").stdout


# ------------------------------------------------------------------ unreadable folders (item 10)


def test_an_unreadable_folder_is_reported_and_the_rest_is_read(
    run: Run, write_note: WriteNote, monkeypatch: pytest.MonkeyPatch, good: None
) -> None:
    """Tests run as root here, which reads any folder: the refusal is simulated."""
    write_note("Private/Secret.md", GOOD.replace("Good Contact", "Secret"))
    real = os.scandir

    def scandir(path: str | os.PathLike[str]) -> object:
        if os.fspath(path).endswith("Private"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = run("check")
    assert result.exit_code == 1
    assert "Private: this folder cannot be read (Permission denied)" in result.stdout
    data = json.loads(run("agenda", "--json", "--no-write").stdout)
    assert [item["name"] for item in data["items"]] == ["Good Contact"]


# ------------------------------------------------------------------ arguments (item 11)


def test_a_date_past_the_calendar_is_a_clear_error(
    run: Run, write_note: WriteNote, good: None
) -> None:
    result = run("--today", "9999-06-01", "snooze", "good", "1y", today=None)
    assert result.exit_code == 2
    assert "1 year after 9999-06-01 is past the year 9999" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize(
    "args",
    [("add", "\udcff\udcfe"), ("log", "good", "-s", "caf\udce9"), ("show", "\udcff")],
)
def test_an_argument_that_is_not_utf8_is_refused(
    run: Run, vault: Path, good: None, args: tuple[str, ...]
) -> None:
    before = sorted(vault.iterdir())
    result = run(*args)
    assert result.exit_code == 2
    assert "holds bytes that are not valid UTF-8 text" in result.stderr
    assert "\\xff" in result.stderr or "\\xe9" in result.stderr
    assert sorted(vault.iterdir()) == before


# ------------------------------------------------------------------ leftovers (item 12)


def test_any_command_removes_the_stale_temporary_files_of_killed_writes_and_nothing_else(
    run: Run, vault: Path, write_note: WriteNote, good: None
) -> None:
    old, fresh = vault / "People" / ".followup-k3j9x.tmp", vault / ".followup-a1b2.tmp"
    kept = [vault / ".followup-notes.tmpx", vault / "followup-x.tmp", vault / "People" / "x.tmp"]
    for file in (old, fresh, *kept):
        file.parent.mkdir(exist_ok=True)
        file.write_text("half a note")
    os.utime(old, (1_000_000, 1_000_000))  # long ago
    for file in kept:
        os.utime(file, (1_000_000, 1_000_000))
    assert run("check").exit_code == 0
    assert not old.exists()
    assert fresh.exists() and all(file.exists() for file in kept)
