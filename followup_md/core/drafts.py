"""Drafting the follow-up message: which message fits, and filling it from the note. Pure.

A draft is chosen by the situation the engine found (a thank-you after an interview, a
recap after a sales call, the second nudge, a birthday, ...) and the channel (an email
has a subject; a text, chat or LinkedIn message is shorter and has none). It is filled
from the note: the first name, the last interaction (the context that reminds them who
you are), the `objective` as the one clear ask, an `offer` as the thing of value.

Templates are plain text with `{placeholders}` (`core/draft_texts.py` holds the built-in
ones; a vault may override any). A sentence whose placeholder the note cannot fill is
left out whole, so no "None", stray punctuation or double space is ever written; in
`Thanks for {when}. || Thanks. More.` the first sentence offers a choice, the first the
note fills whole being taken. An unknown placeholder is an error naming it. `{{` and
`}}` stand for literal braces.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from followup_md.core.frozen import record
from followup_md.core.model import Contact, Due, Interaction

PLACEHOLDERS: Mapping[str, str] = {
    "first_name": "the contact's first name",
    "name": "the contact's full name",
    "company": "the note's `company`",
    "when": "when the last interaction was: `on Thursday`, or `on 12 November`",
    "context": "the last interaction's summary (or its type)",
    "ask": "the note's `objective`: the one clear ask",
    "offer": "the note's `offer`: something of value to share",
}
"""Every placeholder a template may use, and what fills it (the README lists them)."""

SHORT_CHANNELS = (
    "text", "sms", "imessage", "whatsapp", "signal", "telegram", "chat", "message",
    "linkedin", "slack", "teams", "messenger", "phone", "call", "instagram", "dm",
    "facebook", "discord", "mastodon", "bluesky", "wechat", "threema", "viber",
)  # fmt: skip
"""Words in a channel that make the message a short one without a subject."""

MAX_FIELD_WORDS = 12
"""A summary, objective or offer longer than this is cut (with …): a draft stays brief."""

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}\n]*)\}")
_DOUBLED_STOP = re.compile(r"([.?!…])\.(?=\s|$)")
"""A full stop after a value that ends a sentence itself (`…Kari?.`): one is enough."""
_TOKENS = re.compile(r"(?<=[.!?…])\s+|\s*\|\|\s*")
"""Where a line is cut into sentences (after . ! ? …) and choices (`||`)."""


class UnknownPlaceholder(ValueError):
    """A template uses a placeholder that does not exist."""

    def __init__(self, placeholder: str, line: int) -> None:
        super().__init__(placeholder)
        self.placeholder = placeholder
        self.line = line


@record
class Message:
    subject: str | None
    """None for a short message (text, chat, LinkedIn)."""
    body: str

    def words(self) -> int:
        return len(self.body.split())


# ------------------------------------------------------------------ which draft


SITUATION_OF_TYPE: Mapping[str, str] = {
    "interview": "thank-you",
    "event": "event",
    "conference": "event",
    "networking": "event",
    "meetup": "event",
    "sales": "recap",
    "call": "recap",
    "meeting": "recap",
    "demo": "recap",
    "feedback": "feedback",
}
"""The situation a scenario's interaction type calls for; other types get a recap."""

PERSONAL_SITUATIONS = ("keep-in-touch", "birthday", "reply", "check-in")
"""Situations with a warmer, shorter variant for the personal profile."""


def situation(due: Due | None) -> str:
    """The kind of message the contact's current follow-up calls for."""
    if due is None or due.rule == "cadence":
        kind = "keep-in-touch"
    elif due.rule == "birthday":
        kind = "birthday"
    elif due.rule == "reply":  # answering them; their feedback gets its acknowledgement
        kind = "feedback" if _type(due.basis) == "feedback" else "reply"
    elif due.rule == "nudge":  # the last nudge closes the loop, however many there are
        number, last = due.nudge or 1, due.nudges_total or 3
        kind = "nudge-3" if number >= last else "nudge-1" if number == 1 else "nudge-2"
    elif due.rule == "scenario":
        kind = SITUATION_OF_TYPE.get(_type(due.basis), "recap")
    else:  # a `follow_up` after an interaction, or `next`: the check-in you planned
        kind = "check-in" if due.basis is not None else "keep-in-touch"
    if due is not None and due.profile == "personal" and kind in PERSONAL_SITUATIONS:
        kind += "-personal"
    return kind


def _type(basis: Interaction | None) -> str:
    return basis.type.casefold() if basis is not None else ""


def is_short(channel: str | None) -> bool:
    """Whether a message on `channel` is a short one without a subject (a text, a chat)."""
    words = re.findall(r"[a-z]+", (channel or "").casefold())
    return any(word in SHORT_CHANNELS for word in words)


PHONE_CHANNELS = ("text", "sms", "imessage", "whatsapp", "signal", "telegram", "phone", "call")
"""Words in a channel that send the message to the note's `phone`."""


def is_phone(channel: str | None) -> bool:
    """Whether a message on `channel` goes to a phone number (a text, WhatsApp, Signal)."""
    return any(word in PHONE_CHANNELS for word in re.findall(r"[a-z]+", (channel or "").casefold()))


def template_name(kind: str, channel: str | None) -> str:
    """The template for `kind` on `channel`: `thank-you`, or `thank-you-short`."""
    return f"{kind}-short" if is_short(channel) else kind


