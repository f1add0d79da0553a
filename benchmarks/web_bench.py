"""The drill room's cost: runner start-up and memory of its web endpoint, and action latency
under load. Prints numbers; asserts nothing (docs: benchmarks/README.md).

``startup``: a fresh process creates a drill (temporary state dir), starts the drill's endpoint
and waits for ``GET /healthz``; it reports the time from the import of the endpoint module to
the first answer and the process's resident memory before and after (``VmRSS``), median of N.
``--before DIR`` runs the same probe against another checkout (e.g. ``git archive main`` into
/tmp): the stdlib ``http.server`` endpoint, for the before/after in pyproject.toml.

``load``: 30 concurrent clients (``--clients``) post ``--actions`` actions (notes, chat, status
posts) to a running endpoint over HTTP, each through the API with the join token; every answer
is checked and every event is looked for in the log afterwards (none lost). Prints p50/p95/max
action latency and the throughput; ``--browsers K`` replaces K of the API clients by headless
Chromium pages posting through the console's form (needs chromium + chromium-driver).

Usage: .venv/bin/python benchmarks/web_bench.py startup [-n 7] [--before DIR]
       .venv/bin/python benchmarks/web_bench.py load [--clients 30] [--actions 1000]
                        [--browsers 3] [--url URL --token T --facilitator-token F]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time

PROBE = r"""
import json, os, sys, time, urllib.request
if os.environ.get("GAMEDAY_BENCH_TREE"):  # time that checkout, not the editable install
    sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in repr(f).lower()]
    sys.path.insert(0, os.environ["GAMEDAY_BENCH_TREE"])
def rss():
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS:'):
            return int(line.split()[1]) / 1024
from gameday.drill.locate import create_drill
drill = create_drill('bench', team='bench')
drill.log()
before = rss()
t0 = time.perf_counter()
try:
    from gameday.drill.web import start_web as start
    kind = 'asgi'
except ImportError:
    from gameday.drill.server import start_server as start  # the checkout before the room
    kind = 'stdlib'
server, url = start(drill, '127.0.0.1', 0)
urllib.request.urlopen(url + '/healthz', timeout=30).read()
t1 = time.perf_counter()
print(json.dumps({'kind': kind, 'start_ms': (t1 - t0) * 1000, 'rss_before_mb': before,
                  'rss_after_mb': rss()}))
