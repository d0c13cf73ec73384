"""`followup sync mail`: messages built here with the `email` package, in a Maildir, an
mbox and a folder of `.eml` files, synced through the real CLI into real notes, which
are compared whole, byte for byte."""

from __future__ import annotations

import hashlib
import json
import mailbox
import time
from collections.abc import Callable, Iterator
from email.header import Header
from email.message import Message
from email.utils import formataddr
from pathlib import Path

import pytest

from .conftest import Run

CONFIG = "me: [me@home.example, Me@Work.example]\nsync_max_recipients: 10\n"

DANA = """---
name: Dana Park
email: Dana Park <dana@northwind.example>
emails: [dana.park@mail.example]
interactions:
  - date: 2026-11-10
    type: email
    summary: Sent my application
---
Body stays.
"""

BOB = """---
email: bob@stone.example
interactions:
  - 2026-11-02 call: Intro call
---
"""

BROKEN = "---\nemail: kim@broken.example\ninteractions: [\n---\n"


@pytest.fixture(autouse=True)
def _utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Dates are local calendar dates: the tests run in UTC."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def message(
    sender: str, to: str, subject: str, date: str | None, mid: str | None, **extra: str
) -> Message:
    msg = Message()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    if date is not None:
        msg["Date"] = date
    if mid is not None:
        msg["Message-ID"] = mid
    for name, value in extra.items():
        msg[name.replace("_", "-")] = value
    msg.set_payload("The body, which sync never reads.\n")
    return msg


def encoded(name: str, address: str) -> str:
    return formataddr((str(Header(name, "utf-8")), address))


DANA_WROTE = message(
    encoded("Dana Pärk", "DANA@Northwind.example"),
    "me@home.example",
    Header("Re: Pricing – the numbers", "utf-8").encode(),
    "Fri, 20 Nov 2026 10:00:00 +0000",
    "<d1@northwind.example>",
)
I_REPLIED = message(
    "Me <me@work.example>",
    "dana.park@mail.example",
    "RE: Re: Pricing – the numbers",
    "Fri, 20 Nov 2026 15:30:00 +0000",
    "<m1@work.example>",
)
NO_ID = message(
    "Bob <bob@stone.example>",
    "me@home.example",
    "Fwd: Quote",
    "Sat, 21 Nov 2026 09:00:00 +0000",
    None,
)
TO_TWENTY = message(
    "me@home.example",
    ", ".join(f"c{n:02d}@crowd.example" for n in range(20)),
    "Season's greetings",
    "Thu, 19 Nov 2026 09:00:00 +0000",
    "<crowd@home.example>",
)
THU = "Thu, 19 Nov 2026 09:00:00 +0000"
ME = "me@home.example"
SKIPPED = [
    message("dana@northwind.example", "l@lists.example", "[list] Hi", THU, "<l1@x>",
            List_Id="<list.lists.example>"),
    message("bob@stone.example", ME, "Offers", THU, "<b1@x>", Precedence="bulk"),
    message("bob@stone.example", ME, "Out of office", THU, "<a1@x>", Auto_Submitted="auto-replied"),
    message("no-reply@northwind.example", ME, "Your invoice", THU, "<n1@x>"),
    message("dana@northwind.example", ME, "No date", None, "<nodate@x>"),
    message("dana@northwind.example", ME, "Tomorrow", "Mon, 23 Nov 2026 09:00:00 +0000", "<f@x>"),
    message("stranger@else.example", ME, "Hello", THU, "<s1@x>"),
]  # fmt: skip


def stable_id(msg: Message) -> str:
    """The documented id of a message without one: from its From, To, Cc, Date, Subject."""
    facts = "\n".join(str(msg.get(name, "")) for name in ("from", "to", "cc", "date", "subject"))
    return f"<{hashlib.sha256(facts.encode()).hexdigest()[:32]}@followup-md.invalid>"


DANA_AFTER = DANA.replace(
    "---\nBody",
    """  - date: 2026-11-20
    type: email
    summary: Pricing – the numbers
    direction: in
    id: <d1@northwind.example>
  - date: 2026-11-20
    type: email
    summary: Pricing – the numbers
    direction: out
    id: <m1@work.example>
---
Body""",
)
BOB_AFTER = (
    BOB.removesuffix("---\n")
    + "  - {date: 2026-11-21, type: email, direction: in, summary: Quote, "
    + f"id: {stable_id(NO_ID)}}}\n"
    + "---\n"
)


