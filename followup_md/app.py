"""Use cases shared by every front end (the CLI, the watcher).

Each function takes the vault and, where dates matter, `today` from its caller:
the front ends read the clock, nothing below them does.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from pathlib import Path

from followup_md import cache, config, render, schedule
from followup_md.errors import AmbiguousContact, ContactNotFound, VaultError
from followup_md.files import write_if_changed
from followup_md.model import Agenda, AgendaItem, Contact, Interaction, Problem, Quiet
from followup_md.settings import Settings
from followup_md.vault import NoteIndex, Progress, Scan, scan


@dataclass(frozen=True)
class Vault:
    """A vault folder and the settings read from its `.followup.yaml`."""

    root: Path
    settings: Settings

    @property
    def agenda_path(self) -> Path:
        return self.root / self.settings.agenda_file


def open_vault(path: Path) -> Vault:
    """Check the folder and load its configuration. Raises VaultError, ConfigError."""
    root = path.expanduser()
    if not root.exists():
        raise VaultError(
            f"vault folder {root} does not exist; pass --vault DIR or set FOLLOWUP_VAULT"
        )
    if not root.is_dir():
        raise VaultError(f"{root} is not a folder; --vault takes the folder that holds your notes")
    return Vault(root.resolve(), config.load(root))


def read(vault: Vault, *, use_cache: bool = True, progress: Progress | None = None) -> Scan:
    """Every note's contact and problems, as the engine needs them.

    Contacts keep only the history a plan can depend on (`schedule.essentials`);
    with the cache, only changed notes are parsed at all.
    """
    if not use_cache:
        return scan(vault.root, vault.settings, keep=schedule.essentials)
    entries = cache.load(vault.root)
    index = NoteIndex(vault.root, vault.settings, entries, keep=schedule.essentials)
    index.refresh(progress)
    if index.dirty:
        cache.save(vault.root, index.entries)
    return index.scan()


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


def compute_agenda(vault: Vault, found: Scan, today: dt.date, horizon: int | None = None) -> Agenda:
    """The agenda of notes already read (by `read`, or a watcher's NoteIndex)."""
    return schedule.build_agenda(found.contacts, found.problems, vault.settings, today, horizon)


def note_index(vault: Vault) -> NoteIndex:
    """An index that re-reads only changed notes; call `refresh()` before `scan()`."""
    return NoteIndex(vault.root, vault.settings)


def write_agenda(vault: Vault, computed: Agenda) -> bool:
    """Write the agenda note if its content changed; True when it was written."""
    target = vault.agenda_path
    target.parent.mkdir(parents=True, exist_ok=True)
    return write_if_changed(target, render.agenda_markdown(computed).encode("utf-8"))


# ----------------------------------------------------------------- one contact


@dataclass(frozen=True)
class ContactReport:
    """Everything `show` tells about one contact."""

    contact: Contact
    history: list[Interaction]
    item: AgendaItem | None
    quiet: Quiet | None
    problems: tuple[Problem, ...]


def report(vault: Vault, query: str, today: dt.date) -> ContactReport:
    found = read(vault)
    contact = resolve(found.contacts, query)
    from followup_md.notes import read_note  # the reader (and YAML) only when needed

    full = read_note(vault.root / contact.path, contact.path).contact  # the whole history
    contact = full or contact
    result = schedule.plan(contact, vault.settings, today)
    return ContactReport(
        contact=contact,
        history=schedule.ordered(contact.interactions),
        item=(
            schedule.agenda_item(result.due, today, vault.settings.horizon) if result.due else None
        ),
        quiet=result.quiet,
        problems=tuple(p for p in found.problems if p.path == contact.path),
    )


def _keys(contact: Contact) -> list[str]:
    stem = contact.link_target
    names = [stem, stem.rsplit("/", 1)[-1], contact.name, *contact.aliases]
    return [name.casefold() for name in names]


def _label(contact: Contact) -> str:
    return f"{contact.name} ({contact.path})"


def resolve(contacts: tuple[Contact, ...] | list[Contact], query: str) -> Contact:
    """Find the contact a user means: file name, `name` or alias, any case, or a unique prefix.

    Raises ContactNotFound or AmbiguousContact, each listing candidates.
    """
    wanted = query.strip().casefold()
    if wanted.endswith(".md"):
        wanted = wanted[:-3]
    if not wanted:
        raise ContactNotFound("give the name of a contact (file name, name or alias)")
    for matches in (
        [c for c in contacts if wanted in _keys(c)],
        [c for c in contacts if any(key.startswith(wanted) for key in _keys(c))],
    ):
        if len(matches) == 1:
            return matches[0]
        if matches:
            listed = "\n".join(f"  {_label(c)}" for c in sorted(matches, key=_label))
            raise AmbiguousContact(
                f"'{query}' matches {len(matches)} contacts; say which one "
                f"(a longer name or the file name):\n{listed}"
            )
    names = {c.name.casefold(): c for c in contacts}
    close = difflib.get_close_matches(wanted, list(names), n=5, cutoff=0.6)
    hint = ""
    if close:
        hint = "\nDid you mean:\n" + "\n".join(f"  {_label(names[n])}" for n in close)
    raise ContactNotFound(
        f"no contact matches '{query}'.{hint}\n"
        "Contacts are notes whose front matter has interactions, cadence or next; "
        "`followup check` lists notes that could not be read."
    )
