"""``gameday restore``: undo every pending journal entry, newest first, then prove steady state.

It runs in whatever process is left: the runner's own ``finally`` (Ctrl-C, SIGTERM, an
exception) or a fresh ``gameday restore`` after a ``kill -9``. Everything it needs is in the
journal entry (fault type, raw params, target, the environment that found it, undo state), and
every undo is idempotent, so running it twice, or after a partial restore, is harmless.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from gameday.clock import Clock, RealClock, poll_until
from gameday.dockerutil import health_status
from gameday.faults import Progress, _quiet
from gameday.journal import Journal, JournalEntry
from gameday.state import file_lock

if TYPE_CHECKING:
    from gameday.target import Target


@dataclass
class RestoredFault:
    entry: JournalEntry
    ok: bool
    seconds: float
    error: str | None = None


@dataclass
class SteadyCheck:
    what: str  # the scenario file, or "containers of <project>"
    ok: bool
    seconds: float
    details: list[str] = field(default_factory=list)


@dataclass
class RestoreReport:
    faults: list[RestoredFault] = field(default_factory=list)
    steady: list[SteadyCheck] = field(default_factory=list)
    helpers_removed: int = 0

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.faults) and all(s.ok for s in self.steady)


def resolve_entry_target(entry: JournalEntry) -> Target:
    from gameday.target import resolve_target
    from gameday.target.settings import target_environment

    with target_environment(entry.env):
        return resolve_target(entry.target, project=entry.project)


@contextmanager
def _restore_lock(journal: Journal) -> Iterator[None]:
    """One restore at a time (the runner's finally and a user's `gameday restore` may race)."""
    with file_lock(journal.dir / ".restore.lock"):
        yield


def restore(
    *,
    journal: Journal | None = None,
    only: set[str] | None = None,
    clock: Clock | None = None,
    progress: Progress = _quiet,
    check_steady: bool = True,
    steady_timeout: float = 120.0,
    targets: dict[str, Target] | None = None,
) -> RestoreReport:
    """Undo pending entries (all, or the ids in ``only``) in reverse order; never raises for
    a single fault: failures are in the report and those entries stay pending."""
    from gameday.faults._util import sweep_helpers
    from gameday.faults.apply import rebuild, undo_fault

    journal = journal or Journal()
    clock = clock or RealClock()
    report = RestoreReport()
    resolved: dict[tuple[str, str], Target] = {}
    with _restore_lock(journal):
        pending = [e for e in journal.pending() if only is None or e.id in only]
        for entry in reversed(pending):
            start = time.perf_counter()
            try:
                target = _target_for(entry, resolved, targets)
                applied = rebuild(entry, target, clock=clock, progress=progress)
                undo_fault(applied, journal)
                report.faults.append(RestoredFault(entry, True, time.perf_counter() - start))
                progress(f"undone: {entry.describe()}")
            except Exception as exc:
                msg = f"{exc.__class__.__name__}: {exc}" if not str(exc) else str(exc)
                report.faults.append(RestoredFault(entry, False, time.perf_counter() - start, msg))
                progress(f"FAILED to undo {entry.fault}: {msg}")
        for project in sorted({e.project for e in pending}):
            try:
                report.helpers_removed += sweep_helpers(project)
            except Exception as exc:
                progress(f"could not sweep helper containers of {project}: {exc}")
        report.helpers_removed += sweep_load(progress)
        if check_steady and pending:
            report.steady = _check_steady(
                pending, resolved, targets, clock, progress, steady_timeout
            )
        if not journal.pending():
            journal.compact()
    return report


def sweep_load(progress: Progress = _quiet) -> int:
    """Remove Locust worker services (and their configs and master) whose runner is gone:
    a drill on a swarm target killed with -9 leaves them behind (``gameday.target.swarm.locust``;
    a live runner's are never touched). Never raises: a restore must go on without swarm."""
    from gameday.errors import DockerUnavailable

    try:
        from gameday.target.swarm.locust import remove

        removed = remove("", only_orphans=True)
    except DockerUnavailable:
        return 0  # nothing can have been started without an engine
    except Exception as exc:
        progress(f"could not sweep Locust workers: {exc}")
        return 0
    for name in removed:
        progress(f"removed Locust helper {name} (its runner is gone)")
    return len(removed)


def _target_for(
    entry: JournalEntry, cache: dict[tuple[str, str], Target], given: dict[str, Target] | None
) -> Target:
    if given and entry.project in given:
        return given[entry.project]
    key = (entry.target, entry.project)
    if key not in cache:
        cache[key] = resolve_entry_target(entry)
    return cache[key]


def _check_steady(
    entries: list[JournalEntry],
    resolved: dict[tuple[str, str], Target],
    given: dict[str, Target] | None,
    clock: Clock,
    progress: Progress,
    timeout: float,
) -> list[SteadyCheck]:
    """Steady state of every scenario involved; without a scenario, every container running."""
    checks: list[SteadyCheck] = []
    seen: set[tuple[str | None, str]] = set()
    for entry in entries:
        key = (entry.scenario, entry.project)
        if key in seen:
            continue
        seen.add(key)
        start = time.perf_counter()
        try:
            target = _target_for(entry, resolved, given)
            if entry.scenario:
                ok, details = wait_steady_scenario(target, entry.scenario, clock, timeout)
                what = entry.scenario
            else:
                ok, details = wait_containers_running(target, clock, timeout)
                what = f"containers of {entry.project}"
        except Exception as exc:
            ok, details, what = False, [str(exc)], entry.scenario or entry.project
        checks.append(SteadyCheck(what, ok, time.perf_counter() - start, details))
        progress(f"steady state {'holds' if ok else 'NOT restored'}: {what}")
    return checks


def wait_steady_scenario(
    target: Target, scenario_path: str, clock: Clock, timeout: float
) -> tuple[bool, list[str]]:
    from gameday.probes.runner import bind_all, check_all
    from gameday.scenario.loader import load_scenario

    scenario = load_scenario(scenario_path)
    bound = bind_all(target, scenario.steady_state)
    return poll_steady(lambda: check_all(bound), clock, timeout)


def poll_steady(
    check: Any, clock: Clock, timeout: float, interval: float = 1.0
) -> tuple[bool, list[str]]:
    """Poll probe results until all pass or ``timeout``; return the last results as lines."""
    polled = poll_until(
        check,
        lambda results: all(r.ok for r in results),
        timeout=timeout,
        interval=interval,
        clock=clock,
    )
    return polled.ok, [r.line() for r in polled.value]


def wait_containers_running(target: Target, clock: Clock, timeout: float) -> tuple[bool, list[str]]:
    """Until every container of the target runs (and is healthy, if it has a healthcheck);
    the lines are every container when they do, the ones that do not at the timeout."""

    def states() -> dict[str, str]:
        out = {}
        for c in target.containers():
            c.reload()
            health = health_status(c.attrs)
            out[str(c.name)] = c.status if not health else f"{c.status} ({health})"
        return out

    def bad(s: dict[str, str]) -> dict[str, str]:
        return {n: v for n, v in s.items() if v not in ("running", "running (healthy)")}

    polled = poll_until(states, lambda s: not bad(s), timeout=timeout, interval=1.0, clock=clock)
    shown = polled.value if polled.ok else bad(polled.value)
    return polled.ok, [f"{n}: {s}" for n, s in sorted(shown.items())]