@pytest.fixture
def mail(tmp_path: Path) -> Path:
    """A Maildir (INBOX), an mbox (Sent) and a folder of .eml files, outside the vault."""
    root = tmp_path / "Mail"
    root.mkdir()
    inbox = mailbox.Maildir(root / "INBOX")
    for msg in (DANA_WROTE, TO_TWENTY, *SKIPPED):
        inbox.add(msg)
    sent = mailbox.mbox(root / "Sent.mbox")
    for msg in (I_REPLIED, DANA_WROTE):  # the same message twice: one id, added once
        sent.add(msg)
    sent.flush()
    (root / "saved").mkdir()
    (root / "saved" / "quote.eml").write_bytes(NO_ID.as_bytes())
    return root


@pytest.fixture
def notes(vault: Path, write_note: Callable[[str, str], Path]) -> Path:
    (vault / ".followup.yaml").write_text(CONFIG)
    write_note("People/Dana Park.md", DANA)
    write_note("People/Bob Stone.md", BOB)
    write_note("People/Kim Broken.md", BROKEN)
    for n in range(20):
        write_note(f"Crowd/C{n:02d}.md", f"---\nemail: c{n:02d}@crowd.example\ncadence: 30d\n---\n")
    return vault


def files(vault: Path) -> dict[str, bytes]:
    return {str(p.relative_to(vault)): p.read_bytes() for p in sorted(vault.rglob("*.md"))}


def test_mail_is_logged_once_in_the_contacts_notes(notes: Path, mail: Path, run: Run) -> None:
    before = files(notes)
    result = run("sync", "mail", str(mail / "INBOX"), str(mail / "Sent.mbox"), str(mail / "saved"))
    assert result.exit_code == 0, result.output
    after = files(notes)
    assert after.pop("People/Dana Park.md").decode() == DANA_AFTER
    assert after.pop("People/Bob Stone.md").decode() == BOB_AFTER
    before.pop("People/Dana Park.md"), before.pop("People/Bob Stone.md")
    assert after == before  # nobody else touched: not the twenty, not the broken note
    assert result.output.splitlines()[:8] == [
        "Read 12 messages.",
        "Added 3 interactions to 2 contacts:",
        "  Bob Stone (People/Bob Stone.md): 1",
        "    2026-11-21 email in: Quote",
        "  Dana Park (People/Dana Park.md): 2",
        "    2026-11-20 email in: Pricing – the numbers",
        "    2026-11-20 email out: Pricing – the numbers",
        "Skipped:",
    ]
    skipped = sorted(result.output.splitlines()[8:-1])
    assert skipped == sorted(
        [
            "  1 mailing list",
            "  1 bulk",
            "  1 automatic",
            "  1 no-reply sender",
            "  1 no date that reads",
            "  1 dated after today",
            "  1 not from you to a contact, or from a contact",
            "  1 with more than 10 contacts (sync_max_recipients)",
            "  1 a copy of one read before (the same id)",
        ]
    )
    assert result.output.splitlines()[-1].startswith("Not read (fix it, then sync again): ")
    assert "People/Kim Broken.md" in result.output.splitlines()[-1]


def test_a_second_sync_changes_nothing(notes: Path, mail: Path, run: Run) -> None:
    assert run("sync", "mail", str(mail)).exit_code == 0
    synced = files(notes)
    stamps = {p: (notes / p).stat().st_mtime_ns for p in synced}
    again = run("sync", "mail", str(mail), "--json")
    assert again.exit_code == 0
    assert files(notes) == synced
    assert {p: (notes / p).stat().st_mtime_ns for p in synced} == stamps  # not even rewritten
    summary = json.loads(again.stdout)
    assert summary["added"] == []
    assert summary["skipped"]["already in the note"] == 3
    assert summary["skipped"]["a copy of one read before (the same id)"] == 1


def test_the_agenda_reason_carries_the_synced_subject(notes: Path, mail: Path, run: Run) -> None:
    run("sync", "mail", str(mail / "saved"))
    shown = run("show", "Bob Stone").output
    assert "Reply to their email of 2026-11-21: Quote" in shown


