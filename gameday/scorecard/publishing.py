"""Publishing scorecards: score a timeline and write ``<date>-<scenario>-<team>`` .yaml/.md/.html.

``publish`` is what ``gameday run`` calls at the end of a drill and what ``gameday score``
calls for any timeline. The YAML is canonical (``scorecard_version: 1``, whole timeline inside),
so a scorecard can be re-scored later, e.g. when the review gets scheduled after the drill.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from gameday import forked
from gameday.clock import Clock, RealClock
from gameday.durations import parse_duration
from gameday.errors import UsageError, ValidationError
from gameday.events import REVIEW, Event
from gameday.forked import Job
from gameday.playbook import Playbook, load_playbook, resolve_playbook_path
from gameday.records import record
from gameday.scorecard import default_dir
from gameday.scorecard.io import (
    Scorecard,
    document,
    find_scorecards,
    read_scorecard,
    scorecard_folder,
    summarize,
    target_path,
    write_page,
    write_yaml,
)
from gameday.scorecard.par import Par
from gameday.scoring import ScoreResult, expectations_for, score
from gameday.timeline import Timeline

if TYPE_CHECKING:  # scoring a timeline does not need the scenario format
    from gameday.scenario.model import Scenario


@record
class Published:
    result: ScoreResult
    yaml: Path
    markdown: Path
    html: Path
    par: dict[str, Par] = field(default_factory=dict)


def _playbook_for(timeline: Timeline, playbook: Playbook | str | Path | None) -> Playbook:
    if isinstance(playbook, Playbook):
        return playbook
    return load_playbook(playbook or timeline.playbook or "default")


def _playbook_ref(pb: Playbook) -> str:
    """The playbook's name when that name finds it again, else its file."""
    try:
        if pb.source and resolve_playbook_path(pb.name).resolve() == Path(pb.source).resolve():
            return pb.name
    except ValidationError:
        pass
    return pb.source or pb.name


PARALLEL_EVENTS = 2_000
"""From this many events the scorecard's pages (Markdown and HTML) are written by a forked child
on the other core (``gameday.forked``), while the caller prints the terminal summary and then
writes the YAML in ``wait``: about equal shares. A third process (the YAML in a child of its
own, as first built) only took turns with these two on two cores: 30 ms slower at 10,000 events.
Below this many events a library caller (tests, a re-score) writes in place; ``gameday score``
in its own process forks at any size (``fork=True``), where the pages' imports then overlap
the summary's."""


@dataclass
class Publishing:
    """A scorecard being written: what it will be (result, par, paths) is known now, the files
    are there after ``wait``."""

    published: Published
    jobs: list[Job] = field(default_factory=list)

    def wait(self) -> Published:
        """Every file written (the first failure raised once every job has ended)."""
        errors: list[BaseException] = []
        for job in self.jobs:
            try:
                job.wait()
            except BaseException as exc:  # raised below, once every job ended
                errors.append(exc)
        self.jobs = []
        if errors:
            raise errors[0]
        return self.published


def start_files(
    path: Path, timeline: Timeline, result: ScoreResult, *, fork: bool | None = None
) -> Publishing:
    """Start writing the scorecard's YAML, Markdown and HTML; ``fork``: the pages in a forked
    child, the YAML in ``wait`` (default: when the timeline has ``PARALLEL_EVENTS`` events), where
    ``gameday.forked`` can; otherwise all three now, in order."""
    from gameday.scorecard.par import par_for

    # the team's par from the drills already in this directory (before this one)
    par = par_for(
        path.parent,
        team=timeline.team,
        scenario=timeline.scenario,
        before=timeline.started.isoformat(),
        drill=timeline.drill,
    )
    md, html = path.with_suffix(".md"), path.with_suffix(".html")
    out = Publishing(Published(result, path, md, html, par))
    scorecard_folder(path)  # before any job: each writes into it

    def yaml_file() -> None:
        write_yaml(path, document(timeline, result, par))

    def pages() -> None:
        from gameday.scorecard.html import render_html
        from gameday.scorecard.markdown import render_markdown
        from gameday.scorecard.view import from_card

        card = Scorecard(path, summarize(timeline, result), result.to_dict(), timeline, par)
        view = from_card(card)  # one view model (every event described once) for both
        write_page(md, render_markdown(card, view))
        write_page(html, render_html(card, view))

    wanted = len(timeline.events) >= PARALLEL_EVENTS if fork is None else fork
    if wanted and forked.can_fork():
        written = forked.start(pages)
        out.jobs = [forked.later(yaml_file), written]  # the YAML here, then the child's end
    else:  # in order: no pages for a scorecard whose YAML could not be written
        yaml_file()
        pages()
    return out


