"""`followup import`: contacts from vCards and CSV files, as new notes, never twice.

The vault is read once, into an index of the emails (case ignored), names and files
already there (`import_index.py`); each row is judged against it and against the rows
imported before it, so a second import of the same file changes nothing. A new note's
text is made and proven by `creating.new_note_text`, as `followup add`'s is, then checked
here once more for the keys `add` does not write (emails, phones, title, birthday, the
body). The notes are written to temporary files, flushed to disk together, and only then
given their names (`create.name_staged`: never over an existing file), so a crash
leaves each new note whole or absent.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from followup_md.app.contacts import LatestMention, latest_mentions
from followup_md.app.creating import contact_template, new_note_path, new_note_text
from followup_md.app.import_index import Index
from followup_md.app.properties import then_sync
from followup_md.app.vaults import Vault
from followup_md.core import profiles
from followup_md.core.durations import parse_duration
from followup_md.core.frozen import record
from followup_md.core.model import Problem
from followup_md.errors import EditRefused, FollowupError, NoteExists, UsageError, WriteFailed
from followup_md.importers import Row, read_contacts
from followup_md.notes import create

Progress = Callable[[int, int], None]

MAX_NAME_CHARS = 200
"""A longer name is a bad row (a quote left open swallowing rows, a note in the name
column), never a file name."""

CONNECTED = "Connected on LinkedIn"
"""The summary of the `networking` interaction a LinkedIn connection date becomes."""


@record
class Skipped:
    name: str
    reason: str
    source: str
    """file:line, and the card's number for a vCard."""


@dataclass
class ImportReport:
    """What an import did, or would do (`dry_run`)."""

    dry_run: bool
    created: list[str] = field(default_factory=list)
    """Vault-relative paths of the new notes (that would be created, in a dry run)."""
    skipped: list[Skipped] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    """Rows left out (no name, not UTF-8, a card that does not parse) and values left out."""
    ignored: dict[str, list[str]] = field(default_factory=dict)
    """Per file, the columns that mean nothing to followup."""
    kinds: dict[str, str] = field(default_factory=dict)
    """Per file, what it was read as: vCard, LinkedIn, CSV."""
    files: list[Path] = field(default_factory=list)
    """The notes created, whose names are flushed to disk at the end."""


def import_files(
    vault: Vault,
    files: Iterable[Path],
    now: dt.datetime,
    *,
    tags: tuple[str, ...] = (),
    profile: str | None = None,
    dry_run: bool = False,
    progress: Progress | None = None,
    read_progress: Progress | None = None,
) -> ImportReport:
    """Import every contact of `files` not already in the vault; with `dry_run`, only say
    what would be created and skipped. Raises UsageError for an unknown `profile`."""
    known = profiles.resolve(vault.settings)
    if profile is not None and profile.lower() not in known:
        raise UsageError(
            f"--profile {profile}: no such profile; the profiles are {', '.join(sorted(known))}"
        )
    report = ImportReport(dry_run)
    rows: list[Row] = []
    for file in files:
        parsed = read_contacts(str(file), file.read_bytes())
        rows += parsed.rows
        report.problems += parsed.problems
        report.kinds[str(file)] = parsed.kind
        if parsed.ignored:
            report.ignored[str(file)] = parsed.ignored
    run = _Run(
        vault=vault,
        now=now,
        report=report,
        index=Index(vault, read_progress),
        template=contact_template(vault),
        tags=tuple(tag.lstrip("#") for tag in tags),
        profile=profile,
        known=set(known),
        scalar=_cached_scalar(),
        latest=latest_mentions(vault, now.date()) if vault.settings.sync_properties else None,
    )
    try:
        for done, row in enumerate(rows, start=1):
            try:
                _import_row(run, row)
            except WriteFailed as exc:  # the disk said no: stop, and say what was done
                message = f"{exc.message}; the import stopped here"
                report.problems.append(Problem(row.file, row.line, message))
                break
            if progress is not None:
                progress(done, len(rows))
        _name_all(run)
    finally:
        create.discard(staged for _, _, staged in run.staged)  # never named: an error
        if report.files:
            create.flush_to_disk(report.files)  # their names, as their bytes before
    return report


def _name_all(run: _Run) -> None:
    """The staged notes flushed to disk together, then each given its name: a crash
    leaves each new note whole or absent, never empty or torn (a staged file left by a
    crash is swept an hour later). Costs two `sync`s, not two fsyncs a note."""
    report = run.report
    if not run.staged:
        return
    create.flush_to_disk([staged.temp for _, _, staged in run.staged])
    while run.staged:
        row, rel, staged = run.staged.popleft()
        try:
            report.files.append(create.name_staged(staged))
        except NoteExists:  # made meanwhile, by someone else
            report.skipped.append(Skipped(row.name, f"a note already exists at {rel}", row.source))
            continue
        except WriteFailed as exc:
            message = f"{exc.message}; the import stopped here"
            report.problems.append(Problem(row.file, row.line, message))
            return
        except EditRefused as exc:  # its lock could not be taken
            report.problems.append(Problem(row.file, row.line, f"{row.name}: {exc.message}"))
            continue
        report.created.append(rel)


@record
class _Run:
    """What every row of one import is judged and written with."""

    vault: Vault
    now: dt.datetime
    report: ImportReport
    index: Index
    template: str | None
    tags: tuple[str, ...]
    profile: str | None
    known: set[str]
    scalar: Callable[[str], str]
    latest: LatestMention | None
    """Each contact's latest mention, read once for the whole import (with sync_properties,
    the only reader of it)."""
    staged: deque[tuple[Row, str, create.Staged]] = field(default_factory=deque)
    """The new notes written to temporary files, to be named once all are on disk."""


