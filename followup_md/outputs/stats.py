"""`followup stats` for a terminal (a compact table) and as `--json` (the same numbers).

User text (channels, types, outcome words) goes through `escape.shown`. Rates are
shown as whole percents rounded half up from the counts themselves, never from a float.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from followup_md.core.stats import LOAD_DAYS, Stats, Tally
from followup_md.core.timeliness import Timeliness
from followup_md.outputs.escape import shown
from followup_md.outputs.wording import weekday_date

LABEL_WIDTH = 24
"""Longer labels are cut in the table (the JSON keeps them whole)."""

COLUMNS = ("sent", "answered", "no reply", "waiting", "rate", "median days")

NUDGE_NAMES = {0: "first message", 1: "nudge 1"}


def percent(part: int, whole: int) -> str:
    """`67%`: part of whole, rounded half up; `-` when whole is 0."""
    if not whole:
        return "-"
    return f"{(200 * part + whole) // (2 * whole)}%"


def days_text(value: float | None) -> str:
    """`3`, `2.5`, or `-` when there is nothing to take the median of."""
    if value is None:
        return "-"
    return str(int(value)) if value == int(value) else f"{value:g}"


def nudge_name(number: int) -> str:
    return NUDGE_NAMES.get(number, f"nudge {number}")


def heading(stats: Stats) -> str:
    """`as of Sun 2026-11-22, all history; a reply counts within 2 weeks`."""
    span = f"since {stats.since.isoformat()}" if stats.since else "all history"
    return f"as of {weekday_date(stats.today)}, {span}; a reply counts within {stats.window}"


def tally_cells(tally: Tally) -> list[str]:
    decided = tally.decided
    return [
        str(tally.sent),
        str(tally.answered),
        str(tally.unanswered),
        str(tally.waiting),
        percent(tally.answered, decided),
        days_text(tally.median_days),
    ]


def label(text: str) -> str:
    text = shown(text)
    return text if len(text) <= LABEL_WIDTH else text[: LABEL_WIDTH - 1] + "…"


def tally_sections(stats: Stats) -> list[tuple[str, list[tuple[str, Tally]]]]:
    """The table's sections: (title, rows of label and tally)."""
    return [
        ("by channel", [(label(k), t) for k, t in stats.by_channel]),
        ("by type", [(label(k), t) for k, t in stats.by_type]),
        ("by profile", [(label(k), t) for k, t in stats.by_profile]),
        ("by nudge", [(nudge_name(k), t) for k, t in stats.by_nudge]),
    ]


def timeliness_text(timeliness: Timeliness) -> str:
    if not timeliness.judged:
        return "nothing was due before any interaction of yours"
    text = (
        f"{timeliness.on_time} of {timeliness.judged} "
        f"({percent(timeliness.on_time, timeliness.judged)}) on or before the date they were due"
    )
    if timeliness.late:
        text += f"; {timeliness.late} late, by a median of {days_text(timeliness.median_late)} days"
    return text


def outcomes_text(stats: Stats) -> str:
    if not stats.outcomes:
        return "none recorded"
    return ", ".join(f"{shown(word)} {count}" for word, count in stats.outcomes)


def conversion_text(stats: Stats) -> str:
    return (
        f"{stats.converted} of {stats.reached} contacts you wrote to "
        f"({percent(stats.converted, stats.reached)}) have an outcome `converted`"
    )


def load_text(stats: Stats) -> str:
    load = stats.load
    return (
        f"{load.overdue} overdue, {load.due_this_week} due within {LOAD_DAYS} days, "
        f"{load.missed} missed, {load.quiet} gone quiet"
    )


def stats_text(stats: Stats, color: bool = False) -> str:
    """The terminal's compact table and the lines below it."""
    bold = (lambda text: f"\x1b[1m{text}\x1b[0m") if color else (lambda text: text)
    rows: list[tuple[str, Sequence[str]]] = [
        ("messages", COLUMNS),
        ("all", tally_cells(stats.messages)),
    ]
    for title, section in tally_sections(stats):
        if section:
            rows.append((title, ()))
            rows += [("  " + name, tally_cells(tally)) for name, tally in section]
    lines = [bold(f"Follow-up stats {heading(stats)}"), ""]
    lines += _table(rows, bold)
    lines += [
        "",
        f"On time:    {timeliness_text(stats.timeliness)}",
        f"Outcomes:   {outcomes_text(stats)}",
        f"Conversion: {conversion_text(stats)}",
        f"Today:      {load_text(stats)}",
    ]
    return "\n".join(lines)


def _table(rows: list[tuple[str, Sequence[str]]], bold: Any) -> list[str]:
    """Rows aligned: the label left, each number right under its column's name."""
    first = max(len(name) for name, _ in rows)
    widths = [max(len(cells[i]) for _, cells in rows if cells) for i in range(len(COLUMNS))]
    lines = []
    for index, (name, cells) in enumerate(rows):
        if not cells:
            lines.append(bold(name))
            continue
        text = name.ljust(first) + "".join(
            "  " + cell.rjust(width) for cell, width in zip(cells, widths, strict=True)
        )
        lines.append(bold(text) if index == 0 else text)
    return lines


# ------------------------------------------------------------------ --json


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def tally_json(tally: Tally) -> dict[str, Any]:
    decided = tally.decided
    return {
        "sent": tally.sent,
        "answered": tally.answered,
        "unanswered": tally.unanswered,
        "waiting": tally.waiting,
        "rate": _rate(tally.answered, decided),
        "median_days": tally.median_days,
    }


def _tallies(name: str, pairs: Iterable[tuple[Any, Tally]]) -> list[dict[str, Any]]:
    return [{name: key, **tally_json(tally)} for key, tally in pairs]


def stats_json(stats: Stats) -> dict[str, Any]:
    """`stats --json`: every number the table and the note show."""
    timeliness, load = stats.timeliness, stats.load
    return {
        "today": stats.today.isoformat(),
        "since": stats.since.isoformat() if stats.since else None,
        "reply_window": str(stats.window),
        "messages": tally_json(stats.messages),
        "by_channel": _tallies("channel", stats.by_channel),
        "by_type": _tallies("type", stats.by_type),
        "by_profile": _tallies("profile", stats.by_profile),
        "by_nudge": _tallies("nudge", stats.by_nudge),
        "timeliness": {
            "judged": timeliness.judged,
            "on_time": timeliness.on_time,
            "late": timeliness.late,
            "rate": _rate(timeliness.on_time, timeliness.judged),
            "median_days_late": timeliness.median_late,
            "by_rule": [
                {"rule": rule, "on_time": on_time, "late": late}
                for rule, on_time, late in timeliness.by_rule
            ],
        },
        "outcomes": dict(stats.outcomes),
        "conversion": {
            "contacts": stats.reached,
            "converted": stats.converted,
            "rate": _rate(stats.converted, stats.reached),
        },
        "load": {
            "overdue": load.overdue,
            "due_this_week": load.due_this_week,
            "missed": load.missed,
            "quiet": load.quiet,
        },
        "weeks": [{"week": monday.isoformat(), "interactions": n} for monday, n in stats.weeks],
    }
