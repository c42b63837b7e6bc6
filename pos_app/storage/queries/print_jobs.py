"""The print queue's jobs (``print_job``) as the print worker reads and moves them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from pos_app.storage.tables import table


def oldest_job(conn: Connection, *, statuses: Sequence[str]) -> tuple[str, Any, str] | None:
    """(id, data, document_json) of the oldest job in one of ``statuses``, or None."""
    job = table("print_job")
    row = conn.execute(
        select(job.c.id, job.c.data, job.c.document_json)
        .where(job.c.status.in_(statuses))
        .order_by(job.c.created_at, job.c.id)
        .limit(1)
    ).first()
    return None if row is None else (str(row[0]), row[1], str(row[2]))


def store_data(conn: Connection, *, job_id: str, data: bytes) -> None:
    """Keep the printer bytes rendered for a job (a retry sends the same bytes)."""
    job = table("print_job")
    conn.execute(update(job).where(job.c.id == job_id).values(data=data))


def move_job(
    conn: Connection,
    *,
    job_id: str,
    allowed: Sequence[str],
    status: str,
    error: str,
    now: datetime,
    attempt: bool,
    printed: bool,
) -> bool:
    """Move a job in one of ``allowed`` statuses to ``status`` (counting an attempt, stamping
    it printed); False when it was in none of them."""
    job = table("print_job")
    values: dict[str, Any] = {"status": status, "last_error": error, "updated_at": now}
    if attempt:
        values["attempts"] = job.c.attempts + 1
    if printed:
        values["printed_at"] = now
    changed = conn.execute(
        update(job).where(job.c.id == job_id, job.c.status.in_(allowed)).values(**values)
    ).rowcount
    return bool(changed)


def mark_sending_uncertain(conn: Connection, *, reason: str, now: datetime) -> int:
    """Jobs left ``sending`` become ``uncertain`` with ``reason``; how many."""
    job = table("print_job")
    result = conn.execute(
        update(job)
        .where(job.c.status == "sending")
        .values(status="uncertain", last_error=reason, updated_at=now)
    )
    return int(result.rowcount or 0)
