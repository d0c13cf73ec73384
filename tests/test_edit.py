"""The note writer keeps every byte it does not mean to change, and proves it.

The corpus in tests/data/notes/ holds hand-styled notes; each edit is compared
with the whole expected file, byte for byte. Property tests then vary styles,
line endings, BOMs, comments and YAML-special text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from followup_md import files
from followup_md.core.durations import parse_duration, to_date
from followup_md.core.model import Interaction
from followup_md.errors import EditRefused, UsageError
from followup_md.files import TEMP_PREFIX
from followup_md.notes.frontmatter import split_front_matter
from followup_md.notes.reader import parse_note
from followup_md.notes.writer import NewInteraction, add_interaction, set_value, update_note
from followup_md.notes.writer import emit as edit
from followup_md.notes.yaml_fast import load_yaml

CORPUS = Path(__file__).parent / "data" / "notes"
D = dt.date(2026, 11, 21)
SENT = NewInteraction(D, "email", summary="Sent the deck")
BLOCK_SENT = b"  - date: 2026-11-21\n    type: email\n    summary: Sent the deck\n"


def corpus(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


def replace_once(old: bytes, before: bytes, after: bytes) -> bytes:
    """`old` with the one occurrence of `before` replaced: the expected file."""
    assert old.count(before) == 1, before
    return old.replace(before, after)


def insert_after(old: bytes, anchor: bytes, inserted: bytes) -> bytes:
    """`old[:i] + inserted + old[i:]`, where `i` is just past the only `anchor`."""
    return replace_once(old, anchor, anchor + inserted)


def add(raw: bytes, new: NewInteraction = SENT, preferred: str | None = None) -> bytes:
    return add_interaction(raw.decode("utf-8"), new, preferred_channel=preferred).encode("utf-8")


def data(text: str) -> dict[Any, Any]:
    """The front matter as the reader loads it."""
    front = split_front_matter(text.removeprefix("\ufeff"))
    assert front is not None
    loaded = load_yaml(front.yaml, front.first_line).data
    return loaded if loaded is not None else {}


# ------------------------------------------------------------------ the corpus

ADD_CASES: list[tuple[str, NewInteraction, str | None, bytes, bytes]] = [
    # (note, interaction, preferred channel, text replaced, replacement)
    (
        "comments.md",
        NewInteraction(D, "email", channel="email", summary="Sent the deck", follow_up="1w"),
        "Email",
        b"    # she wants the long version\n",
        b"    # she wants the long version\n"
        b"  - date: 2026-11-21\n    type: email\n    direction: out\n"
        b"    summary: Sent the deck\n    follow_up: 1w\n",
    ),
    (
        "flow_list.md",
        NewInteraction(D, "email", summary="Sent: the deck"),
        None,
        b'email in: Replied"]',
        b'email in: Replied", "2026-11-21 email out: Sent: the deck"]',
    ),
    (
        "flow_list_multiline.md",
        NewInteraction(D, "call", "in", summary="Called back"),
        None,
        b"  '2026-11-02 email in: Replied'  # the long one\n",
        b"  '2026-11-02 email in: Replied',  # the long one\n  '2026-11-21 call in: Called back'\n",
    ),
    (
        "flow_mappings.md",
        NewInteraction(D, "email", summary="Sent the deck", follow_up="3d"),
        None,
        b"summary: 'Re: intro'}\n",
        b"summary: 'Re: intro'}\n"
        b"  - {date: 2026-11-21, type: email, direction: out, summary: 'Sent the deck', "
        b"follow_up: 3d}\n",
    ),
    (
        "quoted_values.md",
        NewInteraction(D, "email", summary="yes"),
        None,
        b"    summary: 'It''s a start'\n",
        b"    summary: 'It''s a start'\n"
        b"  - date: '2026-11-21'\n    type: 'email'\n    summary: 'yes'\n",
    ),
    (
        "crlf.md",
        SENT,
        None,
        b"    type: call\r\n",
        b"    type: call\r\n"
        b"  - date: 2026-11-21\r\n    type: email\r\n    summary: Sent the deck\r\n",
    ),
    ("bom.md", SENT, None, b"    type: call\n", b"    type: call\n" + BLOCK_SENT),
    ("no_final_newline.md", SENT, None, b"    type: call\n", b"    type: call\n" + BLOCK_SENT),
    (
        "closing_at_eof.md",
        SENT,
        None,
        b"- 2026-10-01 call\n",
        b"- 2026-10-01 call\n- 2026-11-21 email: Sent the deck\n",
    ),
    (
        "trailing_whitespace.md",
        SENT,
        None,
        b"    summary: hi  \t\n",
        b"    summary: hi  \t\n" + BLOCK_SENT,
    ),
    (
        "empty_interactions.md",
        SENT,
        None,
        b"interactions:\n",
        b"interactions:\n" + BLOCK_SENT,
    ),
    (
        "empty_flow.md",
        SENT,
        None,
        b"interactions: []  # none yet\n",
        b"interactions:  # none yet\n- date: 2026-11-21\n  type: email\n  summary: Sent the deck\n",
    ),
    (
        "null_interactions.md",
        SENT,
        None,
        b"interactions: ~\n",
        b"interactions:\n" + BLOCK_SENT,
    ),
    (
        "null_own_line.md",  # the `~` alone on the line below: the line goes with it
        SENT,
        None,
        b"interactions:\n  ~\n",
        b"interactions:\n" + BLOCK_SENT,
    ),
    (
        "strings_quoted.md",
        NewInteraction(D, "email", summary='He said "hi" \\o/'),
        None,
        b'email in: Replied"\n',
        b'email in: Replied"\n  - "2026-11-21 email out: He said \\"hi\\" \\\\o/"\n',
    ),
    (
        "strings_plain.md",
        NewInteraction(D, "email", summary="Thanks"),
        None,
        b"  - 2026-11-02 email in\n",
        b"  - 2026-11-02 email in\n  - 2026-11-21 email out: Thanks\n",
    ),
    (
        "strings_plain.md",
        NewInteraction(D, "email", summary="Re: offer #2"),
        None,
        b"  - 2026-11-02 email in\n",
        b'  - 2026-11-02 email in\n  - "2026-11-21 email out: Re: offer #2"\n',
    ),
    (
        "strings_plain.md",
        NewInteraction(D, "email", summary="Thanks", follow_up="3d"),
        None,
        b"  - 2026-11-02 email in\n",
        b"  - 2026-11-02 email in\n"
        b"  - {date: 2026-11-21, type: email, summary: Thanks, follow_up: 3d}\n",
    ),
    (
        "zero_indent.md",
        NewInteraction(D, "message", "in", channel="linkedin"),
        "email",
        b"  direction: in\n",
        b"  direction: in\n"
        b"- date: 2026-11-21\n  type: message\n  direction: in\n  channel: linkedin\n",
    ),
    (
        "four_indent.md",
        NewInteraction(D, "call", channel="phone", summary="No answer", outcome="no answer"),
        None,
        b"        channel: phone\n",
        b"        channel: phone\n"
        b"    -   date: 2026-11-21\n        type: call\n        channel: phone\n"
        b"        summary: No answer\n        outcome: no answer\n",
    ),
    ("nested_after.md", SENT, None, b"    type: call\n", b"    type: call\n" + BLOCK_SENT),
    (
        "unicode.md",
        NewInteraction(D, "email", summary="Café ☕ avec Zoë"),
        None,
        "rencontre ☕\n".encode(),
        "rencontre ☕\n"
        "  - date: 2026-11-21\n    type: email\n    summary: Café ☕ avec Zoë\n".encode(),
    ),
    (
        "no_interactions.md",
        SENT,
        None,
        b"    - friend\n\n",
        b"    - friend\n\n"
        b"interactions:\n    - date: 2026-11-21\n      type: email\n      summary: Sent the deck\n",
    ),
    (
        "snooze.md",
        SENT,
        None,
        b"  - 2026-10-01 call\n",
        b"  - 2026-10-01 call\n  - 2026-11-21 email: Sent the deck\n",
    ),
]


@pytest.mark.parametrize(
    ("name", "new", "preferred", "before", "after"),
    ADD_CASES,
    ids=[f"{case[0]}-{i}" for i, case in enumerate(ADD_CASES)],
)
def test_add_interaction_corpus(
    name: str, new: NewInteraction, preferred: str | None, before: bytes, after: bytes
) -> None:
    old = corpus(name)
    assert add(old, new, preferred) == replace_once(old, before, after)


SET_CASES: list[tuple[str, str, str | dt.date, bytes, bytes]] = [
    (
        "snooze.md",
        "snooze",
        dt.date(2026, 12, 1),
        b"snooze: 2026-11-01  # after",
        b"snooze: 2026-12-01  # after",
    ),
    ("snooze.md", "status", "paused", b"status:   # active", b"status: paused   # active"),
    (
        "snooze.md",
        "next",
        dt.date(2026, 12, 1),
        b"  - 2026-10-01 call\n",
        b"  - 2026-10-01 call\nnext: 2026-12-01\n",
    ),
    ("crlf.md", "status", "closed", b"    type: call\r\n", b"    type: call\r\nstatus: closed\r\n"),
    ("bom.md", "status", "no", b"    type: call\n", b'    type: call\nstatus: "no"\n'),
    ("quoted_values.md", "name", "Eve O'Neil", b"name: 'Eve'", b"name: 'Eve O''Neil'"),
    ("flow_list.md", "cadence", "1m", b"cadence: 2w", b"cadence: 1m"),
    (
        "no_front_matter.md",
        "status",
        "paused",
        b"# Tia\r\n",
        b"---\r\nstatus: paused\r\n---\r\n# Tia\r\n",
    ),
    (
        "no_final_newline.md",
        "snooze",
        dt.date(2027, 1, 4),
        b"    type: call\n",
        b"    type: call\nsnooze: 2027-01-04\n",
    ),
]


@pytest.mark.parametrize(
    ("name", "key", "value", "before", "after"),
    SET_CASES,
    ids=[f"{case[0]}-{case[1]}" for case in SET_CASES],
)
def test_set_value_corpus(
    name: str, key: str, value: str | dt.date, before: bytes, after: bytes
) -> None:
    old = corpus(name)
    new = set_value(old.decode("utf-8"), key, value).encode("utf-8")
    assert new == replace_once(old, before, after)


EDGE_CASES = [
    # a tagged list: the `-` is found in the text, not at the tag
    (
        "---\ninteractions: !!seq\n  - 2026-10-01 call\n---\n",
        "---\ninteractions: !!seq\n  - 2026-10-01 call\n  - 2026-11-21 email: Sent the deck\n---\n",
    ),
    # an item below its dash; a literal block last: the new item goes after its blank lines
    (
        "---\ninteractions:\n  -\n    date: 2026-10-01\n"
        "    summary: |\n      a\n\n      b\n\nx: 1\n---\n",
        "---\ninteractions:\n  -\n    date: 2026-10-01\n    summary: |\n      a\n\n      b\n\n"
        "  - date: 2026-11-21\n    summary: Sent the deck\n    type: email\nx: 1\n---\n",
    ),
    # a flow list on its own line, front matter closed by `...`
    (
        "---\ninteractions:\n  [2026-10-01 call]\n...\nbody",
        "---\ninteractions:\n  [2026-10-01 call, 2026-11-21 email: Sent the deck]\n...\nbody",
    ),
    # front matter indented as a whole
    (
        "---\n  name: x\n---\n",
        "---\n  name: x\n  interactions:\n    - date: 2026-11-21\n      type: email\n"
        "      summary: Sent the deck\n---\n",
    ),
    # mixed line endings: the new lines take the ending of the line they follow
    (
        "---\r\ninteractions:\n  - 2026-10-01 call\r\n---\r\n",
        "---\r\ninteractions:\n  - 2026-10-01 call\r\n"
        "  - 2026-11-21 email: Sent the deck\r\n---\r\n",
    ),
]


@pytest.mark.parametrize(("old", "new"), EDGE_CASES)
def test_add_interaction_edge_styles(old: str, new: str) -> None:
    assert add_interaction(old, SENT) == new


def test_an_alias_is_refused_rather_than_guessed() -> None:
    text = "---\nbase: &b {date: 2026-10-01, type: call}\ninteractions:\n  - *b\n---\n"
    with pytest.raises(EditRefused, match="did not read back as intended"):
        add_interaction(text, SENT)


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("plain words", "plain words"),
        ("Zoë, café", "Zoë, café"),
        ("yes", '"yes"'),
        ("No", '"No"'),
        ("null", '"null"'),
        ("~", '"~"'),
        ("10:30", '"10:30"'),
        ("0123", '"0123"'),
        ("1e3", '"1e3"'),
        ("-5", '"-5"'),
        ("2026-11-01", '"2026-11-01"'),
        ("a: b", '"a: b"'),
        ("x #y", '"x #y"'),
        ("#x", '"#x"'),
        ("'q", '"\'q"'),
        ('say "hi"', 'say "hi"'),
        ('"hi" she said', '"\\"hi\\" she said"'),
        ("tab\there", '"tab\\there"'),
        ("a\u2028b", '"a\\Lb"'),
        ("", '""'),
    ],
)
def test_values_are_quoted_when_they_would_not_read_back(value: str, written: str) -> None:
    assert set_value("---\nx: 1\n---\n", "x", value) == f"---\nx: {written}\n---\n"


def test_single_quotes_are_kept_where_they_can_hold_the_value() -> None:
    note = "---\nx: 'old'\n---\n"
    assert set_value(note, "x", "it's") == "---\nx: 'it''s'\n---\n"
    assert set_value(note, "x", "line\u2028break") == '---\nx: "line\\Lbreak"\n---\n'


@pytest.mark.parametrize("name", sorted({case[0] for case in ADD_CASES}))
def test_update_note_writes_what_the_pure_edit_gives(tmp_path: Path, name: str) -> None:
    note = tmp_path / name
    note.write_bytes(corpus(name))
    result = update_note(note, lambda text: add_interaction(text, SENT), describe="add")
    assert note.read_bytes() == result.encode("utf-8") == add(corpus(name))


def test_the_corpus_keeps_its_bytes() -> None:
    """Guards the fixtures themselves: git must not normalise them."""
    assert b"\r\n" in corpus("crlf.md")
    assert corpus("bom.md").startswith(b"\xef\xbb\xbf")
    assert not corpus("no_final_newline.md").endswith(b"\n")
    assert b"hi  \t\n" in corpus("trailing_whitespace.md")
    assert b"---\t\nBody \t\n" in corpus("trailing_whitespace.md")


# ------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("# Just a note\n", "no front matter"),
        ("---\nname: x\n", "never closed"),
        ("---\nname: [x\n---\n", "does not parse"),
        ("---\ninteractions: {}\n---\n", "should be a list"),
        ("---\ninteractions: none\n---\n", "should be a list"),
        ("---\n- a\n---\n", "not a set of 'key: value' lines"),
        ("---\ninteractions:\n- 2026-01-01 call\ninteractions: []\n---\n", "appears 2 times"),
        ("---\n{name: x}\n---\n", "one '{...}' mapping"),
    ],
)
def test_add_interaction_refuses(text: str, message: str) -> None:
    with pytest.raises(EditRefused, match=re.escape(message)):
        add_interaction(text, SENT)


@pytest.mark.parametrize(
    ("text", "key", "message"),
    [
        ("---\ntags:\n- a\n---\n", "tags", "holds a list"),
        ("---\nsnooze: |\n  2026-01-01\n---\n", "snooze", "multi-line block"),
        ("---\nstatus: paused\nstatus: closed\n---\n", "status", "appears 2 times"),
    ],
)
def test_set_value_refuses(text: str, key: str, message: str) -> None:
    with pytest.raises(EditRefused, match=message):
        set_value(text, key, "active")


def test_a_failed_proof_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """If a value were written unquoted where it must not be, the proof catches it."""
    monkeypatch.setattr(edit, "_plain_ok", lambda text, flow: True)
    note = tmp_path / "n.md"
    note.write_bytes(corpus("bom.md"))
    new = NewInteraction(D, "email", summary="null")  # unquoted it would read as no summary
    with pytest.raises(EditRefused, match="did not read back as intended") as caught:
        update_note(note, lambda text: add_interaction(text, new), describe="add the email")
    assert str(note) in caught.value.message
    assert note.read_bytes() == corpus("bom.md")


def test_update_refuses_a_note_that_does_not_parse(tmp_path: Path) -> None:
    raw = b"---\nname: Ann\ninteractions:\n\t- 2026-01-01 call\n---\nbody\n"
    note = tmp_path / "ann.md"
    note.write_bytes(raw)
    with pytest.raises(EditRefused) as caught:
        update_note(note, lambda text: add_interaction(text, SENT), describe="add the email")
    message = caught.value.message
    assert message.startswith(f"{note}:4: cannot add the email: ")
    assert "tabs" in message and "not changed" in message
    assert note.read_bytes() == raw


@pytest.mark.parametrize(
    ("raw", "where"),
    [(b"---\nname: x\ninteractions: []\n", ":1:"), (b"---\nname: \xff\n---\n", ":2:")],
)
def test_update_refusals_name_file_and_line(tmp_path: Path, raw: bytes, where: str) -> None:
    note = tmp_path / "n.md"
    note.write_bytes(raw)
    with pytest.raises(EditRefused, match=f"^{re.escape(str(note))}{where}"):
        update_note(note, lambda text: set_value(text, "status", "paused"), describe="pause")
    assert note.read_bytes() == raw


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda text: text.replace("name: Gus", "name: [Gus"), "would break the front matter"),
        (lambda text: text.removeprefix("\ufeff"), "byte order mark"),
        (lambda text: text.replace("call\n", "call\r\n"), "CRLF"),
    ],
)
def test_update_refuses_a_change_that_breaks_the_note(
    tmp_path: Path, change: Any, message: str
) -> None:
    note = tmp_path / "gus.md"
    note.write_bytes(corpus("bom.md"))
    with pytest.raises(EditRefused, match=message):
        update_note(note, change, describe="edit")
    assert note.read_bytes() == corpus("bom.md")


def test_update_of_a_missing_note_is_refused(tmp_path: Path) -> None:
    with pytest.raises(EditRefused, match="does not exist"):
        update_note(tmp_path / "gone.md", lambda text: text, describe="edit")


def test_update_without_a_change_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_write(*args: object, **kwargs: object) -> None:
        raise AssertionError("nothing should be written")

    monkeypatch.setattr(files, "atomic_write", no_write)
    note = tmp_path / "n.md"
    note.write_bytes(corpus("snooze.md"))
    change = lambda text: set_value(text, "snooze", dt.date(2026, 11, 1))  # noqa: E731
    assert update_note(note, change, describe="snooze") == corpus("snooze.md").decode()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"type": "  "}, "needs a type"),
        ({"type": "a\nb"}, "should be one word"),
        ({"type": "coffee chat"}, "should be one word"),
        ({"direction": "sideways"}, "not 'in' or 'out'"),
        ({"follow_up": "soonish"}, "not a duration"),
        ({"summary": "bad \udcff byte"}, "not valid text"),
    ],
)
def test_new_interaction_rejects_what_cannot_be_read_back(
    kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(UsageError, match=message):
        NewInteraction(**{"date": D, "type": "email", **kwargs})


def test_new_interaction_is_normalised_as_the_reader_would() -> None:
    new = NewInteraction(
        dt.datetime(2026, 11, 21, 9, 30), " Email ", summary="  hi ", outcome=" ", follow_up=" 3d"
    )
    assert (new.date, new.type, new.summary, new.outcome, new.follow_up) == (
        D,
        "Email",
        "hi",
        None,
        "3d",
    )


# ------------------------------------------------------------- file safety


def test_a_race_is_reapplied_once_on_the_new_content(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_bytes(corpus("snooze.md"))
    calls: list[str] = []

    def change(text: str) -> str:
        calls.append(text)
        if len(calls) == 1:  # another program saves the note meanwhile
            note.write_bytes(corpus("snooze.md").replace(b"name: Sam", b"name: Samuel"))
        return add_interaction(text, SENT)

    result = update_note(note, change, describe="add the email")
    assert len(calls) == 2 and "name: Samuel" in calls[1]
    assert note.read_bytes() == result.encode()
    assert "name: Samuel" in result and "2026-11-21 email: Sent the deck" in result


def test_a_race_right_before_the_rename_is_caught(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check runs after the temporary file is written, not only after `change`."""
    note = tmp_path / "n.md"
    note.write_bytes(corpus("snooze.md"))
    chmod, raced = os.chmod, list[bool]()

    def chmod_then_race(path: Any, mode: int) -> None:
        chmod(path, mode)
        if not raced:
            raced.append(True)
            note.write_bytes(corpus("snooze.md").replace(b"Sam", b"Sammy"))

    monkeypatch.setattr(os, "chmod", chmod_then_race)
    result = update_note(note, lambda text: add_interaction(text, SENT), describe="add")
    assert "name: Sammy" in result and note.read_bytes() == result.encode()


