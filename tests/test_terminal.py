"""A terminal treated well (issue 11, item 7): NO_COLOR and --no-color, reasons wrapped on
a terminal only, whole short descriptions, choices in any case."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from followup_md.cli import agenda as agenda_cli
from followup_md.cli import cli, group, load_all
from followup_md.outputs.terminal import wrapped

LONG = "Panel interview with the product team about the roadmap"
NOTE = f"""---
interactions:
  - {{date: 2026-11-19, type: interview, summary: {LONG}}}
---
"""


@pytest.fixture
def on_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard output is a terminal (CliRunner's never is)."""
    for module in (group, agenda_cli):
        monkeypatch.setattr(module, "stdout_is_terminal", lambda: True)


@pytest.fixture
def followup(vault: Path, write_note: Callable[[str, str], Path]) -> Callable[..., Result]:
    write_note("Dana.md", NOTE)

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        head = ["--vault", str(vault), "--today", "2026-11-22"]
        return CliRunner().invoke(cli, [*head, *args], env=env, catch_exceptions=False)

    return invoke


def test_styles_on_a_terminal(followup: Callable[..., Result], on_terminal: None) -> None:
    assert "\x1b[" in followup("agenda", env={"NO_COLOR": ""}).output


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["agenda"], {"NO_COLOR": "1"}),
        (["agenda", "--no-color"], {}),
        (["--no-color", "agenda"], {}),
    ],
)
def test_no_color_prints_no_escape_at_all(
    followup: Callable[..., Result], on_terminal: None, args: list[str], env: dict[str, str]
) -> None:
    result = followup(*args, env=env)
    assert result.exit_code == 0
    assert "Dana" in result.output and "\x1b" not in result.output


def test_no_color_on_show_and_recording(followup: Callable[..., Result], on_terminal: None) -> None:
    for args in (["show", "dana"], ["snooze", "dana", "2026-12-01"]):
        result = followup(*args, env={"NO_COLOR": "1"})
        assert result.exit_code == 0 and "\x1b" not in result.output


def test_color_forces_styles_into_a_pipe(followup: Callable[..., Result]) -> None:
    assert "\x1b[" in followup("agenda", "--color", "--no-write").output


def test_reasons_wrap_to_the_terminal_width_with_a_hanging_indent(
    followup: Callable[..., Result], on_terminal: None
) -> None:
    result = followup("agenda", "--no-write", "--no-color", env={"COLUMNS": "50"})
    lines = result.output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("      Thank-you"))
    assert all(len(line) <= 50 for line in lines[start : start + 3])
    assert lines[start + 1].startswith("        ") and lines[start + 1].strip()
    words = " ".join(line.strip() for line in lines[start : start + 4])
    assert LONG in words


def test_a_pipe_keeps_one_line_per_field(followup: Callable[..., Result]) -> None:
    result = followup("agenda", "--no-write", env={"COLUMNS": "50"})
    assert any(LONG in line and line.startswith("      ") for line in result.output.splitlines())


def test_wrapped_leaves_short_and_other_lines_alone() -> None:
    text = "Head line that is long enough to pass the width of thirty\n      short\n"
    assert wrapped(text, 30) == text


def test_the_command_list_shows_whole_descriptions() -> None:
    commands = CliRunner().invoke(cli, ["--help"]).output.split("Commands:")[1]
    assert "..." not in commands
    assert "(no follow-ups for now) or" in commands


def test_every_option_of_the_group_and_init_has_help() -> None:
    load_all()
    for command in (cli, cli.commands["init"], cli.commands["agenda"]):
        for param in command.params:
            if param.param_type_name == "option":
                assert getattr(param, "help", None), (command.name, param.name)


def test_choices_match_in_any_case(followup: Callable[..., Result], vault: Path) -> None:
    result = followup("status", "dana", "Paused")
    assert result.exit_code == 0, result.output
    assert "status: paused" in (vault / "Dana.md").read_text("utf-8")


def test_every_option_of_every_command_says_what_it_does() -> None:
    import click

    from followup_md.cli import cli as group

    load_all()
    missing: list[str] = []

    def walk(command: click.Command, path: str) -> None:
        for param in command.params:
            if isinstance(param, click.Option) and not param.hidden and not param.help:
                missing.append(f"{path} {param.opts[0]}")
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                walk(sub, f"{path} {name}")

    walk(group, "followup")
    assert missing == []


def test_the_command_map_names_every_command_and_where_it_is_defined() -> None:
    from followup_md.cli import COMMAND_MODULES

    load_all()
    defined = {}
    for name, command in cli.commands.items():
        callback = command.callback
        while hasattr(callback, "__wrapped__"):
            callback = callback.__wrapped__
        assert callback is not None
        defined[name] = callback.__module__.rsplit(".", 1)[1]
    assert defined == COMMAND_MODULES


