"""The safe typing both YAML paths share, the limits they enforce, and the general path.

`yaml_fast` builds values straight from libyaml's events; anything unusual (explicit
tags, merge keys, recursive aliases) comes here, to PyYAML's safe composer and
constructor. Before composing, one pass over the events measures the document, so an
alias bomb or a deep nesting is refused before anything is expanded or recursed into.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import field
from typing import Any

import yaml

from followup_md.core.frozen import record
from followup_md.notes.limits import (
    MAX_ALIASED_TEXT,
    MAX_ALIASED_VALUES,
    MAX_DEPTH,
    MAX_INT_DIGITS,
    MAX_QUOTED,
    cut,
)

_BaseLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
CParser: Any = getattr(yaml.cyaml, "CParser", None) if yaml.__with_libyaml__ else None
if CParser is None:  # PyYAML built without libyaml: the pure-Python parser gives the same events
    CParser = yaml.SafeLoader


class _Loader(_BaseLoader):  # type: ignore[misc]
    """Safe (C when available) loader that types only what is unambiguous.

    YAML 1.1 would turn `NO` and `yes` into booleans, `0123` into octal 83,
    `+4712345678` into a number without its plus, and `10:30` into 630. Here only
    `true`/`false`, whole numbers without a plus or leading zero, null and ISO dates
    are typed; everything else, fractions included (`3.10` stays `3.10`: nothing
    in a contact is a fraction), stays the text that was written. A whole number of
    more than MAX_INT_DIGITS digits stays text too.
    """


BOOL, INT = "tag:yaml.org,2002:bool", "tag:yaml.org,2002:int"
NULL, TIMESTAMP = "tag:yaml.org,2002:null", "tag:yaml.org,2002:timestamp"
"""The tags as the resolvers hold them: the fast path compares them by identity first."""

_Loader.yaml_implicit_resolvers = {}
_Loader.add_implicit_resolver(
    BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_Loader.add_implicit_resolver(
    INT,
    re.compile(rf"^-?(?:0|[1-9][0-9]{{0,{MAX_INT_DIGITS - 1}}})$"),
    list("-0123456789"),
)
_Loader.add_implicit_resolver(NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_Loader.add_implicit_resolver(
    TIMESTAMP,
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
    except (ValueError, AttributeError):  # AttributeError: `!!timestamp` on text that is none
        return loader.construct_scalar(node)


_NOT_DIGITS = re.compile(r"[^0-9a-fA-F]")


def _construct_int(loader: Any, node: yaml.ScalarNode) -> object:
    """`!!int` on a long number keeps the text, as the resolver does for an untagged one."""
    text = loader.construct_scalar(node)
    if len(_NOT_DIGITS.sub("", text)) > MAX_INT_DIGITS:
        return text
    return yaml.SafeLoader.construct_yaml_int(loader, node)


_Loader.add_constructor(TIMESTAMP, _construct_timestamp)
_Loader.add_constructor(INT, _construct_int)

STR, SEQ, MAP = (
    yaml.resolver.BaseResolver.DEFAULT_SCALAR_TAG,
    "tag:yaml.org,2002:seq",
    ("tag:yaml.org,2002:map"),
)
RESOLVERS: dict[str, list[tuple[str, re.Pattern[str]]]] = _Loader.yaml_implicit_resolvers


class Unusual(Exception):
    """A document the fast paths leave to PyYAML's composer and SafeConstructor."""


_TIMESTAMP_HELPER: Any = yaml.SafeLoader("")
_TRUE = frozenset({"true", "True", "TRUE"})
TYPED: dict[str, Any] = {}
"""Short plain scalars already typed (keys, dates, words): they repeat in every note. The
fast paths look here first and call plain_value only on a miss."""
_LONGEST_TYPED = 20


