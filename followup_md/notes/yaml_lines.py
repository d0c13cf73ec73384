"""The fast path for the front matter people write: common shapes read line by line.

Contact notes hold top-level `key: value` lines, one-line flow lists and maps, and lists
of one-line items or of `- key: value` blocks. Reading those with a few string
operations per line costs a third of iterating libyaml's events, so `yaml_fast` tries
this first. Anything outside these shapes (tabs, CR, anchors, tags, block scalars,
multi-line or escaped values, nesting, odd indentation, anything invalid) gives None and
is read the general way; a property test pins both paths to the same Loaded.
"""

from __future__ import annotations

import re
from typing import Any

from followup_md.core.model import assembled
from followup_md.notes.yaml_loader import TYPED, Loaded, Unusual, plain_value

__all__ = ["load_lines"]


class _Fallback(Exception):
    """Outside the shapes read here: libyaml's events decide."""


_PRINTABLE_ASCII = b"\n" + bytes(range(0x20, 0x7F))
_OUTSIDE = re.compile(
    rb"[\x00-\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\xa8\xa9]|\xef\xbb\xbf|\xef\xbf[\xbe\xbf]"
)
"""Once printable ASCII is taken out, what is left to libyaml: tabs, CR, controls, other
line breaks (NEL, U+2028, U+2029), a byte-order mark, non-characters. UTF-8 is
self-synchronising, so a multi-byte match is always the character itself."""

_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
"""First characters that make a value something other than plain text."""

_LONGEST_KEY = 1000
"""libyaml wants a key's ':' within 1024 characters of its start; longer ones go there."""

_END = r"(?: +#.*| *)$"
_QUOTED = r"\"[^\"\\]*\"|'(?:[^']|'')*'"
_FLOW_PLAIN = r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^,\[\]{}#:'\"]*+(?<! )"
_TOKEN = rf"(?:{_QUOTED}|{_FLOW_PLAIN})"
_PAIR = rf"{_TOKEN} *: +{_TOKEN}"
_DOUBLE = re.compile(rf"\"([^\"\\]*)\"{_END}")
_SINGLE = re.compile(rf"'((?:[^']|'')*)'{_END}")
_FLOW_LIST = re.compile(rf"\[ *((?:{_TOKEN} *(?:, *{_TOKEN} *)*)?)\]{_END}")
_FLOW_MAP = re.compile(rf"\{{ *((?:{_PAIR} *(?:, *{_PAIR} *)*)?)\}}{_END}")
_GROUPED_PAIR = rf"({_TOKEN}) *: +({_TOKEN})"
_FLOW_MAP_8 = re.compile(
    rf"\{{ *{_GROUPED_PAIR}" + rf"(?: *, *{_GROUPED_PAIR}" * 7 + r")?" * 7 + rf" *\}}{_END}"
)
"""A flow map of up to eight pairs (an interaction's fields) in one match."""
_PLAIN_KEY = r"[^\s\-?:,\[\]{}#&*!|>'\"%@`.](?:[^:#]{0,998}[^\s:#])?"
_SIMPLE = re.compile(
    rf"({_PLAIN_KEY}) {{0,16}}:(?: +(?:([^\s\-?:,\[\]{{}}#&*!|>'\"%@`](?:[^:#]*[^\s:#])?)"
    rf"|\"([^\"\\]*)\"|'((?:[^']|'')*)'))?{_END}"
)
"""The most common line: `key: value`, the key plain (short enough for libyaml), the value
plain or quoted on one line or none; no ':' or '#' in plain text, perhaps a comment."""
_TOKENS = re.compile(_TOKEN)
_PAIRS = re.compile(rf"({_TOKEN}) *: +({_TOKEN})")
_EMPTY = object()
_MISS = object()


