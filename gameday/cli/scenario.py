"""``gameday validate`` and ``list``: scenario files (``restore``, ``selftest`` and ``faults``
live in ``gameday.cli.faults``).

Validation errors are printed as bare ``file:line: key: message`` lines (no colour, no
wrapping) so editors and CI logs can jump to them.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate",
        help="check scenario files (schema and meaning); exit 0 only if all are valid",
        description="Check scenario files against the JSON Schema and gameday's rules (fault "
        "types and params, compose services, durations, unique names). Nothing touches Docker. "
        "Each problem is one line: file:line: key: message. Exit 0 if all are valid, 2 if not.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="scenario YAML file(s)")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "list",
        help="list built-in and local scenarios",
        description="List the built-in scenarios and local ones (./scenarios, "
        "$GAMEDAY_SCENARIO_PATH): id, title, difficulty, faults.",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_list)


def cmd_validate(args: argparse.Namespace) -> int:
    from gameday.scenario.validate import validate_files

    reports = validate_files(args.files)
    bad = 0
    for report in reports:
        if report.ok:
            if not args.quiet and report.scenario is not None:
                print(f"{report.path}: ok ({report.scenario.id})")
            continue
        bad += 1
        for err in report.errors:
            print(str(err).replace("\n", " "), file=sys.stderr)
    if len(reports) > 1 and not args.quiet:
        print(f"{len(reports) - bad} of {len(reports)} file(s) valid")
    return 2 if bad else 0


def cmd_list(args: argparse.Namespace) -> int:
    from gameday.scenario.catalog import catalog

    entries = catalog()
    if args.json:
        json.dump([e.as_dict() for e in entries], sys.stdout, indent=2)
        print()
        return 0
    _print_table([e.as_dict() for e in entries])
    return 0


def _print_table(rows: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    if not rows:
        console.print("no scenarios found (looked in the built-in and ./scenarios folders)")
        return
    table = Table(show_lines=False)
    table.add_column("id", no_wrap=True)
    for col in ("title", "difficulty", "sev"):
        table.add_column(col)
    table.add_column("faults", overflow="fold")
    table.add_column("origin")
    for r in rows:
        if r["valid"]:
            table.add_row(
                r["id"],
                r["title"],
                r["difficulty"],
                str(r["severity"]),
                ", ".join(r["faults"]),
                r["origin"],
            )
        else:
            table.add_row(r["id"], f"[red]invalid:[/] {r['error']}", "", "", "", r["origin"])
    console.print(table)
