"""Frozen records packed into plain tuples, in field order, and back: the caches' codec.

Pickling dataclass instances costs a reduce call and a state dict per object; tuples
of str, int, bool and None load several times faster, and fit a container that cannot
execute code: the caches keep them as JSON (which gives lists back for the tuples:
unpacking takes lists or tuples alike, and always rebuilds tuples).

The layout of a record is its fields in declaration order (`dataclasses.fields()`, a
NamedTuple's `_fields`), each packed by a converter found from the field's type, so
adding a field is one edit to the record; a type the codec does not know yet needs a
converter, declared once in `LEAVES`. `fingerprint()` hashes the layouts, so a cache
written under another layout is refused without a hand-kept format number. Unpacking
rebuilds records without running their `__init__`: the values were validated when
first read, and skipping it is what keeps a warm start fast.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import sys
import types
import zlib
from collections.abc import Callable, Mapping
from typing import (
    Any,
    ForwardRef,
    Generic,
    Literal,
    TypeVar,
    Union,
    get_args,
    get_origin,
)

from followup_md.vault.coders import (
    Fn,
    Side,
    is_named_tuple,
    record_packer,
    record_unpacker,
    tuple_coder,
)

_T = TypeVar("_T")

VERSION = 1
"""Bump when a rule below changes how a type is packed (layouts are hashed on their own)."""


def _as_is(side: Side) -> Fn | None:
    return None


@dataclasses.dataclass(eq=False)
class Converter:
    """How the values of one type travel.

    `make(side)` gives the pack or unpack function, None when the value travels as it
    is; they never see None (None always travels as itself). They are made on first
    use: compiling them all would cost every start about 2 ms, and most runs read no
    cache. `runtime` and `packed` are the classes of a value and of its packed
    form: they tell the members of a union apart.
    """

    shape: str
    """The layout in words, hashed by `fingerprint()`."""
    runtime: type
    packed: type
    make: Callable[[Side], Fn | None] = _as_is
    nullable: bool = False
    many: bool = False
    """A tuple of any length: unpacked, an empty one is () without a call (most are)."""
    _made: dict[Side, Fn | None] = dataclasses.field(default_factory=dict, init=False)

    def coder(self, side: Side) -> Fn | None:
        if side not in self._made:
            self._made[side] = self.make(side)
        return self._made[side]


def _plain(kind: type) -> Converter:
    return Converter(kind.__name__, kind, kind)


def _functions(pack: Fn, unpack: Fn) -> Callable[[Side], Fn | None]:
    return lambda side: pack if side == "pack" else unpack


def _compact_json() -> Callable[[Any], str]:
    """`json.JSONEncoder(check_circular=False, separators=(",", ":")).encode`, with the C
    encoder made once: the standard `encode` makes one for every call, which was half the
    cost of the small lines the caches write, four a note."""
    standard = json.JSONEncoder(check_circular=False, separators=(",", ":"))
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # a Python without the C accelerator
        return standard.encode
    encoder = make(None, standard.default, json.encoder.encode_basestring_ascii, None,
                   ":", ",", False, False, True)  # fmt: skip
    join = "".join
    return lambda value: join(encoder(value, 0))


compact_json = _compact_json()
"""Compact JSON in ASCII: never a raw line break (the cache files keep a value a line), and
lone surrogates (file names that are not UTF-8) travel as escapes that JSON takes back."""


LEAVES: dict[object, Converter] = {
    **{kind: _plain(kind) for kind in (str, int, float, bool, type(None))},
    dt.date: Converter(
        "date:ordinal", dt.date, int, _functions(dt.date.toordinal, dt.date.fromordinal)
    ),
}
"""The converters of the types that are not records, tuples, unions or literals."""


class Codec(Generic[_T]):
    """Packs values of one type (a record, or a tuple type holding records) and back.

    `only` keeps just some fields of a record class wherever it appears, for a cache
    that needs no more of it; unpacking gives the other fields their defaults.
    `deferred` hands the unpacking of a record class to a function of (its unpacker,
    its packed form), which may put it off until the record is looked at.
    """

    def __init__(
        self,
        kind: Any,
        only: Mapping[type, tuple[str, ...]] | None = None,
        deferred: Mapping[type, Callable[[Fn, Any], Any]] | None = None,
    ) -> None:
        self._only = dict(only or {})
        self._deferred = dict(deferred or {})
        self._made: dict[object, Converter] = {}
        self._making: set[object] = set()
        self._root = self._converter(kind)
        self.shape = self._root.shape

    @functools.cached_property
    def pack(self) -> Callable[[_T], Any]:
        """The function packing one value (compiled on first use)."""
        return _none_safe(self._root.coder("pack"), self._root.nullable) or _same

    @functools.cached_property
    def unpack(self) -> Callable[[Any], _T]:
        """The function rebuilding one value from its packed form (compiled on first use)."""
        return _none_safe(self._root.coder("unpack"), self._root.nullable) or _same

    def fields_of(self, cls: type) -> tuple[str, ...]:
        """The fields a record class is packed with, in their order."""
        return self._only.get(cls, _field_names(cls))

    def _converter(self, kind: Any) -> Converter:
        """Each type's converter, made once per codec (a record may appear in many places)."""
        made = self._made.get(kind)
        if made is None:
            if kind in self._making:
                raise TypeError(f"{kind!r} contains itself: not supported")
            self._making.add(kind)
            made = self._made[kind] = self._build(kind)
            self._making.discard(kind)
        return made

    def _build(self, kind: Any) -> Converter:
        if kind in LEAVES:
            return LEAVES[kind]
        origin, args = get_origin(kind), get_args(kind)
        if origin is Literal:
            classes = {type(arg) for arg in args}
            if len(classes) != 1:
                raise TypeError(f"{kind!r}: a literal of mixed types cannot be packed")
            kind = classes.pop()
            return Converter(f"Literal{list(args)!r}", kind, kind)
        if origin is tuple:
            return self._tuple(args)
        if origin is Union or origin is types.UnionType:
            return self._union(args)
        if isinstance(kind, type) and (dataclasses.is_dataclass(kind) or is_named_tuple(kind)):
            return self._record(kind)
        raise TypeError(f"no converter for {kind!r}: declare one in codec.LEAVES")

    def _record(self, cls: type) -> Converter:
        """A record as the tuple of its fields in declaration order (or of `only` those)."""
        names = _field_names(cls)
        kept = self.fields_of(cls)
        if set(kept) - set(names) or not kept:
            raise TypeError(f"{cls.__qualname__}: no fields {sorted(set(kept) - set(names))}")
        hints = _hints(cls)
        items = [self._converter(hints[name]) for name in kept]
        shape = ",".join(f"{name}:{item.shape}" for name, item in zip(kept, items, strict=True))
        defaults = _defaults(cls, names, kept)

        def make(side: Side) -> Fn:
            if side == "pack":
                return record_packer(cls, kept, items)
            unpack = record_unpacker(cls, kept, defaults, items)
            defer = self._deferred.get(cls)
            return unpack if defer is None else functools.partial(defer, unpack)

        return Converter(f"{cls.__module__}.{cls.__qualname__}({shape})", cls, tuple, make)

    def _tuple(self, args: tuple[Any, ...]) -> Converter:
        """`tuple[X, ...]` item by item, `tuple[A, B]` position by position."""
        if len(args) == 2 and args[1] is Ellipsis:
            item = self._converter(args[0])

            def each(side: Side) -> Fn | None:
                convert = _none_safe(item.coder(side), item.nullable)
                if convert is None:  # a list (from JSON) becomes the tuple it was
                    return tuple if side == "unpack" else None
                return lambda values: tuple(map(convert, values))

            return Converter(f"tuple[{item.shape},...]", tuple, tuple, each, many=True)
        items = [self._converter(arg) for arg in args]
        shape = f"tuple[{','.join(item.shape for item in items)}]"
        return Converter(shape, tuple, tuple, lambda side: tuple_coder(items, side))

    def _union(self, args: tuple[Any, ...]) -> Converter:
        """`X | None`, or members whose packed forms differ in class (`Duration | date`)."""
        nullable = type(None) in args
        members = [self._converter(arg) for arg in args if arg is not type(None)]
        shape = "|".join([*(m.shape for m in members), *(["None"] if nullable else [])])
        if len(members) == 1:
            (member,) = members
            return Converter(shape, member.runtime, member.packed, member.coder, nullable)
        for member in members:
            twins = [m for m in members if m.packed is member.packed]
            if len(twins) > 1 and any(m.make is not _as_is for m in twins):
                raise TypeError(f"{shape}: members cannot be told apart once packed")
        return Converter(shape, object, object, lambda side: _dispatch(members, side), nullable)


