"""Three people, two weeks each, day by day, through the real CLI.

Each story starts from the notes a user would have, then lives two weeks with
`--today`: every day the agenda (`agenda --json --no-write`) is checked whole —
who is due, on which date, by which rule, in which bucket, who went quiet, which
follow-ups were missed — and the user records what happened with `log`, `done` and
`next`, as they would. A change to the expected agenda is written where it happens;
every other day the agenda must be exactly what it was.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Run


class Story:
    """The expected agenda, checked whole after every step of the story."""

    def __init__(self, run: Run) -> None:
        self.run = run
        self.today = dt.date.min
        self.due: dict[str, str] = {}
        """name -> "YYYY-MM-DD rule" for every item in the agenda."""
        self.quiet: list[str] = []
        self.missed: dict[str, str] = {}
        self.data: dict[str, Any] = {}

    def on(self, day: str, **due: str | None) -> Story:
        """A new day: the agenda as of then, with the changes given."""
        self.today = dt.date.fromisoformat(day)
        return self.expect(**due)

    def do(self, *args: str, **due: str | None) -> Story:
        """A command of the user's, then the agenda with the changes given."""
        result = self.run(*args, today=self.today)
        assert result.exit_code == 0, result.output
        return self.expect(**due)

    def expect(self, **due: str | None) -> Story:
        for name, value in due.items():
            if value is None:
                self.due.pop(name, None)
            else:
                self.due[name] = value
        self.check()
        return self

    def check(self) -> None:
        result = self.run("agenda", "--json", "--no-write", today=self.today)
        assert result.exit_code == 0, result.output
        self.data = json.loads(result.stdout)
        assert self.data["problems"] == []
        items = {item["name"]: item for item in self.data["items"]}
        when = self.today.isoformat()
        assert {name: f"{i['due']} {i['rule']}" for name, i in items.items()} == self.due, when
        for item in items.values():  # the bucket is the one the date gives
            days = (dt.date.fromisoformat(item["due"]) - self.today).days
            bucket = "overdue" if days < 0 else "today" if days == 0 else "upcoming"
            assert item["bucket"] == (bucket if days <= 7 else "later"), (when, item)
            assert item["rule"] not in ("nudge", "reply") or item["based_on"] is not None
        assert [quiet["name"] for quiet in self.data["quiet"]] == self.quiet, when
        missed = {m["name"]: f"{m['due']} {m['rule']}" for m in self.data.get("missed", [])}
        assert missed == self.missed, when
        assert not set(self.missed) & set(self.due) or all(
            self.due[name].endswith("cadence") for name in set(self.missed) & set(self.due)
        )

    def item(self, name: str) -> dict[str, Any]:
        return next(item for item in self.data["items"] if item["name"] == name)


@pytest.fixture
def story(run: Run) -> Story:
    return Story(run)


def note(vault: Path, name: str, text: str) -> None:
    (vault / f"{name}.md").write_text(text, "utf-8")


# ------------------------------------------------------------------ family and friends


