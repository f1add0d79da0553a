"""The one root exception and its family.

Every mistake a user can make surfaces as a ``GamedayError`` subclass; the CLI prints its message
on one line and exits with ``exit_code``. Anything else escaping is a bug in gameday.
"""

from __future__ import annotations


class GamedayError(Exception):
    """Root of every error gameday reports to a user."""

    exit_code: int = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class UsageError(GamedayError):
    """The command line itself was wrong (bad flag value, missing argument)."""

    exit_code = 2


class ValidationError(GamedayError):
    """A file (scenario, playbook, team, timeline, autopilot script) is invalid.

    The message always starts with ``file:line: key:`` so editors and people can jump to it.
    """

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        key: str | None = None,
        hint: str | None = None,
    ) -> None:
        prefix = ""
        if file:
            prefix = f"{file}:{line}: " if line else f"{file}: "
        if key:
            prefix += f"{key}: "
        super().__init__(prefix + message, hint=hint)
        self.file = file
        self.line = line
        self.key = key
        self.reason = message


class DockerUnavailable(GamedayError):
    """No Docker engine answers; nothing was changed."""

    exit_code = 3


class TargetError(GamedayError):
    """The staging target could not be built, started, inspected or stopped."""

    exit_code = 4


class GuardrailError(GamedayError):
    """A fault was about to touch something that is not a labelled staging container."""

    exit_code = 5


class FaultError(GamedayError):
    """A fault could not be injected, verified or undone."""

    exit_code = 6


class RestorePending(GamedayError):
    """A previous drill left faults applied; ``gameday restore`` must run first."""

    exit_code = 7


class DrillError(GamedayError):
    """The drill runner or a responder action could not proceed (no drill, bad action...)."""

    exit_code = 8


class NoDrillRunning(DrillError):
    """A responder command found no running drill."""


class StateError(GamedayError):
    """gameday's state folder (``$GAMEDAY_STATE_DIR``: drills, journal, CA) or cache folder
    holds something gameday cannot use: a file where a folder belongs, a drill's metadata or
    event log that is not what gameday wrote. The message names the path; nothing was changed.

    Not a ``DrillError`` on purpose: a broken state folder must never read as "no drill is
    running" to code that treats a missing drill as normal."""

    exit_code = 9
