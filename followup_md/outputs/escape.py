"""User text made safe for the medium it is shown in.

Names, summaries, channels and file names come from notes anyone may have written or
synced. On a terminal (or through a pipe into one) a control character can retitle the
window or write the clipboard (OSC 52); in the agenda note a line break in a name can
forge headings and lines, and `#`, `^`, `|`, `[` or `]` in a file name break a
wikilink. So every output passes user text through here:

- `shown()`: one line, line breaks and tabs as spaces, every other C0, DEL and C1
  control character visible as `\\xNN`, and bytes that were not UTF-8 (file names) as
  `\\xNN` too. Text that needs nothing (nearly all) costs one `isprintable()` call.
- `shown_lines()`: the same for a message of several lines (errors listing candidates).
- `inert()`: for a note Obsidian renders, comment and link syntax in user text broken.
- `note_link()`: a link to a note that Obsidian can follow, or plain text when none can.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from followup_md.core.names import has_undecodable, is_linkable

_BREAKS = re.compile(r"[\r\n\t\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")
_CONTROLS = re.compile(
    r"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
"""Controls, undecodable bytes, and the bidirectional overrides and isolates that can
make the rest of a line display reversed (a name or summary could hide what follows)."""
_LABEL_BREAKERS = str.maketrans({"|": "-", "[": "(", "]": ")"})


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, kept by surrogateescape
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def shown(text: str) -> str:
    """`text` on one line with every control character and undecodable byte visible."""
    if text.isprintable():
        return text
    return _CONTROLS.sub(_visible, _BREAKS.sub(" ", text))


_MARKUP = re.compile(r"%%|<!--|\[\[|\]\]")
_BROKEN = {"%%": "%\u200b%", "<!--": "<\u200b!--", "[[": "[\u200b[", "]]": "]\u200b]"}


def inert(text: str) -> str:
    """User text (a summary, a reason, a channel) made inert in a note Obsidian renders:
    `%%` and `<!--` would open a comment that hides the rest of the note, `[[` a link it
    never asked for. A zero-width space breaks each, and the text reads the same."""
    return (
        _MARKUP.sub(lambda found: _BROKEN[found[0]], text)
        if "%" in text or "[" in text or "<" in text or "]" in text
        else text
    )


def shown_lines(text: str) -> str:
    """Like `shown`, keeping the line breaks of a message written in several lines."""
    return "\n".join(shown(line) for line in text.split("\n"))


def note_link(path: str, label: str) -> str:
    """A link to the note at vault-relative `path`, showing `label`.

    A wikilink (`[[People/Ann|Ann Lee]]`) where the path allows one; a Markdown link
    with the path percent-encoded where it holds link syntax or control characters;
    the label alone (escaped) when the file name is not even valid text.
    """
    target = path[:-3] if path.lower().endswith(".md") else path
    text = shown(label).translate(_LABEL_BREAKERS)
    if is_linkable(target):
        return f"[[{target}]]" if text == target else f"[[{target}|{text}]]"
    if has_undecodable(path):
        return shown(label)
    escaped = shown(label).replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    return f"[{escaped}]({quote(path, safe='/')})"
