"""Property tests for what comes over the network (issue 8): whatever a responder's client
sends to ``/api/actions``, and whatever a server answers the ``--server`` client.

* A request body of random structure, types, numbers (NaN, infinities, huge) and text
  (control, zero-width, right-to-left) is either recorded as an event or refused with
  ``BadRequest``/``DrillError`` -- by the framework-neutral parsing and ``record_action``
  every route shares, and over real HTTP (a 2xx or 4xx answer, never a 5xx or a hang).
* An answer of random bytes, or a well-formed HTTP answer with a random JSON body, is either
  a value the client can use or one ``DrillError`` line; never another exception.
"""

from __future__ import annotations

import contextlib
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gameday.drill.actions import record_action
from gameday.drill.api import BadRequest, parse_action_body
from gameday.drill.locate import Drill, create_drill
from gameday.drill.remote import RemoteDrill
from gameday.errors import DrillError
from gameday.testing import RawServer
from tests.unit import hostile

SETTINGS = settings(
    max_examples=80,
    deadline=5000,  # one request may take at most 5 s, however hostile
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
ACTIONS = ["ack", "declare", "role", "channel", "status", "update", "notify", "note", "cause"]
ACTIONS += ["resolve", "review", "nope", "", "ACK", "rollback"]

WORDS = ["alice", "ic", "#incident-1", "investigating", "15m", "1", "2026-02-30"]
scalars = hostile.scalars(WORDS, max_text=40)
values = hostile.values(WORDS, max_text=40)
params = st.dictionaries(
    st.sampled_from(["sev", "role", "person", "name", "text", "state", "next", "when", "x"])
    | st.text(max_size=6),
    values,
    max_size=4,
)
bodies = (
    st.fixed_dictionaries(
        {"action": st.sampled_from(ACTIONS) | values, "as": st.sampled_from(["alice"]) | values},
        optional={"params": params | values, "extra": values},
    )
    | values
)


@pytest.fixture
def drill(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Drill]:
    monkeypatch.setenv("GAMEDAY_STATE_DIR", str(tmp_path / "state"))
    d = create_drill("expired-cert", target=None, target_env={})
    yield d
    d.close()


class NoTarget:
    """A rollback must never reach Docker here: refusing is an answer like any other."""

    def rollback(self, *_a: Any, **_k: Any) -> Any:
        from gameday.errors import TargetError

        raise TargetError("no stack in this test")


def _finite(obj: Any) -> None:
    """An accepted event's data must be what JSON can carry (no NaN or infinities)."""
    json.dumps(obj, allow_nan=False)


@SETTINGS
@given(body=bodies)
def test_any_body_is_recorded_or_refused_by_the_shared_parsing(drill: Drill, body: Any) -> None:
    before = len(drill.log().events())
    try:
        name, actor, p = parse_action_body(body, None)
        event = record_action(drill, name, p, actor=actor, target=NoTarget())  # type: ignore[arg-type]
    except (BadRequest, DrillError):
        assert len(drill.log().events()) == before  # refused: nothing written
        return
    except Exception as exc:  # a target refusal is a GamedayError too
        from gameday.errors import GamedayError

        assert isinstance(exc, GamedayError), repr(exc)
        return
    _finite(event.data)
    assert event.actor == actor and "\x00" not in event.actor


@pytest.fixture
def served(drill: Drill) -> Iterator[tuple[Drill, str]]:
    from gameday.drill.web import start_web as start_server

    server, url = start_server(drill, target=NoTarget())  # type: ignore[arg-type]
    try:
        yield drill, url
    finally:
        server.shutdown()
        server.server_close()


@SETTINGS
@given(body=bodies)
def test_any_body_over_http_gets_a_2xx_or_4xx(served: tuple[Drill, str], body: Any) -> None:
    drill, url = served
    try:
        data = json.dumps(body).encode()
    except (ValueError, TypeError):
        data = repr(body).encode("utf-8", "surrogatepass")  # not JSON at all: also a request
    req = urllib.request.Request(url + "/api/actions", data=data, method="POST")
    req.add_header("Content-Type", "application/json")
    req.add_header("Authorization", f"Bearer {drill.meta().token}")
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            status, answer = resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        status, answer = exc.code, json.loads(exc.read())
    assert status < 500, answer
    assert isinstance(answer, dict) and (("event" in answer) == (200 <= status < 300)), answer


@SETTINGS
@given(raw=st.binary(max_size=400))
def test_any_bytes_from_a_server_are_one_error(raw: bytes) -> None:
    with _server(raw) as url:
        try:
            RemoteDrill(url, "token", timeout=5).state()
        except DrillError as exc:
            assert "\n" not in str(exc)


answers = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(["event", "drill", "error", "id", "t", "wall", "kind", "data", "actor"])
            | st.text(max_size=5),
            inner,
            max_size=6,
        )
    ),
    max_leaves=20,
)


@SETTINGS
@given(
    answer=answers,
    status=st.sampled_from([200, 201, 204, 301, 400, 401, 403, 404, 409, 413, 500, 503]),
)
def test_any_json_answer_is_a_value_or_one_error(answer: Any, status: int) -> None:
    body = json.dumps(answer).encode()  # NaN/Infinity included: JSON the stdlib writes
    raw = (
        f"HTTP/1.1 {status} X\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body
    with _server(raw) as url:
        remote = RemoteDrill(url, "token", timeout=5)
        for call in (remote.state, lambda: remote.record_action("ack", {}, actor="alice")):
            try:
                out = call()
            except DrillError as exc:
                assert "\n" not in str(exc)
                continue
            assert status < 300
            assert out is not None


@contextlib.contextmanager
def _server(raw: bytes) -> Iterator[str]:
    """A loopback server answering every connection with ``raw``."""
    with RawServer() as servers:
        yield servers.start(RawServer.replay(raw))
