"""One vault's notes as the use cases see them: listed, read, and cached behind one door.

The facade over discovery, the note index and the cache files (the notes as read,
each day's agenda rows, the last renderings), so that no use case touches a cache
file or its codec. With `use_cache=False` nothing is read from or written to the
cache folder. Every cache only saves work: entries are used only under the exact
stat facts, settings and day they were made for.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Hashable, Iterator, Mapping, Sequence
from pathlib import Path

from followup_md.core.agenda import NoteRow
from followup_md.core.model import ParsedNote
from followup_md.core.rules import essentials
from followup_md.core.settings import Settings
from followup_md.vault import cache
from followup_md.vault import line_caches as lines
from followup_md.vault.discovery import Listing, NoteFile, Stamp, discover
from followup_md.vault.index import Entry, NoteIndex, Progress, Scan, read_notes, read_packed
from followup_md.vault.paths import NO_FILTERS, IgnoreFilters
from followup_md.vault.read_ahead import ReadAhead, likely_changed

FEW_NAMES = 64
"""Up to this many notes (or a tenth of the vault) changed since the name index was
written are read directly to bring it up to date; more, through the note cache."""

Rows = Mapping[str, tuple[Hashable, NoteRow]]
"""Each note's agenda row with the stat facts it was planned from."""


