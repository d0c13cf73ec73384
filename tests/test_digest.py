"""`followup digest` and the digest's wording: one line saying who is due today or overdue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from followup_md.app.agenda import AgendaPipeline
from followup_md.app.vaults import open_vault
from followup_md.outputs.digest import digest_text

from .conftest import Run

TUESDAY = dt.date(2026, 11, 24)
NAMES = ["Alice", "Bob", "Chen", "Dana", "Eve", "Femi", "Gus"]
WriteNote = Callable[[str, "str | bytes"], Path]


def contact(name: str, due: dt.date) -> str:
    return f"---\nname: {name}\nnext: {due.isoformat()}\n---\nSome body text.\n"


def text_for(vault: Path, today: dt.date = TUESDAY) -> str | None:
    return digest_text(AgendaPipeline(open_vault(vault), use_cache=False).agenda(today))


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (0, None),
        (1, "1 follow-up due: Alice"),
        (3, "3 follow-ups due: Alice, Bob, Chen"),
        (7, "7 follow-ups due: Alice, Bob, Chen, Dana, Eve and 2 more"),
    ],
)
def test_the_digest_names_who_is_due(
    vault: Path, write_note: WriteNote, due: int, expected: str | None
) -> None:
    for i, name in enumerate(NAMES[:due]):  # Alice the most overdue, the last ones today
        write_note(f"{name}.md", contact(name, TUESDAY - dt.timedelta(days=max(0, 3 - i))))
    write_note("Later.md", contact("Zed", TUESDAY + dt.timedelta(days=2)))  # upcoming: not due
    assert text_for(vault) == expected


def test_the_digest_counts_overdue_and_today_not_upcoming(
    vault: Path, write_note: WriteNote
) -> None:
    write_note("Ann.md", contact("Ann", TUESDAY + dt.timedelta(days=1)))
    assert text_for(vault) is None
    assert text_for(vault, TUESDAY + dt.timedelta(days=1)) == "1 follow-up due: Ann"
    assert text_for(vault, TUESDAY + dt.timedelta(days=3)) == "1 follow-up due: Ann"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_digest_prints_one_line_and_writes_nothing(
    run: Run, vault: Path, write_note: WriteNote
) -> None:
    write_note("Alice.md", contact("Alice", TUESDAY - dt.timedelta(days=2)))
    write_note("Bob.md", contact("Bob", TUESDAY))
    before = snapshot(vault)
    result = run("digest", today=TUESDAY)
    assert result.exit_code == 0
    assert result.stdout == "2 follow-ups due: Alice, Bob\n"
    assert snapshot(vault) == before  # no agenda note, no note touched
    assert not (vault / "Follow-ups.md").exists()


def test_digest_prints_nothing_when_nobody_is_due(
    run: Run, vault: Path, write_note: WriteNote
) -> None:
    write_note("Alice.md", contact("Alice", TUESDAY + dt.timedelta(days=5)))
    before = snapshot(vault)
    result = run("digest", today=TUESDAY)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert snapshot(vault) == before


def test_digest_on_an_empty_vault_prints_nothing(run: Run, vault: Path) -> None:
    result = run("digest")
    assert (result.exit_code, result.stdout) == (0, "")
    assert list(vault.iterdir()) == []
