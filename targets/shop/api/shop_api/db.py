"""PostgreSQL access with a small per-worker pool.

Every connection carries a statement timeout: when a migration holds a lock on ``orders``, a
checkout fails within seconds with a clear error instead of hanging the customer forever.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time

import psycopg2
import psycopg2.pool

from shop_api.config import SETTINGS

STATEMENT_TIMEOUT_MS = SETTINGS.db_statement_timeout_ms
SETTINGS_TTL_S = 2.0
SLOW_CONNECT_S = 1.0  # a wait for a connection (or a new one) this long is logged

log = logging.getLogger("shop_api")

_pool: psycopg2.pool.ThreadedConnectionPool | None = None
_pool_lock = threading.Lock()
_settings: dict[str, tuple[float, str]] = {}


class DatabaseUnavailable(Exception):
    """The database could not serve this request (down, locked, out of connections)."""


def _get_pool() -> psycopg2.pool.ThreadedConnectionPool:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = psycopg2.pool.ThreadedConnectionPool(
                0,
                SETTINGS.db_pool_size,
                connect_timeout=3,
                options=f"-c statement_timeout={STATEMENT_TIMEOUT_MS}",
                application_name="shop-api",
            )
        return _pool


@contextlib.contextmanager
def connection():
    """A pooled connection in a transaction; broken connections are dropped, not reused."""
    pool = _get_pool()
    asked = time.monotonic()
    try:
        conn = pool.getconn()
    except psycopg2.pool.PoolError as exc:
        raise DatabaseUnavailable(
            f"connection pool exhausted ({_in_use(pool)} connections in use): {exc}"
        ) from exc
    except psycopg2.OperationalError as exc:
        raise DatabaseUnavailable(f"cannot connect to the database: {exc}".strip()) from exc
    waited = time.monotonic() - asked
    if waited >= SLOW_CONNECT_S:
        log.warning(
            "waited %.0f ms for a database connection (%s in use)", waited * 1000, _in_use(pool)
        )
    broken = False
    try:
        with conn:
            yield conn
    except psycopg2.errors.QueryCanceled as exc:
        raise DatabaseUnavailable(f"query cancelled after {STATEMENT_TIMEOUT_MS} ms: {exc}".strip()) from exc
    except (psycopg2.OperationalError, psycopg2.InterfaceError) as exc:
        broken = True
        raise DatabaseUnavailable(f"database error: {exc}".strip()) from exc
    finally:
        pool.putconn(conn, close=broken or conn.closed != 0)


def _in_use(pool: psycopg2.pool.AbstractConnectionPool) -> str:
    used = getattr(pool, "_used", None)
    return f"{len(used)} of {pool.maxconn}" if isinstance(used, dict) else "?"


def setting(key: str) -> str:
    """A row of the ``settings`` table, cached for a couple of seconds per worker."""
    now = time.monotonic()
    cached = _settings.get(key)
    if cached and now - cached[0] < SETTINGS_TTL_S:
        return cached[1]
    with connection() as conn, conn.cursor() as cur:
        cur.execute("SELECT value FROM settings WHERE key = %s", (key,))
        row = cur.fetchone()
    value = (row[0] or "").strip() if row else ""
    _settings[key] = (now, value)
    return value
