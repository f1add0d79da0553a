"""The one typed reader every gameday file format goes through.

A format is declared once, as frozen dataclasses with annotated fields; ``read`` turns parsed
YAML/JSON data into those types and ``gameday.formats.schema`` turns the same types into the
JSON Schema editors use. Reading collects *every* problem as ``(path, message)`` and goes on
(a wrong value becomes "invalid" and its parent is not built), so ``gameday validate`` shows all
mistakes of a file at once; ``Source`` maps each path to ``file:line: key:``.

Why not a library: measured in ``benchmarks/formats_bench.py``. The responder commands import
this module (team files, action params), so its import cost is part of every ``gameday ack``;
pydantic and cattrs add tens of milliseconds there, and msgspec stops at the first error.
Plain dataclasses, ``typing.Annotated`` constraints and a converter compiled once per type cost
nothing to import and keep the messages gameday already had.

What the reader refuses, wherever the field is: text with control characters (C0, C1, DEL) or
invisible direction overrides; non-finite numbers; numbers outside the field's ``Range`` (or
the defaults ``±1e9``); booleans where numbers are expected (``True == 1`` in Python); keys
that are not text; unknown keys (with "did you mean"); anything but plain JSON-like data in
free-form fields.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import math
import re
import types
import typing
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from gameday.durations import MAX_S, parse_duration

T = TypeVar("T")
PathPart = str | int
Path_ = tuple[PathPart, ...]

MAX_INT = 1_000_000_000
"""Default bound of a whole number a file may hold (fields with a ``Range`` say their own)."""
MAX_FLOAT = 1e9
MAX_TEXT = 100_000
"""Default longest text; names and one-liners are much shorter."""
MAX_PLAIN_DEPTH = 32
MAX_PLAIN_INT = 2**63 - 1  # what SQLite and every JSON reader keep exactly enough

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")


class _Invalid:
    """The value of a field that could not be read (its problem is already recorded)."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()


# --- constraints (used in typing.Annotated[...]) --------------------------------------------
# Plain slotted classes, not dataclasses: this module is imported by every responder command,
# and each @dataclass costs about a millisecond to create.
class _Meta:
    __slots__: tuple[str, ...] = ()

    def _key(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, _Meta) and type(self) is type(other) and self._key() == other._key()
        )

    def __hash__(self) -> int:
        return hash((type(self), self._key()))

    def __repr__(self) -> str:
        args = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__slots__)
        return f"{type(self).__name__}({args})"


class Range(_Meta):
    """Inclusive bounds; ``above`` makes the lower bound exclusive ("more than 0s")."""

    __slots__ = ("above", "hi", "lo")

    def __init__(self, lo: float | None = None, hi: float | None = None, above: bool = False):
        self.lo, self.hi, self.above = lo, hi, above


class Length(_Meta):
    """Item count of a list or mapping, or character count of a text."""

    __slots__ = ("max", "min")

    def __init__(self, min: int = 0, max: int | None = None) -> None:
        self.min, self.max = min, max


class Pattern(_Meta):
    """A text must match ``regex`` completely; ``rule`` says so in words."""

    __slots__ = ("regex", "rule")

    def __init__(self, regex: str, rule: str) -> None:
        self.regex, self.rule = regex, rule


class NotBlank(_Meta):
    """Text that is not empty or only spaces."""


class SingleLine(_Meta):
    """Text without line breaks (a title, a name)."""


class Printable(_Meta):
    """Text of printable characters only: no zero-width or direction marks (names of people)."""


class Known(_Meta):
    """Text that must be one of the names ``names(env)`` returns (a registry's); ``None`` from
    ``names`` skips the check (read without the registries, e.g. in a test)."""

    __slots__ = ("names", "what")

    def __init__(self, names: Callable[[Any], Sequence[str] | None], what: str) -> None:
        self.names, self.what = names, what


class ReadAs(_Meta):
    """Read the field as ``hint`` (its ``__check__`` turns that into the declared type): a
    mapping or a one-line text that both become a ``RootCause``."""

    __slots__ = ("hint",)

    def __init__(self, hint: Any) -> None:
        self.hint = hint


class Doc(_Meta):
    """A description (and examples) for the JSON Schema; no effect on reading."""

    __slots__ = ("examples", "text")

    def __init__(self, text: str, examples: tuple[Any, ...] = ()) -> None:
        self.text, self.examples = text, examples


