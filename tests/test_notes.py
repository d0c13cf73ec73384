"""The note reader: styles people write, YAML 1.1 traps, and problems with file lines."""

from __future__ import annotations

import datetime as dt

import frontmatter
import pytest
from hypothesis import given
from hypothesis import strategies as st

from followup_md.core.durations import Duration
from followup_md.core.model import Interaction
from followup_md.notes.reader import parse_note
from followup_md.notes.yaml_fast import YamlError, _compose_and_construct, load_yaml

D = dt.date


def parse(text: str | bytes, path: str = "People/Dana Park.md"):  # type: ignore[no-untyped-def]
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return parse_note(raw, path)


def only_contact(text: str | bytes):  # type: ignore[no-untyped-def]
    result = parse(text)
    assert result.problems == ()
    assert result.contact is not None
    return result.contact


HAND_WRITTEN = """\
---
# Met at PyCon; follow up about the role
name: "Dana Park"
aliases: [Dana, DP]
tags: [job, 'network']
channel: email   # she prefers email
phone: +4712345678
interactions:
  - {date: 2026-11-10, type: email, direction: out, summary: 'Sent my CV'}
  - date: 2026-11-19T14:00
    type: interview
    summary: "Panel: 3 people"
---
Body text with --- inside.
"""

OBSIDIAN_WRITTEN = """\
---
name: Dana Park
aliases:
  - Dana
  - DP
tags:
  - job
  - network
channel: email
phone: "+4712345678"
interactions:
  - date: 2026-11-10
    type: email
    direction: out
    summary: Sent my CV
  - date: 2026-11-19T14:00:00
    type: interview
    summary: "Panel: 3 people"
---
Body text with --- inside.
"""


def test_hand_written_and_obsidian_written_notes_read_the_same() -> None:
    hand, obsidian = only_contact(HAND_WRITTEN), only_contact(OBSIDIAN_WRITTEN)
    strip = lambda c: [(x.date, x.type, x.direction, x.summary) for x in c.interactions]  # noqa: E731
    assert strip(hand) == strip(obsidian)
    for field in ("name", "aliases", "tags", "channel", "phone"):
        assert getattr(hand, field) == getattr(obsidian, field)
    assert hand.phone == "+4712345678"
    assert hand.aliases == ("Dana", "DP")


@pytest.mark.parametrize(
    ("yaml_value", "expected"),
    [
        ("+4712345678", "+4712345678"),
        ("0123", "0123"),
        ("NO", "NO"),
        ("Yes", "Yes"),
        ("on", "on"),
        ("10:30", "10:30"),
        ("1_000", "1_000"),
        ("0x1F", "0x1F"),
        ("4712345678", "4712345678"),
        ("~", None),
        ("1e3", "1e3"),  # nothing here is a fraction: no float is ever typed
        ("3.10", "3.10"),
        ("1.50", "1.50"),
    ],
)
def test_yaml_1_1_surprises_keep_what_was_written(yaml_value: str, expected: str | None) -> None:
    c = only_contact(f"---\nphone: {yaml_value}\ncompany: {yaml_value}\ncadence: 30d\n---\n")
    assert c.phone == expected
    assert c.company == expected


@pytest.mark.parametrize(
    ("yaml_value", "expected"),
    [("true", True), ("false", False), ("12", 12), ("-3", -3), ("null", None)],
)
def test_real_booleans_and_numbers_are_still_typed(yaml_value: str, expected: object) -> None:
    assert load_yaml(f"x: {yaml_value}\n").data == {"x": expected}


def test_dates_and_datetimes_never_meet_in_comparisons() -> None:
    c = only_contact(
        "---\ninteractions:\n"
        "  - {date: 2026-11-20, type: a}\n"
        "  - {date: 2026-11-20 09:00:00, type: b}\n"
        "  - {date: '2026-11-19T23:59', type: c}\n"
        "  - {date: 2026-11-21T08:00:00+09:00, type: d}\n"
        "next: 2026-11-30T10:00\n---\n"
    )
    assert [type(x.date) for x in c.interactions] == [dt.date] * 4
    assert [x.date for x in c.interactions] == [
        D(2026, 11, 20),
        D(2026, 11, 20),
        D(2026, 11, 19),
        D(2026, 11, 21),
    ]
    assert c.next == D(2026, 11, 30)


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ('"2026-11-20 event: Met at the conference"', ("event", "out", "Met at the conference")),
        ("2026-11-20 event: Met at the conference", ("event", "out", "Met at the conference")),
        ("'2026-11-21 email out: Sent the thank-you'", ("email", "out", "Sent the thank-you")),
        ("2026-11-22 email in: She replied", ("email", "in", "She replied")),
        ("2026-11-22 Email IN: She replied", ("email", "in", "She replied")),
        ('"2026-11-20 call"', ("call", "out", None)),
        ("2026-11-20 call in", ("call", "in", None)),
        ('"2026-11-20T10:30 call: Quick sync: budget"', ("call", "out", "Quick sync: budget")),
    ],
)
def test_one_line_interactions_quoted_or_not(
    item: str, expected: tuple[str, str, str | None]
) -> None:
    c = only_contact(f"---\ninteractions:\n  - {item}\n---\n")
    (x,) = c.interactions
    assert (x.type, x.direction, x.summary) == expected
    assert x.date.isoformat()[:8] == "2026-11-"


