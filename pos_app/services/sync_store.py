"""The terminal database as the sync client's ``LocalReplica`` (docs/sync-protocol.md "Push",
"Pull").

- Push: the outbox is read in seq order and acked in one transaction per backend answer;
  an un-acked entry is never deleted.
- Pull: a page of changes and its cursor are written in one transaction, so the cursor is
  never ahead of the data.
- Snapshot: pages stream into TEMP staging tables on one dedicated connection (writing them
  takes no lock on the live database, so the till keeps selling on the old catalog), then one
  ``BEGIN IMMEDIATE`` transaction swaps them into the live tables.

Hot paths use driver-level ``executemany`` with tuples and set-based SQL, not the ORM.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import to_json
from sqlalchemy import Connection, Engine, func, select, text, update

from pos_app.domain.ids import new_id
from pos_app.domain.text import clean, fold
from pos_app.services import stream_repair, web_order_replica
from pos_app.services.clock import Clock, SystemClock
from pos_app.services.pickup import pickup_search_text
from pos_app.services.sync_status import RejectedFact
from pos_app.storage.credentials import credentials_for
from pos_app.storage.data_dir import database_dir
from pos_app.storage.database import write_transaction
from pos_app.storage.tables import sqlite_stamp, table
from sync.client.errors import ProtocolError
from sync.client.replica import Batch, ReplicaState
from sync.protocol import (
    MAX_BATCH_BYTES,
    Change,
    CustomerData,
    HelloResponse,
    OutgoingMutation,
    PickupOrderData,
    ProductData,
    PushResponse,
    StockData,
    StockExceptionData,
    WebOrderData,
)

log = logging.getLogger(__name__)

_CHUNK = 500  # parameters per IN (...) list
_MUTATION_OVERHEAD = 400  # the envelope of a mutation around its payload, in bytes


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _marks(count: int) -> str:
    return ",".join("?" * count)


# -- enrolment state ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SyncSettings:
    """The ``sync_state`` row with the token and signing key from the credentials file
    (storage.credentials; both kept out of ``repr``)."""

    server_url: str
    terminal_id: str
    terminal_code: str
    store_id: str
    store_code: str
    store_name: str
    store_address: str
    store_tax_number: str
    timezone: str
    receipt_prefix: str
    ereceipt_base_url: str
    server_epoch: str
    cursor: str | None
    clock_offset_ms: int
    clock_warning_ms: int
    last_hello_at: datetime | None
    last_success_at: datetime | None
    last_error: str
    bootstrapped: bool
    token: str = ""
    receipt_key: str = ""
    identity_conflict: str = ""

    def __repr__(self) -> str:
        return f"SyncSettings({self.store_code}-{self.terminal_code} at {self.server_url})"


def load_sync_settings(engine: Engine, *, secrets: bool = True) -> SyncSettings | None:
    """This terminal's enrolment, or None when it was never enrolled. Without a usable
    credentials file the token and key are empty (logged): the till sells, the sync says
    it has no token. ``secrets=False`` leaves them empty without reading the file (status
    displays)."""
    s = table("sync_state")
    with engine.connect() as conn:
        row = conn.execute(select(s).where(s.c.id == 1)).first()
    if row is None:
        return None
    values = row._asdict()
    values.pop("id")
    values.pop("enrolled_at")
    values["bootstrapped"] = bool(values["bootstrapped"])
    credentials = (
        credentials_for(database_dir(engine), str(values["terminal_id"])) if secrets else None
    )
    if credentials is not None:
        values["token"] = credentials.token
        values["receipt_key"] = credentials.receipt_key
    return SyncSettings(**values)


def outbox_counts(engine: Engine) -> tuple[int, int]:
    """(pending, rejected) outbox entries, in one query."""
    with engine.connect() as conn:
        row = conn.execute(
            text(
                "SELECT coalesce(sum(acked_at IS NULL), 0), "
                "coalesce(sum(outcome = 'rejected'), 0) FROM outbox"
            )
        ).one()
    return int(row[0]), int(row[1])


def rejected_facts(engine: Engine) -> list[RejectedFact]:
    """Facts the backend rejected, oldest first, with its code and reason."""
    o = table("outbox")
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                o.c.seq,
                o.c.mutation_id,
                o.c.kind,
                o.c.occurred_at,
                o.c.code,
                o.c.reason,
                o.c.payload_json,
            )
            .where(o.c.outcome == "rejected")
            .order_by(o.c.occurred_at, o.c.seq)
        ).all()
    facts = []
    for r in rows:
        receipt = ""
        if str(r.kind).startswith("order.") or r.kind == "web_order.returned":
            try:
                receipt = str(json.loads(r.payload_json).get("receipt_no") or "")
            except ValueError:
                receipt = ""
        facts.append(
            RejectedFact(
                seq=int(r.seq),
                mutation_id=str(r.mutation_id),
                kind=str(r.kind),
                occurred_at=r.occurred_at,
                code=str(r.code or ""),
                reason=str(r.reason or ""),
                receipt_no=receipt,
            )
        )
    return facts


# -- reference data: wire item -> table rows --------------------------------------------------


def _parse(model: type[BaseModel], collection: str, key: str, data: Any) -> Any:
    if not isinstance(data, dict):
        raise ProtocolError(f"garbled {collection} {key!r} from the backend: not an object")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ProtocolError(
            f"garbled {collection} {key!r} from the backend: {where}: {first['msg']}"
        ) from None


def _json(value: dict[str, str]) -> str:
    return to_json(value).decode() if value else "{}"


def _product_row(p: ProductData) -> tuple[Any, ...]:
    return (
        p.id,
        p.sku,
        p.name,
        _json(p.names),
        fold(" ".join([p.name, p.sku, *p.names.values()])),
        p.category,
        _json(p.category_names),
        p.price_minor,
        p.vat_rate,
        int(p.sold_by_weight),
        p.plu or None,
        int(p.active),
        p.model or None,
        _json(p.variant),
    )


def _tax_row(key: str, data: Any) -> tuple[int, str]:
    if not isinstance(data, dict):
        raise ProtocolError(f"garbled tax_rate {key!r} from the backend: not an object")
    try:
        return int(data["rate_percent"]), str(data.get("name") or f"KDV %{data['rate_percent']}")
    except (KeyError, TypeError, ValueError):
        raise ProtocolError(f"garbled tax_rate {key!r} from the backend: {data!r}") from None


def _store_row(key: str, data: Any) -> tuple[str, str, str, str, str, str]:
    if not isinstance(data, dict) or not data.get("code") or not data.get("id"):
        raise ProtocolError(f"garbled store {key!r} from the backend: {data!r}")
    # Printed on receipts: NFC and no control characters, as the wire models (sync.protocol).
    return (
        str(data["code"]),
        str(data["id"]),
        clean(str(data.get("name") or "")),
        clean(str(data.get("address") or ""), multiline=True),
        clean(str(data.get("tax_number") or "")),
        str(data.get("timezone") or "Europe/Istanbul"),
    )


def _stock_rows(s: StockData) -> tuple[list[tuple[Any, ...]], tuple[str, int]]:
    rows = []
    for store_code, levels in s.stores.items():
        try:
            rows.append(
                (
                    s.product_id,
                    store_code,
                    int(levels["on_hand_milli"]),
                    int(levels.get("reserved_milli", 0)),
                    int(levels["available_milli"]),
                )
            )
        except (KeyError, TypeError, ValueError):
            raise ProtocolError(
                f"garbled stock {s.product_id!r} from the backend: store {store_code}: {levels!r}"
            ) from None
    return rows, (s.product_id, s.online_available_milli)


def _customer_row(c: CustomerData) -> tuple[Any, ...]:
    return (c.id, c.name, c.phone, c.email, c.loyalty_points, c.merged_into)


def _pickup_row(p: PickupOrderData) -> tuple[Any, ...]:
    return (
        p.id,
        p.number,
        p.store_code,
        p.state,
        p.customer_name,
        p.phone,
        p.pickup_code,
        p.qr_payload,
        int(p.paid),
        p.total_minor,
        p.currency,
        json.dumps([line.model_dump() for line in p.lines], ensure_ascii=False),
        sqlite_stamp(p.created_at),
        sqlite_stamp(p.pickup_by) if p.pickup_by else None,
        p.version,
        pickup_search_text(p.number, p.customer_name, p.phone, p.pickup_code),
    )


def _stock_exception_row(e: StockExceptionData) -> tuple[Any, ...]:
    return (
        e.id,
        e.store_code,
        e.product_id,
        e.sku,
        e.kind,
        e.on_hand_milli,
        sqlite_stamp(e.raised_at),
    )


_PRODUCT_LIST = TypeAdapter(list[ProductData])


def _products_at_once(items: list[dict[str, Any]]) -> list[ProductData] | None:
    """A page of products validated in one pass; None when one is bad (the caller then
    validates item by item to name it)."""
    try:
        return _PRODUCT_LIST.validate_python([item["data"] for item in items])
    except ValidationError:
        return None


@dataclass
class _Rows:
    """One page of reference data as table rows."""

    products: list[tuple[Any, ...]]
    barcodes: list[tuple[str, str]]
    taxes: list[tuple[int, str]]
    stores: list[tuple[str, str, str, str, str, str]]
    stock: list[tuple[Any, ...]]
    stock_products: list[str]
    online: list[tuple[str, int]]
    customers: list[tuple[Any, ...]]
    pickups: list[tuple[Any, ...]]
    stock_exceptions: list[tuple[Any, ...]] = field(default_factory=list)
    web_orders: list[tuple[Any, ...]] = field(default_factory=list)

    @classmethod
    def empty(cls) -> _Rows:
        return cls([], [], [], [], [], [], [], [], [])


def _collect(rows: _Rows, collection: str, key: str, data: Any) -> bool:
    """Add one upserted item to ``rows``; False for a collection this terminal ignores."""
    if collection == "product":
        p: ProductData = _parse(ProductData, collection, key, data)
        rows.products.append(_product_row(p))
        rows.barcodes.extend((code, p.id) for code in p.barcodes)
    elif collection == "tax_rate":
        rows.taxes.append(_tax_row(key, data))
    elif collection == "store":
        rows.stores.append(_store_row(key, data))
    elif collection == "stock":
        s: StockData = _parse(StockData, collection, key, data)
        levels, online = _stock_rows(s)
        rows.stock.extend(levels)
        rows.stock_products.append(s.product_id)
        rows.online.append(online)
    elif collection == "customer":
        rows.customers.append(_customer_row(_parse(CustomerData, collection, key, data)))
    elif collection == "pickup_order":
        rows.pickups.append(_pickup_row(_parse(PickupOrderData, collection, key, data)))
    elif collection == "web_order":
        rows.web_orders.append(web_order_replica.row(_parse(WebOrderData, collection, key, data)))
    elif collection == "stock_exception":
        rows.stock_exceptions.append(
            _stock_exception_row(_parse(StockExceptionData, collection, key, data))
        )
    else:
        return False
    return True


_PRODUCT_COLS = (
    "id, sku, name, names_json, search_text, category, category_names_json, price_minor, "
    "vat_rate, sold_by_weight, plu, active, model, variant_json"
)

_STAGING = {
    "snap_product": "id TEXT PRIMARY KEY, sku TEXT NOT NULL, name TEXT NOT NULL, "
    "names_json TEXT NOT NULL, search_text TEXT NOT NULL, category TEXT, "
    "category_names_json TEXT NOT NULL, price_minor INTEGER NOT NULL, vat_rate INTEGER NOT NULL, "
    "sold_by_weight INTEGER NOT NULL, plu TEXT, active INTEGER NOT NULL, model TEXT, "
    "variant_json TEXT NOT NULL",
    "snap_barcode": "code TEXT PRIMARY KEY, product_id TEXT NOT NULL",
    "snap_tax_rate": "rate_percent INTEGER PRIMARY KEY, name TEXT NOT NULL",
    "snap_store": "code TEXT PRIMARY KEY, id TEXT, name TEXT, address TEXT, tax_number TEXT, "
    "timezone TEXT",
    "snap_stock": "product_id TEXT, store_code TEXT, on_hand_milli INTEGER, "
    "reserved_milli INTEGER, available_milli INTEGER, PRIMARY KEY (product_id, store_code)",
    "snap_online": "product_id TEXT PRIMARY KEY, available_milli INTEGER",
    "snap_customer": "id TEXT PRIMARY KEY, name TEXT, phone TEXT, email TEXT, "
    "loyalty_points INTEGER, merged_into TEXT",
    "snap_pickup": "id TEXT PRIMARY KEY, number TEXT, store_code TEXT, state TEXT, "
    "customer_name TEXT, phone TEXT, pickup_code TEXT, qr_payload TEXT, paid INTEGER, "
    "total_minor INTEGER, currency TEXT, lines_json TEXT, created_at TEXT, pickup_by TEXT, "
    "version INTEGER, search_text TEXT NOT NULL",
    "snap_web_order": web_order_replica.STAGING,
    "snap_stock_exception": "id TEXT PRIMARY KEY, store_code TEXT, product_id TEXT, sku TEXT, "
    "kind TEXT, on_hand_milli INTEGER, raised_at TEXT",
}


class SyncStore:
    """``LocalReplica`` on the terminal's SQLite database."""

    def __init__(self, engine: Engine, clock: Clock | None = None) -> None:
        self._engine = engine
        self._clock = clock or SystemClock()
        self._snap: Connection | None = None

    def now(self) -> datetime:
        return self._clock.now()

    def state(self) -> ReplicaState:
        with self._engine.connect() as conn:
            row = conn.execute(
                text(
                    "SELECT t.terminal_epoch, s.cursor, s.server_epoch, s.bootstrapped, "
                    "s.clock_offset_ms FROM terminal_state t, sync_state s "
                    "WHERE t.id = 1 AND s.id = 1"
                )
            ).first()
        if row is None:
            raise ProtocolError("this terminal is not enrolled (no sync state)")
        return ReplicaState(
            terminal_epoch=str(row[0]),
            cursor=row[1],
            server_epoch=str(row[2] or ""),
            bootstrapped=bool(row[3]),
            clock_offset_ms=int(row[4]),
        )

    # -- push --------------------------------------------------------------------------------

    def pending_batch(
        self, limit: int, from_seq: int | None = None, terminal_epoch: str | None = None
    ) -> Batch | None:
        o = table("outbox")
        with self._engine.connect() as conn:
            offset = int(
                conn.execute(text("SELECT clock_offset_ms FROM sync_state WHERE id = 1")).scalar()
                or 0
            )
            if from_seq is None:
                epoch = conn.execute(
                    select(o.c.terminal_epoch)
                    .where(o.c.acked_at.is_(None))
                    .order_by(o.c.terminal_epoch, o.c.seq)
                    .limit(1)
                ).scalar()
                if epoch is None:
                    return None
                where = [o.c.terminal_epoch == epoch, o.c.acked_at.is_(None)]
            else:
                epoch = terminal_epoch or self.state().terminal_epoch
                where = [o.c.terminal_epoch == epoch, o.c.seq >= from_seq]
            rows = conn.execute(
                select(
                    o.c.seq,
                    o.c.mutation_id,
                    o.c.kind,
                    o.c.kind_version,
                    o.c.occurred_at,
                    o.c.business_date,
                    o.c.payload_json,
                    o.c.payload_hash,
                )
                .where(*where)
                .order_by(o.c.seq)
                .limit(limit)
            ).all()
        mutations: list[OutgoingMutation] = []
        size = 0
        for r in rows:
            if mutations and r.seq != mutations[-1].seq + 1:
                break  # the backend takes consecutive seqs only
            size += len(r.payload_json) + _MUTATION_OVERHEAD
            if mutations and size > MAX_BATCH_BYTES:
                break  # the client cuts exactly; this only saves encoding what it would drop
            mutations.append(
                OutgoingMutation(
                    seq=int(r.seq),
                    mutation_id=str(r.mutation_id),
                    kind=str(r.kind),
                    kind_version=int(r.kind_version),
                    occurred_at=r.occurred_at,
                    business_date=r.business_date,
                    clock_offset_ms=offset,
                    payload_json=str(r.payload_json),
                    payload_hash=str(r.payload_hash),
                )
            )
        return Batch(str(epoch), mutations) if mutations else None

    def first_pending_seq(self, terminal_epoch: str) -> int | None:
        o = table("outbox")
        with self._engine.connect() as conn:
            value = conn.execute(
                select(func.min(o.c.seq)).where(
                    o.c.terminal_epoch == terminal_epoch, o.c.acked_at.is_(None)
                )
            ).scalar()
        return None if value is None else int(value)

    def has_entries(self, terminal_epoch: str, first: int, last: int) -> bool:
        o = table("outbox")
        with self._engine.connect() as conn:
            count = conn.execute(
                select(func.count()).where(
                    o.c.terminal_epoch == terminal_epoch, o.c.seq >= first, o.c.seq <= last
                )
            ).scalar_one()
        return int(count) == last - first + 1

    def record_push(self, terminal_epoch: str, response: PushResponse) -> dict[str, int]:
        now = sqlite_stamp(self.now())
        last = response.last_processed_seq
        recorded: dict[str, int] = {}
        with write_transaction(self._engine) as conn:
            # Only what was sent and answered: an entry the backend says nothing about stays
            # un-acked, whatever its seq (it may never have been sent).
            for r in response.results:
                if r.seq > last:
                    continue
                done = conn.exec_driver_sql(
                    "UPDATE outbox SET acked_at = ?, outcome = ?, code = ?, reason = ? "
                    "WHERE terminal_epoch = ? AND seq = ? AND mutation_id = ? "
                    "AND acked_at IS NULL",
                    (
                        now,
                        r.status,
                        r.code or None,
                        r.reason or None,
                        terminal_epoch,
                        r.seq,
                        r.mutation_id,
                    ),
                ).rowcount
                if done:
                    recorded[r.status] = recorded.get(r.status, 0) + 1
        return recorded

    def ack_duplicates(self, terminal_epoch: str, first: int, last: int) -> int:
        with write_transaction(self._engine) as conn:
            result = conn.exec_driver_sql(
                "UPDATE outbox SET acked_at = ?, outcome = 'duplicate' "
                "WHERE terminal_epoch = ? AND seq >= ? AND seq <= ? AND acked_at IS NULL",
                (sqlite_stamp(self.now()), terminal_epoch, first, last),
            )
        return int(result.rowcount)

    # -- repairing the stream (pos_app.services.stream_repair) -------------------------------

    def mutation_id_at(self, terminal_epoch: str, seq: int) -> str | None:
        return stream_repair.mutation_id_at(self._engine, terminal_epoch, seq)

    def highest_seq(self, terminal_epoch: str) -> int:
        return stream_repair.highest_seq(self._engine, terminal_epoch)

    def highest_acked_seq(self, terminal_epoch: str) -> int:
        return stream_repair.highest_acked_seq(self._engine, terminal_epoch)

    def start_new_epoch(self, reason: str) -> str:
        return stream_repair.start_new_epoch(self._engine, reason)[0]

    def fast_forward_receipts(self, highest_known: int) -> None:
        stream_repair.fast_forward_receipts(self._engine, highest_known)

    def record_identity_conflict(self, message: str) -> None:
        stream_repair.record_identity_conflict(self._engine, message)

    def pending_count(self) -> int:
        return outbox_counts(self._engine)[0]

    # -- hello and round outcome -------------------------------------------------------------

    def record_hello(self, hello: HelloResponse, clock_offset_ms: int) -> None:
        s = table("sync_state")
        with write_transaction(self._engine) as conn:
            conn.execute(
                update(s)
                .where(s.c.id == 1)
                .values(
                    clock_offset_ms=clock_offset_ms,
                    clock_warning_ms=hello.clock_warning_after_s * 1000,
                    last_hello_at=self.now(),
                    identity_conflict="",  # the backend accepts this device again
                )
            )

    def record_round(self, *, error: str) -> None:
        s = table("sync_state")
        values: dict[str, Any] = {"last_error": error[:1000]}
        if not error:
            values["last_success_at"] = self.now()
        with write_transaction(self._engine) as conn:
            conn.execute(update(s).where(s.c.id == 1).values(**values))

    # -- pull --------------------------------------------------------------------------------

    def apply_changes(self, changes: list[Change], cursor: str) -> None:
        latest: dict[tuple[str, str], Change] = {}
        for change in changes:  # a later change of a key supersedes an earlier one
            latest.pop((change.collection, change.key), None)
            latest[(change.collection, change.key)] = change
        rows = _Rows.empty()
        deletes: dict[str, list[str]] = {}
        for (collection, key), change in latest.items():
            if change.op == "delete":
                deletes.setdefault(collection, []).append(key)
                continue
            if change.data is None:
                raise ProtocolError(f"garbled {collection} {key!r} from the backend: no data")
            if not _collect(rows, collection, key, change.data):
                log.info("ignoring pulled changes of unknown collection %s", collection)
        now = sqlite_stamp(self.now())
        with write_transaction(self._engine) as conn:
            self._apply_rows(conn, rows, now)
            self._apply_deletes(conn, deletes, now)
            conn.exec_driver_sql("UPDATE sync_state SET cursor = ? WHERE id = 1", (cursor,))

    def _apply_rows(self, conn: Connection, rows: _Rows, now: str) -> None:
        if rows.taxes:
            conn.exec_driver_sql(
                "INSERT INTO tax_rate (rate_percent, name) VALUES (?, ?) "
                "ON CONFLICT (rate_percent) DO UPDATE SET name = excluded.name",
                rows.taxes,
            )
        if rows.products:
            self._apply_products(conn, rows.products, rows.barcodes, now)
        if rows.stores:
            conn.exec_driver_sql(
                "INSERT OR REPLACE INTO store_info "
                "(code, id, name, address, tax_number, timezone, synced_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(*r, now) for r in rows.stores],
            )
            self._update_own_store(conn, rows.stores)
        if rows.stock_products:
            for chunk in _chunks(rows.stock_products):
                conn.exec_driver_sql(
                    f"DELETE FROM stock_level WHERE product_id IN ({_marks(len(chunk))})",
                    tuple(chunk),
                )
            if rows.stock:
                conn.exec_driver_sql(
                    "INSERT OR REPLACE INTO stock_level (product_id, store_code, on_hand_milli, "
                    "reserved_milli, available_milli, synced_at) VALUES (?, ?, ?, ?, ?, ?)",
                    [(*r, now) for r in rows.stock],
                )
            conn.exec_driver_sql(
                "INSERT OR REPLACE INTO online_stock (product_id, available_milli, synced_at) "
                "VALUES (?, ?, ?)",
                [(*r, now) for r in rows.online],
            )
        if rows.customers:
            conn.exec_driver_sql(
                "INSERT OR REPLACE INTO customer (id, name, phone, email, loyalty_points, "
                "merged_into, synced_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(*r, now) for r in rows.customers],
            )
        if rows.pickups:
            conn.exec_driver_sql(
                "INSERT OR REPLACE INTO pickup_order (id, number, store_code, state, "
                "customer_name, phone, pickup_code, qr_payload, paid, total_minor, currency, "
                "lines_json, created_at, pickup_by, version, search_text, synced_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(*r, now) for r in rows.pickups],
            )
        if rows.web_orders:
            conn.exec_driver_sql(web_order_replica.UPSERT_SQL, [(*r, now) for r in rows.web_orders])
        if rows.stock_exceptions:
            conn.exec_driver_sql(
                "INSERT OR REPLACE INTO stock_exception (id, store_code, product_id, sku, kind, "
                "on_hand_milli, raised_at, synced_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(*r, now) for r in rows.stock_exceptions],
            )

    @staticmethod
    def _update_own_store(conn: Connection, stores: Iterable[tuple[str, ...]]) -> None:
        """The backend's details of this terminal's store are what its receipts print."""
        for code, _id, name, address, tax_number, timezone in stores:
            conn.exec_driver_sql(
                "UPDATE sync_state SET store_name = ?, store_address = ?, store_tax_number = ?, "
                "timezone = ? WHERE id = 1 AND store_code = ?",
                (name, address, tax_number, timezone, code),
            )

    def _apply_deletes(self, conn: Connection, deletes: dict[str, list[str]], now: str) -> None:
        statements = {
            "product": ["UPDATE product SET active = 0, updated_at = ? WHERE id IN ({})"],
            "store": ["DELETE FROM store_info WHERE code IN ({})"],
            "stock": [
                "DELETE FROM stock_level WHERE product_id IN ({})",
                "DELETE FROM online_stock WHERE product_id IN ({})",
            ],
            "customer": ["DELETE FROM customer WHERE id IN ({})"],
            "pickup_order": ["DELETE FROM pickup_order WHERE id IN ({})"],
            "web_order": ["DELETE FROM web_order WHERE id IN ({})"],
            "stock_exception": ["DELETE FROM stock_exception WHERE id IN ({})"],
        }
        for collection, keys in deletes.items():
            if collection == "tax_rate":
                log.info("ignoring the deletion of VAT rates %s (products refer to them)", keys)
            for statement in statements.get(collection, []):
                for chunk in _chunks(keys):
                    params: tuple[Any, ...] = tuple(chunk)
                    if "updated_at" in statement:
                        params = (now, *params)
                    conn.exec_driver_sql(statement.format(_marks(len(chunk))), params)

    def _apply_products(
        self,
        conn: Connection,
        products: list[tuple[Any, ...]],
        barcodes: list[tuple[str, str]],
        now: str,
    ) -> None:
        """Upsert products by id into the live tables (used for pull pages)."""
        ids = [p[0] for p in products]
        rates = {(p[8],) for p in products}
        conn.exec_driver_sql(
            "INSERT OR IGNORE INTO tax_rate (rate_percent, name) VALUES (?, 'KDV %' || ?)",
            [(r[0], r[0]) for r in rates],
        )
        categories = self._ensure_categories(
            conn, {p[5]: p[6] for p in products if p[5] is not None}
        )
        by_sku = {p[1]: p[0] for p in products}
        pairs: list[tuple[str, str]] = []
        for chunk in _chunks(list(by_sku)):
            pairs.extend(
                (str(local), by_sku[str(sku)])
                for local, sku in conn.exec_driver_sql(
                    f"SELECT id, sku FROM product WHERE sku IN ({_marks(len(chunk))})",
                    tuple(chunk),
                )
                if by_sku[str(sku)] != local
            )
        _adopt_backend_ids(conn, pairs)
        plus = [p[10] for p in products if p[10]]
        codes = [b[0] for b in barcodes]
        for chunk in _chunks(ids):
            marks = _marks(len(chunk))
            conn.exec_driver_sql(
                f"UPDATE product SET plu = NULL WHERE id IN ({marks})", tuple(chunk)
            )
            conn.exec_driver_sql(f"DELETE FROM barcode WHERE product_id IN ({marks})", tuple(chunk))
        for chunk in _chunks(plus):
            conn.exec_driver_sql(
                f"UPDATE product SET plu = NULL WHERE plu IN ({_marks(len(chunk))})", tuple(chunk)
            )
        for chunk in _chunks(codes):
            conn.exec_driver_sql(
                f"DELETE FROM barcode WHERE code IN ({_marks(len(chunk))})", tuple(chunk)
            )
        conn.exec_driver_sql(
            "INSERT INTO product (id, sku, name, names_json, search_text, category_id, "
            "price_minor, vat_rate, sold_by_weight, plu, active, model, variant_json, "
            "updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) " + _PRODUCT_UPSERT_TAIL,
            [
                (
                    p[0],
                    p[1],
                    p[2],
                    p[3],
                    p[4],
                    categories.get(p[5]) if p[5] else None,
                    p[7],
                    p[8],
                    p[9],
                    p[10],
                    p[11],
                    p[12],
                    p[13],
                    now,
                )
                for p in products
            ],
        )
        unique = dict(barcodes)  # a code listed twice: the later product keeps it
        if unique:
            conn.exec_driver_sql(
                "INSERT INTO barcode (code, product_id) VALUES (?, ?)", list(unique.items())
            )

    @staticmethod
    def _ensure_categories(conn: Connection, wanted: dict[str, str]) -> dict[str, str]:
        """Category name -> id, creating missing categories; translations updated."""
        known = {
            str(name): str(cid)
            for cid, name in conn.exec_driver_sql("SELECT id, name FROM category")
        }
        for name, names_json in wanted.items():
            if name in known:
                conn.exec_driver_sql(
                    "UPDATE category SET names_json = ? WHERE id = ?", (names_json, known[name])
                )
            else:
                known[name] = new_id()
                conn.exec_driver_sql(
                    "INSERT INTO category (id, name, names_json) VALUES (?, ?, ?)",
                    (known[name], name, names_json),
                )
        return known

    def reset_reference(self) -> None:
        with write_transaction(self._engine) as conn:
            conn.exec_driver_sql(
                "UPDATE sync_state SET cursor = NULL, bootstrapped = 0 WHERE id = 1"
            )

    # -- snapshot ----------------------------------------------------------------------------

    def begin_snapshot(self) -> None:
        self.abort_snapshot()
        conn = self._engine.connect()
        try:
            with conn.begin():
                for name, columns in _STAGING.items():
                    conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{name}")
                    conn.exec_driver_sql(f"CREATE TEMP TABLE {name} ({columns})")
        except BaseException:
            conn.close()
            raise
        self._snap = conn

    def stage_snapshot(self, collection: str, items: list[dict[str, Any]]) -> None:
        conn = self._snap
        if conn is None:
            raise RuntimeError("stage_snapshot() before begin_snapshot()")
        rows = _Rows.empty()
        for item in items:
            if not isinstance(item, dict) or "data" not in item:
                raise ProtocolError(f"garbled {collection} snapshot item: {str(item)[:200]}")
        products = _products_at_once(items) if collection == "product" else None
        if products is not None:
            for p in products:
                rows.products.append(_product_row(p))
                rows.barcodes.extend((code, p.id) for code in p.barcodes)
        else:
            for item in items:
                if not _collect(rows, collection, str(item.get("key", "")), item["data"]):
                    log.info("ignoring snapshot of unknown collection %s", collection)
                    return
        # Staging lives in the TEMP database: no lock on the live one is taken here.
        with conn.begin():
            inserts: list[tuple[str, Sequence[tuple[Any, ...]]]] = [
                (
                    f"INSERT OR REPLACE INTO snap_product ({_PRODUCT_COLS}) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows.products,
                ),
                (
                    "INSERT OR REPLACE INTO snap_barcode (code, product_id) VALUES (?, ?)",
                    rows.barcodes,
                ),
                ("INSERT OR REPLACE INTO snap_tax_rate VALUES (?, ?)", rows.taxes),
                ("INSERT OR REPLACE INTO snap_store VALUES (?, ?, ?, ?, ?, ?)", rows.stores),
                ("INSERT OR REPLACE INTO snap_stock VALUES (?, ?, ?, ?, ?)", rows.stock),
                ("INSERT OR REPLACE INTO snap_online VALUES (?, ?)", rows.online),
                ("INSERT OR REPLACE INTO snap_customer VALUES (?, ?, ?, ?, ?, ?)", rows.customers),
                (
                    "INSERT OR REPLACE INTO snap_pickup VALUES "
                    "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows.pickups,
                ),
                (
                    "INSERT OR REPLACE INTO snap_stock_exception VALUES (?, ?, ?, ?, ?, ?, ?)",
                    rows.stock_exceptions,
                ),
                (web_order_replica.STAGE_SQL, rows.web_orders),
            ]
            for statement, values in inserts:
                if values:
                    conn.exec_driver_sql(statement, list(values))

    def finish_snapshot(self, cursor: str, server_epoch: str) -> None:
        conn = self._snap
        if conn is None:
            raise RuntimeError("finish_snapshot() before begin_snapshot()")
        now = sqlite_stamp(self.now())
        # The swap is a writer: BEGIN IMMEDIATE (see storage.database.write_transaction).
        conn.execution_options(pos_write=True)
        try:
            with conn.begin():
                self._swap(conn, now)
                conn.exec_driver_sql(
                    "UPDATE sync_state SET cursor = ?, server_epoch = ?, bootstrapped = 1 "
                    "WHERE id = 1",
                    (cursor, server_epoch),
                )
        finally:
            conn.execution_options(pos_write=False)
        self.abort_snapshot()

    def _swap(self, conn: Connection, now: str) -> None:
        ex = conn.exec_driver_sql
        ex(
            "INSERT INTO tax_rate (rate_percent, name) SELECT rate_percent, name "
            "FROM snap_tax_rate WHERE true "
            "ON CONFLICT (rate_percent) DO UPDATE SET name = excluded.name"
        )
        ex(
            "INSERT OR IGNORE INTO tax_rate (rate_percent, name) "
            "SELECT DISTINCT vat_rate, 'KDV %' || vat_rate FROM snap_product"
        )
        wanted = {
            str(name): str(names)
            for name, names in ex(
                "SELECT category, max(category_names_json) FROM snap_product "
                "WHERE category IS NOT NULL GROUP BY category"
            )
        }
        self._ensure_categories(conn, wanted)
        pairs = [
            (str(r[0]), str(r[1]))
            for r in ex(
                "SELECT p.id, s.id FROM product p JOIN snap_product s ON s.sku = p.sku "
                "WHERE p.id != s.id"
            )
        ]
        _adopt_backend_ids(conn, pairs)
        ex("DELETE FROM barcode")
        ex("UPDATE product SET plu = NULL WHERE plu IS NOT NULL")
        # Products the backend does not have stay for old receipts, but are not sold.
        ex(
            "UPDATE product SET active = 0, updated_at = ? "
            "WHERE active AND id NOT IN (SELECT id FROM snap_product)",
            (now,),
        )
        ex(
            "INSERT INTO product (id, sku, name, names_json, search_text, category_id, "
            "price_minor, vat_rate, sold_by_weight, plu, active, model, variant_json, "
            "updated_at) "
            "SELECT s.id, s.sku, s.name, s.names_json, s.search_text, c.id, s.price_minor, "
            "s.vat_rate, s.sold_by_weight, s.plu, s.active, s.model, s.variant_json, ? "
            "FROM snap_product s LEFT JOIN category c ON c.name = s.category WHERE true "
            + _PRODUCT_UPSERT_TAIL,
            (now,),
        )
        ex("INSERT INTO barcode (code, product_id) SELECT code, product_id FROM snap_barcode")
        ex("DELETE FROM store_info")
        ex(
            "INSERT INTO store_info (code, id, name, address, tax_number, timezone, synced_at) "
            "SELECT code, id, name, address, tax_number, timezone, ? FROM snap_store",
            (now,),
        )
        stores = list(ex("SELECT code, id, name, address, tax_number, timezone FROM snap_store"))
        self._update_own_store(conn, [tuple(str(v) for v in r) for r in stores])
        ex("DELETE FROM stock_level")
        ex(
            "INSERT INTO stock_level (product_id, store_code, on_hand_milli, reserved_milli, "
            "available_milli, synced_at) SELECT product_id, store_code, on_hand_milli, "
            "reserved_milli, available_milli, ? FROM snap_stock",
            (now,),
        )
        ex("DELETE FROM online_stock")
        ex(
            "INSERT INTO online_stock (product_id, available_milli, synced_at) "
            "SELECT product_id, available_milli, ? FROM snap_online",
            (now,),
        )
        ex("DELETE FROM customer")
        ex(
            "INSERT INTO customer (id, name, phone, email, loyalty_points, merged_into, "
            "synced_at) SELECT id, name, phone, email, loyalty_points, merged_into, ? "
            "FROM snap_customer",
            (now,),
        )
        ex("DELETE FROM pickup_order")
        ex(
            "INSERT INTO pickup_order (id, number, store_code, state, customer_name, phone, "
            "pickup_code, qr_payload, paid, total_minor, currency, lines_json, created_at, "
            "pickup_by, version, search_text, synced_at) SELECT id, number, store_code, state, "
            "customer_name, phone, pickup_code, qr_payload, paid, total_minor, currency, "
            "lines_json, created_at, pickup_by, version, search_text, ? FROM snap_pickup",
            (now,),
        )
        ex("DELETE FROM web_order")
        ex(web_order_replica.SWAP_SQL, (now,))
        ex("DELETE FROM stock_exception")
        ex(
            "INSERT INTO stock_exception (id, store_code, product_id, sku, kind, on_hand_milli, "
            "raised_at, synced_at) SELECT id, store_code, product_id, sku, kind, on_hand_milli, "
            "raised_at, ? FROM snap_stock_exception",
            (now,),
        )

    def abort_snapshot(self) -> None:
        conn, self._snap = self._snap, None
        if conn is None:
            return
        try:
            if conn.in_transaction():
                conn.rollback()
            with conn.begin():
                for name in _STAGING:
                    conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{name}")
        except Exception:  # the connection is closed below either way
            log.exception("dropping the snapshot staging tables failed")
            conn.invalidate()
        finally:
            conn.close()


