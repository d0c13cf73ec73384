"""Text for a terminal or a pipe: the agenda and one contact's timeline.

Styles are ANSI codes; output for a pipe is built plain rather than stripped afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from followup_md.core.durations import plural
from followup_md.core.mentions import Mention
from followup_md.core.model import (
    BUCKETS,
    Agenda,
    AgendaItem,
    Contact,
    Interaction,
    Missed,
    Problem,
    Quiet,
)
from followup_md.outputs.escape import shown
from followup_md.outputs.wording import (
    _objective,
    _one_line,
    _quiet_text,
    _when_notes,
    delta,
    missed_command,
    missed_parts,
    profile_name,
    summary_counts,
    weekday_date,
)

TERMINAL_LATER_LIMIT = 10
"""The terminal lists this many `later` items (`agenda --all` and --json list them all)."""


_STYLES = {"bold": "1", "dim": "2", "red": "31", "green": "32", "yellow": "33", "cyan": "36"}


def _plain(text: str, *names: str) -> str:
    return text


def style(text: str, *names: str) -> str:
    codes = ";".join(_STYLES[name] for name in names)
    return f"\x1b[{codes}m{text}\x1b[0m" if codes else text


_BUCKET_TITLES = {"overdue": "Overdue", "today": "Today", "later": "Later"}
_BUCKET_STYLES = {"overdue": ("red",), "today": ("yellow",), "upcoming": (), "later": ("dim",)}


def agenda_text(agenda: Agenda, color: bool = True, limit: int | None = 0) -> str:
    """The readable terminal summary of an agenda; plain when `color` is off.

    (Plain text for a pipe, rather than styles for the CLI to strip from megabytes.)
    `limit` caps Missed and Gone quiet as the agenda note does, and Later at
    TERMINAL_LATER_LIMIT; None lists everything (`agenda --all`); 0 caps only Later.
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
        title = _BUCKET_TITLES.get(bucket, f"Next {plural(agenda.horizon, 'day')}")
        lines += ["", paint(f"{title} ({len(items)})", "bold", *_BUCKET_STYLES[bucket])]
        later = TERMINAL_LATER_LIMIT if limit is not None and bucket == "later" else None
        listed = items[: len(items) if later is None else later]
        for item in listed:
            lines += _text_item(item, paint)
        lines += _more(len(items), len(listed), paint)
    if not agenda.items and not agenda.missed:
        lines += ["", "Nothing is due. Log an interaction or set a cadence to get reminders."]
    cap = limit or len(agenda.missed) + len(agenda.quiet)
    if agenda.missed:
        lines += ["", paint(f"Missed ({len(agenda.missed)})", "bold")]
        lines += [_text_missed(missed, agenda) for missed in agenda.missed[:cap]]
        lines += _more(len(agenda.missed), len(agenda.missed[:cap]), paint)
    if agenda.quiet:
        lines += ["", paint(f"Gone quiet ({len(agenda.quiet)})", "bold")]
        lines += [
            f"  {shown(quiet.contact.name)}: {_quiet_text(quiet)}" for quiet in agenda.quiet[:cap]
        ]
        lines += _more(len(agenda.quiet), len(agenda.quiet[:cap]), paint)
    if agenda.problems:
        lines += ["", paint(f"Problems ({len(agenda.problems)})", "bold", "red")]
        lines += [f"  {shown(str(problem))}" for problem in agenda.problems]
    return "\n".join(lines)


def plain_agenda_text(agenda: Agenda, limit: int | None = 0) -> str:
    """The terminal summary without styles, for a pipe or a file."""
    return agenda_text(agenda, color=False, limit=limit)


def _more(count: int, listed: int, paint: Callable[..., str]) -> list[str]:
    """The line that stands for the lines a capped list leaves out, if any."""
    if listed >= count:
        return []
    return [paint(f"  … and {count - listed} more: `followup agenda --all` lists them all", "dim")]


def wrapped(text: str, width: int) -> str:
    """`text` with its reason and objective lines (indented six spaces) wrapped to
    `width`, each continuation indented two more: a hanging indent. For a terminal;
    a pipe keeps one line per field."""
    import textwrap

    out = []
    for line in text.split("\n"):
        if line.startswith(_FIELD) and not line.startswith(_FIELD + " ") and len(line) > width:
            out += textwrap.wrap(
                line[len(_FIELD) :],
                width=max(width, 30),
                initial_indent=_FIELD,
                subsequent_indent=_FIELD + "  ",
                break_long_words=False,
                break_on_hyphens=False,
            )
        else:
            out.append(line)
    return "\n".join(out)


