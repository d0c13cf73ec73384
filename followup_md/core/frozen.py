"""`@record`: a frozen dataclass that compiles nothing when its class is made.

`@dataclass(frozen=True)` writes six methods as source (`__init__`, `__repr__`, `__eq__`,
`__hash__`, `__setattr__`, `__delattr__`) and compiles each when the class is created:
on Python 3.11, 27 classes cost every command 25 ms before it did anything, a sixth of a
warm `agenda`. A record is the same dataclass (`dataclasses.fields`, `replace`,
`asdict`, pickling, `__match_args__` all work as they do), with the same behaviour, but
only `__init__` is compiled, and only the first time the class is called: most records
of a run come from a cache or a copy (`records.copied`), never through `__init__`.
Equality, hashing and order compare the fields through `operator.attrgetter`, which
builds the same tuples in C; `repr` and the frozen guards are shared functions.

Supports what the package uses: defaults, `field(default_factory=...)`, `compare`,
`hash`, `repr` and `init` per field, `order=True`, `__post_init__`; anything else (an
`InitVar`, `kw_only`, a dataclass to derive from, a method of its own that a record makes)
is refused when the class is made. `tests/test_frozen.py` holds
records to `@dataclass(frozen=True)` feature by feature.
"""

from __future__ import annotations

import copy
import dataclasses
import inspect
import operator
import reprlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, overload

if TYPE_CHECKING:  # typing's own from Python 3.11; for the type checker alone here
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_: Any) -> Callable[[Any], Any]:
        return lambda function: function


_C = TypeVar("_C", bound=type)


class _Factory:
    """The default of an argument whose field has a default factory: call the factory."""

    def __repr__(self) -> str:
        return "<factory>"  # as `dataclasses` shows it in a signature


_HAS_FACTORY = _Factory()


@overload
@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def record(cls: _C, /) -> _C: ...
@overload
def record(*, order: bool = False) -> Callable[[_C], _C]: ...


def record(cls: _C | None = None, /, *, order: bool = False) -> _C | Callable[[_C], _C]:
    """`@dataclass(frozen=True)` (or `order=True` too), compiled only when first called."""
    if cls is None:
        return lambda cls: _make(cls, order)
    return _make(cls, order)


def _make(cls: _C, order: bool) -> _C:
    if any(dataclasses.is_dataclass(base) for base in cls.__mro__[1:]):
        raise TypeError(f"{cls.__qualname__}: a record derives from no dataclass or record")
    dataclasses.dataclass(init=False, repr=False, eq=False)(cls)  # the fields: no source
    every = dataclasses.fields(cls)
    _check(cls, every)
    _say_frozen(cls, order)
    methods = {
        "__init__": _lazy_init(cls, every),
        **_compared(every, order),
        **_guards(cls, frozenset(f.name for f in every)),
    }
    for name, method in methods.items():
        if name in cls.__dict__:  # `dataclass` would keep some: refused, not overwritten
            raise TypeError(f"{cls.__qualname__} defines {name}: a record makes its own")
        method.__qualname__ = f"{cls.__qualname__}.{name}"
        type.__setattr__(cls, name, method)
    return cls


def _lazy_init(cls: type, every: tuple[dataclasses.Field[Any], ...]) -> Callable[..., None]:
    """An `__init__` that compiles the real one (`_compile_init`) when first called, puts
    it in its own place, and calls it."""
    signature = _signature(every)

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        compiled = _compile_init(cls, every)
        compiled.__signature__ = signature  # type: ignore[attr-defined]  # as it was shown
        type.__setattr__(cls, "__init__", compiled)  # from now on, called directly
        compiled(self, *args, **kwargs)

    __init__.__signature__ = signature  # type: ignore[attr-defined]
    return __init__


def _compared(
    every: tuple[dataclasses.Field[Any], ...], order: bool
) -> dict[str, Callable[..., Any]]:
    """`==`, `hash`, `repr` (and the order) over the fields, as `dataclass` picks them."""
    compared = _getter([f.name for f in every if f.compare])
    hashed = _getter([f.name for f in every if (f.compare if f.hash is None else f.hash)])
    shown = tuple(f.name for f in every if f.repr)

    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is self.__class__:
            return compared(self) == compared(other)
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(hashed(self))

    @reprlib.recursive_repr()
    def __repr__(self: Any) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({values})"

    methods: dict[str, Callable[..., Any]] = {"__eq__": __eq__, "__hash__": __hash__}
    methods["__repr__"] = __repr__
    return {**methods, **_order(compared)} if order else methods


def _guards(cls: type, names: frozenset[str]) -> dict[str, Callable[..., None]]:
    """`dataclass`'s frozen `__setattr__` and `__delattr__`: no field of a record, and
    nothing of the record class itself (a subclass may hold more), is set or deleted."""
    kind: Any = cls

    def __setattr__(self: Any, name: str, value: Any) -> None:
        if type(self) is kind or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
        super(kind, self).__setattr__(name, value)

    def __delattr__(self: Any, name: str) -> None:
        if type(self) is kind or name in names:
            raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
        super(kind, self).__delattr__(name)

    return {"__setattr__": __setattr__, "__delattr__": __delattr__}


