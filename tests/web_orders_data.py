"""Returnable web orders as the backend sends them (``WebOrderData`` in the ``web_order``
collection), applied through the terminal's own pull path for the web return tests."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from sync.protocol import WebOrderData
from tests.replica import apply, change


def line(
    sku: str,
    name: str,
    qty_milli: int,
    unit_price_minor: int,
    *,
    returned_milli: int = 0,
    returnable: bool = True,
    product_id: str = "",
) -> dict[str, Any]:
    return {
        "product_id": product_id or f"be-{sku.lower()}",
        "sku": sku,
        "name": name,
        "qty_milli": qty_milli,
        "unit_price_minor": unit_price_minor,
        "returned_milli": returned_milli,
        "returnable": returnable,
    }


def web_order(
    no: int,
    lines: list[dict[str, Any]],
    *,
    returnable_from: datetime,
    name: str = "Işık Yılmaz",
    phone: str = "0532 111 22 33",
    code: str = "",
    fulfilment: str = "pickup",
    paid: bool = True,
    payment_method: str = "online",
    window_days: int = 30,
    return_ids: list[str] | None = None,
    version: int = 1,
) -> dict[str, Any]:
    number = f"W-{no:06d}"
    data = WebOrderData(
        id=f"web-{no}",
        number=number,
        fulfilment=fulfilment,
        store_code="S01" if fulfilment == "pickup" else "",
        state="collected" if fulfilment == "pickup" else "delivered",
        customer_name=name,
        phone=phone,
        pickup_code=code or f"{no * 7919 % 1_000_000:06d}",
        paid=paid,
        payment_method=payment_method,
        total_minor=sum((li["unit_price_minor"] * li["qty_milli"] + 500) // 1000 for li in lines),
        lines=lines,  # type: ignore[arg-type]
        returnable_from=returnable_from,
        return_by=returnable_from + timedelta(days=window_days),
        return_ids=return_ids or [],
        version=version,
    )
    return data.model_dump(mode="json")


def seed(engine: Engine, synced_at: datetime, orders: list[dict[str, Any]]) -> None:
    """Pull ``orders`` into the terminal's replica as of ``synced_at``."""
    apply(engine, synced_at, [change("web_order", o["id"], o) for o in orders])


def qr(order: dict[str, Any]) -> str:
    return f"POSPICKUP:{order['number']}:{order['pickup_code']}"
