"""Shell completion: commands and options (Click's), and contact names from the cache."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from followup_md.app import contacts
from followup_md.cli import cli

WriteNote = Callable[[str, "str | bytes"], Path]

NOTE = "---\nname: {name}\naliases: [{alias}]\ncadence: 30d\n---\n"


def complete(words: list[str], monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What bash would be offered for the last word of `followup WORDS...`."""
    line = ["followup", *words]
    env = {
        "_FOLLOWUP_COMPLETE": "bash_complete",
        "COMP_WORDS": " ".join(line),
        "COMP_CWORD": str(len(line) - 1),
    }
    result = CliRunner().invoke(cli, [], env=env, prog_name="followup")
    assert result.exit_code == 0, result.output
    return [row.split(",", 1)[1] for row in result.stdout.splitlines() if row]


@pytest.fixture
def people(vault: Path, write_note: WriteNote) -> Path:
    write_note("Dana Park.md", NOTE.format(name="Dana Park", alias="DP"))
    write_note("people/Dan Brown.md", NOTE.format(name="Dan Brown", alias="Danny"))
    write_note("Kim.md", NOTE.format(name="Kim Lee", alias="Kimmy"))
    write_note("plain.md", "---\ntitle: not a contact\n---\n")
    return vault


def test_contact_names_complete(people: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert complete(["--vault", str(people), "show", "Da"], monkeypatch) == [
        "Dan Brown",
        "Dana Park",
        "Danny",
    ]
    assert complete(["--vault", str(people), "log", "kim"], monkeypatch) == ["Kim Lee", "Kimmy"]
    monkeypatch.setenv("FOLLOWUP_VAULT", str(people))
    assert complete(["snooze", "dana"], monkeypatch) == ["Dana Park"]


def test_commands_and_options_complete(people: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert "undo" in complete(["un"], monkeypatch)
    assert "--list" in complete(["undo", "--l"], monkeypatch)


def test_names_come_from_the_cache(people: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert contacts.names(people, "k") == ["Kim Lee", "Kimmy"]  # no cache yet: read, cached
    (people / "Zed.md").write_text(NOTE.format(name="Zed", alias="Z"), "utf-8")
    # The cache as it is: completion never walks the vault once there is one.
    assert contacts.names(people, "z") == []
    assert contacts.names(people, "") == sorted(
        ["Dana Park", "DP", "Dan Brown", "Danny", "Kim Lee", "Kimmy"], key=str.casefold
    )


def test_no_vault_completes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert complete(["--vault", str(tmp_path / "missing"), "show", "d"], monkeypatch) == []
