"""Contact files turned into rows to import: vCards, LinkedIn's export, any CSV with names.

Pure of the vault: each importer takes a file's bytes and its name as the user gave it,
and gives rows and problems (with the line, or the card's number). Which contacts are
new, and writing their notes, is the use case's (`app/importing.py`).
"""

from __future__ import annotations

import contextlib

from followup_md.importers.rows import Parsed, Row

VCARD_SUFFIXES = (".vcf", ".vcard")


def read_contacts(name: str, data: bytes) -> Parsed:
    """The rows of one file: a vCard file by its suffix or its first line, else a CSV."""
    from followup_md.importers import tables, vcard

    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16, as some Windows tools export
        with contextlib.suppress(UnicodeDecodeError):  # else each card or row says so
            data = data.decode("utf-16").encode("utf-8")
    head = data[:200].lstrip(b"\xef\xbb\xbf \t\r\n").upper()
    if name.lower().endswith(VCARD_SUFFIXES) or head.startswith(b"BEGIN:VCARD"):
        return vcard.read_vcards(name, data)
    return tables.read_table(name, data)


__all__ = ["Parsed", "Row", "read_contacts"]
