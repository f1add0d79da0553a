"""The self-contained HTML scorecard: one file, inline CSS and SVG, no scripts, no fetches.

It is what a team puts on the screen in the review after a Game Day, so it leads with the score,
the first missed step and the drawn timeline, then the criteria with their evidence.
"""

from __future__ import annotations

from html import escape
from typing import Any

from gameday.durations import format_duration as fd
from gameday.events import sev_label
from gameday.scorecard.io import Scorecard
from gameday.scorecard.svg import COLORS, render_svg
from gameday.scoring.metrics import METRIC_HELP

STATE_LABEL = {"met": "met", "late": "late", "missed": "missed", "not_applicable": "n/a"}

CSS = """
*{box-sizing:border-box}
body{margin:0;background:#eef1f6;color:#1f2933;font:14px/1.45 system-ui,-apple-system,"Segoe UI",
Roboto,sans-serif}
main{max-width:1180px;margin:0 auto;padding:28px 24px 48px}
header{display:flex;gap:24px;align-items:center;background:#fff;border-radius:14px;
padding:22px 26px;
box-shadow:0 1px 3px rgba(16,24,40,.08)}
h1{font-size:24px;margin:0 0 4px}
h2{font-size:17px;margin:28px 0 10px}
.sub{color:#6b7785}
.score{width:112px;height:112px;border-radius:50%;display:grid;place-items:center;flex:none;
font-size:32px;font-weight:700}
.score small{display:block;font-size:12px;font-weight:500;color:#6b7785;text-align:center;
margin-top:-6px}
.cards{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;margin-top:16px}
.card{background:#fff;border-radius:12px;padding:12px 14px;
box-shadow:0 1px 3px rgba(16,24,40,.08)}
.card b{display:block;font-size:20px}
.card span{color:#6b7785;font-size:12px}
.panel{background:#fff;border-radius:14px;padding:14px 16px;
box-shadow:0 1px 3px rgba(16,24,40,.08)}
.alert{border-left:5px solid #d62839}
table{width:100%;border-collapse:collapse}
th,td{text-align:left;padding:7px 8px;border-bottom:1px solid #edf0f4;vertical-align:top}
th{font-size:12px;color:#6b7785;font-weight:600;text-transform:uppercase;letter-spacing:.03em}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.pill{display:inline-block;padding:1px 9px;border-radius:99px;font-size:12px;font-weight:600;
color:#fff}
.bar{height:6px;background:#edf0f4;border-radius:3px;margin-top:4px;min-width:60px}
.bar i{display:block;height:6px;border-radius:3px}
.ev{color:#6b7785;font-size:12px}
.legend{display:flex;flex-wrap:wrap;gap:14px;font-size:12px;color:#6b7785;margin-top:6px}
.legend i{display:inline-block;width:11px;height:11px;border-radius:3px;margin-right:5px;
vertical-align:-1px}
details summary{cursor:pointer;font-weight:600}
code{font-size:12px}
"""


def _pill(state: str, pending: bool = False) -> str:
    color = COLORS.get(state, "#9aa5b1")
    label = "pending" if pending else STATE_LABEL.get(state, state)
    if pending:
        color = "#6c4ab6"
    return f'<span class="pill" style="background:{color}">{escape(label)}</span>'


def _score_color(total: float) -> str:
    return COLORS["met"] if total >= 80 else COLORS["late"] if total >= 50 else COLORS["missed"]


def _cards(result: dict[str, Any]) -> str:
    m = result.get("metrics") or {}
    picks = [
        ("time_to_detect", "to detect"),
        ("time_to_acknowledge", "to acknowledge"),
        ("time_to_declare", "to declare"),
        ("time_to_first_status", "to first status"),
        ("longest_comm_gap", "longest silence"),
        ("time_to_staff_roles", "to staff roles"),
        ("time_to_mitigate", "to mitigate"),
        ("time_to_resolve", "to resolve"),
    ]
    cells = [
        f'<div class="card" title="{escape(METRIC_HELP.get(k, ""))}"><b>{fd(m.get(k))}</b>'
        f"<span>{label}</span></div>"
        for k, label in picks
    ]
    return '<div class="cards">' + "".join(cells) + "</div>"


def _facts_panel(result: dict[str, Any]) -> str:
    rows = []
    miss = result.get("first_missed_step")
    if miss:
        rows.append(
            f"<tr><th>First step missed</th><td><b>{escape(miss['title'])}</b> — "
            f"{escape(miss['explanation'])}</td></tr>"
        )
    else:
        rows.append(
            "<tr><th>First step missed</th><td>none — every applicable step was done</td></tr>"
        )
    mon = result.get("first_failed_monitor")
    if mon:
        rows.append(
            f"<tr><th>Monitor that failed first</th><td><b>{escape(str(mon['monitor']))}</b> at "
            f"{fd(mon['t'])} <span class='ev'>{escape(str(mon.get('detail') or ''))}</span>"
            "</td></tr>"
        )
    imp = result.get("impact")
    if imp:
        rows.append(
            f"<tr><th>Customer impact</th><td>{imp['failures']:,} failed and "
            f"{imp['slow']:,} slow of "
            f"{imp['requests']:,} requests ({imp['failed_ratio']:.1%} failed; peak "
            f"{imp['peak_fail_ratio']:.0%}, p95 up to {imp['peak_p95_ms']:.0f} ms)</td></tr>"
        )
    sev = result.get("severity") or {}
    rows.append(
        f"<tr><th>Severity</th><td>declared {_sev(sev.get('declared'))}, expected "
        f"{_sev(sev.get('expected'))}</td></tr>"
    )
    return '<div class="panel alert"><table>' + "".join(rows) + "</table></div>"