def load_lines(text: str, first_line: int) -> Loaded | None:
    """The document when it has only the common shapes, else None (read it the general way)."""
    try:
        rest = text.encode("utf-8").translate(None, _PRINTABLE_ASCII)
    except UnicodeEncodeError:
        return None  # a lone surrogate
    if rest and _OUTSIDE.search(rest) is not None:
        return None
    rows = [
        (number, len(line) - len(content), content)
        for number, line in enumerate(text.split("\n"), first_line)
        if (content := line.lstrip(" ")) and content[0] != "#"
    ]
    if not rows:
        return Loaded(None)
    try:
        return _Lines(rows).document()
    except (_Fallback, Unusual):
        return None


def _typed(text: str) -> Any:
    typed = TYPED.get(text, _MISS)
    return plain_value(text) if typed is _MISS else typed


def _token(token: str) -> Any:
    """A flow list or map's item: quoted text as written, plain text typed."""
    first = token[0]
    if first == '"':
        return token[1:-1]
    if first == "'":
        return token[1:-1].replace("''", "'")
    typed = TYPED.get(token, _MISS)
    return plain_value(token) if typed is _MISS else typed


def _inline(text: str) -> Any:
    """A value written on its line (after `key: ` or `- `); _EMPTY when there is none."""
    text = text.lstrip(" ")
    first = text[:1]
    if not first or first == "#":
        return _EMPTY
    if first not in _INDICATORS:
        cut = text.find(" #")
        text = (text if cut < 0 else text[:cut]).rstrip(" ")
        if ": " in text or text[-1] == ":":
            raise _Fallback  # YAML refuses a second ': ' in a plain value
        typed = TYPED.get(text, _MISS)
        return plain_value(text) if typed is _MISS else typed
    if first == "{":
        match = _FLOW_MAP_8.match(text) if len(text) <= _LONGEST_KEY else None
        if match is not None:
            typed = iter(
                [
                    known if (known := TYPED.get(token, _MISS)) is not _MISS else _token(token)
                    for token in match.groups()
                    if token is not None
                ]
            )
            return dict(zip(typed, typed, strict=True))  # the pattern matched them in pairs
        return _flow(text)
    if first == '"':
        match = _DOUBLE.match(text)
        if match is not None:
            return match.group(1)
    elif first == "'":
        match = _SINGLE.match(text)
        if match is not None:
            return match.group(1).replace("''", "'")
    elif first == "[":
        match = _FLOW_LIST.match(text)
        if match is not None:
            return [_token(token) for token in _TOKENS.findall(match.group(1))]
    raise _Fallback


def _flow(text: str) -> dict[Any, Any]:
    """A one-line flow map of any size."""
    match = _FLOW_MAP.match(text) if len(text) <= _LONGEST_KEY else None
    if match is None:
        raise _Fallback
    return {_token(key): _token(value) for key, value in _PAIRS.findall(match.group(1))}


def _split(text: str) -> tuple[str, str] | None:
    """`key: rest` as (the key as written, rest); None when `text` holds no plain key."""
    if text[0] in _INDICATORS:
        return None
    cut = text.find(" #")
    body = text if cut < 0 else text[:cut]
    colon = body.find(": ")
    if colon < 0:
        body = body.rstrip(" ")
        if body[-1:] != ":":
            return None
        key, rest = body[:-1], ""
    else:
        key, rest = body[:colon], text[colon + 2 :]
    if len(key) > _LONGEST_KEY:
        raise _Fallback
    return key.rstrip(" "), rest


