"""Markdown renderings: the scorecard (for a wiki or a PR) and the blameless review draft."""

from __future__ import annotations

from typing import Any

from gameday import events as ev
from gameday.durations import format_duration as fd
from gameday.events.typed import describe
from gameday.scorecard.io import Scorecard
from gameday.scoring.metrics import METRIC_HELP

ICON = {"met": "✅ met", "late": "🟠 late", "missed": "❌ missed", "not_applicable": "· n/a"}


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _state(c: dict[str, Any]) -> str:
    return "⏳ pending" if c.get("pending") else ICON.get(c["state"], c["state"])


def timeline_rows(card: Scorecard, *, skip_stats: bool = True) -> list[str]:
    rows = ["| t | wall (UTC) | who | what |", "|---|---|---|---|"]
    for e in card.timeline.events:
        if skip_stats and e.kind == ev.CUSTOMERS_STATS:
            continue
        rows.append(f"| {fd(e.t)} | {e.wall:%H:%M:%S} | {_cell(e.actor)} | {_cell(describe(e))} |")
    return rows


def render_markdown(card: Scorecard) -> str:
    r = card.result
    tl = card.timeline
    out = [
        f"# Scorecard: {tl.title or tl.scenario} — team {tl.team}",
        "",
        f"Drill `{tl.drill}` · scenario `{tl.scenario}` · {tl.started:%Y-%m-%d %H:%M} UTC · "
        f"playbook `{r.get('playbook')}`",
        "",
        f"**Score: {r['total']:g} / 100**",
        "",
    ]
    miss = r.get("first_missed_step")
    out.append(
        f"- First step missed: **{miss['title']}** — {miss['explanation']}"
        if miss
        else "- First step missed: none"
    )
    mon = r.get("first_failed_monitor")
    if mon:
        out.append(f"- Monitor that failed first: **{mon['monitor']}** at {fd(mon['t'])}")
    imp = r.get("impact")
    if imp:
        out.append(
            f"- Customer impact: {imp['failures']:,} failed and {imp['slow']:,} slow of "
            f"{imp['requests']:,} requests ({imp['failed_ratio']:.1%} failed)"
        )
    out += ["", "## Criteria", "", "| criterion | state | points | why |", "|---|---|---:|---|"]
    for c in r["criteria"]:
        pts = "—" if c["state"] == "not_applicable" else f"{c['points']:g}/{c['weight']:g}"
        out.append(f"| {_cell(c['title'])} | {_state(c)} | {pts} | {_cell(c['explanation'])} |")
    out += ["", "## Metrics", "", "| metric | value | measured |", "|---|---:|---|"]
    for k, v in (r.get("metrics") or {}).items():
        out.append(f"| {k.replace('_', ' ')} | {fd(v)} | {METRIC_HELP.get(k, '')} |")
    out += ["", "## People", "", "| person | roles | actions |", "|---|---|---:|"]
    for name, p in (r.get("people") or {}).items():
        out.append(f"| {_cell(name)} | {', '.join(p.get('roles') or []) or '—'} | {p['actions']} |")
    out += ["", "## Timeline", "", *timeline_rows(card), ""]
    return "\n".join(out)


def render_review(card: Scorecard) -> str:
    """A blameless post-incident review draft, pre-filled from the timeline."""
    r = card.result
    tl = card.timeline
    crit = r["criteria"]
    sev = (r.get("severity") or {}).get("declared") or (r.get("severity") or {}).get("expected")
    m = r.get("metrics") or {}
    good = [c for c in crit if c["state"] == "met"]
    bad = [c for c in crit if c["state"] in ("late", "missed")]
    causes = [e for e in tl.events if e.kind == ev.CAUSE]
    mon = r.get("first_failed_monitor")
    imp = r.get("impact")
    out = [
        f"# Post-incident review (draft): {tl.title or tl.scenario}",
        "",
        "> Blameless: we look for what in our systems and habits let this happen, not for who.",
        "",
        f"- **Date:** {tl.started:%Y-%m-%d} · **Team:** {tl.team} · **Severity:** "
        f"{ev.sev_label(sev) if sev else 'not set'} · **Drill:** `{tl.drill}`",
        f"- **Score:** {r['total']:g} / 100",
        "",
        "## Summary",
        "",
        f"_Two or three sentences._ The {tl.scenario} incident lasted "
        f"{fd(m.get('time_to_resolve'))} from start to resolution; service recovered after "
        f"{fd(m.get('time_to_mitigate'))}.",
        "",
        "## Impact",
        "",
    ]
    if imp:
        out.append(
            f"{imp['failures']:,} customer requests failed and {imp['slow']:,} were slow out of "
            f"{imp['requests']:,} ({imp['failed_ratio']:.1%}); "
            f"at worst {imp['peak_fail_ratio']:.0%} failed."
        )
    else:
        out.append("_Who was affected, how, and for how long._")
    out += [
        "",
        "## Detection",
        "",
        f"- Time to detect: {fd(m.get('time_to_detect'))}; to acknowledge: "
        f"{fd(m.get('time_to_acknowledge'))}; to declare: {fd(m.get('time_to_declare'))}.",
    ]
    if mon:
        out.append(f"- The first monitor to fail was **{mon['monitor']}** at {fd(mon['t'])}.")
    out.append(
        "- _Did we hear about it from our monitors or from customers? Could we have known sooner?_"
    )
    out += ["", "## Timeline", "", *timeline_rows(card), "", "## Root cause", ""]
    if causes:
        out += [f"- Named by {e.actor} at {fd(e.t)}: {e.data.get('text', '')}" for e in causes]
    else:
        out.append("_Nobody named a root cause during the response. Fill it in._")
    out += ["", "## Five whys", ""]
    out += [f"{i}. Why? _…_" for i in range(1, 6)]
    out += ["", "## What went well", ""]
    out += [f"- {c['title']}: {c['explanation']}" for c in good] or ["- _…_"]
    out += ["", "## What went badly", ""]
    out += [f"- {c['title']}: {c['explanation']}" for c in bad] or ["- _…_"]
    out += [
        "",
        "## Action items",
        "",
        "| action | owner | due | ticket |",
        "|---|---|---|---|",
    ]
    for c in bad:
        out.append(f"| Improve: {_cell(c['title'].lower())} | _owner_ | _date_ | |")
    out += [
        "| _Add a synthetic monitor / test that would have caught this_ | _owner_ | _date_ | |",
        "",
    ]
    return "\n".join(out)
