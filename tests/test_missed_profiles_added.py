"""What users see of issue 10: missed follow-ups in every output, the profile where a
user asks about one contact, and `add` writing when the contact was added.

Through the real CLI on real notes; today is Sunday 2026-11-22 (tests/conftest.py).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from followup_md.outputs.markdown import code
from followup_md.outputs.wording import shell_word

from .conftest import Run, run_json

WriteNote = Callable[[str, "str | bytes"], Path]

NORA = (
    "---\n"
    "name: Nora Haugen\n"
    "email: nora@example.com\n"
    "cadence: 90d\n"
    "interactions:\n"
    "  - 2026-10-08 interview: First round\n"
    "---\n"
)
"""A thank-you due Fri 2026-10-09, 44 days before today: missed. The cadence gives
2026-10-08 + 90d = Wed 2027-01-06 meanwhile."""

MISSED_LINE = (
    "- [[Nora Haugen]] · due Fri 2026-10-09 (44 days overdue) · "
    "Thank-you after interview on 2026-10-08: First round · "
    'log it if it was done, or `followup done "Nora Haugen" --no-reply` · '
    "meanwhile the keep-in-touch cadence is due Wed 2027-01-06"
)


def agenda_note(run: Run, vault: Path) -> str:
    result = run("agenda")
    assert result.exit_code == 0, result.output
    return (vault / "Follow-ups.md").read_text("utf-8")


def section(note: str, title: str) -> list[str]:
    """The lines of one `## title` section of the agenda note, blank lines left out."""
    lines = note.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0].splitlines()
    return [line for line in lines if line]


# ------------------------------------------------------------------ missed


def test_a_missed_follow_up_in_the_agenda_note(
    run: Run, vault: Path, write_note: WriteNote
) -> None:
    write_note("Nora Haugen.md", NORA)
    note = agenda_note(run, vault)
    assert "As of Sun 2026-11-22: 0 overdue, 0 today, 0 in the next 7 days, 1 later, 1 missed." in (
        note
    )
    assert section(note, "Missed") == [MISSED_LINE]
    # after Later (her cadence), before Gone quiet and Problems
    assert note.index("## Later") < note.index("## Missed")
    assert "Thank-you" not in "".join(section(note, "Overdue"))


def test_a_missed_follow_up_in_the_terminal(run: Run, write_note: WriteNote) -> None:
    write_note("Nora Haugen.md", NORA)
    result = run("agenda", "--no-write")
    lines = result.stdout.splitlines()
    assert lines[0].endswith(": 0 overdue, 0 today, 0 in the next 7 days, 1 later, 1 missed")
    at = lines.index("Missed (1)")
    assert lines[at + 1] == (
        "  Nora Haugen: due Fri 2026-10-09 (44 days overdue); "
        "Thank-you after interview on 2026-10-08: First round; "
        'log it if it was done, or followup done "Nora Haugen" --no-reply; '
        "meanwhile the keep-in-touch cadence is due Wed 2027-01-06"
    )
    assert "Nothing is due" not in result.stdout


def test_a_missed_follow_up_in_json(run: Run, write_note: WriteNote) -> None:
    write_note("Nora Haugen.md", NORA)
    data = run_json(run, "agenda", "--no-write")
    assert data["missed"] == [
        {
            "name": "Nora Haugen",
            "path": "Nora Haugen.md",
            "due": "2026-10-09",
            "rule": "scenario",
            "reason": "Thank-you after interview on 2026-10-08: First round",
            "cadence_due": "2027-01-06",
        }
    ]
    assert [(i["rule"], i["due"]) for i in data["items"]] == [("cadence", "2027-01-06")]


def test_a_missed_follow_up_without_a_cadence(run: Run, vault: Path, write_note: WriteNote) -> None:
    """Nothing else is due: the terminal does not say "Nothing is due" above it, and no
    cadence date is made up."""
    write_note("Sam.md", "---\ninteractions:\n  - 2026-09-01 email in: Asked for the deck\n---\n")
    note = agenda_note(run, vault)
    assert section(note, "Missed") == [
        "- [[Sam]] · due Wed 2026-09-02 (81 days overdue) · "
        "Reply to their email of 2026-09-01: Asked for the deck · "
        "log it if it was done, or `followup done Sam --no-reply`"
    ]
    result = run("agenda", "--no-write")
    assert "Nothing is due" not in result.stdout
    assert "  Sam: due Wed 2026-09-02 (81 days overdue); Reply to their" in result.stdout
    assert run_json(run, "agenda", "--no-write")["missed"][0]["cadence_due"] is None


def test_no_missed_section_when_nothing_was_missed(
    run: Run, vault: Path, write_note: WriteNote
) -> None:
    write_note("Kim.md", "---\ninteractions:\n  - 2026-11-19 interview\n---\n")
    note = agenda_note(run, vault)
    assert "## Missed" not in note and "missed" not in note
    assert "Missed" not in run("agenda", "--no-write").stdout
    assert run_json(run, "agenda", "--no-write")["missed"] == []


def test_missed_lines_show_user_text_safely(run: Run, vault: Path, write_note: WriteNote) -> None:
    """A name or summary cannot forge lines or headings, or run anything in the command."""
    write_note(
        "Evil.md",
        '---\nname: "A]] $(rm -rf ~) `x`\\n## Forged\\u001b[2J"\n'
        'interactions:\n  - "2026-09-01 email in: line\\u0007 one"\n---\n',
    )
    note = agenda_note(run, vault)
    (line,) = section(note, "Missed")
    assert "\n## Forged" not in note and "\x1b" not in note and "\x07" not in note
    assert line.startswith("- [[Evil|A)) $(rm -rf ~) `x` ## Forged\\x1b(2J]] · due ")
    assert "line\\x07 one" in line
    command = "followup done 'A]] $(rm -rf ~) `x` ## Forged\\x1b[2J' --no-reply"
    assert f"or `` {command} ``" not in line  # no padding: it neither starts nor ends with `
    assert f"or ``{command}``" in line
    text = run("agenda", "--no-write").stdout
    assert "\x1b[2J" not in text and "\x07" not in text
    assert f"or {command}" in text


@pytest.mark.parametrize(
    ("name", "word"),
    [
        ("Sam", "Sam"),
        ("Nora Haugen", '"Nora Haugen"'),
        ("O'Brien", '"O\'Brien"'),
        ('Dana "D" Park', "'Dana \"D\" Park'"),
        ("Bob's $HOME", "'Bob'\"'\"'s $HOME'"),
        ("tab\there", '"tab here"'),
    ],
)
def test_names_in_commands_are_one_shell_word(name: str, word: str) -> None:
    assert shell_word(name) == word


def test_a_name_that_looks_like_an_option(run: Run, vault: Path, write_note: WriteNote) -> None:
    write_note("x.md", "---\nname: -x\ninteractions:\n  - 2026-09-01 email in\n---\n")
    assert "`followup done --no-reply -- -x`" in section(agenda_note(run, vault), "Missed")[0]


@pytest.mark.parametrize(
    ("text", "span"),
    [("a b", "`a b`"), ("a`b", "``a`b``"), ("`a``", "``` `a`` ```"), ("", "``")],
)
def test_code_spans_hold_any_backticks(text: str, span: str) -> None:
    assert code(text) == span


# ------------------------------------------------------------------ profiles


MOM = (
    "---\nname: Ellen\nphone: '+4791234567'\ntags: [family]\n"
    "interactions:\n  - 2026-11-20 call in: Sunday call\n---\n"
)


def test_show_says_the_profile(run: Run, write_note: WriteNote) -> None:
    write_note("Mom.md", MOM)
    write_note("Kim.md", "---\ncadence: 30d\ninteractions:\n  - 2026-11-19 email\n---\n")
    facts = run("show", "mom").stdout.splitlines()[1]
    assert facts == "  status active · profile personal · #family"
    assert run_json(run, "show", "mom")["profile"] == "personal"
    assert "profile professional" in run("show", "kim").stdout.splitlines()[1]
    data = run_json(run, "show", "kim")
    assert (data["profile"], data["due"]["profile"]) == ("professional", "professional")


def test_show_says_the_profile_when_nothing_is_due(run: Run, write_note: WriteNote) -> None:
    """Paused, or nothing scheduled: the profile still comes from the note and its tags."""
    write_note("Mom.md", MOM.replace("tags:", "status: paused\ntags:"))
    write_note("Ann.md", "---\nprofile: Personal\nnext: 2026-01-01\n---\n")
    data = run_json(run, "show", "mom")
    assert (data["status"], data["due"], data["profile"]) == ("paused", None, "personal")
    assert "profile personal" in run("show", "mom").stdout
    assert run_json(run, "show", "ann")["profile"] == "personal"


def test_every_json_item_carries_its_profile_and_lines_do_not(
    run: Run, vault: Path, write_note: WriteNote
) -> None:
    write_note("Mom.md", MOM.replace("tags: [family]", "tags: [family]\ncadence: 1w"))
    write_note("Kim.md", "---\ncadence: 30d\ninteractions:\n  - 2026-11-19 email\n---\n")
    items = run_json(run, "agenda", "--no-write")["items"]
    assert {i["name"]: i["profile"] for i in items} == {"Ellen": "personal", "Kim": "professional"}
    note = agenda_note(run, vault)
    assert "personal" not in note and "professional" not in note
    assert "personal" not in run("agenda", "--no-write").stdout


# ------------------------------------------------------------------ add: added


def test_add_writes_today_as_added_and_neglect_shows(run: Run, vault: Path) -> None:
    result = run("add", "Sofie Bakke", "--cadence", "monthly")
    assert result.exit_code == 0, result.output
    assert (vault / "Sofie Bakke.md").read_text() == (
        "---\ncadence: monthly\nadded: 2026-11-22\ninteractions:\n---\n"
    )
    # Three weeks on, still no interaction: due from the day she was added.
    later = run("agenda", "--json", "--no-write", today=dt.date(2026, 12, 14))
    (item,) = json.loads(later.stdout)["items"]
    assert (item["due"], item["bucket"], item["days"]) == ("2026-11-23", "overdue", -21)
    assert item["reason"] == "Keep in touch every month; added 2026-11-22, no contact yet"


def test_add_adds_added_to_a_template_without_one(
    run: Run, vault: Path, write_note: WriteNote
) -> None:
    write_note(".followup.yaml", "contact_template: templates/Contact\n")
    write_note("templates/Contact.md", "---\ntags:\n  - person\n---\n# {{title}}\n")
    assert run("add", "Kim Lee", "--cadence", "2w").exit_code == 0
    assert (vault / "Kim Lee.md").read_text() == (
        "---\ntags:\n  - person\ncadence: 2w\nadded: 2026-11-22\ninteractions:\n---\n# Kim Lee\n"
    )


@pytest.mark.parametrize(
    ("line", "written"),
    [
        ("added: {{date}}", "added: 2026-11-22"),
        ("added: '{{date:DD.MM.YYYY}}'", "added: '22.11.2026'"),
        ("created: {{date}}T{{time}}", "created: 2026-11-22T"),
        ("added:", "added:"),
    ],
    ids=["added", "added in its own format", "created", "empty added"],
)
def test_add_keeps_the_templates_own_date(
    run: Run, vault: Path, write_note: WriteNote, line: str, written: str
) -> None:
    write_note(".followup.yaml", "contact_template: templates/Contact\n")
    write_note("templates/Contact.md", f"---\n{line}\ninteractions:\n---\n")
    result = run("add", "Kim Lee")
    assert result.exit_code == 0, result.output
    text = (vault / "Kim Lee.md").read_text()
    assert text.startswith(f"---\n{written}")
    assert text.count("added") + text.count("created") == 1


# ------------------------------------------------------------------ done after a miss


@pytest.mark.parametrize(
    ("note", "expects_no_answer"),
    [
        # a reply missed weeks ago, no cadence: answering late still expects nothing back
        ("---\ninteractions:\n  - 2026-09-01 email in: Asked for the deck\n---\n", True),
        # a thank-you missed: the follow-up made now waits for an answer, as any other
        ("---\ninteractions:\n  - 2026-09-01 interview: First round\n---\n", False),
        # a professional contact's birthday today: a greeting, not a message to chase
        ("---\nbirthday: 1980-11-22\ninteractions:\n  - 2026-11-20 email\n---\n", True),
        # the birthday is weeks away and wins only as the earliest date: the nudge due
        # behind it is what the follow-up answers
        ("---\nbirthday: --11-25\ninteractions:\n  - 2026-11-20 email\n---\n", False),
    ],
    ids=["missed reply", "missed thank-you", "birthday today", "birthday ahead"],
)
def test_done_judges_what_was_due_behind_a_miss_or_a_birthday(
    run: Run, write_note: WriteNote, note: str, expects_no_answer: bool
) -> None:
    path = write_note("Sam.md", note)
    result = run("done", "sam")
    assert result.exit_code == 0, result.output
    written = path.read_text()
    assert written.startswith(note[: -len("---\n")])
    added = written[len(note) - len("---\n") :]
    if expects_no_answer:  # the one-line form cannot hold follow_up: a flow mapping
        assert added == "  - {date: 2026-11-22, type: followup, follow_up: none}\n---\n"
    else:
        assert added == "  - 2026-11-22 followup\n---\n"
