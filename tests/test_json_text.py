"""`--json` text is made by a faster encoder than the standard library's indenting one:
byte for byte the text `json.dumps(data, indent=2, ensure_ascii=False)` gives."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from followup_md.app.agenda import AgendaPipeline
from followup_md.app.vaults import open_vault
from followup_md.core.model import (
    Agenda,
    AgendaItem,
    Contact,
    Due,
    Interaction,
    Missed,
    Problem,
    Quiet,
)
from followup_md.outputs import json as json_out

from .conftest import TODAY, Run

_SURROGATES = re.compile("[\ud800-\udfff]")


def reference(data: Any) -> str:
    """What `dumps` printed before: the standard library's encoder, then the escapes."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return _SURROGATES.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=12)
_SCALARS = st.none() | st.booleans() | st.integers() | _TEXT
_FLOATS = st.floats(allow_nan=True, allow_infinity=True)
_VALUES = st.recursive(
    _SCALARS | _FLOATS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(_TEXT | st.integers() | st.booleans() | st.none(), inner, max_size=4)
    ),
    max_leaves=25,
)


@settings(max_examples=600, deadline=None)
@given(_VALUES)
def test_any_json_value_gives_the_standard_librarys_text(data: Any) -> None:
    assert json_out.dumps(data) == reference(data)


def test_every_odd_string_is_escaped_as_before() -> None:
    odd = ["", '"', "\\", "\n\t\r\b\f", "\x00\x1f\x7f", "\u2028\u2029", "é😀", "\udcff", "\ud800x"]
    data = {text: [text, {text: text}] for text in odd}
    assert json_out.dumps(data) == reference(data)
    assert json_out.dumps(odd) == reference(odd)


def test_bools_and_subclasses_are_written_as_json_dumps_would() -> None:
    class Name(str):
        pass

    class Count(int):
        pass

    data = {"a": True, "b": False, "c": Name("x"), "d": Count(3), "e": 1.5, 1: 2, None: [()]}
    assert json_out.dumps(data) == reference(data)


def test_agenda_json_is_the_standard_librarys_text(run: Run, vault: Path) -> None:
    from .test_agenda_cap import LATER

    notes = {
        "People/Dana Park.md": "---\nname: Dana Park\nchannel: email\nobjective: Say thanks"
        ' "now"\ninteractions:\n  - 2026-11-19 interview: Panel\n---\n',
        "Quiet.md": "---\ninteractions: [2026-10-01 email, 2026-10-04 email, 2026-10-11 email,\n"
        "  2026-10-25 email]\n---\n",
        "Missed.md": "---\ninteractions:\n  - 2026-10-08 interview\n---\n",
        "Broken.md": "---\ncadence: [oops\n---\n",
        'Zoë \\ "q".md': "---\nname: Zoë\nnext: 2026-11-25\n---\n",
        **{f"L{n}.md": f"---\nnext: 2027-01-{10 + n % 18}\n---\n" for n in range(LATER)},
    }
    for rel, text in notes.items():
        (vault / rel).parent.mkdir(parents=True, exist_ok=True)
        (vault / rel).write_text(text, "utf-8")
    (vault / "bad\udcff.md").write_bytes(b"---\nnext: 2026-11-30\n---\n")
    agenda = AgendaPipeline(open_vault(vault), use_cache=False).agenda(TODAY)
    data = json_out.agenda_json(agenda)
    assert data["items"] and data["quiet"] and data["missed"] and data["problems"]
    assert json_out.agenda_json_text(agenda) == reference(data)
    assert run("agenda", "--json", "--no-write").stdout == reference(data) + "\n"


_WORDS = st.text(st.characters(codec=None, exclude_categories=()), max_size=8)
_MAYBE = st.none() | _WORDS
_DATES = st.dates()
_INTERACTIONS = st.builds(
    Interaction,
    date=_DATES,
    type=_WORDS,
    direction=st.sampled_from(["in", "out"]),
    channel=_MAYBE,
    summary=_MAYBE,
    line=st.none() | st.integers(1, 10**6),
)
_CONTACTS = st.builds(Contact, path=_WORDS, name=_WORDS, objective=_MAYBE, channel=_MAYBE)
_DUES = st.builds(
    Due,
    contact=_CONTACTS,
    date=_DATES,
    rule=_WORDS,
    reason=_WORDS,
    basis=st.none() | _INTERACTIONS,
    channel=_MAYBE,
    nudge=st.none() | st.integers(1, 5),
    snoozed_from=st.none() | _DATES,
    shifted_from=st.none() | _DATES,
    profile=_WORDS,
)
_AGENDAS = st.builds(
    Agenda,
    today=_DATES,
    horizon=st.integers(0, 30),
    items=st.lists(
        st.builds(
            AgendaItem,
            due=_DUES,
            bucket=st.sampled_from(["overdue", "today", "upcoming", "later"]),
            days=st.integers(-999, 999),
        ),
        max_size=3,
    ).map(tuple),
    quiet=st.lists(
        st.builds(
            Quiet,
            contact=_CONTACTS,
            last=_INTERACTIONS,
            unanswered=st.integers(1, 9),
            cadence_due=st.none() | _DATES,
        ),
        max_size=2,
    ).map(tuple),
    problems=st.lists(
        st.builds(Problem, path=_WORDS, line=st.none() | st.integers(1, 99), message=_WORDS),
        max_size=2,
    ).map(tuple),
    contacts=st.just(0),
    inactive=st.just(0),
    missed=st.lists(st.builds(Missed, due=_DUES, cadence_due=st.none() | _DATES), max_size=2).map(
        tuple
    ),
)


@settings(max_examples=300, deadline=None)
@given(_AGENDAS)
def test_the_agenda_written_field_by_field_is_the_standard_librarys_text(agenda: Agenda) -> None:
    """agenda_json_text writes items and missed follow-ups straight from their fields:
    any names, reasons, channels, dates and counts give json.dumps's bytes."""
    assert json_out.agenda_json_text(agenda) == reference(json_out.agenda_json(agenda))
