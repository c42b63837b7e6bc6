"""The kiosk's catalog fields on the till: pulled from the backend (changes and snapshot),
carried by every kind of scan, the produce grid's query and the pictures' paths."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from pos_app.app import build_services
from pos_app.config import load_settings
from pos_app.demo.data import DEMO_CATALOG
from pos_app.domain.barcodes import DEFAULT_LAYOUTS, encode_embedded
from pos_app.services.bundle import Services
from pos_app.services.catalog import image_path
from pos_app.services.terminal import initialise_terminal
from pos_app.storage.database import open_database
from pos_app.storage.replica.store import SyncStore
from sync.client.errors import ProtocolError
from tests.fakes import FakeClock, ean13
from tests.replica import apply, change

BEER_CODE = ean13("869111000001")


def product(pid: str, sku: str, name: str, *, version: int = 1, **extra: Any) -> dict[str, Any]:
    return {
        "id": pid,
        "sku": sku,
        "name": name,
        "price_minor": 7500,
        "vat_rate": 20,
        "version": version,
    } | extra


BEER = product(
    "b-beer", "BIRA", "Bira 50 cl", barcodes=[BEER_CODE], min_age=18, restriction="alcohol"
)
APPLE = product(
    "b-apple", "ELMA", "Elma", sold_by_weight=True, plu="09101", image="elma.png", min_age=0
)
LEEK = product("b-leek", "PIRASA", "Pırasa", sold_by_weight=True, plu="09102")


def pull(services: Services, *items: dict[str, Any]) -> None:
    apply(services.engine, FakeClock().now(), [change("product", i["id"], i) for i in items])


def test_every_way_of_finding_a_product_carries_its_age_and_rule(services: Services) -> None:
    pull(services, BEER, APPLE | {"min_age": 16, "restriction": "late_night"})
    catalog = services.catalog
    label = encode_embedded(DEFAULT_LAYOUTS[0], "09101", Decimal("0.750"))
    found = [
        catalog.resolve_scan(BEER_CODE).product,
        catalog.resolve_scan("BIRA").product,
        catalog.by_barcode(BEER_CODE),
        catalog.by_sku("BIRA"),
        catalog.by_id("b-beer"),
        *catalog.search("bira"),
        *catalog.search("BIR"),
    ]
    assert [(p.sku, p.min_age, p.restriction) for p in found if p] == [("BIRA", 18, "alcohol")] * 7
    by_label = catalog.resolve_scan(label)
    by_plu = catalog.resolve_scan("09101")
    assert by_label.quantity == Decimal("0.750")
    for scanned in (by_label.product, by_plu.product):
        assert (scanned.sku, scanned.min_age, scanned.restriction) == ("ELMA", 16, "late_night")
    bread = catalog.resolve_scan("BREAD").product  # seeded locally, never pulled
    assert (bread.min_age, bread.restriction) == (0, None)


def test_an_older_backends_payload_without_the_fields_still_applies(services: Services) -> None:
    pull(services, BEER)
    old = {k: v for k, v in BEER.items() if k not in ("min_age", "restriction")}
    pull(services, old | {"version": 2, "name": "Bira 50 cl (eski)"})
    beer = services.catalog.by_sku("BIRA")
    assert beer is not None and beer.name == "Bira 50 cl (eski)"
    # The backend leaves defaults out: an absent field means none.
    assert (beer.min_age, beer.restriction) == (0, None)


def test_garbled_fields_refuse_the_page_but_a_bad_picture_name_is_dropped(
    services: Services,
) -> None:
    for bad in ({"min_age": 150}, {"min_age": -1}, {"restriction": "Alkol"}):
        with pytest.raises(ProtocolError, match="garbled product"):
            pull(services, BEER | bad)
    assert services.catalog.by_sku("BIRA") is None
    pull(services, APPLE | {"image": "../../etc/passwd.png"})
    assert services.catalog.plu_products()[0][1] is None


def test_a_snapshot_carries_the_fields(services: Services) -> None:
    store = SyncStore(services.engine, FakeClock())
    store.begin_snapshot()
    store.stage_snapshot("product", [{"key": p["id"], "data": p} for p in (BEER, APPLE, LEEK)])
    store.finish_snapshot("cursor-1", "epoch-1")
    beer = services.catalog.by_barcode(BEER_CODE)
    assert beer is not None and (beer.min_age, beer.restriction) == (18, "alcohol")
    with services.engine.connect() as conn:
        images = dict(conn.execute(text("SELECT sku, image FROM product")).all())
    assert images["ELMA"] == "elma.png" and images["PIRASA"] is None


def test_plu_products_are_the_active_products_with_a_plu_by_name(services: Services) -> None:
    pull(services, BEER, APPLE, LEEK, product("b-old", "ESKI", "Armut", plu="09103", active=False))
    grid = services.catalog.plu_products()
    assert [(p.sku, image) for p, image in grid] == [
        ("ELMA", "elma.png"),
        ("APPLE", None),  # seeded locally: Elma Amasya
        ("PIRASA", None),
    ]
    apple = grid[0][0]
    assert apple.sold_by_weight and apple.unit_price_minor == 7500 and apple.min_age == 0


def test_image_path_finds_only_pictures_inside_the_folder(tmp_path: Path) -> None:
    images = tmp_path / "images"
    images.mkdir()
    (images / "elma.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"x")
    os.symlink(outside, images / "link.png")
    os.symlink(images / "elma.png", images / "inside.png")
    (images / "folder.png").mkdir()
    assert image_path(images, "elma.png") == (images / "elma.png").resolve()
    assert image_path(images, "inside.png") == (images / "elma.png").resolve()
    for name in (None, "", "yok.png", "link.png", "folder.png", "../secret.png", "elma.txt"):
        assert image_path(images, name) is None, name
    assert image_path(tmp_path / "missing", "elma.png") is None


def test_the_produce_grid_shows_the_configured_categories(tmp_path: Path, clock: FakeClock) -> None:
    settings = load_settings(data_dir=tmp_path / "kiosk")
    engine = open_database(settings.database_path)
    initialise_terminal(engine, "S01", "K01")
    kiosk = build_services(settings, engine, clock)
    try:
        kiosk.importer.run(DEMO_CATALOG)
        everything = kiosk.catalog.plu_products()
        fruit = kiosk.catalog.plu_products(["Meyve & Sebze"])
        assert fruit and len(fruit) < len(everything)
        assert {p.sku for p, _ in fruit} <= {p.sku for p, _ in everything}
        assert kiosk.catalog.plu_products(["No such category"]) == []
    finally:
        kiosk.close()
