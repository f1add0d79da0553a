"""A stand-in for an external payment provider with versioned response schemas.

v1 answers ``{"id", "status", "amount", "currency"}``; v2 renamed ``status`` to
``payment_status`` and nested the amount. The provider's default version lives in a file so
``payments-admin set-default v2`` switches every worker at once, at run time; a
``Payments-Version`` request header pins a version per request.
"""

from __future__ import annotations

import logging
import os
import sys
import uuid
from pathlib import Path

from flask import Flask, jsonify, request

VERSIONS = ("v1", "v2")
STATE = Path(os.environ.get("PAYMENTS_STATE_DIR", "/var/lib/payments"))
DEFAULT_FILE = STATE / "default-version"

app = Flask(__name__)
log = logging.getLogger("payments")
if not log.handlers:
    _handler = logging.StreamHandler(sys.stderr)
    _handler.setFormatter(
        logging.Formatter("%(asctime)s %(levelname)s payments[%(process)d] %(message)s")
    )
    log.addHandler(_handler)
    log.setLevel(logging.INFO)
    log.propagate = False
_seen_default: list[str] = []  # what this worker last served by default


def default_version() -> str:
    try:
        value = DEFAULT_FILE.read_text().strip()
    except OSError:
        value = ""
    version = value if value in VERSIONS else os.environ.get("PAYMENTS_DEFAULT_VERSION", "v1")
    if not _seen_default:
        log.info("serving response schema %s by default", version)
        _seen_default.append(version)
    elif _seen_default[-1] != version:
        log.warning(
            "default response schema changed: %s -> %s (clients that do not pin "
            "Payments-Version now get %s)",
            _seen_default[-1],
            version,
            version,
        )
        _seen_default.append(version)
    return version


def _render(version: str, charge_id: str, amount: int, currency: str) -> dict:
    if version == "v1":
        return {"id": charge_id, "status": "succeeded", "amount": amount, "currency": currency}
    return {
        "id": charge_id,
        "payment_status": "succeeded",
        "amount": {"value": amount, "currency": currency},
        "schema": "v2",
    }


@app.get("/health")
def health():
    return jsonify(status="ok", default_version=default_version())


@app.get("/version")
def version():
    return jsonify(default_version=default_version(), supported=list(VERSIONS))


@app.post("/charges")
def charges():
    pinned = request.headers.get("Payments-Version", "").strip()
    if pinned and pinned not in VERSIONS:
        log.warning("rejected a charge pinned to unknown Payments-Version %r", pinned)
        return jsonify(error=f"unknown Payments-Version {pinned!r}", supported=list(VERSIONS)), 400
    version = pinned or default_version()
    payload = request.get_json(silent=True) or {}
    amount = payload.get("amount")
    currency = str(payload.get("currency") or "")
    if not isinstance(amount, int) or amount <= 0 or len(currency) != 3:
        return jsonify(error="amount (positive int, cents) and currency (3 letters) required"), 400
    body = _render(version, "ch_" + uuid.uuid4().hex[:20], amount, currency.upper())
    resp = jsonify(body)
    resp.status_code = 201
    resp.headers["Payments-Version"] = version
    return resp
