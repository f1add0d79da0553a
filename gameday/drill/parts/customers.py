"""Simulated customers as a session part: the Locust child, its stats fed to the machine.

Started after the monitors so the baseline sees traffic; stopped after the restore, so the
scorecard's customer impact covers the recovery too. The child's pid goes into the drill's
metadata: a resumed runner stops a Locust its dead predecessor left behind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gameday.drill.customers import Customers, SwarmLoad
from gameday.drill.part import Part, Session

if TYPE_CHECKING:
    from gameday.drill.plan import RunOptions

READ_EVERY_S = 1.0


class CustomersPart(Part):
    name = "customers"
    required = True

    def __init__(self, users: int, options: RunOptions | None = None) -> None:
        self.users = users
        self.options = options
        self.customers: Customers | None = None
        self._session: Session | None = None
        self._last_read = float("-inf")
        self._warned = False

    def start(self, session: Session) -> None:
        self._session = session
        target = session.target
        o = self.options
        self.customers = Customers(
            locustfile=target.path / "locustfile.py",
            host=str(target.endpoints()["proxy"]),
            ca_path=target.ca_path,
            users=self.users,
            workdir=session.drill.dir,
            workers=o.workers if o else 0,
            remote_workers=o.remote_workers if o else 0,
            master_bind=o.master_bind if o else "127.0.0.1",
            master_port=o.master_port if o else 0,
            swarm=swarm_load(session, o),
        )
        pid = self.customers.start()
        meta = session.drill.meta()
        extra = {**meta.extra, "locust_pid": pid, "locust_worker_pids": self.customers.worker_pids}
        if self.customers.swarm is not None:  # `gameday end`/`abort` remove it if we die
            extra["locust_service_project"] = self.customers.swarm.project
        session.drill.update(extra=extra)
        c = self.customers
        if c.distributed:
            session.say(
                f"gameday: Locust master on {c.master_bind}:{c.master_port}, waiting for "
                f"{c.workers + c.remote_workers} worker(s) ({c.workers} on this host"
                + (
                    f"; on other hosts: gameday workers --master <this host>:{c.master_port})"
                    if c.remote_workers
                    else ")"
                )
            )

    def tick(self, now: float) -> None:
        if now - self._last_read < READ_EVERY_S:
            return
        self._last_read = now
        self._read(now)
        c, s = self.customers, self._session
        if c is not None and s is not None and not c.alive() and not self._warned:
            self._warned = True
            s.say(f"gameday: Locust exited; see {c.log_path}")

    def _read(self, now: float) -> None:
        if self.customers is None or self._session is None:
            return
        for stats in self.customers.read_new(now):
            self._session.feed(stats)

    def stop(self) -> None:
        if self.customers is None or self._session is None:
            return
        self._read(self._session.now())
        self.customers.stop()


def swarm_load(session: Session, options: RunOptions | None) -> SwarmLoad | None:
    """On a swarm target the workers are a service (``gameday.target.swarm.locust``); its image
    is built here, before the baseline, when it is not cached yet."""
    target = session.target
    if options is None or not options.workers or target.engine.name != "swarm":
        return None
    from gameday.target.lifecycle import resolve_base_image
    from gameday.target.swarm import locust as swarm_locust

    resolve_base_image(target, session.say)
    image = swarm_locust.ensure_image(str(target.base_image), session.say)
    bind = options.master_bind
    loopback = bind in ("127.0.0.1", "::1", "localhost", "0.0.0.0", "::")
    return SwarmLoad(
        project=target.project,
        target=target.name,
        image=image,
        master_host="127.0.0.1" if loopback else bind,
    )
