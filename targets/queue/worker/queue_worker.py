"""The queue's worker: takes jobs off the Redis list ``jobs`` one at a time and does them.

A job is ``job:<id>`` (a hash the web wrote); the worker marks it running, does the work (about a
millisecond of hashing, standing in for resizing an image), marks it done with the
result, pushes the result onto ``done:<id>`` for a waiting request and counts it in
``stats:processed``. Every loop (at least once a second) it touches /tmp/worker-alive (the
container's healthcheck) and sets ``worker:heartbeat`` (``GET /stats`` shows its age). On
SIGTERM it finishes the job in hand, then exits.
"""

from __future__ import annotations

import hashlib
import logging
import os
import signal
import time
from pathlib import Path

import redis

log = logging.getLogger("queue.worker")
NAME = os.environ.get("WORKER_NAME", "worker")
logging.basicConfig(
    level=logging.INFO,
    format=f"%(asctime)s %(levelname)s [{NAME}] %(message)s",
    force=True,
)

REDIS_URL = os.environ.get("REDIS_URL", "redis://redis:6379/0")
QUEUE = "jobs"
ALIVE = Path("/tmp/worker-alive")
# About a millisecond of hashing per job on an idle core: the worker keeps far ahead of the
# customers, so a backlog drains in seconds once it runs again (on a loaded host, slower).
WORK_ROUNDS = int(os.environ.get("WORK_ROUNDS", "2000"))

stopping = False


def _stop(signum: int, _frame: object) -> None:
    global stopping
    stopping = True
    log.info("got signal %d; finishing the job in hand, then exiting", signum)


def work(task: bytes, payload: bytes) -> str:
    digest = hashlib.sha256(task + payload)
    for _ in range(WORK_ROUNDS):
        digest = hashlib.sha256(digest.digest())
    return digest.hexdigest()[:16]


def handle(r: redis.Redis, job_id: str) -> None:
    key = f"job:{job_id}"
    started = time.time()
    pipe = r.pipeline()
    pipe.hgetall(key)
    pipe.hset(key, mapping={"status": "running", "started": f"{started:.3f}", "worker": NAME})
    record, _ = pipe.execute()
    if not record or b"created" not in record:
        r.delete(key)
        log.warning("job %s vanished before it ran (expired?)", job_id)
        return
    result = work(record.get(b"task", b""), record.get(b"payload", b""))
    finished = time.time()
    pipe = r.pipeline()
    pipe.hset(key, mapping={"status": "done", "finished": f"{finished:.3f}", "result": result})
    pipe.lpush(f"done:{job_id}", result)
    pipe.expire(f"done:{job_id}", 60)
    pipe.incr("stats:processed")
    pipe.execute()
    queued_for = started - float(record.get(b"created", started))
    log.info(
        "job %s task=%s done in %.0f ms (queued %.1f s)",
        job_id,
        record.get(b"task", b"?").decode(errors="replace"),
        (finished - started) * 1000,
        queued_for,
    )
    if queued_for > 10:
        log.warning("job %s waited %.1f s in the queue", job_id, queued_for)


def main() -> None:
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    r = redis.Redis.from_url(REDIS_URL, socket_timeout=5, socket_connect_timeout=2)
    log.info("starting; queue %r on %s", QUEUE, REDIS_URL)
    down_since: float | None = None
    while not stopping:
        try:
            r.set("worker:heartbeat", f"{time.time():.3f}")
            ALIVE.touch()
            if down_since is not None:
                log.info("redis reachable again after %.1f s", time.time() - down_since)
                down_since = None
            item = r.brpop([QUEUE], timeout=1)
            if item is not None:
                handle(r, item[1].decode())
        except redis.RedisError as exc:
            if down_since is None:
                down_since = time.time()
                log.error("redis error: %s; retrying every second", exc)
            time.sleep(1)
    log.info("stopped")


if __name__ == "__main__":
    main()
