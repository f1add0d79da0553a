"""The scenario data the drill room reads: status-page components mapped to monitors, hints
with a cost, spare injects for the facilitator, the probes each fault stage should break, and
latency as part of a probe's steady state. Each is declared once in the scenario model, in the
JSON Schema, and refused with ``file:line: key`` when wrong."""

from __future__ import annotations

import dataclasses
import re
import time
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gameday import events as ev
from gameday.drill.alerts import ALERT_RULES
from gameday.drill.autopilot import load_script
from gameday.drill.injects import inject_events
from gameday.drill.monitors import MonitorSet, Observation
from gameday.errors import GamedayError, ValidationError
from gameday.playbook import load_playbook
from gameday.probes.base import ProbeResult, ProbeType
from gameday.probes.runner import BoundProbe
from gameday.scenario.loader import load_scenario
from gameday.scenario.model import Component, InjectStep
from gameday.scenario.schema import schema_errors
from gameday.state import project_root
from gameday.yamlsrc import load_file

ROOT = project_root()
COMPLETE = ROOT / "tests" / "data" / "scenarios" / "complete.yaml"
BASE = yaml.safe_load((ROOT / "scenarios" / "heavy-migration.yaml").read_text())


def _write(tmp_path: Path, doc: dict[str, Any], name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=False))
    return path


def _with(**keys: Any) -> dict[str, Any]:
    doc = dict(BASE)
    doc["target"] = str(ROOT / "targets" / "shop")
    doc.update(keys)
    return doc


def _error(tmp_path: Path, doc: dict[str, Any]) -> str:
    path = _write(tmp_path, doc)
    with pytest.raises(ValidationError) as info:
        load_scenario(path)
    text = str(info.value)
    assert re.match(rf"{re.escape(str(path))}:\d+: ", text), text
    return text


# --- the complete example --------------------------------------------------------------------
def test_the_complete_example_reads_every_drill_room_key() -> None:
    s = load_scenario(COMPLETE)
    assert s.status_components == (
        Component("Storefront", ("storefront",)),
        Component("Checkout", ("checkout", "orders-writable")),
        Component("Payments", ()),
    )
    assert [(h.name, h.cost) for h in s.hints] == [("hint-1", None), ("red-herring", 8.0)]
    assert [(i.name, i.kind, i.sender) for i in s.spare_injects] == [
        ("cfo-asks", "stakeholder", "CFO"),
        ("disk-warning", "noise", "log-shipper"),
    ]
    assert s.spare_inject("cfo-asks") is s.spare_injects[0] and s.spare_inject("x") is None
    assert s.hint("red-herring") is s.hints[1]
    assert [f.breaks for f in s.faults] == [(), ("checkout",)]
    assert s.steady_state[1].max_latency == 3.0 and s.steady_state[0].max_latency is None
    assert [a.rule for a in s.alerts] == [
        "probe_failing",
        "probe_latency",
        "customer_failure_ratio",
    ]
    assert schema_errors(load_file(COMPLETE)) == []


def test_without_components_the_page_shows_one_per_probe(tmp_path: Path) -> None:
    doc = _with()
    del doc["components"]
    s = load_scenario(_write(tmp_path, doc))
    assert s.status_components == (
        Component("browse", ("browse",)),
        Component("checkout", ("checkout",)),
    )


# --- hints -----------------------------------------------------------------------------------
def test_hints_cost_their_own_points_or_the_playbooks(tmp_path: Path) -> None:
    s = load_scenario(
        _write(tmp_path, _with(hints=["look at locks", {"text": "psql", "cost": 12}]))
    )
    playbook = load_playbook("default")
    assert playbook.hint_cost == 5.0
    assert [h.name for h in s.hints] == ["hint-1", "hint-2"]
    assert [h.cost_in(playbook) for h in s.hints] == [5.0, 12.0]
    assert s.hints[0].line is not None and s.hints[1].line == s.hints[0].line + 1
    cheap = dataclasses.replace(playbook, hint_cost=0.0)
    assert [h.cost_in(cheap) for h in s.hints] == [0.0, 12.0]


def test_a_playbook_sets_its_own_hint_cost(tmp_path: Path) -> None:
    text = (
        (ROOT / "playbooks" / "default.yaml").read_text().replace("hint_cost: 5", "hint_cost: 2.5")
    )
    path = tmp_path / "ours.yaml"
    path.write_text(text)
    assert load_playbook(path).hint_cost == 2.5
    path.write_text(text.replace("hint_cost: 2.5", "hint_cost: 250"))
    with pytest.raises(ValidationError, match=r"ours.yaml:\d+: hint_cost: 250 is out of range"):
        load_playbook(path)


