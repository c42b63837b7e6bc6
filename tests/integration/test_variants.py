"""Variants (size, colour) grouped per product: the catalog CSV columns, the backend's product
and its pulled change, the terminal's replica (pull and snapshot), the stock look-up's
grouping and order, and the look-up screen's variants table."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from pos_app.services.bundle import Services
from pos_app.services.stock_lookup import StockLookup
from pos_app.storage.replica.store import SyncStore
from sync.catalog_csv import CatalogCsvError, parse_catalog
from tests.fakes import FakeClock
from tests.replica import apply, change

SYNCED = datetime(2026, 11, 23, 11, 40, tzinfo=UTC)
HEADER = "sku,name,price,vat_rate,model,size,colour\n"


def parse(body: str) -> Any:
    return parse_catalog(io.StringIO(HEADER + body), {1, 10, 20})


# -- the CSV ----------------------------------------------------------------------------------


def test_csv_model_size_and_colour() -> None:
    parsed = parse(
        "TS-W-M,Tişört Beyaz M,199.90,10,TSHIRT,M,  Beyaz \n"
        "TS-W-L,Tişört Beyaz L,199.90,10,TSHIRT,L,Beyaz\n"
        "MUG,Kupa,50,20,,,\n"
    )
    first, _second, plain = parsed.rows
    assert (first.model, first.variant) == ("TSHIRT", {"size": "M", "colour": "Beyaz"})
    assert first.as_product()["model"] == "TSHIRT"
    assert first.as_product()["variant"] == {"size": "M", "colour": "Beyaz"}
    assert (plain.model, plain.variant) == (None, {})


def test_csv_variant_errors_are_named() -> None:
    with pytest.raises(CatalogCsvError) as info:
        parse(
            "A,Tişört,10,10,,M,\n"  # a size without a model
            "B,Tişört,10,10,T SHIRT,M,\n"  # a model code with a space
            f"C,Tişört,10,10,T,{'X' * 33},\n"
        )
    assert [str(e) for e in info.value.errors] == [
        "line 2: size: a variant needs a model code (the model column)",
        "line 3: model: 'T SHIRT' must be 1-64 characters without spaces",
        f"line 4: size: '{'X' * 33}' is longer than 32 characters",
    ]


# -- the terminal -----------------------------------------------------------------------------


def _product(pid: str, sku: str, size: str, colour: str, model: str = "TSHIRT") -> Any:
    return change(
        "product",
        pid,
        {
            "id": pid,
            "sku": sku,
            "name": f"Tişört {colour} {size}",
            "price_minor": 19990,
            "vat_rate": 10,
            "model": model,
            "variant": {"size": size, "colour": colour},
        },
    )


def _stock(pid: str, sku: str, here: int, there: int) -> Any:
    return change(
        "stock",
        pid,
        {
            "product_id": pid,
            "sku": sku,
            "stores": {
                "S01": {"on_hand_milli": here, "reserved_milli": 0, "available_milli": here},
                "S02": {"on_hand_milli": there, "reserved_milli": 0, "available_milli": there},
            },
            "online_available_milli": here + there,
            "updated_at": SYNCED.isoformat(),
        },
    )


VARIANTS = [
    ("v-nl", "TS-N-L", "L", "Lacivert", 0, 4000),
    ("v-ws", "TS-W-S", "S", "Beyaz", 1000, 0),
    ("v-wxl", "TS-W-XL", "XL", "Beyaz", 0, 2000),
    ("v-wm", "TS-W-M", "M", "Beyaz", 3000, 1000),
    ("v-n42", "TS-N-42", "42", "Lacivert", 1000, 0),
]


def _seed(services: Services) -> None:
    changes = [_product(pid, sku, size, colour) for pid, sku, size, colour, _, _ in VARIANTS]
    changes.append(_product("mug", "MUG", "", "", model=""))
    changes += [_stock(pid, sku, here, there) for pid, sku, _, _, here, there in VARIANTS]
    apply(services.engine, SYNCED, changes)


def test_pulled_variants_are_grouped_by_colour_then_size(services: Services) -> None:
    _seed(services)
    lookup = StockLookup(services.engine, "S01")
    found = lookup.variants("v-wm")
    assert [(v.variant["colour"], v.variant["size"]) for v in found] == [
        ("Beyaz", "S"),
        ("Beyaz", "M"),
        ("Beyaz", "XL"),
        ("Lacivert", "L"),  # letter sizes first, then numbered ones
        ("Lacivert", "42"),
    ]
    by_sku = {v.stock.sku: v.stock for v in found}
    assert by_sku["TS-W-M"].here is not None and by_sku["TS-W-M"].here.available_milli == 3000
    assert [o.available_milli for o in by_sku["TS-N-L"].others] == [4000]
    assert lookup.variants("mug") == []  # no model: no variants
    # Withdrawn sizes drop out, except the one asked about.
    with services.engine.begin() as conn:
        conn.execute(text("UPDATE product SET active = 0 WHERE id IN ('v-wxl', 'v-ws')"))
    assert [v.stock.sku for v in lookup.variants("v-ws")] == [
        "TS-W-S",
        "TS-W-M",
        "TS-N-L",
        "TS-N-42",
    ]


def test_snapshot_carries_variants(services: Services) -> None:
    store = SyncStore(services.engine, FakeClock(SYNCED))
    store.begin_snapshot()
    item = _product("v-snap", "TS-SNAP", "M", "Kırmızı").data
    store.stage_snapshot("product", [{"key": "v-snap", "data": item}])
    store.finish_snapshot("cursor", "epoch-1")
    with services.engine.connect() as conn:
        row = conn.execute(
            text("SELECT model, variant_json FROM product WHERE id = 'v-snap'")
        ).one()
    assert row.model == "TSHIRT"
    assert "Kırmızı" in row.variant_json


def test_local_csv_import_writes_variants(services: Services, tmp_path: Path) -> None:
    path = tmp_path / "catalog.csv"
    path.write_text(HEADER + "TS-W-M,Tişört Beyaz M,199.90,10,TSHIRT,M,Beyaz\n", "utf-8")
    services.importer.run(path)
    with services.engine.connect() as conn:
        row = conn.execute(
            text("SELECT model, variant_json FROM product WHERE sku = 'TS-W-M'")
        ).one()
    assert (row.model, row.variant_json) == ("TSHIRT", '{"colour": "Beyaz", "size": "M"}')
