"""Every responder action: validation, payload recorded, clear errors; locating the drill."""

from __future__ import annotations

from pathlib import Path

import pytest

from gameday import events as ev
from gameday.clock import FakeClock
from gameday.drill.actions import ACTIONS, record_action
from gameday.drill.locate import (
    create_drill,
    find_running_drill,
    list_drills,
    open_drill,
)
from gameday.errors import DrillError, NoDrillRunning, TargetError


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def drill(state_dir: Path, clock: FakeClock):
    d = create_drill("expired-cert", team="model-team", clock=clock)
    yield d
    d.close()


def test_every_spec_action_is_registered() -> None:
    expected = {
        "say",
        "ack",
        "declare",
        "role",
        "channel",
        "status",
        "update",
        "notify",
        "note",
        "cause",
        "rollback",
        "resolve",
        "review",
    }
    assert set(ACTIONS.names()) == expected
    for kind in ACTIONS.values():
        assert kind.event.startswith("action.")


def test_no_drill_running(state_dir: Path) -> None:
    with pytest.raises(NoDrillRunning, match="no drill is running"):
        find_running_drill()


def test_find_running_drill_and_ended_drill(drill, clock: FakeClock) -> None:
    assert find_running_drill().id == drill.id
    assert open_drill(drill.id).dir == drill.dir
    assert open_drill(drill.dir).id == drill.id
    assert [d.id for d in list_drills()] == [drill.id]
    drill.mark_ended("end", clock)
    with pytest.raises(NoDrillRunning, match="no drill is running"):
        find_running_drill()
    with pytest.raises(NoDrillRunning, match="has ended"):
        record_action(drill, "ack", {}, actor="bob")
    # the review may still be scheduled after the drill ended
    e = record_action(
        drill, "review", {"when": "2026-01-02T10:00:00"}, actor="bob", allow_ended=True
    )
    assert e.data == {"when": "2026-01-02T10:00:00+00:00"}
    drill.mark_running(pid=123)
    assert find_running_drill().id == drill.id


def test_drill_id_does_not_reveal_the_scenario(drill) -> None:
    assert "cert" not in drill.id
    assert drill.meta().token and len(drill.meta().token) >= 24
    assert (drill.dir / "drill.json").stat().st_mode & 0o077 == 0


def test_ack_is_timed_by_the_drill_clock(drill, clock: FakeClock) -> None:
    clock.advance(42)
    e = record_action(drill, "ack", {}, actor="alice", clock=clock)
    assert (e.kind, e.actor, e.t, e.data) == (ev.ACK, "alice", 42.0, {})
    assert drill.log().events()[-1] == e


@pytest.mark.parametrize("sev", [1, 2, 3, 4])
def test_declare_accepts_1_to_4(drill, sev: int) -> None:
    assert record_action(drill, "declare", {"sev": sev}, actor="a").data == {"sev": sev}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"sev": 0}, "out of range"),
        ({"sev": 5}, "out of range"),
        ({"sev": "2"}, "whole number"),
        ({}, "required"),
        ({"sev": 2, "extra": 1}, "unknown parameter"),
    ],
)
def test_declare_refuses(drill, params: dict, message: str) -> None:
    with pytest.raises(DrillError, match=message):
        record_action(drill, "declare", params, actor="a")
    assert drill.log().events() == []  # nothing recorded for a refused action


@pytest.mark.parametrize(
    ("given", "role"),
    [
        ("ic", "ic"),
        ("tech", "tech"),
        ("ops", "tech"),
        ("operations-lead", "tech"),
        ("Comms", "comms"),
        ("incident-commander", "ic"),
        ("Operations Lead", "tech"),  # as the playbook and scoring spell it
        ("communications_lead", "comms"),
    ],
)
def test_role_aliases(drill, given: str, role: str) -> None:
    e = record_action(drill, "role", {"role": given, "person": "bob"}, actor="alice")
    assert e.data == {"role": role, "person": "bob"}


def test_role_refuses_unknown_role_and_empty_person(drill) -> None:
    with pytest.raises(DrillError, match="unknown role 'boss'"):
        record_action(drill, "role", {"role": "boss", "person": "bob"}, actor="a")
    with pytest.raises(DrillError, match="must not be empty"):
        record_action(drill, "role", {"role": "ic", "person": "  "}, actor="a")


def test_channel(drill) -> None:
    e = record_action(drill, "channel", {"name": "#incident-20260101"}, actor="a")
    assert e.data == {"name": "#incident-20260101"}
    with pytest.raises(DrillError, match="not a channel name"):
        record_action(drill, "channel", {"name": "incident room"}, actor="a")


