"""Drill isolation: every message and page gameday sends says, in its first words, that it is
a drill.

A drill pages real phones and posts in real channels. Someone who sees only the notification
on a lock screen must know at once that it is an exercise; and a search for "[DRILL]" finds
every one afterwards. Every outbound integration builds its text through ``marked`` and its
structured fields through ``DRILL_FIELDS``; a test checks every request of every built-in
follower for the mark.
"""

from __future__ import annotations

DRILL_MARK = "[DRILL]"
NOT_REAL = "This is a gameday drill, not a real incident."


def marked(text: str) -> str:
    """``[DRILL] text`` (once, however often it is called)."""
    text = text.strip()
    return text if text.startswith(DRILL_MARK) else f"{DRILL_MARK} {text}"


def drill_fields(drill: str) -> dict[str, str]:
    """Structured fields saying the same (PagerDuty custom details, Opsgenie details)."""
    return {"drill": "true", "gameday_drill": drill, "note": NOT_REAL}


def clip(text: str, limit: int) -> str:
    """At most ``limit`` characters, the mark kept (a receiver refuses longer fields)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
