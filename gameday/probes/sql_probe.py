"""``sql``: a query against the target database, run by ``psql`` inside the db container.

Why ``psql`` through ``Target.exec`` and not a Python driver: it needs no extra dependency,
no published database port and no password handling (local socket inside the container),
and it is exactly what a responder would type. It costs a ``docker exec`` (tens of ms), so
the cheap monitor probe is ``http``; ``sql`` is for steady-state checks such as "orders are
writable". ``lock_timeout`` (80% of ``timeout``) and ``statement_timeout`` keep a lock-blocked query
from hanging the probe: a held lock shows up as "lock timeout" within ``timeout``.
"""

from __future__ import annotations

import re
from typing import Any

from gameday.params import ParamError, ProbeTimeout
from gameday.probes.base import ProbeResult, ProbeType
from gameday.records import record


@record
class SqlParams:
    query: str
    expect: str | None = None  # a regular expression the (unaligned, tuples-only) output must match
    database: str = "{db.dbname}"  # default: the target's database, from its endpoints
    user: str = "{db.user}"
    service: str = "db"
    timeout: ProbeTimeout = 5.0

    def __post_init__(self) -> None:
        if not self.query.strip():
            raise ParamError("query", "must not be empty")
        if self.timeout <= 0:
            raise ParamError("timeout", "must be more than 0s")
        if self.expect is not None:
            try:
                re.compile(self.expect)
            except re.error as exc:
                raise ParamError("expect", f"not a valid regular expression: {exc}") from None


def _first_line(text: str) -> str:
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("SET"):
            return line[:200]
    return ""


def check_sql(target: Any, p: SqlParams) -> ProbeResult:
    database, user = p.database, p.user
    ms = max(1, int(p.timeout * 1000))
    lock_ms = max(1, int(ms * 0.8))  # a held lock reports as such, before the statement timeout
    argv = [
        "psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-U", user, "-d", database,
        "-c", f"SET statement_timeout = {ms}; SET lock_timeout = {lock_ms};",
        "-c", p.query,
    ]  # fmt: skip
    try:
        code, out = target.exec(p.service, argv, timeout=p.timeout + 5.0)
    except Exception as exc:  # no container, Docker down, guardrail: unhealthy, not a crash
        return ProbeResult(False, f"cannot run psql in {p.service}: {exc}")
    text = out.decode("utf-8", "replace") if isinstance(out, bytes) else str(out or "")
    if code != 0:
        return ProbeResult(False, f"query failed (exit {code}): {_first_line(text) or 'no output'}")
    if p.expect is not None and not re.search(p.expect, text):
        return ProbeResult(False, f"output {_first_line(text)!r} does not match /{p.expect}/")
    return ProbeResult(True, f"query ok: {_first_line(text) or '(no rows)'}")


PROBE = ProbeType(
    name="sql",
    params=SqlParams,
    check=check_sql,
    summary="a SQL query succeeds (psql inside the db container)",
)
