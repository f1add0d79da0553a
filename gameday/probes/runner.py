"""Run probes safely and fast: bind once (templates, params), check many times.

The drill's monitors poll every probe every second from several threads. ``bind`` does the
per-probe work once (fill placeholders from ``Target.endpoints()``, parse params); a
``BoundProbe`` is immutable, so ``check`` is safe to call from any thread. Whatever a check
raises becomes a not-ok result: a monitor must never die because the system is broken.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from gameday.params import ParamError
from gameday.probes import templates
from gameday.probes.base import PROBES, ProbeResult, ProbeType
from gameday.records import record
from gameday.scenario.model import ProbeSpec


@record
class BoundProbe:
    name: str
    kind: str
    target: Any
    probe: ProbeType[Any] | None
    params: Any = None
    error: str | None = None  # why it cannot run (bad params, unknown placeholder)
    max_latency_s: float | None = None  # slower than this fails (ProbeSpec.max_latency)

    def check(self) -> ProbeResult:
        start = time.perf_counter()
        if self.error is not None or self.probe is None:
            result = ProbeResult(False, self.error or "probe cannot run")
        else:
            try:
                result = self.probe.check(self.target, self.params)
            except Exception as exc:  # a probe bug or an unforeseen failure: report, never raise
                result = ProbeResult(False, f"probe error: {exc.__class__.__name__}: {exc}")
        latency = (time.perf_counter() - start) * 1000.0
        limit = self.max_latency_s
        if result.ok and limit is not None and latency > limit * 1000.0:
            detail = f"too slow: {latency:.0f} ms, more than {limit * 1000:.0f} ms; {result.detail}"
            result = replace(result, ok=False, detail=detail)
        return replace(result, name=self.name, kind=self.kind, latency_ms=latency)


def bind(target: Any, spec: ProbeSpec, variables: Mapping[str, Any] | None = None) -> BoundProbe:
    """Prepare ``spec`` for repeated checks against ``target``."""
    if spec.kind not in PROBES:
        known = ", ".join(PROBES.names())
        return BoundProbe(
            spec.name,
            spec.kind,
            target,
            None,
            error=f"unknown probe kind {spec.kind!r} (known: {known})",
        )
    probe = PROBES.get(spec.kind)
    try:
        if variables is None:
            variables = templates.template_vars(target)
        raw = templates.resolve(dict(spec.params), variables)
        params = _resolve_defaults(probe.parse_params(raw), variables)
    except ParamError as exc:
        where = f"params.{exc.key}: " if exc.key else ""
        return BoundProbe(spec.name, spec.kind, target, probe, error=f"{where}{exc.message}")
    except Exception as exc:  # endpoints() failed: the target itself is not reachable
        return BoundProbe(spec.name, spec.kind, target, probe, error=f"cannot prepare probe: {exc}")
    return BoundProbe(
        spec.name, spec.kind, target, probe, params=params, max_latency_s=spec.max_latency
    )


def _resolve_defaults(params: Any, variables: Mapping[str, Any]) -> Any:
    """Fill placeholders left in text fields (defaults such as sql's ``user: "{db.user}"``)."""
    if not dataclasses.is_dataclass(params) or isinstance(params, type):
        return params
    changes = {}
    for f in dataclasses.fields(params):
        value = getattr(params, f.name)
        if isinstance(value, str) and templates.has_placeholder(value):
            changes[f.name] = templates.resolve(value, variables, f.name)
    return dataclasses.replace(params, **changes) if changes else params


def bind_all(target: Any, specs: Iterable[ProbeSpec]) -> list[BoundProbe]:
    specs = list(specs)
    try:
        variables: Mapping[str, Any] | None = templates.template_vars(target)
    except Exception:
        variables = None  # each bind reports the failure on its own probe
    return [bind(target, s, variables) for s in specs]


def run_probe(target: Any, spec: ProbeSpec) -> ProbeResult:
    return bind(target, spec).check()


def check_all(bound: Sequence[BoundProbe]) -> list[ProbeResult]:
    """Check every bound probe concurrently; results in the same order."""
    if len(bound) <= 1:
        return [b.check() for b in bound]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(8, len(bound)), thread_name_prefix="probe") as pool:
        return list(pool.map(lambda b: b.check(), bound))


def check_steady_state(target: Any, probes: Iterable[ProbeSpec]) -> list[ProbeResult]:
    """Steady state holds when every result is ok (``all(r.ok for r in results)``)."""
    return check_all(bind_all(target, probes))


def steady(results: Iterable[ProbeResult]) -> bool:
    return all(r.ok for r in results)
