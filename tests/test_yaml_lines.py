"""The line reader (`yaml_lines`) against libyaml's events: the same Loaded, or no answer.

The line reader is a fast path: whatever front matter it reads must come out exactly as
the general path reads it (values and their types, key and item lines, duplicates), and
whatever it cannot be sure of (invalid YAML included) it must leave to the general path.
Notes are generated in every style people write, with the YAML traps mixed in.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from followup_md.core.model import ParsedNote
from followup_md.notes import reader, yaml_fast
from followup_md.notes.yaml_fast import YamlError, load_events, load_yaml
from followup_md.notes.yaml_lines import load_lines

TRAPS = [
    "2025-01-02", "2025-1-2", "2025-13-45", "2026-02-30", "2025-01-02 10:30:00",
    "2025-01-02T10:30:00Z", "10:30", "true", "False", "NO", "yes", "null", "Null", "~", "",
    "0", "0123", "-5", "+47", "1e3", "3.10", "1_000", "9" * 31, "<<", "a: b", "a #b", "a#b",
    "a:", ":a", "-a", "- a", "?a", "'q'", '"q"', "'it''s'", '"a\\"b"', "[a, b]", "{a: 1}",
    "&x a", "*x", "!!str a", "!x", "|", ">", "%x", "@x", "`x", "x,y", "x]", "x}", "...",
    "---", "a  b", "a ", " a", "Ø", "a\xa0", "\xa0a", "a\tb", "a\rb", "a\x85b", "a\u2028b",
    "\ufeffa", "a\x7fb", "http://x.org/a", "C#", "x'y", 'x"y', "call out", "in", "out",
]  # fmt: skip
"""Values that change meaning, type or validity with a character."""

WORDS = st.sampled_from(
    ["Ann Lee", "call", "in", "out", "2025-01-02", "Re proposal", "a@b.no", "x-y", "Ø", "12"]
)
TEXT = st.text(alphabet="ab 1-:#'\"[]{},.&*!|>%@`?\\\tø~\r", max_size=10)
NAMES = st.sampled_from(["name", "date", "type", "summary", "tags", "interactions", "next"])
ODD_KEYS = st.sampled_from(
    ["1", "true", "null", "~", "2026-01-01", "a b", "k#x", "x:y", "<<", "...", "-k", "?k",
     "key ", "ø", "a'b", '"q"', "'q'", "[k]", "{k: v}", ""]
)  # fmt: skip
SPACES = st.sampled_from(["", " ", "  ", "   "])


@st.composite
def documents(draw: st.DrawFn) -> str:
    """Front matter: top-level keys with values, lists, comments and blank lines.

    Half are written with care (so the line reader has work); the rest hold traps and
    mistakes anywhere (so it must see that it cannot read them).
    """
    careful = draw(st.booleans())
    scalar = WORDS if careful else st.one_of(WORDS, st.sampled_from(TRAPS), TEXT)
    key = NAMES if careful else st.one_of(NAMES, NAMES, ODD_KEYS, TEXT)
    comment = st.sampled_from(["", "", "", " # note", "  #x", " # a: b", "" if careful else "#x"])
    spaces = st.sampled_from([" ", "  "]) if careful else SPACES
    parts = Parts(draw, scalar, key, comment, careful, spaces)
    lines: list[str] = []
    for _ in range(draw(st.integers(0, 6))):
        if draw(st.booleans()):
            lines.append(f"{draw(key)}:{draw(spaces)}{parts.value()}{draw(comment)}")
            continue
        lines.append(f"{draw(key)}:{draw(comment)}")
        indent = draw(st.sampled_from([0, 2, 2, 4, 1]))
        for _ in range(draw(st.integers(0, 4))):
            lines += parts.item(indent)
            if draw(st.integers(0, 5)) == 0:
                lines.append(" " * draw(st.integers(0, 6)) + draw(st.sampled_from(["# c", ""])))
        if not careful and draw(st.integers(0, 8)) == 0:
            lines.append(" " * draw(st.integers(1, 6)) + draw(scalar))  # a stray line
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n"]))


class Parts:
    """Values and list items drawn from one document's kinds of keys and values."""

    def __init__(
        self,
        draw: st.DrawFn,
        scalar: st.SearchStrategy[str],
        key: st.SearchStrategy[str],
        comment: st.SearchStrategy[str],
        careful: bool,
        spaces: st.SearchStrategy[str],
    ) -> None:
        self.draw, self.scalar, self.key, self.comment = draw, scalar, key, comment
        self.careful, self.spaces = careful, spaces

    def value(self) -> str:
        """A value as written on its line: plain, quoted, or a flow list or map."""
        draw = self.draw
        kind = draw(st.sampled_from(["plain"] * 4 + ["single", "double", "list", "map", "empty"]))
        if kind in ("plain", "empty"):
            return draw(self.scalar) if kind == "plain" else ""
        if kind == "single":
            return "'" + draw(self.scalar).replace("'", "''") + "'"
        if kind == "double":
            return '"' + draw(self.scalar) + '"'
        quoted = st.sampled_from(["'a, b'", '"c: d"', "''"])
        items = draw(st.lists(st.one_of(self.scalar, quoted), max_size=4))
        if kind == "list":
            return "[" + draw(st.sampled_from([", ", ",", " , "])).join(items) + "]"
        colons = st.sampled_from([": "] if self.careful else [": ", ":", " : "])
        return "{" + ", ".join(f"{draw(self.key)}{draw(colons)}{item}" for item in items) + "}"

    def item(self, indent: int) -> list[str]:
        """A list item: a one-line value, or a `- key: value` block (perhaps mis-indented)."""
        draw = self.draw
        dashes = [" ", "  "] if self.careful else [" ", " ", "  ", ""]
        dash = " " * indent + "-" + draw(st.sampled_from(dashes))
        if draw(st.booleans()):
            return [dash + self.value() + draw(self.comment)]
        shift = 0 if self.careful else draw(st.sampled_from([0, 0, 0, 1, -1, 2]))
        fields = [(draw(self.key), self.value(), draw(self.comment))]
        fields += draw(st.lists(st.tuples(self.key, st.just(""), self.comment), max_size=3))
        lines = [f"{dash}{fields[0][0]}: {fields[0][1]}{fields[0][2]}"]
        for key, _, comment in fields[1:]:
            lines.append(
                f"{' ' * (len(dash) + shift)}{key}:{draw(self.spaces)}{self.value()}{comment}"
            )
        return lines


