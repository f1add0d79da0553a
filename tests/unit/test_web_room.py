"""The drill room in HTTP: join links, roles, CSRF, escaping, live sections, the dashboard."""

from __future__ import annotations

import http.client
import json
import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest

from gameday import events as ev
from gameday.drill.locate import create_drill
from gameday.drill.web import start_web

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "scenarios" / "expired-cert.yaml"
HOSTILE = '<img src=x onerror="alert(1)">&<script>alert(2)</script>'


class Browser:
    """Just enough of a browser: cookies, forms, an Origin header when asked."""

    def __init__(self, url: str) -> None:
        u = urlsplit(url)
        self.host, self.port = u.hostname or "", u.port or 80
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> tuple[int, dict[str, str], str]:
        conn = http.client.HTTPConnection(self.host, self.port, timeout=10)
        h = dict(headers or {})
        if self.cookies:
            h["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            conn.request(method, path, body=body, headers=h)
            resp = conn.getresponse()
            for name, value in resp.getheaders():
                if name.lower() == "set-cookie":
                    k, _, rest = value.partition("=")
                    self.cookies[k] = rest.split(";")[0]
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read().decode()
        finally:
            conn.close()

    def get(self, path: str, **headers: str) -> tuple[int, dict[str, str], str]:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, form: dict[str, Any], **headers: str) -> tuple[int, Any]:
        h = {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}
        h.update({k.replace("_", "-"): v for k, v in headers.items()})
        status, _, body = self.request("POST", path, urlencode(form).encode(), h)
        try:
            return status, json.loads(body)
        except ValueError:
            return status, body


def csrf_of(page: str) -> str:
    found = re.search(r'name="csrf" value="([0-9a-f]+)"', page)
    assert found, page[:500]
    return found.group(1)


@pytest.fixture
def room(state_dir: Path):
    drill = create_drill(
        "expired-cert", scenario_path=str(SCENARIO), team="model-team", team_file=None
    )
    drill.log().append(
        ev.DRILL_STARTED,
        {"time_limit_s": 600, "oncall": ["alice", "bob"], "briefing": "The shop is down."},
        t=0.0,
    )
    server, url = start_web(drill)
    yield drill, server, url
    server.stop()
    drill.close()


def joined(url: str, link: str, name: str | None = "alice") -> tuple[Browser, str]:
    b = Browser(url)
    status, headers, _ = b.get(urlsplit(link).path + "?" + urlsplit(link).query)
    assert status == 303 and headers["location"] in ("/room", "/facilitator")
    status, _, page = b.get(headers["location"])
    assert status == 200
    csrf = csrf_of(page)
    if name is not None and headers["location"] == "/room":
        assert b.post("/room/name", {"csrf": csrf, "name": name}, accept="text/html")[0] == 303
    return b, csrf


def test_join_link_sets_a_cookie_and_no_page_shows_a_token(room) -> None:
    drill, server, url = room
    meta = drill.meta()
    b, _csrf = joined(url, server.join_url)
    cookie = b.cookies["gameday_room"]
    assert meta.token not in cookie and meta.facilitator_token not in cookie
    for path in ("/room", "/dashboard", "/status"):
        status, headers, page = b.get(path)
        assert status == 200, path
        assert meta.token not in page and meta.facilitator_token not in page
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
    f, _ = joined(url, server.facilitator_url)
    page = f.get("/facilitator")[2]
    assert meta.token not in page and meta.facilitator_token not in page


def test_wrong_or_missing_join_token(room) -> None:
    _, _, url = room
    b = Browser(url)
    assert b.get("/join?token=nope")[0] == 403
    assert b.get("/join")[0] == 401
    assert b.get("/room")[0] == 401 and b.get("/dashboard")[0] == 401
    assert b.get("/facilitator")[0] == 401


