"""The note cache: a warm run re-reads nothing, and the cache is never trusted over the files."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import pickle
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_type_hints

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup_md import dirs
from followup_md.app import agenda as app
from followup_md.app.vaults import open_vault
from followup_md.core import rules as schedule
from followup_md.core.agenda import NoteRow
from followup_md.core.durations import Duration
from followup_md.core.model import (
    BUCKETS,
    Agenda,
    AgendaItem,
    Contact,
    Due,
    Interaction,
    ParsedNote,
    Problem,
    Quiet,
)
from followup_md.vault import cache, codec, line_caches
from followup_md.vault import packed as note_codec
from followup_md.vault.index import Entry

from .conftest import Reads, Run, run_json

WriteNote = Callable[[str, "str | bytes"], Path]

NOTE = "---\nname: {name}\ncadence: {cadence}\ninteractions:\n  - 2026-11-10 email\n---\n"


def agenda_items(run: Run, *extra: str) -> list[tuple[str, str, str]]:
    data = run_json(run, "agenda", "--no-write", *extra)
    return [(i["name"], i["due"], i["reason"]) for i in data["items"]] + [
        (p["path"], str(p["line"]), p["message"]) for p in data["problems"]
    ]


def test_a_warm_run_reads_no_note_and_gives_the_same_agenda(
    run: Run, write_note: WriteNote, reads: Reads
) -> None:
    for n in range(5):
        write_note(f"P/{n}.md", NOTE.format(name=f"N{n}", cadence="30d"))
    write_note("Bad.md", "---\ncadence: nope\n---\n")
    cold = agenda_items(run)
    assert len(reads) == 6
    reads.clear()
    assert agenda_items(run) == cold
    assert reads == []
    assert agenda_items(run, "--no-cache") == cold
    assert len(reads) == 6


CADENCE_NOTE = (
    "---\ncadence: {cadence}\ninteractions:\n  - {{date: 2026-11-10, follow_up: none}}\n---\n"
)


def test_a_note_changed_within_a_second_with_the_same_size_is_reread(
    run: Run, write_note: WriteNote, reads: Reads
) -> None:
    path = write_note("A.md", CADENCE_NOTE.format(cadence="30d"))
    write_note("B.md", CADENCE_NOTE.format(cadence="30d"))
    assert [i[1] for i in agenda_items(run)] == ["2026-12-10", "2026-12-10"]
    info = path.stat()
    path.write_text(CADENCE_NOTE.format(cadence="60d"))  # the same size
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 500_000))  # half a millisecond later
    reads.clear()
    items = agenda_items(run)
    assert reads == ["A.md"]
    assert [(i[0], i[1]) for i in items] == [("B", "2026-12-10"), ("A", "2027-01-11")]


def test_a_rewrite_with_the_same_size_and_the_very_same_mtime_is_still_seen(
    run: Run, write_note: WriteNote, reads: Reads
) -> None:
    """Coarse file systems keep mtimes in seconds; the change time and inode still move."""
    path = write_note("A.md", CADENCE_NOTE.format(cadence="30d"))
    agenda_items(run)
    info = path.stat()
    path.write_text(CADENCE_NOTE.format(cadence="60d"))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))  # mtime exactly as before
    assert path.stat().st_mtime_ns == info.st_mtime_ns and path.stat().st_size == info.st_size
    reads.clear()
    assert agenda_items(run)[0][1] == "2027-01-11"
    assert reads == ["A.md"]


def test_a_deleted_note_disappears(run: Run, write_note: WriteNote) -> None:
    write_note("A.md", NOTE.format(name="A", cadence="30d"))
    gone = write_note("B.md", NOTE.format(name="B", cadence="30d"))
    assert [i[0] for i in agenda_items(run)] == ["A", "B"]
    gone.unlink()
    assert [i[0] for i in agenda_items(run)] == ["A"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: b"",
        lambda raw: raw[: len(raw) // 2],
        lambda raw: raw[:20] + b"\x00garbage" + raw[28:],
        lambda raw: b"not a cache at all",
    ],
    ids=["empty", "truncated", "corrupt", "foreign"],
)
def test_a_damaged_cache_is_rebuilt_silently(
    run: Run,
    vault: Path,
    write_note: WriteNote,
    reads: Reads,
    damage: Callable[[bytes], bytes],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(app, "FEW_CHANGES", 0)  # plan through the note cache
    write_note("A.md", NOTE.format(name="A", cadence="30d"))
    cold = agenda_items(run)
    for file in (
        cache.cache_file(vault),
        line_caches._rows_file(vault),
        cache._outputs_file(vault),
    ):
        file.write_bytes(damage(file.read_bytes()))
    reads.clear()
    result = run("agenda", "--no-write", "--json")
    assert result.exit_code == 0 and result.stderr == ""
    assert reads == ["A.md"]  # nothing damaged was trusted: the note was read again
    assert agenda_items(run) == cold
    assert cache.load(vault).keys() == {"A.md"}


def test_a_few_changed_notes_are_the_only_ones_planned(
    run: Run, write_note: WriteNote, reads: Reads, cache_loads: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    for n in range(5):
        write_note(f"{n}.md", CADENCE_NOTE.format(cadence=f"{30 + n}d"))
    agenda_items(run)
    planned: list[str] = []
    real = schedule.plan
    monkeypatch.setattr(schedule, "plan", lambda c, *rest: planned.append(c.path) or real(c, *rest))
    write_note("2.md", CADENCE_NOTE.format(cadence="99d"))
    reads.clear()
    cache_loads.clear()
    items = agenda_items(run)
    assert (planned, reads, cache_loads) == (["2.md"], ["2.md"], [])
    assert items == agenda_items(run, "--no-cache")


def test_a_cache_from_another_vault_or_version_is_not_used(
    vault: Path, tmp_path: Path, write_note: WriteNote, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_note("A.md", NOTE.format(name="A", cadence="30d"))
    opened = open_vault(vault)
    app.read(opened)
    assert cache.load(vault).keys() == {"A.md"}
    # Another vault's cache copied into this vault's place is refused by its header.
    other = tmp_path / "other"
    other.mkdir()
    (other / "Z.md").write_text(NOTE.format(name="Z", cadence="30d"))
    app.read(open_vault(other))
    cache.cache_file(vault).write_bytes(cache.cache_file(other).read_bytes())
    assert cache.load(vault) == {}
    # Another format version is refused too.
    app.read(opened)
    layout = cache.FORMAT
    monkeypatch.setattr(cache, "FORMAT", "another layout")
    assert cache.load(vault) == {}
    monkeypatch.setattr(cache, "FORMAT", layout)
    assert cache.load(vault) != {}
    # And so is one written by other code under the same version number (a dev install).
    monkeypatch.setattr(cache, "_CODE", cache._CODE + 1)
    assert cache.load(vault) == {}
    assert [c.name for c in app.read(opened).contacts] == ["A"]


def test_the_cache_lives_outside_the_vault_and_is_private(
    vault: Path, write_note: WriteNote
) -> None:
    write_note("A.md", NOTE.format(name="A", cadence="30d"))
    app.read(open_vault(vault))
    file = cache.cache_file(vault)
    assert file.is_file() and vault not in file.parents
    assert file.stat().st_mode & 0o077 == 0
    assert sorted(p.name for p in vault.iterdir()) == ["A.md"]


def test_cache_folder_follows_the_platform_conventions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FOLLOWUP_CACHE_DIR", "/tmp/x")
    assert dirs.cache_dir() == Path("/tmp/x")
    monkeypatch.delenv("FOLLOWUP_CACHE_DIR")
    monkeypatch.setattr(dirs.sys, "platform", "linux")
    monkeypatch.setenv("XDG_CACHE_HOME", "/xdg")
    assert dirs.cache_dir() == Path("/xdg/followup_md")
    monkeypatch.setattr(dirs.sys, "platform", "darwin")
    assert dirs.cache_dir() == Path.home() / "Library" / "Caches" / "followup_md"


def test_an_unwritable_cache_folder_only_costs_speed(
    run: Run, write_note: WriteNote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("FOLLOWUP_CACHE_DIR", str(blocker / "cache"))
    write_note("A.md", NOTE.format(name="A", cadence="30d"))
    result = run("agenda", "--no-write")
    assert result.exit_code == 0 and "A" in result.stdout


def test_cached_values_round_trip_through_pickle(vault: Path, write_note: WriteNote) -> None:
    write_note("A.md", NOTE.format(name="A", cadence="monthly"))
    fresh = app.read(open_vault(vault), use_cache=False)
    assert pickle.loads(pickle.dumps(fresh)) == fresh
    cached = app.read(open_vault(vault))  # written to the cache, then read back
    assert app.read(open_vault(vault)) == cached == fresh


TEXT = st.one_of(st.none(), st.text(max_size=12))
DAYS = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 1, 1))
DURATIONS = st.builds(Duration, st.integers(0, 400), st.integers(0, 40))
INTERACTIONS = st.builds(
    Interaction,
    date=DAYS,
    type=st.text(min_size=1, max_size=8),
    direction=st.sampled_from(["in", "out"]),
    channel=TEXT,
    summary=TEXT,
    follow_up=st.one_of(st.none(), st.just("none"), DAYS, DURATIONS),
    outcome=TEXT,
    line=st.one_of(st.none(), st.integers(1, 999)),
)
CONTACTS = st.builds(
    Contact,
    path=st.text(min_size=1, max_size=12),
    name=st.text(max_size=12),
    aliases=st.lists(st.text(max_size=6), max_size=3).map(tuple),
    status=st.sampled_from(["active", "paused", "closed"]),
    channel=TEXT,
    objective=TEXT,
    cadence=st.one_of(st.none(), DURATIONS),
    next=st.one_of(st.none(), DAYS),
    snooze=st.one_of(st.none(), DAYS),
    tags=st.lists(st.text(max_size=6), max_size=3).map(tuple),
    email=TEXT,
    phone=TEXT,
    company=TEXT,
    interactions=st.lists(INTERACTIONS, max_size=4).map(tuple),
)
PROBLEMS = st.lists(
    st.builds(Problem, st.text(max_size=8), st.one_of(st.none(), st.integers(1, 99)), st.text()),
    max_size=3,
).map(tuple)


@given(st.one_of(st.none(), CONTACTS), PROBLEMS, st.integers(0, 2**256 - 1))
def test_every_field_survives_the_cache(
    contact: Contact | None, problems: tuple[Problem, ...], stamp: int
) -> None:
    parsed = ParsedNote(contact, problems)
    packed = note_codec.NOTE.pack(parsed)
    assert _plain(packed)  # nothing a code-free container (JSON, msgpack) could not hold
    assert note_codec.NOTE.unpack(pickle.loads(pickle.dumps(packed))) == parsed
    assert note_codec.NOTE.unpack(json.loads(cache._json(packed))) == parsed  # lists for tuples
    entry = Entry.of(stamp, parsed)  # the form the index keeps, and the cache stores
    assert entry.parsed == parsed and entry.stamp == stamp
    assert (entry.name, entry.aliases) == (
        (contact.name, contact.aliases) if contact else (None, ())
    )


def _plain(packed: object) -> bool:
    if isinstance(packed, tuple):
        return all(_plain(value) for value in packed)
    return packed is None or type(packed) in (str, int, bool)


# ------------------------------------------------------------------ the rendered agenda


@pytest.fixture
def cache_loads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record each time the per-note cache is loaded (the cost a warm run avoids)."""
    seen: list[str] = []
    real = cache.load

    def counting(vault: Path, key: str = "") -> dict[str, Entry]:
        seen.append(str(vault))
        return real(vault, key)

    monkeypatch.setattr(cache, "load", counting)
    return seen


