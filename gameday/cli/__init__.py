"""The ``gameday`` command: parse, call the library, map ``GamedayError`` to a message and code.

Start-up must stay light (responders type these commands mid-drill): command modules import
only argparse-level things at module level and defer docker, rich, locust to the handler.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from gameday import __version__
from gameday.errors import GamedayError

# Each module exposes ``register(subparsers)``; handlers are set with ``set_defaults(func=...)``
# and receive the parsed ``argparse.Namespace``; they return an exit code or None (= 0).
COMMAND_MODULES: tuple[str, ...] = (
    "gameday.cli.target",  # target up/status/down/cert
    "gameday.cli.scenario",  # validate, list
    "gameday.cli.faults",  # restore, selftest, faults
    "gameday.cli.drill",  # run, end, abort
    "gameday.cli.actions",  # ack, declare, role, channel, status, update, notify, note, ...
    "gameday.cli.score",  # score, scorecard ..., review draft/schedule
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gameday",
        description="Game Day chaos drills: break a real staging stack, time the response, "
        "score it against the playbook.",
    )
    parser.add_argument("--version", action="version", version=f"gameday {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # a command group not built yet
                continue
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 0 if args.command is None else 2
    try:
        code = func(args)
    except GamedayError as exc:
        print(f"gameday: error: {exc}", file=sys.stderr)
        if exc.hint:
            print(f"gameday: hint: {exc.hint}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("gameday: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    return int(code or 0)


def run() -> None:  # pragma: no cover - console entry helper
    sys.exit(main())
