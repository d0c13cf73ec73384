"""Removing one top-level key from a note's front matter, and nothing else; proven.

The key's lines go whole: from the start of the key's line to the end of its value's
last line (a comment on those lines goes with it, being about it). Every other byte
stays: comments on lines of their own, blank lines, the other keys, the body. The new
text is then read back with the reader the scan uses and must hold the old data
without that key, the other keys in the same order with the same values.
"""

from __future__ import annotations

from followup_md.notes.writer.proof import _refuser, _reread_both
from followup_md.notes.writer.text import (
    _apply,
    _last_char,
    _line,
    _line_end,
    _line_start,
    _open,
    _pairs,
    _Refusal,
    _root,
    _split_bom,
)


def remove_value(text: str, key: str) -> str:
    """`text` without the top-level `key` (unchanged when it has none), proven; pure.

    Raises EditRefused when the front matter does not parse, holds `key` twice, or is
    written as one flow mapping (`{a: 1, b: 2}`), whose lines cannot be removed.
    """
    bom, body = _split_bom(text)
    front = _open(body)
    if front is None:
        return text
    root = _root(front)
    pairs = _pairs(front, root, key)
    if root is None or not pairs:
        return text
    key_node, value_node = pairs[0]
    source = front.yaml
    begin = int(key_node.start_mark.index)
    start = _line_start(source, begin)
    if root.flow_style or source[start:begin].strip():
        raise _Refusal(
            f"'{key}' does not start a line of its own; remove it by hand", _line(front, key_node)
        )
    end = _line_end(source, _last_char(value_node))
    new_body = _apply(body, front.start, [(start, end, "")])
    _prove_removed(body, new_body, key)
    return bom + new_body


def _prove_removed(old: str, new: str, key: str) -> None:
    """`new` reads back as `old` without `key`, and nothing outside the YAML changed."""
    refuse = _refuser(f"remove '{key}'")
    before, after = _reread_both(old, new, refuse)
    wanted = {name: value for name, value in before.data.items() if name != key}
    if list(after.data) != list(wanted):
        raise refuse("the front matter keys changed")
    if any(after.data[name] != value for name, value in wanted.items()):
        raise refuse("another value changed")