@pytest.mark.parametrize(
    ("hints", "where"),
    [
        ([{"text": "x", "cost": -1}], "hints[0].cost: -1 is out of range"),
        ([{"text": "x", "cost": ".nan"}], "hints[0].cost: expected a number"),
        ([{"txt": "x"}], "hints[0].txt: unknown key"),
        ([{"text": "x", "name": "a b"}], "hints[0].name: 'a b' must be letters"),
        (["a", {"text": "b", "name": "hint-1"}], "hints[1]: duplicate hint name 'hint-1'"),
        ([""], "hints[0]: must not be empty"),
        ([3], "hints[0]: expected text, got 3"),
    ],
)
def test_bad_hints_name_file_line_and_key(tmp_path: Path, hints: list[Any], where: str) -> None:
    assert where in _error(tmp_path, _with(hints=hints))


# --- spare injects ---------------------------------------------------------------------------
def test_a_spare_inject_records_what_a_timeline_inject_records(tmp_path: Path) -> None:
    spare = {"name": "cfo", "inject": "noise", "from": "billing", "message": "invoices late"}
    s = load_scenario(_write(tmp_path, _with(spare_injects=[spare])))
    fired = inject_events(s.spare_injects[0])
    same = InjectStep(name="cfo", kind="noise", at=0.0, message="invoices late", sender="billing")
    assert fired == inject_events(same)
    assert [k for k, _ in fired] == [ev.INJECT_DELIVERED, ev.ALERT_FIRED]
    assert s.injects == tuple(i for i in s.timeline if isinstance(i, InjectStep))  # not scheduled


@pytest.mark.parametrize(
    ("spares", "where"),
    [
        ([{"name": "noise-1", "inject": "noise", "message": "m"}], "spare_injects[0].name: dup"),
        (
            [{"name": "a", "inject": "noise", "message": "m"}] * 2,
            "spare_injects[1].name: duplicate name 'a': a spare inject step has it",
        ),
        ([{"inject": "noise", "message": "m"}], "spare_injects[0].name: required key"),
        ([{"name": "a", "inject": "rumour", "message": "m"}], "spare_injects[0].inject: 'rumour'"),
        ([{"name": "a", "inject": "noise", "message": "m", "at": "1m"}], "spare_injects[0].at"),
    ],
)
def test_bad_spare_injects_name_file_line_and_key(
    tmp_path: Path, spares: list[Any], where: str
) -> None:
    assert where in _error(tmp_path, _with(spare_injects=spares))


def test_autopilot_scripts_may_answer_a_spare_inject(tmp_path: Path) -> None:
    spare = {"name": "cfo", "inject": "stakeholder", "from": "CFO", "message": "revenue?"}
    s = load_scenario(_write(tmp_path, _with(spare_injects=[spare])))
    script = tmp_path / "script.yaml"
    script.write_text(
        "team: t\nscenario: heavy-migration\nsteps:\n"
        "  - {after: 'inject:cfo', at: 5s, as: ana, do: notify, audience: stakeholders,"
        " text: 'no revenue lost', reply_to: cfo}\n"
    )
    assert load_script(script, s).steps[0].after == "inject:cfo"
    script.write_text(script.read_text().replace("reply_to: cfo", "reply_to: cf0"))
    with pytest.raises(ValidationError, match="no stakeholder message 'cf0'"):
        load_script(script, s)


# --- components and breaks -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("keys", "where"),
    [
        ({"components": {"Checkout": ["checkot"]}}, "components.Checkout[0]: no probe 'checkot'"),
        ({"components": {"Checkout": "checkout"}}, "components.Checkout: expected a list"),
        ({"components": {"Check\nout": ["checkout"]}}, "must be one line"),
        ({"components": {"x" * 65: []}}, "the limit is 64"),
        ({"components": ["Checkout"]}, "components: expected a mapping"),
    ],
)
def test_bad_components_name_file_line_and_key(
    tmp_path: Path, keys: dict[str, Any], where: str
) -> None:
    assert where in _error(tmp_path, _with(**keys))


def test_a_fault_names_the_probes_it_breaks(tmp_path: Path) -> None:
    timeline = [dict(BASE["timeline"][0], breaks=["checkout"]), *BASE["timeline"][1:]]
    s = load_scenario(_write(tmp_path, _with(timeline=timeline)))
    assert s.faults[0].breaks == ("checkout",)
    timeline[0]["breaks"] = ["checkout", "brwose"]
    text = _error(tmp_path, _with(timeline=timeline))
    assert (
        "timeline[0].breaks[1]: no probe 'brwose' in steady_state (did you mean 'browse'?" in text
    )


# --- latency -----------------------------------------------------------------------------------
def _slow_probe(seconds: float) -> ProbeType[Any]:
    @dataclasses.dataclass(frozen=True)
    class P:
        pass

    def check(target: Any, params: Any) -> ProbeResult:
        time.sleep(seconds)
        return ProbeResult(True, "status 201")

    return ProbeType(params=P, check=check, summary="sleeps", name="slow")


def test_max_latency_turns_a_slow_pass_into_a_failure() -> None:
    probe = _slow_probe(0.02)
    slow = BoundProbe("checkout", "slow", None, probe, params=None, max_latency_s=0.001).check()
    assert not slow.ok and slow.detail.startswith("too slow: ")
    assert "more than 1 ms; status 201" in slow.detail
    relaxed = BoundProbe("checkout", "slow", None, probe, params=None, max_latency_s=60.0).check()
    assert relaxed.ok and relaxed.detail == "status 201"


