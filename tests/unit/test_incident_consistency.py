"""One drill, every view, the same numbers.

Two event logs, a real one (``tests/data/timelines/e2e-bad-deploy.yaml``, recorded from an
end-to-end drill) and a synthetic bad-deploy-shaped one (the alert fires between
``fault.injected`` and ``fault.live``, names typed in different cases, a premature resolve, a
final status posted just before the resolve), are fed to every view: the drill record the
runner writes (summary, timeline, scorecard YAML/Markdown/HTML), the facilitator's terminal
dashboard snapshot, the responders' ``watch`` state, the drill room's facilitator console, and
the review draft. Each must show the incident
fold's milestones, metrics and customer impact, and describe every event the same way.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import pytest

from gameday import events as ev
from gameday.clock import FakeClock
from gameday.drill.dashboard import build_snapshot
from gameday.drill.locate import create_drill
from gameday.drill.machine import DrillMachine, DrillSettings
from gameday.drill.report import summary_lines, timings, write_record
from gameday.drill.view import responder_state
from gameday.durations import format_duration as fd
from gameday.events.typed import describe
from gameday.incident import METRICS, Incident, impact, impact_line, load, load_line, metrics
from gameday.playbook import Playbook, load_playbook
from gameday.scenario.loader import load_scenario
from gameday.scenario.model import Scenario
from gameday.scorecard import read_scorecard
from gameday.scorecard.markdown import _cell as markdown_cell
from gameday.scorecard.markdown import render_review
from gameday.scoring import score
from gameday.state import project_root
from gameday.testing import TimelineBuilder
from gameday.timeline import Timeline, load_timeline

ROOT = project_root()
FAST = ROOT / "tests" / "data" / "playbooks" / "fast.yaml"


def synthetic_bad_deploy() -> Timeline:
    b = TimelineBuilder(scenario="bad-deploy", team="blue", title="Bad deploy")
    b.at(0).event(ev.DRILL_STARTED, {"scenario": "bad-deploy", "oncall": ["Dana", "eli", "fay"]})
    b.at(4).stats(40, 0)  # the baseline: not impact
    b.at(10).event(ev.FAULT_INJECTED, {"fault": "api-v2", "type": "bad_deploy"})
    b.at(14).stats(40, 12, slow=2, p95_ms=800)
    b.at(18).alert("checkout failing")  # while the release rolls out: detection
    b.page("Dana")
    b.at(24).stats(40, 30, slow=5, p95_ms=1200)
    b.at(30).event(ev.FAULT_LIVE, {"fault": "api-v2", "type": "bad_deploy"})
    b.at(35).ack("dana")
    b.at(50).declare(2, "DANA")
    b.at(55).role("ic", "dana", "Dana")
    b.role("tech", "Eli", "Dana")
    b.role("comms", "fay", "Dana")
    b.at(60).channel(who="Dana")
    b.at(70).status("Checkout failing; investigating", next=120, who="fay")
    b.at(90).resolve(premature=True, who="Dana")  # too early: resolves nothing
    b.at(100).rollback("api", who="eli")
    b.at(110).cause("the v2 deploy broke checkout", who="eli")
    b.at(120).event(ev.ALERT_RESOLVED, {"alert": "checkout failing"})
    b.at(125).stats(40, 2)
    b.at(140).mitigated()
    b.at(150).stats(40, 0)  # after recovery: not impact
    b.at(160).status("Resolved: rolled back", state="resolved", who="fay")  # 10s before resolve
    b.at(170).resolve(who="dana")
    b.at(175).fault_undone("api-v2")
    b.at(180).ended("resolved")
    return b.build()


CASES = {
    "recorded e2e bad-deploy": lambda: load_timeline(
        ROOT / "tests" / "data" / "timelines" / "e2e-bad-deploy.yaml"
    ),
    "synthetic bad-deploy": synthetic_bad_deploy,
}


@pytest.fixture(scope="module")
def fast() -> Playbook:
    return load_playbook(FAST)


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return load_scenario(ROOT / "scenarios" / "bad-deploy.yaml")


def _log_drill(tl: Timeline) -> Any:
    """The timeline recorded into a real drill directory, at its own drill times."""
    clock = FakeClock(tl.started)
    drill = create_drill(tl.scenario, team=tl.team, clock=clock)
    log = drill.log(clock)
    for e in tl.events:
        clock.advance(max(0.0, e.t - (clock.now() - tl.started).total_seconds()))
        log.append(e.kind, e.data, actor=e.actor, t=e.t)
    return drill, clock


def _snapshot(tl: Timeline, scenario: Scenario, pb: Playbook) -> Any:
    """The facilitator's dashboard after the machine folded every event, as the runner does."""
    roster = tuple(tl.events[0].data.get("oncall") or ("ana",))
    machine = DrillMachine(scenario, DrillSettings(roster=roster), rules=[])
    for e in tl.events:
        machine.apply(e)
    return build_snapshot(
        machine, drill_id=tl.drill, scenario=scenario, playbook=pb, now=tl.events[-1].t
    )


