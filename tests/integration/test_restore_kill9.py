"""Restore after the injecting process dies: kill -9 (nothing runs), SIGTERM and Ctrl-C.

The injector is a real subprocess; ``kill -9`` is a real SIGKILL. Afterwards the fault is
still live on the stack, the journal lists it, and a fresh ``gameday restore`` undoes it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from gameday.clock import RealClock
from gameday.faults._util import container_state, psql
from gameday.faults.apply import rebuild
from gameday.faults.restore import poll_steady
from gameday.journal import pending_restores
from gameday.probes.runner import bind_all, check_all
from gameday.scenario.loader import load_scenario
from gameday.state import project_root

pytestmark = pytest.mark.docker

ROOT = project_root()
GAMEDAY = str(Path(sys.executable).with_name("gameday"))
SCENARIO = str(ROOT / "scenarios" / "heavy-migration.yaml")

# The injector. It stops (and waits to be killed) at the point named by argv[1]:
#   recorded - the journal entry is fsync'd, the fault has not acted yet
#   acted    - inject has run (the lock is held), verify_live has not finished
#   guarded  - like acted, but inside `restoring()`, as the drill runner and selftest run
INJECTOR = textwrap.dedent(
    """
    import json, sys, time
    from gameday import journal
    from gameday.faults import FAULTS
    from gameday.faults.apply import inject_fault
    from gameday.faults.guard import restoring
    from gameday.target import resolve_target

    stop_at, fault_type, scenario = sys.argv[1], sys.argv[2], sys.argv[4]
    params = json.loads(sys.argv[3])

    def park(what):
        print(what, flush=True)
        time.sleep(3600)

    if stop_at == "recorded":
        real_record = journal.Journal.record
        def record(self, **kw):
            entry = real_record(self, **kw)
            park("RECORDED")
            return entry
        journal.Journal.record = record
    else:
        fault = FAULTS.get(fault_type)
        real_verify = fault.verify_live
        def verify_live(ctx):
            real_verify(ctx)
            park("LIVE")
        fault.verify_live = verify_live

    target = resolve_target("targets/shop")
    if stop_at == "guarded":
        with restoring():
            inject_fault(target, fault_type, params, name="kill-test", scenario=scenario)
    else:
        inject_fault(target, fault_type, params, name="kill-test", scenario=scenario)
    """
)


def env_for(shop: Any) -> dict[str, str]:
    env = os.environ.copy()
    env.update(
        GAMEDAY_PROJECT=shop.project,
        GAMEDAY_PROXY_PORT=str(shop.proxy_port),
        GAMEDAY_DB_PORT=str(shop.db_port),
        PYTHONPATH=str(ROOT),
    )
    return env


def start_injector(shop: Any, stop_at: str, fault_type: str, params: dict) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", INJECTOR, stop_at, fault_type, json.dumps(params), SCENARIO],
        cwd=ROOT,
        env=env_for(shop),
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    line = proc.stdout.readline().strip()  # blocks until the injector parks
    assert line in ("RECORDED", "LIVE"), line
    return proc


def mine(shop: Any) -> list[Any]:
    return [e for e in pending_restores() if e.project == shop.project]


def steady(shop: Any) -> tuple[bool, list[str]]:
    bound = bind_all(shop, load_scenario(SCENARIO).steady_state)
    return poll_steady(lambda: check_all(bound), RealClock(), 60.0)


def gameday_restore(shop: Any) -> subprocess.CompletedProcess:
    return subprocess.run(
        [GAMEDAY, "restore"],
        cwd=ROOT,
        env=env_for(shop),
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_kill9_after_the_fault_acted_then_restore(shop: Any) -> None:
    proc = start_injector(shop, "acted", "heavy_migration", {"hold": "10m"})
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL

    # The runner is gone; the migration's lock is not (it runs detached in the db container).
    [entry] = mine(shop)
    assert entry.pid == proc.pid and entry.type == "heavy_migration"
    rebuild(entry, shop).fault.verify_live(rebuild(entry, shop).ctx)  # still live
    ok, lines = steady(shop)
    assert not ok and any("checkout" in ln and ln.startswith("FAIL") for ln in lines)

    # A later command refuses to start on top of it.
    check = "from gameday.journal import ensure_no_pending; ensure_no_pending()"
    run = subprocess.run(
        [sys.executable, "-c", check], env=env_for(shop), capture_output=True, text=True
    )
    assert run.returncode != 0 and "RestorePending" in run.stderr

    result = gameday_restore(shop)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "undone" in result.stdout and "holds" in result.stdout
    assert mine(shop) == []
    assert (
        psql(
            shop, "SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'migration_%'"
        )
        == "0"
    )
    assert steady(shop)[0]

    again = gameday_restore(shop)  # idempotent
    assert again.returncode == 0 and "nothing to restore" in again.stdout


def test_kill9_after_the_journal_entry_before_the_fault_acted(shop: Any) -> None:
    before = shop.deployed_version("api")
    proc = start_injector(shop, "recorded", "bad_deploy", {"service": "api", "version": "v2"})
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    [entry] = mine(shop)
    assert entry.state == {"previous_version": before}
    assert shop.deployed_version("api") == before  # never acted
    result = gameday_restore(shop)
    assert result.returncode == 0, result.stdout + result.stderr
    assert mine(shop) == [] and shop.deployed_version("api") == before


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_sigterm_and_ctrl_c_restore_before_exiting(shop: Any, sig: signal.Signals) -> None:
    proc = start_injector(shop, "guarded", "pause_service", {"service": "payments"})
    assert container_state(shop, "payments") == "paused"
    proc.send_signal(sig)
    code = proc.wait(timeout=120)
    assert code != 0
    assert container_state(shop, "payments") == "running"
    assert mine(shop) == []
    assert steady(shop)[0]
