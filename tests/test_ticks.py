"""Tick to log: a line ticked in the agenda note is recorded as `followup done` would.

`followup agenda` on real vaults (CliRunner), the line grammar (examples and
properties), and safety: found by id, applied once, kept when it cannot be applied,
every other note byte-identical. The watcher's side is in test_watch_ticks.py.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup_md.notes.reader import read_note
from followup_md.outputs.tasks import find_ticks, path_hash

from .conftest import Run

DANA = """---
name: Dana Park
channel: email
interactions:
  - {date: 2026-11-19, type: interview, summary: Panel interview}
---
# Dana
"""
ERIK = """---
# a comment the tick must keep
interactions:
  - date: 2026-11-18
    type: sales
    summary: "Pricing call"
---
Body.
"""
MIA = "---\nname: Mia\ncadence: monthly\ninteractions:\n  - 2026-10-01 call: Lunch\n---\n"


@pytest.fixture
def three(write_note: object, vault: Path) -> Path:
    for rel, text in (
        ("People/Dana.md", DANA),
        ("People/Erik Dahl.md", ERIK),
        ("Mia.md", MIA),
    ):
        (vault / rel).parent.mkdir(parents=True, exist_ok=True)
        (vault / rel).write_bytes(text.encode("utf-8"))
    return vault


def agenda(vault: Path) -> str:
    return (vault / "Follow-ups.md").read_text("utf-8")


def tick(vault: Path, who: str, *, mark: str = "x", extra: str = "", before_id: str = "") -> str:
    """Tick `who`'s open line in the agenda note as an editor would; return the line."""
    lines = agenda(vault).split("\n")
    for i, line in enumerate(lines):
        if who in line and "- [ ] " in line:
            line = line.replace("- [ ] ", f"- [{mark}] ", 1)
            if before_id:
                line = line.replace(" ^fu-", f" {before_id} ^fu-")
            lines[i] = line + extra
            (vault / "Follow-ups.md").write_bytes("\n".join(lines).encode("utf-8"))
            return lines[i]
    raise AssertionError(f"no open line for {who}")


def snapshot(vault: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(vault)): p.read_bytes()
        for p in sorted(vault.rglob("*.md"))
        if p.name != "Follow-ups.md"
    }


def interactions(vault: Path, rel: str) -> int:
    contact = read_note(vault / rel, rel).contact
    assert contact is not None
    return contact.logged


# ------------------------------------------------------------------ as `done` would


@pytest.mark.parametrize(
    ("extra", "done_args"),
    [("", ()), (" — she'll call back Tuesday", ("-s", "she'll call back Tuesday"))],
)
def test_a_tick_writes_exactly_what_done_writes(
    run: Run, three: Path, tmp_path: Path, extra: str, done_args: tuple[str, ...]
) -> None:
    twin = tmp_path / "twin"
    shutil.copytree(three, twin)
    assert run("agenda").exit_code == 0
    before = snapshot(three)
    tick(three, "Dana Park", extra=extra)

    result = run("agenda")
    assert result.exit_code == 0, result.output
    by_done = run("--vault", str(twin), "done", "Dana Park", *done_args)
    assert by_done.exit_code == 0, by_done.output

    after = snapshot(three)
    assert after["People/Dana.md"] == (twin / "People/Dana.md").read_bytes()
    assert after["People/Dana.md"] != before["People/Dana.md"]
    assert {k: v for k, v in after.items() if k != "People/Dana.md"} == {
        k: v for k, v in before.items() if k != "People/Dana.md"
    }
    assert "Recorded a follow-up on 2026-11-22 for Dana Park (ticked in the agenda)" in (
        result.stderr
    )
    # The ticked line is gone; the contact shows its next follow-up instead.
    assert "- [x]" not in agenda(three)
    assert "Nudge 1 of 3: no reply to followup of 2026-11-22" in agenda(three)


def test_the_tasks_plugins_done_date_dates_the_interaction_never_later_than_today(
    run: Run, three: Path
) -> None:
    run("agenda")
    tick(three, "Dana Park", before_id="✅ 2026-11-21")
    tick(three, "Erik Dahl", extra=" ✅ 2026-12-25")  # a wrong clock: today at the latest
    assert run("agenda").exit_code == 0
    dana = (three / "People/Dana.md").read_text("utf-8")
    erik = (three / "People/Erik Dahl.md").read_text("utf-8")
    assert "{date: 2026-11-21, type: followup}" in dana
    assert "  - date: 2026-11-22\n    type: followup\n" in erik
    assert "# a comment the tick must keep" in erik


