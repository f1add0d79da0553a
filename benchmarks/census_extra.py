"""The bad-input census beyond files of the five formats (issue 8's other classes).

Each kind yields *prepared* runs (argv, working directory, environment overrides, the names a
good error must mention, and how to judge the answer), which ``bad_input_census.py`` feeds to
the same in-process worker and counts the same way:

* ``scorecard``: a real scorecard with one value replaced by a bad one (YAML traps, wrong types,
  NaN, control characters...) and file-level traps; ``scorecard show`` and ``review draft``
  must refuse it naming the file and line, ``scorecard list``/``trends`` over its folder must
  still answer (exit 0) for the good scorecard next to it.
* ``state``: a state folder with one thing wrong -- a ``drill.json`` value, ``drills/current``
  (a folder, a FIFO, garbage), ``events.sqlite`` (garbage, another schema, a corrupt row) or
  ``GAMEDAY_STATE_DIR`` itself -- under ``ack``, ``watch --once`` and ``end``.
* ``args``: every checked command-line value given something out of range or malformed.
* ``env``: environment values gameday reads (ports, project, actor, folders...).
* ``remote``: ``--server`` URLs and tokens, and servers that misbehave (the answers of
  ``tests/data/bad/remote/``, one that trickles a byte at a time, one that never answers).

Verdicts are the census's: ``ok`` (refused in one line naming what is wrong, nothing written
where nothing should be; or answered when the case allows it), ``traceback``, ``hang``,
``accepted`` (a bad value got past validation: exit 0, or ``run`` reached its first step),
``vague`` (refused, but the error does not name the file, argument, variable or server).
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import socket
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import yaml

from gameday.testing import RawServer  # this checkout's, whichever --repo is counted

EXTRA_KINDS = ("scorecard", "state", "args", "env", "remote")
DRILL_ID = "20260506-140000-cens"
TOKEN = "census-Token_1"

Run = dict[str, Any]


def run(
    kind: str,
    cls: str,
    argv: list[str],
    cwd: Path,
    names: list[str],
    *,
    expect: str = "refuse",
    env: dict[str, str | None] | None = None,
    check: str = "error",
    timeout: float | None = None,
    where: str = "",
) -> Run:
    """One prepared run. ``names``: what a good error mentions (any one of them);
    ``expect``: refuse | any; ``check``: error | listing (exit 0 with the good card listed)."""
    return {
        "fmt": kind,
        "cls": cls,
        "where": where,
        "argv": argv,
        "cwd": str(cwd),
        "names": names,
        "expect": expect,
        "env": env or {},
        "check": check,
        "timeout": timeout,
        "special": "",
        "file": names[0] if names else "",
    }


# --- shared fixtures -------------------------------------------------------------------------
def good_scorecard(repo: Path) -> Path:
    return repo / "scorecards" / "examples" / "2026-05-06-expired-cert-green.yaml"


EVENTS_SCHEMA = """
CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, t REAL NOT NULL, wall TEXT NOT NULL,
    actor TEXT NOT NULL, kind TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX events_kind ON events(kind);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


def drill_meta(repo: Path) -> dict[str, Any]:
    """A running drill whose runner is gone (pid 1 is init, never a gameday runner)."""
    return {
        "id": DRILL_ID,
        "scenario": "expired-cert",
        "scenario_path": str(repo / "scenarios" / "expired-cert.yaml"),
        "team": "model-team",
        "team_file": None,
        "token": "5wyNCePSOBuMP8fD1s1yeghLTNkwJ8ni",
        "created": "2026-05-06T14:00:00+00:00",
        "state": "running",
        "pid": 1,
        "host": socket.gethostname(),
        "url": None,
        "target": None,
        "target_env": {},
        "components": ["Storefront", "Checkout"],
        "ended": None,
        "end_reason": None,
        "extra": {"options": {"users": 0, "score": True}},
    }


