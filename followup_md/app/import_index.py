"""What an import judges each row against: the emails, names and files already there.

The vault is read once (from the cache) into dictionaries, so judging a row is a look-up
whatever the vault's size. Names are compared folded: case ignored and in one Unicode
form (NFC), so "Zoë" typed on a Mac (decomposed) is the "Zoë" a note already has. The
contacts folder is listed once, so a file whose name differs only in case or form (the
same file on macOS and Windows) counts as there too, contact or not.
"""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable, Iterable, Iterator

from followup_md.app.agenda import read
from followup_md.app.contacts import _keys, note_fields
from followup_md.app.vaults import Vault
from followup_md.core.model import Contact
from followup_md.importers import Row
from followup_md.notes import create

Progress = Callable[[int, int], None]

LOOK_FOR_EMAILS = 64 * 1024
"""Bytes of a note looked at for an `emails:` key: front matter is at the top."""


def fold(text: str) -> str:
    """`text` as names are compared: case ignored, in Unicode's composed form (NFC)."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).casefold())


class Index:
    """The emails, names and file names already taken, each with where (a note's path)."""

    def __init__(self, vault: Vault, progress: Progress | None = None) -> None:
        self.root = vault.root
        self.emails: dict[str, str] = {}
        self.names: dict[str, str] = {}
        contacts = read(vault, progress=progress).contacts
        for contact in contacts:
            if contact.email:
                self.emails.setdefault(contact.email.casefold(), contact.path)
            for key in _keys(contact):
                self.names.setdefault(fold(key), contact.path)
        for path, email in _listed_emails(vault, contacts):
            self.emails.setdefault(email.casefold(), path)
        self.files = _files(vault)

    def taken(self, row: Row, file_name: str, rel: str) -> str | None:
        """Why the row is already in the vault (or earlier in the import), or None;
        `rel` is where its note would be written."""
        for email in row.emails:
            if (path := self.emails.get(email.casefold())) is not None:
                return f"same email as {path}"
        for key in (fold(row.name), fold(file_name)):
            if (path := self.names.get(key)) is not None:
                if not row.emails:
                    return f"same name as {path}"
                return (
                    f"a contact of this name already exists with another email: {path}; "
                    "if it is the same person, add the address to that note by hand"
                )
        return self._file_there(rel)

    def add(self, row: Row, file_name: str, path: str) -> None:
        for email in row.emails:
            self.emails.setdefault(email.casefold(), path)
        for key in (fold(row.name), fold(file_name)):
            self.names.setdefault(key, path)
        self.files.setdefault(fold(path), path)

    def _file_there(self, rel: str) -> str | None:
        """Why a file already holds `rel`'s place (its name in any case or form), or None."""
        path = self.files.get(fold(rel))
        if path is None and (self.root / rel).exists():  # a folder that could not be listed
            path = rel
        if path is None:
            return None
        if create.looks_torn(self.root / path):
            return (
                f"a note already exists at {path} and is empty, or its front matter is never "
                "closed: probably left by an import that was cut off (a crash). Check it and "
                "delete it by hand, then import again; nothing was written over it"
            )
        same = "" if path == rel else f", {rel} in another case: the same file on macOS and Windows"
        return (
            f"a note already exists at {path} (not read as a contact{same}): "
            "nothing was written over it"
        )


def _files(vault: Vault) -> dict[str, str]:
    """The contacts folder's entries, folded, each with its vault-relative path."""
    folder = vault.settings.contacts_folder
    prefix = f"{folder}/" if folder else ""
    try:
        with os.scandir(vault.root / folder if folder else vault.root) as entries:
            return {fold(prefix + entry.name): prefix + entry.name for entry in entries}
    except OSError:  # no such folder yet, or not one
        return {}


def _listed_emails(vault: Vault, contacts: Iterable[Contact]) -> Iterator[tuple[str, str]]:
    """Every address of the contacts' `emails` lists (the cache keeps only `email`): each
    note's bytes are looked at (10,000 notes: 0.1 s), and only a note holding a top-level
    `emails:` key is parsed."""
    for contact in contacts:
        file = vault.root / contact.path
        try:
            with file.open("rb") as handle:
                head = handle.read(LOOK_FOR_EMAILS)
        except OSError:
            continue
        if not (head.startswith(b"emails:") or b"\nemails:" in head):
            continue
        listed = note_fields(file).get("emails")
        for email in listed if isinstance(listed, list) else ():
            if isinstance(email, str) and email.strip():
                yield contact.path, email.strip()