def test_a_persistent_race_is_refused(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_bytes(corpus("snooze.md"))
    writes: list[bytes] = []

    def change(text: str) -> str:
        writes.append(corpus("snooze.md").replace(b"Sam", b"Sam" + b"!" * (len(writes) + 1)))
        note.write_bytes(writes[-1])
        return add_interaction(text, SENT)

    with pytest.raises(EditRefused, match="kept changing on disk") as caught:
        update_note(note, change, describe="add the email")
    assert str(note) in caught.value.message
    assert note.read_bytes() == writes[-1]
    assert not list(tmp_path.glob(f"{TEMP_PREFIX}*"))


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), KeyboardInterrupt()])
def test_a_crash_before_the_rename_keeps_the_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    def crash(*args: object) -> None:
        raise error

    note = tmp_path / "n.md"
    note.write_bytes(corpus("crlf.md"))
    monkeypatch.setattr(os, "replace", crash)
    monkeypatch.setattr(files, "_exchange", crash)  # the one-step swap, where there is one
    with pytest.raises((EditRefused, KeyboardInterrupt)) as caught:
        update_note(note, lambda text: add_interaction(text, SENT), describe="add the email")
    if isinstance(error, OSError):
        assert "No space left on device" in str(caught.value)
    assert note.read_bytes() == corpus("crlf.md")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache-for-tests", "n.md"]  # locks


