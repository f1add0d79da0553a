"""``scorecard list / compare / trends`` as data (the CLI only prints what these return).

``list`` and ``trends`` read only each file's summary line (see ``io.read_summary``), and
only the values they show of it, once (``gameday.scorecard.rows``, cached outside the folder),
so they stay fast over thousands of scorecards; ``compare`` reads two summaries. Every summary
is checked (``gameday.scorecard.format``) before it is used: a bad scorecard is skipped and
reported through ``on_skip``, it never takes the folder down with it. The scorer, timeline
reader and format checks are imported only when a file has to be read.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gameday.errors import UsageError, ValidationError
from gameday.events import REAL_INCIDENT
from gameday.scorecard.rows import cache_path, fraction, load_rows, prune

SPARKS = "▁▂▃▄▅▆▇█"
INDEX_VERSION = 2
MAX_WIDTH = 1000

OnSkip = Callable[[ValidationError], None]


def scorecard_dir(directory: str | Path) -> Path:
    """``directory`` if it is a folder one can list; a ``UsageError`` naming it otherwise."""
    d = Path(directory)
    try:
        if d.is_dir():
            os.listdir(d)
            return d
    except OSError as exc:
        raise UsageError(f"cannot read the scorecard folder {d}: {exc.strerror}") from None
    except ValueError:
        raise UsageError(f"{str(d)!r} is not a valid folder name") from None
    what = "is not a folder" if d.exists() else "does not exist"
    raise UsageError(
        f"scorecard folder {d} {what}",
        hint="pass --dir FOLDER (or set GAMEDAY_SCORECARDS) to where `gameday score` wrote them",
    )


def _index_path(directory: Path) -> Path | None:
    """The summary cache of ``directory`` (``load_summaries``), outside the folder."""
    return cache_path(directory, ".json")


def _load_index(path: Path | None, directory: Path) -> dict[str, Any]:
    """The cached entries, or nothing when the cache is missing, torn or not ours (a cache is
    rebuilt, never trusted into a crash: each entry is checked again when it is used)."""
    if path is None:
        return {}
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    if (
        not isinstance(data, dict)
        or data.get("version") != INDEX_VERSION
        or data.get("dir") != str(directory.resolve())
        or not isinstance(data.get("files"), dict)
    ):
        return {}
    files: dict[str, Any] = data["files"]
    return files


def _save_index(path: Path | None, directory: Path, files: dict[str, Any]) -> None:
    """Best effort: a cache that cannot be written just means reading the files next time."""
    if path is None:
        return
    body = {"version": INDEX_VERSION, "dir": str(directory.resolve()), "files": files}
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(body), encoding="utf-8")
        tmp.replace(path)
        prune(path.parent)
    except OSError:
        tmp.unlink(missing_ok=True)


def _cached(hit: Any, key: list[int]) -> dict[str, Any] | None:
    from gameday.scorecard.format import Summary, problems

    if not isinstance(hit, dict) or hit.get("key") != key:
        return None
    summary = hit.get("summary")
    if not isinstance(summary, dict) or problems(Summary, summary, ()):
        return None
    return summary


def load_summaries(
    directory: str | Path, *, strict: bool = False, on_skip: OnSkip | None = None
) -> list[tuple[Path, dict[str, Any]]]:
    """Every scorecard's checked summary, oldest first.

    A file that cannot be read or does not hold a valid scorecard is skipped and passed to
    ``on_skip`` (or raised, with ``strict``). A cache (name -> size, mtime, summary; see
    ``_index_path``) means a file is opened again only when it changed.
    """
    from gameday.scorecard.io import read_summary

    d = scorecard_dir(directory)
    index_path = _index_path(d)
    index = _load_index(index_path, d)
    fresh: dict[str, Any] = {}
    out = []
    for p in sorted(d.glob("*.yaml")):
        try:
            st = p.stat()
            key = [st.st_size, st.st_mtime_ns, st.st_ino]
            summary = _cached(index.get(p.name), key)
            if summary is None:
                summary = read_summary(p)
        except ValidationError as exc:
            if strict:
                raise
            if on_skip is not None:
                on_skip(exc)
            continue
        except OSError as exc:  # vanished, or a dangling link
            err = ValidationError(f"cannot read: {exc.strerror}", file=str(p))
            if strict:
                raise err from None
            if on_skip is not None:
                on_skip(err)
            continue
        fresh[p.name] = {"key": key, "summary": summary}
        out.append((p, summary))
    if fresh != index:
        _save_index(index_path, d, fresh)
    out.sort(key=lambda item: (str(item[1].get("started", "")), item[0].name))
    return out


def list_scorecards(
    directory: str | Path,
    team: str | None = None,
    scenario: str | None = None,
    *,
    on_skip: OnSkip | None = None,
) -> list[dict[str, Any]]:
    rows = []
    for r in load_rows(scorecard_dir(directory), on_skip=on_skip):
        if team and r.team != team:
            continue
        if scenario and r.scenario != scenario:
            continue
        rows.append(
            {
                "file": r.file,
                "date": r.date,
                "scenario": r.scenario,
                "team": r.team,
                "total": r.total,
                "first_missed": r.first_missed,
                "drill": r.drill,
            }
        )
    return rows


def _fraction(entry: list[Any] | None) -> float | None:
    return fraction(entry)


def _verdict(a: float | None, b: float | None, *, lower_better: bool = False) -> str:
    if a is None or b is None:
        return "n/a" if a is None and b is None else ("new" if a is None else "gone")
    if abs(a - b) < 1e-9:
        return "same"
    better = b < a if lower_better else b > a
    return "improved" if better else "worse"


def compare(a_path: Path, b_path: Path) -> dict[str, Any]:
    """What changed from scorecard A (before) to B (after), per criterion and metric."""
    from gameday.scorecard.io import read_summary

    a, b = read_summary(a_path), read_summary(b_path)
    ca, cb = a.get("criteria", {}), b.get("criteria", {})
    ma, mb = a.get("metrics", {}), b.get("metrics", {})
    crits = []
    for name in dict.fromkeys([*ca, *cb]):
        ea, eb = ca.get(name), cb.get(name)
        crits.append(
            {
                "criterion": name,
                "a": {"state": ea[0], "points": ea[1]} if ea else None,
                "b": {"state": eb[0], "points": eb[1]} if eb else None,
                "change": _verdict(_fraction(ea), _fraction(eb)),
            }
        )
    metrics = []
    for name in dict.fromkeys([*ma, *mb]):
        va, vb = ma.get(name), mb.get(name)
        metrics.append(
            {"metric": name, "a": va, "b": vb, "change": _verdict(va, vb, lower_better=True)}
        )

    def side(path: Path, s: dict[str, Any]) -> dict[str, Any]:
        return {
            "file": str(path),
            "drill": s.get("drill"),
            "team": s.get("team"),
            "total": s["total"],
        }

    return {
        "a": side(a_path, a),
        "b": side(b_path, b),
        "total": {"a": a["total"], "b": b["total"], "change": _verdict(a["total"], b["total"])},
        "criteria": crits,
        "metrics": metrics,
    }


def sparkline(values: list[float], lo: float = 0.0, hi: float = 100.0, width: int = 24) -> str:
    """The last ``width`` values as block characters between ``lo`` and ``hi``."""
    vals = values[-width:] if width > 0 else []
    if not vals:
        return ""
    span = (hi - lo) or 1.0
    return "".join(SPARKS[min(7, max(0, int((v - lo) / span * 7.999)))] for v in vals)


def check_width(width: int) -> int:
    if not 1 <= width <= MAX_WIDTH:
        raise UsageError(f"--width {width} is out of range: give 1 to {MAX_WIDTH} drills")
    return width


def trends(
    directory: str | Path,
    team: str | None = None,
    scenario: str | None = None,
    width: int = 24,
    *,
    on_skip: OnSkip | None = None,
) -> dict[str, Any]:
    """Per team, per person and per criterion over time (oldest -> newest)."""
    check_width(width)
    teams: dict[str, list[tuple[str, float]]] = defaultdict(list)
    people: dict[str, dict[str, Any]] = {}
    crit: dict[str, list[float]] = defaultdict(list)
    count = 0
    for r in load_rows(scorecard_dir(directory), on_skip=on_skip):
        if (team and r.team != team) or (scenario and r.scenario != scenario):
            continue
        if r.end_reason == REAL_INCIDENT:  # stopped for a real incident: not the pace
            continue
        count += 1
        total = float(r.total)
        teams[r.team].append((r.date, total))
        for name, f in r.criteria:
            crit[name].append(100 * f)
        for person, actions, roles in r.people:
            p = people.setdefault(person, {"drills": 0, "totals": [], "actions": 0, "roles": {}})
            p["drills"] += 1
            p["totals"].append(total)
            p["actions"] += actions
            for role in roles:
                p["roles"][role] = p["roles"].get(role, 0) + 1

    def series(vals: list[float]) -> dict[str, Any]:
        return {
            "count": len(vals),
            "first": round(vals[0], 1) if vals else None,
            "last": round(vals[-1], 1) if vals else None,
            "mean": round(sum(vals) / len(vals), 1) if vals else None,
            "recent": [round(v, 1) for v in vals[-width:]],
            "spark": sparkline(vals, width=width),
        }

    return {
        "scorecards": count,
        "teams": {
            t: {**series([v for _, v in rows]), "dates": [d for d, _ in rows[-width:]]}
            for t, rows in sorted(teams.items())
        },
        "people": {
            name: {
                **series(p["totals"]),
                "drills": p["drills"],
                "actions": p["actions"],
                "roles": p["roles"],
            }
            for name, p in sorted(people.items())
        },
        "criteria": {name: series(vals) for name, vals in sorted(crit.items())},
    }
