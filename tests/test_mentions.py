"""Mentions (`count_mentions: true`): a link to a contact in a dated note counts as contact
on that date, for the cadence only. Driven through the real CLI on real vault folders."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from followup_md.app.agenda import AgendaPipeline
from followup_md.app.vaults import open_vault

from .conftest import TODAY, Reads, Run, run_json

WriteNote = Callable[[str, "str | bytes"], Path]

ON = "weekends: keep\ncount_mentions: true\n"
OFF = "weekends: keep\n"
JOURNAL = json.dumps({"folder": "Journal", "format": "YYYY/MM/YYYY-MM-DD", "template": "T"})

ALICE = """---
name: Alice Chen
aliases: [Ally]
cadence: 30d
interactions:
  - 2026-10-01 call: Coffee in town
---
"""


HIDDEN = [  # Obsidian makes no link of these: code, comments
    "```\n[[Alice Chen]]\n```\n",
    "Before\n  ~~~~ md\n  [[Ally]]\n  ~~~\n  still code [[Ally]]\n  ~~~~\n",
    "> ```\n> [[Ally]]\n> ```\n",
    "```never closed\n\n[[Ally]]\n",
    "Inline `[[Alice Chen]]` code.",
    "Longer ``a ` [[Ally]] b`` ticks.",
    "A %% [[Alice Chen]] %% comment.",
    "%%\nBlock [[Ally]]\n\n%%\n",
    "A %% comment never closed\n\n[[Ally]]\n",
    "An <!-- [[Alice Chen]] --> HTML comment.",
    "<!--\n[[Ally]]\n-->\n",
]


def item(run: Run, name: str = "Alice Chen") -> dict[str, Any]:
    items = run_json(run, "agenda", "--no-write")["items"]
    return next(entry for entry in items if entry["name"] == name)


@pytest.fixture
def journal(write_note: WriteNote) -> None:
    write_note(".followup.yaml", ON)
    write_note(".obsidian/daily-notes.json", JOURNAL)
    write_note("People/alice-chen.md", ALICE)


@pytest.mark.usefixtures("journal")
def test_a_link_in_a_daily_note_moves_the_cadence(run: Run, write_note: WriteNote) -> None:
    assert item(run)["due"] == "2026-10-31"  # from the call of 2026-10-01
    write_note("Journal/2026/11/2026-11-20.md", "# Friday\n\nLunch with [[Alice Chen]].\n")
    due = item(run)
    assert due["due"] == "2026-12-20" and due["rule"] == "cadence"
    assert due["reason"] == (
        "Keep in touch every 30 days; last contact 2026-11-20 "
        "(mentioned in Journal/2026/11/2026-11-20.md)"
    )
    assert due["based_on"]["type"] == "mention"
    write_note(".followup.yaml", OFF)  # opt-in: off, the link changes nothing
    assert item(run)["due"] == "2026-10-31"


@pytest.mark.usefixtures("journal")
@pytest.mark.parametrize(
    "link",
    [
        "[[Alice Chen]]",
        "[[alice chen]]",
        "[[People/alice-chen|Alice]]",
        "[[alice-chen]]",
        "[[Ally]]",
        "![[People/alice-chen.md#Work]]",
        "[[Alice Chen#^block-1|her]]",
        "[[People/alice-chen\\|Alice]]",  # a table's escaped pipe
        "`code` and %% a comment %% and <!-- one more --> then [[Ally]]",
        "`[[Ally]]` in code, but not [[Ally]]",
        "``` is no fence mid-line: [[Ally]]",
        "a single ` [[Ally]] (no code without a closing tick)",
    ],
)
def test_names_paths_aliases_labels_embeds_and_headings_count(
    run: Run, write_note: WriteNote, link: str
) -> None:
    write_note("Journal/2026/11/2026-11-20.md", f"Met {link} today.\n")
    assert item(run)["due"] == "2026-12-20"


@pytest.mark.usefixtures("journal")
@pytest.mark.parametrize(
    ("rel", "text"),
    [
        ("Journal/2026/11/2026-11-20.md", "---\nwith: '[[Alice Chen]]'\n---\nA property.\n"),
        ("Journal/2026/11/2026-11-2.md", "[[Alice Chen]]"),  # not the format exactly
        ("Journal/2026/10/2026-11-20.md", "[[Alice Chen]]"),  # the month folder disagrees
        ("2026-11-20.md", "[[Alice Chen]]"),  # outside the configured folder
        ("Journal/2026/11/2026-11-25.md", "[[Alice Chen]]"),  # after today
        ("Journal/2026/09/2026-09-20.md", "[[Alice Chen]]"),  # older than the last call
        ("Notes/Lunch.md", "[[Alice Chen]]"),  # no date at all
        ("Notes/Lunch.md", "---\ndate: 2026-11-40\n---\n[[Alice Chen]]"),  # no real date
        ("Journal/2026/11/2026-11-20.md", "[[Alice]] [[Nobody]] `[Alice Chen]`"),
        ("Journal/2026/11/2026-11-20.md", "Shared: [[Twin]]"),  # names two contacts
        *(("Journal/2026/11/2026-11-20.md", text) for text in HIDDEN),
    ],
)
def test_what_does_not_count(run: Run, write_note: WriteNote, rel: str, text: str) -> None:
    write_note("People/twin-a.md", "---\naliases: [Twin]\ncadence: 30d\n---\n")
    write_note("People/twin-b.md", "---\naliases: [twin]\ncadence: 30d\n---\n")
    write_note("People/alice-chen.md", ALICE.replace("[Ally]", "[Ally, Twin]"))
    before = run_json(run, "agenda", "--no-write")
    write_note(rel, text)
    assert run_json(run, "agenda", "--no-write") == before


@pytest.mark.usefixtures("journal")
def test_an_old_mention_changes_nothing(run: Run, write_note: WriteNote) -> None:
    write_note("Journal/2026/11/2026-11-20.md", "[[Alice Chen]]")
    write_note("People/alice-chen.md", ALICE.replace("2026-10-01 call", "2026-11-21 call"))
    with_mention = run_json(run, "agenda", "--no-write")
    write_note(".followup.yaml", OFF)
    assert run_json(run, "agenda", "--no-write") == with_mention
    assert item(run)["due"] == "2026-11-23"  # the call's recap


@pytest.mark.usefixtures("journal")
def test_a_link_in_a_table_with_its_pipe_escaped_counts(run: Run, write_note: WriteNote) -> None:
    table = "| Who | What |\n| --- | --- |\n| [[People/alice-chen\\|Alice]] | Lunch |\n"
    write_note("Journal/2026/11/2026-11-20.md", f"# Friday\n\n{table}")
    assert item(run)["due"] == "2026-12-20"


def test_a_note_with_a_front_matter_date_counts(run: Run, write_note: WriteNote) -> None:
    write_note(".followup.yaml", ON)  # no daily-notes.json: YYYY-MM-DD at the root
    write_note("People/Alice Chen.md", ALICE)
    write_note("Meetings/Board.md", "---\ndate: 2026-11-10T09:00\n---\nWith [[Ally]].\n")
    assert item(run)["due"] == "2026-12-10"
    write_note("2026-11-15.md", "Daily note at the root, by default: [[Alice Chen]]")
    assert item(run)["due"] == "2026-12-15"


@pytest.mark.usefixtures("journal")
def test_a_mention_is_for_the_cadence_only(run: Run, write_note: WriteNote) -> None:
    """It answers no message, ends no nudge, fulfils no `next`, never ends Gone quiet."""
    write_note("People/Bob.md", "---\ncadence: 30d\ninteractions:\n  - 2026-11-19 email in\n---\n")
    write_note("People/Cem.md", "---\ncadence: 90d\nnext: 2026-12-01\n---\n")
    quiet = "".join(f"  - 2026-10-0{d} email out\n" for d in range(1, 5))
    write_note("People/Dee.md", f"---\ncadence: 90d\ninteractions:\n{quiet}---\n")
    before = run_json(run, "agenda", "--no-write")
    write_note("Journal/2026/11/2026-11-21.md", "[[Bob]] [[Cem]] [[Dee]]")
    after = run_json(run, "agenda", "--no-write")
    rules = {entry["name"]: (entry["rule"], entry["due"]) for entry in after["items"]}
    assert rules["Bob"] == ("reply", "2026-11-20") and rules["Cem"] == ("next", "2026-12-01")
    assert [q["name"] for q in after["quiet"]] == ["Dee"] == [q["name"] for q in before["quiet"]]
    assert after["quiet"][0]["cadence_due"] == "2027-02-19"  # the cadence it resumes with moved
    assert rules["Dee"] == ("cadence", "2027-02-19")


def test_a_contact_without_interactions(run: Run, write_note: WriteNote) -> None:
    write_note(".followup.yaml", ON)
    write_note("Eve.md", "---\ncadence: 30d\nadded: 2026-11-01\n---\n")
    write_note("2026-10-30.md", "[[Eve]] before she was added: nothing")
    assert item(run, "Eve")["due"] == "2026-11-01"  # due from the day added
    write_note("2026-11-12.md", "[[Eve]]")
    assert item(run, "Eve")["due"] == "2026-12-12"


@pytest.mark.usefixtures("journal")
def test_show_lists_mentions_in_the_timeline(run: Run, write_note: WriteNote) -> None:
    write_note("Journal/2026/11/2026-11-20.md", "[[Ally]]")
    write_note("Journal/2026/09/2026-09-20.md", "[[Ally]]")
    text = run("show", "ally").stdout
    assert (
        "  2026-09-20  @ mention in Journal/2026/09/2026-09-20.md\n"
        "  2026-10-01  → call: Coffee in town\n"
        "  2026-11-20  @ mention in Journal/2026/11/2026-11-20.md\n"
    ) in text
    assert "from: mentioned in Journal/2026/11/2026-11-20.md" in text
    data = run_json(run, "show", "ally")
    assert [(e["date"], e["type"], e.get("source")) for e in data["timeline"]] == [
        ("2026-09-20", "mention", "Journal/2026/09/2026-09-20.md"),
        ("2026-10-01", "call", None),
        ("2026-11-20", "mention", "Journal/2026/11/2026-11-20.md"),
    ]
    assert data["due"]["due"] == "2026-12-20"


@pytest.mark.usefixtures("journal")
def test_a_broken_daily_notes_file_is_a_problem(run: Run, write_note: WriteNote) -> None:
    write_note("Journal/2026/11/2026-11-20.md", "[[Ally]]")
    write_note("Talk.md", "---\ndate: 2026-11-10\n---\n[[Ally]]")
    for broken in ("{", json.dumps({"format": "Do MMMM YYYY"}), "[1]"):
        write_note(".obsidian/daily-notes.json", broken)
        result = run("check")
        assert result.exit_code == 1 and ".obsidian/daily-notes.json" in result.stdout
        assert item(run)["due"] == "2026-12-10"  # the dated note still counts
    write_note(".followup.yaml", OFF)  # not read at all when mentions do not count
    assert run("check").exit_code == 0


@pytest.mark.usefixtures("journal")
def test_the_caches_follow_every_change(run: Run, write_note: WriteNote, vault: Path) -> None:
    """The row cache keeps what a mention decides, and lets go when a note changes."""

    def fresh() -> str:
        pipeline = AgendaPipeline(open_vault(vault), use_cache=False)
        return pipeline.outputs(TODAY, kinds=["json"])["json"]

    def agenda() -> str:
        return str(run("agenda", "--no-write", "--json").stdout)

    daily = "Journal/2026/11/2026-11-20.md"
    steps: list[tuple[str, str | None]] = [
        (daily, "[[Ally]]"),
        (daily, "no link"),
        ("Journal/2026/11/2026-11-18.md", "[[alice chen]]"),
        ("People/alice-chen.md", ALICE.replace("aliases: [Ally]", "aliases: [Al]")),
        (daily, "[[Al]]"),
        (daily, "```\n[[Al]]\n```\n%% [[Al]] %%"),  # code and comments: no link
        (daily, "| Who |\n| --- |\n| [[People/alice-chen\\|Al]] |\n"),
        (".obsidian/daily-notes.json", json.dumps({"folder": "Journal/2026"})),
        ("Journal/2026/2026-11-21.md", "[[Al]]"),
        ("Notes/Al.md", "a note named Al: [[Al]] is to it now"),
        ("Notes/Al.md", None),  # gone: [[Al]] is to the alias again
        ("People/Al.md", "---\nname: Al Other\ncadence: 30d\n---\n"),  # a contact's file name
        ("People/Al.md", None),
        (".followup.yaml", OFF),
        (".followup.yaml", ON),
    ]
    for rel, text in steps:
        if text is None:
            (vault / rel).unlink()
        else:
            write_note(rel, text)
        assert json.loads(agenda()) == json.loads(fresh()), rel
        assert json.loads(agenda()) == json.loads(fresh()), rel  # warm, nothing changed
    assert item(run)["due"] == "2026-12-21"


def test_the_watcher_follows_mentions_and_the_daily_notes_settings(
    vault: Path, write_note: WriteNote, journal: None
) -> None:
    from followup_md.daemon.events import Change
    from followup_md.daemon.watcher import Watcher

    from .test_watch import FakeClock, agenda_text, expected

    watcher = Watcher(open_vault(vault), clock=FakeClock(), debounce=0.3)
    watcher.start(0.0)
    assert "2026-10-31" in (agenda_text(vault) or "")
    now = 1.0
    for rel, text, due in [
        ("Journal/2026/11/2026-11-20.md", "[[Ally]]", "2026-12-20"),
        ("Journal/2026/11/2026-11-21.md", "[[Alice Chen]]", "2026-12-21"),
        ("Journal/2026/11/2026-11-21.md", "nobody", "2026-12-20"),
        (".obsidian/daily-notes.json", "{}", "2026-10-31"),  # now YYYY-MM-DD at the root
        ("2026-11-19.md", "[[alice-chen]]", "2026-12-19"),
    ]:
        write_note(rel, text)
        assert watcher.handle(Change("modified", str(vault / rel)), now), rel
        watcher.flush(now + 1.0)
        now += 2.0
        written = agenda_text(vault) or ""
        assert written == expected(vault), rel
        assert f"📅 {due}" in written, rel


def test_mentions_off_read_no_body(
    run: Run, write_note: WriteNote, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Off (the default), no dated note is opened for its links."""
    from followup_md.notes import links

    opened: list[str] = []
    monkeypatch.setattr(links, "dated_note", lambda *args: opened.append(args[1]))
    write_note(".followup.yaml", OFF)
    write_note("Alice Chen.md", ALICE)
    write_note("2026-11-20.md", "[[Alice Chen]]")
    assert item(run)["due"] == "2026-10-31" and opened == []
    write_note(".followup.yaml", ON)
    run("agenda", "--no-write", "--no-cache")
    assert opened == ["2026-11-20.md"]


