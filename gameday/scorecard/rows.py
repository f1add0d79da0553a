"""What ``scorecard list``, ``trends`` and par read of each scorecard, cached outside its folder.

They need a dozen values of each summary (team, dates, total, each criterion's share of its
weight, who did what, the metrics par is made of), not the summary itself: over 10,000
scorecards, parsing and re-checking the whole summaries again on every run took seconds. A
``Row`` is that projection, made once from a *checked* summary (``io.read_summary``) and
cached in gameday's cache folder (never the scorecards folder, which is untrusted input and
may be read-only), keyed by the folder's real path:

- line 1: ``{"version", "dir", "blake2b"}``, the digest of lines 2 and 3;
- line 2: the names table and one entry per ``*.yaml`` file: its name, its stat key (size,
  mtime, inode, ctime: any rewrite, move or chmod changes it), and either the row (criterion,
  person and role names as indexes into the table) or the error that file gave.
- line 3: each file's metrics (parsed only for par);

A cache that does not parse, is another version or folder, fails its digest or holds a value
of the wrong type is rebuilt from the files (never trusted into a crash, never an error);
an entry whose key no longer matches is read again. A file that failed is warned about on
every run, as without the cache. One that cannot be stat'ed is never cached.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from gameday.errors import GamedayError, ValidationError

ROWS_VERSION = 2
OnSkip = Callable[[ValidationError], None]


class Row(NamedTuple):
    """One scorecard as ``list`` and ``trends`` read it (values as its checked summary has them)."""

    file: str  # the scorecard's path, as ``directory / name`` shows it
    started: str
    date: str
    drill: str
    scenario: str
    team: str
    total: float  # the summary's number as written (an int stays an int in ``list --json``)
    first_missed: str | None
    end_reason: str | None
    criteria: tuple[tuple[str, float], ...]  # applicable criteria: points / weight
    people: tuple[tuple[str, int, tuple[str, ...]], ...]  # name, actions, roles
    metrics: tuple[tuple[str, float], ...]  # the fold's metrics with a value; () unless asked


def fraction(entry: Any) -> float | None:
    """A criterion's ``[state, points, weight]`` as the share of its weight it got; None when
    it does not count (not applicable, or no weight)."""
    if not entry or entry[0] == "not_applicable" or not entry[2]:
        return None
    return float(entry[1]) / float(entry[2])


def row_of(file: str, s: dict[str, Any]) -> Row:
    """The row of a checked summary (``format.Summary``)."""
    criteria = []
    for name, entry in (s.get("criteria") or {}).items():
        f = fraction(entry)
        if f is not None:
            criteria.append((name, f))
    people = tuple(
        (name, int(info.get("actions") or 0), tuple(info.get("roles") or ()))
        for name, info in (s.get("people") or {}).items()
    )
    metrics = tuple(
        (str(name), float(v))
        for name, v in (s.get("metrics") or {}).items()
        if isinstance(v, int | float) and not isinstance(v, bool) and v >= 0
    )
    return Row(
        file,
        s.get("started", ""),
        s.get("date", ""),
        s.get("drill", ""),
        s.get("scenario", ""),
        s.get("team", ""),
        s["total"],
        s.get("first_missed"),
        s.get("end_reason"),
        tuple(criteria),
        people,
        metrics,
    )


def cache_path(directory: Path, suffix: str) -> Path | None:
    """A cache file of ``directory`` in gameday's cache folder, keyed by the folder's real path
    (so reading scorecards never writes into their folder); None when there is no usable one."""
    from gameday.state import cache_dir

    try:
        key = hashlib.sha256(str(directory.resolve()).encode()).hexdigest()[:24]
        return cache_dir() / "scorecard-index" / f"{key}{suffix}"
    except (OSError, GamedayError, RuntimeError):
        return None  # no usable cache folder: read the files, cache nothing


MAX_CACHES = 128
"""Cache files kept in ``scorecard-index/`` (each folder read has a summaries cache and a rows
cache): the ones written most recently; folders come and go, and every ``--dir`` ever listed
would otherwise leave its caches behind for good."""


def prune(folder: Path) -> None:
    """Remove all but the ``MAX_CACHES`` most recently written cache files of ``folder``."""
    entries = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in entries[MAX_CACHES:]:
        old.unlink(missing_ok=True)


Key = list[int]


def _listing(directory: Path) -> Iterator[tuple[str, Key | OSError]]:
    """The folder's ``*.yaml`` names (as ``Path.glob`` matches them) with their stat keys."""
    with os.scandir(directory) as it:
        for entry in it:
            name = entry.name
            if not name.endswith(".yaml"):
                continue
            try:
                st = entry.stat()  # follows links, like Path.stat
            except OSError as exc:  # vanished, or a dangling link
                yield name, exc
                continue
            yield name, [st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns]


