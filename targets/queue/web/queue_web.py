"""The queue's web front: takes jobs over HTTP and puts them on a Redis list for the worker.

POST /jobs        {"task": "resize-image", "payload": "...", "wait": 2}
                  -> 202 {"id", "status": "queued"}; with "wait" (seconds, at most 10) it
                  waits for the worker's result: 200 {"id", "status": "done", "result"} or
                  504 {"id", "status": "queued", "waited"} (the job stays queued)
GET  /jobs/<id>   -> 200 the job's record (status queued|running|done), 404 unknown
GET  /stats       -> 200 {"backlog", "processed", "worker_heartbeat_age_s"}
GET  /health      -> 200 when redis answers a PING, else 503 (the web's own health only)

Jobs are hashes ``job:<id>`` (status, task, created, started, finished, worker, result) kept
for an hour; the list ``jobs`` is the queue; the worker pushes each result onto
``done:<id>`` too, so a waiting request wakes at once (BLPOP) instead of polling.
"""

from __future__ import annotations

import json
import logging
import os
import time
import uuid

import redis
from flask import Flask, jsonify, request

log = logging.getLogger("queue.web")
logging.basicConfig(
    level=logging.INFO, format="%(asctime)s %(levelname)s [web] %(message)s", force=True
)

REDIS_URL = os.environ.get("REDIS_URL", "redis://redis:6379/0")
QUEUE = "jobs"
MAX_WAIT_S = 10.0
JOB_TTL_S = 3600

# Quick calls time out fast (a frozen redis makes /health fail, not hang); waits get longer.
fast = redis.Redis.from_url(REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
slow = redis.Redis.from_url(REDIS_URL, socket_timeout=MAX_WAIT_S + 3, socket_connect_timeout=2)

app = Flask(__name__)


def _error(status: int, message: str):
    return jsonify({"error": message}), status


@app.post("/jobs")
def submit():
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("task"), str):
        return _error(400, 'send JSON {"task": "...", "payload": ..., "wait": seconds}')
    try:
        wait = float(body.get("wait") or 0)
    except (TypeError, ValueError):
        return _error(400, "wait must be a number of seconds")
    wait = max(0.0, min(wait, MAX_WAIT_S))
    job_id = uuid.uuid4().hex
    record = {
        "status": "queued",
        "task": body["task"][:100],
        "payload": json.dumps(body.get("payload"))[:2000],
        "created": f"{time.time():.3f}",
    }
    try:
        pipe = fast.pipeline()
        pipe.hset(f"job:{job_id}", mapping=record)
        pipe.expire(f"job:{job_id}", JOB_TTL_S)
        pipe.lpush(QUEUE, job_id)
        _, _, depth = pipe.execute()
    except redis.RedisError as exc:
        log.error("enqueue failed for task %s: %s", record["task"], exc)
        return _error(503, f"queue unavailable: {exc}")
    log.info("enqueued job %s task=%s backlog=%s", job_id, record["task"], depth)
    if depth and int(depth) > 100 and int(depth) % 100 == 1:
        log.warning("backlog is %s jobs", depth)
    if wait <= 0:
        return jsonify({"id": job_id, "status": "queued"}), 202
    started = time.monotonic()
    try:
        got = slow.blpop([f"done:{job_id}"], timeout=max(1, round(wait)))
    except redis.RedisError as exc:
        log.error("waiting for job %s failed: %s", job_id, exc)
        return _error(503, f"queue unavailable: {exc}")
    waited = round(time.monotonic() - started, 3)
    if got is None:
        log.warning("job %s not done after %.1f s (backlog %s)", job_id, waited, depth)
        return jsonify({"id": job_id, "status": "queued", "waited": waited}), 504
    return jsonify({"id": job_id, "status": "done", "result": got[1].decode(), "waited": waited})


@app.get("/jobs/<job_id>")
def show(job_id: str):
    if not job_id.isalnum() or len(job_id) > 64:
        return _error(404, "no such job")
    try:
        raw = fast.hgetall(f"job:{job_id}")
    except redis.RedisError as exc:
        return _error(503, f"queue unavailable: {exc}")
    if not raw:
        return _error(404, "no such job")
    job = {k.decode(): v.decode() for k, v in raw.items()}
    job["id"] = job_id
    job["age_s"] = round(time.time() - float(job.get("created", time.time())), 3)
    return jsonify(job)


@app.get("/stats")
def stats():
    try:
        backlog, processed, beat = fast.pipeline().llen(QUEUE).get("stats:processed").get(
            "worker:heartbeat"
        ).execute()
    except redis.RedisError as exc:
        return _error(503, f"queue unavailable: {exc}")
    age = round(time.time() - float(beat), 1) if beat else None
    return jsonify(
        {"backlog": backlog, "processed": int(processed or 0), "worker_heartbeat_age_s": age}
    )


@app.get("/health")
def health():
    try:
        fast.ping()
    except redis.RedisError as exc:
        log.error("health: redis unreachable: %s", exc)
        return _error(503, f"redis unreachable: {exc}")
    return jsonify({"status": "ok"})
