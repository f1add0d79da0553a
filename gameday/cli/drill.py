"""``gameday run`` (the facilitator's drill), ``gameday end`` and ``gameday abort``.

Thin: parse, call ``gameday.drill.runner``, show the live view (a terminal) or plain lines (a
pipe, CI). ``end``/``abort`` work from any terminal on the host: they ask the runner through the
drill directory, fall back to SIGTERM, and finish the drill themselves if its runner is gone.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from gameday.cli import args as checked


def register(sub: Any) -> None:
    p = sub.add_parser(
        "run",
        help="run a drill: break the stack, page the team, time the response, score it",
        description="Run a Game Day drill on the scenario's staging stack.",
    )
    p.add_argument("scenario", nargs="?", help="scenario file (optional with --resume)")
    p.add_argument(
        "--team", metavar="FILE", help="team roster (default scenarios/teams/model-team.yaml)"
    )
    p.add_argument(
        "--time-limit",
        type=checked.duration(1.0, 7 * 86400.0),
        metavar="DUR",
        help="end the drill after this long (default: the scenario's)",
    )
    p.add_argument(
        "--users",
        type=checked.whole(0, 10_000, "users"),
        default=5,
        metavar="N",
        help="simulated customers (Locust users; 0 = none; default 5)",
    )
    p.add_argument(
        "--workers",
        type=checked.whole(0, 64, "Locust worker processes on this host"),
        default=0,
        metavar="K",
        help="run Locust distributed: a master and K worker processes (on a swarm target, a "
        "service of K worker tasks); 0 = one Locust process (default)",
    )
    p.add_argument(
        "--remote-workers",
        type=checked.whole(0, 1024, "workers joining from other hosts"),
        default=0,
        metavar="M",
        help="also wait for M workers joining from other hosts (`gameday workers --master "
        "HOST:PORT` there); needs --master-bind and --master-port",
    )
    p.add_argument(
        "--master-bind",
        type=checked.host,
        default="127.0.0.1",
        metavar="HOST",
        help="address the Locust master listens on for workers (default loopback)",
    )
    p.add_argument(
        "--master-port",
        type=checked.port,
        default=0,
        metavar="N",
        help="port the Locust master listens on for workers (default: any free)",
    )
    p.add_argument("--autopilot", metavar="SCRIPT", help="play the team from a timed action script")
    p.add_argument(
        "--playbook", metavar="P", help="playbook file or name (default: the scenario's)"
    )
    p.add_argument("--resume", action="store_true", help="reattach to the drill whose runner died")
    p.add_argument(
        "--bind",
        type=checked.host,
        default="127.0.0.1",
        metavar="HOST",
        help="HTTP endpoint address (default loopback)",
    )
    p.add_argument(
        "--port",
        type=checked.port,
        default=0,
        metavar="N",
        help="HTTP endpoint port (default: any free)",
    )
    p.add_argument(
        "--escalation-timeout",
        type=checked.duration(0.0, 86400.0, above=True),
        metavar="DUR",
        help="page the next on-call after this long without ack",
    )
    p.add_argument(
        "--hold",
        type=checked.duration(0.0, 86400.0),
        metavar="DUR",
        help="steady state must hold this long to count as mitigated (default 30s)",
    )
    p.add_argument(
        "--wrap-up",
        dest="wrapup",
        type=checked.duration(0.0, 86400.0),
        metavar="DUR",
        help="after a proper resolve the room stays open this long for the final status, the "
        "review booking and notes (default: the playbook's final_status deadline; 0 = end at once)",
    )
    p.add_argument(
        "--baseline",
        type=checked.duration(0.0, 3600.0),
        default=10.0,
        metavar="DUR",
        help="baseline before the timeline starts (default 10s)",
    )
    p.add_argument(
        "--poll",
        type=checked.duration(0.05, 600.0),
        default=1.0,
        metavar="DUR",
        help="monitor poll interval (default 1s)",
    )
    p.add_argument(
        "--plain", action="store_true", help="print one line per event instead of the live view"
    )
    p.add_argument("--no-score", action="store_true", help="skip scoring at the end")
    p.set_defaults(func=_run)
    w = sub.add_parser(
        "workers",
        help="join a running drill's Locust master with worker processes from this host",
        description="Run Locust workers that join the master of `gameday run --workers K "
        "--remote-workers M --master-bind HOST --master-port N` on another host. They run the "
        "target's locustfile from this checkout (the same gameday and Locust version as the "
        "runner) and stop when the master does.",
    )
    w.add_argument(
        "--master",
        type=checked.host_port,
        required=True,
        metavar="HOST:PORT",
        help="the runner's --master-bind address (as this host reaches it) and --master-port",
    )
    w.add_argument(
        "--processes",
        type=checked.whole(1, 64, "worker processes"),
        default=1,
        metavar="K",
        help="worker processes to start here (default 1; about one per core)",
    )
    w.add_argument(
        "--target",
        type=checked.folder,
        metavar="DIR",
        help="target folder holding locustfile.py (default targets/shop)",
    )
    w.add_argument(
        "--ca",
        type=checked.in_file,
        metavar="FILE",
        help="the staging CA certificate the customers verify TLS against (copy it from the "
        "runner's host: `gameday target status --json` shows its path there); default: this "
        "host's CA for the target, if it has one",
    )
    w.set_defaults(func=_workers)
    for name, helptext in (
        ("end", "end the running drill: restore the stack, then score it"),
        ("abort", "abort the running drill: restore the stack, no scorecard"),
    ):
        q = sub.add_parser(name, help=helptext, description=helptext)
        q.add_argument("--drill", metavar="ID", help="which drill (default: the running one)")
        q.add_argument(
            "--wait",
            type=checked.duration(0.0, 86400.0),
            default=180.0,
            metavar="DUR",
            help="how long to wait for the runner to finish (default 3m)",
        )
        if name == "abort":
            q.add_argument(
                "--real-incident",
                action="store_true",
                help="stop everything at once: the people are needed for a real incident "
                "(pages resolved, channel told to stand down; recorded as such)",
            )
        q.set_defaults(func=_stop, request=name)


def _run(args: argparse.Namespace) -> int:
    from gameday.drill.runner import RunOptions, run_drill
    from gameday.errors import UsageError
    from gameday.scorecard import default_dir

    if not args.scenario and not args.resume:
        raise UsageError("gameday run needs a SCENARIO file (or --resume)")
    if (args.workers or args.remote_workers) and not args.users:
        raise UsageError("--workers and --remote-workers need customers: --users is 0")
    if args.remote_workers and not args.master_port:
        raise UsageError("--remote-workers needs a fixed --master-port for the workers to join")
    opts = RunOptions(
        scenario=args.scenario,
        team=args.team,
        time_limit=args.time_limit,
        users=args.users,
        workers=args.workers,
        remote_workers=args.remote_workers,
        master_bind=args.master_bind,
        master_port=args.master_port,
        autopilot=args.autopilot,
        playbook=args.playbook,
        resume=args.resume,
        bind=args.bind,
        port=args.port,
        escalation_timeout=args.escalation_timeout,
        hold=args.hold,
        wrapup=args.wrapup,
        baseline=args.baseline,
        poll=args.poll,
        score=not args.no_score,
        scorecards=None if args.resume else str(default_dir().resolve()),
    )
    if sys.stdout.isatty() and not args.plain:
        from rich.console import Console

        from gameday.drill.dashboard import LiveDashboard

        console = Console()  # preflight messages scroll normally; the view starts after

        def say(m: str) -> None:
            console.print(m, markup=False, highlight=False)

        return _report(run_drill(opts, say=say, parts=[LiveDashboard(console)]))
    from gameday.drill.dashboard import EventPrinter

    def say_line(m: str) -> None:
        print(m, flush=True)

    return _report(run_drill(opts, say=say_line, parts=[EventPrinter(say_line)]))


def _workers(args: argparse.Namespace) -> int:
    from gameday.drill.customers import run_workers

    host, port = args.master
    return run_workers(
        host,
        port,
        processes=args.processes,
        target_dir=args.target,
        ca_path=args.ca,
        say=lambda m: print(m, flush=True),
    )


def _report(result: Any) -> int:
    from gameday.drill.report import headline

    print(headline(result.drill_id, result.reason))
    return _record(result.summary, result.outputs, result.restored_ok)


def _record(summary: dict[str, Any], outputs: list[str], restored_ok: bool) -> int:
    """The end of a drill as a terminal shows it, whoever ended it (runner or ``end``)."""
    from gameday.drill.report import summary_lines

    for line in summary_lines(summary):
        print(f"  {line}")
    if summary.get("score") is not None:
        print(f"  score {summary['score']:.0f}/100")
    for path in outputs:
        print(f"  wrote {path}")
    if not restored_ok:
        print(
            "gameday: error: the stack was NOT fully restored; run `gameday restore`",
            file=sys.stderr,
        )
        return 6
    return 0


def _stop(args: argparse.Namespace) -> int:
    from gameday.drill.stop import stop_drill

    request = "real-incident" if getattr(args, "real_incident", False) else args.request
    done = stop_drill(
        request,
        drill_ref=args.drill,
        wait_s=args.wait,
        say=lambda m: print(f"  {m}", flush=True),
    )
    print(done.message)
    for warning in done.warnings:
        print(f"gameday: warning: {warning}", file=sys.stderr)
    if done.record is not None:
        return _record(done.record.summary, done.record.outputs, done.restored_ok)
    return 0 if done.restored_ok else 6
