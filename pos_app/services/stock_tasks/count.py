"""Cycle counts, shelf by shelf: the review against what this till expected when each
product was counted, and posting a ``stock.counted`` fact per moment a count was taken.

A count's local movement (reason ``count``) is the difference between the count and what
this till expected at that moment, stamped when it is posted: the till's own figure becomes
"counted + everything since", as the backend will compute it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection

from pos_app.domain.ids import new_id
from pos_app.errors import UserError
from pos_app.services.stock_tasks.drafts import CountDraft, CountEntry, Posted, StockItem, TaskLine
from pos_app.services.stock_tasks.rules import check_count, check_products, movement
from pos_app.storage.audit import audit
from pos_app.storage.outbox import append_fact
from pos_app.storage.queries import stock as stock_queries
from sync.protocol.facts import CountLine, StockCounted


@dataclass(frozen=True, slots=True)
class CountReview:
    """One product of a count: its total over the shelves against what this till expected
    at the moment it was counted."""

    item: StockItem
    counted_milli: int
    expected_milli: int
    counted_at: datetime
    shelves: tuple[str, ...]

    @property
    def difference_milli(self) -> int:
        return self.counted_milli - self.expected_milli


def reviews(
    conn: Connection, entries: Sequence[CountEntry], *, store_code: str
) -> list[CountReview]:
    """Per product: the counted total over its shelves against what this till expected
    when it was counted, in the order the products were first counted."""
    totals: dict[str, tuple[StockItem, int, datetime, list[str]]] = {}
    for e in entries:
        pid = e.item.product_id
        if pid in totals:
            item, qty, at, shelves = totals[pid]
            if e.shelf not in shelves:
                shelves.append(e.shelf)
            totals[pid] = (item, qty + e.qty_milli, max(at, e.taken_at), shelves)
        else:
            totals[pid] = (e.item, e.qty_milli, e.taken_at, [e.shelf])
    return [
        CountReview(
            item=item,
            counted_milli=qty,
            expected_milli=stock_queries.expected_at(
                conn, store_code=store_code, product_id=pid, at=at
            ),
            counted_at=at,
            shelves=tuple(shelves),
        )
        for pid, (item, qty, at, shelves) in totals.items()
    ]


def check_posting(draft: CountDraft) -> None:
    """A count to post has entries, none below zero; before any transaction."""
    check_count(draft.entries)
    if not draft.entries:
        raise UserError("stock.nothing_counted", "Nothing is counted yet")


def post_count(
    conn: Connection,
    draft: CountDraft,
    *,
    store_code: str,
    user_id: str | None,
    now: datetime,
    business_date: date,
    business_date_of: Callable[[datetime], date],
) -> Posted:
    """In the caller's transaction: a ``stock.counted`` fact per moment a product's count
    was taken (``counted_at``, its business date by ``business_date_of``), the local
    differences as ``count`` movements, the audit entry, the draft cleared."""
    mutation_ids: list[str] = []
    skus = check_products(conn, [TaskLine(e.item, e.qty_milli) for e in draft.entries])
    counted_reviews = reviews(conn, draft.entries, store_code=store_code)
    by_time: dict[datetime, list[CountReview]] = {}
    for review in counted_reviews:
        by_time.setdefault(review.counted_at, []).append(review)
    for counted_at in sorted(by_time):
        counted = StockCounted(
            count_id=draft.count_id,
            store_code=store_code,
            user_id=user_id,
            counted_at=counted_at,
            counts=[
                CountLine(
                    id=new_id(),
                    product_id=r.item.product_id,
                    sku=skus[r.item.product_id],
                    counted_milli=r.counted_milli,
                    expected_milli=r.expected_milli,
                    shelves=list(r.shelves),
                )
                for r in by_time[counted_at]
            ],
        )
        mutation_id, _seq = append_fact(
            conn, counted, occurred_at=counted_at, business_date=business_date_of(counted_at)
        )
        mutation_ids.append(mutation_id)
    moved = [r for r in counted_reviews if r.difference_milli]
    if moved:
        stock_queries.insert_movements(
            conn,
            rows=[
                movement(
                    store_code, r.item.product_id, r.difference_milli, "count", draft.count_id, now
                )
                for r in moved
            ],
        )
    audit(
        conn,
        action="stock.counted",
        at=now,
        user_id=user_id,
        detail={
            "count_id": draft.count_id,
            "business_date": business_date.isoformat(),
            "differences": {skus[r.item.product_id]: r.difference_milli for r in counted_reviews},
        },
    )
    stock_queries.clear_task_draft(conn, kind="count")
    return Posted(
        "count",
        tuple(mutation_ids),
        draft.count_id,
        len(counted_reviews),
        sum(r.difference_milli for r in counted_reviews),
    )
