"""Finding the contact a user means, and everything `show` tells about it."""

from __future__ import annotations

import datetime as dt
import difflib
import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import field, replace
from pathlib import Path
from typing import Any, Protocol, TypeVar

from followup_md.app.agenda import read
from followup_md.app.vaults import Vault
from followup_md.core import agenda as core_agenda
from followup_md.core import rules
from followup_md.core.frozen import record
from followup_md.core.mentions import Mention, MentionMap, NoteLinks, keys_for, links_of
from followup_md.core.model import (
    AgendaItem,
    Contact,
    Interaction,
    Missed,
    Problem,
    Quiet,
)
from followup_md.errors import (
    AmbiguousContact,
    ContactNotFound,
)


@record
class ContactReport:
    """Everything `show` tells about one contact."""

    contact: Contact
    """As read, with `profile` set to the profile in effect."""
    history: list[Interaction]
    item: AgendaItem | None
    quiet: Quiet | None
    problems: tuple[Problem, ...]
    missed: Missed | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    """The note's front matter as written, but `name` and `interactions`, as JSON values."""
    mentions: tuple[Mention, ...] = ()
    """When mentions count: the dated notes linking to the contact, up to today."""


def find(vault: Vault, query: str) -> tuple[Contact, tuple[Problem, ...]]:
    """The contact the user means, and its note's problems; when none matches but a note
    of that name could not be read, the error says so (with its line), since that is the
    note they meant.

    Found through the name index (`Store.names`): the vault is listed, only the one note
    is read. When nothing matches, every note is read for the error, as `_find_in_scan`.
    """
    from followup_md.vault.store import Store

    store = Store(vault.root, vault.settings, ignore=vault.ignore)
    listing = store.listing()
    named = [Named(path, *names) for path, names in store.names(listing).items()]
    try:
        path = resolve(named, query).path
    except ContactNotFound:
        return _find_in_scan(vault, query)
    note = next(note for note in listing[0] if note.path == path)
    (parsed,) = store.read([note])
    if parsed.contact is None:  # changed since listed: the slow, exact road
        return _find_in_scan(vault, query)
    return parsed.contact, parsed.problems


def named_as(vault: Vault, keys: set[str]) -> str | None:
    """The path of a contact whose name, alias or file name (case-folded, NFC) is one of
    `keys`, or None: through the name index, as `find`, so `add` reads no other note."""
    from followup_md.vault.store import Store

    store = Store(vault.root, vault.settings, ignore=vault.ignore)
    for path, (name, aliases) in sorted(store.names(store.listing()).items()):
        if name is not None and keys & {
            unicodedata.normalize("NFC", key) for key in _keys(Named(path, name, aliases))
        }:
            return path
    return None


@record
class Named:
    """A contact as the name index knows it: enough for `resolve`."""

    path: str
    name: str
    aliases: tuple[str, ...]

    @property
    def link_target(self) -> str:
        return self.path[:-3] if self.path.lower().endswith(".md") else self.path


def _find_in_scan(vault: Vault, query: str) -> tuple[Contact, tuple[Problem, ...]]:
    """`find` by reading every note (from the note cache): the errors name unreadable notes."""
    found = read(vault)
    try:
        contact = resolve(found.contacts, query)
        return contact, tuple(p for p in found.problems if p.path == contact.path)
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
    contact, problems = find(vault, query)
    from followup_md.notes.reader import read_note  # the reader (and YAML) only when needed

    full = read_note(vault.root / contact.path, contact.path).contact  # the whole history
    contact = full or contact
    mentions = mentions_of(vault, contact.path, today)
    latest = mentions[-1] if mentions else None
    result = rules.plan(contact, vault.settings, today, mention=latest)
    # The profile in effect (its own, a tag's or the default), shown even when nothing is due.
    contact = replace(contact, profile=rules.profile_of(contact, vault.settings)[0].name)
    return ContactReport(
        contact=contact,
        history=rules.ordered(contact.interactions),
        item=(
            core_agenda.agenda_item(result.due, today, vault.settings.horizon)
            if result.due
            else None
        ),
        quiet=result.quiet,
        missed=result.missed,
        fields=note_fields(vault.root / contact.path),
        mentions=tuple(mentions),
        problems=(
            *core_agenda.future_interactions(contact, today),  # as the agenda warns
            *problems,
            *([result.problem] if result.problem else []),
        ),
    )


LatestMention = Callable[[str], "Mention | None"]
"""A contact's path -> its latest mention up to today (what the agenda plans with)."""


def mentions_of(vault: Vault, path: str, today: dt.date) -> list[Mention]:
    """Every mention of the contact at `path` up to today, oldest first (none unless
    mentions count). The latest is what the agenda plans with."""
    found = _mention_map(vault, today)
    return found.mentions(path) if found is not None else []


def latest_mentions(vault: Vault, today: dt.date) -> LatestMention:
    """Each contact's latest mention, the vault read once for all (none unless they count):
    for a command or an import that plans several notes."""
    found = _mention_map(vault, today)
    if found is None:
        return lambda path: None
    return lambda path: next(reversed(found.mentions(path)), None)