def test_a_responder_can_never_act_as_the_facilitator(room) -> None:
    drill, server, url = room
    meta = drill.meta()
    b, csrf = joined(url, server.join_url)
    assert b.get("/facilitator")[0] == 403
    assert b.get(f"/facilitator/join?token={meta.token}")[0] == 403
    assert b.post("/facilitator/control/hint", {"csrf": csrf, "hint": "1"})[0] == 403
    assert b.get("/events/facilitator")[0] == 403
    api = Browser(url)
    status, _, body = api.request(
        "POST",
        "/api/facilitator/hint",
        json.dumps({"as": "x", "params": {"hint": "1"}}).encode(),
        {"Authorization": f"Bearer {meta.token}", "Content-Type": "application/json"},
    )
    assert status == 403 and "facilitator" in json.loads(body)["error"]
    assert not drill.log().events(kinds=[ev.HINT])


def test_the_facilitator_sends_a_hint_and_the_responder_sees_it(room) -> None:
    drill, server, url = room
    f, fcsrf = joined(url, server.facilitator_url)
    status, body = f.post("/facilitator/control/hint", {"csrf": fcsrf, "hint": "1"})
    assert status == 200, body
    hint = drill.log().events(kinds=[ev.HINT])[-1]
    assert hint.data["index"] == 1 and hint.data["cost"] > 0
    r, _ = joined(url, server.join_url)
    time.sleep(0.6)
    assert hint.data["text"].split(":")[0] in r.get("/room")[2]
    status, body = f.post("/facilitator/control/extend", {"csrf": fcsrf, "by": "10m"})
    assert (
        status == 200 and drill.log().events(kinds=[ev.EXTENDED])[-1].data["time_limit_s"] == 1200
    )
    status, body = f.post("/facilitator/control/extend", {"csrf": fcsrf, "by": "soon"})
    assert status == 400 and "duration" in body["error"]
    status, body = f.post(
        "/facilitator/control/inject",
        {"csrf": fcsrf, "message": "Is it down?", "kind": "stakeholder", "sender": "VP"},
    )
    assert status == 200
    asked = drill.log().events(kinds=[ev.INJECT_DELIVERED])[-1]
    assert asked.data["from"] == "VP" and asked.data["extra"] is True


def test_forms_need_the_csrf_value_and_a_same_origin(room) -> None:
    drill, server, url = room
    b, csrf = joined(url, server.join_url)
    assert b.post("/room/act/ack", {})[0] == 403
    assert b.post("/room/act/ack", {"csrf": "0" * 64})[0] == 403
    assert b.post("/room/act/ack", {"csrf": csrf}, origin="http://evil.example")[0] == 403
    assert b.post("/room/act/ack", {"csrf": csrf}, origin="null")[0] == 403
    assert not drill.log().events(kinds=[ev.ACK])
    status, body = b.post("/room/act/ack", {"csrf": csrf}, origin=url)
    assert status == 200 and body["text"] == "acknowledged the page"
    assert drill.log().events(kinds=[ev.ACK])[-1].actor == "alice"


def test_forms_give_the_cli_error_texts(room, capsys: pytest.CaptureFixture[str]) -> None:
    from gameday.cli import main

    drill, server, url = room
    b, csrf = joined(url, server.join_url)
    for action, form, argv in (
        ("declare", {"sev": "7"}, ["declare", "--sev", "7"]),
        ("role", {"role": "boss", "person": "bob"}, ["role", "boss", "bob"]),
        ("note", {"text": "   "}, ["note", "   "]),
        ("status", {"text": "x", "next": "soon"}, ["status", "x", "--next", "soon"]),
        (
            "status",
            {"text": "x", "component": "checkout=on_fire"},
            ["status", "x", "--component", "checkout=on_fire"],
        ),
    ):
        status, body = b.post(f"/room/act/{action}", {"csrf": csrf, **form})
        assert main([*argv, "--as", "alice"]) == 8
        cli = capsys.readouterr().err.splitlines()[0].removeprefix("gameday: error: ")
        assert status == 400 and body["error"] == cli, action
    status, body = b.post("/room/act/declare", {"csrf": csrf, "sev": "two"})
    assert status == 400 and body["error"] == "declare: sev: 'two' is not a whole number"
    assert b.post("/room/act/explode", {"csrf": csrf})[0] == 404
    status, body = b.post("/room/act/note", {"csrf": csrf, "text": "x" * 20000})
    assert status == 413 and "limit" in body["error"]
    assert not drill.log().events(kinds=[ev.DECLARE, ev.ROLE, ev.NOTE, ev.STATUS])