def test_max_latency_is_bounded(tmp_path: Path) -> None:
    probes = [dict(BASE["steady_state"][0], max_latency="20m"), BASE["steady_state"][1]]
    assert "steady_state[0].max_latency: '20m' is too long" in _error(
        tmp_path, _with(steady_state=probes)
    )


def _obs(mons: MonitorSet, t: float, ms: float | None, ok: bool = True) -> None:
    mons.observe(Observation("checkout", t, ok, ms))


def test_probe_latency_rule_fires_after_consecutive_slow_checks() -> None:
    rule = ALERT_RULES.get("probe_latency").create(
        "checkout slow", {"monitor": "checkout", "threshold_ms": 500, "consecutive": 3}
    )
    mons = MonitorSet(["checkout"])
    assert rule.evaluate(mons, 0.0) == (None, "")
    for t, ms in enumerate([900.0, 900.0, 100.0, 900.0, 900.0]):
        _obs(mons, float(t), ms)
        assert not rule.evaluate(mons, float(t))[0]
    _obs(mons, 5.0, 1200.0)
    firing, message = rule.evaluate(mons, 5.0)
    assert firing and "slower than 500 ms for 3 consecutive checks (last 1200 ms)" in message
    assert rule.severity == "warning" and rule.monitor == "checkout"
    _obs(mons, 6.0, None, ok=False)  # no latency measured: not evidence of slowness
    assert rule.evaluate(mons, 6.0) == (False, "")


def test_scenario_selects_latency_rules(tmp_path: Path) -> None:
    from gameday.drill.plan import scenario_rules

    alerts = [
        {"rule": "probe_latency", "name": "checkout slow", "params": {"monitor": "checkout"}},
        {
            "rule": "customer_latency",
            "name": "p95",
            "params": {"threshold_ms": 800, "window": "20s"},
        },
    ]
    rules = scenario_rules(load_scenario(_write(tmp_path, _with(alerts=alerts))))
    assert rules is not None and [r.name for r in rules] == ["checkout slow", "p95"]
    alerts[0]["params"] = {"monitor": "chekout", "threshold_ms": 0}
    text = _error(tmp_path, _with(alerts=alerts))
    assert "alerts[0].params.threshold_ms: 0 is out of range" in text


# --- property: whatever the drill-room keys hold ------------------------------------------------
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=True, allow_infinity=True)
    # no lone surrogates: they cannot be in a UTF-8 file (yaml.safe_dump would write an escape
    # that YAML itself refuses, before any key is read)
    | st.text(
        alphabet=st.characters(exclude_categories=("Cs",))
        | st.sampled_from("\x00\u200b\u202e\n -"),
        max_size=20,
    )
    | st.sampled_from(["browse", "checkout", "noise", "stakeholder", "5s", "hint-1", "x"])
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=10,
)
hint = st.one_of(
    st.text(max_size=20),
    st.fixed_dictionaries(
        {"text": st.text(max_size=20)},
        optional={"name": st.sampled_from(["a", "hint-1", "b c", ""]), "cost": scalars},
    ),
)
spare = st.fixed_dictionaries(
    {"name": st.sampled_from(["cfo", "noise-1", "a", "cfo"]), "message": st.text(max_size=10)},
    optional={"inject": st.sampled_from(["noise", "stakeholder", "gossip"]), "from": scalars},
)
components = st.dictionaries(
    st.text(max_size=70),
    st.lists(st.sampled_from(["browse", "checkout", "brwose", ""]), max_size=3) | values,
    max_size=4,
)


@settings(max_examples=80, deadline=5000, suppress_health_check=[HealthCheck.too_slow])
@given(
    hints=st.lists(hint, max_size=4) | values,
    spares=st.lists(spare, max_size=3) | values,
    comps=components | values,
)
def test_drill_room_keys_load_or_name_file_line_and_key(
    tmp_path_factory: pytest.TempPathFactory, hints: Any, spares: Any, comps: Any
) -> None:
    path = _write(
        tmp_path_factory.mktemp("p"), _with(hints=hints, spare_injects=spares, components=comps)
    )
    try:
        s = load_scenario(path)
    except GamedayError as exc:
        message = str(exc)
        assert message.startswith(f"{path}:"), message
        assert re.match(rf"{re.escape(str(path))}:\d+: (hints|spare_injects|components)", message)
        return
    assert len(s.hints) == len(hints) and all(h.name for h in s.hints)
    assert len({h.name for h in s.hints}) == len(s.hints)
    assert [c.name for c in s.status_components] == list(comps) or not comps
    probes = {p.name for p in s.steady_state}
    assert all(set(c.monitors) <= probes for c in s.status_components)
    names = [i.name for i in s.timeline] + [i.name for i in s.spare_injects]
    assert len(names) == len(set(names))
    assert schema_errors(load_file(path)) == []  # what the reader takes, editors take too
