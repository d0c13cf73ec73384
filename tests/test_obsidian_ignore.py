"""Obsidian's "Excluded files" (`userIgnoreFilters` in `.obsidian/app.json`): what the
person excluded there is skipped by every command and by the watcher, as dot folders are.

Obsidian's matching: a plain entry is a path prefix (`Archive/`, `Old/Kim.md`), an entry
written `/.../` a regular expression searched in the path, both without regard to case.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from followup_md.app.vaults import open_vault
from followup_md.daemon.events import Change
from followup_md.daemon.watcher import Watcher

from .conftest import Lines, Run, run_json
from .test_watch import FakeClock, agenda_text, expected

WriteNote = Callable[[str, "str | bytes"], Path]

FILTERS = ["Archive/", "Old/kim.md", "/draft-\\d+/"]


def contact(due: str) -> str:
    return f"---\nnext: {due}\n---\n"


def settings(filters: object) -> str:
    return json.dumps({"alwaysUpdateLinks": True, "userIgnoreFilters": filters})


@pytest.fixture
def people(write_note: WriteNote) -> None:
    write_note("Dana.md", contact("2026-11-25"))
    write_note("archive/Bob.md", contact("2026-11-25"))  # the prefix matches in any case
    write_note("Archive/Deep/Eve.md", contact("2026-11-25"))
    write_note("Old/Kim.md", contact("2026-11-25"))  # a single file
    write_note("Old/Lee.md", contact("2026-11-25"))
    write_note("People/Draft-12 Sam.md", contact("2026-11-25"))  # the pattern, any case
    write_note("People/Draft Sue.md", contact("2026-11-25"))


def names(run: Run) -> list[str]:
    return sorted(item["path"] for item in run_json(run, "agenda", "--no-write")["items"])


KEPT = ["Dana.md", "Old/Lee.md", "People/Draft Sue.md"]
ALL = sorted(
    [*KEPT, "archive/Bob.md", "Archive/Deep/Eve.md", "Old/Kim.md", "People/Draft-12 Sam.md"]
)


@pytest.mark.usefixtures("people")
def test_agenda_check_and_show_skip_the_excluded_files(run: Run, write_note: WriteNote) -> None:
    assert names(run) == ALL  # no app.json: nothing excluded
    write_note(".obsidian/app.json", json.dumps({"theme": "obsidian"}))
    assert names(run) == ALL  # no key: nothing excluded
    write_note(".obsidian/app.json", settings(FILTERS))
    assert names(run) == KEPT
    check = run_json(run, "check")
    assert check["contacts"] == 3 and check["problems"] == []
    assert run("check").exit_code == 0
    assert run("show", "Dana").exit_code == 0
    for excluded in ("Bob", "Eve", "Kim", "Draft-12 Sam"):
        result = run("show", excluded)
        assert result.exit_code == 1 and "no contact matches" in result.stderr
    assert run("agenda").exit_code == 0  # the agenda note too
    text = run("agenda", "--no-write").stdout
    assert "Dana" in text and "Bob" not in text and "Kim" not in text


def test_a_broken_app_json_is_a_problem_not_a_failure(run: Run, write_note: WriteNote) -> None:
    write_note("Archive/Bob.md", contact("2026-11-25"))
    write_note(".obsidian/app.json", '{"userIgnoreFilters": ["Archive/",')
    data = run_json(run, "agenda", "--no-write")
    assert [item["path"] for item in data["items"]] == ["Archive/Bob.md"]
    [problem] = data["problems"]
    assert problem["path"] == ".obsidian/app.json" and "not valid JSON" in problem["message"]
    result = run("check")
    assert result.exit_code == 1 and ".obsidian/app.json" in result.stdout


def test_a_bad_pattern_is_reported_and_the_others_still_apply(
    run: Run, write_note: WriteNote
) -> None:
    write_note("Archive/Bob.md", contact("2026-11-25"))
    write_note("Dana.md", contact("2026-11-25"))
    write_note(".obsidian/app.json", settings(["/([unclosed/", "Archive/", 3, ""]))
    data = run_json(run, "agenda", "--no-write")
    assert [item["path"] for item in data["items"]] == ["Dana.md"]
    [problem] = data["problems"]
    assert problem["path"] == ".obsidian/app.json" and "/([unclosed/" in problem["message"]


# ------------------------------------------------------------------ the watcher


@pytest.fixture
def watcher(vault: Path, log: tuple[logging.Logger, Lines]) -> Watcher:
    return Watcher(open_vault(vault), clock=FakeClock(), debounce=0.3, log=log[0])


def test_the_watcher_ignores_events_in_excluded_folders(vault: Path, write_note: WriteNote) -> None:
    write_note(".obsidian/app.json", settings(FILTERS))
    watcher = Watcher(open_vault(vault), clock=FakeClock(), debounce=0.3)
    for path, is_dir in (
        ("Archive/Bob.md", False),
        ("ARCHIVE/Deep/Eve.md", False),
        ("Old/Kim.md", False),
        ("People/draft-3 x.md", False),
        ("Archive/New", True),
    ):
        assert not watcher.handle(Change("created", str(vault / path), "", is_dir), 0.0), path
    assert watcher.handle(Change("created", str(vault / "Old/Lee.md")), 0.0)
    assert watcher.handle(Change("modified", str(vault / ".obsidian/app.json")), 0.0)


def test_the_watcher_reloads_on_an_edit_of_app_json(
    watcher: Watcher, vault: Path, write_note: WriteNote, log: tuple[logging.Logger, Lines]
) -> None:
    write_note("Dana.md", contact("2026-11-25"))
    write_note("Archive/Bob.md", contact("2026-11-26"))
    watcher.start(0.0)
    assert "[[Archive/Bob|Bob]]" in (agenda_text(vault) or "")
    app = Change("modified", str(vault / ".obsidian/app.json"))

    write_note(".obsidian/app.json", settings(["Archive/"]))
    assert watcher.handle(app, 1.0)
    assert watcher.flush(2.0)
    text = agenda_text(vault) or ""
    assert "Bob" not in text and "[[Dana]]" in text and text == expected(vault)
    assert log[1].has("settings reloaded from .obsidian/app.json")
    # An event in the excluded folder is now ignored.
    write_note("Archive/Bob.md", contact("2026-11-23"))
    assert not watcher.handle(Change("modified", str(vault / "Archive/Bob.md")), 3.0)

    # Broken: shown as a problem, nothing excluded; fixed: excluded again.
    write_note(".obsidian/app.json", "{")
    assert watcher.handle(app, 5.0)
    assert watcher.flush(6.0)
    text = agenda_text(vault) or ""
    assert ".obsidian/app.json" in text and "Bob" in text and text == expected(vault)
    write_note(".obsidian/app.json", settings(["archive/"]))
    assert watcher.handle(app, 7.0)
    assert watcher.flush(8.0)
    text = agenda_text(vault) or ""
    assert "Bob" not in text and "app.json" not in text and text == expected(vault)


def test_polling_looks_at_obsidians_app_json_and_nothing_else_of_it(tmp_path: Path) -> None:
    """`watch --poll` sees the excluded-files setting change, without walking plugins."""
    from followup_md.daemon.polling import _listdir

    (tmp_path / ".obsidian" / "plugins").mkdir(parents=True)
    for name in ("app.json", "workspace.json"):
        (tmp_path / ".obsidian" / name).write_text("{}")
    for name in (".followup.yaml", "Note.md", ".hidden.md"):
        (tmp_path / name).write_text("")
    (tmp_path / ".git").mkdir()
    top = sorted(entry.name for entry in _listdir(str(tmp_path)))
    assert top == [".followup.yaml", ".obsidian", "Note.md"]
    assert [entry.name for entry in _listdir(str(tmp_path / ".obsidian"))] == ["app.json"]
