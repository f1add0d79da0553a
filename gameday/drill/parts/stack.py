"""The ``stack`` part: what the team does to the stack, recorded from the engine's events.

During a drill responders fix things with real tools (``docker restart``, ``docker exec ... psql``,
a redeploy) and often never type a gameday command for it. This part follows the Docker
engine's container events for the target's project (its label) on its own thread, folds them
into changes (``gameday.drill.stackwatch``), leaves out gameday's own (health checks, helper
containers, the commands gameday ran, other changes while a fault acted: ``gameday.ownactions``)
and records each as ``stack.changed``. The incident fold reads the fix from them
(``Incident.fix``: time to fix).

Each record carries ``engine_time`` and ``delay_ms`` (engine event -> recorded): a change that
ends a group (a restart, an exec) goes out at once, the rest after ``QUIET_S`` of quiet.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from gameday import events as ev
from gameday.dockerutil import COMPOSE_SERVICE, LABEL_PROJECT, health_command
from gameday.drill.part import Part, Session
from gameday.drill.stackwatch import EngineEvent, StackChanges
from gameday.ownactions import OwnActions

if TYPE_CHECKING:
    from docker import DockerClient


class StackRecorder(Part):
    name = "stack"

    def __init__(self) -> None:
        self._session: Session | None = None
        self._lock = threading.Lock()
        self._folder: StackChanges | None = None
        self._stream: Any = None
        self._thread: threading.Thread | None = None
        self._client: DockerClient | None = None
        self._inspected: dict[str, tuple[set[str], bool]] = {}  # id -> (health cmds, policy)
        self.recorded = 0

    # --- the part -----------------------------------------------------------------------------
    def start(self, session: Session) -> None:
        from gameday import dockerutil

        self._session = session
        project = str(getattr(session.target, "project", "") or "")
        try:
            self._client = dockerutil.client()
            images = self._images(project)
            self._stream = self._client.events(
                decode=True,
                since=session.clock.now(),
                filters={"type": "container", "label": f"{LABEL_PROJECT}={project}"},
            )
        except Exception as exc:  # the drill goes on; it only loses this record
            session.say(f"not following the engine's events (stack changes unrecorded): {exc}")
            return
        own = OwnActions(project)
        self._folder = StackChanges(
            own=lambda t: own.covering(t) is not None,
            health=self._is_health_check,
            restarts_itself=self._restarts_itself,
            ran=own.ran,
            images=images,
        )
        self._thread = threading.Thread(
            target=self._follow, args=(project,), name="stack-events", daemon=True
        )
        self._thread.start()

    def tick(self, now: float) -> None:
        if self._folder is None or self._session is None:
            return
        with self._lock:
            due = self._folder.due(self._now())
        self._record(due)

    def stop(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            try:
                stream.close()  # ends the follower's blocking read
            except Exception:
                pass
        if self._thread is not None:
            self._thread.join(5)
        if self._folder is not None:
            with self._lock:
                rest = self._folder.flush()
            self._record(rest)

    # --- the follower thread ----------------------------------------------------------------
    def _follow(self, project: str) -> None:
        stream = self._stream
        try:
            for raw in stream or ():
                e = EngineEvent.parse(raw, project) if isinstance(raw, dict) else None
                if e is None or self._folder is None:
                    continue
                with self._lock:
                    out = self._folder.feed(e, self._now())
                self._record(out)
        except Exception:  # the stream closed (stop) or the engine went away
            return

    def _record(self, changes: list[dict[str, Any]]) -> None:
        s = self._session
        if s is None:
            return
        for change in changes:
            t = change.pop("_t", None)
            if isinstance(t, float):
                change["engine_time"] = datetime.fromtimestamp(t, UTC).isoformat()
                change["delay_ms"] = round((self._now() - t) * 1000, 1)
            try:
                s.record(ev.STACK_CHANGED, change)
                self.recorded += 1
            except Exception as exc:  # the log is closing: nothing more to record
                s.say(f"stack change not recorded: {exc}")
                return

    def _now(self) -> float:
        s = self._session
        return s.clock.now().timestamp() if s is not None else 0.0

    # --- what the engine knows about a container ---------------------------------------------
    def _images(self, project: str) -> dict[str, str]:
        assert self._client is not None
        out: dict[str, str] = {}
        filters: dict[str, Any] = {"label": f"{LABEL_PROJECT}={project}"}
        for c in self._client.containers.list(filters=filters, ignore_removed=True):
            service = (c.labels or {}).get(COMPOSE_SERVICE)
            image = (c.attrs.get("Config") or {}).get("Image")
            if service and image:
                out[str(service)] = str(image)
        return out

    def _inspect(self, container: str) -> tuple[set[str], bool]:
        hit = self._inspected.get(container)
        if hit is not None:
            return hit
        commands: set[str] = set()
        policy = False
        try:
            assert self._client is not None
            attrs = self._client.api.inspect_container(container)
            command = health_command(attrs)
            if command:
                commands.add(" ".join(command))  # as the engine's exec event writes it
            name = ((attrs.get("HostConfig") or {}).get("RestartPolicy") or {}).get("Name")
            policy = name not in (None, "", "no")
        except Exception:
            pass  # gone already: nothing to compare with
        self._inspected[container] = (commands, policy)
        return commands, policy

    def _is_health_check(self, e: EngineEvent) -> bool:
        return e.detail in self._inspect(e.container)[0]

    def _restarts_itself(self, e: EngineEvent) -> bool:
        return self._inspect(e.container)[1]
