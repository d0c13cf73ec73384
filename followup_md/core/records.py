"""Copies of the frozen records with some fields changed, without running `__init__`.

`dataclasses.replace` runs the class's `__init__`, which sets every field through
`object.__setattr__` after binding each argument by name: twice the work of a copy
whose values were checked when first made. The engine copies a contact for every note
it keeps (`candidates.essentials`) and the records of every agenda row (`shown`): at
10,000 notes, 0.1 s of a cold run.

Each class's copier is written out field by field and compiled once, as `dataclasses`
writes `__init__` (and the caches' codec its coders): only the field names, which are
identifiers, enter the source.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import fields
from typing import Any, TypeVar

_R = TypeVar("_R")

_Copier = Callable[[Any, Mapping[str, Any]], Any]

_COPIERS: dict[type, _Copier] = {}


def copied(record: _R, **changes: Any) -> _R:
    """`dataclasses.replace(record, **changes)` for a frozen dataclass without
    `__post_init__`, without its `__init__` (a field not named raises TypeError)."""
    kind = type(record)
    copier = _COPIERS.get(kind) or _COPIERS.setdefault(kind, _compile(kind))
    copy: _R = copier(record, changes)
    return copy


def _compile(kind: type) -> _Copier:
    names = [f.name for f in fields(kind)]
    scope: dict[str, Any] = {
        "_new": object.__new__,
        "_set": object.__setattr__,
        "_kind": kind,
        "_names": frozenset(names),
    }
    lines = ["def copy(record, changes):", "    made = _new(_kind)"]
    for name in names:
        lines.append(f"    value = changes[{name!r}] if {name!r} in changes else record.{name}")
        if name in kind.__dict__:  # a plain default the class holds: left to the class
            scope[f"_default_{name}"] = kind.__dict__[name]
            lines.append(f"    if value is not _default_{name}: _set(made, {name!r}, value)")
        else:
            lines.append(f"    _set(made, {name!r}, value)")
    lines += [
        "    if not changes.keys() <= _names:",
        "        raise TypeError(f'{_kind.__qualname__} has no field '",
        "                        f'{sorted(changes.keys() - _names)}')",
        "    return made",
    ]
    exec(compile("\n".join(lines) + "\n", f"<copier of {kind.__qualname__}>", "exec"), scope)
    copier: _Copier = scope["copy"]
    return copier