def test_permissions_are_kept(tmp_path: Path) -> None:
    note = tmp_path / "n.md"
    note.write_bytes(corpus("bom.md"))
    note.chmod(0o640)
    update_note(note, lambda text: set_value(text, "status", "paused"), describe="pause")
    assert stat.S_IMODE(note.stat().st_mode) == 0o640
    assert b"status: paused\n" in note.read_bytes()


def test_a_symlinked_note_is_edited_through_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_bytes(corpus("bom.md"))
    link = tmp_path / "link.md"
    link.symlink_to(real)
    update_note(link, lambda text: set_value(text, "status", "paused"), describe="pause")
    assert link.is_symlink()
    assert b"status: paused\n" in real.read_bytes()


# ---------------------------------------------------------------- properties

TOKENS = [
    "a", "word", " ", "  ", ": ", ":", " #", "#", "'", '"', "- ", "? ", "[", "]", "{", "}",
    ",", "&a", "*b", "!t", "|", ">", "%", "@", "`", "\\", "\t", "\n", "\r\n", "é", "李",
    "☕", "😀", "\x85", "\u2028", "\x00", "\x7f", "\ufeff", "yes", "No", "on", "~", "null",
    "true", "0123", "1.50", "10:30", "1e3", ".inf", "0x1F", "2026-11-01", "=", "<<", "-5",
]  # fmt: skip
tricky_text = st.one_of(
    st.lists(st.sampled_from(TOKENS), min_size=1, max_size=6).map("".join),
    st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=12),
)
plain_words = st.sampled_from(["Intro", "Replied", "Coffee chat", "ok", "Call back later"])
dates = st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31))