def test_a_mention_counts_from_its_day_on(run: Run, write_note: WriteNote) -> None:
    """`today` decides which mentions are in the past: the same cache, two days."""
    write_note(".followup.yaml", ON)
    write_note("Alice Chen.md", ALICE)
    write_note("2026-11-20.md", "[[Alice Chen]]")
    for today, due in (("2026-11-19", "2026-10-31"), ("2026-11-20", "2026-12-20")):
        data = json.loads(
            run("agenda", "--no-write", "--json", today=dt.date.fromisoformat(today)).stdout
        )
        assert data["items"][0]["due"] == due, today


@pytest.mark.usefixtures("journal")
def test_a_changed_dated_note_replans_only_the_contacts_it_mentions(
    run: Run, write_note: WriteNote, reads: Reads
) -> None:
    """Each note is read once on a cold run; after an edit of a daily note, that note and
    the contacts it mentions, before and after the edit, are read again, nothing else."""
    for name in ("Bob", "Cem", "Dee"):
        write_note(f"People/{name}.md", "---\ncadence: 30d\n---\n")
    daily = "Journal/2026/11/2026-11-20.md"
    write_note(daily, "[[Bob]] and [[Ally]]")
    run("agenda", "--no-write")
    assert sorted(reads) == sorted(
        [daily, "People/Bob.md", "People/Cem.md", "People/Dee.md", "People/alice-chen.md"]
    )
    reads.clear()
    write_note(daily, "[[Bob]] and [[Cem]]")
    run("agenda", "--no-write")
    assert sorted(reads) == [daily, "People/Cem.md", "People/alice-chen.md"]


