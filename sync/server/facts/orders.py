"""``order.completed`` and ``order.refunded``: the order, its stock movements, loyalty
entries, and the web order an endless-aisle sale opened or a pickup payment it made."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select

from sync.protocol import OrderCompleted, OrderRefunded, WebOrderReturned, canonical_json
from sync.protocol.facts.orders import LoyaltyEntry, OrderLine
from sync.protocol.loyalty import vests_on
from sync.server import loyalty, value_cards
from sync.server.alarms import raise_alarm
from sync.server.changes import ChangeBuffer
from sync.server.customers import emit_customer
from sync.server.db import bulk_insert, insert_ignore
from sync.server.errors import Rejected
from sync.server.facts.common import Batch, Fact, resolve_customer
from sync.server.facts.value_cards import apply_value_cards
from sync.server.ids import new_id
from sync.server.schema import customer, loyalty_entry, pos_order, stock_movement
from sync.server.till_orders import open_for_sale, record_store_payment

ORDER_KINDS = ("order.completed", "order.refunded")
# Where a sale was rung up (``pos_order.channel``); a fact without one is the store's till.
CHANNELS = ("store", "kiosk")
AnyOrder = OrderCompleted | OrderRefunded | WebOrderReturned
LOYALTY_REASONS = ("earn", "reversal", "redeem", "refund")
OVERSPEND_TASK = "loyalty_overspend"


@dataclass(frozen=True, slots=True)
class OrderRow:
    """An order's ``pos_order`` row as built from its fact, with what its movements need."""

    row: dict[str, Any]
    where: str
    line_skus: dict[str, str]  # terminal product id -> SKU
    product_ids: dict[str, str]  # SKU -> backend product id
    completed_at: datetime  # on the backend's clock (the row keeps the till's, as printed)


def order_of(fact: Fact) -> AnyOrder:
    """The order a fact of an order kind carries (a ``TypeError``, a backend bug, if not)."""
    order = fact.model
    if not isinstance(order, OrderCompleted | OrderRefunded | WebOrderReturned):
        raise TypeError(f"{fact.kind} was read as {type(order).__name__}, not as an order")
    return order


def order_row(batch: Batch, fact: Fact) -> OrderRow:
    """Build an order's ``pos_order`` row (reads only): its store, SKUs and customer known."""
    order = order_of(fact)
    where = order.where
    batch.check_store(order.store_code, where)
    line_skus = {line.product_id: line.sku for line in order.lines if line.product_id is not None}
    ids = batch.product_ids([line.sku for line in order.lines], where)
    completed_at = order.completed_at.astimezone(UTC)
    business_date = batch.days.file(
        order.business_date, completed_at, fact.clock_offset_ms, order.shift_id or None
    )
    channel = order.channel or "store"
    if channel not in CHANNELS:
        raise Rejected(
            "invalid_payload", f"{where}: channel {channel!r} is not one of {', '.join(CHANNELS)}"
        )
    customer_id = order.customer_id
    if customer_id is not None:
        survivor = resolve_customer(batch.conn, customer_id)
        if survivor is None:
            raise Rejected("unknown_customer", f"{where}: unknown customer {customer_id!r}")
        customer_id = survivor
    row: dict[str, Any] = {
        "id": order.order_id,
        "kind": order.order_kind,
        "receipt_no": order.receipt_no,
        "receipt_token": order.receipt_token,
        "store_id": batch.store_id,
        "terminal_id": batch.terminal_id,
        "local_no": order.local_no,
        "shift_id": order.shift_id,
        "original_order_id": order.original_order_id,
        "exchange_id": order.exchange_id,
        "customer_id": customer_id,
        "language": order.language or "tr",
        "currency": order.currency or "TRY",
        "total_minor": order.total_minor,
        "tax_minor": order.tax_minor,
        "business_date": business_date,
        "till_business_date": None if business_date == order.business_date else order.business_date,
        "completed_at": completed_at,
        "received_at": batch.now,
        "late": batch.shift_closed(order.shift_id),
        "document_json": fact.document or canonical_json(fact.payload),
        "channel": channel,
    }
    return OrderRow(row, where, line_skus, ids, fact.corrected(completed_at))


