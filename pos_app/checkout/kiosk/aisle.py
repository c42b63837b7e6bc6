"""Endless aisle at the kiosk: an item not on the shelf ordered for delivery or for pickup at
another store, paid by card with the rest of the basket.

The rules are the cashier's (``checkout.aisle.AisleOffer``: fresh figures, the stores that
may be chosen, the ``RemoteOrder``); the line goes into the basket through
``KioskSession.add_remote`` and reaches the sale's ``order.completed`` fact as its
``web_order``, like a till's. The customer picks the item by scanning its shelf label (which
adds nothing to the basket) or takes the last item they scanned; an item this store has none
of, by the replica's figures, is offered here after its scan (``shelf_empty``).

One basket sends its ordered goods to one place: once it holds some, another item goes with
them (``add`` without a ``kind``), as at a till.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pos_app.checkout.aisle import AisleOffer, StoreOption
from pos_app.checkout.kiosk.session import KioskSession
from pos_app.domain.cart import CartLine, ProductInfo
from pos_app.domain.fulfilment import FulfilmentKind, RemoteOrder
from pos_app.errors import UserError
from pos_app.services.catalog import CatalogLookup
from pos_app.services.clock import Clock
from pos_app.services.stock_lookup import StockLookup

# What the kiosk promises for a delivery (working days), shown to the customer.
DELIVERY_DAYS = (2, 3)


@dataclass(frozen=True, slots=True)
class AisleItem:
    """An item the customer may order, with where it can come from (Qt-free view)."""

    product: ProductInfo
    offer: AisleOffer
    current: RemoteOrder | None  # the basket's destination for ordered goods, if it has one

    @property
    def product_id(self) -> str:
        return self.product.product_id

    def name_in(self, language: str) -> str:
        return self.product.name_in(language)

    @property
    def unit_price_minor(self) -> int:
        return self.product.unit_price_minor

    @property
    def fresh(self) -> bool:
        return self.offer.fresh

    @property
    def stores(self) -> tuple[StoreOption, ...]:
        """The other stores a pickup may be chosen at (with the item on fresh figures)."""
        return self.offer.choosable

    @property
    def delivery_days(self) -> tuple[int, int]:
        return DELIVERY_DAYS

    def default_kind(self) -> FulfilmentKind:
        return self.current.kind if self.current is not None else self.offer.default_kind()


class KioskAisle:
    """The kiosk's endless aisle over the customer's ``KioskSession``."""

    def __init__(
        self,
        session: KioskSession,
        catalog: CatalogLookup,
        stock: StockLookup,
        clock: Clock,
        *,
        own_store: str,
        online: Callable[[], bool],
    ) -> None:
        self._session = session
        self._catalog = catalog
        self._stock = stock
        self._clock = clock
        self._own_store = own_store
        self._online = online

    def shelf_empty(self, product_id: str) -> bool:
        """Whether this store has none of the item by the replica's figures (and the
        movements since); False when the replica has no figure for this store at all."""
        product = self._catalog.by_id(product_id)
        if product is None or product.sold_by_weight:
            return False
        stock = self._stock.for_product(product_id)
        return stock.here is not None and stock.available_now_milli <= 0

    def choose(self, code: str) -> AisleItem:
        """The item of a scanned shelf label (its barcode) or SKU; the basket is untouched.
        ``scan.unknown`` for a code no product has."""
        text = code.strip()
        product = self._catalog.by_barcode(text) or self._catalog.by_sku(text)
        if product is None:
            raise UserError("scan.unknown", f"Unknown barcode {text}", code=text)
        return self._item(product)

    def last_scanned(self) -> AisleItem | None:
        """The item the customer scanned last (None: none, or it is weighed)."""
        product = self._session.last_scanned
        if product is None or product.sold_by_weight:
            return None
        return self._item(product)

    def item(self, product_id: str) -> AisleItem:
        product = self._catalog.by_id(product_id)
        if product is None:
            raise UserError(
                "stock.unknown_product", f"Unknown product {product_id}", product=product_id
            )
        return self._item(product)

    def add(
        self,
        item: AisleItem,
        quantity: int,
        kind: FulfilmentKind | str | None = None,
        *,
        customer_name: str = "",
        phone: str = "",
        address: str = "",
        store_code: str = "",
    ) -> CartLine:
        """Order ``quantity`` of ``item`` into the basket: to ``kind`` (delivery to
        ``address``, or pickup at ``store_code``) for the customer's name and phone, or,
        with ``kind`` None, with the basket's other ordered goods. ``RemoteOrder``'s codes
        (``aisle.customer_required``...), ``aisle.store_unavailable``, ``kiosk.quantity``,
        ``restriction.hours``."""
        item = self._item(item.product)  # the figures and the basket as they are now
        if kind is None:
            if item.current is None:
                raise UserError(
                    "aisle.destination_missing", "Choose delivery or a store to pick up at"
                )
            order = item.current
            if order.kind is FulfilmentKind.PICKUP:
                item.offer.check_store(order.store_code)
            order = RemoteOrder.from_dict(order.to_dict() | {"confirmed": item.offer.fresh})
        else:
            order = item.offer.order(
                kind,
                customer_name=customer_name,
                phone=phone,
                address=address,
                store_code=store_code,
            )
        return self._session.add_remote(item.product, quantity, order)

    def _item(self, product: ProductInfo) -> AisleItem:
        if product.sold_by_weight:
            raise UserError(
                "kiosk.aisle_weighed",
                f"{product.name} is weighed: it cannot be ordered here",
                product_id=product.product_id,
            )
        offer = AisleOffer.of(
            self._stock.for_product(product.product_id),
            own_store=self._own_store,
            now=self._clock.now(),
            online=self._online(),
        )
        return AisleItem(product, offer, self._session.sale.cart.remote_order)
