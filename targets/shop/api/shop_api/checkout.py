"""Checkout: price the cart, charge the payments provider, record the order."""

from __future__ import annotations

import logging
import uuid

from shop_api import db, payments, receipts

CURRENCY = "EUR"


def _parse_charge(charge: dict) -> tuple[str, str]:
    """(payment id, status) from a provider response in the schema this release understands."""
    return str(charge["id"]), str(charge["status"])


def checkout(payload: dict, log: logging.Logger) -> tuple[dict, int]:
    try:
        product_id = int(payload["product_id"])
        quantity = int(payload.get("quantity", 1))
        customer = str(payload.get("customer") or "guest")[:100]
    except (KeyError, TypeError, ValueError):
        return {"error": "product_id (int) is required; quantity must be an int"}, 400
    if not 1 <= quantity <= 10:
        return {"error": "quantity must be between 1 and 10"}, 400

    with db.connection() as conn, conn.cursor() as cur:
        cur.execute("SELECT price_cents FROM products WHERE id = %s", (product_id,))
        row = cur.fetchone()
    if row is None:
        return {"error": "no such product"}, 404
    amount = row[0] * quantity

    reference = uuid.uuid4().hex
    if db.setting("payments_capture") == "deferred":
        # Degraded mode an operator switches on when the provider is slow or down: take the
        # order now, charge it later (a batch job captures payment_pending orders).
        with db.connection() as conn, conn.cursor() as cur:
            cur.execute(
                "INSERT INTO orders (product_id, quantity, amount_cents, customer, payment_id,"
                " status) VALUES (%s, %s, %s, %s, %s, 'payment_pending') RETURNING id",
                (product_id, quantity, amount, customer, "deferred_" + reference[:20]),
            )
            order_id = cur.fetchone()[0]
        log.info("order %s taken with payment deferred (settings.payments_capture)", order_id)
        return {"order_id": order_id, "payment": "deferred", "amount_cents": amount}, 201
    pinned = db.setting("payments_version")
    charge, served = payments.charge(amount, CURRENCY, reference, version=pinned)
    try:
        payment_id, status = _parse_charge(charge)
    except (KeyError, TypeError) as exc:
        log.error(
            "checkout failed: cannot parse payment response (Payments-Version %s, pinned %r): "
            "missing field %s in %s",
            served,
            pinned or "provider default",
            exc,
            charge,
        )
        return {"error": "could not parse the payment provider's response"}, 502
    if status != "succeeded":
        return {"error": f"payment {status}", "payment_id": payment_id}, 402

    with db.connection() as conn, conn.cursor() as cur:
        cur.execute(
            "INSERT INTO orders (product_id, quantity, amount_cents, customer, payment_id, status)"
            " VALUES (%s, %s, %s, %s, %s, 'paid') RETURNING id",
            (product_id, quantity, amount, customer, payment_id),
        )
        order_id = cur.fetchone()[0]
        try:  # inside the transaction: an order without its receipt is rolled back
            receipts.write(order_id, {"payment_id": payment_id, "customer": customer,
                                     "product_id": product_id, "quantity": quantity,
                                     "amount_cents": amount, "currency": CURRENCY})
        except receipts.ReceiptError as exc:
            log.error("checkout failed: order %s rolled back: %s", order_id, exc)
            conn.rollback()
            return {"error": "could not store the order receipt"}, 500
    return {"order_id": order_id, "payment_id": payment_id, "amount_cents": amount}, 201
