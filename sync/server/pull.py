"""Pull and snapshot: the change log read by cursor, and keyset pages of whole collections.

The cursor is opaque to terminals: urlsafe base64 of ``{"e": server_epoch, "s": {scope: seq}}``.
A cursor from another epoch (the backend was recreated or restored) or older than the retained
change log is answered 410, and the terminal re-snapshots (docs/sync-protocol.md "Pull and
snapshot").
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import orjson
from sqlalchemy import Connection, Row, delete, func, select, update

from sync.protocol import (
    SNAPSHOT_COLLECTIONS,
    Change,
    PickupLine,
    PickupOrderData,
    PullResponse,
    SnapshotPage,
)
from sync.server import customer_snapshot, legal_texts, loyalty, returns, value_cards
from sync.server.catalog import product_data
from sync.server.changes import scope_heads
from sync.server.context import utc_now
from sync.server.db import insert_ignore
from sync.server.errors import ServerError
from sync.server.schema import (
    change,
    product,
    server_meta,
    stock_exception,
    stock_level,
    store,
    tax_rate,
    web_order,
)
from sync.server.stock import exception_record
from sync.server.terminals import server_epoch, store_data

PRUNED_PREFIX = "pruned:"


def _expired(detail: str) -> ServerError:
    return ServerError(410, "cursor_expired", detail)


# -- cursor ------------------------------------------------------------------------------------


def encode_cursor(epoch: str, positions: Mapping[str, int]) -> str:
    """The opaque cursor for ``positions`` (scope -> last seq seen) under ``epoch``."""
    body = json.dumps({"e": epoch, "s": dict(positions)}, separators=(",", ":"), sort_keys=True)
    return base64.urlsafe_b64encode(body.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, dict[str, int]]:
    """(epoch, positions) of a cursor; ``ServerError(400, "bad_cursor")`` when unparseable."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        body = json.loads(raw)
    except (binascii.Error, ValueError):
        raise ServerError(400, "bad_cursor", "the cursor is not one this server made") from None
    if not isinstance(body, dict) or not isinstance(body.get("e"), str):
        raise ServerError(400, "bad_cursor", "the cursor has no server epoch")
    positions = body.get("s")
    if not isinstance(positions, dict) or not all(
        isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v >= 0
        for k, v in positions.items()
    ):
        raise ServerError(400, "bad_cursor", "the cursor's scope positions are malformed")
    return body["e"], dict(positions)


# -- pull --------------------------------------------------------------------------------------


def pruned_below(conn: Connection, scopes: list[str]) -> dict[str, int]:
    """Per scope, the highest seq removed by ``prune_changes`` (0 when never pruned)."""
    keys = {PRUNED_PREFIX + scope: scope for scope in scopes}
    rows = conn.execute(
        select(server_meta.c.key, server_meta.c.value).where(server_meta.c.key.in_(list(keys)))
    ).all()
    marks = {scope: 0 for scope in scopes}
    marks.update({keys[str(r[0])]: int(r[1]) for r in rows})
    return marks


def pull_changes(
    conn: Connection, *, scopes: list[str], cursor: str | None, limit: int
) -> PullResponse:
    """Up to ``limit`` changes after ``cursor``, scope by scope in the fixed order."""
    epoch = server_epoch(conn)
    if cursor:
        cursor_epoch, positions = decode_cursor(cursor)
        if cursor_epoch != epoch:
            raise _expired("the cursor is from another server epoch; re-snapshot")
    else:
        positions = {}
    start = {scope: positions.get(scope, 0) for scope in scopes}
    heads = scope_heads(conn, scopes)
    for scope in scopes:
        if start[scope] > heads[scope]:
            # Ahead of the log: the backend went back in time (restored) under the same epoch.
            raise _expired(f"the cursor is ahead of scope {scope}; re-snapshot")
    new = dict(start)
    out: list[Change] = []
    has_more = False
    for scope in scopes:
        remaining = limit - len(out)
        after_seq = change.c.seq > start[scope]
        if remaining <= 0:
            more = conn.execute(
                select(change.c.seq).where(change.c.scope == scope, after_seq).limit(1)
            ).first()
            has_more = has_more or more is not None
            continue
        rows = conn.execute(
            select(change)
            .where(change.c.scope == scope, after_seq)
            .order_by(change.c.seq)
            .limit(remaining + 1)
        ).all()
        if len(rows) > remaining:
            has_more = True
            rows = rows[:remaining]
        for r in rows:
            out.append(
                Change(
                    scope=r.scope,
                    seq=int(r.seq),
                    collection=r.collection,
                    key=r.key,
                    op=r.op,
                    data=None if r.data_json is None else json.loads(r.data_json),
                )
            )
        if rows:
            new[scope] = int(rows[-1].seq)
    # Checked after reading: a prune committing meanwhile is seen here (read committed), so a
    # cursor is never advanced over rows it did not get.
    marks = pruned_below(conn, scopes)
    for scope in scopes:
        if start[scope] < marks[scope]:
            raise _expired(f"the cursor is older than the retained changes of {scope}")
    return PullResponse(changes=out, cursor=encode_cursor(epoch, new), has_more=has_more)


