"""``gameday new scenario NAME``: a commented starting scenario that validates as written.

A blank page is where scenario writing stalls, and a copied built-in drags the shop's faults
along. The starter is built from the target's compose file alone (no Docker): a ``container``
probe per service (valid for any stack), an ``http`` probe on the front door when the target
has one, and one generic fault (``stop_service``) with the remediation that undoes it, so
``gameday validate`` passes before the author changes a line and ``gameday selftest`` can
prove it at once. Every key carries a comment saying what to change.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from gameday.errors import UsageError
from gameday.records import record

SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
"""The scenario id rule (``gameday.formats.types.Slug``), checked before anything is written."""
DEFAULT_TARGET = "targets/shop"


@record
class Starter:
    """What the file will hold: the id, the target as written, the services it knows."""

    name: str
    target: str
    services: tuple[str, ...]  # empty: a running project, services unknown until run time
    service: str  # the service the starting fault acts on
    front_door: bool  # the target publishes an HTTP(S) entry: {health} works


def check_name(name: str) -> str:
    """The scenario id as given, or ``UsageError`` saying what an id may hold."""
    if not SLUG.fullmatch(name):
        shown = json.dumps(name[:80])
        raise UsageError(
            f"scenario name {shown} is not an id: lowercase letters, digits and dashes, "
            "starting with a letter or digit, at most 64 characters (e.g. queue-backlog)"
        )
    return name


def plan(
    name: str,
    *,
    target: str = DEFAULT_TARGET,
    service: str | None = None,
    output: Path | None = None,
) -> Starter:
    """Work out the starter from the target's compose file; ``UsageError`` for a bad name,
    target or service (nothing written yet)."""
    from gameday.errors import ValidationError
    from gameday.scenario.targetref import TargetRefError, resolve_ref
    from gameday.target.settings import read_spec

    check_name(name)
    if not target.strip() or "\n" in target or len(target) > 500:
        raise UsageError("--target must be a folder with a compose file or a project name")
    try:
        ref = resolve_ref(target, output)
    except TargetRefError as exc:
        raise UsageError(f"--target: {exc}") from None
    if ref.compose_file is None:  # a running project: its services are known at run time
        if not service:
            raise UsageError(
                f"--target {target!r} is a compose project name, so its services are unknown "
                "here; name the service the starting fault stops with --service"
            )
        return Starter(name, target, (), _check_service_name(service), front_door=False)
    try:
        spec = read_spec(ref.compose_file, ref.compose_file.parent.name)
    except ValidationError as exc:
        raise UsageError(f"--target: {exc}") from None
    services = spec.services
    chosen = service or services[-1]
    if chosen not in services:
        raise UsageError(
            f"--service {chosen!r} is not a service of {ref.compose_file} "
            f"(services: {', '.join(services)})"
        )
    front = "proxy" in services
    return Starter(name, target, tuple(services), chosen, front_door=front)


def _check_service_name(service: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,60}", service):
        raise UsageError(f"--service {json.dumps(service[:80])} is not a compose service name")
    return service


def _probe_name(service: str) -> str:
    return f"{service[:60]}-up"


def render(s: Starter) -> str:
    """The file's text. Values from the command line are written as JSON strings (valid YAML
    double-quoted scalars), so nothing a user types can change the file's structure."""
    q = json.dumps
    services = s.services or (s.service,)
    lines = [
        f"# {s.name}: a starting scenario written by `gameday new scenario`.",
        "# Make it yours: change the briefing, the fault and the probes, then",
        f"#   gameday validate {s.name}.yaml     (checks every key, never touches Docker)",
        f"#   gameday selftest {s.name}.yaml     (steady -> broken -> fixed -> clean, for real)",
        "# Every key: docs/scenarios.md; your own stack: docs/own-stack.md.",
        f"id: {q(s.name)}                # unique; `gameday run {s.name}` and scorecards use it",
        f"title: {q('TODO: one line for gameday list and the scorecard')}",
        "briefing: |                  # what the page says; responders read it first",
        f"  PAGE: TODO what the monitoring says (e.g. {s.service} is down).",
        "difficulty: easy             # easy | medium | hard",
        f"target: {q(s.target)}" + "       # a folder with a compose file, or a running project",
        "severity: 3                  # what responders should declare, 1 (worst) .. 4",
        "time_limit: 30m",
        "",
        "# Healthy = every probe passes. The drill's monitors poll these; alerts fire on them.",
        "steady_state:",
    ]
    if s.front_door:
        lines += [
            "  - name: front-door",
            "    probe: http                # also tcp, sql, container, command",
            "    params:",
            '      url: "{health}"          # placeholders are filled from the running target',
            "      expect_status: 200",
            "      timeout: 3s",
        ]
    for svc in services:
        lines += [
            f"  - name: {q(_probe_name(svc))}",
            "    probe: container           # running, and healthy if it has a healthcheck",
            f"    params: {{service: {q(svc)}}}",
        ]
    lines += [
        "",
        "# What breaks, and when (counted from the end of the baseline). `gameday faults` lists",
        "# the fault types; generic ones work on any compose service: stop_service,",
        "# kill_service, pause_service, network_latency, network_loss, exec.",
        "timeline:",
        "  - at: 0s",
        "    fault: stop_service",
        f"    name: {q('stop-' + s.service[:58])}",
        f"    params: {{service: {q(s.service)}}}",
        f"    breaks: [{q(_probe_name(s.service))}]   # probes this stage must break (selftest)",
        "  - at: 5m",
        "    inject: stakeholder         # someone asks for news; `noise` = an unrelated alert",
        "    from: Support lead",
        "    message: " + q("Customers are asking. What do we tell them, and when next?"),
        "",
        "# The true cause; the team's `gameday cause TEXT` is matched against the keywords.",
        "root_cause:",
        "  category: availability",
        f"  keywords: [{q(s.service)}, stopped, down]",
        "  min_matches: 1",
        f"  summary: {q(f'TODO: why {s.service} stopped, in one sentence.')}",
        "",
        "# Accepted fixes, as actions gameday can perform (selftest applies them in order).",
        "remediation:",
        "  - action: restart_service",
        f"    params: {{service: {q(s.service)}}}",
        "",
        "# For the facilitator only; each hint given costs the team points.",
        "hints:",
        f"  - {q('Which container is not running? (docker ps, gameday target status)')}",
    ]
    return "\n".join(lines) + "\n"


def default_output(name: str) -> Path:
    return Path("scenarios") / f"{name}.yaml"


def write(path: Path, text: str) -> Path:
    """Create ``path`` with ``text``; never overwrite (``O_EXCL``: no race with another writer)."""
    if path.exists() or path.is_symlink():
        raise UsageError(
            f"{path} already exists; not overwriting it",
            hint="pick another NAME or --output, or remove the file first",
        )
    parent = path.parent
    if parent.exists() and not parent.is_dir():
        raise UsageError(f"{parent} is not a folder")
    try:
        parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        raise UsageError(f"{path} already exists; not overwriting it") from None
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def new_scenario(
    name: str,
    *,
    target: str = DEFAULT_TARGET,
    service: str | None = None,
    output: Path | None = None,
) -> Path:
    """Plan, render and write the starter; the path written."""
    path = output or default_output(name)
    starter = plan(name, target=target, service=service, output=path)
    return write(path, render(starter))
