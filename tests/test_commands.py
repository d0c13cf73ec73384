"""log, done, snooze, status and add, as a user runs them: whole files compared byte for byte.

The editor itself is pinned in depth by tests/test_edit.py; these tests drive the
real CLI on real notes and check what lands on disk and what the user is told.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Run, run_json

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


@pytest.fixture
def dana(write_note: WriteNote) -> Path:
    return write_note("People/Dana Park.md", DANA)


# ------------------------------------------------------------------ log


def test_log_appends_only_the_new_lines(run: Run, dana: Path) -> None:
    result = run("log", "dana", "-t", "email", "-s", "Thanks: see you soon")
    assert result.exit_code == 0, result.output
    assert dana.read_bytes() == DANA.replace(
        "    summary: Panel interview\n",
        "    summary: Panel interview\n"
        "  - date: 2026-11-22\n"
        "    type: email\n"
        '    summary: "Thanks: see you soon"\n',
    ).encode("utf-8")
    assert result.stdout.splitlines() == [
        "Recorded email out on 2026-11-22 — Dana Park (People/Dana Park.md)",
        "Next follow-up: Wed 2026-11-25 (in 3 days) via email: Nudge 1 of 3: no reply to email "
        "of 2026-11-22: Thanks: see you soon",
    ]


def test_log_with_every_option(run: Run, dana: Path) -> None:
    result = run(
        "log", "Dana Park", "-t", "call", "--in", "--date", "2026-11-21", "--channel", "phone",
        "--follow-up", "2w", "--outcome", "replied", "-s", "She called back",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    added = dana.read_text("utf-8").split("    summary: Panel interview\n")[1].split("---")[0]
    assert added == (
        "  - date: 2026-11-21\n"
        "    type: call\n"
        "    summary: She called back\n"  # the keys the last item has come in its order
        "    direction: in\n"
        "    channel: phone\n"
        "    follow_up: 2w\n"
        "    outcome: replied\n"
    )
    assert "Next follow-up: Mon 2026-12-07" in result.stdout  # 2 weeks after the 21st


def test_log_keeps_crlf_a_bom_and_a_missing_final_newline(run: Run, write_note: WriteNote) -> None:
    original = "\ufeff---\r\ninteractions:\r\n  - 2026-11-10 email: Sent CV\r\n---\r\nNo newline"
    note = write_note("Kim.md", original.encode("utf-8"))
    assert run("log", "kim", "-t", "call", "-s", "Quick call").exit_code == 0
    assert note.read_bytes() == original.replace(
        "Sent CV\r\n", "Sent CV\r\n  - 2026-11-22 call: Quick call\r\n"
    ).encode("utf-8")


def test_the_agenda_sees_a_logged_interaction_at_once(run: Run, dana: Path) -> None:
    assert run_json(run, "agenda", "--no-write")["items"][0]["rule"] == "scenario"
    run("log", "dana", "-t", "email", "--in")
    (item,) = run_json(run, "agenda", "--no-write")["items"]
    assert (item["rule"], item["due"]) == ("reply", "2026-11-23")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["log", "dana", "--follow-up", "soon"], "follow_up 'soon' is not a duration"),
        (["log", "dana", "-t", ""], "needs a type"),
        (["log", "dana", "-t", "two words"], "should be one word"),
        (["log", "dana", "-t", "a:b"], "should be one word"),
        (["log", "dana", "--date", "someday"], "YYYY-MM-DD"),
        (["snooze", "dana", "someday"], "neither a date"),
        (["status", "dana", "asleep"], "'asleep' is not one of"),
        (["add", "X", "--cadence", "sometimes"], "not a duration"),
    ],
)
def test_bad_options_are_usage_errors_and_change_nothing(
    run: Run, dana: Path, args: list[str], message: str
) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert dana.read_text("utf-8") == DANA
    assert not (dana.parent.parent / "X.md").exists()


def test_unknown_and_ambiguous_contacts_are_user_errors(
    run: Run, dana: Path, write_note: WriteNote
) -> None:
    write_note("Daniel.md", "---\ncadence: 30d\n---\n")
    assert run("log", "nobody").exit_code == 1
    result = run("done", "dan")
    assert result.exit_code == 1 and "matches 2 contacts" in result.stderr
    assert dana.read_text("utf-8") == DANA


def test_a_note_whose_front_matter_does_not_parse_is_refused_with_its_line(
    run: Run, write_note: WriteNote
) -> None:
    broken = "---\nname: Lee\ncadence: 30d\ninteractions:\n  - {date: 2026-11-01, type: call\n---\n"
    note = write_note("People/Lee.md", broken)
    for command in (["log", "lee"], ["done", "Lee"], ["snooze", "lee", "3d"], ["show", "lee"]):
        result = run(*command)
        assert result.exit_code == 1
        assert result.stderr.startswith("Error: People/Lee.md:6: invalid YAML")
        assert "fix it first" in result.stderr
    assert note.read_text() == broken


def test_a_note_linked_from_outside_the_vault_is_refused(
    run: Run, vault: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere.md"
    outside.write_text(DANA)
    os.symlink(outside, vault / "Linked.md")
    result = run("log", "dana")
    assert result.exit_code == 1
    assert "outside the vault" in result.stderr
    assert outside.read_text() == DANA


# ------------------------------------------------------------------ done


@pytest.mark.parametrize(
    ("note", "added"),
    [
        (
            "---\ncadence: 30d\ninteractions:\n  - {date: 2026-10-01, follow_up: none}\n---\n",
            "{date: 2026-11-22, follow_up: none, type: followup, summary: Wrote}",
        ),
        (
            "---\ninteractions:\n  - {date: 2026-11-21, type: email, direction: in}\n---\n",
            "{date: 2026-11-22, type: followup, direction: out, summary: Wrote, follow_up: none}",
        ),
        (
            "---\ninteractions:\n  - {date: 2026-11-19, type: interview}\n---\n",
            "{date: 2026-11-22, type: followup, summary: Wrote}",
        ),
        (
            "---\ninteractions:\n  - {date: 2026-11-10, type: email}\n---\n",
            "{date: 2026-11-22, type: followup, summary: Wrote}",
        ),
    ],
    ids=["after a cadence", "after a reply", "after an interview", "a nudge"],
)
def test_done_expects_an_answer_only_where_one_is_due(
    run: Run, write_note: WriteNote, note: str, added: str
) -> None:
    """follow_up: none after a keep-in-touch message or a reply; nudges after anything else."""
    path = write_note("Sam.md", note)
    result = run("done", "sam", "-s", "Wrote")
    assert result.exit_code == 0, result.output
    assert path.read_text() == note.replace("\n---\n", f"\n  - {added}\n---\n")


def test_done_after_a_cadence_lets_the_cadence_take_over(run: Run, write_note: WriteNote) -> None:
    write_note(
        "Sam.md", "---\ncadence: 30d\ninteractions:\n  - {date: 2026-10-01, follow_up: none}\n---\n"
    )
    run("done", "sam")
    (item,) = run_json(run, "agenda", "--no-write")["items"]
    assert (item["rule"], item["due"]) == ("cadence", "2026-12-22")


def test_done_uses_the_preferred_channel_without_writing_it(run: Run, dana: Path) -> None:
    run("done", "dana")
    assert dana.read_text().endswith("  - date: 2026-11-22\n    type: followup\n---\nBody stays.\n")


# ------------------------------------------------------------------ snooze and status


def test_snooze_sets_and_then_replaces_only_its_value(run: Run, dana: Path) -> None:
    result = run("snooze", "dana", "2026-12-01")
    assert result.exit_code == 0
    assert "Snoozed until 2026-12-01" in result.stdout
    with_snooze = DANA.replace("---\nBody", "snooze: 2026-12-01\n---\nBody")
    assert dana.read_text() == with_snooze
    run("snooze", "dana", "2w")  # a duration counts from today
    assert dana.read_text() == with_snooze.replace("2026-12-01", "2026-12-06")
    assert run_json(run, "show", "dana")["due"]["due"] == "2026-12-06"


def test_status_paused_stops_follow_ups_and_active_resumes_them(run: Run, dana: Path) -> None:
    result = run("status", "dana", "paused")
    assert result.exit_code == 0 and "No follow-up: the contact is paused." in result.stdout
    assert dana.read_text() == DANA.replace("---\nBody", "status: paused\n---\nBody")
    assert run_json(run, "agenda", "--no-write")["items"] == []
    run("status", "dana", "active")
    assert dana.read_text() == DANA.replace("---\nBody", "status: active\n---\nBody")
    assert len(run_json(run, "agenda", "--no-write")["items"]) == 1


# ------------------------------------------------------------------ add


def test_add_creates_a_contact_from_the_built_in_template(run: Run, vault: Path) -> None:
    result = run(
        "add", "Dana Park", "--email", "dana@example.com", "--phone", "+4712345678",
        "--channel", "email", "--company", "Northwind", "--cadence", "30d",
        "--tag", "job", "--tag", "#network", "--objective", "Intro: their CTO",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (vault / "Dana Park.md").read_text() == (
        "---\n"
        "company: Northwind\n"
        "email: dana@example.com\n"
        'phone: "+4712345678"\n'
        "channel: email\n"
        'objective: "Intro: their CTO"\n'
        "cadence: 30d\n"
        "tags:\n"
        "  - job\n"
        "  - network\n"
        "added: 2026-11-22\n"
        "interactions:\n"
        "---\n"
    )
    assert "Created — Dana Park (Dana Park.md)" in result.stdout
    data = run_json(run, "show", "dana")
    assert (data["due"]["rule"], data["due"]["due"]) == ("cadence", "2026-11-23")


def test_add_never_overwrites(run: Run, vault: Path, write_note: WriteNote) -> None:
    write_note("Dana Park.md", "mine\n")
    result = run("add", "Dana Park")
    assert result.exit_code == 1
    assert "already exists; nothing was written" in result.stderr
    assert (vault / "Dana Park.md").read_text() == "mine\n"


@pytest.mark.parametrize(
    ("name", "file_name"),
    [
        ("a/b: c?", "a-b c.md"),
        ("../../escape", "escape.md"),
        ("CON", "CON (contact).md"),
        ("Åsa Lindqvist", "Åsa Lindqvist.md"),
        ("Tab\tand\nnewline", "Tab and newline.md"),
    ],
)
def test_add_makes_a_safe_file_name_inside_the_contacts_folder(
    run: Run, vault: Path, write_note: WriteNote, name: str, file_name: str
) -> None:
    write_note(".followup.yaml", "contacts_folder: People\n")
    result = run("add", name)
    assert result.exit_code == 0, result.output
    assert [p.name for p in (vault / "People").iterdir()] == [file_name]
    created = (vault / "People" / file_name).read_text()
    if file_name[:-3] != name:
        assert run_json(run, "show", file_name[:-3])["name"] == name.strip()
    assert created.endswith("interactions:\n---\n")


def test_add_fills_the_vault_template(run: Run, vault: Path, write_note: WriteNote) -> None:
    write_note(".followup.yaml", "contact_template: templates/Contact\ncontacts_folder: People\n")
    write_note(
        "templates/Contact.md",
        "---\ncreated: {{date}}\nchannel: phone\ntags:\n  - person\nrole: '{{title}}'\n---\n"
        "# {{title}}\n\nMet on {{date:dddd D MMMM YYYY}}.\n",
    )
    result = run("add", "Kim Lee", "--channel", "email", "--tag", "client")
    assert result.exit_code == 0, result.output
    assert (vault / "People" / "Kim Lee.md").read_text() == (
        "---\ncreated: 2026-11-22\nchannel: email\ntags:\n  - client\nrole: 'Kim Lee'\n"
        "interactions:\n---\n# Kim Lee\n\nMet on Sunday 22 November 2026.\n"
    )


def test_add_refuses_a_contacts_folder_that_leads_outside(
    run: Run, vault: Path, tmp_path: Path, write_note: WriteNote
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, vault / "People")
    write_note(".followup.yaml", "contacts_folder: People\n")
    result = run("add", "Dana")
    assert result.exit_code == 1
    assert "outside the vault" in result.stderr
    assert list(outside.iterdir()) == []


def test_a_missing_template_is_a_configuration_error(run: Run, write_note: WriteNote) -> None:
    write_note(".followup.yaml", "contact_template: templates/Nope\n")
    result = run("add", "Dana")
    assert result.exit_code == 2
    assert "contact_template templates/Nope.md does not exist" in result.stderr


def test_every_command_answers_help(run: Run) -> None:
    for command in ("log", "done", "snooze", "status", "add"):
        result = run(command, "--help")
        assert result.exit_code == 0 and "Usage:" in result.stdout


def test_log_date_defaults_to_today_as_given(run: Run, dana: Path) -> None:
    run("log", "dana", today=dt.date(2026, 11, 30))
    assert "  - date: 2026-11-30\n    type: followup\n---" in dana.read_text()


def test_an_empty_contact_name_is_asked_for_not_blamed_on_a_note(
    run: Run, dana: Path, write_note: WriteNote
) -> None:
    write_note("Kim.md", "---\ncadence: sometimes\n---\n")  # readable, with a problem
    for command in (["show", " "], ["log", ""], ["done", ""]):
        result = run(*command)
        assert result.exit_code == 1
        assert "give the name of a contact" in result.stderr
        assert "Kim.md" not in result.stderr


def test_add_refuses_a_name_that_a_contact_already_has(
    run: Run, vault: Path, write_note: WriteNote
) -> None:
    write_note("People/Priya Nair.md", "---\naliases: [PN]\ncadence: 30d\n---\n")
    for name in ("Priya Nair", "priya nair", "PN"):
        result = run("add", name)
        assert result.exit_code == 1
        assert "already exists: People/Priya Nair.md; nothing was written" in result.stderr
    assert sorted(p.name for p in vault.rglob("*.md")) == ["Priya Nair.md"]
