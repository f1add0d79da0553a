"""``gameday scorecard trends --html FILE``: the trends as a page to look at, not a table to read.

Line charts of the total and of every response metric (time to acknowledge, declare, first
status, mitigate, resolve) over time, per team and per person (the drills each person took part
in), each point a drill with its date, scenario and value on hover; and, per team, the criteria
it keeps missing as bars (share of its drills where each was missed or late). Par is drawn on
the metric charts when one team is shown: the line a team tries to beat.

One self-contained file like the scorecards: inline CSS and SVG, no scripts, nothing fetched.
Geometry is computed here (plain data, tested), drawn by the scorecards' ``trends.html.j2``
(autoescaped: team and person names are text someone typed). Numbers come from scorecard
summaries (the incident fold's, written at scoring time); drills stopped for a real incident are
left out, as for par.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from gameday import events as ev
from gameday.durations import format_duration as fd
from gameday.incident import BY_NAME
from gameday.records import record
from gameday.schedule.history import Drill, from_summaries, miss_rates
from gameday.scorecard.par import counts

METRICS = (
    "time_to_acknowledge",
    "time_to_declare",
    "time_to_first_status",
    "time_to_mitigate",
    "time_to_resolve",
)
PALETTE = (
    "#277da1", "#d62839", "#2a9d8f", "#e9a23b", "#6c4ab6",
    "#f3722c", "#43aa8b", "#9c6644", "#c05299", "#577590",
)  # fmt: skip
W, H = 560, 240
LEFT, RIGHT, TOP, BOTTOM = 64, 16, 16, 40


@record
class Point:
    x: float
    y: float
    tip: str  # hover text: who, value, date, scenario (and the role a person held)


@record
class Line:
    name: str
    color: str
    points: tuple[Point, ...]

    @property
    def path(self) -> str:
        return " ".join(
            f"{'M' if i == 0 else 'L'}{p.x:.1f},{p.y:.1f}" for i, p in enumerate(self.points)
        )


@record
class Tick:
    pos: float
    label: str
    anchor: str = "middle"  # the first and last date labels stay inside the chart


@record
class Box:
    width: int
    height: int
    left: int
    right: int  # x of the right edge of the plot
    top: int
    bottom: int  # y of the x axis


BIG = Box(W, H, LEFT, W - RIGHT, TOP, H - BOTTOM)
SMALL = Box(150, 46, 4, 146, 6, 40)


@record
class Chart:
    """One line chart laid out in ``box``."""

    id: str
    title: str
    subtitle: str  # what the metric measures, from METRICS' definitions
    lines: tuple[Line, ...]
    yticks: tuple[Tick, ...]
    xticks: tuple[Tick, ...]
    box: Box = BIG
    par: tuple[float, str] | None = None  # (y, label) of the par line
    empty: str = ""  # why there is nothing to draw
    first: str = ""  # the first and latest values, for a small chart's caption
    last: str = ""


@record
class Bar:
    criterion: str
    share: float  # 0..1
    label: str  # "missed or late in 4 of 5 drills"


@record
class TeamMisses:
    team: str
    bars: tuple[Bar, ...]


@record
class PersonRow:
    """One person: their drills' total and times as small charts, and the roles they held."""

    name: str
    teams: str
    drills: int
    roles: str  # "Incident Commander 2x · Technical Lead 1x"
    charts: tuple[Chart, ...]


@record
class TrendsPage:
    title: str
    generated: str
    drills: int
    left_out: int  # drills stopped for a real incident
    teams: tuple[str, ...]
    team_charts: tuple[Chart, ...]
    misses: tuple[TeamMisses, ...]
    people: tuple[PersonRow, ...]
    columns: tuple[str, ...]  # the people table's chart columns
    legend_teams: tuple[tuple[str, str], ...]


NICE = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200)


def nice_axis(top: float) -> float:
    """The y axis' top for times up to ``top``: four steps of a round duration."""
    step = next((n for n in NICE if n * 4 >= top), None)
    return float(step * 4) if step is not None else float(top * 1.1)


