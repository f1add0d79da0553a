"""Order receipts: each order's receipt is spooled to its own file, then appended to the day's
file (one JSON line per order) on the receipts volume, and the spool file removed.

Finance reconciles payments against the day files every night, so an order whose receipt cannot
be written is not accepted: checkout fails and the order's transaction is rolled back. The spool
file makes the write crash-safe (a receipt is never half a line) and means every receipt needs
fresh space on the volume: when it is full, the very next checkout fails.
"""

from __future__ import annotations

import datetime as dt
import json
import os

from shop_api.config import SETTINGS


class ReceiptError(Exception):
    """The receipt could not be stored (the volume is full, read-only, missing...)."""


def _write(path: str, text: str, mode: str) -> None:
    with open(path, mode, encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())


def write(order_id: int, record: dict) -> str | None:
    """Store the receipt of ``order_id``; the day file it went to (None when receipts are off)."""
    folder = SETTINGS.receipts_dir
    if not folder:
        return None
    now = dt.datetime.now(dt.timezone.utc)
    day = os.path.join(folder, f"receipts-{now:%Y-%m-%d}.jsonl")
    spool = os.path.join(folder, "spool", f"order-{order_id}.json")
    line = json.dumps({"order_id": order_id, "at": now.isoformat(), **record}) + "\n"
    try:
        os.makedirs(os.path.dirname(spool), exist_ok=True)
        _write(spool, line, "w")
        try:
            _write(day, line, "a")
        finally:
            os.unlink(spool)
    except OSError as exc:
        raise ReceiptError(f"cannot write receipt of order {order_id} to {folder}: {exc}") from exc
    return day
