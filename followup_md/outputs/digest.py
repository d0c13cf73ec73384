"""The daily digest: one line saying who is due today or overdue, for `followup digest`,
a status bar, cron, and the watcher's desktop notification."""

from __future__ import annotations

from followup_md.core.durations import plural
from followup_md.core.model import Agenda
from followup_md.outputs.escape import shown

MOST_NAMES = 5
"""Names shown before "and N more"."""


def due_names(agenda: Agenda) -> list[str]:
    """Who is due today or overdue, the most overdue first, each contact once."""
    items = (*agenda.bucket("overdue"), *agenda.bucket("today"))
    names: dict[str, str] = {}
    for item in items:
        contact = item.due.contact
        names.setdefault(contact.path, shown(contact.name))
    return list(names.values())


def digest_text(agenda: Agenda) -> str | None:
    """ "3 follow-ups due: Alice, Bob, Chen"; None when nothing is due today or overdue."""
    names = due_names(agenda)
    if not names:
        return None
    listed = ", ".join(names[:MOST_NAMES])
    if len(names) > MOST_NAMES:
        listed += f" and {len(names) - MOST_NAMES} more"
    return f"{plural(len(names), 'follow-up')} due: {listed}"