class _Tables:
    """Names, criteria lists and casts stored once each, rows pointing at them: most drills
    share their criteria outcomes with other drills, so rows stay small and cheap to read."""

    def __init__(self) -> None:
        self.names: dict[str, int] = {}
        self.crits: dict[tuple[tuple[str, float], ...], int] = {}
        self.casts: dict[tuple[tuple[str, int, tuple[str, ...]], ...], int] = {}

    def name(self, name: str) -> int:
        return self.names.setdefault(name, len(self.names))

    def row(self, row: Row) -> list[Any]:
        crit = self.crits.setdefault(row.criteria, len(self.crits))
        cast = self.casts.setdefault(row.people, len(self.casts))
        return [*row[1:9], crit, cast]  # started .. end_reason, criteria, people

    def dump(self) -> dict[str, Any]:
        crits = [[v for name, f in c for v in (self.name(name), f)] for c in self.crits]
        casts = [
            [[self.name(p), actions, *map(self.name, roles)] for p, actions, roles in cast]
            for cast in self.casts
        ]
        return {"names": list(self.names), "crits": crits, "casts": casts}


def _text(v: Any) -> str:
    if v.__class__ is not str:
        raise ValueError("not a text")
    return str(v)


def _maybe(v: Any) -> str | None:
    return None if v is None else _text(v)


class _Stored:
    """A loaded cache: the entries by file name and its tables, decoded and type-checked
    (``ValueError``, ``TypeError``, ``IndexError``... when not sound: the caller rebuilds)."""

    def __init__(self, data: dict[str, Any], metrics: bytes) -> None:
        self.raw_metrics = metrics  # line 3, read only when asked (par): list and trends
        self.metrics: dict[str, Any] | None = None  # never need it
        names = data["names"]
        if not all(n.__class__ is str for n in names):
            raise ValueError("not a name")
        self.crits: list[tuple[tuple[str, float], ...]] = []
        for c in data["crits"]:
            shares = c[1::2]
            if any(f.__class__ is not float for f in shares):
                raise ValueError("not a share")
            self.crits.append(tuple(zip(map(names.__getitem__, c[0::2]), shares, strict=True)))
        self.casts: list[tuple[tuple[str, int, tuple[str, ...]], ...]] = []
        for cast in data["casts"]:
            people = []
            for p in cast:
                if p[1].__class__ is not int:
                    raise ValueError("not a count")
                people.append((names[p[0]], p[1], tuple(map(names.__getitem__, p[2:]))))
            self.casts.append(tuple(people))
        self.entries: dict[str, list[Any]] = {e[0]: e for e in data["entries"]}

    def metrics_of(self, name: str) -> tuple[tuple[str, float], ...]:
        if self.metrics is None:
            metrics = json.loads(self.raw_metrics)
            if not isinstance(metrics, dict):
                raise ValueError("not metrics")
            self.metrics = metrics
        values = self.metrics[name]
        if not isinstance(values, dict) or any(v.__class__ is not float for v in values.values()):
            raise ValueError("not metrics")
        return tuple(values.items())

    def row(self, file: str, name: str, data: list[Any], metrics: bool) -> Row:
        started, date, drill, scenario, team, total, first_missed, end_reason, crit, cast = data
        if not (
            started.__class__ is str
            and date.__class__ is str
            and drill.__class__ is str
            and scenario.__class__ is str
            and team.__class__ is str
            and total.__class__ in (int, float)
            and crit >= 0
            and cast >= 0
        ):
            raise ValueError("not a row")
        return Row(
            file,
            started,
            date,
            drill,
            scenario,
            team,
            total,
            _maybe(first_missed),
            _maybe(end_reason),
            self.crits[crit],
            self.casts[cast],
            self.metrics_of(name) if metrics else (),
        )


def _error(data: Any) -> ValidationError:
    file, line, key, reason, hint = data
    if line is not None and line.__class__ is not int:
        raise ValueError("not a line")
    return ValidationError(
        _text(reason), file=_maybe(file), line=line, key=_maybe(key), hint=_maybe(hint)
    )


def _load(path: Path | None, directory: Path) -> _Stored | None:
    """The cache, or None when it is missing or not sound (it is then rebuilt)."""
    if path is None:
        return None
    try:
        raw = path.read_bytes()
        head, _, rest = raw.partition(b"\n")
        meta = json.loads(head)
        if (
            not isinstance(meta, dict)
            or meta.get("version") != ROWS_VERSION
            or meta.get("dir") != str(directory.resolve())
            or meta.get("blake2b") != hashlib.blake2b(rest).hexdigest()
        ):
            return None
        body, _, metrics = rest.partition(b"\n")
        return _Stored(json.loads(body), metrics)
    except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None


