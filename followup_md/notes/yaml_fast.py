"""Loading front-matter YAML safely and fast, with the file line of every key and list item.

The common shapes are read line by line (`yaml_lines`); the rest is built straight
from libyaml's events (PyYAML's composer and generic constructor were most of a note's
parse time); anything unusual (explicit tags, merge keys, recursive aliases) falls back
to PyYAML's safe composer in `yaml_loader`. Property tests pin the three paths to the
same result. Nothing here can construct an
arbitrary object, and both paths refuse the same documents past the `limits`: nesting,
what aliases expand to; whole numbers of more than 30 digits stay text.
"""

from __future__ import annotations

from typing import Any

import yaml

from followup_md.notes.limits import MAX_ALIASED_TEXT, MAX_ALIASED_VALUES, MAX_DEPTH
from followup_md.notes.yaml_lines import load_lines
from followup_md.notes.yaml_loader import (
    ALIASES,
    TOO_DEEP,
    CParser,
    LimitExceeded,
    Loaded,
    Unusual,
    YamlError,
    compose_and_construct,
    plain_value,
    reader_error,
    yaml_error,
)

__all__ = ["Loaded", "YamlError", "load_events", "load_yaml", "_compose_and_construct"]

_compose_and_construct = compose_and_construct  # the general path, by its old name for tests


_Unusual = Unusual
_ScalarEvent, _AliasEvent = yaml.ScalarEvent, yaml.AliasEvent
_MappingStart, _SequenceStart = yaml.MappingStartEvent, yaml.SequenceStartEvent
_MappingEnd, _SequenceEnd = yaml.MappingEndEvent, yaml.SequenceEndEvent
_IN_PROGRESS = object()
_MAX_DEPTH = MAX_DEPTH


def _scalar(event: Any) -> Any:
    tag = event.tag
    if tag is not None and tag != "!":
        raise _Unusual  # an explicit tag: the safe constructor decides (and refuses python/*)
    if not event.implicit[0]:
        return event.value  # quoted, literal or folded: always text
    return plain_value(event.value)


