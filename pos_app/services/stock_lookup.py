"""Stock on hand here, at the other stores and online, for the manager's look-up screen.

The figures are the terminal's replica of the backend's stock (``stock_level``,
``online_stock``, ``store_info``, written by pull), plus this store's local movements that are
newer than the backend's report (sales rung since the last pull), so "on hand now" at this
store is ``here.on_hand_milli + unsynced_milli``.

Product ids: pull gives a product the backend's id (``storage.replica.pull.adopt_backend_ids``
renames a local product with the backend's SKU and moves its stock movements along), and
``stock_level.product_id`` is ``StockData.product_id``, the same backend id; so the replica
joins ``product`` by id.

Ages: a figure is as fresh as the last pull that confirmed it, not the last time it changed.
A pull that brings no change for an item still says its figures hold, so every figure's
``synced_at`` is the later of its row's stamp and the last successful sync round
(``sync_state.last_success_at``: the round's pull reached the backend and caught up); an
item unsold for hours is not "old" while the till syncs.

Reads are raw SQL on the terminal's SQLite connection (a handful of indexed statements per
call; ``stock_level``'s primary key is ``(product_id, store_code)``).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine

from pos_app.domain.names import name_in
from pos_app.domain.text import fold
from pos_app.errors import UserError
from pos_app.services.catalog import CatalogLookup
from pos_app.storage.queries import stock_figures as queries
from pos_app.storage.tables import utc_from_db


@dataclass(frozen=True, slots=True)
class StoreStock:
    store_code: str
    store_name: str
    on_hand_milli: int
    reserved_milli: int
    available_milli: int
    synced_at: datetime | None  # when a pull last confirmed the figure (module docstring)
    here: bool


@dataclass(frozen=True, slots=True)
class ProductStock:
    product_id: str
    sku: str
    name: str
    here: StoreStock | None  # this store as the backend last reported it
    # This store's local movements newer than that report (all of them without a report):
    # on hand now ~= here.on_hand_milli + unsynced_milli.
    unsynced_milli: int
    others: tuple[StoreStock, ...]  # the other stores, most available first
    online_available_milli: int | None
    online_synced_at: datetime | None
    synced_at: datetime | None  # the oldest confirmation among the figures shown ("as of")
    # The last successful pull: what the backend had (or had not) as of then; None when
    # the till never pulled.
    pulled_at: datetime | None = None
    names: dict[str, str] = field(default_factory=dict)  # the catalog's translations

    def name_in(self, language: str) -> str:
        return name_in(self.names, language, self.name)

    @property
    def on_hand_now_milli(self) -> int:
        """This store's on hand: the backend's last figure plus the local movements since."""
        return (self.here.on_hand_milli if self.here else 0) + self.unsynced_milli

    @property
    def available_now_milli(self) -> int:
        """This store's availability: the backend's last figure plus the movements since."""
        return (self.here.available_milli if self.here else 0) + self.unsynced_milli


def _when(value: Any) -> datetime | None:
    """A timestamp column read with raw SQL (naive UTC text on SQLite) as an aware datetime."""
    return None if value is None else utc_from_db(value)


def _oldest(*moments: datetime | None) -> datetime | None:
    known = [m for m in moments if m is not None]
    return min(known) if known else None


def _latest(*moments: datetime | None) -> datetime | None:
    known = [m for m in moments if m is not None]
    return max(known) if known else None


MAX_VARIANTS = 200
# Clothing sizes in their natural order; other sizes (shoe sizes, 38/40...) sort by number.
_SIZE_ORDER = {size: n for n, size in enumerate(("XXS", "XS", "S", "M", "L", "XL", "XXL", "3XL"))}


def _variant(value: Any) -> dict[str, str]:
    try:
        data = json.loads(value or "{}")
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


@dataclass(frozen=True, slots=True)
class VariantStock:
    """One size and colour of a model, with its stock."""

    variant: dict[str, str]  # "size", "colour"
    stock: ProductStock

    @property
    def sort_key(self) -> tuple[str, int, float, str]:
        size = self.variant.get("size", "")
        colour = fold(self.variant.get("colour", ""))
        if size.upper() in _SIZE_ORDER:
            return (colour, 0, _SIZE_ORDER[size.upper()], size)
        try:
            return (colour, 1, float(size.replace(",", ".")), size)
        except ValueError:
            return (colour, 2, 0.0, fold(size))


class StockLookup:
    """Read-only stock figures for this terminal's store (``terminal_store_code``)."""

    def __init__(self, engine: Engine, terminal_store_code: str) -> None:
        self._engine = engine
        self._store = terminal_store_code
        self._catalog: CatalogLookup | None = None

    def close(self) -> None:
        if self._catalog is not None:
            self._catalog.close()
            self._catalog = None

    # -- one product -------------------------------------------------------------------------

    def for_product(self, product_id: str) -> ProductStock:
        """Stock of one product everywhere; ``stock.unknown_product`` for an unknown id."""
        with self._engine.connect() as conn:
            found = self._build(conn, [product_id])
        if not found:
            raise UserError(
                "stock.unknown_product", f"Unknown product {product_id}", product=product_id
            )
        return found[0]

    def for_products(self, product_ids: Sequence[str]) -> list[ProductStock]:
        """Stock of the known products among ``product_ids``, in their order."""
        with self._engine.connect() as conn:
            return self._build(conn, list(dict.fromkeys(product_ids)))

    def variants(self, product_id: str) -> list[VariantStock]:
        """The active sizes and colours of ``product_id``'s model (itself included) with
        their stock, by colour then size; empty for a product without a model."""
        with self._engine.connect() as conn:
            model = queries.model_of(conn, product_id=product_id)
            if not model:
                return []
            rows = queries.variant_rows(
                conn, model=model, product_id=product_id, limit=MAX_VARIANTS
            )
            attributes = {pid: _variant(variant_json) for pid, variant_json in rows}
            stocks = self._build(conn, list(attributes))
        found = [VariantStock(attributes[s.product_id], s) for s in stocks]
        return sorted(found, key=lambda v: v.sort_key)

    def in_category(self, category_id: str | None, limit: int = 200) -> list[ProductStock]:
        """The active products of a category (``None``: of every category) with their
        stock, by name."""
        _check_limit(limit)
        with self._engine.connect() as conn:
            ids = queries.active_product_ids(conn, category_id=category_id, limit=limit)
            return self._build(conn, ids)

    def find(self, query: str, limit: int = 20) -> list[ProductStock]:
        """Products by barcode, SKU or name words (Turkish-aware), with their stock."""
        _check_limit(limit)
        text = query.strip()
        if not text:
            return []
        if self._catalog is None:
            self._catalog = CatalogLookup(self._engine)
        ids: list[str] = []
        for exact in (self._catalog.by_barcode(text), self._catalog.by_sku(text)):
            if exact is not None and exact.product_id not in ids:
                ids.append(exact.product_id)
        if len(ids) < limit:
            for product in self._catalog.search(text, limit=limit):
                if product.product_id not in ids:
                    ids.append(product.product_id)
        with self._engine.connect() as conn:
            return self._build(conn, ids[:limit])

    # -- store-wide exceptions ---------------------------------------------------------------

    def low_stock(
        self, threshold_milli: int = 2000, limit: int = 200, category_id: str | None = None
    ) -> list[ProductStock]:
        """Active products whose availability here now (the backend's figure plus the local
        movements since) is at most ``threshold_milli``, least available first. Products
        with neither a report for this store nor a local movement are left out. With
        ``category_id``, only that category's products."""
        _check_limit(limit)
        with self._engine.connect() as conn:
            ids = queries.low_stock_ids(
                conn,
                store_code=self._store,
                threshold_milli=threshold_milli,
                limit=limit,
                category_id=category_id,
            )
            return self._build(conn, ids)

    def negative_stock(
        self, limit: int = 200, category_id: str | None = None
    ) -> list[ProductStock]:
        """Products (active or not) whose on hand here now is below zero, most negative first
        (docs/sync-protocol.md: negative stock is an exception for staff, never a refused sale).
        With ``category_id``, only that category's products."""
        _check_limit(limit)
        with self._engine.connect() as conn:
            ids = queries.negative_stock_ids(
                conn, store_code=self._store, limit=limit, category_id=category_id
            )
            return self._build(conn, ids)

    # -- assembling the figures --------------------------------------------------------------

    def _build(self, conn: Connection, ids: Sequence[str]) -> list[ProductStock]:
        """``ProductStock`` for the known ids among ``ids``, in their order."""
        found = queries.stock_rows(conn, product_ids=ids, store_code=self._store)
        products, levels, unsynced = found.products, found.levels, found.unsynced
        online = {
            pid: (available, _when(synced)) for pid, (available, synced) in found.online.items()
        }
        if not products:
            return []
        state = queries.own_store_and_last_pull(conn, store_code=self._store)
        own_name = state[0] if state is not None else None
        pulled_at = _when(state[1]) if state is not None else None
        stamps: dict[Any, datetime | None] = {}

        def stamp(value: Any) -> datetime | None:  # a pull writes one stamp for many rows
            if value not in stamps:
                # Confirmed by the row's own pull or by any later one (module docstring).
                stamps[value] = _latest(_when(value), pulled_at)
            return stamps[value]

        result = []
        for pid in ids:
            if pid not in products:
                continue
            sku, name, names = products[pid]
            here: StoreStock | None = None
            others: list[StoreStock] = []
            for _, code, store_name, on_hand, reserved, available, synced in levels.get(pid, []):
                is_here = code == self._store
                label = store_name or (own_name if is_here else None) or str(code)
                figure = StoreStock(
                    store_code=str(code),
                    store_name=str(label),
                    on_hand_milli=int(on_hand),
                    reserved_milli=int(reserved),
                    available_milli=int(available),
                    synced_at=stamp(synced),
                    here=is_here,
                )
                if is_here:
                    here = figure
                else:
                    others.append(figure)
            others.sort(key=lambda s: (-s.available_milli, s.store_code))
            online_available, online_synced = online.get(pid, (None, None))
            if online_available is not None:
                online_synced = _latest(online_synced, pulled_at)
            figures = [here.synced_at] if here is not None else []
            figures += [s.synced_at for s in others]
            if online_available is not None:
                figures.append(online_synced)
            result.append(
                ProductStock(
                    product_id=pid,
                    sku=sku,
                    name=name,
                    here=here,
                    unsynced_milli=unsynced.get(pid, 0),
                    others=tuple(others),
                    online_available_milli=online_available,
                    online_synced_at=online_synced,
                    # Without any figure, the last pull still says the backend had none.
                    synced_at=_oldest(*figures) if figures else pulled_at,
                    pulled_at=pulled_at,
                    names=names,
                )
            )
        return result


def _check_limit(limit: int) -> None:
    if limit < 1:
        raise UserError("stock.bad_limit", f"limit {limit} must be at least 1", limit=limit)
