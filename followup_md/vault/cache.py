"""The per-vault cache of what was read from each note, so a warm run re-reads nothing.

It maps each note's vault-relative path to the stat facts it was read under and
the ParsedNote read from it. It is a hint, never trusted over the files: an entry
is used only when the file's size, mtime, ctime and inode are unchanged, and a
missing, corrupt, truncated or foreign cache (another vault, another format or
program version) is silently ignored and rebuilt.

It lives in the user's cache folder, not in the vault, because vaults are synced
between machines. `FOLLOWUP_CACHE_DIR` overrides the folder.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import sys
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Generic, TypeVar

from followup_md import __version__
from followup_md.core.agenda import NoteRow
from followup_md.core.durations import Duration
from followup_md.core.model import (
    AgendaItem,
    Contact,
    Due,
    FollowUp,
    Interaction,
    ParsedNote,
    Problem,
    Quiet,
)
from followup_md.files import atomic_write
from followup_md.vault.discovery import Stamp
from followup_md.vault.index import Entry

_T = TypeVar("_T")

FORMAT = 3
"""Bump when the cached values change shape or meaning (model, reader rules)."""

_MAGIC = b"followup-md cache\n"


def cache_dir() -> Path:
    """`$FOLLOWUP_CACHE_DIR`, else the platform's user cache folder + `followup_md`."""
    override = os.environ.get("FOLLOWUP_CACHE_DIR")
    if override:
        return Path(override).expanduser()
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "followup_md" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "followup_md"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "followup_md"


def cache_file(vault: Path) -> Path:
    """One file per vault, named by a checksum of its absolute path.

    A collision would only make two vaults share a cache file; its header holds the
    full vault path, so each would just rebuild it.
    """
    key = str(vault.resolve()).encode("utf-8", "surrogateescape")
    return cache_dir() / f"notes-{zlib.crc32(key):08x}{zlib.adler32(key):08x}.pickle"


def _code_stamp() -> int:
    """The newest modification time of this package's modules.

    A release bumps the version, but a development install keeps it while its code
    changes; a cache written by other code, whatever its version, is not used.
    """
    folder = Path(__file__).parent
    try:
        return max(
            entry.stat().st_mtime_ns for entry in os.scandir(folder) if entry.name.endswith(".py")
        )
    except (OSError, ValueError):
        return 0


_CODE = _code_stamp()


def _header(vault: Path) -> tuple[int, str, int, str]:
    return (FORMAT, __version__, _CODE, str(vault.resolve()))


def load(vault: Path) -> dict[str, Entry]:
    """The cached entries for `vault`, or an empty mapping when there is no usable cache."""
    payload = _read(vault, cache_file(vault))
    if payload is None or len(payload) != 1 or not isinstance(payload[0], dict):
        return {}
    try:
        return _ENTRIES.unpack(vault, payload[0])
    except Exception:  # a cache of another shape: rebuild  # noqa: BLE001
        return {}


def save(vault: Path, entries: Mapping[str, Entry]) -> None:
    """Write the cache atomically; a failure to write it is not the user's problem."""
    _write(vault, cache_file(vault), _ENTRIES.pack(vault, entries))


def _read(vault: Path, file: Path) -> tuple[Any, ...] | None:
    """The payload of a cache file written for `vault` by this code, or None.

    Missing, truncated, corrupt, foreign-vault or other-version files all give None.
    """
    try:
        raw = file.read_bytes()
        if not raw.startswith(_MAGIC):
            return None
        header, *payload = pickle.loads(raw[len(_MAGIC) :])
    except Exception:  # unreadable in any way: rebuilt by the caller  # noqa: BLE001
        return None
    return tuple(payload) if header == _header(vault) else None


def _write(vault: Path, file: Path, *payload: Any) -> None:
    """Write a cache file atomically (mode 0600: it holds contact details); a failure to
    write it only costs speed later, so it is not the user's problem."""
    data = _MAGIC + pickle.dumps((_header(vault), *payload), pickle.HIGHEST_PROTOCOL)
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(file, data, new_mode=0o600, durable=False)
    except OSError:
        pass


_V = TypeVar("_V")


