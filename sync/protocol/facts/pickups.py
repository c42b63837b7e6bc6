"""``pickup.transition``: a till moved a pickup order (placed -> prepared -> ready ->
collected); the backend's state machine decides whether it still applies."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, StrictStr

from sync.protocol.facts.base import FactModel, Int, Key, Part


class RefusedLine(Part):
    """Goods the customer did not take at the handover (``qty_milli`` None: the line)."""

    sku: StrictStr
    qty_milli: Int | None = Field(default=None, ge=0)


class HandoverDetail(Part):
    """Who moved the order; at a handover also how the customer was verified, what they
    refused and which sale took a pay-in-store payment."""

    user_id: StrictStr | None = None
    verified_by: StrictStr | None = None  # code | qr | id
    id_note: StrictStr | None = None
    # A bare SKU refuses the whole line.
    refused_lines: list[RefusedLine | StrictStr] = Field(default_factory=list)
    refund_minor: Int | None = None
    payment_sale_id: StrictStr | None = None

    def refused(self) -> dict[str, int | None]:
        """SKU -> refused quantity (None: the whole line)."""
        return {
            item if isinstance(item, str) else item.sku: (
                None if isinstance(item, str) else item.qty_milli
            )
            for item in self.refused_lines
        }


class PickupTransition(FactModel):
    KIND: ClassVar[str] = "pickup.transition"

    order_id: Key
    from_state: Key
    to_state: Key
    number: StrictStr | None = None
    store_code: StrictStr | None = None
    detail: HandoverDetail | None = None
