"""New contact notes, for `add` and `import`: where the note goes, the vault's template,
and the note's text, proven to read back as the contact asked for before it is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from followup_md.app.vaults import Vault
from followup_md.core.durations import parse_duration
from followup_md.core.model import Contact
from followup_md.errors import ConfigError, EditRefused, NoteExists, OutsideVault
from followup_md.files import inside
from followup_md.notes import create


def new_note_path(vault: Vault, name: str, file_name: str) -> str:
    """The vault-relative path of a new contact's note; refused at the agenda note's."""
    folder = vault.settings.contacts_folder
    rel = f"{folder}/{file_name}.md" if folder else f"{file_name}.md"
    if vault.is_agenda_note(rel):
        raise NoteExists(
            f"'{name}' would be written at {rel}, where followup writes the agenda note "
            f"(agenda_file: {vault.settings.agenda_file}); nothing was written. Give the "
            "contact another name, or set agenda_file in .followup.yaml to another path"
        )
    return rel


def contact_template(vault: Vault) -> str | None:
    """The text of the vault's `contact_template` note, or None when none is set."""
    template_name = vault.settings.contact_template
    if not template_name:
        return None
    template_file = vault.root / template_name
    if not inside(vault.root, template_file):
        raise OutsideVault(f"contact_template {template_name} leads outside the vault")
    try:
        return template_file.read_text("utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(
            f"contact_template {template_name} does not exist in {vault.root}; "
            "fix contact_template in .followup.yaml or create that note"
        ) from None


def new_note_text(
    vault: Vault,
    name: str,
    file_name: str,
    fields: dict[str, create.FieldValue],
    now: dt.datetime,
    template: str | None,
    scalar: Callable[[str], str] | None = None,
) -> str:
    """A new contact note's text, from `template` (its text) or the built-in one, proven
    to read back as the contact with the given fields. The note says when it was added
    (`added:`, today) unless the template has its own `added` or `created`. `scalar`
    writes a value (default: the writer's `format_value`; an import caches it)."""
    from followup_md.notes import writer as edit
    from followup_md.notes.reader import parse_note

    scalar = scalar or edit.format_value

    fields = {key: value for key, value in fields.items() if value not in (None, "", [])}
    if file_name != name:
        fields = {"name": name, **fields}
    if template is not None:
        filled = create.fill_template(template, name, now)
        if not create.template_keys(filled) & set(create.DATE_ADDED_KEYS):
            fields = {**fields, "added": now.date()}
        text = create.merge_into_template(filled, fields, scalar)
    else:
        fields = {**fields, "added": now.date()}
        text = create.builtin_note(fields, scalar)
    rel = new_note_path(vault, name, file_name)
    _prove_new_contact(parse_note(text.encode("utf-8"), rel).contact, name, fields, rel)
    return text


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
        "added": contact.added,
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
