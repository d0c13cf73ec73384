"""The `followup` command as a user runs it: real folders, exit codes, JSON, messages."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from followup_md.cli import cli
from followup_md.core.model import AGENDA_MARKER

from .conftest import TODAY, Run, run_json

WriteNote = Callable[[str, "str | bytes"], Path]

DANA = """\
---
name: Dana Park
aliases: [DP]
channel: email
objective: Say thanks and restate interest
interactions:
  - 2026-11-10 email out: Applied for the PM role
  - date: 2026-11-19
    type: interview
    summary: Panel interview
---
Met through Kim.
"""

BOB = """\
---
name: Bob Stone
cadence: 30d
interactions:
  - {date: 2026-11-01, type: call, direction: in, follow_up: none}
---
"""

DANIEL = """\
---
name: Daniel Ek
next: 2026-11-24
---
"""


@pytest.fixture
def people(write_note: WriteNote) -> None:
    write_note("People/Dana Park.md", DANA)
    write_note("People/Bob Stone.md", BOB)
    write_note("Daniel.md", DANIEL)
    write_note("Daily/2026-11-22.md", "# Sunday\nNothing to see.\n")


# ------------------------------------------------------------------ agenda


@pytest.mark.usefixtures("people")
def test_agenda_prints_the_summary_and_writes_the_note(run: Run, vault: Path) -> None:
    result = run("agenda")
    assert result.exit_code == 0
    assert "1 overdue" in result.stdout
    assert (
        "Dana Park" in result.stdout and "Thank-you after interview on 2026-11-19" in result.stdout
    )
    note = (vault / "Follow-ups.md").read_text("utf-8")
    assert note.startswith(AGENDA_MARKER + "\n# Follow-ups\n")
    line = next(line for line in note.splitlines() if "Dana Park" in line)
    assert line == (
        "- [ ] [[People/Dana Park|Dana Park]] · Fri 2026-11-20 (2 days overdue) · email · "
        "Thank-you after interview on 2026-11-19: Panel interview · "
        "Objective: Say thanks and restate interest 📅 2026-11-20 ^fu-855481c47fb3-2"
    )
    assert "- [ ] [[Daniel|Daniel Ek]] · Tue 2026-11-24 (in 2 days)" in note
    assert "Daily" not in note


@pytest.mark.usefixtures("people")
def test_agenda_is_written_only_when_its_content_changes(run: Run, vault: Path) -> None:
    run("agenda")
    agenda = vault / "Follow-ups.md"
    os.utime(agenda, ns=(1_000_000_000, 1_000_000_000))
    result = run("agenda")
    assert "unchanged" in result.stdout
    assert agenda.stat().st_mtime_ns == 1_000_000_000
    run("agenda", today=dt.date(2026, 11, 23))  # another day: new deltas, so a new file
    assert agenda.stat().st_mtime_ns != 1_000_000_000


@pytest.mark.usefixtures("people")
def test_no_write_leaves_the_vault_untouched(run: Run, vault: Path) -> None:
    def snapshot() -> dict[str, tuple[bytes, int]]:
        files = sorted(p for p in vault.rglob("*") if p.is_file())
        return {str(p.relative_to(vault)): (p.read_bytes(), p.stat().st_mtime_ns) for p in files}

    before = snapshot()
    assert len(before) == 4
    assert run("agenda", "--no-write").exit_code == 0
    assert run("agenda", "--json", "--no-write").exit_code == 0
    assert snapshot() == before


@pytest.mark.usefixtures("people")
def test_agenda_json_is_one_object_with_the_documented_shape(run: Run) -> None:
    result = run("agenda", "--json", "--no-write")
    data = json.loads(result.stdout)
    assert set(data) == {"today", "items", "quiet", "missed", "problems"}
    assert data["today"] == "2026-11-22"
    assert [item["name"] for item in data["items"]] == ["Dana Park", "Daniel Ek", "Bob Stone"]
    dana = data["items"][0]
    for key in ("name", "path", "due", "bucket", "rule", "reason", "channel", "objective", "nudge"):
        assert key in dana
    assert (dana["path"], dana["due"], dana["bucket"], dana["rule"]) == (
        "People/Dana Park.md", "2026-11-20", "overdue", "scenario",
    )  # fmt: skip
    assert dana["based_on"] == {
        "date": "2026-11-19", "type": "interview", "direction": "out",
        "channel": None, "summary": "Panel interview", "line": 8,
    }  # fmt: skip
    assert [item["bucket"] for item in data["items"]] == ["overdue", "upcoming", "later"]


def test_agenda_json_reports_nudges_quiet_contacts_and_problems(
    run: Run, write_note: WriteNote
) -> None:
    write_note("Nudge.md", "---\ninteractions:\n  - 2026-11-10 email\n  - 2026-11-13 email\n---\n")
    write_note(
        "Quiet.md",
        "---\ninteractions: [2026-10-01 email, 2026-10-04 email, 2026-10-11 email,\n"
        "  2026-10-25 email]\n---\n",
    )
    write_note("Broken.md", "---\ncadence: [oops\n---\n")
    data = run_json(run, "agenda", "--no-write")
    (item,) = data["items"]
    assert (item["name"], item["rule"], item["nudge"], item["due"]) == (
        "Nudge",
        "nudge",
        2,
        "2026-11-20",
    )
    assert data["quiet"][0]["name"] == "Quiet" and data["quiet"][0]["path"] == "Quiet.md"
    assert data["problems"] == [
        {"path": "Broken.md", "line": 3, "message": data["problems"][0]["message"]}
    ]
    assert "invalid YAML" in data["problems"][0]["message"]


def test_a_bad_note_never_stops_the_agenda(run: Run, write_note: WriteNote, vault: Path) -> None:
    write_note("Good.md", DANA)
    write_note("Bad.md", "---\ninteractions:\n\t- tab\n---\n")
    write_note("Latin.md", "---\nname: Jos\u00e9\ncadence: 3d\n---\n".encode("latin-1"))
    write_note("Empty.md", b"")
    result = run("agenda")
    assert result.exit_code == 0
    assert "Dana Park" in result.stdout
    assert "Bad.md:3:" in result.stdout and "Latin.md:2:" in result.stdout
    note = (vault / "Follow-ups.md").read_text("utf-8")
    assert "## Problems" in note and "[[Bad]] line 3:" in note


@pytest.mark.usefixtures("people")
def test_horizon_option(run: Run) -> None:
    items = run_json(run, "agenda", "--no-write", "--horizon", "1")["items"]
    assert [i["bucket"] for i in items] == ["overdue", "later", "later"]
    assert run("agenda", "--horizon", "-1").exit_code == 2


@pytest.mark.usefixtures("people")
def test_vault_and_today_from_the_environment(vault: Path) -> None:
    env = {"FOLLOWUP_VAULT": str(vault), "FOLLOWUP_TODAY": "2026-11-19"}
    result = CliRunner().invoke(cli, ["agenda", "--json", "--no-write"], env=env)
    data = json.loads(result.stdout)
    assert data["today"] == "2026-11-19"
    assert data["items"][0]["name"] == "Dana Park"


def test_a_note_of_the_users_at_the_agenda_path_is_reported_and_never_overwritten(
    run: Run, write_note: WriteNote, vault: Path
) -> None:
    mine = "---\ncadence: 1d\n---\nMy own list of follow-ups.\n"
    write_note("Follow-ups.md", mine)
    write_note("A.md", DANA)
    data = run_json(run, "agenda", "--no-write")
    assert [i["path"] for i in data["items"]] == ["A.md"]
    assert [p["path"] for p in data["problems"]] == ["Follow-ups.md"]
    assert "not written by followup" in data["problems"][0]["message"]
    result = run("agenda")  # issue 11: the agenda is printed, the note left alone, exit 1
    assert result.exit_code == 1
    assert "Dana Park" in result.stdout and "Follow-ups.md: this note sits where" in result.stdout
    assert result.stderr == (
        f"Not written: {vault / 'Follow-ups.md'} is a note of yours (see Problems); rename "
        "that note, or set agenda_file in .followup.yaml to another path\n"
    )
    assert (vault / "Follow-ups.md").read_text() == mine
    assert run("check").exit_code == 1


def test_another_agenda_path_makes_the_old_name_an_ordinary_note(
    run: Run, write_note: WriteNote
) -> None:
    write_note("Follow-ups.md", "---\ncadence: 1d\n---\n")
    write_note(".followup.yaml", "agenda_file: Reviews/Agenda.md\n")
    write_note("Reviews/Agenda.md", "")
    names = [i["path"] for i in run_json(run, "agenda", "--no-write")["items"]]
    assert names == ["Follow-ups.md"]


def test_the_agenda_is_never_written_through_a_link_or_outside_the_vault(
    run: Run, write_note: WriteNote, vault: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "Follow-ups.md").write_text("theirs\n")
    os.symlink(outside / "Follow-ups.md", vault / "Follow-ups.md")
    write_note("A.md", DANA)
    result = run("agenda")
    assert result.exit_code == 2 and "is a link or leads outside the vault" in result.stderr
    assert (outside / "Follow-ups.md").read_text() == "theirs\n"
    (vault / "Follow-ups.md").unlink()
    os.symlink(outside, vault / "Out")
    write_note(".followup.yaml", "agenda_file: Out/Agenda.md\n")
    assert run("agenda").exit_code == 2
    assert sorted(p.name for p in outside.iterdir()) == ["Follow-ups.md"]


def test_agenda_in_a_configured_subfolder(run: Run, write_note: WriteNote, vault: Path) -> None:
    write_note(".followup.yaml", "agenda_file: Reviews/Follow-ups.md\n")
    write_note("A.md", DANA)
    assert run("agenda").exit_code == 0
    assert (vault / "Reviews" / "Follow-ups.md").exists()
    assert not (vault / "Follow-ups.md").exists()


def test_an_empty_vault_says_so(run: Run) -> None:
    result = run("agenda", "--no-write")
    assert result.exit_code == 0
    assert "Nothing is due" in result.stdout


# ------------------------------------------------------------------ errors and exit codes


def test_missing_vault_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--vault", str(tmp_path / "nope"), "agenda"])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr and "--vault" in result.stderr


def test_bad_today_is_a_usage_error(run: Run) -> None:
    result = run("--today", "22/11/2026", "agenda", today=None)
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.stderr


def test_bad_configuration_is_exit_2_and_nothing_is_written(
    run: Run, write_note: WriteNote, vault: Path
) -> None:
    write_note("A.md", DANA)
    write_note(".followup.yaml", "horizon: 7\nhorizn: 3\n")
    result = run("agenda")
    assert result.exit_code == 2
    assert ".followup.yaml:2: unknown key 'horizn'. Did you mean 'horizon'?" in result.stderr
    assert not (vault / "Follow-ups.md").exists()


# ------------------------------------------------------------------ show


@pytest.mark.usefixtures("people")
@pytest.mark.parametrize(
    "query", ["Dana Park", "dana park", "DP", "dp", "dana", "People/Dana Park.md"]
)
def test_show_finds_a_contact_by_name_alias_file_or_prefix(run: Run, query: str) -> None:
    result = run("show", query)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Dana Park  (People/Dana Park.md)")
    assert "rule: scenario: Thank-you after interview on 2026-11-19" in result.stdout
    assert "from: interview out on 2026-11-19 (line 8)" in result.stdout
    assert "2026-11-10  → email: Applied for the PM role" in result.stdout


@pytest.mark.usefixtures("people")
def test_show_ambiguous_lists_candidates(run: Run) -> None:
    result = run("show", "da")
    assert result.exit_code == 1
    assert "matches 2 contacts" in result.stderr
    assert "Dana Park (People/Dana Park.md)" in result.stderr
    assert "Daniel Ek (Daniel.md)" in result.stderr


@pytest.mark.usefixtures("people")
def test_show_unknown_suggests_close_names(run: Run) -> None:
    result = run("show", "Dona Park")
    assert result.exit_code == 1
    assert "no contact matches 'Dona Park'" in result.stderr
    assert "Did you mean" in result.stderr and "Dana Park" in result.stderr


@pytest.mark.usefixtures("people")
def test_show_json(run: Run) -> None:
    data = run_json(run, "show", "bob")
    assert (data["name"], data["status"], data["due"]["rule"], data["due"]["due"]) == (
        "Bob Stone", "active", "cadence", "2026-12-01",
    )  # fmt: skip


def test_show_a_paused_contact_says_why_nothing_is_due(run: Run, write_note: WriteNote) -> None:
    write_note("P.md", "---\nstatus: paused\ncadence: 7d\n---\n")
    result = run("show", "P")
    assert result.exit_code == 0
    assert "none: the contact is paused" in result.stdout


# ------------------------------------------------------------------ check


@pytest.mark.usefixtures("people")
def test_check_passes_on_good_notes(run: Run) -> None:
    result = run("check")
    assert result.exit_code == 0
    assert "No problems: 3 contact(s) read." in result.stdout


def test_check_lists_problems_as_path_line_message_and_exits_1(
    run: Run, write_note: WriteNote
) -> None:
    write_note("People/A.md", "---\ncadence: often\n---\n")
    write_note("People/B.md", "---\ninteractions:\n  - {type: call}\n---\n")
    result = run("check")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "People/A.md:2: 'cadence': 'often' is not a duration (use e.g. 3d, 2w, 1m, 1y, 10, "
        "'2 weeks' or a word like weekly, monthly, quarterly); "
        "no cadence is used until it is fixed",
        "People/B.md:3: interaction has no 'date'; add one (YYYY-MM-DD); skipped",
    ]
    data = run_json(run, "check")
    assert data["contacts"] == 2 and [p["path"] for p in data["problems"]] == [
        "People/A.md", "People/B.md",
    ]  # fmt: skip


def test_python_dash_m_runs_the_cli(vault: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "followup_md", "--vault", str(vault), "check"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "No problems" in result.stdout


def test_the_watchers_pipeline_renders_the_same_note_as_a_command(
    vault: Path, write_note: WriteNote
) -> None:
    """The watcher's long-lived pipeline keeps rows and lines between updates; the note it
    renders is the one a command renders, through a change, a deletion and a new day."""
    from followup_md.app.agenda import AgendaPipeline
    from followup_md.app.vaults import open_vault

    def note(pipeline: AgendaPipeline, today: dt.date, paths: list[str] | None) -> str:
        if pipeline.long_lived:
            pipeline.refresh(paths)
        return pipeline.outputs(today, kinds=["markdown"])["markdown"]

    write_note("A.md", DANA)
    write_note("B.md", BOB)
    write_note("C.md", DANIEL)
    opened = open_vault(vault)
    kept = AgendaPipeline(opened, long_lived=True)
    steps = [
        (dt.date(2026, 11, 22), None, None),
        (dt.date(2026, 11, 22), "B.md", DANA.replace("Dana", "Bea")),
        (dt.date(2026, 11, 22), "C.md", None),
        (dt.date(2026, 11, 25), None, None),
    ]
    for today, path, text in steps:
        if path is not None and text is None:
            (vault / path).unlink()
        elif path is not None and text is not None:
            write_note(path, text)
        fresh = note(AgendaPipeline(opened, use_cache=False), today, None)
        assert note(kept, today, [path] if path else None) == fresh


def test_the_watchers_pipeline_plans_only_the_notes_it_was_told_of(
    vault: Path, write_note: WriteNote, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After `refresh(paths)` the watcher's book looks at those notes only (not every
    note's row), across several refreshes between two agendas; a full refresh looks at
    all; the agenda is always the one planned afresh."""
    from followup_md.app.agenda import AgendaPipeline
    from followup_md.app.vaults import open_vault
    from followup_md.core.agenda import AgendaBook

    for name in "ABCDE":
        write_note(f"{name}.md", DANA.replace("Dana", f"Dana {name}"))
    opened = open_vault(vault)
    kept = AgendaPipeline(opened, long_lived=True)
    kept.refresh()
    kept.agenda(TODAY)
    planned: list[str] = []
    looked: set[str] = set()  # the notes whose row the book was asked about
    real, token = AgendaBook.plan, AgendaBook.token
    monkeypatch.setattr(
        AgendaBook, "token", lambda book, path: (looked.add(path), token(book, path))[1]
    )
    monkeypatch.setattr(
        AgendaBook,
        "plan",
        lambda book, path, *rest: (planned.append(path), real(book, path, *rest)),
    )

    def same() -> bool:
        fresh = AgendaPipeline(opened, use_cache=False).agenda(TODAY)
        planned.clear()  # those of the fresh pipeline
        looked.clear()
        return kept.agenda(TODAY) == fresh

    write_note("B.md", BOB)
    kept.refresh(["B.md"])
    write_note("F.md", DANIEL)
    (vault / "C.md").unlink()
    kept.refresh(["F.md", "C.md", "A.md"])  # A.md: told of, yet unchanged
    assert same() and sorted(planned) == ["B.md", "F.md"]
    assert looked <= {"A.md", "B.md", "C.md", "F.md"}
    write_note("D.md", BOB.replace("Bob", "Dora"))
    kept.refresh()
    assert same() and planned == ["D.md"]
    assert looked == {"A.md", "B.md", "D.md", "E.md", "F.md"}