def _say_frozen(cls: type, order: bool) -> None:
    """Make the class's dataclass parameters say what it is (frozen, compared, shown):
    `dataclasses` reads them when a dataclass derives from it."""
    params = copy.copy(cls.__dict__["__dataclass_params__"])
    for name, value in (("init", True), ("repr", True), ("eq", True), ("order", order)):
        setattr(params, name, value)
    params.frozen = True
    type.__setattr__(cls, "__dataclass_params__", params)


def _check(cls: type, every: tuple[dataclasses.Field[Any], ...]) -> None:
    """Refuse what a record does not do, and what `dataclass` itself would refuse."""
    names = {f.name for f in every}
    for name, f in cls.__dict__["__dataclass_fields__"].items():  # InitVars are no fields
        if name not in names and "InitVar" in str(f.type):
            raise TypeError(f"{cls.__qualname__}.{name}: a record takes no InitVar")
    seen_default = False
    for f in every:
        if f.kw_only is True:
            raise TypeError(f"{cls.__qualname__}.{f.name}: a record takes no kw_only field")
        if not f.init:
            continue
        has_default = f.default is not dataclasses.MISSING or (
            f.default_factory is not dataclasses.MISSING
        )
        if seen_default and not has_default:
            raise TypeError(f"non-default argument {f.name!r} follows default argument")
        seen_default = seen_default or has_default


def _signature(every: tuple[dataclasses.Field[Any], ...]) -> inspect.Signature:
    """The signature of the `__init__` to come, as `inspect` shows the compiled one."""
    kind = inspect.Parameter.POSITIONAL_OR_KEYWORD
    params = [inspect.Parameter("self", kind)]
    for f in every:
        if f.init:
            default = f.default
            if f.default_factory is not dataclasses.MISSING:
                default = _HAS_FACTORY
            elif default is dataclasses.MISSING:
                default = inspect.Parameter.empty
            params.append(inspect.Parameter(f.name, kind, default=default, annotation=f.type))
    return inspect.Signature(params, return_annotation=None)


def _getter(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    """The fields `names` of a record as a tuple, as `dataclasses` compares and hashes them."""
    if not names:
        return lambda record: ()
    if len(names) == 1:
        one = operator.attrgetter(names[0])
        return lambda record: (one(record),)
    many: Callable[[Any], tuple[Any, ...]] = operator.attrgetter(*names)
    return many


def _order(key: Callable[[Any], tuple[Any, ...]]) -> dict[str, Callable[..., Any]]:
    """`<`, `<=`, `>`, `>=` between records of one class, by their compared fields."""
    methods: dict[str, Callable[..., Any]] = {}
    for name, compare in (
        ("__lt__", operator.lt),
        ("__le__", operator.le),
        ("__gt__", operator.gt),
        ("__ge__", operator.ge),
    ):

        def method(self: Any, other: Any, compare: Callable[[Any, Any], Any] = compare) -> Any:
            if other.__class__ is self.__class__:
                return compare(key(self), key(other))
            return NotImplemented

        methods[name] = method
    return methods


def _compile_init(cls: type, every: tuple[dataclasses.Field[Any], ...]) -> Callable[..., None]:
    """The `__init__` `dataclass(frozen=True)` would write: each argument set through
    `object.__setattr__`, a default factory called for an argument not given."""
    scope: dict[str, Any] = {"_set": object.__setattr__, "_HAS_FACTORY": _HAS_FACTORY}
    params, body = [], []
    for f in every:
        factory = f.default_factory is not dataclasses.MISSING
        if factory:
            scope[f"_factory_{f.name}"] = f.default_factory
        if f.default is not dataclasses.MISSING:
            scope[f"_default_{f.name}"] = f.default
        if not f.init:
            if factory:  # a plain default is left to the class, as `dataclass` leaves it
                body.append(f"_set(self, {f.name!r}, _factory_{f.name}())")
            continue
        if factory:
            params.append(f"{f.name}=_HAS_FACTORY")
            value = f"_factory_{f.name}() if {f.name} is _HAS_FACTORY else {f.name}"
        else:
            has_default = f.default is not dataclasses.MISSING
            params.append(f"{f.name}=_default_{f.name}" if has_default else f.name)
            value = f.name
        body.append(f"_set(self, {f.name!r}, {value})")
    if hasattr(cls, "__post_init__"):
        body.append("self.__post_init__()")
    source = f"def __init__({', '.join(['self', *params])}):\n"
    source += "".join(f"    {line}\n" for line in body or ["pass"])
    exec(compile(source, f"<record {cls.__qualname__}.__init__>", "exec"), scope)
    init: Callable[..., None] = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init
