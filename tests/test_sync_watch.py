"""`followup watch` with `sync:`: a reply delivered into a watched Maildir's `new/` (outside
the vault) is logged in the contact's note, and the nudge leaves the agenda note."""

from __future__ import annotations

import logging
import mailbox
from email.message import Message
from pathlib import Path

import pytest

from followup_md.app.vaults import open_vault
from followup_md.daemon.events import Change
from followup_md.daemon.sources import SyncSources

from .test_watch import Proc, wait_agenda, wait_for

DANA = """---
email: dana@northwind.example
interactions:
  - date: 2026-11-18
    type: email
    summary: Proposal
---
"""


def reply() -> Message:
    msg = Message()
    msg["From"] = "Dana Park <dana@northwind.example>"
    msg["To"] = "me@home.example"
    msg["Subject"] = "Re: Proposal"
    msg["Date"] = "Sat, 21 Nov 2026 12:00:00 +0000"
    msg["Message-ID"] = "<reply-1@northwind.example>"
    msg.set_payload("Looks good.\n")
    return msg


def test_a_reply_in_the_maildir_clears_the_nudge(vault: Path, tmp_path: Path) -> None:
    (tmp_path / "Mail").mkdir()
    inbox = mailbox.Maildir(tmp_path / "Mail" / "INBOX")  # outside the vault
    (vault / ".followup.yaml").write_text(
        f"me: [me@home.example]\nsync: [{tmp_path / 'Mail' / 'INBOX'}]\n"
    )
    (vault / "Dana.md").write_text(DANA)
    proc = Proc(vault, tmp_path / "watch.log", "--debounce", "100")
    try:
        before = wait_agenda(vault, proc.log)
        assert "Nudge 1 of 3: no reply to email of 2026-11-18: Proposal" in before

        inbox.add(reply())  # delivered as a mail program does: written in tmp/, moved to new/
        agenda = vault / "Follow-ups.md"
        wait_for(lambda: "Reply to their email" in agenda.read_text(), "the reply", log=proc.log)
        text = wait_agenda(vault, proc.log)  # and it is what `followup agenda` computes
        assert "Reply to their email of 2026-11-21: Proposal" in text
        assert "Nudge" not in text
        assert (vault / "Dana.md").read_text() == DANA.removesuffix("---\n") + (
            "  - date: 2026-11-21\n    type: email\n    summary: Proposal\n    direction: in\n"
            "    id: <reply-1@northwind.example>\n---\n"
        )
        proc.wait_log("synced 1 interaction from mail into Dana.md")
        assert proc.stop() == 0
    finally:
        proc.close()


def test_which_events_under_a_source_matter(vault: Path, tmp_path: Path) -> None:
    inbox, ics = tmp_path / "Mail" / "INBOX", tmp_path / "work.ics"
    inbox.mkdir(parents=True)
    ics.write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    (vault / ".followup.yaml").write_text(f"me: [me@home.example]\nsync: [{inbox}, {ics}]\n")
    sources = SyncSources(logging.getLogger("test"))
    opened = open_vault(vault)
    matters = {
        Change("created", f"{inbox}/new/1.host"): True,
        Change("moved", f"{inbox}/new/1.host", f"{inbox}/cur/1.host:2,S"): True,
        Change("modified", str(ics)): True,
        Change("created", f"{inbox}/tmp/1.host"): False,  # not delivered yet
        Change("modified", f"{inbox}/.mbsyncstate"): False,  # the sync tool's own state
        Change("deleted", f"{inbox}/cur/1.host:2,S"): False,
        Change("created", f"{inbox}/cur", is_directory=True): False,
        Change("modified", str(tmp_path / "other.ics")): False,  # beside the calendar
        Change("modified", str(vault / "Dana.md")): False,  # the vault's own
    }
    assert {change: sources.handle(change, opened) for change in matters} == matters
    assert sources.changed == {inbox / "cur" / "1.host:2,S", inbox / "new" / "1.host", ics}


def test_a_source_added_to_sync_is_watched_and_synced(vault: Path, tmp_path: Path) -> None:
    (vault / ".followup.yaml").write_text("me: [me@home.example]\n")
    (vault / "Dana.md").write_text(DANA)
    (tmp_path / "Mail").mkdir()
    inbox = mailbox.Maildir(tmp_path / "Mail" / "INBOX")
    inbox.add(reply())  # there before the watcher knows of it
    proc = Proc(vault, tmp_path / "watch.log", "--debounce", "100")
    try:
        assert "Nudge 1 of 3" in wait_agenda(vault, proc.log)
        (vault / ".followup.yaml").write_text(f"me: [me@home.example]\nsync: [{inbox._path}]\n")
        proc.wait_log("synced 1 interaction from mail into Dana.md")
        later = reply()
        del later["Message-ID"]
        later["Message-ID"] = "<reply-2@northwind.example>"
        del later["Date"]
        later["Date"] = "Sun, 22 Nov 2026 08:00:00 +0000"
        proc.wait_log("to sync it")
        inbox.add(later)  # and what comes next is synced too
        wait_for(lambda: "<reply-2@" in (vault / "Dana.md").read_text(), "reply 2", log=proc.log)
        assert "Reply to their email of 2026-11-22: Proposal" in wait_agenda(vault, proc.log)
        assert proc.stop() == 0
    finally:
        proc.close()


def test_a_sync_that_fails_is_logged_and_its_source_tried_again(
    vault: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    import datetime as dt

    from followup_md.app import syncing

    inbox = tmp_path / "INBOX"
    mailbox.Maildir(inbox).add(reply())
    (vault / ".followup.yaml").write_text(f"me: [me@home.example]\nsync: [{inbox}]\n")
    (vault / "Dana.md").write_text(DANA)
    sources = SyncSources(logging.getLogger("test"))
    opened = open_vault(vault)

    def boom(*_args: object) -> list[object]:
        raise RecursionError("maximum recursion depth exceeded")

    real = syncing.sync_paths
    monkeypatch.setattr(syncing, "sync_paths", boom)
    assert sources.sync(opened, dt.date(2026, 11, 22)) == set()  # no exception
    assert "sync of" in caplog.text and "RecursionError" in caplog.text
    assert sources.known == set()  # not forgotten: tried again
    monkeypatch.setattr(syncing, "sync_paths", real)
    assert sources.sync(opened, dt.date(2026, 11, 22)) == {"Dana.md"}
    assert sources.known == {inbox}
