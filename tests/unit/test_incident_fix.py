"""Time to fix: the team's last change to the stack before the service recovered (the fold's
one definition), and how every view words it. Drill time from the builder's fake clock."""

from __future__ import annotations

from gameday import events as ev
from gameday.events.typed import describe
from gameday.incident import Incident, fix_line, fix_summary, metrics, summary
from gameday.playbook import load_playbook
from gameday.scorecard.view import build
from gameday.scoring import score
from gameday.testing import TimelineBuilder


def migration_drill(*, fixes: bool = True) -> TimelineBuilder:
    """heavy-migration, fixed by hand: nobody typed a gameday command for the fix."""
    b = TimelineBuilder(scenario="heavy-migration")
    b.at(0).started()
    b.at(10).fault_live("migration", "heavy_migration")
    b.at(12).monitor("checkout", False, "no answer within 1000 ms")
    b.at(13).alert("checkout-errors")
    b.at("1m").ack("ana")
    b.at("2m").stack_change("api", "restart")  # a guess that does not help
    b.at("3m").stack_change("db", "exec", command="psql -U shop")  # looking around
    if fixes:
        b.at("4m").stack_change("db", "exec", command="psql -c SELECT pg_terminate_backend(4242)")
    b.at("4m2s").monitor("checkout", True, "HTTP 201")
    b.at("4m32s").mitigated()
    b.at("5m").stack_change("api", "restart")  # after the recovery: not the fix
    b.at("6m").resolve()
    b.at("7m").ended("resolved")
    return b


def test_the_fix_is_the_last_team_change_before_the_service_recovered() -> None:
    inc = Incident.replay(migration_drill().build().events)
    assert inc.fix is not None and inc.fix.data["command"].endswith("pg_terminate_backend(4242)")
    assert inc.recovered is not None and inc.recovered.t == 242.0
    assert metrics(inc)["time_to_fix"] == 230.0  # fault injected 10s -> exec 4m
    assert inc.milestones()["fixed"] is not None
    fix = fix_summary(inc)
    assert fix is not None and fix["after_s"] == 230.0 and fix["changes"] == 4
    assert fix["how"] == "stack: exec in db: psql -c SELECT pg_terminate_backend(4242)"
    assert fix_line(fix).startswith("fix landed 3m50s into the incident: stack: exec in db")
    assert summary(inc)["fix"] == fix


def test_engine_changes_and_gameday_own_are_not_the_team_s_fix() -> None:
    b = migration_drill(fixes=False)
    inc = Incident.replay(b.build().events)
    assert inc.fix is not None and inc.fix.data["command"] == "psql -U shop"  # last before
    b = TimelineBuilder()
    b.at(0).started()
    b.at(10).fault_live()
    b.at(20).stack_change("api", "crash", by="engine", exit_code=3)
    b.at(21).stack_change("api", "start", by="engine")
    b.at(40).monitor("checkout", True)
    b.at(70).mitigated()
    inc = Incident.replay(b.build().events)
    assert inc.fix is None and metrics(inc)["time_to_fix"] is None
    assert fix_line(fix_summary(inc)).startswith("fix: no change by the team was recorded")


def test_a_rollback_counts_and_a_failed_one_does_not() -> None:
    b = TimelineBuilder()
    b.at(0).started()
    b.at(30).fault_live("bad-api", "bad_deploy")
    b.at(100).rollback("api", ok=False)
    b.at(200).rollback("api")
    b.at(203).monitor("checkout", True)  # the rollback is recorded once it finished: slack
    b.at(204).stack_change("api", "deploy", image="shop-api:v1")  # the engine's view of it
    b.at(233).mitigated()
    inc = Incident.replay(b.build().events)
    assert inc.fix is not None and inc.fix.kind == ev.STACK_CHANGED
    assert metrics(inc)["time_to_fix"] == 174.0
    assert describe(inc.fix) == "stack: api deployed shop-api:v1"


def test_no_fix_before_recovery_and_none_without_incident() -> None:
    b = TimelineBuilder()
    b.at(0).started()
    assert fix_summary(Incident.replay(b.build().events)) is None
    b.at(10).fault_live()
    b.at(20).stack_change("api", "restart")
    inc = Incident.replay(b.build().events)
    assert inc.fix is None and fix_summary(inc) is None  # not recovered (yet)
    assert fix_line(None) == "fix: the service did not recover during the drill"


def test_live_following_and_replay_agree() -> None:
    events = migration_drill().build().events
    live = Incident()
    seen = []
    for e in events:
        live.apply(e)
        seen.append(metrics(live)["time_to_fix"])
    assert seen[-1] == metrics(Incident.replay(events))["time_to_fix"] == 230.0
    assert all(v is None for v in seen[:-4])  # unknown until the service recovered


def test_every_scorecard_view_shows_the_fix() -> None:
    tl = migration_drill().build()
    result = score(tl, None, load_playbook("default")).to_dict()
    assert result["fix"]["after_s"] == 230.0
    v = build(result, {"title": "t", "scenario": "heavy-migration"}, tl)
    assert "pg_terminate_backend(4242)" in v.fix_line
    assert any(m.name == "time_to_fix" and m.shown == "3m50s" for m in v.metrics)
    assert any(t.name == "time_to_fix" for t in v.tiles)


def test_describe_stack_changes() -> None:
    b = TimelineBuilder()
    cases = {
        ("api", "restart", "team"): "stack: api restarted",
        ("proxy", "signal", "team"): "stack: SIGHUP sent to proxy",
        ("api", "crash", "engine"): "stack: api exited with code 3 (by the engine)",
        ("api", "deploy", "team"): "stack: api deployed shop-api:v1 (was shop-api:v2)",
    }
    for (svc, change, by), want in cases.items():
        e = b.stack_change(
            svc, change, by, signal="SIGHUP", exit_code=3, image="shop-api:v1",
            previous_image="shop-api:v2",
        )  # fmt: skip
        assert describe(e) == want