def test_hostile_text_is_escaped_everywhere(room) -> None:
    drill, server, url = room
    b, csrf = joined(url, server.join_url, name=HOSTILE[:60])
    for action, form in (
        ("note", {"text": HOSTILE}),
        ("say", {"text": HOSTILE}),
        ("status", {"text": HOSTILE, "state": "identified"}),
        ("channel", {"name": "#<b>x</b>"}),
        ("role", {"role": "ic", "person": HOSTILE[:60]}),
    ):
        status, body = b.post(f"/room/act/{action}", {"csrf": csrf, **form})
        assert status == 200, body
    drill.log().append(
        ev.INJECT_DELIVERED,
        {"inject": "q<1>", "kind": "stakeholder", "from": HOSTILE, "message": HOSTILE},
    )
    drill.log().append(ev.HINT, {"text": HOSTILE, "cost": 1})
    time.sleep(0.6)
    f, _ = joined(url, server.facilitator_url)
    pages = [b.get("/room")[2], b.get("/status")[2], f.get("/facilitator")[2]]
    pages.append(b.get("/dashboard")[2])
    for page in pages:
        assert "<script>alert" not in page and "<img src=x" not in page and "<b>x</b>" not in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in pages[0]
    assert "&lt;img src=x" in pages[0]
    stream = sse_first(url, "/events/room", b.cookies)
    assert "<script>alert" not in json.dumps(stream) and "<img src=x" not in "".join(
        stream.values()
    )


def sse_first(url: str, path: str, cookies: dict[str, str]) -> dict[str, str]:
    """The first ``sections`` event of a live stream."""
    u = urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname or "", u.port or 80, timeout=10)
    try:
        cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        resp = conn.getresponse()
        assert resp.status == 200 and resp.getheader("Content-Type", "").startswith(
            "text/event-stream"
        )
        data = ""
        while True:
            line = resp.fp.readline().decode()
            if line.startswith("data: "):
                data = line[6:]
            elif line == "\n" and data:
                return json.loads(data)
    finally:
        conn.close()


def test_live_sections_follow_the_log(room) -> None:
    drill, server, url = room
    b, csrf = joined(url, server.join_url)
    first = sse_first(url, "/events/room", b.cookies)
    assert set(first) >= {"head", "page", "alerts", "channel", "status", "hints"}
    b.post("/room/act/say", {"csrf": csrf, "text": "db looks fine"})
    again = sse_first(url, "/events/room", b.cookies)
    assert "db looks fine" in again["channel"]
    public = sse_first(url, "/events/status", {})
    assert set(public) == {"status"}
    drill.log().append(ev.WRAPUP, {"until_t": 900.0, "window_s": 600.0})
    time.sleep(0.7)
    assert "wrap-up" in sse_first(url, "/events/room", b.cookies)["head"]


def test_the_room_never_shows_the_answer(room) -> None:
    from gameday.scenario.loader import load_scenario

    _drill, server, url = room
    scenario = load_scenario(SCENARIO)
    b, _ = joined(url, server.join_url)
    page = b.get("/room")[2] + b.get("/dashboard")[2]
    assert scenario.root_cause.summary not in page
    for hint in scenario.hints:
        assert str(getattr(hint, "text", hint))[:40] not in page
    for fault in scenario.faults:
        assert fault.type not in page
    f, _ = joined(url, server.facilitator_url)
    truth = f.get("/facilitator")[2]
    assert scenario.faults[0].type in truth and "SEV " in truth