def make_state(root: Path, repo: Path, meta: dict[str, Any] | str | None = None) -> Path:
    """A state folder with one running drill (its log has drill.started and a page)."""
    d = root / "drills" / DRILL_ID
    d.mkdir(parents=True)
    body = meta if isinstance(meta, str) else json.dumps(meta or drill_meta(repo), indent=2)
    (d / "drill.json").write_text(body, encoding="utf-8", errors="surrogatepass")
    with contextlib.closing(sqlite3.connect(d / "events.sqlite")) as c, c:
        c.executescript(EVENTS_SCHEMA)
        c.execute("INSERT INTO meta VALUES ('format', '1'), ('epoch', '2026-05-06T14:00:00+00:00')")
        for t, kind, data in (
            (0.0, "drill.started", {"scenario": "expired-cert", "team": "model-team"}),
            (60.0, "page.sent", {"to": "alice", "level": 0}),
        ):
            c.execute(
                "INSERT INTO events(t, wall, actor, kind, data) VALUES (?, ?, 'gameday', ?, ?)",
                (t, "2026-05-06T14:00:00+00:00", kind, json.dumps(data)),
            )
    (root / "drills" / "current").write_text(DRILL_ID + "\n")
    return d


# --- scorecards ------------------------------------------------------------------------------
def scorecard_runs(
    work: Path,
    repo: Path,
    traps: Callable[[str], list[tuple[str, str]]],
    kind_of: Callable[[str, tuple, Any], str],
) -> Iterator[Run]:
    good = good_scorecard(repo)
    base = yaml.safe_load(good.read_text())
    n = 0

    def case(cls: str, where: str, text: bytes | None, special: str = "") -> Iterator[Run]:
        nonlocal n
        n += 1
        cwd = work / f"card-{n:05d}"
        folder = cwd / "cards"
        folder.mkdir(parents=True)
        (folder / good.name).write_bytes(good.read_bytes())
        bad = folder / "bad.yaml"
        if special == "fifo":
            os.mkfifo(bad)
        elif special == "dir":
            bad.mkdir()
        elif special == "dev-zero":
            bad.symlink_to("/dev/zero")
        else:
            bad.write_bytes(text or b"")
        shown = "cards/bad.yaml"
        names = [shown]
        # show and review draft read a scorecard the same way, list and trends a folder
        yield run("scorecard", cls, ["scorecard", "show", shown], cwd, names, where=where)
        argv = ["scorecard", "list", "--dir", "cards", "--json"]
        yield run("scorecard", cls, argv, cwd, names, where=where, check="listing")

    for path, value in _positions(base):
        if not path or not _interesting(path):
            continue
        kind = kind_of("timeline", path, value)
        where = ".".join(str(p) for p in path)
        for cls, fragment in traps(kind):
            text = _with_fragment(base, path, fragment)
            yield from case(f"{kind}:{cls}", where, text.encode("utf-8", "surrogatepass"))
    # the summary line gameday reads on its own (list, trends): wrong types as JSON
    for key, bad in (
        ("total", "high"),
        ("total", float("nan")),
        ("total", 250),
        ("criteria", {"ack": "met"}),
        ("people", ["dana"]),
        ("metrics", {"time_to_detect": "1m"}),
        ("total", [1]),
    ):
        lines = good.read_text().split("\n")
        summary = json.loads(lines[1][len("summary: ") :])
        summary[key] = bad
        lines[1] = "summary: " + json.dumps(summary)
        yield from case(
            f"summary:{key}-{type(bad).__name__}", f"summary.{key}", "\n".join(lines).encode()
        )
    for special in ("fifo", "dir", "dev-zero"):
        yield from case(f"file:{special}", "", None, special)
    yield from case("file:not-utf8", "", good.read_bytes() + b"\n# \xff\n")
    yield from case("file:empty", "", b"")
    yield from case(
        "file:version-true", "", good.read_bytes().replace(b"version: 1", b"version: true", 1)
    )


def _interesting(path: tuple) -> bool:
    """The header and summary keys, the result's keys and the first of each of its lists and
    mappings, the first event of the timeline: every reader's field once, not every repeat."""
    head = path[0]
    if head == "timeline":
        return len(path) <= 2 or (path[1] == "events" and len(path) >= 3 and path[2] == 0)
    if head == "summary":
        return len(path) <= 3 and all(p in (0, "ack", "dana") or i < 2 for i, p in enumerate(path))
    if head == "result":
        return len(path) <= 2 or (len(path) <= 4 and path[2] in (0, "dana", "time_to_detect"))
    return True


