"""A web order's pickup QR scanned at the kiosk: what the customer may be told of it.

The QR is the one the pickup desk accepts (``POSPICKUP:{number}:{code}``, read by
``services.order_search.parse_qr``; the order is found only when its number AND code match).
The kiosk hands nothing over: it says where the order is and where to collect it. Nothing
about the customer (name, phone) leaves this module: ``PickupNotice`` has no field for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from pos_app.services.order_search import parse_qr
from pos_app.services.pickup_desk import PickupService


class PickupStatus(StrEnum):
    READY = "ready"  # collect it at the service desk
    PREPARING = "preparing"  # placed or being picked: we text the customer when ready
    COLLECTED = "collected"
    CANCELLED = "cancelled"
    OTHER_STORE = "other_store"  # to be collected at another store (``store_name``)


_STATES = {
    "placed": PickupStatus.PREPARING,
    "prepared": PickupStatus.PREPARING,
    "ready": PickupStatus.READY,
    "collected": PickupStatus.COLLECTED,
    "cancelled": PickupStatus.CANCELLED,
}


@dataclass(frozen=True, slots=True)
class PickupNotice:
    """What the kiosk may show of a scanned order (no customer details)."""

    number: str
    status: PickupStatus
    items: int  # pieces; a weighed line counts as one
    paid: bool  # False: paid at the desk on collection
    store_code: str = ""  # the store it is for, when another (``OTHER_STORE``)
    store_name: str = ""


class PickupScanned(Exception):  # a signal for the UI, not an error
    """A web order's pickup QR was scanned at the kiosk: show ``notice``; the basket is
    untouched."""

    def __init__(self, notice: PickupNotice) -> None:
        super().__init__(f"Pickup order {notice.number} scanned")
        self.notice = notice


def is_pickup_qr(code: str) -> bool:
    """A well-formed pickup QR payload (a garbled one is looked up as goods, and unknown)."""
    return parse_qr(code.strip()) is not None


def count_items(qty_milli: Iterable[int]) -> int:
    return sum(q // 1000 if q % 1000 == 0 else 1 for q in qty_milli if q > 0)


class KioskPickups:
    """Reads a scanned pickup QR through the pickup desk's own look-up."""

    def __init__(self, desk: PickupService) -> None:
        self._desk = desk

    def notice(self, code: str) -> PickupNotice | None:
        """The order of ``code`` (this store's, else another store's as far as the
        replica knows), or None when no order has this number and code."""
        text = code.strip()
        if not is_pickup_qr(text):
            return None
        view = self._desk.by_scan(text)
        if view is not None:
            return PickupNotice(
                number=view.number,
                status=_STATES.get(view.state, PickupStatus.PREPARING),
                items=count_items(line.qty_milli for line in view.lines),
                paid=view.paid,
            )
        found = self._desk.elsewhere(text)
        if found is None:
            return None
        status = _STATES.get(found.state)
        if status not in (PickupStatus.COLLECTED, PickupStatus.CANCELLED):
            status = PickupStatus.OTHER_STORE
        return PickupNotice(
            number=found.number,
            status=status,
            items=count_items(found.qty_milli),
            paid=found.paid,
            store_code=found.store_code,
            store_name=found.store_name,
        )
