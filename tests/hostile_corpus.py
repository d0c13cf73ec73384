"""A corpus of hostile and broken notes: each kind a user, a sync tool or an attacker
could leave in a vault, with the problem followup must report for it (or None where the
right answer is silence: a note that is simply not a contact).

Every kind is built into a real folder by `build()`: most are one note's bytes; the rest
(links, pipes, sockets, odd names) are made by a function.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

GOOD_NAME = "Good Contact"
GOOD = f"---\nname: {GOOD_NAME}\nnext: 2026-11-24\n---\nA good note beside the bad one.\n"

LAUGHS = (
    "---\ncadence: &a [x, x, x, x, x, x, x, x, x, x]\n"
    + "".join(
        f"l{n + 1}: &{chr(98 + n)} [{', '.join(['*' + chr(97 + n)] * 10)}]\n" for n in range(8)
    )
    + "next: 2026-11-30\n---\n"
)
"""Nine levels of ten aliases each: a billion values once expanded."""


def _note(text: str) -> Callable[[Path], None]:
    return lambda vault: (vault / "Hostile.md").write_bytes(text.encode("utf-8"))


def _raw(data: bytes) -> Callable[[Path], None]:
    return lambda vault: (vault / "Hostile.md").write_bytes(data)


def _sparse(head: bytes, size: int) -> Callable[[Path], None]:
    """A file of `size` bytes that costs no disk: what a huge export looks like to a reader."""

    def make(vault: Path) -> None:
        with open(vault / "Hostile.md", "wb") as handle:
            handle.write(head)
            handle.truncate(size)

    return make


def _fifo(vault: Path) -> None:
    os.mkfifo(vault / "Hostile.md")


def _socket(vault: Path) -> None:
    sock = socket.socket(socket.AF_UNIX)
    here = os.getcwd()
    try:
        os.chdir(vault)  # a relative address: socket paths are limited to about 100 bytes
        sock.bind("Hostile.md")
    finally:
        os.chdir(here)
        sock.close()


def _link_to(target: str) -> Callable[[Path], None]:
    return lambda vault: os.symlink(target, vault / "Hostile.md")


def _loop(vault: Path) -> None:
    os.symlink("Loop.md", vault / "Hostile.md")
    os.symlink("Hostile.md", vault / "Loop.md")


def _named(raw_name: bytes, text: str = "---\nnext: 2026-11-25\n---\n") -> Callable[[Path], None]:
    def make(vault: Path) -> None:
        with open(os.fsencode(vault) + b"/" + raw_name, "wb") as handle:
            handle.write(text.encode("utf-8"))

    return make


def _folder_named_md(vault: Path) -> None:
    (vault / "Hostile.md").mkdir()
    (vault / "Hostile.md" / "Inner.md").write_text("---\nnext: 2026-11-26\n---\n")


@dataclass(frozen=True)
class Kind:
    name: str
    make: Callable[[Path], None]
    problem: str | None
    """A fragment of the problem followup must report, or None for no problem."""


CONTACT = "---\nname: Hostile\n"
CORPUS: tuple[Kind, ...] = (
    Kind("billion laughs", _note(LAUGHS), "aliases that expand"),
    Kind("huge integer, not a contact", _note("---\ntitle: " + "7" * 4301 + "\n---\n"), None),
    Kind(
        "huge integer as cadence", _note(CONTACT + "cadence: " + "9" * 4301 + "\n---\n"), "cadence"
    ),
    Kind(
        "huge integer in an interaction",
        _note(CONTACT + "interactions:\n  - {date: 2026-11-01, type: " + "1" * 5000 + "}\n---\n"),
        None,
    ),
    Kind(
        "3 GB without front matter", _sparse(b"# Export\n" + b"x" * 5000 + b"\n", 3 * 2**30), None
    ),
    Kind(
        "front matter over 1 MB",
        _sparse(b"---\ncadence: 30d\nnotes: |\n" + b"  xxxxxxxxxxxxxxx\n" * 300, 2 * 2**20),
        "over 1 MB",
    ),
    Kind("NUL byte", _raw(b"---\nnext: 2026-11-30\n---\nbody\x00more\n"), "not UTF-8 text"),
    Kind("UTF-16 LE", _raw("---\nnext: 2026-11-30\n---\n".encode("utf-16")), "not UTF-8 text"),
    Kind(
        "UTF-16 BE",
        _raw(b"\xfe\xff" + "---\nnext: 2026-11-30\n---\n".encode("utf-16-be")),
        "not UTF-8 text",
    ),
    Kind(
        "Latin-1",
        _raw("---\nname: José\nnext: 2026-11-30\n---\n".encode("latin-1")),
        "not valid UTF-8",
    ),
    Kind("lone CR line ends", _raw(b"---\rnext: 2026-11-30\r---\r"), None),
    Kind(
        "nesting 200 deep", _note(CONTACT + "cadence: " + "[" * 200 + "]" * 200 + "\n---\n"), "deep"
    ),
    Kind(
        "unclosed front matter",
        _note("---\nnext: 2026-11-30\ninteractions:\n  - 2026-11-01 email\n"),
        "never closed",
    ),
    Kind("tab indentation", _note(CONTACT + "interactions:\n\t- 2026-11-01 email\n---\n"), "tabs"),
    Kind("unbalanced quote", _note(CONTACT + 'next: "2026-11-30\n---\n'), "invalid YAML"),
    Kind(
        "duplicate key",
        _note(CONTACT + "next: 2026-11-30\nnext: 2026-12-01\n---\n"),
        "appears twice",
    ),
    Kind(
        "interactions as a mapping",
        _note(CONTACT + "interactions: {a: 1}\n---\n"),
        "should be a list",
    ),
    Kind("interactions as text", _note(CONTACT + "interactions: lots\n---\n"), "should be a list"),
    Kind(
        "interaction as a list",
        _note(CONTACT + "interactions:\n  - [2026-11-01, email]\n---\n"),
        "has no type",
    ),
    Kind("impossible date", _note(CONTACT + "next: 2026-02-30\n---\n"), "not a real date"),
    Kind("five-digit year", _note(CONTACT + "next: 20261-01-01\n---\n"), "not a date"),
    Kind(
        "date past the calendar",
        _note(CONTACT + "interactions:\n  - 9999-12-31 interview\n---\n"),
        "beyond the year 9999",
    ),
    Kind("negative cadence", _note(CONTACT + "cadence: -5\n---\n"), "negative"),
    Kind(
        "cadence of a millennium", _note(CONTACT + "cadence: 1000y\n---\n"), "longer than 100 years"
    ),
    Kind("cadence as a list", _note(CONTACT + "cadence: [30d]\n---\n"), "not a duration"),
    Kind("next as a word", _note(CONTACT + "next: tomorrow\n---\n"), "not a date"),
    Kind(
        "unknown status",
        _note(CONTACT + "status: maybe\nnext: 2026-11-30\n---\n"),
        "unknown status",
    ),
    Kind(
        "python tag",
        _note(CONTACT + "next: !!python/object/apply:os.system ['touch pwned']\n---\n"),
        "python/object",
    ),
    Kind("binary tag", _note(CONTACT + "next: !!binary aGVsbG8=\n---\n"), "not a date"),
    Kind(
        "merge keys",
        _note(CONTACT + "base: &b {channel: email}\n<<: *b\nnext: 2026-11-30\n---\n"),
        None,
    ),
    Kind("recursive alias", _note(CONTACT + "cadence: &a [*a]\n---\n"), "alias"),
    Kind("front matter is a list", _note("---\n- next: 2026-11-30\n---\n"), None),
    Kind("front matter is a word", _note("---\nnext\n---\n"), None),
    Kind("empty file", _raw(b""), None),
    Kind("only a rule", _raw(b"---\n"), None),
    Kind("control character", _note(CONTACT + "next: 2026-11-30\nbad: \x07\n---\n"), "U+0007"),
    Kind("a named pipe", _fifo, "a named pipe"),
    Kind("a socket", _socket, "a socket"),
    Kind("a link to a device", _link_to("/dev/zero"), "a link to a device"),
    Kind("a link loop", _loop, "leads nowhere"),
    Kind("a dangling link", _link_to("Gone.md"), "leads nowhere"),
    Kind("a folder named .md", _folder_named_md, None),
    Kind("file name not UTF-8", _named(b"Bad\xff\xfe.md"), "not valid UTF-8"),
    Kind("file name Obsidian cannot link", _named(b"A #1 [x] ^b |c.md"), "cannot link to"),
    Kind("file name with a line break", _named(b"Two\nLines.md"), "cannot link to"),
    Kind(
        "sync conflict copy",
        _named(b"Good.sync-conflict-20261120-101010-ABCDEFG.md"),
        "sync conflict",
    ),
    Kind(
        "control characters in values",
        _note(
            CONTACT.replace("Hostile", '"Eve\\e]0;pwned\\a"')
            + 'channel: "\\e[2J"\nnext: 2026-11-30\n---\n'
        ),
        None,
    ),
)


def build(vault: Path, kind: Kind) -> None:
    """The vault holding the good contact and one hostile kind."""
    vault.mkdir(parents=True, exist_ok=True)
    (vault / "Good.md").write_text(GOOD, "utf-8")
    kind.make(vault)
