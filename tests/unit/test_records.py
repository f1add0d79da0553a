"""``gameday.records.record`` behaves as ``@dataclass(frozen=True)`` in every way a caller sees."""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gameday.records import record


@record
class R:
    a: int
    b: str = ""
    c: tuple[int, ...] = ()
    note: str = field(default="", compare=False)
    secret: str = field(default="", repr=False)
    loose: int = field(default=0, hash=False)


@dataclass(frozen=True)
class D:
    a: int
    b: str = ""
    c: tuple[int, ...] = ()
    note: str = field(default="", compare=False)
    secret: str = field(default="", repr=False)
    loose: int = field(default=0, hash=False)


values = st.fixed_dictionaries(
    {
        "a": st.integers(-3, 3),
        "b": st.sampled_from(["", "x", "y"]),
        "c": st.tuples(st.integers(0, 2)) | st.just(()),
        "note": st.sampled_from(["", "n"]),
        "secret": st.sampled_from(["", "s"]),
        "loose": st.integers(0, 2),
    }
)


@given(values, values)
def test_eq_hash_and_repr_are_the_dataclass_ones(x: dict[str, Any], y: dict[str, Any]) -> None:
    rx, ry, dx, dy = R(**x), R(**y), D(**x), D(**y)
    assert (rx == ry) == (dx == dy)
    assert (rx != ry) == (dx != dy)
    assert hash(rx) == hash(dx)
    assert repr(rx).removeprefix("R") == repr(dx).removeprefix("D")
    if rx == ry:
        assert hash(rx) == hash(ry)


def test_it_is_a_frozen_dataclass() -> None:
    r = R(1, "x")
    assert dataclasses.is_dataclass(r) and R.__dataclass_params__.frozen  # type: ignore[attr-defined]
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.a = 2  # type: ignore[misc]
    assert dataclasses.replace(r, a=2) == R(2, "x")
    assert dataclasses.asdict(r)["b"] == "x"
    assert pickle.loads(pickle.dumps(r)) == r
    assert (R(1) == D(1)) is False and R(1).__eq__(D(1)) is NotImplemented


def test_keyword_only_identity_subclasses_and_own_methods() -> None:
    @record(kw_only=True)
    class K:
        a: int

    with pytest.raises(TypeError):
        K(1)  # type: ignore[misc]
    assert K(a=1) == K(a=1)

    @record(eq=False)
    class Same:
        a: int

    one = Same(1)
    assert one == one and Same(1) != Same(1)
    assert Same.__hash__ is object.__hash__

    @record
    class Sub(R):
        d: int = 0

    assert Sub(1, d=2) == Sub(1, d=2) != Sub(1, d=3)
    assert repr(Sub(1, d=2)).endswith("loose=0, d=2)") and Sub(1) != R(1)

    @record
    class Own:
        a: int

        def __eq__(self, other: object) -> bool:
            return True

        def __repr__(self) -> str:
            return "own"

    assert Own(1) == Own(2) and repr(Own(1)) == "own"
    assert hash(Own(1)) == hash((1,))  # its own __eq__, the fields' hash: as dataclass does

    @record
    class Hashes:
        a: int

        def __hash__(self) -> int:
            return 7

    assert hash(Hashes(1)) == 7


def test_a_record_inside_itself_is_shown_once() -> None:
    @record
    class Box:
        items: list[Any]

    box = Box([])
    box.items.append(box)
    assert repr(box) == "test_a_record_inside_itself_is_shown_once.<locals>.Box(items=[...])"
