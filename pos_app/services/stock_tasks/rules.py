"""The rules every stock task applies before anything is written: who may post, what a
quantity may be, that the products are known here, and the movement rows a task books."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from pos_app.domain.ids import new_id
from pos_app.domain.roles import Role
from pos_app.errors import UserError
from pos_app.services.stock_tasks.drafts import (
    MAX_QTY_MILLI,
    TASKS,
    CountEntry,
    StockItem,
    TaskLine,
)
from pos_app.services.users import StaffUser
from pos_app.storage.queries import stock as stock_queries


def require_manager(user: StaffUser) -> StaffUser:
    """Manager mode is for managers: anyone else is refused with a clear message."""
    if user.role is not Role.MANAGER:
        raise UserError(
            "manager.not_a_manager",
            f"{user.name} is a {user.role.value}: manager mode needs a manager",
            name=user.name,
        )
    return user


def check_task(kind: str) -> None:
    """Refuse (a programming error) a task kind that is not one of ``TASKS``."""
    if kind not in TASKS:
        raise ValueError(f"unknown stock task {kind!r}; expected one of {TASKS}")


def check_quantity(item: StockItem, qty_milli: int, *, signed: bool) -> None:
    """A quantity is not zero, within the limit, whole for pieces (negative if ``signed``)."""
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


def check_lines(lines: Sequence[TaskLine], empty_code: str, *, signed: bool) -> None:
    """A task has lines (``empty_code`` when not), each with an acceptable quantity."""
    if not lines:
        raise UserError(empty_code, "Scan or choose the items first")
    for line in lines:
        check_quantity(line.item, line.qty_milli, signed=signed)


def check_count(entries: Iterable[CountEntry]) -> None:
    """A count is never below zero; a counted quantity follows ``check_quantity``."""
    for e in entries:
        if e.qty_milli < 0:
            raise UserError(
                "stock.negative_count",
                f"{e.item.sku}: a count cannot be below zero",
                sku=e.item.sku,
            )
        if e.qty_milli:
            check_quantity(e.item, e.qty_milli, signed=False)


def check_products(conn: Connection, lines: Sequence[TaskLine]) -> dict[str, str]:
    """Product id -> SKU of the lines' products; ``stock.unknown_product`` names the first
    product this till does not know, and whole pieces are checked against the catalogue."""
    wanted = sorted({line.item.product_id for line in lines})
    rows = stock_queries.products_for_check(conn, product_ids=wanted)
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


def movement(
    store_code: str, product_id: str, qty_milli: int, reason: str, reference: str, at: datetime
) -> dict[str, Any]:
    """One ``stock_movement`` row of a task (not of a sale)."""
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
