"""The drill room: the runner's web endpoint (an ASGI app on uvicorn, in a thread).

One application serves everything a drill shows on a network: today's API for programs
(``/api/actions``, ``/api/state``), the public status page (``/status``), the responders'
console at the join link (``/join?token=...`` -> ``/room``), the monitoring dashboard
(``/dashboard``) and the facilitator's console (``/facilitator/join?token=...``). Pages update
live over Server-Sent Events. Every asset ships in this package (no internet, no build step).

    server, url = start_web(drill, "127.0.0.1", 0, clock=clock, target=target)
    server.join_url, server.facilitator_url     # for the facilitator's terminal only
    server.stop()
"""

from __future__ import annotations

import socket
import threading
import time
from typing import TYPE_CHECKING, Any

from gameday.errors import DrillError

if TYPE_CHECKING:
    from gameday.clock import Clock
    from gameday.drill.locate import Drill
    from gameday.drill.web.room import Room
    from gameday.target import Target

__all__ = ["WebServer", "advertised_host", "start_web"]


def advertised_host(bound: str) -> str:
    """The address to tell remote responders: the bound one, or this host's outward address
    when bound to every interface (a UDP "connect" sends nothing, it only picks a route)."""
    if bound not in ("0.0.0.0", "", "::"):
        return f"[{bound}]" if ":" in bound else bound
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed anywhere real
            return str(s.getsockname()[0])
    except OSError:
        return "127.0.0.1"


class WebServer:
    """uvicorn serving the room's app on a socket bound before the thread starts (so a taken
    port is an error at once, and port 0 is known)."""

    def __init__(self, room: Room, sock: socket.socket, url: str) -> None:
        import uvicorn

        from gameday.drill.web.app import build_app

        self.room = room
        self.sock = sock
        self.url = url
        self.server_address = sock.getsockname()[:2]
        config = uvicorn.Config(
            build_app(room),
            log_level="critical",  # the runner owns the terminal; errors are 5xx answers
            access_log=False,  # an access log would print the join link's token
            lifespan="on",
            timeout_keep_alive=15,
            timeout_graceful_shutdown=3,  # the drill has ended: do not wait on open streams
            limit_concurrency=500,
            ws="none",
            http="h11",
            loop="asyncio",
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [sock]}, name="gameday-web", daemon=True
        )

    @property
    def join_url(self) -> str:
        return f"{self.url}/join?token={self.room.tokens.secrets['responder']}"

    @property
    def facilitator_url(self) -> str:
        return f"{self.url}/facilitator/join?token={self.room.tokens.secrets['facilitator']}"

    def start(self, timeout: float = 15.0) -> None:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise DrillError("the drill's web endpoint did not start")
            time.sleep(0.01)

    def stop(self, timeout: float = 5.0) -> None:
        self.server.should_exit = True
        self.thread.join(timeout)
        if self.thread.is_alive():
            self.server.force_exit = True
            self.thread.join(timeout)
        try:
            self.sock.close()
        except OSError:
            pass

    # the stdlib server's names, which the runner's finish calls
    def shutdown(self) -> None:
        self.stop()

    def server_close(self) -> None:
        return None


def start_web(
    drill: Drill,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    clock: Clock | None = None,
    target: Target | None = None,
    scenario: Any = None,
    playbook: Any = None,
) -> tuple[WebServer, str]:
    """Serve ``drill``'s room from a thread; return the server and its base URL (saved in meta)."""
    from gameday.drill.web.room import Room

    try:
        info = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(info[0], socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(info[4])
        sock.listen(128)
        sock.setblocking(False)
    except OSError as exc:
        raise DrillError(f"cannot serve the drill endpoint on {host}:{port}: {exc}") from None
    bound_host, bound_port = sock.getsockname()[:2]
    url = f"http://{advertised_host(str(bound_host))}:{bound_port}"
    room = Room(drill, clock=clock, target=target, scenario=scenario, playbook=playbook)
    room.refresh()
    server = WebServer(room, sock, url)
    try:
        server.start()
    except Exception:
        server.stop()
        raise
    drill.update(url=url)
    return server, url
