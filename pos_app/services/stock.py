"""Stock as a ledger of signed movements per store; on hand is their sum."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Connection, Engine

from pos_app.domain.ids import new_id
from pos_app.errors import UserError
from pos_app.services.clock import Clock, local_date
from pos_app.services.terminal import TerminalInfo
from pos_app.storage.audit import audit
from pos_app.storage.database import write_transaction
from pos_app.storage.outbox import append_fact
from pos_app.storage.queries import stock as stock_queries
from sync.protocol.facts import AdjustMovement, StockAdjusted

ADJUSTMENT_REASONS = ("receive", "damage", "theft", "correction", "waste")


class StockService:
    def __init__(self, engine: Engine, clock: Clock, terminal: TerminalInfo, timezone: str):
        self._engine = engine
        self._clock = clock
        self._terminal = terminal
        self._timezone = timezone

    def on_hand(self, product_id: str) -> Decimal:
        """This store's on hand of ``product_id`` from the local movements."""
        with self._engine.connect() as conn:
            milli = stock_queries.on_hand_milli(
                conn, store_code=self._terminal.store_code, product_id=product_id
            )
        return Decimal(milli) / 1000

    def adjust(self, items: list[tuple[str, Decimal]], reason: str, user_id: str | None) -> int:
        """Record signed deltas (product id, quantity) as one fact; returns movements written."""
        if reason not in ADJUSTMENT_REASONS:
            raise UserError("stock.bad_reason", f"Unknown reason {reason!r}", reason=reason)
        if not items or any(qty == 0 for _, qty in items):
            raise UserError("stock.zero_quantity", "An adjustment needs non-zero quantities")
        now = self._clock.now()
        with write_transaction(self._engine) as conn:
            record_adjustment(
                conn,
                store_code=self._terminal.store_code,
                items=[(pid, int(qty * 1000)) for pid, qty in items],
                reason=reason,
                user_id=user_id,
                now=now,
                business_date=local_date(now, self._timezone),
            )
        return len(items)


def record_adjustment(
    conn: Connection,
    *,
    store_code: str,
    items: list[tuple[str, int]],
    reason: str,
    user_id: str | None,
    now: datetime,
    business_date: date,
) -> str:
    """Inside the caller's transaction: the movements (product id, signed thousandths) of one
    adjustment and its ``stock.adjusted`` fact (audited unless a receipt); returns the fact's
    mutation id. Raises ``stock.unknown_product`` before writing anything."""
    movement_ids = [new_id() for _ in items]
    rows = [
        {
            "id": movement_id,
            "store_code": store_code,
            "product_id": pid,
            "qty_milli": qty_milli,
            "reason": reason,
            "sale_id": None,
            "occurred_at": now,
        }
        for movement_id, (pid, qty_milli) in zip(movement_ids, items, strict=True)
    ]
    skus = stock_queries.skus_of(conn, product_ids=[pid for pid, _qty in items])
    unknown = [r["product_id"] for r in rows if r["product_id"] not in skus]
    if unknown:
        raise UserError(
            "stock.unknown_product", f"Unknown product {unknown[0]}", product=unknown[0]
        )
    stock_queries.insert_movements(conn, rows=rows)
    fact = StockAdjusted(
        store_code=store_code,
        reason=reason,
        user_id=user_id,
        movements=[
            AdjustMovement(id=movement_id, product_id=pid, sku=skus[pid], qty_milli=qty_milli)
            for movement_id, (pid, qty_milli) in zip(movement_ids, items, strict=True)
        ],
    )
    mutation_id, _seq = append_fact(conn, fact, occurred_at=now, business_date=business_date)
    if reason != "receive":
        audit(conn, action="stock.adjusted", at=now, user_id=user_id, detail=fact.payload())
    return mutation_id
