"""Mail on disk into plain records: Maildir folders, mbox files, `.eml` files.

Only the headers of a message are read (up to the blank line that ends them), with the
standard `mailbox` and `email` packages; the body is never read. A record holds what
`sync` needs: an id (the Message-ID, or a stable one made from the headers), the local
calendar date, the sender and the recipients' addresses (lower case, display names
dropped), the decoded subject without `Re:`/`Fwd:`, and why the message is no
conversation (a list, bulk or automatic mail, a no-reply sender), if it is not.
"""

from __future__ import annotations

import datetime as dt
import email.errors
import email.header
import email.parser
import email.policy
import email.utils
import functools
import hashlib
import mailbox
import os
import re
import stat
from collections.abc import Callable, Iterator, Sequence
from email.message import Message as EmailMessage
from pathlib import Path
from typing import Any

from followup_md.core.frozen import record
from followup_md.errors import UsageError

MAX_HEADER = 256 * 1024
"""Headers longer than this are cut: no real message has them, a hostile one might."""

MAX_SUBJECT = 300
"""A longer subject is cut (with `…`): a summary is a line of context, not a document."""

_PREFIX = re.compile(
    r"^\s*(?:(?:re|fwd?|aw|wg|sv|antw|tr)\s*(?:\[\d+\]|\(\d+\))?\s*:\s*)+", re.IGNORECASE
)
"""`Re:`, `RE[2]:`, `Fwd:`, `FW:` and their German, Nordic, Dutch and French cousins."""

_NO_REPLY = re.compile(
    r"^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer-daemon|bounces?)(?:[-+.].*)?$", re.I
)
_PARSER = email.parser.Parser(policy=email.policy.compat32)

UNREADABLE = "unreadable header"
"""Why a message whose headers the `email` package cannot take (a date past year 9999,
an address nested 500 deep) is passed over; it is counted, and the others are read."""


class MailError(UsageError):
    """A mail folder or file that cannot be read at all (exit 2)."""


@record
class Message:
    """One message's headers, as `sync` needs them."""

    id: str
    date: dt.date | None
    """The local calendar date of its `Date` header; None when it has none that reads."""
    sender: str | None
    recipients: tuple[str, ...]
    """To and Cc, in order, each once."""
    subject: str | None
    not_conversation: str | None = None
    """Why it is no conversation (`mailing list`, `bulk`, `automatic`, `no-reply sender`)."""
    at: float = 0.0
    """When it was sent (POSIX seconds; 0 unknown): orders a thread's messages of one day."""


Progress = Callable[[int, int], None]
"""Called with (messages read so far, messages to read)."""


@record
class _Box:
    """A source of messages: one message file (or a Maildir's message), or an mbox file."""

    path: Path
    mbox: bool
    maildir: mailbox.Maildir | None = None
    key: str = ""

    def open(self) -> Any:
        """The message's bytes, as a file (a context manager yielding lines). Raises
        OSError for what is no regular file (a FIFO would block forever), KeyError for a
        Maildir message gone meanwhile."""
        if self.maildir is not None:
            maildir: Any = self.maildir
            return _open_regular(Path(maildir._path) / maildir._lookup(self.key))
        return _open_regular(self.path)