def test_polling_looks_at_the_daily_notes_settings(tmp_path: Path) -> None:
    """`watch --poll` sees a change of the daily notes' place, as of the excluded files."""
    from followup_md.daemon.polling import _listdir

    (tmp_path / ".obsidian").mkdir()
    for name in ("app.json", "daily-notes.json", "workspace.json"):
        (tmp_path / ".obsidian" / name).write_text("{}")
    found = sorted(entry.name for entry in _listdir(str(tmp_path / ".obsidian")))
    assert found == ["app.json", "daily-notes.json"]


@pytest.mark.usefixtures("journal")
def test_a_command_says_the_next_follow_up_as_the_agenda_plans_it(
    run: Run, write_note: WriteNote
) -> None:
    write_note("Journal/2026/11/2026-11-20.md", "Lunch with [[Alice Chen]].\n")
    result = run("status", "Alice", "active")
    assert result.exit_code == 0, result.output
    assert "Next follow-up: Sun 2026-12-20" in result.output  # from the mention, as the agenda
    assert item(run)["due"] == "2026-12-20"


@pytest.mark.usefixtures("journal")
def test_synced_properties_follow_the_agenda_with_mentions(
    run: Run, write_note: WriteNote, vault: Path
) -> None:
    config = (vault / ".followup.yaml").read_text("utf-8")
    write_note(".followup.yaml", config + "sync_properties: true\n")
    write_note("Journal/2026/11/2026-11-20.md", "Lunch with [[Alice Chen]].\n")
    assert run("agenda").exit_code == 0
    note = vault / "People/alice-chen.md"
    assert "next_follow_up: 2026-12-20\n" in note.read_text("utf-8")
    stamp = note.stat().st_mtime_ns
    again = run("agenda")  # current now: nothing left to write, no note read
    assert again.exit_code == 0 and "updated the properties" not in again.output
    assert note.stat().st_mtime_ns == stamp
    assert run("status", "Alice", "active").exit_code == 0  # a command follows them too
    assert "next_follow_up: 2026-12-20\n" in note.read_text("utf-8")


