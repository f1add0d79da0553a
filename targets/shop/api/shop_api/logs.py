"""Logging like a production service, so `docker logs` tells the story of an incident.

* gunicorn writes one access-log line per request (``gunicorn.conf.py``): client, request,
  status, bytes, duration in ms and the request id the proxy assigned (``X-Request-Id``).
* This module adds the application's own lines on stderr, each with that request id: every 5xx
  with its cause (``database unavailable: query cancelled after 4000 ms``, ``payments
  unreachable: timed out``), slow requests, slow upstream calls and waits for a database
  connection. The id joins the proxy's access line, the API's lines and the provider's.
"""

from __future__ import annotations

import logging
import time
import uuid

from flask import Flask, Response, g, has_request_context, request

SLOW_REQUEST_S = 1.0

log = logging.getLogger("shop_api")


class _RequestId(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


def request_id() -> str:
    return g.get("request_id", "-") if has_request_context() else "-"


def note_error(cause: str) -> None:
    """What went wrong in this request, for its one 5xx line."""
    if has_request_context():
        g.error = cause


def setup(app: Flask, version: str) -> logging.Logger:
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.addFilter(_RequestId())
        handler.setFormatter(
            logging.Formatter(
                "%(asctime)s %(levelname)s shop-api[%(process)d] request_id=%(request_id)s "
                "%(message)s"
            )
        )
        log.addHandler(handler)
        log.setLevel(logging.INFO)
        log.propagate = False

    @app.before_request
    def _start() -> None:
        g.request_id = request.headers.get("X-Request-Id") or uuid.uuid4().hex
        g.started = time.monotonic()

    @app.after_request
    def _finish(resp: Response) -> Response:
        resp.headers["X-Request-Id"] = request_id()
        took = time.monotonic() - g.get("started", time.monotonic())
        if resp.status_code >= 500:
            cause = g.get("error")
            if not cause and resp.status_code == 500:
                cause = "unhandled exception (traceback above)"
            log.error(
                "%s %s -> %d in %.0f ms%s",
                request.method,
                request.path,
                resp.status_code,
                took * 1000,
                f": {cause}" if cause else "",
            )
        elif took >= SLOW_REQUEST_S and request.path != "/health":
            log.warning(
                "slow request: %s %s -> %d in %.0f ms",
                request.method,
                request.path,
                resp.status_code,
                took * 1000,
            )
        return resp

    log.info("shop-api %s worker ready", version)
    return log