def _dispatch(members: list[Converter], side: Side) -> Fn:
    """A union's pack, by the class of the value, or unpack, by the class of its packed form."""
    if side == "pack":
        packs = {m.runtime: m.coder("pack") for m in members}
        shape = "|".join(m.shape for m in members)

        def pack(value: Any) -> Any:
            kind: type | None = type(value)
            if kind not in packs:
                kind = next((known for known in packs if isinstance(value, known)), None)
                if kind is None:
                    raise TypeError(f"{value!r} is none of {shape}")
            convert = packs[kind]
            return value if convert is None else convert(value)

        return pack
    unpacks = {m.packed: m.coder("unpack") for m in members}
    if tuple in unpacks:
        unpacks[list] = unpacks[tuple]  # a tuple comes back from JSON as a list

    def unpack(value: Any) -> Any:
        convert = unpacks[type(value)]
        return value if convert is None else convert(value)

    return unpack


def fingerprint(*codecs: Codec[Any]) -> str:
    """A short hash of the codecs' layouts and of `VERSION`: it changes by itself when a
    record gains, loses, renames, moves or retypes a field."""
    text = "\n".join([f"codec {VERSION}", *(codec.shape for codec in codecs)]).encode()
    return f"{zlib.crc32(text):08x}{zlib.adler32(text):08x}"


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    """A record's field types, resolved once (several codecs share records).

    Annotations written as text (`from __future__ import annotations`) are evaluated
    in the module of the class declaring them, as `get_type_hints` does at three
    times the cost, paid on every start. Text nested in a type (`tuple["Row", ...]`)
    is not: it reaches `_build` as a ForwardRef, which refuses it.
    """
    hints: dict[str, Any] = {}
    for owner in reversed(cls.__mro__):
        namespace = vars(sys.modules[owner.__module__])
        for name, hint in vars(owner).get("__annotations__", {}).items():
            text = hint.__forward_arg__ if isinstance(hint, ForwardRef) else hint
            hints[name] = eval(text, namespace) if isinstance(text, str) else text
    return hints


def _same(value: Any) -> Any:
    return value


def _none_safe(convert: Fn | None, nullable: bool) -> Fn | None:
    """`convert`, letting None through when it may come."""
    if convert is None or not nullable:
        return convert
    return lambda value: None if value is None else convert(value)


def _field_names(cls: type) -> tuple[str, ...]:  # a dataclass's, or a NamedTuple's
    if dataclasses.is_dataclass(cls):
        return tuple(f.name for f in dataclasses.fields(cls))
    return cls._fields  # type: ignore[attr-defined,no-any-return]


def _defaults(cls: type, names: tuple[str, ...], kept: tuple[str, ...]) -> dict[str, Any]:
    """The values of the fields a reduced record drops: their defaults."""
    if kept == names:
        return {}
    if not dataclasses.is_dataclass(cls):
        raise TypeError(f"{cls.__qualname__}: only dataclasses can be kept in part")
    dropped = [f for f in dataclasses.fields(cls) if f.name not in kept]
    if any(f.default is dataclasses.MISSING for f in dropped):
        raise TypeError(f"{cls.__qualname__}: a dropped field needs a plain default")
    return {f.name: f.default for f in dropped}
