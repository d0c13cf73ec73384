"""Reading a note into the model: a Contact (or None) plus the problems found in it.

A bad note is reported, never fixed silently, and never stops the rest: whatever a
file holds, reading it takes bounded time and memory (see `limits`) and ends in a
ParsedNote, never an exception. The reader knows files and front matter and
nothing of schedules; `validate` turns the loaded front matter into a Contact.
"""

from __future__ import annotations

import re
from pathlib import Path

from followup_md.core.model import ParsedNote, Problem
from followup_md.notes.frontmatter import (
    FrontMatterTooLarge,
    UnclosedFrontMatter,
    find_front_matter,
    not_text,
    read_head,
)
from followup_md.notes.limits import FIRST_BLOCK, MAX_FRONT_MATTER, MAX_MESSAGE, cut
from followup_md.notes.typos import CONTACT_KEY_TYPOS, key_typos
from followup_md.notes.validate import STARTS_WITH_DATE as STARTS_WITH_DATE
from followup_md.notes.validate import Validator
from followup_md.notes.yaml_fast import YamlError, load_yaml

CONTACT_KEYS = ("interactions", "cadence", "next", "birthday")
"""A note is a contact when its front matter has at least one of these keys (`_parse`
spells them out: it asks this of every note)."""


def read_note(file: Path | str, path: str) -> ParsedNote:
    """Read and parse the note at `file`; `path` is its vault-relative name.

    Reads only the head of the file (see `frontmatter.read_head`), so a note of
    any size costs about the same.
    """
    try:
        with open(file, "rb") as handle:
            raw = read_head(handle)
    except FileNotFoundError:
        return ParsedNote(None)  # vanished between listing and reading
    except OSError as exc:
        return ParsedNote(None, (Problem(path, None, f"cannot read the file: {exc.strerror}"),))
    except Exception as exc:  # the last-resort net: see parse_note
        return _unexpected(path, exc)
    return parse_note(raw, path)


def parse_note(raw: bytes, path: str) -> ParsedNote:
    """Parse a note's bytes. Never raises for bad content: problems are returned.

    Every known fault has its own message; anything else that goes wrong in one
    note is caught here and reported as a problem naming it, so one file can never
    stop a scan with a traceback.
    """
    try:
        return _parse(raw, path)
    except Exception as exc:  # noqa: BLE001 (the net; known faults never reach it)
        return _unexpected(path, exc)


def _unexpected(path: str, exc: Exception) -> ParsedNote:
    message = f"could not be read: {type(exc).__name__}; please report this"
    return ParsedNote(None, (Problem(path, None, message),))


def _parse(raw: bytes, path: str) -> ParsedNote:
    binary = not_text(raw)
    if binary is not None:
        return ParsedNote(None, (Problem(path, *binary),))
    try:
        front = find_front_matter(raw)
    except UnclosedFrontMatter:
        return _refused(raw, path, 1, UNCLOSED)
    except FrontMatterTooLarge:
        return _refused(raw, path, 1, TOO_LARGE)
    if front is None:
        return ParsedNote(None)
    try:
        text = front.yaml.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = front.first_line + front.yaml.count(b"\n", 0, exc.start)
        message = (
            f"the file is not valid UTF-8 (byte 0x{front.yaml[exc.start]:02x}); "
            "save it with UTF-8 encoding"
        )
        return ParsedNote(None, (Problem(path, line, message),))
    try:
        loaded = load_yaml(text, front.first_line)
    except YamlError as exc:
        if not _mentions_contact_keys(text):
            return ParsedNote(None)  # someone else's broken front matter: not ours to judge
        return ParsedNote(None, (Problem(path, exc.line, cut(exc.message, MAX_MESSAGE)),))
    data = loaded.data
    if not isinstance(data, dict):
        return ParsedNote(None)
    if not ("interactions" in data or "cadence" in data or "next" in data or "birthday" in data):
        # a misspelled contact key may be why it is no contact: say so
        return ParsedNote(None, tuple(key_typos(path, loaded, CONTACT_KEY_TYPOS)))
    return Validator(path, loaded).contact()


UNCLOSED = (
    "the front matter opened by '---' on line 1 is never closed; add a line with '---' after it"
)
TOO_LARGE = (
    f"the front matter is over {MAX_FRONT_MATTER // 2**20} MB; followup reads no longer "
    "front matter: move long text below the closing '---'"
)


def _refused(raw: bytes, path: str, line: int, message: str) -> ParsedNote:
    """A contact's front matter that cannot be read is a problem; anyone else's is not ours."""
    head = raw[: FIRST_BLOCK + MAX_FRONT_MATTER].decode("utf-8", "replace")
    if _mentions_contact_keys(head):
        return ParsedNote(None, (Problem(path, line, message),))
    return ParsedNote(None)


def _mentions_contact_keys(text: str) -> bool:
    return any(re.search(rf"^{key}\s*:", text, re.M) for key in CONTACT_KEYS)
