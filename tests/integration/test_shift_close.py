"""Closing a shift: a count far off the expected cash needs a recount, then a supervisor's
approval (POS_SHIFT_CLOSE_VARIANCE_LIMIT); every close gets the till's next Z number, also
for databases whose shifts were closed before Z numbers existed."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import select

from pos_app.config import load_settings
from pos_app.domain.roles import Approval, Role
from pos_app.errors import UserError
from pos_app.services.bundle import Services
from pos_app.services.sale_document import SaleContext
from pos_app.services.shifts import VARIANCE_ACTION, ShiftService
from pos_app.services.terminal import initialise_terminal
from pos_app.storage import database
from pos_app.storage.tables import table
from tests.conftest import Staff
from tests.fakes import FakeClock


def shift_row(services: Services, shift_id: str) -> dict[str, Any]:
    t = table("shift")
    with services.engine.connect() as conn:
        return dict(conn.execute(select(t).where(t.c.id == shift_id)).one()._mapping)


def closed_facts(services: Services) -> list[dict[str, Any]]:
    outbox = table("outbox")
    with services.engine.connect() as conn:
        rows = conn.execute(
            select(outbox.c.payload_json)
            .where(outbox.c.kind == "shift.closed")
            .order_by(outbox.c.seq)
        ).scalars()
        return [json.loads(row) for row in rows]


def code_of(call: Any) -> str:
    with pytest.raises(UserError) as raised:
        call()
    return raised.value.code


def test_the_limit_is_a_setting_in_lira(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings(data_dir=tmp_path).shift_close_variance_limit_minor == 10000
    monkeypatch.setenv("POS_SHIFT_CLOSE_VARIANCE_LIMIT", "250.50")
    assert load_settings(data_dir=tmp_path).shift_close_variance_limit_minor == 25050
    monkeypatch.setenv("POS_SHIFT_CLOSE_VARIANCE_LIMIT", "-1")
    with pytest.raises(UserError, match="POS_SHIFT_CLOSE_VARIANCE_LIMIT"):
        load_settings(data_dir=tmp_path)


def test_a_count_far_off_is_recounted_then_approved(
    services: Services, ctx: SaleContext, staff: Staff
) -> None:
    cashier = staff.cashier.user_id
    # 100.01 short: one kuruş above the default limit of 100 TL
    assert code_of(lambda: services.shifts.close(ctx.shift_id, 39999, cashier)) == "shift.recount"
    row = shift_row(services, ctx.shift_id)
    assert (row["closed_at"], row["first_count_minor"]) == (None, 39999)
    assert services.shifts.current() is not None
    assert closed_facts(services) == []
    # the recount is as far off: a supervisor's approval for exactly this, nothing less
    assert code_of(lambda: services.shifts.close(ctx.shift_id, 0, cashier)) == "approval.required"
    no_sale = services.users.approve("Mehmet", "583916", "drawer.no_sale", Role.SUPERVISOR)
    forged = Approval(VARIANCE_ACTION, cashier, "Ayşe", Role.CASHIER, datetime.now(UTC))
    for wrong in (no_sale, forged):
        with pytest.raises(UserError) as refused:
            services.shifts.close(ctx.shift_id, 0, cashier, approval=wrong)
        assert refused.value.code == "approval.required"
    assert (
        code_of(lambda: services.users.approve("Ayşe", "4826", VARIANCE_ACTION, Role.SUPERVISOR))
        == "approval.insufficient_role"
    )
    assert shift_row(services, ctx.shift_id)["closed_at"] is None

    approval = services.users.approve("Zeynep", "739164", VARIANCE_ACTION, Role.SUPERVISOR)
    closed = services.shifts.close(ctx.shift_id, 0, cashier, approval=approval)
    assert (closed.over_short_minor, closed.z_no, closed.approved_by) == (-50000, 1, "Zeynep")
    row = shift_row(services, ctx.shift_id)
    assert (row["counted_cash_minor"], row["first_count_minor"]) == (0, 39999)
    assert (row["z_no"], row["variance_approved_by"]) == (1, staff.manager.user_id)
    (fact,) = closed_facts(services)
    assert fact["z_no"] == 1
    assert fact["approval"]["approver_id"] == staff.manager.user_id
    assert fact["approval"]["action"] == VARIANCE_ACTION


def test_within_the_limit_closes_at_once_and_the_z_numbers_run_on(
    services: Services, ctx: SaleContext, staff: Staff
) -> None:
    cashier = staff.cashier.user_id
    first = services.shifts.close(ctx.shift_id, 40000, cashier)  # exactly 100.00 short
    assert (first.z_no, first.approved_by) == (1, None)
    assert shift_row(services, ctx.shift_id)["first_count_minor"] is None
    for z_no in (2, 3):
        shift = services.shifts.open(cashier, 1000)
        assert services.shifts.close(shift.shift_id, 1000 + 10000, cashier).z_no == z_no
    assert [fact["z_no"] for fact in closed_facts(services)] == [1, 2, 3]
    assert "approval" not in closed_facts(services)[0]


def test_without_a_limit_any_count_closes(services: Services, staff: Staff) -> None:
    """A ShiftService built without a limit (tools, tests) checks nothing."""
    shifts = ShiftService(services.engine, services.clock, services.terminal, "Europe/Istanbul")
    shift = shifts.open(staff.cashier.user_id, 50000)
    assert shifts.close(shift.shift_id, 0, staff.cashier.user_id).z_no == 1


def test_shifts_closed_before_the_migration_get_numbers_in_closing_order(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "pos.db"
    engine = database.open_database(path)
    command.downgrade(database._alembic_config(engine), "0009")
    t0 = datetime(2026, 11, 20, 6, tzinfo=UTC)
    with sqlite3.connect(path) as conn:
        conn.execute(
            "INSERT INTO user (id, name, role, pin_hash, active, failed_attempts, created_at) "
            "VALUES ('u1', 'Ayşe', 'cashier', 'x', 1, 0, ?)",
            (t0.isoformat(),),
        )
        # inserted out of order: the numbers follow closed_at, the open shift has none
        for shift_id, closed_hours in (("b", 30), ("a", 6), ("open", None), ("c", 54)):
            closed = None if closed_hours is None else t0 + timedelta(hours=closed_hours)
            conn.execute(
                "INSERT INTO shift (id, user_id, business_date, opened_at, opening_float_minor,"
                " closed_at) VALUES (?, 'u1', '2026-11-20', ?, 0, ?)",
                (shift_id, t0.isoformat(), closed.isoformat() if closed else None),
            )
    engine.dispose()
    engine = database.open_database(path)  # migrates to head
    try:
        t = table("shift")
        with engine.connect() as conn:
            numbers = dict(conn.execute(select(t.c.id, t.c.z_no)).all())
        assert numbers == {"a": 1, "b": 2, "c": 3, "open": None}
        terminal = initialise_terminal(engine, "S01", "T01")
        shifts = ShiftService(engine, clock, terminal, "Europe/Istanbul")
        assert shifts.close("open", 0, "u1").z_no == 4  # the numbers continue
    finally:
        engine.dispose()
