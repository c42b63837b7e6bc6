"""One frozen model per fact kind and version (docs/sync-protocol.md "Facts"), and the registry
the backend validates a pushed payload against (``fact_model``)."""

from __future__ import annotations

from typing import Any

from sync.protocol.facts.base import FactModel, Part
from sync.protocol.facts.customers import (
    CONSENT_PURPOSES,
    CustomerConsentChanged,
    CustomerUpserted,
)
from sync.protocol.facts.orders import (
    AisleCustomer,
    AisleLine,
    AisleOrder,
    Approval,
    LineDiscount,
    LoyaltyEntry,
    OrderCompleted,
    OrderLine,
    OrderMovement,
    OrderRefunded,
    PickupPayment,
    StoreCreditEntry,
    TaxBand,
    Tender,
    ValueCardEntry,
    WebOrderReturned,
    WebReturn,
    WebReturnLine,
)
from sync.protocol.facts.pickups import HandoverDetail, PickupTransition, RefusedLine
from sync.protocol.facts.shifts import ShiftClosed
from sync.protocol.facts.stock import (
    AdjustMovement,
    CountLine,
    ReceivedLine,
    StockAdjusted,
    StockCounted,
    StockReceived,
    StockTransferred,
    TransferLine,
)

_MODELS: tuple[type[FactModel], ...] = (
    OrderCompleted,
    OrderRefunded,
    StockAdjusted,
    StockCounted,
    StockReceived,
    StockTransferred,
    ShiftClosed,
    PickupTransition,
    CustomerUpserted,
    WebOrderReturned,
    CustomerConsentChanged,
)

# kind -> version -> model
FACT_MODELS: dict[str, dict[int, type[FactModel]]] = {}
for _model in _MODELS:
    FACT_MODELS.setdefault(_model.KIND, {})[_model.VERSION] = _model


def fact_model(kind: str, version: int) -> type[FactModel] | None:
    """The model of ``kind`` at ``version``; None when this side does not know it."""
    return FACT_MODELS.get(kind, {}).get(version)


def newest_versions() -> dict[str, int]:
    """Each fact kind with its newest version."""
    return {kind: max(versions) for kind, versions in FACT_MODELS.items()}


def parse_fact(kind: str, version: int, payload: dict[str, Any]) -> FactModel:
    """``payload`` validated as ``kind`` v``version``; ``KeyError`` for an unknown kind or
    version, pydantic's ``ValidationError`` for a payload that breaks its rules."""
    model = fact_model(kind, version)
    if model is None:
        raise KeyError(f"{kind} v{version}")
    return model.model_validate(payload)


__all__ = [
    "CONSENT_PURPOSES",
    "FACT_MODELS",
    "AdjustMovement",
    "AisleCustomer",
    "AisleLine",
    "AisleOrder",
    "Approval",
    "CountLine",
    "CustomerConsentChanged",
    "CustomerUpserted",
    "FactModel",
    "HandoverDetail",
    "LineDiscount",
    "LoyaltyEntry",
    "OrderCompleted",
    "OrderLine",
    "OrderMovement",
    "OrderRefunded",
    "Part",
    "PickupPayment",
    "PickupTransition",
    "ReceivedLine",
    "RefusedLine",
    "ShiftClosed",
    "StockAdjusted",
    "StockCounted",
    "StockReceived",
    "StockTransferred",
    "StoreCreditEntry",
    "TaxBand",
    "Tender",
    "TransferLine",
    "ValueCardEntry",
    "WebOrderReturned",
    "WebReturn",
    "WebReturnLine",
    "fact_model",
    "newest_versions",
    "parse_fact",
]
