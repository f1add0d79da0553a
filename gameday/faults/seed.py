"""The four seed faults of the shop target: what the built-in scenarios break.

Each proves itself the way a customer or an operator would notice: a real TLS handshake, real
locks in ``pg_stat_activity``, the provider's real answers, the image the api really runs.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated, Any
from urllib.parse import urlsplit

from gameday.errors import FaultError
from gameday.faults import FaultContext, FaultType
from gameday.faults._util import DB_NAME, exec_ok, psql, sql_literal, wait_for
from gameday.formats.core import Range
from gameday.ownactions import mark_exec
from gameday.params import Duration, ParamError, Timeout
from gameday.records import record

# --- expired_cert ----------------------------------------------------------------------------


@record
class ExpiredCertParams:
    # how long ago the leaf stopped being valid, and how long it had been valid before that
    expired_for: Annotated[Duration, Range(1, 3650 * 86400.0)] = 2 * 86400.0
    lifetime: Annotated[Duration, Range(60, 3650 * 86400.0)] = 90 * 86400.0


def tls_handshake(target: Any, timeout: float = 5.0) -> str | None:
    """Handshake with the proxy, verifying against the staging CA. None if it verifies,
    else the verification error as OpenSSL names it (``certificate has expired``...)."""
    import socket
    import ssl

    from gameday.probes.tls import client_context

    url = urlsplit(str(target.endpoints()["proxy"]))
    host, port = url.hostname or "127.0.0.1", url.port or 443
    try:
        ctx = client_context(str(target.ca_path))  # the probes' cached context: polled often
        with (
            socket.create_connection((host, port), timeout=timeout) as sock,
            ctx.wrap_socket(sock, server_hostname=host),
        ):
            return None
    except ssl.SSLCertVerificationError as exc:
        return f"{exc.verify_message} (verify code {exc.verify_code})"
    except (OSError, ssl.SSLError) as exc:
        return f"handshake failed: {exc}"


class ExpiredCert(FaultType):
    name = "expired_cert"
    summary = "The proxy serves a certificate from the staging CA whose validity has ended."
    Params = ExpiredCertParams

    def services(self, params: Any) -> tuple[str, ...]:
        return ("proxy",)

    def check_params(self, params: Any) -> None:
        if params.expired_for <= 0:
            raise ParamError("expired_for", "must be more than 0 (a certificate in the past)")
        if params.lifetime <= 0:
            raise ParamError("lifetime", "must be more than 0")

    def inject(self, ctx: FaultContext) -> None:
        not_after = ctx.clock.now() - timedelta(seconds=ctx.params.expired_for)
        not_before = not_after - timedelta(seconds=ctx.params.lifetime)
        ctx.target.install_certificate(not_before=not_before, not_after=not_after)

    def verify_live(self, ctx: FaultContext) -> None:
        def check() -> str | None:
            err = tls_handshake(ctx.target)
            return None if err and "expired" in err else (err or "a valid certificate")

        wait_for(ctx.clock, 15.0, check, "TLS handshake should fail with an expired certificate")

    def undo(self, ctx: FaultContext) -> None:
        if tls_handshake(ctx.target) is not None:
            ctx.target.renew_certificate()

    def verify_undone(self, ctx: FaultContext) -> None:
        wait_for(ctx.clock, 15.0, lambda: tls_handshake(ctx.target), "TLS handshake should verify")


# --- heavy_migration -------------------------------------------------------------------------

_IDENT = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


@record
class MigrationParams:
    table: str = "orders"
    migration: str = "migration_0042_add_order_status"  # application_name in pg_stat_activity
    column: str = "order_status"  # the column the "migration" adds
    # the lock is released after this even if all else fails
    hold: Annotated[Duration, Range(1, 86400.0)] = 3600.0


_PAUSE_S = 2.0  # the job's throttle between backfill batches (what the session shows idle)
_BATCH_ROWS = 1000


def _lock_holders(ctx: FaultContext) -> str:
    p = ctx.params
    return psql(
        ctx.target,
        "SELECT a.pid FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid "
        "JOIN pg_class c ON c.oid = l.relation "
        f"WHERE a.application_name = {sql_literal(p.migration)} "
        f"AND c.relname = {sql_literal(p.table)} AND l.granted "
        "AND l.mode = 'AccessExclusiveLock'",
    )


def _migration_backends(ctx: FaultContext) -> str:
    return psql(
        ctx.target,
        "SELECT pid FROM pg_stat_activity WHERE application_name = "
        f"{sql_literal(ctx.params.migration)} AND pid <> pg_backend_pid()",
    )


def _has_column(ctx: FaultContext) -> bool:
    p = ctx.params
    return bool(
        psql(
            ctx.target,
            "SELECT 1 FROM information_schema.columns WHERE table_schema = 'public' "
            f"AND table_name = {sql_literal(p.table)} AND column_name = {sql_literal(p.column)}",
        )
    )


def migration_job(params: Any) -> str:
    """The deploy's migration job as a shell script run in the db container.

    It is the classic mistake for real: one transaction adds the column (taking ACCESS
    EXCLUSIVE on the table) and then backfills it in throttled batches, the job sleeping
    between them the way an application's migration runner does. So ``pg_stat_activity``
    shows the migration's own statements (``ALTER TABLE ...``, then ``UPDATE ... batch n/N``,
    ``idle in transaction`` between batches, the transaction minutes old) holding the lock,
    and no ``pg_sleep``. Ending the session rolls the whole migration back (transactional
    DDL); once ``hold`` has passed the job commits, as a real one would.
    """
    p = params
    batches = max(1, int(p.hold / _PAUSE_S))
    pause = p.hold / batches
    tag = f"/* {p.migration} */"
    # the next rows not yet backfilled, a batch at a time (no count needed before it starts)
    backfill = (
        f"UPDATE {p.table} SET {p.column} = 'placed' WHERE id IN (SELECT id FROM {p.table} "
        f"WHERE {p.column} IS NULL ORDER BY id LIMIT {_BATCH_ROWS})"
    )
    dsn = f"dbname={DB_NAME} user=shop application_name={p.migration}"
    return "\n".join(
        [
            "set -u",
            "{",
            "echo 'BEGIN;'",
            f'echo "ALTER TABLE {p.table} ADD COLUMN IF NOT EXISTS {p.column} text {tag};"',
            f"i=0; while [ $i -lt {batches} ]; do",
            "  i=$((i + 1))",
            f'  echo "{backfill} /* {p.migration}: backfill {p.column}, batch $i of {batches} */;"',
            f"  sleep {pause:.3f}",
            "done",
            "echo 'COMMIT;'",
            f"}} | psql '{dsn}' -q -v ON_ERROR_STOP=1 >/dev/null",
        ]
    )


class HeavyMigration(FaultType):
    name = "heavy_migration"
    summary = "A deploy's migration holds an exclusive lock on a hot table: checkout hangs."
    Params = MigrationParams

    def services(self, params: Any) -> tuple[str, ...]:
        return ("db",)

    def check_params(self, params: Any) -> None:
        for key in ("table", "migration", "column"):
            if not _IDENT.match(getattr(params, key)):
                raise ParamError(key, "must be a lower-case SQL identifier (letters, digits, _)")
        if params.hold < 1:
            raise ParamError("hold", "must be at least 1s")

    def prepare(self, ctx: FaultContext) -> dict[str, Any]:
        # Undo drops the column only if the migration added it (a job that ran to its commit).
        return {"column_existed": _has_column(ctx)}

    def inject(self, ctx: FaultContext) -> None:
        p = ctx.params
        script = migration_job(p)
        # Detached: the migration job outlives this process, exactly like a real deploy job.
        mark_exec(ctx.target.project, ["sh", "-c", script], clock=ctx.clock)
        ctx.target.container("db").exec_run(["sh", "-c", script], detach=True)
        # Returns once the job has its session, so an undo right after always finds it. (The
        # job is never killed: its orphans would be reaped by PostgreSQL, the container's init,
        # and one that died by a signal reads to it as a crashed backend: a server restart.
        # Ending its session ends the job by itself.)
        wait_for(
            ctx.clock,
            15.0,
            lambda: None if _migration_backends(ctx) else "no session",
            f"{p.migration} should connect",
            interval=0.05,
        )

    def verify_live(self, ctx: FaultContext) -> None:
        wait_for(
            ctx.clock,
            20.0,
            lambda: None if _lock_holders(ctx) else "no lock held",
            f"{ctx.params.migration} should hold an exclusive lock on {ctx.params.table}",
            interval=0.1,
        )

    def undo(self, ctx: FaultContext) -> None:
        p = ctx.params
        sql = (
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE "
            f"application_name = {sql_literal(p.migration)} AND pid <> pg_backend_pid();"
        )
        if ctx.state.get("column_existed") is False:
            # A job that outlived ``hold`` committed: its down migration, in the same call (one
            # exec; an uncommitted column is invisible here and goes with the ended session).
            sql += (
                " DO $$ BEGIN IF EXISTS (SELECT 1 FROM information_schema.columns WHERE "
                f"table_schema = 'public' AND table_name = {sql_literal(p.table)} AND "
                f"column_name = {sql_literal(p.column)}) THEN "
                f"ALTER TABLE {p.table} DROP COLUMN IF EXISTS {p.column}; END IF; END $$;"
            )
        psql(ctx.target, sql)

    def verify_undone(self, ctx: FaultContext) -> None:
        p = ctx.params
        column = ctx.state.get("column_existed") is False
        check = (
            "SELECT (SELECT count(*) FROM pg_stat_activity WHERE application_name = "
            f"{sql_literal(p.migration)} AND pid <> pg_backend_pid()) || ' ' || "
            "(SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' "
            f"AND table_name = {sql_literal(p.table)} AND column_name = {sql_literal(p.column)})"
        )

        def seen() -> str | None:
            backends, cols = [*psql(ctx.target, check).split(), "0", "0"][:2]
            if backends != "0":
                return f"{backends} migration session(s)"
            return f"column {p.table}.{p.column}" if column and cols != "0" else None

        wait_for(ctx.clock, 20.0, seen, f"{p.migration} should be gone", interval=0.1)


# --- upstream_schema_change ------------------------------------------------------------------


@record
class UpstreamParams:
    version: str = "v2"  # the provider's new default response schema
    restore_version: str = "v1"
    service: str = "payments"


def _provider_default(ctx: FaultContext) -> str:
    """The default schema as the provider itself reports it (``payments-admin show``)."""
    code, out = ctx.target.exec(ctx.params.service, ["payments-admin", "show"], timeout=15)
    text = out.strip()
    match = re.search(r"default response schema:\s*(\S+)", text)
    if code != 0 or not match:
        raise FaultError(f"payments-admin show failed (exit {code}): {text[:200]}")
    return match.group(1)


def _served_schema(ctx: FaultContext) -> str:
    """The schema a real, unpinned charge request is answered in (its Payments-Version header)."""
    argv = [
        "curl", "-sS", "-o", "/dev/null", "-D", "-", "-X", "POST",
        "-H", "Content-Type: application/json",
        "-d", '{"amount": 100, "currency": "EUR", "reference": "gameday-verify"}',
        "http://127.0.0.1:8080/charges",
    ]  # fmt: skip
    code, out = ctx.target.exec(ctx.params.service, argv, timeout=15)
    match = re.search(r"^payments-version:\s*(\S+)", out, re.IGNORECASE | re.MULTILINE)
    if code != 0 or not match:
        raise FaultError(f"a test charge to payments failed (exit {code}): {out[:200]}")
    return match.group(1)


def _set_default(ctx: FaultContext, version: str) -> None:
    argv = ["payments-admin", "set-default", version]
    exec_ok(ctx.target, ctx.params.service, argv, timeout=15, what="payments-admin")


class UpstreamSchemaChange(FaultType):
    name = "upstream_schema_change"
    summary = "The payments provider switches its default response schema; checkout breaks."
    Params = UpstreamParams

    def check_params(self, params: Any) -> None:
        for key in ("version", "restore_version"):
            if not re.fullmatch(r"v\d+", getattr(params, key)):
                raise ParamError(key, f"{getattr(params, key)!r} is not a version like v2")

    def inject(self, ctx: FaultContext) -> None:
        _set_default(ctx, ctx.params.version)

    def verify_live(self, ctx: FaultContext) -> None:
        seen = _provider_default(ctx)
        if seen != ctx.params.version:
            raise FaultError(f"payments default schema is {seen!r}, not {ctx.params.version!r}")
        served = _served_schema(ctx)
        if served != ctx.params.version:
            raise FaultError(
                f"a real charge was served in schema {served!r}, not {ctx.params.version!r}"
            )

    def undo(self, ctx: FaultContext) -> None:
        _set_default(ctx, ctx.params.restore_version)
        # A responder's pin is a remedy, not steady state: clear it so the next drill starts clean.
        psql(ctx.target, "UPDATE settings SET value = '' WHERE key = 'payments_version'")

    def verify_undone(self, ctx: FaultContext) -> None:
        seen = _served_schema(ctx)
        if seen != ctx.params.restore_version:
            raise FaultError(f"payments still serves schema {seen!r} by default")
        pin = psql(ctx.target, "SELECT value FROM settings WHERE key = 'payments_version'")
        if pin:
            raise FaultError(f"settings.payments_version is still pinned to {pin!r}")


# --- bad_deploy ------------------------------------------------------------------------------


@record
class DeployParams:
    service: str = "api"
    version: str = "v2"
    timeout: Timeout = 120.0
    by: str = "release-train"  # who the deploy log says deployed it
    note: str = ""  # what the deploy log says it was for


class BadDeploy(FaultType):
    """On compose the bad version is staged warm beside the good one (``stage``) and the
    deploy and its undo are traffic switches (``gameday.target.switch``); on swarm it is a
    rolling ``service update`` to the bad image and the undo is ``service rollback``."""

    name = "bad_deploy"
    summary = "A service is redeployed at a buggy version; rolling back is the fix."
    Params = DeployParams

    def stage(self, ctx: FaultContext) -> str | None:
        """The bad version warm beside the good one: the deploy is then a traffic switch."""
        return ctx.target.stage_version(ctx.params.service, ctx.params.version, ctx.progress)

    def stage_undo(self, ctx: FaultContext) -> str | None:
        """The good version warm again (it restarts out of traffic): a rollback is a switch."""
        previous = ctx.state.get("previous_version")
        if not previous:
            return None
        return ctx.target.stage_version(ctx.params.service, str(previous), ctx.progress)

    def prepare(self, ctx: FaultContext) -> dict[str, Any]:
        return {"previous_version": ctx.target.deployed_version(ctx.params.service)}

    def inject(self, ctx: FaultContext) -> None:
        if ctx.state.get("previous_version") == ctx.params.version:
            raise FaultError(
                f"{ctx.params.service} already runs {ctx.params.version}; nothing to break"
            )
        from gameday.target.deploys import deployed_by

        with deployed_by(ctx.params.by, ctx.params.note):
            ctx.target.deploy(ctx.params.service, ctx.params.version, ctx.progress)

    def _wait_version(self, ctx: FaultContext, version: str) -> None:
        def check() -> str | None:
            running = ctx.target.deployed_version(ctx.params.service)
            if running != version:
                return f"at {running}"
            return ctx.target.convergence(ctx.params.service)  # every replica rolled out

        wait_for(ctx.clock, ctx.params.timeout, check, f"{ctx.params.service} at {version}", 0.5)

    def verify_live(self, ctx: FaultContext) -> None:
        self._wait_version(ctx, ctx.params.version)

    def undo(self, ctx: FaultContext) -> None:
        previous = ctx.state.get("previous_version")
        if previous and ctx.target.deployed_version(ctx.params.service) != previous:
            from gameday.target.deploys import deployed_by

            with deployed_by("gameday", "drill restore: the fault's deploy undone"):
                ctx.target.rollback(ctx.params.service, ctx.progress, to=previous)
        ctx.target.drop_standbys(ctx.params.service)  # the bad version's, now out of traffic

    def verify_undone(self, ctx: FaultContext) -> None:
        previous = ctx.state.get("previous_version")
        if previous:
            self._wait_version(ctx, previous)


SEED_FAULTS: tuple[type[FaultType], ...] = (
    ExpiredCert,
    HeavyMigration,
    UpstreamSchemaChange,
    BadDeploy,
)
