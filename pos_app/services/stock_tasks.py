"""The manager's stock tasks: adjustments with a reason, receiving against a delivery, cycle
counts shelf by shelf and transfers to another store, plus the stock exceptions the backend
raised for this store.

Every task is posted in one local transaction that writes its ``stock_movement`` rows (so the
till's own on hand is right at once, offline too), its fact in the outbox and clears the task's
draft; nothing is written when the input is refused. The facts (docs/sync-protocol.md "Push"):

- ``stock.adjusted`` ``{store_code, reason, user_id, movements: [{id, product_id, sku,
  qty_milli}]}`` (``stock.record_adjustment``, as before);
- ``stock.received`` ``{delivery_id, delivery_ref, store_code, user_id, lines: [{id,
  product_id, sku, qty_milli}]}``: the backend books ``receive`` movements carrying the
  delivery-note number and refuses a delivery note received twice at one store;
- ``stock.counted`` ``{count_id, store_code, user_id, counted_at, counts: [{id, product_id,
  sku, counted_milli, expected_milli, shelves}]}``, one fact per moment a product's count was
  taken: the backend applies a count at ``counted_at`` (on hand = latest count + movements
  after it), so sales rung after the count are still subtracted;
- ``stock.transferred`` ``{transfer_id, store_code, to_store_code, user_id, lines: [{out_id,
  in_id, product_id, sku, qty_milli}]}``: one step, the backend takes the goods out here and
  books them in at the destination when the fact is applied.

A count's local movement (reason ``count``) is the difference between the count and what this
till expected at the moment the count was taken, stamped when it is posted: the till's own
figure becomes "counted + everything since", as the backend will compute it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, insert, text

from pos_app.domain.ids import new_id
from pos_app.domain.names import name_in
from pos_app.domain.roles import Role
from pos_app.errors import UserError
from pos_app.services.catalog import CatalogLookup, CategoryInfo
from pos_app.services.clock import Clock, local_date
from pos_app.services.stock import record_adjustment
from pos_app.services.stock_lookup import StockLookup
from pos_app.services.terminal import TerminalInfo
from pos_app.services.users import StaffUser, UserService
from pos_app.storage.audit import audit
from pos_app.storage.database import write_transaction
from pos_app.storage.outbox import append_fact
from pos_app.storage.tables import sqlite_stamp, table, utc_from_db
from sync.protocol import canonical_json
from sync.protocol.facts import (
    CountLine,
    ReceivedLine,
    StockCounted,
    StockReceived,
    StockTransferred,
    TransferLine,
)
from sync.protocol.limits import MAX_STOCK_QTY_MILLI

ADJUST_REASONS = ("damage", "theft", "waste", "correction")
LOSS_REASONS = ("damage", "theft", "waste")  # these take stock away: negative quantities
TASKS = ("adjust", "receive", "count", "transfer")
SHELF_PREFIXES = ("LOC:", "BIN:", "SHELF:")  # a scanned shelf label (QR or Code 128)
# A million pieces (or kg) in one line is a typing mistake (the admin API's limit as well).
MAX_QTY_MILLI = MAX_STOCK_QTY_MILLI
MAX_REFERENCE = 64  # the backend's column
MAX_SHELF = 32


# -- what the screens hold ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StockItem:
    product_id: str
    sku: str
    name: str
    sold_by_weight: bool = False
    names: dict[str, str] = field(default_factory=dict)

    def name_in(self, language: str) -> str:
        return name_in(self.names, language, self.name)


@dataclass(frozen=True, slots=True)
class Scanned:
    """A scanned item and what one scan counts: a piece, or the weight on a scale label."""

    item: StockItem
    qty_milli: int


@dataclass(frozen=True, slots=True)
class TaskLine:
    """A line of an adjustment, a receiving or a transfer (signed for adjustments)."""

    item: StockItem
    qty_milli: int


@dataclass(frozen=True, slots=True)
class CountEntry:
    """One product counted on one shelf, and when its quantity was last taken."""

    shelf: str
    item: StockItem
    qty_milli: int
    taken_at: datetime


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


@dataclass(frozen=True, slots=True)
class Posted:
    """What a posted task wrote: its facts, its reference and its size."""

    kind: str
    mutation_ids: tuple[str, ...]
    reference: str  # delivery-note number, transfer id, count id, adjustment fact id
    lines: int
    qty_milli: int  # the sum of the quantities (a count: the sum of the differences)


@dataclass(frozen=True, slots=True)
class StoreChoice:
    code: str
    name: str


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


# -- drafts: the task in progress, kept in memory by the screen and saved after each change ---


def _item_dict(item: StockItem) -> dict[str, Any]:
    return {
        "product_id": item.product_id,
        "sku": item.sku,
        "name": item.name,
        "sold_by_weight": item.sold_by_weight,
        "names": dict(item.names),
    }


def _item_of(data: dict[str, Any]) -> StockItem:
    return StockItem(
        product_id=str(data["product_id"]),
        sku=str(data["sku"]),
        name=str(data["name"]),
        sold_by_weight=bool(data.get("sold_by_weight", False)),
        names={str(k): str(v) for k, v in dict(data.get("names") or {}).items()},
    )


@dataclass
class LinesDraft:
    """An adjustment, a receiving or a transfer being put together.

    ``reason``: an adjustment's reason (``ADJUST_REASONS``); a loss reason turns every
    quantity negative. ``reference``: a receiving's delivery-note number. ``destination``: a
    transfer's store code.
    """

    kind: str
    lines: list[TaskLine] = field(default_factory=list)
    reason: str = "damage"
    reference: str = ""
    destination: str = ""

    def _signed(self, qty_milli: int) -> int:
        if self.kind == "adjust" and self.reason in LOSS_REASONS:
            return -abs(qty_milli)
        return qty_milli

    def add(self, item: StockItem, qty_milli: int) -> int:
        """Add ``qty_milli`` of ``item`` (a scan); returns the line's index."""
        for index, line in enumerate(self.lines):
            if line.item.product_id == item.product_id:
                self.lines[index] = replace(
                    line, qty_milli=line.qty_milli + self._signed(qty_milli)
                )
                return index
        self.lines.append(TaskLine(item, self._signed(qty_milli)))
        return len(self.lines) - 1

    def set_quantity(self, index: int, qty_milli: int) -> None:
        self.lines[index] = replace(self.lines[index], qty_milli=self._signed(qty_milli))

    def flip_sign(self, index: int) -> None:
        """A correction's line from + to - or back (losses stay negative)."""
        line = self.lines[index]
        self.lines[index] = replace(line, qty_milli=self._signed(-line.qty_milli))

    def remove(self, index: int) -> None:
        del self.lines[index]

    def set_reason(self, reason: str) -> None:
        if reason not in ADJUST_REASONS:
            raise UserError("stock.bad_reason", f"Unknown reason {reason!r}", reason=reason)
        self.reason = reason
        self.lines = [replace(line, qty_milli=self._signed(line.qty_milli)) for line in self.lines]

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "reason": self.reason,
            "reference": self.reference,
            "destination": self.destination,
            "lines": [
                {"item": _item_dict(line.item), "qty_milli": line.qty_milli} for line in self.lines
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinesDraft:
        return cls(
            kind=str(data["kind"]),
            reason=str(data.get("reason") or "damage"),
            reference=str(data.get("reference") or ""),
            destination=str(data.get("destination") or ""),
            lines=[
                TaskLine(_item_of(line["item"]), int(line["qty_milli"]))
                for line in data.get("lines") or []
            ],
        )


@dataclass
class CountDraft:
    """A cycle count: shelf by shelf, the products counted on each with when."""

    count_id: str = field(default_factory=new_id)
    shelf: str = ""
    entries: list[CountEntry] = field(default_factory=list)

    def set_shelf(self, label: str) -> str:
        shelf = shelf_label(label)
        if shelf is None:
            raise UserError(
                "stock.bad_shelf", f"A shelf label has 1 to {MAX_SHELF} characters", shelf=label
            )
        self.shelf = shelf
        return shelf

    def add(self, item: StockItem, qty_milli: int, at: datetime) -> int:
        """A scan on the current shelf: the product's count there grows, taken now."""
        for index, entry in enumerate(self.entries):
            if entry.shelf == self.shelf and entry.item.product_id == item.product_id:
                self.entries[index] = replace(
                    entry, qty_milli=entry.qty_milli + qty_milli, taken_at=at
                )
                return index
        self.entries.append(CountEntry(self.shelf, item, qty_milli, at))
        return len(self.entries) - 1

    def set_quantity(self, index: int, qty_milli: int, at: datetime) -> None:
        self.entries[index] = replace(self.entries[index], qty_milli=qty_milli, taken_at=at)

    def remove(self, index: int) -> None:
        del self.entries[index]

    def to_dict(self) -> dict[str, Any]:
        return {
            "count_id": self.count_id,
            "shelf": self.shelf,
            "entries": [
                {
                    "shelf": e.shelf,
                    "item": _item_dict(e.item),
                    "qty_milli": e.qty_milli,
                    "taken_at": e.taken_at.isoformat(),
                }
                for e in self.entries
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CountDraft:
        return cls(
            count_id=str(data.get("count_id") or new_id()),
            shelf=str(data.get("shelf") or ""),
            entries=[
                CountEntry(
                    str(e.get("shelf") or ""),
                    _item_of(e["item"]),
                    int(e["qty_milli"]),
                    datetime.fromisoformat(str(e["taken_at"])),
                )
                for e in data.get("entries") or []
            ],
        )


def shelf_label(code: str) -> str | None:
    """The shelf of a label (``LOC:A-01`` or typed ``A-01``), or None when it is not one."""
    label = code.strip()
    for prefix in SHELF_PREFIXES:
        if label.upper().startswith(prefix):
            label = label[len(prefix) :].strip()
            break
    if not label or len(label) > MAX_SHELF or any(ord(ch) < 32 for ch in label):
        return None
    return label


def is_shelf_scan(code: str) -> bool:
    """A scanned code that names a shelf rather than an item (it carries a shelf prefix)."""
    return code.strip().upper().startswith(SHELF_PREFIXES) and shelf_label(code) is not None


def require_manager(user: StaffUser) -> StaffUser:
    """Manager mode is for managers: anyone else is refused with a clear message."""
    if user.role is not Role.MANAGER:
        raise UserError(
            "manager.not_a_manager",
            f"{user.name} is a {user.role.value}: manager mode needs a manager",
            name=user.name,
        )
    return user


# -- the service ---------------------------------------------------------------------------------


class StockTasks:
    """Posting the manager's stock tasks and reading what they need (Qt-free)."""

    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        terminal: TerminalInfo,
        timezone: str,
        catalog: CatalogLookup,
        lookup: StockLookup,
        after_commit: Callable[[], None] | None = None,
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._terminal = terminal
        self._timezone = timezone
        self._catalog = catalog
        self._lookup = lookup
        # Called after every committed task (the sync worker's notify()).
        self._after_commit = after_commit

    @property
    def store_code(self) -> str:
        return self._terminal.store_code

    def now(self) -> datetime:
        return self._clock.now()

    # -- manager mode ------------------------------------------------------------------------

    def enter_manager_mode(
        self, users: UserService, user_id: str, pin: str, *, by_user_id: str | None = None
    ) -> StaffUser:
        """A manager's PIN opens manager mode (at start-up, or over a cashier's session when
        ``by_user_id`` is given); a wrong PIN counts towards the lock-out, any other role is
        refused (``manager.not_a_manager``). Audited."""
        manager = require_manager(users.authenticate(user_id, pin))
        with write_transaction(self._engine) as conn:
            audit(
                conn,
                action="manager.mode_entered",
                at=self._clock.now(),
                user_id=by_user_id or manager.user_id,
                approver_id=manager.user_id,
                detail={"manager": manager.name},
            )
        return manager

    # -- items, stores, categories -------------------------------------------------------------

    def scan(self, code: str) -> Scanned:
        """A scanned or typed barcode, scale label, SKU or PLU; ``stock.unknown_barcode``."""
        try:
            found = self._catalog.resolve_scan(code)
        except UserError as error:
            if error.code != "cart.unknown_barcode":
                raise
            raise UserError(
                "stock.unknown_barcode", f"No item with barcode, SKU or PLU {code}", code=code
            ) from None
        product = found.product
        item = StockItem(
            product.product_id, product.sku, product.name, product.sold_by_weight, product.names
        )
        return Scanned(item, int(found.quantity * 1000))

    def search(self, query: str, limit: int = 20) -> list[StockItem]:
        """Items by name words, SKU or barcode prefix (Turkish-aware)."""
        return [
            StockItem(p.product_id, p.sku, p.name, p.sold_by_weight, p.names)
            for p in self._catalog.search(query, limit=limit)
        ]

    def item(self, product_id: str) -> StockItem:
        product = self._catalog.by_id(product_id)
        if product is None:
            raise UserError(
                "stock.unknown_product", f"Unknown product {product_id}", product=product_id
            )
        return StockItem(
            product.product_id, product.sku, product.name, product.sold_by_weight, product.names
        )

    def stores(self) -> list[StoreChoice]:
        """The other stores goods can go to (the backend's store list, as last pulled)."""
        with self._engine.connect() as conn:
            rows = conn.execute(
                text("SELECT code, name FROM store_info WHERE code != :own ORDER BY code"),
                {"own": self.store_code},
            ).all()
        return [StoreChoice(str(r.code), str(r.name or r.code)) for r in rows]

    def categories(self) -> list[CategoryInfo]:
        return self._catalog.categories()

    def on_hand_now(self, product_ids: Sequence[str]) -> dict[str, int]:
        """This till's figure now for each product: the backend's last report plus the local
        movements since."""
        return {s.product_id: s.on_hand_now_milli for s in self._lookup.for_products(product_ids)}

    # -- adjustments -------------------------------------------------------------------------

    def adjust(self, draft: LinesDraft, user_id: str | None) -> Posted:
        """Post an adjustment (``stock.adjusted``) with its reason; losses are negative."""
        if draft.reason not in ADJUST_REASONS:
            raise UserError(
                "stock.bad_reason", f"Unknown reason {draft.reason!r}", reason=draft.reason
            )
        _check_lines(draft.lines, "stock.nothing_to_adjust", signed=True)
        if draft.reason in LOSS_REASONS:
            for line in draft.lines:
                if line.qty_milli > 0:
                    raise UserError(
                        "stock.loss_not_negative",
                        f"{draft.reason} takes stock away: {line.item.sku} must be negative",
                        sku=line.item.sku,
                    )
        now = self._clock.now()
        items = [(line.item.product_id, line.qty_milli) for line in draft.lines]
        with write_transaction(self._engine) as conn:
            _check_products(conn, draft.lines)
            mutation_id = record_adjustment(
                conn,
                store_code=self.store_code,
                items=items,
                reason=draft.reason,
                user_id=user_id,
                now=now,
                business_date=local_date(now, self._timezone),
            )
            _clear_draft(conn, "adjust")
        self._committed()
        return Posted(
            "adjust",
            (mutation_id,),
            mutation_id,
            len(items),
            sum(qty for _pid, qty in items),
        )

    # -- receiving ----------------------------------------------------------------------------

    def receive(self, draft: LinesDraft, user_id: str | None) -> Posted:
        """Book a delivery in against its delivery-note number (``stock.received``)."""
        ref = _reference(draft.reference)
        _check_lines(draft.lines, "stock.nothing_received", signed=False)
        now = self._clock.now()
        delivery_id = new_id()
        rows = [
            _movement(self.store_code, line.item.product_id, line.qty_milli, "receive", ref, now)
            for line in draft.lines
        ]
        with write_transaction(self._engine) as conn:
            skus = _check_products(conn, draft.lines)
            if _received_before(conn, self.store_code, ref):
                raise UserError(
                    "stock.delivery_already_received",
                    f"Delivery note {ref} was already received at {self.store_code}",
                    reference=ref,
                )
            conn.execute(insert(table("stock_movement")), rows)
            received = StockReceived(
                delivery_id=delivery_id,
                delivery_ref=ref,
                store_code=self.store_code,
                user_id=user_id,
                lines=[
                    ReceivedLine(
                        id=row["id"],
                        product_id=row["product_id"],
                        sku=skus[row["product_id"]],
                        qty_milli=row["qty_milli"],
                    )
                    for row in rows
                ],
            )
            mutation_id, _seq = append_fact(
                conn,
                received,
                occurred_at=now,
                business_date=local_date(now, self._timezone),
            )
            _clear_draft(conn, "receive")
        self._committed()
        return Posted(
            "receive", (mutation_id,), ref, len(rows), sum(int(r["qty_milli"]) for r in rows)
        )

    # -- transfers ----------------------------------------------------------------------------

    def transfer(self, draft: LinesDraft, user_id: str | None) -> Posted:
        """Send goods to another store (``stock.transferred``): out here now, booked in at
        the destination when the fact reaches the backend."""
        destination = draft.destination.strip()
        if not destination:
            raise UserError("stock.no_destination", "Choose the store the goods go to")
        if destination == self.store_code:
            raise UserError(
                "stock.same_store",
                f"The goods are already at {destination}: choose another store",
                store=destination,
            )
        _check_lines(draft.lines, "stock.nothing_to_transfer", signed=False)
        now = self._clock.now()
        transfer_id = new_id()
        rows = [
            _movement(
                self.store_code,
                line.item.product_id,
                -line.qty_milli,
                "transfer_out",
                transfer_id,
                now,
            )
            for line in draft.lines
        ]
        with write_transaction(self._engine) as conn:
            known = conn.execute(
                text("SELECT name FROM store_info WHERE code = :code"), {"code": destination}
            ).first()
            if known is None:
                raise UserError(
                    "stock.unknown_store",
                    f"Store {destination!r} is not known here",
                    store=destination,
                )
            skus = _check_products(conn, draft.lines)
            conn.execute(insert(table("stock_movement")), rows)
            transferred = StockTransferred(
                transfer_id=transfer_id,
                store_code=self.store_code,
                to_store_code=destination,
                user_id=user_id,
                lines=[
                    TransferLine(
                        out_id=row["id"],
                        in_id=new_id(),
                        product_id=row["product_id"],
                        sku=skus[row["product_id"]],
                        qty_milli=-int(row["qty_milli"]),
                    )
                    for row in rows
                ],
            )
            mutation_id, _seq = append_fact(
                conn,
                transferred,
                occurred_at=now,
                business_date=local_date(now, self._timezone),
            )
            audit(
                conn,
                action="stock.transferred",
                at=now,
                user_id=user_id,
                detail=transferred.payload(),
            )
            _clear_draft(conn, "transfer")
        self._committed()
        return Posted(
            "transfer",
            (mutation_id,),
            transfer_id,
            len(rows),
            -sum(int(r["qty_milli"]) for r in rows),
        )

    # -- cycle counts -------------------------------------------------------------------------

    def review_count(self, entries: Sequence[CountEntry]) -> list[CountReview]:
        """Per product: the counted total over its shelves against what this till expected
        when it was counted, in the order the products were first counted."""
        _check_count(entries)
        with self._engine.connect() as conn:
            return self._reviews(conn, entries)

    def _reviews(self, conn: Connection, entries: Sequence[CountEntry]) -> list[CountReview]:
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
                expected_milli=_expected_at(conn, self.store_code, pid, at),
                counted_at=at,
                shelves=tuple(shelves),
            )
            for pid, (item, qty, at, shelves) in totals.items()
        ]

    def post_count(self, draft: CountDraft, user_id: str | None) -> Posted:
        """Post a count: a ``stock.counted`` fact per moment a product's count was taken
        (``counted_at``), and locally the difference to what was expected then."""
        now = self._clock.now()
        _check_count(draft.entries)
        if not draft.entries:
            raise UserError("stock.nothing_counted", "Nothing is counted yet")
        business_date = local_date(now, self._timezone)
        mutation_ids: list[str] = []
        with write_transaction(self._engine) as conn:
            skus = _check_products(conn, [TaskLine(e.item, e.qty_milli) for e in draft.entries])
            reviews = self._reviews(conn, draft.entries)
            by_time: dict[datetime, list[CountReview]] = {}
            for review in reviews:
                by_time.setdefault(review.counted_at, []).append(review)
            for counted_at in sorted(by_time):
                counted = StockCounted(
                    count_id=draft.count_id,
                    store_code=self.store_code,
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
                    conn,
                    counted,
                    occurred_at=counted_at,
                    business_date=local_date(counted_at, self._timezone),
                )
                mutation_ids.append(mutation_id)
            moved = [r for r in reviews if r.difference_milli]
            if moved:
                conn.execute(
                    insert(table("stock_movement")),
                    [
                        _movement(
                            self.store_code,
                            r.item.product_id,
                            r.difference_milli,
                            "count",
                            draft.count_id,
                            now,
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
                    "differences": {skus[r.item.product_id]: r.difference_milli for r in reviews},
                },
            )
            _clear_draft(conn, "count")
        self._committed()
        return Posted(
            "count",
            tuple(mutation_ids),
            draft.count_id,
            len(reviews),
            sum(r.difference_milli for r in reviews),
        )

    # -- exceptions ---------------------------------------------------------------------------

    def exceptions(self) -> list[StockException]:
        """This store's open negative-stock exceptions (the backend's, as last pulled),
        oldest first."""
        with self._engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT e.id, e.product_id, e.sku, e.on_hand_milli, e.raised_at, e.synced_at "
                    "FROM stock_exception e WHERE e.store_code = :store "
                    "ORDER BY e.raised_at, e.id"
                ),
                {"store": self.store_code},
            ).all()
        ids = [str(r.product_id) for r in rows]
        items = {pid: self._item_or_none(pid) for pid in ids}
        now_figures = self.on_hand_now([pid for pid in ids if items[pid] is not None])
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

    def _item_or_none(self, product_id: str) -> StockItem | None:
        try:
            return self.item(product_id)
        except UserError:
            return None

    def last_synced_at(self) -> datetime | None:
        """How fresh the stock data is: the later of the last successful sync round and the
        newest pulled stock figure (``None``: never synced)."""
        with self._engine.connect() as conn:
            row = conn.execute(
                text(
                    "SELECT (SELECT max(synced_at) FROM stock_level), "
                    "(SELECT last_success_at FROM sync_state WHERE id = 1)"
                )
            ).one()
        moments = [utc_from_db(value) for value in row if value is not None]
        return max(moments) if moments else None

    # -- drafts -------------------------------------------------------------------------------

    def save_draft(self, kind: str, data: dict[str, Any], user_id: str | None) -> None:
        """Keep a task in progress (``LinesDraft.to_dict`` / ``CountDraft.to_dict``)."""
        _check_task(kind)
        with write_transaction(self._engine) as conn:
            conn.execute(
                text(
                    "INSERT INTO stock_task_draft (kind, user_id, saved_at, data_json) "
                    "VALUES (:kind, :user, :at, :data) ON CONFLICT (kind) DO UPDATE SET "
                    "user_id = excluded.user_id, saved_at = excluded.saved_at, "
                    "data_json = excluded.data_json"
                ),
                {
                    "kind": kind,
                    "user": user_id,
                    "at": sqlite_stamp(self._clock.now()),
                    "data": canonical_json(data),
                },
            )

    def load_draft(self, kind: str) -> dict[str, Any] | None:
        _check_task(kind)
        with self._engine.connect() as conn:
            value = conn.execute(
                text("SELECT data_json FROM stock_task_draft WHERE kind = :kind"), {"kind": kind}
            ).scalar()
        if value is None:
            return None
        loaded: dict[str, Any] = json.loads(str(value))
        return loaded

    def discard_draft(self, kind: str) -> None:
        _check_task(kind)
        with write_transaction(self._engine) as conn:
            _clear_draft(conn, kind)

    def _committed(self) -> None:
        if self._after_commit is not None:
            self._after_commit()