def _positions(node: Any, path: tuple = ()) -> Iterator[tuple[tuple, Any]]:
    yield path, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _positions(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _positions(v, (*path, i))


MARK = "CENSUS__BAD__VALUE"


def _with_fragment(doc: Any, path: tuple, fragment: str) -> str:
    d = copy.deepcopy(doc)
    node = d
    for p in path[:-1]:
        node = node[p]
    node[path[-1]] = MARK
    text = yaml.safe_dump(d, sort_keys=False, allow_unicode=True, width=4096)
    return text.replace(MARK, fragment, 1)


# --- the state folder ------------------------------------------------------------------------
STATE_COMMANDS = (["ack", "--as", "census"], ["watch", "--once"], ["end", "--wait", "2s"])
JSON_TRAPS: list[tuple[str, Any, str]] = [
    ("text", "lots", "refuse"),
    ("bool", True, "refuse"),
    ("list-of-list", [["x"]], "refuse"),
    ("mapping", {"a": 1}, "refuse"),
    ("null", None, "any"),
    ("nan", float("nan"), "refuse"),
    ("inf", float("inf"), "refuse"),
    ("huge", 10**30, "refuse"),
    ("negative", -5, "refuse"),
    ("control-char", "a\x00b", "refuse"),
    ("newline", "a\nb", "refuse"),
    ("zero-width", "a\u200bb", "any"),
    ("rtl", "\u202ea", "any"),
    ("empty", "", "any"),
]


def state_runs(work: Path, repo: Path) -> Iterator[Run]:
    n = 0

    def case(
        cls: str,
        where: str,
        build: Callable[[Path], list[str]],
        expect: str = "refuse",
        commands: tuple[list[str], ...] = STATE_COMMANDS,
    ) -> Iterator[Run]:
        nonlocal n
        for argv in commands:
            n += 1
            cwd = work / f"state-{n:05d}"
            cwd.mkdir(parents=True)
            state = cwd / "state"
            names = build(state)
            env = {"GAMEDAY_STATE_DIR": str(state)}
            if names and names[0].startswith("GAMEDAY_STATE_DIR="):
                env = {"GAMEDAY_STATE_DIR": names[0].split("=", 1)[1]}
            yield run("state", cls, argv, cwd, names, expect=expect, env=env, where=where)

    base = drill_meta(repo)
    for key, value in base.items():
        for cls, bad, expect in JSON_TRAPS:
            if type(bad) is type(value) and cls not in ("control-char", "newline", "negative"):
                continue  # same type: not a wrong value for this key
            if value is None and isinstance(bad, str) and cls not in ("control-char", "newline"):
                continue  # text or nothing (a team file, a URL): text is what it holds
            if key in ("scenario_path", "team_file", "target") and cls == "empty":
                continue

            def build(state: Path, key: str = key, bad: Any = bad) -> list[str]:
                meta = {**base, key: bad}
                d = make_state(state, repo, json.dumps(meta, indent=2, allow_nan=True))
                return [str(d / "drill.json")]

            exp = expect
            if key in ("id", "state") or (key == "pid" and cls != "null"):
                exp = "refuse"  # the drill's identity and state must be what gameday wrote
            if key in ("extra", "target_env", "components") and cls == "null":
                exp = "refuse"
            yield from case(f"drill.json:{cls}", key, build, exp)

    def raw_meta(text: str) -> Callable[[Path], list[str]]:
        def build(state: Path) -> list[str]:
            d = make_state(state, repo, text)
            return [str(d / "drill.json")]

        return build

    yield from case("drill.json:not-json", "", raw_meta('{"id": '))
    yield from case("drill.json:not-object", "", raw_meta("[1, 2]"))
    yield from case("drill.json:empty", "", raw_meta(""))

    def current(kind: str) -> Callable[[Path], list[str]]:
        def build(state: Path) -> list[str]:
            make_state(state, repo)
            p = state / "drills" / "current"
            p.unlink()
            if kind == "folder":
                p.mkdir()
            elif kind == "fifo":
                os.mkfifo(p)
            elif kind == "dev-zero":
                p.symlink_to("/dev/zero")
            elif kind == "garbage":
                p.write_bytes(b"../../etc/passwd\n")
            elif kind == "binary":
                p.write_bytes(b"\xff\xfe\x00")
            elif kind == "empty":
                p.write_bytes(b"")
            elif kind == "huge":
                p.write_bytes(b"a" * 200_000)
            return [str(p)]

        return build

    for kind in ("folder", "fifo", "dev-zero", "garbage", "binary", "empty", "huge"):
        yield from case(f"current:{kind}", "drills/current", current(kind))

    def log(kind: str) -> Callable[[Path], list[str]]:
        def build(state: Path) -> list[str]:
            d = make_state(state, repo)
            p = d / "events.sqlite"
            for extra in ("-wal", "-shm"):
                Path(f"{p}{extra}").unlink(missing_ok=True)
            if kind == "garbage":
                p.write_bytes(b"\x00not SQLite at all " * 300)
            elif kind == "empty":
                p.write_bytes(b"")
            elif kind == "folder":
                p.unlink()
                p.mkdir()
            elif kind == "other-schema":
                p.unlink()
                with contextlib.closing(sqlite3.connect(p)) as c, c:
                    c.execute("CREATE TABLE something(x)")
            else:
                column, value = {
                    "row-data": ("data", "{not json"),
                    "row-wall": ("wall", "noon"),
                    "row-t": ("t", "soon"),
                    "epoch": ("", ""),
                }[kind]
                with contextlib.closing(sqlite3.connect(p)) as c, c:
                    if kind == "epoch":
                        c.execute("UPDATE meta SET value = 'yesterday' WHERE key = 'epoch'")
                    else:
                        c.execute(f"UPDATE events SET {column} = ? WHERE id = 2", (value,))
            return [str(p)]

        return build

    for kind in (
        "garbage",
        "empty",
        "folder",
        "other-schema",
        "row-data",
        "row-wall",
        "row-t",
        "epoch",
    ):
        expect = "any" if kind.startswith("row-") else "refuse"  # an ack appends without reading
        yield from case(f"events.sqlite:{kind}", "", log(kind), expect)

    def state_dir(kind: str) -> Callable[[Path], list[str]]:
        def build(state: Path) -> list[str]:
            blocker = state.parent / "a-file"
            blocker.write_text("x")
            target = {
                "file": blocker,
                "under-a-file": blocker / "state",
                "dangling": state.parent / "link",
            }[kind]
            if kind == "dangling":
                target.symlink_to(state.parent / "nowhere" / "at-all")
            return [f"GAMEDAY_STATE_DIR={target}", str(target)]

        return build

    for kind in ("file", "under-a-file", "dangling"):
        yield from case(
            f"GAMEDAY_STATE_DIR:{kind}",
            "",
            state_dir(kind),
            commands=(*STATE_COMMANDS, ["restore", "--list"]),
        )


# --- command-line values ---------------------------------------------------------------------
def _workdir(cwd: Path, repo: Path, *, drill: bool = True) -> tuple[Path, Path]:
    """A working folder with ``cards/card.yaml`` (a good scorecard), ``a-file``, and a state
    folder (with a running drill unless ``drill`` is off); returns it and the state folder."""
    (cwd / "cards").mkdir(parents=True)
    (cwd / "cards" / "card.yaml").write_bytes(good_scorecard(repo).read_bytes())
    (cwd / "a-file").write_text("x")
    state = cwd / "state"
    if drill:
        make_state(state, repo)
    else:
        state.mkdir()
    return cwd, state


NUMBER_BAD = ["-1", "nan", "inf", "1e300", "9" * 5000, "abc", ""]
DURATION_BAD = ["nan", "-5s", ".inf", "1e300s", "abc", ""]


def args_runs(work: Path, repo: Path, good_timeline: Path) -> Iterator[Run]:
    scenario = str(repo / "scenarios" / "expired-cert.yaml")
    table: list[tuple[list[str], str, list[str]]] = [
        (["scorecard", "trends", "--dir", "cards", "--width"], "--width", [*NUMBER_BAD, "0"]),
        (["scorecard", "list", "--dir"], "--dir", ["nope", "a-file", "/dev/null"]),
        (["scorecard", "trends", "--dir"], "--dir", ["nope", "a-file"]),
        (["score", str(good_timeline), "--out"], "--out", ["a-file", "a-file/below"]),
        (["run", scenario, "--users", "0", "--port"], "--port", ["-1", "70000", "abc", "nan"]),
        (["run", scenario, "--users"], "--users", ["-1", "1e9", "nan", "99999999999"]),
        (["run", scenario, "--users", "0", "--time-limit"], "--time-limit", [*DURATION_BAD, "0s"]),
        (["run", scenario, "--users", "0", "--baseline"], "--baseline", DURATION_BAD),
        (["run", scenario, "--users", "0", "--poll"], "--poll", [*DURATION_BAD, "0s"]),
        (["run", scenario, "--users", "0", "--hold"], "--hold", DURATION_BAD),
        (
            ["run", scenario, "--users", "0", "--escalation-timeout"],
            "--escalation-timeout",
            [*DURATION_BAD, "0s"],
        ),
        (["run", scenario, "--users", "0", "--bind"], "--bind", ["not a host", "", "a..b"]),
        (["end", "--wait"], "--wait", DURATION_BAD),
        (["watch", "--interval"], "--interval", [*DURATION_BAD, "0"]),
        (["target", "up", "--timeout"], "--timeout", ["nan", "-1", "0", "1e300"]),
        (["declare", "--as", "census", "--sev"], "--sev", ["nan", "9", "-1", "1e300", "abc"]),
        (
            ["review", "schedule", "--scorecard", "cards/card.yaml"],
            "WHEN",
            ["nan", "1e300s", "-5m", "9999-99-99", ""],
        ),
    ]
    n = 0
    for prefix, arg, values in table:
        for value in values:
            n += 1
            # a running drill would refuse a second one before `run` reads its arguments
            cwd, state = _workdir(work / f"args-{n:05d}", repo, drill=prefix[0] != "run")
            argv = [*prefix, value] if arg != "WHEN" else [*prefix[:2], value, *prefix[2:]]
            names = [arg, arg.lstrip("-"), value] if value else [arg, arg.lstrip("-")]
            if arg == "WHEN":
                names = ["WHEN", "when", value] if value else ["WHEN", "when"]
            yield run(
                "args",
                f"{arg}:{value[:12] or 'empty'}",
                argv,
                cwd,
                names,
                env={"GAMEDAY_STATE_DIR": str(state)},
                where=" ".join(prefix[:2]),
            )


# --- environment values ----------------------------------------------------------------------
def env_runs(work: Path, repo: Path) -> Iterator[Run]:
    table: list[tuple[str, list[str], list[str], str]] = [
        (
            "GAMEDAY_PROXY_PORT",
            ["abc", "-1", "70000", "nan", "1e3"],
            ["target", "status"],
            "refuse",
        ),
        ("GAMEDAY_DB_PORT", ["abc", "0", "99999"], ["target", "status"], "refuse"),
        (
            "GAMEDAY_PROJECT",
            ["a b", "../x", "UPPER", "-x", "x" * 300, "a\nb"],
            ["target", "status"],
            "refuse",
        ),
        ("GAMEDAY_ENGINE", ["k8s", "COMPOSE ", "swarm;x"], ["target", "status"], "refuse"),
        ("GAMEDAY_SCORECARDS", ["nope", "a-file"], ["scorecard", "list"], "refuse"),
        ("GAMEDAY_AS", ["a\nb", "\u202eadmin", "x" * 500, "a\x1bb"], ["ack"], "refuse"),
        (
            "GAMEDAY_CACHE_DIR",
            ["a-file", "a-file/below"],
            ["scorecard", "list", "--dir", "cards"],
            "any",
        ),
        (
            "GAMEDAY_SCENARIO_PATH",
            ["/nonexistent", "a-file", "/dev/zero"],
            ["list", "--json"],
            "any",
        ),
        ("GAMEDAY_PLUGINS", ["no.such.module", "os:system", "a b c"], ["faults"], "any"),
    ]
    n = 0
    for var, values, argv, expect in table:
        for value in values:
            n += 1
            cwd, state = _workdir(work / f"env-{n:05d}", repo)
            shown = str(cwd / value) if value.startswith("a-file") else value
            yield run(
                "env",
                f"{var}:{value[:12]!r}",
                argv,
                cwd,
                [var, value.strip() or var],
                expect=expect,
                env={"GAMEDAY_STATE_DIR": str(state), var: shown},
                where=var,
            )


# --- the --server client ---------------------------------------------------------------------
def remote_runs(work: Path, repo: Path, servers: RawServer) -> Iterator[Run]:
    cwd = work / "remote"
    cwd.mkdir(parents=True, exist_ok=True)
    state = cwd / "state"
    state.mkdir(exist_ok=True)
    env = {"GAMEDAY_STATE_DIR": str(state)}
    commands = (["ack", "--as", "census"], ["watch", "--once"])

    def trickle(conn: socket.socket) -> None:
        for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + b"x" * 100_000:
            conn.sendall(bytes([byte]))
            time.sleep(1.0)

    def silent(conn: socket.socket) -> None:
        time.sleep(120)

    def flood(conn: socket.socket) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 90000000\r\n\r\n")
        for _ in range(1400):
            conn.sendall(b" " * 65536)

    behaviours: list[tuple[str, Callable[[socket.socket], None], float | None]] = []
    corpus = repo / "tests" / "data" / "bad" / "remote"
    if not corpus.is_dir():  # an older checkout: the answers of this one
        corpus = Path(__file__).resolve().parent.parent / "tests" / "data" / "bad" / "remote"
    for f in sorted(corpus.glob("*.http")):
        behaviours.append((f"answer:{f.stem}", RawServer.replay(f.read_bytes()), None))
    behaviours += [("trickle", trickle, 45.0), ("silent", silent, 45.0), ("flood", flood, 45.0)]
    for cls, behave, timeout in behaviours:
        url = servers.start(behave)
        for argv in commands:
            yield run(
                "remote",
                cls,
                [*argv, "--server", url, "--token", TOKEN],
                cwd,
                [url, "--server"],
                env=env,
                timeout=timeout,
                where=argv[0],
            )
    good = servers.start(RawServer.replay(b"HTTP/1.1 409 Conflict\r\nContent-Length: 2\r\n\r\n{}"))
    port = good.rsplit(":", 1)[1]
    for cls, url in (
        ("url:port-text", "http://127.0.0.1:abc"),
        ("url:ipv6-open", "http://[::1"),
        ("url:port-range", "http://127.0.0.1:99999"),
        ("url:scheme", "ftp://x"),
        ("url:no-host", "http://"),
        ("url:spaces", "http://a b"),
        ("url:credentials", f"http://u:p@127.0.0.1:{port}"),
    ):
        for argv in commands:
            yield run(
                "remote",
                cls,
                [*argv, "--server", url, "--token", TOKEN],
                cwd,
                ["--server", url],
                env=env,
                where=argv[0],
            )
    for cls, token in (
        ("token:newline", "abc\ndef"),
        ("token:crlf-header", "a\r\nX-Evil: 1"),
        ("token:nul", "abc\x00"),
        ("token:space", "abc def"),
        ("token:rtl", "\u202eabc"),
        ("token:long", "x" * 5000),
    ):
        for argv in commands:
            yield run(
                "remote",
                cls,
                [*argv, "--server", good, "--token", token],
                cwd,
                ["token"],
                env=env,
                where=argv[0],
            )


def classify_extra(c: Run, r: dict[str, Any]) -> str:
    """The census verdict of one run of an extra kind."""
    if r.get("traceback"):
        return "traceback"
    if r.get("hang"):
        return "hang"
    code = r.get("code")
    err = [
        ln
        for ln in (r.get("stderr") or "").splitlines()
        if not ln.startswith(("gameday: hint", "gameday: warning"))
    ]
    if c["check"] == "listing":
        if code != 0:
            return "vague" if err and err[0].startswith("gameday: error:") else "traceback"
        return (
            "ok"
            if "2026-05-06-expired-cert-green" in (r.get("stdout") or "")
            or ('"scorecards": 1' in (r.get("stdout") or ""))
            else "accepted"
        )
    if code == 0:
        return "accepted" if c["expect"] == "refuse" else "ok"
    first = next((ln for ln in err if "error:" in ln), "")
    if not first:
        return "vague"
    if not any(name and name in first for name in c["names"]):
        return "vague" if c["expect"] == "refuse" else "ok"
    return "ok"
