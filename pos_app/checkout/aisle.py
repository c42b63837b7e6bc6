"""Endless aisle's rules, shared by the cashier's order dialog and the kiosk: whether the
stock figures are fresh enough to confirm availability, which other stores may be chosen
for a pickup, the destination offered first, and the ``RemoteOrder`` of a choice.

Offline, or on old figures, every store may be chosen and the order is taken unconfirmed
(the receipt says availability is not guaranteed until the order syncs).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pos_app.domain.fulfilment import FulfilmentKind, RemoteOrder
from pos_app.errors import UserError
from pos_app.services.stock_lookup import ProductStock
from pos_app.services.sync_status import SyncControl, is_stale


@dataclass(frozen=True, slots=True)
class StoreOption:
    """Another store, as a place to pick the item up."""

    store_code: str
    store_name: str
    available_milli: int
    synced_at: datetime | None
    choosable: bool  # on fresh figures, a store without the item cannot be chosen


@dataclass(frozen=True, slots=True)
class AisleOffer:
    """Where ``stock``'s product may be sent from here (``own_store``)."""

    stock: ProductStock
    own_store: str
    fresh: bool  # figures recent and the till online: availability is confirmed
    stores: tuple[StoreOption, ...]  # the other stores, most available first

    @classmethod
    def of(cls, stock: ProductStock, *, own_store: str, now: datetime, online: bool) -> AisleOffer:
        fresh = online and not is_stale(stock.synced_at, now)
        stores = tuple(
            StoreOption(
                store_code=other.store_code,
                store_name=other.store_name,
                available_milli=other.available_milli,
                synced_at=other.synced_at,
                choosable=not fresh or other.available_milli > 0,
            )
            for other in stock.others
        )
        return cls(stock, own_store, fresh, stores)

    @property
    def choosable(self) -> tuple[StoreOption, ...]:
        return tuple(store for store in self.stores if store.choosable)

    def default_kind(self) -> FulfilmentKind:
        """Delivery when fresh figures show no other store has it, else a pickup."""
        if self.fresh and not any(store.available_milli > 0 for store in self.stores):
            return FulfilmentKind.DELIVERY
        return FulfilmentKind.PICKUP

    def first_store(self) -> StoreOption | None:
        choices = self.choosable
        return choices[0] if choices else None

    def check_store(self, store_code: str) -> StoreOption | None:
        """The store ``store_code`` if this offer knows it (None: a store the replica has no
        figure for); ``aisle.store_unavailable`` when fresh figures show it has none."""
        store = next((s for s in self.stores if s.store_code == store_code.strip()), None)
        if store is not None and not store.choosable:
            raise UserError(
                "aisle.store_unavailable",
                f"{store.store_name} ({store.store_code}) has none of this item",
                store=store.store_code,
            )
        return store

    def order(
        self,
        kind: FulfilmentKind | str,
        *,
        customer_name: str,
        phone: str,
        address: str = "",
        store_code: str = "",
    ) -> RemoteOrder:
        """The validated destination of a choice (``RemoteOrder.create``'s codes, and
        ``aisle.store_unavailable`` for a store fresh figures show without the item)."""
        store = self.check_store(store_code) if kind == FulfilmentKind.PICKUP else None
        return RemoteOrder.create(
            kind,
            customer_name=customer_name,
            phone=phone,
            own_store=self.own_store,
            address=address,
            store_code=store_code,
            store_name=store.store_name if store is not None else "",
            confirmed=self.fresh,
        )


def sync_online(sync: SyncControl | None) -> bool:
    """Whether the till reached the backend in its last round (False when not enrolled)."""
    return sync is not None and sync.status().online is True
