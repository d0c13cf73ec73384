"""`followup stats`: every contact with its whole history, the stats, their note.

The notes are read as the agenda reads them (through the cache), where each contact
keeps only the tail of its history a plan needs; the notes whose history was cut
(`Contact.logged` says how many interactions the note holds) are then read again in
full. A warm run re-reads only those.
"""

from __future__ import annotations

import datetime as dt

from followup_md.app.agenda import read
from followup_md.app.vaults import Vault
from followup_md.core.model import Contact
from followup_md.core.stats import Stats, compute
from followup_md.vault.index import Progress
from followup_md.vault.stats_note import write_stats_note
from followup_md.vault.store import Store


def whole_contacts(vault: Vault, progress: Progress | None = None) -> list[Contact]:
    """Every contact of the vault, each with every interaction its note holds."""
    scan = read(vault, progress=progress)
    cut = [c.path for c in scan.contacts if c.logged > len(c.interactions)]
    if not cut:
        return list(scan.contacts)
    store = Store(vault.root, vault.settings, ignore=vault.ignore)
    again = dict(zip(cut, store.read_whole(cut, progress), strict=True))
    whole: list[Contact] = []
    for contact in scan.contacts:
        parsed = again.get(contact.path)
        # A note changed or gone since the scan: what the scan read still stands.
        whole.append(parsed.contact if parsed is not None and parsed.contact else contact)
    return whole


def stats(
    vault: Vault, today: dt.date, since: dt.date | None = None, progress: Progress | None = None
) -> Stats:
    """The vault's stats as of `today`, counting from `since` (all the history when None)."""
    return compute(whole_contacts(vault, progress), vault.settings, today, since)


def write_note(vault: Vault, markdown: str) -> bool:
    """Write the stats note (`stats_file`) if its content changed; True when it was written.
    A note of the user's at that path is never replaced (ConfigError says how to fix it)."""
    return write_stats_note(vault.root, vault.settings.stats_file, markdown)
