"""The autopilot as a session part: a scripted team acting through the responders' path.

It records through ``record_action`` like any terminal, so the session sees its actions the
way it sees a human's: in the log. Halted first at the end (nobody acts while the stack is
being restored).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gameday.drill.part import Part, Session

if TYPE_CHECKING:
    from gameday.drill.autopilot import AutopilotPlayer, Script, StepResult


class Autopilot(Part):
    name = "autopilot"
    required = True

    def __init__(self, script: Script) -> None:
        self.script = script
        self.player: AutopilotPlayer | None = None

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

    def halt(self) -> None:
        if self.player is not None:
            self.player.stop()
