"""Scoring and scorecard benchmarks; prints numbers, asserts nothing.

    .venv/bin/python benchmarks/scoring_bench.py [--events 1000] [--cards 10000]

1. Time to score a timeline of ~1,000 events (default playbook), best and median of runs.
2. ``scorecard trends`` and ``scorecard list`` over 10,000 generated scorecards in a temp dir
   (real scorecard files from the real writer; drill ids, dates and teams varied), both in
   process and through the CLI.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from gameday.playbook import load_playbook
from gameday.scorecard.io import document, dumps
from gameday.scorecard.query import list_scorecards, trends
from gameday.scoring import score
from gameday.testing import START, TimelineBuilder, textbook_drill
from gameday.timeline import Timeline

SKIPS = [(), ("ack",), ("channel", "review"), ("roles", "updates"), ("cause", "rollback", "notify")]
TEAMS = ["blue", "red", "green", "gold", "teal"]
SCENARIOS = ["bad-deploy", "expired-cert", "heavy-migration", "upstream-schema"]


def big_timeline(n: int) -> Timeline:
    """A long drill: a textbook response plus monitor flaps, customer stats, notes and updates."""
    base = textbook_drill(severity=1).build()
    b = TimelineBuilder(
        scenario="bad-deploy", severity=1, rollback_service="api", root_cause=("v2",)
    )
    b.events = list(base.events)
    rng = random.Random(7)
    t = 0.0
    while len(b.events) < n:
        t += rng.uniform(0.5, 2.0)
        b.at(t)
        kind = rng.random()
        if kind < 0.5:
            b.stats(rng.randint(100, 400), rng.randint(0, 50), slow=rng.randint(0, 20))
        elif kind < 0.7:
            b.monitor(rng.choice(["checkout", "browse", "login"]), rng.random() < 0.5)
        elif kind < 0.85:
            b.note("looked at logs", who=rng.choice(["ana", "ben", "cy"]))
        else:
            b.update("still on it", next=600, who="cy")
    return b.build()


def bench_score(n: int, runs: int = 15) -> None:
    pb = load_playbook("default")
    tl = big_timeline(n)
    score(tl, None, pb)  # warm imports
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        score(tl, None, pb)
        times.append(time.perf_counter() - t0)
    print(
        f"score(): {len(tl.events)} events: best {min(times) * 1000:.1f} ms, "
        f"median {statistics.median(times) * 1000:.1f} ms ({runs} runs)"
    )


def generate_cards(directory: Path, count: int) -> float:
    """Write ``count`` scorecards; returns seconds taken."""
    t0 = time.perf_counter()
    pb = load_playbook("default")
    variants = []
    for team in TEAMS:
        for scenario in SCENARIOS:
            for skip in SKIPS:
                tl = textbook_drill(
                    severity=2, team=team, scenario=scenario, skip=frozenset(skip)
                ).build()
                variants.append((tl, score(tl, None, pb)))
    # Serialise each variant once with placeholders; per file only the summary line (JSON) and
    # the drill id / start time change. Event wall times keep the variant's own day.
    templates = []
    for tl, result in variants:
        doc = document(replace(tl, drill="@DRILL@"), result)
        body = dumps(doc).split("\n", 2)[2].replace(tl.started.isoformat(), "@START@")
        templates.append((doc["summary"], body))
    rng = random.Random(11)
    for i in range(count):
        summary, body = rng.choice(templates)
        start = START + timedelta(hours=6 * i)
        drill = f"d{i:05d}"
        head = {
            **summary,
            "drill": drill,
            "started": start.isoformat(),
            "date": f"{start:%Y-%m-%d}",
        }
        text = (
            "scorecard_version: 1\nsummary: "
            + json.dumps(head, separators=(", ", ": "))
            + "\n"
            + body.replace("@DRILL@", drill).replace("@START@", start.isoformat())
        )
        name = f"{start:%Y-%m-%d-%H}-{summary['scenario']}-{summary['team']}.yaml"
        (directory / name).write_text(text)
    return time.perf_counter() - t0


def bench_trends(count: int) -> None:
    with tempfile.TemporaryDirectory(prefix="scoring-bench-") as tmp:
        d = Path(tmp)
        took = generate_cards(d, count)
        size = sum(p.stat().st_size for p in d.iterdir()) / 1e6
        print(f"generated {count} scorecards ({size:.0f} MB) in {took:.1f} s")
        for label, fn in (
            ("trends (in process)", lambda: trends(d)),
            ("list (in process)", lambda: list_scorecards(d)),
        ):
            t0 = time.perf_counter()
            out = fn()
            n = out["scorecards"] if isinstance(out, dict) else len(out)
            print(f"{label}: {n} scorecards in {time.perf_counter() - t0:.2f} s")
        for argv in (
            ["scorecard", "trends", "--json"],
            ["scorecard", "trends"],
            ["scorecard", "list", "--json"],
        ):
            t0 = time.perf_counter()
            proc = subprocess.run(
                [sys.executable, "-m", "gameday", *argv, "--dir", str(d)],
                capture_output=True,
                text=True,
            )
            took = time.perf_counter() - t0
            status = "ok" if proc.returncode == 0 else f"exit {proc.returncode}"
            print(f"gameday {' '.join(argv)}: {took:.2f} s wall ({status})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--events", type=int, default=1000)
    ap.add_argument("--cards", type=int, default=10000)
    args = ap.parse_args()
    bench_score(args.events)
    bench_trends(args.cards)


if __name__ == "__main__":
    main()
