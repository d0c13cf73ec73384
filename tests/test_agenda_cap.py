"""The agenda note stays short at any size: Later, Missed and Gone quiet are capped at
`agenda_lines` lines, then a count and how to see all; `--all` and `--json` list all."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Run

WriteNote = Callable[[str, "str | bytes"], Path]

LATER, MISSED, QUIET = 57, 53, 52


@pytest.fixture
def crowd(write_note: WriteNote) -> None:
    """More than 50 contacts due later, missed, and gone quiet."""
    for n in range(LATER):
        write_note(f"Later/L{n:03}.md", f"---\nnext: 2027-0{1 + n % 9}-{10 + n % 18}\n---\n")
    for n in range(MISSED):
        write_note(f"Missed/M{n:03}.md", "---\ninteractions:\n  - 2026-10-08 interview\n---\n")
    for n in range(QUIET):
        write_note(
            f"Quiet/Q{n:03}.md",
            "---\ninteractions: [2026-10-01 email, 2026-10-04 email, 2026-10-11 email,\n"
            "  2026-10-25 email]\n---\n",
        )


def _note(vault: Path) -> str:
    return (vault / "Follow-ups.md").read_text("utf-8")


def _section(text: str, title: str) -> list[str]:
    """The lines of one `## title` section, up to the blank line that ends it."""
    start = text.index(f"## {title}\n\n") + len(title) + 5
    return text[start:].split("\n\n")[0].rstrip("\n").split("\n")


def _links(lines: list[str], folder: str) -> int:
    return sum(f"[[{folder}/" in line for line in lines)


@pytest.mark.usefixtures("crowd")
def test_the_note_lists_fifty_lines_a_section_then_how_to_see_all(run: Run, vault: Path) -> None:
    assert run("agenda").exit_code == 0
    text = _note(vault)
    later = _section(text, "Later")
    assert _links(later, "Later") == 50 and later[-1] == (
        f"> - … and {LATER - 50} more due later: `followup agenda --all` lists them all"
        " (or `--json`)"
    )
    assert later[0] == f"> [!note]- {LATER} contacts due later"
    missed, quiet = _section(text, "Missed"), _section(text, "Gone quiet")
    assert _links(missed, "Missed") == 50 and f"… and {MISSED - 50} more missed" in missed[-1]
    assert _links(quiet, "Quiet") == 50 and f"… and {QUIET - 50} more gone quiet" in quiet[-1]
    data = json.loads(run("agenda", "--json", "--no-write").stdout)  # always everything
    assert sum(item["bucket"] == "later" for item in data["items"]) == LATER
    assert (len(data["missed"]), len(data["quiet"])) == (MISSED, QUIET)


@pytest.mark.usefixtures("crowd")
def test_all_writes_and_prints_every_line(run: Run, vault: Path) -> None:
    run("agenda")  # the capped rendering is cached first: --all must not reuse it
    shown = run("agenda", "--all").stdout
    text = _note(vault)
    assert _links(_section(text, "Later"), "Later") == LATER
    assert _links(_section(text, "Missed"), "Missed") == MISSED
    assert _links(_section(text, "Gone quiet"), "Quiet") == QUIET
    assert "--all" not in text and "--all" not in shown
    assert all(f"L{n:03}" in shown for n in range(LATER))
    assert all(f"Q{n:03}" in shown for n in range(QUIET))
    run("agenda")
    assert _links(_section(_note(vault), "Later"), "Later") == 50  # short again


@pytest.mark.usefixtures("crowd")
def test_the_terminal_says_how_to_see_all(run: Run) -> None:
    shown = run("agenda", "--no-write").stdout
    assert f"… and {LATER - 10} more: `followup agenda --all` lists them all" in shown
    assert f"… and {MISSED - 50} more: `followup agenda --all`" in shown
    assert sum(f"Q{n:03}:" in shown for n in range(QUIET)) == 50


@pytest.mark.usefixtures("crowd")
@pytest.mark.parametrize(("setting", "listed"), [("3", 3), ("0", LATER), ("500", LATER)])
def test_agenda_lines_sets_the_cap(run: Run, vault: Path, setting: str, listed: int) -> None:
    (vault / ".followup.yaml").write_text(f"agenda_lines: {setting}\n", "utf-8")
    run("agenda")
    later = _section(_note(vault), "Later")
    assert _links(later, "Later") == listed
    assert ("more due later" in later[-1]) == (listed < LATER)


def test_a_bad_agenda_lines_is_a_problem(run: Run, vault: Path) -> None:
    (vault / ".followup.yaml").write_text("agenda_lines: -1\n", "utf-8")
    result = run("agenda", "--no-write")
    assert "agenda_lines" in result.output


@pytest.mark.usefixtures("crowd")
@pytest.mark.parametrize("args", [(), ("--all",)])
def test_the_capped_note_is_the_same_with_and_without_the_cache(
    run: Run, vault: Path, args: tuple[str, ...]
) -> None:
    run("agenda", "--no-cache", *args)
    fresh = _note(vault)
    for _ in range(2):  # cold cache, then warm
        (vault / "Follow-ups.md").unlink()
        run("agenda", *args)
        assert _note(vault) == fresh


@pytest.mark.usefixtures("crowd")
def test_a_tick_on_a_capped_later_line_is_recorded(run: Run, vault: Path) -> None:
    run("agenda")
    text = _note(vault)
    line = next(line for line in _section(text, "Later") if "[[Later/" in line)
    name = re.search(r"\[\[Later/(L\d+)", line)
    assert name is not None
    (vault / "Follow-ups.md").write_text(text.replace(line, line.replace("[ ]", "[x]")), "utf-8")
    result = run("agenda")
    assert result.exit_code == 0
    assert "followup" in (vault / "Later" / f"{name[1]}.md").read_text("utf-8").split("---")[1]
    assert "[x]" not in _note(vault)