def prune_changes(conn: Connection, older_than: datetime) -> int:
    """Delete change rows recorded before ``older_than``; returns how many.

    Per scope, everything up to the newest seq recorded before the cutoff goes, and that seq
    is kept in ``server_meta`` as ``pruned:<scope>``: a cursor below it has missed changes and
    is answered 410 (re-snapshot). The scope heads live in ``change_counter``, so a pruned
    scope still numbers on.
    """
    cutoffs = conn.execute(
        select(change.c.scope, func.max(change.c.seq))
        .where(change.c.recorded_at < older_than)
        .group_by(change.c.scope)
    ).all()
    removed = 0
    for row in cutoffs:
        scope, top = str(row[0]), int(row[1])
        key = PRUNED_PREFIX + scope
        if not insert_ignore(conn, server_meta, {"key": key, "value": str(top)}):
            current = int(
                conn.execute(
                    select(server_meta.c.value).where(server_meta.c.key == key)
                ).scalar_one()
            )
            if top > current:
                conn.execute(
                    update(server_meta).where(server_meta.c.key == key).values(value=str(top))
                )
        result = conn.execute(delete(change).where(change.c.scope == scope, change.c.seq <= top))
        removed += int(result.rowcount)
    return removed


# -- snapshot ------------------------------------------------------------------------------------


def _page(conn: Connection, stmt: Any, key_column: Any, after: Any, limit: int) -> list[Row[Any]]:
    if after is not None:
        stmt = stmt.where(key_column > after)
    return list(conn.execute(stmt.order_by(key_column).limit(limit)).all())


def _products(conn: Connection, after: str | None, limit: int) -> list[dict[str, Any]]:
    rows = _page(conn, select(product), product.c.id, after, limit)
    return [{"key": r.id, "data": product_data(r)} for r in rows]


def _tax_rates(conn: Connection, after: str | None, limit: int) -> list[dict[str, Any]]:
    start = None
    if after is not None:
        try:
            start = int(after)
        except ValueError:
            raise ServerError(400, "bad_after", f"after={after!r} is not a VAT rate") from None
    rows = _page(conn, select(tax_rate), tax_rate.c.rate_percent, start, limit)
    return [
        {"key": str(r.rate_percent), "data": {"rate_percent": int(r.rate_percent), "name": r.name}}
        for r in rows
    ]


def _stores(conn: Connection, after: str | None, limit: int) -> list[dict[str, Any]]:
    # Keyed by code, as create_store records its changes.
    rows = _page(conn, select(store), store.c.code, after, limit)
    return [{"key": r.code, "data": store_data(r)} for r in rows]


def _stock(conn: Connection, after: str | None, limit: int) -> list[dict[str, Any]]:
    """Like ``stock.stock_data`` for each product of the page, in two queries."""
    ids_stmt = select(stock_level.c.product_id).distinct()
    if after is not None:
        ids_stmt = ids_stmt.where(stock_level.c.product_id > after)
    ids: list[str] = list(
        conn.execute(ids_stmt.order_by(stock_level.c.product_id).limit(limit)).scalars()
    )
    if not ids:
        return []
    rows = conn.execute(
        select(
            stock_level.c.product_id,
            product.c.sku,
            store.c.code,
            stock_level.c.on_hand_milli,
            stock_level.c.reserved_milli,
            stock_level.c.available_milli,
            stock_level.c.updated_at,
        )
        .join(store, store.c.id == stock_level.c.store_id)
        .join(product, product.c.id == stock_level.c.product_id)
        .where(stock_level.c.product_id.in_(ids))
        .order_by(stock_level.c.product_id, store.c.code)
    ).all()
    items: dict[str, dict[str, Any]] = {}
    latest: dict[str, datetime] = {}
    for r in rows:
        pid = str(r.product_id)
        data = items.setdefault(
            pid,
            {
                "product_id": pid,
                "sku": str(r.sku),
                "stores": {},
                "online_available_milli": 0,
                "updated_at": None,
            },
        )
        data["stores"][str(r.code)] = {
            "on_hand_milli": int(r.on_hand_milli),
            "reserved_milli": int(r.reserved_milli),
            "available_milli": int(r.available_milli),
        }
        data["online_available_milli"] += int(r.available_milli)
        if pid not in latest or r.updated_at > latest[pid]:
            latest[pid] = r.updated_at
    for pid, when in latest.items():
        items[pid]["updated_at"] = when.isoformat()
    return [{"key": pid, "data": items[pid]} for pid in ids if pid in items]