class _AsLoaded(Generic[_V]):
    """Values as loaded, with their packed form: saving reuses it for every value that
    is still the very same object, so a save after a few changes packs only those."""

    def __init__(self, pack: Callable[[_V], Any], unpack: Callable[[Any], _V]) -> None:
        self._pack, self._unpack = pack, unpack
        self._loaded: dict[Path, dict[str, tuple[_V, Any]]] = {}

    def unpack(self, vault: Path, packed: Mapping[str, Any]) -> dict[str, _V]:
        values = {path: self._unpack(value) for path, value in packed.items()}
        self._loaded[vault] = {path: (values[path], packed[path]) for path in values}
        return values

    def pack(self, vault: Path, values: Mapping[str, _V]) -> dict[str, Any]:
        before = self._loaded.get(vault, {})

        def pack(path: str, value: _V) -> Any:
            known = before.get(path)
            return known[1] if known is not None and known[0] is value else self._pack(value)

        return {path: pack(path, value) for path, value in values.items()}


# ------------------------------------------------------------------ outputs
#
# The agenda is a pure function of the notes, the settings, today and the horizon.
# When none of them changed since the last run (the notes by their stat facts),
# the last run's rendered output is the answer, and no note needs loading at all.


def _outputs_file(vault: Path) -> Path:
    return cache_file(vault).with_name(cache_file(vault).stem + "-agenda.pickle")


def load_outputs(vault: Path, key: str) -> dict[str, str]:
    """The outputs stored for exactly these inputs, or {} (the key is compared whole)."""
    payload = _read(vault, _outputs_file(vault))
    if payload is None or len(payload) != 2 or payload[0] != key:
        return {}
    return payload[1] if isinstance(payload[1], dict) else {}


def save_outputs(vault: Path, key: str, outputs: Mapping[str, str]) -> None:
    _write(vault, _outputs_file(vault), key, dict(outputs))


# ------------------------------------------------------------------ packing
#
# Pickling dataclass instances costs a reduce call and a state dict per object;
# plain tuples of strings and numbers load several times faster. Dates travel
# as ordinals, durations as (days, months), and the frozen dataclasses are
# rebuilt without running their __init__ (the values were validated when read).


def _new(cls: type[_T], values: dict[str, Any]) -> _T:
    obj = object.__new__(cls)
    obj.__dict__.update(values)
    return obj


def _day(value: dt.date | None) -> int | None:
    return value.toordinal() if value is not None else None


def _from_day(value: int | None) -> dt.date | None:
    return dt.date.fromordinal(value) if value is not None else None


def _pack_duration(value: Duration | None) -> tuple[int, int] | None:
    return (value.days, value.months) if value is not None else None


def _unpack_duration(value: tuple[int, int] | None) -> Duration | None:
    return _new(Duration, {"days": value[0], "months": value[1]}) if value is not None else None


def _pack_follow_up(value: FollowUp | None) -> Any:
    if isinstance(value, Duration):
        return _pack_duration(value)
    if isinstance(value, dt.date):
        return value.toordinal()
    return value  # None or "none"


def _unpack_follow_up(value: Any) -> FollowUp | None:
    if isinstance(value, tuple):
        return _unpack_duration(value)
    if isinstance(value, int):
        return dt.date.fromordinal(value)
    return value  # type: ignore[no-any-return]


def _pack_interaction(i: Interaction) -> tuple[Any, ...]:
    return (i.date.toordinal(), i.type, i.direction, i.channel, i.summary,
            _pack_follow_up(i.follow_up), i.outcome, i.line)  # fmt: skip


def _unpack_interaction(v: tuple[Any, ...]) -> Interaction:
    return _new(Interaction, {
        "date": dt.date.fromordinal(v[0]), "type": v[1], "direction": v[2], "channel": v[3],
        "summary": v[4], "follow_up": _unpack_follow_up(v[5]), "outcome": v[6], "line": v[7],
    })  # fmt: skip


def _pack_contact(c: Contact) -> tuple[Any, ...]:
    return (c.path, c.name, c.aliases, c.status, c.channel, c.objective,
            _pack_duration(c.cadence), _day(c.next), _day(c.snooze), c.tags, c.email, c.phone,
            c.company, tuple(_pack_interaction(i) for i in c.interactions))  # fmt: skip


def _unpack_contact(v: tuple[Any, ...]) -> Contact:
    return _new(Contact, {
        "path": v[0], "name": v[1], "aliases": v[2], "status": v[3], "channel": v[4],
        "objective": v[5], "cadence": _unpack_duration(v[6]), "next": _from_day(v[7]),
        "snooze": _from_day(v[8]), "tags": v[9], "email": v[10], "phone": v[11],
        "company": v[12], "interactions": tuple(_unpack_interaction(i) for i in v[13]),
    })  # fmt: skip