def test_a_command_loads_only_its_own_module(tmp_path: Path) -> None:
    """`followup show` imports cli/show.py, not the modules of stats, import or sync."""
    (tmp_path / "Dana.md").write_text("---\nname: Dana\n---\n", "utf-8")
    program = (
        "import sys\n"
        "from followup_md.cli import cli\n"
        f"cli(['--vault', {str(tmp_path)!r}, 'show', 'Dana'], standalone_mode=False)\n"
        "print(sorted(m for m in sys.modules if m.startswith('followup_md.cli.')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    loaded = done.stdout.strip().splitlines()[-1]
    assert "'followup_md.cli.show'" in loaded
    for other in ("stats", "importing", "sync", "draft", "watch"):
        assert f"'followup_md.cli.{other}'" not in loaded


def test_help_in_a_fresh_process_lists_every_command_though_none_was_imported() -> None:
    from followup_md.cli import COMMAND_MODULES

    done = subprocess.run(
        [sys.executable, "-m", "followup_md", "--help"], capture_output=True, text=True
    )
    assert done.returncode == 0
    listed = done.stdout.split("Commands:")[1]
    for name in COMMAND_MODULES:
        assert f"\n  {name} " in listed


@given(st.dates())
def test_weekday_dates_read_as_strftime_writes_them_in_english(day: dt.date) -> None:
    from followup_md.outputs.wording import weekday_date

    assert weekday_date(day) == f"{day:%a} {day.isoformat()}"


def test_a_mistyped_command_is_offered_the_commands_not_loaded_yet() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "followup_md", "stat"], capture_output=True, text=True
    )
    assert done.returncode == 2
    assert "No such command 'stat'. (Did you mean one of: 'stats', 'status'?)" in done.stderr


@pytest.mark.parametrize(
    "text",
    ["", "one line", "a\nb\n", "x" * 70_000, ("line of text\n" * 9000) + "end", "é😀\n" * 40_000],
)
def test_long_output_is_printed_in_slices_exactly_as_whole(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import click

    @click.command()
    def whole() -> None:
        click.echo(text)

    @click.command()
    def sliced() -> None:
        group.echo_text(text)

    monkeypatch.setattr(group, "ECHO_SLICE", 1000)
    runner = CliRunner()
    assert runner.invoke(sliced).stdout_bytes == runner.invoke(whole).stdout_bytes


def test_a_reader_that_stops_early_ends_the_output_quietly(tmp_path: Path) -> None:
    """`followup agenda --json | head`: the closed pipe is no error (exit 0, nothing on
    stderr), however many slices the output takes."""
    for n in range(400):
        (tmp_path / f"Person {n}.md").write_text(f"---\nnext: 2026-11-{23 + n % 7}\n---\n")
    args = ["--vault", str(tmp_path), "--today", "2026-11-22", "agenda", "--json", "--no-write"]
    process = subprocess.Popen(
        [sys.executable, "-m", "followup_md", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.read(10) == b'{\n  "today'
    process.stdout.close()
    error = process.stderr.read()
    assert process.wait(timeout=60) == 0
    assert error == b""


def test_the_program_ends_with_its_exit_status_and_all_its_output(tmp_path: Path) -> None:
    """`followup` ends the process itself once the command is done (no teardown of every
    object): the exit status is the command's (0 done, 1 problems, 2 usage), and all
    the output gets through a pipe, the last byte too."""
    for n in range(300):
        (tmp_path / f"Person {n}.md").write_text(f"---\nnext: 2026-11-{23 + n % 7}\n---\n")
    (tmp_path / "Broken.md").write_text("---\ncadence: [\n---\n")
    head = [sys.executable, "-m", "followup_md", "--vault", str(tmp_path), "--today", "2026-11-22"]

    def run(*args: str) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([*head, *args], capture_output=True, timeout=60)

    listed = run("agenda", "--json", "--no-write")
    assert listed.returncode == 0
    assert len(json.loads(listed.stdout)["items"]) == 300
    assert listed.stdout.endswith(b"}\n")
    checked = run("check")
    assert checked.returncode == 1 and b"Broken.md" in checked.stdout + checked.stderr
    assert run("agenda", "--bogus").returncode == 2
    assert run("--vault", str(tmp_path / "missing"), "agenda").returncode == 2


def test_a_closed_stdout_or_stderr_does_not_turn_success_into_failure(tmp_path: Path) -> None:
    """`followup --help >&-`: Python starts without that stream; the end is still 0."""
    for fd in (1, 2):
        done = subprocess.run(
            [sys.executable, "-m", "followup_md", "--help"],
            preexec_fn=lambda fd=fd: os.close(fd),  # type: ignore[misc]  # noqa: PLW1509
            stdout=subprocess.DEVNULL if fd == 2 else None,
            stderr=subprocess.DEVNULL if fd == 1 else None,
            cwd=tmp_path,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, fd


def test_exit_statuses_are_those_sys_exit_gives() -> None:
    from followup_md.cli import _exit_code

    assert [_exit_code(code) for code in (None, 0, 1, 2, 256, -1)] == [0, 0, 1, 2, 0, 255]


def test_a_command_run_with_stdout_or_stderr_closed_still_does_its_work(tmp_path: Path) -> None:
    """`followup agenda 2>&-` (a cron line): the agenda is still printed and written,
    and the end is 0; with stdout closed, nothing the command opens takes its number."""
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / ".followup.yaml").write_text("")
    (vault / "Dana.md").write_text("---\nname: Dana\ncadence: weekly\n---\n")
    for fd in (1, 2):
        note = vault / "Follow-ups.md"
        note.unlink(missing_ok=True)
        done = subprocess.run(
            [sys.executable, "-m", "followup_md", "--vault", str(vault), "agenda"],
            preexec_fn=lambda fd=fd: os.close(fd),  # type: ignore[misc]  # noqa: PLW1509
            capture_output=True,
            env={**os.environ, "FOLLOWUP_CACHE_DIR": str(tmp_path / "cache")},
            cwd=tmp_path,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, (fd, done.stderr)
        assert note.exists(), fd
        if fd == 2:
            assert b"Dana" in done.stdout
