"""The canonical scorecard file: versioned YAML with the whole timeline inside.

Layout (``scorecard_version: 1``): line 1 is the version, line 2 is ``summary:`` written as a
one-line JSON flow mapping (valid YAML), then the full result and the timeline. ``list`` and
``trends`` read only those two lines (``read_summary``), which keeps 10,000 scorecards fast;
``read_scorecard`` parses the whole file through ``gameday.yamlsrc``.
"""

from __future__ import annotations

import json
import re
from dataclasses import field, replace
from pathlib import Path
from typing import Any, cast

from gameday import __version__
from gameday import events as ev
from gameday.errors import ValidationError
from gameday.formats.core import short
from gameday.formats.load import FormatInvalid, read_source
from gameday.records import record
from gameday.scorecard.par import Par, read_par
from gameday.scoring.model import ScoreResult
from gameday.timeline import MAX_BYTES, Timeline, TimelineEnv
from gameday.yamlsrc import format_path, load_file, read_head

SCORECARD_VERSION = 1
_SAFE = re.compile(r"[^A-Za-z0-9_.-]+")


@record
class Scorecard:
    path: Path | None
    summary: dict[str, Any]
    result: dict[str, Any]  # ScoreResult.to_dict()
    timeline: Timeline
    par: dict[str, Par] = field(default_factory=dict)  # the team's par per metric, when known

    @property
    def total(self) -> float:
        return float(self.summary["total"])


def end_reason(timeline: Timeline) -> str | None:
    """Why the drill ended (``drill.ended``'s reason), None for a timeline that does not say."""
    for e in timeline.events:
        if e.kind == ev.DRILL_ENDED:
            reason = e.data.get("reason")
            return str(reason) if isinstance(reason, str) and reason else None
    return None


def summarize(timeline: Timeline, result: ScoreResult) -> dict[str, Any]:
    """The small part list/trends need: who, when, what, and every criterion's verdict."""
    out: dict[str, Any] = {
        "drill": timeline.drill,
        "scenario": timeline.scenario,
        "team": timeline.team,
        "date": f"{timeline.started:%Y-%m-%d}",
        "started": timeline.started.isoformat(),
        "playbook": result.playbook,
        "total": result.total,
        "criteria": {
            c.name: [c.state, c.points, c.weight] for c in result.criteria
        },  # [state, points, weight]
        "metrics": dict(result.metrics),
        "first_missed": result.first_missed_step["criterion"] if result.first_missed_step else None,
        "people": {
            name: {"actions": p["actions"], "roles": p["roles"]}
            for name, p in result.people.items()
        },
    }
    reason = end_reason(timeline)
    if reason is not None:
        out["end_reason"] = reason
    if result.cost is not None:
        out["failures_per_minute"] = result.cost.get("per_minute")
    return out


def document(
    timeline: Timeline, result: ScoreResult, par: dict[str, Par] | None = None
) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "scorecard_version": SCORECARD_VERSION,
        "summary": summarize(timeline, result),
        "generated_by": f"gameday {__version__}",
        "drill": timeline.drill,
        "scenario": timeline.scenario,
        "title": timeline.title,
        "team": timeline.team,
        "started": timeline.started.isoformat(),
        "result": result.to_dict(),
    }
    if par:
        doc["par"] = {name: p.to_dict() for name, p in par.items()}
    doc["timeline"] = timeline.to_dict()
    return doc


def dumps(doc: dict[str, Any]) -> str:
    """The scorecard's text; the timeline's events one line each (``gameday.yamlout``)."""
    from gameday import yamlout

    head = f"scorecard_version: {doc['scorecard_version']}\nsummary: " + json.dumps(
        doc["summary"], ensure_ascii=False, separators=(", ", ": "), allow_nan=False
    )
    rest = {k: v for k, v in doc.items() if k not in ("scorecard_version", "summary")}
    return head + "\n" + yamlout.dumps(rest)


def file_stem(timeline: Timeline) -> str:
    def safe(s: str) -> str:
        return _SAFE.sub("-", s).strip("-") or "x"

    return f"{timeline.started:%Y-%m-%d}-{safe(timeline.scenario)}-{safe(timeline.team)}"