def _pack_entry(entry: Entry) -> tuple[Any, ...]:
    parsed = entry.parsed
    contact = _pack_contact(parsed.contact) if parsed.contact is not None else None
    problems = tuple((p.path, p.line, p.message) for p in parsed.problems)
    return (entry.stamp, contact, problems)


def _unpack_entry(v: tuple[Any, ...]) -> Entry:
    stamp, contact, problems = v
    parsed = _new(ParsedNote, {
        "contact": _unpack_contact(contact) if contact is not None else None,
        "problems": tuple(_new(Problem, {"path": p[0], "line": p[1], "message": p[2]})
                          for p in problems),
    })  # fmt: skip
    return _new(Entry, {"stamp": tuple(stamp), "parsed": parsed})


# ------------------------------------------------------------------ agenda rows
#
# Each note's part in the agenda of one day under one set of settings (see
# schedule.NoteRow). With them, a run where a few notes changed plans only those;
# the rest of the agenda is rebuilt from the rows, without loading any contact.
# A row keeps of its contact only what the agenda shows: path, name, objective.


def _rows_file(vault: Path) -> Path:
    return cache_file(vault).with_name(cache_file(vault).stem + "-rows.pickle")


def load_rows(vault: Path, key: str) -> dict[str, tuple[Stamp, NoteRow]]:
    """The rows stored under exactly `key` (day, settings, horizon), or {}."""
    payload = _read(vault, _rows_file(vault))
    if payload is None or len(payload) != 2 or payload[0] != key:
        return {}
    try:
        return _ROWS.unpack(vault, payload[1])
    except Exception:  # a file of another shape: plan afresh  # noqa: BLE001
        return {}


def save_rows(vault: Path, key: str, rows: Mapping[str, tuple[Stamp, NoteRow]]) -> None:
    _write(vault, _rows_file(vault), key, _ROWS.pack(vault, rows))


def _pack_shown(contact: Contact) -> tuple[str, str, str | None]:
    return (contact.path, contact.name, contact.objective)


def _unpack_shown(v: tuple[str, str, str | None]) -> Contact:
    return Contact(path=v[0], name=v[1], objective=v[2])


def _pack_row(row: NoteRow) -> tuple[Any, ...]:
    item = quiet = None
    if row.item is not None:
        due = row.item.due
        item = (
            _pack_shown(due.contact), due.date.toordinal(), due.rule, due.reason,
            _pack_interaction(due.basis) if due.basis else None, due.channel, due.nudge,
            due.nudges_total, _day(due.snoozed_from), _day(due.shifted_from),
            row.item.bucket, row.item.days,
        )  # fmt: skip
    if row.quiet is not None:
        q = row.quiet
        quiet = (_pack_shown(q.contact), _pack_interaction(q.last), q.unanswered,
                 _day(q.cadence_due))  # fmt: skip
    key = (row.key[0].toordinal(), row.key[1], row.key[2]) if row.key else None
    problems = tuple((p.path, p.line, p.message) for p in row.problems)
    return (row.contact, row.active, key, item, quiet, problems)


def _unpack_row(v: tuple[Any, ...]) -> NoteRow:
    contact, active, key, item, quiet, problems = v
    agenda_item = None
    if item is not None:
        due = Due(
            contact=_unpack_shown(item[0]), date=dt.date.fromordinal(item[1]), rule=item[2],
            reason=item[3], basis=_unpack_interaction(item[4]) if item[4] else None,
            channel=item[5], nudge=item[6], nudges_total=item[7], snoozed_from=_from_day(item[8]),
            shifted_from=_from_day(item[9]),
        )  # fmt: skip
        agenda_item = AgendaItem(due, item[10], item[11])
    gone_quiet = None
    if quiet is not None:
        gone_quiet = Quiet(_unpack_shown(quiet[0]), _unpack_interaction(quiet[1]), quiet[2],
                           _from_day(quiet[3]))  # fmt: skip
    return NoteRow(
        contact,
        active,
        (dt.date.fromordinal(key[0]), key[1], key[2]) if key else None,
        agenda_item,
        gone_quiet,
        tuple(Problem(*p) for p in problems),
    )


_ENTRIES = _AsLoaded(_pack_entry, _unpack_entry)
_ROWS: _AsLoaded[tuple[Stamp, NoteRow]] = _AsLoaded(
    lambda value: (value[0], _pack_row(value[1])),
    lambda value: (tuple(value[0]), _unpack_row(value[1])),
)
