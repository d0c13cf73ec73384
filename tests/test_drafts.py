"""`followup draft`: the message for each situation, brief, shaped for its channel, filled
from the note, with nothing dangling where the note is silent.

The situations come from the real engine on small notes (CliRunner on tmp_path); the
limits and the clean filling are checked on every built-in draft with any fields.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_md.core import drafts
from followup_md.core.draft_texts import BUILT_IN
from followup_md.core.model import Contact, Interaction

from .conftest import Run

WriteNote = Callable[[str, str], Path]

HEAD = "---\nname: Dana Park\nemail: dana@example.com\nobjective: a second interview\n"

SITUATIONS = {
    # situation: (front matter after HEAD, channel shape)
    "thank-you": "interactions:\n  - 2026-11-21 interview: Panel interview\n",
    "event": "interactions:\n  - 2026-11-21 conference: Met at the booth\n",
    "recap": "interactions:\n  - 2026-11-20 sales: Pricing call\n",
    "feedback": "interactions:\n  - {date: 2026-11-21, type: feedback, direction: in}\n",
    "reply": "interactions:\n  - {date: 2026-11-21, type: email, direction: in, summary: Hi}\n",
    "nudge-1": "interactions:\n  - 2026-11-18 email: Sent the proposal\n",
    "nudge-2": "interactions:\n  - 2026-11-05 email: Proposal\n  - 2026-11-08 email: Nudge\n",
    "nudge-3": (
        "interactions:\n  - 2026-10-20 email: Proposal\n  - 2026-10-23 email: Nudge\n"
        "  - 2026-10-30 email: Nudge again\n"
    ),
    "keep-in-touch": "channel: email\ncadence: monthly\ninteractions:\n  - 2026-10-01 call\n",
    "check-in": "interactions:\n  - {date: 2026-11-12, type: coffee, follow_up: 10d}\n",
    "birthday": "birthday: 1980-11-23\n",
    "keep-in-touch-personal": "tags: [family]\ncadence: 2w\ninteractions:\n  - 2026-11-01 visit\n",
    "birthday-personal": "tags: [family]\nbirthday: --11-23\n",
    "reply-personal": (
        "tags: [family]\ninteractions:\n  - {date: 2026-11-21, type: message, direction: in}\n"
    ),
}


@pytest.mark.parametrize("situation", SITUATIONS)
def test_each_situation_gets_its_draft(run: Run, write_note: WriteNote, situation: str) -> None:
    write_note("Dana.md", HEAD + SITUATIONS[situation] + "---\n")
    result = run("draft", "Dana")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(f"{situation} for Dana Park, due ")
    assert f"draft {situation} (built-in)" in result.stderr
    subject, blank, *body = result.stdout.rstrip("\n").split("\n")
    assert subject.startswith("Subject: ") and blank == ""
    assert 3 <= len(subject.removeprefix("Subject: ").split()) <= 4
    text = "\n".join(body)
    assert "Dana" in text and "Dana Park" not in text  # the first name
    assert len(text.split()) < 120


def test_the_context_the_ask_and_the_offer_come_from_the_note(
    run: Run, write_note: WriteNote
) -> None:
    write_note(
        "Dana.md",
        HEAD + "offer: the case study from Oslo\n" + SITUATIONS["event"] + "---\n",
    )
    text = run("draft", "Dana").stdout
    assert "Hi Dana,\n\nIt was good to meet you yesterday (Met at the booth)." in text
    assert "As promised: the case study from Oslo." in text
    assert "continue where we left off: a second interview." in text


def test_a_text_or_linkedin_message_is_short_and_has_no_subject(
    run: Run, write_note: WriteNote
) -> None:
    note = HEAD + "phone: '+47 987 65 432'\nchannel: WhatsApp\n" + SITUATIONS["thank-you"]
    write_note("Dana.md", note + "---\n")
    result = run("draft", "Dana")
    assert "draft thank-you-short (built-in)" in result.stderr
    assert "WhatsApp to +47 987 65 432" in result.stderr
    assert "Subject:" not in result.stdout
    assert len(result.stdout.split()) < 60


def test_nothing_due_still_gives_a_keep_in_touch_draft_and_says_so(
    run: Run, write_note: WriteNote
) -> None:
    note = HEAD + "interactions:\n  - {date: 2026-11-01, type: call, follow_up: none}\n---\n"
    write_note("Dana.md", note)
    result = run("draft", "Dana")
    assert result.exit_code == 0
    assert result.stderr.startswith("Nothing is due for Dana Park: a keep-in-touch draft")
    assert result.stdout.startswith("Subject: Catching up, Dana\n\nHi Dana,\n")


def test_a_vault_template_overrides_the_built_in(run: Run, write_note: WriteNote) -> None:
    write_note("Dana.md", HEAD + SITUATIONS["thank-you"] + "---\n")
    write_note(
        "templates/followup/thank-you.md",
        "---\ntags: [template]\n---\nSubject: Thanks, {first_name}\n\n"
        "Dear {first_name}, thanks for {context}. Missing: {offer}.\n",
    )
    result = run("draft", "Dana")
    assert "draft thank-you (templates/followup/thank-you.md)" in result.stderr
    assert result.stdout == "Subject: Thanks, Dana\n\nDear Dana, thanks for Panel interview.\n"


def test_an_unknown_placeholder_is_a_clear_error(run: Run, write_note: WriteNote) -> None:
    write_note("Dana.md", HEAD + SITUATIONS["thank-you"] + "---\n")
    write_note("templates/followup/thank-you.md", "Subject: Hi\n\nHello {firstname}!\n")
    result = run("draft", "Dana")
    assert result.exit_code == 2
    assert "thank-you.md:3: unknown placeholder {firstname}" in result.stderr
    assert "{first_name}" in result.stderr and "Traceback" not in result.output


def test_an_unknown_template_name_lists_the_built_in_ones(run: Run, write_note: WriteNote) -> None:
    write_note("Dana.md", HEAD + SITUATIONS["thank-you"] + "---\n")
    result = run("draft", "Dana", "--template", "nudge-9")
    assert result.exit_code == 2
    assert "no draft template 'nudge-9'" in result.stderr and "nudge-3-short" in result.stderr
    assert run("draft", "Dana", "--template", "nudge-3").stdout.startswith("Subject: Closing")


def test_mailto_encodes_unicode_and_line_breaks(run: Run, write_note: WriteNote) -> None:
    note = "---\nname: Zoë Ærø\nemail: zoë@exämple.com\n" + SITUATIONS["recap"] + "---\n"
    write_note("Zoe.md", note)
    link = run("draft", "Zoë", "--mailto").stdout.strip()
    text = run("draft", "Zoë").stdout
    parts = urlsplit(link)
    assert parts.scheme == "mailto" and unquote(parts.path) == "zoë@exämple.com"
    assert re.fullmatch(r"[A-Za-z0-9%._~:?&=@-]+", link)  # nothing left unencoded
    query = parse_qs(parts.query)
    subject, body = text.split("\n\n", 1)
    assert query["subject"] == [subject.removeprefix("Subject: ")]
    assert query["body"] == [body.rstrip("\n").replace("\n", "\r\n")]
    assert "%0D%0A" in link and "Zo%C3%AB" in link


# ------------------------------------------------------------------ every built-in draft

FIELDS = ("company", "when", "context", "ask", "offer")


@pytest.mark.parametrize("name", sorted(BUILT_IN))
def test_every_built_in_leaves_out_what_the_note_cannot_fill_cleanly(name: str) -> None:
    full = {
        "first_name": "Dana",
        "name": "Dana Park",
        "company": "Fjordline",
        "when": "on Thursday",
        "context": "Panel interview",
        "ask": "a second interview",
        "offer": "the case study",
    }
    for size in range(len(FIELDS) + 1):
        for missing in itertools.combinations(FIELDS, size):
            values = {k: (None if k in missing else v) for k, v in full.items()}
            message = drafts.render(BUILT_IN[name], values, short=name.endswith("-short"))
            text = f"{message.subject or ''}\n{message.body}"
            for bad in ("None", "{", "}", "  ", " .", " ,", "()", "( )", ": .", " —."):
                assert bad not in text, (name, missing, bad, text)
            assert message.body.strip(), (name, missing)
            assert all(line == line.strip() for line in message.body.split("\n"))


@settings(max_examples=60, deadline=None)
@given(
    words=st.lists(st.sampled_from(["pricing", "Oslo", "deck", "a", "the", "über"]), min_size=1),
)
def test_built_ins_stay_brief_with_the_longest_fields(words: list[str]) -> None:
    long = " ".join((words * 40)[:40])  # longer than any field is allowed to be
    contact = Contact(
        "x.md",
        "Dana Park",
        objective=long,
        company="Fjordline",
        interactions=(Interaction(dt_date(), "sales", summary=long),),
    )
    values = drafts.fill_values(contact, None, dt_date(), long)
    for name, template in BUILT_IN.items():
        short = name.endswith("-short")
        message = drafts.render(template, values, short=short)
        assert message.words() < (60 if short else 120), (name, message.words())
        if not short:
            assert message.subject is not None and 3 <= len(message.subject.split()) <= 4


def dt_date() -> dt.date:
    return dt.date(2026, 11, 20)


def test_the_short_channels() -> None:
    assert drafts.is_short("LinkedIn") and drafts.is_short("WhatsApp") and drafts.is_short("SMS")
    assert not drafts.is_short("email") and not drafts.is_short(None)
    assert drafts.template_name("nudge-2", "linkedin message") == "nudge-2-short"
