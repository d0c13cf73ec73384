"""Proving an edit before it is written: the new text, read back with the reader the scan
uses, must equal the old data plus exactly the intended change.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from followup_md.core.frozen import record
from followup_md.core.model import Interaction
from followup_md.errors import EditRefused
from followup_md.notes.frontmatter import FrontMatter, UnclosedFrontMatter, split_front_matter
from followup_md.notes.reader import parse_note
from followup_md.notes.writer.text import _check_text_facts, _Refusal
from followup_md.notes.yaml_fast import Loaded, YamlError, load_yaml

# ---------------------------------------------------------------------- proofs


@record
class _Reread:
    front: FrontMatter
    start: int
    data: dict[Any, Any]
    loaded: Loaded


def _reread(body: str, refuse: Callable[[str], EditRefused]) -> _Reread:
    """Read `body` back the way the scan does."""
    try:
        front = split_front_matter(body)
    except UnclosedFrontMatter:
        raise refuse("the front matter is no longer closed") from None
    if front is None:
        raise refuse("the front matter is gone")
    try:
        loaded = load_yaml(front.yaml, front.first_line)
    except YamlError as exc:
        raise refuse(f"the new front matter does not parse: {exc.message}") from None
    data = loaded.data if loaded.data is not None else {}
    if not isinstance(data, dict):
        raise refuse("the front matter is no longer a mapping")
    return _Reread(front, body.index("\n") + 1, data, loaded)


def _refuser(what: str) -> Callable[[str], EditRefused]:
    def refuse(reason: str) -> EditRefused:
        return _Refusal(f"the edit did not read back as intended ({reason}); {what} by hand")

    return refuse


def _same_outside(old: str, before: _Reread, new: str, after: _Reread) -> bool:
    """Everything outside the YAML text (opening line, closing line, body) is unchanged."""
    old_end = before.start + len(before.front.yaml)
    new_end = after.start + len(after.front.yaml)
    return old[: before.start] == new[: after.start] and old[old_end:] == new[new_end:]


def _reread_both(
    old: str, new: str, refuse: Callable[[str], EditRefused]
) -> tuple[_Reread, _Reread]:
    """Both texts read back the way the scan does, after checking that the edit kept the
    text's facts (line endings, BOM) and changed nothing outside the YAML."""
    try:
        _check_text_facts(old, new)
    except _Refusal as exc:
        raise refuse(exc.message) from None
    before, after = _reread(old, refuse), _reread(new, refuse)
    if not _same_outside(old, before, new, after):
        raise refuse("text outside the front matter changed")
    return before, after


def _same_except(
    before: dict[Any, Any], after: dict[Any, Any], key: str, refuse: Callable[[str], EditRefused]
) -> None:
    """Same keys in the same order (plus `key` at the end if it was new), same values."""
    wanted = list(before) if key in before else [*before, key]
    if list(after) != wanted:
        raise refuse("the front matter keys changed")
    for name, value in before.items():
        if name != key and after[name] != value:
            raise refuse(f"'{name}' changed")


def _prove_interaction(old: str, new: str, expected: Interaction) -> None:
    _prove_interactions(old, new, (expected,))


def _prove_interactions(old: str, new: str, expected: Sequence[Interaction]) -> None:
    """`new` is `old` with exactly the `expected` interactions added at the end, in order."""
    refuse = _refuser("add the interaction" if len(expected) == 1 else "add the interactions")
    before, after = _reread_both(old, new, refuse)
    _same_except(before.data, after.data, "interactions", refuse)
    added = len(expected)
    old_items = before.data.get("interactions") or []
    new_items = after.data.get("interactions")
    if not isinstance(new_items, list) or len(new_items) != len(old_items) + added:
        which = "exactly one item" if added == 1 else f"exactly {added} items"
        raise refuse(f"'interactions' did not gain {which}")
    if new_items[: len(old_items)] != old_items:
        raise refuse("the existing interactions changed")
    old_contact = parse_note(old.encode("utf-8"), "note.md").contact
    contact = parse_note(new.encode("utf-8"), "note.md").contact
    count = len(old_contact.interactions) if old_contact is not None else 0
    if contact is None or len(contact.interactions) != count + added:
        raise refuse("the new interaction is not read as one")
    lines = after.loaded.item_lines["interactions"][-added:]
    for found, line, wanted in zip(contact.interactions[-added:], lines, expected, strict=True):
        if found.line != line:
            raise refuse("the new interaction is not read as one")
        if dataclasses.replace(found, line=None) != wanted:
            raise refuse(f"it reads back as {found!r}")


def _prove_value(old: str, new: str, key: str, value: str | dt.date, *, created: bool) -> None:
    refuse = _refuser(f"set '{key}'")
    try:
        _check_text_facts(old, new)
    except _Refusal as exc:
        raise refuse(exc.message) from None
    after = _reread(new, refuse)
    if created:
        if new[after.front.end :] != old:
            raise refuse("the body changed")
        before_data: dict[Any, Any] = {}
    else:
        before = _reread(old, refuse)
        if not _same_outside(old, before, new, after):
            raise refuse("text outside the front matter changed")
        before_data = before.data
    _same_except(before_data, after.data, key, refuse)
    read = after.data[key]
    if isinstance(value, dt.date):
        ok = (type(read) is dt.date and read == value) or read == value.isoformat()
    else:
        ok = isinstance(read, str) and read == value
    if not ok:
        raise refuse(f"'{key}' reads back as {read!r}")
