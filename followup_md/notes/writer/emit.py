"""Writing YAML scalars that read back as exactly the text given.

A value is written plain only when it reads back as the same text both for the reader
here and for a YAML 1.1 reader (PyYAML's safe loader, which turns `yes`, `no`, `on`,
`0123` and `10:30` into other types; Obsidian and other tools may read the note too),
and is not a YAML 1.2 number. Otherwise it is quoted, with the quote character the note
already uses, or double quotes (with escapes) when single quotes cannot hold it.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import yaml

from followup_md.core.durations import DURATION_HELP, parse_duration, to_date
from followup_md.core.model import NO_FOLLOW_UP, FollowUp
from followup_md.errors import UsageError
from followup_md.notes.yaml_fast import load_yaml

BOM = "\ufeff"

_YamlLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml when available, as the reader uses: the pure-Python parser rejects some
notes libyaml reads (a tab after a value), and both give marks in characters."""

_KEY_ORDER = ("date", "type", "direction", "channel", "summary", "follow_up", "outcome", "id")
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


@functools.lru_cache(maxsize=1024)
def _plain_ok(text: str, *, flow: bool) -> bool:
    """Whether `text` can be written unquoted and read back as the same text (cached: a
    sync writes `email`, `in` and `out` thousands of times)."""
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
