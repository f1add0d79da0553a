"""The responders' HTTP API, derived from the action specs: routes and request bodies as data.

Framework-neutral on purpose: the drill room (``gameday.drill.web``, ASGI) mounts these
``action_routes`` and parses bodies with ``parse_action_body``, and every route ends in
``record_action``, the validation the CLI and the autopilot share.

* ``POST /api/actions`` ``{"action", "as", "params"}``: any action;
* ``POST /api/actions/<name>`` ``{"as", "params"}``: one route per action spec;
* ``GET /api/actions``: every action with its declared params (what a form is built from).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from gameday.records import record

if TYPE_CHECKING:
    from gameday.drill.actionspec import ActionSpec

ACTIONS_PATH = "/api/actions"


class BadRequest(ValueError):
    """A malformed request body (the endpoint answers 400 with this message)."""


@record
class ActionRoute:
    method: str
    path: str
    action: str | None  # None: the generic route, which names the action in its body
    summary: str


def action_routes(specs: Iterable[ActionSpec]) -> list[ActionRoute]:
    """The POST routes for ``specs``: the generic one, then one per action."""
    routes = [ActionRoute("POST", ACTIONS_PATH, None, "record any action: {action, as, params}")]
    routes += [
        ActionRoute("POST", f"{ACTIONS_PATH}/{spec.name}", spec.name, spec.summary)
        for spec in specs
    ]
    return routes


def actions_listing(specs: Iterable[ActionSpec]) -> dict[str, Any]:
    """``GET /api/actions``: each action's spec and route."""
    return {
        "actions": [
            {**spec.to_dict(), "route": f"POST {ACTIONS_PATH}/{spec.name}"} for spec in specs
        ]
    }


def parse_action_body(body: Any, action: str | None) -> tuple[str, str, dict[str, Any]]:
    """``(action, actor, params)`` of a request to the route of ``action`` (None: generic)."""
    fields = ("as", "params") if action else ("action", "as", "params")
    shape = "{" + ", ".join(fields) + "}"
    if not isinstance(body, dict):
        raise BadRequest(f"the body must be a JSON object {shape}")
    unknown = sorted(set(body) - set(fields))
    if unknown:
        raise BadRequest(f"unknown field {unknown[0]!r} (allowed: {', '.join(fields)})")
    name = action or body.get("action")
    actor, params = body.get("as"), body.get("params", {})
    if not isinstance(name, str) or not name:
        raise BadRequest("field 'action' must be a non-empty string")
    if not isinstance(actor, str) or not actor:
        raise BadRequest("field 'as' must be a non-empty string (who acts)")
    if params is None:
        params = {}
    if not isinstance(params, dict):
        raise BadRequest("field 'params' must be an object")
    return name, actor, params
