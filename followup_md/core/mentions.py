"""Mentions: a link to a contact in a dated note counts as contact on that date.

With `count_mentions: true`, a wikilink to a contact (`[[Alice Chen]]`, an embed, a
`#heading` or `|label` form, a link to an alias) in the body of a dated note — a daily
note as Obsidian's Daily notes settings name it, or a note whose front matter has a
`date` — moves the start of that contact's cadence to the note's date. It is never an
interaction: it fulfils no `next`, ends no scenario, answers no nudge.

Pure: the daily notes' folder and format come in as values (`DailyNotes`), the
bodies' links as text, and `today` as a parameter. `MentionMap` keeps who is
mentioned where, note by note, so one changed note costs only its own links.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from followup_md.core.frozen import record
from followup_md.core.wikilinks import key

if TYPE_CHECKING:
    from followup_md.core.model import Contact

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")  # fmt: skip
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

DEFAULT_FORMAT = "YYYY-MM-DD"
"""Obsidian's default daily note format (moment.js)."""

_TOKENS = ("YYYY", "YY", "MMMM", "MMM", "MM", "M", "DD", "D", "dddd", "ddd")
"""The moment.js tokens read, longest first where one is a prefix of another."""

_FORMAT_PARTS = re.compile(r"\[[^\]]*\]|" + "|".join(_TOKENS) + r"|[A-Za-z]|[^A-Za-z\[]+|\[")


@record
class DailyNotes:
    """Where Obsidian's daily notes are and how they are named (`.obsidian/daily-notes.json`).

    `usable` is False when that file could not be used: then no note is a daily note
    (notes with a front-matter `date` still count).
    """

    folder: str = ""
    format: str = DEFAULT_FORMAT
    usable: bool = True

    def date_of(self, path: str) -> dt.date | None:
        """The date of the daily note at vault path `path`, or None when it is none."""
        if not self.usable or not path.endswith(".md"):
            return None
        prefix = f"{self.folder}/" if self.folder else ""
        if not path.startswith(prefix):
            return None
        return parse_daily(path[len(prefix) : -3], self.format)


def unsupported(format: str) -> str | None:
    """The first word of a moment.js format this module does not read (`Do`, `W`), or None."""
    if re.search(r"\[[^\]]*$", format):
        return "["  # a bracket never closed
    words: list[str] = re.findall(r"[A-Za-z]+", re.sub(r"\[[^\]]*\]", " ", format))
    for word in words:
        if "".join(part for part in _FORMAT_PARTS.findall(word) if part in _TOKENS) != word:
            return word
    return None


_GROUPS = {"YYYY": ("Y", r"(\d{4})"), "YY": ("y", r"(\d{2})"), "MMMM": ("N", r"([A-Za-z]+)"),
           "MMM": ("N", r"([A-Za-z]+)"), "MM": ("M", r"(\d{1,2})"), "M": ("M", r"(\d{1,2})"),
           "DD": ("D", r"(\d{1,2})"), "D": ("D", r"(\d{1,2})"), "dddd": ("w", r"([A-Za-z]+)"),
           "ddd": ("w", r"([A-Za-z]+)")}  # fmt: skip
"""Each token: what its group holds, and its pattern (formatting the date back checks it)."""


@functools.lru_cache(maxsize=8)
def _pattern(format: str) -> tuple[re.Pattern[str], tuple[str, ...]]:
    """The format as a regular expression, and what each of its groups holds."""
    pieces, kinds = [], []
    for part in _FORMAT_PARTS.findall(format):
        if part.startswith("[") and part.endswith("]") and len(part) > 1:
            pieces.append(re.escape(part[1:-1]))
        elif part in _GROUPS:
            kind, pattern = _GROUPS[part]
            pieces.append(pattern)
            kinds.append(kind)
        else:
            pieces.append(re.escape(part))
    return re.compile("".join(pieces)), tuple(kinds)


def parse_daily(name: str, format: str) -> dt.date | None:
    """The date `name` stands for in `format`, when formatting that date gives `name`
    back exactly (so `2026-11-2` is no `YYYY-MM-DD`, nor a wrong weekday a date)."""
    pattern, kinds = _pattern(format)
    match = pattern.fullmatch(name)
    if match is None:
        return None
    found: dict[str, str] = {}
    for kind, text in zip(kinds, match.groups(), strict=True):
        found.setdefault(kind, text)  # the first; formatting back checks the others
    try:
        year = int(found["Y"]) if "Y" in found else 2000 + int(found["y"])
        if "N" in found:
            month = [m[:3].casefold() for m in MONTHS].index(found["N"][:3].casefold()) + 1
        else:
            month = int(found["M"])
        date = dt.date(year, month, int(found["D"]))
    except (KeyError, ValueError):
        return None
    return date if format_daily(date, format) == name else None


