"""Fact appliers: one module per fact family, one applier per fact kind (``APPLIERS``).

Push validates a fact once against the model of its kind and version
(``sync.protocol.facts``) and hands the typed fact to its applier here.
"""

from __future__ import annotations

from sync.server.facts.common import Applier, Batch, Fact
from sync.server.facts.consents import apply_consent_changed
from sync.server.facts.customers import apply_customer_upserted
from sync.server.facts.orders import (
    ORDER_KINDS,
    PlainOrders,
    apply_order,
    plain_orders,
    write_plain_orders,
)
from sync.server.facts.pickups import apply_pickup_transition
from sync.server.facts.returns import apply_web_order_returned
from sync.server.facts.shifts import apply_shift_closed
from sync.server.facts.stock import (
    apply_stock_adjusted,
    apply_stock_counted,
    apply_stock_received,
    apply_stock_transferred,
)

APPLIERS: dict[str, Applier] = {
    "order.completed": apply_order,
    "order.refunded": apply_order,
    "stock.adjusted": apply_stock_adjusted,
    "stock.counted": apply_stock_counted,
    "stock.received": apply_stock_received,
    "stock.transferred": apply_stock_transferred,
    "shift.closed": apply_shift_closed,
    "pickup.transition": apply_pickup_transition,
    "customer.upserted": apply_customer_upserted,
    "customer.consent_changed": apply_consent_changed,
    "web_order.returned": apply_web_order_returned,
}

__all__ = [
    "APPLIERS",
    "ORDER_KINDS",
    "Applier",
    "Batch",
    "Fact",
    "PlainOrders",
    "apply_order",
    "plain_orders",
    "write_plain_orders",
]