SIGRID = """---
name: Sigrid Berg
aliases: [Fjord Frakt]
cadence: 30d
interactions:
  - 2026-10-01 call: Freight rates
---
"""


def test_a_link_naming_a_note_is_to_that_note_not_to_an_alias(
    run: Run, write_note: WriteNote, vault: Path
) -> None:
    """Obsidian resolves a link to the note of that path or file name first: only a link
    naming no note may reach a contact by its `name` or an alias."""
    write_note(".followup.yaml", ON)
    write_note("People/Sigrid.md", SIGRID)
    write_note("Companies/Fjord Frakt.md", "# The company\n")
    write_note("2026-11-20.md", "Booked a container with [[Fjord Frakt]].\n")
    assert item(run, "Sigrid Berg")["due"] == "2026-10-31"  # the link is to the company
    write_note("2026-11-21.md", "And [[companies/fjord frakt.md|the firm]] again.\n")
    assert item(run, "Sigrid Berg")["due"] == "2026-10-31"
    (vault / "Companies/Fjord Frakt.md").unlink()  # now no note has that name: the alias
    assert item(run, "Sigrid Berg")["due"] == "2026-12-20"
    data = run_json(run, "show", "sigrid")
    assert [e["source"] for e in data["timeline"] if e["type"] == "mention"] == ["2026-11-20.md"]
    write_note("Fjord Frakt.md", "# Back, elsewhere\n")
    assert item(run, "Sigrid Berg")["due"] == "2026-10-31"
    assert [e for e in run_json(run, "show", "sigrid")["timeline"] if e["type"] == "mention"] == []


