"""`followup stats`: every number worked out by hand from a hand-built history.

Today is Sun 2026-11-22 (conftest). Calendar help: 2026-09-01 is a Tuesday, 2026-10-01
a Thursday, 2026-11-02 a Monday. Defaults: reply window 14 days, nudges 3d, 7d, 14d,
reply within 1 day, weekends skipped, missed after 30 days.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import Run, run_json

Write = Callable[[str, str], Path]


def note(*interactions: str, head: str = "") -> str:
    """A contact note whose `interactions` are these YAML list items."""
    items = "".join(f"  - {item}\n" for item in interactions)
    return f"---\n{head}interactions:\n{items}---\n"


def stats(run: Run, *args: str) -> Any:
    return run_json(run, "stats", *args)


def row(text: str, label: str) -> list[str]:
    """The cells of the terminal table's row for `label`."""
    for line in text.splitlines():
        if line.strip().startswith(label + " "):
            return line.strip()[len(label) :].split()
    raise AssertionError(f"no row {label!r} in:\n{text}")


def tally(sent: int, answered: int, unanswered: int, waiting: int, rate: Any, median: Any) -> Any:
    return {
        "sent": sent,
        "answered": answered,
        "unanswered": unanswered,
        "waiting": waiting,
        "rate": rate,
        "median_days": median,
    }


MONDAYS = [
    "2026-08-31", "2026-09-07", "2026-09-14", "2026-09-21", "2026-09-28", "2026-10-05",
    "2026-10-12", "2026-10-19", "2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16",
]  # fmt: skip
"""The 12 weeks before Sun 2026-11-22, its own week (from Mon 2026-11-16) last."""


def test_an_empty_vault_counts_nothing_and_claims_no_rate(run: Run) -> None:
    data = stats(run)
    assert data == {
        "today": "2026-11-22",
        "since": None,
        "reply_window": "2 weeks",
        "messages": tally(0, 0, 0, 0, None, None),
        "by_channel": [],
        "by_type": [],
        "by_profile": [],
        "by_nudge": [],
        "timeliness": {
            "judged": 0,
            "on_time": 0,
            "late": 0,
            "rate": None,
            "median_days_late": None,
            "by_rule": [],
        },  # fmt: skip
        "outcomes": {},
        "conversion": {"contacts": 0, "converted": 0, "rate": None},
        "load": {"overdue": 0, "due_this_week": 0, "missed": 0, "quiet": 0},
        "weeks": [{"week": monday, "interactions": 0} for monday in MONDAYS],
    }
    text = run("stats").stdout
    assert row(text, "all") == ["0", "0", "0", "0", "-", "-"]
    assert "On time:    nothing was due before any interaction of yours" in text
    assert "Conversion: 0 of 0 contacts you wrote to (-)" in text
    assert "\x1b" not in text  # not a terminal: plain
    assert run("stats", "--color").stdout.startswith("\x1b[1mFollow-up stats as of Sun 2026-11-22")


def test_a_contact_without_an_outgoing_message_counts_in_no_rate(
    run: Run, write_note: Write
) -> None:
    # Only they wrote, and a meeting (a conversation, no message): nothing waits for an
    # answer, so no rate; its outcome is counted, but it is not among the contacts
    # written to, so its `converted` is no conversion.
    write_note(
        "Ann.md",
        note(
            "2026-11-02 email in: Asked about the pilot",
            "{date: 2026-11-10, type: meeting, outcome: converted}",
        ),
    )
    data = stats(run)
    assert data["messages"] == tally(0, 0, 0, 0, None, None)
    assert data["conversion"] == {"contacts": 0, "converted": 0, "rate": None}
    assert data["outcomes"] == {"converted": 1}
    weeks = {week["week"]: week["interactions"] for week in data["weeks"]}
    assert (weeks["2026-11-02"], weeks["2026-11-09"], sum(weeks.values())) == (1, 1, 2)


def test_a_same_day_reply_counts_when_written_below_the_message(
    run: Run, write_note: Write
) -> None:
    # Bo: asked and got the answer on 2026-11-02, written below: answered, 0 days.
    write_note("Bo.md", note("2026-11-02 email: Asked", "2026-11-02 email in: Same-day answer"))
    # Cy: they wrote first that day (above), then my message: no reply came after it,
    # and its window closed on 2026-11-16 (before today): not answered.
    write_note("Cy.md", note("2026-11-02 email in: They wrote", "2026-11-02 email: My answer"))
    data = stats(run)
    assert data["messages"] == tally(2, 1, 1, 0, 0.5, 0.0)


