"""Use cases shared by every front end (the CLI, the watcher).

Each function takes the vault and, where dates matter, `today` from its caller:
the front ends read the clock, nothing below them does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import fields
from pathlib import Path

from followup_md.app.vaults import Vault
from followup_md.core import agenda as core_agenda
from followup_md.core import rules
from followup_md.core.model import (
    Agenda,
    Problem,
    is_generated,
)
from followup_md.core.settings import Settings
from followup_md.errors import (
    ConfigError,
    VaultError,
    WriteFailed,
)
from followup_md.files import write_if_changed
from followup_md.notes import create
from followup_md.outputs import json as json_out
from followup_md.outputs import markdown, terminal
from followup_md.vault import cache
from followup_md.vault.discovery import Listing, NoteFile, Stamp, discover
from followup_md.vault.index import NoteIndex, Progress, Scan, read_notes, scan


def read(vault: Vault, *, use_cache: bool = True, progress: Progress | None = None) -> Scan:
    """Every note's contact and problems, as the engine needs them.

    Contacts keep only the history a plan can depend on (`rules.essentials`);
    with the cache, only changed notes are parsed at all.
    """
    if not use_cache:
        return scan(vault.root, vault.settings, keep=rules.essentials)
    return _refreshed_index(vault, progress).scan()


def _refreshed_index(
    vault: Vault, progress: Progress | None, listing: Listing | None = None
) -> NoteIndex:
    """The cached index brought up to date with the files (or with `listing`, a listing
    just made), and the cache updated with what had to be read."""
    index = note_index(vault)
    index.refresh(progress, listing)
    remember(vault, index)
    return index


def agenda(
    vault: Vault,
    today: dt.date,
    horizon: int | None = None,
    *,
    use_cache: bool = True,
    progress: Progress | None = None,
) -> Agenda:
    """Read the vault and compute its agenda as of `today`."""
    found = read(vault, use_cache=use_cache, progress=progress)
    return compute_agenda(vault, found, today, horizon)


def compute_agenda(
    vault: Vault,
    found: Scan,
    today: dt.date,
    horizon: int | None = None,
    memo: core_agenda.PlanMemo | None = None,
) -> Agenda:
    """The agenda of notes already read (by `read`, or a watcher's NoteIndex).

    A long-running caller passes the same `memo` each time to re-plan only changed notes.
    """
    return core_agenda.build_agenda(
        found.contacts, found.problems, vault.settings, today, horizon, memo
    )


def note_index(vault: Vault) -> NoteIndex:
    """An index preloaded from the cache that re-reads only changed notes.

    It keeps only what plans need of each note (`rules.essentials`), so a
    long-running watcher stays small. Call `refresh()` before `scan()`.
    """
    return NoteIndex(vault.root, vault.settings, cache.load(vault.root), keep=rules.essentials)


def remember(vault: Vault, index: NoteIndex) -> None:
    """Save what the index read to the cache, if anything changed since it was loaded."""
    if index.dirty:
        cache.save(vault.root, index.entries)
        index.dirty = False


def write_agenda(vault: Vault, computed: Agenda, memo: markdown.LineMemo | None = None) -> bool:
    """Write the agenda note if its content changed; True when it was written."""
    return write_agenda_text(vault, markdown.agenda_markdown(computed, memo))


def write_agenda_text(vault: Vault, markdown: str) -> bool:
    """Write the rendered agenda note if its content changed; True when it was written.

    Only a missing or empty file, or one this program wrote (it carries the marker),
    is ever replaced: a note of the user's at that path is never overwritten.
    """
    target = vault.agenda_path
    if not vault.root.is_dir():
        raise VaultError(f"vault folder {vault.root} has gone; the agenda was not written")
    _check_agenda_target(vault, target)
    try:
        if target.parent != vault.root:
            target.parent.mkdir(parents=True, exist_ok=True)  # a subfolder from agenda_file
        return write_if_changed(target, markdown.encode("utf-8"))
    except OSError as exc:
        raise WriteFailed(
            f"cannot write the agenda note {target}: {exc.strerror or exc}; check that it is "
            "a file you may write (agenda_file in .followup.yaml names it), or use --no-write"
        ) from None


def _check_agenda_target(vault: Vault, target: Path) -> None:
    setting = f"agenda_file ({vault.settings.agenda_file})"
    if target.is_symlink() or not create.inside(vault.root, target):
        raise ConfigError(
            f"{target} is a link or leads outside the vault; the agenda note is written only "
            f"as a file inside the vault: set {setting} in .followup.yaml to another path"
        )
    try:
        with open(target, "rb") as handle:
            head = handle.read(4096)
    except FileNotFoundError:
        return
    except IsADirectoryError:
        raise ConfigError(
            f"{target} is a folder; set {setting} in .followup.yaml to a note's path"
        ) from None
    if not is_generated(head):
        raise ConfigError(
            f"{target} exists and was not written by followup, so it was not replaced: "
            f"rename that note, or set {setting} in .followup.yaml to another path"
        )


RENDERERS: dict[str, Callable[[Agenda], str]] = {
    "text": terminal.agenda_text,
    "plain": lambda agenda: terminal.agenda_text(agenda, color=False),
    "markdown": markdown.agenda_markdown,
    "json": json_out.agenda_json_text,
}


def agenda_outputs(
    vault: Vault,
    today: dt.date,
    horizon: int | None = None,
    kinds: tuple[str, ...] = ("text", "markdown"),
    *,
    use_cache: bool = True,
    progress: Progress | None = None,
) -> dict[str, str]:
    """The agenda rendered as `kinds` (text, markdown, json).

    When nothing it depends on changed since the last run — every note's stat
    facts, the settings, today, the horizon — the last run's rendering is the
    answer and no note is loaded: a warm run costs little more than listing files.
    """
    if not use_cache:
        computed = agenda(vault, today, horizon, use_cache=False, progress=progress)
        return {kind: RENDERERS[kind](computed) for kind in kinds}
    files, conflicts = discover(vault.root, vault.settings)
    key = _inputs_key(vault, files, conflicts, today, horizon)
    stored = cache.load_outputs(vault.root, key)
    if all(kind in stored for kind in kinds):
        return stored
    computed = _agenda_from_rows(vault, (files, conflicts), today, horizon, progress)
    outputs = {kind: RENDERERS[kind](computed) for kind in kinds}
    cache.save_outputs(vault.root, key, {**stored, **outputs})
    return outputs


FEW_CHANGES = 64
"""Up to this many changed notes (or a tenth of the vault) are read directly; more are read
through the note cache."""


def _agenda_from_rows(
    vault: Vault, listing: Listing, today: dt.date, horizon: int | None, progress: Progress | None
) -> Agenda:
    """The agenda from each note's row: kept rows for the notes unchanged since a run of
    the same day, settings and horizon; freshly planned rows for the others.

    When many notes need planning (a new day, new settings, a first run) they are read
    through the note cache; a few changed notes are read directly.
    """
    files, conflicts = listing
    settings = vault.settings
    days = settings.horizon if horizon is None else horizon
    key = repr((today, days, _canonical_settings(settings)))
    kept = cache.load_rows(vault.root, key)
    stale = [note for note in files if (row := kept.get(note.path)) is None or row[0] != note.stamp]
    rows: dict[str, tuple[Stamp, core_agenda.NoteRow]]
    if len(stale) > max(FEW_CHANGES, len(files) // 10):
        index = _refreshed_index(vault, progress, listing)
        rows = {
            path: (entry.stamp, core_agenda.note_row(entry.parsed, settings, today, days))
            for path, entry in index.entries.items()
        }
    else:
        rows = {note.path: kept[note.path] for note in files if note.path in kept}
        for note, parsed in zip(stale, read_notes(stale, rules.essentials, progress), strict=True):
            rows[note.path] = (note.stamp, core_agenda.note_row(parsed, settings, today, days))
    if stale or len(rows) != len(kept):
        cache.save_rows(vault.root, key, rows)
    return core_agenda.agenda_from_rows((row for _, row in rows.values()), conflicts, today, days)


def _canonical_settings(settings: Settings) -> list[tuple[str, object]]:
    """Every setting, in a form whose repr is the same for equal settings."""

    def canonical(value: object) -> object:
        if isinstance(value, (set, frozenset)):
            return sorted(value)
        if isinstance(value, Mapping):
            return sorted(value.items())
        return value

    return [(f.name, canonical(getattr(settings, f.name))) for f in fields(Settings)]


def _inputs_key(
    vault: Vault,
    files: list[NoteFile],
    conflicts: list[Problem],
    today: dt.date,
    horizon: int | None,
) -> str:
    """Everything an agenda depends on, as text compared whole (no hash to collide)."""

    settings = _canonical_settings(vault.settings)
    head = repr((today, horizon, settings, [p.path for p in conflicts]))
    return head + repr([(note.path, note.stamp) for note in files])  # repr runs in C: fast