# -- rules ---------------------------------------------------------------------------------------


def _check_task(kind: str) -> None:
    if kind not in TASKS:
        raise ValueError(f"unknown stock task {kind!r}; expected one of {TASKS}")


def _check_quantity(item: StockItem, qty_milli: int, *, signed: bool) -> None:
    if qty_milli == 0:
        raise UserError(
            "stock.zero_quantity", f"{item.sku}: a quantity cannot be zero", sku=item.sku
        )
    if qty_milli < 0 and not signed:
        raise UserError(
            "stock.negative_quantity", f"{item.sku}: the quantity must be above zero", sku=item.sku
        )
    if abs(qty_milli) > MAX_QTY_MILLI:
        raise UserError(
            "stock.quantity_too_large", f"{item.sku}: {qty_milli} is too large", sku=item.sku
        )
    if not item.sold_by_weight and qty_milli % 1000:
        raise UserError(
            "stock.fractional_pieces",
            f"{item.sku} is counted in pieces, not {qty_milli / 1000}",
            sku=item.sku,
        )


def _check_lines(lines: Sequence[TaskLine], empty_code: str, *, signed: bool) -> None:
    if not lines:
        raise UserError(empty_code, "Scan or choose the items first")
    for line in lines:
        _check_quantity(line.item, line.qty_milli, signed=signed)


