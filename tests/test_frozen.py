"""`@record` against `@dataclass(frozen=True)`: the same class, feature by feature.

Each case is declared twice, once each way, and every value a record gives (signature,
repr, equality, hash, order, the frozen guards, `replace`, pickling, `fields`, `asdict`)
must be the dataclass's; what a record does not support is refused when it is made.
"""

from __future__ import annotations

import dataclasses
import inspect
import pickle
from collections.abc import Callable
from functools import partial
from typing import Any, ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from followup_md.core import model
from followup_md.core.frozen import record

VALUES = st.one_of(st.none(), st.integers(-3, 3), st.text(max_size=3), st.tuples(st.integers()))


def _cases() -> dict[str, Callable[[], type]]:
    """Fresh classes (not yet decorated) of each feature, by name."""

    def plain() -> type:
        class Plain:
            a: Any
            b: Any

        return Plain

    def defaults() -> type:
        class Defaults:
            a: Any
            b: Any = "x"
            c: Any = ()

        return Defaults

    def factory() -> type:
        class Factory:
            a: Any
            tags: Any = dataclasses.field(default_factory=list)

        return Factory

    def options() -> type:
        class Options:
            a: Any
            kept: Any = dataclasses.field(default=None, compare=False)
            secret: Any = dataclasses.field(default=1, repr=False)
            loose: Any = dataclasses.field(default=2, hash=False)
            made: Any = dataclasses.field(default=3, init=False)
            counter: ClassVar[int] = 0

        return Options

    def empty() -> type:
        class Empty:
            pass

        return Empty

    return {"plain": plain, "defaults": defaults, "factory": factory, "options": options,
            "empty": empty}  # fmt: skip


CASES = _cases()


def pair(case: str, order: bool = False) -> tuple[type, type]:
    """(the record, the dataclass) of one case."""
    made = record(order=order)(CASES[case]())
    reference = dataclasses.dataclass(frozen=True, order=order)(CASES[case]())
    return made, reference


def arguments(case: str, draw: st.DataObject) -> list[Any]:
    """Values for the required arguments of the case, and for some of the others."""
    given = [f for f in dataclasses.fields(pair(case)[1]) if f.init]
    required = len([f for f in given if f.default is f.default_factory is dataclasses.MISSING])
    count = draw.draw(st.integers(required, len(given)))
    return [draw.draw(VALUES) for _ in range(count)]


def outcome(action: Callable[[], Any]) -> Any:
    """What an action gives, or the exception it raises (its type and message)."""
    try:
        return ("value", action())
    except Exception as exc:  # noqa: BLE001  # the exceptions are compared
        return ("raised", type(exc), str(exc))


@pytest.mark.parametrize("case", CASES)
def test_a_record_is_made_and_called_as_the_dataclass_is(case: str) -> None:
    made, reference = pair(case)
    assert str(inspect.signature(made)) == str(inspect.signature(reference))
    assert [f.name for f in dataclasses.fields(made)] == [
        f.name for f in dataclasses.fields(reference)
    ]
    assert made.__match_args__ == reference.__match_args__  # type: ignore[attr-defined]
    assert dataclasses.is_dataclass(made)
    assert made.__dataclass_params__.frozen  # type: ignore[attr-defined]


@settings(max_examples=300)
@given(st.sampled_from(sorted(CASES)), st.booleans(), st.data())
def test_a_record_behaves_as_the_dataclass(case: str, order: bool, data: st.DataObject) -> None:
    made, reference = pair(case, order)
    first, second = arguments(case, data), arguments(case, data)
    ours = [made(*first), made(*second)]
    theirs = [reference(*first), reference(*second)]
    assert [repr(x) for x in ours] == [repr(x) for x in theirs]
    assert (ours[0] == ours[1]) == (theirs[0] == theirs[1])
    assert (ours[0] != ours[1]) == (theirs[0] != theirs[1])
    assert outcome(lambda: hash(ours[0])) == outcome(lambda: hash(theirs[0]))
    assert dataclasses.asdict(ours[0]) == dataclasses.asdict(theirs[0])
    assert (ours[0] == first) == (theirs[0] == first)  # another class: never equal
    if order:
        for compare in ("__lt__", "__le__", "__gt__", "__ge__"):
            ordered = partial(getattr(ours[0], compare), ours[1])
            assert outcome(ordered) == outcome(partial(getattr(theirs[0], compare), theirs[1]))
    for name in ("a", "nothing"):
        assigned = partial(setattr, ours[0], name, 1)
        assert outcome(assigned) == outcome(partial(setattr, theirs[0], name, 1))
        deleted = partial(delattr, ours[0], name)
        assert outcome(deleted) == outcome(partial(delattr, theirs[0], name))
    if dataclasses.fields(made):
        changed = dataclasses.replace(ours[0], a="changed")
        assert repr(changed) == repr(dataclasses.replace(theirs[0], a="changed"))
    assert outcome(lambda: made(*first, 1, 2, 3, 4, 5, 6)) == outcome(
        lambda: reference(*first, 1, 2, 3, 4, 5, 6)
    )


def test_a_default_factory_gives_each_record_its_own_value() -> None:
    made, _ = pair("factory")
    one, two = made(1), made(2)
    assert one.tags == [] and one.tags is not two.tags


def test_records_pickle_and_unpickle_equal() -> None:
    contact = model.Problem("People/Ann.md", 3, "a message")
    copy = pickle.loads(pickle.dumps(contact))
    assert copy == contact and hash(copy) == hash(contact)
    with pytest.raises(dataclasses.FrozenInstanceError):
        copy.line = 4


def test_a_recursive_repr_stops_as_the_dataclasss_does() -> None:
    made, reference = pair("plain")
    ours, theirs = made([], 1), reference([], 1)
    ours.a.append(ours)
    theirs.a.append(theirs)
    assert repr(ours) == repr(theirs)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("a: int = 1\nb: int\n", "non-default argument 'b' follows default argument"),
        ("a: int = field(kw_only=True)\n", "a record takes no kw_only field"),
        ("a: InitVar[int]\n", "a record takes no InitVar"),
        ("a: int\ndef __eq__(self, other): return True\n", "a record makes its own"),
        ("a: int\ndef __init__(self, a): pass\n", "a record makes its own"),
    ],
)
def test_what_a_record_does_not_do_is_refused_when_it_is_made(source: str, message: str) -> None:
    namespace: dict[str, Any] = {"field": dataclasses.field, "InitVar": dataclasses.InitVar}
    body = "".join(f"    {line}\n" for line in source.splitlines())
    code = compile(f"class Odd:\n{body}", "<odd>", "exec", dont_inherit=True)  # annotated
    exec(code, namespace)  # noqa: S102  # the test's own source
    with pytest.raises(TypeError, match=message):
        record(namespace["Odd"])


def test_the_signature_stays_the_dataclasss_once_the_class_was_called() -> None:
    made, reference = pair("defaults")
    before = str(inspect.signature(made))
    made(1)
    assert str(inspect.signature(made)) == before == str(inspect.signature(reference))


def test_a_field_not_in_init_with_a_plain_default_is_left_to_the_class() -> None:
    made, reference = pair("options")
    assert vars(made(1)) == vars(reference(1))


def test_a_record_derives_from_no_dataclass() -> None:
    base = record(CASES["plain"]())

    class Derived(base):  # type: ignore[valid-type,misc]
        c: Any

    with pytest.raises(TypeError, match="derives from no dataclass"):
        record(Derived)
