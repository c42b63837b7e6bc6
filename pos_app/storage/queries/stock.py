"""Stock movements (the signed ledger per store), stock figures pulled from the backend,
stock exceptions and the manager's stock-task drafts."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, text

from pos_app.storage.tables import sqlite_stamp, table


def insert_movements(conn: Connection, *, rows: Sequence[dict[str, Any]]) -> None:
    """Append ``stock_movement`` rows (signed thousandths per product and store)."""
    conn.execute(insert(table("stock_movement")), list(rows))


def on_hand_milli(conn: Connection, *, store_code: str, product_id: str) -> int:
    """The sum of this store's movements of one product, in thousandths."""
    m = table("stock_movement")
    milli: int = conn.execute(
        select(func.coalesce(func.sum(m.c.qty_milli), 0)).where(
            m.c.product_id == product_id, m.c.store_code == store_code
        )
    ).scalar_one()
    return int(milli)


def skus_of(conn: Connection, *, product_ids: Sequence[str]) -> dict[str, str]:
    """Product id -> SKU of the known products among ``product_ids``."""
    p = table("product")
    return {
        str(pid): str(sku)
        for pid, sku in conn.execute(select(p.c.id, p.c.sku).where(p.c.id.in_(product_ids)))
    }


def products_for_check(conn: Connection, *, product_ids: Sequence[str]) -> dict[str, Any]:
    """Product id -> (id, sku, sold_by_weight) of the known products among ``product_ids``."""
    return {
        str(r.id): r
        for r in conn.execute(
            text("SELECT id, sku, sold_by_weight FROM product WHERE id IN :ids").bindparams(
                bindparam("ids", expanding=True)
            ),
            {"ids": list(product_ids)},
        )
    }


def other_stores(conn: Connection, *, own_store_code: str) -> list[Any]:
    """(code, name) of every store but this one, by code (the backend's list, as pulled)."""
    return list(
        conn.execute(
            text("SELECT code, name FROM store_info WHERE code != :own ORDER BY code"),
            {"own": own_store_code},
        ).all()
    )


def store_known(conn: Connection, *, store_code: str) -> bool:
    """Whether the backend's store list (as pulled) names ``store_code``."""
    known = conn.execute(
        text("SELECT name FROM store_info WHERE code = :code"), {"code": store_code}
    ).first()
    return known is not None


def delivery_received_before(conn: Connection, *, store_code: str, reference: str) -> bool:
    """Whether a delivery note ``reference`` was already received at ``store_code``."""
    found = conn.execute(
        text(
            "SELECT 1 FROM stock_movement WHERE reference = :ref AND reference != '' "
            "AND store_code = :store AND reason = 'receive' LIMIT 1"
        ),
        {"ref": reference, "store": store_code},
    ).first()
    return found is not None


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


def expected_at(conn: Connection, *, store_code: str, product_id: str, at: datetime) -> int:
    """This till's figure for a product at the moment ``at``, in thousandths."""
    value = conn.execute(
        text(_EXPECTED_AT), {"pid": product_id, "store": store_code, "at": sqlite_stamp(at)}
    ).scalar()
    return int(value or 0)


def open_exceptions(conn: Connection, *, store_code: str) -> list[Any]:
    """This store's negative-stock exceptions (as pulled), oldest first."""
    return list(
        conn.execute(
            text(
                "SELECT e.id, e.product_id, e.sku, e.on_hand_milli, e.raised_at, e.synced_at "
                "FROM stock_exception e WHERE e.store_code = :store "
                "ORDER BY e.raised_at, e.id"
            ),
            {"store": store_code},
        ).all()
    )


def last_stock_sync_moments(conn: Connection) -> tuple[Any, Any]:
    """(newest pulled stock figure's ``synced_at``, last successful sync round), raw."""
    row = conn.execute(
        text(
            "SELECT (SELECT max(synced_at) FROM stock_level), "
            "(SELECT last_success_at FROM sync_state WHERE id = 1)"
        )
    ).one()
    return row[0], row[1]


def save_task_draft(
    conn: Connection, *, kind: str, user_id: str | None, saved_at: datetime, data_json: str
) -> None:
    """Keep the stock task ``kind`` in progress (one draft per kind, replaced)."""
    conn.execute(
        text(
            "INSERT INTO stock_task_draft (kind, user_id, saved_at, data_json) "
            "VALUES (:kind, :user, :at, :data) ON CONFLICT (kind) DO UPDATE SET "
            "user_id = excluded.user_id, saved_at = excluded.saved_at, "
            "data_json = excluded.data_json"
        ),
        {"kind": kind, "user": user_id, "at": sqlite_stamp(saved_at), "data": data_json},
    )


def task_draft_json(conn: Connection, *, kind: str) -> str | None:
    """The saved draft of the stock task ``kind`` as JSON text, or ``None``."""
    value = conn.execute(
        text("SELECT data_json FROM stock_task_draft WHERE kind = :kind"), {"kind": kind}
    ).scalar()
    return None if value is None else str(value)


def clear_task_draft(conn: Connection, *, kind: str) -> None:
    """Forget the draft of the stock task ``kind``."""
    conn.execute(text("DELETE FROM stock_task_draft WHERE kind = :kind"), {"kind": kind})
