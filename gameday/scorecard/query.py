"""``scorecard list / compare / trends`` as data (the CLI only prints what these return).

``list`` and ``trends`` read only each file's summary line (see ``io.read_summary``), so they
stay fast over thousands of scorecards; ``compare`` reads two summaries.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path
from typing import Any

from gameday.errors import ValidationError
from gameday.scorecard.io import find_scorecards, read_summary

SPARKS = "▁▂▃▄▅▆▇█"


INDEX_NAME = ".scorecards-index.json"


def _load_index(directory: Path) -> dict[str, Any]:
    try:
        data = json.loads((directory / INDEX_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != 1:
        return {}
    files = data.get("files")
    return files if isinstance(files, dict) else {}


def _save_index(directory: Path, files: dict[str, Any]) -> None:
    """Best effort: a read-only directory just means the next run reads the files again."""
    tmp = directory / f"{INDEX_NAME}.{os.getpid()}.tmp"
    try:
        tmp.write_text(json.dumps({"version": 1, "files": files}), encoding="utf-8")
        tmp.replace(directory / INDEX_NAME)
    except OSError:
        tmp.unlink(missing_ok=True)


def load_summaries(directory: Path, *, strict: bool = False) -> list[tuple[Path, dict[str, Any]]]:
    """Summaries oldest first; unreadable files are skipped unless ``strict``.

    A cache (``.scorecards-index.json``: name -> size, mtime, summary) means a file is opened
    again only when it changed; any edit to a scorecard changes its size or mtime.
    """
    index = _load_index(directory)
    fresh: dict[str, Any] = {}
    out = []
    for p in find_scorecards(directory):
        try:
            st = p.stat()
        except OSError:
            continue
        key = [st.st_size, st.st_mtime_ns]
        hit = index.get(p.name)
        if hit and hit.get("key") == key:
            summary = hit["summary"]
        else:
            try:
                summary = read_summary(p)
            except ValidationError:
                if strict:
                    raise
                continue
        fresh[p.name] = {"key": key, "summary": summary}
        out.append((p, summary))
    if fresh != index:
        _save_index(directory, fresh)
    out.sort(key=lambda item: (str(item[1].get("started", "")), item[0].name))
    return out


def list_scorecards(
    directory: Path, team: str | None = None, scenario: str | None = None
) -> list[dict[str, Any]]:
    rows = []
    for p, s in load_summaries(directory):
        if team and s.get("team") != team:
            continue
        if scenario and s.get("scenario") != scenario:
            continue
        rows.append(
            {
                "file": str(p),
                "date": s.get("date"),
                "scenario": s.get("scenario"),
                "team": s.get("team"),
                "total": s.get("total"),
                "first_missed": s.get("first_missed"),
                "drill": s.get("drill"),
            }
        )
    return rows


def _fraction(entry: list[Any] | None) -> float | None:
    if not entry or entry[0] == "not_applicable" or not entry[2]:
        return None
    return float(entry[1]) / float(entry[2])


def _verdict(a: float | None, b: float | None, *, lower_better: bool = False) -> str:
    if a is None or b is None:
        return "n/a" if a is None and b is None else ("new" if a is None else "gone")
    if abs(a - b) < 1e-9:
        return "same"
    better = b < a if lower_better else b > a
    return "improved" if better else "worse"


def compare(a_path: Path, b_path: Path) -> dict[str, Any]:
    """What changed from scorecard A (before) to B (after), per criterion and metric."""
    a, b = read_summary(a_path), read_summary(b_path)
    crits = []
    names = list(a.get("criteria", {})) + [
        n for n in b.get("criteria", {}) if n not in a.get("criteria", {})
    ]
    for name in names:
        ea, eb = a["criteria"].get(name), b["criteria"].get(name)
        crits.append(
            {
                "criterion": name,
                "a": {"state": ea[0], "points": ea[1]} if ea else None,
                "b": {"state": eb[0], "points": eb[1]} if eb else None,
                "change": _verdict(_fraction(ea), _fraction(eb)),
            }
        )
    metrics = []
    for name in dict.fromkeys([*a.get("metrics", {}), *b.get("metrics", {})]):
        va, vb = a["metrics"].get(name), b["metrics"].get(name)
        metrics.append(
            {"metric": name, "a": va, "b": vb, "change": _verdict(va, vb, lower_better=True)}
        )
    return {
        "a": {
            "file": str(a_path),
            "drill": a.get("drill"),
            "team": a.get("team"),
            "total": a["total"],
        },
        "b": {
            "file": str(b_path),
            "drill": b.get("drill"),
            "team": b.get("team"),
            "total": b["total"],
        },
        "total": {"a": a["total"], "b": b["total"], "change": _verdict(a["total"], b["total"])},
        "criteria": crits,
        "metrics": metrics,
    }


def sparkline(values: list[float], lo: float = 0.0, hi: float = 100.0, width: int = 24) -> str:
    """The last ``width`` values as block characters between ``lo`` and ``hi``."""
    vals = values[-width:]
    if not vals:
        return ""
    span = (hi - lo) or 1.0
    return "".join(SPARKS[min(7, max(0, int((v - lo) / span * 7.999)))] for v in vals)


def trends(
    directory: Path, team: str | None = None, scenario: str | None = None, width: int = 24
) -> dict[str, Any]:
    """Per team, per person and per criterion over time (oldest -> newest)."""
    teams: dict[str, list[tuple[str, float]]] = defaultdict(list)
    people: dict[str, dict[str, Any]] = {}
    crit: dict[str, list[float]] = defaultdict(list)
    count = 0
    for _, s in load_summaries(directory):
        if (team and s.get("team") != team) or (scenario and s.get("scenario") != scenario):
            continue
        count += 1
        total = float(s.get("total") or 0.0)
        teams[str(s.get("team"))].append((str(s.get("date")), total))
        for name, entry in (s.get("criteria") or {}).items():
            f = _fraction(entry)
            if f is not None:
                crit[name].append(100 * f)
        for person, info in (s.get("people") or {}).items():
            p = people.setdefault(person, {"drills": 0, "totals": [], "actions": 0, "roles": {}})
            p["drills"] += 1
            p["totals"].append(total)
            p["actions"] += int(info.get("actions") or 0)
            for r in info.get("roles") or []:
                p["roles"][r] = p["roles"].get(r, 0) + 1

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