def _chart(
    cid: str,
    title: str,
    subtitle: str,
    series: Sequence[tuple[str, str, Sequence[tuple[Drill, float | None, str]]]],
    *,
    score: bool,
    par: float | None = None,
    box: Box = BIG,
) -> Chart:
    """Lay out ``series`` (name, colour, [(drill, value, note)]) on one time axis."""
    values = [v for _, _, pts in series for _, v, _ in pts if v is not None]
    stamps = [r.started.timestamp() for _, _, pts in series for r, v, _ in pts if v is not None]
    if not values:
        return Chart(cid, title, subtitle, (), (), (), box, empty="not measured in any drill")
    lo_t, hi_t = min(stamps), max(stamps)
    ymax = 100.0 if score else nice_axis(max([*values, par or 0.0]))
    pad = 8 if box is BIG else 4

    def x(t: float) -> float:
        if hi_t == lo_t:
            return (box.left + box.right) / 2
        return box.left + pad + (box.right - box.left - 2 * pad) * (t - lo_t) / (hi_t - lo_t)

    def y(v: float) -> float:
        return box.bottom - (box.bottom - box.top) * min(v, ymax) / ymax

    def shown(v: float) -> str:
        return f"{v:g}/100" if score else fd(v)

    lines = []
    for name, color, pts in series:
        points = tuple(
            Point(
                round(x(r.started.timestamp()), 1),
                round(y(v), 1),
                f"{name}{note}: {shown(v)} · {r.started:%Y-%m-%d} · {r.scenario}",
            )
            for r, v, note in pts
            if v is not None
        )
        if points:
            lines.append(Line(name, color, points))
    yticks = tuple(
        Tick(round(y(ymax * i / 4), 1), f"{ymax * i / 4:g}" if score else fd(ymax * i / 4))
        for i in range(5)
    )

    def day(t: float) -> str:
        return datetime.fromtimestamp(t, UTC).strftime("%Y-%m-%d")

    if hi_t == lo_t:
        xticks: tuple[Tick, ...] = (Tick(round(x(lo_t), 1), day(lo_t)),)
    else:
        xticks = tuple(
            Tick(
                round(x(lo_t + (hi_t - lo_t) * i / 3), 1),
                day(lo_t + (hi_t - lo_t) * i / 3),
                "start" if i == 0 else "end" if i == 3 else "middle",
            )
            for i in range(4)
        )
    par_line = (round(y(par), 1), f"par {fd(par)}") if par is not None else None
    first = shown(values[0]) if len(values) > 1 else ""
    last = shown(values[-1])
    return Chart(cid, title, subtitle, tuple(lines), yticks, xticks, box, par_line, "", first, last)


def _colors(names: Sequence[str]) -> dict[str, str]:
    return {n: PALETTE[i % len(PALETTE)] for i, n in enumerate(names)}


def _title(metric: str) -> str:
    label = BY_NAME[metric].label
    return label[0].upper() + label[1:]


def _team_charts(by_team: dict[str, list[Drill]], colors: dict[str, str]) -> list[Chart]:
    out = [
        _chart(
            "team-total",
            "Total score",
            "out of 100, after not-applicable criteria are left out (higher is better)",
            [(t, colors[t], [(r, r.total, "") for r in rs]) for t, rs in by_team.items()],
            score=True,
        )
    ]
    for m in METRICS:
        par = None
        if len(by_team) == 1:  # one team: draw its par, the line it tries to beat
            nums = [v for rs in by_team.values() for r in rs if (v := r.metrics.get(m)) is not None]
            par = statistics.median(nums) if nums else None
        out.append(
            _chart(
                f"team-{m}",
                _title(m),
                f"{BY_NAME[m].definition} (lower is better)",
                [
                    (t, colors[t], [(r, r.metrics.get(m), "") for r in rs])
                    for t, rs in by_team.items()
                ],
                score=False,
                par=par,
            )
        )
    return out


SHORT_ROLE = {"ic": "IC", "tech": "TL", "comms": "CL"}