def _check_count(entries: Iterable[CountEntry]) -> None:
    for e in entries:
        if e.qty_milli < 0:
            raise UserError(
                "stock.negative_count",
                f"{e.item.sku}: a count cannot be below zero",
                sku=e.item.sku,
            )
        if e.qty_milli:
            _check_quantity(e.item, e.qty_milli, signed=False)


def _check_products(conn: Connection, lines: Sequence[TaskLine]) -> dict[str, str]:
    """Product id -> SKU of the lines' products; ``stock.unknown_product`` names the first
    product this till does not know, and whole pieces are checked against the catalogue."""
    wanted = sorted({line.item.product_id for line in lines})
    rows = {
        str(r.id): r
        for r in conn.execute(
            text("SELECT id, sku, sold_by_weight FROM product WHERE id IN :ids").bindparams(
                bindparam("ids", expanding=True)
            ),
            {"ids": wanted},
        )
    }
    for line in lines:
        row = rows.get(line.item.product_id)
        if row is None:
            raise UserError(
                "stock.unknown_product",
                f"Unknown product {line.item.product_id}",
                product=line.item.product_id,
            )
        if not row.sold_by_weight and line.qty_milli % 1000:
            raise UserError(
                "stock.fractional_pieces",
                f"{row.sku} is counted in pieces",
                sku=str(row.sku),
            )
    return {pid: str(row.sku) for pid, row in rows.items()}


