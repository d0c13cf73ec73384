"""The wikilinks of a note's body, as Obsidian reads them: none in code or comments.

Obsidian makes no link of `[[…]]` inside fenced code (```` ``` ```` or `~~~`, also
indented, in a list item or a quote), inline code (a run of backticks closed by a run
of the same length in the same paragraph), `%% … %%` comments or `<!-- … -->` HTML
comments; a fence or a comment never closed runs to the end. Inside a table a link's
pipe is escaped (`[[Alice Chen\\|Alice]]`): `\\|` is read as `|`. Every step is linear
in the body's length (a hostile body costs no more than a long one).
"""

from __future__ import annotations

import re
from bisect import bisect_left

_WIKILINK = re.compile(r"!?\[\[([^\[\]\n]*)\]\]")
_FENCE = re.compile(r"[ \t>]*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?(`{3,}|~{3,})([^\n]*)")
_OPENER = re.compile(r"`+|%%|<!--")
_TICKS = re.compile(r"`+")
_BLANK_LINE = re.compile(r"\n[ \t>]*\n")


def link_targets(body: str) -> tuple[str, ...]:
    """The notes the body's wikilinks and embeds point to, as `key()` spells names,
    each once, in order: `[[People/Alice Chen.md#Work|Alice]]` gives `people/alice chen`."""
    found: dict[str, None] = {}
    for match in _WIKILINK.finditer(visible(body)):
        target = re.split(r"[|#^]", match[1].replace("\\|", "|"), maxsplit=1)[0]
        name = key(target)
        if name:
            found[name] = None
    return tuple(found)


def key(name: str) -> str:
    """A name as links are matched: trimmed, any case, without `.md`, with `/`."""
    text = name.strip().replace("\\", "/").casefold()
    return text[:-3].rstrip() if text.endswith(".md") else text


def visible(body: str) -> str:
    """The body without its code and comments (each left as a space or empty lines)."""
    return _without_spans(_without_fences(body))


def _without_fences(text: str) -> str:
    """The text with its fenced code blocks' lines (fences included) left empty."""
    if "```" not in text and "~~~" not in text:
        return text
    lines = text.split("\n")
    fence = ""
    for number, line in enumerate(lines):
        match = _FENCE.match(line) if "``" in line or "~~" in line else None
        if not fence:
            if match is None or (match[1][0] == "`" and "`" in match[2]):
                continue  # no fence: a backtick fence's info string holds no backtick
            fence = match[1]
        elif (
            match is not None
            and match[1][0] == fence[0]
            and len(match[1]) >= len(fence)
            and not match[2].strip()
        ):
            fence = ""
        lines[number] = ""
    return "\n".join(lines)


def _without_spans(text: str) -> str:
    """The text with inline code and comments cut out, the first to open winning."""
    if "`" not in text and "%%" not in text and "<!--" not in text:
        return text
    closer = _Closer(text)
    kept: list[str] = []
    start = at = 0
    while (match := _OPENER.search(text, at)) is not None:
        mark = match[0]
        if mark[0] == "`":
            end = closer.closing(match.start(), match.end())
            if end is None:
                at = match.end()  # a run of backticks never closed is text
                continue
        else:
            close = "%%" if mark == "%%" else "-->"
            found = text.find(close, match.end())
            end = len(text) if found == -1 else found + len(close)
        kept += (text[start : match.start()], " ")
        start = at = end
    kept.append(text[start:])
    return "".join(kept)


class _Closer:
    """Where a run of backticks is closed: by the next run of the same length in the
    same paragraph. Each length's runs are walked once, in order (linear in all)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.runs: dict[int, list[int]] = {}
        """length -> where each run of that many backticks starts, in order."""
        for match in _TICKS.finditer(text):
            self.runs.setdefault(match.end() - match.start(), []).append(match.start())
        self.next: dict[int, int] = {}
        self.breaks = [match.start() for match in _BLANK_LINE.finditer(text)]

    def closing(self, start: int, end: int) -> int | None:
        """The end of the code span the run at `start`..`end` opens, or None when it
        opens none (never closed, or its first backtick escaped by a backslash)."""
        before = start
        while before and self.text[before - 1] == "\\":  # each backslash is seen once
            before -= 1
        if (start - before) % 2:
            start += 1  # `\`` is a backtick, the rest of the run may still open a span
        length = end - start
        starts = self.runs.get(length)
        if not length or starts is None:
            return None
        index = self.next.get(length, 0)
        while index < len(starts) and starts[index] <= start:
            index += 1
        self.next[length] = index
        if index == len(starts):
            return None
        paragraph = bisect_left(self.breaks, start)
        if paragraph < len(self.breaks) and self.breaks[paragraph] < starts[index]:
            return None  # the next such run is in another paragraph
        return starts[index] + length
