"""The till fetches the catalog pictures it lacks after a catalog pull (in-process backend as
``http=``): best effort, size-capped, checked, logged once, never in the way of sync."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from pos_app.app import build_services
from pos_app.config import load_settings
from pos_app.services.bundle import Services
from pos_app.services.catalog import image_path
from pos_app.services.catalog_images import ImageFetcher
from pos_app.services.enrolment import enroll
from pos_app.storage.database import open_database
from sync.client.transport import SyncTransport
from tests.fakes import FakeClock
from tests.server.conftest import Backend, database_url, make_backend  # noqa: F401
from tests.sync.test_client import BASE, enrolment_code

FETCHER_LOG = "pos_app.services.catalog_images"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
JPEG = b"\xff\xd8\xff\xe0" + b"\x01" * 100


def item(sku: str, plu: str, image: str | None) -> dict[str, Any]:
    return {
        "sku": sku,
        "name": sku.title(),
        "price_minor": 5000,
        "vat_rate": 1,
        "sold_by_weight": True,
        "plu": plu,
        "image": image,
    }


@pytest.fixture
def backend(database_url: str, tmp_path: Path) -> Iterator[Backend]:  # noqa: F811
    b = make_backend(database_url, tmp_path)
    with b.client:
        b.store()
        b.products(
            [
                item("ELMA", "00101", "elma.png"),
                item("MUZ", "00102", "muz.jpg"),
                item("ARMUT", "00103", "armut.png"),  # not on the backend
                item("PIRASA", "00104", None),
            ]
        )
        folder = b.ctx.settings.effective_images_dir
        folder.mkdir(parents=True)
        (folder / "elma.png").write_bytes(PNG)
        (folder / "muz.jpg").write_bytes(JPEG)
        yield b
    b.engine.dispose()


@pytest.fixture
def till(backend: Backend, tmp_path: Path, clock: FakeClock) -> Iterator[Services]:
    settings = load_settings(data_dir=tmp_path / "data", printer="")
    engine = open_database(settings.database_path)
    enroll(engine, BASE, enrolment_code(backend), http=backend.client)
    services = build_services(settings, engine, clock, sync_http=backend.client)
    yield services
    services.close()


def fetcher(till: Services) -> ImageFetcher:
    assert till.sync is not None and till.sync.images is not None
    return till.sync.images


def test_a_pull_fetches_the_missing_pictures(
    till: Services, caplog: pytest.LogCaptureFixture
) -> None:
    images = till.settings.images_dir
    assert till.sync is not None
    with caplog.at_level(logging.WARNING, "pos_app.services.catalog_images"):
        till.sync.run_once()  # the catalog by snapshot, then a pass in the background
        assert fetcher(till).wait(10)
    assert image_path(images, "elma.png") is not None
    assert (images / "elma.png").read_bytes() == PNG
    assert (images / "muz.jpg").read_bytes() == JPEG
    assert (images / "elma.png").stat().st_mode & 0o077 == 0
    assert fetcher(till).missing() == ["armut.png"]
    warnings = [r.getMessage() for r in caplog.records if r.name == FETCHER_LOG]
    assert len(warnings) == 1 and "armut.png not fetched" in warnings[0], warnings
    # Still missing on the next pass: not logged again.
    caplog.clear()
    with caplog.at_level(logging.WARNING, "pos_app.services.catalog_images"):
        again = fetcher(till).fetch_missing()
    assert again.failed == ["armut.png"] and again.fetched == []
    assert not [r for r in caplog.records if r.name == FETCHER_LOG]
    grid = {p.sku: image_path(images, name) for p, name in till.catalog.plu_products()}
    assert grid["ELMA"] == (images / "elma.png").resolve()
    assert grid["ARMUT"] is None and grid["PIRASA"] is None


def test_oversized_and_garbled_pictures_are_not_written(backend: Backend, till: Services) -> None:
    assert till.sync is not None and till.sync.client is not None
    till.sync.run_once()
    fetcher(till).wait(10)
    folder = backend.ctx.settings.effective_images_dir
    (folder / "armut.png").write_bytes(b"<html>an error page</html>")
    small = ImageFetcher(
        till.engine, till.sync.client.transport, till.settings.images_dir / "other", max_bytes=500
    )
    done = small.fetch_missing()
    assert done.fetched == ["muz.jpg"]  # 104 bytes; elma.png is over 500
    assert sorted(done.failed) == ["armut.png", "elma.png"]
    assert sorted(p.name for p in (till.settings.images_dir / "other").iterdir()) == ["muz.jpg"]


def test_an_unreachable_backend_ends_the_pass_quietly(
    till: Services, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    assert till.sync is not None
    till.sync.run_once()
    fetcher(till).wait(10)
    # Nothing listens on the discard port.
    with httpx.Client(timeout=2) as http:
        transport = SyncTransport("http://127.0.0.1:9", "a-token", http=http)
        lost = ImageFetcher(till.engine, transport, tmp_path / "lost")
        caplog.clear()
        with caplog.at_level(logging.WARNING, FETCHER_LOG):
            done = lost.fetch_missing()
    assert done.fetched == [] and len(done.failed) == 1  # the first failure ends the pass
    assert len([r for r in caplog.records if r.name == FETCHER_LOG]) == 1