def format_daily(date: dt.date, format: str) -> str:
    """`date` written in the moment.js `format` (the tokens this module reads)."""
    values = {
        "YYYY": f"{date.year:04d}", "YY": f"{date.year % 100:02d}",
        "MMMM": MONTHS[date.month - 1], "MMM": MONTHS[date.month - 1][:3],
        "MM": f"{date.month:02d}", "M": str(date.month),
        "DD": f"{date.day:02d}", "D": str(date.day),
        "dddd": DAYS[date.weekday()], "ddd": DAYS[date.weekday()][:3],
    }  # fmt: skip
    out = []
    for part in _FORMAT_PARTS.findall(format):
        if part.startswith("[") and part.endswith("]") and len(part) > 1:
            out.append(part[1:-1])
        else:
            out.append(values.get(part, part))
    return "".join(out)


# ------------------------------------------------------------------ links


def note_keys(path: str) -> tuple[str, ...]:
    """The names a link reaches the note at vault path `path` by: its path, its file name."""
    whole = key(path)
    name = whole.rsplit("/", 1)[-1]
    return (whole,) if name == whole else (whole, name)


def keys_of(contact: Contact) -> tuple[str, ...]:
    """Every name a link may reach the contact by: its path, file name, `name`, aliases."""
    return keys_for(contact.link_target, contact.name, contact.aliases)


def keys_for(stem: str, name: str, aliases: Iterable[str]) -> tuple[str, ...]:
    """`keys_of` a contact known by its link target, name and aliases alone (as the note
    index knows every contact without unpacking it)."""
    names = (stem, stem.rsplit("/", 1)[-1], name, *aliases)
    return tuple(dict.fromkeys(k for k in map(key, names) if k))


@record
class Dated:
    """A dated note's part in mentions: its date, and the names its body links to."""

    date: dt.date
    targets: tuple[str, ...]


@record
class NoteLinks:
    """One note's part in mentions: the names a contact is reached by, or a dated
    note's links (the other notes have none)."""

    keys: tuple[str, ...] = ()
    dated: Dated | None = None


@record(order=True)
class Mention:
    """A link to a contact in the dated note `source` (a vault path), dated `date`."""

    date: dt.date
    source: str