def _cached_scalar() -> Callable[[str], str]:
    """The writer's `format_value`, each value's answer kept for the import: it proves a
    plain value reads back by loading it, and tags, companies and titles repeat."""
    import functools

    from followup_md.notes.writer import format_value

    return functools.lru_cache(maxsize=4096)(format_value)


def _import_row(run: _Run, row: Row) -> None:
    """Create the row's note (in a dry run, only say so), or say why not."""
    vault, report, index = run.vault, run.report, run.index
    row = replace(row, name=unicodedata.normalize("NFC", row.name))  # as the notes hold it
    if len(row.name) > MAX_NAME_CHARS:
        message = (
            f"the name is {len(row.name):,} characters long ({row.name[:40]!r}...), more "
            f"than {MAX_NAME_CHARS}: no one's name (a quote left open, or the wrong column?); "
            "skipped"
        )
        report.problems.append(Problem(row.file, row.line, message))
        return
    try:
        file_name = create.safe_file_name(row.name)
        rel = new_note_path(vault, row.name, file_name)
    except FollowupError as exc:
        report.problems.append(Problem(row.file, row.line, exc.message))
        return
    why = index.taken(row, file_name, rel)
    if why is not None:
        report.skipped.append(Skipped(row.name, why, row.source))
        return
    fields = _fields(row, run.tags, run.profile, run.known, report.problems)
    try:
        text = new_note_text(vault, row.name, file_name, fields, run.now, run.template, run.scalar)
        text = _with_body(text, row.note)
        if vault.settings.sync_properties:  # as `add` writes it (a plan per note: only then)
            refused: list[str] = []
            text = then_sync(vault, rel, run.now.date(), str, refused, run.latest)(text)
            report.problems += [Problem(row.file, row.line, why) for why in refused]
        _prove_extra(text, rel, fields, row.note)
        if not report.dry_run:
            folder = vault.settings.contacts_folder
            staged = create.stage_note(vault.root, folder, file_name, text)
            run.staged.append((row, rel, staged))
    except (EditRefused, UsageError) as exc:
        report.problems.append(Problem(row.file, row.line, f"{row.name}: {exc.message}"))
        return
    index.add(row, file_name, rel)
    if report.dry_run:
        report.created.append(rel)  # else once named


def _fields(
    row: Row, tags: tuple[str, ...], profile: str | None, known: set[str], problems: list[Problem]
) -> dict[str, create.FieldValue]:
    """The new note's front matter for the row; a cadence or a profile that is not one is
    left out and said."""
    extra = dict(row.extra)
    if "cadence" in extra:
        try:
            parse_duration(extra["cadence"])
        except ValueError as exc:
            problems.append(Problem(row.file, row.line, f"{row.name}: cadence: {exc}; left out"))
            del extra["cadence"]
    own = extra.pop("profile", None)
    chosen = profile or own  # --profile wins over a Profile column
    if chosen is not None and chosen.lower() not in known:
        message = f"{row.name}: no profile '{chosen}' ({', '.join(sorted(known))}); left out"
        problems.append(Problem(row.file, row.line, message))
        chosen = None
    fields: dict[str, create.FieldValue] = {
        "company": row.company or "",
        "title": row.title or "",
        "email": row.emails[0] if row.emails else "",
        "emails": list(row.emails) if len(row.emails) > 1 else "",
        "phone": row.phones[0] if row.phones else "",
        "phones": list(row.phones) if len(row.phones) > 1 else "",
        "birthday": _birthday(row.birthday),
        "tags": list(dict.fromkeys([*row.tags, *tags])),
        "profile": chosen or "",
        **extra,
    }
    if row.connected is not None:
        connected: create.Entry = {
            "date": row.connected, "type": "networking", "summary": CONNECTED, "follow_up": "none"
        }  # fmt: skip
        fields["interactions"] = [connected]
    return fields


def _birthday(value: str | None) -> create.FieldValue:
    if not value:
        return ""
    return value if value.startswith("--") else dt.date.fromisoformat(value)


def _with_body(text: str, note: str | None) -> str:
    if not note:
        return text
    newline = "\r\n" if "\r\n" in text else "\n"
    ending = "" if text.endswith(("\n", "\r")) else newline
    return text + ending + newline + note.replace("\n", newline) + newline


PROVEN_APART = ("name", "added")
"""Keys `new_note_text` proves (with the contact as read back), or that a template may set."""


def _prove_extra(
    text: str, rel: str, fields: dict[str, create.FieldValue], note: str | None
) -> None:
    """Every field reads back as given (the interaction too: dates as dates), and the body
    holds the note. `new_note_text` has proven the note a contact, with the fields it reads."""
    from followup_md.notes.frontmatter import find_front_matter
    from followup_md.notes.yaml_fast import load_yaml

    front = find_front_matter(text.encode("utf-8"))
    data = load_yaml(front.yaml.decode("utf-8"), front.first_line).data if front else None
    if isinstance(data, dict):
        wrong = [
            key
            for key, value in fields.items()
            if key not in PROVEN_APART and value not in (None, "", []) and data.get(key) != value
        ]
    else:
        wrong = ["the front matter"]
    if note and not text.rstrip().endswith(note.replace("\n", "\r\n" if "\r\n" in text else "\n")):
        wrong.append("the note's text")
    if wrong:
        raise EditRefused(
            f"{rel}: the new note would not read back as given ({', '.join(wrong)}); "
            "nothing was written"
        )
