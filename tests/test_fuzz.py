"""Fuzzing the three promises that matter most, with hypothesis (issue 9).

1. The reader never raises: whatever bytes a note holds, it gives a contact or problems,
   and no problem message grows with the input.
2. The writer's fidelity: an interaction added to any of the hand-styled notes (and to
   random front matter) reads back as the old data plus exactly that interaction, with
   every byte outside the front matter unchanged — or the edit is refused whole.
3. The watcher's agenda, after any sequence of creates, edits, deletes, renames and new
   days, is byte for byte what a fresh `followup agenda` writes.

A short profile runs with the suite; `FOLLOWUP_FUZZ=long` runs the long one (at least
100,000 examples in all): `FOLLOWUP_FUZZ=long python -m pytest tests/test_fuzz.py`.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_md.app.agenda import AgendaPipeline
from followup_md.app.vaults import open_vault
from followup_md.core.model import Interaction
from followup_md.daemon.events import Change
from followup_md.daemon.watcher import Watcher
from followup_md.errors import EditRefused, UsageError
from followup_md.notes.frontmatter import split_front_matter
from followup_md.notes.reader import parse_note
from followup_md.notes.writer import NewInteraction, add_interaction

LONG = os.environ.get("FOLLOWUP_FUZZ") == "long"


def _fuzz(short: int, long: int) -> settings:
    """The examples a property gets: `short` with the suite, `long` in the long profile."""
    return settings(
        max_examples=long if LONG else short,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


READER, WRITER, WATCHER = _fuzz(60, 70_000), _fuzz(40, 30_000), _fuzz(15, 3_000)
"""The long profile: 103,000 examples in all (the watcher's each replay up to 8 steps)."""
CORPUS = sorted((Path(__file__).parent / "data" / "notes").glob("*.md"))
TODAY = dt.date(2026, 11, 22)
MESSAGE_BOUND = 1000

# ------------------------------------------------------------------ 1. the reader

YAML_BITS = st.sampled_from(
    [
        "interactions:", "cadence: 30d", "next: 2026-11-30", "- ", "  - ", "{", "}", "[", "]",
        "&a ", "*a", "<<: *a", "!!python/object:os.system", "!!binary", "? ", ": ", "#",
        "'", '"', "\\", "\t", "\n", "\r\n", "2026-02-30", "9" * 40, "---", "...", "|", ">",
        "date: 2026-11-19", "type: email", "direction: in", "follow_up: none", "\x00",
        "\ufeff", "é", "\udcff",
    ]
)  # fmt: skip
FRONT_MATTER = st.lists(st.one_of(YAML_BITS, st.text(max_size=8)), max_size=40).map(
    lambda bits: "---\n" + "".join(bits) + "\n---\nbody\n"
)
NOTE_BYTES = st.one_of(
    st.binary(max_size=300),
    FRONT_MATTER.map(lambda text: text.encode("utf-8", "surrogatepass")),
)


@READER
@given(NOTE_BYTES)
def test_the_reader_never_raises_and_its_messages_stay_short(raw: bytes) -> None:
    parsed = parse_note(raw, "People/Fuzz.md")
    assert all(len(problem.message) < MESSAGE_BOUND for problem in parsed.problems)
    assert all(problem.path == "People/Fuzz.md" for problem in parsed.problems)


# ------------------------------------------------------------------ 2. the writer

WORDS = st.text(
    st.characters(blacklist_categories=["Cs", "Cc"]) | st.sampled_from(list(":#'\"-{}[],&*!|>%@`")),
    max_size=20,
)
NEW = st.builds(
    NewInteraction,
    date=st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)),
    type=st.from_regex(r"[a-z][a-z-]{0,10}", fullmatch=True),
    direction=st.sampled_from(["in", "out"]),
    channel=st.none() | WORDS,
    summary=st.none() | WORDS,
    follow_up=st.none() | st.sampled_from(["3d", "2 weeks", "none", "2026-12-01", "monthly"]),
    outcome=st.none() | WORDS,
)
NOTES = st.one_of(
    st.sampled_from(CORPUS).map(lambda path: path.read_bytes().decode("utf-8")),
    FRONT_MATTER.filter(lambda text: "\udcff" not in text),
)