def test_capital_x_and_a_tick_inside_the_later_callout_count(
    run: Run, three: Path, write_note: object, vault: Path
) -> None:
    (vault / "Far.md").write_text("---\nnext: 2026-12-20\n---\n", "utf-8")
    run("agenda")
    assert "> - [ ] [[Far]]" in agenda(vault)
    tick(vault, "[[Far]]", mark="X")
    assert run("agenda").exit_code == 0
    assert interactions(vault, "Far.md") == 1


# ------------------------------------------------------------------ found by id, applied once


def test_a_reordered_and_renamed_agenda_logs_each_by_its_id(run: Run, three: Path) -> None:
    run("agenda")
    tick(three, "Dana Park")
    tick(three, "Erik Dahl")
    lines = agenda(three).split("\n")
    ticked = [line for line in lines if line.startswith("- [x]")]
    # The person moved the lines around and swapped the names shown: the ids decide.
    swapped = [
        ticked[1].replace("Erik Dahl]]", "Dana Park]]"),
        ticked[0].replace("Dana Park]]", "Erik Dahl]]"),
    ]
    rest = [line for line in lines if not line.startswith("- [x]")]
    (three / "Follow-ups.md").write_text("\n".join(rest + swapped), "utf-8")
    assert run("agenda").exit_code == 0
    assert interactions(three, "People/Dana.md") == 2
    assert interactions(three, "People/Erik Dahl.md") == 2
    assert interactions(three, "Mia.md") == 1


def test_a_duplicated_line_and_a_second_run_log_once(run: Run, three: Path) -> None:
    run("agenda")
    line = tick(three, "Dana Park")
    (three / "Follow-ups.md").write_text(agenda(three) + "\n" + line + "\n", "utf-8")
    ticked_agenda = agenda(three)
    result = run("agenda")
    assert interactions(three, "People/Dana.md") == 2
    assert "Not recorded: the tick on `^fu-" in result.stderr
    assert "appears twice: it was recorded once" in result.stderr
    # A crash between the note's write and the agenda's: the old ticked agenda is back.
    (three / "Follow-ups.md").write_text(ticked_agenda, "utf-8")
    again = run("agenda")
    assert again.exit_code == 0
    assert "People/Dana.md changed since the line was written" in again.stderr
    assert interactions(three, "People/Dana.md") == 2
    assert "- [x]" not in agenda(three)


def test_a_tick_for_a_deleted_contact_is_kept_and_reported(run: Run, three: Path) -> None:
    run("agenda")
    line = tick(three, "Erik Dahl", extra=" — called")
    (three / "People/Erik Dahl.md").unlink()
    before = snapshot(three)
    result = run("agenda")
    assert result.exit_code == 0
    text = agenda(three)
    problems = text[text.index("## Problems") :]
    assert f"`^fu-{path_hash('People/Erik Dahl.md')}-1`" in problems
    assert "(for People/Erik Dahl) matches no contact note" in problems
    assert line in problems.split("\n")  # verbatim, still ticked
    assert snapshot(three) == before
    # Stable: the next run keeps it again and changes nothing.
    kept = agenda(three)
    assert run("agenda").exit_code == 0 and agenda(three) == kept
    assert '"kept": ' in run("agenda", "--json").output


def test_a_tick_on_a_broken_note_is_kept_until_the_note_is_fixed(
    run: Run, three: Path, vault: Path
) -> None:
    run("agenda")
    line = tick(three, "Dana Park")
    good = (vault / "People/Dana.md").read_bytes()
    (vault / "People/Dana.md").write_bytes(good.replace(b"name: Dana Park", b"name: [Dana"))
    run("agenda")
    assert "could not be recorded" in agenda(three)
    assert line in agenda(three).split("\n")
    (vault / "People/Dana.md").write_bytes(good)
    assert run("agenda").exit_code == 0
    assert interactions(vault, "People/Dana.md") == 2
    assert "- [x]" not in agenda(three)


@pytest.mark.parametrize(
    "command", [("agenda", "--no-write"), ("show", "Dana"), ("check",), ("digest",)]
)
def test_only_a_writing_agenda_records_ticks(run: Run, three: Path, command: tuple[str]) -> None:
    run("agenda")
    tick(three, "Dana Park")
    before = snapshot(three)
    run(*command)
    assert snapshot(three) == before
    assert "- [x]" in agenda(three)


def test_a_note_of_the_users_at_the_agenda_path_is_never_read_for_ticks(
    run: Run, three: Path
) -> None:
    run("agenda")
    ticked = tick(three, "Dana Park")
    (three / "Follow-ups.md").write_text(f"# My own list\n{ticked}\n", "utf-8")
    before = snapshot(three)
    assert run("agenda").exit_code == 1
    assert snapshot(three) == before


# ------------------------------------------------------------------ the line grammar