Found = tuple[str, Key, Row | ValidationError]  # a file's name, stat key, and what it gave


def _save(path: Path | None, directory: Path, found: list[Found]) -> None:
    """Best effort: a cache that cannot be written just means reading the files next time.
    Every row in ``found`` has its metrics."""
    if path is None:
        return
    tables = _Tables()
    entries = [
        [name, key, tables.row(got), None]
        if isinstance(got, Row)
        else [name, key, None, [got.file, got.line, got.key, got.reason, got.hint]]
        for name, key, got in found
    ]
    metrics = {name: dict(got.metrics) for name, _, got in found if isinstance(got, Row)}
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        rest = b"\n".join(
            json.dumps(part, separators=(",", ":"), allow_nan=False).encode()
            for part in ({**tables.dump(), "entries": entries}, metrics)
        )
        meta = {
            "version": ROWS_VERSION,
            "dir": str(directory.resolve()),
            "blake2b": hashlib.blake2b(rest).hexdigest(),
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(json.dumps(meta).encode() + b"\n" + rest)
        tmp.replace(path)
        prune(path.parent)
    except (OSError, ValueError):
        tmp.unlink(missing_ok=True)


def load_rows(
    directory: Path, *, on_skip: OnSkip | None = None, metrics: bool = False
) -> list[Row]:
    """Every good scorecard's row in ``directory``, oldest first (by start, then file name);
    ``metrics``: with each row's metrics (par needs them; list and trends do not).

    A file that cannot be read or holds no valid scorecard is skipped and passed to
    ``on_skip``, on every call (its error is cached with its key like a row).
    """
    was = gc.isenabled()
    gc.disable()  # nothing made here is cyclic; collections would rescan the whole cache
    try:
        return _load_rows(directory, on_skip, metrics)
    finally:
        if was:
            gc.enable()


def _load_rows(directory: Path, on_skip: OnSkip | None, metrics: bool) -> list[Row]:
    cache = cache_path(directory, ".rows.json")
    stored = _load(cache, directory)
    entries = stored.entries if stored is not None else {}
    prefix = str(directory / "x")[:-1]  # how Path joins: "cards/", "/" or "" for "."
    found: list[Found] = []  # what the cache will hold: rows with their metrics
    cached: list[tuple[int, str, list[Any]]] = []  # found[i] came from the cache (and how)
    rows: list[Row] = []
    changed = False
    for name, key in sorted(_listing(directory)):
        file = prefix + name
        if isinstance(key, OSError):
            changed = True
            if on_skip is not None:
                on_skip(ValidationError(f"cannot read: {key.strerror}", file=file))
            continue
        hit = entries.get(name)
        got: Row | ValidationError | None = None
        if stored is not None and hit is not None:
            try:
                if hit[1] == key:
                    got = (
                        stored.row(file, name, hit[2], metrics)
                        if hit[2] is not None
                        else _error(hit[3])
                    )
            except (ValueError, TypeError, KeyError, IndexError, AttributeError):
                got = None  # a damaged entry: read the file again
        if got is None:
            changed = True
            got = _read(Path(file))
            found.append((name, key, got))
            if isinstance(got, Row) and not metrics:
                got = got._replace(metrics=())  # as the cache gives it: () unless asked
        else:
            if isinstance(got, Row) and not metrics:
                assert hit is not None
                cached.append((len(found), file, hit[2]))  # its metrics, if it is saved
            found.append((name, key, got))
        if isinstance(got, ValidationError):
            if got.file != file:  # not the file's own error (cached like a row): not kept
                found.pop()
            if on_skip is not None:
                on_skip(got)
            continue
        rows.append(got)
    if stored is None or changed or len(found) != len(entries):
        for i, file, data in cached:  # rows read without their metrics: with them, to save
            name, key, _ = found[i]
            assert stored is not None
            try:
                full: Row | ValidationError = stored.row(file, name, data, True)
            except (ValueError, TypeError, KeyError, IndexError, AttributeError):
                full = _read(Path(file))  # its metrics are damaged: the file again
            found[i] = (name, key, full)
        _save(cache, directory, found)
    rows.sort(key=lambda r: (r.started, r.file))
    return rows


def _read(p: Path) -> Row | ValidationError:
    from gameday.scorecard.io import read_summary

    try:
        return row_of(str(p), read_summary(p))
    except ValidationError as exc:
        return exc
    except OSError as exc:
        return ValidationError(f"cannot read: {exc.strerror}", file=str(p))