def _reference(value: str) -> str:
    ref = " ".join(value.split())
    if not ref:
        raise UserError("stock.delivery_ref_missing", "Enter the delivery note number first")
    if len(ref) > MAX_REFERENCE:
        raise UserError(
            "stock.bad_delivery_ref",
            f"A delivery note number has at most {MAX_REFERENCE} characters",
            reference=ref,
        )
    return ref


def _received_before(conn: Connection, store_code: str, ref: str) -> bool:
    found = conn.execute(
        text(
            "SELECT 1 FROM stock_movement WHERE reference = :ref AND reference != '' "
            "AND store_code = :store AND reason = 'receive' LIMIT 1"
        ),
        {"ref": ref, "store": store_code},
    ).first()
    return found is not None


def _movement(
    store_code: str, product_id: str, qty_milli: int, reason: str, reference: str, at: datetime
) -> dict[str, Any]:
    return {
        "id": new_id(),
        "store_code": store_code,
        "product_id": product_id,
        "qty_milli": qty_milli,
        "reason": reason,
        "sale_id": None,
        "occurred_at": at,
        "reference": reference,
    }


# What this till's figure for a product was at a moment: the backend's report plus the local
# movements after it (its "on hand now"), less the local movements after that moment.
_EXPECTED_AT = (
    "SELECT coalesce(h.on_hand_milli, 0) "
    "+ coalesce((SELECT sum(m.qty_milli) FROM stock_movement m WHERE m.product_id = :pid "
    "  AND m.store_code = :store AND m.occurred_at > coalesce(h.synced_at, '')), 0) "
    "- coalesce((SELECT sum(m.qty_milli) FROM stock_movement m WHERE m.product_id = :pid "
    "  AND m.store_code = :store AND m.occurred_at > :at), 0) "
    "FROM (SELECT 1) LEFT JOIN stock_level h ON h.product_id = :pid AND h.store_code = :store"
)


def _expected_at(conn: Connection, store_code: str, product_id: str, at: datetime) -> int:
    value = conn.execute(
        text(_EXPECTED_AT), {"pid": product_id, "store": store_code, "at": sqlite_stamp(at)}
    ).scalar()
    return int(value or 0)


def _clear_draft(conn: Connection, kind: str) -> None:
    conn.execute(text("DELETE FROM stock_task_draft WHERE kind = :kind"), {"kind": kind})
