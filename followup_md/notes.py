"""Reading notes: split the front matter, load it safely, validate it into a Contact.

This is the only module that imports yaml. It knows files and YAML and nothing of
schedules. A note yields a `ParsedNote`: a Contact (or None for a note that is
not a contact) plus the problems found, each with the file line where it is known.
A bad value costs only itself: it is reported and left out, and the rest of the
note is still read.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from followup_md.durations import Duration, parse_duration, to_date
from followup_md.model import (
    NO_FOLLOW_UP,
    Contact,
    Direction,
    FollowUp,
    Interaction,
    ParsedNote,
    Problem,
    Status,
)

CONTACT_KEYS = ("interactions", "cadence", "next")
"""A note is a contact when its front matter has at least one of these keys."""

# --------------------------------------------------------------------------- YAML

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CParser: Any = getattr(yaml.cyaml, "CParser", None) if yaml.__with_libyaml__ else None
if _CParser is None:  # PyYAML built without libyaml: the pure-Python parser gives the same events
    _CParser = yaml.SafeLoader


class _Loader(_BaseLoader):  # type: ignore[misc]
    """Safe (C when available) loader that types only what is unambiguous.

    YAML 1.1 would turn `NO` and `yes` into booleans, `0123` into octal 83,
    `+4712345678` into a number without its plus, and `10:30` into 630. Here only
    `true`/`false`, whole numbers without a plus or leading zero, null and ISO dates
    are typed; everything else, fractions included (`3.10` stays `3.10`: nothing
    in a contact is a fraction), stays the text that was written.
    """


_Loader.yaml_implicit_resolvers = {}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^-?(?:0|[1-9][0-9]*)$"), list("-0123456789")
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:timestamp",
    re.compile(
        r"""^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}
        |[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?
         (?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$""",
        re.X,
    ),
    list("0123456789"),
)
_Loader.add_implicit_resolver("tag:yaml.org,2002:merge", re.compile(r"^(?:<<)$"), ["<"])


def _construct_timestamp(loader: Any, node: yaml.ScalarNode) -> object:
    """An impossible date (`2026-02-30`) stays text, so validation can name it."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)

_STR, _SEQ, _MAP = (
    yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG,
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
)
_BOOL, _INT = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int"
_NULL, _TIMESTAMP = "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp"
_RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]] = _Loader.yaml_implicit_resolvers


