"""The runner's HTTP endpoint (the drill room's API): token, validation, limits, status page,
never a crash."""

from __future__ import annotations

import http.client
import json
from pathlib import Path

import pytest

from gameday import events as ev
from gameday.drill.locate import create_drill
from gameday.drill.remote import RemoteDrill
from gameday.drill.web import start_web as start_server
from gameday.drill.web.handlers import MAX_BODY
from gameday.errors import DrillError


@pytest.fixture
def served(state_dir: Path):
    drill = create_drill("expired-cert", team="model-team")
    server, url = start_server(drill, "127.0.0.1", 0)
    yield drill, server, url
    server.shutdown()
    server.server_close()
    drill.close()


def _req(url: str, method: str, path: str, body: bytes | None = None, headers=None):
    host, port = url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, resp.getheader("Content-Type"), resp.read()
    finally:
        conn.close()


def _post(url: str, obj, token: str | None, raw: bytes | None = None, ctype="application/json"):
    headers = {"Content-Type": ctype}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    body = raw if raw is not None else json.dumps(obj).encode()
    status, _, data = _req(url, "POST", "/api/actions", body, headers)
    return status, json.loads(data)


def test_binds_loopback_and_records_url(served) -> None:
    drill, server, url = served
    assert server.server_address[0] == "127.0.0.1"
    assert url.startswith("http://127.0.0.1:")
    assert drill.meta().url == url
    status, _, body = _req(url, "GET", "/healthz")
    assert status == 200 and json.loads(body)["ok"] is True


def test_action_with_token_is_recorded(served) -> None:
    drill, _, url = served
    token = drill.meta().token
    status, body = _post(url, {"action": "declare", "as": "alice", "params": {"sev": 2}}, token)
    assert status == 200
    assert body["event"]["kind"] == ev.DECLARE and body["event"]["data"] == {"sev": 2}
    assert drill.log().events()[-1].actor == "alice"


@pytest.mark.parametrize(("token", "status"), [(None, 401), ("wrong", 403), ("", 401)])
def test_action_without_the_right_token_is_refused(served, token, status) -> None:
    drill, _, url = served
    got, body = _post(url, {"action": "ack", "as": "mallory"}, token)
    assert got == status and "token" in body["error"]
    assert drill.log().events() == []


def test_state_needs_the_token(served) -> None:
    drill, _, url = served
    assert _req(url, "GET", "/api/state")[0] == 401
    status, _, body = _req(
        url, "GET", "/api/state", headers={"X-Gameday-Token": drill.meta().token}
    )
    assert status == 200 and json.loads(body)["drill"]["id"] == drill.id


@pytest.mark.parametrize(
    ("payload", "raw", "status", "message"),
    [
        (None, b"{not json", 400, "malformed JSON"),
        (None, b"\xff\xfe", 400, "malformed JSON"),
        ([1, 2], None, 400, "JSON object"),
        ({"action": "ack", "as": "a", "colour": "red"}, None, 400, "unknown field 'colour'"),
        ({"as": "a"}, None, 400, "'action'"),
        ({"action": "ack"}, None, 400, "'as'"),
        ({"action": "ack", "as": "a", "params": [1]}, None, 400, "'params'"),
        ({"action": "declare", "as": "a", "params": {"sev": 9}}, None, 400, "out of range"),
        ({"action": "declare", "as": "a", "params": {"sev": 2, "x": 1}}, None, 400, "unknown"),
        ({"action": "explode", "as": "a"}, None, 400, "unknown action"),
        ({"action": "note", "as": "a", "params": {"text": ""}}, None, 400, "empty"),
    ],
)
def test_bad_requests_get_clear_4xx(served, payload, raw, status, message) -> None:
    drill, _, url = served
    got, body = _post(url, payload, drill.meta().token, raw=raw)
    assert got == status
    assert message in body["error"]
    assert drill.log().events() == []


def test_oversize_body_wrong_type_and_unknown_route(served) -> None:
    drill, _, url = served
    token = drill.meta().token
    big = json.dumps({"action": "note", "as": "a", "params": {"text": "x" * (MAX_BODY + 10)}})
    got, body = _post(url, None, token, raw=big.encode())
    assert got == 413 and "limit" in body["error"]
    got, body = _post(
        url, None, token, raw=b"action=ack", ctype="application/x-www-form-urlencoded"
    )
    assert got == 415
    assert _req(url, "GET", "/nope")[0] == 404
    assert _req(url, "DELETE", "/api/actions")[0] == 405