def test_a_run_with_nothing_changed_loads_no_note_at_all(
    run: Run, write_note: WriteNote, reads: Reads, cache_loads: list[str]
) -> None:
    write_note("A.md", NOTE.format(name="A", cadence="30d"))
    first = run("agenda", "--no-write").stdout
    reads.clear()
    cache_loads.clear()
    assert run("agenda", "--no-write").stdout == first
    assert (reads, cache_loads) == ([], [])


@pytest.mark.parametrize("few", [64, 0], ids=["few changes planned alone", "all planned"])
@pytest.mark.parametrize(
    "change",
    ["note", "settings", "today", "horizon", "new note", "deleted note", "output kind"],
)
def test_any_change_of_input_recomputes_the_agenda(
    run: Run,
    vault: Path,
    write_note: WriteNote,
    change: str,
    few: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(app, "FEW_CHANGES", few)
    note = write_note("A.md", CADENCE_NOTE.format(cadence="30d"))
    write_note("B.md", CADENCE_NOTE.format(cadence="90d"))
    args = ["agenda", "--no-write"]
    before = run(*args).stdout
    today = None
    if change == "note":
        info = note.stat()
        note.write_text(CADENCE_NOTE.format(cadence="60d"))  # same size, within the same second
        os.utime(note, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000))
    elif change == "settings":
        write_note(".followup.yaml", "horizon: 30\n")
    elif change == "today":
        today = dt.date(2026, 11, 23)
    elif change == "horizon":
        args += ["--horizon", "30"]
    elif change == "new note":
        write_note("C.md", CADENCE_NOTE.format(cadence="10d"))
    elif change == "deleted note":
        (vault / "B.md").unlink()
    else:
        args += ["--json"]
    after = run(*args, today=today) if today else run(*args)
    assert after.stdout != before
    fresh = run(*args, "--no-cache", today=today) if today else run(*args, "--no-cache")
    assert after.stdout == fresh.stdout


