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

import contextlib
import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from followup_md import files
from followup_md.durations import DURATION_HELP, parse_duration, to_date
from followup_md.errors import EditRefused, UsageError
from followup_md.model import NO_FOLLOW_UP, FollowUp, Interaction
from followup_md.notes import (
    STARTS_WITH_DATE,
    FrontMatter,
    Loaded,
    UnclosedFrontMatter,
    YamlError,
    load_yaml,
    parse_note,
    split_front_matter,
)

BOM = "\ufeff"

_YamlLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml when available, as the reader uses: the pure-Python parser rejects some
notes libyaml reads (a tab after a value), and both give marks in characters."""

_KEY_ORDER = ("date", "type", "direction", "channel", "summary", "follow_up", "outcome")
"""Order of a new mapping's keys when the list gives no example."""

_ONE_LINE_DIRECTION = re.compile(r"^\s*\S+\s+[^\s:]+\s+(?:in|out)(?:\s|:|$)", re.I)
_TYPE_WORD = re.compile(r"[^\s:]+")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DATE_OR_COUNT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}|0|[1-9][0-9]*")
_YAML12_NUMBER = re.compile(
    r"[-+]?(?:\.inf|\.Inf|\.INF)|\.nan|\.NaN|\.NAN|0o[0-7]+|0x[0-9a-fA-F]+"
    r"|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
)
_PLAIN_START_FORBIDDEN = frozenset("-?:,[]{}#&*!|>'\"%@`")
_FLOW_FORBIDDEN = frozenset(",[]{}:")
_ESCAPES = {
    "\0": "\\0", "\x07": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\x0b": "\\v",
    "\f": "\\f", "\r": "\\r", "\x1b": "\\e", '"': '\\"', "\\": "\\\\",
    "\x85": "\\N", "\u2028": "\\L", "\u2029": "\\P", BOM: "\\uFEFF",
}  # fmt: skip

# ----------------------------------------------------------------------- the API


@dataclass(frozen=True)
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
        for name in ("channel", "summary", "follow_up", "outcome"):
            object.__setattr__(self, name, _clean(getattr(self, name), name))
        if self.follow_up is not None:
            _follow_up(self.follow_up)


def add_interaction(text: str, new: NewInteraction, *, preferred_channel: str | None = None) -> str:
    """Append `new` to the note's `interactions`, proven; pure.

    The channel is left out of the written item when it is the contact's
    `preferred_channel`, since the reader falls back to that one. `text` may start
    with a BOM, which is kept. Raises EditRefused when the front matter is missing
    or does not parse, when `interactions` is not a list, or when the result does
    not read back as the old data plus `new`.
    """
    bom, body = _split_bom(text)
    front = _open(body)
    if front is None:
        raise _Refusal(
            "the note has no front matter (a block between '---' lines at the top), so it is "
            "not a contact note; add one with the contact's details first"
        )
    fields, expected = _plan(new, preferred_channel)
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


def update_note(file: Path, change: Callable[[str], str], *, describe: str) -> str:
    """Apply `change` to the note at `file` and write the result atomically.

    `describe` completes "cannot ..." in messages (e.g. "add email out on
    2026-11-21"). The text given to `change` keeps a BOM as its first character
    and CRLF line endings as they are, so a change that keeps them keeps them on
    disk. Nothing is written unless the old front matter parses (or is absent) and
    the new one parses too. If the file changes on disk between the read and the
    write (checked after the new bytes are on disk, right before the rename), the
    change is applied once more to the new content; a second race refuses.
    A symlinked note is edited through the link. Returns the new text.
    """
    target = file.resolve() if file.is_symlink() else file
    for _attempt in range(2):
        raw = _read(file, target, describe)
        old = _decode(raw, file, describe)
        with _naming(file, describe):
            _check_parses(old, after=None)
            new = change(old)
            if new == old:
                return old
            _check_parses(new, after=old)
            try:
                data = new.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise _Refusal(f"the new text cannot be saved as UTF-8 ({exc.reason})") from None
        try:
            files.atomic_write(target, data, before_replace=_unchanged_check(target, raw))
        except _Raced:
            continue
        except OSError as exc:
            raise EditRefused(
                f"{file}: cannot {describe}: writing failed ({exc.strerror or exc}); "
                "the note was not changed"
            ) from None
        return new
    raise EditRefused(
        f"{file}: cannot {describe}: the note kept changing on disk while it was being edited "
        "(another program or a sync is writing it); the note was not changed: try again "
        "when it is done"
    )


