"""Typos in notes are problems with a suggestion (issue 11, item 3).

A front-matter key or interaction field a small edit away from one followup-md reads is
reported, "did you mean" the known one; a key far from every known one is the user's own
property and stays silent. Other notes are looked at only for a slip of a contact key.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from followup_md.core.suggest import levenshtein, typo_of
from followup_md.notes.reader import parse_note
from followup_md.notes.typos import KNOWN_KEYS

from .conftest import Run, run_json

WriteNote = Callable[[str, "str | bytes"], Path]


def messages(text: str, path: str = "Dana.md") -> list[tuple[int | None, str]]:
    parsed = parse_note(text.encode("utf-8"), path)
    return [(problem.line, problem.message) for problem in parsed.problems]


def note(*lines: str) -> str:
    return "---\n" + "".join(f"{line}\n" for line in lines) + "---\nBody\n"


# ------------------------------------------------------------------ the distance


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("", "", 0),
        ("cadence", "cadence", 0),
        ("cadance", "cadence", 1),
        ("snoze", "snooze", 1),
        ("follow-up", "follow_up", 1),
        ("directon", "direction", 1),
        ("kitten", "sitting", 3),
        ("", "next", 4),
        ("interactoins", "interactions", 2),
    ],
)
def test_levenshtein(a: str, b: str, distance: int) -> None:
    assert levenshtein(a, b) == distance == levenshtein(b, a)


def test_levenshtein_with_a_limit_stops_early() -> None:
    assert levenshtein("kitten", "sitting", limit=1) == 2
    assert levenshtein("a", "abcdef", limit=2) == 3
    assert levenshtein("cadance", "cadence", limit=1) == 1


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("cadance", "cadence"),
        ("Cadence", "cadence"),  # keys are read as written: case matters
        ("snoze", "snooze"),
        ("nxt", "next"),
        ("intreactions", "interactions"),
        ("interactoins", "interactions"),  # two edits on a long key
        ("cadense", "cadence"),
        ("cadnse", "cadence"),  # six letters and more: two edits
        ("email", None),  # known
        ("linkedin", None),  # the user's own property
        ("website", None),
        ("stauts", "status"),  # six letters: a swap (two edits) is matched
        ("emial", None),  # five letters: two edits are not matched
    ],
)
def test_typo_of(word: str, expected: str | None) -> None:
    assert typo_of(word, KNOWN_KEYS) == expected


# ------------------------------------------------------------------ contact notes


@pytest.mark.parametrize(
    ("key", "known"),
    [
        ("cadance", "cadence"),
        ("snoze", "snooze"),
        ("emial", None),  # shorter than 6 letters: distance 1 only
        ("stauts", "status"),
        ("objectve", "objective"),
        ("birthdya", "birthday"),
        ("compnay", "company"),
        ("Next", "next"),
    ],
)
def test_a_mistyped_key_in_a_contact_is_a_problem(key: str, known: str | None) -> None:
    found = messages(note("name: Dana", "next: 2026-12-01", f"{key}: x"))
    if known is None:
        assert found == []
    else:
        assert found == [(4, f"'{key}' is not a key followup-md reads: did you mean '{known}'?")]


@pytest.mark.parametrize(
    "key", ["tags", "tag", "aliases", "alias", "cssclasses", "date", "created", "linkedin",
            "website", "source", "role", "title", "met_at"],
)  # fmt: skip
def test_obsidians_own_and_the_users_own_keys_are_never_flagged(key: str) -> None:
    assert messages(note("next: 2026-12-01", f"{key}: x")) == []


@pytest.mark.parametrize(
    ("field", "known"),
    [
        ("follow-up", "follow_up"),
        ("directon", "direction"),
        ("sumary", "summary"),
        ("outcom", "outcome"),
        ("chanel", "channel"),
        ("typ", "type"),
    ],
)
def test_a_mistyped_interaction_field_is_a_problem(field: str, known: str) -> None:
    text = note(
        "interactions:",
        "  - date: 2026-11-20",
        "    type: email",
        f"    {field}: in",
    )
    assert messages(text) == [
        (3, f"'{field}' is not a key followup-md reads: did you mean '{known}'?")
    ]


def test_an_interactions_own_far_fields_are_allowed() -> None:
    text = note("interactions:", "  - date: 2026-11-20", "    type: email", "    mood: good")
    assert messages(text) == []


def test_the_mistyped_interaction_still_counts() -> None:
    text = note("interactions:", "  - date: 2026-11-20", "    directon: in")
    parsed = parse_note(text.encode("utf-8"), "Dana.md")
    assert parsed.contact is not None and len(parsed.contact.interactions) == 1


# ------------------------------------------------------------------ other notes


def test_a_note_whose_only_contact_key_is_misspelled_is_reported() -> None:
    parsed = parse_note(note("cadance: 30d").encode("utf-8"), "Sam.md")
    assert parsed.contact is None
    assert [(p.line, p.message) for p in parsed.problems] == [
        (2, "'cadance' is not a key followup-md reads: did you mean 'cadence'?")
    ]


@pytest.mark.parametrize(
    ("key", "known"),
    [
        ("interaction", "interactions"),
        ("intreactions", "interactions"),
        ("cadance", "cadence"),
        ("nxt", "next"),
        ("snoze", None),  # not a contact key: another note's business
        ("compnay", None),
        ("statuss", None),
        ("title", None),
    ],
)
def test_other_notes_are_looked_at_only_for_contact_keys(key: str, known: str | None) -> None:
    found = messages(note("title: Meeting notes", f"{key}: x"), "Meeting.md")
    expected = [] if known is None else [
        (3, f"'{key}' is not a key followup-md reads: did you mean '{known}'?")
    ]  # fmt: skip
    assert found == expected


def test_check_lists_typos_and_exits_1(run: Run, write_note: WriteNote) -> None:
    write_note("Dana.md", note("name: Dana", "next: 2026-12-01", "cadance: 30d", "snoze: x"))
    write_note("Sam.md", note("cadance: 30d"))
    result = run("check")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "Dana.md:4: 'cadance' is not a key followup-md reads: did you mean 'cadence'?",
        "Dana.md:5: 'snoze' is not a key followup-md reads: did you mean 'snooze'?",
        "Sam.md:2: 'cadance' is not a key followup-md reads: did you mean 'cadence'?",
    ]
    data = run_json(run, "check")
    assert len(data["problems"]) == 3


def test_a_note_is_looked_at_for_only_so_many_typos() -> None:
    from followup_md.notes.typos import MAX_TYPO_CHECKS

    letters = "abcdefghijklmnopqrstuvwxyz"
    keys = [f"cadenc{a}{b}" for a in letters for b in letters]  # each two edits from cadence
    assert len(keys) > MAX_TYPO_CHECKS
    fields = "".join(f"    {key.replace('cadenc', 'summar')}: x\n" for key in keys)
    text = "---\n" + "".join(f"{key}: x\n" for key in keys) + "interactions:\n"
    text += f"  - date: 2026-11-20\n{fields}---\n"
    parsed = parse_note(text.encode("utf-8"), "Hostile.md")
    assert parsed.contact is not None
    assert len(parsed.problems) == 2 * MAX_TYPO_CHECKS
