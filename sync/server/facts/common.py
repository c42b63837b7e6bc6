"""What the fact appliers share: the batch, the fact as they see it, and small helpers.

Each applier runs inside the push batch's transaction, under the mutation's own savepoint,
with the fact's payload already validated once against the model of its kind and version
(``sync.protocol.facts``). It raises ``Rejected`` for a fact the backend's data refuses
(an unknown SKU, a conflict) and push rolls the savepoint back, parks the fact and carries
on; any other exception is a backend bug, which fails the batch so the till sends it again.
Appliers never recompute stock themselves: they record the (store, product) pairs they
touched and push recomputes each pair once per batch (the hot path of a 10,000-order drain).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import Connection, insert, select

from sync.protocol import FactModel, Mutation
from sync.server.business_day import BusinessDays, Corrections, corrected
from sync.server.changes import ChangeBuffer
from sync.server.errors import Rejected
from sync.server.ids import new_id
from sync.server.schema import customer, product, shift_close

ModelT = TypeVar("ModelT", bound=FactModel)


@dataclass(frozen=True, slots=True)
class Fact:
    """One pushed mutation as the appliers see it: its envelope and its typed payload."""

    mutation_id: str
    kind: str
    occurred_at: datetime
    business_date: date
    model: FactModel
    # The payload as pushed (decoded JSON) and its canonical JSON (verified against its
    # hash), stored as an order's document.
    payload: dict[str, Any]
    document: str = ""
    # Server minus device, as the till measured it at its last hello (sync.server.business_day).
    clock_offset_ms: int = 0

    @classmethod
    def of(cls, m: Mutation, model: FactModel, document: str) -> Fact:
        return cls(
            m.mutation_id,
            m.kind,
            m.occurred_at,
            m.business_date,
            model,
            m.payload,
            document,
            m.clock_offset_ms,
        )

    def as_(self, model: type[ModelT]) -> ModelT:
        """The payload as ``model``; a ``TypeError`` (a backend bug, never the till's) when
        the fact was validated against another one."""
        if not isinstance(self.model, model):
            raise TypeError(f"{self.kind} was read as {type(self.model).__name__}")
        return self.model

    def corrected(self, moment: datetime) -> datetime:
        """A time of this fact's till clock on the backend's clock."""
        return corrected(moment, self.clock_offset_ms)

    @property
    def corrected_at(self) -> datetime:
        return self.corrected(self.occurred_at)


@dataclass
class Batch:
    """What the appliers of one push batch share: the terminal, caches and touched stock."""

    conn: Connection
    terminal_id: str
    store_id: str
    store_code: str
    now: datetime
    # False only under the F2 test hook: a re-sent order is stored again under a fresh id.
    deduplicate: bool = True
    touched: set[tuple[str, str]] = field(default_factory=set)
    _sku_ids: dict[str, str] = field(default_factory=dict)
    _closed_shifts: dict[str, bool] = field(default_factory=dict)
    days: BusinessDays = field(init=False)

    def __post_init__(self) -> None:
        self.days = BusinessDays(self.conn, self.terminal_id, self.store_id)

    def mark(self) -> tuple[set[tuple[str, str]], Corrections]:
        """What a rolled-back fact must not leave behind (``reset``)."""
        return set(self.touched), Corrections(self.days.corrections)

    def reset(self, mark: tuple[set[tuple[str, str]], Corrections]) -> None:
        self.touched, self.days.corrections = set(mark[0]), Corrections(mark[1])

    def product_ids(self, skus: Iterable[str], where: str) -> dict[str, str]:
        """SKU -> backend product id for ``skus``; ``Rejected("unknown_sku")`` naming the
        first unknown SKU and ``where`` it came from (e.g. the receipt number)."""
        wanted = set(skus)
        missing = [sku for sku in wanted if sku not in self._sku_ids]
        if missing:
            rows = self.conn.execute(
                select(product.c.sku, product.c.id).where(product.c.sku.in_(missing))
            ).all()
            self._sku_ids.update({str(r[0]): str(r[1]) for r in rows})
        unknown = sorted(sku for sku in wanted if sku not in self._sku_ids)
        if unknown:
            raise Rejected("unknown_sku", f"{where}: unknown SKU {unknown[0]!r}")
        return {sku: self._sku_ids[sku] for sku in wanted}

    def prefetch_skus(self, skus: Iterable[str]) -> None:
        """Cache the product ids of ``skus`` in one query (unknown SKUs are left out)."""
        missing = sorted({sku for sku in skus if sku not in self._sku_ids})
        for start in range(0, len(missing), 500):
            rows = self.conn.execute(
                select(product.c.sku, product.c.id).where(
                    product.c.sku.in_(missing[start : start + 500])
                )
            ).all()
            self._sku_ids.update({str(r[0]): str(r[1]) for r in rows})

    def shift_closed(self, shift_id: str | None) -> bool:
        """True when the backend already holds the close of ``shift_id``."""
        if not shift_id:
            return False
        if shift_id not in self._closed_shifts:
            row = self.conn.execute(
                select(shift_close.c.shift_id).where(shift_close.c.shift_id == shift_id)
            ).first()
            self._closed_shifts[shift_id] = row is not None
        return self._closed_shifts[shift_id]

    def mark_shift_closed(self, shift_id: str) -> None:
        self._closed_shifts[shift_id] = True

    def movement(
        self,
        row_id: str,
        *,
        store_id: str,
        product_id: str,
        qty_milli: int,
        reason: str,
        source: str,
        occurred_at: datetime,
        reference: str | None = None,
    ) -> dict[str, Any]:
        """A ``stock_movement`` row of a stock fact under the terminal's id ``row_id`` (a
        fresh one under the F2 hook); records the touched (store, product) pair."""
        self.touched.add((store_id, product_id))
        row = {
            "id": row_id if self.deduplicate else new_id(),
            "store_id": store_id,
            "product_id": product_id,
            "qty_milli": qty_milli,
            "reason": reason,
            "source": source,
            "occurred_at": occurred_at,
            "received_at": self.now,
        }
        if reference is not None:
            row["reference"] = reference
        return row

    def check_store(self, code: str | None, where: str) -> None:
        """``Rejected("wrong_store")`` when a fact names a store that is not the till's."""
        if code is not None and code != self.store_code:
            raise Rejected(
                "wrong_store",
                f"{where}: store {code!r} is not this terminal's store {self.store_code}",
            )


Applier = Callable[[Batch, ChangeBuffer, Fact], None]


def insert_absent(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> list[str]:
    """Bulk-insert the rows whose ``id`` is not stored yet; returns the ids written."""
    if not rows:
        return []
    ids = [row["id"] for row in rows]
    present: set[str] = set(conn.execute(select(table.c.id).where(table.c.id.in_(ids))).scalars())
    fresh = [row for row in rows if row["id"] not in present]
    if fresh:
        conn.execute(insert(table), fresh)
    return [row["id"] for row in fresh]


def resolve_customer(conn: Connection, customer_id: str) -> str | None:
    """The surviving customer of ``customer_id`` (following merges); None when unknown."""
    seen: set[str] = set()
    current = customer_id
    while current not in seen:
        seen.add(current)
        row = conn.execute(select(customer.c.merged_into).where(customer.c.id == current)).first()
        if row is None:
            return None
        if row[0] is None:
            return current
        current = str(row[0])
    return current  # a merge cycle (should not exist): stop where it closes