class _Lines:
    """One pass over the lines with content: (file line, indent, text from the indent)."""

    def __init__(self, rows: list[tuple[int, int, str]]) -> None:
        self.rows = rows
        self.end = len(rows)

    def document(self) -> Loaded:
        data: dict[Any, Any] = {}
        loaded: Loaded = assembled(Loaded, data=data, key_lines={}, item_lines={}, duplicates=[])
        seen, rows, end = loaded.key_lines, self.rows, self.end
        r = 0
        while r < end:
            number, indent, line = rows[r]
            if indent or line.startswith("..."):
                raise _Fallback  # not a top-level key
            entry = _entry(line)
            if entry is None:
                raise _Fallback  # a list, a scalar, a complex key...
            written, value = entry
            if written in seen:
                loaded.duplicates.append((written, seen[written], number))
            seen[written] = number
            r += 1
            if value is _EMPTY:
                value = None
                if r < end and rows[r][2][0] == "-":
                    value, loaded.item_lines[written], r = self.sequence(r, rows[r][1])
                elif r < end and rows[r][1]:
                    raise _Fallback  # a nested mapping or a value on the next line
            elif value.__class__ is list:
                loaded.item_lines[written] = [number] * len(value)
            key = TYPED.get(written, _MISS)
            data[plain_value(written) if key is _MISS else key] = value
        return loaded

    def sequence(self, r: int, indent: int) -> tuple[list[Any], list[int], int]:
        """The `- ` items at `indent`: one-line values, or `- key: value` blocks."""
        items: list[Any] = []
        numbers: list[int] = []
        rows, end = self.rows, self.end
        while r < end:
            number, at, text = rows[r]
            if at != indent or text[:2] != "- ":
                if at < indent or (at == 0 and text[0] != "-"):
                    break  # the list is over: the next top-level key decides
                raise _Fallback
            content = text[2:].lstrip(" ")
            numbers.append(number)
            entry = _entry(content) if content and content[0] not in _INDICATORS else None
            if entry is None:
                value = _inline(content)
                if value is _EMPTY:
                    raise _Fallback  # `-` alone: its value is on the next lines
                items.append(value)
                r += 1
                if r < end and rows[r][1] > indent:
                    raise _Fallback  # a value continued on the next line
            else:
                inner = at + len(text) - len(content)  # where the item's keys begin
                after = r + 1
                if entry[1] is not _EMPTY and (after == end or rows[after][1] < inner):
                    written, value = entry  # one key (an unquoted one-line interaction)
                    key = TYPED.get(written, _MISS)
                    items.append({plain_value(written) if key is _MISS else key: value})
                    r = after
                    continue
                item, r = self.mapping(r, inner, entry)
                items.append(item)
        return items, numbers, r

    def mapping(self, r: int, indent: int, entry: tuple[str, Any]) -> tuple[dict[Any, Any], int]:
        """A list item's `key: value` lines, all at `indent` (the first after its `- `)."""
        result: dict[Any, Any] = {}
        rows, end = self.rows, self.end
        written, value = entry
        while True:
            r += 1
            if value is _EMPTY:
                value = None
                if r < end and (
                    rows[r][1] > indent or (rows[r][1] == indent and rows[r][2][0] == "-")
                ):
                    raise _Fallback  # a nested value
            key = TYPED.get(written, _MISS)
            result[plain_value(written) if key is _MISS else key] = value
            if r == end:
                return result, r
            _, at, text = rows[r]
            if at != indent:
                if at > indent:
                    raise _Fallback  # a value continued or nested
                return result, r
            simple = _SIMPLE.match(text)
            if simple is not None:
                written, plain, double, single = simple.groups()
                if plain is not None:
                    value = TYPED.get(plain, _MISS)
                    if value is _MISS:
                        value = plain_value(plain)
                elif double is not None:  # `_quoted`, written out: most summaries are quoted
                    value = double
                else:
                    value = _quoted(None, single)
                continue
            split = _split(text)
            if split is None:
                raise _Fallback
            written, value = split[0], _inline(split[1])


def _entry(text: str) -> tuple[str, Any] | None:
    """A `key: value` line's key as written and value (_EMPTY when on the next lines)."""
    simple = _SIMPLE.match(text)
    if simple is not None:
        written, plain, double, single = simple.groups()
        if plain is None:
            return written, _quoted(double, single)
        typed = TYPED.get(plain, _MISS)
        return written, plain_value(plain) if typed is _MISS else typed
    split = _split(text)
    return None if split is None else (split[0], _inline(split[1]))


def _quoted(double: str | None, single: str | None) -> Any:
    """The value of a quoted scalar as _SIMPLE found it; _EMPTY when the line has none."""
    if double is not None:
        return double
    return _EMPTY if single is None else single.replace("''", "'")