def test_a_damaged_agenda_cache_is_ignored(run: Run, vault: Path, write_note: WriteNote) -> None:
    write_note("A.md", NOTE.format(name="A", cadence="30d"))
    first = run("agenda", "--no-write").stdout
    outputs = cache._outputs_file(vault)
    outputs.write_bytes(outputs.read_bytes()[:40])
    assert run("agenda", "--no-write").stdout == first


@given(CONTACTS, DAYS, st.integers(0, 2**256 - 1))
def test_an_agenda_row_survives_the_cache_with_all_the_agenda_shows(
    contact: Contact, today: dt.date, stamp: int
) -> None:
    from followup_md.core.agenda import AgendaBook, note_row
    from followup_md.core.settings import Settings
    from followup_md.outputs import json as json_out
    from followup_md.outputs import markdown, terminal

    row = note_row(ParsedNote(contact, (Problem("p.md", 2, "x"),)), Settings(), today, 7)
    packed = cache.ROW.pack((stamp, row))
    assert _plain(packed)
    back_stamp, back = cache.ROW.unpack(pickle.loads(pickle.dumps(packed)))
    assert cache.ROW.unpack(json.loads(cache._json(packed))) == (back_stamp, back)  # lists
    assert back_stamp == stamp

    def agenda_of(one: NoteRow) -> Agenda:
        book = AgendaBook(Settings(), today, 7)
        book.put("p.md", stamp, one)
        return book.agenda()

    fresh, cached = agenda_of(row), agenda_of(back)
    for show in (markdown.agenda_markdown, terminal.agenda_text, json_out.agenda_json_text):
        assert show(cached) == show(fresh)


