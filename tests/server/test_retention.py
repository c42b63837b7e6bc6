"""The change log is pruned after its retention; a till behind it re-snapshots (410)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from sync.server.app import prune_expired_changes
from tests.server.conftest import Backend


def test_changes_older_than_the_retention_are_pruned_and_old_cursors_expire(
    backend: Backend,
) -> None:
    backend.store()
    terminal = backend.enrol()
    backend.products([{"sku": "A1", "name": "Çay", "price_minor": 1250, "vat_rate": 10}])
    first = backend.client.get("/sync/v1/pull", headers=terminal.headers)
    assert first.status_code == 200 and first.json()["changes"]
    assert prune_expired_changes(backend.ctx) == 0  # nothing is 30 days old yet

    later = backend.ctx.clock() + timedelta(days=31)
    backend.ctx.clock = lambda: later
    assert prune_expired_changes(backend.ctx) > 0
    expired = backend.client.get("/sync/v1/pull", headers=terminal.headers)
    assert expired.status_code == 410
    # A till that had pulled everything before the prune goes on from its cursor.
    cursor = first.json()["cursor"]
    current = backend.client.get(
        "/sync/v1/pull", params={"cursor": cursor}, headers=terminal.headers
    )
    assert current.status_code == 200, current.text


# -- customer retention (issue 18: customer_retention_days, sync.server.erasure) -------------


def _customers_with_a_past(backend: Backend) -> dict[str, str]:
    """Three customers made a year and a half ago; one shops recently, one gives a consent
    recently, one does nothing since."""
    from sync.server.changes import ChangeBuffer
    from sync.server.consents import record_consent
    from sync.server.db import write_tx
    from tests.server.test_consents import Stream, upsert
    from tests.server.test_sync_push import catalog, order_payload

    start = backend.ctx.clock() - timedelta(days=540)
    backend.ctx.clock = lambda: start
    backend.store()
    catalog(backend, ["A"])
    t = backend.enrol()
    s = Stream(backend, t)
    s.send(upsert("idle", "Ayşe Uyur", "0532 000 00 01"))
    s.send(upsert("shopper", "Ali Alır", "0532 000 00 02"))
    s.send(upsert("consenter", "Can İzin", "0532 000 00 03"))
    recent = start + timedelta(days=500)
    backend.ctx.clock = lambda: recent
    s.send(("order.completed", order_payload(t, [("A", 1000)], customer_id="shopper")))
    with write_tx(backend.engine) as conn:
        changes = ChangeBuffer()
        record_consent(
            conn,
            changes,
            event_id="ev-r",
            customer_id="consenter",
            purpose="marketing_sms",
            granted=False,
            text_version="v1",
            at=recent,
            channel="web",
            terminal_id=None,
            now=recent,
        )
        changes.flush(conn, recent)
    now = start + timedelta(days=540)
    backend.ctx.clock = lambda: now
    return {"terminal": t.terminal_id}


def test_inactive_customers_are_erased_after_the_retention(
    database_url: str, tmp_path: Path
) -> None:
    from sqlalchemy import select

    from sync.server.erasure import erase_inactive
    from sync.server.schema import customer
    from tests.server.conftest import make_backend

    b = make_backend(database_url, tmp_path, customer_retention_days=365)
    with b.client:
        _customers_with_a_past(b)
        assert erase_inactive(b.ctx, dry_run=True) == ["idle"]
        with b.engine.connect() as conn:
            assert not conn.execute(
                select(customer.c.erased).where(customer.c.id == "idle")
            ).scalar()
        assert erase_inactive(b.ctx) == ["idle"]
        with b.engine.connect() as conn:
            rows = {r.id: r for r in conn.execute(select(customer))}
        assert rows["idle"].erased and rows["idle"].name == "" and rows["idle"].phone == ""
        assert not rows["shopper"].erased and not rows["consenter"].erased
        assert erase_inactive(b.ctx) == []  # nothing twice
        # A year after the recent activity, the others go as well.
        later = b.ctx.clock() + timedelta(days=330)
        b.ctx.clock = lambda: later
        assert erase_inactive(b.ctx) == ["consenter", "shopper"]
    b.engine.dispose()


def test_retention_off_erases_nobody(backend: Backend) -> None:
    from sync.server.erasure import erase_inactive

    _customers_with_a_past(backend)
    assert backend.ctx.settings.customer_retention_days == 0
    assert erase_inactive(backend.ctx) == []


def test_erase_inactive_cli(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from sync.server.cli import server_cli
    from tests.server.conftest import make_backend

    b = make_backend(database_url, tmp_path)
    with b.client:
        _customers_with_a_past(b)
    b.engine.dispose()
    monkeypatch.setenv("POS_SERVER_DATABASE_URL", database_url)
    monkeypatch.setenv("POS_SERVER_DATA_DIR", str(tmp_path / "server"))
    monkeypatch.setenv("POS_SERVER_CUSTOMER_RETENTION_DAYS", "30")
    runner = CliRunner()
    dry = runner.invoke(server_cli, ["erase-inactive", "--dry-run"])
    # The real clock: the last activity of each was 40 days ago or more, past 30 days.
    assert dry.exit_code == 0, dry.output
    assert "3 inactive customer(s) would be erased" in dry.output
    done = runner.invoke(server_cli, ["erase-inactive"])
    assert done.exit_code == 0 and "3 inactive customer(s) erased" in done.output
    again = runner.invoke(server_cli, ["erase-inactive"])
    assert "0 inactive customer(s) erased" in again.output
    monkeypatch.setenv("POS_SERVER_CUSTOMER_RETENTION_DAYS", "0")
    off = runner.invoke(server_cli, ["erase-inactive"])
    assert off.exit_code == 0 and "retention is off" in off.output
