"""Variants on the backend: a product's model code and size/colour through the admin API
and the CSV import (both write paths store the same JSON), and in its pulled change."""

from __future__ import annotations

from sqlalchemy import text

from tests.integration.test_variants import HEADER
from tests.server.conftest import Backend

# -- the backend ------------------------------------------------------------------------------


def test_backend_keeps_variants_and_sends_them_to_the_terminals(backend: Backend) -> None:
    api = "/api/v1"
    body = {
        "name": "Tişört Lacivert S",
        "price_minor": 19990,
        "vat_rate": 10,
        "model": "TSHIRT",
        "variant": {"size": "S", "colour": "Lacivert"},
    }
    r = backend.client.put(f"{api}/products/TS-N-S", headers=backend.admin, json=body)
    assert r.status_code in (200, 201), r.text
    got = backend.client.get(f"{api}/products/TS-N-S", headers=backend.admin).json()
    assert (got["model"], got["variant"]) == ("TSHIRT", {"size": "S", "colour": "Lacivert"})
    # The same again is unchanged (same stored JSON on both write paths).
    again = backend.client.put(f"{api}/products/TS-N-S", headers=backend.admin, json=body)
    assert again.status_code in (200, 201)
    assert (
        backend.client.get(f"{api}/products/TS-N-S", headers=backend.admin).json()["version"]
        == got["version"]
    )
    bad = backend.client.put(
        f"{api}/products/TS-N-M",
        headers=backend.admin,
        json=body | {"variant": {"sleeve": "long"}},
    )
    assert bad.status_code == 422
    with backend.engine.connect() as conn:
        data = (
            conn.execute(
                text("SELECT data_json FROM change WHERE collection = 'product' ORDER BY seq")
            )
            .scalars()
            .all()
        )
    assert '"model": "TSHIRT"' in data[-1] or '"model":"TSHIRT"' in data[-1]


def test_backend_csv_import_writes_variants(backend: Backend) -> None:
    csv_body = (HEADER + "TS-W-M,Tişört Beyaz M,199.90,10,TSHIRT,M,Beyaz\n").encode()
    r = backend.client.post(
        "/api/v1/catalog/csv",
        headers=backend.admin | {"Content-Type": "text/csv"},
        content=csv_body,
    )
    assert r.status_code == 200, r.text
    got = backend.client.get("/api/v1/products/TS-W-M", headers=backend.admin).json()
    assert (got["model"], got["variant"]) == ("TSHIRT", {"size": "M", "colour": "Beyaz"})
