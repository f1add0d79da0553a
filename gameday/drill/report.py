"""After the drill: the timeline on disk, a plain timing summary, and the scorecard.

The timeline and summary are written first and never depend on scoring, so a scoring bug (or
a playbook error) can not lose the record of a drill; scoring runs the same code
``gameday score`` runs on the exported timeline. ``write_record`` needs no live runner, so a
drill whose runner died is finished with the very same files.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gameday import events as ev
from gameday.durations import format_duration
from gameday.errors import GamedayError, StateError

if TYPE_CHECKING:
    from gameday.drill.locate import Drill
    from gameday.incident.fold import RoleKey
    from gameday.playbook import Playbook
    from gameday.scenario.model import Scenario
    from gameday.timeline import Timeline


def timings(events: list[ev.Event], *, role_key: RoleKey | None = None) -> dict[str, Any]:
    """The drill's summary from the incident fold: phase, milestones, metrics, impact, counts.

    The same numbers as the scorecard (one fold, one definition per metric); counts are of the
    whole drill. ``role_key`` is the playbook's role-name reading (default: the built-in one).
    """
    from gameday.incident import Incident, summary

    inc = Incident.replay(events, role_key=role_key or ev.role_key)
    ended = inc.drill_end
    return {
        **summary(inc),
        "duration_s": ended.t if ended is not None else None,
        "pages": len(inc.all(ev.PAGE_SENT)),
        "escalations": len(inc.all(ev.PAGE_ESCALATED)),
        "alerts": len(inc.real_alerts),
        "actions": sum(1 for e in inc.events if e.kind.startswith("action.")),
        "premature_resolves": len(inc.premature_resolves),
    }


def headline(drill_id: str, reason: str) -> str:
    """The first line of every drill summary; a drill stopped for a real incident reads so."""
    if reason == ev.REAL_INCIDENT:
        return (
            f"drill {drill_id} STOPPED FOR A REAL INCIDENT: the responders were needed; "
            "scored up to that moment, not counted in par or trends"
        )
    if reason == "abort":
        return f"drill {drill_id} aborted (no scorecard)"
    return f"drill {drill_id} ended: {reason}"


def summary_lines(t: dict[str, Any]) -> list[str]:
    """The metrics as the scorecard names and defines them, then customer impact and counts."""
    from gameday.incident import METRICS, cost_line, fix_line, impact_line, load_line

    values = t.get("metrics") or {}
    width = max(len(m.label) for m in METRICS)
    lines = [
        f"{m.label:<{width}}  {format_duration(values.get(m.name)):>8}   {m.definition}"
        for m in METRICS
    ]
    lines.append(impact_line(t.get("impact")))
    lines.append(cost_line(t.get("cost")))
    lines.append(load_line(t.get("load")))
    lines.append(fix_line(t.get("fix")))
    lines.append(
        f"pages {t.get('pages', 0)}, escalations {t.get('escalations', 0)}, "
        f"alerts {t.get('alerts', 0)}, actions {t.get('actions', 0)}, "
        f"premature resolves {t.get('premature_resolves', 0)}"
    )
    return lines


@dataclass
class DrillRecord:
    """What ending a drill wrote: the summary (also ``summary.json``) and every file's path."""

    summary: dict[str, Any] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)


def write_record(
    drill: Drill,
    events: list[ev.Event],
    *,
    reason: str,
    scenario: Scenario,
    playbook: Playbook | None,
    team: str,
    score: bool = True,
    out_dir: str | Path | None = None,
    say: Callable[[str], None] = print,
) -> DrillRecord:
    """Write a finished drill's record: ``summary.json``/``.txt``, ``timeline.yaml``, and (unless
    ``score`` is off or the drill was aborted) its scorecard, in ``out_dir`` (default:
    ``gameday.scorecard.default_dir()``). A drill stopped for a real incident is scored up to
    that moment; its scorecard says so and par and trends leave it out.

    The one path for every way a drill ends: the runner's own finish and ``gameday end`` on a
    drill whose runner died, so both leave exactly the same files behind.
    """
    record = DrillRecord()
    pb = _playbook(scenario, playbook)
    t = timings(events, role_key=pb.role_key if pb is not None else None)
    record.summary = {"reason": reason, **t}
    d = drill.dir
    (d / "summary.json").write_text(json.dumps(record.summary, indent=2) + "\n")
    lines = [headline(drill.id, reason), *summary_lines(t)]
    (d / "summary.txt").write_text("\n".join(lines) + "\n")
    record.outputs.append(str(d / "summary.txt"))
    from gameday.timeline import write_timeline

    timeline = drill_timeline(drill.id, events, scenario=scenario, team=team, playbook=pb)
    try:
        record.outputs.append(str(write_timeline(timeline, d / "timeline.yaml")))
    except Exception as exc:
        say(f"gameday: could not write the timeline: {exc}")
    if score and reason != "abort":
        _score(record, timeline, scenario, pb, say, out_dir)
    return record


