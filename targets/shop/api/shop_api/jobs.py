"""Batch jobs of the shop, run beside the API (cron starts them: ``python3 -m shop_api.jobs NAME``).

``export-orders`` copies orders to the finance warehouse in batches, 8 workers in parallel. It
has a known bug, kept on purpose for the pool-exhaustion Game Day: each batch opens its own
connection and keeps it open (idle in transaction, "until the export commits"), so a long
export takes one PostgreSQL connection per batch until ``max_connections`` is reached and
nobody else can connect. It keeps
retrying when the server refuses it, so ending its sessions only buys seconds: the leak stops
when the job's process does.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Callable

import psycopg2

APP_NAME = "order-export"
BATCH = 500
WORKERS = 8  # parallel export workers
log = logging.getLogger("shop_jobs")


def _export_worker(worker: int, held: list, lock: threading.Lock) -> None:
    last_id = worker * 10_000
    batches = 0
    while True:
        try:
            conn = psycopg2.connect(application_name=APP_NAME, connect_timeout=5)
        except psycopg2.OperationalError as exc:
            log.warning("worker %d: cannot connect (the job holds %d connections): %s; "
                        "retrying in 1 s", worker, len(held), str(exc).strip())  # fmt: skip
            time.sleep(1.0)
            continue
        cur = conn.cursor()
        cur.execute(
            "SELECT id, product_id, quantity, amount_cents, customer, created_at FROM orders"
            " WHERE id > %s ORDER BY id LIMIT %s",
            (last_id, BATCH),
        )
        rows = cur.fetchall()
        with lock:
            held.append(conn)  # BUG: kept open until the whole export commits
        batches += 1
        last_id = rows[-1][0] if rows else 0  # no rows: a new pass over every order
        if batches % 10 == 0:
            log.info("worker %d: exported %d batches, up to order %d (%d connections open)",
                     worker, batches, last_id, len(held))  # fmt: skip
        time.sleep(0.05)


def _run_workers(worker: Callable[[int, list, threading.Lock], None]) -> int:
    """Run WORKERS threads of ``worker`` sharing one list of (leaked) connections."""
    held: list = []
    lock = threading.Lock()
    threads = [
        threading.Thread(target=worker, args=(n, held, lock), daemon=True) for n in range(WORKERS)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return 0


def export_orders() -> int:
    """Export with WORKERS threads in parallel, each leaking a connection per batch."""
    return _run_workers(_export_worker)


RECONCILER = "payments-reconciler"


def _reconcile_worker(worker: int, held: list, lock: threading.Lock) -> None:
    """One reconciler worker: the export's bug, copied with its code (a connection per batch,
    kept open "until the run commits"), on the orders whose charge timed out."""
    while True:
        try:
            conn = psycopg2.connect(application_name=RECONCILER, connect_timeout=5)
        except psycopg2.OperationalError as exc:
            log.warning("reconciler %d: cannot connect (the job holds %d connections): %s; "
                        "retrying in 1 s", worker, len(held), str(exc).strip())  # fmt: skip
            time.sleep(1.0)
            continue
        cur = conn.cursor()
        cur.execute(  # charges to re-check with the provider, locked so no other run takes them
            "SELECT id, payment_id FROM orders WHERE status IN ('payment_pending', 'paid')"
            " ORDER BY id DESC LIMIT 20 FOR UPDATE SKIP LOCKED"
        )
        rows = cur.fetchall()
        with lock:
            held.append(conn)  # BUG: kept open until the whole run commits
        if len(held) % 20 == 0:
            log.info("reconciler %d: re-checking %d charges (%d connections open)",
                     worker, len(rows), len(held))  # fmt: skip
        time.sleep(0.05)


def reconcile_payments() -> int:
    """Re-check, with WORKERS threads, the charges that timed out at the payments provider.
    The cascade Game Day starts it once the provider is slow: it leaks like export-orders."""
    return _run_workers(_reconcile_worker)


JOBS = {"export-orders": export_orders, "reconcile-payments": reconcile_payments}


def main(argv: list[str]) -> int:
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s shop-jobs[%(process)d]: %(message)s"
    )
    if len(argv) != 1 or argv[0] not in JOBS:
        print(f"usage: python3 -m shop_api.jobs {{{'|'.join(JOBS)}}}", file=sys.stderr)
        return 2
    log.info("job %s starting", argv[0])
    return JOBS[argv[0]]()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
