"""The plugin manager: discovery, validation at registration, lazy collection, one registries."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from gameday import plugins
from gameday.drill.actions import ActionSpec, arg
from gameday.errors import GamedayError
from gameday.params import Duration
from gameday.plugins import (
    BUILTIN,
    PluginError,
    PluginManager,
    discovery,
    hookimpl,
    load_plugins,
    new_manager,
)
from gameday.plugins.points import POINTS
from gameday.registry import Registries

ROOT = Path(__file__).resolve().parents[2]


def test_one_registries_type_for_every_consumer() -> None:
    from gameday.scenario import env, loader

    regs = loader.default_registries()
    assert isinstance(regs, Registries) and env.Registries is Registries
    assert regs is plugins.registries()
    from gameday.drill.actions import ACTIONS
    from gameday.drill.alerts import ALERT_RULES
    from gameday.faults import FAULTS, REMEDIATIONS, registries
    from gameday.probes import PROBES
    from gameday.scoring import criteria

    assert registries() is regs
    for shared, reg in [
        (FAULTS, regs.faults),
        (REMEDIATIONS, regs.remediations),
        (PROBES, regs.probes),
        (criteria, regs.criteria),
        (ALERT_RULES, regs.alert_rules),
        (ACTIONS, regs.actions),
    ]:
        assert shared.registry() is reg and shared.names() == reg.names() and len(reg) > 0


def test_builtins_register_through_the_entry_point_like_any_plugin() -> None:
    pm = PluginManager()
    load_plugins(pm, env=False)
    (info,) = [p for p in pm.plugins() if p.name == BUILTIN]
    assert info.source.startswith("entry point gameday = gameday.builtin")
    assert set(info.hooks) == {p.hook for p in POINTS}
    assert {
        "fault type",
        "remediation",
        "probe",
        "scoring criterion",
        "alert rule",
        "action",
        "drill part",
        "integration",
    } == set(info.registered)
    assert pm.problems == []


def test_a_checkout_without_metadata_registers_the_builtins_directly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(discovery, "entry_points", lambda refresh=False: [])
    pm = PluginManager()
    load_plugins(pm, env=False)
    assert pm.sources[BUILTIN] == "built-in (no installed metadata)"
    assert "expired_cert" in pm.registries.faults and "ack" in pm.registries.actions


def test_the_manager_is_created_once_and_fills_lazily() -> None:
    """A fresh process: creating the manager imports no piece; reading one registry imports
    only its pieces (``gameday ack`` never imports a fault type or a probe)."""
    code = textwrap.dedent(
        """
        import sys
        from gameday import plugins
        pm = plugins.manager()
        assert plugins.manager() is pm and plugins.registries() is pm.registries
        heavy = ("gameday.faults.seed", "gameday.probes.http_probe", "gameday.scoring.rules_comms",
                 "gameday.drill.alerts", "gameday.drill.actions")
        assert not [m for m in heavy if m in sys.modules], [m for m in heavy if m in sys.modules]
        assert "ack" in pm.registries.actions
        assert "gameday.drill.actions" in sys.modules
        assert not [m for m in heavy[:4] if m in sys.modules]
        print("ok")
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert out.stdout.strip() == "ok", out.stderr


# --- validation at registration ---------------------------------------------------------------
class Unmarked:
    def gameday_actions(self) -> list[Any]:
        return []


class Typo:
    @hookimpl
    def gameday_action(self) -> list[Any]:
        return []


class WrongSignature:
    @hookimpl
    def gameday_criteria(self, registry: Any) -> list[Any]:
        return []


class Nothing:
    pass


@pytest.mark.parametrize(
    ("plugin", "message"),
    [
        (
            Unmarked(),
            (
                "gameday_actions() is not marked as a hook; expected "
                "@hookimpl def gameday_actions() -> Iterable[ActionSpec]"
            ),
        ),
        (Typo(), "gameday_action() is no gameday hook (did you mean gameday_actions?"),
        (
            WrongSignature(),
            (
                "hook gameday_criteria(registry: 'Any') -> 'list[Any]' does not match its spec; "
                "expected @hookimpl def gameday_criteria() -> Iterable[Criterion]"
            ),
        ),
        (Nothing(), "implements no gameday hook; expected a module or object with one or more"),
    ],
)
def test_a_malformed_plugin_is_refused_saying_what_was_expected(plugin: Any, message: str) -> None:
    pm = new_manager()
    with pytest.raises(PluginError) as info:
        pm.register(plugin, "team")
    assert str(info.value).startswith("plugin 'team' refused: ")
    assert message in str(info.value)
    assert not pm.pm.has_plugin("team")
    assert pm.add(plugin, "team") is False
    assert message in str(pm.problems[-1])


