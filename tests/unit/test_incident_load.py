"""The load the customers achieved, read off the fold: one definition for every view."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from gameday import events as ev
from gameday.clock import FakeClock
from gameday.drill.log import EventLog
from gameday.drill.monitors import CustomerStats
from gameday.drill.report import summary_lines, timings
from gameday.incident import Incident, load, load_line, summary
from gameday.playbook import load_playbook
from gameday.scorecard.view import build
from gameday.scoring import score
from gameday.testing import TimelineBuilder, textbook_drill


def _drill_on_a_fake_clock(
    tmp_path: Path, per_interval: list[int], every_s: float = 5.0
) -> Incident:
    """A log written as the runner writes it: the drill clock is the fake clock, every
    ``customers.stats`` lands ``every_s`` later with that interval's requests (2 workers)."""
    clock = FakeClock()
    log = EventLog.open(tmp_path, clock=clock)
    log.start_clock()
    log.append(ev.DRILL_STARTED, {"scenario": "s", "users": 40, "workers": 2})
    for i, n in enumerate(per_interval):
        clock.advance(every_s)
        users = min(40, 10 * (i + 1))  # Locust ramps up
        stats = CustomerStats(
            t=log.now_t(), rps=n / every_s, fail_ratio=0.0, p95_ms=80.0,
            requests=n, failures=0, slow=0, users=users, workers=2,
        )  # fmt: skip
        log.append(ev.CUSTOMERS_STATS, stats.to_event())
    clock.advance(1.0)
    log.append(ev.DRILL_ENDED, {"reason": "time_limit"})
    events = log.events()
    log.close()
    return Incident.replay(events)


def test_achieved_rate_on_a_fake_clock(tmp_path: Path) -> None:
    inc = _drill_on_a_fake_clock(tmp_path, [100, 200, 200, 300])
    got = load(inc)
    assert got is not None
    # the first sample's interval began before anything was recorded: left out
    assert got["requests"] == 700
    assert got["seconds"] == 15.0  # first sample at 5 s, last at 20 s
    assert got["achieved_rps"] == round(700 / 15, 2)
    assert got["peak_rps"] == 60.0
    assert got["users"] == 40 and got["workers"] == 2
    assert got["asked_users"] == 40 and got["asked_workers"] == 2
    assert got["samples"] == 4
    assert got["label"] == (
        "load: 40 users on 2 Locust workers, 46.67 requests/s achieved (peak 60) over 15s"
    )


def test_the_label_says_what_fell_short(tmp_path: Path) -> None:
    b = TimelineBuilder()
    b.event(ev.DRILL_STARTED, {"users": 500, "workers": 4})
    b.at(5).stats(50, 0, users=120, workers=3)
    b.at(10).stats(50, 0, users=120, workers=3)
    line = load_line(load(Incident.replay(b.build().events)))
    assert "120 users (of 500 asked for)" in line
    assert "on 3 Locust workers (of 4 asked for)" in line


def test_one_process_one_sample_and_none() -> None:
    b = TimelineBuilder()
    b.at(0).started()
    b.at(5).stats(50, 0, users=5)
    one = load(Incident.replay(b.build().events))
    assert one is not None and one["achieved_rps"] is None and one["workers"] == 0
    assert load_line(one) == "load: 5 users in one Locust process; too few samples for a rate"
    b.at(10).stats(30, 0, users=5)
    assert "6 requests/s achieved" in load_line(load(Incident.replay(b.build().events)))
    empty = TimelineBuilder()
    empty.at(0).started()
    assert load(Incident.replay(empty.build().events)) is None
    assert load_line(None) == "load: no customer samples"


def test_every_view_reads_the_same_load() -> None:
    tl = textbook_drill().build()
    inc = Incident.replay(tl.events)
    expected = load(inc)
    assert expected is not None
    assert summary(inc)["load"] == expected
    t = timings(list(tl.events))
    assert t["load"] == expected
    assert expected["label"] in summary_lines(t)
    result = score(tl, None, load_playbook("default"))
    assert result.load == expected and result.to_dict()["load"] == expected
    view = build(result.to_dict(), {"title": "x"}, tl)
    assert view.load == expected and view.load_line == expected["label"]
    # a scorecard written before the load existed: the view folds the timeline itself
    old = {k: v for k, v in result.to_dict().items() if k != "load"}
    assert build(old, {"title": "x"}, tl).load == expected


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0.1, 30), st.integers(0, 10_000), st.integers(0, 64)),
        min_size=1,
        max_size=40,
    )
)
def test_rate_is_requests_after_the_first_over_the_span(
    samples: list[tuple[float, int, int]],
) -> None:
    b = TimelineBuilder()
    b.at(0).started()
    t = 0.0
    for gap, n, workers in samples:
        t += gap
        b.at(t).stats(n, 0, users=1, workers=workers)
    got = load(Incident.replay(b.build().events))
    assert got is not None
    assert got["requests"] == sum(n for _, n, _ in samples[1:])
    span = t - samples[0][0]
    assert got["seconds"] == round(span, 3)
    if got["achieved_rps"] is not None:
        assert got["achieved_rps"] >= 0
        assert abs(got["achieved_rps"] - got["requests"] / span) < 0.01
    assert got["workers"] == max(w for _, _, w in samples)
