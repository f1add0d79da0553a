"""The engine's container events folded into the changes a person made (pure; fake times)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from gameday.drill.stackwatch import EngineEvent, StackChanges, signal_name
from gameday.ownactions import OwnActions, as_team, mark_exec, own_action
from gameday.testing import FakeClock


def raw(action: str, t: float, *, cid: str = "c1", service: str = "api", **attrs: str) -> dict:
    return {
        "Type": "container",
        "Action": action,
        "Actor": {
            "ID": cid,
            "Attributes": {"name": f"shop_{service}_1", "com.docker.compose.service": service}
            | attrs,
        },
        "timeNano": int(t * 1e9),
    }


def feed_all(w: StackChanges, events: list[dict], end: float = 100.0) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for r in events:
        e = EngineEvent.parse(r)
        assert e is not None
        out += w.feed(e, e.time)
    return out + w.due(end)


def changes(out: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(c["service"], c["change"]) for c in out]


def test_one_change_per_docker_command() -> None:
    w = StackChanges(images={"api": "shop-api:v2"})
    out = feed_all(
        w,
        [
            # docker restart api
            raw("kill", 10.0, signal="15"),
            raw("die", 10.2, exitCode="0"),
            raw("stop", 10.3),
            raw("start", 10.5),
            raw("restart", 10.6),
            # docker exec db psql
            raw("exec_create: psql -c select 1", 20.0, cid="d", service="db"),
            raw("exec_start: psql -c select 1", 20.0, cid="d", service="db"),
            raw("exec_die", 20.1, cid="d", service="db", exitCode="0"),
            # docker kill -s HUP proxy (nginx reload)
            raw("kill", 30.0, cid="p", service="proxy", signal="1"),
            # docker stop payments
            raw("kill", 40.0, cid="y", service="payments", signal="15"),
            raw("die", 40.5, cid="y", service="payments", exitCode="0"),
            raw("stop", 40.6, cid="y", service="payments"),
            # docker kill api (SIGKILL)
            raw("kill", 50.0, signal="9"),
            raw("die", 50.0, exitCode="137"),
            # a redeploy: the old container goes, a new one from another image comes
            raw("kill", 60.0, signal="15"),
            raw("die", 60.1, exitCode="0"),
            raw("stop", 60.1),
            raw("destroy", 60.2),
            raw("create", 60.3, cid="c2", image="shop-api:v1"),
            raw("start", 60.4, cid="c2"),
        ],
    )
    assert changes(out) == [
        ("api", "restart"),
        ("db", "exec"),
        ("proxy", "signal"),
        ("payments", "stop"),
        ("api", "kill"),
        ("api", "remove"),
        ("api", "deploy"),
    ]
    assert out[1]["command"] == "psql -c select 1" and out[1]["by"] == "team"
    assert out[2]["signal"] == "SIGHUP" and out[4]["signal"] == "SIGKILL"
    assert (out[6]["image"], out[6]["previous_image"]) == ("shop-api:v1", "shop-api:v2")
    assert all(c["_t"] > 0 for c in out)


def test_a_graceful_stop_is_one_change() -> None:
    w = StackChanges(quiet_s=1.0)
    k = EngineEvent.parse(raw("kill", 10.0, signal="15"))
    assert k is not None and w.feed(k, 10.0) == []
    assert w.due(12.0) == []  # SIGTERM: waiting for the process to shut down
    d = EngineEvent.parse(raw("die", 13.0, exitCode="0"))
    s = EngineEvent.parse(raw("stop", 13.1))
    assert d is not None and s is not None
    assert w.feed(d, 13.0) == [] and w.feed(s, 13.1) == []
    assert w.due(14.2) == []  # a restart's start may still come
    assert changes(w.due(16.2)) == [("api", "stop")]


def test_quiet_window_then_out_and_closing_events_at_once() -> None:
    w = StackChanges(quiet_s=1.0)
    e = EngineEvent.parse(raw("kill", 10.0, signal="1"))
    assert e is not None and w.feed(e, 10.0) == []
    assert w.due(10.5) == []
    assert changes(w.due(11.0)) == [("api", "signal")]
    r = EngineEvent.parse(raw("restart", 12.0))
    assert r is not None and changes(w.feed(r, 12.0)) == [("api", "restart")]


def test_health_checks_helpers_and_gameday_own_actions_are_left_out() -> None:
    w = StackChanges(
        health=lambda e: e.detail == "curl -fsS http://127.0.0.1:8000/health",
        own=lambda t: 30.0 <= t <= 31.0,
        ran=lambda cmd, t: cmd.startswith("psql -U postgres"),
    )
    out = feed_all(
        w,
        [
            raw("exec_start: curl -fsS http://127.0.0.1:8000/health", 10.0),
            raw("create", 20.0, cid="h", **{"gameday.helper": "1"}),
            raw("exec_start: psql -U postgres -c select pid", 30.5, service="db"),  # a fault
            raw("kill", 30.6, signal="9"),  # a kill_service fault
            raw("die", 30.6, exitCode="137"),
            raw("exec_start: psql -c select pid from pg_stat_activity", 30.7, service="db"),
            raw("exec_start: psql -c select pg_terminate_backend(42)", 40.0, service="db"),
        ],
    )
    # a responder's exec while a fault acts is theirs: execs are judged by gameday's marks
    assert changes(out) == [("db", "exec"), ("db", "exec")]
    assert "pg_stat_activity" in out[0]["command"]
    assert "pg_terminate_backend" in out[1]["command"]


def test_crashes_are_the_engine_s_and_a_restart_policy_too() -> None:
    w = StackChanges(restarts_itself=lambda e: True)
    out = feed_all(w, [raw("die", 10.0, exitCode="3"), raw("start", 10.4)])
    assert out == [
        {
            "service": "api",
            "container": "shop_api_1",
            "change": "crash",
            "by": "engine",
            "_t": 10.0,
            "exit_code": 3,
            "restarted": True,
        }
    ]
    w = StackChanges()  # no policy: someone started it again
    out = feed_all(w, [raw("die", 10.0, exitCode="3")], end=20.0)
    out += feed_all(w, [raw("start", 30.0)], end=40.0)
    assert changes(out) == [("api", "crash"), ("api", "start")]
    assert [c["by"] for c in out] == ["engine", "team"]


def test_parse_is_tolerant() -> None:
    assert EngineEvent.parse({"Type": "network", "Action": "connect"}) is None
    assert EngineEvent.parse({"Type": "container", "Actor": {"Attributes": "x"}}) is None
    assert EngineEvent.parse({"Type": "container", "Actor": {"Attributes": {}}}) is None
    swarm = EngineEvent.parse(
        {
            "Type": "container",
            "Action": "start",
            "Actor": {
                "ID": "x",
                "Attributes": {
                    "com.docker.swarm.service.name": "gd_api",
                    "com.docker.stack.namespace": "gd",
                },
            },
            "time": 5,
        }
    )
    assert swarm is not None and swarm.service == "api" and swarm.time == 5.0
    assert signal_name("15") == "SIGTERM" and signal_name("HUP") == "SIGHUP"
    assert signal_name("SIGUSR1") == "SIGUSR1"


def test_exec_marks_are_used_once(tmp_path: Any, monkeypatch: Any) -> None:
    monkeypatch.setenv("GAMEDAY_STATE_DIR", str(tmp_path))
    clock = FakeClock()
    t = clock.now().timestamp()
    mark_exec("p1", ["psql", "-c", "select 1"], clock=clock)
    mark_exec("p2", ["ls"], clock=clock)
    own = OwnActions("p1")
    assert not own.ran("psql -c select 1", t - 5)  # before gameday ran it
    assert own.ran("psql -c select 1", t + 0.3)
    assert not own.ran("psql -c select 1", t + 0.4)  # used up: the next one is a person's
    assert not own.ran("ls", t)  # another project's
    mark_exec("p1", ["ls"], clock=clock)
    assert own.ran("ls", t + 1)  # followed as the file grows


def test_own_action_windows(tmp_path: Any) -> None:
    path = tmp_path / "own.jsonl"
    clock = FakeClock()
    start = clock.now().timestamp()
    with own_action("p1", "inject migration", clock=clock, path=path):
        clock.advance(2.0)
    with own_action("p2", "inject other", clock=clock, path=path):
        pass
    path.write_text(path.read_text() + '{"torn": \n')  # a torn line is ignored
    own = OwnActions("p1", path)
    assert own.covering(start + 1.0) is not None
    assert own.covering(start + 3.4) is not None  # the grace after the end
    assert own.covering(start + 4.0) is None
    assert own.covering(start - 1.0) is None
    assert OwnActions("p3", path).covering(start + 1.0) is None
    with own_action("p1", "still going", clock=clock, path=path):
        clock.advance(100.0)
        assert own.covering(clock.now().timestamp()) is not None  # open: re-read


def test_what_the_scripted_team_does_is_not_marked_as_gamedays(
    tmp_path: Any, monkeypatch: Any
) -> None:
    monkeypatch.setenv("GAMEDAY_STATE_DIR", str(tmp_path))
    clock = FakeClock()
    t = clock.now().timestamp()
    with as_team():  # the autopilot's remediation: a person's change to the recorder
        mark_exec("p1", ["psql", "-c", "select 1"], clock=clock)
        with own_action("p1", "rollback api", clock=clock):
            clock.advance(1.0)
    own = OwnActions("p1")
    assert not own.ran("psql -c select 1", t + 0.3)
    assert own.covering(t + 0.5) is None
    mark_exec("p1", ["ls"], clock=clock)  # outside the block: gameday's own again
    assert own.ran("ls", t + 1.0)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(
    st.fixed_dictionaries(
        {"Type": st.sampled_from(["container", "network", 3])},
        optional={
            "Action": json_values,
            "Actor": json_values
            | st.fixed_dictionaries({}, optional={"ID": json_values, "Attributes": json_values}),
            "timeNano": json_values,
            "time": st.integers(0, 2**31) | st.none(),
        },
    )
)
def test_any_engine_json_parses_or_is_skipped_never_raises(raw_event: dict) -> None:
    e = EngineEvent.parse(raw_event)
    if e is not None:
        assert e.action and isinstance(e.time, float)
        StackChanges().feed(e, e.time)  # and folding it never raises either
