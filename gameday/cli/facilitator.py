"""The facilitator's commands: ``gameday hint``, ``gameday inject``, ``gameday extend``.

Thin, like the responder commands: the arguments are derived from the controls' declared
params (``gameday.drill.facilitator.CONTROLS``), the handler calls ``facilitator.control``
(the drill on this host) or ``POST /api/facilitator/<name>`` (``--server`` with the
facilitator's token), whose validation and error texts are the console's.
"""

from __future__ import annotations

import argparse
import os
from typing import Any

COMMANDS = ("hint", "inject", "extend")


def _handler(name: str) -> Any:
    def run(args: argparse.Namespace) -> int:
        from gameday.cli.actions import params_of
        from gameday.drill.facilitator import CONTROLS

        params = params_of(CONTROLS[name], args)
        by = args.actor or os.environ.get("GAMEDAY_AS") or "facilitator"
        if args.server:
            from gameday.drill.remote import RemoteDrill

            answer = RemoteDrill(args.server, args.token or "").control(name, params, by=by)
            print(answer.get("text") or answer.get("message") or "done")
            return 0
        from gameday.drill.facilitator import control
        from gameday.drill.locate import find_running_drill
        from gameday.durations import format_duration
        from gameday.events.typed import describe

        drill = find_running_drill()
        try:
            result = control(drill, name, params, by=by)
        finally:
            drill.close()
        if isinstance(result, str):
            print(result)
        else:
            when = format_duration(result.t)
            print(f"[{when}] {describe(result)}  (event {result.id}, recorded)")
        return 0

    return run


def register_one(sub: argparse._SubParsersAction[argparse.ArgumentParser], command: str) -> None:
    _add(sub, command)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    for name in COMMANDS:
        _add(sub, name)


def _add(sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str) -> None:
    from gameday.cli.actions import add_param
    from gameday.drill.facilitator import CONTROLS

    spec = CONTROLS[name]
    p = sub.add_parser(
        name, help=f"facilitator: {spec.summary}", description=f"Facilitator: {spec.summary}."
    )
    for ps in spec.params:
        add_param(p, ps)
    g = p.add_argument_group("who and where")
    g.add_argument("--as", dest="actor", metavar="NAME", help="the facilitator's name")
    g.add_argument("--server", metavar="URL", help="the runner's endpoint (another machine)")
    g.add_argument("--token", metavar="T", help="the FACILITATOR's token (with --server)")
    p.set_defaults(func=_handler(name))
