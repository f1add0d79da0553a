"""Swarm mode for test sessions, on an engine other people use at the same time.

The first session that needs swarm mode on an engine that is not in it runs ``docker swarm init
--advertise-addr 127.0.0.1`` (listening on loopback only) and leaves a marker; every session
registers itself as a holder. Leaving is the dangerous half: ``docker swarm leave`` detaches the
containers of every local bridge network in dockerd (their embedded DNS stops answering), so it
breaks any compose stack running at that moment, anyone's. The last holder out therefore leaves
only if a test session created the swarm, it is still that swarm (same cluster id), no service is
left on it, and *no container at all runs on the engine*: in CI that is the end of the session,
after every stack is down (the release runs from ``pytest_sessionfinish``, after all fixtures).
Otherwise the engine stays in swarm mode and the release says why. An engine that was already
in swarm mode is never left. Holders are files named by pid, so a session killed with -9 does not
pin the swarm forever.
"""

from __future__ import annotations

import json
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gameday.state import file_lock

LOCK_DIR = Path(tempfile.gettempdir()) / "gameday-swarm-mode"
GWBRIDGE = "docker_gwbridge"


@dataclass(frozen=True)
class Lease:
    holder: Path
    created: bool  # this session ran `docker swarm init`


def _dir(docker: Any) -> Path:
    engine_id = str(docker.info().get("ID") or "engine").replace(":", "")[:24]
    d = LOCK_DIR / engine_id
    d.mkdir(parents=True, exist_ok=True, mode=0o700)
    return d


def _cluster_id(docker: Any) -> str:
    return str(((docker.info().get("Swarm") or {}).get("Cluster") or {}).get("ID") or "")


def _alive(holder: Path) -> bool:
    try:
        pid = int(holder.name.split("-")[1])
        os.kill(pid, 0)
    except (IndexError, ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


def _gwbridges(docker: Any) -> list[Any]:
    return [n for n in docker.networks.list(names=[GWBRIDGE]) if n.name == GWBRIDGE]


def acquire(docker: Any) -> Lease:
    d = _dir(docker)
    with file_lock(d / "lock"):
        state = (docker.info().get("Swarm") or {}).get("LocalNodeState")
        created = False
        if state == "inactive":
            had_gwbridge = bool(_gwbridges(docker))
            docker.swarm.init(advertise_addr="127.0.0.1", listen_addr="127.0.0.1:2377")
            marker = {"cluster": _cluster_id(docker), "gwbridge_existed": had_gwbridge}
            (d / "created.json").write_text(json.dumps(marker))
            created = True
        elif state != "active":
            raise RuntimeError(f"the engine's swarm state is {state!r}; cannot test on it")
        holder = d / f"holder-{os.getpid()}-{secrets.token_hex(4)}"
        holder.write_text("")
    return Lease(holder, created)


def release(docker: Any, lease: Lease) -> str:
    """Give the lease back; returns what was done, for the session log."""
    d = lease.holder.parent
    with file_lock(d / "lock"):
        lease.holder.unlink(missing_ok=True)
        for other in d.glob("holder-*"):
            if not _alive(other):
                other.unlink(missing_ok=True)
        if any(d.glob("holder-*")):
            return "swarm mode kept: another test session still uses it"
        marker_path = d / "created.json"
        if not marker_path.exists():
            return "swarm mode kept: it was on before the tests"
        marker = json.loads(marker_path.read_text() or "{}")
        if marker.get("cluster") != _cluster_id(docker):
            marker_path.unlink()
            return "swarm mode kept: it is no longer the swarm the tests created"
        services = docker.services.list()
        if services:
            return f"swarm mode kept: {len(services)} service(s) still on it"
        running = docker.containers.list(ignore_removed=True)
        if running:  # leaving would cut their embedded DNS (see the module docstring)
            return f"swarm mode kept: {len(running)} container(s) run on the engine"
        docker.swarm.leave(force=True)
        if not marker.get("gwbridge_existed"):
            for net in _gwbridges(docker):
                net.reload()
                if not net.attrs.get("Containers"):
                    net.remove()
        marker_path.unlink()
        return "left the swarm the tests had created"
