"""The ``gameday`` command: parse, call the library, map ``GamedayError`` to a message and code.

Start-up must stay light (responders type these commands mid-drill): command modules import
only argparse-level things at module level and defer docker, rich, locust to the handler, and
``main`` builds only the parser of the command typed (``gameday ack`` never builds the scorecard
commands). ``gameday --help``, an unknown word or a plugin's action builds them all.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Sequence
from types import ModuleType

from gameday import __version__
from gameday.errors import GamedayError

# Each module exposes ``register(subparsers)``; handlers are set with ``set_defaults(func=...)``
# and receive the parsed ``argparse.Namespace``; they return an exit code or None (= 0).
# The commands each module registers, so ``main`` can import only the one needed (a unit test
# checks this table against the modules; a command missing here still works, the slow way).
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "gameday.cli.target": ("target",),
    "gameday.cli.scenario": ("validate", "list", "schema"),
    "gameday.cli.new": ("new",),
    "gameday.cli.faults": ("restore", "selftest", "faults"),
    "gameday.cli.drill": ("run", "end", "abort", "workers"),
    "gameday.cli.facilitator": ("hint", "inject", "extend"),
    # one command per action spec (built-in or plugin: gameday.drill.actions), plus watch
    "gameday.cli.actions": ("watch",),
    "gameday.cli.score": ("score", "scorecard", "review"),
    "gameday.cli.plugins": ("plugins",),
    "gameday.cli.schedule": ("schedule",),
}
ACTIONS_MODULE = "gameday.cli.actions"
# Names no action may take as its command (the action keeps its HTTP route).
OTHER_COMMANDS = frozenset(
    n for m, names in COMMAND_MODULES.items() if m != ACTIONS_MODULE for n in names
)


def _import(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name == name:  # a command group not built yet
            return None
        raise


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The ``gameday`` parser: every command, or only ``command`` (and its module's others)."""
    from gameday.cli.args import Parser

    parser = Parser(
        prog="gameday",
        description="Game Day chaos drills: break a real staging stack, time the response, "
        "score it against the playbook.",
    )
    parser.add_argument("--version", action="version", version=f"gameday {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    owner = _owner(command) if command else None
    for name in [owner] if owner else COMMAND_MODULES:
        module = _import(name)
        if module is None:
            continue
        register_one = getattr(module, "register_one", None)
        if owner and command and register_one is not None:
            register_one(sub, command)
        else:
            module.register(sub)
    return parser


def _owner(command: str) -> str | None:
    """The module that registers ``command``: the table, else an action's command."""
    for module, names in COMMAND_MODULES.items():
        if command in names:
            return module
    from gameday.drill.actions import ACTIONS

    if command in ACTIONS and ACTIONS.get(command).command:
        return ACTIONS_MODULE
    return None


def main(
    argv: Sequence[str] | None = None, *, gc_paused: bool = False, hard_exit: bool = False
) -> int:
    """Run one command. ``gc_paused``: the caller (``run``, a fresh process) paused the cyclic
    garbage collector for start-up; it resumes once the command line is parsed. ``hard_exit``
    (``run`` too): a short-lived command's process ends as soon as its output is flushed."""
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[0] if argv and not argv[0].startswith("-") else None
    try:
        parser = build_parser(command)
    except GamedayError as exc:  # a plugin problem while finding the command
        print(f"gameday: error: {exc}", file=sys.stderr)
        return exc.exit_code
    args = parser.parse_args(argv)
    args.own_process = hard_exit  # run() in a fresh process, not a caller's main() in theirs
    if gc_paused and not getattr(args, "short_lived", False):
        gc.freeze()  # what start-up made lives as long as the process: never scan it again
        gc.enable()
    # A short-lived command (``set_defaults(short_lived=True)``: it reads, computes, writes and
    # exits) keeps the collector paused: its garbage dies with the process, and scoring a long
    # drill otherwise ran ~50 collections (15-30 ms) for nothing (benchmarks/README.md).
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
    if hard_exit and getattr(args, "short_lived", False):
        _leave(int(code or 0))
    return int(code or 0)


def _leave(code: int) -> None:
    """End the process now, without tearing the interpreter down: freeing a long drill's
    objects one by one and clearing every module took ~50 ms of ``gameday score``'s ~450 at
    10,000 events, after its files were written and its output shown (mypy ends the same way).
    Only for a command that holds nothing that needs closing: files it wrote are closed, its
    children waited for, and no atexit handler of its own is pending. Returns (the normal way
    out then reports it) when the output cannot be flushed."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed or broken stream: let the normal exit report it
        return
    os._exit(code)


def run() -> None:  # pragma: no cover - console entry helper
    # Start-up makes tens of thousands of objects that live as long as the process (modules,
    # classes, dataclass methods, parsers), and the cyclic collector would walk them again at
    # every threshold: ~10% of a responder command's CPU (benchmarks/startup_bench.py).
    gc.disable()
    sys.exit(main(gc_paused=True, hard_exit=True))
