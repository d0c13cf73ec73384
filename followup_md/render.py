"""Presenting an agenda: the Markdown note, the terminal text, and the JSON shape.

Pure functions of the values the engine returns. The terminal text carries ANSI
styles; the CLI's echo strips them when the output is not a terminal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from followup_md.model import (
    AGENDA_MARKER,
    BUCKETS,
    Agenda,
    AgendaItem,
    Contact,
    Due,
    Interaction,
    Problem,
    Quiet,
)

TERMINAL_LATER_LIMIT = 10
"""The terminal lists this many `later` items; the agenda note and --json list them all."""

# ------------------------------------------------------------------ small helpers


def weekday_date(date: dt.date) -> str:
    return f"{date:%a} {date.isoformat()}"


def delta(days: int) -> str:
    """`3 days overdue`, `today`, `tomorrow`, `in 5 days`."""
    if days < 0:
        return f"{-days} day overdue" if days == -1 else f"{-days} days overdue"
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def wikilink(contact: Contact) -> str:
    """`[[folder/Note|Name]]`; characters that would break the link are replaced."""
    target = contact.link_target.replace("|", "-").replace("[", "(").replace("]", ")")
    label = contact.name.replace("|", "-").replace("[", "(").replace("]", ")")
    return f"[[{target}]]" if label == target else f"[[{target}|{label}]]"


def summary_counts(agenda: Agenda) -> list[str]:
    counts = {name: len(agenda.bucket(name)) for name in ("overdue", "today", "upcoming", "later")}
    parts = [
        f"{counts['overdue']} overdue",
        f"{counts['today']} today",
        f"{counts['upcoming']} in the next {_plural(agenda.horizon, 'day')}",
        f"{counts['later']} later",
    ]
    if agenda.quiet:
        parts.append(f"{len(agenda.quiet)} gone quiet")
    if agenda.problems:
        parts.append(_plural(len(agenda.problems), "problem"))
    return parts


def _when_notes(due: Due) -> list[str]:
    notes = []
    if due.shifted_from is not None:
        notes.append(f"moved from {weekday_date(due.shifted_from)}")
    return notes


def _objective(due: Due) -> str | None:
    objective = due.contact.objective
    return _one_line(objective) if objective else None


# ------------------------------------------------------------------------ Markdown


class LineMemo:
    """Rendered agenda lines of unchanged items, for a long-running caller (the watcher).

    Keyed by the item object itself (kept alive here, so its id is never reused);
    an item is the same object only while its contact, settings and today are.
    """

    def __init__(self) -> None:
        self._lines: dict[int, tuple[AgendaItem, str]] = {}

    def line(self, item: AgendaItem) -> str:
        known = self._lines.get(id(item))
        if known is not None and known[0] is item:
            return known[1]  # a hit allocates nothing: no garbage for the collector to chase
        text = _markdown_item(item)
        self._lines[id(item)] = (item, text)
        return text

    def done(self, agenda: Agenda) -> None:
        """Forget the lines of items gone from the agenda, once they pile up."""
        if len(self._lines) > 2 * len(agenda.items) + 64:
            current = {id(item) for item in agenda.items}
            self._lines = {key: value for key, value in self._lines.items() if key in current}


def agenda_markdown(agenda: Agenda, memo: LineMemo | None = None) -> str:
    """The agenda note: reads well in Obsidian (wikilinks, a collapsed callout) and as text.

    `memo` only saves work: the text is the same with or without it.
    """
    memo = memo or LineMemo()
    try:
        return _agenda_markdown(agenda, memo.line)
    finally:
        memo.done(agenda)


def _agenda_markdown(agenda: Agenda, item_line: Callable[[AgendaItem], str]) -> str:
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
        (f"Next {_plural(agenda.horizon, 'day')}", agenda.bucket("upcoming")),
    )
    for title, items in sections:
        lines += [f"## {title}", ""]
        lines += [item_line(item) for item in items] or ["Nothing due."]
        lines.append("")
    later = agenda.bucket("later")
    if later:
        lines += ["## Later", "", f"> [!note]- {_plural(len(later), 'contact')} due later"]
        lines += ["> " + item_line(item) for item in later]
        lines.append("")
    if agenda.quiet:
        lines += ["## Gone quiet", ""]
        lines += [_markdown_quiet(quiet) for quiet in agenda.quiet]
        lines.append("")
    if agenda.problems:
        lines += ["## Problems", ""]
        lines += [_markdown_problem(problem) for problem in agenda.problems]
        lines.append("")
    return "\n".join(lines)


def _markdown_item(item: AgendaItem) -> str:
    due = item.due
    when = f"{weekday_date(due.date)} ({delta(item.days)}"
    when += "".join(f", {note}" for note in _when_notes(due)) + ")"
    parts = [f"- {wikilink(due.contact)}", when]
    if due.channel:
        parts.append(due.channel)
    parts.append(due.reason)
    objective = _objective(due)
    if objective:
        parts.append(f"Objective: {objective}")
    return " · ".join(parts)


def _quiet_text(quiet: Quiet) -> str:
    text = (
        f"no reply to {_plural(quiet.unanswered, 'message')}, "
        f"the last on {quiet.last.date.isoformat()}"
    )
    if quiet.cadence_due is not None:
        return f"{text}; keep-in-touch cadence resumes {quiet.cadence_due.isoformat()}"
    return f"{text}; no more nudges (set a cadence to stay in touch, or close the contact)"


def _markdown_quiet(quiet: Quiet) -> str:
    return f"- {wikilink(quiet.contact)} · {_quiet_text(quiet)}"


def _markdown_problem(problem: Problem) -> str:
    where = f"line {problem.line}: " if problem.line else ""
    target = problem.path[:-3] if problem.path.lower().endswith(".md") else problem.path
    return f"- [[{target}]] {where}{problem.message}"


# ------------------------------------------------------------------------ terminal

_STYLES = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}


def _plain(text: str, *names: str) -> str:
    return text


def style(text: str, *names: str) -> str:
    codes = ";".join(_STYLES[name] for name in names)
    return f"\x1b[{codes}m{text}\x1b[0m" if codes else text


_BUCKET_TITLES = {"overdue": "Overdue", "today": "Today", "later": "Later"}
_BUCKET_STYLES = {"overdue": ("red",), "today": ("yellow",), "upcoming": (), "later": ("dim",)}


def agenda_text(agenda: Agenda, color: bool = True) -> str:
    """The readable terminal summary of an agenda; plain when `color` is off.

    (Plain text for a pipe, rather than styles for the CLI to strip from megabytes.)
    """
    paint = style if color else _plain
    lines = [
        paint(f"Follow-ups as of {weekday_date(agenda.today)}", "bold")
        + ": "
        + ", ".join(summary_counts(agenda))
    ]
    for bucket in BUCKETS:
        items = agenda.bucket(bucket)
        if not items:
            continue
        title = _BUCKET_TITLES.get(bucket, f"Next {_plural(agenda.horizon, 'day')}")
        lines += ["", paint(f"{title} ({len(items)})", "bold", *_BUCKET_STYLES[bucket])]
        shown = items[:TERMINAL_LATER_LIMIT] if bucket == "later" else items
        for item in shown:
            lines += _text_item(item, paint)
        if len(shown) < len(items):
            lines.append(paint(f"  … and {len(items) - len(shown)} more in the agenda note", "dim"))
    if not agenda.items:
        lines += ["", "Nothing is due. Log an interaction or set a cadence to get reminders."]
    if agenda.quiet:
        lines += ["", paint(f"Gone quiet ({len(agenda.quiet)})", "bold")]
        lines += [f"  {quiet.contact.name}: {_quiet_text(quiet)}" for quiet in agenda.quiet]
    if agenda.problems:
        lines += ["", paint(f"Problems ({len(agenda.problems)})", "bold", "red")]
        lines += [f"  {problem}" for problem in agenda.problems]
    return "\n".join(lines)


def _text_item(item: AgendaItem, paint: Callable[..., str]) -> list[str]:
    due = item.due
    when = f"{weekday_date(due.date)}  {delta(item.days)}"
    when += "".join(f" ({note})" for note in _when_notes(due))
    head = f"  {paint(due.contact.name, 'bold')}  {when}"
    if due.channel:
        head += f"  via {due.channel}"
    lines = [head, f"      {due.reason}"]
    objective = _objective(due)
    if objective:
        lines.append(f"      Objective: {objective}")
    return lines


# ---------------------------------------------------------------------------- show


def contact_text(
    contact: Contact,
    history: list[Interaction],
    item: AgendaItem | None,
    quiet: Quiet | None,
    problems: Iterable[Problem],
) -> str:
    """`followup show`: who, the timeline, the next follow-up and exactly why."""
    lines = [f"{style(contact.name, 'bold')}  ({contact.path})"]
    facts = [f"status {contact.status}"]
    if contact.channel:
        facts.append(f"prefers {contact.channel}")
    if contact.cadence:
        facts.append(f"cadence {contact.cadence.every()}")
    if contact.tags:
        facts.append(" ".join(f"#{tag}" for tag in contact.tags))
    lines.append("  " + " · ".join(facts))
    details = [
        f"{label}: {value}"
        for label, value in (
            ("company", contact.company),
            ("email", contact.email),
            ("phone", contact.phone),
            ("aliases", ", ".join(contact.aliases)),
        )
        if value
    ]
    if details:
        lines.append("  " + " · ".join(details))
    if contact.objective:
        lines.append(f"  objective: {_one_line(contact.objective)}")

    lines += ["", style("Timeline", "bold")]
    if not history:
        lines.append("  (no interactions yet)")
    for interaction in history:
        marker = "←" if interaction.direction == "in" else "→"
        row = f"  {interaction.date.isoformat()}  {marker} {interaction.type}"
        if interaction.channel:
            row += f" via {interaction.channel}"
        if interaction.summary:
            row += f": {_one_line(interaction.summary)}"
        extras = []
        if interaction.follow_up is not None:
            extras.append(f"follow_up {interaction.follow_up}")
        if interaction.outcome:
            extras.append(f"outcome {interaction.outcome}")
        if extras:
            row += f"  [{', '.join(extras)}]"
        lines.append(row)

    lines += ["", style("Next follow-up", "bold")]
    if contact.status != "active":
        lines.append(f"  none: the contact is {contact.status} (set status: active to resume)")
    elif item is None:
        lines.append("  none scheduled: no interaction rule, cadence or `next` applies")
    else:
        due = item.due
        head = f"  {weekday_date(due.date)} ({delta(item.days)})"
        if due.channel:
            head += f" via {due.channel}"
        lines.append(head)
        lines.append(f"  rule: {due.rule}: {due.reason}")
        if due.basis is not None:
            where = f" (line {due.basis.line})" if due.basis.line else ""
            lines.append(f"  from: {due.basis.describe()}{where}")
        if due.snoozed_from is not None:
            lines.append(f"  snoozed: would have been {due.snoozed_from.isoformat()}")
        if due.shifted_from is not None:
            lines.append(f"  moved from {weekday_date(due.shifted_from)} (weekend or holiday)")
        objective = _objective(due)
        if objective:
            lines.append(f"  objective: {objective}")
    if quiet is not None:
        lines.append(f"  gone quiet: {_quiet_text(quiet)}")
    problem_lines = [f"  {problem}" for problem in problems]
    if problem_lines:
        lines += ["", style("Problems", "bold", "red"), *problem_lines]
    return "\n".join(lines)


# ---------------------------------------------------------------------------- JSON


def _interaction_json(interaction: Interaction | None) -> dict[str, Any] | None:
    if interaction is None:
        return None
    return {
        "date": interaction.date.isoformat(),
        "type": interaction.type,
        "direction": interaction.direction,
        "channel": interaction.channel,
        "summary": interaction.summary,
        "line": interaction.line,
    }


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


def item_json(item: AgendaItem) -> dict[str, Any]:
    due = item.due
    return {
        "name": due.contact.name,
        "path": due.contact.path,
        "due": due.date.isoformat(),
        "bucket": item.bucket,
        "days": item.days,
        "rule": due.rule,
        "reason": due.reason,
        "channel": due.channel,
        "objective": due.contact.objective,
        "nudge": due.nudge,
        "based_on": _interaction_json(due.basis),
        "snoozed_from": _iso(due.snoozed_from),
        "shifted_from": _iso(due.shifted_from),
    }


def problem_json(problem: Problem) -> dict[str, Any]:
    return {"path": problem.path, "line": problem.line, "message": problem.message}


def agenda_json_text(agenda: Agenda) -> str:
    """`agenda_json` as the indented text `--json` prints."""
    import json

    return json.dumps(agenda_json(agenda), indent=2, ensure_ascii=False)


def agenda_json(agenda: Agenda) -> dict[str, Any]:
    """The `--json` object: today, every due item, the quiet contacts, the problems."""
    return {
        "today": agenda.today.isoformat(),
        "items": [item_json(item) for item in agenda.items],
        "quiet": [
            {
                "name": quiet.contact.name,
                "path": quiet.contact.path,
                "unanswered": quiet.unanswered,
                "last": _interaction_json(quiet.last),
                "cadence_due": _iso(quiet.cadence_due),
            }
            for quiet in agenda.quiet
        ],
        "problems": [problem_json(problem) for problem in agenda.problems],
    }