def test_a_contacts_file_name_wins_over_another_contacts_alias(
    run: Run, write_note: WriteNote
) -> None:
    write_note(".followup.yaml", ON)
    write_note("People/Bob.md", "---\nname: Robert Moe\ncadence: 30d\n---\n")
    write_note("People/alice-chen.md", ALICE.replace("[Ally]", "[Bob]"))
    write_note("2026-11-20.md", "[[Bob]]")
    assert item(run, "Robert Moe")["due"] == "2026-12-20"  # the note Bob.md
    assert item(run)["due"] == "2026-10-31"  # not Alice, whose alias it also is
    write_note("Other/Bob.md", "# another Bob.md: the name is two notes', neither counts\n")
    assert item(run, "Robert Moe")["due"] == "2026-11-22"
    assert item(run)["due"] == "2026-10-31"
    write_note("2026-11-21.md", "[[People/Bob]]")  # its path names one note
    assert item(run, "Robert Moe")["due"] == "2026-12-21"


def test_the_watcher_follows_notes_created_and_deleted_under_a_linked_name(
    vault: Path, write_note: WriteNote, journal: None
) -> None:
    """A note created or deleted can change what a link resolves to: the contacts that
    depend on that name are planned again."""
    from followup_md.daemon.events import Change
    from followup_md.daemon.watcher import Watcher

    from .test_watch import FakeClock, agenda_text, expected

    write_note("Journal/2026/11/2026-11-20.md", "[[Ally]]")
    watcher = Watcher(open_vault(vault), clock=FakeClock(), debounce=0.3)
    watcher.start(0.0)
    assert "📅 2026-12-20" in (agenda_text(vault) or "")
    now = 1.0
    for kind, rel, due in [
        ("created", "Notes/Ally.md", "2026-10-31"),  # [[Ally]] is to that note now
        ("deleted", "Notes/Ally.md", "2026-12-20"),
        ("created", "ally.md", "2026-10-31"),
        ("deleted", "ally.md", "2026-12-20"),
    ]:
        if kind == "created":
            write_note(rel, "# not a contact\n")
        else:
            (vault / rel).unlink()
        assert watcher.handle(Change(kind, str(vault / rel)), now), rel
        watcher.flush(now + 1.0)
        now += 2.0
        written = agenda_text(vault) or ""
        assert written == expected(vault), (kind, rel)
        assert f"📅 {due}" in written, (kind, rel)