def test_a_reply_on_the_last_day_of_the_window_counts_and_one_day_later_does_not(
    run: Run, write_note: Write, vault: Path
) -> None:
    # 2026-10-01 + 14 days = 2026-10-15: Di's reply is inside; Ed's on the 16th is past it.
    write_note("Di.md", note("2026-10-01 email: Proposal", "2026-10-15 email in: Yes"))
    write_note("Ed.md", note("2026-10-01 email: Proposal", "2026-10-16 email in: Yes"))
    assert stats(run)["messages"] == tally(2, 1, 1, 0, 0.5, 14.0)
    assert row(run("stats").stdout, "all") == ["2", "1", "1", "0", "50%", "14"]
    # A 15-day window takes both in: median of 14 and 15.
    (vault / ".followup.yaml").write_text("reply_window: 15d\n", "utf-8")
    assert stats(run)["messages"] == tally(2, 2, 0, 0, 1.0, 14.5)


def test_a_message_still_inside_its_window_is_waiting_and_in_no_rate(
    run: Run, write_note: Write
) -> None:
    # Sent 2026-11-10: its window runs to 2026-11-24, after today: waiting. Fay answered
    # an older one after 3 days.
    write_note("Fay.md", note("2026-10-01 email: One", "2026-10-04 email in: Two"))
    write_note("Gus.md", note("2026-11-10 email: Still hoping"))
    assert stats(run)["messages"] == tally(2, 1, 0, 1, 1.0, 3.0)


def test_nudges_are_counted_as_the_engine_counts_them_and_a_reply_goes_to_the_last(
    run: Run, write_note: Write
) -> None:
    write_note(
        "Hal.md",
        note(
            "2026-10-01 email: First",  # nudge 0: a nudge followed, no reply of its own
            "2026-10-05 email: Nudge",  # nudge 1: likewise
            "2026-10-12 email: Nudge again",  # nudge 2: answered 2 days later
            "2026-10-14 email in: Sorry, yes",
            "2026-10-19 email: New topic",  # nudge 0 (their reply ended the run): unanswered
            "2026-10-20 call: Talked it through",  # a conversation: the run starts again
            "2026-10-26 email: Recap",  # nudge 0 again; window closed 2026-11-09: unanswered
            "{date: 2026-10-27, type: email, summary: Thanks, follow_up: none}",  # expects none
        ),
    )
    data = stats(run)
    assert data["messages"] == tally(5, 1, 4, 0, 0.2, 2.0)
    assert data["by_nudge"] == [
        {"nudge": 0, **tally(3, 0, 3, 0, 0.0, None)},
        {"nudge": 1, **tally(1, 0, 1, 0, 0.0, None)},
        {"nudge": 2, **tally(1, 1, 0, 0, 1.0, 2.0)},
    ]
    assert row(run("stats").stdout, "nudge 2") == ["1", "1", "0", "0", "100%", "2"]


def test_by_channel_type_and_profile(run: Run, write_note: Write) -> None:
    write_note(
        "Ida.md",
        note(
            "2026-10-01 email: Hello",  # email (its type), nudge 0, a nudge followed
            "{date: 2026-10-02, type: message, channel: LinkedIn}",  # linkedin, answered in 2
            "2026-10-04 message in: Sure",
            head="email: ida@example.com\n",
        ),
    )
    write_note(
        "Jo.md",
        note(
            "{date: 2026-10-01, type: message, channel: WhatsApp}",  # whatsapp, answered in 2
            "2026-10-03 message in: Yes",
            "2026-10-05 message: Photos from the trip",  # no channel: Jo's own, phone
            head="channel: phone\ntags: [family]\n",  # family: the personal profile
        ),
    )
    data = stats(run)
    half, one = tally(1, 0, 1, 0, 0.0, None), tally(1, 1, 0, 0, 1.0, 2.0)
    assert data["by_channel"] == [
        {"channel": "email", **half},
        {"channel": "linkedin", **one},
        {"channel": "phone", **half},
        {"channel": "whatsapp", **one},
    ]
    assert data["by_type"] == [
        {"type": "message", **tally(3, 2, 1, 0, 0.6667, 2.0)},
        {"type": "email", **half},
    ]
    assert data["by_profile"] == [
        {"profile": "personal", **tally(2, 1, 1, 0, 0.5, 2.0)},
        {"profile": "professional", **tally(2, 1, 1, 0, 0.5, 2.0)},
    ]