def _resolve(self: Any, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
    """The resolver's answer, without the path-resolver bookkeeping we never use.

    Called by the C parser for every node, so it is kept to a dictionary lookup
    and, for plain scalars, the few patterns for that first character.
    """
    if kind is yaml.ScalarNode:
        if implicit[0]:
            for tag, pattern in _RESOLVERS.get(value[:1], []):
                if pattern.match(value):
                    return str(tag)
        return _STR
    return _SEQ if kind is yaml.SequenceNode else _MAP


_Loader.resolve = _resolve
_Loader.descend_resolver = lambda self, parent, index: None
_Loader.ascend_resolver = lambda self: None


class _Unusual(Exception):
    """A document the event builder leaves to PyYAML's composer and SafeConstructor."""


_ScalarEvent, _AliasEvent = yaml.ScalarEvent, yaml.AliasEvent
_MappingStart, _SequenceStart = yaml.MappingStartEvent, yaml.SequenceStartEvent
_MappingEnd, _SequenceEnd = yaml.MappingEndEvent, yaml.SequenceEndEvent
_IN_PROGRESS = object()
_TIMESTAMP_HELPER: Any = yaml.SafeLoader("")
_TRUE = frozenset({"true", "True", "TRUE"})


def _scalar(event: Any) -> Any:
    tag = event.tag
    if tag is not None and tag != "!":
        raise _Unusual  # an explicit tag: the safe constructor decides (and refuses python/*)
    value = event.value
    if not event.implicit[0]:
        return value  # quoted, literal or folded: always text
    candidates = _RESOLVERS.get(value[:1])
    if candidates is None:
        return value  # most text: no resolver starts with its first character
    for tag, pattern in candidates:  # noqa: B007 (the matching tag is used below)
        if pattern.match(value):
            break
    else:
        return value
    if tag == _NULL:
        return None
    if tag == _INT:
        return int(value)
    if tag == _BOOL:
        return value in _TRUE
    if tag == _TIMESTAMP:
        if len(value) == 10:
            try:
                return dt.date(int(value[:4]), int(value[5:7]), int(value[8:]))
            except ValueError:
                return value  # an impossible date stays text, so validation can name it
        try:
            node = yaml.ScalarNode(tag, value)
            return yaml.SafeLoader.construct_yaml_timestamp(_TIMESTAMP_HELPER, node)
        except ValueError:
            return value  # an impossible date stays text, so validation can name it
    raise _Unusual  # merge keys and anything else


class _Builder:
    """Python values straight from the C parser's events, with the lines we report.

    PyYAML's composer builds a Node (and two Mark objects) per value and its
    SafeConstructor walks them generically; that is most of a note's parse time.
    Front matter is plain maps, lists and scalars, so this builds them in one
    pass. Anchors are remembered, so an alias reuses the value built once.
    """

    def __init__(self, get_event: Any) -> None:
        self.get = get_event
        self.anchors: dict[str, Any] = {}

    def value(self, event: Any) -> Any:
        kind = event.__class__
        if kind is _ScalarEvent:
            if event.anchor is None:
                return _scalar(event)
            result = _scalar(event)
        elif kind is _AliasEvent:
            result = self.anchors.get(event.anchor or "", _IN_PROGRESS)
            if result is _IN_PROGRESS:
                raise _Unusual  # unknown or recursive alias: let the composer report it
            return result
        elif kind is _MappingStart:
            if event.tag is not None and event.tag != "!":
                raise _Unusual
            result = {}
            self._anchor(event, _IN_PROGRESS)
            get, value = self.get, self.value
            item = get()
            while item.__class__ is not _MappingEnd:
                key = value(item)
                if isinstance(key, (dict, list)):
                    raise _Unusual
                result[key] = value(get())
                item = get()
        elif kind is _SequenceStart:
            if event.tag is not None and event.tag != "!":
                raise _Unusual
            result = []
            self._anchor(event, _IN_PROGRESS)
            get, value = self.get, self.value
            item = get()
            while item.__class__ is not _SequenceEnd:
                result.append(value(item))
                item = get()
        else:
            raise _Unusual
        self._anchor(event, result)
        return result

    def _anchor(self, event: Any, value: Any) -> None:
        if event.anchor is not None:
            self.anchors[event.anchor] = value

    def document(self, first_line: int) -> Loaded:
        """The single document of the stream (StreamStart already consumed)."""
        event = self.get()
        if isinstance(event, yaml.StreamEndEvent):
            return Loaded(None)
        event = self.get()  # after DocumentStart
        if not isinstance(event, _MappingStart):
            data = self.value(event)
            loaded = Loaded(data)
        else:
            loaded = self.top_mapping(event, first_line)
        self.get()  # DocumentEnd
        if not isinstance(self.get(), yaml.StreamEndEvent):
            raise _Unusual  # several documents: the composer says why that is an error
        return loaded

    def top_mapping(self, start: Any, first_line: int) -> Loaded:
        if start.tag is not None and start.tag != "!":
            raise _Unusual
        loaded = Loaded({})
        self._anchor(start, _IN_PROGRESS)
        data, seen = loaded.data, loaded.key_lines
        event = self.get()
        while not isinstance(event, _MappingEnd):
            key = self.value(event)
            if isinstance(key, (dict, list)):
                raise _Unusual
            written = event.value if isinstance(event, _ScalarEvent) else None
            if written is not None:
                line = event.start_mark.line + first_line
                if written in seen:
                    loaded.duplicates.append((written, seen[written], line))
                seen[written] = line
            event = self.get()
            if isinstance(event, _SequenceStart) and written is not None:
                if event.tag is not None and event.tag != "!":
                    raise _Unusual
                items, lines = [], []
                self._anchor(event, _IN_PROGRESS)
                item = self.get()
                while not isinstance(item, _SequenceEnd):
                    lines.append(item.start_mark.line + first_line)
                    items.append(self.value(item))
                    item = self.get()
                self._anchor(event, items)
                loaded.item_lines[written] = lines
                data[key] = items
            else:
                data[key] = self.value(event)
            event = self.get()
        self._anchor(start, data)
        return loaded


class YamlError(Exception):
    """Front matter that is not valid YAML; `line` is the file line (1-based)."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class Loaded:
    """YAML data plus where each top-level key and list item starts in the file."""

    data: Any
    key_lines: dict[str, int] = field(default_factory=dict)
    item_lines: dict[str, list[int]] = field(default_factory=dict)
    duplicates: list[tuple[str, int, int]] = field(default_factory=list)


def load_yaml(text: str, first_line: int = 1) -> Loaded:
    """Load one YAML document safely; `first_line` is the file line `text` starts on.

    Raises YamlError with the file line of the fault.
    """
    parser = _CParser(text)
    try:
        parser.get_event()  # StreamStart
        return _Builder(parser.get_event).document(first_line)
    except (_Unusual, TypeError, ValueError, RecursionError):
        pass  # something unusual: the full composer and constructor handle it below
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(exc, text, first_line) from None
    except yaml.YAMLError as exc:
        raise _reader_error(exc, text, first_line) from None
    finally:
        parser.dispose()
    return _compose_and_construct(text, first_line)


def _yaml_error(exc: yaml.MarkedYAMLError, text: str, first_line: int) -> YamlError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + first_line if mark is not None else None
    return YamlError(_describe_yaml_error(exc, text, mark), line)


def _reader_error(exc: yaml.YAMLError, text: str, first_line: int) -> YamlError:
    """A character YAML refuses (a control character, say): name it and its line."""
    if isinstance(exc, yaml.reader.ReaderError):
        line = text[: exc.position].count("\n") + first_line
        character = exc.character if isinstance(exc.character, str) else chr(exc.character)
        return YamlError(
            f"the front matter contains the character U+{ord(character):04X}, which YAML does "
            "not allow; remove it so this note can be read",
            line,
        )
    return YamlError(f"invalid YAML: {exc}; fix it so this note can be read", None)


def _compose_and_construct(text: str, first_line: int) -> Loaded:
    """The general path: PyYAML's composer and safe constructor, then the lines."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Loaded(None)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(exc, text, first_line) from None
    except yaml.YAMLError as exc:
        raise _reader_error(exc, text, first_line) from None
    finally:
        loader.dispose()
    loaded = Loaded(data)
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        lists_seen: set[int] = set()  # an alias repeats a list; its lines are the anchor's
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key, line = key_node.value, key_node.start_mark.line + first_line
            if key in seen:
                loaded.duplicates.append((key, seen[key], line))
            seen[key] = line
            loaded.key_lines[key] = line
            if isinstance(value_node, yaml.SequenceNode) and id(value_node) not in lists_seen:
                lists_seen.add(id(value_node))
                loaded.item_lines[key] = [
                    item.start_mark.line + first_line for item in value_node.value
                ]
    return loaded


def _describe_yaml_error(exc: yaml.MarkedYAMLError, text: str, mark: Any) -> str:
    problem = exc.problem or "invalid YAML"
    message = f"invalid YAML: {problem}"
    lines = text.splitlines()
    if mark is not None and mark.line < len(lines) and "\t" in lines[mark.line]:
        message += " (YAML does not allow tabs for indentation: use spaces)"
    elif "mapping values are not allowed" in problem:
        message += " (a value containing ': ' must be quoted)"
    return message + "; fix it so this note can be read"


# -------------------------------------------------------------------- front matter

_CLOSING = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.M)


