"""Creating contact notes: safe file names, Obsidian template variables, no overwrite.

A name becomes a file name the way Obsidian names notes, after the name itself,
with what is unsafe on any operating system replaced. The note is created with a
hard link from a finished temporary file, so it appears whole or not at all, and
an existing note is never replaced.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path

from followup_md.core.frozen import record
from followup_md.errors import NoteExists, OutsideVault, UsageError, WriteFailed
from followup_md.files import atomic_write, inside, link_new, write_temp
from followup_md.notes.lock import note_lock

_SEPARATORS = re.compile(r"[/\\]")
_UNSAFE = re.compile(r'[\x00-\x1f\x7f:*?"<>|\[\]#^]')
"""Control characters, what Windows forbids, and what breaks wikilinks."""

_RESERVED = re.compile(r"^(?:CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(?:\..*)?$", re.IGNORECASE)
"""Names Windows reserves for devices, with or without an extension."""

MAX_NAME_BYTES = 200
"""Well under the 255-byte limit of common filesystems, leaving room for `.md` and suffixes."""


def safe_file_name(name: str) -> str:
    """The file name (without `.md`) for a contact called `name`, in Unicode's composed
    form (NFC: a name typed on a Mac names the same file). Raises UsageError."""
    text = _UNSAFE.sub(" ", _SEPARATORS.sub("-", unicodedata.normalize("NFC", name)))
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"-{2,}", "-", text).strip(" .-")
    while len(text.encode("utf-8")) > MAX_NAME_BYTES:
        text = text[:-1].rstrip(" .-")
    if not text:
        raise UsageError(f"{name!r} has no characters usable in a file name; give a real name")
    if _RESERVED.match(text):
        text += " (contact)"
    return text


_MOMENT_TOKENS = re.compile(r"YYYY|YY|MMMM|MMM|MM|M|DD|D|dddd|ddd|HH|H|hh|h|mm|ss|A|a")


def _moment(format_: str, moment: dt.datetime) -> str:
    """Format with the moment.js tokens Obsidian's template formats use most."""
    values = {
        "YYYY": f"{moment.year:04d}",
        "YY": f"{moment.year % 100:02d}",
        "MMMM": moment.strftime("%B"),
        "MMM": moment.strftime("%b"),
        "MM": f"{moment.month:02d}",
        "M": str(moment.month),
        "DD": f"{moment.day:02d}",
        "D": str(moment.day),
        "dddd": moment.strftime("%A"),
        "ddd": moment.strftime("%a"),
        "HH": f"{moment.hour:02d}",
        "H": str(moment.hour),
        "hh": f"{(moment.hour % 12) or 12:02d}",
        "h": str((moment.hour % 12) or 12),
        "mm": f"{moment.minute:02d}",
        "ss": f"{moment.second:02d}",
        "A": "AM" if moment.hour < 12 else "PM",
        "a": "am" if moment.hour < 12 else "pm",
    }
    return _MOMENT_TOKENS.sub(lambda match: values[match.group(0)], format_)


_VARIABLE = re.compile(r"\{\{\s*(title|date|time)\s*(?::\s*([^}]*?)\s*)?\}\}")


def fill_template(template: str, title: str, moment: dt.datetime) -> str:
    """Fill Obsidian's core template variables: {{title}}, {{date}}, {{time}}, with formats.

    In the front matter a title is written as YAML reads it back whole (`A, B` in a flow
    list, `&x`, `#x` or `: ` in it would otherwise change what the note says): as it is
    when it is plain, escaped inside quotes the template put around it, else quoted.
    """
    yaml_end = _front_matter_end(template)

    def value(match: re.Match[str]) -> str:
        name, format_ = match.group(1), match.group(2)
        if name == "title":
            if match.start() < yaml_end:
                return _yaml_title(title, template[match.start() - 1 : match.start()])
            return title
        if format_:
            return _moment(format_, moment)
        return _moment("YYYY-MM-DD" if name == "date" else "HH:mm", moment)

    return _VARIABLE.sub(value, template)


@functools.cache
def _plain_title() -> re.Pattern[str]:
    """A title YAML reads as the text it is, unquoted. Compiled when first asked (by `add`
    and `import`): its ranges take 7 ms to compile, which every `done` and `log` paid."""
    return re.compile(r"[A-Za-z\u00c0-\uffff][\w .'\u00c0-\uffff-]*")


_YAML_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})


def _front_matter_end(template: str) -> int:
    """Where the template's front matter ends (0 when it has none)."""
    body = template.removeprefix("\ufeff")
    if not body.startswith("---\n") and not body.startswith("---\r\n"):
        return 0
    end = template.find("\n---", 3)
    return end if end != -1 else 0


