"""Records the row cache gives back unpacked only when something looks at them.

A warm run after a few edits loads every note's agenda row: at 10,000 notes about 4,000
rows hold a Missed line, of which the terminal shows 50 and the agenda note a few
hundred. A `PackedMissed` is a Missed in every way that counts (equal, hashed, shown
and pickled as the Missed it stands for) that keeps its packed form and its place in
the agenda (`sort_key`, read from the packed form), and unpacks itself the first time
anything else is asked of it. Unpacking those rows was a sixth of such a run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from followup_md.core.model import Contact, Due, Missed

_FIELDS = ("due", "cadence_due")
_set = object.__setattr__


class PackedMissed(Missed):
    """A Missed unpacked on first use (see the module's docstring). Made by `later`; a
    copy made through the class (`dataclasses.replace`) is an ordinary, unpacked one."""

    @classmethod
    def later(cls, unpack: Callable[[Any], Missed], packed: Any, key: Any) -> PackedMissed:
        made = object.__new__(cls)
        _set(made, "_unpack", unpack)
        _set(made, "_packed", packed)
        _set(made, "_key", key)
        return made

    def __getattr__(self, name: str) -> Any:
        """Asked only for what the instance does not hold: its fields, until unpacked."""
        state = self.__dict__
        if name in _FIELDS and "_packed" in state:
            made = state.pop("_unpack")(state.pop("_packed"))
            for field in _FIELDS:
                _set(self, field, getattr(made, field))
            return state[name]
        raise AttributeError(name)

    def sort_key(self) -> tuple[dt.date, str, str]:
        key: tuple[dt.date, str, str] | None = self.__dict__.get("_key")
        return key if key is not None else super().sort_key()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Missed):
            return (self.due, self.cadence_due) == (other.due, other.cadence_due)
        return NotImplemented

    __hash__ = Missed.__hash__

    def __repr__(self) -> str:
        return repr(Missed(self.due, self.cadence_due))

    def __reduce__(self) -> tuple[type[Missed], tuple[Due, dt.date | None]]:
        return (Missed, (self.due, self.cadence_due))


def missed_later(
    fields_of: Callable[[type], tuple[str, ...]], date: Callable[[Any], dt.date]
) -> Callable[[Callable[[Any], Missed], Any], PackedMissed]:
    """What a codec (`Codec(deferred=...)`) unpacks a Missed with: a PackedMissed whose
    place is read from the packed form, where `fields_of` (the codec's layout) says the
    due date, the contact's name and its path are, and `date` unpacks a date."""
    due, contact = fields_of(Missed).index("due"), fields_of(Due).index("contact")
    when = fields_of(Due).index("date")
    name, path = fields_of(Contact).index("name"), fields_of(Contact).index("path")

    def later(unpack: Callable[[Any], Missed], packed: Any) -> PackedMissed:
        packed_due = packed[due]
        shown = packed_due[contact]
        key = (date(packed_due[when]), shown[name].casefold(), shown[path])
        return PackedMissed.later(unpack, packed, key)

    return later
