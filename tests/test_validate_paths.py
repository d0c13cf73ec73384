"""The validator's quick paths give exactly what its general paths give.

Most interactions are written one of two ways: unquoted on one line (`- 2026-11-20 call
in: Met`, which YAML reads as a one-key mapping) or as a mapping of date, type,
direction, summary and perhaps channel. Each has a quick path; these properties hold
them to the general one for any key, value and field the reader can hand over.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import example, given, settings
from hypothesis import strategies as st

from followup_md.notes.history import STARTS_WITH_DATE, scalar_text
from followup_md.notes.validate import Validator
from followup_md.notes.yaml_fast import Loaded

WORDS = st.sampled_from(
    ["call", "Email", "in", "OUT", "inbound", "sent", "x:y", "", " ", "  a  ", "é", "٣", "\t"]
)
SPACE = st.sampled_from([" ", "  ", "\t", "\u2003", ""])
DATES = st.sampled_from(["2026-11-20", "2026-1-2", "2026-02-30", "2026-11-20T10:30", "٢٠٢٦-11-20"])
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.just(dt.date(2026, 11, 20)),
    st.just(dt.datetime(2026, 11, 20, 10, 30)), WORDS, st.text(max_size=8),
)  # fmt: skip


def validator() -> Validator:
    return Validator("People/Dana Park.md", Loaded({}))


@st.composite
def one_line_keys(draw: st.DrawFn) -> str:
    """What YAML gives as the key of an unquoted one-line interaction, and near misses."""
    parts = [draw(SPACE), draw(DATES), draw(SPACE), draw(WORDS)]
    if draw(st.booleans()):
        parts += [draw(SPACE), draw(st.sampled_from(["in", "out", "IN", "Out", "inx"]))]
    return "".join(parts) + draw(st.sampled_from(["", " ", ":", " x"]))


@settings(max_examples=600)
@given(one_line_keys(), SCALARS)
@example("2026-11-20 call in", "Met")
@example("2026-11-20 call:in", "Met")
@example("2026-02-30 call", None)
def test_an_unquoted_one_line_interaction_reads_as_its_quoted_line(key: str, value: object) -> None:
    """`- K: V` unquoted (a one-key mapping) is the line `K: V` as written."""
    quick, general = validator(), validator()
    if STARTS_WITH_DATE.match(key):
        expected = general.one_line(key if value is None else f"{key}: {scalar_text(value)}", 4)
    else:
        expected = general.mapping({key: value}, 4)
    assert quick.interaction({key: value}, 4) == expected
    assert quick.problems == general.problems


USUAL = {"type": "call", "direction": "in", "summary": "Met"}
OTHER_FIELDS = st.sampled_from(["date", "channel", "outcome", "follow_up", "typ", "direction"])


@st.composite
def mappings(draw: st.DrawFn) -> dict[str, object]:
    """Interactions with the usual fields (of any value) and now and then others."""
    item: dict[str, object] = {"date": dt.date(2026, 11, 20)}
    for field in ["type", "direction", "summary", "channel"]:
        if draw(st.integers(0, 5)):
            item[field] = draw(st.one_of(WORDS, WORDS, SCALARS))
    if draw(st.integers(0, 3)) == 0:
        item[draw(OTHER_FIELDS)] = draw(SCALARS)
    return item


@settings(max_examples=800)
@given(mappings())
@example({"date": dt.date(2026, 11, 20), **USUAL})
@example({"date": dt.date(2026, 11, 20), **USUAL, "channel": "  Phone "})
@example({"date": dt.date(2026, 11, 20), **USUAL, "channel": " "})
@example({"date": dt.date(2026, 11, 20), **USUAL, "direction": "sideways"})
@example({"date": "2026-02-30", **USUAL})
def test_a_mapping_of_the_usual_fields_reads_as_the_general_path_reads_it(
    item: dict[str, object],
) -> None:
    """An `id: null` more sends the same interaction down the general path."""
    quick, general = validator(), validator()
    assert quick.interaction(item, 4) == general.interaction({**item, "id": None}, 4)
    assert quick.problems == general.problems
