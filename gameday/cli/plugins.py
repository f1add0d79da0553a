"""``gameday plugins``: every plugin, where it came from, what it registered, what was refused.

The first place to look when a plugin's fault, criterion or action does not show up: it scans
the installed entry points afresh (refreshing the start-up cache) and collects every extension
point, so a refused piece is listed with the reason and the form that was expected.
"""

from __future__ import annotations

import argparse
import json
from typing import Any


def _report() -> dict[str, Any]:
    from gameday.cli import OTHER_COMMANDS
    from gameday.plugins import PluginManager, install, load_plugins

    pm = PluginManager()
    load_plugins(pm, refresh=True)
    install(pm)  # the fresh scan is what this process uses from now on
    plugins = [
        {
            "name": info.name,
            "source": info.source,
            "hooks": list(info.hooks),
            "registered": {kind: list(names) for kind, names in info.registered.items()},
        }
        for info in pm.plugins()
    ]
    problems = [{"plugin": p.plugin, "message": p.message} for p in pm.problems]
    for name, spec in pm.registries.actions.items():
        if spec.command and name in OTHER_COMMANDS:
            problems.append(
                {
                    "plugin": pm.registries.actions.owner(name),
                    "message": f"action {name!r} gets no command: `gameday {name}` is another "
                    f"command (its HTTP route POST /api/actions/{name} works)",
                }
            )
    return {"plugins": plugins, "problems": problems}


def cmd_plugins(args: argparse.Namespace) -> int:
    report = _report()
    if args.json:
        print(json.dumps(report, indent=2))
        return 1 if report["problems"] else 0
    for p in report["plugins"]:
        print(f"{p['name']}  ({p['source']})")
        if not p["registered"]:
            print("  registered nothing")
        for kind, names in p["registered"].items():
            print(f"  {kind}: {', '.join(names)}")
    if report["problems"]:
        print(f"\n{len(report['problems'])} problem(s):")
        for problem in report["problems"]:
            print(f"  plugin {problem['plugin']!r}: {problem['message']}")
        return 1
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "plugins",
        help="list plugins, what each registered, and registration problems",
        description="Every plugin (the gameday.plugins entry points, $GAMEDAY_PLUGINS and the "
        "built-in one), what it registered at each extension point, and every refusal with "
        "what was expected. Exits 1 when there is a problem.",
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=cmd_plugins)
