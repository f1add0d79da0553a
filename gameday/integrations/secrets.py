"""Secrets for integrations: read from an environment variable or a file, never from the team
file, never printed.

A team file is committed to a repository and shown on screens; a Slack webhook URL or a
PagerDuty routing key in it would leak. So a team file names *where* the secret is
(``webhook_url_env: SLACK_DRILL_HOOK`` or ``webhook_url_file: ~/.config/gameday/slack``), and
``Secret`` wraps the value so that no ``repr``, ``str``, f-string, log line or error message can
show it; only ``reveal()`` (the delivery code) gets the text.
"""

from __future__ import annotations

import os
from pathlib import Path

from gameday.errors import GamedayError

MAX_SECRET_BYTES = 8192


class SecretMissing(GamedayError):
    """An enabled integration has no secret where its settings say to find one."""


class Secret:
    """A secret value; prints as ``***``."""

    __slots__ = ("_value", "source")

    def __init__(self, value: str, source: str) -> None:
        self._value = value
        self.source = source  # "$SLACK_DRILL_HOOK", "file ~/.config/gameday/slack": no value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return f"Secret(from {self.source}: ***)"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return repr(self)

    def __reduce__(self) -> tuple[object, ...]:  # never pickled into a child process or a file
        raise TypeError("a Secret cannot be pickled")


def read_secret(what: str, env: str | None, file: str | None) -> Secret:
    """``what`` ("the Slack webhook URL") from the file ``file`` if given, else ``$env``.

    Raises ``SecretMissing`` saying where it looked, never what it found.
    """
    if file:
        path = Path(file).expanduser()
        try:
            with path.open("rb") as fh:
                raw = fh.read(MAX_SECRET_BYTES + 1)
        except OSError as exc:
            raise SecretMissing(
                f"cannot read {what} from {path}: {exc.strerror or exc.__class__.__name__}"
            ) from None
        if len(raw) > MAX_SECRET_BYTES:
            raise SecretMissing(f"{path} holds more than {MAX_SECRET_BYTES} bytes; not {what}")
        try:
            value = raw.decode("utf-8").strip()
        except UnicodeDecodeError:
            raise SecretMissing(f"{path} is not UTF-8 text; expected {what}") from None
        source = f"file {path}"
    elif env:
        value = os.environ.get(env, "").strip()
        source = f"${env}"
    else:
        raise SecretMissing(f"no place to read {what} from (give an environment variable or file)")
    if not value:
        raise SecretMissing(f"{what} is empty or not set ({source})")
    if any(c in value for c in "\r\n\0"):
        raise SecretMissing(f"{what} from {source} spans several lines; expected one value")
    return Secret(value, source)
