"""A responder's side of an action: who am I, where is the drill, record it (locally or remotely).

Kept apart from ``actions`` (the validation every caller shares) because only terminals need
the "who am I" defaults and the local-or-remote choice.
"""

from __future__ import annotations

import getpass
import os
from typing import Any

from gameday.drill.locate import Drill, find_running_drill
from gameday.errors import DrillError, GamedayError
from gameday.events import Event
from gameday.records import record

ENV_ACTOR = "GAMEDAY_AS"


@record
class Recorded:
    event: Event
    drill_id: str
    warning: str | None = None


def default_actor(drill: Drill | None = None) -> str:
    """``$GAMEDAY_AS``, then the drill's team file ``default_actor``, then the login name."""
    env = os.environ.get(ENV_ACTOR, "").strip()
    if env:
        from gameday.drill.actions import check_actor

        try:
            return check_actor(env)
        except DrillError as exc:
            hint = "set it to your name, or pass --as NAME"
            raise DrillError(f"{ENV_ACTOR}: {exc}", hint=hint) from None
    if drill is not None:
        team_file = drill.meta().team_file
        if team_file:
            try:
                from gameday.drill.team import load_team

                team = load_team(team_file)
                if team.default_actor:
                    return team.default_actor
            except GamedayError:
                pass
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        raise DrillError("cannot tell who you are; pass --as NAME or set GAMEDAY_AS") from None


def act(
    name: str,
    params: dict[str, Any],
    *,
    actor: str | None = None,
    server: str | None = None,
    token: str | None = None,
) -> Recorded:
    """Record action ``name``: on the local running drill, or on ``server`` with ``token``."""
    if server:
        from gameday.drill.remote import RemoteDrill

        remote = RemoteDrill(server, token or "")
        who = actor or default_actor(None)
        ev = remote.record_action(name, params, actor=who)
        return Recorded(ev, server)
    if token:
        raise DrillError("--token only makes sense with --server URL")
    from gameday.drill.actions import record_action

    drill = find_running_drill()
    try:
        who = actor or default_actor(drill)
        ev = record_action(drill, name, params, actor=who)
        warning = None
        if not drill.runner_alive():
            warning = (
                "the drill's runner is not running right now; your action is recorded and "
                "the drill sees it when the facilitator resumes (gameday run --resume)"
            )
        return Recorded(ev, drill.id, warning)
    finally:
        drill.close()


def the_page(*, server: str | None = None, token: str | None = None) -> dict[str, Any]:
    """What the page said (the scenario's briefing, the alert, who was paged): ``gameday ack``
    shows it, as ``watch`` and the console do."""
    if server:
        from gameday.drill.remote import RemoteDrill

        state = RemoteDrill(server, token or "").state()
        page = state.get("page")
        return page if isinstance(page, dict) else {}
    from gameday.drill.page import PAGE_KINDS, page_of

    drill = find_running_drill()
    try:  # the few events the page is made of, not the whole responder view
        return page_of(drill.log().events(kinds=PAGE_KINDS))
    finally:
        drill.close()


def page_lines(page: dict[str, Any]) -> list[str]:
    """The page as plain lines for a terminal."""
    from gameday.durations import format_duration

    lines = []
    if page.get("to"):
        alert = f" for {page['alert']}" if page.get("alert") else ""
        message = page.get("message")
        said = f": {message}" if message and message != page.get("alert") else ""
        lines.append(f"PAGE to {page['to']} at {format_duration(page.get('t'))}{alert}{said}")
    if page.get("briefing"):  # paragraphs reflowed: YAML folds lines where it likes
        paragraphs = str(page["briefing"]).strip().split("\n\n")
        lines += [f"  {' '.join(p.split())}" for p in paragraphs]
    return lines
