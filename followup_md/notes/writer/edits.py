"""Writing notes: add an interaction or set one value, and change nothing else.

A note belongs to its user: written by hand, by Obsidian, by other plugins.
Loading its YAML and dumping it back would reorder keys, drop comments and
requote values, so every edit here works on the text: it inserts new lines, or
replaces the one value it changes, in the style the note already uses. Every
other byte stays, including a BOM, CRLF line endings, trailing whitespace and a
missing final newline.

Each edit is then proven before anything is written: the new text is read back
with the reader the scan uses (`notes`), and its data must equal the old data
plus exactly the intended change. Otherwise EditRefused is raised and nothing
is written.

Decisions:

- Style. A new interaction copies the style most of the list's items use (ties
  go to the last item): block mappings, flow mappings (`- {date: ..., type: ...}`)
  or the one-line form (`- "2026-11-21 email out: Sent"`, quoted as the last
  one-line item is). The one-line form cannot hold a channel, follow_up or
  outcome; such an interaction is written as a mapping in the style of the
  list's mapping items, or as a flow mapping when it has none, which keeps a
  one-item-per-line list one item per line. Key order, quoting of each key's
  value, indentation and the spaces after `-` follow the last mapping item.
- Flow lists. `interactions: [a, b]` gets the new item inside the brackets,
  `[a, b, new]`; a list spread over lines gets it on a line of its own. When a
  comment follows the last item, a `,` is added after that item if it has none
  (the only edit inside an existing line) and the new item goes on the next line.
- Empty lists. `interactions:`, `interactions: ~` and `interactions: []` lose the
  empty value (a comment after it stays) and get a block list of mappings
  indented as the note's other lists are (two spaces when it has none). A note
  without `interactions` gets the key and its list at the end of its front matter.
- Quoting. A value is written plain only when it reads back as the same text both
  for the reader here and for a YAML 1.1 reader (PyYAML's safe loader, which turns
  `yes`, `no`, `on`, `0123` and `10:30` into other types; Obsidian and other tools
  may read the note too), and is not a YAML 1.2 number. Otherwise it is quoted,
  with the quote character the list already uses, or double quotes (with escapes)
  when single quotes cannot hold it. A value the list's last mapping item quotes
  is quoted too. Dates and whole-number follow-ups are written plain: they are
  meant to be typed.
- Aliases (`- *earlier`) and the like cannot be located reliably; the proof then
  refuses rather than guess.
- Normalising. Text fields are stripped and empty ones dropped, as the reader
  does; the type is written as given (the reader lowercases it).
- No front matter. `set_value` gives such a note one (`---`, `key: value`, `---`)
  before the body, with the note's line endings. `add_interaction` refuses: a
  note without front matter is not a contact.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import yaml

from followup_md.core.frozen import record
from followup_md.core.model import Interaction
from followup_md.errors import UsageError
from followup_md.notes.writer.emit import (
    _ISO_DATE,
    _TYPE_WORD,
    _clean,
    _follow_up,
    _key,
    _scalar,
)
from followup_md.notes.writer.proof import _prove_interaction, _prove_value
from followup_md.notes.writer.splice import _append_lines, _interaction_splices
from followup_md.notes.writer.text import (
    _apply,
    _Front,
    _kind_name,
    _line,
    _newline_near,
    _open,
    _pairs,
    _Refusal,
    _root,
    _same,
    _split_bom,
)

# ----------------------------------------------------------------------- the API


@record
class NewInteraction:
    """An interaction to append, as the user gave it.

    Text fields are stripped and empty ones dropped, as the reader does, so what is
    written reads back as given. Raises UsageError for what the reader could not
    take back: an empty type, a direction other than in/out, a follow_up that is
    not a duration, a date or 'none'.
    """

    date: dt.date
    type: str
    direction: Literal["in", "out"] = "out"
    channel: str | None = None
    summary: str | None = None
    follow_up: str | None = None
    """As the user gave it: "3d", "2 weeks", "2026-12-01" or "none"."""
    outcome: str | None = None
    id: str | None = None
    """Where it came from (a Message-ID, an event's UID), written by a sync."""

    def __post_init__(self) -> None:
        if isinstance(self.date, dt.datetime):
            object.__setattr__(self, "date", self.date.date())
        if not isinstance(self.date, dt.date):
            raise UsageError(f"an interaction date must be a date, not {self.date!r}")
        kind = _clean(self.type, "type")
        if kind is None:
            raise UsageError("an interaction needs a type, such as email or call")
        if not _TYPE_WORD.fullmatch(kind):
            raise UsageError(
                f"type {kind!r} should be one word without ':' (email, call, coffee-chat, ...)"
            )
        object.__setattr__(self, "type", kind)
        if self.direction not in ("in", "out"):
            raise UsageError(f"direction {self.direction!r} is not 'in' or 'out'")
        for name in ("channel", "summary", "follow_up", "outcome", "id"):
            object.__setattr__(self, name, _clean(getattr(self, name), name))
        if self.follow_up is not None:
            _follow_up(self.follow_up)


def contact_front(body: str) -> _Front:
    """The note's front matter, to add to it; a note without one is refused (no contact)."""
    front = _open(body)
    if front is None:
        raise _Refusal(
            "the note has no front matter (a block between '---' lines at the top), so it is "
            "not a contact note; add one with the contact's details first"
        )
    return front


def add_interaction(text: str, new: NewInteraction, *, preferred_channel: str | None = None) -> str:
    """Append `new` to the note's `interactions`, proven; pure.

    The channel is left out of the written item when it is the contact's
    `preferred_channel`, since the reader falls back to that one. `text` may start
    with a BOM, which is kept. Raises EditRefused when the front matter is missing
    or does not parse, when `interactions` is not a list, or when the result does
    not read back as the old data plus `new`.
    """
    bom, body = _split_bom(text)
    front = contact_front(body)
    fields, expected = _fields_to_write(new, preferred_channel)
    new_body = _apply(body, front.start, _interaction_splices(front, fields))
    _prove_interaction(body, new_body, expected)
    return bom + new_body


def set_value(text: str, key: str, value: str | dt.date) -> str:
    """Set the top-level scalar `key` to `value`, proven; pure.

    Only the old value is replaced: the key, its spacing and a trailing comment
    stay, and a quoted value stays quoted the same way. A missing key is added as
    `key: value` at the end of the front matter; a note without front matter gets
    one before its body. A date is written as a date; a str is written so that it
    reads back as that very text (so "2026-12-01" given as text gets quotes).
    Raises EditRefused when the front matter does not parse, or `key` appears
    twice or holds a list, mapping or multi-line block.
    """
    if not key or key != key.strip() or any(c in key for c in "\r\n"):
        raise UsageError(f"{key!r} is not a front matter key")
    if isinstance(value, dt.datetime):
        value = value.date()
    bom, body = _split_bom(text)
    front = _open(body)
    rendered_date = value.isoformat() if isinstance(value, dt.date) else None
    typed = _ISO_DATE if rendered_date is not None else None
    raw_value = rendered_date if rendered_date is not None else str(value)
    if front is None:
        nl = _newline_near(body, 0)
        line = f"{_key(key)}: {_scalar(raw_value, flow=False, quote=None, typed=typed)}"
        new_body = f"---{nl}{line}{nl}---{nl}{body}"
        _prove_value(body, new_body, key, value, created=True)
        return bom + new_body
    root = _root(front)
    pairs = _pairs(front, root, key)
    if not pairs:
        line = f"{_key(key)}: {_scalar(raw_value, flow=False, quote=None, typed=typed)}"
        splices = [_append_lines(front, root, [line])]
    else:
        (_, node), line_no = pairs[0], _line(front, pairs[0][0])
        if not isinstance(node, yaml.ScalarNode) or node.style in ("|", ">"):
            what = "a multi-line block" if isinstance(node, yaml.ScalarNode) else _kind_name(node)
            raise _Refusal(f"'{key}' holds {what}, not a single value; change it by hand", line_no)
        quote = node.style if node.style in ("'", '"') else None
        flow = bool(root is not None and root.flow_style)
        rendered = _scalar(raw_value, flow=flow, quote=quote, typed=typed)
        start, end = node.start_mark.index, node.end_mark.index
        if start == end:  # `key:` with no value: the mark is just after the colon
            rendered = " " + rendered
        splices = [(start, end, rendered)]
    new_body = _apply(body, front.start, splices)
    _prove_value(body, new_body, key, value, created=False)
    return bom + new_body


def format_value(text: str) -> str:
    """`text` as a block-context YAML value that reads back as exactly that text.

    For writers that compose new front matter (a new contact note) with the same
    quoting rules as the edits here.
    """
    return _scalar(text, flow=False, quote=None)


def _fields_to_write(
    new: NewInteraction, preferred: str | None
) -> tuple[dict[str, str], Interaction]:
    """The fields to write, and the Interaction they must read back as."""
    fields = {"date": new.date.isoformat(), "type": new.type, "direction": new.direction}
    channel = new.channel
    if channel is not None and preferred is not None and _same(channel, preferred):
        channel = None
    for name, value in (
        ("channel", channel),
        ("summary", new.summary),
        ("follow_up", new.follow_up),
        ("outcome", new.outcome),
        ("id", new.id),
    ):
        if value is not None:
            fields[name] = value
    expected = Interaction(
        date=new.date,
        type=new.type.lower(),
        direction=new.direction,
        channel=channel,
        summary=new.summary,
        follow_up=_follow_up(new.follow_up) if new.follow_up is not None else None,
        outcome=new.outcome,
        id=new.id,
    )
    return fields, expected
