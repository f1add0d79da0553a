"""Markdown renderings: the scorecard (for a wiki or a PR) and the blameless review draft.

Both lay out the scorecard view model (``gameday.scorecard.view``), so their numbers, labels
and event descriptions are the HTML's and the terminal's. Text people typed is escaped for
Markdown renderers that pass HTML through (``<`` becomes ``&lt;``) and for table cells (``|``).
"""

from __future__ import annotations

from typing import Any

from gameday import events as ev
from gameday.scorecard.io import Scorecard
from gameday.scorecard.view import CriterionRow, EventRow, MetricRow, ScorecardView, from_card

ICON = {"met": "✅ met", "late": "🟠 late", "missed": "❌ missed", "n/a": "· n/a"}


def text(value: Any) -> str:
    """User text made inert: no HTML, no line breaks."""
    s = str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return s.replace("\r", " ").replace("\n", " ")


def _cell(value: Any) -> str:
    return text(value).replace("|", "\\|")


def _state(c: CriterionRow) -> str:
    return "⏳ pending" if c.pending else ICON.get(c.state_label, c.state_label)


def _par(m: MetricRow) -> str:
    if not m.par:
        return "-"
    return f"{m.par} ({m.vs_par}, {m.par_drills} drill{'s' if m.par_drills != 1 else ''})"


def timeline_rows(v: ScorecardView | Scorecard) -> list[str]:
    view = v if isinstance(v, ScorecardView) else from_card(v)
    rows = ["| t | wall (UTC) | who | what |", "|---|---|---|---|"]
    rows += [_event_row(e) for e in view.timeline]
    return rows


def _event_row(e: EventRow) -> str:
    return f"| {e.t} | {e.wall} | {_cell(e.actor)} | {_cell(e.text)} |"


def render_markdown(card: Scorecard, view: ScorecardView | None = None) -> str:
    """``view``: the card's view model when the caller already built it (for the HTML too)."""
    v = view or from_card(card)
    out = [
        f"# Scorecard: {text(v.title)} — team {text(v.team)}",
        "",
        (
            f"Drill `{text(v.drill)}` · scenario `{text(v.scenario)}` · {v.started} · "
            f"playbook `{text(v.playbook)}`"
        ),
        "",
        f"**Score: {v.total:g} / 100**",
        "",
    ]
    if v.banner:
        out += [f"> **{text(v.banner)}**", ""]
    out.append(
        f"- First step missed: **{text(v.first_missed[0])}** — {text(v.first_missed[1])}"
        if v.first_missed
        else "- First step missed: none"
    )
    if v.first_monitor:
        out.append(
            f"- Monitor that failed first: **{text(v.first_monitor[0])}** at {v.first_monitor[1]}"
        )
    if v.impact:
        out.append(f"- {text(v.impact_line[0].upper() + v.impact_line[1:])}")
    out.append(f"- {text(v.cost_line[0].upper() + v.cost_line[1:])}")
    if v.load:
        out.append(f"- {text(v.load_line[0].upper() + v.load_line[1:])}")
    out.append(f"- {text(v.fix_line[0].upper() + v.fix_line[1:])}")
    out.append(f"- Severity: declared {v.severity_declared}, expected {v.severity_expected}")
    out += [f"- {text(n)}" for n in v.notes]  # e.g. what the facilitator's hints cost
    out += ["", "## Criteria", "", "| criterion | state | points | why |", "|---|---|---:|---|"]
    for c in v.criteria:
        out.append(f"| {_cell(c.title)} | {_state(c)} | {c.points} | {_cell(c.explanation)} |")
    out += ["", "## Metrics", "", "| metric | value | your par | measured |", "|---|---:|---:|---|"]
    out += [f"| {m.label} | {m.shown} | {_par(m)} | {_cell(m.definition)} |" for m in v.metrics]
    out += ["", "## People", "", "| person | roles | actions |", "|---|---|---:|"]
    out += [f"| {_cell(p.name)} | {_cell(p.roles)} | {p.actions} |" for p in v.people]
    out += ["", "## Timeline", "", *timeline_rows(v), ""]
    return "\n".join(out)


