"""The autopilot as a session part: a scripted team acting through the responders' path.

It records through ``record_action`` like any terminal, so the session sees its actions the
way it sees a human's: in the log. Halted first at the end (nobody acts while the stack is
being restored). Once the scripted team has played its last step inside the wrap-up window,
nobody is left to post or book anything: the window closes then, as a facilitator would close
it, rather than keeping an unattended drill open for the rest of it. Steps that only wait for an
event the drill no longer sends (a reply to a stakeholder message due after the resolve) count
as played once they have waited ``QUIET_S`` of the window: events the wrap-up itself brings
(the restore) come well within it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gameday.drill.part import Part, Session

if TYPE_CHECKING:
    from gameday.drill.autopilot import AutopilotPlayer, Script, StepResult


QUIET_S = 30.0


class Autopilot(Part):
    name = "autopilot"
    required = True

    def __init__(self, script: Script) -> None:
        self.script = script
        self.player: AutopilotPlayer | None = None
        self._session: Session | None = None
        self._closed = False
        self._quiet_since: float | None = None

    def start(self, session: Session) -> None:
        from gameday.drill.autopilot import AutopilotPlayer

        def on_step(res: StepResult) -> None:
            if not res.ok:
                session.say(f"autopilot: {res.step.do} failed: {res.detail}")

        player = AutopilotPlayer(
            self.script,
            session.drill,
            clock=session.clock,
            target=session.target,
            default_actor=session.plan.team.default_actor,
            on_step=on_step,
        )
        if session.resumed_at is not None:
            player.skip_due(session.resumed_at)
        player.start()
        self.player = player
        self._session = session

    def tick(self, now: float) -> None:
        s, player = self._session, self.player
        if self._closed or s is None or player is None:
            return
        if not s.machine.in_wrapup:
            return
        if player.done:
            self._close(s, "the team played its last step")
        elif player.waiting:
            self._quiet_since = now if self._quiet_since is None else self._quiet_since
            if now - self._quiet_since >= QUIET_S:
                self._close(s, f"the team's {player.left} step(s) left wait for what never came")
        else:
            self._quiet_since = None

    def _close(self, s: Session, why: str) -> None:
        self._closed = True
        s.say(f"autopilot: {why}; the wrap-up window closes")
        s.request_end("resolved")

    def halt(self) -> None:
        if self.player is not None:
            self.player.stop()
