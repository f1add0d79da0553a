"""What a scenario's types cannot say by themselves, checked while it is read.

Every piece (probe, fault, remediation, alert rule) must be registered; its params are read by
the piece's own params dataclass through the shared reader (every problem reported, under
``...params.KEY``); every compose service it acts on must exist in the target folder; names
are unique; offsets fall inside the time limit; the playbook the scenario names exists.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gameday.durations import format_duration
from gameday.formats.core import INVALID, Check, Reader, converter, suggest, text_problem
from gameday.params import ParamError, param_path, params_class, read_piece_params

if TYPE_CHECKING:
    from gameday.scenario.env import ScenarioEnv
    from gameday.scenario.model import (
        AlertSpec,
        FaultStep,
        Hint,
        InjectStep,
        ProbeSpec,
        RemediationStep,
        RootCause,
        Scenario,
    )


def _env(check: Check) -> ScenarioEnv | None:
    from gameday.scenario.env import ScenarioEnv

    return check.env if isinstance(check.env, ScenarioEnv) else None


def _clean_text(value: Any) -> str | None:
    """``value`` if it is text that can name a file (the field's own reader reports the rest)."""
    if not isinstance(value, str) or not value.strip() or text_problem(value) or "\n" in value:
        return None
    return value


# --- before the fields: context for the pieces -------------------------------------------------
def prepare(raw: dict[str, Any], check: Check) -> None:
    """Time limit and target first: the timeline's offsets and every piece's services are
    checked against them while the pieces are read."""
    env = _env(check)
    if env is None:
        return
    steps = raw.get("timeline")
    if isinstance(steps, list):
        env.named_steps = {i for i, e in enumerate(steps) if isinstance(e, dict) and "name" in e}
    if "time_limit" in raw:
        from gameday.scenario.model import TimeLimit

        value = converter(TimeLimit)(raw["time_limit"], (), Reader())
        if value is not INVALID:
            env.time_limit = value
    target = _clean_text(raw.get("target"))
    if target is not None:
        from gameday.scenario.targetref import TargetRefError, resolve_ref

        try:
            env.ref = resolve_ref(target, env.file)
        except TargetRefError as exc:
            check.fail("target", str(exc))
    playbook = _clean_text(raw.get("playbook"))
    if playbook is not None and env.check_references:
        problem = playbook_problem(playbook)
        if problem is not None:
            check.fail("playbook", problem)


_PLAYBOOKS: dict[tuple[str, int, int], str | None] = {}


def playbook_problem(ref: str) -> str | None:
    """Why the playbook ``ref`` cannot score a drill (missing, invalid), or None."""
    from gameday.errors import ValidationError
    from gameday.playbook import load_playbook, resolve_playbook_path

    try:
        path = resolve_playbook_path(ref)
        st = path.stat()
    except ValidationError as exc:
        return exc.message
    except (OSError, ValueError):
        return f"no playbook file {ref!r}"
    key = (str(path.resolve()), st.st_mtime_ns, st.st_size)
    if key not in _PLAYBOOKS:
        try:
            load_playbook(path)
            _PLAYBOOKS[key] = None
        except ValidationError as exc:
            _PLAYBOOKS[key] = f"playbook {ref!r} is invalid: {exc}"
    return _PLAYBOOKS[key]


# --- the pieces ------------------------------------------------------------------------------
def _piece(check: Check, registry: Any, name: str, key: str, what: str) -> Any:
    if registry is None or name not in registry:
        known = registry.names() if registry is not None else []
        check.fail(key, f"unknown {what} {name!r} {suggest(name, known)}")
        return None
    return registry.get(name)


def _services(check: Check, piece: Any, params: Any) -> None:
    env = _env(check)
    known = env.ref.services if env is not None and env.ref is not None else None
    if known is None:
        return  # a compose project name: its services are only known once it runs
    services_of = getattr(piece, "services", None)
    if callable(services_of):
        services = tuple(services_of(params))
    else:
        one = getattr(params, "service", None)
        services = (one,) if isinstance(one, str) else ()
    assert env is not None and env.ref is not None
    where = "the compose file"
    if env.ref.compose_file is not None:
        where = str(Path(env.ref.text) / env.ref.compose_file.name)
    for service in services:
        if service in known:
            continue
        reason = f"no service {service!r} in {where} {suggest(service, sorted(known))}"
        if getattr(params, "service", None) == service:
            check.fail(("params", "service"), reason)
        else:  # a service the piece always acts on (expired_cert -> proxy)
            check.fail((), f"acts on service {service!r}, but there is {reason}")


def _read(check: Check, registry_attr: str, name: str, key: str, what: str, raw: Any) -> Any:
    env = _env(check)
    registry = getattr(env.registries, registry_attr) if env is not None else None
    if env is None:
        return None  # read outside a scenario (a test, the schema): no registry to ask
    piece = _piece(check, registry, name, key, what)
    if piece is None:
        return INVALID
    params = read_piece_params(check, piece, raw, "params")
    if params is INVALID:
        return INVALID
    _services(check, piece, params)
    return params


def probe(p: ProbeSpec, check: Check) -> ProbeSpec | None:
    if _read(check, "probes", p.kind, "probe", "probe kind", p.params) is INVALID:
        return None
    return dataclasses.replace(p, line=check.line())


def _at(check: Check, at: float) -> None:
    env = _env(check)
    if env is not None and at >= env.time_limit:
        check.fail(
            "at",
            f"{format_duration(at)} is not before the time_limit "
            f"({format_duration(env.time_limit)}); the step would never happen",
        )


def fault(f: FaultStep, check: Check) -> FaultStep | None:
    _at(check, f.at)
    parsed = _read(check, "faults", f.type, "fault", "fault type", f.params)
    if parsed is INVALID:
        return None
    return dataclasses.replace(f, name=f.name or f.type, parsed=parsed, line=check.line())


def inject(i: InjectStep, check: Check) -> InjectStep | None:
    _at(check, i.at)
    return dataclasses.replace(i, line=check.line())


def remediation(r: RemediationStep, check: Check) -> RemediationStep | None:
    parsed = _read(check, "remediations", r.action, "action", "remediation", r.params)
    if parsed is INVALID:
        return None
    return dataclasses.replace(r, parsed=parsed, line=check.line())


def alert(a: AlertSpec, check: Check) -> AlertSpec | None:
    env = _env(check)
    if env is None:
        return None
    spec = _piece(check, env.registries.alert_rules, a.rule, "rule", "alert rule")
    if spec is None:
        return None
    params = read_piece_params(check, spec, a.params, "params")
    if params is INVALID:
        return None
    try:
        spec.build(a.name, params)  # the rule the drill will run, built once here
    except ParamError as exc:
        check.fail(("params", *param_path(exc.key)), exc.message)
        return None
    except Exception as exc:  # a plugin rule refusing its params its own way
        check.fail("params", f"alert rule {a.rule!r} refused its params: {exc}")
        return None
    return dataclasses.replace(a, line=check.line())


def root_cause(rc: RootCause, check: Check) -> RootCause | None:
    if rc.min_matches > len(rc.keywords):
        check.fail(
            "min_matches", f"{rc.min_matches} is more than the {len(rc.keywords)} keyword(s) given"
        )
        return None
    return dataclasses.replace(rc, keywords=tuple(k.lower() for k in rc.keywords))


# --- the whole scenario ------------------------------------------------------------------------
def _unique(check: Check, names: list[tuple[str, tuple[Any, ...]]], what: str) -> None:
    first: dict[str, tuple[Any, ...]] = {}
    for name, path in names:
        if name in first:
            line = check.line(*first[name])
            where = f" (first on line {line})" if line else ""
            check.fail(path, f"duplicate {what} {name!r}{where}")
        else:
            first[name] = path


def scenario(s: Scenario, check: Check) -> Scenario | None:
    from gameday.scenario.model import FaultStep, InjectStep

    env = _env(check)
    timeline: list[FaultStep | InjectStep] = []
    counts: dict[str, int] = {}
    names: list[tuple[str, tuple[Any, ...]]] = []
    for i, step in enumerate(s.timeline):
        if isinstance(step, InjectStep):
            counts[step.kind] = counts.get(step.kind, 0) + 1
            if step.name is None:
                step = dataclasses.replace(step, name=f"{step.kind}-{counts[step.kind]}")
        timeline.append(step)
        named = env is not None and i in env.named_steps
        names.append((step.name, ("timeline", i, "name") if named else ("timeline", i)))
    _unique(check, names, "timeline name")
    probes = [(p.name, ("steady_state", i, "name")) for i, p in enumerate(s.steady_state)]
    _unique(check, probes, "probe name")
    _spare_names(check, s, names)
    hints = _hints(s, check)
    faults = tuple(x for x in timeline if isinstance(x, FaultStep))
    if not faults:
        check.fail("timeline", "needs at least one fault: a drill must break something")
    alerts = [(a.name, ("alerts", i, "name")) for i, a in enumerate(s.alerts)]
    _unique(check, alerts, "alert name")
    probe_names = {p.name for p in s.steady_state}
    _probe_refs(check, s, probe_names)
    for i, a in enumerate(s.alerts):
        monitor = a.params.get("monitor")
        if isinstance(monitor, str) and monitor not in probe_names and monitor != "customers":
            check.fail(
                ("alerts", i, "params", "monitor"),
                f"no probe {monitor!r} in steady_state {suggest(monitor, sorted(probe_names))}",
            )
    ref = env.ref if env is not None else None
    return dataclasses.replace(
        s,
        hints=hints,
        timeline=tuple(timeline),
        faults=faults,
        injects=tuple(x for x in timeline if isinstance(x, InjectStep)),
        target_dir=str(ref.folder) if ref is not None and ref.folder is not None else None,
        source=str(env.file) if env is not None and env.file is not None else s.source,
    )


def _spare_names(check: Check, s: Scenario, timeline: list[tuple[str, tuple[Any, ...]]]) -> None:
    """A spare inject is fired by name, and its messages sit next to the timeline's: one name
    space for both."""
    first = dict(reversed(timeline))
    for i, spare in enumerate(s.spare_injects):
        path = ("spare_injects", i, "name")
        if spare.name in first:
            line = check.line(*first[spare.name])
            where = f" (first on line {line})" if line else ""
            what = "timeline" if first[spare.name][0] == "timeline" else "spare inject"
            check.fail(path, f"duplicate name {spare.name!r}: a {what} step has it{where}")
        else:
            first[spare.name] = path


def _hints(s: Scenario, check: Check) -> tuple[Hint, ...]:
    """Every hint as a named ``Hint`` (plain text costs the playbook's default)."""
    from gameday.scenario.model import Hint

    out: list[Hint] = []
    for i, h in enumerate(s.hints):
        if isinstance(h, str):
            h = Hint(text=h, name=f"hint-{i + 1}", line=check.line("hints", i))
        else:
            h = dataclasses.replace(h, name=h.name or f"hint-{i + 1}", line=check.line("hints", i))
        out.append(h)
    _unique(check, [(h.name, ("hints", i)) for i, h in enumerate(out)], "hint name")
    return tuple(out)


def _probe_refs(check: Check, s: Scenario, probe_names: set[str]) -> None:
    """Monitors a component or a fault's ``breaks`` names must be steady-state probes."""
    known = sorted(probe_names)

    def need(name: str, path: tuple[Any, ...]) -> None:
        if name not in probe_names:
            check.fail(path, f"no probe {name!r} in steady_state {suggest(name, known)}")

    for component, monitors in s.components.items():
        for j, monitor in enumerate(monitors):
            need(monitor, ("components", component, j))
    for i, step in enumerate(s.timeline):
        for j, probe in enumerate(getattr(step, "breaks", ())):
            need(probe, ("timeline", i, "breaks", j))


# --- schema ----------------------------------------------------------------------------------
def piece_schemas(gen: Any, registry_attr: str, tag: str) -> dict[str, Any]:
    """``params`` of a step, by its piece: one ``if tag == name then params: ...`` each."""
    regs = getattr(gen.env, "registries", None) if gen.env is not None else None
    registry = getattr(regs, registry_attr, None) if regs is not None else None
    if registry is None:
        return {}
    branches: list[dict[str, Any]] = []
    for name, piece in registry.items():
        cls = params_class(piece)
        if cls is None:
            continue
        branches.append(
            {
                "if": {"properties": {tag: {"const": name}}, "required": [tag]},
                "then": {"properties": {"params": gen.ref(cls)}},
            }
        )
    return {"allOf": branches} if branches else {}
