"""Convergence decisions from swarm's service and task documents (no Docker)."""

from __future__ import annotations

from typing import Any

import pytest

from gameday.errors import TargetError
from gameday.target.swarm import rollout
from gameday.target.swarm.views import service_view, strip_digest

V1, V2 = "gameday-shop-api:v1", "gameday-shop-api:v2"


def _svc(image: str = V1, replicas: int = 2, update: str = "", previous: str = "") -> dict:
    raw: dict[str, Any] = {
        "ID": "svc1",
        "Spec": {
            "Name": "gd_api",
            "Labels": {"gameday.target": "shop"},
            "Mode": {"Replicated": {"Replicas": replicas}},
            "TaskTemplate": {"ContainerSpec": {"Image": image, "Healthcheck": {"Test": ["CMD"]}}},
        },
        "Endpoint": {"Ports": [{"Protocol": "tcp", "TargetPort": 8443, "PublishedPort": 18443}]},
    }
    if update:
        raw["UpdateStatus"] = {"State": update, "Message": f"update {update}"}
    if previous:
        raw["PreviousSpec"] = {"TaskTemplate": {"ContainerSpec": {"Image": previous}}}
    return raw


def _task(slot: int, state: str = "running", image: str = V1, desired: str = "running",
          err: str = "", ts: str = "2026-01-01T00:00:01") -> dict:  # fmt: skip
    return {
        "ID": f"t{slot}{state}{ts[-2:]}",
        "Slot": slot,
        "DesiredState": desired,
        "NodeID": "node1",
        "Spec": {"ContainerSpec": {"Image": image}},
        "Status": {"State": state, "Err": err, "Timestamp": ts,
                   "ContainerStatus": {"ContainerID": f"c{slot}"}},
    }  # fmt: skip


def test_two_running_replicas_have_converged() -> None:
    view = service_view("api", _svc(), [_task(1), _task(2)])
    assert view.pending() is None
    assert (view.state(), view.health(), view.version) == ("running", "healthy", "v1")
    assert view.ports == ((18443, 8443, "tcp"),)
    assert len(view.running) == 2 and view.restarts == 0


def test_a_starting_replica_is_pending() -> None:
    view = service_view("api", _svc(), [_task(1), _task(2, "starting")])
    assert view.pending() == "1/2 running (starting)"
    assert view.health() == "starting" and view.state() == "converging"


def test_a_rolling_update_is_pending_until_swarm_says_completed() -> None:
    tasks = [_task(1, image=V2), _task(2, image=V2)]
    assert service_view("api", _svc(V2, update="updating"), tasks).pending() == "updating"
    assert service_view("api", _svc(V2, update="completed"), tasks).pending() is None


def test_tasks_of_the_old_image_do_not_count() -> None:
    tasks = [_task(1, image=V2), _task(2, image=V1)]
    assert service_view("api", _svc(V2, update="completed"), tasks).pending() == "1/2 running"


def test_an_old_task_still_stopping_is_pending() -> None:
    tasks = [_task(1, image=V2), _task(2, image=V2), _task(2, "running", V1, desired="shutdown")]
    assert service_view("api", _svc(V2), tasks).pending() == "1 old task(s) still stopping"


def test_a_killed_task_shows_as_a_restart_and_the_error_is_reported() -> None:
    tasks = [
        _task(1, "failed", desired="shutdown", err="task: non-zero exit (137)"),
        _task(1, "starting", ts="2026-01-01T00:00:05"),
        _task(2),
    ]
    view = service_view("api", _svc(), tasks)
    assert view.restarts == 1
    assert view.pending() == "1/2 running (starting); last error: task: non-zero exit (137)"


def test_a_rejected_task_or_a_paused_update_is_a_failure_not_a_wait() -> None:
    rejected = [_task(1, "rejected", err="No such image: gameday-shop-api:v9")]
    assert service_view("api", _svc(replicas=1), rejected).failure() == (
        "task rejected: No such image: gameday-shop-api:v9"
    )
    paused = service_view("api", _svc(update="paused"), [_task(1), _task(2)])
    assert paused.failure() == "paused: update paused"
    with pytest.raises(TargetError, match="service api: paused"):
        rollout._pending("api", paused, None)


def test_waiting_for_an_image_that_swarm_rolled_back_fails() -> None:
    rolled_back = service_view("api", _svc(V1, update="rollback_completed"), [_task(1), _task(2)])
    with pytest.raises(TargetError, match="swarm rolled the update of api back"):
        rollout._pending("api", rolled_back, V2)
    assert rollout._pending("api", rolled_back, V1) is None
    assert rollout._pending("api", None, V1) == "no service yet"


def test_global_services_want_one_task_per_current_slot() -> None:
    raw = _svc()
    raw["Spec"]["Mode"] = {"Global": {}}
    assert service_view("api", raw, [_task(0)]).desired is None
    assert service_view("api", raw, [_task(0)]).pending() is None


def test_a_resolved_digest_names_the_same_image() -> None:
    assert strip_digest("img:v1@sha256:abc") == "img:v1"
    view = service_view("api", _svc(V1 + "@sha256:abc", previous=V2 + "@sha256:def"), [_task(1)])
    assert view.image == V1 and view.previous_image == V2


def test_task_dicts_for_status() -> None:
    view = service_view("api", _svc(), [_task(1)])
    assert view.tasks[0].to_dict() == {
        "id": "t1running01", "slot": 1, "state": "running", "desired": "running",
        "version": "v1", "error": "", "container": "c1", "node": "node1",
        "since": "2026-01-01T00:00:01",
    }  # fmt: skip