def test_mapping_interaction_fields() -> None:
    c = only_contact(
        "---\ninteractions:\n"
        "  - date: 2026-11-20\n    type: Sales\n    direction: IN\n    channel: phone\n"
        "    summary: Wants a quote\n    follow_up: 5d\n    outcome: replied\n"
        "  - {date: 2026-11-21, type: email, follow_up: 2026-12-01}\n"
        "  - {date: 2026-11-22, type: email, follow_up: none}\n"
        "  - {date: 2026-11-23, type: email, follow_up: 2 weeks}\n---\n"
    )
    a, b, n, w = c.interactions
    assert (a.type, a.direction, a.channel, a.summary, a.follow_up, a.outcome) == (
        "sales", "in", "phone", "Wants a quote", Duration(5), "replied",
    )  # fmt: skip
    assert (b.follow_up, n.follow_up, w.follow_up) == (D(2026, 12, 1), "none", Duration(14))
    assert b.direction == "out"  # missing direction counts as out


def test_bom_and_crlf_are_read() -> None:
    raw = (
        "\ufeff---\r\nname: Bo\r\ncadence: 2w\r\n"
        "interactions:\r\n  - 2026-11-20 call\r\n---\r\nbody\r\n"
    )
    c = only_contact(raw.encode("utf-8"))
    assert (c.name, c.cadence, len(c.interactions)) == ("Bo", Duration(14), 1)


def test_python_frontmatter_alone_misses_front_matter_after_a_bom() -> None:
    """Why the reader does its own split (documented in the README)."""
    raw = "\ufeff---\ncadence: 2w\n---\nbody\n"
    assert frontmatter.loads(raw).metadata == {}
    assert only_contact(raw).cadence == Duration(14)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Just a note, no front matter.\n",
        "---\n---\nEmpty front matter\n",
        "---\ntitle: Daily note\ntags: [daily]\n---\n",
        "---\n- a list\n- not a mapping\n---\n",
        "--- \nname: only a name, no contact keys\n---\n",
        "---\ntitle: [unclosed\n---\nSomebody else's broken YAML\n",
        "Text\n---\ninteractions: []\n---\n",
    ],
)
def test_notes_that_are_not_contacts_are_ignored_silently(text: str) -> None:
    assert parse(text).contact is None
    assert parse(text).problems == ()


def test_name_defaults_to_the_file_name() -> None:
    result = parse_note(b"---\ncadence: 30d\n---\n", "Friends/Åsa Lindqvist.md")
    assert result.contact is not None and result.contact.name == "Åsa Lindqvist"


def test_empty_interactions_key_is_a_contact_with_no_history() -> None:
    c = only_contact("---\ninteractions:\n---\n")
    assert c.interactions == ()


# ------------------------------------------------------------------ problems, with lines


def problems_of(text: str | bytes) -> list[tuple[int | None, str]]:
    return [(p.line, p.message) for p in parse(text).problems]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("---\nname: x\ninteractions: [a\n---\n", 4, "invalid YAML"),
        ("---\ninteractions:\n\t- 2026-11-20 call\n---\n", 3, "tabs"),
        ("---\ninteractions:\n  - 2026-11-20 call: a: b\n---\n", 3, "must be quoted"),
        ("---\ncadence: 30d\n!!python/object:os.system x: 1\n---\n", None, "invalid YAML"),
    ],
)
def test_malformed_yaml_is_a_problem_with_its_line(
    text: str, line: int | None, fragment: str
) -> None:
    result = parse(text)
    assert result.contact is None
    ((got_line, message),) = problems_of(text)
    assert fragment in message
    if line is not None:
        assert got_line == line


