"""Loading front-matter YAML safely and fast, with the file line of every key and list item.

Values are built straight from libyaml's events (PyYAML's composer and generic
constructor were most of a note's parse time); anything unusual (explicit tags, merge
keys, recursive aliases) falls back to PyYAML's safe composer, and a property test pins
the two paths to the same result. Nothing here can construct an arbitrary object.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

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