# ------------------------------------------------------------------ the codec

NUMBERS = st.one_of(st.none(), st.integers(0, 9))
DUES = st.builds(
    Due,
    contact=CONTACTS,
    date=DAYS,
    rule=st.sampled_from(["next", "follow_up", "reply", "scenario", "nudge", "cadence"]),
    reason=st.text(max_size=12),
    basis=st.one_of(st.none(), INTERACTIONS),
    channel=TEXT,
    nudge=NUMBERS,
    nudges_total=NUMBERS,
    snoozed_from=st.one_of(st.none(), DAYS),
    shifted_from=st.one_of(st.none(), DAYS),
)
QUIETS = st.builds(Quiet, CONTACTS, INTERACTIONS, st.integers(0, 9), st.one_of(st.none(), DAYS))
ROWS = st.builds(
    NoteRow,
    st.booleans(),
    st.booleans(),
    st.one_of(st.none(), st.tuples(DAYS, st.text(max_size=6), st.text(max_size=6))),
    st.one_of(st.none(), st.builds(AgendaItem, DUES, st.sampled_from(BUCKETS), st.integers())),
    st.one_of(st.none(), QUIETS),
    PROBLEMS,
)


@given(ROWS)
def test_every_record_kind_survives_the_codec(row: NoteRow) -> None:
    """A row holds every kind the entries do not: Due, AgendaItem, Quiet, a NamedTuple."""
    whole: codec.Codec[NoteRow] = codec.Codec(NoteRow)
    packed = whole.pack(row)
    assert _plain(packed)
    assert whole.unpack(pickle.loads(pickle.dumps(packed))) == row
    assert whole.unpack(json.loads(cache._json(packed))) == row  # lists for tuples