def test_dry_run_and_since(notes: Path, mail: Path, run: Run) -> None:
    before = files(notes)
    result = run("sync", "mail", str(mail), "--dry-run", "--since", "2026-11-21", "--json")
    assert files(notes) == before
    summary = json.loads(result.stdout)
    assert summary["dry_run"] is True
    assert [(a["path"], len(a["interactions"])) for a in summary["added"]] == [
        ("People/Bob Stone.md", 1)
    ]
    # Dana's twice, my reply, the one to twenty, the stranger's (list mail counts as such)
    assert summary["skipped"]["before --since"] == 5


def test_sync_refuses_to_run_without_me(
    vault: Path, mail: Path, run: Run, write_note: Callable[[str, str], Path]
) -> None:
    write_note("Dana.md", DANA)
    result = run("sync", "mail", str(mail))
    assert result.exit_code == 2
    assert "`me` is not set" in result.output
    assert "Traceback" not in result.output
    assert (vault / "Dana.md").read_text() == DANA


def test_a_path_that_is_no_mail(notes: Path, tmp_path: Path, run: Run) -> None:
    (tmp_path / "empty").mkdir()
    result = run("sync", "mail", str(tmp_path / "empty"))
    assert result.exit_code == 0
    assert result.output.startswith("Read 0 messages.\nAdded 0 interactions to 0 contacts.\n")


@pytest.mark.parametrize(
    ("config", "said"),
    [
        ("me: [nobody]\n", "'me'"),
        ("me: [me@home.example]\nsync_max_recipients: 0\n", "'sync_max_recipients'"),
        ("me: [me@home.example]\nsync: [3]\n", "'sync'"),
    ],
)
def test_bad_sync_settings_stop_with_the_key(
    vault: Path, mail: Path, run: Run, config: str, said: str
) -> None:
    (vault / ".followup.yaml").write_text(config)
    result = run("sync", "mail", str(mail))
    assert result.exit_code == 2
    assert said in result.output and ".followup.yaml" in result.output
    assert "Traceback" not in result.output


def test_files_that_are_no_messages_cost_nothing_but_themselves(
    notes: Path, tmp_path: Path, run: Run
) -> None:
    box = mailbox.Maildir(tmp_path / "Odd")
    box.add(NO_ID)
    (tmp_path / "Odd" / "cur" / "endless:2,S").write_bytes(b"X" * (8 * 1024 * 1024))
    (tmp_path / "Odd" / "cur" / "binary:2,S").write_bytes(bytes(range(256)) * 100)
    (tmp_path / "Odd" / "new" / "empty").write_bytes(b"")
    result = run("sync", "mail", str(tmp_path / "Odd"))
    assert result.exit_code == 0, result.output
    assert (notes / "People/Bob Stone.md").read_text() == BOB_AFTER


def test_with_sync_properties_the_same_write_keeps_them_current(
    notes: Path, mail: Path, run: Run
) -> None:
    (notes / ".followup.yaml").write_text(CONFIG + "sync_properties: true\n")
    run("agenda")  # the properties brought up to date once
    kept = "followup_profile: professional\nfollowup_state: due\n---\n"
    assert (notes / "People/Bob Stone.md").read_text() == BOB.removesuffix("---\n") + (
        "last_contact: 2026-11-02\nnext_follow_up: 2026-11-04\n" + kept
    )
    assert run("sync", "mail", str(mail / "saved")).exit_code == 0
    assert (notes / "People/Bob Stone.md").read_text() == BOB_AFTER.removesuffix("---\n") + (
        "last_contact: 2026-11-21\nnext_follow_up: 2026-11-23\n" + kept
    )


def test_a_note_that_cannot_take_them_is_left_alone_and_the_rest_syncs(
    notes: Path, mail: Path, run: Run
) -> None:
    odd = "---\nemail: bob@stone.example\ncadence: 30d\ninteractions: {x: 1}\n---\n"
    (notes / "People/Bob Stone.md").write_text(odd)
    result = run("sync", "mail", str(mail))
    assert result.exit_code == 1
    assert (notes / "People/Bob Stone.md").read_text() == odd
    assert (notes / "People/Dana Park.md").read_text() == DANA_AFTER
    assert "Error: " in result.output and "Bob Stone.md" in result.output
    assert "'interactions' should be a list" in result.output
    assert "Traceback" not in result.output