def _yaml_title(title: str, before: str) -> str:
    """The title for YAML where the template put it (`before`: the character before it)."""
    if before == '"':
        return title.replace("\\", "\\\\").replace('"', '\\"')
    if before == "'":
        return title.replace("'", "''")
    plain = _plain_title().fullmatch(title) and title.strip() == title
    if plain and title.casefold() not in _YAML_WORDS:
        return title
    return json.dumps(title, ensure_ascii=False)  # a JSON string is a YAML double-quoted one


def create_note(vault: Path, folder: str, file_name: str, text: str) -> Path:
    """Create `vault/folder/file_name.md` holding `text`; never replace an existing file.

    Raises OutsideVault if the folder leads outside the vault (a symlink), NoteExists
    if the note is already there, WriteFailed (naming the note) if the disk says no.
    The note's lock is held while it is written, as every writer of a note does.
    """
    target = _new_target(vault, folder, file_name)
    try:
        with note_lock(target, "create the note"):
            atomic_write(target, text.encode("utf-8"), replace=False)
    except FileExistsError:
        raise _exists(target) from None
    except OSError as exc:  # not the temporary file's name: the note is what the user knows
        raise _failed(target, exc) from None
    return target


@record
class Staged:
    """A new note written whole to a temporary file beside its place, not yet named."""

    target: Path
    temp: Path


def stage_note(vault: Path, folder: str, file_name: str, text: str) -> Staged:
    """Write what `vault/folder/file_name.md` will hold to a temporary file beside it, not
    flushed: many notes are staged, flushed to disk at once (`flush_to_disk`), and only
    then named (`name_staged`), so a crash leaves no note torn. Raises as `create_note`."""
    target = _new_target(vault, folder, file_name)
    try:
        return Staged(target, write_temp(target.parent, text.encode("utf-8"), durable=False))
    except OSError as exc:
        raise _failed(target, exc) from None


def name_staged(staged: Staged) -> Path:
    """Give a staged note its name, never over an existing file, under the note's lock;
    the temporary file is gone afterwards, whatever happened. Raises NoteExists, WriteFailed."""
    try:
        with note_lock(staged.target, "create the note"):
            link_new(staged.temp, staged.target)
    except FileExistsError:
        raise _exists(staged.target) from None
    except OSError as exc:
        raise _failed(staged.target, exc) from None
    finally:
        discard([staged])
    return staged.target


def discard(staged: Iterable[Staged]) -> None:
    """Remove the temporary files of notes staged and never named."""
    for note in staged:
        with contextlib.suppress(OSError):
            note.temp.unlink()


def _new_target(vault: Path, folder: str, file_name: str) -> Path:
    """Where the note goes, its folder made; raises OutsideVault as `create_note` says."""
    target_folder = vault / folder if folder else vault
    if not inside(vault, target_folder):
        raise OutsideVault(
            f"contacts folder {target_folder} leads outside the vault {vault}; "
            "set contacts_folder in .followup.yaml to a folder inside it"
        )
    target_folder.mkdir(parents=True, exist_ok=True)
    target = target_folder / f"{file_name}.md"
    if not inside(vault, target):
        raise OutsideVault(f"{target} would be outside the vault {vault}; nothing was written")
    return target


def _exists(target: Path) -> NoteExists:
    return NoteExists(
        f"{target} already exists; nothing was written. Use `followup show` to see it, "
        "or give another name"
    )


def _failed(target: Path, exc: OSError) -> WriteFailed:
    return WriteFailed(
        f"{target}: cannot create the note: writing failed ({exc.strerror or exc}); "
        "nothing was written"
    )


def flush_to_disk(files: list[Path]) -> None:
    """Flush files written without an fsync to disk, and their folders: one `sync` where
    the system has it (an fsync per note costs milliseconds each: most of an import)."""
    import os

    if hasattr(os, "sync"):
        os.sync()
        return
    for file in files:  # pragma: no cover (Windows)
        with file.open("rb+") as handle:
            os.fsync(handle.fileno())


def looks_torn(note: Path) -> bool:
    """Whether an existing note looks cut off while it was created (a crash before it
    reached the disk): empty, only NUL bytes (what some file systems leave of blocks
    never written), or front matter opened and never closed."""
    from followup_md.notes.frontmatter import UnclosedFrontMatter, read_head, split_front_matter
    from followup_md.notes.limits import MAX_FRONT_MATTER

    try:
        with note.open("rb") as handle:
            head = read_head(handle)
    except OSError:
        return False
    if not head.strip(b"\0 \t\r\n"):
        return True
    try:
        split_front_matter(head.decode("utf-8-sig", "replace"))
    except UnclosedFrontMatter:
        return len(head) <= MAX_FRONT_MATTER  # not front matter too long to read whole
    return False


