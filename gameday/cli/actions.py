"""Responder commands, one per action spec (built-in or plugin), plus ``watch``. Thin: the
arguments are derived from the spec's declared params, the handler calls
``gameday.drill.responder.act`` and prints one line; ``record_action`` validates, exactly as
for the HTTP endpoint.

Responders type these mid-incident, so start-up stays light: no rich, no docker at import.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from gameday.cli import args as checked

if TYPE_CHECKING:
    from gameday.drill.actionspec import ActionSpec, ParamSpec

# Finite numbers here; each param's own range is checked by ``record_action`` for every caller.
CLI_TYPES: dict[str, Callable[[str], Any]] = {
    "whole number": checked.whole(-(10**9), 10**9),
    "number": checked.number(-1e9, 1e9),
}


def _common(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("who and where")
    g.add_argument(
        "--as",
        dest="actor",
        metavar="NAME",
        help="who acts (default: $GAMEDAY_AS, the team's default_actor, your login)",
    )
    g.add_argument(
        "--server",
        metavar="URL",
        help="the runner's endpoint, when the drill runs on another machine",
    )
    g.add_argument("--token", metavar="T", help="the drill's join token (with --server)")


def add_param(p: argparse.ArgumentParser, ps: ParamSpec) -> None:
    """One declared param as an argument: positional or ``--option``, typed, with choices."""
    kw: dict[str, Any] = {"help": ps.help or None}
    if ps.choices:  # shown, not checked here: record_action checks them for every caller
        kw["metavar"] = "{" + ",".join(ps.choices) + "}"
    elif ps.metavar:
        kw["metavar"] = ps.metavar
    if ps.positional:
        if ps.words:
            kw["nargs"] = "+"
        elif ps.type in CLI_TYPES:
            kw["type"] = CLI_TYPES[ps.type]
        p.add_argument(ps.name, **kw)
        return
    if ps.type == "yes/no":
        kw.pop("metavar", None)
        p.add_argument(ps.option, dest=ps.name, action=argparse.BooleanOptionalAction, **kw)
        return
    if ps.type in CLI_TYPES:
        kw["type"] = CLI_TYPES[ps.type]
    if ps.repeat:
        kw["action"] = "append"
    p.add_argument(ps.option, dest=ps.name, required=ps.required, default=None, **kw)


def params_of(spec: ActionSpec, args: argparse.Namespace) -> dict[str, Any]:
    """The action's params from parsed arguments; options not given are left out, so the
    spec's defaults apply exactly as for an HTTP request that omits them."""
    out: dict[str, Any] = {}
    for ps in spec.params:
        value = getattr(args, ps.name, None)
        if value is None:
            continue
        if ps.words:
            value = " ".join(value)
        elif ps.repeat:
            value = ",".join(value)
        out[ps.name] = value
    return out


def _run(spec: ActionSpec) -> Callable[[argparse.Namespace], int]:
    def handler(args: argparse.Namespace) -> int:
        from gameday.drill.responder import act
        from gameday.durations import format_duration
        from gameday.events.typed import describe

        params = params_of(spec, args)
        rec = act(spec.name, params, actor=args.actor, server=args.server, token=args.token)
        e = rec.event
        line = describe(e, public=True)
        print(f"[{format_duration(e.t)}] {e.actor}: {line}  (event {e.id}, recorded)")
        if rec.warning:
            print(f"gameday: warning: {rec.warning}", file=sys.stderr)
        if spec.name == "ack":  # the page is the first thing a responder reads
            from gameday.drill.responder import page_lines, the_page

            for text in page_lines(the_page(server=args.server, token=args.token)):
                print(text)
        return 0

    return handler


def add_action_command(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], spec: ActionSpec
) -> None:
    p = sub.add_parser(spec.name, help=spec.summary, description=spec.description or spec.summary)
    for ps in spec.params:
        add_param(p, ps)
    _common(p)
    p.set_defaults(func=_run(spec))


def command_specs() -> list[ActionSpec]:
    """Every action that gets a ``gameday NAME`` command: built-ins in their order, then
    plugins' by name; none that would shadow another command group (``gameday plugins``
    reports those)."""
    from gameday.cli import OTHER_COMMANDS
    from gameday.drill.actions import ACTIONS, BUILTIN_ACTIONS

    order = {spec.name: i for i, spec in enumerate(BUILTIN_ACTIONS)}
    specs = [s for _, s in ACTIONS.items() if s.command and s.name not in OTHER_COMMANDS]
    return sorted(specs, key=lambda s: (order.get(s.name, len(order)), s.name))


def _watch(args: argparse.Namespace) -> int:
    from gameday.drill.watch import watch

    return watch(server=args.server, token=args.token, once=args.once, interval=args.interval)


def register_one(sub: argparse._SubParsersAction[argparse.ArgumentParser], command: str) -> None:
    """Only ``command`` (the fast path of ``gameday ack``: no other parser is built)."""
    from gameday.drill.actions import ACTIONS

    if command == "watch":
        _add_watch(sub)
    else:
        add_action_command(sub, ACTIONS.get(command))


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    for spec in command_specs():
        add_action_command(sub, spec)
    _add_watch(sub)


def _add_watch(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    w = sub.add_parser(
        "watch",
        help="responders' read-only view of the running drill",
        description="Drill clock, alerts, pages, channel, status page, "
        "stakeholder messages. Never the answer.",
    )
    w.add_argument("--once", action="store_true", help="print one frame and exit")
    w.add_argument(
        "--interval",
        type=checked.duration(0.1, 3600.0),
        default=1.0,
        metavar="DUR",
        help="refresh every DUR (default 1s)",
    )
    w.add_argument("--server", metavar="URL", help="the runner's endpoint")
    w.add_argument("--token", metavar="T", help="the drill's join token (with --server)")
    w.set_defaults(func=_watch)
