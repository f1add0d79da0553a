"""The ``--server`` client against real misbehaving servers on loopback (issue 8).

Each file ``tests/data/bad/remote/NAME.http`` is the raw bytes a server answers with (a bad
status line, a truncated body, huge headers, not JSON, an event that is not one...), and
``NAME.expect`` what the one-line error must say. Behaviours a file cannot hold -- a server
that trickles a byte a second, one that never answers, one that sends megabytes -- are
servers of their own. Bad URLs and tokens are refused before anything is sent.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from gameday.cli import main
from gameday.drill.remote import RemoteDrill
from gameday.errors import DrillError, NoDrillRunning
from gameday.state import project_root
from gameday.testing import RawServer

CORPUS = project_root() / "tests" / "data" / "bad" / "remote"
ANSWERS = sorted(CORPUS.glob("*.http"))
TOKEN = "s3cret-Token_1"


Behaviour = Callable[[socket.socket], None]


@pytest.fixture
def serve() -> Iterator[Callable[[Behaviour], str]]:
    """Start a loopback server whose every connection is handled by ``behaviour``."""
    with RawServer() as servers:
        yield servers.start


def test_the_corpus_covers_the_classes() -> None:
    names = {p.stem for p in ANSWERS}
    assert {"bad-status-line", "truncated-body", "huge-header-line", "not-json"} <= names
    assert all(p.with_suffix(".expect").is_file() for p in ANSWERS)


@pytest.mark.parametrize("answer", ANSWERS, ids=[p.stem for p in ANSWERS])
def test_every_bad_answer_is_one_clear_error(
    answer: Path, serve: Callable[[Behaviour], str]
) -> None:
    url = serve(RawServer.replay(answer.read_bytes()))
    expect = answer.with_suffix(".expect").read_text().strip()
    remote = RemoteDrill(url, TOKEN, timeout=10)
    calls = {"act": lambda: remote.record_action("ack", {}, actor="alice"), "state": remote.state}
    for name, call in calls.items():
        with pytest.raises(DrillError) as exc:
            call()
        message = str(exc.value)
        assert "\n" not in message and "\x1b" not in message, message
        assert url in message or isinstance(exc.value, NoDrillRunning), message
        if name == "state" and answer.stem.startswith(("event-", "not-an-event", "list-")):
            assert "unexpected for the state" in message, message
        else:
            assert expect in message, message
        assert TOKEN not in message


def test_a_trickling_server_meets_one_overall_deadline(serve: Callable[[Behaviour], str]) -> None:
    def trickle(conn: socket.socket) -> None:
        for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + b"x" * 100_000:
            conn.sendall(bytes([byte]))
            time.sleep(0.2)  # a byte at a time: each read is quick, the whole never ends

    remote = RemoteDrill(serve(trickle), TOKEN, timeout=2)
    start = time.monotonic()
    with pytest.raises(DrillError, match="did not answer within 2s"):
        remote.state()
    assert time.monotonic() - start < 30  # not the minutes the trickle would take


def test_a_silent_server_meets_the_deadline(serve: Callable[[Behaviour], str]) -> None:
    remote = RemoteDrill(serve(lambda conn: time.sleep(60)), TOKEN, timeout=1)
    with pytest.raises(DrillError, match="did not answer within 1s"):
        remote.record_action("ack", {}, actor="alice")


def test_a_huge_body_is_refused_without_reading_it_all(serve: Callable[[Behaviour], str]) -> None:
    def flood(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 50000000\r\n\r\n")
        chunk = b" " * 65536
        for _ in range(800):
            conn.sendall(chunk)

    with pytest.raises(DrillError, match="more than 1,048,576 bytes"):
        RemoteDrill(serve(flood), TOKEN, timeout=20).state()


def test_nobody_listening() -> None:
    with socket.create_server(("127.0.0.1", 0)) as s:
        port = s.getsockname()[1]  # closed again below: nothing listens there
    with pytest.raises(DrillError, match="connection refused"):
        RemoteDrill(f"http://127.0.0.1:{port}", TOKEN, timeout=5).state()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://127.0.0.1:abc", "is not a valid URL"),
        ("http://[::1", "is not a valid URL"),
        ("http://[::1]:99999", "is not a valid URL"),
        ("http://127.0.0.1:0", "port 0"),
        ("ftp://example.com", "must be an http:// or https:// URL"),
        ("127.0.0.1:8080", "must be an http:// or https:// URL"),
        ("http://", "names no host"),
        ("http://user:pw@example.com", "not in the URL"),
        ("http://example.com/?x=1", "must not have a ?query"),
        ("http://exa mple.com", "spaces or control characters"),
        ("http://example.com/\x00", "spaces or control characters"),
        ("http://exa\u2028mple.com/x", "spaces or control characters"),
        ("http://" + "a" * 5000, "spaces or control characters"),
        ("", "needs the drill's URL"),
    ],
)
def test_bad_urls_are_refused_before_anything_is_sent(
    url: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(DrillError, match=message.replace("?", r"\?")):
        RemoteDrill(url, TOKEN)
    assert main(["ack", "--as", "alice", "--server", url, "--token", TOKEN]) == 8
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith("gameday: error: --" + ("server" if url else "token")), err
    assert "\x00" not in err[0] and "\u2028" not in err[0]


@pytest.mark.parametrize(
    "token", ["abc\ndef", "abc\r\nX-Evil: 1", "abc\x00", "abc def", "\u202eabc", "x" * 600, "é"]
)
def test_bad_tokens_are_refused_locally_without_echoing_them(
    token: str, serve: Callable[[Behaviour], str], capsys: pytest.CaptureFixture[str]
) -> None:
    sent: list[bool] = []
    url = serve(lambda conn: sent.append(True))
    with pytest.raises(DrillError, match=r"the token \(--token\) contains"):
        RemoteDrill(url, token)
    assert main(["watch", "--once", "--server", url, "--token", token]) == 8
    err = capsys.readouterr().err
    assert "the token (--token) contains" in err and token not in err
    assert not sent


def test_a_path_prefix_is_kept(serve: Callable[[Behaviour], str]) -> None:
    seen: list[bytes] = []

    def record(conn: socket.socket) -> None:
        seen.append(b"")
        conn.sendall(b"HTTP/1.1 409 Conflict\r\nContent-Length: 2\r\n\r\n{}")

    url = serve(record)
    with pytest.raises(NoDrillRunning):
        RemoteDrill(url + "/drill/", TOKEN).state()
    assert seen
