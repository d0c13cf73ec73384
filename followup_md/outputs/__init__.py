"""Presenting an agenda: the agenda note (Markdown), terminal text, JSON; chosen by name.

`formatter(kind, tag=..., limit=...)` gives a fresh formatter for one kind of output (`tag`,
the `tasks_tag` setting, is for the agenda note's task lines; `limit`, the `agenda_lines`
setting, caps the sections beyond the horizon, None for everything: `agenda --all`). A long-running
caller (the watcher) keeps its formatters, and the Markdown one then re-renders only
the lines of items that changed.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from followup_md.core.model import Agenda

Formatter = Callable[[Agenda], str]


def _text(tag: str, limit: int | None) -> Formatter:
    from followup_md.outputs import terminal

    return partial(terminal.agenda_text, limit=limit)


def _plain(tag: str, limit: int | None) -> Formatter:
    from followup_md.outputs import terminal

    return partial(terminal.plain_agenda_text, limit=limit)


def _markdown(tag: str, limit: int | None) -> Formatter:
    from followup_md.outputs import markdown

    return markdown.AgendaNote(tag, limit)


def _json(tag: str, limit: int | None) -> Formatter:
    from followup_md.outputs import json as json_out

    return json_out.agenda_json_text


_FORMATTERS: dict[str, Callable[[str, int | None], Formatter]] = {
    "text": _text,
    "plain": _plain,
    "markdown": _markdown,
    "json": _json,
}
"""Each kind's maker; its module is imported when first made (a terminal run never loads
the agenda note's task lines)."""

KINDS = tuple(_FORMATTERS)
"""text (a terminal, with styles), plain (a pipe), markdown (the agenda note), json."""


def formatter(kind: str, *, tag: str = "", limit: int | None = None) -> Formatter:
    """A new formatter for `kind`, one of KINDS; `tag` goes on every agenda-note task line;
    `limit` caps the sections beyond the horizon (None: everything)."""
    return _FORMATTERS[kind](tag, limit)
