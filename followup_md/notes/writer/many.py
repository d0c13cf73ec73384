"""Several interactions added to a note in one edit, proven once.

Made for `sync`, which may bring a contact dozens of messages at once: the note is
written once, with every new interaction after the last one, each in the list's own
style exactly as `add_interaction` writes it one at a time, and the whole is proven
once (the old data, plus exactly these interactions, in this order).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import yaml

from followup_md.core.model import Interaction
from followup_md.notes.frontmatter import split_front_matter
from followup_md.notes.writer.edits import (
    NewInteraction,
    _fields_to_write,
    add_interaction,
    contact_front,
)
from followup_md.notes.writer.emit import _YamlLoader
from followup_md.notes.writer.proof import _prove_interactions
from followup_md.notes.writer.splice import (
    _dash,
    _interaction_splices,
    _ordered,
    _style,
    _value,
)
from followup_md.notes.writer.text import (
    _apply,
    _Front,
    _last_char,
    _line_end,
    _newline_near,
    _pairs,
    _Refusal,
    _root,
    _skip_comments,
    _split_bom,
)


def add_interactions(
    text: str, news: Sequence[NewInteraction], *, preferred_channel: str | None = None
) -> str:
    """Append every one of `news` to the note's `interactions`, in order, proven; pure.

    The same text as `add_interaction` called once for each; raises EditRefused as it
    does (for the whole: nothing is added when one cannot be)."""
    if len(news) <= 1:
        return add_interaction(text, news[0], preferred_channel=preferred_channel) if news else text
    bom, body = _split_bom(text)
    first = contact_front(body)
    written = [_fields_to_write(new, preferred_channel) for new in news]
    expected: list[Interaction] = [wanted for _, wanted in written]
    new_body = _apply(body, first.start, _interaction_splices(first, written[0][0]))
    front = _recompose(new_body, first)
    rest = _block_rest(front, [fields for fields, _ in written[1:]])
    if rest is not None:
        new_body = _apply(new_body, front.start, [rest])
    else:  # flow lists, flow items: one at a time, each on the tree the last one left
        for fields, _ in written[1:]:
            new_body = _apply(new_body, front.start, _interaction_splices(front, fields))
            front = _recompose(new_body, first)
    _prove_interactions(body, new_body, expected)
    return bom + new_body


def _block_rest(front: _Front, rest: list[dict[str, str]]) -> tuple[int, int, str] | None:
    """The items after the first, when the list is a block list of block mappings: each
    written as `_block_append` would write it after the one before (whose keys, order
    and quotes it copies), all in one splice, without composing the note again after
    each. None for any other list: those go one at a time."""
    pairs = _pairs(front, _root(front), "interactions")
    seq = pairs[0][1] if pairs else None
    if not isinstance(seq, yaml.SequenceNode) or seq.flow_style or not seq.value:
        return None
    style = _style(front.yaml, seq)
    if style.form != "block":
        return None
    text, last = front.yaml, seq.value[-1]
    dash, spaces = _dash(text, seq, last)
    anchor = _skip_comments(text, _line_end(text, _last_char(last)), dash)
    lines: list[str] = []
    for fields in rest:
        shown = [
            (key, _value(key, value, style, flow=False)) for key, value in _ordered(fields, style)
        ]
        lines.append(" " * dash + "-" + " " * spaces + f"{shown[0][0]}: {shown[0][1]}")
        lines += [" " * (dash + 1 + spaces) + f"{key}: {value}" for key, value in shown[1:]]
        quoted = {key: value[0] for key, value in shown if value[:1] in ("'", '"')}
        style = replace(
            style,
            keys=tuple(key for key, _ in shown),
            key_quotes=quoted,
            quote=list(quoted.values())[-1] if quoted else style.quote,
            mapping_direction=any(key == "direction" for key, _ in shown),
        )
    nl = _newline_near(front.body, front.start + anchor)
    return (anchor, anchor, "".join(line + nl for line in lines))


def _recompose(body: str, first: _Front) -> _Front:
    """The node tree of `body` after an append, for the next one. The data read at
    first stands in for the new data: the splices look only at the tree, and at the data
    only for an empty `interactions` (which the first append filled). The proof at the
    end reads the result in full, as every edit's does."""
    front = split_front_matter(body)
    if front is None:
        raise _Refusal("the front matter is gone")
    try:
        root = yaml.compose(front.yaml, Loader=_YamlLoader)
    except yaml.YAMLError as exc:
        raise _Refusal(f"the new front matter could not be read ({exc})") from None
    return _Front(body, front, body.index("\n") + 1, first.loaded, root)
