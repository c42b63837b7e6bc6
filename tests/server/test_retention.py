"""The change log is pruned after its retention; a till behind it re-snapshots (410)."""

from __future__ import annotations

from datetime import timedelta

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