@st.composite
def interactions(draw: st.DrawFn) -> tuple[NewInteraction, str | None]:
    kind = draw(
        st.one_of(
            st.sampled_from(["email", "Call", "meeting", "e#mail", "linkedin-dm", "yes", "10"]),
            tricky_text.map(str.strip).filter(lambda t: re.fullmatch(r"[^\s:]+", t) is not None),
        )
    )
    new = NewInteraction(
        date=draw(dates),
        type=kind,
        direction=draw(st.sampled_from(["in", "out"])),
        channel=draw(st.one_of(st.none(), st.sampled_from(["email", "phone", "Slack: dm"]))),
        summary=draw(st.one_of(st.none(), plain_words, tricky_text)),
        follow_up=draw(
            st.sampled_from([None, "3d", "2 weeks", "2026-12-01", "none", "10", "quarterly"])
        ),
        outcome=draw(st.one_of(st.none(), tricky_text)),
    )
    return new, draw(st.sampled_from([None, "email", "Phone"]))


def dq(text: str) -> str:
    """A YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


@dataclasses.dataclass
class Note:
    text: str
    style: str
    empty_value: tuple[str, str] | None
    """(line as written, line once the edit dropped its empty value)."""


LIST_STYLES = ["block", "flowmap", "dquoted", "squoted", "plain", "flow", "flow-lines"]
STYLES = [*LIST_STYLES, "empty", "empty-flow", "null", "missing"]


@st.composite
def notes(draw: st.DrawFn) -> Note:
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    pad = lambda: draw(st.sampled_from(["", "", " ", "\t", " \t"]))  # noqa: E731
    note = lambda: draw(st.sampled_from(["", "", "  # note", " # yes: no, #2"]))  # noqa: E731
    style = draw(st.sampled_from(STYLES))
    lines = ["---" + pad()]
    if draw(st.booleans()):
        lines.append("# contact card" + pad())
    name = draw(st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), max_size=8))
    lines.append(f"name: {dq(name)}" + note() + pad())
    if draw(st.booleans()):
        lines.append("company: 'ACME, Inc.'" + note())
    if draw(st.booleans()):
        lines.append("status:" + draw(st.sampled_from(["", " paused", " 'active'"])) + note())
    if draw(st.booleans()):
        lines.append("tags:")
        lines.append(" " * draw(st.sampled_from([0, 2, 4])) + "- friend")
    dash, gap = draw(st.sampled_from([0, 2, 4])), draw(st.sampled_from([1, 1, 3]))
    count = draw(st.integers(1, 3))
    days = [f"2026-10-{day:02d}" for day in range(1, count + 1)]
    words = [draw(plain_words) for _ in days]
    empty_value = None
    head = "interactions:" + note()
    if style in ("block", "flowmap", "dquoted", "squoted", "plain"):
        lines.append(head)
        for day, word in zip(days, words, strict=True):
            if draw(st.booleans()):
                lines.append(" " * dash + "# earlier" + pad())
            start = " " * dash + "-" + " " * gap
            if style == "block":
                lines.append(f"{start}date: {day}" + pad())
                lines.append(" " * (dash + 1 + gap) + f"type: {dq('call')}" + note())
                lines.append(" " * (dash + 1 + gap) + f"summary: {dq(word + ': #1')}")
            elif style == "flowmap":
                lines.append(f"{start}{{date: {day}, type: call, summary: {dq(word)}}}" + note())
            elif style == "dquoted":
                lines.append(f"{start}{dq(f'{day} call in: {word}')}" + pad())
            elif style == "squoted":
                lines.append(f"{start}'{day} call: {word}'" + note())
            else:
                lines.append(f"{start}{day} call out: {word}" + pad())
    elif style in ("flow", "flow-lines"):
        items = [dq(f"{day} call: {word}") for day, word in zip(days, words, strict=True)]
        if style == "flow":
            lines.append(f"interactions: [{', '.join(items)}]" + note())
        else:
            lines.append("interactions: [")
            lines.extend(f"  {item}," for item in items[:-1])
            lines.extend([f"  {items[-1]}", "]" + note()])
    elif style != "missing":
        value = {"empty": "", "empty-flow": " []", "null": " ~"}[style]
        comment = note()
        lines.append(f"interactions:{value}{comment}")
        empty_value = (f"interactions:{value}{comment}", f"interactions:{comment}")
    if draw(st.booleans()):
        lines.append("snooze: 2026-11-01  # holidays")
    if draw(st.booleans()):
        lines.extend(["meta:", "  source: import", "  list: [a, b]"])
    if draw(st.booleans()):
        lines.append("# the end" + pad())
    lines.append("---" + pad())
    body = draw(st.sampled_from(["", "Body", "# Title", "---", "Zoë: notes", "Tab\t"]))
    text = nl.join(lines) + nl + body + (nl if body and draw(st.booleans()) else "")
    if draw(st.booleans()):
        text = "\ufeff" + text
    return Note(text, style, empty_value)


def expected(new: NewInteraction, preferred: str | None) -> Interaction:
    """What the reader must make of the new item, worked out independently."""
    channel = new.channel
    if channel and preferred and channel.casefold() == preferred.casefold():
        channel = None
    follow_up: Any = None
    if new.follow_up == "none":
        follow_up = "none"
    elif new.follow_up is not None:
        try:
            follow_up = to_date(new.follow_up)
        except ValueError:
            follow_up = parse_duration(new.follow_up)
    return Interaction(
        new.date, new.type.lower(), new.direction, channel, new.summary, follow_up, new.outcome
    )


def single_insertion(old: str, new: str) -> bool:
    """`new` is `old` with one run of text inserted somewhere."""
    prefix = len(os.path.commonprefix([old, new]))
    rest_old, rest_new = old[prefix:], new[prefix:]
    suffix = len(os.path.commonprefix([rest_old[::-1], rest_new[::-1]]))
    return prefix + suffix >= len(old) and len(new) > len(old)


def in_order(old: list[str], new: list[str]) -> bool:
    remaining = iter(new)
    return all(line in remaining for line in old)


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(notes(), interactions())
def test_add_interaction_only_adds(note: Note, planned: tuple[NewInteraction, str | None]) -> None:
    new, preferred = planned
    result = add_interaction(note.text, new, preferred_channel=preferred)
    before, after = data(note.text), data(result)
    wanted_keys = list(before) if "interactions" in before else [*before, "interactions"]
    assert list(after) == wanted_keys
    assert {k: v for k, v in after.items() if k != "interactions"} == {
        k: v for k, v in before.items() if k != "interactions"
    }
    old_items = before.get("interactions") or []
    assert after["interactions"][:-1] == old_items
    assert len(after["interactions"]) == len(old_items) + 1
    contact = parse_note(result.encode("utf-8"), "n.md").contact
    assert contact is not None
    assert dataclasses.replace(contact.interactions[-1], line=None) == expected(new, preferred)

    base = note.text
    if note.empty_value is not None:
        written, dropped = note.empty_value
        assert base.count(written) == 1
        base = base.replace(written, dropped)
    assert single_insertion(base, result)
    if not note.style.startswith("flow"):  # a flow list grows inside a line: `b` -> `b, new`
        assert in_order(base.splitlines(keepends=True), result.splitlines(keepends=True))
    assert result.startswith("\ufeff") == note.text.startswith("\ufeff")
    if "\r\n" in note.text:
        assert result.count("\n") == result.count("\r\n")
    else:
        assert "\r" not in result


@FAST
@given(
    notes(),
    st.sampled_from(["snooze", "status", "company", "next", "name"]),
    st.one_of(dates, tricky_text, st.sampled_from(["paused", "2026-12-01", "yes", ""])),
)
def test_set_value_changes_one_value(note: Note, key: str, value: str | dt.date) -> None:
    result = set_value(note.text, key, value)
    before, after = data(note.text), data(result)
    assert list(after) == (list(before) if key in before else [*before, key])
    assert {k: v for k, v in after.items() if k != key} == {
        k: v for k, v in before.items() if k != key
    }
    if isinstance(value, dt.date):  # a date replacing a quoted value keeps the quotes
        assert after[key] in (value, value.isoformat())
    else:
        assert after[key] == value and isinstance(after[key], str)
    old_lines, new_lines = note.text.splitlines(True), result.splitlines(True)
    if key in before:  # only the line holding the value changed
        assert len(old_lines) == len(new_lines)
        assert sum(a != b for a, b in zip(old_lines, new_lines, strict=True)) <= 1
    else:
        assert single_insertion(note.text, result)
        assert in_order(old_lines, new_lines)


def test_an_edit_never_pushes_a_contact_past_what_the_reader_reads(tmp_path: Path) -> None:
    head = '---\nname: Big\ncadence: monthly\nnotes: "'
    tail = '"\ninteractions:\n  - 2026-11-01 call\n---\nBody.\n'
    pad = "x" * (2**20 - 40 - len(head) - len(tail))  # just under the 1 MiB front matter
    note = tmp_path / "Big.md"
    note.write_text(head + pad + tail, "utf-8")
    before = note.read_bytes()
    assert parse_note(before, "Big.md").contact is not None
    with pytest.raises(EditRefused, match="unreadable as a contact .*over 1 MB"):
        update_note(
            note,
            lambda text: set_value(text, "next_follow_up_long", "2026-12-01" * 10),
            describe="x",
        )
    assert note.read_bytes() == before
    small = update_note(note, lambda text: set_value(text, "next", "2026-12-01"), describe="x")
    assert parse_note(small.encode(), "Big.md").contact is not None
