"""Incident fold and scorecard rendering benchmarks; prints numbers, asserts nothing.

    .venv/bin/python benchmarks/incident_bench.py [--events 3000]

1. The fold: ``Incident.apply`` per event (live, as the runner folds its log) and a full
   replay with every metric and the impact read, over a long generated drill.
2. The dashboard's live checklist: one ``LiveScore`` re-score of the events so far (what the
   runner pays at most every 2 s of drill time).
3. Rendering one scorecard: the view model, Markdown, and HTML with its SVG (Jinja2 templates).

Times are CPU seconds of this process (``time.process_time``): on a shared machine, wall time
mostly measures the neighbours.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gameday.incident import Incident, impact, metrics
from gameday.playbook import load_playbook
from gameday.scorecard.html import render_html
from gameday.scorecard.io import Scorecard, document
from gameday.scorecard.markdown import render_markdown
from gameday.scorecard.view import from_card
from gameday.scoring import score
from gameday.scoring.live import LiveScore

HERE = Path(__file__).resolve().parent


def _big_timeline(n: int) -> Any:
    import sys

    sys.path.insert(0, str(HERE))
    from scoring_bench import big_timeline  # the same long drill the scoring benchmark uses

    return big_timeline(n)


def _time(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    fn()  # warm imports and caches
    times = []
    for _ in range(runs):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return min(times), statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--events", type=int, default=3000)
    ap.add_argument("--runs", type=int, default=10)
    args = ap.parse_args()
    tl = _big_timeline(args.events)
    n = len(tl.events)
    pb = load_playbook("default")

    def replay() -> None:
        inc = Incident.replay(tl.events, role_key=pb.role_key)
        metrics(inc), impact(inc), inc.milestones(), inc.phase

    best, med = _time(replay, args.runs)
    print(
        f"fold: replay of {n} events + metrics/impact/milestones: best {best * 1e3:.1f} ms, "
        f"median {med * 1e3:.1f} ms ({best / n * 1e6:.1f} µs/event)"
    )
    inc = Incident.replay(tl.events)
    t0 = time.process_time()
    metrics(inc), impact(inc)
    first = time.process_time() - t0
    t0 = time.process_time()
    for _ in range(100):
        metrics(inc), impact(inc)
    again = (time.process_time() - t0) / 100
    print(
        f"fold: metrics + impact of a {n}-event fold: {first * 1e3:.1f} ms after a new event, "
        f"{again * 1e3:.3f} ms per dashboard frame until the next one"
    )

    def live() -> None:
        ls = LiveScore(None, pb)
        ls.steps(inc, 0.0)

    best, med = _time(live, args.runs)
    print(
        f"live checklist: one re-score of {n} events: best {best * 1e3:.1f} ms, "
        f"median {med * 1e3:.1f} ms (at most every 2 s of drill time)"
    )

    result = score(tl, None, pb)
    doc = document(tl, result)
    card = Scorecard(None, doc["summary"], doc["result"], tl)
    for label, fn in (
        ("view model", lambda: from_card(card)),
        ("Markdown", lambda: render_markdown(card)),
        ("HTML + SVG (Jinja2)", lambda: render_html(card)),
    ):
        best, med = _time(fn, args.runs)
        print(f"render {label} of {n} events: best {best * 1e3:.1f} ms, median {med * 1e3:.1f} ms")


if __name__ == "__main__":
    main()
