"""Several top-level values set or removed in one edit, proven once.

The same text edits as `set_value` and `remove_value` make one at a time — a value
replaced where it stands, keeping its quotes and a comment after it; a new key added
at the end of the front matter; a removed key's lines taken out whole — but the front
matter is read, composed and proven once instead of once per key. Made for
`sync_properties`, which sets up to four values in every contact note the first time.

It is only a faster road to the same text: whatever it cannot do in one step (no front
matter, a flow mapping, a value it cannot replace) or cannot prove, it leaves to the
one-at-a-time edits, which refuse what cannot be done safely.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import yaml

from followup_md.errors import EditRefused
from followup_md.notes.writer.edits import set_value
from followup_md.notes.writer.emit import _ISO_DATE, _key, _scalar
from followup_md.notes.writer.proof import _refuser, _reread_both
from followup_md.notes.writer.remove import remove_value
from followup_md.notes.writer.splice import _append_lines
from followup_md.notes.writer.text import (
    _apply,
    _Front,
    _last_char,
    _line_end,
    _line_start,
    _open,
    _pairs,
    _Refusal,
    _root,
    _split_bom,
)

Value = str | dt.date | None
"""The text or date to set, or None to remove the key."""


def set_values(text: str, changes: Sequence[tuple[str, Value]]) -> str:
    """`text` with each key set to its value or removed (None), in one proven edit; the
    same text `set_value`/`remove_value` give one by one (they do it when this cannot).
    Raises EditRefused as they do."""
    try:
        return _in_one_edit(text, changes)
    except EditRefused:
        pass
    for key, value in changes:
        text = remove_value(text, key) if value is None else set_value(text, key, value)
    return text


def _in_one_edit(text: str, changes: Sequence[tuple[str, Value]]) -> str:
    bom, body = _split_bom(text)
    front = _open(body)
    root = _root(front) if front is not None else None
    if front is None or root is None or root.flow_style:
        raise _Refusal("left to the one-at-a-time edits")
    splices, added = [], []
    for key, value in changes:
        pairs = _pairs(front, root, key)
        if value is None:
            if pairs:
                splices.append(_removal(front, pairs[0][0], pairs[0][1]))
        elif pairs:
            splices.append(_replacement(pairs[0][1], value))
        else:
            added.append(f"{_key(key)}: {_rendered(value, None)}")
    if added:
        splices.append(_append_lines(front, root, added))
    new_body = _apply(body, front.start, splices)
    _prove(body, new_body, changes)
    return bom + new_body


def _rendered(value: str | dt.date, quote: str | None) -> str:
    if isinstance(value, dt.date):
        return _scalar(value.isoformat(), flow=False, quote=quote, typed=_ISO_DATE)
    return _scalar(value, flow=False, quote=quote)


def _replacement(node: yaml.Node, value: str | dt.date) -> tuple[int, int, str]:
    """The splice replacing a single value, keeping its quote style (as `set_value`)."""
    if not isinstance(node, yaml.ScalarNode) or node.style in ("|", ">"):
        raise _Refusal("not a single value")
    quote = node.style if node.style in ("'", '"') else None
    rendered = _rendered(value, quote)
    start, end = int(node.start_mark.index), int(node.end_mark.index)
    return (start, end, " " + rendered if start == end else rendered)


def _removal(front: _Front, key: yaml.Node, value: yaml.Node) -> tuple[int, int, str]:
    """The splice taking out a key's lines (as `remove_value`)."""
    source, begin = front.yaml, int(key.start_mark.index)
    start = _line_start(source, begin)
    if source[start:begin].strip():
        raise _Refusal("the key does not start its line")
    return (start, _line_end(source, _last_char(value)), "")


def _prove(old: str, new: str, changes: Sequence[tuple[str, Value]]) -> None:
    """`new` reads back as `old` with exactly these changes, nothing outside the YAML
    changed, and the keys in their order (new ones last, in the order given)."""
    refuse = _refuser("set the values")
    before, after = _reread_both(old, new, refuse)
    wanted: dict[Any, Any] = dict(before.data)
    for key, value in changes:
        if value is None:
            wanted.pop(key, None)
        else:
            wanted[key] = value
    if list(after.data) != list(wanted):
        raise refuse("the front matter keys changed")
    for key, value in wanted.items():
        read = after.data[key]
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            ok = (type(read) is dt.date and read == value) or read == value.isoformat()
        else:
            ok = read == value and type(read) is type(value)
        if not ok:
            raise refuse(f"'{key}' reads back as {read!r}")