def _open_regular(path: Path) -> Any:
    """`path` opened for reading bytes, if it is a regular file; OSError if not. Opened
    without blocking first, so a FIFO is seen for what it is, never waited on."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError(f"{path}: not a regular file")
        os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def sources(paths: Sequence[Path]) -> list[_Box]:
    """Every message file and mbox under `paths`: a Maildir (`cur/`, `new/`), a folder
    (searched for Maildirs, `.eml` files and mbox files), an mbox file, or one message
    file. Raises
    MailError for a path that is none of these."""
    found: list[_Box] = []
    for path in paths:
        if path.is_dir():
            inside = _folder(path)
            if not inside and path.name in ("cur", "new", "tmp"):
                raise MailError(
                    f"no mail found in {path} (a Maildir is the folder holding cur/ and "
                    f"new/): give {path.parent}"
                )
            found += inside
        elif path.is_file():
            found.append(_Box(path, _is_mbox(path)))
        else:
            raise MailError(
                f"{path}: no such mail folder or file; give a Maildir (with cur/ and new/), "
                "an mbox file, or a folder of .eml files"
            )
    return found


def _folder(root: Path) -> list[_Box]:
    found: list[_Box] = []
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        if {"cur", "new"} <= set(dirs):
            box = mailbox.Maildir(here, factory=None, create=False)
            found += [_Box(here, False, box, key) for key in sorted(box.iterkeys())]
        dirs[:] = sorted(d for d in dirs if d not in ("cur", "new", "tmp"))
        for name in sorted(files):
            if name.lower().endswith(".eml"):
                found.append(_Box(here / name, False))
            elif not name.startswith(".") and _is_mbox(here / name):
                found.append(_Box(here / name, True))
    return found


def _is_mbox(path: Path) -> bool:
    try:
        with _open_regular(path) as handle:
            return bool(handle.read(5) == b"From ")
    except OSError:
        return False


def read(paths: Sequence[Path], progress: Progress | None = None) -> Iterator[Message]:
    """The messages under `paths` (see `sources`), headers only. A message file that
    cannot be read is passed over; an mbox that cannot be read raises MailError."""
    boxes = sources(paths)
    files = [box for box in boxes if not box.mbox]
    boxes_of_mbox = [(box, mailbox.mbox(box.path, create=False)) for box in boxes if box.mbox]
    try:
        total = len(files) + sum(len(opened) for _, opened in boxes_of_mbox)
    except OSError as exc:
        raise MailError(f"cannot read the mbox: {exc.strerror or exc}") from None
    openers = [box.open for box in files]
    openers += [
        functools.partial(opened.get_file, key)
        for _, opened in boxes_of_mbox
        for key in opened.iterkeys()
    ]
    for done, opener in enumerate(openers, 1):
        try:
            with opener() as handle:
                head = _head(handle)
        except (OSError, KeyError):
            head = b""  # moved from new/ to cur/ meanwhile, a FIFO, or unreadable
        message = _safe_message(head)
        if message is not None:
            yield message
        if progress is not None and done % 500 == 0:
            progress(done, total)
    if progress is not None:
        progress(total, total)


def _head(handle: Any) -> bytes:
    """The header lines, up to the blank line; the body is never read, and no more than
    MAX_HEADER bytes are (a file of one endless line is no message)."""
    lines = []
    size = 0
    while size <= MAX_HEADER:
        line = handle.readline(MAX_HEADER + 1 - size)
        if line in (b"", b"\n", b"\r\n"):
            break
        lines.append(line)
        size += len(line)
    return b"".join(lines)


def _safe_message(head: bytes) -> Message | None:
    """The message of these header lines; one whose headers cannot be read (whatever the
    `email` package raises on them) is a record saying so, never an error."""
    if not head:
        return None
    try:
        return _message(head)
    except Exception:  # OverflowError, RecursionError, ...: that message only
        return Message(id="", date=None, sender=None, recipients=(), subject=None,
                       not_conversation=UNREADABLE)  # fmt: skip


def _message(head: bytes) -> Message | None:
    """Headers are UTF-8 text (RFC 6532); a byte that is not becomes U+FFFD."""
    parsed = _PARSER.parsestr(head.decode("utf-8", "replace"), headersonly=True)
    if not len(parsed):
        return None
    sender = _addresses(parsed, "from")
    recipients = _addresses(parsed, "to", "cc")
    when = _when(parsed.get("date"))
    return Message(
        id=_id(parsed),
        date=(when.astimezone() if when.tzinfo else when).date() if when else None,
        at=(when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)).timestamp()
        if when
        else 0.0,
        sender=sender[0] if sender else None,
        recipients=tuple(dict.fromkeys(recipients)),
        subject=subject(parsed.get("subject")),
        not_conversation=_not_conversation(parsed, sender[0] if sender else None),
    )


def _text(value: object) -> str:
    """A header as text: bytes that are not UTF-8 become U+FFFD, never an error."""
    return str(value).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _addresses(parsed: EmailMessage, *names: str) -> list[str]:
    values = [_text(v) for name in names for v in parsed.get_all(name, [])]
    found = []
    for _name, address in email.utils.getaddresses(values):
        address = address.strip().lower()
        if "@" in address:
            found.append(address)
    return found


def _id(parsed: EmailMessage) -> str:
    raw = " ".join(_text(parsed.get("message-id", "")).split())[:998]
    if raw:
        return raw
    names = ("from", "to", "cc", "date", "subject")
    facts = "\n".join(_text(parsed.get(name, "")) for name in names)
    return f"<{hashlib.sha256(facts.encode('utf-8')).hexdigest()[:32]}@followup-md.invalid>"


def _when(value: object) -> dt.datetime | None:
    """The `Date` header; its local calendar date is the interaction's (naive: as is)."""
    if value is None:
        return None
    try:
        return email.utils.parsedate_to_datetime(_text(value))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def subject(value: object) -> str | None:
    """The decoded subject (RFC 2047), on one line, without `Re:`/`Fwd:` prefixes."""
    if value is None:
        return None
    raw = _text(value)
    try:
        text = _decoded(raw)
    except (LookupError, UnicodeError, ValueError, email.errors.HeaderParseError):
        text = raw
    if not text.isprintable():
        text = "".join(ch if ch.isprintable() else " " for ch in text)
    text = _PREFIX.sub("", " ".join(text.split()))
    if len(text) > MAX_SUBJECT:
        text = text[: MAX_SUBJECT - 1].rstrip() + "…"
    return text or None


def _decoded(raw: str) -> str:
    """RFC 2047 encoded words decoded one by one: a word in a charset that is unknown or
    wrong becomes U+FFFD where it fails, and the others still decode."""
    parts: list[tuple[str | bytes, str | None]] = []
    for chunk, charset in email.header.decode_header(raw):
        if isinstance(chunk, str):
            parts.append((chunk, None))
            continue
        try:
            text = chunk.decode(charset or "raw-unicode-escape", "replace")
        except LookupError:  # an unknown charset
            text = chunk.decode("utf-8", "replace")
        parts.append((text, "utf-8" if charset else None))
    if all(charset is None for _, charset in parts):
        return raw
    return str(email.header.make_header(parts))


def _not_conversation(parsed: EmailMessage, sender: str | None) -> str | None:
    if parsed.get("list-id") is not None:
        return "mailing list"
    precedence = _text(parsed.get("precedence", "")).strip().lower()
    if precedence in ("bulk", "list", "junk"):
        return "bulk"
    automatic = _text(parsed.get("auto-submitted", "")).strip().lower()
    if automatic and automatic != "no":
        return "automatic"
    if sender is not None and _NO_REPLY.match(sender.split("@", 1)[0]):
        return "no-reply sender"
    return None
