"""Which integrations a drill uses: the team file's ``integrations:``, or the environment.

Off by default. An integration is on when the team file lists it (with its settings), or when
its secret's environment variable is set (``GAMEDAY_SLACK_WEBHOOK_URL``,
``GAMEDAY_PAGERDUTY_ROUTING_KEY``, ``GAMEDAY_OPSGENIE_API_KEY``: default settings then), so a
facilitator can try one without editing the team's file. ``GAMEDAY_INTEGRATIONS=off`` turns
every one off (a rehearsal, CI); ``GAMEDAY_INTEGRATIONS=slack,pagerduty`` keeps only those.
"""

from __future__ import annotations

import os
from typing import Any

from gameday.integrations.spec import INTEGRATIONS, IntegrationSpec

SWITCH = "GAMEDAY_INTEGRATIONS"


def _allowed() -> set[str] | None:
    """None = all; an empty set = none."""
    raw = os.environ.get(SWITCH, "").strip().lower()
    if not raw or raw in ("on", "all", "1", "yes"):
        return None
    if raw in ("off", "none", "0", "no"):
        return set()
    return {part.strip() for part in raw.replace(":", ",").split(",") if part.strip()}


def enabled(team: Any) -> dict[str, tuple[IntegrationSpec, Any]]:
    """name -> (spec, settings) of every integration on for ``team``'s drill."""
    allowed = _allowed()
    listed: dict[str, Any] = dict(getattr(team, "settings", None) or {})
    out: dict[str, tuple[IntegrationSpec, Any]] = {}
    for name, spec in INTEGRATIONS.items():
        if allowed is not None and name not in allowed:
            continue
        if name in listed:
            out[name] = (spec, listed[name])
        elif spec.secret_env and os.environ.get(spec.secret_env, "").strip():
            out[name] = (spec, spec.parse_params({}))
    return out


def settings_of(team: Any, name: str) -> Any:
    """``name``'s settings for ``team`` (the team file's, else the defaults)."""
    listed = getattr(team, "settings", None) or {}
    if name in listed:
        return listed[name]
    return INTEGRATIONS.get(name).parse_params({})
