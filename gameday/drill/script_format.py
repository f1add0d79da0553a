"""How an autopilot step is read: the keys every step has, then the action's own params.

A step is flat (``{at: 30s, do: declare, sev: 1}``): ``at``, ``after``, ``as`` and ``do`` are
the step's, every other key belongs to the action. Those are read by the action's own params
dataclass (``gameday.drill.actions.ACTIONS``), with its checks, after ``{date}`` and
``{now+24h}`` placeholders are filled with sample values, so ``sev: 9``, ``role: boss`` or
``when: "{now+abc}"`` fail when the script is loaded, exactly as they would at a terminal.
``after:`` must be an event kind gameday records, ``stakeholder``, or ``inject:NAME`` of the
scenario being played.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from gameday import events as ev
from gameday.durations import parse_duration
from gameday.formats.core import INVALID, Check, Path_, Reader, converter, short, suggest
from gameday.formats.types import DrillTime, Name, Person
from gameday.params import ParamError, param_path, params_class, read_piece_params

if TYPE_CHECKING:
    from gameday.scenario.model import InjectStep, Scenario, SpareInject

REMEDIATE = "remediate"
STAKEHOLDER = "stakeholder"
STEP_KEYS = ("at", "after", "as", "do")
_ANY_PLACEHOLDER = re.compile(r"\{(date|now)([^{}]*)\}")
SAMPLE_TIME = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


def event_kinds() -> set[str]:
    """Every event kind gameday records: the vocabulary plus each action's event."""
    kinds = {v for k, v in vars(ev).items() if k.isupper() and isinstance(v, str) and "." in v}
    kinds.update(kind.event for _, kind in _actions().items())
    return kinds


def _actions() -> Any:
    """The action registry, imported late (it imports the drill layer)."""
    from gameday.drill.actions import ACTIONS as registry

    return registry


@dataclass
class ScriptEnv:
    actions: Any
    remediations: Any
    kinds: set[str]
    injects: set[str] | None = None  # the scenario's inject names; None = not known
    stakeholder_injects: set[str] | None = None
    scenario: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def make(cls, scenario: Scenario | None = None) -> ScriptEnv:
        from gameday.scenario.loader import default_registries

        regs = default_registries()
        env = cls(_actions(), regs.remediations, event_kinds())
        if scenario is not None:
            messages: list[InjectStep | SpareInject] = [*scenario.injects, *scenario.spare_injects]
            # a spare the facilitator fires is a message like any other
            env.injects = {i.name for i in messages}
            env.stakeholder_injects = {i.name for i in messages if i.kind == STAKEHOLDER}
            env.scenario = scenario.id
        return env


def _env(r: Reader) -> ScriptEnv | None:
    return r.env if isinstance(r.env, ScriptEnv) else None


def check_placeholders(value: Any, path: Path_, r: Reader) -> Any:
    """``value`` with placeholders filled by sample values; bad ones are reported."""
    if isinstance(value, list | tuple):
        return [check_placeholders(v, (*path, i), r) for i, v in enumerate(value)]
    if not isinstance(value, str) or "{" not in value:
        return value
    ok = True

    def sub(m: re.Match[str]) -> str:
        nonlocal ok
        word, rest = m.group(1), m.group(2)
        if word == "date" and not rest:
            return f"{SAMPLE_TIME:%Y%m%d}"
        if word == "now" and rest.startswith("+"):
            try:
                seconds = parse_duration(rest[1:])
                return (SAMPLE_TIME + timedelta(seconds=seconds)).isoformat()
            except ValueError:
                pass
        ok = False
        return m.group(0)

    filled = _ANY_PLACEHOLDER.sub(sub, value)
    if not ok:
        return r.fail(path, f"{short(value)} has a bad placeholder: use {{date}} or {{now+24h}}")
    return filled