@given(ROWS)
def test_a_cached_row_keeps_of_its_contacts_what_the_agenda_shows(row: NoteRow) -> None:
    def shown(contact: Contact) -> Contact:
        return Contact(
            path=contact.path,
            name=contact.name,
            objective=contact.objective,
            logged=contact.logged,  # the agenda line's block id carries it
        )

    item, quiet = row.item, row.quiet
    if item is not None:
        due = dataclasses.replace(item.due, contact=shown(item.due.contact))
        item = dataclasses.replace(item, due=due)
    if quiet is not None:
        quiet = dataclasses.replace(quiet, contact=shown(quiet.contact))
    missed = row.missed
    if missed is not None:
        due = dataclasses.replace(missed.due, contact=shown(missed.due.contact))
        missed = dataclasses.replace(missed, due=due)
    stamp = 1 | 2 << 64 | 3 << 128 | 4 << 192
    assert cache.ROW.unpack(cache.ROW.pack((stamp, row))) == (
        stamp,
        row._replace(item=item, quiet=quiet, missed=missed),
    )


@given(ROWS)
def test_a_record_left_with_its_class_defaults_behaves_as_one_built_whole(row: NoteRow) -> None:
    """Unpacking sets only the fields that differ from a default the class holds (the
    rest read through to it): equal, hashed, shown, replaced, copied and pickled alike."""
    whole: codec.Codec[NoteRow] = codec.Codec(NoteRow)
    back = whole.unpack(json.loads(cache._json(whole.pack(row))))
    assert back == row and hash(back) == hash(row) and repr(back) == repr(row)
    assert pickle.loads(pickle.dumps(back)) == row
    for record in (row.item, row.quiet, row.missed):
        if record is not None:
            same = getattr(back, type(record).__name__.lower().replace("agendaitem", "item"))
            assert dataclasses.asdict(same) == dataclasses.asdict(record)
            assert dataclasses.replace(same) == record
            assert all(
                getattr(same, f.name) == getattr(record, f.name) for f in dataclasses.fields(record)
            )


def test_a_field_the_class_does_not_hold_is_always_set() -> None:
    """A default made by a factory lives on no class: unpacking sets it on the record."""

    @dataclasses.dataclass(frozen=True)
    class Made:
        name: str = "x"
        tags: tuple[str, ...] = dataclasses.field(default_factory=tuple)

    made: codec.Codec[Made] = codec.Codec(Made)
    back = made.unpack(["x", []])
    assert back == Made() and back.tags == () and "tags" in vars(back)
    assert "name" not in vars(back)  # the very default: read from the class
    assert made.unpack(["y", ["a"]]) == Made("y", ("a",))


def _fingerprint(*fields: tuple[str, Any]) -> str:
    """The fingerprint of a record named like Contact, with these fields."""
    record = dataclasses.make_dataclass("Contact", fields, frozen=True)
    record.__module__ = Contact.__module__
    return codec.fingerprint(codec.Codec(record))