def test_status_states_and_next(drill) -> None:
    first = record_action(drill, "status", {"text": "Looking", "next": "15m"}, actor="c")
    assert first.data == {"text": "Looking", "state": "investigating", "next_s": 900.0}
    second = record_action(drill, "status", {"text": "Found", "state": "identified"}, actor="c")
    assert second.data["state"] == "identified"
    third = record_action(drill, "status", {"text": "Still on it"}, actor="c")
    assert third.data["state"] == "identified"  # default: keep the incident's current state
    with pytest.raises(DrillError, match="not one of"):
        record_action(drill, "status", {"text": "x", "state": "panicking"}, actor="c")


@pytest.mark.parametrize("bad", ["soon", "-5m", "0s", "48h", "15"])
def test_bad_next_is_refused(drill, bad: str) -> None:
    params: dict = {"text": "x", "next": bad if bad != "15" else 15}
    if bad == "15":  # plain numbers are seconds, so 15 is a valid promise
        assert record_action(drill, "update", params, actor="c").data["next_s"] == 15.0
        return
    with pytest.raises(DrillError, match="next"):
        record_action(drill, "update", params, actor="c")


@pytest.mark.parametrize("action", ["note", "cause", "update", "status"])
def test_empty_text_is_refused(drill, action: str) -> None:
    with pytest.raises(DrillError, match="must not be empty"):
        record_action(drill, action, {"text": "   "}, actor="c")


def test_text_length_limit(drill) -> None:
    with pytest.raises(DrillError, match="limit"):
        record_action(drill, "note", {"text": "x" * 5000}, actor="c")


def test_notify_only_stakeholders_and_reply_to_must_exist(drill) -> None:
    with pytest.raises(DrillError, match="only audience"):
        record_action(drill, "notify", {"audience": "press", "text": "hi"}, actor="c")
    with pytest.raises(DrillError, match="no message 'ceo-asks' has arrived"):
        record_action(drill, "notify", {"text": "hi", "reply_to": "ceo-asks"}, actor="c")
    drill.log().append(ev.INJECT_DELIVERED, {"inject": "ceo-asks", "kind": "stakeholder"})
    e = record_action(drill, "notify", {"text": "on it", "reply_to": "ceo-asks"}, actor="c")
    assert e.data == {"audience": "stakeholders", "text": "on it", "reply_to": "ceo-asks"}


def test_resolve_before_and_after_mitigation(drill) -> None:
    assert record_action(drill, "resolve", {}, actor="a").data == {"premature": True}
    drill.log().append(ev.MITIGATED, {"hold_s": 30})
    assert record_action(drill, "resolve", {}, actor="a").data == {"premature": False}


def test_review_needs_an_iso_time(drill) -> None:
    with pytest.raises(DrillError, match="ISO-8601"):
        record_action(drill, "review", {"when": "tomorrow"}, actor="a")


def test_unknown_action_and_bad_actor(drill) -> None:
    with pytest.raises(DrillError, match="unknown action 'dance'"):
        record_action(drill, "dance", {}, actor="a")
    with pytest.raises(DrillError, match="must not be empty"):
        record_action(drill, "ack", {}, actor=" ")
    with pytest.raises(DrillError, match="printable"):
        record_action(drill, "ack", {}, actor="bob\x1b[2J")


class _Target:
    """Stands in for gameday.target.Target's rollback contract (the real one needs Docker)."""

    def __init__(self, history: list[str]) -> None:
        self.history = history

    def rollback(self, service: str) -> tuple[str, str]:
        if len(self.history) < 2:
            raise TargetError(f"{service} has no previous version to roll back to")
        before = self.history.pop()
        return before, self.history[-1]


def test_rollback_records_versions(drill) -> None:
    e = record_action(
        drill, "rollback", {"service": "api"}, actor="bob", target=_Target(["v1", "v2"])
    )
    assert e.data == {"service": "api", "from_version": "v2", "to_version": "v1", "ok": True}


def test_failed_rollback_is_recorded_then_raised(drill) -> None:
    with pytest.raises(TargetError, match="no previous version"):
        record_action(drill, "rollback", {"service": "api"}, actor="bob", target=_Target(["v1"]))
    (e,) = drill.log().events()
    assert e.kind == ev.ROLLBACK and e.data["ok"] is False and "no previous" in e.data["error"]


def test_rollback_without_a_target_is_a_clear_error(drill) -> None:
    with pytest.raises(DrillError, match="no target recorded"):
        record_action(drill, "rollback", {"service": "api"}, actor="bob")


def test_metadata_update_is_durable_and_keeps_other_fields(drill) -> None:
    drill.update(url="http://127.0.0.1:1234", extra={"k": 1})
    meta = open_drill(drill.id).meta()
    assert meta.url == "http://127.0.0.1:1234"
    assert meta.extra == {"k": 1}
    assert meta.scenario == "expired-cert" and meta.team == "model-team"


def test_target_env_is_captured(state_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GAMEDAY_PROJECT", "gd-x")
    d = create_drill("bad-deploy", target="targets/shop")
    assert d.meta().target_env == {"GAMEDAY_PROJECT": "gd-x"}