class Store:
    """The notes of the vault at `root`, read under `settings`, leaving out what the user
    excluded in Obsidian (`ignore`).

    Notes are kept as the engine needs them (`rules.essentials`: only the history a
    plan can depend on), which keeps caches and a long-running watcher small.
    """

    def __init__(
        self,
        root: Path,
        settings: Settings,
        *,
        ignore: IgnoreFilters = NO_FILTERS,
        use_cache: bool = True,
    ) -> None:
        self.root = root
        self.settings = settings
        self.ignore = ignore
        self.use_cache = use_cache
        self._ahead: ReadAhead | None = None

    def listing(self) -> Listing:
        """The vault's notes with their stat facts, and problems found while listing."""
        return discover(self.root, self.settings, self.ignore)

    def index(self, progress: Progress | None = None, listing: Listing | None = None) -> NoteIndex:
        """Every note as read, brought up to date with the files (or with `listing`, just
        made), reading only what changed since the cache was written; the cache is then
        updated with what had to be read."""
        entries = cache.load(self.root, self._notes_key) if self.use_cache else {}
        index = NoteIndex(self.root, self.settings, entries, keep=essentials, ignore=self.ignore)
        index.refresh(progress, listing)
        self.remember(index)
        return index

    def plan_fresh(
        self,
        listing: Listing,
        wanted: Collection[str],
        plan: Callable[[NoteFile, ParsedNote], None],
        progress: Progress | None = None,
    ) -> None:
        """Hand `plan` each note of `listing` whose path is `wanted`, in the listing's
        order: from the note cache when its stat facts are unchanged, else read afresh
        (in parallel when many). The note cache is written meanwhile, each note's text as
        it comes: a cold run over many notes holds none of them but the one planned.

        No note waits for another: for mentions off (see `AgendaPipeline`)."""
        kept = cache.load(self.root, self._notes_key) if self.use_cache else {}
        files = listing[0]
        stale = [n for n in files if (e := kept.get(n.path)) is None or e.stamp != n.stamp]
        changed = bool(stale) or len(kept) != len(files)
        readings = read_packed(stale, essentials, progress, self.settings.count_mentions)
        saving = self.use_cache and changed
        with lines.writing_names(self.root) if saving else _ignoring() as name:

            def entries() -> Iterator[tuple[str, Entry]]:
                for note in files:
                    entry = kept.pop(note.path, None)
                    if entry is None or entry.stamp != note.stamp:
                        entry = Entry(note.stamp, *next(readings))
                    if note.path in wanted:
                        plan(note, entry.parsed)
                    name(note.path, _named(entry))
                    yield note.path, entry

            stream = entries()
            if saving:
                cache.save_stream(self.root, stream, self._notes_key)
            for _ in stream:  # what the cache did not take (not written, or the write failed)
                pass
            next(readings, None)  # done: the readers end

    def kept_notes(self) -> dict[str, Entry]:
        """The notes as the cache holds them, without looking at the files."""
        return cache.load(self.root, self._notes_key) if self.use_cache else {}

    def remember(self, index: NoteIndex) -> None:
        """Save what the index read, if anything changed since it was loaded (the name
        index too: the next `show` then finds a note without reading any)."""
        if self.use_cache and index.dirty:
            cache.save(self.root, index.entries, self._notes_key)
            names = {path: _named(entry) for path, entry in index.entries.items()}
            lines.save_names(self.root, names)
            index.dirty = False

    def names(self, listing: Listing) -> dict[str, tuple[str, tuple[str, ...]]]:
        """Every contact's name and aliases by path (sorted), exactly as the notes of
        `listing` say: the name index kept in the cache, with the notes whose stat facts
        changed since read again (directly when few, else through the note cache)."""
        files = listing[0]
        kept = lines.load_names(self.root) if self.use_cache else {}
        stale = [note for note in files if (k := kept.get(note.path)) is None or k[0] != note.stamp]
        fresh: lines.Names
        if len(stale) > max(FEW_NAMES, len(files) // 10):
            entries = self.index(listing=listing).entries  # saves the names too
            fresh = {note.path: _named(entries[note.path]) for note in stale}
        else:
            read = zip(stale, self.read(stale), strict=True)
            fresh = {note.path: _named_parsed(note.stamp, parsed) for note, parsed in read}
        names: lines.Names = {}
        for note in files:
            names[note.path] = fresh.get(note.path) or kept[note.path]
        if self.use_cache and (stale or len(kept) != len(files)):
            lines.save_names(self.root, names)
        return {path: (n[1], n[2]) for path, n in sorted(names.items()) if n[1] is not None}

    def scan(self, progress: Progress | None = None) -> Scan:
        """Every contact and every problem of the vault's notes."""
        return self.index(progress).scan()

    def read(self, notes: list[NoteFile], progress: Progress | None = None) -> list[ParsedNote]:
        """These notes read afresh (in parallel when there are many), without the cache;
        those read ahead under the same stat facts (see `reading_ahead`) taken from there."""
        ahead = self._ahead.take() if self._ahead is not None else {}
        if not ahead:
            return self._read_now(notes, progress)
        rest = [note for note in notes if ahead.get(note.path, (None,))[0] != note]
        read = dict(zip((note.path for note in rest), self._read_now(rest, progress), strict=True))
        return [read[note.path] if note.path in read else ahead[note.path][1] for note in notes]

    def _read_now(
        self, notes: list[NoteFile], progress: Progress | None = None
    ) -> list[ParsedNote]:
        return read_notes(notes, essentials, progress, self.settings.count_mentions)

    @contextlib.contextmanager
    def reading_ahead(self, listing: Listing, most: int) -> Iterator[None]:
        """Meanwhile, the notes changed since the agenda rows were kept (their change
        time says so; at most `most`) are read in a forked process, and `read` takes
        them from there (see `read_ahead`): a warm command after a few edits loads its
        rows while they are read."""
        since = lines.rows_written(self.root) if self.use_cache else None
        if since is not None:
            self._ahead = ReadAhead.start(likely_changed(listing[0], since, most), self._read_now)
        try:
            yield
        finally:
            ahead, self._ahead = self._ahead, None
            if ahead is not None:
                ahead.close()

    @property
    def _notes_key(self) -> str:
        """What the notes as read depend on besides their files: where the daily notes
        are, when mentions count (their links are read then)."""
        mentions = self.settings.count_mentions
        return "" if mentions is None else repr(mentions)

    def read_whole(
        self, paths: Sequence[str], progress: Progress | None = None
    ) -> list[ParsedNote]:
        """These notes (vault-relative paths) read afresh with their whole history, which
        `stats` needs and the cache does not keep (in parallel when there are many)."""
        notes = [NoteFile(path, str(self.root / path), 0) for path in paths]
        return read_notes(notes, None, progress)

    def kept_rows(self, key: str) -> Rows:
        """The agenda rows stored for exactly `key` (day, settings, horizon), or none."""
        return lines.load_rows(self.root, key) if self.use_cache else {}

    def keep_rows(self, key: str, rows: Rows) -> None:
        if self.use_cache:
            lines.save_rows(self.root, key, rows)  # type: ignore[arg-type]

    @contextlib.contextmanager
    def keeping_rows(self, key: str) -> Iterator[Callable[[str, Hashable, NoteRow], None]]:
        """The agenda rows stored for `key` as they are given (`keep(path, stat facts,
        row)`), in place of the rows kept so far when the block ends: a cold run keeps
        its rows while its notes are read, not after, when a core would idle."""
        if not self.use_cache:
            yield lambda path, token, row: None
            return
        with lines.writing_rows(self.root, key) as add:
            yield lambda path, token, row: add(path, (token, row))  # type: ignore[arg-type]

    def kept_outputs(self, key: str) -> dict[str, str]:
        """The renderings stored for exactly these inputs, or none."""
        return cache.load_outputs(self.root, key) if self.use_cache else {}

    def keep_outputs(self, key: str, outputs: Mapping[str, str]) -> None:
        if self.use_cache:
            cache.save_outputs(self.root, key, outputs)


@contextlib.contextmanager
def _ignoring() -> Iterator[Callable[[str, lines.Named], None]]:
    """Where names go when none are kept."""
    yield lambda path, named: None


def _named(entry: Entry) -> tuple[Stamp, str | None, tuple[str, ...]]:
    """A note's line in the name index."""
    return (entry.stamp, entry.name, entry.aliases)


def _named_parsed(stamp: Stamp, parsed: ParsedNote) -> tuple[Stamp, str | None, tuple[str, ...]]:
    """A note's line in the name index, from the note as read."""
    contact = parsed.contact
    return (stamp, None, ()) if contact is None else (stamp, contact.name, contact.aliases)
