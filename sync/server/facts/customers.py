"""``customer.upserted``: merged by normalised e-mail/phone; the survivor is pulled. A till
changes only its own store's customers, and only their profile (sync.server.customers)."""

from __future__ import annotations

from sync.protocol import CustomerUpserted
from sync.server.changes import ChangeBuffer
from sync.server.customers import apply_customer_upsert, emit_customer
from sync.server.facts.common import Batch, Fact


def apply_customer_upserted(batch: Batch, changes: ChangeBuffer, fact: Fact) -> None:
    """Insert or update the customer and pull the survivor of any merge."""
    upserted = fact.as_(CustomerUpserted)
    survivor = apply_customer_upsert(
        batch.conn, changes, payload=upserted.payload(), now=batch.now, till_store_id=batch.store_id
    )
    emit_customer(batch.conn, changes, survivor)
