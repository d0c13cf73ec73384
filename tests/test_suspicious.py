"""Suspicious values are problems, warnings or refusals (issue 11, items 4, 5 and 9).

An interaction dated after today, a zero cadence; on the command line, contradictory or
repeated flags and a `snooze`/`next` in the past; a note of the user's at the agenda
path; a broken `.followup.yaml` under the watcher.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from followup_md.app.vaults import open_vault
from followup_md.cli import recording as recording_cli
from followup_md.daemon.events import Change
from followup_md.daemon.watcher import Watcher, config_problem

from .conftest import TODAY, Run, run_json

WriteNote = Callable[[str, "str | bytes"], Path]

DANA = "---\nname: Dana\ncadence: 30d\ninteractions:\n  - 2026-11-01 email: Hello\n---\nBody\n"

FUTURE = "interaction of 2026-12-05 is in the future: a typo? planned contacts go in `next`"


@pytest.fixture
def dana(write_note: WriteNote) -> Path:
    return write_note("Dana.md", DANA)


# ------------------------------------------------------------------ in notes


def test_an_interaction_in_the_future_is_a_warning_and_still_counts(
    run: Run, write_note: WriteNote
) -> None:
    write_note(
        "Kim.md",
        "---\ncadence: 30d\ninteractions:\n  - 2026-11-01 email\n  - 2026-12-05 call\n---\n",
    )
    data = run_json(run, "agenda", "--no-write")
    assert [(p["path"], p["line"], p["message"]) for p in data["problems"]] == [
        ("Kim.md", 5, FUTURE)
    ]
    # it still counts as written: the next follow-up runs from it
    (item,) = data["items"]
    assert item["based_on"]["date"] == "2026-12-05" and item["due"] > "2026-12-05"
    result = run("check")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [f"Kim.md:5: {FUTURE}"]
    assert run("check", today=TODAY.replace(month=12, day=5)).exit_code == 0


def test_a_paused_contact_is_warned_too(run: Run, write_note: WriteNote) -> None:
    write_note("Kim.md", "---\nstatus: paused\ninteractions:\n  - 2026-12-05 call\n---\n")
    assert run("check").stdout.splitlines() == [f"Kim.md:4: {FUTURE}"]


@pytest.mark.parametrize(("value", "shown"), [("0d", "'0d'"), ("0", "0"), ("0 weeks", "'0 weeks'")])
def test_a_zero_cadence_is_a_problem(
    run: Run, write_note: WriteNote, value: str, shown: str
) -> None:
    write_note("Kim.md", f"---\ncadence: {value}\ninteractions:\n  - 2026-11-01 call\n---\n")
    result = run("check")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        f"Kim.md:2: 'cadence': {shown} is zero; give a positive one (30d, monthly); "
        "no cadence is used until it is fixed"
    ]


def test_a_negative_cadence_is_a_problem(run: Run, write_note: WriteNote) -> None:
    write_note("Kim.md", "---\ncadence: -3\ninteractions:\n  - 2026-11-01 call\n---\n")
    (line,) = run("check").stdout.splitlines()
    assert line.startswith("Kim.md:2: 'cadence': -3 is negative")


# ------------------------------------------------------------------ flags


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("log", "dana", "--in", "--out"), "--in and --out contradict each other"),
        (("log", "dana", "--out", "--in"), "--out and --in contradict each other"),
        (("log", "dana", "-s", "x", "-s", "y"), "-s/--summary is given twice: give it once"),
        (("log", "dana", "-s", "x", "--summary=y"), "-s/--summary is given twice"),
        (("log", "dana", "-sx", "-sy"), "-s/--summary is given twice"),
        (("log", "dana", "-t", "call", "--type", "email"), "-t/--type is given twice"),
        (("done", "dana", "-s", "x", "-s", "y"), "-s/--summary is given twice"),
        (("add", "Kim", "--email", "a@b", "--email", "c@d"), "--email is given twice"),
        (("snooze", "dana", "2w", "--yes", "--yes"), "-y/--yes is given twice"),
    ],
)
def test_repeated_or_contradictory_flags_are_refused(
    run: Run, dana: Path, args: tuple[str, ...], message: str
) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert dana.read_text() == DANA


def test_a_value_that_looks_like_a_flag_is_not_counted(run: Run, dana: Path) -> None:
    result = run("log", "dana", "-s", "--in", "--in")
    assert result.exit_code == 0, result.output
    assert "2026-11-22 followup in: --in" in dana.read_text()


def test_repeatable_options_stay_repeatable(run: Run) -> None:
    assert run("add", "Kim", "--tag", "a", "--tag", "b").exit_code == 0


@pytest.mark.parametrize("value", ["0d", "0", "0 weeks"])
def test_add_refuses_a_zero_cadence(run: Run, vault: Path, value: str) -> None:
    result = run("add", "Kim", "--cadence", value)
    assert result.exit_code == 2
    assert f"{value!r} is zero; give a positive one (30d, monthly)" in result.stderr
    assert not list(vault.rglob("Kim*.md"))


# ------------------------------------------------------------------ dates in the past


@pytest.mark.parametrize(("command", "key"), [("snooze", "snooze"), ("next", "next")])
def test_a_past_date_is_refused_off_a_terminal(
    run: Run, dana: Path, command: str, key: str
) -> None:
    result = run(command, "dana", "2026-11-20")
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {key} 2026-11-20 is in the past (today is 2026-11-22); give a later date, "
        "or --yes to set it anyway\n"
    )
    assert dana.read_text() == DANA
    assert run(command, "dana", "2026-11-20", "--yes").exit_code == 0
    assert f"{key}: 2026-11-20" in dana.read_text()


@pytest.mark.parametrize("command", ["snooze", "next"])
def test_today_and_later_need_no_confirmation(run: Run, dana: Path, command: str) -> None:
    assert run(command, "dana", "today").exit_code == 0
    assert run(command, "dana", "2w").exit_code == 0


@pytest.mark.parametrize(("answer", "code"), [("y\n", 0), ("n\n", 1)])
def test_a_past_date_asks_on_a_terminal(
    run: Run, dana: Path, monkeypatch: pytest.MonkeyPatch, answer: str, code: int
) -> None:
    monkeypatch.setattr(recording_cli, "_stdin_is_terminal", lambda: True)
    result = run("snooze", "dana", "2026-11-20", input=answer)
    assert result.exit_code == code
    assert (
        "snooze 2026-11-20 is in the past (today is 2026-11-22): set it anyway? [y/N]"
        in result.output
    )
    assert ("snooze: 2026-11-20" in dana.read_text()) == (code == 0)


# ------------------------------------------------------------------ the agenda path


OCCUPIED = (
    "Follow-ups.md: this note sits where the agenda note is written (agenda_file) and was "
    "not written by followup: it is not read, and the agenda is not written over it; "
    "rename it, or set agenda_file in .followup.yaml"
)


def test_a_note_of_the_users_at_the_agenda_path(
    run: Run, vault: Path, write_note: WriteNote, dana: Path
) -> None:
    mine = write_note("Follow-ups.md", "# My own follow-ups\n")
    for args in (("agenda",), ("agenda", "--json")):
        result = run(*args)
        assert result.exit_code == 1
        assert "Dana" in result.stdout
        assert result.stderr == (
            f"Not written: {mine} is a note of yours (see Problems); rename that note, or "
            "set agenda_file in .followup.yaml to another path\n"
        )
    assert OCCUPIED in run("agenda").stdout
    assert mine.read_text() == "# My own follow-ups\n"
    assert run("agenda", "--no-write").exit_code == 0
    mine.rename(vault / "Mine.md")  # resolved: the agenda is written again
    result = run("agenda")
    assert result.exit_code == 0 and result.stderr == ""
    assert "followup" in (vault / "Follow-ups.md").read_text()


# ------------------------------------------------------------------ the watcher


def test_config_problem_takes_the_file_and_line_from_the_message() -> None:
    problem = config_problem(".followup.yaml", "/v/.followup.yaml:3: unknown key 'x'")
    assert (problem.path, problem.line) == (".followup.yaml", 3)
    assert problem.message == (
        "unknown key 'x'; the last good settings stay in force until it is fixed"
    )
    problem = config_problem(".followup.yaml", "/v/.followup.yaml: not valid UTF-8")
    assert (problem.path, problem.line) == (".followup.yaml", None)
    assert problem.message.startswith("not valid UTF-8; ")


def test_a_broken_config_under_the_watcher_is_in_the_agenda_until_fixed(
    vault: Path, write_note: WriteNote
) -> None:
    logger = logging.getLogger("tests.suspicious.watcher")
    logger.propagate = False
    write_note("Kim.md", "---\nnext: 2026-12-10\n---\n")
    watcher = Watcher(open_vault(vault), clock=lambda: TODAY, debounce=0.3, log=logger)
    watcher.start(0.0)
    agenda = vault / "Follow-ups.md"
    config = Change("modified", str(vault / ".followup.yaml"))

    write_note(".followup.yaml", "horizon: 30\n")
    watcher.handle(config, 1.0)
    assert watcher.flush(2.0)
    assert "## Next 30 days" in agenda.read_text() and "Problems" not in agenda.read_text()

    write_note(".followup.yaml", "horizon: 30\nhorizn: 3\n")
    watcher.handle(config, 3.0)
    assert watcher.flush(4.0)
    text = agenda.read_text()
    assert "## Next 30 days" in text  # the last good settings stay in force
    problems = text.split("## Problems\n\n", 1)[1]
    assert problems.startswith("- [[.followup.yaml]] line 2: unknown key 'horizn'.")
    assert problems.endswith("; the last good settings stay in force until it is fixed\n")

    write_note(".followup.yaml", "horizon: 30\n")  # fixed, the same settings as before
    watcher.handle(config, 5.0)
    assert watcher.flush(6.0)
    text = agenda.read_text()
    assert "horizn" not in text and "## Next 30 days" in text