@dataclass(frozen=True)
class FrontMatter:
    """The YAML text between the `---` lines, and the file line it starts on."""

    yaml: str
    first_line: int
    end: int
    """Offset in the decoded text just past the closing line."""


class UnclosedFrontMatter(Exception):
    pass


def split_front_matter(text: str) -> FrontMatter | None:
    """Find front matter at the very start of `text` (BOM already removed).

    Returns None when the note has none. Raises UnclosedFrontMatter when a
    `---` opens it and no `---` closes it.
    """
    if not text.startswith("---"):
        return None
    newline = text.find("\n")
    if newline == -1 or text[3:newline].strip():
        return None
    start = newline + 1
    closing = _CLOSING.search(text, start)
    if closing is None:
        raise UnclosedFrontMatter
    end = text.find("\n", closing.end())
    return FrontMatter(text[start : closing.start()], 2, len(text) if end == -1 else end + 1)


def decode(raw: bytes) -> str:
    """UTF-8 with or without a BOM. Raises UnicodeDecodeError."""
    return raw.decode("utf-8-sig")


# ----------------------------------------------------------------------- reading


def read_note(file: Path | str, path: str) -> ParsedNote:
    """Read and parse the note at `file`; `path` is its vault-relative name."""
    try:
        with open(file, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        return ParsedNote(None)  # vanished between listing and reading
    except OSError as exc:
        return ParsedNote(None, (Problem(path, None, f"cannot read the file: {exc.strerror}"),))
    return parse_note(raw, path)


def parse_note(raw: bytes, path: str) -> ParsedNote:
    """Parse a note's bytes. Never raises for bad content: problems are returned."""
    try:
        text = decode(raw)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return ParsedNote(
            None,
            (
                Problem(
                    path,
                    line,
                    f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x}); "
                    "save it with UTF-8 encoding",
                ),
            ),
        )
    try:
        front = split_front_matter(text)
    except UnclosedFrontMatter:
        if _mentions_contact_keys(text):
            return ParsedNote(
                None,
                (
                    Problem(
                        path,
                        1,
                        "the front matter opened by '---' on line 1 is never closed; "
                        "add a line with '---' after it",
                    ),
                ),
            )
        return ParsedNote(None)
    if front is None:
        return ParsedNote(None)
    try:
        loaded = load_yaml(front.yaml, front.first_line)
    except YamlError as exc:
        if not _mentions_contact_keys(front.yaml):
            return ParsedNote(None)  # someone else's broken front matter: not ours to judge
        return ParsedNote(None, (Problem(path, exc.line, exc.message),))
    if not isinstance(loaded.data, dict) or not any(k in loaded.data for k in CONTACT_KEYS):
        return ParsedNote(None)
    return _Validator(path, loaded).contact()


