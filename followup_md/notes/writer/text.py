"""The text level of an edit: where the front matter's YAML sits, its node tree, line
helpers, splices, and the refusal every edit raises.
"""

from __future__ import annotations

import yaml

from followup_md.core.frozen import record
from followup_md.errors import EditRefused
from followup_md.notes.frontmatter import FrontMatter, UnclosedFrontMatter, split_front_matter
from followup_md.notes.writer.emit import BOM, _YamlLoader
from followup_md.notes.yaml_fast import Loaded, YamlError, load_yaml


class _Refusal(EditRefused):
    """A refusal from the text level: the problem and, when known, the file line."""

    def __init__(self, problem: str, line: int | None = None) -> None:
        super().__init__(f"line {line}: {problem}" if line else problem)
        self.problem = problem
        self.line = line


# ------------------------------------------------------------------ text level


@record
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
