"""The stats note (`followup stats --write`): tables, and Mermaid charts Obsidian draws.

Mermaid's `pie` (https://mermaid.js.org/syntax/pie.html) is old and drawn everywhere:
each slice is a label in double quotes, a colon and a positive number (a slice of 0 is
an error, so it is left out). The bar charts use `xychart-beta`
(https://mermaid.js.org/syntax/xyChart.html), newer: an Obsidian whose Mermaid predates
it shows the code instead, so every such chart has the table with its numbers beside
it. Labels are quoted there too; a label cannot hold a double quote, so user text has
them replaced, and table cells have `|` escaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from followup_md.core.stats import LOAD_DAYS, STATS_MARKER, Stats, Tally
from followup_md.outputs.escape import inert, shown
from followup_md.outputs.stats import (
    COLUMNS,
    conversion_text,
    days_text,
    heading,
    nudge_name,
    percent,
    tally_cells,
    timeliness_text,
)


def stats_note(stats: Stats) -> str:
    """The whole note, ending with a newline."""
    parts = [
        STATS_MARKER,
        "# Follow-up stats",
        f"{heading(stats)[:1].upper()}{heading(stats)[1:]}. Written by `followup stats --write`.",
        _responses(stats),
        _breakdowns(stats),
        _timeliness(stats),
        _outcomes(stats),
        _load(stats),
        _weeks(stats),
    ]
    return "\n\n".join(part for part in parts if part) + "\n"


def _cell(text: str) -> str:
    return inert(shown(text)).replace("\\", "\\\\").replace("|", "\\|")


def _chart_label(text: str) -> str:
    # Mermaid reads `%%` anywhere as a comment or a directive (`%%{init: …}%%`).
    return '"' + inert(shown(text)).replace('"', "'").replace("%", "\ufe6a") + '"'


def _table(head: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _mermaid(*lines: str) -> str:
    return "\n".join(["```mermaid", lines[0], *("    " + line for line in lines[1:]), "```"])


def _responses(stats: Stats) -> str:
    tally = stats.messages
    text = (
        f"## Replies\n\n**{percent(tally.answered, tally.decided)}** of your messages got a "
        f"reply within {stats.window}: {tally.answered} of {tally.decided}, not counting "
        f"{tally.waiting} still waiting."
    )
    if tally.median_days is not None:
        text += f" A reply came after a median of {days_text(tally.median_days)} days."
    slices = [("Answered", tally.answered), ("No reply", tally.unanswered)]
    slices.append(("Waiting", tally.waiting))
    shown_slices = [f"{_chart_label(name)} : {n}" for name, n in slices if n > 0]
    if shown_slices:
        text += "\n\n" + _mermaid("pie showData title Your messages", *shown_slices)
    return text


def _breakdowns(stats: Stats) -> str:
    sections = [
        ("By channel", "channel", [(k, t) for k, t in stats.by_channel]),
        ("By type", "type", [(k, t) for k, t in stats.by_type]),
        ("By profile", "profile", [(k, t) for k, t in stats.by_profile]),
        ("By nudge", "message", [(nudge_name(k), t) for k, t in stats.by_nudge]),
    ]
    parts = []
    for title, column, rows in sections:
        if not rows:
            continue
        text = f"### {title}"
        if column == "channel":
            chart = _rate_chart(rows)
            text += f"\n\n{chart}" if chart else ""
        table = _table((column, *COLUMNS), ((_cell(k), *tally_cells(t)) for k, t in rows))
        parts.append(f"{text}\n\n{table}")
    return "\n\n".join(parts)


def _rate_chart(rows: Sequence[tuple[str, Tally]]) -> str | None:
    """Response rate by channel as bars, for the channels whose rate is known."""
    known = [(name, t) for name, t in rows if t.decided]
    if not known:
        return None
    values = [percent(t.answered, t.decided).rstrip("%") for _, t in known]
    return _mermaid(
        "xychart-beta",
        'title "Reply rate by channel (%)"',
        "x-axis [" + ", ".join(_chart_label(name) for name, _ in known) + "]",
        'y-axis "answered (%)" 0 --> 100',
        "bar [" + ", ".join(values) + "]",
    )


def _timeliness(stats: Stats) -> str:
    timeliness = stats.timeliness
    text = f"## On time\n\nFollow-ups done: {timeliness_text(timeliness)}."
    if timeliness.by_rule:
        rows = (
            (rule, str(on_time), str(late), percent(on_time, on_time + late))
            for rule, on_time, late in timeliness.by_rule
        )
        text += "\n\n" + _table(("due by rule", "on time", "late", "on time (%)"), rows)
    return text


def _outcomes(stats: Stats) -> str:
    text = f"## Outcomes\n\nConversion: {conversion_text(stats)}."
    if stats.outcomes:
        rows = ((_cell(word), str(count)) for word, count in stats.outcomes)
        text += "\n\n" + _table(("outcome", "interactions"), rows)
    return text


def _load(stats: Stats) -> str:
    load = stats.load
    rows = [
        ("overdue", str(load.overdue)),
        (f"due today or within {LOAD_DAYS} days", str(load.due_this_week)),
        ("missed", str(load.missed)),
        ("gone quiet", str(load.quiet)),
    ]
    return "## Today\n\n" + _table(("agenda", "contacts"), rows)


def _weeks(stats: Stats) -> str:
    labels = [f'"{monday:%m-%d}"' for monday, _ in stats.weeks]
    counts = [str(n) for _, n in stats.weeks]
    chart = _mermaid(
        "xychart-beta",
        f'title "Interactions per week (last {len(stats.weeks)})"',
        "x-axis [" + ", ".join(labels) + "]",
        'y-axis "interactions"',
        "bar [" + ", ".join(counts) + "]",
    )
    rows = ((monday.isoformat(), str(n)) for monday, n in stats.weeks)
    return (
        "## Interactions per week\n\n" + chart + "\n\n" + _table(("week of", "interactions"), rows)
    )
