"""The agenda pipeline: the one road from notes to an agenda, its renderings and its note.

notes -> rows (each note planned for the day) -> agenda -> renderings -> the agenda note.

`followup agenda` and the watcher both travel it, through `AgendaPipeline`; they differ
only in where the rows they already have come from. A command is short-lived: it lists
the vault, takes the rows stored by the last run of the same day and settings (or,
when nothing at all changed, the stored renderings), plans only the notes whose stat
facts changed, and stores what it made. The watcher is long-lived: it keeps the notes
and the rows in memory and is told which paths changed. Every cache only saves work:
the agenda is the same with or without it (the tests hold it to that).
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from followup_md.app import properties
from followup_md.app.agenda_keys import inputs_key, rows_key
from followup_md.app.properties import Synced
from followup_md.app.ticks import Applied, apply_ticks, ticked_agenda
from followup_md.app.vaults import Vault
from followup_md.core.agenda import AgendaBook, with_problems
from followup_md.core.model import HEAD_BYTES, Agenda, ParsedNote, Problem, is_generated
from followup_md.outputs import Formatter, formatter
from followup_md.vault.agenda_note import write_agenda_note
from followup_md.vault.discovery import Listing, NoteFile
from followup_md.vault.index import Entry, NoteIndex, Progress, Scan
from followup_md.vault.store import Store

if TYPE_CHECKING:
    from logging import Logger

FEW_CHANGES = 64
"""Up to this many changed notes (or a tenth of the vault) are read directly (`_few`);
more through the note cache, which a new day or new settings make worth loading."""


class AgendaPipeline:
    """One vault's agenda, brought up to date with its notes on request.

    `long_lived=True` (the watcher) keeps every note as read and every row in memory;
    call `refresh()` after changes (all paths, or those an event named). Otherwise
    (a command) each call lists the vault and uses the caches.
    """

    def __init__(
        self,
        vault: Vault,
        *,
        use_cache: bool = True,
        progress: Progress | None = None,
        long_lived: bool = False,
        everything: bool = False,
    ) -> None:
        self.vault = vault
        self.everything = everything
        """List every line (`agenda --all`): no section of the note or the text is capped."""
        self.store = Store(vault.root, vault.settings, ignore=vault.ignore, use_cache=use_cache)
        self.progress = progress
        self.long_lived = long_lived
        self._index: NoteIndex | None = None
        self._book: AgendaBook | None = None
        self._touched: set[str] | None = None
        """(Long-lived) the paths re-checked since the book was last brought up to date;
        None when any note may have changed (a full re-read)."""
        self._formatters: dict[str, Formatter] = {}
        self.extra_problems: tuple[Problem, ...] = ()
        """Problems found outside the notes, shown in the agenda: the watcher's broken
        `.followup.yaml` (the last good settings stay in force until it is fixed)."""
        self.occupied = False
        """Whether the last `write` found a note of the user's at the agenda path."""
        self.kept: tuple[Problem, ...] = ()
        """Ticks in the agenda note that could not be recorded, kept in its Problems."""
        self.on_disk: bytes | None = None
        """The agenda note's bytes as last written (what a watcher tells its own writes by;
        not its text, which takes up to four times as much)."""
        self.carried = 0
        """Ticks the last `write` kept because they were not recorded yet."""
        self._plain: bytes | None = None
        """The bytes last written when nothing the person added was kept in them: found
        again, the note holds nothing to merge (a watcher's usual write decodes none)."""
        self.computed: Agenda | None = None
        """The agenda the last `outputs` computed (None when it reused a rendering)."""

    # ------------------------------------------------------------ the notes

    def refresh(self, paths: Iterable[str] | None = None) -> bool:
        """(Long-lived) re-read what changed: every note, or only `paths`.

        True when something the agenda shows may have changed.
        """
        if self._index is None:
            self._index = self.store.index(self.progress)
            self._touched = None
            _freeze()
            return True
        if paths is not None:
            paths = list(paths)
            if self._touched is not None:
                self._touched.update(paths)
            return self._index.refresh_paths(paths)
        changed = self._index.refresh(self.progress)
        self._touched = None
        self.store.remember(self._index)  # the next start, or a command, reads less
        _freeze()
        return changed

    # ------------------------------------------------------------ the agenda

    def agenda(self, today: dt.date, horizon: int | None = None) -> Agenda:
        """The agenda as of `today`: only notes changed since their row was made are planned."""
        days = self.vault.settings.horizon if horizon is None else horizon
        if self.long_lived:
            if self._index is None:
                self.refresh()
            assert self._index is not None
            book = self._update_book(today, days, self._index)
            return book.agenda([*self._own_problems(), *self._index.conflicts()])
        listing = self.store.listing()
        return self._agenda_of(listing, today, days)

    def _agenda_of(self, listing: Listing, today: dt.date, days: int) -> Agenda:
        """(A command) the agenda from the stored rows and the notes changed since."""
        files, problems = listing
        key = rows_key(self.vault.settings, today, days)
        book = AgendaBook(self.vault.settings, today, days, shown=True)
        with self.store.reading_ahead(listing, _few(listing)):
            kept = self.store.kept_rows(key)
            gc.freeze()  # the rows live as long as the command: out of the collector's way
            stale = []
            for note in files:
                row = kept.get(note.path)
                if row is not None and row[0] == note.stamp:
                    book.put(note.path, note.stamp, row[1])
                else:
                    stale.append(note)
            kept_meanwhile = self._plan(book, stale, listing, key)
        replanned = _settle(book, {note.path: note for note in files}, self.store)
        if not kept_meanwhile and (stale or replanned or len(kept) != len(files)):
            self.store.keep_rows(key, book.rows())
        return book.agenda([*self._own_problems(), *problems])

    def _own_problems(self) -> tuple[Problem, ...]:
        """Problems the agenda shows that no note holds: settings, kept ticks."""
        return (*self.extra_problems, *self.kept)

    def _plan(self, book: AgendaBook, stale: list[NoteFile], listing: Listing, key: str) -> bool:
        """Plan the stale notes as read, dated notes first (see `_dated_first`): directly
        when few, else through the note cache; with mentions off (no order to keep), each
        as it is read, so that a cold run never holds every note at once, and its rows
        kept meanwhile (then True: the rows are kept, the rows file written)."""
        if len(stale) <= _few(listing):
            read = zip(stale, self.store.read(stale, self.progress), strict=True)
            for note, parsed in sorted(read, key=_dated_first):
                book.plan(note.path, note.stamp, parsed)
        elif self.vault.settings.count_mentions is None:
            with self.store.keeping_rows(key) as keep:
                for path, (token, row) in book.rows().items():  # those still current
                    keep(path, token, row)

                def plan(note: NoteFile, parsed: ParsedNote) -> None:
                    keep(note.path, note.stamp, book.plan(note.path, note.stamp, parsed))

                self.store.plan_fresh(listing, {n.path for n in stale}, plan, self.progress)
            return True
        else:
            entries = self.store.index(self.progress, listing).entries
            for note in sorted(stale, key=lambda note: not entries[note.path].dated):
                book.plan(note.path, note.stamp, entries[note.path].parsed)
        return False

    def _update_book(self, today: dt.date, days: int, index: NoteIndex) -> AgendaBook:
        """(Long-lived) the kept rows, with the notes changed since planned again."""
        book = self._book
        touched, self._touched = self._touched, set()
        if book is None or book.inputs != (self.vault.settings, today, days):
            book = self._book = AgendaBook(self.vault.settings, today, days, shown=True)
            touched = None
            self._plan_stale(book, index.entries.items())
            _freeze()  # a new book's rows live until the next day: out of the collector's way
        entries = index.entries
        if touched is not None:  # only the notes re-checked (an edit: not all 10,000)
            self._plan_stale(book, [(p, entries[p]) for p in sorted(touched) if p in entries])
            for gone in [p for p in sorted(touched) if p not in entries]:
                book.drop(gone)
        if touched is None or len(book.paths()) != len(entries):
            self._plan_stale(book, entries.items())
            if len(book.paths()) != len(entries):
                for gone in [path for path in book.paths() if path not in entries]:
                    book.drop(gone)
        while again := book.unsettled():  # mentions changed: plan those contacts again
            for path in again:
                book.plan(path, entries[path].stamp, entries[path].parsed)
        return book

    @staticmethod
    def _plan_stale(book: AgendaBook, entries: Iterable[tuple[str, Entry]]) -> None:
        """Plan those of `entries` whose row was planned from another version, or none."""
        stale = [(path, e) for path, e in entries if book.token(path) != e.stamp]
        for path, entry in sorted(stale, key=_dated_first):
            book.plan(path, entry.stamp, entry.parsed)

    # ------------------------------------------------------------ renderings

    def render(self, agenda: Agenda, kinds: Iterable[str]) -> dict[str, str]:
        """The agenda as each of `kinds` (see `outputs.KINDS`)."""
        return {kind: self._formatter(kind)(agenda) for kind in kinds}

    def _formatter(self, kind: str) -> Formatter:
        # Keyed by the tag and the cap too: the watcher may reload settings that change them.
        tag, lines = self.vault.settings.tasks_tag, self.vault.settings.agenda_lines
        limit = None if self.everything else lines
        key = f"{kind} {tag} {limit}"
        if key not in self._formatters:
            cap = limit or None if kind == "markdown" else limit  # 0: the note lists all
            self._formatters[key] = formatter(kind, tag=tag, limit=cap)
        return self._formatters[key]

    def outputs(
        self, today: dt.date, horizon: int | None = None, kinds: Iterable[str] = ("markdown",)
    ) -> dict[str, str]:
        """The agenda rendered as `kinds`.

        When nothing it depends on changed since the last run — every note's stat facts,
        the settings, today, the horizon — the last run's renderings are the answer and
        no note is loaded: a warm command costs little more than listing files.
        """
        kinds = tuple(kinds)
        if self.long_lived or not self.store.use_cache or self._own_problems():
            return self.render(self._pending(self.agenda(today, horizon)), kinds)
        days = self.vault.settings.horizon if horizon is None else horizon
        listing = self.store.listing()
        key = inputs_key(self.vault.settings, listing, today, (horizon, self.everything))
        stored = self.store.kept_outputs(key)
        if all(kind in stored for kind in kinds):
            return stored  # kept only when no note's properties were out of date
        agenda = self._pending(self._agenda_of(listing, today, days))
        del listing  # 100,000 notes' listing is 20 MB the renderings can use
        outputs = self.render(agenda, kinds)
        if not agenda.properties:
            self.store.keep_outputs(key, {**stored, **outputs})
        return outputs

    # ------------------------------------------------------------ ticks

    def apply_ticks(self, today: dt.date, text: str | None = None) -> Applied:
        """Record the ticks in the agenda note as `followup done` would (see `app.ticks`);
        those that cannot be recorded are kept in the agenda's Problems. `text` is the
        agenda note's, read here when not given; a note of the user's is never read."""
        if text is None:
            text = ticked_agenda(self.vault)
        if text is None:
            self.kept = ()
            return Applied()
        applied = apply_ticks(self.vault, text, self._note_paths(), today)
        self.kept = applied.kept
        if self.long_lived and applied.changed:
            self.refresh(applied.changed)
        return applied

    def retry_kept(self, today: dt.date) -> Applied:
        """(Long-lived) try the kept ticks again: their note may have been fixed."""
        if not self.kept:
            return Applied()
        return self.apply_ticks(today, "\n".join(problem.kept or "" for problem in self.kept))

    def _note_paths(self) -> list[str]:
        if self.long_lived and self._index is not None:
            return list(self._index.entries)
        return [note.path for note in self.store.listing()[0]]

    # ------------------------------------------------------------ the note

    def _pending(self, agenda: Agenda) -> Agenda:
        self.computed = agenda
        return agenda

    def sync(self, agenda: Agenda | None = None, log: Logger | None = None) -> Synced:
        """(sync_properties) write the properties `agenda` (by default the one `outputs`
        computed) found out of date; see app/properties.py."""
        agenda = agenda or self.computed
        if agenda is None or not agenda.properties:
            return Synced()
        return properties.sync(self.vault, agenda.properties, agenda.today, log)

    with_problems = staticmethod(with_problems)

    def write_calendar(self, agenda: Agenda | None = None) -> bool:
        """(ics_file) keep the calendar file of `agenda` (by default the one `outputs`
        computed) current: written only when changed; True when it was."""
        from followup_md.app import export

        agenda = agenda or self.computed
        target = export.kept_file(self.vault)
        if agenda is None or target is None:
            return False
        made = export.export_ics(self.vault, agenda, export.ics_options(self.vault), target)
        return export.write(made)

    def write(self, markdown: str) -> bool:
        """Write the agenda note if its content changed; True when it was written.

        What the person added to lines still open under the same id (a tick not recorded
        yet, a summary typed before ticking) is kept (`outputs.tasks.carry_over`);
        `on_disk` is then what the note holds and `carried` how many ticks were kept. A
        note of the user's at the agenda path is left alone (`occupied` says so): the
        agenda lists it as a problem, with how to resolve it.
        """
        settings = self.vault.settings
        self.occupied = _users_note(self.vault.root / settings.agenda_file)
        self.carried = 0
        if self.occupied:
            return False

        added = False

        from followup_md.outputs.tasks import carry_over  # only a writing run needs it

        def merge(old: str, new: str) -> str:
            nonlocal added
            text, self.carried = carry_over(old, new)
            added = text != new
            return text

        written, self.on_disk = write_agenda_note(
            self.vault.root, settings.agenda_file, markdown, merge, plain=self._plain
        )
        self._plain = None if added else self.on_disk
        return written


