"""A Missed read back from the row cache is unpacked only when looked at, and is then in
every way the Missed that was planned: equal, hashed, shown, copied and pickled alike,
and in the same place in the agenda."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from followup_md.core.agenda import note_row, shown_row
from followup_md.core.durations import Duration
from followup_md.core.model import Contact, Interaction, Missed, ParsedNote
from followup_md.core.settings import Settings
from followup_md.vault import cache
from followup_md.vault.deferred import PackedMissed

TODAY = dt.date(2026, 11, 22)
STALE = Settings(stale_after=Duration(days=5))

NAMES = st.text(min_size=1, max_size=10)
CONTACTS = st.builds(
    Contact,
    path=NAMES.map(lambda name: f"People/{name}.md"),
    name=NAMES,
    objective=st.one_of(st.none(), st.text(max_size=10)),
    cadence=st.integers(1, 60).map(Duration),
    interactions=st.lists(
        st.builds(
            Interaction,
            date=st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2026, 11, 1)),
            type=st.sampled_from(["email", "call", "message", "coffee"]),
            direction=st.sampled_from(["in", "out"]),
            summary=st.one_of(st.none(), st.text(max_size=20)),
        ),
        min_size=1,
        max_size=4,
    ).map(tuple),
)


def through_the_cache(contact: Contact) -> tuple[Missed, Missed] | None:
    """The row's Missed as planned, and as the row cache gives it back (or None)."""
    row = shown_row(note_row(ParsedNote(contact), STALE, TODAY, 7), contact.path)
    if row.missed is None:
        return None
    packed = json.loads(cache._json(cache.ROW.pack((7, row))))
    _, back = cache.ROW.unpack(packed)
    assert back.missed is not None
    return row.missed, back.missed


@settings(max_examples=150)
@given(CONTACTS)
def test_a_missed_read_back_is_the_one_planned(contact: Contact) -> None:
    both = through_the_cache(contact)
    if both is None:
        return
    planned, back = both
    assert isinstance(back, PackedMissed)
    assert back.sort_key() == planned.sort_key()  # placed without being unpacked
    assert "due" not in vars(back)
    assert back == planned and planned == back and hash(back) == hash(planned)
    assert repr(back) == repr(planned)
    assert pickle.loads(pickle.dumps(back)) == planned
    assert type(pickle.loads(pickle.dumps(back))) is Missed
    assert copy.copy(back) == planned and dataclasses.asdict(back) == dataclasses.asdict(planned)
    assert (back.due, back.cadence_due) == (planned.due, planned.cadence_due)
    later = dataclasses.replace(back, cadence_due=TODAY)
    assert later.cadence_due == TODAY and later.due == planned.due
    assert later.sort_key() == planned.sort_key()


def test_some_contacts_do_miss() -> None:
    """The property above is not vacuous: a long-overdue contact has a Missed line."""
    contact = Contact(
        path="People/Ann.md",
        name="Ann",
        cadence=Duration(days=7),
        interactions=(Interaction(dt.date(2026, 9, 1), "email"),),
    )
    both = through_the_cache(contact)
    assert both is not None and both[0] == both[1]