def events_or_error(text: str) -> object:
    try:
        return load_events(text, 2)
    except YamlError as exc:
        return exc


@settings(max_examples=1500)
@given(documents())
@example("a: 1\n")
@example("interactions:\n- 2026-11-20 call: Met\n-  {date: 2026-11-21, type: x}\n")
@example("a:\n  - x: 1\n   y: 2\n")
@example("a: b\n  # c\nd: e\n")
@example("k" * 1020 + " : v\n")  # libyaml wants a key's ':' within 1024 characters
@example("a: {" + "k" * 1030 + ": v}\n")
@example("email: a@b.no  # work\nsummary: 'it''s'\nnext:  # soon\n")
def test_the_line_reader_reads_what_libyaml_reads_or_leaves_it(text: str) -> None:
    fast = load_lines(text, 2)
    if fast is not None:
        assert fast == events_or_error(text)


DAMAGE = list(":#-' \"\n{}[],&*!|>?\t")


@settings(max_examples=300)
@given(documents(), st.data())
def test_a_note_damaged_anywhere_is_read_the_same_by_either_path(
    text: str, data: st.DataObject
) -> None:
    """Insert a character anywhere: the line reader reads it the same, or leaves it."""
    where = data.draw(st.integers(0, len(text)))
    damaged = text[:where] + data.draw(st.sampled_from(DAMAGE)) + text[where:]
    fast = load_lines(damaged, 2)
    if fast is not None:
        assert fast == events_or_error(damaged)


VAULT_STYLES = [
    "name: A\ncadence: 2w\ninteractions:  # oldest first\n"
    "  - 2025-01-02 call out: Onboarding next\n  # later\n  - 2025-02-07 event in: Pricing\n",
    "tags: [network, client]\ninteractions:\n"
    '  - {date: 2025-01-02, type: demo, direction: out, summary: "Intro, then: more"}\n',
    'interactions:\n  - date: 2025-01-10\n    type: event\n    summary: "Re: Proposal"\n'
    "  - date: 2025-01-16\n    type: call\n",
    "email: a@example.com  # work\nobjective: 'Up next'\ntags:\n  - client\n",
]


@pytest.mark.parametrize("text", VAULT_STYLES)
def test_every_style_the_benchmark_vaults_hold_takes_the_line_reader(text: str) -> None:
    fast = load_lines(text, 2)
    assert fast is not None
    assert fast == load_events(text, 2)


@pytest.mark.parametrize(
    "text",
    [
        "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: |\n  text\n", "a:\n  b: 1\n", "a: b\n  c\n",
        "a:\tb\n", "a: b\r\n", "- a\n", "a: b: c\n", "a: [x, [y]]\n", "a: 'b\n  c'\n",
        '"a": 1\n', "<<: {a: 1}\n", "  a: 1\n", "a:\n-\n  b\n",
    ],
)  # fmt: skip
def test_shapes_the_line_reader_leaves_to_libyaml(text: str) -> None:
    assert load_lines(text, 2) is None


def test_invalid_yaml_is_left_to_libyaml_so_its_message_stays_the_same() -> None:
    assert load_lines("a: b: c\n", 2) is None
    with pytest.raises(YamlError, match="mapping values are not allowed"):
        load_yaml("a: b: c\n", 2)


def _parse_all(texts: list[str]) -> list[ParsedNote]:
    return [reader.parse_note(f"---\n{text}---\nbody\n".encode(), "P/x.md") for text in texts]


def test_whole_notes_parse_the_same_without_the_line_reader(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    notes = sorted((Path(__file__).parent.parent / "sample-vault").rglob("*.md"))
    corpus = [path.read_text("utf-8") for path in notes]
    texts = [*VAULT_STYLES, *[t.split("---\n")[1] for t in corpus if t.startswith("---\n")]]
    fast = _parse_all(texts)
    monkeypatch.setattr(yaml_fast, "load_lines", lambda text, first_line: None)
    assert fast == _parse_all(texts)
