"""Client of the runner's HTTP endpoint, for responders on another machine (``--server/--token``).

Stdlib ``urllib`` only: responder commands must start fast and need nothing installed.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from gameday.errors import DrillError, NoDrillRunning
from gameday.events import Event

TIMEOUT_S = 30.0  # a remote rollback recreates a container


class RemoteDrill:
    def __init__(self, url: str, token: str, *, timeout: float = TIMEOUT_S) -> None:
        url = url.strip().rstrip("/")
        if not url.startswith(("http://", "https://")):
            raise DrillError(f"--server {url!r} must be an http:// or https:// URL")
        if not token:
            raise DrillError("--server needs --token (the drill's join token)")
        self.url = url
        self.token = token
        self.timeout = timeout

    def _request(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method)
        req.add_header("Authorization", f"Bearer {self.token}")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                return json.loads(resp.read().decode() or "null")
        except urllib.error.HTTPError as exc:
            try:
                message = json.loads(exc.read().decode()).get("error", exc.reason)
            except (ValueError, AttributeError, OSError):
                message = exc.reason
            if exc.code == 409:
                raise NoDrillRunning(f"{self.url}: {message}") from None
            raise DrillError(f"{self.url} refused ({exc.code}): {message}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            raise DrillError(f"cannot reach the drill at {self.url}: {reason}") from None
        except ValueError:
            raise DrillError(f"{self.url} did not answer JSON; is it a gameday drill?") from None

    def record_action(self, name: str, params: dict[str, Any], *, actor: str) -> Event:
        answer = self._request(
            "POST", "/api/actions", {"action": name, "as": actor, "params": params}
        )
        try:
            return Event.from_dict(answer["event"])
        except (KeyError, TypeError, ValueError):
            raise DrillError(f"{self.url} answered something unexpected: {answer!r}") from None

    def control(self, name: str, params: dict[str, Any], *, by: str) -> dict[str, Any]:
        """A facilitator control (the token must be the facilitator's)."""
        answer = self._request("POST", f"/api/facilitator/{name}", {"as": by, "params": params})
        if not isinstance(answer, dict):
            raise DrillError(f"{self.url} answered something unexpected: {answer!r}")
        return answer

    def state(self) -> dict[str, Any]:
        answer = self._request("GET", "/api/state")
        if not isinstance(answer, dict):
            raise DrillError(f"{self.url} answered something unexpected for the state")
        return answer
