"""The self-contained HTML scorecard: one file, inline CSS and SVG, no scripts, no fetches.

It is what a team puts on the screen in the review after a Game Day, so it leads with the score,
the first missed step and the drawn timeline, then the criteria with their evidence. The page is
``templates/scorecard.html.j2`` (Jinja2, autoescaped) over the scorecard view model.
"""

from __future__ import annotations

from gameday.scorecard.io import Scorecard
from gameday.scorecard.svg import COLORS, render_svg
from gameday.scorecard.view import ScorecardView, from_card

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

    svg = render_svg(card.timeline, card.result, list(card.result.get("deadlines") or []))
    return render(
        "scorecard/templates",
        "scorecard.html.j2",
        v=view or from_card(card),
        svg=safe(svg),  # the output of the autoescaped SVG template
        legend=LEGEND,
    )
