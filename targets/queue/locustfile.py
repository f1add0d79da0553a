"""Simulated customers of the queue: they submit jobs and come back for the results.

    locust -f targets/queue/locustfile.py --host http://127.0.0.1:8088

Most jobs are fire-and-forget (202); some customers wait for theirs (``"wait": 3``: 200 when
the worker did it, 504 when it is still queued: a failure, as for a customer watching a
spinner). Checking a job submitted more than 10 s ago that is still queued fails too, so a
stuck worker shows as customer failures even though every submit is accepted.
"""

from __future__ import annotations

import random
import time

from locust import HttpUser, between, task

TASKS = ("resize-image", "send-email", "render-invoice", "sync-crm")
STALE_S = 10.0


class Customer(HttpUser):
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        self.mine: list[tuple[str, float]] = []

    @task(5)
    def submit(self) -> None:
        body = {"task": random.choice(TASKS), "payload": {"n": random.randint(1, 10_000)}}
        with self.client.post("/jobs", json=body, name="/jobs", catch_response=True) as resp:
            if resp.status_code == 202:
                self.mine = [*self.mine[-19:], (resp.json()["id"], time.monotonic())]
                resp.success()
            else:
                resp.failure(f"submit HTTP {resp.status_code}")

    @task(2)
    def submit_and_wait(self) -> None:
        body = {"task": "render-invoice", "payload": {"n": 1}, "wait": 3}
        with self.client.post(
            "/jobs", json=body, name="/jobs (wait)", catch_response=True
        ) as resp:
            if resp.status_code == 200:
                resp.success()
            else:
                resp.failure(f"job not done in 3 s (HTTP {resp.status_code})")

    @task(2)
    def check(self) -> None:
        if not self.mine:
            return
        job_id, sent = random.choice(self.mine)
        with self.client.get(f"/jobs/{job_id}", name="/jobs/[id]", catch_response=True) as resp:
            if resp.status_code != 200:
                resp.failure(f"job lookup HTTP {resp.status_code}")
            elif resp.json().get("status") != "done" and time.monotonic() - sent > STALE_S:
                resp.failure(f"job still {resp.json().get('status')} after {STALE_S:.0f} s")
            else:
                resp.success()