def test_yaml_tags_never_construct_objects() -> None:
    result = parse("---\ncadence: !!python/object/apply:os.system ['echo hacked']\n---\n")
    assert result.contact is None
    assert "invalid YAML" in result.problems[0].message


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("---\nname: X\ncadence: sometimes\n---\n", 3, "'cadence'"),
        ("---\ncadence: 30d\nnext: soon\n---\n", 3, "'next'"),
        ("---\ncadence: 30d\nsnooze: 2026-02-30\n---\n", 3, "not a real date"),
        ("---\ncadence: 30d\nstatus: dormant\n---\n", 3, "unknown status 'dormant'"),
        ("---\ncadence: 30d\ninteractions: yes please\n---\n", 3, "should be a list"),
        ("---\ninteractions:\n  - {type: email}\n---\n", 3, "no 'date'"),
        ("---\ninteractions:\n  - ok\n---\n", 3, "cannot read interaction"),
        (
            "---\ninteractions:\n  - 2026-11-20 call\n  - 2026-13-01 call\n---\n",
            4,
            "not a real date",
        ),
        ("---\ninteractions:\n  - {date: 2026-11-20, direction: sideways}\n---\n", 3, "direction"),
        ("---\ninteractions:\n  - {date: 2026-11-20, follow_up: later}\n---\n", 3, "follow_up"),
        ("---\ninteractions:\n  - 2026-11-20\n---\n", 3, "has no type"),
        ("---\ncadence: 30d\ninteractions: []\ncadence: 60d\n---\n", 4, "appears twice"),
    ],
)
def test_a_bad_value_is_reported_with_its_line(text: str, line: int, fragment: str) -> None:
    problems = problems_of(text)
    assert len(problems) == 1, problems
    assert problems[0][0] == line
    assert fragment in problems[0][1]


def test_a_bad_value_costs_only_itself() -> None:
    result = parse(
        "---\nname: Kim\ncadence: whenever\nnext: someday\nstatus: maybe\n"
        "interactions:\n  - {date: 2026-11-20, type: interview}\n  - {type: email}\n"
        "  - {date: 2026-11-21, type: email, direction: in}\n---\n"
    )
    c = result.contact
    assert c is not None
    assert (c.name, c.cadence, c.next, c.status) == ("Kim", None, None, "active")
    assert [x.type for x in c.interactions] == ["interview", "email"]
    assert [p.line for p in result.problems] == [3, 4, 5, 8]


def test_non_utf8_is_a_problem_that_says_what_to_do() -> None:
    raw = "---\nname: Jos\u00e9\ncadence: 30d\n---\n".encode("latin-1")
    ((line, message),) = problems_of(raw)
    assert line == 2 and "UTF-8" in message


def test_unclosed_front_matter_of_a_contact_is_reported() -> None:
    ((line, message),) = problems_of("---\ncadence: 30d\ninteractions: []\n")
    assert line == 1 and "never closed" in message


def test_interaction_line_numbers_point_at_the_item() -> None:
    c = only_contact(
        "---\nname: X\ninteractions:\n  - 2026-11-01 email\n\n"
        "  - date: 2026-11-02\n    type: call\n---\n"
    )
    assert [x.line for x in c.interactions] == [4, 6]


def test_line_numbers_count_from_the_file_not_the_front_matter_with_bom_and_crlf() -> None:
    raw = "\ufeff---\r\nname: X\r\ncadence: nope\r\n---\r\n".encode()
    assert problems_of(raw)[0][0] == 3


# ------------------------------------------------------------------ properties

SUMMARY = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\x85"
    ),
    max_size=40,
).map(str.strip)


@given(
    date=st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 1, 1)),
    type_=st.from_regex(r"[a-z][a-z_-]{0,11}", fullmatch=True),
    direction=st.sampled_from(["in", "out"]),
    summary=SUMMARY,
)
def test_quoted_one_line_form_round_trips(
    date: dt.date, type_: str, direction: str, summary: str
) -> None:
    text = f"{date.isoformat()} {type_} {direction}" + (f": {summary}" if summary else "")
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    c = only_contact(f'---\ninteractions:\n  - "{escaped}"\n---\n')
    assert c.interactions == (
        Interaction(date, type_, direction, summary=summary or None, line=3),  # type: ignore[arg-type]
    )


@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise(raw: bytes) -> None:
    parse_note(raw, "x.md")
    parse_note(b"---\ninteractions:\n" + raw + b"\n---\n", "x.md")