def drill_timeline(
    drill_id: str,
    events: list[ev.Event],
    *,
    scenario: Scenario,
    team: str,
    playbook: Playbook | None,
) -> Timeline:
    """A drill's log as the timeline its record holds: header, the scenario's expectations and
    the playbook it is scored with (``timeline.yaml``, what ``gameday score`` reads)."""
    from gameday.timeline import Expectations, Timeline

    return Timeline.from_events(
        events,
        drill=drill_id,
        scenario=scenario.id,
        team=team,
        expectations=Expectations.from_scenario(scenario),
        playbook=_playbook_ref(playbook),
    )


def timeline_of(ref: str) -> Timeline:
    """The timeline of a drill named by id or folder, for ``gameday score``: its
    ``timeline.yaml`` once the drill has ended, else (still running, or ended by a runner that
    died before writing it) its log read now, with the scenario's expectations."""
    from gameday.drill.locate import open_drill
    from gameday.playbook import load_playbook
    from gameday.scenario.loader import load_scenario
    from gameday.timeline import load_timeline

    drill = open_drill(ref)
    written = drill.dir / "timeline.yaml"
    if written.is_file():
        return load_timeline(written, check_references=False)
    meta = drill.meta()
    if not meta.scenario_path:  # a hand-made or damaged drill.json: name it, not "" (issue 8)
        drill.close()
        raise StateError(
            f"{drill.meta_path}: scenario_path is empty; the drill's log cannot be scored "
            "without its scenario",
            hint="score its exported timeline instead, or fix scenario_path in drill.json",
        )
    try:
        scenario = load_scenario(meta.scenario_path)
    except GamedayError as exc:
        drill.close()
        raise StateError(
            f"drill {drill.id}: its scenario cannot be read: {exc}", hint=exc.hint
        ) from None
    options = meta.extra.get("options") or {}
    pb = None
    try:
        pb = load_playbook(options.get("playbook") or scenario.playbook or "default")
    except GamedayError:
        pass  # scored with the default below; ``score --playbook`` picks another
    try:
        return drill_timeline(
            drill.id, drill.log().events(), scenario=scenario, team=meta.team, playbook=pb
        )
    finally:
        drill.close()


def _playbook_ref(pb: Playbook | None) -> str | None:
    """How the timeline names its playbook so ``gameday score`` finds it again: the name when
    the name finds that file, else the file (a drill run with ``--playbook path/fast.yaml``)."""
    if pb is None:
        return None
    from gameday.errors import ValidationError
    from gameday.playbook import resolve_playbook_path

    try:
        if pb.source and resolve_playbook_path(pb.name).resolve() == Path(pb.source).resolve():
            return pb.name
    except ValidationError:
        pass
    return str(Path(pb.source).resolve()) if pb.source else pb.name


def _playbook(scenario: Scenario, playbook: Playbook | None) -> Playbook | None:
    """The playbook the drill is scored with (None when it cannot be loaded: the summary
    still gets written, and scoring says why it failed)."""
    if playbook is not None:
        return playbook
    from gameday.playbook import load_playbook

    try:
        return load_playbook(scenario.playbook or "default")
    except Exception:
        return None


def _score(
    record: DrillRecord,
    timeline: Timeline,
    scenario: Scenario,
    playbook: Playbook | None,
    say: Callable[[str], None],
    out_dir: str | Path | None = None,
) -> None:
    from gameday.playbook import load_playbook
    from gameday.scorecard import write_scorecards
    from gameday.scoring import score

    try:  # no playbook here means it failed to load: load again for the error message
        pb = playbook if playbook is not None else load_playbook(scenario.playbook or "default")
        scored = score(timeline, scenario, pb)
    except Exception as exc:  # the drill record is safe on disk; say why there is no score
        say(f"gameday: scoring failed: {exc}")
        return
    record.summary["score"] = scored.total
    try:
        record.outputs += [str(p) for p in write_scorecards(scored, timeline, out_dir)]
    except Exception as exc:
        say(f"gameday: could not write the scorecard: {exc}")