def _few(listing: Listing) -> int:
    return max(FEW_CHANGES, len(listing[0]) // 10)  # changed notes read directly, at most


def _dated_first(pair: tuple[object, ParsedNote | Entry]) -> bool:
    """Dated notes first: their links are known before the contacts they mention are
    planned (else those are planned twice)."""
    return pair[1].dated is None if isinstance(pair[1], ParsedNote) else not pair[1].dated


def _settle(book: AgendaBook, files: Mapping[str, NoteFile], store: Store) -> bool:
    """(A command) plan again, read afresh, the contacts whose mentions changed since
    their row was kept; True when there were any."""
    replanned = False
    while again := book.unsettled():
        notes = [files[path] for path in again]
        replanned = True
        for note, parsed in zip(notes, store.read(notes), strict=True):
            book.plan(note.path, note.stamp, parsed)
    return replanned


def _users_note(target: Path) -> bool:
    """A file of the user's, not written by followup, at `target` (a link or a folder is
    left to `write_agenda_note`, which refuses them with how to fix the setting)."""
    if target.is_symlink():
        return False
    try:
        with open(target, "rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError:
        return False
    return not is_generated(head)


def _freeze() -> None:
    """What a long-lived pipeline read or planned lives as long as the process (the rows,
    until the next day): take it out of the cyclic collector's sight, or collections walk
    every note at each edit (measured at 10k notes: worst of 20 watcher edits 155 ms,
    frozen 64 ms; with the rows frozen too, the first edit after a start 15 ms, not 50)."""
    gc.collect()
    gc.freeze()


def read(vault: Vault, *, use_cache: bool = True, progress: Progress | None = None) -> Scan:
    """Every note's contact (with the history a plan needs) and every problem."""
    store = Store(vault.root, vault.settings, ignore=vault.ignore, use_cache=use_cache)
    return store.scan(progress)
