"""Simulated customers of the shop: they browse products and now and then check out.

Run against the proxy over HTTPS, verifying the staging CA (so an expired or foreign certificate
fails for customers exactly as it would in a browser)::

    GAMEDAY_CA=$(...)/ca.crt locust -f targets/shop/locustfile.py --host https://127.0.0.1:8443

``GAMEDAY_CA`` is the CA certificate path (``gameday target status --json`` shows it); without it
the system trust store is used and the staging certificate is rejected.
"""

from __future__ import annotations

import os
import random

from locust import HttpUser, between, task

PRODUCT_COUNT = 1000


class Customer(HttpUser):
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        ca = os.environ.get("GAMEDAY_CA")
        if ca:
            self.client.verify = ca
        self.name = f"customer{random.randint(1, 100_000)}"

    @task(5)
    def browse(self) -> None:
        offset = random.randrange(0, PRODUCT_COUNT, 20)
        self.client.get(f"/products?limit=20&offset={offset}", name="/products")

    @task(3)
    def view_product(self) -> None:
        self.client.get(f"/products/{random.randint(1, PRODUCT_COUNT)}", name="/products/[id]")

    @task(1)
    def checkout(self) -> None:
        payload = {
            "product_id": random.randint(1, PRODUCT_COUNT),
            "quantity": random.randint(1, 3),
            "customer": self.name,
        }
        with self.client.post("/checkout", json=payload, catch_response=True) as resp:
            if resp.status_code == 201:
                resp.success()
            else:
                resp.failure(f"checkout HTTP {resp.status_code}")
