"""Build timelines by hand with explicit times, for tests and for playing with the rubric.

``TimelineBuilder`` runs on a ``FakeClock``: ``.at("4m30s")`` moves the clock, every helper then
records one event at that moment. ``textbook_drill()`` is a response that meets every rule of
the default playbook; tests start from it and break one thing at a time.

    b = TimelineBuilder(scenario="bad-deploy", severity=2)
    b.at("0s").started(); b.at("30s").fault_live(); b.at("1m").alert("checkout-errors")
    b.at("2m").ack("ana"); timeline = b.build()
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, cast

from gameday import events as ev
from gameday.clock import FakeClock
from gameday.durations import parse_duration
from gameday.events import Event
from gameday.scenario.cause import RootCause
from gameday.timeline import Expectations, Timeline

if TYPE_CHECKING:
    from gameday.clock import Clock
    from gameday.drill.locate import Drill
    from gameday.drill.machine import DrillSettings
    from gameday.drill.plan import RunOptions
    from gameday.drill.session import DrillSession
    from gameday.drill.team import Team
    from gameday.scenario.model import Scenario
    from gameday.target import Target

START = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)


class TimelineBuilder:
    def __init__(
        self,
        *,
        scenario: str = "bad-deploy",
        team: str = "blue",
        drill: str | None = None,
        start: datetime = START,
        severity: int | None = None,
        root_cause: tuple[str, ...] | None = None,
        rollback_service: str | None = None,
        title: str = "",
    ) -> None:
        self.clock = FakeClock(start)
        self.start = start
        self.scenario = scenario
        self.team = team
        self.drill = drill or f"{start:%Y%m%d-%H%M}-{scenario}"
        self.title = title
        self.events: list[Event] = []
        rc = RootCause("", root_cause, 1, "") if root_cause else None
        has = severity is not None or rc is not None or rollback_service
        self.expectations = (
            Expectations(severity=severity, root_cause=rc, rollback_service=rollback_service)
            if has
            else None
        )

    # ---- time -------------------------------------------------------------------------------
    @property
    def t(self) -> float:
        return self.clock.monotonic()

    def at(self, t: float | str) -> TimelineBuilder:
        """Set the clock to drill time ``t`` (seconds or ``4m30s``).

        Going back is allowed (a test adds a late event to a finished drill); ``build`` sorts
        events by time and numbers them in that order.
        """
        target = parse_duration(t)
        if target < self.t:
            self.clock = FakeClock(self.start)
        self.clock.advance(target - self.t)
        return self

    def event(
        self, kind: str, data: dict[str, Any] | None = None, actor: str = ev.SYSTEM_ACTOR
    ) -> Event:
        e = Event(
            id=len(self.events) + 1,
            t=self.t,
            wall=self.clock.now(),
            actor=actor,
            kind=kind,
            data=dict(data or {}),
        )
        self.events.append(e)
        return e

    # ---- the runner's events ---------------------------------------------------------------------
    def started(self) -> Event:
        return self.event(
            ev.DRILL_STARTED, {"scenario": self.scenario, "team": self.team, "title": self.title}
        )

    def fault_live(self, fault: str = "fault", type: str = "generic") -> Event:
        self.event(ev.FAULT_INJECTED, {"fault": fault, "type": type})
        return self.event(ev.FAULT_LIVE, {"fault": fault, "type": type})

    def fault_undone(self, fault: str = "fault") -> Event:
        return self.event(ev.FAULT_UNDONE, {"fault": fault})

    def monitor(self, name: str, ok: bool, detail: str = "") -> Event:
        return self.event(ev.MONITOR_CHANGED, {"monitor": name, "ok": ok, "detail": detail})

    def alert(
        self, name: str = "checkout-errors", *, monitor: str = "checkout", noise: bool = False
    ) -> Event:
        return self.event(
            ev.ALERT_FIRED,
            {
                "alert": name,
                "monitor": monitor,
                "severity": "critical",
                "message": name,
                "noise": noise,
            },
        )

    def page(self, to: str = "ana", level: int = 0) -> Event:
        return self.event(ev.PAGE_SENT, {"to": to, "level": level})

    def escalate(self, frm: str = "ana", to: str = "ben") -> Event:
        return self.event(ev.PAGE_ESCALATED, {"from": frm, "to": to, "level": 1})

    def question(
        self, message: str = "Any news?", frm: str = "CEO", inject: str = "ceo-asks"
    ) -> Event:
        return self.event(
            ev.INJECT_DELIVERED,
            {"inject": inject, "kind": "stakeholder", "from": frm, "message": message},
        )

    def stats(
        self,
        requests: int,
        failures: int,
        slow: int = 0,
        p95_ms: float = 120.0,
        *,
        users: int = 0,
        workers: int = 0,
    ) -> Event:
        ratio = failures / requests if requests else 0.0
        data: dict[str, Any] = {
            "rps": requests / 10,
            "fail_ratio": ratio,
            "p95_ms": p95_ms,
            "requests": requests,
            "failures": failures,
            "slow": slow,
        }
        if users or workers:
            data.update(users=users, workers=workers)
        return self.event(ev.CUSTOMERS_STATS, data)

    def mitigated(self) -> Event:
        return self.event(ev.MITIGATED, {"hold_s": 30})

    def ended(self, reason: str = "resolved") -> Event:
        return self.event(ev.DRILL_ENDED, {"reason": reason})

    # ---- responders --------------------------------------------------------------------------
    def ack(self, who: str = "ana") -> Event:
        return self.event(ev.ACK, {}, who)

    def declare(self, sev: int, who: str = "ana") -> Event:
        return self.event(ev.DECLARE, {"sev": sev}, who)

    def role(self, role: str, person: str, who: str | None = None) -> Event:
        return self.event(ev.ROLE, {"role": role, "person": person}, who or person)

    def channel(self, name: str | None = None, who: str = "ana") -> Event:
        return self.event(ev.CHANNEL, {"name": name or f"#incident-{self.start:%Y%m%d}"}, who)

    def status(
        self,
        text: str = "Investigating",
        state: str = "investigating",
        next: str | float | None = None,
        who: str = "cy",
        components: dict[str, str] | None = None,
    ) -> Event:
        data: dict[str, Any] = {"text": text, "state": state}
        if next is not None:
            data["next_s"] = parse_duration(next)
        if components:
            data["components"] = dict(components)
        return self.event(ev.STATUS, data, who)

    def hint(self, text: str = "look at the deploy", cost: float = 5.0) -> Event:
        return self.event(ev.HINT, {"text": text, "cost": cost}, "facilitator")

    def update(
        self, text: str = "Still digging", next: str | float | None = None, who: str = "cy"
    ) -> Event:
        data: dict[str, Any] = {"text": text}
        if next is not None:
            data["next_s"] = parse_duration(next)
        return self.event(ev.UPDATE, data, who)

    def notify(
        self, text: str = "We are on it", reply_to: str | None = None, who: str = "cy"
    ) -> Event:
        data: dict[str, Any] = {"audience": "stakeholders", "text": text}
        if reply_to:
            data["reply_to"] = reply_to
        return self.event(ev.NOTIFY, data, who)

    def note(self, text: str, who: str = "ben") -> Event:
        return self.event(ev.NOTE, {"text": text}, who)

    def cause(self, text: str, who: str = "ben") -> Event:
        return self.event(ev.CAUSE, {"text": text}, who)

    def rollback(self, service: str = "api", ok: bool = True, who: str = "ben") -> Event:
        return self.event(
            ev.ROLLBACK,
            {"service": service, "from_version": "v2", "to_version": "v1", "ok": ok},
            who,
        )

    def stack_change(
        self, service: str = "db", change: str = "exec", by: str = "team", **data: Any
    ) -> Event:
        """What the engine-events part records for a change gameday did not make."""
        return self.event(
            ev.STACK_CHANGED, {"service": service, "change": change, "by": by, **data}
        )

    def resolve(self, premature: bool = False, who: str = "ana") -> Event:
        return self.event(ev.RESOLVE, {"premature": premature}, who)

    def review(self, after: str | float = "24h", who: str = "ana") -> Event:
        """Schedule the review ``after`` this long after the current moment."""
        when = self.clock.now() + timedelta(seconds=parse_duration(after))
        return self.event(ev.REVIEW, {"when": when.isoformat()}, who)

    def build(self) -> Timeline:
        ordered = sorted(self.events, key=lambda e: (e.t, e.id))
        events = tuple(replace(e, id=i) for i, e in enumerate(ordered, start=1))
        return Timeline(
            drill=self.drill,
            scenario=self.scenario,
            team=self.team,
            started=self.start,
            events=events,
            title=self.title,
            expectations=self.expectations,
        )


def textbook_drill(
    *,
    severity: int = 2,
    scenario: str = "bad-deploy",
    team: str = "blue",
    start: datetime = START,
    skip: frozenset[str] = frozenset(),
    scale: float = 1.0,
) -> TimelineBuilder:
    """A response that meets every default-playbook rule; ``skip`` leaves named steps out.

    Step names: ack, declare, roles, channel, status, updates, notify, question, rollback,
    cause, resolve, final_status, review. Returns the builder so a test can add more.
    ``scale`` shrinks drill times (``1/20`` fits ``tests/data/playbooks/fast.yaml``); the
    review stays 24 h after the drill either way.
    """
    b = TimelineBuilder(
        scenario=scenario,
        team=team,
        start=start,
        severity=severity,
        root_cause=("v2", "checkout"),
        rollback_service="api",
        title="Bad deploy of the API",
    )

    def at(builder: TimelineBuilder, t: float | str) -> TimelineBuilder:
        return builder.at(parse_duration(t) * scale)

    at(b, 0).started()
    at(b, 5).stats(200, 0)
    at(b, 30).fault_live("bad-api", "deploy")
    at(b, 45).monitor("checkout", False, "HTTP 500")
    at(b, 60).alert("checkout-errors")
    b.page("ana")
    at(b, 65).stats(300, 120, slow=10, p95_ms=900)
    if "ack" not in skip:
        at(b, "2m").ack("ana")
    if "declare" not in skip:
        at(b, "3m").declare(severity, "ana")
    if "roles" not in skip:
        at(b, "3m30s").role("ic", "ana")
        b.role("tech", "ben", "ana")
        b.role("comms", "cy", "ana")
    if "channel" not in skip:
        at(b, "4m").channel(who="ana")
    if "status" not in skip:
        at(b, "6m").status("Checkout errors; investigating", next=900 * scale)
    if "notify" not in skip:
        at(b, "7m").notify("SEV declared: checkout failing; next news in 15m")
    if "question" not in skip:
        at(b, "9m").question("Is checkout down?", "CEO", "ceo-asks")
        at(b, "11m").notify("Yes, for some customers; fix under way", reply_to="ceo-asks")
    at(b, "12m").note("errors started right after the v2 deploy")
    if "cause" not in skip:
        at(b, "13m").cause("v2 deploy of the API broke checkout")
    if "rollback" not in skip:
        at(b, "14m").rollback("api")
    if "updates" not in skip:
        at(b, "18m").update("Rolled back api to v1; watching", next=900 * scale)
    at(b, "20m").monitor("checkout", True, "HTTP 200")
    at(b, "21m").mitigated()
    at(b, "22m").stats(400, 2)
    if "resolve" not in skip:
        at(b, "24m").resolve(who="ana")
    if "final_status" not in skip:
        at(b, "25m").status("Resolved: checkout works again", state="resolved", who="cy")
    at(b, "26m").fault_undone("bad-api")
    at(b, "27m").ended("resolved")
    if "review" not in skip:
        at(b, "28m").review("24h", who="ana")
    return b


def offline_session(
    scenario: Scenario,
    settings: DrillSettings,
    *,
    clock: Clock,
    options: RunOptions | None = None,
    team: Team | None = None,
    target: object = None,
    say: Callable[[str], None] = lambda m: None,
) -> DrillSession:
    """A ``DrillSession`` on a real drill directory and log but no stack: for tests of the loop
    and of parts. It records ``drill.started``; the test starts the parts it wants
    (``session.start([...])``) and drives ``session.tick()`` on its ``FakeClock``.

    ``scenario``: give it no faults unless the test brings its own injector; ``target``:
    whatever the parts under test need (none of the built-in loop touches it).
    """
    from gameday.drill.locate import create_drill
    from gameday.drill.plan import DrillPlan, RunOptions
    from gameday.drill.session import DrillSession
    from gameday.drill.team import Team
    from gameday.playbook import load_playbook

    team = team or Team(name="t", people=tuple(settings.roster), oncall=tuple(settings.roster))
    plan = DrillPlan(
        options or RunOptions(scenario=scenario.source or "offline.yaml", users=0),
        scenario,
        load_playbook(scenario.playbook or "default"),
        team,
        settings,
    )
    drill = create_drill(scenario.id, team=team.name, clock=clock)
    drill.log(clock).append(ev.DRILL_STARTED, {"scenario": scenario.id}, t=0.0)
    return DrillSession(plan, drill, cast("Target", target), clock=clock, say=say)


class LoopbackReceiver:
    """A stand-in for Slack, PagerDuty, Opsgenie or Jira on 127.0.0.1, for integration tests.

    Records every request (``.requests``: method, path, headers, parsed JSON body) and answers
    from ``script``: a list of ``(status, body, headers)`` used in order, the last one repeated
    (default: 202 with PagerDuty's ``{"status": "success"}``). Use as a context manager;
    ``.url`` is its base URL.
    """

    def __init__(self, script: list[tuple[int, Any, dict[str, str]]] | None = None) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.script = list(script or [(202, {"status": "success"}, {})])
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                return None

            def do_POST(self) -> None:
                import json

                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    body: Any = json.loads(raw.decode("utf-8"))
                except ValueError:
                    body = raw.decode("utf-8", "replace")
                with receiver._lock:
                    receiver.requests.append(
                        {
                            "method": "POST",
                            "path": self.path,
                            "headers": {k.lower(): v for k, v in self.headers.items()},
                            "body": body,
                        }
                    )
                    n = len(receiver.requests) - 1
                    status, answer, headers = receiver.script[min(n, len(receiver.script) - 1)]
                data = (
                    answer
                    if isinstance(answer, bytes)
                    else (
                        answer.encode() if isinstance(answer, str) else json.dumps(answer).encode()
                    )
                )
                self.send_response(status)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    def __enter__(self) -> LoopbackReceiver:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def bodies(self, path: str | None = None) -> list[Any]:
        with self._lock:
            return [r["body"] for r in self.requests if path is None or r["path"] == path]


def practice_history(
    out_dir: Any,
    *,
    teams: dict[str, tuple[str, ...]] | None = None,
    drills: int = 8,
    seed: int = 13,
    start: datetime = START,
) -> list[Any]:
    """Publish a believable history of scorecards into ``out_dir``: each team drills every
    two weeks, getting faster with practice (with noise and the odd skipped step), its people
    rotating through the roles. For trends, par and schedule suggestions in tests and demos.
    Returns the ``Published`` scorecards, oldest first."""
    import random

    from gameday.scorecard import publish

    rng = random.Random(seed)
    teams = teams or {"blue": ("dana", "eli", "fay", "gus"), "red": ("ines", "jon", "kai")}
    scenarios = ("bad-deploy", "expired-cert")
    out = []
    for i in range(drills):
        for k, (team, people) in enumerate(sorted(teams.items())):
            skill = (i + 1) / drills  # 0 -> 1 as the team practises
            slow = 1.6 - skill + rng.uniform(-0.25, 0.25) + 0.3 * k

            def s(base: float, slow: float = slow) -> float:
                return max(5.0, base * slow)

            day = start + timedelta(days=14 * i + 2 * k, hours=k)
            scenario = scenarios[(i + k) % 2]
            b = TimelineBuilder(
                scenario=scenario, team=team, start=day, severity=2,
                drill=f"{day:%Y%m%d}-{team}-{i}", rollback_service="api",
                root_cause=("v2", "checkout"),
            )  # fmt: skip
            ic, tech, comms = (people[(i + j) % len(people)] for j in range(3))
            t = 0.0
            b.at(t).started()
            b.at(30).fault_live("bad-api", "deploy")
            page = 30 + s(25)
            b.at(page).alert()
            b.page(people[i % len(people)])
            ack = page + s(70)
            b.at(ack).ack(people[i % len(people)])
            declare = ack + s(60)
            b.at(declare).declare(2, ic)
            b.at(declare + s(30)).role("ic", ic)
            b.role("tech", tech, ic)
            b.role("comms", comms, ic)
            if rng.random() < 0.35 + 0.4 * skill:
                b.at(declare + s(40)).channel(who=ic)
            if rng.random() < 0.5 + 0.4 * skill:
                b.at(declare + s(150)).status("Checkout errors; investigating", who=comms)
            if rng.random() < 0.3 + 0.5 * skill:
                b.at(declare + s(200)).notify("Checkout failing; next news in 15m", who=comms)
            b.at(declare + s(300)).cause("v2 deploy broke checkout", who=tech)
            b.at(declare + s(320)).rollback("api", who=tech)
            mitigated = declare + s(320) + 60
            b.at(mitigated).mitigated()
            resolve = mitigated + s(120)
            b.at(resolve).resolve(who=ic)
            b.at(resolve + 30).status("Resolved", state="resolved", who=comms)
            end = resolve + 60
            tt = 10.0
            while tt < end:
                broken = 30 < tt <= mitigated
                b.at(tt).stats(50, rng.randint(10, 30) if broken else 0)
                tt += 10.0
            b.at(end).ended("resolved")
            out.append(publish(b.build(), out_dir=out_dir))
    return out


def drill_from_timeline(
    timeline: Timeline,
    *,
    scenario_path: str,
    runner_pid: int | None = None,
    extra: dict[str, Any] | None = None,
    stop_before: str | None = ev.DRILL_ENDED,
) -> Drill:
    """A running drill in the state folder whose log holds ``timeline``'s events (up to, not
    including, the first ``stop_before``), as a runner would have recorded them. With
    ``runner_pid`` that process is recorded as its runner (kill it to get a crashed drill);
    without, no runner is attached."""
    from gameday.drill.locate import create_drill

    drill = create_drill(
        timeline.scenario,
        scenario_path=scenario_path,
        team=timeline.team,
        target=None,
        target_env={},
        clock=FakeClock(timeline.started),
        drill_id=f"{timeline.started:%Y%m%d-%H%M%S}-test",
        extra=extra,
    )
    if runner_pid is None:
        drill.update(pid=None, pid_start=None)  # no runner attached
    else:
        drill.mark_running(runner_pid)
    log = drill.log()
    for e in timeline.events:
        if e.kind == stop_before:
            break
        log.append(e.kind, dict(e.data), actor=e.actor, t=e.t)
    drill.close()
    return drill


class RawServer:
    """A server on 127.0.0.1 that does to each connection whatever ``behaviour(conn)`` does,
    after reading the request: answer raw bytes (``RawServer.replay``), trickle, stay silent,
    close at once. For testing clients against servers that do not play by the rules (the
    ``--server`` client, the bad-input census). ``.start(behaviour)`` -> its URL; ``.close()``
    stops every server it started."""

    def __init__(self) -> None:
        self._socks: list[Any] = []
        self._loops: list[Any] = []

    @staticmethod
    def replay(raw: bytes) -> Callable[[Any], None]:
        return lambda conn: conn.sendall(raw)

    def start(self, behaviour: Callable[[Any], None]) -> str:
        import socket
        import threading

        srv = socket.create_server(("127.0.0.1", 0))
        self._socks.append(srv)

        def handle(conn: socket.socket) -> None:
            try:
                conn.settimeout(60)
                _read_request(conn)
                behaviour(conn)
            except OSError:
                pass
            finally:
                conn.close()

        def loop() -> None:
            while True:
                try:
                    conn, _ = srv.accept()
                except OSError:
                    return
                threading.Thread(target=handle, args=(conn,), daemon=True).start()

        thread = threading.Thread(target=loop, daemon=True)
        thread.start()
        self._loops.append(thread)
        return f"http://127.0.0.1:{srv.getsockname()[1]}"

    def close(self) -> None:
        """Stop every server: a listening socket closed from another thread does not wake the
        thread blocked in ``accept`` on Linux (it lingered for the rest of the test session);
        ``shutdown`` does."""
        import socket

        for s in self._socks:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()
        for thread in self._loops:
            thread.join(timeout=5)
        self._socks, self._loops = [], []

    def __enter__(self) -> RawServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _read_request(conn: Any) -> None:
    """Read one HTTP request's head and body (``Content-Length``), whatever it says."""
    data = b""
    while b"\r\n\r\n" not in data and len(data) < 1 << 20:
        chunk = conn.recv(65536)
        if not chunk:
            return
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            try:
                length = min(int(line.split(b":", 1)[1]), 1 << 20)
            except ValueError:
                length = 0
    while len(body) < length:
        chunk = conn.recv(65536)
        if not chunk:
            return
        body += chunk


def refuse_docker(monkeypatch: Any) -> None:
    """Make any use of the Docker SDK fail the test: reading files, arguments and state must
    never reach the engine (``monkeypatch``: pytest's)."""
    import docker

    def refuse(*_a: object, **_k: object) -> None:
        raise AssertionError("this must be refused before anything reaches Docker")

    monkeypatch.setattr(docker, "from_env", refuse)
    monkeypatch.setattr(docker.DockerClient, "__init__", refuse)