def test_timeliness_against_the_date_the_engine_gave(run: Run, write_note: Write) -> None:
    write_note(
        "Kai.md",
        note(
            "2026-11-12 interview: Panel",  # Thu: the thank-you is due Fri 2026-11-13
            "2026-11-16 email: Thank you",  # Mon: 3 days late (scenario)
            "2026-11-18 email in: Next round?",  # theirs: not judged; reply due Thu 11-19
            "2026-11-19 email: Tuesday works",  # on the day: on time (reply)
        ),
    )
    write_note(
        "Liv.md",
        note(
            "2026-10-01 email: Proposal",  # the first interaction: nothing was due before it
            "2026-10-05 email: Nudge",  # due 10-01 + 3d = Sun 10-04, moved to Mon 10-05: on time
            "2026-10-20 email: Nudge 2",  # due 10-05 + 7d = Mon 10-12: 8 days late
        ),
    )
    assert stats(run)["timeliness"] == {
        "judged": 4,
        "on_time": 2,
        "late": 2,
        "rate": 0.5,
        "median_days_late": 5.5,  # of 3 and 8
        "by_rule": [
            {"rule": "nudge", "on_time": 1, "late": 1},
            {"rule": "reply", "on_time": 1, "late": 0},
            {"rule": "scenario", "on_time": 0, "late": 1},
        ],
    }
    text = run("stats").stdout
    assert "On time:    2 of 4 (50%) on or before the date they were due; 2 late, by a " in text
    assert "median of 5.5 days" in text


def test_timeliness_replays_neither_snooze_nor_status_and_keeps_a_missed_date(
    run: Run, write_note: Write
) -> None:
    # Yan's snooze and status are today's, not what held on 11-09: without them the
    # nudge was due Mon 11-02 + 3d = Thu 11-05, so 11-09 is 4 days late.
    write_note(
        "Yan.md",
        note(
            "2026-11-02 email: Proposal",
            "2026-11-09 email: Nudge",
            head="status: paused\nsnooze: 2026-12-01\n",
        ),
    )
    # Zoe's thank-you was due Wed 09-02; by 10-15 it was missed (over 30 days) and the
    # cadence (09-01 + 30d = 10-01) stood in: judged against 09-02, 43 days late.
    write_note(
        "Zoe.md",
        note(
            "2026-09-01 interview: Panel", "2026-10-15 email: Thanks, late", head="cadence: 30d\n"
        ),
    )
    assert stats(run)["timeliness"] == {
        "judged": 2,
        "on_time": 0,
        "late": 2,
        "rate": 0.0,
        "median_days_late": 23.5,  # of 4 and 43
        "by_rule": [
            {"rule": "nudge", "on_time": 0, "late": 1},
            {"rule": "scenario", "on_time": 0, "late": 1},
        ],
    }


def test_outcomes_and_conversion(run: Run, write_note: Write) -> None:
    write_note("Mo.md", note("{date: 2026-10-01, type: email, outcome: Converted}"))
    write_note(
        "Ned.md",
        note(
            "2026-10-01 email: Offer",
            "{date: 2026-10-03, type: email, direction: in, outcome: interested}",
        ),
    )
    write_note("Ola.md", note("{date: 2026-10-01, type: meeting, outcome: converted}"))
    data = stats(run)
    # Words in lower case; Ola converted but was never written to: 1 of Mo and Ned.
    assert data["outcomes"] == {"converted": 2, "interested": 1}
    assert data["conversion"] == {"contacts": 2, "converted": 1, "rate": 0.5}
    text = run("stats").stdout
    assert "Outcomes:   converted 2, interested 1" in text
    assert "Conversion: 1 of 2 contacts you wrote to (50%)" in text