@dataclass(frozen=True)
class FreeText:
    text: str = arg("anything", words=True)


@dataclass
class Mutable:
    x: int = 0


@dataclass(frozen=True)
class Listy:
    items: list[str] = arg("no list on a command line")


class BadPieces:
    @hookimpl
    def gameday_actions(self) -> list[Any]:
        return [
            ActionSpec("ack", "action.ack", "again", FreeText, lambda c, p: {}),
            ActionSpec("page", "page.sent", "wrong kind", FreeText, lambda c, p: {}),
            ActionSpec("mutable", "action.mutable", "m", Mutable, lambda c, p: {}),
            ActionSpec("listy", "action.listy", "l", Listy, lambda c, p: {}),
            ActionSpec("nobuild", "action.nobuild", "n", FreeText, lambda c: {}),
            "not a spec",
            ActionSpec("fine", "action.fine", "a good one", FreeText, lambda c, p: {}),
        ]

    @hookimpl
    def gameday_probes(self) -> int:
        return 3

    @hookimpl
    def gameday_criteria(self) -> list[Any]:
        raise RuntimeError("plugin bug")


def test_malformed_pieces_are_refused_one_by_one_with_the_expected_form() -> None:
    pm = new_manager([("bad", BadPieces())])
    actions = pm.registries.actions
    assert "fine" in actions and actions.owner("fine") == "bad"
    assert actions.owner("ack") == BUILTIN
    for name in ("page", "mutable", "listy", "nobuild"):
        assert name not in actions
    problems = [p.message for p in pm.problems if p.plugin == "bad"]
    expected = "expected ActionSpec(name, event='action.<name>', summary, Params="
    assert any("'ack' is registered twice (first by plugin 'gameday')" in m for m in problems)
    assert any(
        "records 'page.sent'; must be an action.* kind" in m and expected in m for m in problems
    )
    assert any("Params must be a frozen dataclass" in m for m in problems)
    assert any("param 'items' has type list" in m for m in problems)
    assert any("build must be callable as build(ctx, params)" in m for m in problems)
    assert any("returned str 'not a spec'" in m for m in problems)
    assert not [p for p in pm.problems if "gameday_probes" in p.message]  # not read yet
    assert "http" in pm.registries.probes
    assert any(
        "gameday_probes() returned int; expected an iterable" in p.message for p in pm.problems
    )
    assert "ack" in pm.registries.criteria
    assert any(
        "gameday_criteria() raised RuntimeError: plugin bug" in p.message for p in pm.problems
    )


def test_an_unknown_name_says_when_a_plugin_offered_it_but_was_refused() -> None:
    pm = new_manager([("bad", BadPieces())])
    with pytest.raises(GamedayError) as info:
        pm.registries.actions.get("page")
    assert "unknown action 'page'" in str(info.value)
    assert "a plugin offered it but it was refused: action 'page' records" in str(info.value)
    assert info.value.hint and "gameday plugins" in info.value.hint


def test_a_plugin_registered_after_a_registry_was_read_still_lands_in_it() -> None:
    pm = new_manager()
    assert "fine" not in pm.registries.actions

    class Late:
        @hookimpl
        def gameday_actions(self) -> list[ActionSpec]:
            return [ActionSpec("fine", "action.fine", "late", FreeText, lambda c, p: {})]

    pm.register(Late(), "late")
    assert pm.registries.actions.owner("fine") == "late"
    with pytest.raises(PluginError, match="already registered"):
        pm.register(Late(), "late")


# --- action specs: declared once ---------------------------------------------------------------
@dataclass(frozen=True, kw_only=True)
class Everything:
    who: str = arg("a person", positional=True, metavar="NAME")
    words: str = arg("free text", words=True)
    level: int = arg("1..3")
    ratio: float | None = arg("a share", default=None)
    soon: Duration | None = arg("when", metavar="DURATION", default=None)
    loud: bool = arg("shout it", default=False)
    mode: str = arg("how", choices=("calm", "urgent"), default="calm")


