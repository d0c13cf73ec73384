"""`followup draft`: the message for each situation, brief, shaped for its channel, filled
from the note, with nothing dangling where the note is silent.

The situations come from the real engine on small notes (CliRunner on tmp_path); the
limits and the clean filling are checked on every built-in draft with any fields.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
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


@pytest.mark.parametrize("channel", ["WhatsApp", "LinkedIn"])
def test_a_text_or_linkedin_message_is_short_and_has_no_subject(
    run: Run, write_note: WriteNote, channel: str
) -> None:
    note = HEAD + f"phone: '+47 987 65 432'\nchannel: {channel}\n" + SITUATIONS["thank-you"]
    write_note("Dana.md", note + "---\n")
    result = run("draft", "Dana")
    assert "draft thank-you-short (built-in)" in result.stderr
    to = " to +47 987 65 432" if channel == "WhatsApp" else ""
    assert f"\n{channel}{to} · draft" in result.stderr
    assert "Subject:" not in result.stdout
    assert len(result.stdout.split()) < 60
    # A mailto link is an email, whatever the channel: to the address, with a subject.
    link = run("draft", "Dana", "--mailto").stdout.strip()
    assert link.startswith("mailto:dana@example.com?subject=Thank%20you%2C%20Dana&body=")


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


ENDINGS = ("", "?", "!", "…", ".")


@pytest.mark.parametrize("name", sorted(BUILT_IN))
def test_every_built_in_leaves_out_what_the_note_cannot_fill_cleanly(name: str) -> None:
    for ending in ENDINGS:
        full = {
            "first_name": "Dana",
            "name": "Dana Park",
            "company": "Fjordline",
            "when": "on Thursday",
            "context": "Panel interview" + ending,
            "ask": "Could you introduce me to Kari" + (ending or "?"),
            "offer": "the case study" + ending,
        }
        for size in range(len(FIELDS) + 1):
            for missing in itertools.combinations(FIELDS, size):
                values = {k: (None if k in missing else v) for k, v in full.items()}
                message = drafts.render(BUILT_IN[name], values, short=name.endswith("-short"))
                text = f"{message.subject or ''}\n{message.body}"
                for bad in BAD:
                    assert bad not in text, (name, missing, bad, text)
                assert message.body.strip(), (name, missing)
                assert all(line == line.strip() for line in message.body.split("\n"))
                if message.subject is not None:
                    assert 3 <= len(message.subject.split()) <= 4, (name, message.subject)


BAD = ("None", "{", "}", "  ", " .", " ,", "()", "( )", ": .", " —.", "?.", "!.", "….", ",,", "..")


def test_nudges_get_shorter_and_the_last_closes_the_loop() -> None:
    full = {"first_name": "Dana", "when": "on Thursday", "context": "the proposal"}
    for missing in ((), ("when",), ("context",), ("when", "context")):
        values = {k: (None if k in missing else v) for k, v in full.items()}
        for suffix in ("", "-short"):
            words = [
                drafts.render(BUILT_IN[f"nudge-{n}{suffix}"], values, short=bool(suffix)).words()
                for n in (1, 2, 3)
            ]
            assert words[0] > words[1] > words[2], (suffix, missing, words)
    assert "close the loop" in BUILT_IN["nudge-3"] and "close the loop" in BUILT_IN["nudge-3-short"]


@settings(max_examples=80, deadline=None)
@given(
    name=st.sampled_from(["Dana Park", "Chen, Alice", "Dr. Anna Berg", "Maximiliana Oberhausen"]),
    fields=st.lists(st.text(alphabet="abcdefgh ÆØ?.", min_size=1, max_size=200), min_size=3),
)
def test_built_ins_stay_brief_whatever_the_note_holds(name: str, fields: list[str]) -> None:
    contact = Contact(
        "x.md",
        name,
        objective=fields[0],
        company="Fjordline",
        interactions=(Interaction(dt_date(), "sales", summary=fields[1]),),
    )
    values = drafts.fill_values(contact, None, dt_date(), fields[2])
    for name_, template in BUILT_IN.items():
        short = name_.endswith("-short")
        message = drafts.render(template, values, short=short)
        assert message.words() < (60 if short else 120), (name_, message.words())
        if not short:
            assert message.subject is not None and 3 <= len(message.subject.split()) <= 4


@pytest.mark.parametrize(
    ("name", "first"),
    [("Dana Park", "Dana"), ("Chen, Alice", "Alice"), ("Dr. Anna Berg", "Anna"), ("Kim", "Kim")],
)
def test_the_first_name_to_greet(name: str, first: str) -> None:
    assert drafts.first_name(name) == first


def dt_date() -> dt.date:
    return dt.date(2026, 11, 20)


def test_the_short_channels() -> None:
    assert drafts.is_short("LinkedIn") and drafts.is_short("WhatsApp") and drafts.is_short("SMS")
    assert not drafts.is_short("email") and not drafts.is_short(None)
    assert drafts.template_name("nudge-2", "linkedin message") == "nudge-2-short"


def test_the_last_of_five_nudges_closes_the_loop(run: Run, write_note: WriteNote) -> None:
    (write_note(".followup.yaml", "nudges: [1d, 2d, 3d, 4d, 5d]\n"))
    runs = "".join(f"  - 2026-11-{d:02d} email: Try {d}\n" for d in (10, 11, 13, 16))
    write_note("Dana.md", HEAD + "interactions:\n" + runs + "---\n")
    third = run("draft", "Dana")
    assert third.stderr.startswith("nudge-2 for Dana Park") and "Nudge 4 of 5" in third.stderr
    write_note("Dana.md", HEAD + "interactions:\n" + runs + "  - 2026-11-20 email: Try\n---\n")
    last = run("draft", "Dana")
    assert last.stderr.startswith("nudge-3 for Dana Park") and "Nudge 5 of 5" in last.stderr


def test_a_personal_check_in_asks_nothing(run: Run, write_note: WriteNote) -> None:
    note = "---\nname: Dad\ntags: [family]\nobjective: a loan\n"
    note += "interactions:\n  - {date: 2026-11-12, type: visit, follow_up: 10d}\n---\n"
    write_note("Dad.md", note)
    result = run("draft", "Dad")
    assert result.stderr.startswith("check-in-personal for Dad")
    assert "a loan" not in result.stdout and "next step" not in result.stdout.lower()


def test_a_malformed_placeholder_is_an_error(run: Run, write_note: WriteNote) -> None:
    write_note("Dana.md", HEAD + SITUATIONS["thank-you"] + "---\n")
    write_note("templates/followup/thank-you.md", "Hello {first-name}, {context }!\n")
    result = run("draft", "Dana")
    assert result.exit_code == 2 and "unknown placeholder {first-name}" in result.stderr


def test_copy_puts_the_text_on_the_clipboard_and_says_so(
    run: Run, write_note: WriteNote, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_note("Dana.md", HEAD + SITUATIONS["thank-you"] + "---\n")
    tools = tmp_path / "bin"
    tools.mkdir()
    clip = tmp_path / "clipboard.txt"
    script = tools / "xclip"
    script.write_text(f"#!/bin/sh\ncat > '{clip}'\n", "utf-8")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tools}{os.pathsep}/usr/bin{os.pathsep}/bin")
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    result = run("draft", "Dana", "--copy")
    assert "Copied to the clipboard (xclip)." in result.stderr
    assert clip.read_text("utf-8") == result.stdout.rstrip("\n")
    monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
    missing = run("draft", "Dana", "--copy")
    assert missing.exit_code == 0 and "Not copied: no clipboard tool found" in missing.stderr