def test_ended_drill_answers_409_and_server_survives(served) -> None:
    drill, _, url = served
    token = drill.meta().token
    drill.mark_ended("end")
    got, body = _post(url, {"action": "ack", "as": "a"}, token)
    assert got == 409 and "ended" in body["error"]
    assert _req(url, "GET", "/healthz")[0] == 200


def test_status_page_is_public_and_shows_posts(served) -> None:
    drill, _, url = served
    status, ctype, body = _req(url, "GET", "/status")
    page = body.decode()
    assert status == 200 and ctype.startswith("text/html")
    assert "All systems operational" in page and 'http-equiv="refresh"' in page
    token = drill.meta().token
    _post(
        url,
        {
            "action": "status",
            "as": "c",
            "params": {
                "text": "Checkout <b>fails</b>",
                "state": "identified",
                "component": "checkout=partial_outage",
            },
        },
        token,
    )
    page = _req(url, "GET", "/status")[2].decode()
    assert "Checkout &lt;b&gt;fails&lt;/b&gt;" in page  # escaped, never raw HTML
    assert "identified" in page and "partial outage" in page
    for component in drill.meta().components:
        assert component in page


def test_remote_client_round_trip_and_errors(served) -> None:
    drill, _, url = served
    remote = RemoteDrill(url, drill.meta().token)
    e = remote.record_action("role", {"role": "ops", "person": "bob"}, actor="alice")
    assert e.kind == ev.ROLE and e.data == {"role": "tech", "person": "bob"}
    assert remote.state()["incident"]["roles"] == {"tech": "bob"}
    with pytest.raises(DrillError, match="out of range"):
        remote.record_action("declare", {"sev": 0}, actor="alice")
    with pytest.raises(DrillError, match="403"):
        RemoteDrill(url, "bad").record_action("ack", {}, actor="alice")
    with pytest.raises(DrillError, match="needs --token"):
        RemoteDrill(url, "")
    with pytest.raises(DrillError, match=r"cannot talk to the drill.*connection refused"):
        RemoteDrill("http://127.0.0.1:9", "t", timeout=2).state()


def test_a_bug_in_a_route_is_a_500_not_a_dead_server(served, monkeypatch) -> None:
    drill, _, url = served

    def boom(_drill):
        raise RuntimeError("kaboom")

    monkeypatch.setattr("gameday.drill.view.responder_state", boom)
    status, _, body = _req(
        url, "GET", "/api/state", headers={"Authorization": f"Bearer {drill.meta().token}"}
    )
    assert status == 500 and "kaboom" in json.loads(body)["error"]
    assert _req(url, "GET", "/healthz")[0] == 200


def test_garbage_on_the_socket_does_not_stop_the_server(served) -> None:
    import socket

    _, _, url = served
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as s:
        s.sendall(b"\x00\x01garbage that is not HTTP\r\n\r\n")
        s.recv(1024)
    with socket.create_connection((host, int(port)), timeout=5) as s:
        s.sendall(b"POST /api/actions HTTP/1.1\r\nContent-Length: 50\r\n\r\n{")  # then hang up
    assert _req(url, "GET", "/healthz")[0] == 200


def test_advertised_address() -> None:
    from gameday.drill.web import advertised_host as _advertised_host

    assert _advertised_host("127.0.0.1") == "127.0.0.1"
    assert _advertised_host("::1") == "[::1]"
    everywhere = _advertised_host("0.0.0.0")  # bound to all: tell responders a real address
    assert everywhere not in ("0.0.0.0", "")


def test_the_endpoint_stops_right_after_an_action(state_dir: Path) -> None:
    # A stop that came while the refresher folded the action in the thread pool was taken back
    # (anyio's shielded wait), and the server thread never ended.
    for _ in range(3):
        drill = create_drill("expired-cert", team="model-team")
        server, url = start_server(drill, "127.0.0.1", 0)
        status, _ = _post(url, {"action": "ack", "as": "alice", "params": {}}, drill.meta().token)
        assert status == 200
        server.shutdown()
        assert not server.thread.is_alive()
        drill.close()