# ------------------------------------------------------------------ the new note's text

Entry = dict[str, str | dt.date]
"""One item of a list of mappings (an interaction), its keys in the order given."""

FieldValue = str | list[str] | dt.date | list[Entry]
"""Text (quoted where YAML would read it as something else), a list, a plain date, or a
list of mappings (interactions, written as block mappings)."""

FIELD_ORDER = (
    "name", "company", "title", "email", "emails", "phone", "phones", "birthday", "channel",
    "objective", "cadence", "tags", "profile", "added",
)  # fmt: skip

DATE_ADDED_KEYS = ("added", "created")
"""Keys that say when a contact was added: a template holding one keeps its own."""


def builtin_note(fields: dict[str, FieldValue], scalar: Callable[[str], str]) -> str:
    """The built-in contact note: the given fields, then `interactions:` (empty unless
    given)."""
    wanted = {**fields, "interactions": fields.get("interactions", "")}
    return "---\n" + "".join(_entry(key, wanted[key], scalar) for key in _ordered(wanted)) + "---\n"


def merge_into_template(
    template: str, fields: dict[str, FieldValue], scalar: Callable[[str], str]
) -> str:
    """The template with each given field set: an existing key's entry is replaced whole,
    a missing one is added at the end of the front matter, and `interactions:` is added
    when the template has none, so the note is a contact. Everything else stays.
    """
    newline = "\r\n" if "\r\n" in template else "\n"
    lines, end = _split(template, newline)
    front = lines[1:end]
    wanted = dict(fields)
    if not any(_key_of(line) == "interactions" for line in front):
        wanted.setdefault("interactions", "")
    for key in _ordered(wanted):
        entry = _entry(key, wanted[key], scalar).replace("\n", newline)
        start = next((i for i, line in enumerate(front) if _key_of(line) == key), None)
        if start is None:
            front.append(entry)
            continue
        stop = start + 1
        while stop < len(front) and (
            front[stop][:1] in (" ", "\t", "-") or not front[stop].strip()
        ):
            stop += 1
        front[start:stop] = [entry]
    return "".join([lines[0], *front, *lines[end:]])


def template_keys(template: str) -> set[str]:
    """The top-level keys of the template's front matter (none without front matter)."""
    lines, end = _split(template, "\n")
    return {key for key in map(_key_of, lines[1:end]) if key is not None}


def _split(template: str, newline: str) -> tuple[list[str], int]:
    """The template's lines, with an empty front matter first when it has none, and the
    index of the line closing the front matter. Raises UsageError when none closes it."""
    lines = template.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n").rstrip() != "---":
        lines = ["---" + newline, "---" + newline, *lines]  # a template without front matter
    end = next(
        (i for i in range(1, len(lines)) if lines[i].rstrip("\r\n").rstrip() in ("---", "...")),
        None,
    )
    if end is None:
        raise UsageError("the contact template's front matter is never closed; add a '---' line")
    return lines, end


def _ordered(fields: dict[str, FieldValue]) -> list[str]:
    known = [key for key in FIELD_ORDER if key in fields]
    return known + [key for key in fields if key not in FIELD_ORDER]


def _entry(key: str, value: FieldValue, scalar: Callable[[str], str]) -> str:
    if isinstance(value, dt.date):  # plain, so YAML and Obsidian read a date
        return f"{key}: {value.isoformat()}\n"
    if isinstance(value, list):
        return f"{key}:\n" + "".join(_item(item, scalar) for item in value)
    return f"{key}:\n" if value == "" else f"{key}: {scalar(value)}\n"


def _item(item: str | Entry, scalar: Callable[[str], str]) -> str:
    """One list item: a scalar, or a block mapping (dates plain, text quoted as needed)."""
    if isinstance(item, str):
        return f"  - {scalar(item)}\n"
    lines = [
        f"{key}: {value.isoformat() if isinstance(value, dt.date) else scalar(value)}"
        for key, value in item.items()
    ]
    return "".join(f"  {'-' if i == 0 else ' '} {line}\n" for i, line in enumerate(lines))


def _key_of(line: str) -> str | None:
    match = re.match(r"([A-Za-z_][\w-]*)\s*:", line)
    return match.group(1) if match else None
