"""Notes written to hurt: alias bombs, huge numbers, huge files, deep nesting, binary.

Each case is read at the function level and through the real CLI beside one good
contact: every command finishes quickly, reports the note with a short message, and
still schedules the good contact. Nothing read from disk may raise, hang or grow a
message with its input.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup_md.notes import reader
from followup_md.notes.reader import parse_note, read_note
from followup_md.notes.yaml_fast import YamlError, _compose_and_construct, load_yaml

from .conftest import Run

MESSAGE_BOUND = 500
"""No problem message is this long, whatever the note holds."""

GOOD = "---\nname: Good Person\ncadence: 30d\ninteractions:\n  - 2026-11-01 call: Caught up\n---\n"


def laughs(key: str = "cadence", levels: int = 9, head: str = "") -> bytes:
    """The 'billion laughs': nine levels of ten aliases to the level below."""
    lines = ["---", head, 'a0: &a0 "lol"']
    for n in range(1, levels + 1):
        lines.append(f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]")
    lines += [f"{key}: *a{levels}", "---", ""]
    return "\n".join(lines).encode()


def nested(depth: int, head: str = "cadence: 3d\n") -> bytes:
    """Front matter whose deepest list sits `depth` levels down (the top mapping is 1)."""
    return f"---\n{head}x: {'[' * (depth - 1)}{']' * (depth - 1)}\n---\n".encode()


def alias_depth() -> bytes:
    """Each anchor nests 60 levels and ends with an alias to the one before: 300 deep."""
    lines = ["---", "cadence: 3d", "a0: &a0 x"]
    for n in range(1, 6):
        lines.append(f"a{n}: &a{n} {'[' * 60}*a{n - 1}{']' * 60}")
    return "\n".join([*lines, "---", ""]).encode()


BIG_TEXT = "x" * 100_000
DIGITS = "9" * 4301


@dataclass(frozen=True)
class Case:
    """A hostile note: its bytes (or a sparse file), what is reported, whether it is read."""

    content: Callable[[], bytes]
    expect: str | None
    """A part of the single problem reported; None when nothing is reported."""
    contact: bool = False
    sparse: int = 0
    """Make the file this big with a sparse tail (read only through read_note)."""


CASES: dict[str, Case] = {
    "billion-laughs": Case(laughs, "aliases that expand to more than 10,000 values"),
    "billion-laughs-composer": Case(
        lambda: laughs(head="tagged: !!str x"), "aliases that expand to more than 10,000"
    ),
    "billion-laughs-merge-key": Case(
        lambda: laughs(head="m:\n  <<: {a: 1}"), "aliases that expand to more than 10,000"
    ),
    "billion-laughs-not-a-contact": Case(lambda: laughs(key="other"), None),
    "recursive-alias": Case(
        lambda: b"---\ncadence: 3d\nx: &r [1, *r]\n---\n", "an alias inside the value it names"
    ),
    "alias-to-a-huge-text": Case(
        lambda: f'---\ncadence: 3d\na: &s "{BIG_TEXT}"\ntags: [*s{", *s" * 11}]\n---\n'.encode(),
        "or 1 MB of text",
    ),
    "huge-integer-in-a-plain-note": Case(
        lambda: f"---\ntitle: x\nn: {DIGITS}\n---\n".encode(), None
    ),
    "huge-integer-in-an-unread-key": Case(
        lambda: f"---\ncadence: 30d\nzip: {DIGITS}\n---\n".encode(), None, contact=True
    ),
    "huge-integer-as-cadence": Case(
        lambda: f"---\ncadence: {DIGITS}\n---\n".encode(), "is not a duration", contact=True
    ),
    "huge-integer-as-next": Case(
        lambda: f"---\nnext: {'9' * 40}\n---\n".encode(), "is not a date", contact=True
    ),
    "huge-tagged-integer": Case(
        lambda: f"---\ncadence: !!int {DIGITS}\n---\n".encode(), "is not a duration", contact=True
    ),
    "huge-hex-integer": Case(
        lambda: f"---\ncadence: !!int 0x{'f' * 5000}\n---\n".encode(),
        "is not a duration",
        contact=True,
    ),
    "not-an-integer-tagged-int": Case(
        lambda: b"---\ncadence: !!int abc\n---\n", "cannot hold", contact=False
    ),
    "nested-101-deep": Case(lambda: nested(101), "nested more than 100 levels deep"),
    "nested-101-deep-composer": Case(
        lambda: nested(101, "cadence: !!str 3d\n"), "nested more than 100 levels deep"
    ),
    "nested-101-deep-not-a-contact": Case(lambda: nested(101, "title: x\n"), None),
    "nested-100-deep-is-fine": Case(lambda: nested(100), None, contact=True),
    "nested-deep-through-aliases": Case(alias_depth, "nested more than 100 levels deep"),
    "nul-byte-with-front-matter": Case(
        lambda: b"---\ncadence: 3d\n---\nab\x00c\n", "not UTF-8 text: it holds a NUL byte"
    ),
    "nul-byte-without-front-matter": Case(
        lambda: b"# Title\n\x00\x01\x02", "not UTF-8 text: it holds a NUL byte"
    ),
    "utf-16-contact": Case(
        lambda: "---\ncadence: 3d\n---\n".encode("utf-16"), "UTF-16 byte-order mark"
    ),
    "utf-16-big-endian-plain-note": Case(
        lambda: "# Title\n".encode("utf-16-be").join([b"\xfe\xff", b""]), "UTF-16 byte-order mark"
    ),
    "front-matter-over-1-MB": Case(
        lambda: (
            b"---\ncadence: 3d\n"
            + b"k: vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv\n" * 25_000
            + b"---\n"
        ),
        "the front matter is over 1 MB",
    ),
    "front-matter-over-1-MB-not-a-contact": Case(
        lambda: (
            b"---\ntitle: x\n"
            + b"k: vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv\n" * 25_000
            + b"---\n"
        ),
        None,
    ),
    "huge-file-without-front-matter": Case(
        lambda: b"# Export\n" + b"Some text of the export.\n" * 400, None, sparse=3 * 2**30
    ),
    "huge-file-with-a-contact": Case(
        lambda: b"---\ncadence: 3d\n---\n" + b"Some text of the export.\n" * 400,
        None,
        contact=True,
        sparse=3 * 2**30,
    ),
    "huge-file-front-matter-never-closed": Case(
        lambda: b"---\ncadence: 3d\n" + b"k: some value on a line\n" * 400,
        "the front matter is over 1 MB",
        sparse=3 * 2**30,
    ),
    "huge-text-in-every-message": Case(
        lambda: (
            f"---\ncadence: '{BIG_TEXT}'\nstatus: {BIG_TEXT}\nnext: {BIG_TEXT}\n"
            f"interactions:\n  - {BIG_TEXT}\n  - {{date: 2026-11-01, direction: {BIG_TEXT}, "
            f"follow_up: {BIG_TEXT}}}\n  - {{date: '{BIG_TEXT}'}}\n  - 2026-13-45 {BIG_TEXT}\n"
            "---\n"
        ).encode(),
        "is not a duration",
        contact=True,
    ),
    "long-runs-of-spaces-in-interactions": Case(
        lambda: (
            f'---\ninteractions:\n  - "2026-11-01 call{" " * 400_000}!"\n'
            f'  - "2026-11-02 call: a{" " * 400_000}b"\n---\n'
        ).encode(),
        "cannot read interaction",
        contact=True,
    ),
    "huge-duplicate-key": Case(
        lambda: f"---\ncadence: 3d\n? {BIG_TEXT}\n: 1\n? {BIG_TEXT}\n: 2\n---\n".encode(),
        "appears twice",
        contact=True,
    ),
    "huge-undefined-alias": Case(
        lambda: f"---\ncadence: *{BIG_TEXT}\n---\n".encode(), "found undefined alias"
    ),
    "huge-unknown-tag": Case(
        lambda: f"---\ncadence: !{BIG_TEXT} x\n---\n".encode(), "could not determine"
    ),
}


def write_case(folder: Path, name: str, case: Case) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    file = folder / f"{name}.md"
    with open(file, "wb") as handle:
        handle.write(case.content())
        if case.sparse:
            handle.truncate(case.sparse)
    return file


def check_problems(parsed: reader.ParsedNote, case: Case) -> None:
    for problem in parsed.problems:
        assert len(problem.message) < MESSAGE_BOUND, problem.message[:300]
    if case.expect is None:
        assert parsed.problems == ()
    else:
        assert parsed.problems, "a problem was expected"
        assert any(case.expect in p.message for p in parsed.problems), parsed.problems
    assert (parsed.contact is not None) == case.contact


@pytest.mark.parametrize("name", CASES)
def test_read_note_reports_each_hostile_note_quickly(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    file = write_case(tmp_path, name, case)
    started = time.perf_counter()
    parsed = read_note(file, f"{name}.md")
    assert time.perf_counter() - started < 5
    check_problems(parsed, case)


@pytest.mark.parametrize("name", [name for name, case in CASES.items() if not case.sparse])
def test_parse_note_reports_each_hostile_note_quickly(name: str) -> None:
    case = CASES[name]
    started = time.perf_counter()
    parsed = parse_note(case.content(), f"{name}.md")
    assert time.perf_counter() - started < 5
    check_problems(parsed, case)


@pytest.mark.parametrize("name", CASES)
def test_every_command_survives_a_hostile_note_beside_a_good_one(
    name: str, run: Run, vault: Path, tmp_path: Path
) -> None:
    case = CASES[name]
    (vault / "People").mkdir()
    (vault / "People" / "Good Person.md").write_text(GOOD, "utf-8")
    write_case(vault / "Notes", name, case)
    started = time.perf_counter()
    checked = run("check")
    agenda = run("agenda", "--json", "--no-write")
    shown = run("show", "Good Person")
    assert time.perf_counter() - started < 5
    for result in (checked, agenda, shown):
        assert "Traceback" not in result.output + result.stderr
    assert checked.exit_code == (0 if case.expect is None else 1), checked.output[:500]
    lines = checked.stdout.splitlines()
    assert all(len(line) < MESSAGE_BOUND + 100 for line in lines)
    if case.expect is not None:
        assert any(case.expect in line and f"Notes/{name}.md" in line for line in lines)
    assert agenda.exit_code == 0
    names = [item["name"] for item in json.loads(agenda.stdout)["items"]]
    assert "Good Person" in names
    assert shown.exit_code == 0 and "Good Person" in shown.stdout
    cache = tmp_path / ".cache-for-tests"
    cached = sum(f.stat().st_size for f in cache.rglob("*") if f.is_file())
    assert cached < 4 * 2**20  # no more than the front matter (1 MB) and what aliases repeat


# ---------------------------------------------------------- the two YAML paths alike


@pytest.mark.parametrize("load", [load_yaml, lambda text: _compose_and_construct(text, 1)])
def test_integers_of_more_than_30_digits_stay_text_in_both_paths(
    load: Callable[[str], object],
) -> None:
    loaded = load(f"a: {'9' * 30}\nb: {'9' * 31}\nc: -{'1' * 30}\nd: {DIGITS}\n")
    assert loaded.data == {  # type: ignore[attr-defined]
        "a": int("9" * 30), "b": "9" * 31, "c": -int("1" * 30), "d": DIGITS,
    }  # fmt: skip


@pytest.mark.parametrize("load", [load_yaml, lambda text: _compose_and_construct(text, 1)])
@pytest.mark.parametrize(
    ("text", "message"),
    [
        (laughs().decode().strip("-\n"), "aliases that expand to more than 10,000 values"),
        ("a: &r [1, *r]\n", "an alias inside the value it names"),
        (nested(101).decode().strip("-\n"), "nested more than 100 levels deep"),
        (alias_depth().decode().strip("-\n"), "nested more than 100 levels deep"),
    ],
)
def test_both_yaml_paths_refuse_the_same_bombs(
    load: Callable[[str], object], text: str, message: str
) -> None:
    with pytest.raises(YamlError, match=message):
        load(text)


def test_a_recursion_error_in_the_composer_is_reported_as_too_deep(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from followup_md.notes import yaml_loader

    def deep(self: object) -> None:
        raise RecursionError

    monkeypatch.setattr(yaml_loader._Loader, "get_single_node", deep)
    with pytest.raises(YamlError, match="nested more than 100 levels deep"):
        _compose_and_construct("a: !!str x\n", 1)


def test_anchors_and_aliases_within_the_limits_still_work() -> None:
    text = "d: &d {channel: email, tags: [a, b]}\nx: *d\ny:\n  <<: *d\n  z: 1\n"
    for loaded in (load_yaml(text), _compose_and_construct(text, 1)):
        assert loaded.data["x"] == {"channel": "email", "tags": ["a", "b"]}
        assert loaded.data["y"] == {"channel": "email", "tags": ["a", "b"], "z": 1}


# ------------------------------------------------------------------- the last-resort net


def test_an_unexpected_error_while_parsing_is_a_problem_naming_the_note(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(*args: object) -> None:
        raise KeyError("surprise")

    monkeypatch.setattr(reader, "load_yaml", broken)
    parsed = parse_note(b"---\ncadence: 3d\n---\n", "People/Kim.md")
    assert parsed.contact is None
    ((problem),) = parsed.problems
    assert problem.path == "People/Kim.md"
    assert problem.message == "could not be read: KeyError; please report this"


def test_an_unexpected_error_while_reading_is_a_problem_naming_the_note(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def broken(*args: object) -> None:
        raise RuntimeError

    monkeypatch.setattr(reader, "read_head", broken)
    file = tmp_path / "Kim.md"
    file.write_bytes(GOOD.encode())
    ((problem),) = read_note(file, "Kim.md").problems
    assert problem.message == "could not be read: RuntimeError; please report this"


# ------------------------------------------------------------------------ .followup.yaml


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (f"horizon: {'1' * 40}\n", "'horizon': '1111111111"),
        (f"horizon: {DIGITS}\n", "a number of more than 30 digits"),
        (f"reply_within: {DIGITS}d\n", "a number of more than 30 digits"),
        (f"nudges: [2d, {DIGITS}]\n", "a number of more than 30 digits"),
        (laughs(key="rules").decode().strip("-\n"), "aliases that expand to more than 10,000"),
        (f"rules: {'[' * 120}{']' * 120}\n", "nested more than 100 levels deep"),
        (f"? {BIG_TEXT}\n: 1\n", "unknown key"),
        (f"weekends: {BIG_TEXT}\n", "'weekends'"),
        ("# padding\n" * 200_000, "the configuration is over 1 MB"),
    ],
)
def test_a_hostile_configuration_is_a_configuration_error(
    run: Run, vault: Path, text: str, message: str
) -> None:
    (vault / "Good Person.md").write_text(GOOD, "utf-8")
    (vault / ".followup.yaml").write_text(text, "utf-8")
    started = time.perf_counter()
    result = run("agenda", "--no-write")
    assert time.perf_counter() - started < 5
    assert result.exit_code == 2
    assert "Traceback" not in result.output + result.stderr
    assert message in result.stderr
    assert len(result.stderr) < MESSAGE_BOUND + 300


def test_a_horizon_of_40_digits_says_it_is_too_long(run: Run, vault: Path) -> None:
    (vault / ".followup.yaml").write_text(f"horizon: {'1' * 40}\n", "utf-8")
    result = run("check")
    assert result.exit_code == 2
    assert ".followup.yaml:1: 'horizon':" in result.stderr
    assert "more than 30 digits" in result.stderr


# --------------------------------------------------------------------------- properties

HOSTILE_TOKENS = [
    "---", "\n", "  ", "- ", ": ", "cadence", "next", "interactions", "name", "&a", "*a", "&b",
    "*b", "!!int", "!!str", "!!float", "!!binary", "!!set", "!!omap", "!!timestamp", "<<",
    "[", "]", "{", "}", ",", "?", "'", '"', "|", ">", "#", "9" * 35, "0x" + "f" * 40, "2026-02-30",
    "1:30", "~", "\x00", "\ufeff", "\\x85", "…", "2026-11-20 call", "30d",
]  # fmt: skip


@given(st.binary(max_size=400))
def test_any_bytes_parse_without_raising_and_with_short_messages(raw: bytes) -> None:
    for note in (raw, b"---\ncadence: 3d\n" + raw + b"\n---\n"):
        for problem in parse_note(note, "x.md").problems:
            assert len(problem.message) < MESSAGE_BOUND


@given(st.text(max_size=300))
def test_any_text_front_matter_parses_with_short_messages(text: str) -> None:
    raw = f"---\ninteractions:\n{text}\n---\n".encode("utf-8", "surrogatepass")
    for problem in parse_note(raw, "x.md").problems:
        assert len(problem.message) < MESSAGE_BOUND


@given(st.lists(st.sampled_from(HOSTILE_TOKENS), max_size=40))
def test_hostile_yaml_fragments_parse_with_short_messages(tokens: list[str]) -> None:
    text = "".join(tokens)
    raw = f"---\ncadence: 3d\n{text}\n---\n".encode("utf-8", "surrogatepass")
    for problem in parse_note(raw, "x.md").problems:
        assert len(problem.message) < MESSAGE_BOUND
    try:
        load_yaml(text)
    except YamlError as exc:
        assert len(exc.message) < MESSAGE_BOUND
