"""Edge cases a second reading of the schedule and the commands found (each failed before)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from followup_md.core.durations import Duration
from followup_md.core.model import Birthday, Contact, Interaction
from followup_md.core.rules import plan
from followup_md.core.settings import Settings
from followup_md.errors import ConfigError
from followup_md.outputs.escape import shown
from followup_md.vault.config import from_mapping

from .conftest import Run

WriteNote = Callable[[str, "str | bytes"], Path]
CADENCE = "---\ncadence: 1w\n---\n"


@pytest.mark.parametrize(
    ("query", "path"),
    [("ann", "Ann.md"), ("Ann.md", "Ann.md"), ("anna", "Anna.md"), ("sub/anna", "sub/Anna.md"),
     ("Bob", "Bob.md")],
)  # fmt: skip
def test_every_contact_can_be_reached_by_its_path_or_its_file_name(
    run: Run, write_note: WriteNote, query: str, path: str
) -> None:
    """A path beats a file name or a name, which beat an alias: no contact is unreachable."""
    for name in ("Ann.md", "Anna.md", "sub/Anna.md"):
        write_note(name, CADENCE)
    write_note("Bob.md", "---\nname: Bob\naliases: [ann]\ncadence: 1w\n---\n")
    result = run("show", query)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0].endswith(f"({path})")


def test_nothing_is_due_while_snoozed_not_even_a_birthday() -> None:
    contact = Contact(
        path="a.md", name="A", birthday=Birthday(12, 5, 1990), snooze=dt.date(2026, 12, 20),
        cadence=Duration(7), interactions=(Interaction(dt.date(2026, 11, 20), "email"),),
    )  # fmt: skip
    due = plan(contact, Settings(), dt.date(2026, 12, 1)).due
    assert due is not None and due.rule != "birthday" and due.date >= dt.date(2026, 12, 20)


@pytest.mark.parametrize("character", ["\u202e", "\u2066", "\u200f", "\u061c"])
def test_bidirectional_overrides_are_shown_not_obeyed(character: str) -> None:
    assert character not in shown(f"evil{character}name")
    assert f"\\u{ord(character):04x}" in shown(f"evil{character}name")


@pytest.mark.parametrize(
    "data",
    [{"tag_cadence": {"x": "0d"}}, {"profiles": {"mentor": {"cadence": "0d"}}}],
    ids=["tag_cadence", "a profile's cadence"],
)
def test_a_keep_in_touch_interval_of_zero_days_is_a_configuration_error(data: dict) -> None:  # type: ignore[type-arg]
    with pytest.raises(ConfigError, match="longer than 0 days"):
        from_mapping(data)


def test_done_writes_no_channel_it_was_not_given(
    run: Run, vault: Path, write_note: WriteNote
) -> None:
    write_note(
        "Mom.md",
        "---\ncadence: 1w\ninteractions:\n  - date: 2026-11-08\n    type: call\n"
        "    channel: phone\n    follow_up: none\n---\n",
    )
    assert run("done", "mom").exit_code == 0
    added = (vault / "Mom.md").read_text().split("  - date: 2026-11-22", 1)[1]
    assert "channel" not in added.split("---", 1)[0]