def test_since_counts_from_that_date_with_nudges_numbered_from_the_whole_history(
    run: Run, write_note: Write
) -> None:
    write_note(
        "Pia.md",
        note(
            "2026-09-01 email: First",  # Tue; nudge 0, a nudge followed
            "2026-09-04 email: Nudge",  # Fri, due 09-01 + 3d: on time; nudge 1, answered in 2
            "2026-09-06 email in: Yes",  # Sun: the reply is due Mon 09-07
            "2026-10-01 email: New",  # 24 days late (not missed: 30 days); nudge 0, unanswered
            "2026-10-05 email: Nudge",  # due 10-01 + 3d = Sun, moved to Mon 10-05: on time
        ),
    )
    data = stats(run, "--since", "2026-09-04")
    assert data["since"] == "2026-09-04"
    assert data["messages"] == tally(3, 1, 2, 0, 0.3333, 2.0)
    assert data["by_nudge"] == [
        {"nudge": 0, **tally(1, 0, 1, 0, 0.0, None)},
        {"nudge": 1, **tally(2, 1, 1, 0, 0.5, 2.0)},
    ]
    later = stats(run, "--since", "2026-10-01")
    assert later["messages"] == tally(2, 0, 2, 0, 0.0, None)
    assert later["timeliness"]["judged"] == 2
    assert (later["timeliness"]["on_time"], later["timeliness"]["median_days_late"]) == (1, 24.0)
    assert stats(run)["messages"]["sent"] == 4


def test_interactions_after_today_are_left_out(run: Run, write_note: Write) -> None:
    write_note("Quinn.md", note("2026-11-25 email: Planned, not sent", "2026-08-30 email in: Hi"))
    data = stats(run)
    # The 25th is after today, and Sun 2026-08-30 is before the first week of the chart.
    assert data["messages"]["sent"] == 0
    assert sum(week["interactions"] for week in data["weeks"]) == 0


def test_todays_load_as_the_agenda_counts_it(run: Run, write_note: Write) -> None:
    write_note("Rae.md", note("2026-11-19 interview: Panel"))  # due Fri 11-20: overdue
    write_note("Sam.md", "---\nnext: 2026-11-25\n---\n")  # in 3 days: this week
    write_note("Ted.md", "---\nnext: 2026-12-15\n---\n")  # later: not counted
    write_note("Uma.md", note("2026-10-01 interview: Panel"))  # due 10-02: missed after 30 days
    write_note(  # four messages without a reply: the three nudges ran out, gone quiet
        "Vic.md",
        note(
            "2026-10-01 email: A",
            "2026-10-05 email: B",
            "2026-10-12 email: C",
            "2026-10-26 email: D",
        ),
    )
    data = stats(run)
    assert data["load"] == {"overdue": 1, "due_this_week": 1, "missed": 1, "quiet": 1}
    assert (
        "Today:      1 overdue, 1 due within 7 days, 1 missed, 1 gone quiet" in run("stats").stdout
    )


def test_write_puts_the_tables_and_charts_in_the_vault_once(
    run: Run, write_note: Write, vault: Path
) -> None:
    write_note("Di.md", note("2026-10-01 email: Proposal", "2026-10-15 email in: Yes"))
    write_note("Ed.md", note("2026-10-01 linkedin: Proposal"))
    first = run("stats", "--write")
    target = vault / "Follow-up stats.md"
    assert first.exit_code == 0 and f"wrote {target}" in first.stdout
    text = target.read_text("utf-8")
    assert text.startswith("<!-- followup-md: generated by `followup stats --write`")
    assert '```mermaid\npie showData title Your messages\n    "Answered" : 1\n' in text
    assert '    "No reply" : 1\n```' in text and '"Waiting"' not in text  # no slice of 0
    assert '    x-axis ["email", "linkedin"]\n' in text and "    bar [100, 0]\n" in text
    assert "| email | 1 | 1 | 0 | 0 | 100% | 14 |" in text  # the table beside the chart
    assert "| 2026-09-28 | 2 |" in text and "| 2026-10-12 | 1 |" in text
    stamp = target.stat().st_mtime_ns
    again = run("stats", "--write")
    assert f"unchanged: {target}" in again.stdout and target.stat().st_mtime_ns == stamp
    # The note is no contact and no problem for the other commands.
    assert run("check").exit_code == 0
    # With --json the JSON stays alone on stdout.
    json.loads(run("stats", "--json", "--write").stdout)


def test_write_never_replaces_a_note_of_yours_and_follows_stats_file(
    run: Run, write_note: Write, vault: Path
) -> None:
    mine = write_note("Follow-up stats.md", "# My own stats\n")
    result = run("stats", "--write")
    assert result.exit_code == 2
    assert "was not written by followup stats, so it was not replaced" in result.stderr
    assert mine.read_text("utf-8") == "# My own stats\n"
    (vault / ".followup.yaml").write_text("stats_file: Reports/Stats.md\n", "utf-8")
    assert run("stats", "--write").exit_code == 0
    assert (vault / "Reports" / "Stats.md").read_text("utf-8").startswith("<!-- followup-md")


