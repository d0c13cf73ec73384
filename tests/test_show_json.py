"""`show --json`: the whole contact, in the shape the README documents; and `show`'s
missed follow-up in text."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from .conftest import Run

WriteNote = Callable[[str, "str | bytes"], Path]

DANA = """---
name: Dana Park
aliases: [DP]
email: dana@example.com
company: Acme
tags: [job]
status: active
cadence: 30d
next: 2026-12-01
my_own_key: {a: 1, when: 2026-01-02}
interactions:
  - date: 2026-11-19
    type: interview
    summary: Panel interview
  - date: 2026-11-20
    type: email
    direction: in
    channel: email
    summary: Sent the schedule
    outcome: replied
    follow_up: 2w
---
Body.
"""

KEYS = {
    "name", "path", "fields", "profile", "status", "timeline", "due", "quiet", "missed",
    "problems",
}  # fmt: skip
TIMELINE_KEYS = {
    "date", "type", "direction", "channel", "summary", "outcome", "follow_up", "line",
}  # fmt: skip


def test_show_json_shape(run: Run, write_note: WriteNote) -> None:
    write_note("Dana Park.md", DANA)
    result = run("show", "dana", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == KEYS
    assert data["name"] == "Dana Park" and data["path"] == "Dana Park.md"
    assert data["fields"] == {
        "aliases": ["DP"],
        "email": "dana@example.com",
        "company": "Acme",
        "tags": ["job"],
        "status": "active",
        "cadence": "30d",
        "next": "2026-12-01",
        "my_own_key": {"a": 1, "when": "2026-01-02"},
    }
    assert data["status"] == "active" and data["profile"] == "professional"
    assert [set(i) for i in data["timeline"]] == [TIMELINE_KEYS, TIMELINE_KEYS]
    first, second = data["timeline"]
    assert first == {
        "date": "2026-11-19",
        "type": "interview",
        "direction": "out",
        "channel": None,
        "summary": "Panel interview",
        "outcome": None,
        "follow_up": None,
        "line": 12,
    }
    assert second["direction"] == "in" and second["outcome"] == "replied"
    assert second["follow_up"] == "2 weeks" and second["line"] == 15
    assert data["due"] is not None and {"due", "rule", "reason", "bucket"} <= set(data["due"])
    assert data["quiet"] is False and data["missed"] is None and data["problems"] == []


MISSED = """---
name: Sam Roe
interactions:
  - date: 2026-10-01
    type: email
    direction: in
    summary: Asked for a quote
---
"""


def test_missed_follow_up_in_show(run: Run, write_note: WriteNote) -> None:
    write_note("Sam Roe.md", MISSED)
    data = json.loads(run("show", "sam", "--json").stdout)
    text = run("show", "sam").stdout
    if data["missed"] is None:  # the rules may judge it otherwise: then no line either
        assert "Missed:" not in text
        return
    assert {"due", "rule", "reason"} <= set(data["missed"])
    assert "Missed: due" in text and 'followup done "Sam Roe" --no-reply' in text


def test_show_warns_of_an_interaction_in_the_future_as_the_agenda_does(
    run: Run, write_note: Callable[[str, str], Path]
) -> None:
    write_note("Ann.md", "---\nname: Ann\ninteractions:\n  - 2027-01-05 call\n---\n")
    text = run("show", "Ann").output
    assert "Ann.md:4: interaction of 2027-01-05 is in the future" in text
    shape = json.loads(run("show", "Ann", "--json").output)
    assert shape["problems"][0]["line"] == 4
    assert "in the future" in run("agenda", "--no-write").output