# ------------------------------------------------------------------ what fills it


def fill_values(
    contact: Contact, due: Due | None, today: dt.date, offer: str | None
) -> dict[str, str | None]:
    """Each placeholder's text for this contact (None when the note cannot fill it)."""
    last = (due.basis if due is not None else None) or _latest(contact)
    return {
        "first_name": first_name(contact.name),
        "name": contact.name.strip() or None,
        "company": contact.company,
        "when": _when(last.date, today) if last is not None else None,
        "context": _brief(last.summary) if last is not None else None,
        "ask": _brief(contact.objective),
        "offer": _brief(offer),
    }


HONORIFICS = frozenset(
    [
        "dr",
        "dr.",
        "mr",
        "mr.",
        "mrs",
        "mrs.",
        "ms",
        "ms.",
        "mx",
        "mx.",
        "prof",
        "prof.",
        "sir",
        "dame",
        "herr",
        "frau",
        "fru",
        "hr.",
        "hr",
    ]
)


def first_name(name: str) -> str | None:
    """The name to greet: `Alice` from `Alice Chen`, `Chen, Alice` or `Dr. Alice Chen`."""
    family, comma, given = name.partition(",")
    words = (given if comma and given.strip() else family).split()
    while len(words) > 1 and words[0].casefold() in HONORIFICS:
        words = words[1:]
    first = words[0].strip(",;:") if words else ""
    return first or None


def _latest(contact: Contact) -> Interaction | None:
    past = [i for i in contact.interactions]
    return max(past, key=lambda i: i.date) if past else None


def _when(day: dt.date, today: dt.date) -> str:
    """`today`, `yesterday`, `on Thursday` within the week, else `on 12 November`."""
    days = (today - day).days
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if 1 < days < 7:
        return f"on {day.strftime('%A')}"
    return f"on {day.day} {day.strftime('%B')}"


def _brief(text: str | None) -> str | None:
    """One line, at most MAX_FIELD_WORDS words, no closing full stop (the template has it)."""
    if text is None:
        return None
    words = text.split()
    if not words:
        return None
    cut = " ".join(words[:MAX_FIELD_WORDS])
    if len(words) > MAX_FIELD_WORDS:
        return cut.rstrip(",;:.") + "…"
    return cut.rstrip(".") or None


# ------------------------------------------------------------------ filling a template


def placeholders(template: str) -> list[tuple[str, int]]:
    """Every placeholder of `template` with its 1-based line."""
    found = []
    for number, line in enumerate(template.split("\n"), 1):
        for match in _PLACEHOLDER.finditer(line):
            if match[1] is not None:
                found.append((match[1], number))
    return found


def check(template: str) -> None:
    """Raise UnknownPlaceholder for the first placeholder that does not exist."""
    for name, line in placeholders(template):
        if name not in PLACEHOLDERS:
            raise UnknownPlaceholder(name, line)


def render(template: str, values: Mapping[str, str | None], *, short: bool) -> Message:
    """The message: a `Subject:` first line becomes the subject (dropped when `short`);
    a sentence whose placeholder has no value is left out whole."""
    check(template)
    lines = _without_front_matter(template).strip("\n").split("\n")
    subject = None
    if lines and lines[0].startswith("Subject:"):
        subject = _line(lines[0].removeprefix("Subject:"), values) or None
        lines = lines[1:]
    paragraphs = "\n".join(lines).strip("\n").split("\n\n")
    kept = [_paragraph(p, values) for p in paragraphs]
    body = "\n\n".join(p for p in kept if p)
    return Message(None if short else subject, body)


def _without_front_matter(template: str) -> str:
    """A template note may have front matter (tags, for Obsidian): it is not the message."""
    if template.startswith("---\n"):
        end = template.find("\n---\n", 4)
        if end >= 0:
            return template[end + 5 :]
    return template


def _paragraph(text: str, values: Mapping[str, str | None]) -> str:
    """Each line of a paragraph filled; the lines left empty dropped (breaks are kept)."""
    filled = (_line(line, values) for line in text.split("\n"))
    return "\n".join(line for line in filled if line)


def _line(line: str, values: Mapping[str, str | None]) -> str:
    """One line filled: each sentence, or the first of its ` || ` choices, that the note
    fills whole; a sentence it cannot fill is left out."""
    groups: list[list[str]] = []
    choice = False
    position = 0
    for match in [*_TOKENS.finditer(line), None]:
        piece = line[position : match.start() if match else len(line)].strip()
        if piece and choice and groups:
            groups[-1].append(piece)
        elif piece:
            groups.append([piece])
        if match is None:
            break
        choice = "||" in match[0]
        position = match.end()
    chosen = [next((f for f in (_fill(c, values) for c in group) if f), None) for group in groups]
    return " ".join(text for text in chosen if text)


def _fill(sentence: str, values: Mapping[str, str | None]) -> str | None:
    """The sentence filled, or None when one of its placeholders has no value."""
    missing = False

    def value(match: re.Match[str]) -> str:
        nonlocal missing
        if match[0] == "{{":
            return "{"
        if match[0] == "}}":
            return "}"
        text = values.get(match[1])
        if not text:
            missing = True
            return ""
        return text

    filled = _PLACEHOLDER.sub(value, sentence)
    if missing:
        return None
    filled = _DOUBLED_STOP.sub(r"\1", re.sub(r"[ \t]{2,}", " ", filled))
    return filled.strip() or None
