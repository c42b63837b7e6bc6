"""The app's part of ``pos bench`` on a small catalog: it measures real scans and a real
start-up, and it leaves no translator behind."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication

from pos_app.app import build_services
from pos_app.config import load_settings
from pos_app.domain.roles import Role
from pos_app.services.terminal import initialise_terminal
from pos_app.storage.database import open_database
from pos_app.ui.bench import LINES_PER_SALE, scan_to_row, startup
from tests.fakes import SEED, FakeClock, seed_catalog


def test_scan_to_row_and_startup(tmp_path: Path, qapp: object) -> None:
    settings = load_settings(data_dir=tmp_path / "data", lang="tr")
    engine = open_database(settings.database_path)
    initialise_terminal(engine, "S01", "T01")
    seed_catalog(engine, FakeClock())
    services = build_services(settings, engine)
    user = services.users.add("Bench", Role.CASHIER, "7391")
    services.shifts.open(user.user_id, 0)
    services.close()
    codes = [p.barcode for p in SEED if p.barcode] * 10
    result = scan_to_row(settings, codes, user.user_id, "7391")
    for key in ("row", "painted"):
        assert result[key]["count"] == len(codes)
        assert 0 < result[key]["p50_us"] <= result[key]["p99_us"]
    assert result["painted"]["p50_us"] >= result["row"]["p50_us"]
    assert len(codes) > LINES_PER_SALE  # the cart was voided and started again
    assert QCoreApplication.translate("Models", "Item") == "Item"  # Turkish removed

    started = startup(settings.data_dir, runs=1)
    assert 0 < started["in_process_s"] < started["process_to_window_s"] < 30