@pytest.mark.usefixtures("journal")
def test_a_command_finds_mentions_unpacking_only_the_dated_notes(
    run: Run, write_note: WriteNote, vault: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`show` and the note-changing commands map who is mentioned where from the note index:
    a contact's names come from the index as they are (no note unpacked), a dated note's
    links from the note; the map is the one the unpacked notes give."""
    from followup_md.app import contacts
    from followup_md.core.mentions import MentionMap, links_of
    from followup_md.vault import packed
    from followup_md.vault.store import Store

    write_note("People/Bo Ek.md", "---\nname: Bo Ek\naliases: [Bosse, 'É']\ncadence: 30d\n---\n")
    write_note("Work/alice-chen.md", "---\nname: Other Alice\ncadence: 30d\n---\n")
    write_note("Notes/Plain.md", "# no front matter [[Bo Ek]]\n")
    write_note("Journal/2026/11/2026-11-20.md", "[[Ally]] and [[bosse]], [[Work/alice-chen]]")
    write_note("Journal/2026/11/2026-11-21.md", "[[É]] [[People/Bo Ek|Bo]] [[alice-chen]]")
    opened = open_vault(vault)
    by_hand = MentionMap(TODAY)
    for path, entry in Store(opened.root, opened.settings).index().entries.items():
        by_hand.update(path, links_of(entry.parsed.contact, entry.parsed.dated))
    unpack = packed.unpack
    unpacked: list[str] = []
    monkeypatch.setattr(packed, "unpack", lambda text: unpacked.append(text) or unpack(text))
    paths = ["People/alice-chen.md", "People/Bo Ek.md", "Work/alice-chen.md"]
    for path in paths:
        assert contacts.mentions_of(opened, path, TODAY) == by_hand.mentions(path)
    assert len(unpacked) == 2 * len(paths)  # the two dated notes, for each look-up
    assert [m.date.day for m in by_hand.mentions("People/Bo Ek.md")] == [20, 21]