class MentionMap:
    """Who is mentioned where, as of `today`, kept up to date note by note.

    A link resolves as in Obsidian: to the note it names by path or file name when one
    exists (a name two notes share reaches neither), else to the one contact whose
    `name` or alias it is. `update()` keeps one note (there, with its links) and
    `remove()` forgets one; both say which contacts' mentions may have changed: those
    the note's old and new links reach, every contact sharing a name with it, and, as
    a note's arrival or departure changes what its names resolve to, the contacts a
    linked name of it reached or reaches.
    """

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self._links: dict[str, NoteLinks] = {}
        self._owners: dict[str, str | set[str]] = {}
        """name -> the contact it names, or the contacts when several share it (a str for
        one: 30,000 small sets would keep the cyclic collector busy on every run)."""
        self._named: dict[str, str | set[str]] = {}
        """name -> the note (any note there) whose path or file name it is, or the notes."""
        self._linking: dict[str, set[str]] = {}
        """name -> the dated notes (up to today) that link to it."""
        self._dates: dict[str, dt.date] = {}

    def update(self, path: str, links: NoteLinks | None) -> set[str]:
        """Keep the note at `path` as there, with `links` (None: it has none); the
        contacts whose latest mention may differ now."""
        affected = self._add_names(path)
        old = self._links.get(path)
        if old is not None:
            if old == links:
                return affected
            affected |= self._forget(path, old)
        if links is None or not (links.keys or links.dated):
            return affected
        self._links[path] = links
        owners = self._owners
        for name in links.keys:  # the common case, kept quick: 10,000 contacts a run
            group = owners.get(name)
            if group is None or group == path:
                owners[name] = path
                affected.add(path)
            elif isinstance(group, str):
                owners[name] = {group, path}
                affected |= {group, path}
            else:
                group.add(path)
                affected |= group
        dated = links.dated
        if dated is not None and dated.date <= self.today:
            self._dates[path] = dated.date
            for name in dated.targets:
                self._linking.setdefault(name, set()).add(path)
                affected |= self._owners_of(name)
        return affected

    def remove(self, path: str) -> set[str]:
        """Forget the note at `path` (it is gone); the contacts whose latest mention may
        differ now."""
        old = self._links.get(path)
        affected = self._forget(path, old) if old is not None else set()
        for name in note_keys(path):
            group = self._named.get(name)
            if group == path:
                del self._named[name]
            elif isinstance(group, set) and path in group:
                group.discard(path)
                if len(group) == 1:
                    self._named[name] = next(iter(group))
            else:
                continue
            if name in self._linking:
                affected |= self._owners_of(name)
        return affected

    def _add_names(self, path: str) -> set[str]:
        """Know the note's path and file name; the contacts a linked one reaches now,
        or reached before (none when the note was known already)."""
        affected: set[str] = set()
        named = self._named
        for name in note_keys(path):
            group = named.get(name)
            if group is None:
                named[name] = path
            elif group == path:
                return affected  # known: its names are there already
            elif isinstance(group, str):
                named[name] = {group, path}
            elif path in group:
                return affected
            else:
                group.add(path)
            if name in self._linking:
                affected |= self._owners_of(name)
        return affected

    def _owners_of(self, name: str) -> set[str] | frozenset[str]:
        """Every contact a link to `name` may reach: by `name` or alias, or by its note."""
        group = self._owners.get(name)
        named = self._named.get(name)
        if named is None:
            if group is None:
                return _NONE
            return frozenset((group,)) if isinstance(group, str) else group
        found = {named} if isinstance(named, str) else set(named)
        if group is not None:
            found |= {group} if isinstance(group, str) else group
        return found

    def _target(self, name: str) -> str | None:
        """The contact a link to `name` counts for: the note of that path or file name
        when there is one, else the contact it names; None when none or several."""
        named = self._named.get(name)
        if named is None:
            group = self._owners.get(name)
            return group if isinstance(group, str) else None
        if isinstance(named, str) and (links := self._links.get(named)) and links.keys:
            return named
        return None

    def _forget(self, path: str, old: NoteLinks) -> set[str]:
        """Take the note's links out; the contacts they reached (and it, if a contact)."""
        del self._links[path]
        affected = {path} if old.keys else set()
        for name in old.keys:
            group = self._owners.get(name)
            if group == path:
                del self._owners[name]
            elif isinstance(group, set):
                group.discard(path)
                if len(group) == 1:
                    self._owners[name] = next(iter(group))
            affected |= self._owners_of(name)
        if self._dates.pop(path, None) is not None and old.dated is not None:
            for name in old.dated.targets:
                _discard(self._linking, name, path)
                affected |= self._owners_of(name)
        return affected

    def linked(self) -> set[str]:
        """The contacts a dated note (up to today) links to."""
        target = self._target
        return {found for name in self._linking if (found := target(name)) is not None}

    def _sources(self, contact: str) -> set[str]:
        """The dated notes (up to today) whose links reach the contact at `contact`."""
        links = self._links.get(contact)
        sources: set[str] = set()
        if links is None or not links.keys:
            return sources
        for name in (*links.keys, *note_keys(contact)):
            notes = self._linking.get(name)
            if notes and self._target(name) == contact:
                sources |= notes
        return sources

    def mentions(self, contact: str) -> list[Mention]:
        """Every mention of the contact at vault path `contact` up to today, oldest first."""
        return sorted(Mention(self._dates[source], source) for source in self._sources(contact))

    def latest(self, contact: str) -> Mention | None:
        """The contact's latest mention up to today (on a tie, the last source by path)."""
        best = max(
            ((self._dates[source], source) for source in self._sources(contact)), default=None
        )
        return Mention(*best) if best else None


_NONE: frozenset[str] = frozenset()


def _discard(index: dict[str, set[str]], name: str, path: str) -> None:
    paths = index.get(name)
    if paths is not None:
        paths.discard(path)
        if not paths:
            del index[name]


def links_of(contact: Contact | None, dated: Dated | None) -> NoteLinks | None:
    """A note's part in mentions: a contact's names, else a dated note's links."""
    if contact is not None:
        return NoteLinks(keys_of(contact))
    return NoteLinks(dated=dated) if dated is not None and dated.targets else None
