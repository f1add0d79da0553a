"""``gameday target up|status|down|deploy|cert``: the staging stack from the command line.

Thin: parse, call ``gameday.target``, print with rich. rich and docker are imported inside the
handlers so ``gameday --help`` stays fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import TYPE_CHECKING, Any

from gameday.cli import args as checked

if TYPE_CHECKING:
    from gameday.target import Target


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = subparsers.add_parser(
        "target",
        help="the staging target stack: up, status, down, deploy, deploys, cert",
        description="Build, start, inspect and stop the staging target gameday drills on.",
    )
    sub = p.add_subparsers(dest="target_command", metavar="SUBCOMMAND")
    p.set_defaults(func=partial(_usage, p))

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument(
            "--target",
            metavar="PATH",
            default=None,
            help="target folder with a compose file, or a running compose project "
            "(default: targets/shop)",
        )
        sp.add_argument(
            "--engine",
            metavar="ENGINE",
            default=None,
            help="compose (one host) or swarm (a Docker Swarm stack); default: env "
            "GAMEDAY_ENGINE, else the engine the target was brought up with, else compose",
        )

    up = sub.add_parser(
        "up",
        help="build if needed, start, wait until healthy",
        description="Build the images if needed (base image from Debian packages, no registry), "
        "start every service, wait until all are healthy, print the endpoints.",
    )
    common(up)
    up.add_argument(
        "--base-image",
        metavar="IMG",
        default=None,
        help="build FROM this image instead of the locally built Debian base "
        "(env GAMEDAY_BASE_IMAGE; e.g. debian:bookworm-slim if your engine can pull)",
    )
    up.add_argument(
        "--timeout",
        type=checked.duration(1.0, 7200.0),
        default=300.0,
        metavar="DUR",
        help="how long to wait for healthy (default 5m)",
    )
    up.set_defaults(func=_up)

    st = sub.add_parser("status", help="each service: state, health, version, ports")
    common(st)
    st.add_argument("--json", action="store_true", help="machine-readable output")
    st.set_defaults(func=_status)

    down = sub.add_parser(
        "down", help="remove every labelled container, network and volume of the target"
    )
    common(down)
    down.add_argument(
        "--keep-data", action="store_true", help="keep the database volume (and deploy history)"
    )
    down.set_defaults(func=_down)

    dep = sub.add_parser("deploy", help="deploy a version of a service (e.g. api v2)")
    common(dep)
    dep.add_argument("service")
    dep.add_argument("version")
    dep.add_argument(
        "--as",
        dest="actor",
        metavar="NAME",
        type=checked.text(80),
        default=None,
        help="who deploys, for the deploy log (default: $GAMEDAY_AS, else your login)",
    )
    dep.add_argument(
        "--note",
        metavar="TEXT",
        type=checked.text(200),
        default="",
        help="what the deploy is for (shown by `gameday target deploys`)",
    )
    dep.set_defaults(func=_deploy)

    log = sub.add_parser(
        "deploys",
        help="recent deploys and rollbacks: who deployed what, when",
        description="The target's deploy log, newest first: when, service, version, action "
        "(up, deploy, rollback), who, and the note. Reads gameday's deploy history; the stack "
        "need not be running.",
    )
    common(log)
    log.add_argument("--service", metavar="NAME", default=None, help="only this service")
    log.add_argument(
        "--limit",
        type=checked.whole(1, 10_000, "limit"),
        default=20,
        metavar="N",
        help="at most N entries (default 20)",
    )
    log.add_argument("--json", action="store_true", help="machine-readable output")
    log.set_defaults(func=_deploys)

    cert = sub.add_parser("cert", help="the proxy's TLS certificate: show, renew")
    cert_sub = cert.add_subparsers(dest="cert_command", metavar="ACTION")
    cert.set_defaults(func=partial(_usage, cert))
    show = cert_sub.add_parser("show", help="the certificate the proxy serves, and the CA path")
    common(show)
    show.set_defaults(func=_cert_show)
    renew = cert_sub.add_parser(
        "renew", help="issue a fresh valid certificate from the staging CA and reload nginx"
    )
    common(renew)
    renew.set_defaults(func=_cert_renew)


def _usage(parser: argparse.ArgumentParser, _args: argparse.Namespace) -> int:
    """A command group run without its subcommand: show what it offers, exit 2."""
    parser.print_help()
    return 2


def _target(args: argparse.Namespace) -> Target:
    from gameday.target import resolve_target

    return resolve_target(
        args.target, base_image=getattr(args, "base_image", None), engine=args.engine
    )


@contextmanager
def _progress(title: str) -> Iterator[Callable[[str], None]]:
    """A rich spinner with elapsed time on a terminal; plain lines otherwise (CI logs)."""
    from rich.console import Console

    console = Console(stderr=True)
    start = time.monotonic()
    if not console.is_terminal:

        def plain(msg: str) -> None:
            console.print(f"[{time.monotonic() - start:6.1f}s] {msg}", highlight=False)

        yield plain
        return
    with console.status(title) as status:

        def update(msg: str) -> None:
            if msg.startswith(("built", "building", "all services", "start failed")):
                console.print(f"[dim]{time.monotonic() - start:6.1f}s[/] {msg}", highlight=False)
            status.update(f"{title} [dim]({time.monotonic() - start:.0f}s)[/] {msg}")

        yield update


def _up(args: argparse.Namespace) -> int:
    from rich.console import Console

    t = _target(args)
    start = time.monotonic()
    with _progress(f"target {t.name} ({t.project})") as progress:
        t.up(progress, timeout=args.timeout)
    ep = t.endpoints()
    out = Console()
    out.print(f"[green]{t.name} is up[/] as {t.project} in {time.monotonic() - start:.1f} s")
    out.print(f"  proxy   {ep['proxy']}", highlight=False)
    if "db" in t.services:
        out.print(f"  db      {ep['db']['dsn']}", highlight=False)
    if str(ep["proxy"]).startswith("https:"):  # the shop's TLS front; an own stack may be http
        out.print(f"  CA      {ep['ca']}", highlight=False)
        try_it = f"curl --cacert {ep['ca']} {ep['health']}"
    else:
        try_it = f"curl {ep['health']}"
    out.print(f"  try     {try_it}", highlight=False, soft_wrap=True)
    return 0


def _status(args: argparse.Namespace) -> int:
    t = _target(args)
    rows = t.status()
    if args.json:
        doc = {
            "target": t.name,
            "project": t.project,
            "services": [
                {**r.to_dict(), "deployed_version": _deployed(t, r.service)} for r in rows
            ],
            "endpoints": t.endpoints(),
        }
        print(json.dumps(doc, indent=2))
        return 0
    from rich.console import Console
    from rich.table import Table

    console = Console() if sys.stdout.isatty() else Console(width=160)
    swarm = any(r.replicas for r in rows)
    table = Table(title=f"{t.name} ({t.project}, {t.engine.name})")
    columns = ["service", "state", "health", "version", "image", "ports"]
    if swarm:
        columns[3:3] = ["replicas"]
        columns.append("tasks")
    for col in columns:
        table.add_column(col)
    colors = {"healthy": "green", "unhealthy": "red", "starting": "yellow", "absent": "dim"}
    for r in rows:
        color = colors.get(r.health, "")
        health = f"[{color}]{r.health}[/]" if color else r.health
        ports = ", ".join(p.removesuffix("/tcp") for p in r.ports)
        cells = [r.service, r.state, health, r.version, r.image, ports]
        if swarm:
            cells[3:3] = [r.replicas]
            cells.append(_tasks_cell(r.tasks))
        table.add_row(*cells)
    console.print(table)
    return 0


def _tasks_cell(tasks: list[dict[str, Any]]) -> str:
    """Current tasks as ``slot:state version``, then how many ended badly (the flapping)."""
    current = [t for t in tasks if t.get("desired") in ("running", "ready")]
    lines = [f"{t.get('slot')}: {t.get('state')} {t.get('version')}" for t in current]
    failed = [t for t in tasks if t.get("state") in ("failed", "rejected", "orphaned")]
    if failed:
        last = failed[-1]
        lines.append(f"{len(failed)} failed, last: {last.get('error') or last.get('state')}")
    return "\n".join(lines)


def _deployed(t: Target, service: str) -> str | None:
    return t.deployed_version(service) if service in t.spec.deployable else None


def _down(args: argparse.Namespace) -> int:
    from rich.console import Console

    t = _target(args)
    start = time.monotonic()
    with _progress(f"stopping {t.project}") as progress:
        t.down(keep_data=args.keep_data, progress=progress)
    kept = " (database volume kept)" if args.keep_data else ""
    Console().print(f"{t.project} is down{kept} in {time.monotonic() - start:.1f} s")
    return 0


def _deploy(args: argparse.Namespace) -> int:
    from rich.console import Console

    from gameday.target.deploys import current_deployer, deployed_by

    t = _target(args)
    who = args.actor or os.environ.get("GAMEDAY_AS", "").strip() or current_deployer()[0]
    before = t.deployed_version(args.service)
    with (
        _progress(f"deploying {args.service} {args.version}") as progress,
        deployed_by(who, args.note),
    ):
        t.deploy(args.service, args.version, progress)
    Console().print(f"{args.service}: {before} -> {args.version} (healthy), deployed by {who}")
    return 0


def _deploys(args: argparse.Namespace) -> int:
    import datetime as dt

    from gameday.errors import UsageError

    t = _target(args)
    if args.service is not None and args.service not in t.services:
        known = ", ".join(t.services)
        raise UsageError(f"--service: no service {args.service!r} in {t.name} (known: {known})")
    rows = t.history.entries(args.service, limit=args.limit)
    if args.json:
        print(json.dumps({"target": t.name, "project": t.project,
                          "deploys": [d.to_dict() for d in rows]}, indent=2))  # fmt: skip
        return 0
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    console = Console() if sys.stdout.isatty() else Console(width=160)
    if not rows:
        console.print(f"no deploys recorded for {t.project} (gameday target up records the first)")
        return 0
    now = dt.datetime.now(dt.UTC)
    table = Table(title=f"recent deploys of {t.name} ({t.project}), newest first")
    for col in ("when (UTC)", "ago", "service", "version", "action", "by", "note"):
        table.add_column(col)
    for d in rows:
        when = f"{d.at:%Y-%m-%d %H:%M:%S}" if d.at else "?"
        cells = (when, d.ago(now), d.service, d.version, d.action, d.by or "?", d.note)
        table.add_row(*(escape(c) for c in cells))
    console.print(table)
    return 0


def _cert_show(args: argparse.Namespace) -> int:
    from rich.console import Console

    t = _target(args)
    info = t.certificate()
    out = Console()
    out.print(f"CA          {t.ca_path}", highlight=False)
    if info is None:
        out.print("certificate none issued yet (gameday target up issues one)")
        return 0
    out.print(f"subject     {info.subject}", highlight=False)
    out.print(f"issuer      {info.issuer}", highlight=False)
    out.print(f"not before  {info.not_before.isoformat()}", highlight=False)
    out.print(f"not after   {info.not_after.isoformat()}", highlight=False)
    return 0


def _cert_renew(args: argparse.Namespace) -> int:
    from rich.console import Console

    t = _target(args)
    info = t.renew_certificate()
    Console().print(
        f"[green]renewed[/]: the proxy now serves a certificate valid until "
        f"{info.not_after:%Y-%m-%d %H:%M} UTC (serial {info.serial:x})",
        highlight=False,
    )
    return 0
