"""Issue 12, "Lines the Tasks plugin understands": every due line of the agenda note is a
task the Obsidian Tasks plugin reads, ending `📅 YYYY-MM-DD[ #tag] ^fu-<hash>-<count>`.

The Tasks plugin reads a line's fields from its end: it takes off a block link
(` \\^[a-zA-Z0-9-]+$`), then tags and emoji fields (TaskRegularExpressions.ts); a line
inside a callout (`> - [ ] …`) is a task too. Through the real CLI on real notes; today is
Sunday 2026-11-22 (tests/conftest.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from followup_md.core.config_spec import OPTIONS_BY_NAME
from followup_md.core.model import Contact
from followup_md.outputs.tasks import block_id

from .conftest import Run

WriteNote = Callable[[str, "str | bytes"], Path]

BLOCK_ID = re.compile(r" \^([a-zA-Z0-9-]+)$")  # the Tasks plugin's blockLinkRegex
TASK = re.compile(
    r"^(?P<callout>> )?- \[ \] (?P<link>\[\[[^\]]+\]\]) · (?P<body>.+) "
    r"📅 (?P<due>\d{4}-\d{2}-\d{2})(?: (?P<tag>#[\w/-]+))? \^(?P<id>fu-[0-9a-f]{12}-\d+)$"
)


def section(note: str, title: str) -> list[str]:
    """The non-empty lines under `## title`, up to the next heading."""
    lines = note.splitlines()
    start = lines.index(f"## {title}") + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    return [line for line in lines[start:end] if line]


@pytest.fixture
def agenda_vault(write_note: WriteNote) -> None:
    write_note("People/Ola.md", "---\nnext: 2026-11-20\nobjective: Close the deal\n---\n")
    write_note("People/Tia.md", "---\nnext: 2026-11-22\nchannel: email\n---\n")
    write_note(
        "People/Una.md",
        "---\nnext: 2026-11-25\ninteractions:\n  - 2026-11-01 call: Intro\n---\n",
    )
    write_note("People/Lea.md", "---\nnext: 2026-12-20\n---\n")
    write_note("People/Mia.md", "---\nnext: 2026-09-01\n---\n")  # missed
    write_note(
        "Quiet.md",
        "---\ninteractions: [2026-10-01 email, 2026-10-04 email, 2026-10-11 email,\n"
        "  2026-10-25 email]\n---\n",
    )
    write_note("Broken.md", "---\ncadence: [oops\n---\n")


def agenda(run: Run, vault: Path) -> str:
    assert run("agenda").exit_code == 0
    return (vault / "Follow-ups.md").read_text("utf-8")


def test_each_bucket_has_the_exact_task_line(run: Run, vault: Path, agenda_vault: None) -> None:
    note = agenda(run, vault)
    ola = block_id(Contact(path="People/Ola.md", name="Ola"))
    assert section(note, "Overdue") == [
        "- [ ] [[People/Ola|Ola]] · Fri 2026-11-20 (2 days overdue) · Planned follow-up "
        f"(next: 2026-11-20) · Objective: Close the deal 📅 2026-11-20 ^{ola}"
    ]
    (today,) = section(note, "Today")
    assert today.startswith("- [ ] [[People/Tia|Tia]] · Sun 2026-11-22 (today) · email · ")
    assert today.endswith(" 📅 2026-11-22 ^" + block_id(Contact("People/Tia.md", "Tia")))
    (upcoming,) = section(note, "Next 7 days")
    una = block_id(Contact("People/Una.md", "Una", logged=1))
    assert upcoming.startswith("- [ ] [[People/Una|Una]] · Wed 2026-11-25 (in 3 days) · ")
    assert upcoming.endswith(f" 📅 2026-11-25 ^{una}") and una.endswith("-1")
    later = section(note, "Later")
    assert later[0].startswith("> [!note]- ")
    assert later[1:] == [
        "> - [ ] [[People/Lea|Lea]] · Sun 2026-12-20 (in 28 days) · Planned follow-up "
        "(next: 2026-12-20) 📅 2026-12-20 ^" + block_id(Contact("People/Lea.md", "Lea"))
    ]
    for line in [*section(note, "Overdue"), today, upcoming, *later[1:]]:
        match = TASK.fullmatch(line)
        assert match is not None, line
        assert match["tag"] is None  # no tasks_tag: no tag
        assert "📅" not in match["body"] and "^fu-" not in match["body"]
        assert BLOCK_ID.search(line) is not None  # what Tasks and Obsidian take as the id


def test_gone_quiet_missed_and_problems_stay_plain_bullets(
    run: Run, vault: Path, agenda_vault: None
) -> None:
    note = agenda(run, vault)
    for title in ("Missed", "Gone quiet", "Problems"):
        lines = section(note, title)
        assert lines, title
        for line in lines:
            assert line.startswith("- [[") and "- [ ]" not in line, line
            assert "^fu-" not in line and "📅" not in line, line


def test_tasks_tag_goes_between_the_date_and_the_id(
    run: Run, vault: Path, write_note: WriteNote, agenda_vault: None
) -> None:
    write_note(".followup.yaml", 'tasks_tag: "#followup"\n')
    note = agenda(run, vault)
    tasks = [line for line in note.splitlines() if "- [ ] " in line]
    assert len(tasks) == 4
    for line in tasks:
        match = TASK.fullmatch(line)
        assert match is not None and match["tag"] == "#followup", line
        assert re.search(r" 📅 \d{4}-\d{2}-\d{2} #followup \^fu-[0-9a-f]{12}-\d+$", line)
    # The same tag written without its `#` is the same setting.
    write_note(".followup.yaml", "tasks_tag: followup\n")
    assert agenda(run, vault) == note
    # No tag: no tag.
    write_note(".followup.yaml", "horizon: 7\n")
    assert "#followup" not in agenda(run, vault)


@pytest.mark.parametrize("value", ["#followup", "followup", " #follow-up/work "])
def test_tasks_tag_is_normalised(value: str) -> None:
    read = OPTIONS_BY_NAME["tasks_tag"].read
    assert read(value) == "#" + value.strip().lstrip("#")


@pytest.mark.parametrize("value", ["#", "two words", "#a#b", "a.b", "123", 7, ["#x"], "##x"])
def test_tasks_tag_refuses_what_is_not_one_tag(value: object) -> None:
    with pytest.raises(ValueError, match="one tag"):
        OPTIONS_BY_NAME["tasks_tag"].read(value)


def test_the_id_is_stable_and_changes_when_the_note_gains_an_interaction(
    run: Run, vault: Path, write_note: WriteNote
) -> None:
    una = "---\ncadence: 14d\ninteractions:\n  - 2026-11-01 call: Intro\n---\n"
    write_note("People/Una.md", una)

    def ids() -> list[str]:
        return re.findall(r"\^(fu-[0-9a-f]{12}-\d+)$", agenda(run, vault), re.M)

    (first,) = ids()
    assert ids() == [first] == ids()  # the same across runs (and through the caches)
    assert run("agenda", "--no-cache").exit_code == 0
    assert ids() == [first]
    write_note("People/Una.md", una.replace("Intro\n", "Intro\n  - 2026-11-10 email: Deck\n"))
    (second,) = ids()
    assert first.endswith("-1") and second.endswith("-2")
    assert first.rsplit("-", 1)[0] == second.rsplit("-", 1)[0]  # same note, same hash


def test_the_count_is_the_whole_history_not_the_cached_tail(
    run: Run, vault: Path, write_note: WriteNote
) -> None:
    history = "".join(f"  - 2026-10-{day:02d} email: try {day}\n" for day in range(1, 10))
    history += "  - 2026-10-12 email in: answered\n  - 2026-11-01 call: Catch-up\n"
    write_note("Ada.md", "---\ncadence: 30d\ninteractions:\n" + history + "---\n")
    for _ in range(2):  # cold, then warm from the caches
        note = agenda(run, vault)
        assert re.search(r"\^fu-[0-9a-f]{12}-11$", note, re.M), note


def test_100000_paths_never_share_an_id() -> None:
    paths = [f"People/{group}/Contact {n}.md" for group in range(100) for n in range(1000)]
    hashes = {block_id(Contact(path, "x")).rsplit("-", 1)[0] for path in paths}
    assert len(hashes) == len(paths)


@pytest.mark.parametrize("name", ["Ann #1 ^x", "^^", "a|b ]] #tag", "Zoë 🎉"])
def test_any_name_gives_a_valid_block_id(name: str) -> None:
    contact = Contact(path=f"People/{name}.md", name=name, logged=3)
    ident = block_id(contact)
    assert re.fullmatch(r"fu-[0-9a-f]{12}-3", ident)
    assert block_id(Contact(path=contact.path, name="Other", logged=3)) == ident


def test_a_name_with_hash_and_caret_keeps_a_valid_id_in_the_note(
    run: Run, vault: Path, write_note: WriteNote
) -> None:
    write_note("Kit.md", '---\nname: "Kit #1 ^boss"\nnext: 2026-11-23\n---\n')
    (line,) = [line for line in agenda(run, vault).splitlines() if "- [ ] " in line]
    assert line.startswith("- [ ] ") and "Kit #1" in line
    match = BLOCK_ID.search(line)
    assert match is not None and match[1] == block_id(Contact("Kit.md", "Kit"))
    assert " 📅 2026-11-23 ^" in line