def test_family_and_friends(story: Story, vault: Path) -> None:
    """Calls with Mom are no sales meetings; nobody owes Grandpa an answer for a visit;
    photos to a friend wait for nothing; birthdays come round."""
    (vault / ".followup.yaml").write_text("tag_cadence: {friends: 10d}\n", "utf-8")
    note(vault, "Mom", '---\ntags: [family]\ncadence: weekly\nphone: "+4711111111"\n'
         "interactions:\n  - 2026-11-15 call: Sunday call\n---\n")  # fmt: skip
    note(vault, "Dad", "---\ntags: [family]\ncadence: 2w\nbirthday: 1956-11-20\n"
         "interactions:\n  - 2026-11-08 call: Sunday call\n---\n")  # fmt: skip
    note(vault, "Grandpa", "---\ntags:\n  - family\ncadence: 30d\n"
         "interactions:\n  - 2026-10-25 visit: Coffee at his place\n---\n")  # fmt: skip
    note(vault, "Lena", "---\ntags: [friends]\nemail: lena@example.com\n"
         "interactions:\n  - 2026-11-08 coffee: Hiking plans\n---\n")  # fmt: skip
    note(vault, "Aunt Kari", "---\ntags: [family]\nbirthday: --11-25\n---\n")

    story.on("2026-11-16", Mom="2026-11-22 cadence", Dad="2026-11-20 birthday",
             Grandpa="2026-11-24 cadence", Lena="2026-11-18 cadence",
             **{"Aunt Kari": "2026-11-25 birthday"})  # fmt: skip
    assert {item["profile"] for item in story.data["items"]} == {"personal"}
    assert story.item("Dad")["reason"] == "Birthday on Fri 2026-11-20 (turns 70)"
    assert story.item("Aunt Kari")["reason"] == "Birthday on Wed 2026-11-25"
    # Photos to a friend: no nudge, the cadence counts from them.
    story.do("log", "lena", "-t", "message", "-s", "Sent the hiking photos",
             Lena="2026-11-26 cadence")  # fmt: skip
    assert story.item("Lena")["channel"] == "email"  # her address: the channel is never blank
    story.on("2026-11-17")
    # Grandpa dropped by: a visit in owes no reply.
    story.on("2026-11-18").do("log", "grandpa", "-t", "visit", "--in", "-s", "Brought apples",
                              Grandpa="2026-12-18 cadence")  # fmt: skip
    story.on("2026-11-19").do("log", "lena", "-t", "message", "-s", "More photos",
                              Lena="2026-11-29 cadence")  # fmt: skip
    # Dad's birthday: today, and the call logged with `done` gives no nudge.
    story.on("2026-11-20")
    assert story.item("Dad")["bucket"] == "today"
    story.do("done", "dad", "-t", "call", "-s", "Birthday call", Dad="2026-12-04 cadence")
    assert story.item("Dad")["reason"] == "Keep in touch every 2 weeks; last contact 2026-11-20"
    story.on("2026-11-21")
    # Sunday: the weekly call with Mom (weekends are kept), and no recap after it.
    story.on("2026-11-22")
    assert (story.item("Mom")["bucket"], story.item("Mom")["channel"]) == ("today", "phone")
    story.do("log", "mom", "-t", "call", "-s", "Sunday call", Mom="2026-11-29 cadence")
    assert story.item("Mom")["reason"] == "Keep in touch every week; last contact 2026-11-22"
    story.on("2026-11-23")
    story.on("2026-11-24")
    story.on("2026-11-25")
    assert story.item("Aunt Kari")["bucket"] == "today"
    story.do("done", "aunt", "-t", "text", "-s", "Happy birthday!",
             **{"Aunt Kari": "2027-11-25 birthday"})  # fmt: skip
    story.on("2026-11-26")
    story.on("2026-11-27")
    story.on("2026-11-28")
    # The cadence brings Lena back; nobody ever went quiet.
    story.on("2026-11-29")
    assert story.item("Lena")["bucket"] == story.item("Mom")["bucket"] == "today"
    story.do("log", "mom", "-t", "call", Mom="2026-12-06 cadence")
    story.do("done", "lena", "-t", "call", "-s", "Caught up", Lena="2026-12-09 cadence")


# ------------------------------------------------------------------ a job seeker


