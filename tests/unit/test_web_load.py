"""Thirty clients at once: every action recorded, none lost, and the live stream follows.

Behaviour only (no timing: benchmarks/web_bench.py measures latency)."""

from __future__ import annotations

import http.client
import json
import threading
from pathlib import Path
from urllib.parse import urlsplit

from gameday import events as ev
from gameday.drill.locate import create_drill
from gameday.drill.web import start_web
from tests.unit.test_web_room import Browser, joined, sse_first

CLIENTS, EACH = 30, 10


def _client(url: str, token: str, c: int, errors: list[str]) -> None:
    u = urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname or "", u.port or 80, timeout=60)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    try:
        for i in range(EACH):
            kind = ("note", "say", "update")[i % 3]
            body = {"action": kind, "as": f"c{c}", "params": {"text": f"load {c}-{i}"}}
            conn.request("POST", "/api/actions", json.dumps(body).encode(), headers)
            resp = conn.getresponse()
            data = resp.read()
            if resp.status != 200:
                errors.append(f"{resp.status} {data[:100]!r}")
    except OSError as exc:
        errors.append(str(exc))
    finally:
        conn.close()


def test_thirty_clients_lose_nothing_and_the_stream_follows(state_dir: Path) -> None:
    drill = create_drill("bench", team="t")
    server, url = start_web(drill)
    try:
        token = drill.meta().token
        errors: list[str] = []
        threads = [
            threading.Thread(target=_client, args=(url, token, c, errors)) for c in range(CLIENTS)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert errors == []
        texts = {str(e.data.get("text")) for e in drill.log().events()}
        want = {f"load {c}-{i}" for c in range(CLIENTS) for i in range(EACH)}
        assert want <= texts  # none lost
        assert len(drill.log().events(kinds=[ev.NOTE, ev.SAY, ev.UPDATE])) == CLIENTS * EACH
        b, _ = joined(url, server.join_url)
        last = sse_first(url, "/events/room", b.cookies)["channel"]
        assert "load" in last  # the live view shows the burst
        assert Browser(url).get("/healthz")[0] == 200  # and the endpoint is still there
    finally:
        server.stop()
        drill.close()
