"""``gameday validate``, ``list`` and ``schema``: gameday's files (``restore``, ``selftest`` and
``faults`` live in ``gameday.cli.faults``).

Validation errors are printed as bare ``file:line: key: message`` lines (no colour, no
wrapping) so editors and CI logs can jump to them.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    formats = ("scenario", "playbook", "team", "autopilot", "timeline", "schedule")
    p = sub.add_parser(
        "validate",
        help="check gameday files; exit 0 only if all are valid",
        description="Check scenario, playbook, team, autopilot script and timeline files: "
        "gameday's rules (fault types and params, compose services, durations, unique names, "
        "the playbook and scenario a file names); --schema also checks the JSON Schema "
        "editors use. Nothing touches Docker. Each problem is one line: file:line: key: "
        "message. Exit 0 if all are valid, 2 if not.",
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="file(s) to check")
    p.add_argument(
        "--format",
        choices=formats,
        help="what the files are (default: recognised from their keys; a scenario otherwise)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    p.add_argument(
        "--schema",
        action="store_true",
        help="also check each file against its shipped JSON Schema (generated from the same "
        "types, so a valid file passes; this checks the schema your editor uses)",
    )
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser(
        "schema",
        help="print, write or check the JSON Schema of a file format",
        description="The JSON Schemas editors use (gameday/schemas/FORMAT.schema.json) are "
        "generated from the types gameday reads files with. Print one, --write them, or "
        "--check that the shipped ones are up to date (exit 1 if not).",
    )
    p.add_argument("format", nargs="?", choices=formats, help="the format (default: all)")
    action = p.add_mutually_exclusive_group()
    action.add_argument("--write", action="store_true", help="write gameday/schemas/*.json")
    action.add_argument("--check", action="store_true", help="compare with the shipped ones")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser(
        "list",
        help="list built-in and local scenarios",
        description="List the built-in scenarios and local ones (./scenarios, "
        "$GAMEDAY_SCENARIO_PATH): id, title, difficulty, faults.",
    )
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_list)


def cmd_validate(args: argparse.Namespace) -> int:
    from gameday.validate import validate_files

    reports = validate_files(args.files, format=args.format, schema=args.schema)
    bad = 0
    for report in reports:
        if report.ok:
            if not args.quiet:
                print(f"{report.path}: ok ({report.label})")
            continue
        bad += 1
        for err in report.errors:
            print(str(err).replace("\n", " "), file=sys.stderr)
    if len(reports) > 1 and not args.quiet:
        print(f"{len(reports) - bad} of {len(reports)} file(s) valid")
    return 2 if bad else 0


def cmd_schema(args: argparse.Namespace) -> int:
    from gameday.catalog import FORMATS, schema_text, shipped_schema_path

    names = [args.format] if args.format else list(FORMATS)
    if not (args.write or args.check):
        if len(names) == 1:
            sys.stdout.write(schema_text(names[0]))
            return 0
        for name in names:
            print(f"{name}: {shipped_schema_path(name)}")
        return 0
    stale = []
    for name in names:
        path = shipped_schema_path(name)
        text = schema_text(name)
        current = path.read_text(encoding="utf-8") if path.is_file() else ""
        if current == text:
            continue
        if args.write:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path}")
        else:
            stale.append(name)
            print(f"{path}: differs from the types (run `gameday schema {name} --write`)")
    if args.check and not stale:
        print(f"{len(names)} schema(s) up to date")
    return 1 if stale else 0


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