def test_a_job_seeker(story: Story, vault: Path) -> None:
    """Thank-yous on the day, replies before plans, polite nudges that stop, and a
    forgotten thank-you that leaves the top of the list."""
    note(vault, "Dana", "---\nemail: dana@northwind.example\nnext: 2026-11-20\n"
         "objective: Land the PM role\ninteractions:\n"
         "  - 2026-11-12 call in: Recruiter screen; panel booked for Friday\n---\n")  # fmt: skip
    note(vault, "Nora", "---\ncadence: 60d\ninteractions:\n"
         "  - 2026-10-20 interview: First round at Fjord\n---\n")  # fmt: skip
    note(vault, "Oskar", "---\nemail: oskar@acme.example\ninteractions:\n"
         "  - 2026-10-27 email: Application for the PM role\n"
         "  - 2026-10-30 followup: Checking in\n"
         "  - 2026-11-06 followup: Still interested\n---\n")  # fmt: skip
    note(vault, "Rita", "---\nemail: rita@recruit.example\nnext: 2026-11-30\ninteractions:\n"
         "  - 2026-11-02 call: Intro call\n---\n")  # fmt: skip

    story.on("2026-11-16", Dana="2026-11-20 next", Nora="2026-10-21 scenario",
             Oskar="2026-11-20 nudge", Rita="2026-11-30 next")  # fmt: skip
    assert story.item("Oskar")["nudge"] == 3
    for day in ("2026-11-17", "2026-11-18", "2026-11-19"):
        story.on(day)
    # Friday: 30 days overdue is still overdue. The panel interview; its thank-you is due
    # today, not Monday.
    story.on("2026-11-20")
    assert story.item("Nora")["bucket"] == "overdue" and story.item("Nora")["days"] == -30
    story.do("log", "dana", "-t", "interview", "-s", "Panel interview with the product team",
             Dana="2026-11-20 scenario")  # fmt: skip
    dana = story.item("Dana")
    assert (dana["bucket"], dana["shifted_from"], dana["channel"]) == (
        "today", "2026-11-21", "email")  # fmt: skip
    # The thank-you sent: now waiting for an answer, nudge 1 on Monday.
    story.do("done", "dana", "-s", "Sent the thank-you", Dana="2026-11-23 nudge")
    # Oskar's last nudge: after it, no more; he has gone quiet.
    story.quiet = ["Oskar"]
    story.do("done", "oskar", "-s", "One last check-in", Oskar=None)
    # 31 days: the forgotten thank-you leaves Overdue for Missed; the cadence decides.
    story.missed = {"Nora": "2026-10-21 scenario"}
    story.on("2026-11-21", Nora="2026-12-21 cadence")
    assert story.data["missed"][0]["cadence_due"] == "2026-12-21"
    story.on("2026-11-22")
    story.on("2026-11-23")
    assert story.item("Dana")["reason"].startswith("Nudge 1 of 3: no reply to followup")
    story.do("done", "dana", "-s", "Following up on the panel", Dana="2026-11-30 nudge")
    # She answers: a reply is owed the next day.
    story.on("2026-11-24").do("log", "dana", "-t", "email", "--in", "-s", "Second round?",
                              Dana="2026-11-25 reply")  # fmt: skip
    story.on("2026-11-25").do("done", "dana", "-s", "Yes, Dec 3 works", Dana=None)
    story.do("next", "dana", "2026-12-03", Dana="2026-12-03 next")
    story.on("2026-11-26")
    # A recruiter writes on a Friday: the reply is due that Friday, before her `next`.
    story.on("2026-11-27").do("log", "rita", "-t", "email", "--in", "-s", "A role at Contoso",
                              Rita="2026-11-27 reply")  # fmt: skip
    assert story.item("Rita")["shifted_from"] == "2026-11-28"
    story.do("done", "rita", "-s", "Interested, let's talk", Rita="2026-11-30 next")
    story.on("2026-11-28")
    story.on("2026-11-29")
    # Clearing the missed thank-you: it was never sent, no answer is expected.
    story.missed = {}
    story.do("done", "nora", "--no-reply", "-s", "Let it go", Nora="2027-01-28 cadence")


# ------------------------------------------------------------------ a founder after a conference


