"""Typos in a note's keys: a key a slip away from one followup-md reads is a problem.

Keys far from every known one are the user's own properties and stay silent; Obsidian's
own are never flagged. Pure lookups (`core.suggest`), bounded per note.
"""

from __future__ import annotations

from itertools import islice

from followup_md.core.model import Problem
from followup_md.core.suggest import typo_of
from followup_md.notes.limits import MAX_MESSAGE, cut
from followup_md.notes.yaml_fast import Loaded

KNOWN_KEYS = (
    "name", "aliases", "status", "channel", "objective", "cadence", "next", "snooze", "tags",
    "email", "phone", "company", "profile", "birthday", "added", "interactions", "created",
    "emails", "phones", "title",
)  # fmt: skip
"""The front-matter keys followup-md reads: a key a typo away from one is reported."""

OBSIDIAN_KEYS = frozenset({"tags", "tag", "aliases", "alias", "cssclasses", "date", "created"})
"""Obsidian's own properties: never taken for a typo."""

CONTACT_KEY_TYPOS = ("interactions", "cadence", "next")
"""In a note that is not a contact, only a slip for one of these is reported: it may be why."""

INTERACTION_FIELDS = (
    "date", "type", "direction", "channel", "summary", "follow_up", "outcome", "id",
)  # fmt: skip
"""The fields of an interaction written as a mapping."""


MAX_TYPO_CHECKS = 500
"""Keys (and interaction fields) of one note looked at for typos: a note with more is no
hand-written one, and a hostile one must not cost time in proportion to its keys."""


def typo_message(key: str, known: str) -> str:
    return f"'{cut(key)}' is not a key followup-md reads: did you mean '{known}'?"


def key_typos(path: str, loaded: Loaded, known: tuple[str, ...] = KNOWN_KEYS) -> list[Problem]:
    """A problem for every front-matter key a typo away from one of `known`."""
    problems = []
    keys = loaded.data if isinstance(loaded.data, dict) else ()
    for key in islice(keys, MAX_TYPO_CHECKS):
        if not isinstance(key, str) or key in KNOWN_KEYS or key in OBSIDIAN_KEYS:
            continue
        match = typo_of(key, known)
        if match is not None:
            line = loaded.key_lines.get(key)
            problems.append(Problem(path, line, cut(typo_message(key, match), MAX_MESSAGE)))
    return problems


def field_typo(key: object) -> str | None:
    """An interaction field's typo message; "" for an unknown field that is no typo (it
    cost a look); None for a known field or one that is not text (no look)."""
    if key in INTERACTION_FIELDS or not isinstance(key, str):
        return None
    match = typo_of(key, INTERACTION_FIELDS)
    return typo_message(key, match) if match is not None else ""