def _anchor(after: Any, path: Path_, r: Reader) -> Any:
    if not isinstance(after, str):
        return r.fail(path, f"expected an event kind, inject:NAME or stakeholder, got {after!r}")
    if after == STAKEHOLDER:
        return after
    env = _env(r)
    if after.startswith("inject:"):
        name = converter(Name)(after.removeprefix("inject:"), path, r)
        if name is INVALID:
            return INVALID
        if env is not None and env.injects is not None and name not in env.injects:
            known = sorted(env.injects)
            return r.fail(
                path, f"scenario {env.scenario} has no inject {name!r} {suggest(name, known)}"
            )
        return after
    if env is not None and after not in env.kinds:
        close = difflib.get_close_matches(after, sorted(env.kinds), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        return r.fail(
            path,
            f"{short(after)} is not an event gameday records{hint} "
            "(use an event kind such as page.sent, inject:NAME or stakeholder)",
        )
    return after


def read_step(value: Any, path: Path_, r: Reader) -> Any:
    from gameday.drill.autopilot import Step

    if not isinstance(value, dict):
        return r.fail(path, "a step is a mapping with at, do and the action's fields")
    before = len(r.issues)
    for k in value:
        if not isinstance(k, str):
            r.fail((*path, str(k)), f"keys must be text, got {short(k)}")
    if len(r.issues) > before:
        return INVALID
    for key in ("at", "do"):
        if key not in value:
            r.fail((*path, key), "required key is missing")
    if len(r.issues) > before:
        return INVALID
    env = _env(r)
    at = converter(DrillTime)(value["at"], (*path, "at"), r)
    do = value["do"]
    known = [*(env.actions.names() if env else []), REMEDIATE]
    if not isinstance(do, str) or (env is not None and do not in known):
        r.fail((*path, "do"), f"unknown action {short(do)} {suggest(do, known)}")
        return INVALID
    after = _anchor(value["after"], (*path, "after"), r) if value.get("after") is not None else None
    actor = converter(Person | None)(value.get("as"), (*path, "as"), r)
    rest = {k: v for k, v in value.items() if k not in STEP_KEYS}
    parsed = None
    if do == REMEDIATE:
        remedy, params, parsed = _remedy(rest, path, r)
    else:
        remedy, params = None, _action_params(do, rest, path, r)
    if len(r.issues) > before:
        return INVALID
    return Step(at, do, actor, after, params, remedy, r.line(path), parsed)


def _action_params(do: str, rest: dict[str, Any], path: Path_, r: Reader) -> Any:
    env = _env(r)
    if env is None:
        return dict(rest)
    filled = {k: check_placeholders(v, (*path, k), r) for k, v in rest.items()}
    if any(v is INVALID for v in filled.values()):
        return INVALID
    spec = env.actions.get(do)
    scratch = r.scratch()
    scratch.noun = "parameter"
    value = converter(spec.Params)(filled, path, scratch)  # every problem, on its own key
    for where, message in scratch.issues:
        r.fail(where, f"{do}: {message}")
    if value is INVALID:
        return INVALID
    try:  # then exactly what record_action does (declared choices, ...)
        spec.parse_params(filled)
    except ParamError as exc:
        r.fail((*path, *param_path(exc.key)), f"{do}: {exc.message}")
        return INVALID
    reply_to = filled.get("reply_to")
    asked = env.stakeholder_injects
    if isinstance(reply_to, str) and asked is not None and reply_to not in asked:
        r.fail(
            (*path, "reply_to"),
            f"{do}: scenario {env.scenario} has no stakeholder message {reply_to!r} "
            f"{suggest(reply_to, sorted(asked))}",
        )
    return dict(rest)


def _remedy(rest: dict[str, Any], path: Path_, r: Reader) -> tuple[Any, Any, Any]:
    extra = [k for k in rest if k not in ("remedy", "params")]
    for k in extra:
        r.fail((*path, k), "unknown key for remediate (allowed: params, remedy)")
    remedy = rest.get("remedy")
    if not isinstance(remedy, str):
        r.fail(path, "remediate needs remedy: NAME (a gameday.faults remediation)")
        return None, INVALID, None
    env = _env(r)
    if env is None:
        return remedy, dict(rest.get("params") or {}), None
    if remedy not in env.remediations:
        known = env.remediations.names()
        r.fail((*path, "remedy"), f"unknown remediation {short(remedy)} {suggest(remedy, known)}")
        return remedy, INVALID, None
    raw = rest.get("params")
    parsed = read_piece_params(Check(r, path), env.remediations.get(remedy), raw, "params")
    if parsed is INVALID:
        return remedy, INVALID, None
    return remedy, dict(raw or {}), parsed


def step_schema(gen: Any) -> dict[str, Any]:
    """One step: the common keys, then per ``do`` the action's params (or remedy/params)."""
    common: dict[str, Any] = {
        "at": {"description": "Drill time, or time after the `after` event.", **gen.of(DrillTime)},
        "after": {
            "description": "An event kind (page.sent, drill.mitigated...), inject:NAME or "
            "stakeholder.",
            "type": ["string", "null"],
        },
        "as": {
            "description": "Who acts (default: the team's default_actor).",
            **gen.of(Person | None),
        },
        "do": {"description": "An action (ack, declare, ...) or remediate.", "type": "string"},
    }
    branches: list[dict[str, Any]] = []
    from gameday.drill.actions import ACTIONS as actions

    for name, kind in actions.items():
        cls = params_class(kind)
        props = {}
        if cls is not None:
            inner = gen.object(cls)
            props = inner.get("properties", {})
        branches.append(
            {"if": {"properties": {"do": {"const": name}}}, "then": {"properties": props}}
        )
    regs = getattr(gen.env, "registries", None) if gen.env is not None else None
    remedies = getattr(regs, "remediations", None)
    remedy_names = remedies.names() if remedies is not None else []
    branches.append(
        {
            "if": {"properties": {"do": {"const": REMEDIATE}}},
            "then": {
                "properties": {
                    "remedy": {"enum": remedy_names} if remedy_names else {"type": "string"},
                    "params": {"type": "object"},
                },
                "required": ["remedy"],
            },
        }
    )
    return {
        "type": "object",
        "description": "A timed action: at, do, optional after and as, and the action's fields.",
        "required": ["at", "do"],
        "properties": common,
        "allOf": branches,
        "unevaluatedProperties": False,
    }
