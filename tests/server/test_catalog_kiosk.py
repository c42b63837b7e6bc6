"""The kiosk's catalog fields on the backend (CSV import, admin API, what tills pull), the
catalog pictures it serves, and ``pos server import-catalog --images``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from sync.server.cli import server_cli
from sync.server.db import make_engine, write_tx
from sync.server.schema import change, product
from sync.server.terminals import revoke_terminal
from tests.server.conftest import Backend

API = "/api/v1"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
CSV = (
    "sku,name,price,vat_rate,unit,plu,image,min_age,restriction\n"
    "BIRA,Bira 50 cl,75.00,20,piece,,,18,alcohol\n"
    "ELMA,Elma,55.00,1,kg,00101,elma.png,,\n"
    "SU,Su,10.00,1,piece,,,,\n"
)


def post_csv(b: Backend, text: str) -> Any:
    r = b.client.post(
        f"{API}/catalog/csv", headers=b.admin | {"Content-Type": "text/csv"}, content=text
    )
    assert r.status_code == 200, r.text
    return r.json()


def pulled(b: Backend) -> dict[str, dict[str, Any]]:
    """The newest pulled product data by SKU."""
    with b.engine.connect() as conn:
        rows = conn.execute(
            select(change.c.data_json)
            .where(change.c.collection == "product")
            .order_by(change.c.seq)
        ).scalars()
        return {data["sku"]: data for data in map(json.loads, rows)}


def stored(b: Backend, sku: str) -> tuple[Any, ...]:
    with b.engine.connect() as conn:
        return tuple(
            conn.execute(
                select(product.c.image, product.c.min_age, product.c.restriction).where(
                    product.c.sku == sku
                )
            ).one()
        )


def test_csv_import_stores_the_fields_and_tills_pull_them(backend: Backend) -> None:
    b = backend
    assert post_csv(b, CSV)["created"] == 3
    assert stored(b, "BIRA") == (None, 18, "alcohol")
    assert stored(b, "ELMA") == ("elma.png", 0, None)
    data = pulled(b)
    assert (data["BIRA"]["min_age"], data["BIRA"]["restriction"]) == (18, "alcohol")
    assert data["ELMA"]["image"] == "elma.png" and "min_age" not in data["ELMA"]
    # At their defaults the fields are left out: a till that predates them reads it as before.
    assert not {"image", "min_age", "restriction"} & set(data["SU"])
    # A file without the kiosk columns changes the price and keeps the age check.
    post_csv(b, "sku,name,price,vat_rate\nBIRA,Bira 50 cl,80.00,20\n")
    assert stored(b, "BIRA") == (None, 18, "alcohol")
    assert pulled(b)["BIRA"]["min_age"] == 18 and pulled(b)["BIRA"]["price_minor"] == 8000
    # Unchanged fields: no new version.
    assert post_csv(b, CSV.replace("75.00", "80.00"))["unchanged"] == 3
    bad = b.client.post(
        f"{API}/catalog/csv",
        headers=b.admin | {"Content-Type": "text/csv"},
        content="sku,name,price,vat_rate,image\nX,X,1.00,20,../x.png\n",
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0] | {"message": ""} == {
        "line": 2,
        "column": "image",
        "message": "",
    }


def test_admin_api_sets_shows_and_keeps_the_fields(backend: Backend) -> None:
    b = backend
    beer = {"name": "Bira", "price_minor": 7500, "vat_rate": 20, "min_age": 18}
    r = b.client.put(
        f"{API}/products/BIRA", headers=b.admin, json=beer | {"restriction": "alcohol"}
    )
    assert r.status_code == 200, r.text
    assert (r.json()["image"], r.json()["min_age"], r.json()["restriction"]) == (
        None,
        18,
        "alcohol",
    )
    # Left out of a later request, the product keeps them.
    r = b.client.put(f"{API}/products/BIRA", headers=b.admin, json={**beer, "price_minor": 8000})
    assert r.json()["restriction"] == "alcohol" and r.json()["min_age"] == 18
    r = b.client.post(
        f"{API}/products", headers=b.admin, json=[{"sku": "BIRA", **beer, "min_age": 0}]
    )
    assert r.status_code == 200 and stored(b, "BIRA") == (None, 0, "alcohol")
    for bad in ({"min_age": 100}, {"image": "../x.png"}, {"image": "x.gif"}, {"restriction": "A"}):
        r = b.client.put(f"{API}/products/BIRA", headers=b.admin, json=beer | bad)
        assert r.status_code == 422, (bad, r.text)
    listed = b.client.get(f"{API}/products", headers=b.admin).json()["items"][0]
    assert (listed["min_age"], listed["restriction"]) == (0, "alcohol")


@pytest.fixture
def pictures(backend: Backend) -> Path:
    folder = backend.ctx.settings.effective_images_dir
    folder.mkdir(parents=True)
    (folder / "elma.png").write_bytes(PNG)
    return folder


def test_pictures_are_served_to_terminals_and_the_admin(backend: Backend, pictures: Path) -> None:
    b = backend
    b.store()
    terminal = b.enrol()
    for headers in ({"Authorization": f"Bearer {terminal.token}"}, b.admin):
        r = b.client.get(f"{API}/catalog/images/elma.png", headers=headers)
        assert r.status_code == 200 and r.content == PNG
        assert r.headers["content-type"] == "image/png"
    for headers in ({}, {"Authorization": "Bearer wrong"}):
        r = b.client.get(f"{API}/catalog/images/elma.png", headers=headers)
        assert r.status_code == 401 and r.json()["error"] == "unauthorized"
    with write_tx(b.engine) as conn:
        revoke_terminal(conn, terminal.terminal_id, now=b.ctx.clock())
    r = b.client.get(
        f"{API}/catalog/images/elma.png", headers={"Authorization": f"Bearer {terminal.token}"}
    )
    assert r.status_code == 403


def test_only_pictures_inside_the_folder_are_served(
    backend: Backend, pictures: Path, tmp_path: Path
) -> None:
    b = backend
    secret = tmp_path / "secret.png"
    secret.write_bytes(PNG)
    (pictures / "link.png").symlink_to(secret)
    unknown = b.client.get(f"{API}/catalog/images/armut.png", headers=b.admin)
    assert unknown.status_code == 404 and unknown.json()["error"] == "unknown_image"
    assert b.client.get(f"{API}/catalog/images/link.png", headers=b.admin).status_code == 404
    for name in ("elma.gif", ".png", "x" * 201 + ".png", "elma.png.exe"):
        r = b.client.get(f"{API}/catalog/images/{name}", headers=b.admin)
        assert r.status_code == 422, name
    for path in ("..%2Fsecret.png", "%2E%2E/secret.png", "../secret.png", "a/../../secret.png"):
        r = b.client.get(f"{API}/catalog/images/{path}", headers=b.admin)
        assert r.status_code in (404, 422) and r.content != PNG, path


def test_import_catalog_copies_the_named_pictures(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("POS_SERVER_DATABASE_URL", database_url)
    monkeypatch.setenv("POS_SERVER_DATA_DIR", str(tmp_path / "server"))
    monkeypatch.setenv("POS_SERVER_IMAGES_DIR", str(tmp_path / "served"))
    source = tmp_path / "pictures"
    source.mkdir()
    (source / "elma.png").write_bytes(PNG)
    (source / "unused.png").write_bytes(PNG)
    (source / "armut.png").write_bytes(b"<html>not a picture</html>")
    catalog = tmp_path / "catalog.csv"
    catalog.write_text(
        CSV + "ARMUT,Armut,70.00,1,kg,00102,armut.png,,\nMUZ,Muz,90.00,1,kg,00103,muz.png,,\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        server_cli, ["import-catalog", str(catalog), "--images", str(source)]
    )
    assert result.exit_code == 0, result.output
    assert "Pictures: 1 copied" in result.output
    assert "not in" in result.output and "muz.png" in result.output
    assert "armut.png: the content is not a png picture" in result.output
    assert sorted(p.name for p in (tmp_path / "served").iterdir()) == ["elma.png"]
    assert (tmp_path / "served" / "elma.png").read_bytes() == PNG
    again = CliRunner().invoke(
        server_cli, ["import-catalog", str(catalog), "--images", str(source)]
    )
    assert "Pictures: 0 copied" in again.output and "1 already there" in again.output
    nowhere = CliRunner().invoke(
        server_cli, ["import-catalog", str(catalog), "--images", str(tmp_path / "none")]
    )
    assert nowhere.exit_code == 2 and "not a folder" in nowhere.output
    make_engine(database_url).dispose()
