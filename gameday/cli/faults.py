"""``gameday restore``, ``gameday selftest SCENARIO`` and ``gameday faults``.

Thin: parse, call the library, print with rich; nothing heavy is imported until a handler runs.
"""

from __future__ import annotations

import argparse
import dataclasses
import typing
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gameday.registry import Registry


def register(sub: Any) -> None:
    p = sub.add_parser(
        "restore",
        help="undo every fault a previous drill left applied, then check steady state",
        description="Undo every pending entry of the restore journal, newest first, verify each "
        "is undone and that steady state holds. Safe to run any time, and twice.",
    )
    p.add_argument("--no-steady", action="store_true", help="skip the steady-state check")
    p.add_argument("--list", action="store_true", help="only list what is pending")
    p.set_defaults(func=cmd_restore)

    p = sub.add_parser(
        "selftest",
        help="prove a scenario end to end on the real stack",
        description="stack up (when it is down) -> steady state -> each stage of the timeline "
        "injected at its at: and checked to break the probes it names (breaks:) -> remediation "
        "-> steady again -> restore -> clean. Exit 0 only if every phase passes.",
    )
    p.add_argument("scenario", metavar="SCENARIO", help="scenario file (scenarios/NAME.yaml)")
    p.add_argument(
        "--engine",
        metavar="ENGINE",
        default=None,
        help="run it on the target's compose or swarm stack (default: as `gameday target`)",
    )
    p.add_argument(
        "--no-wait",
        action="store_true",
        help="inject each stage as soon as the previous one broke what it should, "
        "instead of at its at: offset",
    )
    p.add_argument(
        "--no-up", action="store_true", help="fail instead of bringing a stopped stack up"
    )
    p.set_defaults(func=cmd_selftest)

    p = sub.add_parser(
        "faults",
        help="list fault types and remediation actions with their parameters",
        description="Every fault type (and remediation action) a scenario may use, with params.",
    )
    p.add_argument("name", nargs="?", help="show one fault type or remediation in detail")
    p.set_defaults(func=cmd_faults)


def _console() -> Any:
    from rich.console import Console

    return Console()


def _plain(console: Any) -> Any:
    """A progress callback printing library messages verbatim (``[inject]`` is not markup)."""
    return lambda m: console.print(f"  {m}", markup=False, highlight=False)


def cmd_restore(args: argparse.Namespace) -> int:
    from gameday.errors import FaultError
    from gameday.faults.restore import restore
    from gameday.journal import pending_restores

    console = _console()
    pending = pending_restores()
    if not pending:
        from gameday.faults.restore import sweep_load

        swept = 0 if args.list else sweep_load(_plain(console))
        console.print("nothing to restore: the journal has no pending faults")
        if swept:
            console.print(f"removed {swept} Locust helper(s) a dead runner left behind")
        return 0
    for e in pending:
        console.print(f"pending: {e.describe()}")
    if args.list:
        return 0
    report = restore(
        progress=_plain(console),
        check_steady=not args.no_steady,
    )
    from rich.table import Table

    table = Table(title="restore")
    for col in ("fault", "type", "project", "result", "seconds"):
        table.add_column(col)
    for f in report.faults:
        result = "[green]undone[/]" if f.ok else f"[red]FAILED[/] {f.error}"
        table.add_row(f.entry.fault, f.entry.type, f.entry.project, result, f"{f.seconds:.2f}")
    console.print(table)
    for s in report.steady:
        console.print(
            f"steady state {'[green]holds[/]' if s.ok else '[red]NOT restored[/]'}: {s.what}"
        )
        for line in s.details:
            console.print(f"  {line}")
    if report.helpers_removed:
        console.print(f"removed {report.helpers_removed} leftover helper container(s)")
    if not report.ok:
        raise FaultError(
            "restore incomplete: the stack may still be broken",
            hint="fix the error above and run `gameday restore` again (it is idempotent)",
        )
    return 0


def cmd_selftest(args: argparse.Namespace) -> int:
    from rich.table import Table

    from gameday.errors import FaultError
    from gameday.scenario.loader import load_scenario
    from gameday.selftest import selftest
    from gameday.target import resolve_target

    scenario = load_scenario(args.scenario)
    target = resolve_target(scenario.target_location, engine=args.engine)
    console = _console()
    console.print(f"selftest [bold]{scenario.id}[/]: {scenario.title} ({target.engine.name})")
    from gameday.selftest import stages

    timeline = stages(scenario.faults)
    for stage in timeline:  # what each stage should break, before anything is touched
        console.print(f"  {stage.describe(len(timeline))}", markup=False, highlight=False)
    report = selftest(
        scenario,
        progress=_plain(console),
        target=target,
        follow_timeline=not args.no_wait,
        bring_up=not args.no_up,
    )
    table = Table(title=f"selftest {scenario.id}")
    for col in ("phase", "stage", "result", "seconds", "details"):
        table.add_column(col)
    for p in report.phases:
        table.add_row(
            p.name, "" if p.stage is None else f"{p.stage}/{report.stages}",
            "[green]ok[/]" if p.ok else "[red]FAILED[/]", f"{p.seconds:.1f}",
            "\n".join(p.details[:6]),
        )  # fmt: skip
    console.print(table)
    if not report.ok:
        raise FaultError(f"selftest of {scenario.id} failed at {report.error}")
    console.print(f"[green]selftest passed[/]: {scenario.id} in {report.seconds:.1f}s")
    return 0


def describe_params(cls: type) -> list[str]:
    """``name: type = default`` for every field of a params dataclass."""
    hints = typing.get_type_hints(cls)
    out = []
    for f in dataclasses.fields(cls):
        hint = hints[f.name]
        type_name = getattr(hint, "__name__", None) or str(hint).replace("typing.", "")
        if f.default is not dataclasses.MISSING:
            out.append(f"{f.name}: {type_name} = {f.default!r}")
        else:
            out.append(f"{f.name}: {type_name} (required)")
    return out


def cmd_faults(args: argparse.Namespace) -> int:
    from rich.table import Table

    from gameday.errors import UsageError
    from gameday.faults import registries

    regs = registries()
    console = _console()
    groups: list[tuple[str, Registry[Any]]] = [
        ("fault types", regs.faults),
        ("remediations", regs.remediations),
    ]
    if args.name:
        found = [(title, reg.get(args.name)) for title, reg in groups if args.name in reg]
        if not found:
            names = ", ".join(sorted({*regs.faults.names(), *regs.remediations.names()}))
            raise UsageError(f"no fault type or remediation {args.name!r} (known: {names})")
        for title, item in found:
            console.print(f"[bold]{item.name}[/] ({title[:-1]}): {item.summary}")
            if getattr(item, "engines", ()):
                console.print(f"  engines: {', '.join(item.engines)} only; {item.instead}")
            for line in describe_params(item.Params):
                console.print(f"  {line}")
        return 0
    for title, reg in groups:
        table = Table(title=title)
        for col in ("name", "summary", "params"):
            table.add_column(col)
        for name, item in reg.items():
            table.add_row(name, item.summary, "\n".join(describe_params(item.Params)))
        console.print(table)
    return 0