sys.stdout.flush()
os._exit(0)
"""


def _probe(pythonpath: str | None) -> dict[str, float | str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["GAMEDAY_STATE_DIR"] = tempfile.mkdtemp(prefix="gameday-webbench-")
    if pythonpath:
        env["GAMEDAY_BENCH_TREE"] = pythonpath
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def startup(n: int, before: str | None) -> None:
    trees = [("this checkout", None)] + ([("before", before)] if before else [])
    for _, path in trees:
        _probe(path)  # warm the bytecode caches
    results: dict[str, list[dict[str, float | str]]] = {name: [] for name, _ in trees}
    for _ in range(n):  # interleaved: both see the same machine load
        for name, path in trees:
            results[name].append(_probe(path))
    for name, runs in results.items():
        med = {k: statistics.median(float(r[k]) for r in runs) for k in runs[0] if k != "kind"}
        print(
            f"{name:14s} [{runs[0]['kind']}] endpoint up in {med['start_ms']:6.1f} ms; "
            f"RSS {med['rss_before_mb']:.1f} -> {med['rss_after_mb']:.1f} MiB "
            f"(+{med['rss_after_mb'] - med['rss_before_mb']:.1f})   median of {n}"
        )


# --- load ----------------------------------------------------------------------------------------
KINDS = ("note", "say", "update")


def _api_client(
    url: str,
    token: str,
    client: int,
    n: int,
    out: list[float],
    errors: list[str],
    done: list[float],
) -> None:
    import http.client
    from urllib.parse import urlsplit

    u = urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname or "", u.port or 80, timeout=60)
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    for i in range(n):
        kind = KINDS[i % len(KINDS)]
        body = {"action": kind, "as": f"api{client}", "params": {"text": f"load {client}-{i}"}}
        t0 = time.perf_counter()
        try:
            conn.request("POST", "/api/actions", json.dumps(body).encode(), headers)
            resp = conn.getresponse()
            data = resp.read()
        except OSError as exc:
            errors.append(f"api{client}: {exc}")
            conn.close()
            conn = http.client.HTTPConnection(u.hostname or "", u.port or 80, timeout=60)
            continue
        out.append(time.perf_counter() - t0)
        done.append(time.perf_counter())
        if resp.status != 200:
            errors.append(f"api{client}: HTTP {resp.status} {data[:200]!r}")
    conn.close()


BROWSER_JS = """
const [n, client, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
const csrf = document.body.getAttribute('data-csrf');
const times = [], errors = [];
(async () => {
  for (let i = 0; i < n; i++) {
    const body = new URLSearchParams({csrf: csrf, text: 'load ' + client + '-' + i});
    const t0 = performance.now();
    try {
      const r = await fetch('/room/act/say', {method: 'POST', body: body,
        credentials: 'same-origin',
        headers: {'Accept': 'application/json', 'X-CSRF-Token': csrf}});
      await r.json();
      times.push((performance.now() - t0) / 1000);
      if (!r.ok) errors.push('HTTP ' + r.status);
    } catch (e) { errors.push(String(e)); }
  }
  done([times, errors]);
})();
"""


def _browser_client(join_url: str, client: int, n: int, out: list[float], errors: list[str]):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By

    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    try:
        driver.set_script_timeout(600)
        driver.get(join_url)
        name = driver.find_element(By.CSS_SELECTOR, "form.other input[name=name]")
        name.send_keys(f"browser{client}")
        driver.find_element(By.CSS_SELECTOR, "form.other button").click()
        deadline = time.monotonic() + 90
        while not driver.find_elements(By.ID, "form-ack"):
            if time.monotonic() > deadline:
                where = driver.current_url
                text = driver.find_element(By.TAG_NAME, "body").text[:200]
                raise RuntimeError(f"the console did not open ({where}: {text!r})")
            time.sleep(0.1)
        times, errs = driver.execute_async_script(BROWSER_JS, n, f"b{client}")
        out.extend(times)
        errors.extend(f"browser{client}: {e}" for e in errs)
    except Exception as exc:
        errors.append(f"browser{client}: {exc}")
    finally:
        driver.quit()


def _watch_dashboard(url: str, join_url: str, stop: threading.Event, seen: list[float]) -> None:
    """Follow the dashboard's live stream as a responder's browser would; when updates come."""
    import http.client
    from urllib.parse import urlsplit

    u = urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname or "", u.port or 80, timeout=30)
    j = urlsplit(join_url)
    conn.request("GET", f"{j.path}?{j.query}")
    resp = conn.getresponse()
    resp.read()
    cookie = (resp.getheader("Set-Cookie") or "").split(";")[0]
    conn.request("GET", "/events/dashboard", headers={"Cookie": cookie})
    resp = conn.getresponse()
    while not stop.is_set():
        line = resp.fp.readline()
        if not line:
            break
        if line.startswith(b"event: sections"):
            seen.append(time.perf_counter())
    conn.close()


def load(url: str | None, token: str | None, clients: int, actions: int, browsers: int) -> None:
    from gameday.drill.locate import find_running_drill

    own = None
    if url is None:  # no drill given: a scratch drill served by its own process, like a runner
        os.environ["GAMEDAY_STATE_DIR"] = tempfile.mkdtemp(prefix="gameday-webbench-")
        own = subprocess.Popen(
            [sys.executable, __file__, "serve"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        assert own.stdout is not None
        url = json.loads(own.stdout.readline())["url"]
        print(
            f"(no --url: a scratch drill served by pid {own.pid} at {url}; "
            "pass --url for a real drill)"
        )
    drill = find_running_drill()  # the benchmark runs on the drill's host: it checks the log
    token = token or drill.meta().token
    join_url = f"{url}/join?token={token}"
    before = drill.log().last_id()
    browsers = min(browsers, clients)
    per = [actions // clients + (1 if i < actions % clients else 0) for i in range(clients)]
    latencies: list[float] = []
    errors: list[str] = []
    stop = threading.Event()
    seen: list[float] = []
    done: list[float] = []
    watcher = threading.Thread(target=_watch_dashboard, args=(url, join_url, stop, seen))
    watcher.daemon = True
    watcher.start()
    threads = []
    t0 = time.perf_counter()
    for c, n in enumerate(per):
        if c < browsers:
            th = threading.Thread(target=_browser_client, args=(join_url, c, n, latencies, errors))
        else:
            th = threading.Thread(
                target=_api_client, args=(url, token, c, n, latencies, errors, done)
            )
        threads.append(th)
        th.start()
    for th in threads:
        th.join()
    wall = time.perf_counter() - t0
    time.sleep(1.5)
    stop.set()
    texts = [
        str(e.data.get("text", ""))
        for e in drill.log().events(since_id=before)
        if str(e.data.get("text", "")).startswith("load ")
    ]
    wanted = {f"load {c}-{i}" for c, n in enumerate(per) if c >= browsers for i in range(n)}
    wanted |= {f"load b{c}-{i}" for c, n in enumerate(per) if c < browsers for i in range(n)}
    lost = wanted - set(texts)
    lat = sorted(latencies)

    def pct(p: float) -> float:
        return lat[min(len(lat) - 1, round(p * (len(lat) - 1)))] * 1000 if lat else float("nan")

    print(
        f"{len(lat)} actions from {clients} clients ({browsers} headless Chromium, "
        f"{clients - browsers} API) in {wall:.1f}s ({len(lat) / wall:.0f}/s)"
    )
    print(f"action latency: p50 {pct(0.50):.0f} ms, p95 {pct(0.95):.0f} ms, max {pct(1.0):.0f} ms")
    got = len(set(texts) & wanted)
    print(f"recorded: {got}/{len(wanted)} (lost {len(lost)}), errors {len(errors)}")
    # liveness: how long after an action the dashboard's stream sent an update
    stale = sorted(next((u for u in seen if u >= d), float("inf")) - d for d in done)
    if stale:
        p95 = stale[min(len(stale) - 1, round(0.95 * (len(stale) - 1)))]
        print(
            f"dashboard stream: {len(seen)} updates; an API action reached it within "
            f"{stale[len(stale) // 2]:.1f}s (p50), {p95:.1f}s (p95), {stale[-1]:.1f}s (max)"
        )
    for e in errors[:5]:
        print("  error:", e)
    if own is not None:
        own.terminate()
        own.wait(10)


def serve() -> None:
    """A scratch drill's endpoint in this process, until stdin closes (``load`` runs it)."""
    from gameday.drill.locate import create_drill
    from gameday.drill.web import start_web

    drill = create_drill("bench", team="bench")
    server, url = start_web(drill)
    print(json.dumps({"url": url}), flush=True)
    sys.stdin.read()
    server.stop()


def main() -> None:
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="what", required=True)
    s = sub.add_parser("startup")
    s.add_argument("-n", type=int, default=7)
    s.add_argument("--before", help="another checkout's root (its gameday package is timed)")
    g = sub.add_parser("load")
    g.add_argument("--url", help="a running drill's endpoint (default: a scratch one)")
    g.add_argument("--token", help="its join token (default: read from the drill on this host)")
    g.add_argument("--clients", type=int, default=30)
    g.add_argument("--actions", type=int, default=1000)
    g.add_argument("--browsers", type=int, default=3, help="of the clients, headless Chromium")
    sub.add_parser("serve")
    args = ap.parse_args()
    if args.what == "serve":
        serve()
    elif args.what == "startup":
        startup(args.n, args.before)
    else:
        load(args.url, args.token, args.clients, args.actions, args.browsers)


if __name__ == "__main__":
    main()