_PRODUCT_UPSERT_TAIL = (
    "ON CONFLICT (id) DO UPDATE SET sku = excluded.sku, name = excluded.name, "
    "names_json = excluded.names_json, search_text = excluded.search_text, "
    "category_id = excluded.category_id, price_minor = excluded.price_minor, "
    "vat_rate = excluded.vat_rate, sold_by_weight = excluded.sold_by_weight, "
    "plu = excluded.plu, active = excluded.active, model = excluded.model, "
    "variant_json = excluded.variant_json, updated_at = excluded.updated_at"
)


def _adopt_backend_ids(conn: Connection, pairs: list[tuple[str, str]]) -> None:
    """A local product with the backend's SKU but another id takes the backend's id.

    Its barcodes are dropped (the caller writes the backend's) and its stock movements follow
    it, so on hand stays right. If the backend's id is already taken locally by another
    product, that one is renamed out of the way and deactivated.
    """
    for local_id, backend_id in pairs:
        taken = conn.exec_driver_sql("SELECT sku FROM product WHERE id = ?", (backend_id,)).first()
        if taken is not None:
            conn.exec_driver_sql("DELETE FROM barcode WHERE product_id = ?", (backend_id,))
            conn.exec_driver_sql(
                "UPDATE product SET sku = sku || '~' || id, plu = NULL, active = 0 WHERE id = ?",
                (backend_id,),
            )
            conn.exec_driver_sql("UPDATE product SET id = id || '~old' WHERE id = ?", (backend_id,))
        conn.exec_driver_sql("DELETE FROM barcode WHERE product_id = ?", (local_id,))
        conn.exec_driver_sql("UPDATE product SET id = ? WHERE id = ?", (backend_id, local_id))
        conn.exec_driver_sql(
            "UPDATE stock_movement SET product_id = ? WHERE product_id = ?", (backend_id, local_id)
        )
        log.info("local product %s now has the backend's id %s", local_id, backend_id)
