"""``gameday new scenario NAME``: write a commented starting file (``gameday.scenario.starter``)."""

from __future__ import annotations

import argparse
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "new",
        help="write a starting file (gameday new scenario NAME)",
        description="Write a commented starting file that validates as written.",
    )
    kinds = p.add_subparsers(dest="kind", metavar="KIND", required=True)
    s = kinds.add_parser(
        "scenario",
        help="a starting scenario for a target (validates as written)",
        description="Write scenarios/NAME.yaml (or --output): probes for every service of the "
        "target's compose file (and its front door), one generic fault (stop_service) with "
        "the remediation that undoes it, a stakeholder inject, root cause and hints, each key "
        "commented. `gameday validate` passes on it as written; `gameday selftest` proves it. "
        "Never overwrites a file. Reads files only; nothing touches Docker.",
    )
    s.add_argument("name", metavar="NAME", help="the scenario id: lowercase-with-dashes")
    s.add_argument(
        "--target",
        default="targets/shop",
        metavar="FOLDER",
        help="the stack to drill: a folder with a compose file, or a running compose project "
        "(then --service is needed) (default: targets/shop)",
    )
    s.add_argument(
        "--service",
        metavar="SERVICE",
        help="the service the starting fault stops (default: the compose file's last service)",
    )
    s.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="PATH",
        help="where to write it (default: scenarios/NAME.yaml under the current directory)",
    )
    s.set_defaults(func=cmd_new_scenario)


def cmd_new_scenario(args: argparse.Namespace) -> int:
    from gameday.scenario.starter import new_scenario

    path = new_scenario(args.name, target=args.target, service=args.service, output=args.output)
    print(f"wrote {path}")
    print(f"next: gameday validate {path} && gameday selftest {path}")
    return 0