def test_an_agenda_path_that_is_a_folder_is_a_configuration_error(
    run: Run, vault: Path, write_note: WriteNote
) -> None:
    write_note(".followup.yaml", "agenda_file: Agenda.md\n")
    write_note("A.md", DANA)
    (vault / "Agenda.md").mkdir()
    result = run("agenda")
    assert result.exit_code == 2
    assert f"{vault / 'Agenda.md'} is a folder; set agenda_file" in result.stderr
    assert run("agenda", "--no-write").exit_code == 0


def test_a_failed_agenda_write_is_a_clear_error(
    run: Run, write_note: WriteNote, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup_md.vault import agenda_note

    def full_disk(target: Path, data: bytes, **options: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(agenda_note, "atomic_write", full_disk)
    write_note("A.md", DANA)
    result = run("agenda")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot write the agenda note ")
    assert "No space left on device" in result.stderr and "--no-write" in result.stderr


def test_extreme_dates_and_options_never_crash(run: Run, write_note: WriteNote) -> None:
    write_note("Huge.md", "---\ncadence: 9999999d\ninteractions: [2026-11-01 call]\n---\n")
    write_note("End.md", "---\ninteractions:\n  - 9999-12-31 email\n---\n")
    write_note("A.md", DANA)
    data = run_json(run, "agenda", "--no-write")
    assert [i["name"] for i in data["items"]] == ["Huge", "Dana Park"]  # Huge: its call
    messages: dict[str, str] = {}
    for problem in data["problems"]:
        messages[problem["path"]] = messages.get(problem["path"], "") + problem["message"]
    assert "longer than 100 years" in messages["Huge.md"]
    assert "beyond the year 9999" in messages["End.md"]
    assert "is in the future" in messages["End.md"]
    assert run("agenda", "--no-write", today=dt.date.max).exit_code == 0
    assert run("agenda", "--no-write", "--horizon", "9999999999").exit_code == 2


def test_a_rule_type_with_braces_is_an_ordinary_agenda_item(
    run: Run, write_note: WriteNote
) -> None:
    """User text never goes through str.format: no traceback, no false calendar problem."""
    write_note(".followup.yaml", 'rules: {"x{y}{date}": 2d}\n')
    write_note("Kim.md", "---\ninteractions:\n  - '2026-11-19 x{y}{date} out: {0}'\n---\n")
    result = run("agenda", "--no-write")
    assert result.exit_code == 0, result.output
    assert "Follow up 2 days after x{y}{date} on 2026-11-19: {0}" in result.stdout
    data = run_json(run, "agenda", "--no-write")
    assert data["problems"] == []
    # Thu + 2d is a Saturday: a scenario rule is a deadline, so the Friday before it
    assert [(i["name"], i["due"], i["rule"]) for i in data["items"]] == [
        ("Kim", "2026-11-20", "scenario")
    ]


@pytest.mark.parametrize("value", ["20261122", "2026-11-2", "22.11.2026", "2026-11-22T10:00"])
def test_dates_on_the_command_line_are_strict(run: Run, value: str) -> None:
    result = run("--today", value, "agenda", "--no-write", today=None)
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr


def test_a_big_cold_read_shows_a_progress_bar_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from followup_md.cli import group as cli_module

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    update = cli_module._progress_bar()
    assert update is not None
    total = cli_module.PROGRESS_FROM
    for done in (total // 2, total):
        update(done, total)
    assert "Reading notes" in capsys.readouterr().err
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    assert cli_module._progress_bar() is None  # a pipe or a log file gets no bar


def test_a_small_read_draws_no_bar(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from followup_md.cli import group as cli_module

    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    update = cli_module._progress_bar()
    assert update is not None
    update(10, 10)
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    "content",
    [
        "\n" * 4100 + "# My precious analysis\n",  # blank lines, then a note of yours
        "# Notes\nQuoting it: <!-- followup-md: generated file, rewritten on every run. "
        "Edit the contact notes instead. -->\nMy own thoughts.\n",
    ],
    ids=["blank-lines-first", "marker-quoted"],
)
def test_a_note_of_yours_at_the_agenda_or_stats_path_is_never_replaced(
    run: Run, write_note: WriteNote, vault: Path, content: str
) -> None:
    write_note("A.md", DANA)
    for name, command in (
        ("Follow-ups.md", ("agenda",)),
        ("Follow-up stats.md", ("stats", "--write")),
    ):
        target = vault / name
        target.write_text(content, "utf-8")
        result = run(*command)
        assert result.exit_code != 0, name
        assert target.read_text("utf-8") == content, name


def test_an_empty_or_blank_file_at_the_agenda_path_is_taken(
    run: Run, write_note: WriteNote, vault: Path
) -> None:
    write_note("A.md", DANA)
    (vault / "Follow-ups.md").write_text("\n\n  \n", "utf-8")
    assert run("agenda").exit_code == 0
    assert (vault / "Follow-ups.md").read_text("utf-8").startswith("<!-- followup-md")
