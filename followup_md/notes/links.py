"""Reading a dated note for mentions: its date, and the names its body links to.

A note that is not a contact counts when it is dated: a daily note (its path says its
date, as Obsidian's Daily notes settings name it) or a note whose front matter has a
`date`. Only the body's links count, never those in front-matter properties. The read
is bounded like every other: at most MAX_BODY bytes of the body are searched.
"""

from __future__ import annotations

import re

from followup_md.core.durations import to_date
from followup_md.core.mentions import DailyNotes, Dated
from followup_md.core.wikilinks import link_targets
from followup_md.notes.frontmatter import _opening_end, find_front_matter
from followup_md.notes.limits import FIRST_BLOCK, MAX_FRONT_MATTER
from followup_md.notes.yaml_fast import load_yaml

MAX_BODY = 2**20
"""Bytes of a dated note's body searched for links; a longer body's rest is not read."""

_DATE_KEY = re.compile(rb"^date[ \t]*:", re.M)


def dated_note(file: str, path: str, daily: DailyNotes) -> Dated | None:
    """The note's date and links when it is a dated note linking to something, else None.

    Never raises: a note that cannot be read or whose front matter cannot be parsed
    (its problems are the reader's to report) simply mentions nobody.
    """
    try:
        with open(file, "rb") as handle:
            raw = handle.read(FIRST_BLOCK + MAX_FRONT_MATTER + MAX_BODY)
        return _dated(raw, path, daily)
    except Exception:  # noqa: BLE001 (unreadable, or not ours to judge: no mention)
        return None


def _dated(raw: bytes, path: str, daily: DailyNotes) -> Dated | None:
    date = daily.date_of(path)
    body = raw
    front = find_front_matter(raw)
    if front is not None:
        start = _opening_end(raw) or 0
        closing = raw.find(b"\n", start + len(front.yaml))
        body = raw[closing + 1 :] if closing != -1 else b""
        if date is None and _DATE_KEY.search(front.yaml):
            data = load_yaml(front.yaml.decode("utf-8"), front.first_line).data
            value = data.get("date") if isinstance(data, dict) else None
            date = to_date(value) if value is not None else None
    if date is None:
        return None
    targets = link_targets(body[:MAX_BODY].decode("utf-8", "replace"))
    return Dated(date, targets) if targets else None