# ------------------------------------------------------------------- refusals


class _Refusal(EditRefused):
    """A refusal from the text level: the problem and, when known, the file line."""

    def __init__(self, problem: str, line: int | None = None) -> None:
        super().__init__(f"line {line}: {problem}" if line else problem)
        self.problem = problem
        self.line = line


class _Raced(Exception):
    """The note on disk is no longer the one that was read."""


@contextlib.contextmanager
def _naming(file: Path, describe: str) -> Iterator[None]:
    """Turn a text-level refusal into a message that names the file and line."""
    try:
        yield
    except _Refusal as exc:
        where = f"{file}:{exc.line}" if exc.line else str(file)
        raise EditRefused(
            f"{where}: cannot {describe}: {exc.problem}; the note was not changed"
        ) from None
    except EditRefused as exc:
        raise EditRefused(f"{file}: cannot {describe}: {exc.message}") from None


# ------------------------------------------------------------------ file level


def _read(file: Path, target: Path, describe: str) -> bytes:
    try:
        return target.read_bytes()
    except FileNotFoundError:
        raise EditRefused(
            f"{file}: cannot {describe}: the note does not exist (was it moved or deleted?)"
        ) from None
    except OSError as exc:
        raise EditRefused(
            f"{file}: cannot {describe}: the note cannot be read ({exc.strerror or exc})"
        ) from None


def _decode(raw: bytes, file: Path, describe: str) -> str:
    """UTF-8, keeping a BOM as a character so that it is written back."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise EditRefused(
            f"{file}:{line}: cannot {describe}: the file is not valid UTF-8 "
            f"(byte 0x{raw[exc.start]:02x}); save it with UTF-8 encoding, then try again"
        ) from None


def _unchanged_check(target: Path, raw: bytes) -> Callable[[], None]:
    def check() -> None:
        try:
            current = target.read_bytes()
        except FileNotFoundError:
            raise _Raced from None
        if current != raw:
            raise _Raced

    return check


def _check_parses(text: str, *, after: str | None) -> None:
    """Refuse a note whose front matter does not parse; `after` is the text before a change."""
    try:
        _open(_split_bom(text)[1])
    except _Refusal as exc:
        if after is None:
            raise
        raise _Refusal(f"the change would break the front matter ({exc.message})") from None
    if after is not None:
        _check_text_facts(after, text)


# ------------------------------------------------------------------ text level


@dataclass(frozen=True)
class _Front:
    """A note's front matter: where its YAML is, the data read, the node tree."""

    body: str
    """The note text without its BOM."""
    front: FrontMatter
    start: int
    """Offset in `body` where the YAML text starts."""
    loaded: Loaded
    root: yaml.Node | None
    """Composed separately, for positions: the reader keeps only line numbers."""

    @property
    def yaml(self) -> str:
        return self.front.yaml


def _split_bom(text: str) -> tuple[str, str]:
    return (BOM, text[1:]) if text.startswith(BOM) else ("", text)


def _open(body: str) -> _Front | None:
    """Read the front matter of `body`; None when there is none. Raises _Refusal."""
    try:
        front = split_front_matter(body)
    except UnclosedFrontMatter:
        raise _Refusal(
            "the front matter opened by '---' is never closed; add a line with '---' after it",
            1,
        ) from None
    if front is None:
        return None
    try:
        loaded = load_yaml(front.yaml, front.first_line)
    except YamlError as exc:
        raise _Refusal(f"the front matter does not parse: {exc.message}", exc.line) from None
    try:
        root = yaml.compose(front.yaml, Loader=_YamlLoader)
    except yaml.YAMLError as exc:  # the reader took it, yet composing failed
        raise _Refusal(
            f"the front matter could not be read precisely enough to edit it ({exc}); "
            "edit the note by hand"
        ) from None
    return _Front(body, front, body.index("\n") + 1, loaded, root)


