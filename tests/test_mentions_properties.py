"""Properties of the pure parts of mentions: daily note names, body links, and the
incremental map of who is mentioned where."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_md.core.mentions import (
    Dated,
    Mention,
    MentionMap,
    NoteLinks,
    format_daily,
    note_keys,
    parse_daily,
    unsupported,
)
from followup_md.core.wikilinks import key, link_targets

YEAR = st.sampled_from(["YYYY", "YY"])
MONTH = st.sampled_from(["MM", "M", "MMM", "MMMM"])
DAY = st.sampled_from(["DD", "D"])
EXTRA = st.sampled_from(["", "ddd", "dddd", "[Week of] ", "[note]"])
SEP = st.sampled_from(["-", "/", ".", " ", "_", ", "])


@given(
    st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)),
    st.permutations([0, 1, 2]),
    st.tuples(YEAR, MONTH, DAY),
    st.lists(SEP, min_size=3, max_size=3),
    EXTRA,
)
def test_a_daily_note_name_gives_its_date_back(
    date: dt.date, order: list[int], tokens: tuple[str, str, str], seps: list[str], extra: str
) -> None:
    parts = [tokens[i] for i in order]
    format = f"{parts[0]}{seps[0]}{parts[1]}{seps[1]}{parts[2]}" + (
        seps[2] + extra if extra else ""
    )
    assert unsupported(format) is None
    name = format_daily(date, format)
    assert parse_daily(name, format) == date
    other = date + dt.timedelta(days=1)
    assert parse_daily(format_daily(other, format), format) == other


def test_daily_names_are_matched_exactly() -> None:
    assert parse_daily("2026-11-22", "YYYY-MM-DD") == dt.date(2026, 11, 22)
    assert parse_daily("2026/11/2026-11-22", "YYYY/MM/YYYY-MM-DD") == dt.date(2026, 11, 22)
    assert parse_daily("Sunday, November 22 2026", "dddd, MMMM D YYYY") == dt.date(2026, 11, 22)
    for name, format in [
        ("2026-11-2", "YYYY-MM-DD"),  # not padded
        ("2026-02-30", "YYYY-MM-DD"),  # no such day
        ("2026/10/2026-11-22", "YYYY/MM/YYYY-MM-DD"),  # folders disagree
        ("Monday, November 22 2026", "dddd, MMMM D YYYY"),  # wrong weekday
        ("2026-11-22 notes", "YYYY-MM-DD"),
    ]:
        assert parse_daily(name, format) is None, name
    assert unsupported("Do MMMM YYYY") == "Do" and unsupported("[Week] W") == "W"
    assert unsupported("[never closed") == "[" and unsupported("YYYYMMDD") is None


NAME = st.text(
    st.characters(blacklist_characters="[]|#^\n\r`%<~\\"), min_size=1, max_size=20
).filter(lambda text: key(text) != "")
PROSE = st.text(st.characters(blacklist_characters="[]`%<~\\"), max_size=30)
"""Text with nothing that opens code or a comment (those are tested below)."""


@given(
    st.lists(
        st.tuples(
            PROSE,
            NAME,
            st.sampled_from(["", "!"]),
            st.sampled_from(["", "#Head", "#^b1", "|Label", "\\|Label", "#Head\\|Label"]),
        )
    ),
    PROSE,
)
def test_every_wikilink_in_a_body_is_found(
    parts: list[tuple[str, str, str, str]], tail: str
) -> None:
    body = "".join(f"{prose}{bang}[[{name}{suffix}]]" for prose, name, bang, suffix in parts)
    wanted = list(dict.fromkeys(key(name) for _, name, _, _ in parts))
    assert list(link_targets(body + tail)) == wanted


HIDING = [
    ("`", "`"),
    ("``", "``"),
    ("`` ` ", " ``"),
    ("%%", "%%"),
    ("%%\n", "\n%%"),
    ("<!--", "-->"),
    ("<!--\n", "\n-->"),
    ("\n```\n", "\n```\n"),
    ("\n  ~~~~ text\n", "\n  ~~~\n~~~~\n"),
    ("\n> ```\n> ", "\n> ```\n"),
]
"""What Obsidian makes no link in: inline code, comments, fenced code (opening, closing)."""
LINE = st.text(st.characters(blacklist_characters="[]`%<~\\\n\r"), max_size=30)


@given(
    st.lists(
        st.tuples(
            LINE,
            NAME,
            st.sampled_from(["", "|Label", "\\|Label", "#Head"]),
            st.none() | st.sampled_from(HIDING),
        )
    ),
    LINE,
)
def test_links_in_code_and_comments_are_not_found(
    parts: list[tuple[str, str, str, tuple[str, str] | None]], tail: str
) -> None:
    body, wanted = "", []
    for prose, name, suffix, hiding in parts:
        link = f"[[{name}{suffix}]]"
        if hiding is None:
            body += f"{prose} {link} "
            wanted.append(key(name))
        else:
            body += f"{prose} {hiding[0]}{link}{hiding[1]} "
    assert list(link_targets(body + tail)) == list(dict.fromkeys(wanted))


@pytest.mark.parametrize(
    "hostile",
    [
        "".join("`" * n + "a" for n in range(1, 1400)),  # runs of every length, none closed
        "`a\n\n" * 150_000,  # code never closed in its paragraph
        "x ` " * 250_000,
        "\\" * 300_000 + "`" + "[[a]]",
        "%%" + "[[a]] " * 150_000,
        "<!--" * 250_000,
        "```\n" + "~~~\n" * 250_000,
        "  " * 400_000 + "```",
        "- " * 400_000 + "\n",
        "[[" * 500_000,
        "[[a" * 300_000,
        "`[[a]]` %%[[b]]%% <!--[[c]]--> [[d\\|e]] " * 25_000,
    ],
    ids=lambda text: repr(text[:12]),
)
def test_a_hostile_body_is_read_in_bounded_time(hostile: str) -> None:
    assert len(hostile.encode()) <= 2**20 + 16
    started = time.perf_counter()
    link_targets(hostile)
    assert time.perf_counter() - started < 5.0  # linear: well under; quadratic: minutes


def test_links_around_code_and_comments() -> None:
    body = (
        "[[a]] `[[b]]` [[c\\|C]] %% [[d]] %% <!-- [[e]] --> ``x ` [[f]]`` [[g]]\n"
        "an unmatched ` [[h]]\n\nnew paragraph ` [[i]]\n"
        "```py\n[[j]]\n```\n[[k]]\n~~~\n[[l]]\n```\n[[m]] (``` closes no ~~~)\n~~~\n"
        "``` not a fence, its info has a ```js\n[[n]]\n"
    )
    assert link_targets(body) == ("a", "c", "g", "h", "i", "k", "n")
    assert link_targets("x %% never closed\n\n[[a]]") == ()
    assert link_targets("``` has a ` tick: no fence\n[[a]]") == ("a",)
    assert link_targets("\\`[[a]]`") == ("a",)  # an escaped tick opens nothing


TODAY = dt.date(2026, 11, 22)
NAMES = st.sampled_from(["ann", "bo", "cy", "people/ann", "dee"])
CONTACTS = ["c0.md", "People/Ann.md", "c2.md", "x/Bo.md"]
NOTES = ["d0.md", "d1.md", "Cy.md", "y/bo.md"]
"""Paths some of whose names are names links use: a note of that name wins the link."""
GONE = "gone"
LINKS = st.one_of(
    st.none(),
    st.just(GONE),
    st.builds(NoteLinks, st.lists(NAMES, max_size=3, unique=True).map(tuple)),
)
DATED = st.one_of(
    st.none(),
    st.just(GONE),
    st.builds(
        lambda day, names: NoteLinks(dated=Dated(TODAY + dt.timedelta(days=day), names)),
        st.integers(-5, 2),
        st.lists(NAMES, max_size=3, unique=True).map(tuple),
    ),
)
STEP = st.one_of(
    st.tuples(st.sampled_from(CONTACTS), LINKS), st.tuples(st.sampled_from(NOTES), DATED)
)


def latest_afresh(notes: dict[str, NoteLinks | None], contact: str) -> Mention | None:
    """The rule written out plainly, over the notes there: a link is to the note of that
    path or file name when there is one (two: neither), else to the contact whose name it
    is (two: neither); it counts for the contact it is to, when the note's date is not
    after today. The latest (then the last path) wins."""
    own = notes.get(contact)
    if own is None or not own.keys:
        return None
    found = []
    for note, dated in notes.items():
        if dated is None or dated.dated is None or dated.dated.date > TODAY:
            continue
        for name in dated.dated.targets:
            named = [path for path in notes if name in note_keys(path)]
            owners = named or [c for c, other in notes.items() if other and name in other.keys]
            if owners == [contact]:
                found.append((dated.dated.date, note))
    return Mention(*max(found)) if found else None


@settings(max_examples=400)
@given(st.lists(STEP, max_size=25))
def test_the_map_kept_note_by_note_equals_the_rule(
    steps: list[tuple[str, NoteLinks | str | None]],
) -> None:
    kept = MentionMap(TODAY)
    notes: dict[str, NoteLinks | None] = {}
    latest = {contact: None for contact in CONTACTS}
    for path, value in steps:
        if isinstance(value, str):
            changed = kept.remove(path)
            notes.pop(path, None)
        else:
            changed = kept.update(path, value)
            notes[path] = value
        for contact in CONTACTS:
            now = latest_afresh(notes, contact)
            assert kept.latest(contact) == now
            if now != latest[contact]:
                assert contact in changed  # what update() says may have changed covers it
            latest[contact] = now
            if now is not None:
                assert contact in kept.linked()  # what the book narrows its checks to
            every = kept.mentions(contact)
            assert (every[-1] if every else None) == now


def test_a_note_of_the_name_wins_over_a_name_or_an_alias() -> None:
    kept = MentionMap(TODAY)
    kept.update("People/Sigrid.md", NoteLinks(("people/sigrid", "sigrid", "fjord frakt")))
    kept.update("Journal.md", NoteLinks(dated=Dated(TODAY, ("fjord frakt",))))
    assert kept.latest("People/Sigrid.md") == Mention(TODAY, "Journal.md")
    assert "People/Sigrid.md" in kept.update("Companies/Fjord Frakt.md", None)
    assert kept.latest("People/Sigrid.md") is None
    assert "People/Sigrid.md" in kept.remove("Companies/Fjord Frakt.md")
    assert kept.latest("People/Sigrid.md") == Mention(TODAY, "Journal.md")
