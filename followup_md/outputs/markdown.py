"""The agenda note: reads well in Obsidian (wikilinks, a collapsed callout) and as plain text."""

from __future__ import annotations

import re
from collections.abc import Callable

from followup_md.core.durations import plural
from followup_md.core.model import (
    AGENDA_MARKER,
    Agenda,
    AgendaItem,
    Contact,
    Missed,
    Problem,
    Quiet,
)
from followup_md.outputs.escape import inert, note_link, shown
from followup_md.outputs.tasks import task_tail
from followup_md.outputs.wording import (
    _objective,
    _quiet_text,
    _when_notes,
    delta,
    missed_command,
    missed_parts,
    summary_counts,
    weekday_date,
)


def wikilink(contact: Contact) -> str:
    """`[[folder/Note|Name]]`, or the safe form `escape.note_link` falls back to."""
    return note_link(contact.path, contact.name)


class LineMemo:
    """Rendered agenda lines of unchanged items, for a long-running caller (the watcher).

    Keyed by the item object itself (kept alive here, so its id is never reused);
    an item is the same object only while its contact, settings and today are.
    `tag` is the Tasks tag every line carries ("" for none).
    """

    def __init__(self, tag: str = "") -> None:
        self.tag = tag
        self._lines: dict[int, tuple[AgendaItem, str]] = {}

    def line(self, item: AgendaItem) -> str:
        known = self._lines.get(id(item))
        if known is not None and known[0] is item:
            return known[1]  # a hit allocates nothing: no garbage for the collector to chase
        text = _markdown_item(item, self.tag)
        self._lines[id(item)] = (item, text)
        return text

    def done(self, agenda: Agenda) -> None:
        """Forget the lines of items gone from the agenda, once they pile up."""
        if len(self._lines) > 2 * len(agenda.items) + 64:
            current = {id(item) for item in agenda.items}
            self._lines = {key: value for key, value in self._lines.items() if key in current}


class AgendaNote:
    """A formatter of the agenda note that remembers its lines between calls."""

    def __init__(self, tag: str = "", limit: int | None = None) -> None:
        self.memo = LineMemo(tag)
        self.limit = limit

    def __call__(self, agenda: Agenda) -> str:
        return agenda_markdown(agenda, self.memo, limit=self.limit)


ALL_LINES = "`followup agenda --all` lists them all"
"""How to see the lines a capped section leaves out."""


def agenda_markdown(
    agenda: Agenda, memo: LineMemo | None = None, tag: str = "", limit: int | None = None
) -> str:
    """The agenda note: reads well in Obsidian (wikilinks, a collapsed callout) and as text.

    Each due item is a task line the Tasks plugin reads (`outputs/tasks.py`), carrying
    `tag` (the memo's own when one is given). `memo` only saves work: the text is the
    same with or without it. `limit` caps the sections beyond the horizon (Later, Missed,
    Gone quiet) at that many lines, then says how many more; None lists everything.
    """
    memo = memo or LineMemo(tag)
    try:
        return _agenda_markdown(agenda, memo.line, limit)
    finally:
        memo.done(agenda)


def capped(count: int, limit: int | None) -> int:
    """How many of `count` lines a section capped at `limit` (None: no cap) lists."""
    return count if limit is None else min(count, limit)


def _more(count: int, listed: int, what: str, prefix: str = "") -> list[str]:
    """The line that stands for the lines a capped section leaves out, if any."""
    if listed >= count:
        return []
    return [f"{prefix}- … and {count - listed} more {what}: {ALL_LINES} (or `--json`)"]


def _agenda_markdown(
    agenda: Agenda, item_line: Callable[[AgendaItem], str], limit: int | None = None
) -> str:
    lines = [
        AGENDA_MARKER,
        "# Follow-ups",
        "",
        f"As of {weekday_date(agenda.today)}: " + ", ".join(summary_counts(agenda)) + ".",
        "",
    ]
    sections = (
        ("Overdue", agenda.bucket("overdue")),
        ("Today", agenda.bucket("today")),
        (f"Next {plural(agenda.horizon, 'day')}", agenda.bucket("upcoming")),
    )
    for title, items in sections:
        lines += [f"## {title}", ""]
        lines += [item_line(item) for item in items] or ["Nothing due."]
        lines.append("")
    later = agenda.bucket("later")
    if later:
        lines += ["## Later", "", f"> [!note]- {plural(len(later), 'contact')} due later"]
        shown_later = later[: capped(len(later), limit)]
        lines += ["> " + item_line(item) for item in shown_later]
        lines += _more(len(later), len(shown_later), "due later", "> ")
        lines.append("")
    if agenda.missed:
        missed = agenda.missed[: capped(len(agenda.missed), limit)]
        lines += ["## Missed", ""]
        lines += [_markdown_missed(one, agenda) for one in missed]
        lines += _more(len(agenda.missed), len(missed), "missed")
        lines.append("")
    if agenda.quiet:
        quiet = agenda.quiet[: capped(len(agenda.quiet), limit)]
        lines += ["## Gone quiet", ""]
        lines += [_markdown_quiet(one) for one in quiet]
        lines += _more(len(agenda.quiet), len(quiet), "gone quiet")
        lines.append("")
    if agenda.problems:
        lines += ["## Problems", ""]
        for problem in agenda.problems:
            lines.append(_markdown_problem(problem))
            if problem.kept:
                lines.append(shown(problem.kept))
        lines.append("")
    return "\n".join(lines)


def _markdown_item(item: AgendaItem, tag: str = "") -> str:
    """`- [ ] [[path|Name]] · date (delta) · channel · reason · Objective: … 📅 date[ #tag] ^id`."""
    due = item.due
    when = f"{weekday_date(due.date)} ({delta(item.days)}"
    when += "".join(f", {note}" for note in _when_notes(due)) + ")"
    parts = [f"- [ ] {wikilink(due.contact)}", when]
    if due.channel:
        parts.append(inert(shown(due.channel)))
    parts.append(inert(shown(due.reason)))
    objective = _objective(due)
    if objective:
        parts.append(f"Objective: {inert(shown(objective))}")
    return " · ".join(parts) + task_tail(due.contact, due.date, tag)


def _markdown_missed(missed: Missed, agenda: Agenda) -> str:
    command = code(missed_command(missed))
    parts = [p if command in p else inert(p) for p in missed_parts(missed, agenda.today, command)]
    return " · ".join([f"- {wikilink(missed.due.contact)}", *parts])


def code(text: str) -> str:
    """`text` as a Markdown code span, whatever backticks it holds (CommonMark)."""
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _markdown_quiet(quiet: Quiet) -> str:
    return f"- {wikilink(quiet.contact)} · {inert(_quiet_text(quiet))}"


def _markdown_problem(problem: Problem) -> str:
    where = f"line {problem.line}: " if problem.line else ""
    target = problem.path[:-3] if problem.path.lower().endswith(".md") else problem.path
    return f"- {note_link(problem.path, target)} {where}{inert(shown(problem.message))}"
