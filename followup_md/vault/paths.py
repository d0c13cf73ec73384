"""Which paths of a vault are notes: the one policy discovery, the index and the watcher ask.

Not notes: anything under a dot folder (`.obsidian`, `.trash`, `.git`, ...), the
templates folder, the agenda note itself, non-Markdown files, and what the user excluded
in Obsidian (`IgnoreFilters`, read by `vault.obsidian`). Copies left by sync
tools are notes of a kind: not read as contacts (they would double them) but reported.
Paths here are vault-relative with `/`, compared without regard to case as the file
systems of macOS and Windows do.
"""

from __future__ import annotations

import re

from followup_md.core.frozen import record
from followup_md.core.model import Problem
from followup_md.core.settings import Settings

CONFIG_FILE = ".followup.yaml"
"""The vault's settings file, at its root."""

_CONFLICT = re.compile(
    r"\.sync-conflict-\d{8}-\d{6}(?:-[A-Za-z0-9]+)?\.md$"  # Syncthing
    r"|\((?:[^()]*\s)?conflicted copy(?:\s[^()]*)?\)\.md$",  # Obsidian Sync, Dropbox
    re.IGNORECASE,
)


@record
class IgnoreFilters:
    """Obsidian's "Excluded files" (`userIgnoreFilters` in `.obsidian/app.json`).

    As Obsidian matches them, without regard to case: a plain entry excludes every path
    that starts with it (`Archive/`, `Templates/old.md`); an entry written `/.../` is a
    regular expression searched anywhere in the path. `problems` are the entries (or the
    file) that could not be used: reported, and left out.
    """

    prefixes: tuple[str, ...] = ()
    """Case-folded."""
    patterns: tuple[re.Pattern[str], ...] = ()
    problems: tuple[Problem, ...] = ()


NO_FILTERS = IgnoreFilters()


def is_excluded(rel: str, ignore: IgnoreFilters) -> bool:
    """A path the user excluded in Obsidian."""
    if not ignore.prefixes and not ignore.patterns:
        return False
    return rel.casefold().startswith(ignore.prefixes) or any(
        pattern.search(rel) for pattern in ignore.patterns
    )


def is_hidden(name: str) -> bool:
    """A dot file or folder: Obsidian's own, a trash, a repository; never the user's notes."""
    return name.startswith(".")


def is_markdown(name: str) -> bool:
    return name.lower().endswith(".md")


def is_skipped_folder(rel: str, settings: Settings, ignore: IgnoreFilters = NO_FILTERS) -> bool:
    """A folder whose notes are never read: hidden, the templates folder (or inside it),
    or excluded in Obsidian by a prefix (a pattern is tried on each note instead)."""
    if any(is_hidden(part) for part in rel.split("/")):
        return True
    if ignore.prefixes and (rel.casefold() + "/").startswith(ignore.prefixes):
        return True
    templates = settings.templates_folder.casefold()
    return bool(templates) and (rel.casefold() + "/").startswith(templates + "/")


def is_agenda_note(rel: str, settings: Settings) -> bool:
    """The note followup writes: never read as a contact note."""
    return rel.casefold() == settings.agenda_file.casefold()


def is_contact_template(rel: str, settings: Settings) -> bool:
    """The note new contacts are made from (`contact_template`): a model, never a contact,
    wherever it lies (its cadence or properties would be copied into every new note)."""
    template = settings.contact_template
    return template is not None and rel.casefold() == template.casefold()


def is_note_path(rel: str, settings: Settings, ignore: IgnoreFilters = NO_FILTERS) -> bool:
    """Whether discovery would list this path as a note (sync conflict copies included)."""
    parts = rel.split("/")
    if not all(parts) or not is_markdown(parts[-1]) or is_hidden(parts[-1]):
        return False
    if len(parts) > 1 and is_skipped_folder("/".join(parts[:-1]), settings, ignore):
        return False
    if is_agenda_note(rel, settings) or is_contact_template(rel, settings):
        return False
    return not is_excluded(rel, ignore)


def is_conflict_copy(name: str) -> bool:
    """A copy a sync tool left beside a note it could not merge."""
    return "onflict" in name and _CONFLICT.search(name) is not None  # the cheap test first


def conflict_problem(path: str) -> Problem:
    return Problem(
        path,
        None,
        "sync conflict copy: it is not read as a contact; merge what it adds into "
        "the original note, then delete it",
    )


def occupied_agenda_problem(path: str) -> Problem:
    return Problem(
        path,
        None,
        "this note sits where the agenda note is written (agenda_file) and was "
        "not written by followup: it is not read, and the agenda is not written "
        "over it; rename it, or set agenda_file in .followup.yaml",
    )


def unreadable_folder_problem(path: str, reason: str) -> Problem:
    return Problem(
        path,
        None,
        f"this folder cannot be read ({reason}), so the notes in it are left out; "
        "fix its permissions, or move the notes elsewhere",
    )


def not_a_note_problem(path: str, kind: str) -> Problem:
    return Problem(
        path,
        None,
        f"this is {kind}, not a note file, so it is not read; remove it or rename it without .md",
    )