def test_param_specs_are_readable_data() -> None:
    spec = ActionSpec("all", "action.all", "every kind of param", Everything, lambda c, p: {})
    got = {p.name: p.to_dict() for p in spec.params}
    assert got["who"] == {
        "name": "who", "type": "text", "help": "a person", "required": True, "positional": True,
    }  # fmt: skip
    assert got["words"]["words"] is True
    assert got["level"] == {
        "name": "level", "type": "whole number", "help": "1..3", "required": True,
        "positional": False, "option": "--level",
    }  # fmt: skip
    assert got["soon"]["type"] == "duration" and got["soon"]["default"] is None
    assert got["loud"]["type"] == "yes/no" and got["mode"]["choices"] == ["calm", "urgent"]
    json.dumps(spec.to_dict())  # a doc generator or a browser form reads it as JSON
    parsed = spec.parse_params({"who": "a", "words": "b", "level": 2, "mode": "URGENT "})
    assert parsed.mode == "urgent" and parsed.loud is False


# --- discovery ---------------------------------------------------------------------------------
def _dist(site: Path, name: str, value: str) -> Path:
    """A distribution's metadata, as pip writes it (the entry point is what gameday reads)."""
    info = site / f"{name}-0.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 0.1.0\n")
    (info / "entry_points.txt").write_text(f"[gameday.plugins]\n{name} = {value}\n")
    return info


def test_entry_points_are_cached_until_a_package_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GAMEDAY_CACHE_DIR", str(tmp_path / "cache"))
    site = tmp_path / "site"
    site.mkdir()
    monkeypatch.syspath_prepend(str(site))
    scans: list[int] = []
    real_scan = discovery._scan
    monkeypatch.setattr(discovery, "_scan", lambda: scans.append(1) or real_scan())
    first = discovery.entry_points()
    assert BUILTIN in [f.name for f in first] and len(scans) == 1
    assert discovery.entry_points() == first and len(scans) == 1  # cached
    _dist(site, "teamplug", "teamplug_module")
    found = discovery.entry_points()
    assert len(scans) == 2 and ("teamplug", "teamplug_module") in [(f.name, f.value) for f in found]
    assert discovery.entry_points(refresh=True) == found and len(scans) == 3


def test_an_installed_plugin_that_cannot_load_is_a_problem_not_a_crash(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GAMEDAY_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.syspath_prepend(str(tmp_path))
    _dist(tmp_path, "broken", "no_such_module_here")
    pm = PluginManager()
    load_plugins(pm, env=False)
    assert "ack" in pm.registries.actions
    (problem,) = [p for p in pm.problems if p.plugin == "broken"]
    assert "cannot load entry point broken = no_such_module_here from broken 0.1.0" in str(problem)


def test_gameday_plugins_names_modules_and_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plugin = tmp_path / "team_actions.py"
    plugin.write_text(
        textwrap.dedent(
            """
            from dataclasses import dataclass
            from gameday.drill.actions import ActionSpec, arg
            from gameday.plugins import hookimpl

            @dataclass(frozen=True)
            class P:
                text: str = arg("what", words=True)

            @hookimpl
            def gameday_actions():
                return [ActionSpec("shout", "action.shout", "shout", P, lambda c, p: {})]
            """
        )
    )
    monkeypatch.setenv("GAMEDAY_PLUGINS", f"{plugin},no_such_plugin_module")
    pm = PluginManager()
    load_plugins(pm)
    assert pm.registries.actions.owner("shout") == "team_actions"
    assert pm.sources["team_actions"] == f"$GAMEDAY_PLUGINS {plugin}"
    assert any(
        p.plugin == "no_such_plugin_module" and "cannot load" in p.message for p in pm.problems
    )


def test_install_and_using_swap_the_process_wide_manager() -> None:
    before = plugins.manager()
    pm = new_manager()
    with plugins.using(pm):
        assert plugins.registries() is pm.registries
    assert plugins.manager() is before


def test_the_example_plugin_directory_is_a_package_a_team_can_copy() -> None:
    base = ROOT / "tests" / "plugins" / "gameday-example"
    text = (base / "pyproject.toml").read_text()
    assert '[project.entry-points."gameday.plugins"]' in text
    assert 'example = "gameday_example"' in text
    assert (base / "gameday_example" / "__init__.py").is_file()
    assert os.access(base / "README.md", os.R_OK)