def test_a_founder_after_a_conference(story: Story, vault: Path) -> None:
    """Recaps within two days of the event, a coffee that waits for nothing, a sales
    recap before Good Friday, and a new contact whose neglect shows."""
    (vault / ".followup.yaml").write_text("holidays: [2027-03-26, 2027-03-29]\n", "utf-8")
    note(vault, "Priya", "---\ncompany: Acme\nemail: priya@acme.example\nnext: 2027-03-24\n"
         "interactions:\n  - {date: 2027-03-02, type: email, summary: Proposal, "
         "follow_up: none}\n---\n")  # fmt: skip

    story.on("2027-03-15", Priya="2027-03-24 next")
    story.do("add", "Maya Chen", "--email", "maya@fund.example", "--cadence", "14d",
             "--tag", "investor", **{"Maya Chen": "2027-03-15 cadence"})  # fmt: skip
    # A week of neglect shows: overdue from the day she was added, never "today" again.
    story.on("2027-03-16")
    assert story.item("Maya Chen")["days"] == -1
    # The conference.
    story.on("2027-03-17")
    story.do("add", "Alex Berg", "--email", "alex@pilot.example", "--cadence", "30d",
             **{"Alex Berg": "2027-03-17 cadence"})  # fmt: skip
    story.do("log", "alex", "-t", "conference", "-s", "Talked about a pilot",
             **{"Alex Berg": "2027-03-19 scenario"})  # fmt: skip
    story.do("add", "Bea Lund")  # no cadence: nothing due until something happens
    story.do("log", "bea", "-t", "conference", "-s", "Panel on pricing",
             **{"Bea Lund": "2027-03-19 scenario"})  # fmt: skip
    story.on("2027-03-18")
    story.do("add", "Chris Dahl")
    story.do("log", "chris", "-t", "networking", "-s", "After-party",
             **{"Chris Dahl": "2027-03-19 scenario"})  # fmt: skip
    assert story.item("Chris Dahl")["shifted_from"] == "2027-03-20"  # Saturday: the Friday
    story.on("2027-03-19")
    assert all(story.item(n)["bucket"] == "today" for n in ("Alex Berg", "Bea Lund", "Chris Dahl"))
    assert story.item("Alex Berg")["reason"].startswith(
        "Follow up after meeting at a conference on 2027-03-17"
    )
    story.do("done", "alex", "-s", "Sent the deck", **{"Alex Berg": "2027-03-22 nudge"})
    story.do("done", "bea", "-s", "Great to meet you", **{"Bea Lund": "2027-03-22 nudge"})
    story.on("2027-03-20")
    story.on("2027-03-21")
    story.on("2027-03-22")
    story.do("log", "alex", "-t", "email", "--in", "-s", "Coffee next week?",
             **{"Alex Berg": "2027-03-23 reply"})  # fmt: skip
    # Bea's second nudge falls on Easter Monday: a gap waits for the next working day.
    story.do("done", "bea", "-s", "Any thoughts on the pricing?",
             **{"Bea Lund": "2027-03-30 nudge"})  # fmt: skip
    assert story.item("Bea Lund")["shifted_from"] == "2027-03-29"
    story.on("2027-03-23")
    story.do("done", "alex", "-s", "Wednesday at ten", **{"Alex Berg": "2027-04-22 cadence"})
    # Wednesday: the coffee waits for no answer; the sales call's recap is due Thursday,
    # before Good Friday.
    story.on("2027-03-24")
    story.do("log", "alex", "-t", "coffee", "-s", "Pilot in May",
             **{"Alex Berg": "2027-04-23 cadence"})  # fmt: skip
    story.do("log", "priya", "-t", "sales", "-s", "Pricing call", Priya="2027-03-25 scenario")
    assert story.item("Priya")["shifted_from"] == "2027-03-26"
    story.do("done", "maya", "-s", "Intro email", **{"Maya Chen": "2027-04-07 cadence"})
    story.on("2027-03-25")
    assert story.item("Priya")["bucket"] == "today"
    story.do("done", "priya", "-s", "Recap and pricing", Priya="2027-03-30 nudge")
    for day in ("2027-03-26", "2027-03-27", "2027-03-28"):
        story.on(day)
    assert story.item("Chris Dahl")["days"] == -9  # never followed up: still overdue
    assert story.quiet == [] and story.missed == {}