def _outside(text: str) -> tuple[str, str]:
    """What lies before and after the front matter's YAML: never touched by an edit."""
    body = text.removeprefix("\ufeff")
    front = split_front_matter(body)
    assert front is not None
    start = body.index("\n") + 1
    return text[: len(text) - len(body) + start], body[front.end :]


@WRITER
@given(NOTES, NEW)
def test_an_added_interaction_is_the_only_change_or_nothing_changes(
    text: str, new: NewInteraction
) -> None:
    try:
        changed = add_interaction(text, new)
    except (EditRefused, UsageError):
        return  # refused whole: nothing was produced to write
    before = parse_note(text.encode("utf-8"), "n.md")
    after = parse_note(changed.encode("utf-8"), "n.md")
    assert after.contact is not None
    old = before.contact.interactions if before.contact is not None else ()
    assert after.contact.interactions[:-1] == old
    added = after.contact.interactions[-1]
    assert (added.date, added.type, added.direction) == (new.date, new.type.lower(), new.direction)
    assert isinstance(added, Interaction) and added.summary == new.summary
    head, tail = _outside(text)
    assert changed.startswith(head) and changed.endswith(tail)


# ------------------------------------------------------------------ 3. the watcher

CONTACT_TEXTS = st.sampled_from(
    [
        "---\nnext: {day}\n---\n",
        "---\nname: Same Name\ncadence: 7d\ninteractions:\n  - {day} email\n---\n",
        "---\ninteractions:\n  - {day} interview\n---\n",
        "---\ninteractions:\n  - {{date: {day}, type: email, direction: in}}\n---\n",
        "---\nstatus: paused\nnext: {day}\n---\n",
        "---\nnext: [broken\n---\n",
        "---\ntitle: not a contact\n---\n",
        "# no front matter\n",
    ]
)
DAYS = st.dates(dt.date(2026, 10, 1), dt.date(2027, 1, 31)).map(dt.date.isoformat)
NAMES = st.sampled_from(
    ["A.md", "B.md", "People/C.md", "People/D.md", "E.sync-conflict-20261120-101010-X.md"]
)
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("write"), NAMES, CONTACT_TEXTS, DAYS),
        st.tuples(st.just("delete"), NAMES, st.just(""), st.just("")),
        st.tuples(st.just("rename"), NAMES, NAMES, st.just("")),
        st.tuples(st.just("day"), st.just(""), st.just(""), st.just("")),
    ),
    min_size=1,
    max_size=8,
)


def _apply(vault: Path, step: tuple[str, str, str, str]) -> Change | None:
    kind, name, other, day = step
    path = vault / name
    if kind == "write":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(other.format(day=day), "utf-8")
        return Change("modified", str(path))
    if kind == "delete" and path.exists():
        path.unlink()
        return Change("deleted", str(path))
    if kind == "rename" and path.exists() and name != other:
        (vault / other).parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, vault / other)
        return Change("moved", str(path), str(vault / other))
    return None


class _Clock:
    def __init__(self) -> None:
        self.today = TODAY

    def __call__(self) -> dt.date:
        return self.today


@WATCHER
@given(STEPS)
def test_the_watchers_agenda_is_always_a_fresh_agenda(
    steps: list[tuple[str, str, str, str]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        vault = Path(folder) / "vault"
        vault.mkdir()
        clock = _Clock()
        quiet = logging.getLogger("tests.fuzz.watcher")
        quiet.disabled = True
        watcher = Watcher(open_vault(vault), clock=clock, log=quiet)
        watcher.start(0.0)
        for now, step in enumerate(steps, start=1):
            if step[0] == "day":
                clock.today += dt.timedelta(days=1)
                watcher.tick(float(now))
            else:
                change = _apply(vault, step)
                if change is not None:
                    watcher.handle(change, float(now))
                    watcher.flush(float(now) + 0.5)
            fresh = AgendaPipeline(open_vault(vault), use_cache=False)
            want = fresh.outputs(clock.today, kinds=["markdown"])["markdown"]
            assert (vault / "Follow-ups.md").read_text("utf-8") == want
