"""``gameday new scenario NAME``: the starter validates as written, never overwrites, and every
bad name, target or service is one clear line (no traceback)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gameday.cli import main
from gameday.errors import UsageError
from gameday.scenario import starter
from gameday.scenario.loader import load_scenario
from gameday.state import project_root
from gameday.validate import validate_files

SHOP = str(project_root() / "targets" / "shop")


def _compose(folder: Path, services: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    body = "services:\n" + "".join(f"  {s}:\n    image: {img}\n" for s, img in services.items())
    (folder / "docker-compose.yml").write_text(body, encoding="utf-8")
    return folder


def test_the_shop_starter_validates_as_written(tmp_path: Path) -> None:
    out = tmp_path / "scenarios" / "my-drill.yaml"
    path = starter.new_scenario("my-drill", target=SHOP, output=out)
    assert path == out
    scenario = load_scenario(out)
    assert scenario.id == "my-drill"
    names = [p.name for p in scenario.steady_state]
    assert names[0] == "front-door"  # the shop has a proxy: an http probe on {health}
    assert {"db-up", "api-up", "payments-up", "proxy-up"} <= set(names)
    (fault,) = scenario.faults
    assert fault.type == "stop_service" and fault.params == {"service": "proxy"}
    assert fault.breaks == ("proxy-up",)
    assert [r.action for r in scenario.remediation] == ["restart_service"]
    assert all(r.ok for r in validate_files([str(out)], schema=True))
    text = out.read_text(encoding="utf-8")
    assert text.count("#") > 15  # commented: every section says what to change


def test_any_compose_folder_and_a_chosen_service(tmp_path: Path) -> None:
    folder = _compose(tmp_path / "stack", {"web": "nginx", "queue": "redis", "worker": "app"})
    out = tmp_path / "drills" / "worker-down.yaml"
    starter.new_scenario("worker-down", target=str(folder), service="queue", output=out)
    scenario = load_scenario(out)
    assert [p.name for p in scenario.steady_state] == ["web-up", "queue-up", "worker-up"]
    assert scenario.faults[0].params == {"service": "queue"}


def test_a_running_project_needs_service(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="--service"):
        starter.plan("x", target="someproject", output=tmp_path / "x.yaml")
    s = starter.plan("x", target="someproject", service="app", output=tmp_path / "x.yaml")
    out = starter.write(tmp_path / "x.yaml", starter.render(s))
    assert load_scenario(out).faults[0].params == {"service": "app"}


def test_it_never_overwrites(tmp_path: Path) -> None:
    out = tmp_path / "a.yaml"
    out.write_text("mine\n", encoding="utf-8")
    with pytest.raises(UsageError, match="already exists"):
        starter.new_scenario("a", target=SHOP, output=out)
    assert out.read_text(encoding="utf-8") == "mine\n"
    link = tmp_path / "link.yaml"
    link.symlink_to(tmp_path / "nowhere.yaml")  # a dangling link is not written through
    with pytest.raises(UsageError, match="already exists"):
        starter.new_scenario("a", target=SHOP, output=link)
    assert not (tmp_path / "nowhere.yaml").exists()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "Bad Name"}, "not an id"),
        ({"name": "-x"}, "not an id"),
        ({"name": "x" * 65}, "not an id"),
        ({"name": "ok", "target": "no/such/folder"}, "--target: no target folder"),
        ({"name": "ok", "target": "Not A Project"}, "--target"),
        ({"name": "ok", "service": "paymnts"}, "not a service"),
        ({"name": "ok", "target": "proj", "service": "a b"}, "not a compose service"),
    ],
)
def test_clear_errors(tmp_path: Path, kwargs: dict[str, str], message: str) -> None:
    kwargs = {"target": SHOP, **kwargs}
    with pytest.raises(UsageError, match=message):
        starter.new_scenario(output=tmp_path / "s.yaml", **kwargs)
    assert not (tmp_path / "s.yaml").exists()


def test_a_folder_without_compose_and_a_file_as_parent(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(UsageError, match="no compose file"):
        starter.new_scenario("x", target=str(tmp_path / "empty"), output=tmp_path / "x.yaml")
    (tmp_path / "afile").write_text("", encoding="utf-8")
    with pytest.raises(UsageError, match="not a folder"):
        starter.new_scenario("x", target=SHOP, output=tmp_path / "afile" / "x.yaml")


def test_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["new", "scenario", "cli-drill", "--target", SHOP]) == 0
    assert (tmp_path / "scenarios" / "cli-drill.yaml").is_file()
    assert "wrote scenarios/cli-drill.yaml" in capsys.readouterr().out
    assert main(["validate", "scenarios/cli-drill.yaml"]) == 0
    assert main(["new", "scenario", "cli-drill", "--target", SHOP]) == 2
    err = capsys.readouterr().err
    assert "already exists" in err and "Traceback" not in err
    assert main(["new", "scenario", "BAD", "--target", SHOP]) == 2
    assert "not an id" in capsys.readouterr().err


# -- property: any id validates as written; anything else is refused before writing -----------
ids = st.from_regex(r"[a-z0-9][a-z0-9-]{0,63}", fullmatch=True)


FIXTURE_OK = [HealthCheck.function_scoped_fixture]  # tmp_path is shared; each file has a fresh name


@settings(max_examples=40, deadline=None, suppress_health_check=FIXTURE_OK)
@given(name=ids)
def test_every_id_gives_a_valid_file(tmp_path: Path, name: str) -> None:
    out = tmp_path / f"{os.urandom(6).hex()}.yaml"
    starter.new_scenario(name, target=SHOP, output=out)
    assert load_scenario(out).id == name


@settings(max_examples=200, deadline=None)
@given(name=st.text(max_size=80))
def test_every_other_name_is_refused(name: str) -> None:
    if starter.SLUG.fullmatch(name):
        assert starter.check_name(name) == name
        return
    with pytest.raises(UsageError) as info:
        starter.check_name(name)
    assert "\n" not in str(info.value)


@settings(max_examples=60, deadline=None, suppress_health_check=FIXTURE_OK)
@given(
    service=st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,40}", fullmatch=True),
    target=st.from_regex(r"[a-z0-9][a-z0-9_-]{0,30}", fullmatch=True),
)
def test_project_targets_and_services_cannot_break_the_yaml(
    tmp_path: Path, service: str, target: str
) -> None:
    """Values from the command line land in the file as quoted scalars: the file still means
    exactly the scenario (a service name such as ``1.5`` or ``null`` stays text)."""
    if Path(target).exists() or (project_root() / target).exists():
        return  # a folder name of the checkout: the folder rule applies
    out = tmp_path / f"{os.urandom(6).hex()}.yaml"
    s = starter.plan("p", target=target, service=service, output=out)
    starter.write(out, starter.render(s))
    scenario = load_scenario(out)
    assert scenario.target == target
    assert scenario.faults[0].params == {"service": service}
