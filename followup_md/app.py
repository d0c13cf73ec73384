"""Use cases shared by every front end (the CLI, the watcher).

Each function takes the vault and, where dates matter, `today` from its caller:
the front ends read the clock, nothing below them does.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING

from followup_md import cache, config, create, render, schedule
from followup_md.durations import parse_duration
from followup_md.errors import (
    AmbiguousContact,
    ConfigError,
    ContactNotFound,
    EditRefused,
    NoteExists,
    OutsideVault,
    VaultError,
    WriteFailed,
)
from followup_md.files import write_if_changed
from followup_md.model import (
    Agenda,
    AgendaItem,
    Contact,
    Interaction,
    Problem,
    Quiet,
    Status,
    is_generated,
)
from followup_md.settings import Settings
from followup_md.vault import (
    Listing,
    NoteFile,
    NoteIndex,
    Progress,
    Scan,
    Stamp,
    discover,
    read_notes,
    scan,
)

if TYPE_CHECKING:
    from followup_md.edit import NewInteraction

Change = Callable[[str], str]
"""A pure edit of a note's text, as the editor's functions are."""


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
    memo: schedule.PlanMemo | None = None,
) -> Agenda:
    """The agenda of notes already read (by `read`, or a watcher's NoteIndex).

    A long-running caller passes the same `memo` each time to re-plan only changed notes.
    """
    return schedule.build_agenda(
        found.contacts, found.problems, vault.settings, today, horizon, memo
    )


def note_index(vault: Vault) -> NoteIndex:
    """An index preloaded from the cache that re-reads only changed notes.

    It keeps only what plans need of each note (`schedule.essentials`), so a
    long-running watcher stays small. Call `refresh()` before `scan()`.
    """
    return NoteIndex(vault.root, vault.settings, cache.load(vault.root), keep=schedule.essentials)


def remember(vault: Vault, index: NoteIndex) -> None:
    """Save what the index read to the cache, if anything changed since it was loaded."""
    if index.dirty:
        cache.save(vault.root, index.entries)
        index.dirty = False


def write_agenda(vault: Vault, computed: Agenda, memo: render.LineMemo | None = None) -> bool:
    """Write the agenda note if its content changed; True when it was written."""
    return write_agenda_text(vault, render.agenda_markdown(computed, memo))


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
    "text": render.agenda_text,
    "plain": lambda agenda: render.agenda_text(agenda, color=False),
    "markdown": render.agenda_markdown,
    "json": render.agenda_json_text,
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
    rows: dict[str, tuple[Stamp, schedule.NoteRow]]
    if len(stale) > max(FEW_CHANGES, len(files) // 10):
        index = _refreshed_index(vault, progress, listing)
        rows = {
            path: (entry.stamp, schedule.note_row(entry.parsed, settings, today, days))
            for path, entry in index.entries.items()
        }
    else:
        rows = {note.path: kept[note.path] for note in files if note.path in kept}
        for note, parsed in zip(
            stale, read_notes(stale, schedule.essentials, progress), strict=True
        ):
            rows[note.path] = (note.stamp, schedule.note_row(parsed, settings, today, days))
    if stale or len(rows) != len(kept):
        cache.save_rows(vault.root, key, rows)
    return schedule.agenda_from_rows((row for _, row in rows.values()), conflicts, today, days)


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


# ----------------------------------------------------------------- one contact


@dataclass(frozen=True)
class ContactReport:
    """Everything `show` tells about one contact."""

    contact: Contact
    history: list[Interaction]
    item: AgendaItem | None
    quiet: Quiet | None
    problems: tuple[Problem, ...]


def find(vault: Vault, query: str) -> tuple[Contact, Scan]:
    """The contact the user means; when none matches but a note of that name could not be
    read, the error says so (with its line), since that is the note they meant.
    """
    found = read(vault)
    try:
        return resolve(found.contacts, query), found
    except ContactNotFound:
        wanted = query.strip().casefold().removesuffix(".md")
        read_fine = {contact.path for contact in found.contacts}
        for problem in found.problems if wanted else ():
            if problem.path in read_fine:
                continue  # that note was read; its problem is not why nothing matched
            stem = problem.path.rsplit("/", 1)[-1].casefold().removesuffix(".md")
            if stem.startswith(wanted) or problem.path.casefold().removesuffix(".md") == wanted:
                raise ContactNotFound(
                    f"{problem}\nThat note cannot be read, so it cannot be shown or changed: "
                    "fix it first (`followup check` lists every problem)."
                ) from None
        raise


def report(vault: Vault, query: str, today: dt.date) -> ContactReport:
    contact, found = find(vault, query)
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
        problems=(
            *(p for p in found.problems if p.path == contact.path),
            *([result.problem] if result.problem else []),
        ),
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


# ----------------------------------------------------------------- changing notes


@dataclass(frozen=True)
class Recorded:
    """A contact as read back after a change, and what it is due for now."""

    contact: Contact
    item: AgendaItem | None
    quiet: Quiet | None


def _note_file(vault: Vault, contact: Contact) -> Path:
    """The contact's file, refused when it (through a link) lies outside the vault."""
    file = vault.root / contact.path
    if not create.inside(vault.root, file):
        raise OutsideVault(
            f"{contact.path} links to a file outside the vault {vault.root}; followup only "
            "changes notes inside the vault: edit that file by hand"
        )
    return file


def _change(
    vault: Vault, query: str, today: dt.date, describe: str, change: Callable[[Contact], Change]
) -> Recorded:
    """Resolve CONTACT, apply one proven text change to its note, and re-plan it."""
    from followup_md import edit

    contact, _ = find(vault, query)
    text = edit.update_note(_note_file(vault, contact), change(contact), describe=describe)
    return _replan(vault, contact.path, text, today)


def _replan(vault: Vault, path: str, text: str, today: dt.date) -> Recorded:
    from followup_md.notes import parse_note

    contact = parse_note(text.encode("utf-8"), path).contact
    assert contact is not None, "the edit was proven to keep the note a contact"
    result = schedule.plan(contact, vault.settings, today)
    item = schedule.agenda_item(result.due, today, vault.settings.horizon) if result.due else None
    return Recorded(contact, item, result.quiet)


def log(vault: Vault, query: str, new: NewInteraction, today: dt.date) -> Recorded:
    """Append one interaction to the contact's history."""
    from followup_md import edit

    return _change(
        vault,
        query,
        today,
        f"record {new.type} {new.direction} on {new.date.isoformat()}",
        lambda contact: (
            lambda text: edit.add_interaction(text, new, preferred_channel=contact.channel)
        ),
    )


def done(vault: Vault, query: str, today: dt.date, summary: str | None = None) -> Recorded:
    """ "I just followed up": an outgoing `followup` today on the usual channel.

    After a keep-in-touch message (the cadence was due) or an answer to them (a
    reply was due), nobody waits for an answer: it is written with
    `follow_up: none`, so no nudges follow and the cadence takes over. After any
    other follow-up you wait for an answer, and the nudges apply.
    """
    from followup_md import edit

    def change(contact: Contact) -> Change:
        due = schedule.plan(contact, vault.settings, today).due
        expects_no_answer = due is not None and due.rule in ("cadence", "reply")
        new = edit.NewInteraction(
            date=today,
            type="followup",
            direction="out",
            channel=contact.channel or (due.channel if due else None),
            summary=summary,
            follow_up="none" if expects_no_answer else None,
        )
        return lambda text: edit.add_interaction(text, new, preferred_channel=contact.channel)

    return _change(vault, query, today, f"record a follow-up on {today.isoformat()}", change)


def snooze(vault: Vault, query: str, until: dt.date, today: dt.date) -> Recorded:
    """Nothing is due for the contact before `until`."""
    return _set(vault, query, "snooze", until, today, f"snooze until {until.isoformat()}")


def set_status(vault: Vault, query: str, status: Status, today: dt.date) -> Recorded:
    """Make the contact active, paused or closed."""
    return _set(vault, query, "status", status, today, f"set status to {status}")


def _set(
    vault: Vault, query: str, key: str, value: str | dt.date, today: dt.date, describe: str
) -> Recorded:
    """Set one top-level value of the contact's note, changing only that value."""
    from followup_md import edit

    return _change(
        vault, query, today, describe, lambda contact: lambda text: edit.set_value(text, key, value)
    )


@dataclass(frozen=True)
class Created:
    path: str
    """Vault-relative path of the new note."""
    recorded: Recorded


def add_contact(
    vault: Vault, name: str, fields: dict[str, create.FieldValue], now: dt.datetime
) -> Created:
    """Create a contact note in the contacts folder, from the vault's template or ours.

    The note is named after the contact, made safe for every operating system; an
    existing note is never replaced. What is written is read back and must give
    the contact exactly the fields asked for.
    """
    from followup_md import edit
    from followup_md.notes import parse_note

    clean = name.strip()
    file_name = create.safe_file_name(clean)
    same = [
        c for c in read(vault).contacts if {clean.casefold(), file_name.casefold()} & set(_keys(c))
    ]
    if same:
        raise NoteExists(
            f"a contact named '{clean}' already exists: {same[0].path}; nothing was written. "
            "Use `followup show` or `followup log` with that contact, or give another name"
        )
    fields = {key: value for key, value in fields.items() if value not in (None, "", [])}
    if file_name != clean:
        fields = {"name": clean, **fields}
    template_name = vault.settings.contact_template
    if template_name:
        template_file = vault.root / template_name
        if not create.inside(vault.root, template_file):
            raise OutsideVault(f"contact_template {template_name} leads outside the vault")
        try:
            template = template_file.read_text("utf-8-sig")
        except FileNotFoundError:
            raise ConfigError(
                f"contact_template {template_name} does not exist in {vault.root}; "
                "fix contact_template in .followup.yaml or create that note"
            ) from None
        text = create.merge_into_template(
            create.fill_template(template, clean, now), fields, edit.format_value
        )
    else:
        text = create.builtin_note(fields, edit.format_value)
    folder = vault.settings.contacts_folder
    rel = f"{folder}/{file_name}.md" if folder else f"{file_name}.md"
    parsed = parse_note(text.encode("utf-8"), rel)
    _prove_new_contact(parsed.contact, clean, fields, rel)
    create.create_note(vault.root, folder, file_name, text)
    return Created(rel, _replan(vault, rel, text, now.date()))


def _prove_new_contact(
    contact: Contact | None, name: str, fields: dict[str, create.FieldValue], path: str
) -> None:
    """The note about to be created must read back as the contact asked for."""
    if contact is None:
        raise EditRefused(f"{path}: the new note would not read as a contact; nothing was written")
    got: dict[str, object] = {
        "name": contact.name,
        "email": contact.email,
        "phone": contact.phone,
        "channel": contact.channel,
        "company": contact.company,
        "objective": contact.objective,
        "cadence": contact.cadence,
        "tags": list(contact.tags),
    }
    expected: dict[str, object] = {"name": name, **fields}
    if "cadence" in fields:
        expected["cadence"] = parse_duration(str(fields["cadence"]))
    wrong = [key for key, value in expected.items() if key in got and got[key] != value]
    if wrong:
        raise EditRefused(
            f"{path}: the new note would not read back as given ({', '.join(wrong)}); "
            "nothing was written. Check the contact template."
        )