def test_dashboard_charts_each_endpoint_and_monitor(room) -> None:
    drill, server, url = room
    epoch = drill.log().epoch.timestamp()
    lines = []
    for i in range(5):
        lines.append(
            {
                "ts": epoch + 1 + i,
                "interval_s": 1.0,
                "requests": 10,
                "failures": 2 * i,
                "p95_ms": 100.0 + i,
                "endpoints": {
                    "/api/checkout": {"requests": 4, "failures": 2 * i, "p95_ms": 300.0},
                    "/": {"requests": 6, "failures": 0, "p95_ms": 50.0},
                },
            }
        )
    (drill.dir / "customers.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines))
    drill.log().append(ev.MONITOR_CHANGED, {"monitor": "storefront", "ok": True})
    drill.log().append(ev.MONITOR_CHANGED, {"monitor": "storefront", "ok": False})
    time.sleep(0.7)
    b, _ = joined(url, server.join_url)
    page = b.get("/dashboard")[2]
    assert "/api/checkout" in page and "all requests" in page and "<polyline" in page
    assert "storefront" in page and "FAILING" in page


def test_state_api_carries_the_page_phase_and_components(room) -> None:
    drill, _server, url = room
    meta = drill.meta()
    log = drill.log()
    log.append(ev.ALERT_FIRED, {"alert": "storefront-down", "message": "3 failed probes"})
    log.append(ev.PAGE_SENT, {"to": "alice", "level": 0, "alert": "storefront-down"})
    api = Browser(url)
    _, _, body = api.request("GET", "/api/state", headers={"X-Gameday-Token": meta.token})
    state = json.loads(body)
    assert state["page"]["briefing"] == "The shop is down."
    assert state["page"]["alert"] == "storefront-down" and state["page"]["to"] == "alice"
    assert state["drill"]["phase"] == "running"
    assert state["component_states"]["Checkout"] == "operational"


def test_streams_end_when_the_drill_ends(room) -> None:
    drill, server, url = room
    b, _ = joined(url, server.join_url)
    drill.log().append(ev.DRILL_ENDED, {"reason": "end"})
    drill.mark_ended("end")
    u = urlsplit(url)
    conn = http.client.HTTPConnection(u.hostname or "", u.port or 80, timeout=10)
    cookie = "; ".join(f"{k}={v}" for k, v in b.cookies.items())
    conn.request("GET", "/events/room", headers={"Cookie": cookie})
    resp = conn.getresponse()
    lines: list[str] = []
    while "event: end\n" not in lines:  # the last frame, then the stream says it is over
        lines.append(resp.fp.readline().decode())
    conn.close()
    sections = json.loads(next(x for x in lines if x.startswith("data: {")).removeprefix("data: "))
    assert "ended" in sections["head"]


def test_a_real_incident_stop_is_shown_live_in_both_consoles(room) -> None:
    """``gameday abort --real-incident`` records ``drill.stopping`` as the request is taken: both
    consoles say so at once (live), before the restore ends the drill; who asked stays out."""
    drill, server, url = room
    b, _ = joined(url, server.join_url)
    f, _ = joined(url, server.facilitator_url)
    assert "real incident" not in sse_first(url, "/events/room", b.cookies)["head"]
    drill.log().append(ev.DRILL_STOPPING, {"reason": ev.REAL_INCIDENT, "by": "fac-login"})
    time.sleep(0.7)
    for who, view in ((b, "room"), (f, "facilitator")):
        head = sse_first(url, f"/events/{view}", who.cookies)["head"]
        assert "Drill stopped for a real incident" in head and "being restored" in head, view
        assert 'role="alert"' in head
    page = b.get("/room")[2]
    assert "Drill stopped for a real incident" in page and "fac-login" not in page
    api = Browser(url)
    _, _, body = api.request("GET", "/api/state", headers={"X-Gameday-Token": drill.meta().token})
    assert json.loads(body)["drill"]["real_incident_t"] is not None
    drill.log().append(ev.DRILL_ENDED, {"reason": ev.REAL_INCIDENT})
    time.sleep(0.7)
    page = b.get("/room")[2]
    assert "the stack is restored" in page and "You can still book the review" not in page


def test_an_ordinary_stop_shows_no_real_incident_banner(room) -> None:
    drill, server, url = room
    b, _ = joined(url, server.join_url)
    drill.log().append(ev.DRILL_STOPPING, {"reason": "end", "by": "fac"})
    drill.log().append(ev.DRILL_ENDED, {"reason": "end"})
    time.sleep(0.7)
    page = b.get("/room")[2]
    assert "real incident" not in page and "The drill has ended" in page