def write_files(path: Path, timeline: Timeline, result: ScoreResult) -> Published:
    """Write the scorecard's three files and return when they are all there."""
    return start_files(path, timeline, result).wait()


def start_publish(
    timeline: Timeline,
    scenario: Scenario | None = None,
    playbook: Playbook | str | Path | None = None,
    out_dir: str | Path | None = None,
    *,
    fork: bool | None = None,
) -> Publishing:
    """Score ``timeline`` and start writing its scorecard files (expectations travel inside the
    YAML); the caller may show the result while they are written, then ``wait``."""
    pb = _playbook_for(timeline, playbook or (scenario.playbook if scenario else None))
    expected = expectations_for(timeline, scenario)
    kept = replace(timeline, expectations=expected, playbook=_playbook_ref(pb))
    result = score(kept, expected, pb)
    path = target_path(Path(out_dir) if out_dir else default_dir(), kept)
    return start_files(path, kept, result, fork=fork)


def publish(
    timeline: Timeline,
    scenario: Scenario | None = None,
    playbook: Playbook | str | Path | None = None,
    out_dir: str | Path | None = None,
) -> Published:
    """Score ``timeline`` and write its scorecard files."""
    return start_publish(timeline, scenario, playbook, out_dir).wait()


def rescore(card: Scorecard, timeline: Timeline | None = None) -> Published:
    """Re-score a scorecard (optionally with a changed timeline) and rewrite its files in place."""
    if card.path is None:
        raise UsageError("this scorecard has no file to rewrite")
    tl = timeline or card.timeline
    try:
        pb = _playbook_for(tl, None)
    except ValidationError:
        pb = load_playbook(str(card.result.get("playbook") or "default"))
    result = score(tl, tl.expectations, pb)
    return write_files(card.path, tl, result)


def parse_when(text: str, clock: Clock) -> datetime:
    """ISO time (``2026-05-05T14:00``; UTC when no zone) or ``+24h`` / ``24h`` from now."""
    raw = text.strip()
    try:
        return clock.now() + timedelta(seconds=parse_duration(raw.lstrip("+")))
    except ValueError:
        pass
    try:
        when = datetime.fromisoformat(raw)
    except ValueError:
        raise UsageError(
            f"WHEN {text!r} is neither a time like 2026-05-05T14:00 nor a delay like 24h"
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def newest_scorecard(directory: Path) -> Path:
    cards = find_scorecards(directory)
    if not cards:
        raise UsageError(f"no scorecards in {directory}/; pass --scorecard FILE")
    return max(cards, key=lambda p: (p.stat().st_mtime_ns, p.name))


def schedule_review(
    path: Path, when: datetime, actor: str, clock: Clock | None = None
) -> Published:
    """Append an ``action.review`` to the scorecard's timeline, re-score and rewrite it."""
    clock = clock or RealClock()
    card = read_scorecard(path)
    tl = card.timeline
    now = clock.now()
    last_t = tl.events[-1].t if tl.events else 0.0
    t = max((now - tl.started).total_seconds(), last_t)
    event = Event(
        id=tl.next_id(),
        t=t,
        wall=now,
        actor=actor,
        kind=REVIEW,
        data={"when": when.astimezone(UTC).isoformat()},
    )
    return rescore(card, tl.with_events([*tl.events, event]))


def write_scorecards(
    result: ScoreResult, timeline: Timeline, out_dir: str | Path | None = None
) -> list[Path]:
    """For the drill runner: write an already computed result; returns the three paths."""
    path = target_path(Path(out_dir) if out_dir else default_dir(), timeline)
    out = write_files(path, timeline, result)
    return [out.yaml, out.markdown, out.html]