class _Builder:
    """Python values straight from the C parser's events, with the lines we report.

    PyYAML's composer builds a Node (and two Mark objects) per value and its
    SafeConstructor walks them generically; that is most of a note's parse time.
    Front matter is plain maps, lists and scalars, so this builds them in one
    pass. Anchors are remembered, so an alias reuses the value built once; but
    whatever walks the value later meets it again at each alias, so an alias is
    measured (once per anchor) against the limits, as is the nesting as it grows.
    """

    def __init__(self, get_event: Any, first_line: int) -> None:
        self.get = get_event
        self.first_line = first_line
        self.anchors: dict[str, Any] = {}
        self.depth = 0
        self.aliased: list[int] | None = None  # values and characters aliases repeated
        self.sizes: dict[int, tuple[int, int, int]] = {}  # id(collection): its measure

    def value(self, event: Any) -> Any:
        kind = event.__class__
        if kind is _ScalarEvent:
            if event.anchor is None:
                return _scalar(event)
            result = _scalar(event)
        elif kind is _AliasEvent:
            return self.alias(event)
        elif kind is _MappingStart:
            if event.tag is not None and event.tag != "!":
                raise _Unusual
            result = {}
            self._anchor(event, _IN_PROGRESS)
            depth = self.depth = self.depth + 1
            if depth > _MAX_DEPTH:
                self.too_deep(event)
            get, value = self.get, self.value
            item = get()
            while item.__class__ is not _MappingEnd:
                key = value(item)
                if isinstance(key, (dict, list)):
                    raise _Unusual
                result[key] = value(get())
                item = get()
            self.depth = depth - 1
        elif kind is _SequenceStart:
            if event.tag is not None and event.tag != "!":
                raise _Unusual
            result = []
            self._anchor(event, _IN_PROGRESS)
            depth = self.depth = self.depth + 1
            if depth > _MAX_DEPTH:
                self.too_deep(event)
            get, value = self.get, self.value
            item = get()
            while item.__class__ is not _SequenceEnd:
                result.append(value(item))
                item = get()
            self.depth = depth - 1
        else:
            raise _Unusual
        self._anchor(event, result)
        return result

    def too_deep(self, event: Any) -> None:
        """Refused past MAX_DEPTH, well before Python's own recursion limit."""
        raise LimitExceeded(TOO_DEEP, event.start_mark.line + self.first_line)

    def alias(self, event: Any) -> Any:
        """The anchored value, counted as everything it holds against the limits."""
        result = self.anchors.get(event.anchor or "", _IN_PROGRESS)
        if result is _IN_PROGRESS:
            raise _Unusual  # unknown or recursive alias: the general path reports it
        values, characters, depth = self.measure(result)
        aliased = self.aliased = self.aliased or [0, 0]
        aliased[0] += values
        aliased[1] += characters
        line = event.start_mark.line + self.first_line
        if aliased[0] > MAX_ALIASED_VALUES or aliased[1] > MAX_ALIASED_TEXT:
            raise LimitExceeded(ALIASES, line)
        if self.depth + depth > _MAX_DEPTH:
            raise LimitExceeded(TOO_DEEP, line)
        return result

    def measure(self, value: Any) -> tuple[int, int, int]:
        """Values, characters and depth of `value`, each collection measured once."""
        if value.__class__ is str:
            return 1, len(value), 0
        if not isinstance(value, (dict, list)):
            return 1, 0, 0
        known = self.sizes.get(id(value))
        if known is not None:
            return known
        values, characters, depth = 1, 0, 0
        for item in (*value.keys(), *value.values()) if isinstance(value, dict) else value:
            more = self.measure(item)
            values, characters, depth = values + more[0], characters + more[1], max(depth, more[2])
        self.sizes[id(value)] = measured = (values, characters, depth + 1)
        return measured

    def _anchor(self, event: Any, value: Any) -> None:
        if event.anchor is not None:
            self.anchors[event.anchor] = value

    def document(self) -> Loaded:
        """The single document of the stream (StreamStart already consumed)."""
        event = self.get()
        if isinstance(event, yaml.StreamEndEvent):
            return Loaded(None)
        event = self.get()  # after DocumentStart
        if not isinstance(event, _MappingStart):
            data = self.value(event)
            loaded = Loaded(data)
        else:
            loaded = self.top_mapping(event)
        self.get()  # DocumentEnd
        if not isinstance(self.get(), yaml.StreamEndEvent):
            raise _Unusual  # several documents: the composer says why that is an error
        return loaded

    def top_mapping(self, start: Any) -> Loaded:
        if start.tag is not None and start.tag != "!":
            raise _Unusual
        loaded, first_line = Loaded({}), self.first_line
        self._anchor(start, _IN_PROGRESS)
        self.depth = 1
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
                self.depth = 2
                item = self.get()
                while not isinstance(item, _SequenceEnd):
                    lines.append(item.start_mark.line + first_line)
                    items.append(self.value(item))
                    item = self.get()
                self.depth = 1
                self._anchor(event, items)
                loaded.item_lines[written] = lines
                data[key] = items
            else:
                data[key] = self.value(event)
            event = self.get()
        self._anchor(start, data)
        return loaded


def load_yaml(text: str, first_line: int = 1, what: str = "the front matter") -> Loaded:
    """Load one YAML document safely; `first_line` is the file line `text` starts on.

    Raises YamlError with the file line of the fault; `what` names the document in
    the messages of the limits.
    """
    loaded = load_lines(text, first_line)
    if loaded is not None:
        return loaded  # the common shapes, read line by line (see `yaml_lines`)
    return load_events(text, first_line, what)


def load_events(text: str, first_line: int = 1, what: str = "the front matter") -> Loaded:
    """load_yaml without the line reader: values from libyaml's events, else the composer."""
    parser = CParser(text)
    try:
        parser.get_event()  # StreamStart
        return _Builder(parser.get_event, first_line).document()
    except (_Unusual, TypeError, ValueError, RecursionError):
        pass  # something unusual: the full composer and constructor handle it below
    except LimitExceeded as exc:
        raise exc.error(what) from None
    except yaml.MarkedYAMLError as exc:
        raise yaml_error(exc, text, first_line) from None
    except yaml.YAMLError as exc:
        raise reader_error(exc, text, first_line, what) from None
    finally:
        parser.dispose()
    return compose_and_construct(text, first_line, what)