def _maildir_of(tmp_path: Path, *raws: bytes) -> Path:
    box = mailbox.Maildir(tmp_path / "Hostile")
    box.add(NO_ID)  # one good message from Bob
    for raw in raws:
        box.add(raw)
    return tmp_path / "Hostile"


@pytest.mark.parametrize(
    "raw",
    [
        b"From: bob@stone.example\nTo: me@home.example\nSubject: Far\n"
        b"Date: Fri, 31 Dec 9999 23:59:59 -1200\nMessage-ID: <far@x>\n\nbody\n",
        b"From: " + b"(" * 500 + b"x@y\nTo: me@home.example\nSubject: Deep\n"
        b"Date: Thu, 19 Nov 2026 09:00:00 +0000\nMessage-ID: <deep@x>\n\nbody\n",
    ],
)
def test_a_hostile_header_skips_its_message_and_the_rest_syncs(
    notes: Path, tmp_path: Path, run: Run, raw: bytes
) -> None:
    result = run("sync", "mail", str(_maildir_of(tmp_path, raw)))
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert (notes / "People/Bob Stone.md").read_text() == BOB_AFTER
    assert "Read 2 messages." in result.output
    assert "  1 unreadable header" in result.output


def test_raw_utf8_and_encoded_subjects_are_decoded(notes: Path, tmp_path: Path, run: Run) -> None:
    head = "From: bob@stone.example\nTo: me@home.example\nDate: Thu, 19 Nov 2026 09:00:00 +0000\n"
    raws = [
        (head + "Subject: Møte i morgen\nMessage-ID: <raw@x>\n\nbody\n").encode(),
        (head + "Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?= =?bogus?q?x?= aus Wien\n"
         "Message-ID: <enc@x>\n\nbody\n").encode(),
        (head + "Subject: Bad \xff byte\nMessage-ID: <bad@x>\n\nbody\n").encode("latin-1"),
    ]  # fmt: skip
    result = run("sync", "mail", "--dry-run", str(_maildir_of(tmp_path, *raws)))
    assert result.exit_code == 0, result.output
    assert "2026-11-19 email in: Møte i morgen" in result.output
    assert "2026-11-19 email in: Grüße" in result.output
    assert "aus Wien" in result.output
    assert "2026-11-19 email in: Bad \ufffd byte" in result.output


def test_a_fifo_in_a_mail_folder_is_passed_over(notes: Path, tmp_path: Path, run: Run) -> None:
    import os

    folder = tmp_path / "Saved"
    folder.mkdir()
    (folder / "quote.eml").write_bytes(NO_ID.as_bytes())
    os.mkfifo(folder / "pipe.eml")
    os.mkfifo(folder / "pipe")
    maildir = _maildir_of(tmp_path)
    os.mkfifo(maildir / "cur" / "fifo:2,S")
    result = run("sync", "mail", str(folder), str(maildir))
    assert result.exit_code == 0, result.output
    assert (notes / "People/Bob Stone.md").read_text() == BOB_AFTER


def test_a_maildir_subfolder_given_is_said(notes: Path, tmp_path: Path, run: Run) -> None:
    maildir = _maildir_of(tmp_path)
    result = run("sync", "mail", str(maildir / "cur"))
    assert f"no mail found in {maildir / 'cur'}" in result.output
    assert "a Maildir is the folder holding cur/ and new/" in result.output
    assert "Traceback" not in result.output


def test_a_big_sync_reports_its_progress_on_a_terminal(
    notes: Path, mail: Path, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    from followup_md.cli import sync as cli_sync

    calls: list[tuple[int, int]] = []
    asked: list[tuple[str, int]] = []

    def bar(label: str = "Reading notes", start: int = 2000) -> Callable[[int, int], None]:
        asked.append((label, start))
        return lambda done, total: calls.append((done, total))

    monkeypatch.setattr(cli_sync, "_progress_bar", bar)  # CliRunner's stderr is no tty
    assert run("sync", "mail", str(mail), "--dry-run").exit_code == 0
    assert asked == [("Reading mail", cli_sync.MAIL_PROGRESS_FROM)]
    total = calls[-1][1]
    assert total > 0 and calls[-1] == (total, total)
    asked.clear()
    run("sync", "mail", str(mail), "--dry-run", "--json")  # JSON is for programs: no bar
    assert asked == []
