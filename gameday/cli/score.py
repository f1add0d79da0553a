"""``gameday score``, ``gameday scorecard list|show|compare|trends``, ``gameday review ...``.

Thin: parse, call ``gameday.scorecard`` / ``gameday.scoring``, print with rich (imported late).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gameday.cli import args as checked

if TYPE_CHECKING:
    from gameday.scorecard import Publishing

MAX_WIDTH = 1000  # gameday.scorecard.query.MAX_WIDTH, without importing it at start-up


def _print(*things: Any) -> None:
    from rich.console import Console

    console = Console()
    for t in things:
        console.print(t)


def _json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False, default=str)
    sys.stdout.write("\n")


def _dir(args: argparse.Namespace) -> Path:
    from gameday.scorecard import default_dir
    from gameday.scorecard.query import scorecard_dir

    return scorecard_dir(args.dir if getattr(args, "dir", None) else default_dir())


def _skipped(exc: Exception) -> None:
    """One bad scorecard costs a warning naming it, not the whole folder."""
    print(f"gameday: warning: skipped {exc}", file=sys.stderr)


# ---- score --------------------------------------------------------------------------------
def _is_drill(ref: str) -> bool:
    """A drill folder, or a name that is no file but could be a drill id."""
    import os

    try:
        if os.path.isdir(ref):
            return True
        return (
            not os.path.lexists(ref)
            and "/" not in ref
            and not ref.endswith((".yaml", ".yml", ".json"))
        )
    except ValueError:  # a NUL in the name: let the timeline reader refuse it
        return False


def _files(writing: Publishing | None) -> list[str]:
    if writing is None:
        return []
    out = writing.published
    return [str(out.yaml), str(out.markdown), str(out.html)]


def _score(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from gameday.playbook import load_playbook
    from gameday.scorecard import start_publish
    from gameday.scorecard.terminal import show
    from gameday.scoring import score
    from gameday.timeline import load_timeline

    # the playbook a timeline names must exist, unless another one is given to score with
    if _is_drill(args.timeline):
        from gameday.drill.report import timeline_of
        from gameday.errors import DrillError, UsageError

        try:
            timeline = timeline_of(args.timeline)
        except DrillError as exc:
            raise UsageError(f"{args.timeline}: no such timeline file, and {exc}") from None
    else:
        timeline = load_timeline(
            args.timeline, check_references=not (args.playbook or args.scenario)
        )
    if args.team:
        timeline = replace(timeline, team=args.team)
    scenario = None
    if args.scenario:
        from gameday.scenario.catalog import find_scenario

        scenario = find_scenario(args.scenario)
    pb = load_playbook(
        args.playbook or (scenario.playbook if scenario else None) or timeline.playbook or "default"
    )
    writing = None
    if args.no_write:
        result, par = score(timeline, scenario, pb), None
    else:  # a long drill's files are written on the other core while the result is shown
        # in its own process the pages are forked at any size: their imports (Jinja2) then
        # overlap the summary's (rich), 30-40 ms of a 200-event drill (benchmarks/README.md)
        own = getattr(args, "own_process", False)
        writing = start_publish(timeline, scenario, pb, args.out, fork=True if own else None)
        result, par = writing.published.result, writing.published.par
    if args.json:  # it names the files: only once they are written
        if writing is not None:
            writing.wait()
        _json({"result": result.to_dict(), "files": _files(writing)})
        return 0
    header = {
        "title": timeline.title,
        "scenario": timeline.scenario,
        "team": timeline.team,
        "started": timeline.started.isoformat(),
    }
    try:
        _print(*show(result.to_dict(), header, timeline, par))
    finally:
        if writing is not None:
            writing.wait()
    for f in _files(writing):
        print(f"wrote {f}")
    return 0


# ---- scorecard ----------------------------------------------------------------------------
def _list(args: argparse.Namespace) -> int:
    from gameday.scorecard.query import list_scorecards
    from gameday.scorecard.terminal import listing

    rows = list_scorecards(_dir(args), team=args.team, scenario=args.scenario, on_skip=_skipped)
    if args.json:
        _json(rows)
    else:
        _print(listing(rows))
    return 0


def _show(args: argparse.Namespace) -> int:
    from gameday.scorecard import read_scorecard
    from gameday.scorecard.terminal import show

    card = read_scorecard(args.file)
    if args.json:
        _json({"summary": card.summary, "result": card.result, "timeline": card.timeline.to_dict()})
        return 0
    tl = card.timeline
    header = {
        "title": tl.title,
        "scenario": tl.scenario,
        "team": tl.team,
        "started": tl.started.isoformat(),
    }
    _print(*show(card.result, header, tl, card.par))
    return 0


def _compare(args: argparse.Namespace) -> int:
    from gameday.scorecard.query import compare
    from gameday.scorecard.terminal import comparison

    cmp = compare(Path(args.a), Path(args.b))
    if args.json:
        _json(cmp)
    else:
        _print(*comparison(cmp))
    return 0


def _trends(args: argparse.Namespace) -> int:
    from gameday.scorecard.query import trends
    from gameday.scorecard.terminal import trend_tables

    if args.html:
        from gameday.clock import RealClock
        from gameday.schedule.trends_page import write_trends_html

        page = write_trends_html(
            _dir(args),
            args.html,
            team=args.team,
            scenario=args.scenario,
            now=RealClock().now(),
            on_skip=_skipped,
        )
        print(
            f"wrote {args.html}: {page.drills} drill(s), {len(page.teams)} team(s), "
            f"{len(page.people)} people"
        )
        return 0
    tr = trends(
        _dir(args), team=args.team, scenario=args.scenario, width=args.width, on_skip=_skipped
    )
    if args.json:
        _json(tr)
    else:
        _print(*trend_tables(tr))
    return 0


# ---- review -------------------------------------------------------------------------------
def _draft(args: argparse.Namespace) -> int:
    from gameday.errors import ValidationError
    from gameday.scorecard import read_scorecard
    from gameday.scorecard.markdown import render_review

    card = read_scorecard(args.scorecard)
    text = render_review(card)
    if args.out == "-":
        sys.stdout.write(text)
        return 0
    out = Path(args.out) if args.out else Path(args.scorecard).with_suffix(".review.md")
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ValidationError(f"cannot write: {exc.strerror}", file=str(out)) from None
    print(f"wrote {out}")
    return 0


def _export(args: argparse.Namespace) -> int:
    import dataclasses

    from gameday.errors import UsageError, ValidationError
    from gameday.integrations import jira
    from gameday.scorecard import read_scorecard
    from gameday.scorecard.actions import action_items

    settings = jira.JiraSettings()
    if args.team:
        from gameday.drill.team import load_team
        from gameday.integrations.config import settings_of

        settings = settings_of(load_team(args.team), "jira")
    if args.project:
        from gameday.params import ParamError

        try:
            key = jira.JIRA.parse_params({"project": args.project}).project
        except ParamError as exc:
            raise UsageError(f"--project {args.project!r}: {exc.message}") from None
        settings = dataclasses.replace(settings, project=key)
    if not settings.project:
        raise UsageError(
            "no Jira project: pass --project KEY or set integrations.jira.project in the team file"
        )
    card = read_scorecard(args.scorecard)
    items = action_items(card, due_days=settings.due_days)
    base = Path(args.scorecard)
    outputs: list[tuple[Path, str]] = []
    wants = args.jira or args.csv or args.post
    if args.jira or not wants:
        body = json.dumps(jira.issues_json(items, settings, settings.project), indent=2)
        outputs.append((Path(args.jira) if args.jira else base.with_suffix(".jira.json"), body))
    if args.csv or not wants:
        text = jira.issues_csv(items, settings, settings.project)
        outputs.append((Path(args.csv) if args.csv else base.with_suffix(".jira.csv"), text))
    for path, text in outputs:
        try:
            path.write_text(text + ("" if text.endswith("\n") else "\n"), encoding="utf-8")
        except OSError as exc:
            raise ValidationError(f"cannot write: {exc.strerror}", file=str(path)) from None
        print(f"wrote {path} ({len(items)} action items)")
    if args.post:
        from gameday.clock import RealClock
        from gameday.errors import GamedayError

        result = jira.post(items, settings, settings.project, clock=RealClock())
        if not result.ok:
            raise GamedayError(f"Jira did not take the issues: {result.reason}")
        print(f"created {len(items)} Jira issues in {settings.project} (HTTP {result.status})")
    return 0


def _schedule(args: argparse.Namespace) -> int:
    from gameday.clock import RealClock
    from gameday.errors import NoDrillRunning
    from gameday.scorecard import newest_scorecard, parse_when, schedule_review

    when = parse_when(args.when, RealClock())
    if not args.scorecard:
        try:  # a drill still running records the review in its own log
            from gameday.drill.responder import act

            rec = act("review", {"when": when.isoformat()}, actor=args.actor)
            print(
                f"review scheduled for {when:%Y-%m-%d %H:%M} UTC in the running drill "
                f"(event {rec.event.id})"
            )
            return 0
        except (NoDrillRunning, ImportError):
            pass
    path = Path(args.scorecard) if args.scorecard else newest_scorecard(_dir(args))
    actor = args.actor
    if not actor:
        try:
            from gameday.drill.responder import default_actor

            actor = default_actor(None)
        except ImportError:
            import getpass

            actor = getpass.getuser()
    out = schedule_review(path, when, actor)
    c = out.result.criterion("review")
    print(f"review scheduled for {when:%Y-%m-%d %H:%M} UTC in {path}: {c.state} ({c.explanation})")
    print(f"score now {out.result.total:g} / 100; rewrote {out.yaml}, {out.markdown}, {out.html}")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    s = sub.add_parser(
        "score",
        help="score a timeline against the playbook and write a scorecard",
        description="Score a timeline (docs/timeline.md) against a playbook; write "
        "scorecards/<date>-<scenario>-<team>.yaml/.md/.html.",
    )
    s.add_argument(
        "timeline",
        metavar="TIMELINE|DRILL",
        help="timeline file (YAML or JSON), or a drill's id or folder (its timeline.yaml, "
        "else its event log)",
    )
    s.add_argument(
        "--scenario",
        metavar="S",
        help="scenario id or file giving the expected severity, root cause, rollback",
    )
    s.add_argument(
        "--playbook",
        metavar="P",
        help="playbook name or file (default: the scenario's, else default)",
    )
    s.add_argument("--team", metavar="NAME", help="team name (overrides the timeline's)")
    s.add_argument(
        "--out",
        type=checked.out_folder,
        metavar="DIR",
        help="scorecard directory (default: ./scorecards or $GAMEDAY_SCORECARDS)",
    )
    s.add_argument("--no-write", action="store_true", help="only print the score, write no files")
    s.add_argument("--json", action="store_true", help="print the result as JSON")
    s.set_defaults(func=_score, short_lived=True)

    sc = sub.add_parser(
        "scorecard",
        help="list, show, compare scorecards and see trends",
        description="Review scorecards after drills.",
    )
    scs = sc.add_subparsers(dest="scorecard_command", metavar="COMMAND", required=True)

    def common(p: argparse.ArgumentParser, filters: bool = True) -> None:
        if filters:
            p.add_argument(
                "--dir", metavar="DIR", help="scorecard directory (default: ./scorecards)"
            )
            p.add_argument("--team", metavar="T", help="only this team")
            p.add_argument("--scenario", metavar="S", help="only this scenario")
        p.add_argument("--json", action="store_true", help="machine-readable output")

    p = scs.add_parser("list", help="list scorecards", description="List scorecards, oldest first.")
    common(p)
    p.set_defaults(func=_list)
    p = scs.add_parser(
        "show", help="show one scorecard", description="Show one scorecard in the terminal."
    )
    p.add_argument("file", help="scorecard YAML")
    common(p, filters=False)
    p.set_defaults(func=_show)
    p = scs.add_parser(
        "compare",
        help="what improved and what got worse from A to B",
        description="Compare two scorecards per criterion and metric.",
    )
    p.add_argument("a", help="earlier scorecard YAML")
    p.add_argument("b", help="later scorecard YAML")
    common(p, filters=False)
    p.set_defaults(func=_compare)
    p = scs.add_parser(
        "trends",
        help="per team, person and criterion over time",
        description="Trends over all scorecards, with sparklines.",
    )
    common(p)
    p.add_argument(
        "--width",
        type=checked.whole(1, MAX_WIDTH),
        default=24,
        metavar="N",
        help="drills shown in each sparkline (default 24)",
    )
    p.add_argument(
        "--html",
        metavar="FILE",
        help="write a self-contained page with charts of the total and every metric per team "
        "and person, and the criteria each team keeps missing",
    )
    p.set_defaults(func=_trends)

    rv = sub.add_parser(
        "review",
        help="post-incident review: draft it, schedule it",
        description="The blameless review after a drill.",
    )
    rvs = rv.add_subparsers(dest="review_command", metavar="COMMAND", required=True)
    p = rvs.add_parser(
        "draft",
        help="write a review draft (Markdown) from a scorecard",
        description="Write a blameless post-incident review draft from a scorecard.",
    )
    p.add_argument("scorecard", help="scorecard YAML")
    p.add_argument(
        "--out", metavar="FILE", help="output file ('-' for stdout; default: next to the scorecard)"
    )
    p.set_defaults(func=_draft)
    p = rvs.add_parser(
        "export",
        help="the review's action items as Jira issue-create JSON and CSV",
        description="Export the review's action items (owners, due dates, the drill as the "
        "source) as Jira's bulk issue-create JSON and as CSV for Jira's importer; with --post, "
        "create them through Jira's REST API (integrations.jira.url, token from the "
        "environment). Without --jira/--csv/--post both files go next to the scorecard.",
    )
    p.add_argument("scorecard", help="scorecard YAML")
    p.add_argument("--jira", metavar="FILE", help="write the issue-create JSON here")
    p.add_argument("--csv", metavar="FILE", help="write the CSV here")
    p.add_argument("--project", metavar="KEY", help="Jira project key (default: the team file's)")
    p.add_argument("--team", metavar="FILE", help="team file with integrations.jira settings")
    p.add_argument("--post", action="store_true", help="create the issues in Jira")
    p.set_defaults(func=_export)
    p = rvs.add_parser(
        "schedule",
        help="schedule the review; re-scores the scorecard",
        description="Record when the post-incident review happens: in the running drill, "
        "or in a scorecard (default: the newest), which is re-scored.",
    )
    p.add_argument(
        "when", help="ISO time (2026-05-05T14:00, UTC unless a zone is given) or a delay like 24h"
    )
    p.add_argument(
        "--scorecard",
        metavar="FILE",
        help="scorecard to update (default: running drill, else newest)",
    )
    p.add_argument(
        "--dir", metavar="DIR", help="scorecard directory for the newest (default: ./scorecards)"
    )
    p.add_argument("--as", dest="actor", metavar="NAME", help="who schedules it")
    p.set_defaults(func=_schedule)
