"""The sections of a scenario file, each read and checked on its own.

``gameday.scenario.loader`` walks the top level and calls these; every problem is recorded on
the ``Checker`` (``file:line: key: message``) and the walk goes on, so one mistake never hides
the next. Pieces (probes, faults, remediations) parse their own params through their registry.
"""

from __future__ import annotations

import difflib
import re
from pathlib import Path
from typing import Any

from gameday.registry import Registries
from gameday.scenario.checks import Checker, Path_, safely
from gameday.scenario.model import (
    FaultStep,
    InjectStep,
    ProbeSpec,
    RemediationStep,
    RootCause,
)
from gameday.scenario.targetref import TargetRef, TargetRefError, resolve_ref
from gameday.yamlsrc import Source

DIFFICULTIES = ("easy", "medium", "hard")
INJECT_KINDS = ("stakeholder", "noise")
DEFAULT_TIME_LIMIT = 45 * 60.0
SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")

TOP_REQUIRED = (
    "id", "title", "briefing", "difficulty", "target", "severity",
    "steady_state", "timeline", "root_cause", "remediation",
)  # fmt: skip
TOP_OPTIONAL = ("playbook", "time_limit", "hints", "score_overrides")
PROBE_KEYS = ("name", "probe"), ("params",)
FAULT_KEYS = ("at", "fault"), ("name", "params")
INJECT_KEYS = ("at", "inject", "message"), ("name", "from")
ROOT_CAUSE_KEYS = ("category", "keywords"), ("min_matches", "summary")
REMEDIATION_KEYS = ("action",), ("params",)
_NAME_RULE = "must be letters, digits, '-', '_' or '.'"


def _suggest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"({hint}known: {', '.join(known) or 'none'})"