def render_review(card: Scorecard) -> str:
    """A blameless post-incident review draft, pre-filled from the timeline."""
    v = from_card(card)
    m = {row.name: row.shown for row in v.metrics}
    good = [c for c in v.criteria if c.state == "met"]
    bad = [c for c in v.criteria if c.state in ("late", "missed")]
    causes = [e for e in card.timeline.events if e.kind == ev.CAUSE]
    sev = v.severity_declared if v.severity_declared != "-" else v.severity_expected
    out = [
        f"# Post-incident review (draft): {text(v.title)}",
        "",
        "> Blameless: we look for what in our systems and habits let this happen, not for who.",
        "",
        *([f"> **{text(v.banner)}**", ""] if v.banner else []),
        (
            f"- **Date:** {v.date} · **Team:** {text(v.team)} · **Severity:** "
            f"{sev if sev != '-' else 'not set'} · **Drill:** `{text(v.drill)}`"
        ),
        f"- **Score:** {v.total:g} / 100",
        "",
        "## Summary",
        "",
        (
            f"_Two or three sentences._ The {text(v.scenario)} incident took "
            f"{m.get('time_to_resolve', '-')} from its start to a proper resolve; the service "
            f"recovered after {m.get('time_to_mitigate', '-')}."
        ),
        "",
        "## Impact",
        "",
    ]
    imp = v.impact
    if imp and imp.get("samples"):
        out.append(
            f"{imp['failures']:,} customer requests failed and {imp['slow']:,} were slow out of "
            f"{imp['requests']:,} ({imp['failed_ratio']:.1%}); at worst "
            f"{imp['peak_fail_ratio']:.0%} failed. Counted over {text(imp.get('label', ''))}."
        )
    else:
        out.append("_Who was affected, how, and for how long._")
    if v.cost:
        out += ["", f"{text(v.cost_line[0].upper() + v.cost_line[1:])}."]
    out += [
        "",
        "## Detection",
        "",
        (
            f"- Time to detect: {m.get('time_to_detect', '-')}; to acknowledge: "
            f"{m.get('time_to_acknowledge', '-')}; to declare: {m.get('time_to_declare', '-')}."
        ),
    ]
    if v.first_monitor:
        out.append(
            f"- The first monitor to fail was **{text(v.first_monitor[0])}** at "
            f"{v.first_monitor[1]}."
        )
    out.append(
        "- _Did we hear about it from our monitors or from customers? Could we have known sooner?_"
    )
    out += ["", "## The fix", ""]
    changes = [r for r in v.timeline if r.kind == ev.STACK_CHANGED or r.kind == ev.ROLLBACK]
    out.append(f"- {text(v.fix_line[0].upper() + v.fix_line[1:])}.")
    out.append(
        f"- Time to fix: {m.get('time_to_fix', '-')}; the service recovered for good after "
        f"{m.get('time_to_mitigate', '-')} (held steady)."
    )
    if changes:
        out += ["", "Changes to the stack (from the engine's events) and rollbacks:", ""]
        out += [f"- {r.t} {text(r.text)}" for r in changes[:30]]
        if len(changes) > 30:
            out.append(f"- _... and {len(changes) - 30} more in the timeline._")
    out.append("- _Was it the right fix or the fastest one? What would have found it sooner?_")
    out += ["", "## Timeline", "", *timeline_rows(v), "", "## Root cause", ""]
    if causes:
        out += [
            f"- Named by {text(e.actor)} at {row.t}: {text(e.data.get('text', ''))}"
            for e in causes
            for row in v.events
            if row.id == e.id
        ]
    else:
        out.append("_Nobody named a root cause during the response. Fill it in._")
    out += ["", "## Five whys", ""]
    out += [f"{i}. Why? _…_" for i in range(1, 6)]
    out += ["", "## What went well", ""]
    out += [f"- {text(c.title)}: {text(c.explanation)}" for c in good] or ["- _…_"]
    out += ["", "## What went badly", ""]
    out += [f"- {text(c.title)}: {text(c.explanation)}" for c in bad] or ["- _…_"]
    out += [
        "",
        "## Action items",
        "",
        "| action | owner | due | ticket |",
        "|---|---|---|---|",
    ]
    from gameday.scorecard.actions import action_items

    for a in action_items(card):
        owner = f"{_cell(a.owner)} ({a.role_title})" if a.owner else f"_{a.role_title}_"
        out.append(f"| {_cell(a.title)} | {owner} | {a.due:%Y-%m-%d} | |")
    out += [
        "",
        (
            "_Export them as Jira issues or CSV: `gameday review export SCORECARD --jira FILE "
            "--csv FILE`._"
        ),
        "",
    ]
    return "\n".join(out)
