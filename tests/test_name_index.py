"""The name index: `show`, `log`, `done`, `snooze`, `next`, `status` and completion find
the one note a user means without loading every note, with exactly the answers (and
errors) that reading every note gives, after renames and edits too."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from followup_md.app import contacts
from followup_md.app.vaults import open_vault
from followup_md.errors import AmbiguousContact, ContactNotFound
from followup_md.vault import cache, line_caches

from .conftest import Run

NOTES = {
    "People/Dana Park.md": "---\nname: Dana Park\naliases: [DP, Dee]\ncadence: 30d\n---\n",
    "People/Dan Brown.md": "---\nname: Dan Brown\ncadence: 30d\n---\n",
    "Work/Dana Park.md": "---\nname: Dana P.\ncadence: 60d\n---\n",
    "Kim.md": "---\nname: Kim Lee\naliases: [Kimmy]\nnext: 2026-12-01\n---\n",
    "kimberly.md": "---\ncadence: 14d\n---\n",
    "Odd Name.md": "---\nname: odd name\ncadence: 7d\ninteractions: [2026-11-01 email]\n---\n",
    "Bronwyn.md": "---\ncadence: [oops\n---\n",
    "Notes/Meeting.md": "# Just a note\n",
    "Zoë.md": "---\nname: Zoë Ärger\naliases: [ZA]\ncadence: 30d\n---\n",
}


@pytest.fixture
def people(vault: Path) -> Path:
    for rel, text in NOTES.items():
        (vault / rel).parent.mkdir(parents=True, exist_ok=True)
        (vault / rel).write_text(text, "utf-8")
    return vault


def _queries() -> list[str]:
    words = ["Dana Park", "dana park", "DP", "dee", "Dan", "dan brown", "Dana", "Dana P.", "d"]
    words += ["kim", "Kim Lee", "KIMMY", "kimberly", "kimb", "Odd", "odd name", "Odd Name.md"]
    words += ["People/Dana Park", "work/dana park.md", "Work/Dana", "People/dan"]
    words += ["Bron", "bronwyn.md", "Meeting", "nobody", "Dnaa Park", "", "  ", "zoë", "ZA", "z"]
    return words


def _outcome(find: object, vault: Path, query: str) -> tuple[str, ...]:
    """What finding `query` gives: the contact and its problems, or the error."""
    try:
        contact, problems = find(open_vault(vault), query)  # type: ignore[operator]
    except (ContactNotFound, AmbiguousContact) as error:
        return (type(error).__name__, str(error))
    return ("found", repr(contact), repr(problems))


def _same_answers(vault: Path) -> None:
    for query in _queries():
        with_index = _outcome(contacts.find, vault, query)
        assert with_index == _outcome(contacts._find_in_scan, vault, query), query


def test_every_query_form_finds_what_reading_every_note_finds(people: Path) -> None:
    _same_answers(people)  # builds the index
    assert line_caches.load_names(people)
    _same_answers(people)  # from it


def test_renames_edits_and_deletions_are_seen(people: Path) -> None:
    _same_answers(people)
    os.rename(people / "Kim.md", people / "Kimberly Lee.md")
    (people / "People" / "Dan Brown.md").write_text(
        "---\nname: Daniel Brown\naliases: [Danny]\ncadence: 30d\n---\n", "utf-8"
    )
    (people / "Work" / "Dana Park.md").unlink()
    (people / "Danielle.md").write_text("---\nname: Danielle\ncadence: 7d\n---\n", "utf-8")
    (people / "Bronwyn.md").write_text("---\ncadence: 30d\n---\n", "utf-8")  # fixed
    (people / "Zoë.md").write_text("---\nname: Zoë Ärger\ncadence: [x\n---\n", "utf-8")  # broken
    _same_answers(people)
    assert contacts.find(open_vault(people), "danny")[0].name == "Daniel Brown"
    with pytest.raises(ContactNotFound, match="Zoë.md:4: invalid YAML"):
        contacts.find(open_vault(people), "zoë")


def test_an_edit_with_the_same_size_and_mtime_is_seen(people: Path) -> None:
    _same_answers(people)
    file = people / "People" / "Dan Brown.md"
    before = file.stat()
    file.write_text("---\nname: Dan Crown\ncadence: 30d\n---\n", "utf-8")  # same size
    os.utime(file, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert contacts.find(open_vault(people), "dan c")[0].name == "Dan Crown"
    _same_answers(people)


def test_a_warm_find_loads_no_note(people: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    contacts.find(open_vault(people), "dee")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("every note was loaded")

    monkeypatch.setattr(cache, "load", refuse)
    monkeypatch.setattr(contacts, "read", refuse)
    assert contacts.find(open_vault(people), "kimmy")[0].name == "Kim Lee"
    assert contacts.names(people, "k") == ["Kim Lee", "kimberly", "Kimmy"]


@pytest.mark.parametrize("damage", [b"", b"garbage", b"followup-md cache 2\n[]\n"])
def test_a_damaged_index_is_rebuilt(people: Path, damage: bytes) -> None:
    _same_answers(people)
    for file in cache.cache_file(people).parent.glob("*-names.cache"):
        file.write_bytes(damage)
    assert line_caches.load_names(people) == {}
    _same_answers(people)


def test_the_commands_answer_the_same_with_and_without_the_index(
    people: Path, run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def shown(query: str) -> tuple[int, str]:
        result = run("show", query, "--json")
        return result.exit_code, result.output

    first = {query: shown(query) for query in ("dana", "DP", "kimmy", "Work/Dana", "bron")}
    assert json.loads(first["DP"][1])["path"] == "People/Dana Park.md"
    monkeypatch.setenv("FOLLOWUP_CACHE_DIR", str(tmp_path / "another-cache"))
    assert {query: shown(query) for query in first} == first  # no index, then made
    assert {query: shown(query) for query in first} == first  # from the index
    for command in (("log", "kimmy", "-s", "Coffee"), ("snooze", "odd", "2026-12-24")):
        assert run(*command).exit_code == 0
    assert run("status", "DP", "paused").exit_code == 0
    assert run("next", "zoë", "2026-12-10").exit_code == 0
    assert run("done", "kim lee").exit_code == 0
    assert "Coffee" in (people / "Kim.md").read_text("utf-8")
    assert "status: paused" in (people / "People/Dana Park.md").read_text("utf-8")
    assert "snooze" in (people / "Odd Name.md").read_text("utf-8")
    assert "2026-12-10" in (people / "Zoë.md").read_text("utf-8")


def test_add_finds_a_namesake_through_the_index_and_loads_no_note(
    people: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`add` refuses a name, alias or file name already taken (any case, NFC) exactly as
    before, without loading every note: the name index answers."""
    contacts.find(open_vault(people), "dee")  # the index is made

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("every note was loaded")

    monkeypatch.setattr(cache, "load", refuse)
    for taken, path in [
        ("kimmy", "Kim.md"),
        ("KIMBERLY", "kimberly.md"),
        ("Zoe\u0308 A\u0308rger", "Zoë.md"),
        ("dana p.", "Work/Dana Park.md"),
    ]:
        result = run("add", taken)
        assert result.exit_code == 1
        assert f"already exists: {path};" in result.output
    assert run("add", "Somebody New").exit_code == 0
    assert (people / "Somebody New.md").exists()
