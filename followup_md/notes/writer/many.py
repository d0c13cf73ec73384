"""Several interactions added to a note in one edit, proven once.

Made for `sync`, which may bring a contact dozens of messages at once: the note is
written once, with every new interaction after the last one, each in the list's own
style exactly as `add_interaction` writes it one at a time, and the whole is proven
once (the old data, plus exactly these interactions, in this order).
"""

from __future__ import annotations

from collections.abc import Sequence

from followup_md.core.model import Interaction
from followup_md.notes.writer.edits import NewInteraction, _fields_to_write, add_interaction
from followup_md.notes.writer.proof import _prove_interactions
from followup_md.notes.writer.splice import _interaction_splices
from followup_md.notes.writer.text import _apply, _open, _Refusal, _split_bom


def add_interactions(
    text: str, news: Sequence[NewInteraction], *, preferred_channel: str | None = None
) -> str:
    """Append every one of `news` to the note's `interactions`, in order, proven; pure.

    The same text as `add_interaction` called once for each; raises EditRefused as it
    does (for the whole: nothing is added when one cannot be)."""
    if len(news) <= 1:
        return add_interaction(text, news[0], preferred_channel=preferred_channel) if news else text
    bom, body = _split_bom(text)
    new_body = body
    expected: list[Interaction] = []
    for new in news:
        front = _open(new_body)
        if front is None:
            raise _Refusal(
                "the note has no front matter (a block between '---' lines at the top), so it "
                "is not a contact note; add one with the contact's details first"
            )
        fields, wanted = _fields_to_write(new, preferred_channel)
        new_body = _apply(new_body, front.start, _interaction_splices(front, fields))
        expected.append(wanted)
    _prove_interactions(body, new_body, expected)
    return bom + new_body