def _mentions_contact_keys(text: str) -> bool:
    return any(re.search(rf"^{key}\s*:", text, re.M) for key in CONTACT_KEYS)


# -------------------------------------------------------------------- validation

_DIRECTIONS: dict[str, Direction] = {
    "in": "in", "inbound": "in", "incoming": "in", "received": "in",
    "out": "out", "outbound": "out", "outgoing": "out", "sent": "out",
}  # fmt: skip

_STATUSES: tuple[Status, ...] = ("active", "paused", "closed")

_ONE_LINE = re.compile(
    r"^\s*(?P<date>\d{4}-\d{1,2}-\d{1,2}(?:[Tt ]\d{1,2}:\d{2}(?::\d{2})?)?)"
    r"\s+(?P<type>[^\s:]+)"
    r"(?:\s+(?P<direction>in|out))?"
    r"\s*(?::\s*(?P<summary>.*?))?\s*$",
    re.I | re.S,
)

STARTS_WITH_DATE = re.compile(r"^\s*\d{4}-\d{1,2}-\d{1,2}")
"""How a one-line interaction (and YAML's reading of it unquoted as a key) begins."""

ONE_LINE_HELP = "write it as 'YYYY-MM-DD TYPE [in|out]: summary'"


class _Validator:
    """Turns loaded front matter into a Contact, collecting problems as it goes."""

    def __init__(self, path: str, loaded: Loaded) -> None:
        self.path = path
        self.data: dict[Any, Any] = loaded.data
        self.loaded = loaded
        self.problems: list[Problem] = []

    def report(self, key: str | None, message: str, line: int | None = None) -> None:
        if line is None and key is not None:
            line = self.loaded.key_lines.get(key)
        self.problems.append(Problem(self.path, line, message))

    def contact(self) -> ParsedNote:
        for key, first, second in self.loaded.duplicates:
            self.report(
                None,
                f"'{key}' appears twice (lines {first} and {second}); YAML keeps only the "
                "second one: merge them into one",
                second,
            )
        stem = self.path.rsplit("/", 1)[-1]
        stem = stem[:-3] if stem.lower().endswith(".md") else stem
        contact = Contact(
            path=self.path,
            name=self.text("name") or stem,
            aliases=self.text_list("aliases"),
            status=self.status(),
            channel=self.text("channel"),
            objective=self.text("objective"),
            cadence=self.duration("cadence"),
            next=self.date("next"),
            snooze=self.date("snooze"),
            tags=tuple(tag.lstrip("#") for tag in self.text_list("tags")),
            email=self.text("email"),
            phone=self.text("phone"),
            company=self.text("company"),
            interactions=tuple(self.interactions()),
        )
        problems = sorted(self.problems, key=lambda p: p.line or 0)
        return ParsedNote(contact, tuple(problems))

    # -- scalar fields

    def text(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        if value.__class__ is str:
            return value.strip() or None
        if isinstance(value, (dict, list)):
            self.report(key, f"'{key}' should be a single value, not a {_kind(value)}; ignored")
            return None
        text = _scalar_text(value).strip()
        return text or None

    def text_list(self, key: str) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            return ()
        if isinstance(value, list):
            items = [_scalar_text(v).strip() for v in value if not isinstance(v, (dict, list))]
            return tuple(item for item in items if item)
        if isinstance(value, dict):
            self.report(key, f"'{key}' should be a list; ignored")
            return ()
        return tuple(part.strip() for part in _scalar_text(value).split(",") if part.strip())

    def status(self) -> Status:
        raw = self.text("status")
        if raw is None:
            return "active"
        status = raw.lower()
        for known in _STATUSES:
            if status == known:
                return known
        self.report(
            "status", f"unknown status '{raw}': use active, paused or closed; counted as active"
        )
        return "active"

    def duration(self, key: str) -> Duration | None:
        value = self.data.get(key)
        if value is None or value == "":
            return None
        try:
            return parse_duration(value)
        except ValueError as exc:
            self.report(key, f"'{key}': {exc}; no {key} is used until it is fixed")
            return None

    def date(self, key: str) -> dt.date | None:
        value = self.data.get(key)
        if value is None or value == "":
            return None
        try:
            return to_date(value)
        except ValueError as exc:
            self.report(key, f"'{key}': {exc}; it is ignored until it is fixed")
            return None

    # -- interactions

    def interactions(self) -> Iterator[Interaction]:
        value = self.data.get("interactions")
        if value is None:
            return
        if not isinstance(value, list):
            self.report(
                "interactions",
                f"'interactions' should be a list (one '- ' line per interaction), not a "
                f"{_kind(value)}; no interaction was read",
            )
            return
        lines = self.loaded.item_lines.get("interactions", [])
        for index, item in enumerate(value):
            line = lines[index] if index < len(lines) else self.loaded.key_lines.get("interactions")
            interaction = self.interaction(item, line)
            if interaction is not None:
                yield interaction

    def interaction(self, item: object, line: int | None) -> Interaction | None:
        if isinstance(item, str):
            return self.one_line(item, line)
        if isinstance(item, dict):
            if "date" not in item and len(item) == 1:
                ((key, value),) = item.items()
                if (
                    isinstance(key, str)
                    and STARTS_WITH_DATE.match(key)
                    and not isinstance(value, (dict, list))
                ):
                    # `- 2026-11-20 event: Met` unquoted: YAML reads a one-key mapping.
                    text = key if value is None else f"{key}: {_scalar_text(value)}"
                    return self.one_line(text, line)
            return self.mapping(item, line)
        self.report(
            None,
            f"interaction {_scalar_text(item)!r} has no type; {ONE_LINE_HELP}; skipped",
            line,
        )
        return None

    def one_line(self, text: str, line: int | None) -> Interaction | None:
        match = _ONE_LINE.match(text)
        if match is None:
            self.report(None, f"cannot read interaction {text!r}: {ONE_LINE_HELP}; skipped", line)
            return None
        try:
            when = to_date(match.group("date"))
        except ValueError as exc:
            self.report(None, f"interaction {text!r}: {exc}; skipped", line)
            return None
        direction = (match.group("direction") or "out").lower()
        summary = (match.group("summary") or "").strip() or None
        return Interaction(
            date=when,
            type=match.group("type").lower(),
            direction="in" if direction == "in" else "out",
            summary=summary,
            line=line,
        )

    def mapping(self, item: dict[Any, Any], line: int | None) -> Interaction | None:
        if item.get("date") is None:
            self.report(None, "interaction has no 'date'; add one (YYYY-MM-DD); skipped", line)
            return None
        try:
            when = to_date(item["date"])
        except ValueError as exc:
            self.report(None, f"interaction date: {exc}; skipped", line)
            return None
        return Interaction(
            date=when,
            type=(self.item_text(item, "type", line) or "interaction").lower(),
            direction=self.direction(item, line),
            channel=self.item_text(item, "channel", line),
            summary=self.item_text(item, "summary", line),
            follow_up=self.follow_up(item, line),
            outcome=self.item_text(item, "outcome", line),
            line=line,
        )

    def item_text(self, item: dict[Any, Any], key: str, line: int | None) -> str | None:
        value = item.get(key)
        if value is None:
            return None
        if value.__class__ is str:
            return value.strip() or None
        if isinstance(value, (dict, list)):
            self.report(None, f"interaction '{key}' should be a single value; ignored", line)
            return None
        return _scalar_text(value).strip() or None

    def direction(self, item: dict[Any, Any], line: int | None) -> Direction:
        raw = self.item_text(item, "direction", line)
        if raw is None:
            return "out"
        direction = _DIRECTIONS.get(raw.lower())
        if direction is None:
            self.report(
                None, f"interaction direction '{raw}' is not 'in' or 'out'; counted as out", line
            )
            return "out"
        return direction

    def follow_up(self, item: dict[Any, Any], line: int | None) -> FollowUp | None:
        value = item.get("follow_up")
        if value is None:
            return None
        if value is False or (isinstance(value, str) and value.strip().lower() == NO_FOLLOW_UP):
            return NO_FOLLOW_UP
        if isinstance(value, (dt.date, str)):
            try:
                return to_date(value)
            except ValueError:
                pass  # not a date: perhaps a duration
        try:
            return parse_duration(value)
        except ValueError:
            self.report(
                None,
                f"interaction follow_up {_scalar_text(value)!r} is not a duration, a date or "
                "'none'; ignored",
                line,
            )
            return None


def _scalar_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _kind(value: object) -> str:
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    return type(value).__name__
