"""A note as read, packed into one line of JSON text, and back: how notes are kept.

The note index keeps every note in this form (`index.Entry`), and the note cache stores
these very lines: a note read once is packed once, by the process that read it, and is
unpacked only when it must be planned (a changed note, a new day, new settings). Text is
the most compact form Python keeps (a byte a character, which the cyclic collector never
walks), where the records it stands for cost several times as much: 10,000 notes take
about 6 MB as text, 25 MB as records.
"""

from __future__ import annotations

import json

from followup_md.core.model import ParsedNote
from followup_md.vault.codec import Codec, compact_json

NOTE: Codec[ParsedNote] = Codec(ParsedNote)
"""The layout of a packed note (its fingerprint is part of the cache format)."""

_json = compact_json

_decode = json.JSONDecoder().decode


def pack(parsed: ParsedNote) -> str:
    """The note as one line of ASCII JSON text."""
    return _json(NOTE.pack(parsed))


def unpack(text: str) -> ParsedNote:
    """The note a `pack` line stands for (ValueError or TypeError for other text)."""
    return NOTE.unpack(_decode(text))