@pytest.mark.parametrize("case", list(CASES))
def test_every_view_tells_the_same_story(
    case: str,
    fast: Playbook,
    scenario: Scenario,
    state_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tl = CASES[case]()
    fold = Incident.replay(tl.events, role_key=fast.role_key)
    want = metrics(fold)
    want_impact = impact(fold)
    marks = {k: (m.t if m else None) for k, m in fold.milestones().items()}
    assert want["time_to_detect"] is not None and want_impact is not None
    assert want_impact["requests"] > 0 and "→" in want_impact["label"]

    # the drill record: summary.json / summary.txt, timeline.yaml, scorecard YAML/MD/HTML
    monkeypatch.setenv("GAMEDAY_SCORECARDS", str(tmp_path / "cards"))
    drill, clock = _log_drill(tl)
    events = drill.log().events()
    record = write_record(
        drill, events, reason="resolved", scenario=scenario, playbook=fast, team=tl.team, say=print
    )
    summary = json.loads((drill.dir / "summary.json").read_text())
    assert summary["metrics"] == want and summary["impact"] == want_impact
    assert summary["milestones"] == marks
    assert timings(list(tl.events), role_key=fast.role_key)["metrics"] == want
    written = load_timeline(drill.dir / "timeline.yaml")  # its playbook reference resolves
    assert Path(str(written.playbook)).resolve() == FAST.resolve()
    text = (drill.dir / "summary.txt").read_text()
    for m in METRICS:
        line = next(x for x in summary_lines(summary) if x.startswith(m.label))
        assert f" {fd(want[m.name])} " in line and m.definition in line and line in text
    assert impact_line(want_impact) in text

    yaml_path = next(Path(p) for p in record.outputs if p.endswith(".yaml") and "cards" in p)
    card = read_scorecard(yaml_path)
    assert card.result["metrics"] == want and card.result["impact"] == want_impact
    result = score(card.timeline, scenario, fast)
    assert result.to_dict()["metrics"] == want and record.summary["score"] == result.total

    md = yaml_path.with_suffix(".md").read_text()
    page = yaml_path.with_suffix(".html").read_text()
    review = render_review(card)
    for m in METRICS:
        value = fd(want[m.name])
        assert f"| {m.label} | {value} |" in md, m.name
        assert f"<b>{value}</b>" in page, m.name
    for doc in (md, review):
        assert f"{want_impact['failures']:,} customer requests failed" in review
        assert want_impact["label"] in doc
    assert html.escape(want_impact["label"]) in page
    for name in ("time_to_detect", "time_to_acknowledge", "time_to_declare"):
        assert fd(want[name]) in review

    # one description per event in every view that lists events
    for e in tl.events:
        if e.kind == ev.CUSTOMERS_STATS:
            continue
        line = describe(e)
        assert markdown_cell(line) in md and html.escape(line) in page
    assert "| gameday | resolved |" not in md and "| gameday | resolved |" not in review
    assert "SEV2" not in md + review + page

    # the live dashboard: the same metrics and impact; the checklist is the scorer's
    snap = _snapshot(tl, scenario, fast)
    assert snap.metrics == want and snap.impact == impact_line(want_impact)
    assert snap.load == load_line(load(fold)) and load_line(load(fold)) in text
    live = score(Timeline.from_events(tl.events), scenario, fast)
    assert snap.progress == tuple(
        (c.name, c.state) for c in live.criteria if c.state != "not_applicable"
    )

    # the responders' view: what the team did, from the same fold, names as the roster has them
    state = responder_state(drill)
    inc = state["incident"]
    assert (inc["acknowledged_t"], inc["declared_t"]) == (marks["acknowledged"], marks["declared"])
    assert inc["sev"] == fold.severity and inc["roles"] == fold.holders()
    visible = [e for e in events if e.kind.startswith("action.")]
    assert [c["text"] for c in state["channel"]] == [describe(e, public=True) for e in visible]

    # the drill room's facilitator console: the fold's metrics and phase, the scorer's checklist
    from gameday.drill.web.room import Room
    from gameday.drill.web.views import facilitator_context

    room = Room(drill, clock=clock, scenario=scenario, playbook=fast)
    room.refresh()
    console = facilitator_context(room)
    assert console["metrics"] == {k: v for k, v in want.items() if v is not None}
    assert console["phase"] == fold.phase and console["state"] == state
    assert [(s.name, s.state) for s in console["steps"]] == list(snap.progress)
    assert console["customers"] == [snap.impact, snap.cost, snap.load]


def test_the_synthetic_drill_reads_as_designed(fast: Playbook) -> None:
    """The numbers the consistency test compares, spelled out once."""
    fold = Incident.replay(synthetic_bad_deploy().events, role_key=fast.role_key)
    m = metrics(fold)
    assert m["time_to_detect"] == 8.0  # injected 10s -> alert 18s (before the fault was live)
    assert m["time_to_acknowledge"] == 17.0  # page 18s -> ack 35s
    assert m["time_to_resolve"] == 160.0  # the proper resolve at 170s, not the premature one
    assert m["longest_comm_gap"] == 90.0  # status 70s -> resolved post 160s
    imp = impact(fold)
    assert imp is not None
    assert (imp["requests"], imp["failures"], imp["slow"]) == (120, 44, 7)  # 14s, 24s, 125s
    assert imp["window"] == [10.0, 140.0] and imp["window_end"] == "mitigated"
    assert fold.holders() == {"ic": "Dana", "tech": "eli", "comms": "fay"}  # as the roster has them
