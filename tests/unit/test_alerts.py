"""Alert rules fire from what the monitors saw, once per episode."""

from __future__ import annotations

import pytest

from gameday import events as ev
from gameday.drill.alerts import ALERT_RULES, AlertEngine, default_rules
from gameday.drill.monitors import CUSTOMERS, CustomerStats, MonitorSet, Observation
from gameday.params import ParamError


def _stats(t: float, requests: int, failures: int, p95: float = 50.0) -> CustomerStats:
    return CustomerStats(
        t=t,
        rps=float(requests),
        fail_ratio=failures / requests if requests else 0.0,
        p95_ms=p95,
        requests=0,
        failures=0,
        slow=0,
        interval_requests=requests,
        interval_failures=failures,
    )


def test_probe_rule_needs_n_consecutive_failures_and_fires_once() -> None:
    mons = MonitorSet(["shop"])
    engine = AlertEngine(default_rules(["shop"], consecutive=3, customers=False))
    fired = []
    for t, ok in enumerate([True, False, False, True, False, False, False, False]):
        mons.observe(Observation("shop", float(t), ok, 5.0, "" if ok else "HTTP 502"))
        for kind, data in engine.evaluate(mons, float(t)):
            engine.apply(kind, data)
            fired.append((t, kind, data))
    assert [(t, k) for t, k, _ in fired] == [(6, ev.ALERT_FIRED)]
    data = fired[0][2]
    assert data["monitor"] == "shop" and data["noise"] is False
    assert "HTTP 502" in data["message"]


def test_probe_alert_resolves_when_probe_passes_again() -> None:
    mons = MonitorSet(["shop"])
    engine = AlertEngine(default_rules(["shop"], consecutive=1, customers=False))
    mons.observe(Observation("shop", 0.0, False))
    [(kind, data)] = engine.evaluate(mons, 0.0)
    engine.apply(kind, data)
    mons.observe(Observation("shop", 1.0, True))
    assert engine.evaluate(mons, 1.0) == [(ev.ALERT_RESOLVED, {"alert": "shop failing"})]


def test_failure_ratio_over_window_ignores_old_samples() -> None:
    mons = MonitorSet([])
    rule = ALERT_RULES.get("customer_failure_ratio").create(
        "errors", {"threshold": 0.5, "window": "5s", "min_requests": 10}
    )
    engine = AlertEngine([rule])
    for t in range(5):
        mons.add_customer_stats(_stats(float(t), 10, 9))
    assert engine.evaluate(mons, 4.0)[0][0] == ev.ALERT_FIRED
    for t in range(5, 11):
        mons.add_customer_stats(_stats(float(t), 10, 0))
    # The failing seconds left the 5 s window: nothing fires any more.
    assert not rule.evaluate(mons, 10.0)[0]


def test_failure_ratio_needs_minimum_traffic() -> None:
    mons = MonitorSet([])
    rule = ALERT_RULES.get("customer_failure_ratio").create("errors", {"min_requests": 50})
    mons.add_customer_stats(_stats(1.0, 3, 3))
    assert rule.evaluate(mons, 1.0) == (False, "")


def test_latency_rule_fires_only_when_whole_window_is_slow() -> None:
    mons = MonitorSet([])
    rule = ALERT_RULES.get("customer_latency").create("slow", {"threshold_ms": 500, "window": "5s"})
    for t in range(5):
        mons.add_customer_stats(_stats(float(t), 10, 0, p95=900.0 if t != 2 else 100.0))
    assert not rule.evaluate(mons, 4.0)[0]
    for t in range(5, 10):
        mons.add_customer_stats(_stats(float(t), 10, 0, p95=900.0))
    firing, message = rule.evaluate(mons, 9.0)
    assert firing and "900 ms" in message
    assert rule.monitor == CUSTOMERS


def test_rule_params_are_validated() -> None:
    with pytest.raises(ParamError):
        ALERT_RULES.get("customer_failure_ratio").create("x", {"treshold": 0.3})
    with pytest.raises(ParamError):
        ALERT_RULES.get("customer_latency").create("x", {"window": "soon"})


def test_broken_plugin_rule_does_not_stop_the_engine() -> None:
    class Broken:
        name, monitor, severity = "broken", "x", "warning"

        def evaluate(self, monitors: MonitorSet, now: float) -> tuple[bool, str]:
            raise RuntimeError("boom")

    mons = MonitorSet(["shop"])
    mons.observe(Observation("shop", 0.0, False))
    engine = AlertEngine([Broken(), *default_rules(["shop"], consecutive=1, customers=False)])
    assert [d["alert"] for _, d in engine.evaluate(mons, 0.0)] == ["shop failing"]


def test_noise_alerts_do_not_enter_the_firing_set() -> None:
    engine = AlertEngine([])
    engine.apply(ev.ALERT_FIRED, {"alert": "billing-disk", "noise": True})
    assert engine.firing == {}


def test_no_data_keeps_a_firing_alert_as_it_is() -> None:
    """A resumed runner starts with empty monitors: it must not resolve and re-fire."""
    engine = AlertEngine(default_rules(["shop"], consecutive=1, customers=True))
    engine.apply(ev.ALERT_FIRED, {"alert": "shop failing", "noise": False})
    engine.apply(ev.ALERT_FIRED, {"alert": "customer errors", "noise": False})
    assert engine.evaluate(MonitorSet(["shop"]), 100.0) == []