def spec(
    default: Any = dataclasses.MISSING,
    *,
    factory: Any = dataclasses.MISSING,
    key: str | None = None,
    doc: str = "",
    examples: tuple[Any, ...] = (),
    derived: bool = False,
    required: bool | None = None,
) -> Any:
    """A dataclass field with reader metadata.

    ``key``: the file's key when it differs from the attribute (``from``, ``as``);
    ``derived``: not read from the file (filled by the type's ``__check__``);
    ``required``: whether the file must have the key, when that differs from having no
    Python default (a field the constructor needs but ``__check__`` fills when the file leaves
    it out is ``required=False``; it is read as ``None`` then).
    """
    meta = {"key": key, "doc": doc, "examples": examples, "derived": derived, "required": required}
    if factory is not dataclasses.MISSING:
        return dataclasses.field(default_factory=factory, metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


# --- the reading context --------------------------------------------------------------------
class Reader:
    """Collects problems while reading; ``env`` is whatever the format's checks need."""

    __slots__ = ("env", "issues", "line_of", "noun")

    def __init__(
        self,
        env: Any = None,
        *,
        line_of: Callable[[Path_], int | None] | None = None,
        noun: str = "key",
    ) -> None:
        self.env = env
        self.issues: list[tuple[Path_, str]] = []
        self.line_of = line_of
        self.noun = noun  # "parameter" while reading a piece's params

    def fail(self, path: Path_, message: str) -> Any:
        self.issues.append((path, message))
        return INVALID

    def line(self, path: Path_) -> int | None:
        return self.line_of(path) if self.line_of is not None else None

    def scratch(self) -> Reader:
        return Reader(self.env, line_of=self.line_of, noun=self.noun)


class Check:
    """What a type's ``__check__(self, check)`` hook uses to report problems under its path."""

    __slots__ = ("path", "reader")

    def __init__(self, reader: Reader, path: Path_) -> None:
        self.reader = reader
        self.path = path

    @property
    def env(self) -> Any:
        return self.reader.env

    def at(self, *rel: PathPart) -> Path_:
        return (*self.path, *rel)

    def fail(self, rel: PathPart | Sequence[PathPart], message: str) -> None:
        parts = (rel,) if isinstance(rel, str | int) else tuple(rel)
        self.reader.fail((*self.path, *parts), message)

    def line(self, *rel: PathPart) -> int | None:
        return self.reader.line((*self.path, *rel))

    @property
    def failed(self) -> int:
        return len(self.reader.issues)

    def read(self, hint: Any, value: Any, *rel: PathPart) -> Any:
        """Read ``value`` as ``hint`` under this path (dependent fields: a piece's params)."""
        return converter(hint)(value, (*self.path, *rel), self.reader)


Conv = Callable[[Any, Path_, Reader], Any]


# --- messages -------------------------------------------------------------------------------
def type_name(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"true/false ({value!r})"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, str | int | float):
        return short(value)
    return f"{type(value).__name__} {short(value)}"


def short(value: object, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _close(word: object, known: Sequence[str]) -> list[str]:
    """The known name closest to a misspelt ``word`` (difflib is imported only for a mistake)."""
    if not isinstance(word, str):
        return []
    import difflib

    return difflib.get_close_matches(word, list(known), n=1)


def suggest(name: object, known: Sequence[str]) -> str:
    """``(did you mean 'x'? known: a, b)`` for an unknown name."""
    close = _close(name, known)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"({hint}known: {', '.join(known) or 'none'})"


def text_problem(value: str, *, printable: bool = False) -> str | None:
    """Why ``value`` is not acceptable text, or None."""
    m = _CONTROL.search(value)
    if m is not None:
        return f"contains the control character U+{ord(m.group()):04X}, which is not allowed"
    if printable and not value.isprintable():
        bad = next(c for c in value if not c.isprintable())
        return f"contains the invisible character U+{ord(bad):04X}; use plain letters"
    return None


# --- converters -----------------------------------------------------------------------------
_CACHE: dict[Any, Conv] = {}


def converter(hint: Any) -> Conv:
    """The reading function of ``hint``, compiled once."""
    try:
        return _CACHE[hint]
    except KeyError:
        pass
    except TypeError:  # an unhashable annotation: compile, do not cache
        return _compile(hint, ())
    conv = _compile(hint, ())
    _CACHE[hint] = conv
    return conv


def _unwrap(hint: Any) -> tuple[Any, tuple[Any, ...]]:
    meta: tuple[Any, ...] = ()
    while typing.get_origin(hint) is typing.Annotated:
        meta = (*hint.__metadata__, *meta)
        hint = hint.__origin__
    return hint, meta


def _meta(meta: tuple[Any, ...], kind: type[T]) -> T | None:
    for m in meta:
        if isinstance(m, kind):
            return m
    return None


def _compile(hint: Any, outer: tuple[Any, ...]) -> Conv:
    hint, meta = _unwrap(hint)
    meta = (*outer, *meta)
    read_as = _meta(meta, ReadAs)
    if read_as is not None:
        return converter(read_as.hint)
    reader = getattr(hint, "__gameday_read__", None)
    if reader is not None:
        return _custom(hint, meta)
    if hint is Any or hint is object:
        return _plain_conv
    if hint is str:
        return _str_conv(meta)
    if hint is bool:
        return _bool_conv
    if hint is int:
        return _int_conv(_meta(meta, Range))
    if hint is float:
        return _float_conv(_meta(meta, Range))
    if hint is datetime:
        return _time_conv
    if hint is type(None):
        return _none_conv
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Literal:
        return _literal_conv(args)
    if origin in (typing.Union, types.UnionType):
        return _union_conv(args, meta)
    if origin in (list, tuple, frozenset) or hint in (list, tuple, frozenset):
        item = args[0] if args else Any
        if origin is tuple and len(args) == 2 and args[1] is not Ellipsis:
            raise TypeError(f"fixed-size tuples are not a file format: {hint!r}")
        return _seq_conv(converter(item), origin or hint, _meta(meta, Length))
    if origin is dict or hint is dict:
        if not args or (args[0] is str and args[1] is Any):
            return _plain_mapping_conv
        return _dict_conv(converter(args[0]), converter(args[1]), _meta(meta, Length))
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _dataclass_conv(hint)
    raise TypeError(f"gameday.formats cannot read {hint!r}")  # a bug in a declaration


def _custom(cls: Any, meta: tuple[Any, ...]) -> Conv:
    made = getattr(cls, "__gameday_reader__", None)  # a reader made once for these ``meta``
    if made is not None:
        return made(meta)  # type: ignore[no-any-return]
    read = cls.__gameday_read__

    def conv(value: Any, path: Path_, r: Reader) -> Any:
        return read(value, path, r, meta)

    return conv


def _none_conv(value: Any, path: Path_, r: Reader) -> Any:
    if value is None:
        return None
    return r.fail(path, f"expected nothing (null), got {type_name(value)}")


def _bool_conv(value: Any, path: Path_, r: Reader) -> Any:
    if value is True or value is False:
        return value
    return r.fail(path, f"expected true or false, got {type_name(value)}")


def _bounds(rng: Range | None, lo: float, hi: float) -> tuple[float, float, bool]:
    if rng is None:
        return lo, hi, False
    return (
        rng.lo if rng.lo is not None else lo,
        rng.hi if rng.hi is not None else hi,
        rng.above,
    )


def _range_text(lo: float, hi: float, above: bool) -> str:
    if above:
        return f"more than {lo:g}, at most {hi:g}"
    return f"{lo:g}..{hi:g}"


def _int_conv(rng: Range | None) -> Conv:
    lo, hi, above = _bounds(rng, -MAX_INT, MAX_INT)

    def conv(value: Any, path: Path_, r: Reader) -> Any:
        if value.__class__ is not int:
            if isinstance(value, int) and not isinstance(value, bool):
                value = int(value)
            else:
                return r.fail(path, f"expected a whole number, got {type_name(value)}")
        if value < lo or value > hi or (above and value == lo):
            return r.fail(path, f"{short(value)} is out of range ({_range_text(lo, hi, above)})")
        return value

    return _passes(conv, "v.__class__ is int", lo, hi, above)


def _passes(conv: Conv, test: str, lo: float, hi: float, above: bool) -> Conv:
    """Mark ``conv``: a value that passes ``test`` and the bounds reads as itself, so a
    generated reader (``_generate_fast``) keeps it without calling ``conv`` (a long drill's
    events are read field by field, thousands of times)."""
    bounds = "{lo} < v <= {hi}" if above else "{lo} <= v <= {hi}"
    conv.__gameday_inline__ = (f"{test} and {bounds}", {"lo": lo, "hi": hi})  # type: ignore[attr-defined]
    return conv


def _float_conv(rng: Range | None) -> Conv:
    lo, hi, above = _bounds(rng, -MAX_FLOAT, MAX_FLOAT)

    def conv(value: Any, path: Path_, r: Reader) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            return r.fail(path, f"expected a number, got {type_name(value)}")
        if isinstance(value, float) and not math.isfinite(value):
            return r.fail(path, f"{short(value)} is not a finite number")
        if value < lo or value > hi or (above and value == lo):
            return r.fail(path, f"{short(value)} is out of range ({_range_text(lo, hi, above)})")
        return float(value)

    return _passes(conv, "v.__class__ is float", lo, hi, above)  # NaN fails the bounds


def _str_conv(meta: tuple[Any, ...]) -> Conv:
    pattern = _meta(meta, Pattern)
    rx = re.compile(pattern.regex) if pattern else None
    length = _meta(meta, Length)
    lo = length.min if length else 0
    hi = length.max if length and length.max is not None else MAX_TEXT
    blank = _meta(meta, NotBlank) is not None
    one_line = _meta(meta, SingleLine) is not None
    printable = _meta(meta, Printable) is not None
    known = _meta(meta, Known)
    # Text that passed once passes again (its checks depend on the text alone, unless names are
    # looked up): a long timeline repeats the same few kinds and actors thousands of times.
    passed: set[str] = set()

    def conv(value: Any, path: Path_, r: Reader) -> Any:
        if value.__class__ is str and value in passed:
            return value
        if value.__class__ is not str:
            if not isinstance(value, str):
                return r.fail(path, f"expected text, got {type_name(value)}")
            value = str(value)
        if _CONTROL.search(value) is not None:
            return r.fail(path, f"{short(value)} {text_problem(value)}")
        if one_line and ("\n" in value or "\r" in value):
            return r.fail(path, f"{short(value)} must be one line")
        if printable and not value.isprintable():
            return r.fail(path, f"{short(value)} {text_problem(value, printable=True)}")
        if blank and not value.strip():
            return r.fail(path, "must not be empty")
        n = len(value)
        if n < lo:
            return r.fail(path, "must not be empty" if lo == 1 else f"needs {lo} characters")
        if n > hi:
            return r.fail(path, f"is {n:,} characters; the limit is {hi:,}")
        if rx is not None and rx.fullmatch(value) is None:
            assert pattern is not None
            return r.fail(path, f"{short(value)} {pattern.rule}")
        if known is not None:
            names = known.names(r.env)
            if names is not None and value not in names:
                return r.fail(
                    path, f"unknown {known.what} {short(value)} {suggest(value, list(names))}"
                )
        elif len(passed) < 4096 and n <= 200:
            passed.add(value)
        return value

    if known is None:  # a generated reader looks the text up without a call
        conv.__gameday_inline__ = ("v.__class__ is str and v in {passed}", {"passed": passed})  # type: ignore[attr-defined]
    return conv


def parse_time(value: Any) -> datetime | None:
    """An aware UTC datetime from ISO-8601 text (``Z`` or an offset; no zone = UTC)."""
    if isinstance(value, datetime):
        dt = value
    elif isinstance(value, str) and 0 < len(value) <= 64:
        try:  # Python 3.11 reads a trailing Z itself
            dt = datetime.fromisoformat(value if value[-1] != "z" else value[:-1] + "Z")
        except ValueError:
            try:
                dt = datetime.fromisoformat(value.strip())
            except ValueError:
                return None
    else:
        return None
    if not 1970 <= dt.year <= 2200:
        return None
    tz = dt.tzinfo
    if tz is UTC:  # already what it would become (fromisoformat's +00:00 and Z)
        return dt
    return dt.replace(tzinfo=UTC) if tz is None else dt.astimezone(UTC)


def _time_conv(value: Any, path: Path_, r: Reader) -> Any:
    dt = parse_time(value)
    if dt is None:
        return r.fail(
            path, f"{short(value)} is not an ISO-8601 time like 2026-05-04T09:00:00Z (1970-2200)"
        )
    return dt


def _literal_conv(choices: tuple[Any, ...]) -> Conv:
    words = ", ".join(str(c) for c in choices)
    names = [c for c in choices if isinstance(c, str)]

    def conv(value: Any, path: Path_, r: Reader) -> Any:
        for c in choices:
            if value.__class__ is c.__class__ and value == c:
                return c
        if len(choices) == 1:
            return r.fail(path, f"must be {choices[0]!r}, got {type_name(value)}")
        hint = ""
        if isinstance(value, str) and names:
            close = _close(value, names)
            hint = f"; did you mean {close[0]!r}?" if close else ""
        return r.fail(path, f"{short(value)} is not one of {words}{hint}")

    return conv


def _family(hint: Any) -> str:
    base, _ = _unwrap(hint)
    if dataclasses.is_dataclass(base) or typing.get_origin(base) is dict or base is dict:
        return "mapping"
    if typing.get_origin(base) in (list, tuple, frozenset) or base in (list, tuple, frozenset):
        return "list"
    return "scalar"


def _value_family(value: Any) -> str:
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list | tuple):
        return "list"
    return "scalar"


def _union_conv(args: tuple[Any, ...], meta: tuple[Any, ...]) -> Conv:
    optional = type(None) in args
    branches = [a for a in args if a is not type(None)]
    convs = [_compile(a, meta) for a in branches]
    families = [_family(a) for a in branches]
    tags = [getattr(_unwrap(a)[0], "__tag__", None) for a in branches]
    if all(tags) and len(branches) > 1:  # a tagged union: the tag key says which one is meant
        return _tagged_conv(tags, convs, optional)  # type: ignore[arg-type]
    described = " or ".join(describe(a) for a in branches)
    if len(convs) == 1:  # X | None, the common case: no trial and error
        only = convs[0]

        def optional_conv(value: Any, path: Path_, r: Reader) -> Any:
            if value is None and optional:
                return None
            return only(value, path, r)

        if optional:  # generated readers test for None themselves and call ``only``
            optional_conv.__gameday_optional__ = only  # type: ignore[attr-defined]
        return optional_conv

    def conv(value: Any, path: Path_, r: Reader) -> Any:
        if value is None and optional:
            return None
        if len(convs) == 1:
            return convs[0](value, path, r)
        family = _value_family(value)
        report: Reader | None = None
        for c, fam in zip(convs, families, strict=True):
            scratch = r.scratch()
            out = c(value, path, scratch)
            if out is not INVALID:
                return out
            if fam == family and report is None:
                report = scratch
        if report is not None:
            r.issues.extend(report.issues)
            return INVALID
        return r.fail(path, f"expected {described}, got {type_name(value)}")

    return conv


def _tagged_conv(tags: list[str], convs: list[Conv], optional: bool) -> Conv:
    keys = " or ".join(f"'{t}:'" for t in tags)

    def conv(value: Any, path: Path_, r: Reader) -> Any:
        if value is None and optional:
            return None
        if not isinstance(value, dict):
            return r.fail(path, f"expected a mapping with {keys}, got {type_name(value)}")
        present = [i for i, t in enumerate(tags) if t in value]
        if len(present) != 1:
            return r.fail(path, f"each entry needs exactly one of {keys}")
        return convs[present[0]](value, path, r)

    return conv


def _seq_conv(item: Conv, kind: Any, length: Length | None) -> Conv:
    lo = length.min if length else 0
    hi = length.max if length and length.max is not None else None

    def conv(value: Any, path: Path_, r: Reader) -> Any:
        if not isinstance(value, list | tuple):
            return r.fail(path, f"expected a list, got {type_name(value)}")
        n = len(value)
        if n < lo:
            return r.fail(path, f"needs at least {lo} item{'s' if lo > 1 else ''}")
        if hi is not None and n > hi:
            return r.fail(path, f"has {n} items; the limit is {hi}")
        out = []
        ok = True
        for i, v in enumerate(value):
            x = item(v, (*path, i), r)
            if x is INVALID:
                ok = False
            else:
                out.append(x)
        if not ok:
            return INVALID
        if kind is frozenset:
            return frozenset(out)
        return tuple(out)

    return conv


def _dict_conv(key: Conv, val: Conv, length: Length | None) -> Conv:
    lo = length.min if length else 0

    def conv(value: Any, path: Path_, r: Reader) -> Any:
        if not isinstance(value, dict):
            return r.fail(path, f"expected a mapping, got {type_name(value)}")
        if len(value) < lo:
            return r.fail(path, f"needs at least {lo} entr{'ies' if lo > 1 else 'y'}")
        out = {}
        ok = True
        for k, v in value.items():
            where = (*path, k if k.__class__ is str else str(k))
            kk = key(k, where, r)
            if kk is INVALID:  # the value's checks may depend on its key (a severity level)
                ok = False
                continue
            vv = val(v, where, r)
            if vv is INVALID:
                ok = False
            else:
                out[kk] = vv
        return out if ok else INVALID

    return conv


def _plain_conv(value: Any, path: Path_, r: Reader) -> Any:
    """Free-form data (event payloads): JSON-plain, finite, bounded, text keys only."""
    return _plain(value, path, r, 0)


def _plain_mapping_conv(value: Any, path: Path_, r: Reader) -> Any:
    if not isinstance(value, dict):
        return r.fail(path, f"expected a mapping, got {type_name(value)}")
    return _plain(value, path, r, 0)


def _plain(value: Any, path: Path_, r: Reader, depth: int) -> Any:
    cls = value.__class__
    if cls is str:
        problem = text_problem(value) if _CONTROL.search(value) else None
        if problem is not None:
            return r.fail(path, f"{short(value)} {problem}")
        if len(value) > MAX_TEXT:
            return r.fail(path, f"is {len(value):,} characters; the limit is {MAX_TEXT:,}")
        return value
    if cls is bool or value is None:
        return value
    if cls is int:
        if -MAX_PLAIN_INT <= value <= MAX_PLAIN_INT:
            return value
        return r.fail(path, f"{short(value)} is too large a number")
    if cls is float:
        if math.isfinite(value):
            return value
        return r.fail(path, f"{short(value)} is not a finite number")
    if depth >= MAX_PLAIN_DEPTH:
        return r.fail(path, f"is nested more than {MAX_PLAIN_DEPTH} levels deep")
    if cls is dict:
        ok = True
        for k, v in value.items():
            if k.__class__ is not str:
                r.fail((*path, str(k)), f"keys must be text, got {type_name(k)}")
                ok = False
                continue
            vc = v.__class__  # the common scalars inline: an event's payload is mostly these
            if vc is str:
                if len(v) <= MAX_TEXT and _CONTROL.search(v) is None:
                    continue
            elif vc is int:
                if -MAX_PLAIN_INT <= v <= MAX_PLAIN_INT:
                    continue
            elif vc is float:
                if math.isfinite(v):
                    continue
            elif vc is bool or v is None:
                continue
            if _plain(v, (*path, k), r, depth + 1) is INVALID:
                ok = False
        return value if ok else INVALID
    if cls is list:
        ok = True
        for i, v in enumerate(value):
            if _plain(v, (*path, i), r, depth + 1) is INVALID:
                ok = False
        return value if ok else INVALID
    if isinstance(value, datetime):
        return value.isoformat()
    return r.fail(path, f"expected text, numbers, lists or mappings, got {type_name(value)}")


# --- dataclasses ----------------------------------------------------------------------------
class FieldInfo:
    """A readable field of a format dataclass: its file key and reader metadata."""

    __slots__ = (
        "default",
        "derived",
        "doc",
        "examples",
        "factory",
        "hint",
        "key",
        "name",
        "required",
    )

    def __init__(self, **kw: Any) -> None:
        self.factory = False
        for k, v in kw.items():
            setattr(self, k, v)

    name: str
    key: str
    hint: Any
    required: bool
    derived: bool
    doc: str
    examples: tuple[Any, ...]
    default: Any  # the value, or the factory when ``factory``
    factory: bool


def fields_of(cls: type) -> list[FieldInfo]:
    """The readable fields of a format dataclass, with their file keys and metadata."""
    cached = cls.__dict__.get("__gameday_fields__")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    hints = typing.get_type_hints(cls, include_extras=True)
    out = []
    for f in dataclasses.fields(cls):
        if not f.init:
            continue
        md = f.metadata
        default = f.default
        if f.default_factory is not dataclasses.MISSING:
            default = f.default_factory
        required = md.get("required")
        if required is None:
            required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        out.append(
            FieldInfo(
                name=f.name,
                key=md.get("key") or f.name,
                hint=hints[f.name],
                required=bool(required) and not md.get("derived"),
                derived=bool(md.get("derived")),
                doc=md.get("doc", ""),
                examples=tuple(md.get("examples", ())),
                default=default,
                factory=f.default_factory is not dataclasses.MISSING,
            )
        )
    setattr(cls, "__gameday_fields__", out)  # noqa: B010 - a cache on the class itself
    return out


def _dataclass_conv(cls: type) -> Conv:
    # Compiled on first use (a forward reference may not resolve at declaration time) into
    # flat tuples, so reading a 100,000-event timeline spends its time on values, not lookups.
    plan: list[Any] = []

    def setup() -> None:
        readers: list[tuple[str, str, Conv, bool, bool]] = []
        defaults: dict[str, Any] = {}
        factories: list[tuple[str, Any]] = []
        for f in fields_of(cls):
            if not f.derived:
                no_default = f.default is dataclasses.MISSING
                readers.append((f.key, f.name, converter(f.hint), f.required, no_default))
            if f.default is dataclasses.MISSING:
                if f.derived or not f.required:
                    defaults[f.name] = None  # the constructor needs it; __check__ fills it
            elif f.factory:
                factories.append((f.name, f.default))
            else:
                defaults[f.name] = f.default
        keys = [k for k, *_ in readers]
        direct = (
            "__post_init__" not in cls.__dict__
            and not any("__post_init__" in b.__dict__ for b in cls.__mro__[1:])
            and not hasattr(cls, "__slots__")
        )
        plan.extend([tuple(readers), defaults, tuple(factories), frozenset(keys), keys, direct])
        if direct and before_fields is None:
            fast[:] = [_generate_fast(cls, plan, conv, check)]

    extensions = bool(getattr(cls, "__extensions__", False))
    check = getattr(cls, "__check__", None)
    before_fields = getattr(cls, "__before_fields__", None)
    new = object.__new__
    fast: list[Conv] = []

    def entry(value: Any, path: Path_, r: Reader) -> Any:
        if not plan:
            setup()
        if fast:
            return fast[0](value, path, r)
        return conv(value, path, r)

    def conv(value: Any, path: Path_, r: Reader) -> Any:
        if not plan:
            setup()
        readers, defaults, factories, keyset, keys, direct = plan
        if value.__class__ is not dict and not isinstance(value, dict):
            what = getattr(cls, "__what__", None) or f"a mapping ({', '.join(_keys_preview(cls))})"
            return r.fail(path, f"expected {what}, got {type_name(value)}")
        ok = True
        if not keyset.issuperset(value):
            ok = _key_problems(value, keyset, keys, extensions, path, r)
        if before_fields is not None:  # context the fields' own checks need (a target's services)
            count = len(r.issues)
            before_fields(value, Check(r, path))
            ok = ok and len(r.issues) == count
        values = dict(defaults)
        for name, make in factories:
            values[name] = make()
        get = value.get
        for key, name, read, required, _ in readers:
            v = get(key, INVALID)
            if v is INVALID:
                if required:
                    r.fail((*path, key), f"required {r.noun} is missing")
                    ok = False
                continue
            v = read(v, (*path, key), r)
            if v is INVALID:
                ok = False
            else:
                values[name] = v
        if not ok:
            return INVALID
        obj: Any
        if direct:  # a frozen dataclass without __post_init__: fill it in one step
            obj = new(cls)
            obj.__dict__.update(values)
        else:
            try:
                obj = cls(**values)
            except (TypeError, ValueError) as exc:  # a __post_init__ refusing the combination
                key = getattr(exc, "key", None)  # a ParamError(key, message)
                where = (*path, *_key_parts(key)) if isinstance(key, str) else path
                return r.fail(where, str(getattr(exc, "message", exc)))
        if check is not None:
            before = len(r.issues)
            replaced = check(obj, Check(r, path))
            if len(r.issues) > before:
                return INVALID
            if replaced is not None:
                obj = replaced
        return obj

    return entry


def _generate_fast(cls: type, plan: list[Any], slow: Conv, check: Any) -> Conv:
    """Straight-line reading code for ``cls`` (as attrs and cattrs generate theirs): the common
    case -- a mapping with known keys, every required one there -- without loops or lookups;
    anything else goes to the general reader ``slow``, which reports it."""
    readers, defaults, factories, keyset, _keys, _direct = plan
    ns: dict[str, Any] = {
        "cls": cls, "new": object.__new__, "keyset": keyset, "slow": slow, "INVALID": INVALID,
        "defaults": defaults, "check": check, "Check": Check,
    }  # fmt: skip
    lines = [
        "def fast(value, path, r):",
        "    if value.__class__ is not dict or not keyset.issuperset(value):",
        "        return slow(value, path, r)",
    ]
    for key, _name, _read, required, _ in readers:
        if required:
            lines.append(f"    if {key!r} not in value:\n        return slow(value, path, r)")
    lines += ["    ok = True", "    obj = new(cls)", "    d = obj.__dict__"]
    lines += ["    d.update(defaults)"]
    for i, (name, make) in enumerate(factories):
        ns[f"make{i}"] = make
        lines.append(f"    d[{name!r}] = make{i}()")
    for i, (key, name, read, _required, _) in enumerate(readers):
        only = getattr(read, "__gameday_optional__", None)  # X | None: None without a call
        ns[f"read{i}"] = only or read
        lines.append(f"    v = value.get({key!r}, INVALID)")
        branch = "if"
        inline = getattr(only or read, "__gameday_inline__", None)
        if inline is not None:  # a value that reads as itself: kept without a call
            expr, names = inline
            ns.update({f"{k}_{i}": v for k, v in names.items()})
            lines += [f"    if {expr.format(**{k: f'{k}_{i}' for k in names})}:"]
            lines += [f"        d[{name!r}] = v"]
            branch = "elif"
        if only:
            lines += [f"    {branch} v is None:", f"        d[{name!r}] = None"]
            lines.append("    elif v is not INVALID:")
        else:
            lines.append(f"    {branch} v is not INVALID:")
        lines += [
            f"        v = read{i}(v, (*path, {key!r}), r)",
            "        if v is INVALID:",
            "            ok = False",
            "        else:",
            f"            d[{name!r}] = v",
        ]
    lines += ["    if not ok:", "        return INVALID"]
    if check is not None:
        lines += [
            "    before = len(r.issues)",
            "    replaced = check(obj, Check(r, path))",
            "    if len(r.issues) > before:",
            "        return INVALID",
            "    if replaced is not None:",
            "        return replaced",
        ]
    lines.append("    return obj")
    exec(compile("\n".join(lines), f"<gameday.formats reader of {cls.__name__}>", "exec"), ns)
    return ns["fast"]  # type: ignore[no-any-return]


def _key_problems(
    value: dict[Any, Any],
    keyset: frozenset[str],
    keys: list[str],
    extensions: bool,
    path: Path_,
    r: Reader,
) -> bool:
    ok = True
    for k in value:
        if k.__class__ is not str:
            r.fail((*path, str(k)), f"keys must be text, got {type_name(k)}")
            ok = False
        elif k not in keyset and not (extensions and k.startswith("x-")):
            close = _close(k, keys)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            allowed = ", ".join(keys) or "none"
            r.fail((*path, k), f"unknown {r.noun}{hint} (allowed: {allowed})")
            ok = False
    return ok


_KEY_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _key_parts(key: str) -> Path_:
    """``argv[2]`` / ``headers.x`` as path parts."""
    return tuple(
        int(m.group(2)) if m.group(2) is not None else m.group(1) for m in _KEY_PART.finditer(key)
    )


def _keys_preview(cls: type) -> list[str]:
    try:
        names = [f.key for f in fields_of(cls) if f.required and not f.derived][:4]
    except Exception:  # a forward reference not resolvable yet: a generic message then
        names = []
    return names or ["keys"]


def describe(hint: Any) -> str:
    """A type in words, for "expected X, got Y"."""
    base, _ = _unwrap(hint)
    if getattr(base, "__gameday_words__", None):
        return str(base.__gameday_words__)
    if base is str:
        return "text"
    if base is int:
        return "a whole number"
    if base is float:
        return "a number"
    if base is bool:
        return "true or false"
    if base is datetime:
        return "an ISO-8601 time"
    if base is type(None):
        return "nothing"
    origin = typing.get_origin(base)
    if origin is typing.Literal:
        return "one of " + ", ".join(str(a) for a in typing.get_args(base))
    if origin in (list, tuple, frozenset) or base in (list, tuple, frozenset):
        return "a list"
    if origin is dict or base is dict or dataclasses.is_dataclass(base):
        return "a mapping"
    return "a value"


# --- the duration type ----------------------------------------------------------------------
class _DurationType(float):
    """A field annotated ``Duration`` accepts ``90s``/``5m``/``1h30m`` or seconds, stores
    seconds, and is bounded (``Range``, else ``gameday.durations.MAX_S``)."""

    __gameday_words__ = "a duration like 90s or 5m"

    @classmethod
    def __gameday_read__(cls, value: Any, path: Path_, r: Reader, meta: tuple[Any, ...]) -> Any:
        rng = _meta(meta, Range)
        lo, hi, above = _bounds(rng, 0.0, MAX_S)
        cls_ = value.__class__
        if (cls_ is float or cls_ is int) and lo <= value <= hi and not (above and value == lo):
            return float(value)
        try:
            seconds = parse_duration(value, max_s=hi)
        except ValueError as exc:
            return r.fail(path, str(exc))
        if seconds < lo or (above and seconds == lo):
            words = f"more than {lo:g}s" if above else f"at least {lo:g}s"
            return r.fail(path, f"{short(value)} is too short; it must be {words}")
        return seconds

    @classmethod
    def __gameday_reader__(cls, meta: tuple[Any, ...]) -> Conv:
        """Seconds within bounds (worked out once) read without a call; the rest as above."""
        lo, hi, above = _bounds(_meta(meta, Range), 0.0, MAX_S)
        read = cls.__gameday_read__

        def conv(value: Any, path: Path_, r: Reader) -> Any:
            cls_ = value.__class__
            if (cls_ is float or cls_ is int) and lo <= value <= hi and not (above and value == lo):
                return float(value)
            return read(value, path, r, meta)

        return _passes(conv, "v.__class__ is float", lo, hi, above)

    @classmethod
    def __gameday_schema__(cls, gen: Any, meta: tuple[Any, ...]) -> dict[str, Any]:
        from gameday.formats.schema import duration_schema

        return duration_schema(meta, MAX_S)


if TYPE_CHECKING:
    Duration = float  # to a type checker a duration is what it holds: seconds
else:
    Duration = _DurationType
    Duration.__name__ = Duration.__qualname__ = "Duration"


# --- entry points ---------------------------------------------------------------------------
@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a big file becomes objects: every allocation of a
    100,000-event timeline would otherwise trigger collections that rescan all of them (half
    the reading time). Nothing read here is cyclic."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def read_value(hint: type[T], value: Any, reader: Reader, path: Path_ = ()) -> T:
    """Read ``value`` as ``hint``; problems go to ``reader.issues``; INVALID if any."""
    return converter(hint)(value, path, reader)  # type: ignore[no-any-return]