def _apply(body: str, offset: int, splices: list[tuple[int, int, str]]) -> str:
    """Replace YAML-relative spans `(start, end, text)`, last first so offsets hold."""
    for start, end, text in sorted(splices, key=lambda s: (s[0], s[1]), reverse=True):
        body = body[: offset + start] + text + body[offset + end :]
    return body


def _line(front: _Front, node: yaml.Node) -> int:
    return int(node.start_mark.line) + front.front.first_line


def _pairs(
    front: _Front, root: yaml.MappingNode | None, key: str
) -> list[tuple[yaml.Node, yaml.Node]]:
    """The top-level `key: value` pairs for `key`; refuses a key written twice."""
    if root is None:
        return []
    pairs: list[tuple[yaml.Node, yaml.Node]] = [
        (k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == key
    ]
    if len(pairs) > 1:
        lines = " and ".join(str(_line(front, k)) for k, _ in pairs)
        raise _Refusal(
            f"'{key}' appears {len(pairs)} times (lines {lines}); merge them into one first",
            _line(front, pairs[-1][0]),
        )
    return pairs


def _root(front: _Front) -> yaml.MappingNode | None:
    """The top-level mapping; refuses front matter that is a list or a single value."""
    if front.root is None or isinstance(front.root, yaml.MappingNode):
        return front.root
    raise _Refusal(
        "the front matter is not a set of 'key: value' lines; fix it, or edit the note by hand",
        _line(front, front.root),
    )


def _same(channel: str, preferred: str) -> bool:
    return channel.strip().casefold() == preferred.strip().casefold()


def _kind_name(node: yaml.Node) -> str:
    return "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"


def _line_start(text: str, index: int) -> int:
    return text.rfind("\n", 0, max(index, 0)) + 1


def _line_end(text: str, index: int) -> int:
    """Offset just past the line ending of the line holding `index`."""
    newline = text.find("\n", max(index, 0))
    return len(text) if newline == -1 else newline + 1


def _newline_near(text: str, index: int) -> str:
    """The line ending of the line before `index`, else the first one after it, else LF."""
    if text[:index].endswith("\n"):
        return "\r\n" if text[:index].endswith("\r\n") else "\n"
    newline = text.find("\n", index)
    if newline == -1:
        newline = text.rfind("\n", 0, index)
    if newline == -1:
        return "\n"
    return "\r\n" if newline > 0 and text[newline - 1] == "\r" else "\n"


def _last_char(node: yaml.Node) -> int:
    """Index of the last character that belongs to `node`.

    Block collections end, for PyYAML, where the next token starts (after comments
    and blank lines), so their end is found through their last child instead.
    """
    start, end = int(node.start_mark.index), int(node.end_mark.index)
    if isinstance(node, yaml.ScalarNode):
        return end - 1 if end > start else start - 1  # an empty value: its colon
    if not isinstance(node, yaml.CollectionNode) or node.flow_style or not node.value:
        return end - 1
    if isinstance(node, yaml.SequenceNode):
        return _last_char(node.value[-1])
    key, value = node.value[-1]
    return max(_last_char(key), _last_char(value))


def _skip_comments(text: str, pos: int, column: int) -> int:
    """Move past comment lines indented deeper than `column`: they belong above."""
    while pos < len(text):
        end = _line_end(text, pos)
        line = text[pos:end]
        stripped = line.lstrip(" \t")
        if not stripped.startswith("#") or len(line) - len(stripped) <= column:
            break
        pos = end
    return pos


def _check_text_facts(old: str, new: str) -> None:
    """A BOM and the line-ending convention survive any change."""
    if old.startswith(BOM) != new.startswith(BOM):
        raise _Refusal("the change would add or remove the byte order mark (BOM)")
    if "\n" in old:
        crlf = old.count("\r\n")
        if crlf == old.count("\n") and new.count("\r\n") != new.count("\n"):
            raise _Refusal("the change would mix LF line endings into a CRLF note")
        if crlf == 0 and "\r\n" in new:
            raise _Refusal("the change would mix CRLF line endings into an LF note")


# ------------------------------------------------------------------- scalars


def _printable(ch: str) -> bool:
    """Characters YAML takes literally everywhere (line breaks and BOM excluded)."""
    code = ord(ch)
    return (
        0x20 <= code <= 0x7E
        or (0xA0 <= code <= 0xD7FF and code not in (0x2028, 0x2029))
        or (0xE000 <= code <= 0xFFFD and code != 0xFEFF)
        or 0x10000 <= code <= 0x10FFFF
    )


def _plain_ok(text: str, *, flow: bool) -> bool:
    """Whether `text` can be written unquoted and read back as the same text."""
    if not text or text != text.strip() or not all(_printable(ch) for ch in text):
        return False
    if text[0] in _PLAIN_START_FORBIDDEN or ": " in text or " #" in text or text[-1] == ":":
        return False
    if flow and any(ch in _FLOW_FORBIDDEN for ch in text):
        return False
    if _YAML12_NUMBER.fullmatch(text):
        return False
    document = f"k: [{text}]\n" if flow else f"k: {text}\n"
    wanted = {"k": [text] if flow else text}
    try:
        if load_yaml(document).data != wanted:
            return False
        return bool(yaml.load(document, Loader=_YamlLoader) == wanted)  # as YAML 1.1 tools see
    except Exception:  # YAML errors, and constructors failing on odd values
        return False


def _single_ok(text: str) -> bool:
    return all(_printable(ch) for ch in text)


def _single(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _double(text: str) -> str:
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _printable(ch):
            out.append(ch)
        else:
            code = ord(ch)
            out.append(
                f"\\x{code:02X}"
                if code <= 0xFF
                else f"\\u{code:04X}"
                if code <= 0xFFFF
                else f"\\U{code:08X}"
            )
    return '"' + "".join(out) + '"'


def _scalar(
    text: str,
    *,
    flow: bool,
    quote: str | None,
    prefer: str = '"',
    typed: re.Pattern[str] | None = None,
) -> str:
    """`text` as a YAML scalar: plain when safe (or `typed` on purpose), else quoted.

    `quote` forces the quote character the note already uses for this value.
    """
    if quote is None:
        if typed is not None and typed.fullmatch(text):
            return text
        if _plain_ok(text, flow=flow):
            return text
        quote = prefer
    if quote == "'" and _single_ok(text):
        return _single(text)
    return _double(text)


def _key(key: str) -> str:
    return key if _plain_ok(key, flow=False) else _double(key)


def _clean(value: object, name: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise UsageError(f"interaction {name} must be text, not {value!r}")
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
        raise UsageError(f"interaction {name} {value!r} holds bytes that are not valid text")
    return value.strip() or None


def _follow_up(value: str) -> FollowUp:
    """What the reader makes of a follow_up written as `value`."""
    if value.lower() == NO_FOLLOW_UP:
        return NO_FOLLOW_UP
    try:
        return to_date(value)
    except ValueError:
        pass
    try:
        return parse_duration(value)
    except ValueError:
        raise UsageError(
            f"follow_up {value!r} is not a duration, a date or 'none' ({DURATION_HELP})"
        ) from None


# -------------------------------------------------------------- interactions


@dataclass(frozen=True)
class _Style:
    """How the list writes its items, taken from the items themselves."""

    form: Literal["string", "flow", "block"] = "block"
    """For an interaction the one-line form can hold."""
    mapping: Literal["flow", "block"] = "block"
    """For one it cannot."""
    keys: tuple[str, ...] = ()
    key_quotes: dict[str, str] = field(default_factory=dict)
    quote: str = '"'
    string_quote: str = '"'
    string_direction: bool = False
    mapping_direction: bool = False
    padded: bool = False
    """`{ date: ... }` rather than `{date: ...}`."""


def _plan(new: NewInteraction, preferred: str | None) -> tuple[dict[str, str], Interaction]:
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
    )
    return fields, expected


def _interaction_splices(front: _Front, fields: dict[str, str]) -> list[tuple[int, int, str]]:
    root = _root(front)
    pairs = _pairs(front, root, "interactions")
    if not pairs:
        return [_append_lines(front, root, _new_list(front, root, fields, "interactions:"))]
    key, value = pairs[0]
    if isinstance(value, yaml.SequenceNode):
        if not value.value:
            return _fill_empty(front, root, key, value, fields)
        if value.flow_style:
            return _flow_append(front, value, fields)
        return [_block_append(front, value, fields)]
    if isinstance(value, yaml.ScalarNode) and front.loaded.data.get("interactions") is None:
        return _fill_empty(front, root, key, value, fields)
    raise _Refusal(
        f"'interactions' should be a list (one '- ' line per interaction), not "
        f"{'a mapping' if isinstance(value, yaml.MappingNode) else 'a single value'}; "
        "fix it first",
        _line(front, key),
    )


def _append_lines(
    front: _Front, root: yaml.MappingNode | None, lines: list[str]
) -> tuple[int, int, str]:
    """Add top-level lines at the very end of the front matter."""
    if root is not None and root.flow_style:
        raise _Refusal(
            "the front matter is one '{...}' mapping; add the value by hand", _line(front, root)
        )
    indent = " " * (int(root.start_mark.column) if root is not None else 0)
    end = len(front.yaml)
    nl = _newline_near(front.body, front.start + end)
    return (end, end, "".join(indent + line + nl for line in lines))


def _list_indent(text: str, root: yaml.MappingNode | None) -> tuple[int, int]:
    """(dash column relative to the key, spaces after the dash) of the note's other lists."""
    if root is not None:
        for key, value in root.value:
            if isinstance(value, yaml.SequenceNode) and value.value and not value.flow_style:
                dash, spaces = _dash(text, value, value.value[0])
                return dash - int(key.start_mark.column), spaces
    return 2, 1


def _new_list(
    front: _Front, root: yaml.MappingNode | None, fields: dict[str, str], head: str
) -> list[str]:
    """`head` followed by a block list holding the new interaction (top-level lines)."""
    indent, spaces = _list_indent(front.yaml, root)
    return [head, *_block_item(fields, _Style(), indent, spaces)]


def _fill_empty(
    front: _Front,
    root: yaml.MappingNode | None,
    key: yaml.Node,
    value: yaml.Node,
    fields: dict[str, str],
) -> list[tuple[int, int, str]]:
    """`interactions:`, `~` or `[]`: drop the empty value and start a block list below."""
    if root is not None and root.flow_style:
        raise _Refusal(
            "the front matter is one '{...}' mapping; add the interaction by hand",
            _line(front, key),
        )
    text = front.yaml
    start, end = int(value.start_mark.index), int(value.end_mark.index)
    splices: list[tuple[int, int, str]] = []
    if end > start:
        cut = start
        while cut > key.end_mark.index and text[cut - 1] in " \t":
            cut -= 1
        splices.append((cut, end, ""))
    column = int(key.start_mark.column)
    anchor = _skip_comments(text, _line_end(text, end - 1 if end > start else start), column)
    indent, spaces = _list_indent(front.yaml, root)
    lines = _block_item(fields, _Style(), column + indent, spaces)
    nl = _newline_near(front.body, front.start + anchor)
    splices.append((anchor, anchor, "".join(line + nl for line in lines)))
    return splices


def _block_append(
    front: _Front, seq: yaml.SequenceNode, fields: dict[str, str]
) -> tuple[int, int, str]:
    """A new `- ...` item after the last one, with its dash column and spacing."""
    text = front.yaml
    style = _style(text, seq)
    last = seq.value[-1]
    dash, spaces = _dash(text, seq, last)
    anchor = _skip_comments(text, _line_end(text, _last_char(last)), dash)
    one_line = _one_line(fields, style, flow=False) if style.form == "string" else None
    if one_line is not None:
        lines = [" " * dash + "-" + " " * spaces + one_line]
    elif (style.mapping if style.form == "string" else style.form) == "flow":
        lines = [" " * dash + "-" + " " * spaces + _flow_mapping(fields, style)]
    else:
        lines = _block_item(fields, style, dash, spaces)
    nl = _newline_near(front.body, front.start + anchor)
    return (anchor, anchor, "".join(line + nl for line in lines))


def _dash(text: str, seq: yaml.SequenceNode, item: yaml.Node) -> tuple[int, int]:
    """(column of the `-` before `item`, spaces between it and the item).

    Found in the text: the sequence's own mark sits on a tag or anchor when it
    has one. An item on the line after its dash counts as one space.
    """
    index = int(item.start_mark.index) - 1
    while index >= 0 and text[index] in " \t":
        index -= 1
    if index >= 0 and text[index] == "-":
        return index - _line_start(text, index), max(1, int(item.start_mark.index) - index - 1)
    while index >= 0 and text[index] in " \t\r\n":
        index -= 1
    if index >= 0 and text[index] == "-":
        return index - _line_start(text, index), 1
    return int(seq.start_mark.column), 1


def _flow_append(
    front: _Front, seq: yaml.SequenceNode, fields: dict[str, str]
) -> list[tuple[int, int, str]]:
    """`[a, b]` becomes `[a, b, new]`; a list spread over lines gets a line of its own."""
    text = front.yaml
    style = _style(text, seq)
    item = _one_line(fields, style, flow=True) if style.form == "string" else None
    if item is None:
        item = _flow_mapping(fields, style)
    items = seq.value
    last = items[-1]
    end = _last_char(last) + 1
    close = int(seq.end_mark.index) - 1
    gap = text[end:close]
    before = (
        text[_last_char(items[-2]) + 1 : last.start_mark.index]
        if len(items) > 1
        else text[seq.start_mark.index : last.start_mark.index]
    )
    line = text[_line_start(text, last.start_mark.index) : last.start_mark.index]
    indent = line[: len(line) - len(line.lstrip(" "))]
    nl = _newline_near(front.body, front.start + _line_end(text, end))
    if "#" in gap:  # a comment ends the last item's line: keep that line's text
        comment = gap.index("#")
        splices = [] if "," in gap[:comment] else [(end, end, ",")]
        anchor = _line_end(text, end + comment)
        return [*splices, (anchor, anchor, indent + item + nl)]
    separator = "," + nl + indent if "\n" in before else ", "
    return [(end, end, separator + item)]


def _flow(node: yaml.Node) -> bool:
    return isinstance(node, yaml.CollectionNode) and bool(node.flow_style)


def _kind(item: yaml.Node) -> str:
    if isinstance(item, yaml.ScalarNode):
        return "string"
    if isinstance(item, yaml.MappingNode):
        if len(item.value) == 1:
            key, value = item.value[0]
            if (
                isinstance(key, yaml.ScalarNode)
                and isinstance(value, yaml.ScalarNode)
                and key.value != "date"
                and STARTS_WITH_DATE.match(key.value)
            ):
                return "string"  # `- 2026-11-20 email: Sent`, unquoted: YAML sees a mapping
        return "flow" if item.flow_style else "block"
    return "block"


def _style(text: str, seq: yaml.SequenceNode) -> _Style:
    """The list's prevailing item form, and the details of its last items."""
    items: list[yaml.Node] = list(seq.value)
    kinds = [_kind(item) for item in items]
    counts = {kind: kinds.count(kind) for kind in kinds}
    top = max(counts.values())
    form = next(kind for kind in reversed(kinds) if counts[kind] == top)
    maps = [item for item, kind in zip(items, kinds, strict=True) if kind != "string"]
    strings = [item for item, kind in zip(items, kinds, strict=True) if kind == "string"]
    template = maps[-1] if maps else None
    mapping: Literal["flow", "block"] = "block"
    if seq.flow_style or (_flow(template) if template is not None else form == "string"):
        mapping = "flow"
    keys: tuple[str, ...] = ()
    key_quotes: dict[str, str] = {}
    padded = False
    if isinstance(template, yaml.MappingNode):
        keys = tuple(str(k.value) for k, _ in template.value if isinstance(k, yaml.ScalarNode))
        key_quotes = {
            str(k.value): str(v.style)
            for k, v in template.value
            if isinstance(k, yaml.ScalarNode)
            and isinstance(v, yaml.ScalarNode)
            and v.style in ("'", '"')
        }
        padded = bool(template.flow_style) and text[template.start_mark.index + 1] in " \t"
    string_quote, string_direction = '"', False
    if strings:
        last = strings[-1]
        if isinstance(last, yaml.ScalarNode):
            string_quote = last.style if last.style in ("'", '"') else ""
            written = str(last.value)
        else:
            string_quote = ""
            written = str(last.value[0][0].value)
        string_direction = bool(_ONE_LINE_DIRECTION.match(written))
    quotes = [node.style for node in _scalars(items) if node.style in ("'", '"')]
    return _Style(
        form="string" if form == "string" else ("flow" if form == "flow" else "block"),
        mapping=mapping,
        keys=keys,
        key_quotes=key_quotes,
        quote=str(quotes[-1]) if quotes else '"',
        string_quote=string_quote,
        string_direction=string_direction,
        mapping_direction="direction" in keys,
        padded=padded,
    )


def _scalars(nodes: list[yaml.Node]) -> Iterator[yaml.ScalarNode]:
    """Every scalar value (not key) under `nodes`, in order."""
    for node in nodes:
        if isinstance(node, yaml.ScalarNode):
            yield node
        elif isinstance(node, yaml.SequenceNode):
            yield from _scalars(list(node.value))
        elif isinstance(node, yaml.MappingNode):
            yield from _scalars([value for _, value in node.value])


def _ordered(fields: dict[str, str], style: _Style) -> list[tuple[str, str]]:
    """The fields in the list's key order; `direction: out` only where the list writes it."""
    present = dict(fields)
    if present.get("direction") == "out" and not style.mapping_direction:
        del present["direction"]
    order = [k for k in style.keys if k in present]
    order += [k for k in _KEY_ORDER if k in present and k not in order]
    return [(k, present[k]) for k in order]


def _value(key: str, text: str, style: _Style, *, flow: bool) -> str:
    typed = _ISO_DATE if key == "date" else _DATE_OR_COUNT if key == "follow_up" else None
    return _scalar(
        text, flow=flow, quote=style.key_quotes.get(key), prefer=style.quote, typed=typed
    )


def _block_item(fields: dict[str, str], style: _Style, dash: int, spaces: int) -> list[str]:
    pairs = [f"{k}: {_value(k, v, style, flow=False)}" for k, v in _ordered(fields, style)]
    first = " " * dash + "-" + " " * spaces + pairs[0]
    return [first] + [" " * (dash + 1 + spaces) + pair for pair in pairs[1:]]


def _flow_mapping(fields: dict[str, str], style: _Style) -> str:
    pad = " " if style.padded else ""
    pairs = ", ".join(f"{k}: {_value(k, v, style, flow=True)}" for k, v in _ordered(fields, style))
    return "{" + pad + pairs + pad + "}"


def _one_line(fields: dict[str, str], style: _Style, *, flow: bool) -> str | None:
    """`2026-11-21 email out: Sent`, quoted as the list does; None if it cannot hold `fields`."""
    if set(fields) - {"date", "type", "direction", "summary"}:
        return None
    if not _TYPE_WORD.fullmatch(fields["type"]):
        return None
    head = f"{fields['date']} {fields['type']}"
    if fields["direction"] == "in" or style.string_direction:
        head += " " + fields["direction"]
    summary = fields.get("summary")
    whole = f"{head}: {summary}" if summary is not None else head
    if style.string_quote == "'" and _single_ok(whole):
        return _single(whole)
    if style.string_quote:
        return _double(whole)
    if summary is None:
        return whole if _plain_ok(whole, flow=flow) else _double(whole)
    if len(head) < 200 and _plain_ok(head, flow=flow) and _plain_ok(summary, flow=flow):
        return whole  # YAML reads `head: summary` as a one-key mapping; the reader knows
    return _double(whole)


# ---------------------------------------------------------------------- proofs


@dataclass(frozen=True)
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
    refuse = _refuser("add the interaction")
    try:
        _check_text_facts(old, new)
    except _Refusal as exc:
        raise refuse(exc.message) from None
    before, after = _reread(old, refuse), _reread(new, refuse)
    if not _same_outside(old, before, new, after):
        raise refuse("text outside the front matter changed")
    _same_except(before.data, after.data, "interactions", refuse)
    old_items = before.data.get("interactions") or []
    new_items = after.data.get("interactions")
    if not isinstance(new_items, list) or len(new_items) != len(old_items) + 1:
        raise refuse("'interactions' did not gain exactly one item")
    if new_items[:-1] != old_items:
        raise refuse("the existing interactions changed")
    old_contact = parse_note(old.encode("utf-8"), "note.md").contact
    contact = parse_note(new.encode("utf-8"), "note.md").contact
    count = len(old_contact.interactions) if old_contact is not None else 0
    if contact is None or len(contact.interactions) != count + 1:
        raise refuse("the new interaction is not read as one")
    found = contact.interactions[-1]
    if found.line != after.loaded.item_lines["interactions"][-1]:
        raise refuse("the new interaction is not read as one")
    if dataclasses.replace(found, line=None) != expected:
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