class Sections(Checker):
    def __init__(self, source: Source, regs: Registries) -> None:
        super().__init__(source)
        self.regs = regs
        self.ref: TargetRef | None = None

    # --- target and services -------------------------------------------------------------
    def target(self, value: Any) -> str | None:
        text = self.text(("target",), value)
        if text is None:
            return None
        try:
            self.ref = resolve_ref(text, Path(self.source.file))
        except TargetRefError as exc:
            self.fail(("target",), str(exc))
        return text

    def check_services(self, path: Path_, params: Any, services: tuple[str, ...]) -> None:
        known = self.ref.services if self.ref else None
        if known is None:
            return  # a compose project name: its services are only known once it runs
        where = "the compose file"
        if self.ref and self.ref.compose_file:
            where = str(Path(self.ref.text) / self.ref.compose_file.name)
        for service in services:
            if service in known:
                continue
            reason = f"no service {service!r} in {where} {_suggest(service, sorted(known))}"
            if getattr(params, "service", None) == service:
                self.fail((*path, "params", "service"), reason)
            else:  # a service the piece always acts on (expired_cert -> proxy)
                self.fail(path, f"acts on service {service!r}, but there is {reason}")

    def typed_params(self, path: Path_, piece: Any, raw: Any) -> Any:
        """Parse ``raw`` with ``piece.parse_params``; check the services it names."""
        params, err = safely(lambda: piece.parse_params(raw))
        if err is not None:
            self.param_error((*path, "params"), err)
            return None
        services_of = getattr(piece, "services", None)
        if callable(services_of):
            services = tuple(services_of(params))
        else:
            one = getattr(params, "service", None)
            services = (one,) if isinstance(one, str) else ()
        self.check_services(path, params, services)
        return params

    # --- sections -------------------------------------------------------------------------
    def steady_state(self, value: Any) -> tuple[ProbeSpec, ...]:
        items = self.list(("steady_state",), value, min_items=1)
        out: list[ProbeSpec] = []
        seen: dict[str, Path_] = {}
        for i, item in enumerate(items or []):
            path: Path_ = ("steady_state", i)
            m = self.mapping(path, item, "a probe (name, probe, params)")
            if m is None:
                continue
            self.keys(path, m, *PROBE_KEYS)
            name = self.text((*path, "name"), m.get("name"), pattern=NAME, rule=_NAME_RULE)
            if name:
                self.unique((*path, "name"), name, seen, "probe name")
            kind = self.text((*path, "probe"), m.get("probe"))
            if kind is None:
                continue
            if kind not in self.regs.probes:
                self.fail(
                    (*path, "probe"),
                    f"unknown probe kind {kind!r} {_suggest(kind, self.regs.probes.names())}",
                )
                continue
            raw = m.get("params")
            if self.typed_params(path, self.regs.probes.get(kind), raw) is None or name is None:
                continue
            out.append(ProbeSpec(name, kind, dict(raw or {}), self.source.line(path)))
        return tuple(out)

    def timeline(
        self, value: Any, time_limit: float
    ) -> tuple[tuple[FaultStep, ...], tuple[InjectStep, ...]]:
        items = self.list(("timeline",), value, min_items=1)
        faults: list[FaultStep] = []
        injects: list[InjectStep] = []
        seen: dict[str, Path_] = {}
        for i, item in enumerate(items or []):
            path: Path_ = ("timeline", i)
            m = self.mapping(path, item, "a timeline entry with 'fault:' or 'inject:'")
            if m is None:
                continue
            if ("fault" in m) == ("inject" in m):
                self.fail(path, "each timeline entry needs exactly one of 'fault:' or 'inject:'")
                continue
            at = self.duration((*path, "at"), m["at"]) if "at" in m else None
            if at is not None and at >= time_limit:
                self.fail(
                    (*path, "at"),
                    f"{m['at']!r} is not before the time_limit "
                    f"({time_limit:g}s); the step would never happen",
                )
                at = None
            if "fault" in m:
                step = self.fault_step(path, m, at, seen)
                if step is not None:
                    faults.append(step)
            else:
                kind = m.get("inject")
                n = sum(1 for x in injects if x.kind == kind) + 1
                inj = self.inject_step(path, m, at, seen, n)
                if inj is not None:
                    injects.append(inj)
        if items and not faults and not self.errors:
            self.fail(("timeline",), "needs at least one fault: a drill must break something")
        return tuple(faults), tuple(injects)

    def step_name(self, path: Path_, m: dict, default: str | None, seen: dict) -> str | None:
        if "name" in m:
            name = self.text((*path, "name"), m["name"], pattern=NAME, rule=_NAME_RULE)
        else:
            name = default
        if name:
            self.unique((*path, "name") if "name" in m else path, name, seen, "timeline name")
        return name

    def fault_step(self, path: Path_, m: dict, at: float | None, seen: dict) -> FaultStep | None:
        self.keys(path, m, *FAULT_KEYS)
        ftype = self.text((*path, "fault"), m.get("fault"))
        name = self.step_name(path, m, ftype, seen)
        if ftype is None:
            return None
        if ftype not in self.regs.faults:
            self.fail(
                (*path, "fault"),
                f"unknown fault type {ftype!r} {_suggest(ftype, self.regs.faults.names())}",
            )
            return None
        raw = m.get("params")
        params = self.typed_params(path, self.regs.faults.get(ftype), raw)
        if params is None or at is None or name is None:
            return None
        return FaultStep(name, ftype, at, dict(raw or {}), self.source.line(path))

    def inject_step(
        self, path: Path_, m: dict, at: float | None, seen: dict, n: int
    ) -> InjectStep | None:
        self.keys(path, m, *INJECT_KEYS)
        kind = self.choice((*path, "inject"), m.get("inject"), INJECT_KINDS)
        name = self.step_name(path, m, f"{kind or 'inject'}-{n}", seen)
        message = self.text((*path, "message"), m.get("message"))
        sender = self.text((*path, "from"), m["from"]) if "from" in m else None
        if None in (kind, name, message, at):
            return None
        return InjectStep(name, kind, at, message, sender, self.source.line(path))  # type: ignore[arg-type]

    def root_cause(self, value: Any) -> RootCause | None:
        path: Path_ = ("root_cause",)
        m = self.mapping(path, value, "a mapping (category, keywords)")
        if m is None:
            return None
        self.keys(path, m, *ROOT_CAUSE_KEYS)
        category = self.text((*path, "category"), m.get("category"))
        keywords = self.text_list((*path, "keywords"), m.get("keywords"), min_items=1)
        min_matches = 1
        if "min_matches" in m:
            parsed = self.integer((*path, "min_matches"), m["min_matches"], 1)
            if parsed is not None and keywords and parsed > len(keywords):
                self.fail(
                    (*path, "min_matches"),
                    f"{parsed} is more than the {len(keywords)} keyword(s) given",
                )
            min_matches = parsed or 1
        summary = self.text((*path, "summary"), m["summary"]) if "summary" in m else ""
        if category is None or not keywords:
            return None
        return RootCause(category, tuple(k.lower() for k in keywords), min_matches, summary or "")

    def remediation(self, value: Any) -> tuple[RemediationStep, ...]:
        items = self.list(("remediation",), value, min_items=1)
        out: list[RemediationStep] = []
        for i, item in enumerate(items or []):
            path: Path_ = ("remediation", i)
            m = self.mapping(path, item, "a step (action, params)")
            if m is None:
                continue
            self.keys(path, m, *REMEDIATION_KEYS)
            action = self.text((*path, "action"), m.get("action"))
            if action is None:
                continue
            if action not in self.regs.remediations:
                self.fail(
                    (*path, "action"),
                    f"unknown remediation {action!r} "
                    f"{_suggest(action, self.regs.remediations.names())}",
                )
                continue
            raw = m.get("params")
            if self.typed_params(path, self.regs.remediations.get(action), raw) is None:
                continue
            out.append(RemediationStep(action, dict(raw or {}), self.source.line(path)))
        return tuple(out)

    def score_overrides(self, value: Any) -> dict[str, float]:
        m = self.mapping(("score_overrides",), value, "a mapping of criterion: weight")
        out: dict[str, float] = {}
        criteria = self.regs.criteria
        for key, weight in (m or {}).items():
            if criteria is not None and key not in criteria:
                known = criteria.names()
                self.fail(("score_overrides", key), f"unknown criterion {_suggest(key, known)}")
                continue
            w = self.number(("score_overrides", key), weight)
            if w is not None:
                out[key] = w
        return out
