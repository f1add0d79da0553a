"""HTTP routes of the shop API."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, jsonify, request

from shop_api import checkout, db, logs, payments

# The release overlay (releases/<version>/) ships this file; see the Dockerfile.
VERSION = (Path(__file__).with_name("RELEASE").read_text().strip() or "unknown")

app = Flask(__name__)
log = logs.setup(app, VERSION)


@app.errorhandler(db.DatabaseUnavailable)
def _db_down(exc):
    logs.note_error(f"database unavailable: {exc}")
    return jsonify(error="database unavailable", detail=str(exc)), 503


@app.errorhandler(payments.PaymentsUnavailable)
def _payments_down(exc):
    logs.note_error(f"payments unavailable: {exc}")
    return jsonify(error="payments unavailable", detail=str(exc)), 502


@app.get("/health")
def health():
    checks = {}
    try:
        with db.connection() as conn, conn.cursor() as cur:
            cur.execute("SELECT 1")
            cur.fetchone()
        checks["db"] = "ok"
    except db.DatabaseUnavailable as exc:
        checks["db"] = str(exc)
    checks["payments"] = payments.healthy()
    ok = all(v == "ok" for v in checks.values())
    return jsonify(status="ok" if ok else "degraded", version=VERSION, checks=checks), (
        200 if ok else 503
    )


@app.get("/version")
def version():
    return jsonify(service="api", version=VERSION)


@app.get("/products")
def products():
    limit = min(max(request.args.get("limit", 20, type=int), 1), 100)
    offset = max(request.args.get("offset", 0, type=int), 0)
    with db.connection() as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT id, sku, name, price_cents, stock FROM products ORDER BY id LIMIT %s OFFSET %s",
            (limit, offset),
        )
        rows = cur.fetchall()
    keys = ("id", "sku", "name", "price_cents", "stock")
    return jsonify(products=[dict(zip(keys, r)) for r in rows], limit=limit, offset=offset)


@app.get("/products/<int:product_id>")
def product(product_id: int):
    with db.connection() as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT id, sku, name, price_cents, stock FROM products WHERE id = %s", (product_id,)
        )
        row = cur.fetchone()
    if row is None:
        return jsonify(error="no such product"), 404
    return jsonify(dict(zip(("id", "sku", "name", "price_cents", "stock"), row)))


@app.post("/checkout")
def do_checkout():
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        return jsonify(error="expected a JSON object"), 400
    body, status = checkout.checkout(payload, log)
    return jsonify(body), status