def test_the_summary_is_what_follows_the_id_without_the_done_date() -> None:
    base = "- [x] [[People/Dana|Dana]] · due · email · why 📅 2026-11-20 #followup ^fu-"
    ident = "0123456789ab-3"
    cases = {
        "": None,
        " — she'll call back": "she'll call back",
        ": sent the deck ✅ 2026-11-21": "sent the deck",
        " ✅ 2026-11-21 - left a voicemail": "left a voicemail",
        "   -   spaced    out  ": "spaced out",
    }
    for extra, summary in cases.items():
        (found,) = find_ticks(base + ident + extra)
        assert (found.summary, found.count, found.target) == (summary, 3, "People/Dana")


def test_tasks_may_move_tags_and_put_the_done_date_before_the_id() -> None:
    line = "> - [x] [[Ann]] · x #followup 📅 2026-11-20 ✅ 2026-11-19 ^fu-0123456789ab-0"
    (found,) = find_ticks(line)
    assert found.done == dt.date(2026, 11, 19) and found.summary is None
    assert found.date(dt.date(2026, 11, 18)) == dt.date(2026, 11, 18)  # never after today


@pytest.mark.parametrize(
    "line",
    [
        "- [ ] [[Ann]] 📅 2026-11-20 ^fu-0123456789ab-0",  # open
        "- [-] [[Ann]] 📅 2026-11-20 ^fu-0123456789ab-0",  # cancelled in Tasks
        "- [x] [[Ann]] 📅 2026-11-20",  # no id: not ours
        "- [x] [[Ann]] 📅 2026-11-20 ^fu-0123456789ab",  # no count
        "- [x] [[Ann]] said `^fu-0123456789ab-0` in a code span",
        "x [x] [[Ann]] ^fu-0123456789ab-0",  # not a list item
    ],
)
def test_what_is_not_a_tick(line: str) -> None:
    assert list(find_ticks(line)) == []


@given(
    path=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40),
    count=st.integers(0, 10**6),
    summary=st.text(
        st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="✅"),
        max_size=60,
    ),
)
def test_any_line_gives_back_its_note_count_and_summary(
    path: str, count: int, summary: str
) -> None:
    line = f"- [x] [[p|n]] · r 📅 2026-11-20 ^fu-{path_hash(path)}-{count} — {summary}"
    (found,) = find_ticks(line)
    assert (found.hash, found.count, found.done) == (path_hash(path), count, None)
    expected = " ".join(re.sub(r"^[\s\-–—:]+", "", summary).split()) or None
    assert found.summary == expected


# ------------------------------------------------------------------ what a note's text cannot do


def test_an_id_or_a_done_date_in_a_summary_is_never_read(
    run: Run, three: Path, vault: Path
) -> None:
    run("agenda")
    erik_id = f"^fu-{path_hash('People/Erik Dahl.md')}-1"
    dana = (vault / "People/Dana.md").read_text("utf-8")
    forged = f"Panel 📅 2026-11-20 {erik_id} ✅ 2025-01-05 interview"
    (vault / "People/Dana.md").write_text(dana.replace("Panel interview", forged), "utf-8")
    run("agenda")
    assert erik_id in agenda(vault)  # the forged text shows in Dana's reason
    tick(vault, "Dana Park")
    result = run("agenda")
    assert "for Dana Park" in result.stderr and "Erik" not in result.stderr
    assert interactions(vault, "People/Erik Dahl.md") == 1
    assert "{date: 2026-11-22, type: followup}" in (vault / "People/Dana.md").read_text("utf-8")


@given(
    reason=st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=40),
    done=st.sampled_from(["", " ✅ 2026-11-19"]),
    after=st.sampled_from(["", " — called her", " ✅ 2026-11-18", ": left a note ✅ 2026-11-18"]),
)
def test_the_tick_is_read_from_the_lines_own_tail(reason: str, done: str, after: str) -> None:
    forged = f" 📅 2026-11-01 ^fu-{path_hash('other.md')}-9 ✅ 2020-01-01 "
    own = f"^fu-{path_hash('mine.md')}-2"
    line = f"- [x] [[mine|Me]] · {reason}{forged}{reason} 📅 2026-11-20 #fu{done} {own}{after}"
    (found,) = find_ticks(line)
    assert (found.hash, found.count) == (path_hash("mine.md"), 2)
    expected_done = "2026-11-19" if done else "2026-11-18" if "✅" in after else None
    assert (found.done.isoformat() if found.done else None) == expected_done
    summary = {"": None, " — called her": "called her", " ✅ 2026-11-18": None}
    assert found.summary == summary.get(after, "left a note")


# ------------------------------------------------------------------ kept across a rewrite