_FIELD = "      "
"""The indent of an item's reason and objective lines."""


def _text_item(item: AgendaItem, paint: Callable[..., str]) -> list[str]:
    due = item.due
    when = f"{weekday_date(due.date)}  {delta(item.days)}"
    when += "".join(f" ({note})" for note in _when_notes(due))
    head = f"  {paint(shown(due.contact.name), 'bold')}  {when}"
    if due.channel:
        head += f"  via {shown(due.channel)}"
    lines = [head, f"      {shown(due.reason)}"]
    objective = _objective(due)
    if objective:
        lines.append(f"      Objective: {shown(objective)}")
    return lines


def _text_missed(missed: Missed, agenda: Agenda) -> str:
    parts = missed_parts(missed, agenda.today, missed_command(missed))
    return f"  {shown(missed.due.contact.name)}: " + "; ".join(parts)


# ---------------------------------------------------------------------------- show


def contact_text(
    contact: Contact,
    history: list[Interaction],
    item: AgendaItem | None,
    quiet: Quiet | None,
    problems: Iterable[Problem],
    mentions: Iterable[Mention] = (),
) -> str:
    """`followup show`: who, the timeline (with the mentions, when they count), the next
    follow-up and exactly why."""
    lines = [f"{style(shown(contact.name), 'bold')}  ({shown(contact.path)})"]
    facts = _who(contact, profile_name(contact, item))
    lines += [shown(line) for line in facts]  # user text, shown safely, then styles
    lines += ["", style("Timeline", "bold"), *map(shown, _timeline(history, mentions))]
    lines += ["", style("Next follow-up", "bold"), *map(shown, _next_follow_up(contact, item))]
    if quiet is not None:
        lines.append(f"  gone quiet: {_quiet_text(quiet)}")
    problem_lines = [f"  {shown(str(problem))}" for problem in problems]
    if problem_lines:
        lines += ["", style("Problems", "bold", "red"), *problem_lines]
    return "\n".join(lines)


def _who(contact: Contact, profile: str | None) -> list[str]:
    """The contact's facts under its name."""
    lines = []
    facts = [f"status {contact.status}"]
    if profile:
        facts.append(f"profile {profile}")
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
    return lines


def _timeline(history: list[Interaction], mentions: Iterable[Mention] = ()) -> list[str]:
    said = [(m.date, f"  {m.date.isoformat()}  @ mention in {m.source}") for m in mentions]
    if not history:
        return ["  (no interactions yet)", *(line for _, line in said)]
    lines = []
    for interaction in history:
        while said and said[0][0] < interaction.date:
            lines.append(said.pop(0)[1])
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
    return lines + [line for _, line in said]


def _next_follow_up(contact: Contact, item: AgendaItem | None) -> list[str]:
    if contact.status != "active":
        return [f"  none: the contact is {contact.status} (set status: active to resume)"]
    if item is None:
        return ["  none scheduled: no interaction rule, cadence or `next` applies"]
    due = item.due
    head = f"  {weekday_date(due.date)} ({delta(item.days)})"
    if due.channel:
        head += f" via {due.channel}"
    lines = [head, f"  rule: {due.rule}: {due.reason}"]
    if due.basis is not None:
        where = f" (line {due.basis.line})" if due.basis.line else ""
        basis = due.basis
        said = basis.summary if basis.type == "mention" and not basis.line else None
        lines.append(f"  from: {said or basis.describe()}{where}")
    if due.snoozed_from is not None:
        lines.append(f"  snoozed: would have been {due.snoozed_from.isoformat()}")
    if due.shifted_from is not None:
        lines.append(f"  moved from {weekday_date(due.shifted_from)} (weekend or holiday)")
    objective = _objective(due)
    if objective:
        lines.append(f"  objective: {objective}")
    return lines


def recorded_text(what: str, contact: Contact, item: AgendaItem | None, quiet: Quiet | None) -> str:
    """After a change: what was done to which note, then the next follow-up, in words."""
    head = f"{what} — {shown(contact.name)} ({shown(contact.path)})"
    if item is not None:
        due = item.due
        channel = f" via {shown(due.channel)}" if due.channel else ""
        return (
            f"{head}\nNext follow-up: {weekday_date(due.date)} ({delta(item.days)})"
            f"{channel}: {shown(due.reason)}"
        )
    if contact.status != "active":
        return f"{head}\nNo follow-up: the contact is {contact.status}."
    if quiet is not None:
        return (
            f"{head}\nNo follow-up: no more nudges after the last one; "
            "set a cadence to stay in touch."
        )
    return f"{head}\nNo follow-up scheduled: add a cadence or a `next` date to get one."
