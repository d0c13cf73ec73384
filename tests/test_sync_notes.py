"""What `sync` needs of the note format: an interaction's `id`, a contact's `emails`, and
several interactions added in one proven edit, in every style a list is written in."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_md.errors import EditRefused
from followup_md.notes.reader import parse_note
from followup_md.notes.writer import NewInteraction, add_interaction, add_interactions

REPLY = NewInteraction(
    dt.date(2026, 11, 20), "email", "in", summary="Pricing: next steps", id="<a1@mail.example>"
)
SENT = NewInteraction(dt.date(2026, 11, 21), "email", "out", summary="Prices", id="<b2@x.example>")


def test_an_id_and_emails_are_read() -> None:
    text = (
        "---\nemail: dana@x.example\nemails: [d.park@y.example, dp@z.example]\ninteractions:\n"
        "  - {date: 2026-11-20, type: email, id: <a1@mail.example>}\n---\n"
    )
    parsed = parse_note(text.encode(), "Dana.md")
    assert parsed.problems == ()
    assert parsed.contact is not None
    assert parsed.contact.emails == ("d.park@y.example", "dp@z.example")
    assert parsed.contact.interactions[0].id == "<a1@mail.example>"


def test_a_slip_for_id_is_no_problem_but_one_for_emails_is() -> None:
    text = "---\nemials: [a@b.example]\ninteractions:\n  - {date: 2026-11-20, type: email}\n---\n"
    (problem,) = parse_note(text.encode(), "Dana.md").problems
    assert "did you mean 'emails'?" in problem.message


@pytest.mark.parametrize(
    ("before", "after"),
    [
        (  # block mappings: the second copies the first (its direction, its quotes)
            "---\ninteractions:\n  - date: 2026-11-19\n    type: call\n---\nBody\n",
            "---\ninteractions:\n  - date: 2026-11-19\n    type: call\n"
            "  - date: 2026-11-20\n    type: email\n    direction: in\n"
            '    summary: "Pricing: next steps"\n    id: <a1@mail.example>\n'
            "  - date: 2026-11-21\n    type: email\n    direction: out\n"
            '    summary: "Prices"\n    id: <b2@x.example>\n---\nBody\n',
        ),
        (  # the one-line form cannot hold an id: flow mappings, one a line
            "---\ninteractions:\n  - 2026-11-19 call: Met\n---\n",
            "---\ninteractions:\n  - 2026-11-19 call: Met\n"
            '  - {date: 2026-11-20, type: email, direction: in, summary: "Pricing: next steps", '
            "id: <a1@mail.example>}\n"
            '  - {date: 2026-11-21, type: email, direction: out, summary: "Prices", '
            "id: <b2@x.example>}\n---\n",
        ),
        (  # a flow list
            "---\ninteractions: [{date: 2026-11-19, type: call}]\n---\n",
            "---\ninteractions: [{date: 2026-11-19, type: call}, {date: 2026-11-20, type: email, "
            'direction: in, summary: "Pricing: next steps", id: <a1@mail.example>}, '
            '{date: 2026-11-21, type: email, direction: out, summary: "Prices", '
            "id: <b2@x.example>}]\n---\n",
        ),
        (  # no list yet, CRLF
            "---\r\nemail: dana@x.example\r\n---\r\n",
            "---\r\nemail: dana@x.example\r\ninteractions:\r\n  - date: 2026-11-20\r\n"
            '    type: email\r\n    direction: in\r\n    summary: "Pricing: next steps"\r\n'
            "    id: <a1@mail.example>\r\n  - date: 2026-11-21\r\n    type: email\r\n"
            '    direction: out\r\n    summary: "Prices"\r\n    id: <b2@x.example>\r\n---\r\n',
        ),
    ],
)
def test_several_interactions_in_one_edit_as_one_at_a_time(before: str, after: str) -> None:
    assert add_interactions(before, [REPLY, SENT]) == after
    one_by_one = add_interaction(add_interaction(before, REPLY), SENT)
    assert one_by_one == after
    contact = parse_note(after.encode(), "Dana.md").contact
    assert contact is not None
    assert [i.id for i in contact.interactions[-2:]] == ["<a1@mail.example>", "<b2@x.example>"]


def test_nothing_to_add_changes_nothing_and_a_broken_note_is_refused() -> None:
    text = "---\ninteractions: [\n---\n"
    assert add_interactions(text, []) == text
    with pytest.raises(EditRefused):
        add_interactions(text, [REPLY, SENT])


BASES = [
    "---\ninteractions:\n  - date: 2026-11-19\n    type: call\n---\n",
    "---\ninteractions:\n- date: 2026-11-19\n  direction: out\n  type: call\n# the end\n---\n",
    "---\ninteractions:\n  -   date: 2026-11-19\n      summary: 'Met: once'\n"
    "      type: call\n---\n",
    '---\r\ninteractions:\r\n  - date: 2026-11-19\r\n    type: "call"\r\n    # said\r\n---\r\n',
    "---\ninteractions:\n  - 2026-11-19 call: Met\n  - {date: 2026-11-20, type: call}\n---\n",
    "---\ninteractions: [{ date: 2026-11-19, type: call }]\n---\n",
    "---\nname: Dana\n---\nBody\n",
]
SUMMARIES = st.one_of(
    st.sampled_from(["Prices", "yes", "Re: x", "'quoted'", "0123", "a # b", "10:30", "-", ""]),
    st.text(alphabet="ab :#'\"-é\t", max_size=12),
)


@settings(max_examples=150, deadline=None)
@given(
    base=st.sampled_from(BASES),
    items=st.lists(
        st.tuples(st.sampled_from(["in", "out"]), SUMMARIES, st.booleans()), min_size=1, max_size=5
    ),
)
def test_one_edit_writes_what_one_at_a_time_writes(
    base: str, items: list[tuple[str, str, bool]]
) -> None:
    news = [
        NewInteraction(
            dt.date(2026, 11, 20 + n % 5),
            "email",
            "in" if direction == "in" else "out",
            summary=summary or None,
            id=f"<m{n}@x.example>" if with_id else None,
        )
        for n, (direction, summary, with_id) in enumerate(items)
    ]
    one_by_one = base
    for new in news:
        one_by_one = add_interaction(one_by_one, new)
    assert add_interactions(base, news) == one_by_one
