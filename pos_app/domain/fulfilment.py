"""Goods a sale pays for but this store does not hand over from its shelf now.

Two cases share the idea of a *remote* cart line (no stock leaves this store with the sale):

* endless aisle (``RemoteOrder``): the customer pays here and the goods are delivered to an
  address or picked up at another store; the backend turns the sale into a web-fulfilled
  order when the sale syncs;
* a web order paid in store at pickup (``PickupPayment``): the goods are the order's, taken
  out of stock by the backend when the order is collected, so the sale must not take them
  out a second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pos_app.errors import UserError

MAX_ADDRESS = 500
MAX_NAME = 200


class FulfilmentKind(StrEnum):
    DELIVERY = "delivery"  # to the customer's address
    PICKUP = "pickup"  # at another store of the chain


def _clean(value: str) -> str:
    return " ".join(value.split())


@dataclass(frozen=True, slots=True)
class RemoteOrder:
    """Where the remote lines of an endless-aisle sale go, and to whom.

    ``confirmed``: whether the availability shown to the customer came from data synced
    recently (False offline or on stale data: the receipt then says availability is not
    guaranteed until the order syncs).
    """

    kind: FulfilmentKind
    customer_name: str
    phone: str
    address: str = ""
    store_code: str = ""
    store_name: str = ""
    email: str = ""
    confirmed: bool = False

    @classmethod
    def create(
        cls,
        kind: FulfilmentKind | str,
        *,
        customer_name: str,
        phone: str,
        own_store: str,
        address: str = "",
        store_code: str = "",
        store_name: str = "",
        email: str = "",
        confirmed: bool = False,
    ) -> RemoteOrder:
        """A validated destination; raises ``UserError`` naming what is missing."""
        try:
            kind = FulfilmentKind(kind)
        except ValueError:
            raise UserError(
                "aisle.bad_fulfilment", f"Unknown fulfilment {kind!r}", kind=str(kind)
            ) from None
        name, phone = _clean(customer_name), _clean(phone)
        if not name:
            raise UserError("aisle.customer_required", "The order needs the customer's name")
        if len(name) > MAX_NAME:
            raise UserError("aisle.name_too_long", "The customer's name is too long")
        if sum(ch.isdigit() for ch in phone) < 7:
            raise UserError(
                "aisle.phone_required", "The order needs a phone number to reach the customer"
            )
        address = address.strip()
        store_code = store_code.strip()
        if kind is FulfilmentKind.DELIVERY:
            if len(_clean(address)) < 10:
                raise UserError(
                    "aisle.address_required", "A delivery needs the full delivery address"
                )
            if len(address) > MAX_ADDRESS:
                raise UserError("aisle.address_too_long", "The delivery address is too long")
            store_code, store_name = "", ""
        else:
            if not store_code:
                raise UserError("aisle.store_required", "Choose the store the customer picks up at")
            if store_code == own_store:
                raise UserError(
                    "aisle.same_store",
                    f"{store_code} is this store: sell the item from the shelf instead",
                    store=store_code,
                )
            address = ""
        return cls(
            kind=kind,
            customer_name=name,
            phone=phone,
            address=address,
            store_code=store_code,
            store_name=_clean(store_name),
            email=email.strip(),
            confirmed=confirmed,
        )

    def same_place(self, other: RemoteOrder) -> bool:
        """Whether ``other`` sends goods to the same place and person (the availability
        flag aside)."""
        return self.to_dict() | {"confirmed": None} == other.to_dict() | {"confirmed": None}

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "customer_name": self.customer_name,
            "phone": self.phone,
            "address": self.address,
            "store_code": self.store_code,
            "store_name": self.store_name,
            "email": self.email,
            "confirmed": self.confirmed,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RemoteOrder:
        return cls(
            kind=FulfilmentKind(data["kind"]),
            customer_name=data["customer_name"],
            phone=data["phone"],
            address=data.get("address", ""),
            store_code=data.get("store_code", ""),
            store_name=data.get("store_name", ""),
            email=data.get("email", ""),
            confirmed=bool(data.get("confirmed", False)),
        )


@dataclass(frozen=True, slots=True)
class PickupPayment:
    """A "pay in store" web order being paid at its pickup: how the customer was verified
    and what they refused, so the handover is recorded with the sale, atomically."""

    order_id: str
    number: str
    verified_by: str
    code: str = ""
    id_note: str = ""
    refused: dict[str, int] = field(default_factory=dict)  # SKU -> thousandths

    def to_dict(self) -> dict[str, Any]:
        return {
            "order_id": self.order_id,
            "number": self.number,
            "verified_by": self.verified_by,
            "code": self.code,
            "id_note": self.id_note,
            "refused": dict(self.refused),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PickupPayment:
        return cls(
            order_id=data["order_id"],
            number=data["number"],
            verified_by=data["verified_by"],
            code=data.get("code", ""),
            id_note=data.get("id_note", ""),
            refused={str(k): int(v) for k, v in (data.get("refused") or {}).items()},
        )
