"""``gameday schedule``: the Game Day calendar (show, add, ics, rotation, suggest, par).

Thin: parse, call ``gameday.schedule``, print. The plan file is ``--plan FILE``, else
``$GAMEDAY_SCHEDULE``, else ``./gameday-schedule.yaml``; history is the scorecard directory
(``--dir``, ``$GAMEDAY_SCORECARDS``, ``./scorecards``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def _json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def _plan_path(args: argparse.Namespace) -> Path:
    from gameday.schedule.plan import default_path

    return Path(args.plan) if args.plan else default_path()


def _scorecards(args: argparse.Namespace) -> Path:
    from gameday.scorecard import default_dir

    return Path(args.dir) if getattr(args, "dir", None) else default_dir()


def _team(ref: str, plan: Path) -> Any:
    from gameday.drill.team import load_team
    from gameday.schedule.plan import resolve_team_file

    return load_team(resolve_team_file(ref, plan.parent))


def _now() -> Any:
    from gameday.clock import RealClock

    return RealClock().now()


# ---- show / add / ics ----------------------------------------------------------------------
def _show(args: argparse.Namespace) -> int:
    from gameday.schedule.plan import load_schedule, to_data

    path = _plan_path(args)
    plan = load_schedule(path)
    if args.json:
        _json(to_data(plan))
        return 0
    if not plan.gamedays:
        print(f"no Game Days planned in {path} (`gameday schedule add` plans one)")
        return 0
    print(f"{len(plan.gamedays)} Game Day(s) in {path} ({plan.timezone}):")
    for g in sorted(plan.gamedays, key=lambda g: g.start or _now()):
        roles = ", ".join(f"{k} {v}" for k, v in g.roles.items()) or "roles not set"
        when = f"{g.start:%a %Y-%m-%d %H:%M %Z}" if g.start else g.when
        print(f"  {when}  team {g.team}  {g.scenario}  ({roles})  [{g.id or g.uid}]")
    return 0


def _add(args: argparse.Namespace) -> int:
    import dataclasses

    from gameday.errors import UsageError
    from gameday.formats.core import Reader, read_value
    from gameday.schedule.plan import GameDay, Roles, load_schedule, new_id, save

    path = _plan_path(args)
    plan = load_schedule(path)
    team = _team(args.team, path)
    roles = {k: getattr(args, k) for k in ("ic", "tech", "comms") if getattr(args, k)}
    if args.suggest_roles:
        from gameday.schedule.history import team_history
        from gameday.schedule.suggest import suggest_roles

        past = [d.roles for d in team_history(_scorecards(args), team.name)]
        past += [dict(g.roles.items()) for g in plan.gamedays if g.team == args.team]
        for s in suggest_roles(team.names, past):
            if s.person and s.role not in roles:
                roles[s.role] = s.person
                print(f"suggested {s.title}: {s.person} ({s.why})")
    for role, who in roles.items():
        if who not in team.names:
            raise UsageError(
                f"--{role} {who!r} is not in team {team.name} ({', '.join(team.names)})"
            )
    from gameday.errors import GamedayError
    from gameday.scenario.catalog import find_scenario

    try:
        find_scenario(args.scenario)
    except GamedayError as exc:  # planned before it is written: allowed, but said
        print(f"gameday: warning: {exc}", file=sys.stderr)
    raw: dict[str, Any] = {"team": args.team, "when": args.when, "scenario": args.scenario}
    if args.duration:
        raw["duration"] = args.duration
    if args.facilitator:
        raw["facilitator"] = args.facilitator
    if roles:
        raw["roles"] = roles
    raw["id"] = new_id(team.name, args.when)
    reader = Reader()
    g = read_value(GameDay, raw, reader)
    if reader.issues:
        where, msg = reader.issues[0]
        raise UsageError(f"{'.'.join(str(p) for p in where) or 'game day'}: {msg}")
    taken = {x.id for x in plan.gamedays}
    n = 2
    while g.id in taken:
        g = dataclasses.replace(g, id=f"{raw['id']}-{n}")
        n += 1
    assert isinstance(g.roles, Roles)
    updated = dataclasses.replace(plan, gamedays=(*plan.gamedays, g))
    save(updated, path)
    checked = load_schedule(path)  # what was written reads back (timezone, roles checked)
    print(f"planned {args.scenario} for team {args.team} at {args.when} in {path} [{g.id}]")
    return 0 if checked.gamedays else 1


def _ics(args: argparse.Namespace) -> int:
    from gameday.errors import ValidationError
    from gameday.schedule.ics import schedule_ics
    from gameday.schedule.plan import load_schedule

    path = _plan_path(args)
    plan = load_schedule(path)
    teams: dict[str, Any] = {}
    for g in plan.gamedays:
        if g.team not in teams:
            try:
                teams[g.team] = _team(g.team, path)
            except Exception as exc:  # invites still go out, without attendees
                print(f"gameday: warning: team {g.team}: {exc}; no attendees", file=sys.stderr)
                teams[g.team] = None
    data = schedule_ics(plan, teams, now=_now())
    out = Path(args.out) if args.out else path.with_suffix(".ics")
    if args.out == "-":
        sys.stdout.buffer.write(data)
        return 0
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise ValidationError(f"cannot write: {exc.strerror}", file=str(out)) from None
    print(f"wrote {out} ({len(plan.gamedays)} Game Day invite(s))")
    return 0


# ---- rotation / suggest / par ------------------------------------------------------------
def _rotation(args: argparse.Namespace) -> int:
    from datetime import date

    from gameday.errors import UsageError
    from gameday.schedule.rotation import rotation

    team = _team(args.team, _plan_path(args))
    try:
        start = date.fromisoformat(args.start) if args.start else _now().date()
    except ValueError:
        raise UsageError(f"--from {args.start!r} is not a date like 2026-06-01") from None
    weeks = rotation(tuple(team.oncall), start, args.weeks)
    if args.ics:
        from gameday.schedule.ics import rotation_ics

        Path(args.ics).write_bytes(rotation_ics(team.name, weeks, now=_now()))
        print(f"wrote {args.ics} ({len(weeks)} weeks)")
    if args.json:
        _json([{"week": str(w.start), "order": list(w.order)} for w in weeks])
    elif not args.ics:
        print(f"on call for team {team.name} (from the oncall order {', '.join(team.oncall)}):")
        for w in weeks:
            print(
                f"  week of {w.start:%Y-%m-%d}: primary {w.primary}, secondary {w.secondary or '-'}"
            )
    return 0


def _suggest(args: argparse.Namespace) -> int:
    from gameday.durations import format_duration
    from gameday.scenario.catalog import catalog
    from gameday.schedule.history import team_history
    from gameday.schedule.plan import load_schedule
    from gameday.schedule.suggest import option_of, suggest_roles, suggest_scenarios
    from gameday.scorecard.par import par_times

    path = _plan_path(args)
    team = _team(args.team, path)
    history = team_history(_scorecards(args), team.name)
    plan = load_schedule(path)
    past = [d.roles for d in history]
    past += [dict(g.roles.items()) for g in plan.gamedays if g.team == args.team]
    roles = suggest_roles(team.names, past)
    options = [option_of(e.scenario) for e in catalog() if e.scenario is not None]
    ranked, weak = suggest_scenarios(options, history, _now())
    best = ranked[0].scenario if ranked else None
    from gameday.schedule.history import summaries

    par = par_times(summaries(_scorecards(args)), team=team.name, scenario=best) if best else {}
    if args.json:
        _json(
            {
                "team": team.name,
                "drills": len(history),
                "roles": [{"role": r.role, "person": r.person, "why": r.why} for r in roles],
                "scenarios": [vars(s) for s in ranked],
                "weakest_criteria": [
                    {"criterion": c, "missed_share": round(rate, 3), "drills": n}
                    for c, rate, n in weak
                ],
                "par": {k: v.to_dict() for k, v in par.items()},
            }
        )
        return 0
    print(f"team {team.name}: {len(history)} drill(s) in {_scorecards(args)}")
    print("roles for the next Game Day:")
    for r in roles:
        print(f"  {r.title:<21} {r.person or '-':<10} {r.why}")
    print("next scenario (spaced repetition):")
    for s in ranked[:5]:
        print(f"  {s.scenario:<18} {s.kind:<12} {s.why}")
    if weak:
        print("criteria the team keeps missing:")
        for c, rate, n in weak[:5]:
            if rate > 0:
                print(f"  {c:<16} missed or late in {rate:.0%} of {n} drill(s)")
    if par:
        print(f"par on {best} (median of {max(p.drills for p in par.values())} drill(s)):")
        for name, p in par.items():
            print(f"  {name.replace('_', ' '):<26} {format_duration(p.seconds)}")
    return 0


def _par(args: argparse.Namespace) -> int:
    from gameday.durations import format_duration
    from gameday.schedule.history import summaries
    from gameday.scorecard.par import par_times

    team = _team(args.team, _plan_path(args))
    rows = summaries(_scorecards(args))
    scenarios = sorted({str(s.get("scenario")) for s in rows if s.get("team") == team.name})
    table = {sc: par_times(rows, team=team.name, scenario=sc) for sc in scenarios}
    if args.json:
        _json({sc: {k: v.to_dict() for k, v in p.items()} for sc, p in table.items()})
        return 0
    if not table:
        print(f"no scorecards of team {team.name} in {_scorecards(args)}: no par yet")
        return 0
    for sc, p in table.items():
        n = max((x.drills for x in p.values()), default=0)
        print(f"{sc} (par = median of {n} drill(s)):")
        for name, x in p.items():
            print(f"  {name.replace('_', ' '):<26} {format_duration(x.seconds)}")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from gameday.cli.args import whole

    p = sub.add_parser(
        "schedule",
        help="the Game Day calendar: plan, invites (.ics), on-call rotation, suggestions, par",
        description="Plan Game Days (a YAML file), export iCalendar invites, derive the weekly "
        "on-call rotation, suggest roles and the next scenario from the team's history, and "
        "show par times (docs/schedule.md).",
    )
    s = p.add_subparsers(dest="schedule_command", metavar="COMMAND", required=True)

    def common(q: argparse.ArgumentParser, history: bool = False) -> None:
        q.add_argument(
            "--plan",
            metavar="FILE",
            help="the plan (default: $GAMEDAY_SCHEDULE or ./gameday-schedule.yaml)",
        )
        if history:
            q.add_argument(
                "--dir", metavar="DIR", help="scorecard directory (default: ./scorecards)"
            )

    q = s.add_parser("show", help="list the planned Game Days", description="List the plan.")
    common(q)
    q.add_argument("--json", action="store_true", help="machine-readable output")
    q.set_defaults(func=_show)

    q = s.add_parser(
        "add",
        help="plan a Game Day",
        description="Add a Game Day to the plan (the file is created if needed).",
    )
    q.add_argument("team", help="team name (teams/<name>.yaml, scenarios/teams/) or team file")
    q.add_argument("when", help="start, e.g. 2026-06-04T10:00 (the plan's timezone)")
    q.add_argument("scenario", help="scenario id or file")
    q.add_argument("--duration", metavar="DUR", help="length (default: the plan's, 2h)")
    for role, title in (
        ("ic", "Incident Commander"),
        ("tech", "Technical Lead"),
        ("comms", "Communications Lead"),
    ):
        q.add_argument(f"--{role}", metavar="NAME", help=title)
    q.add_argument("--facilitator", metavar="NAME")
    q.add_argument(
        "--suggest-roles", action="store_true", help="fill the roles not given from history"
    )
    common(q, history=True)
    q.set_defaults(func=_add)

    q = s.add_parser(
        "ics",
        help="export the plan as iCalendar invites",
        description="Write the plan as an .ics file (one invite per Game Day, stable UIDs).",
    )
    q.add_argument("--out", metavar="FILE", help="output ('-' for stdout; default: plan.ics)")
    common(q)
    q.set_defaults(func=_ics)

    q = s.add_parser(
        "rotation",
        help="the weekly on-call rotation from the roster",
        description="Derive the weekly on-call rotation from the team file's oncall order.",
    )
    q.add_argument("team", help="team name or file")
    q.add_argument(
        "--weeks", type=whole(1, 520, "weeks"), default=8, help="how many weeks (default 8)"
    )
    q.add_argument("--from", dest="start", metavar="DATE", help="first week (default: this one)")
    q.add_argument("--ics", metavar="FILE", help="also write it as an .ics calendar")
    q.add_argument("--json", action="store_true", help="machine-readable output")
    common(q)
    q.set_defaults(func=_rotation)

    q = s.add_parser(
        "suggest",
        help="roles and the next scenario, from the team's history",
        description="Suggest the next Game Day's roles (rotation rules) and scenario (spaced "
        "repetition), with the criteria the team keeps missing and its par.",
    )
    q.add_argument("team", help="team name or file")
    q.add_argument("--json", action="store_true", help="machine-readable output")
    common(q, history=True)
    q.set_defaults(func=_suggest)

    q = s.add_parser(
        "par",
        help="par times per scenario (median of the team's drills)",
        description="The team's par on each scenario: the median of its drills, per metric.",
    )
    q.add_argument("team", help="team name or file")
    q.add_argument("--json", action="store_true", help="machine-readable output")
    common(q, history=True)
    q.set_defaults(func=_par)
