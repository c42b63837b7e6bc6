"""The negative-stock exceptions the backend raised for this store (as last pulled), and how
fresh this till's stock data is."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from pos_app.services.stock_tasks.drafts import StockItem
from pos_app.storage.queries import stock as stock_queries
from pos_app.storage.tables import utc_from_db


@dataclass(frozen=True, slots=True)
class StockException:
    """A negative-stock exception the backend raised for this store."""

    exception_id: str
    item: StockItem | None  # None when the product is not in this till's catalogue
    sku: str
    on_hand_milli: int  # the backend's figure when it last reported the exception
    on_hand_now_milli: int | None  # this till's figure now (with the movements since)
    raised_at: datetime
    synced_at: datetime


def open_exceptions(
    engine: Engine,
    *,
    store_code: str,
    item_or_none: Callable[[str], StockItem | None],
    on_hand_now: Callable[[Sequence[str]], dict[str, int]],
) -> list[StockException]:
    """This store's open exceptions, oldest first, with the item (``item_or_none``) and
    this till's figure now (``on_hand_now``) of each."""
    with engine.connect() as conn:
        rows = stock_queries.open_exceptions(conn, store_code=store_code)
    ids = [str(r.product_id) for r in rows]
    items = {pid: item_or_none(pid) for pid in ids}
    now_figures = on_hand_now([pid for pid in ids if items[pid] is not None])
    return [
        StockException(
            exception_id=str(r.id),
            item=items[str(r.product_id)],
            sku=str(r.sku),
            on_hand_milli=int(r.on_hand_milli),
            on_hand_now_milli=now_figures.get(str(r.product_id)),
            raised_at=utc_from_db(r.raised_at),
            synced_at=utc_from_db(r.synced_at),
        )
        for r in rows
    ]


def last_synced_at(engine: Engine) -> datetime | None:
    """The later of the last successful sync round and the newest pulled stock figure
    (``None``: never synced)."""
    with engine.connect() as conn:
        moments = stock_queries.last_stock_sync_moments(conn)
    found = [utc_from_db(value) for value in moments if value is not None]
    return max(found) if found else None
