"""The self-contained HTML scorecard: one file, inline CSS and SVG, no scripts, no fetches.

It is what a team puts on the screen in the review after a Game Day, so it leads with the score,
the first missed step and the drawn timeline, then the criteria with their evidence. The page is
``templates/scorecard.html.j2`` (Jinja2, autoescaped) over the scorecard view model.
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup

from gameday.scorecard.io import Scorecard
from gameday.scorecard.svg import COLORS, render_svg
from gameday.scorecard.view import EventRow, ScorecardView, from_card
from gameday.templating import escape_repeated as repeated
from gameday.templating import escape_text as escape

LEGEND = (
    ("fault acting, not yet verified", "#f4bcab"),
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
)


def render_html(card: Scorecard, view: ScorecardView | None = None) -> str:
    """``view``: the card's view model when the caller already built it (for the Markdown too)."""
    from gameday.templating import render, safe

    v = view or from_card(card)
    deadlines = list(card.result.get("deadlines") or [])
    svg = render_svg(card.timeline, card.result, deadlines, [e.text for e in v.events])
    return render(
        "scorecard/templates",
        "scorecard.html.j2",
        v=v,
        svg=safe(svg),  # the output of the autoescaped SVG template
        event_log=event_log(v.events),
        legend=LEGEND,
    )


def event_log(rows: Iterable[EventRow]) -> Markup:
    """The event log's table rows, every value escaped here (as markupsafe does): a
    long drill has tens of thousands of events, and a template loop spends most of the page's
    time on them. One writer, as the SVG's shapes have (``gameday.scorecard.svg``). The id (an
    int) and the drill time (``format_duration``: digits, h, m, s, -) hold nothing to escape."""
    return Markup(
        "".join(
            f'<tr><td class="num">{int(e.id)}</td><td class="num">{e.t}</td>'
            f"<td>{repeated(e.actor)}</td><td><code>{repeated(e.kind)}</code></td>"
            f'<td class="ev">{escape(e.text)}</td></tr>\n'
            for e in rows
        )
    )