def test_a_rewrite_keeps_what_the_person_added_to_lines_still_open() -> None:
    from followup_md.outputs.tasks import carry_over

    a, b = f"^fu-{path_hash('a.md')}-1", f"^fu-{path_hash('b.md')}-3"
    new = f"# Agenda\n- [ ] [[a]] · x 📅 2026-11-20 {a}\n> - [ ] [[b]] · y 📅 2026-12-20 #t {b}\n"
    old = (
        f"# Agenda\n- [x] [[a]] · old 📅 2026-11-20 ✅ 2026-11-21 {a}\n"
        f"> - [ ] [[b]] · y 📅 2026-12-20 #t {b} — she said Tuesday\n"
        f"- [x] [[c]] · gone 📅 2026-11-20 ^fu-{path_hash('c.md')}-1\n"
    )
    merged, ticks = carry_over(old, new)
    assert ticks == 1
    assert merged == (
        f"# Agenda\n- [x] [[a]] · x 📅 2026-11-20 ✅ 2026-11-21 {a}\n"
        f"> - [ ] [[b]] · y 📅 2026-12-20 #t {b} — she said Tuesday\n"
    )
    assert carry_over(merged, new) == (merged, 1)  # stable
    assert carry_over(new, new) == (new, 0)
    stale = new.replace(f"{a}\n", f"^fu-{path_hash('a.md')}-2\n")  # the note gained one
    assert carry_over(old, stale)[0].count("[x]") == 0


def test_a_note_nobody_touched_is_not_read_line_by_line_and_edits_still_carry(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The quick look for additions sees an id's whole count (`-10` is not `-1` then text)
    and stops at a line's end: the agenda as written is taken whole, what a person added
    is found as a full read would find it."""
    from followup_md.outputs import tasks

    ids = [f"^fu-{path_hash(f'{n}.md')}-{n}" for n in (1, 10, 123456789)]
    new = "".join(f"- [ ] [[{n}]] · x 📅 2026-11-20 {i}\n" for n, i in enumerate(ids))
    olds = {
        "untouched": new,
        "crlf": new.replace("\n", "\r\n"),
        "typed": new.replace(f"{ids[1]}\n", f"{ids[1]} called\n"),
        "typed after a wide space": new.replace(f"{ids[1]}\n", f"{ids[1]}\u2003called\n"),
        "typed after a tab": new.replace(f"{ids[2]}\n", f"{ids[2]}\tcalled\n"),
        "ticked": new.replace("- [ ]", "- [x]", 1),
    }
    full = {name: tasks.carry_over(old, new) for name, old in olds.items()}
    with monkeypatch.context() as patched:  # a full read of every line: the reference
        patched.setattr(tasks, "_added", lambda text: True)
        assert {name: tasks.carry_over(old, new) for name, old in olds.items()} == full
    assert full["untouched"] == full["crlf"] == (new, 0)
    assert full["typed after a wide space"][0].count("called") == 1
    assert full["typed after a tab"][0].count("called") == 1

    def unread(line: str) -> None:
        raise AssertionError("read line by line")

    monkeypatch.setattr(tasks, "_read_line", unread)
    assert tasks.carry_over(new, new) == (new, 0)


def test_text_typed_before_the_tick_survives_a_rewrite(run: Run, three: Path) -> None:
    run("agenda")
    lines = agenda(three).split("\n")
    index = next(i for i, line in enumerate(lines) if "Dana Park" in line and "- [ ]" in line)
    lines[index] += " — she will call back Tuesday"
    (three / "Follow-ups.md").write_text("\n".join(lines), "utf-8")
    (three / "Mia.md").write_text(MIA.replace("monthly", "weekly"), "utf-8")
    assert run("agenda").exit_code == 0
    assert lines[index] in agenda(three).split("\n")


def test_a_summary_cannot_hide_the_agenda_or_link_elsewhere(run: Run, vault: Path) -> None:
    (vault / "Priya.md").write_text(
        "---\ninteractions:\n  - {date: 2026-11-21, type: email, direction: in, "
        "summary: '%% quote [[Tom Aas]] <!-- hidden'}\n---\n",
        "utf-8",
    )
    (vault / "Zed.md").write_text("---\nnext: 2026-11-23\n---\n", "utf-8")
    assert run("agenda").exit_code == 0
    text = agenda(vault)
    line = next(line for line in text.split("\n") if "[[Priya]]" in line)
    assert "%%" not in line and "[[Tom Aas]]" not in line and "<!--" not in line
    assert "quote" in line and line.endswith(f"^fu-{path_hash('Priya.md')}-1")
    assert "[[Zed]]" in text  # the next line is still there, not commented away
    stats = run("stats", "--write")
    assert stats.exit_code == 0
