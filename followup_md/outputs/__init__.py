"""Presenting an agenda: the agenda note (Markdown), terminal text, JSON; chosen by name.

`formatter(kind)` gives a fresh formatter for one kind of output. A long-running
caller (the watcher) keeps its formatters, and the Markdown one then re-renders only
the lines of items that changed.
"""

from __future__ import annotations

from collections.abc import Callable

from followup_md.core.model import Agenda
from followup_md.outputs import json as json_out
from followup_md.outputs import markdown, terminal

Formatter = Callable[[Agenda], str]

_FORMATTERS: dict[str, Callable[[], Formatter]] = {
    "text": lambda: terminal.agenda_text,
    "plain": lambda: terminal.plain_agenda_text,
    "markdown": markdown.AgendaNote,
    "json": lambda: json_out.agenda_json_text,
}

KINDS = tuple(_FORMATTERS)
"""text (a terminal, with styles), plain (a pipe), markdown (the agenda note), json."""


def formatter(kind: str) -> Formatter:
    """A new formatter for `kind`, one of KINDS."""
    return _FORMATTERS[kind]()