def pickup_order_data(row: Any, store_code: str) -> dict[str, Any]:
    """A ``web_order`` row as a terminal receives it (``PickupOrderData``)."""
    fields = PickupLine.model_fields
    lines = [
        PickupLine(**{k: v for k, v in line.items() if k in fields})
        for line in json.loads(row.lines_json)
    ]
    return PickupOrderData(
        id=row.id,
        number=row.number,
        store_code=store_code,
        state=row.state,
        customer_name=row.customer_name,
        phone=row.phone,
        pickup_code=row.pickup_code,
        qr_payload=f"POSPICKUP:{row.number}:{row.pickup_code}",
        paid=bool(row.paid),
        total_minor=int(row.total_minor),
        currency=row.currency,
        lines=lines,
        created_at=row.created_at,
        pickup_by=row.pickup_by,
        version=int(row.version),
    ).model_dump(mode="json")


def _pickup_orders(
    conn: Connection, after: str | None, limit: int, store_id: str, store_code: str
) -> list[dict[str, Any]]:
    stmt = select(web_order).where(
        web_order.c.store_id == store_id, web_order.c.fulfilment == "pickup"
    )
    rows = _page(conn, stmt, web_order.c.id, after, limit)
    return [{"key": r.id, "data": pickup_order_data(r, store_code)} for r in rows]


def _stock_exceptions(
    conn: Connection, after: str | None, limit: int, store_id: str, store_code: str
) -> list[dict[str, Any]]:
    """This store's open negative-stock exceptions (``StockExceptionData``)."""
    stmt = (
        select(stock_exception, product.c.sku)
        .join(product, product.c.id == stock_exception.c.product_id)
        .where(stock_exception.c.store_id == store_id, stock_exception.c.resolved_at.is_(None))
    )
    rows = _page(conn, stmt, stock_exception.c.id, after, limit)
    return [
        {
            "key": r.id,
            "data": exception_record(
                r.id, store_code, r.product_id, r.sku, int(r.on_hand_milli), r.raised_at
            ),
        }
        for r in rows
    ]


def snapshot_page_json(
    conn: Connection,
    *,
    collection: str,
    after: str | None,
    limit: int,
    scopes: list[str],
    store_id: str,
    store_code: str,
) -> bytes:
    """One keyset page of ``collection`` after key ``after``, as its JSON body
    (``SnapshotPage``).

    The cursor holds the scope heads read *before* the page: a change committing while the
    page is read is then pulled again (an idempotent upsert), never missed. The route sends
    these bytes as they are: validating a page of 5,000 items as the response model and
    encoding it cost the backend as much as reading it. orjson writes the same JSON
    document; anything it does not take as is (a datetime, an integer beyond 64 bits, a lone
    surrogate, a non-string key) goes through ``SnapshotPage`` as before.
    """
    if collection not in SNAPSHOT_COLLECTIONS:
        raise ServerError(404, "unknown_collection", f"no snapshot of {collection!r}")
    epoch = server_epoch(conn)
    heads = scope_heads(conn, scopes)
    # One row more than asked tells whether another page follows.
    if collection == "product":
        items = _products(conn, after, limit + 1)
    elif collection == "tax_rate":
        items = _tax_rates(conn, after, limit + 1)
    elif collection == "store":
        items = _stores(conn, after, limit + 1)
    elif collection == "stock":
        items = _stock(conn, after, limit + 1)
    elif collection == "customer":
        items = customer_snapshot.snapshot_items(conn, after, limit + 1)
    elif collection == "stock_exception":
        items = _stock_exceptions(conn, after, limit + 1, store_id, store_code)
    elif collection == "web_order":
        items = returns.snapshot_items(conn, after, limit + 1)
    elif collection == "value_card":
        items = value_cards.snapshot_items(conn, after, limit + 1, utc_now())
    elif collection == "loyalty_rules":
        items = loyalty.snapshot_items(conn, after)
    elif collection == "pickup_order":
        items = _pickup_orders(conn, after, limit + 1, store_id, store_code)
    elif collection == "legal_text":
        items = legal_texts.snapshot_items(conn, after, limit + 1)
    else:
        # A collection this backend does not serve: empty, never another collection's rows.
        items = []
    more = len(items) > limit
    items = items[:limit]
    body = {
        "collection": collection,
        "items": items,
        "after": str(items[-1]["key"]) if more else None,
        "cursor": encode_cursor(epoch, heads),
    }
    try:
        return orjson.dumps(body, option=orjson.OPT_PASSTHROUGH_DATETIME)
    except TypeError:  # orjson.JSONEncodeError
        return SnapshotPage.model_validate(body).model_dump_json().encode()
