"""The caches' coders written out field by field and compiled once, per record class.

The way `dataclasses` writes `__init__`: the layout still comes from the fields alone
(vault/codec.py), and they run as fast as a hand-written codec (a loop over the fields
cost half as much again, on the ~50,000 records of a 10,000-note vault). Only field
names (identifiers) and generated local names enter the source; converters are passed
in the compiled function's scope.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from followup_md.vault.codec import Converter

Fn = Callable[[Any], Any]
Side = Literal["pack", "unpack"]
_Scope = dict[str, Any]


def is_named_tuple(kind: type) -> bool:
    return issubclass(kind, tuple) and hasattr(kind, "_fields")


def _value(
    convert: Fn | None, nullable: bool, source: str, local: str, scope: _Scope, many: bool = False
) -> str:
    """The expression converting `source` (bound to `local` first when None may come, or,
    for a tuple of any length, when it may be empty)."""
    if convert is None:
        return source
    name = f"_convert{len(scope)}"
    scope[name] = convert
    if many and not nullable and source == local:
        return f"(() if {local} == [] else {name}({local}))"
    if not nullable:
        return f"{name}({source})"
    bound = local if source == local else f"({local} := {source})"
    return f"(None if {bound} is None else {name}({local}))"


def _compile(title: str, param: str, lines: list[str], scope: _Scope) -> Fn:
    source = f"def coder({param}):\n" + "".join(f"    {line}\n" for line in lines)
    exec(compile(source, f"<codec: {title}>", "exec"), scope)
    return scope["coder"]  # type: ignore[no-any-return]


def record_packer(cls: type, names: tuple[str, ...], items: list[Converter]) -> Fn:
    """`(obj.a, pack_b(obj.b), ...)`: the fields in order, each by its converter."""
    scope: _Scope = {}
    values = [
        _value(item.coder("pack"), item.nullable, f"obj.{name}", f"f{n}", scope)
        for n, (name, item) in enumerate(zip(names, items, strict=True))
    ]
    return _compile(f"pack {cls.__qualname__}", "obj", [f"return ({', '.join(values)},)"], scope)


def record_unpacker(
    cls: type, names: tuple[str, ...], defaults: dict[str, Any], items: list[Converter]
) -> Fn:
    """Rebuild a record by field name, around its `__init__` (see the module's docstring);
    a tuple of another length raises.

    Each field is set as a frozen dataclass's `__init__` sets it, in field order.
    Filling `__dict__` instead is faster alone, but gives each record a dict of its
    own, and collecting those extra containers made loading 10,000 notes' entries or
    rows 25-60% slower.
    """
    scope: _Scope = {"_cls": cls, "_new": object.__new__, "_set": object.__setattr__}
    scope["_tuple_new"] = tuple.__new__
    local = [f"f{n}" for n in range(len(names))]
    values = [
        _value(item.coder("unpack"), item.nullable, name, name, scope, item.many)
        for name, item in zip(local, items, strict=True)
    ]
    lines = [f"{', '.join(local)}, = packed"]
    if is_named_tuple(cls):
        lines.append(f"return _tuple_new(_cls, ({', '.join(values)},))")
        return _compile(f"unpack {cls.__qualname__}", "packed", lines, scope)
    given = dict(zip(names, values, strict=True))
    lines.append("record = _new(_cls)")
    for f in dataclasses.fields(cls):
        shared = _class_default(cls, f)
        if f.name not in given:
            if shared is _MISSING:  # a dropped field the class does not hold: set it
                scope[f"_default_{f.name}"] = defaults[f.name]
                lines.append(f"_set(record, {f.name!r}, _default_{f.name})")
            continue
        if shared is _MISSING:
            lines.append(f"_set(record, {f.name!r}, {given[f.name]})")
        else:  # the very default object is left to the class, which holds it
            scope[f"_default_{f.name}"] = shared
            lines.append(f"value = {given[f.name]}")
            lines.append(f"if value is not _default_{f.name}: _set(record, {f.name!r}, value)")
    lines.append("return record")
    return _compile(f"unpack {cls.__qualname__}", "packed", lines, scope)


_MISSING = object()


def _class_default(cls: type, f: dataclasses.Field[Any]) -> Any:
    """The default of field `f` when the class itself holds it (`dataclasses` leaves a
    plain default as a class attribute), else _MISSING.

    An instance without the attribute reads it from the class: equal, hashed, compared,
    copied and `replace`d as if it held it. Setting only the fields that differ from
    their default saves a call per field (a row keeps 4 of a contact's 20 fields).
    """
    if f.default is dataclasses.MISSING or not f.init:
        return _MISSING
    shared = cls.__dict__.get(f.name, _MISSING)
    return shared if shared is f.default else _MISSING


def tuple_coder(items: list[Converter], side: Side) -> Fn | None:
    """A fixed tuple position by position; when every position travels as it is, None
    to pack and `tuple` to unpack (a list from JSON becomes the tuple it was)."""
    scope: _Scope = {}
    local = [f"f{n}" for n in range(len(items))]
    values = [
        _value(item.coder(side), item.nullable, name, name, scope)
        for name, item in zip(local, items, strict=True)
    ]
    if not scope:
        return tuple if side == "unpack" else None
    lines = [f"{', '.join(local)}, = value", f"return ({', '.join(values)},)"]
    return _compile(f"{side} tuple", "value", lines, scope)