def order_movements(
    batch: Batch, order: AnyOrder, built: OrderRow, row: dict[str, Any], fresh_ids: bool
) -> list[dict[str, Any]]:
    """The ``stock_movement`` rows of an order (stored under ``row``); records the touched
    (store, product) pairs."""
    movements = []
    for n, m in enumerate(order.stock_movements, 1):
        if m.product_id not in built.line_skus:
            raise Rejected(
                "invalid_payload",
                f"{built.where} stock movement {n}: product {m.product_id} is on no line",
            )
        product_id = built.product_ids[built.line_skus[m.product_id]]
        movements.append(
            {
                "id": new_id() if fresh_ids else m.id,
                "store_id": batch.store_id,
                "product_id": product_id,
                "qty_milli": m.qty_milli,
                "reason": m.reason or row["kind"],
                "source": row["id"],
                "occurred_at": built.completed_at,
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
    order = order_of(fact)
    conn = batch.conn
    built = order_row(batch, fact)
    row = built.row
    fresh_movement_ids = False
    if not insert_ignore(conn, pos_order, row):
        stored = conn.execute(select(pos_order.c.id).where(pos_order.c.id == row["id"])).first()
        if stored is None:
            row = _store_reused_receipt(batch, row)
        elif batch.deduplicate:
            return  # already applied: no second set of movements or points
        else:
            row = _store_again(batch, row)
            fresh_movement_ids = True
    order_id = row["id"]
    movements = order_movements(batch, order, built, row, fresh_movement_ids)
    if movements:
        conn.execute(insert(stock_movement), movements)
    _apply_loyalty(batch, changes, order, order_id, built.completed_at, built.where)
    if order.value_cards:
        apply_value_cards(
            batch,
            changes,
            order.value_cards,
            order_id=order_id,
            occurred_at=built.completed_at,
            where=built.where,
            line_ids=[line.id for line in order.lines if line.id is not None],
        )
    if not isinstance(order, OrderCompleted):
        return
    if order.web_order is not None:
        # Endless aisle: the goods paid here go out as a web order (delivery or another store).
        open_for_sale(
            conn,
            changes,
            order.web_order.payload(),
            receipt_no=row["receipt_no"],
            selling_store_id=batch.store_id,
            now=batch.now,
            touched=batch.touched,
        )
    if order.pickup_payment is not None:
        # Pay in store at pickup: this sale paid the web order (services.pickup).
        record_store_payment(
            conn,
            changes,
            order_id=order.pickup_payment.order_id,
            receipt_no=row["receipt_no"],
            amount_minor=row["total_minor"],
            store_id=batch.store_id,
            terminal_id=batch.terminal_id,
            paid_at=built.completed_at,
            now=batch.now,
        )


@dataclass(frozen=True, slots=True)
class PlainOrders:
    """The rows of a run of plain orders, ready to be written in two statements."""

    orders: list[dict[str, Any]]
    movements: list[dict[str, Any]]


def plain_orders(batch: Batch, facts: list[Fact]) -> PlainOrders | None:
    """The rows ``apply_order`` would write for ``facts``, built without writing anything,
    or None when any of them is not plain: not an order, not deduplicated, a customer,
    loyalty entries, a web order or a pickup payment, or anything ``apply_order`` would
    reject. Conflicts with stored rows (an order already applied, a receipt in use) show up
    as an ``IntegrityError`` when the rows are written; the caller then applies the facts one
    by one instead. The touched stock pairs are recorded only when the result is not None.
    """
    if not batch.deduplicate:
        return None
    skus: set[str] = set()
    for fact in facts:
        order = fact.model
        if (
            fact.kind not in ORDER_KINDS
            or not isinstance(order, OrderCompleted | OrderRefunded)
            or order.customer_id is not None
            or order.loyalty
            or order.value_cards
            or (isinstance(order, OrderCompleted) and order.web_order is not None)
            or (isinstance(order, OrderCompleted) and order.pickup_payment is not None)
        ):
            return None
        skus.update(line.sku for line in order.lines)
    batch.prefetch_skus(skus)
    mark = batch.mark()
    orders: list[dict[str, Any]] = []
    movements: list[dict[str, Any]] = []
    try:
        for fact in facts:
            built = order_row(batch, fact)
            orders.append(built.row)
            movements.extend(order_movements(batch, order_of(fact), built, built.row, False))
    except Rejected:
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
    order: AnyOrder,
    order_id: str,
    occurred_at: datetime,
    where: str,
) -> None:
    """The order's points ledger entries (``sync.server.loyalty``), idempotent by entry id.

    Checked first, so a bad entry refuses the whole order: a reason of ``LOYALTY_REASONS``,
    an earn >= 0 naming a line of the order, a reversal or redemption <= 0, a refund >= 0.
    An earn without ``vests_on`` vests by the current rules from the store's local date; a
    reversal without one takes its earn's (found by the returned line's original). A
    redemption that overdraws the spendable points is accepted, ``flagged``, and raised as a
    ``loyalty_overspend`` staff task: never lost, never clipped. One naming a hold consumes it.
    """
    entries = order.loyalty
    if not entries:
        return
    conn = batch.conn
    lines = {line.id: line for line in order.lines if line.id is not None}
    for n, entry in enumerate(entries, 1):
        _check_loyalty(entry, n, where, lines)
    zone = loyalty.store_zone(conn, batch.store_id)
    today = loyalty.local_date(occurred_at, zone)
    rules = None
    emitted: list[str] = []
    for n, entry in enumerate(entries, 1):
        customer_id = resolve_customer(conn, entry.customer_id)
        if customer_id is None:
            raise Rejected(
                "unknown_customer",
                f"{where} loyalty entry {n}: unknown customer {entry.customer_id!r}",
            )
        reason = _reason(entry)
        vests = entry.vests_on
        if vests is None and reason == "earn":
            rules = rules or loyalty.current_rules(conn)
            vests = vests_on(today, rules)
        elif vests is None and reason == "reversal":
            vests = _earn_vests_on(conn, lines.get(entry.line_id or ""))
        over = 0
        if reason == "redeem":
            # Row lock on the customer (PostgreSQL): a reservation for them waits for this.
            conn.execute(
                select(customer.c.id).where(customer.c.id == customer_id).with_for_update()
            )
            over = max(0, -(loyalty.spendable_points(conn, customer_id, today) + entry.points))
        written = insert_ignore(
            conn,
            loyalty_entry,
            {
                "id": entry.id if batch.deduplicate else new_id(),
                "customer_id": customer_id,
                "points": entry.points,
                "reason": reason,
                "order_id": order_id,
                "flagged": over > 0,
                "occurred_at": occurred_at,
                "received_at": batch.now,
                "order_line_id": entry.line_id,
                "vests_on": vests,
                "terminal_id": batch.terminal_id,
                "reservation_id": entry.reservation_id,
                "offline": entry.offline,
            },
        )
        if not written:
            continue
        if entry.reservation_id is not None:
            value_cards.consume_hold(conn, entry.reservation_id, order_id)
        if over:
            detail = {
                "customer_id": customer_id,
                "terminal_id": batch.terminal_id,
                "order_id": order_id,
                "points_over": over,
                "offline": entry.offline,
            }
            value_cards.raise_task(conn, OVERSPEND_TASK, batch.store_id, detail, batch.now)
        if customer_id not in emitted:
            emitted.append(customer_id)
    for customer_id in emitted:
        emit_customer(conn, changes, customer_id)


def _reason(entry: LoyaltyEntry) -> str:
    return entry.reason or ("earn" if entry.points >= 0 else "redeem")


def _check_loyalty(entry: LoyaltyEntry, n: int, where: str, lines: dict[str, OrderLine]) -> None:
    what = f"{where} loyalty entry {n}"
    reason = _reason(entry)
    if reason not in LOYALTY_REASONS:
        raise Rejected(
            "invalid_payload",
            f"{what}: reason {reason!r} is not one of {', '.join(LOYALTY_REASONS)}",
        )
    if reason in ("earn", "refund") and entry.points < 0:
        raise Rejected("invalid_payload", f"{what}: {reason} points must not be negative")
    if reason in ("reversal", "redeem") and entry.points > 0:
        raise Rejected("invalid_payload", f"{what}: {reason} points must not be positive")
    if reason == "earn" and entry.line_id is None:
        raise Rejected("invalid_payload", f"{what}: an earn must name its sales line (line_id)")
    if entry.line_id is not None and entry.line_id not in lines:
        raise Rejected("invalid_payload", f"{what}: line {entry.line_id!r} is not on the order")


def _earn_vests_on(conn: Connection, line: OrderLine | None) -> date | None:
    """The vesting day of the earn a returned line reverses (None: not found, at once)."""
    if line is None or line.original_line_id is None:
        return None
    found = conn.execute(
        select(loyalty_entry.c.vests_on)
        .where(
            loyalty_entry.c.order_line_id == line.original_line_id,
            loyalty_entry.c.reason == "earn",
        )
        .limit(1)
    ).scalar()
    return found
