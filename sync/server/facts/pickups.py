"""``pickup.transition``: the backend's state machine decides (``state_conflict``,
sync.server.web_orders)."""

from __future__ import annotations

from sync.protocol import PickupTransition
from sync.server.changes import ChangeBuffer
from sync.server.facts.common import Batch, Fact
from sync.server.web_orders import till_transition


def apply_pickup_transition(batch: Batch, changes: ChangeBuffer, fact: Fact) -> None:
    """Move the order when it is still where the till saw it, else record the conflict."""
    till_transition(
        batch.conn,
        changes,
        fact.as_(PickupTransition),
        store_id=batch.store_id,
        terminal_id=batch.terminal_id,
        occurred_at=fact.corrected_at,
        now=batch.now,
        touched=batch.touched,
    )