def plain_value(value: str) -> Any:
    """An untagged plain scalar typed as the resolvers say (Unusual for a merge key)."""
    typed: Any = value
    candidates = RESOLVERS.get(value[:1])
    if candidates is not None:
        for tag, pattern in candidates:
            if pattern.match(value):
                if tag == NULL:
                    typed = None
                elif tag == INT:
                    typed = int(value)
                elif tag == BOOL:
                    typed = value in _TRUE
                elif tag == TIMESTAMP:
                    typed = _timestamp(value)
                else:
                    raise Unusual  # merge keys
                break
    if len(value) <= _LONGEST_TYPED:
        if len(TYPED) >= 4096:
            TYPED.clear()
        TYPED[value] = typed
    return typed


def _timestamp(value: str) -> Any:
    """A date or datetime; an impossible one (`2026-02-30`) stays text for validation to name."""
    try:
        if len(value) == 10:
            return dt.date(int(value[:4]), int(value[5:7]), int(value[8:]))
        node = yaml.ScalarNode(TIMESTAMP, value)
        return yaml.SafeLoader.construct_yaml_timestamp(_TIMESTAMP_HELPER, node)
    except ValueError:
        return value


def _resolve(self: Any, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
    """The resolver's answer, without the path-resolver bookkeeping we never use.

    Called by the C parser for every node, so it is kept to a dictionary lookup
    and, for plain scalars, the few patterns for that first character.
    """
    if kind is yaml.ScalarNode:
        if implicit[0]:
            for tag, pattern in RESOLVERS.get(value[:1], []):
                if pattern.match(value):
                    return str(tag)
        return STR
    return SEQ if kind is yaml.SequenceNode else MAP


_Loader.resolve = _resolve
_Loader.descend_resolver = lambda self, parent, index: None
_Loader.ascend_resolver = lambda self: None


# ------------------------------------------------------------------------ the results


class YamlError(Exception):
    """Front matter that is not valid YAML; `line` is the file line (1-based)."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@record
class Loaded:
    """YAML data plus where each top-level key and list item starts in the file."""

    data: Any
    key_lines: dict[str, int] = field(default_factory=dict)
    item_lines: dict[str, list[int]] = field(default_factory=dict)
    duplicates: list[tuple[str, int, int]] = field(default_factory=list)


ALIASES = (
    f"{{what}} uses YAML aliases that expand to more than {MAX_ALIASED_VALUES:,} values "
    f"or {MAX_ALIASED_TEXT // 2**20} MB of text; write the values out instead of repeating "
    "them with aliases (*name)"
)
RECURSIVE = (
    "{what} uses an alias inside the value it names, which repeats without end; "
    "write the values out instead"
)
TOO_DEEP = (
    f"{{what}} is nested more than {MAX_DEPTH} levels deep; write it as plain keys, "
    "lists and values"
)


class LimitExceeded(Exception):
    """A document past a limit: `template` names it with `{what}`, at file `line`."""

    def __init__(self, template: str, line: int | None) -> None:
        super().__init__(template)
        self.template = template
        self.line = line

    def error(self, what: str) -> YamlError:
        return YamlError(self.template.format(what=what), self.line)


# ------------------------------------------------------------------- the general path


def compose_and_construct(text: str, first_line: int, what: str = "the front matter") -> Loaded:
    """The general path: the limits, then PyYAML's composer and safe constructor."""
    try:
        _measure(text, first_line)
    except LimitExceeded as exc:
        raise exc.error(what) from None
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Loaded(None)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        raise yaml_error(exc, text, first_line) from None
    except yaml.YAMLError as exc:
        raise reader_error(exc, text, first_line, what) from None
    except RecursionError:
        raise LimitExceeded(TOO_DEEP, None).error(what) from None
    except (ValueError, TypeError, ArithmeticError, LookupError) as exc:  # a tag on bad text
        raise YamlError(
            f"{what} has a value its tag cannot hold ({cut(str(exc))}); remove the tag "
            "(such as !!int) so it can be read",
            None,
        ) from None
    finally:
        loader.dispose()
    return _with_lines(Loaded(data), node, first_line)


def _with_lines(loaded: Loaded, node: Any, first_line: int) -> Loaded:
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


def _measure(text: str, first_line: int) -> None:
    """Walk the events once, without recursion; raise LimitExceeded past a limit.

    An alias counts as everything its anchor holds, so the count is what a walk of
    the constructed value (validation, a message, the cache) would meet. A syntax
    error is left for the composer to report.
    """
    parser = CParser(text)
    try:
        _measure_events(parser.get_event, first_line)
    except yaml.YAMLError:
        pass
    finally:
        parser.dispose()


def _measure_events(get: Any, first_line: int) -> None:
    sizes: dict[str, tuple[int, int, int]] = {}  # anchor: values, characters, depth
    open_: list[list[Any]] = []  # per open collection: anchor, values, characters, level, deepest
    values = characters = aliased_values = aliased_characters = 0
    event = get()
    while not isinstance(event, yaml.StreamEndEvent):
        if isinstance(event, yaml.ScalarEvent):
            values, characters = values + 1, characters + len(event.value)
            if event.anchor is not None:
                sizes[event.anchor] = (1, len(event.value), 0)
        elif isinstance(event, yaml.AliasEvent):
            line = _line(event, first_line)
            size = sizes.get(event.anchor or "")
            if size is None:
                if any(entry[0] == event.anchor for entry in open_):
                    raise LimitExceeded(RECURSIVE, line)
                return  # an unknown alias: the composer says so
            values, characters = values + size[0], characters + size[1]
            aliased_values, aliased_characters = (
                aliased_values + size[0],
                aliased_characters + size[1],
            )
            if aliased_values > MAX_ALIASED_VALUES or aliased_characters > MAX_ALIASED_TEXT:
                raise LimitExceeded(ALIASES, line)
            if len(open_) + size[2] > MAX_DEPTH:
                raise LimitExceeded(TOO_DEEP, line)
            if open_:
                open_[-1][4] = max(open_[-1][4], len(open_) + size[2])
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(open_) >= MAX_DEPTH:
                raise LimitExceeded(TOO_DEEP, _line(event, first_line))
            open_.append([event.anchor, values, characters, len(open_) + 1, len(open_) + 1])
            values += 1
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            anchor, values_before, characters_before, level, deepest = open_.pop()
            if anchor is not None:
                sizes[anchor] = (values - values_before, characters - characters_before,
                                 deepest - level + 1)  # fmt: skip
            if open_:
                open_[-1][4] = max(open_[-1][4], deepest)
        event = get()


def _line(event: Any, first_line: int) -> int | None:
    mark = event.start_mark
    return None if mark is None else int(mark.line) + first_line


# ------------------------------------------------------------------------- the errors


def yaml_error(exc: yaml.MarkedYAMLError, text: str, first_line: int) -> YamlError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + first_line if mark is not None else None
    return YamlError(_describe_yaml_error(exc, text, mark), line)


def reader_error(exc: yaml.YAMLError, text: str, first_line: int, what: str) -> YamlError:
    """A character YAML refuses (a control character, say): name it and its line."""
    if isinstance(exc, yaml.reader.ReaderError):
        line = text[: exc.position].count("\n") + first_line
        character = exc.character if isinstance(exc.character, str) else chr(exc.character)
        return YamlError(
            f"{what} contains the character U+{ord(character):04X}, which YAML does "
            "not allow; remove it so this note can be read",
            line,
        )
    return YamlError(
        f"invalid YAML: {cut(str(exc), MAX_QUOTED * 2)}; fix it so this note can be read", None
    )


def _describe_yaml_error(exc: yaml.MarkedYAMLError, text: str, mark: Any) -> str:
    problem = cut(exc.problem or "invalid YAML", MAX_QUOTED * 2)
    message = f"invalid YAML: {problem}"
    lines = text.splitlines()
    if mark is not None and mark.line < len(lines) and "\t" in lines[mark.line]:
        message += " (YAML does not allow tabs for indentation: use spaces)"
    elif "mapping values are not allowed" in problem:
        message += " (a value containing ': ' must be quoted)"
    return message + "; fix it so this note can be read"