def _mention_map(vault: Vault, today: dt.date) -> MentionMap | None:
    if vault.settings.count_mentions is None:
        return None
    from followup_md.vault.store import Store

    store = Store(vault.root, vault.settings, ignore=vault.ignore)
    found = MentionMap(today)
    for note, entry in store.index().entries.items():
        if entry.name is not None:  # a contact: its names are known without unpacking it
            stem = Named(note, entry.name, entry.aliases).link_target
            found.update(note, NoteLinks(keys_for(stem, entry.name, entry.aliases)))
        elif entry.dated:
            found.update(note, links_of(None, entry.parsed.dated))
        else:
            found.update(note, None)
    return found


def names(vault_path: Path, prefix: str = "") -> list[str]:
    """The contact names (and aliases) starting with `prefix`, in any case, for shell
    completion: from the name index as it is, without looking at the notes, so it stays
    instant at any size; made (listing and reading the vault) only when there is none."""
    from followup_md.app.vaults import open_vault
    from followup_md.vault.line_caches import load_names

    root = vault_path.expanduser().resolve()
    known = [(name, aliases) for _, name, aliases in load_names(root).values() if name is not None]
    if not known:  # no name index yet
        from followup_md.vault.store import Store

        vault = open_vault(root)
        store = Store(vault.root, vault.settings, ignore=vault.ignore)
        known = list(store.names(store.listing()).values())
    wanted = prefix.casefold()
    found = {
        name
        for first, aliases in known
        for name in (first, *aliases)
        if name.casefold().startswith(wanted)
    }
    return sorted(found, key=lambda name: (name.casefold(), name))


SHOWN_APART = ("name", "interactions")
"""Front-matter keys `show --json` gives apart from `fields` (as `name` and `timeline`)."""


def note_fields(file: Path) -> dict[str, Any]:
    """The note's front-matter keys as written (dates as ISO text), but SHOWN_APART;
    empty when it cannot be read (its problems say why)."""
    from followup_md.notes.frontmatter import find_front_matter
    from followup_md.notes.yaml_fast import load_yaml

    try:
        front = find_front_matter(file.read_bytes())
        if front is None:
            return {}
        data = load_yaml(front.yaml.decode("utf-8"), front.first_line).data
    except Exception:  # noqa: BLE001 (read before, and its problems reported then)
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): _plain(v) for k, v in data.items() if str(k) not in SHOWN_APART}


def _plain(value: Any) -> Any:
    """A YAML value as JSON can hold it: dates and times as ISO text, keys as text."""
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # JSON holds no NaN or infinity
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


class _Nameable(Protocol):
    """What `resolve` looks at: a Contact, or the name index's `Named`."""

    @property
    def path(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def aliases(self) -> tuple[str, ...]: ...
    @property
    def link_target(self) -> str: ...


_N = TypeVar("_N", bound=_Nameable)


def _keys(contact: _Nameable) -> list[str]:
    stem = contact.link_target
    names = [stem, stem.rsplit("/", 1)[-1], contact.name, *contact.aliases]
    return [name.casefold() for name in names]


def _label(contact: _Nameable) -> str:
    return f"{contact.name} ({contact.path})"


def resolve(contacts: Sequence[_N], query: str) -> _N:
    """Find the contact a user means: file name, `name` or alias, any case, or a unique prefix.

    Raises ContactNotFound or AmbiguousContact, each listing candidates.
    """
    wanted = query.strip().casefold()
    if wanted.endswith(".md"):
        wanted = wanted[:-3]
    if not wanted:
        raise ContactNotFound("give the name of a contact (file name, name or alias)")
    keyed = [(c, _keys(c)) for c in contacts]
    tiers: tuple[Callable[[list[str]], bool], ...] = (
        # Tiers, most exact first: a note's path always reaches it, whatever else matches.
        lambda keys: keys[0] == wanted,  # the path without .md
        lambda keys: wanted in keys[1:3],  # file name, `name`
        lambda keys: wanted in keys[3:],  # aliases
        lambda keys: any(key.startswith(wanted) for key in keys),
    )
    for tier in tiers:
        matches = [c for c, keys in keyed if tier(keys)]
        if len(matches) == 1:
            return matches[0]
        if matches:
            listed = "\n".join(f"  {_label(c)}" for c in sorted(matches, key=_label))
            raise AmbiguousContact(
                f"'{query}' matches {len(matches)} contacts; say which one "
                f"(a longer name, or the note's path as shown):\n{listed}"
            )
    names = {c.name.casefold(): c for c in contacts}
    close = difflib.get_close_matches(wanted, list(names), n=5, cutoff=0.6)
    hint = ""
    if close:
        hint = "\nDid you mean:\n" + "\n".join(f"  {_label(names[n])}" for n in close)
    raise ContactNotFound(
        f"no contact matches '{query}'.{hint}\n"
        "Contacts are notes whose front matter has interactions, cadence, next or birthday; "
        "`followup check` lists notes that could not be read."
    )