def target_path(out_dir: Path, timeline: Timeline) -> Path:
    """``<date>-<scenario>-<team>.yaml``; a second drill that day gets ``-2``, ``-3``...

    Re-scoring the same drill (same drill id) overwrites its own file.
    """
    stem = file_stem(timeline)
    n = 1
    while True:
        p = out_dir / (f"{stem}.yaml" if n == 1 else f"{stem}-{n}.yaml")
        if not p.exists():
            return p
        try:
            if read_summary(p).get("drill") == timeline.drill:
                return p
        except ValidationError:
            pass
        n += 1


def _unwritable(path: Path, exc: OSError) -> ValidationError:
    return ValidationError(f"cannot write scorecard: {exc.strerror}", file=str(path))


def scorecard_folder(path: Path) -> None:
    """The folder of scorecard ``path``, made if missing (before anything writes into it)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _unwritable(path, exc) from None


def write_yaml(path: Path, doc: dict[str, Any]) -> Path:
    """Write a scorecard ``document`` (built once by the caller, who also needs its parts)."""
    text = dumps(doc)
    scorecard_folder(path)
    try:
        tmp = path.with_suffix(".yaml.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise _unwritable(path, exc) from None
    return path


def write_page(path: Path, text: str) -> None:
    """Write a scorecard's Markdown or HTML page; a failure names that page."""
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise _unwritable(path, exc) from None


HEAD_BYTES = 1 << 20  # the summary line of a scorecard with hundreds of people fits


def read_summary(path: str | Path) -> dict[str, Any]:
    """Only the summary line (checked as ``format.Summary``); falls back to a full parse for
    hand-edited files. Every problem is a ``ValidationError`` naming the file and line."""
    p = Path(path)
    head = read_head(p, HEAD_BYTES)
    first, _, rest = head.partition(b"\n")
    second, newline, _ = rest.partition(b"\n")
    if (
        newline
        and first.strip() == f"scorecard_version: {SCORECARD_VERSION}".encode()
        and second.startswith(b"summary: {")
    ):
        try:
            out = json.loads(second[len(b"summary: ") :].decode("utf-8"), parse_constant=_refuse)
        except (ValueError, UnicodeDecodeError):
            out = None
        if isinstance(out, dict):
            from gameday.scorecard.format import Summary, problems  # reading only: not on writes

            issues = problems(Summary, out, ("summary",))
            if issues:
                where, message = issues[0]
                raise ValidationError(message, file=str(p), line=2, key=format_path(where))
            return out
    return read_scorecard(p).summary


def _refuse(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def read_scorecard(path: str | Path) -> Scorecard:
    """The whole scorecard, read as ``format.ScorecardFile``: every problem names its line."""
    src = load_file(path, max_bytes=MAX_BYTES)
    data = src.data
    if not isinstance(data, dict) or "scorecard_version" not in data:
        raise src.error((), "not a gameday scorecard (no scorecard_version)")
    version = data["scorecard_version"]
    if version.__class__ is not int or version != SCORECARD_VERSION:
        raise src.error(
            ("scorecard_version",),
            f"unsupported version {short(version)} (this gameday reads {SCORECARD_VERSION})",
        )
    for key in ("summary", "result", "timeline"):
        if not isinstance(data.get(key), dict):
            raise src.error((key,) if key in data else (), f"missing or malformed {key!r}")
    from gameday.scorecard.format import ScorecardFile

    try:
        doc = read_source(ScorecardFile, src, TimelineEnv(check_references=False))
    except FormatInvalid as exc:  # one line; the rest would be more of the same
        raise ValidationError(exc.reason, file=exc.file, line=exc.line, key=exc.key) from None
    timeline = replace(cast(Timeline, doc.timeline), source=src.file)
    par = read_par(data.get("par"))
    return Scorecard(Path(path), data["summary"], data["result"], timeline, par)


def find_scorecards(directory: str | Path) -> list[Path]:
    d = Path(directory)
    if not d.is_dir():
        return []
    return sorted(p for p in d.glob("*.yaml") if p.is_file())
