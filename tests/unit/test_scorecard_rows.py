"""``scorecard list``, ``trends`` and par read rows cached outside the folder (``scorecard.rows``):
whatever the summaries, cold or warm cache, after files change, the answers are exactly what
the summaries themselves give (``reference_*`` below is the code that read them directly)."""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gameday.events import REAL_INCIDENT
from gameday.scorecard.par import par_for, par_times
from gameday.scorecard.query import list_scorecards, load_summaries, sparkline, trends
from gameday.scorecard.rows import cache_path

STATES = ("met", "late", "missed", "not_applicable")
text = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=8)
names = st.sampled_from(["ack", "declare", "roles", "cadence", "review", "é-crit", "x"])
points = st.one_of(st.integers(0, 20), st.floats(0, 20, allow_nan=False).map(lambda f: round(f, 2)))
verdict = st.tuples(st.sampled_from(STATES), points, points).map(list)
person = st.fixed_dictionaries(
    {},
    optional={
        "actions": st.integers(0, 50),
        "roles": st.lists(st.sampled_from(["ic", "tech", "comms", "scribe"]), max_size=3),
    },
)
summary = st.fixed_dictionaries(
    {"total": st.one_of(st.integers(0, 100), st.floats(0, 100, allow_nan=False))},
    optional={
        "drill": text,
        "scenario": st.sampled_from(["bad-deploy", "expired-cert", "x"]),
        "team": st.sampled_from(["blue", "red", ""]),
        "date": text,
        "started": st.sampled_from(["2026-05-04T09:00:00+00:00", "2026-05-05T09:00:00+00:00", ""]),
        "criteria": st.dictionaries(names, verdict, max_size=6),
        "people": st.dictionaries(st.sampled_from(["ana", "ben", "cy", "dé"]), person, max_size=3),
        "first_missed": st.one_of(st.none(), names),
        "metrics": st.dictionaries(
            st.sampled_from(["time_to_detect", "time_to_acknowledge", "longest_comm_gap"]),
            st.one_of(st.none(), st.integers(0, 10**6), st.floats(0, 1e6, allow_nan=False)),
        ),
        "end_reason": st.sampled_from(["resolved", "time_limit", REAL_INCIDENT]),
    },
)


def _write(folder: Path, i: int, s: dict[str, Any]) -> None:
    line = json.dumps(s, ensure_ascii=False)
    (folder / f"card-{i:03d}.yaml").write_text(f"scorecard_version: 1\nsummary: {line}\n")


def reference_list(folder: Path, team: str | None = None) -> list[dict[str, Any]]:
    rows = []
    for p, s in load_summaries(folder, on_skip=lambda e: None):
        if team and s.get("team") != team:
            continue
        rows.append(
            {
                "file": str(p),
                "date": s.get("date", ""),
                "scenario": s.get("scenario", ""),
                "team": s.get("team", ""),
                "total": s["total"],
                "first_missed": s.get("first_missed"),
                "drill": s.get("drill", ""),
            }
        )
    return rows


def _fraction(entry: Any) -> float | None:
    if not entry or entry[0] == "not_applicable" or not entry[2]:
        return None
    return float(entry[1]) / float(entry[2])


def reference_trends(folder: Path, team: str | None = None, width: int = 24) -> dict[str, Any]:
    teams: dict[str, list[tuple[str, float]]] = defaultdict(list)
    people: dict[str, dict[str, Any]] = {}
    crit: dict[str, list[float]] = defaultdict(list)
    count = 0
    for _, s in load_summaries(folder, on_skip=lambda e: None):
        if (team and s.get("team") != team) or s.get("end_reason") == REAL_INCIDENT:
            continue
        count += 1
        total = float(s["total"])
        teams[str(s.get("team", ""))].append((str(s.get("date", "")), total))
        for name, entry in (s.get("criteria") or {}).items():
            f = _fraction(entry)
            if f is not None:
                crit[name].append(100 * f)
        for who, info in (s.get("people") or {}).items():
            p = people.setdefault(who, {"drills": 0, "totals": [], "actions": 0, "roles": {}})
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
            n: {
                **series(p["totals"]),
                "drills": p["drills"],
                "actions": p["actions"],
                "roles": p["roles"],
            }
            for n, p in sorted(people.items())
        },
        "criteria": {n: series(v) for n, v in sorted(crit.items())},
    }


@pytest.fixture(autouse=True)
def own_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    cache = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("GAMEDAY_CACHE_DIR", str(cache))
    return cache


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cards=st.lists(summary, min_size=0, max_size=12),
    changed=st.lists(st.tuples(st.integers(0, 11), summary), max_size=3),
    team=st.sampled_from([None, "blue"]),
    width=st.integers(1, 5),
)
def test_rows_answer_what_the_summaries_answer(
    tmp_path_factory: pytest.TempPathFactory,
    cards: list[dict[str, Any]],
    changed: list[tuple[int, dict[str, Any]]],
    team: str | None,
    width: int,
) -> None:
    folder = tmp_path_factory.mktemp("cards")
    for i, s in enumerate(cards):
        _write(folder, i, s)
    (folder / "broken.yaml").write_text("scorecard_version: 1\nsummary: {total: lots}\n")
    for _round in range(2):  # cold cache, then warm
        assert list_scorecards(folder, team=team) == reference_list(folder, team)
        assert trends(folder, team=team, width=width) == reference_trends(folder, team, width)
        for scenario in ("bad-deploy", "x"):
            summaries = [s for _, s in load_summaries(folder, on_skip=lambda e: None)]
            expected = par_times(summaries, team="blue", scenario=scenario, before=None)
            got = par_for(folder, team="blue", scenario=scenario, before=None, drill=None)
            assert got == expected
    for i, s in changed:  # rewritten, new and removed files: read again, never stale
        _write(folder, i, s)
        if i % 4 == 3 and (folder / f"card-{i - 1:03d}.yaml").exists():
            os.unlink(folder / f"card-{i - 1:03d}.yaml")
    assert list_scorecards(folder, team=team) == reference_list(folder, team)
    assert trends(folder, team=team, width=width) == reference_trends(folder, team, width)
    summaries = [s for _, s in load_summaries(folder, on_skip=lambda e: None)]
    for scenario in ("bad-deploy", "x"):  # the metrics kept when list re-saved the cache
        expected = par_times(summaries, team="blue", scenario=scenario, before=None)
        assert par_for(folder, team="blue", scenario=scenario, before=None, drill=None) == expected


def test_a_bad_file_is_warned_about_on_every_run_and_its_error_cached(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text('scorecard_version: 1\nsummary: {"total": "lots"}\n')
    _write(tmp_path, 1, {"total": 50, "team": "blue"})
    runs = []
    for _ in range(2):
        warned: list[Any] = []
        rows = list_scorecards(tmp_path, on_skip=warned.append)
        runs.append((rows, [str(e) for e in warned]))
    assert runs[0] == runs[1] and len(runs[0][1]) == 1 and "a.yaml" in runs[0][1][0]
    cache = cache_path(tmp_path, ".rows.json")
    assert cache is not None and b"a.yaml" in cache.read_bytes()  # the error, cached by key
