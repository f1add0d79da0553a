"""Remediation actions: the fixes a responder would apply, performed by the tool itself.

``selftest`` applies a scenario's ``remediation`` steps to prove the documented fix really fixes
the stack; the drill's autopilot applies them to rehearse a drill without people.
"""

from __future__ import annotations

import re
from typing import Any

from gameday.errors import FaultError
from gameday.faults import Remediation, RemediationContext
from gameday.faults._util import exec_ok, psql, sql_literal
from gameday.params import Timeout
from gameday.records import record


@record
class NoParams:
    pass


@record
class ServiceParams:
    service: str


@record
class CancelMigrationParams:
    match: str = "migration_%"  # application_name LIKE pattern of the migration sessions
    mode: str = "terminate"  # terminate (close the session) or cancel (its current query)


@record
class PinParams:
    version: str = "v1"


@record
class ExecParams:
    service: str
    argv: tuple[str, ...]
    timeout: Timeout = 60.0


@record
class SqlParams:
    query: str


@record
class RevertConfigParams:
    service: str
    path: str  # the configuration file
    previous: str = ".previous"  # the copy the deploy kept: path + this


@record
class PinHostParams:
    service: str  # where the name must resolve
    host: str  # the name to pin
    address_of: str  # the service whose container's address the name gets


class RenewCertificate(Remediation):
    name = "renew_certificate"
    summary = "Issue a fresh valid leaf from the staging CA and reload the proxy."
    Params = NoParams

    def apply(self, ctx: RemediationContext) -> str:
        ctx.target.renew_certificate()
        return "renewed the proxy certificate"


class CancelMigration(Remediation):
    name = "cancel_migration"
    summary = "Terminate (or cancel) the database sessions of a running migration."
    Params = CancelMigrationParams

    def apply(self, ctx: RemediationContext) -> str:
        fn = {"terminate": "pg_terminate_backend", "cancel": "pg_cancel_backend"}.get(
            ctx.params.mode
        )
        if fn is None:
            raise FaultError(
                f"cancel_migration: mode {ctx.params.mode!r} is not terminate or cancel"
            )
        out = psql(
            ctx.target,
            f"SELECT count({fn}(pid)) FROM pg_stat_activity WHERE application_name LIKE "
            f"{sql_literal(ctx.params.match)} AND pid <> pg_backend_pid()",
        )
        return f"{ctx.params.mode}d {out or 0} migration session(s) matching {ctx.params.match!r}"


class PinUpstreamVersion(Remediation):
    name = "pin_upstream_version"
    summary = "Pin the payments response schema the API asks for (settings.payments_version)."
    Params = PinParams

    def apply(self, ctx: RemediationContext) -> str:
        if not re.fullmatch(r"v\d+", ctx.params.version):
            raise FaultError(f"pin_upstream_version: {ctx.params.version!r} is not like v1")
        v = sql_literal(ctx.params.version)
        psql(
            ctx.target,
            f"INSERT INTO settings (key, value) VALUES ('payments_version', {v}) "
            f"ON CONFLICT (key) DO UPDATE SET value = {v}",
        )
        return f"pinned payments schema {ctx.params.version}"


class Rollback(Remediation):
    name = "rollback"
    summary = "Roll a service back to its previously deployed version."
    Params = ServiceParams

    def apply(self, ctx: RemediationContext) -> str:
        before, after = ctx.target.rollback(ctx.params.service)
        return f"rolled {ctx.params.service} back from {before} to {after}"


class RestartService(Remediation):
    name = "restart_service"
    summary = "Restart a service: its container on compose, every task (update --force) on swarm."
    Params = ServiceParams

    def apply(self, ctx: RemediationContext) -> str:
        return ctx.target.restart_service(ctx.params.service, ctx.progress)


class ExecRemedy(Remediation):
    name = "exec"
    summary = "Run a command (argv list, never a shell string) in a service's container."
    Params = ExecParams

    def apply(self, ctx: RemediationContext) -> str:
        argv = list(ctx.params.argv)
        exec_ok(ctx.target, ctx.params.service, argv, timeout=ctx.params.timeout, what="exec")
        return f"ran {argv} in {ctx.params.service}"


class Sql(Remediation):
    name = "sql"
    summary = "Run SQL against the target database (psql in the db container)."
    Params = SqlParams

    def apply(self, ctx: RemediationContext) -> str:
        out = psql(ctx.target, ctx.params.query)
        return f"sql: {out[:200]}" if out else "sql: ok"

    def services(self, params: Any) -> tuple[str, ...]:
        return ("db",)


class RevertConfig(Remediation):
    name = "revert_config"
    summary = "Put back the configuration file a deploy replaced (path + .previous) and restart."
    Params = RevertConfigParams

    def apply(self, ctx: RemediationContext) -> str:
        from gameday.faults.configfault import read_file, write_file

        p = ctx.params
        reverted = []
        for c in _every_container(ctx.target, p.service):
            previous = read_file(c, p.path + p.previous)
            if previous is None:
                continue
            write_file(c, p.path, previous)
            c.restart(timeout=10)
            reverted.append(c.name)
        if not reverted:
            raise FaultError(f"revert_config: no {p.path}{p.previous} in {p.service} to revert to")
        return f"reverted {p.path} from {p.path}{p.previous} and restarted {', '.join(reverted)}"


def _every_container(target: Any, service: str) -> list[Any]:
    """Every container of ``service``, running or not (a crash-looping one is not running),
    each through the guardrail."""
    found = list(target.engine.service_containers(target, service))
    for c in found:
        target.check_guardrail(c)
    return found


class PinHost(Remediation):
    name = "pin_host"
    summary = "Pin a host name to a service's current address in /etc/hosts (a DNS workaround)."
    Params = PinHostParams

    def services(self, params: Any) -> tuple[str, ...]:
        return (params.service, params.address_of)

    def apply(self, ctx: RemediationContext) -> str:
        p = ctx.params
        if not re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9.-]{0,252})", p.host):
            raise FaultError(f"pin_host: {p.host!r} is not a host name")
        source = ctx.target.container(p.address_of)
        source_nets = (source.attrs.get("NetworkSettings") or {}).get("Networks") or {}
        pinned = []
        for c in ctx.target.service_containers(p.service):
            nets = (c.attrs.get("NetworkSettings") or {}).get("Networks") or {}
            shared = [n for n in nets if n in source_nets and source_nets[n].get("IPAddress")]
            if not shared:
                raise FaultError(f"pin_host: {p.service} and {p.address_of} share no network")
            ip = source_nets[shared[0]]["IPAddress"]
            line = f"{ip}\t{p.host}\t# pinned by gameday pin_host"
            argv = ["sh", "-c", 'printf "%s\\n" "$1" >> /etc/hosts', "sh", line]
            result = c.exec_run(argv)
            if result.exit_code:
                out = result.output
                raise FaultError(f"pin_host: cannot write /etc/hosts in {c.name}: {out!r}")
            pinned.append(ip)
        return f"pinned {p.host} to {', '.join(pinned)} in {p.service}'s /etc/hosts"


REMEDIES: tuple[type[Remediation], ...] = (
    RenewCertificate,
    CancelMigration,
    PinUpstreamVersion,
    Rollback,
    RestartService,
    ExecRemedy,
    Sql,
    RevertConfig,
    PinHost,
)
