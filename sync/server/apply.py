"""Appliers: one function per fact kind, turning a pushed payload into backend rows.

Each applier runs inside the push batch's transaction, under the mutation's own savepoint.
It raises ``Rejected`` (or lets a ``KeyError``/``ValueError``/``TypeError`` from a malformed
payload escape) and push rolls the savepoint back, parks the fact and carries on. Appliers
never recompute stock themselves: they record the (store, product) pairs they touched and push
recomputes each pair once per batch (the hot path of a 10,000-order drain).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select

from sync.protocol import Mutation, canonical_json
from sync.server.alarms import raise_alarm
from sync.server.amounts import check_order_amounts
from sync.server.business_day import BusinessDays, Corrections, corrected
from sync.server.changes import ChangeBuffer
from sync.server.db import bulk_insert, insert_ignore
from sync.server.errors import Rejected
from sync.server.ids import new_id
from sync.server.schema import (
    customer,
    loyalty_entry,
    pos_order,
    product,
    shift_close,
    stock_count,
    stock_delivery,
    stock_movement,
    store,
)
from sync.server.till_orders import open_for_sale, record_store_payment


@dataclass(frozen=True, slots=True)
class Fact:
    """One pushed mutation as the appliers see it."""

    mutation_id: str
    kind: str
    occurred_at: datetime
    business_date: date
    payload: dict[str, Any]
    # The payload's canonical JSON (verified against its hash), stored as an order's document.
    document: str = ""
    # Server minus device, as the till measured it at its last hello (sync.server.business_day).
    clock_offset_ms: int = 0

    @classmethod
    def of(cls, m: Mutation, document: str) -> Fact:
        return cls(
            m.mutation_id,
            m.kind,
            m.occurred_at,
            m.business_date,
            m.payload,
            document,
            m.clock_offset_ms,
        )

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
        wanted = {_text(sku, "sku") for sku in skus}
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
        row_id: object,
        id_name: str,
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
            "id": _text(row_id, id_name) if self.deduplicate else new_id(),
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

    def check_store(self, payload: dict[str, Any], where: str) -> None:
        code = payload.get("store_code")
        if code is not None and code != self.store_code:
            raise Rejected(
                "wrong_store",
                f"{where}: store {code!r} is not this terminal's store {self.store_code}",
            )


Applier = Callable[[Batch, ChangeBuffer, Fact], None]


# -- payload helpers ---------------------------------------------------------------------------


def _text(value: object, name: str) -> str:
    if not isinstance(value, str) or not value:
        raise Rejected("invalid_payload", f"{name} must be a non-empty string, got {value!r}")
    return value


def _int(value: object, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Rejected("invalid_payload", f"{name} must be an integer, got {value!r}")
    return value


def _list(value: object, name: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise Rejected("invalid_payload", f"{name} must be a list of objects")
    return value


def _aware(value: object, name: str) -> datetime:
    if isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise Rejected("invalid_payload", f"{name} {value!r} is not an ISO time") from None
    else:
        raise Rejected("invalid_payload", f"{name} must be an ISO time, got {value!r}")
    if parsed.tzinfo is None:
        raise Rejected("invalid_payload", f"{name} {value!r} has no time zone")
    return parsed.astimezone(UTC)


def _date(value: object, name: str) -> date:
    if not isinstance(value, str):
        raise Rejected("invalid_payload", f"{name} must be an ISO date, got {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Rejected("invalid_payload", f"{name} {value!r} is not an ISO date") from None


def _insert_absent(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> list[str]:
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


# -- orders ------------------------------------------------------------------------------------


def _order_row(
    batch: Batch, fact: Fact
) -> tuple[dict[str, Any], str, dict[str, str], dict[str, str], datetime]:
    """Validate an order's head and lines and build its ``pos_order`` row (reads only).

    Returns the row, the ``where`` label, terminal product id -> SKU, SKU -> backend product
    id and the completion time on the backend's clock (the row keeps the till's, as printed).
    """
    p = fact.payload
    receipt_no = _text(p.get("receipt_no"), "receipt_no")
    where = f"receipt {receipt_no}"
    batch.check_store({"store_code": _text(p.get("store_code"), "store_code")}, where)
    try:
        local_no = int(receipt_no.rsplit("-", 1)[-1])
    except ValueError:
        raise Rejected(
            "invalid_payload", f"{where}: receipt number does not end in a number"
        ) from None
    lines = _list(p.get("lines"), f"{where}: lines")
    line_skus: dict[str, str] = {}  # terminal product id -> SKU
    for n, line in enumerate(lines, 1):
        sku = _text(line.get("sku"), f"{where} line {n}: sku")
        if "product_id" in line:
            line_skus[str(line["product_id"])] = sku
    ids = batch.product_ids([line["sku"] for line in lines], where)
    order_id = _text(p.get("order_id"), f"{where}: order_id")
    completed_at = _aware(p.get("completed_at"), f"{where}: completed_at")
    till_date = _date(p.get("business_date"), f"{where}: business_date")
    shift_id = p.get("shift_id")
    business_date = batch.days.file(
        till_date,
        completed_at,
        fact.clock_offset_ms,
        shift_id if isinstance(shift_id, str) and shift_id else None,
    )
    customer_id = p.get("customer_id")
    if customer_id is not None:
        survivor = resolve_customer(batch.conn, _text(customer_id, f"{where}: customer_id"))
        if survivor is None:
            raise Rejected("unknown_customer", f"{where}: unknown customer {customer_id!r}")
        customer_id = survivor
    default_kind = "sale" if fact.kind == "order.completed" else "return"
    row: dict[str, Any] = {
        "id": order_id,
        "kind": str(p.get("kind") or default_kind),
        "receipt_no": receipt_no,
        "receipt_token": p.get("receipt_token"),
        "store_id": batch.store_id,
        "terminal_id": batch.terminal_id,
        "local_no": local_no,
        "shift_id": shift_id,
        "original_order_id": p.get("original_order_id"),
        "exchange_id": p.get("exchange_id"),
        "customer_id": customer_id,
        "language": str(p.get("language") or "tr"),
        "currency": str(p.get("currency") or "TRY"),
        "total_minor": _int(p.get("total_minor"), f"{where}: total_minor"),
        "tax_minor": _int(p.get("tax_minor", 0), f"{where}: tax_minor"),
        "business_date": business_date,
        "till_business_date": None if business_date == till_date else till_date,
        "completed_at": completed_at,
        "received_at": batch.now,
        "late": batch.shift_closed(shift_id if isinstance(shift_id, str) else None),
        "document_json": fact.document or canonical_json(p),
    }
    check_order_amounts(row["kind"], row["total_minor"], lines, where)
    return row, where, line_skus, ids, fact.corrected(completed_at)


def _order_movements(
    batch: Batch,
    payload: dict[str, Any],
    row: dict[str, Any],
    where: str,
    line_skus: dict[str, str],
    ids: dict[str, str],
    completed_at: datetime,
    fresh_ids: bool,
) -> list[dict[str, Any]]:
    """The ``stock_movement`` rows of an order (stored under ``row``); records the touched
    (store, product) pairs."""
    movements = []
    for n, m in enumerate(
        _list(payload.get("stock_movements", []), f"{where}: stock_movements"), 1
    ):
        terminal_product = str(m.get("product_id"))
        if terminal_product not in line_skus:
            raise Rejected(
                "invalid_payload",
                f"{where} stock movement {n}: product {terminal_product} is on no line",
            )
        product_id = ids[line_skus[terminal_product]]
        movements.append(
            {
                "id": new_id() if fresh_ids else _text(m.get("id"), "movement id"),
                "store_id": batch.store_id,
                "product_id": product_id,
                "qty_milli": _int(m.get("qty_milli"), f"{where} stock movement {n}: qty_milli"),
                "reason": str(m.get("reason") or row["kind"]),
                "source": row["id"],
                "occurred_at": completed_at,
                "received_at": batch.now,
            }
        )
        batch.touched.add((batch.store_id, product_id))
    return movements


def _variant(batch: Batch, row: dict[str, Any], mark: str) -> dict[str, Any]:
    """``row`` stored as the next ``<receipt_no><mark><n>`` (receipt numbers stay unique;
    a negative local number keeps the terminal's numbering free)."""
    receipt_no, local_no = row["receipt_no"], row["local_no"]
    n = 1 + int(
        batch.conn.execute(
            select(func.count())
            .select_from(pos_order)
            .where(pos_order.c.receipt_no.like(f"{receipt_no}{mark}%"))
        ).scalar_one()
    )
    token = row["receipt_token"]
    if (
        token is not None
        and batch.conn.execute(
            select(pos_order.c.id).where(pos_order.c.receipt_token == token)
        ).first()
    ):
        token = None
    row = row | {
        "receipt_no": f"{receipt_no}{mark}{n}",
        "receipt_token": token,
        "local_no": -(n * 1_000_000_000 + local_no),
    }
    batch.conn.execute(insert(pos_order), row)
    return row


def _store_reused_receipt(batch: Batch, row: dict[str, Any]) -> dict[str, Any]:
    """A new order printed under a receipt number another order already has: a till sold
    on a restored or copied database before it could learn the backend's numbers. The sale
    is real and is kept, under ``<receipt_no>/<n>``, with an alarm for staff."""
    printed = row["receipt_no"]
    taken = batch.conn.execute(
        select(pos_order.c.id).where(pos_order.c.receipt_no == printed)
    ).scalar()
    stored = _variant(batch, row, "/")
    raise_alarm(
        batch.conn,
        "receipt_number_reused",
        batch.terminal_id,
        {
            "receipt_no": printed,
            "stored_as": stored["receipt_no"],
            "order_id": stored["id"],
            "first_order_id": None if taken is None else str(taken),
        },
        batch.now,
    )
    return stored


def _store_again(batch: Batch, row: dict[str, Any]) -> dict[str, Any]:
    """F2 test hook only: a backend that trusts the network stores the order again."""
    return _variant(batch, row | {"id": new_id()}, "#dup")


def apply_order(batch: Batch, changes: ChangeBuffer, fact: Fact) -> None:
    """order.completed / order.refunded: the order, its stock movements and loyalty entries.

    Insert-if-absent by order id: the same order again (another epoch after a restore, say)
    is already applied and writes nothing.
    """
    p = fact.payload
    conn = batch.conn
    row, where, line_skus, ids, completed_at = _order_row(batch, fact)
    order_id = row["id"]
    fresh_movement_ids = False
    if not insert_ignore(conn, pos_order, row):
        stored = conn.execute(select(pos_order.c.id).where(pos_order.c.id == order_id)).first()
        if stored is None:
            row = _store_reused_receipt(batch, row)
            order_id = row["id"]
        elif batch.deduplicate:
            return  # already applied: no second set of movements or points
        else:
            row = _store_again(batch, row)
            order_id = row["id"]
            fresh_movement_ids = True
    movements = _order_movements(
        batch, p, row, where, line_skus, ids, completed_at, fresh_movement_ids
    )
    if movements:
        conn.execute(insert(stock_movement), movements)
    _apply_loyalty(batch, changes, p.get("loyalty") or [], order_id, completed_at, where)
    web_order = p.get("web_order")
    if web_order is not None:
        if not isinstance(web_order, dict):
            raise Rejected("invalid_payload", f"{where}: web_order must be an object")
        # Endless aisle: the goods paid here go out as a web order (delivery or another store).
        open_for_sale(
            conn,
            changes,
            web_order,
            receipt_no=row["receipt_no"],
            selling_store_id=batch.store_id,
            now=batch.now,
            touched=batch.touched,
        )
    pickup = p.get("pickup_payment")
    if pickup is not None:
        # Pay in store at pickup: this sale paid the web order (services.pickup).
        if not isinstance(pickup, dict):
            raise Rejected("invalid_payload", f"{where}: pickup_payment must be an object")
        record_store_payment(
            conn,
            changes,
            order_id=_text(pickup.get("order_id"), f"{where}: pickup_payment.order_id"),
            receipt_no=row["receipt_no"],
            amount_minor=row["total_minor"],
            store_id=batch.store_id,
            terminal_id=batch.terminal_id,
            paid_at=completed_at,
            now=batch.now,
        )


ORDER_KINDS = ("order.completed", "order.refunded")
_PLAIN_TEXT_FIELDS = ("receipt_token", "shift_id", "original_order_id", "exchange_id")


@dataclass(frozen=True, slots=True)
class PlainOrders:
    """The rows of a run of plain orders, ready to be written in two statements."""

    orders: list[dict[str, Any]]
    movements: list[dict[str, Any]]


def plain_orders(batch: Batch, facts: list[Fact]) -> PlainOrders | None:
    """The rows ``apply_order`` would write for ``facts``, built without writing anything,
    or None when any of them is not plain: not an order, not deduplicated, a customer or
    loyalty entries, an odd field type, or anything ``apply_order`` would reject. Conflicts
    with stored rows (an order already applied, a receipt in use) show up as an
    ``IntegrityError`` when the rows are written; the caller then applies the facts one by
    one instead. The touched stock pairs are recorded only when the result is not None.
    """
    if not batch.deduplicate:
        return None
    skus: set[str] = set()
    for fact in facts:
        p = fact.payload
        if (
            fact.kind not in ORDER_KINDS
            or p.get("customer_id") is not None
            or p.get("loyalty")
            or p.get("web_order") is not None
            or p.get("pickup_payment") is not None
        ):
            return None
        for key in _PLAIN_TEXT_FIELDS:
            value = p.get(key)
            if value is not None and not isinstance(value, str):
                return None
        lines = p.get("lines")
        if isinstance(lines, list):
            skus.update(
                line["sku"]
                for line in lines
                if isinstance(line, dict) and isinstance(line.get("sku"), str)
            )
    batch.prefetch_skus(skus)
    mark = batch.mark()
    orders: list[dict[str, Any]] = []
    movements: list[dict[str, Any]] = []
    try:
        for fact in facts:
            row, where, line_skus, ids, completed_at = _order_row(batch, fact)
            orders.append(row)
            movements.extend(
                _order_movements(
                    batch, fact.payload, row, where, line_skus, ids, completed_at, False
                )
            )
    except (Rejected, KeyError, ValueError, TypeError, AttributeError):
        batch.reset(mark)
        return None
    return PlainOrders(orders, movements)


def write_plain_orders(batch: Batch, plain: PlainOrders) -> None:
    """Write ``plain`` in bulk (COPY on PostgreSQL): a clash with a stored row raises
    ``IntegrityError`` (run under a savepoint and fall back to ``apply_order`` one by one)."""
    bulk_insert(batch.conn, pos_order, plain.orders)
    bulk_insert(batch.conn, stock_movement, plain.movements)


def _apply_loyalty(
    batch: Batch,
    changes: ChangeBuffer,
    entries: object,
    order_id: str,
    occurred_at: datetime,
    where: str,
) -> None:
    """Ledger entries of a sale; an entry that overdraws the balance is accepted, flagged."""
    conn = batch.conn
    emitted: list[str] = []
    for n, entry in enumerate(_list(entries, f"{where}: loyalty"), 1):
        label = f"{where} loyalty entry {n}"
        given = _text(entry.get("customer_id"), f"{label}: customer_id")
        customer_id = resolve_customer(conn, given)
        if customer_id is None:
            raise Rejected("unknown_customer", f"{label}: unknown customer {given!r}")
        points = _int(entry.get("points"), f"{label}: points")
        balance = int(
            conn.execute(
                select(func.coalesce(func.sum(loyalty_entry.c.points), 0)).where(
                    loyalty_entry.c.customer_id == customer_id
                )
            ).scalar_one()
        )
        entry_id = _text(entry.get("id"), f"{label}: id") if batch.deduplicate else new_id()
        insert_ignore(
            conn,
            loyalty_entry,
            {
                "id": entry_id,
                "customer_id": customer_id,
                "points": points,
                "reason": str(entry.get("reason") or ("earn" if points >= 0 else "redeem")),
                "order_id": order_id,
                "flagged": balance + points < 0,
                "occurred_at": occurred_at,
                "received_at": batch.now,
            },
        )
        if customer_id not in emitted:
            emitted.append(customer_id)
    if emitted:
        from sync.server.customers import emit_customer  # written alongside; import lazily

        for customer_id in emitted:
            emit_customer(conn, changes, customer_id)


# -- stock -------------------------------------------------------------------------------------


def apply_stock_adjusted(batch: Batch, changes: ChangeBuffer, fact: Fact) -> None:
    """stock.adjusted: signed movements ``[{id, sku, qty_milli}]`` with one reason."""
    p = fact.payload
    where = f"stock adjustment {fact.mutation_id}"
    batch.check_store(p, where)
    reason = _text(p.get("reason"), f"{where}: reason")
    items = _list(p.get("movements"), f"{where}: movements")
    if not items:
        raise Rejected("invalid_payload", f"{where}: no movements")
    ids = batch.product_ids([_text(m.get("sku"), f"{where}: sku") for m in items], where)
    rows = [
        batch.movement(
            m.get("id"),
            f"{where} movement {n}: id",
            store_id=batch.store_id,
            product_id=ids[m["sku"]],
            qty_milli=_int(m.get("qty_milli"), f"{where} movement {n}: qty_milli"),
            reason=reason,
            source=fact.mutation_id,
            occurred_at=fact.corrected_at,
        )
        for n, m in enumerate(items, 1)
    ]
    _insert_absent(batch.conn, stock_movement, rows)


def apply_stock_counted(batch: Batch, changes: ChangeBuffer, fact: Fact) -> None:
    """stock.counted: ``{"counts": [{id, sku, counted_milli}], "counted_at"?}``; a count
    applies at the time it was taken, not when it arrives."""
    p = fact.payload
    where = f"stock count {fact.mutation_id}"
    batch.check_store(p, where)
    counted_at = fact.corrected(
        _aware(p["counted_at"], f"{where}: counted_at")
        if p.get("counted_at") is not None
        else fact.occurred_at
    )
    items = _list(p.get("counts"), f"{where}: counts")
    if not items:
        raise Rejected("invalid_payload", f"{where}: no counts")
    ids = batch.product_ids([_text(c.get("sku"), f"{where}: sku") for c in items], where)
    rows = []
    for n, c in enumerate(items, 1):
        product_id = ids[c["sku"]]
        rows.append(
            {
                "id": _text(c.get("id"), f"{where} count {n}: id")
                if batch.deduplicate
                else new_id(),
                "store_id": batch.store_id,
                "product_id": product_id,
                "counted_milli": _int(c.get("counted_milli"), f"{where} count {n}: counted_milli"),
                "occurred_at": counted_at,
                "received_at": batch.now,
            }
        )
        batch.touched.add((batch.store_id, product_id))
    _insert_absent(batch.conn, stock_count, rows)


def _reference(value: object, name: str) -> str:
    """A delivery-note number or transfer id: 1 to 64 characters, no control characters."""
    text = _text(value, name).strip()
    if not text or len(text) > 64 or any(ord(ch) < 32 or ord(ch) == 127 for ch in text):
        raise Rejected(
            "invalid_payload", f"{name} must be 1 to 64 printable characters, got {value!r}"
        )
    return text


def _positive_lines(
    batch: Batch, payload: dict[str, Any], where: str
) -> list[tuple[int, dict[str, Any], str, int]]:
    """(line number, line, backend product id, quantity) of ``payload["lines"]``: at least
    one, each with a known SKU and a quantity above zero."""
    items = _list(payload.get("lines"), f"{where}: lines")
    if not items:
        raise Rejected("invalid_payload", f"{where}: no lines")
    ids = batch.product_ids([_text(m.get("sku"), f"{where}: sku") for m in items], where)
    lines = []
    for n, m in enumerate(items, 1):
        qty = _int(m.get("qty_milli"), f"{where} line {n}: qty_milli")
        if qty <= 0:
            raise Rejected(
                "invalid_payload", f"{where} line {n}: qty_milli must be above 0, got {qty}"
            )
        lines.append((n, m, ids[m["sku"]], qty))
    return lines


def apply_stock_received(batch: Batch, changes: ChangeBuffer, fact: Fact) -> None:
    """stock.received: a supplier's delivery booked in at this store, ``{"delivery_id",
    "delivery_ref", "lines": [{id, sku, qty_milli}]}``: ``receive`` movements carrying the
    delivery-note number (``reference``). A delivery note already received at this store
    under another delivery id is ``delivery_already_received``."""
    p = fact.payload
    conn = batch.conn
    where = f"delivery {fact.mutation_id}"
    batch.check_store(p, where)
    delivery_id = _reference(p.get("delivery_id"), f"{where}: delivery_id")
    ref = _reference(p.get("delivery_ref"), f"{where}: delivery_ref")
    where = f"delivery note {ref!r}"
    lines = _positive_lines(batch, p, where)
    stored = conn.execute(
        select(stock_delivery.c.id).where(
            stock_delivery.c.store_id == batch.store_id, stock_delivery.c.delivery_ref == ref
        )
    ).first()
    if stored is not None and str(stored.id) != delivery_id:
        raise Rejected(
            "delivery_already_received",
            f"{where} was already received at store {batch.store_code}",
        )
    if stored is None:
        conn.execute(
            insert(stock_delivery),
            {
                "id": delivery_id,
                "store_id": batch.store_id,
                "delivery_ref": ref,
                "terminal_id": batch.terminal_id,
                "mutation_id": fact.mutation_id,
                "line_count": len(lines),
                "qty_milli": sum(qty for _n, _m, _pid, qty in lines),
                "occurred_at": fact.corrected_at,
                "received_at": batch.now,
            },
        )
    rows = [
        batch.movement(
            m.get("id"),
            f"{where} line {n}: id",
            store_id=batch.store_id,
            product_id=product_id,
            qty_milli=qty,
            reason="receive",
            source=fact.mutation_id,
            occurred_at=fact.corrected_at,
            reference=ref,
        )
        for n, m, product_id, qty in lines
    ]
    _insert_absent(conn, stock_movement, rows)


def apply_stock_transferred(batch: Batch, changes: ChangeBuffer, fact: Fact) -> None:
    """stock.transferred: goods sent from this store to another, ``{"transfer_id",
    "to_store_code", "lines": [{out_id, in_id, sku, qty_milli}]}``.

    One step: when the fact is applied the goods leave this store (``transfer_out``) and are
    booked in at the destination (``transfer_in``), both movements carrying the transfer id;
    the destination's terminals see its new level with the next ``stock`` pull. An unknown
    destination, or this store itself, is rejected (``unknown_store``, ``same_store``).
    """
    p = fact.payload
    where = f"transfer {fact.mutation_id}"
    batch.check_store(p, where)
    transfer_id = _reference(p.get("transfer_id"), f"{where}: transfer_id")
    where = f"transfer {transfer_id}"
    to_code = _text(p.get("to_store_code"), f"{where}: to_store_code")
    if to_code == batch.store_code:
        raise Rejected(
            "same_store", f"{where}: the destination {to_code} is the sending store itself"
        )
    destination = batch.conn.execute(select(store.c.id).where(store.c.code == to_code)).first()
    if destination is None:
        raise Rejected("unknown_store", f"{where}: the destination store {to_code!r} is unknown")
    to_store_id = str(destination.id)
    rows = [
        batch.movement(
            m.get(key),
            f"{where} line {n}: {key}",
            store_id=store_id,
            product_id=product_id,
            qty_milli=signed,
            reason=reason,
            source=fact.mutation_id,
            occurred_at=fact.corrected_at,
            reference=transfer_id,
        )
        for n, m, product_id, qty in _positive_lines(batch, p, where)
        for key, store_id, signed, reason in (
            ("out_id", batch.store_id, -qty, "transfer_out"),
            ("in_id", to_store_id, qty, "transfer_in"),
        )
    ]
    _insert_absent(batch.conn, stock_movement, rows)


# -- shifts, pickups, customers ------------------------------------------------------------------


def apply_shift_closed(batch: Batch, changes: ChangeBuffer, fact: Fact) -> None:
    """shift.closed: recorded once; orders of the shift arriving later are marked late."""
    p = fact.payload
    shift_id = _text(p.get("shift_id"), "shift_id")
    where = f"shift {shift_id}"
    batch.check_store(p, where)
    closed_at = (
        _aware(p["closed_at"], f"{where}: closed_at")
        if p.get("closed_at") is not None
        else fact.occurred_at
    )
    z_no = p.get("z_no")
    if z_no is not None and (type(z_no) is not int or not 0 < z_no < 2**31):
        raise Rejected("invalid_payload", f"{where}: z_no must be a positive whole number")
    # On the day its sales were filed under (sync.server.business_day).
    business_date = batch.days.file(fact.business_date, closed_at, fact.clock_offset_ms, shift_id)
    insert_ignore(
        batch.conn,
        shift_close,
        {
            "shift_id": shift_id,
            "terminal_id": batch.terminal_id,
            "business_date": business_date,
            "till_business_date": None
            if business_date == fact.business_date
            else fact.business_date,
            "closed_at": closed_at,
            # The till's Z number (tills before Z numbers send none).
            "z_no": z_no,
            "payload_json": json.dumps(p, ensure_ascii=False, sort_keys=True),
        },
    )
    batch.mark_shift_closed(shift_id)


def apply_pickup_transition(batch: Batch, changes: ChangeBuffer, fact: Fact) -> None:
    """pickup.transition: the backend's state machine decides (``state_conflict``)."""
    from sync.server.web_orders import apply_pickup_transition as transition

    transition(
        batch.conn,
        changes,
        store_id=batch.store_id,
        terminal_id=batch.terminal_id,
        payload=fact.payload,
        occurred_at=fact.corrected_at,
        now=batch.now,
        touched=batch.touched,
    )


def apply_customer_upserted(batch: Batch, changes: ChangeBuffer, fact: Fact) -> None:
    """customer.upserted: merged by normalised e-mail/phone; the survivor is pulled. A till
    changes only its own store's customers, and only their profile (sync.server.customers)."""
    from sync.server.customers import apply_customer_upsert, emit_customer

    survivor = apply_customer_upsert(
        batch.conn, changes, payload=fact.payload, now=batch.now, till_store_id=batch.store_id
    )
    emit_customer(batch.conn, changes, survivor)


def apply_web_order_returned(batch: Batch, changes: ChangeBuffer, fact: Fact) -> None:
    """web_order.returned: goods of a web order taken back in a store (sync.server.returns)."""
    from sync.server.returns import apply_returned

    apply_returned(batch, changes, fact)


APPLIERS: dict[str, Applier] = {
    "order.completed": apply_order,
    "order.refunded": apply_order,
    "stock.adjusted": apply_stock_adjusted,
    "stock.counted": apply_stock_counted,
    "stock.received": apply_stock_received,
    "stock.transferred": apply_stock_transferred,
    "shift.closed": apply_shift_closed,
    "pickup.transition": apply_pickup_transition,
    "customer.upserted": apply_customer_upserted,
    "web_order.returned": apply_web_order_returned,
}