def test_the_sample_vault_in_numbers(run: Run, vault: Path) -> None:
    """The sample vault, counted by hand from its notes (see the README's example)."""
    import shutil

    sample = Path(__file__).resolve().parent.parent / "sample-vault"
    shutil.copytree(
        sample, vault, dirs_exist_ok=True, ignore=shutil.ignore_patterns("Follow-ups.md")
    )
    data = stats(run)
    # Messages waiting for an answer: Camilla 3, Henrik 1, Marta 4, Oskar 1, Tom 1,
    # Viktor 4, Ingrid 1 (her onboarding). Tom's was answered after 8 days; Camilla's
    # of 11-13 and Oskar's of 11-20 are inside their window.
    assert data["messages"] == tally(15, 1, 12, 2, 0.0769, 8.0)
    # Written to (any outgoing message, an answer expected or not): Camilla, Henrik, Ingrid,
    # Marta, Oskar, Priya (her application and confirmation expected none), Tom, Viktor.
    assert data["conversion"] == {"contacts": 8, "converted": 0, "rate": 0.0}
    # Late: Erik's demo (6) and sales call (5), Henrik (5), Tom (5), Ingrid (43, a missed nudge).
    assert (data["timeliness"]["on_time"], data["timeliness"]["late"]) == (10, 5)
    assert data["timeliness"]["median_days_late"] == 5.0
    assert data["load"] == {"overdue": 6, "due_this_week": 5, "missed": 1, "quiet": 2}
    # The README shows this very table.
    readme = (sample.parent / "README.md").read_text("utf-8")
    shown = readme.split("$ followup --vault sample-vault --today 2026-11-22 stats\n")[1]
    assert run("stats").stdout == shown.split("```")[0]


def test_the_whole_history_counts_though_the_cache_keeps_its_tail(
    run: Run, write_note: Write
) -> None:
    # The cache keeps a note from its last message of theirs on: the message before it
    # is read again in full, on a cold run and on a warm one alike.
    write_note("Wes.md", note("2026-10-01 email: Hi", "2026-10-03 email in: Hello"))
    assert run("agenda").exit_code == 0  # the cache now holds the tail
    for _ in range(2):
        assert stats(run)["messages"] == tally(1, 1, 0, 0, 1.0, 2.0)


def test_user_text_cannot_break_the_table_the_chart_or_the_terminal(
    run: Run, write_note: Write, vault: Path
) -> None:
    # A channel holding a pipe, double quotes and an escape character (YAML's \e).
    write_note("Xan.md", note('{date: 2026-10-01, type: email, channel: "a|b \\"c\\" \\e[31m"}'))
    result = run("stats", "--write")
    assert "\x1b" not in result.stdout and 'a|b "c" \\x1b[31m' in result.stdout
    text = (vault / "Follow-up stats.md").read_text("utf-8")
    assert "\x1b" not in text
    assert """    x-axis ["a|b 'c' \\x1b[31m"]\n""" in text  # no " inside a quoted label
    assert '| a\\|b "c" \\\\x1b[31m | 1 | 0 | 1 | 0 | 0% | - |' in text  # | escaped


def test_conversion_counts_everyone_written_to_not_only_awaited_messages() -> None:
    from followup_md.core.model import Contact, Interaction
    from followup_md.core.settings import Settings
    from followup_md.core.stats import compute

    day = dt.date(2026, 11, 1)
    talked = Contact(  # a call, then a meeting that converted: never written to
        "c.md",
        "C",
        interactions=(
            Interaction(day, "call"),
            Interaction(day, "meeting", outcome="converted"),
        ),
    )
    wrote = Contact(  # one email that expected no answer, and it converted
        "d.md",
        "D",
        interactions=(Interaction(day, "email", follow_up="none", outcome="Converted"),),
    )
    found = compute([talked, wrote], Settings(), dt.date(2026, 11, 22))
    # Written to: D only (C's call and meeting are no message) -> 1; converted among them: 1.
    assert (found.reached, found.converted) == (1, 1)
    assert dict(found.outcomes) == {"converted": 2}
