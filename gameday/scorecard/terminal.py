"""Rich renderables for the terminal views (rich is imported inside, never at module level)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gameday.durations import format_duration as fd

if TYPE_CHECKING:  # the view model is imported by ``show`` only: list and trends stay light
    from gameday.scorecard.par import Par
    from gameday.scorecard.view import CriterionRow

STYLE = {"met": "green", "late": "yellow", "missed": "red", "not_applicable": "dim"}
CHANGE = {
    "improved": "green",
    "worse": "red",
    "same": "dim",
    "n/a": "dim",
    "new": "cyan",
    "gone": "cyan",
}


def _state(c: CriterionRow) -> str:
    style = "magenta" if c.pending else STYLE.get(c.state, "white")
    return f"[{style}]{c.state_label}[/]"


def show(
    result: dict[str, Any],
    header: dict[str, Any],
    timeline: Any = None,
    par: dict[str, Par] | None = None,
) -> list[Any]:
    """The scorecard in the terminal, from the view model the Markdown and HTML use."""
    from rich.markup import escape
    from rich.panel import Panel
    from rich.table import Table

    from gameday.scorecard.view import build

    v = build(result, header, timeline, par, events=False)  # it lists no events
    color = "green" if v.total >= 80 else "yellow" if v.total >= 50 else "red"
    lines = [f"[bold magenta]{escape(v.banner)}[/]"] if v.banner else []
    lines += [
        f"[bold]{escape(v.title)}[/]  team [bold]{escape(v.team)}[/]  {v.started}",
        f"score [bold {color}]{v.total:g}[/] / 100    playbook {escape(v.playbook)}",
        f"first step missed: [red]{escape(v.first_missed[0])}[/]"
        if v.first_missed
        else "first step missed: none",
    ]
    if v.first_monitor:
        lines.append(
            f"monitor that failed first: {escape(v.first_monitor[0])} at {v.first_monitor[1]}"
        )
    if v.impact:
        lines.append(escape(v.impact_line))
    lines.append(escape(v.cost_line))
    if v.load:
        lines.append(escape(v.load_line))
    lines.append(escape(v.fix_line))
    lines += [escape(n) for n in v.notes]  # e.g. what the facilitator's hints cost
    crit = Table(title="criteria", expand=True)
    for col in ("criterion", "state", "points", "why"):
        crit.add_column(
            col, justify="right" if col == "points" else "left", ratio=3 if col == "why" else None
        )
    for c in v.criteria:
        crit.add_row(escape(c.title), _state(c), c.points, escape(c.explanation))
    met = Table(title="metrics")
    met.add_column("metric")
    met.add_column("value", justify="right")
    met.add_column("your par", justify="right")
    met.add_column("measured", style="dim")
    for m in v.metrics:
        met.add_row(m.label, m.shown, f"{m.par} ({m.vs_par})" if m.par else "-", m.definition)
    ppl = Table(title="people")
    for col in ("person", "roles", "actions"):
        ppl.add_column(col)
    for p in v.people:
        ppl.add_row(escape(p.name), escape(p.roles), str(p.actions))
    return [Panel("\n".join(lines), title="scorecard"), crit, met, ppl]


def listing(rows: list[dict[str, Any]]) -> Any:
    from rich.table import Table

    t = Table(title=f"{len(rows)} scorecards")
    for col in ("date", "scenario", "team", "score", "first missed", "file"):
        t.add_column(col, justify="right" if col == "score" else "left")
    for r in rows:
        t.add_row(
            r["date"],
            r["scenario"],
            r["team"],
            f"{r['total']:g}",
            r["first_missed"] or "-",
            r["file"],
        )
    return t


def comparison(cmp: dict[str, Any]) -> list[Any]:
    from rich.table import Table

    a, b = cmp["a"], cmp["b"]
    tot = cmp["total"]
    head = (
        f"A {a['file']} ({a['total']:g})  ->  B {b['file']} ({b['total']:g}): "
        f"[{CHANGE[tot['change']]}]{tot['change']}[/]"
    )
    ct = Table(title="criteria")
    for col in ("criterion", "A", "B", "change"):
        ct.add_column(col)
    for c in cmp["criteria"]:

        def cell(x: dict[str, Any] | None) -> str:
            return "-" if x is None else f"{x['state']} {x['points']:g}"

        ct.add_row(
            c["criterion"], cell(c["a"]), cell(c["b"]), f"[{CHANGE[c['change']]}]{c['change']}[/]"
        )
    mt = Table(title="metrics (lower is better)")
    for col in ("metric", "A", "B", "change"):
        mt.add_column(col)
    for m in cmp["metrics"]:
        mt.add_row(
            m["metric"].replace("_", " "),
            fd(m["a"]),
            fd(m["b"]),
            f"[{CHANGE[m['change']]}]{m['change']}[/]",
        )
    return [head, ct, mt]


def trend_tables(tr: dict[str, Any]) -> list[Any]:
    from rich.table import Table

    def table(title: str, rows: dict[str, Any], extra: tuple[str, ...] = ()) -> Any:
        t = Table(title=title)
        for col in ("name", "n", "first", "last", "mean", "trend (0-100, newest right)", *extra):
            t.add_column(
                col, justify="left" if col in ("name", "trend (0-100, newest right)") else "right"
            )
        for name, s in rows.items():
            cells = [
                name,
                str(s["count"]),
                f"{s['first']:g}",
                f"{s['last']:g}",
                f"{s['mean']:g}",
                f"[cyan]{s['spark']}[/]",
            ]
            if "roles" in extra:
                cells.append(", ".join(f"{r} x{n}" for r, n in sorted(s["roles"].items())) or "-")
            t.add_row(*cells)
        return t

    return [
        f"{tr['scorecards']} scorecards",
        table("teams: total score", tr["teams"]),
        table("people: score of drills they were in", tr["people"], ("roles",)),
        table("criteria: % of points earned", tr["criteria"]),
    ]