def _sev(level: Any) -> str:
    return sev_label(level) if level else "—"


def _criteria_table(result: dict[str, Any]) -> str:
    rows = []
    for c in result["criteria"]:
        na = c["state"] == "not_applicable"
        pct = 0 if na or not c["weight"] else 100 * c["points"] / c["weight"]
        color = COLORS.get(c["state"], "#9aa5b1")
        evid = ", ".join(f"#{e['id']} @{fd(e['t'])}" for e in c.get("evidence", [])[:6])
        pts = "—" if na else f"{c['points']:g} / {c['weight']:g}"
        dim = ' style="opacity:.55"' if na else ""
        rows.append(
            f"<tr{dim}><td><b>{escape(c['title'])}</b>"
            f"<div class='ev'><code>{escape(c['name'])}</code></div></td>"
            f"<td>{_pill(c['state'], c.get('pending', False))}</td>"
            f"<td class='num'>{pts}<div class='bar'><i style='width:{pct:.0f}%;background:{color}'>"
            f"</i></div></td><td>{escape(c['explanation'])}"
            f"<div class='ev'>{escape(evid)}</div></td></tr>"
        )
    return (
        '<div class="panel"><table><tr><th>Criterion</th><th>State</th><th>Points</th>'
        "<th>Why</th></tr>" + "".join(rows) + "</table></div>"
    )


def _people_table(result: dict[str, Any]) -> str:
    people = result.get("people") or {}
    if not people:
        return "<p class='sub'>No responder actions were recorded.</p>"
    rows = []
    for name, p in people.items():
        roles = ", ".join(p.get("roles") or []) or "—"
        log = " · ".join(f"{fd(x['t'])} {x['kind']}" for x in p.get("log", [])[:14])
        rows.append(
            f"<tr><td><b>{escape(name)}</b></td><td>{escape(roles)}</td>"
            f"<td class='num'>{p['actions']}</td><td class='ev'>{escape(log)}</td></tr>"
        )
    return (
        '<div class="panel"><table><tr><th>Person</th><th>Roles</th><th>Actions</th>'
        "<th>What, when</th></tr>" + "".join(rows) + "</table></div>"
    )


def _event_log(card: Scorecard) -> str:
    rows = "".join(
        f"<tr><td class='num'>{e.id}</td><td class='num'>{fd(e.t)}</td><td>{escape(e.actor)}</td>"
        f"<td><code>{escape(e.kind)}</code></td><td class='ev'>{escape(_short(e.data))}</td></tr>"
        for e in card.timeline.events
    )
    return (
        f"<details class='panel'><summary>All {len(card.timeline.events)} events</summary><table>"
        "<tr><th>#</th><th>t</th><th>Actor</th><th>Kind</th><th>Data</th></tr>"
        + rows
        + "</table></details>"
    )


def _short(data: dict[str, Any]) -> str:
    text = ", ".join(f"{k}={v}" for k, v in data.items())
    return text if len(text) <= 140 else text[:137] + "..."


LEGEND = [
    ("fault live", COLORS["fault"]),
    ("monitor failing", COLORS["down"]),
    ("alert", COLORS["alert"]),
    ("noise alert", COLORS["noise"]),
    ("page", COLORS["page"]),
    ("status post", COLORS["status"]),
    ("update", COLORS["update"]),
    ("stakeholder note", COLORS["notify"]),
    ("stakeholder question", COLORS["question"]),
    ("mitigated", COLORS["mitigated"]),
    ("deadline met", COLORS["met"]),
    ("deadline late", COLORS["late"]),
    ("deadline missed", COLORS["missed"]),
]


def render_html(card: Scorecard) -> str:
    r = card.result
    tl = card.timeline
    total = float(r["total"])
    color = _score_color(total)
    title = tl.title or tl.scenario
    svg = render_svg(tl, r, list(r.get("deadlines") or []))
    legend = "".join(f"<span><i style='background:{c}'></i>{escape(n)}</span>" for n, c in LEGEND)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Scorecard: {escape(title)} — {escape(tl.team)} — {tl.started:%Y-%m-%d}</title>
<style>{CSS}</style></head>
<body><main>
<header>
<div class="score" style="background:conic-gradient({color} {total * 3.6:.0f}deg,#edf0f4 0);">
<div style="background:#fff;width:88px;height:88px;border-radius:50%;display:grid;
place-items:center">
<div>{total:.0f}<small>/ 100</small></div></div></div>
<div><h1>{escape(title)}</h1>
<div class="sub">Team <b>{escape(tl.team)}</b> · scenario <code>{escape(tl.scenario)}</code> ·
drill <code>{escape(tl.drill)}</code> · {tl.started:%Y-%m-%d %H:%M} UTC · playbook
<code>{escape(str(r.get("playbook", "")))}</code></div></div>
</header>
{_cards(r)}
<h2>What to look at first</h2>
{_facts_panel(r)}
<h2>Timeline</h2>
<div class="panel">{svg}<div class="legend">{legend}</div></div>
<h2>Playbook criteria</h2>
{_criteria_table(r)}
<h2>Who did what</h2>
{_people_table(r)}
<h2>Event log</h2>
{_event_log(card)}
<p class="sub">Generated by gameday. Not-applicable criteria are left out and the rest
rescaled to 100.</p>
</main></body></html>
"""
