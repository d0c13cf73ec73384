"""Adding an interaction to a note's list in the list's own style.

A new interaction copies the style most of the list's items use (ties go to the last
item): block mappings, flow mappings (`- {date: ..., type: ...}`) or the one-line form
(`- "2026-11-21 email out: Sent"`, quoted as the last one-line item is). The one-line
form cannot hold a channel, follow_up or outcome; such an interaction is written as a
mapping in the style of the list's mapping items, or as a flow mapping when it has none.
Key order, quoting, indentation and the spaces after `-` follow the last mapping item.
Flow lists get the new item inside the brackets; empty lists become a block list.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import field
from typing import Literal

import yaml

from followup_md.core.frozen import record
from followup_md.notes.reader import STARTS_WITH_DATE
from followup_md.notes.writer.emit import (
    _DATE_OR_COUNT,
    _ISO_DATE,
    _KEY_ORDER,
    _ONE_LINE_DIRECTION,
    _TYPE_WORD,
    _double,
    _plain_ok,
    _scalar,
    _single,
    _single_ok,
)
from followup_md.notes.writer.text import (
    _Front,
    _last_char,
    _line,
    _line_end,
    _line_start,
    _newline_near,
    _pairs,
    _Refusal,
    _root,
    _skip_comments,
)

# -------------------------------------------------------------- interactions


@record
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
        after = _line_end(text, end - 1)
        if value.start_mark.line > key.end_mark.line and not text[end:after].strip():
            cut, end = _line_start(text, start), after  # `~` alone on its line: the line goes
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
