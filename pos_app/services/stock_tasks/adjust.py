"""Adjustments: stock taken away (damage, theft, waste) or corrected, with a reason, as one
``stock.adjusted`` fact (``services.stock.record_adjustment``)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Connection

from pos_app.errors import UserError
from pos_app.services.stock import record_adjustment
from pos_app.services.stock_tasks.drafts import ADJUST_REASONS, LOSS_REASONS, LinesDraft, Posted
from pos_app.services.stock_tasks.rules import check_lines, check_products
from pos_app.storage.queries import stock as stock_queries


def check_adjustment(draft: LinesDraft) -> None:
    """A known reason, lines with quantities, and losses negative; before any transaction."""
    if draft.reason not in ADJUST_REASONS:
        raise UserError("stock.bad_reason", f"Unknown reason {draft.reason!r}", reason=draft.reason)
    check_lines(draft.lines, "stock.nothing_to_adjust", signed=True)
    if draft.reason in LOSS_REASONS:
        for line in draft.lines:
            if line.qty_milli > 0:
                raise UserError(
                    "stock.loss_not_negative",
                    f"{draft.reason} takes stock away: {line.item.sku} must be negative",
                    sku=line.item.sku,
                )


def post_adjustment(
    conn: Connection,
    draft: LinesDraft,
    *,
    store_code: str,
    user_id: str | None,
    now: datetime,
    business_date: date,
) -> Posted:
    """In the caller's transaction: the movements, the ``stock.adjusted`` fact, the draft
    cleared (``check_adjustment`` first)."""
    items = [(line.item.product_id, line.qty_milli) for line in draft.lines]
    check_products(conn, draft.lines)
    mutation_id = record_adjustment(
        conn,
        store_code=store_code,
        items=items,
        reason=draft.reason,
        user_id=user_id,
        now=now,
        business_date=business_date,
    )
    stock_queries.clear_task_draft(conn, kind="adjust")
    return Posted(
        "adjust",
        (mutation_id,),
        mutation_id,
        len(items),
        sum(qty for _pid, qty in items),
    )