@given(st.text(max_size=200))
def test_arbitrary_front_matter_never_raises(text: str) -> None:
    result = parse_note(f"---\ncadence: 3d\n{text}\n---\n".encode("utf-8", "surrogatepass"), "x.md")
    for problem in result.problems:
        assert problem.path == "x.md" and problem.message


# ------------------------------------------------------------------ the fast YAML path

FAST_PATH_CASES = [
    "a: &x [1, 2]\nb: *x\n",
    "a: &x {k: 1}\nb:\n  <<: *x\n  c: 2\n",
    "a: !!str 12\nb: !!int '7'\n",
    "- 1\n- 2\n",
    "plain text\n",
    "",
    "a: 'quoted: yes'\nb: \"0123\"\nc: |\n  literal\n  block\nd: >\n  folded\n  text\n",
    "a: 2026-11-20\nb: 2026-11-20 10:30:00\nc: 2026-11-20T10:30\nd: 2026-02-30\ne: ~\nf:\n",
    "? complex key\n: value\n1: int key\n2026-01-01: date key\n",
    "a: [x, {y: 1}, [z]]\nb: {c: [1, 2], d: {e: null}}\n",
]


@pytest.mark.parametrize("text", FAST_PATH_CASES)
def test_the_event_builder_agrees_with_pyyaml_composer(text: str) -> None:
    fast, general = load_yaml(text), _compose_and_construct(text, 1)
    assert fast.data == general.data
    assert fast.key_lines == general.key_lines
    assert fast.item_lines == general.item_lines


def test_an_alias_is_built_once_and_nested_aliases_are_refused_before_they_explode() -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 3)]
    data = load_yaml("\n".join(levels) + "\n").data
    assert data["a2"][0] is data["a1"]  # shared, not copied
    levels += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(3, 9)]
    with pytest.raises(YamlError, match="expand to more than 10,000 values"):
        load_yaml("\n".join(levels) + "\n")  # whatever walks it would meet 10^8 values


def test_a_recursive_alias_is_refused_as_endless() -> None:
    with pytest.raises(YamlError, match="an alias inside the value it names"):
        load_yaml("a: &r [1, *r]\n")


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.dates(min_value=D(1990, 1, 1), max_value=D(2100, 1, 1)),
    st.text(max_size=20),
    st.sampled_from(["NO", "yes", "on", "0123", "+47", "10:30", "1_000", "~", "null", "1e3"]),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(min_size=1, max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


@given(st.dictionaries(st.text(min_size=1, max_size=10), VALUES, max_size=6), st.booleans())
def test_the_event_builder_agrees_with_pyyaml_on_any_document(
    data: dict[str, object], flow: bool
) -> None:
    import yaml

    text = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True, sort_keys=False)
    fast, general = load_yaml(text), _compose_and_construct(text, 1)
    assert fast.data == general.data
    assert (fast.key_lines, fast.item_lines) == (general.key_lines, general.item_lines)


# ------------------------------------------------------------------ the reader's shortcuts


def test_assembled_makes_the_same_value_as_the_constructor() -> None:
    import dataclasses
    import pickle

    from followup_md.core import model
    from followup_md.notes.yaml_loader import Loaded

    fields = dict(
        date=D(2026, 11, 20), type="call", direction="in", channel="phone", summary="Met",
        follow_up=Duration(days=3), outcome="good", line=7, id="x@y",
    )  # fmt: skip
    made = model.assembled(Interaction, **fields)
    built = Interaction(**fields)  # type: ignore[arg-type]
    assert made == built and hash(made) == hash(built) and repr(made) == repr(built)
    assert vars(made) == vars(built) and list(vars(made)) == list(vars(built))
    assert pickle.dumps(made) == pickle.dumps(built)
    # assembled skips __init__: nothing may hide there in the classes it makes
    for cls in (model.Interaction, model.Contact, model.ParsedNote, Loaded):
        assert not hasattr(cls, "__post_init__")
        assert all(f.init for f in dataclasses.fields(cls))


def test_dates_read_from_text_are_remembered_but_bad_ones_are_refused_every_time() -> None:
    from followup_md.core.durations import to_date

    assert to_date("2026-11-20") == to_date("2026-11-20") == D(2026, 11, 20)
    assert to_date(" 2026-11-20T10:30 ") == D(2026, 11, 20)
    for _ in range(2):
        with pytest.raises(ValueError, match="not a real date"):
            to_date("2026-02-30")