def test_the_cache_format_follows_the_fields_of_the_records() -> None:
    fields = list(get_type_hints(Contact).items())
    real = codec.fingerprint(codec.Codec(Contact))
    assert _fingerprint(*fields) == real  # the fields alone make it
    changed = {
        "a field added": [*fields, ("anniversary", dt.date | None)],
        "a field removed": fields[:-1],
        "a field renamed": [("title" if name == "company" else name, t) for name, t in fields],
        "a field retyped": [(name, str if name == "next" else t) for name, t in fields],
        "two fields swapped": [fields[1], fields[0], *fields[2:]],
    }
    for change, layout in changed.items():
        assert _fingerprint(*layout) != real, change
    assert codec.fingerprint(cache._FACTS, note_codec.NOTE, cache.ROW) == cache.FORMAT


@pytest.mark.parametrize(
    ("kind", "message"),
    [(set[str], "codec.LEAVES"), (int | dt.date, "told apart")],
    ids=["unknown type", "ambiguous union"],
)
def test_a_type_the_codec_cannot_pack_faithfully_is_refused_up_front(
    kind: Any, message: str
) -> None:
    record = dataclasses.make_dataclass("Odd", [("value", kind)], frozen=True)
    with pytest.raises(TypeError, match=message):
        codec.Codec(record)


def test_a_packed_record_of_another_length_is_refused() -> None:
    with pytest.raises(ValueError, match="unpack"):
        note_codec.NOTE.unpack((None, (), None, "a field too many"))


def test_the_code_stamp_covers_every_module_of_the_package(tmp_path: Path) -> None:
    (tmp_path / "core" / "deep").mkdir(parents=True)
    (tmp_path / "__pycache__").mkdir()
    deep = tmp_path / "core" / "deep" / "rules.py"
    for module in (tmp_path / "__init__.py", deep):
        module.write_text("x = 1\n")
    first = cache._code_stamp(str(tmp_path))
    (tmp_path / "__pycache__" / "rules.pyc").write_bytes(b"")
    (tmp_path / "core" / "notes.txt").write_text("")
    assert cache._code_stamp(str(tmp_path)) == first  # only modules count
    info = deep.stat()
    os.utime(deep, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000))
    edited = cache._code_stamp(str(tmp_path))
    assert edited != first
    (tmp_path / "core" / "new.py").write_text("")
    assert cache._code_stamp(str(tmp_path)) not in (first, edited)
    (tmp_path / "core" / "new.py").unlink()
    assert cache._code_stamp(str(tmp_path)) == edited


def test_a_tuple_of_any_length_unpacks_only_from_a_list() -> None:
    """An empty list is the empty tuple (without a call); a value that is no sequence (a
    forged 0 or null) is refused, as a row of another shape is."""
    row = NoteRow(True, True, None, None, None, (Problem("A.md", 3, "odd"),))
    packed = json.loads(cache._json(cache.ROW.pack((7, row))))
    assert cache.ROW.unpack(packed) == (7, row)
    emptied = [packed[0], [*packed[1][:5], [], *packed[1][6:]]]
    assert cache.ROW.unpack(emptied) == (7, row._replace(problems=()))
    for forged in (0, None):
        with pytest.raises((TypeError, ValueError)):
            cache.ROW.unpack([packed[0], [*packed[1][:5], forged, *packed[1][6:]]])


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    max_leaves=20,
)


@given(JSON_VALUES)
def test_the_caches_json_is_the_standard_encoders(value: Any) -> None:
    """`codec.compact_json` makes its C encoder once; what it writes is exactly what the
    standard encoder writes, lone surrogates and all."""
    standard = json.JSONEncoder(check_circular=False, separators=(",", ":")).encode
    assert codec.compact_json(value) == standard(value)
    assert codec.compact_json(["\udcff", 2**200]) == standard(["\udcff", 2**200])
    with pytest.raises(TypeError):
        codec.compact_json([object()])
