"""Stock facts of a till's store: adjustments, counts, deliveries received and transfers
sent. Each names its store (``store_code``, the terminal's own) and its lines by SKU."""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import Field, StrictStr

from sync.protocol.facts.base import (
    FactModel,
    FactTime,
    Int,
    Key,
    Part,
    PositiveQty,
    Reference,
    non_empty,
)


class AdjustMovement(Part):
    id: Key
    sku: Key
    qty_milli: Int  # signed: a loss is negative
    product_id: StrictStr | None = None


class StockAdjusted(FactModel):
    """``stock.adjusted``: signed movements with one reason (damage, theft, correction...)."""

    KIND: ClassVar[str] = "stock.adjusted"

    reason: Key
    movements: Annotated[list[AdjustMovement], non_empty("movements")]
    store_code: StrictStr | None = None
    user_id: StrictStr | None = None


class CountLine(Part):
    id: Key
    sku: Key
    counted_milli: Int
    product_id: StrictStr | None = None
    expected_milli: Int | None = None  # what the till expected when it was counted
    shelves: list[StrictStr] = Field(default_factory=list)


class StockCounted(FactModel):
    """``stock.counted``: counts taken at one moment (``counted_at``; the fact's time when
    absent), which apply at that moment, not when they arrive."""

    KIND: ClassVar[str] = "stock.counted"

    counts: Annotated[list[CountLine], non_empty("counts")]
    counted_at: FactTime | None = None
    count_id: StrictStr | None = None
    store_code: StrictStr | None = None
    user_id: StrictStr | None = None


class ReceivedLine(Part):
    id: Key
    sku: Key
    qty_milli: PositiveQty
    product_id: StrictStr | None = None


class StockReceived(FactModel):
    """``stock.received``: a supplier's delivery booked in, under its delivery-note number."""

    KIND: ClassVar[str] = "stock.received"

    delivery_id: Reference
    delivery_ref: Reference
    lines: Annotated[list[ReceivedLine], non_empty("lines")]
    store_code: StrictStr | None = None
    user_id: StrictStr | None = None


class TransferLine(Part):
    out_id: Key  # the movement out of this store
    in_id: Key  # the movement into the destination
    sku: Key
    qty_milli: PositiveQty
    product_id: StrictStr | None = None


class StockTransferred(FactModel):
    """``stock.transferred``: goods sent from this store to ``to_store_code``."""

    KIND: ClassVar[str] = "stock.transferred"

    transfer_id: Reference
    to_store_code: Key
    lines: Annotated[list[TransferLine], non_empty("lines")]
    store_code: StrictStr | None = None
    user_id: StrictStr | None = None