def _person_row(name: str, rows: list[Drill]) -> PersonRow:
    color = "#277da1"

    def note(r: Drill) -> str:
        held = "/".join(SHORT_ROLE.get(x, x) for x in r.people.get(name, ()))
        return f" ({held})" if held else ""

    charts = [
        _chart(
            f"person-{name}-total",
            "Total",
            "",
            [(name, color, [(r, r.total, note(r)) for r in rows])],
            score=True,
            box=SMALL,
        )
    ]
    for m in METRICS:
        pts = [(r, r.metrics.get(m), note(r)) for r in rows]
        chart = _chart(
            f"person-{name}-{m}", _title(m), "", [(name, color, pts)], score=False, box=SMALL
        )
        charts.append(chart)
    counted: dict[str, int] = {}
    for r in rows:
        for role in r.people.get(name, ()):
            counted[role] = counted.get(role, 0) + 1
    order = {r: i for i, r in enumerate(ev.ROLES)}
    roles = " · ".join(
        f"{ev.ROLE_TITLES.get(k, k)} {n}x"
        for k, n in sorted(counted.items(), key=lambda kv: (order.get(kv[0], 9), kv[0]))
    )
    teams = ", ".join(sorted({r.team for r in rows}))
    return PersonRow(name, teams, len(rows), roles or "no role held", tuple(charts))


def build_page(
    summaries: Iterable[dict[str, Any]], *, title: str, generated: str, max_people: int = 40
) -> TrendsPage:
    summaries = list(summaries)
    rows = from_summaries(summaries)
    left_out = sum(1 for s in summaries if not counts(s))
    teams = sorted({r.team for r in rows})
    team_color = _colors(teams)
    by_team = {t: [r for r in rows if r.team == t] for t in teams}
    seen: dict[str, int] = {}
    for r in rows:
        for p in r.people:
            seen[p] = seen.get(p, 0) + 1
    people = sorted(seen, key=lambda p: (-seen[p], p.casefold()))[:max_people]
    misses = []
    for t, rs in by_team.items():
        bars = tuple(
            Bar(
                c,
                share,
                f"missed or late in {round(share * n)} of {n} drill{'s' if n != 1 else ''}",
            )
            for c, share, n in miss_rates(rs)
            if share > 0
        )
        misses.append(TeamMisses(t, bars))
    return TrendsPage(
        title=title,
        generated=generated,
        drills=len(rows),
        left_out=left_out,
        teams=tuple(teams),
        team_charts=tuple(_team_charts(by_team, team_color)),
        misses=tuple(misses),
        people=tuple(
            _person_row(p, [r for r in rows if p in r.people])
            for p in sorted(people, key=str.casefold)
        ),
        columns=("Total", *(_title(m) for m in METRICS)),
        legend_teams=tuple(team_color.items()),
    )


def render_page(page: TrendsPage) -> str:
    from gameday.templating import render

    return render("scorecard/templates", "trends.html.j2", p=page)


def write_trends_html(
    directory: str | Path,
    out: str | Path,
    *,
    team: str | None = None,
    scenario: str | None = None,
    now: datetime,
    on_skip: Any = None,
) -> TrendsPage:
    """Read the scorecards, write the page; returns what it drew."""
    from gameday.errors import ValidationError
    from gameday.scorecard.query import load_summaries

    rows = [
        s
        for _, s in load_summaries(directory, on_skip=on_skip)
        if (not team or s.get("team") == team) and (not scenario or s.get("scenario") == scenario)
    ]
    what = " · ".join(x for x in (f"team {team}" if team else "", scenario or "") if x)
    page = build_page(
        rows,
        title=f"Game Day trends{': ' + what if what else ''}",
        generated=f"{now:%Y-%m-%d %H:%M} UTC",
    )
    try:
        Path(out).write_text(render_page(page), encoding="utf-8")
    except OSError as exc:
        raise ValidationError(f"cannot write: {exc.strerror}", file=str(out)) from None
    return page
