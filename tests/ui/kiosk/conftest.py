"""The kiosk window over the real kiosk core (``pos_app.app.build_kiosk``) on a seeded
database: a scale stand-in, the card terminal simulator on loopback, staff with badges, the
kiosk's day open; a scanner whose keys are always fast; the language's translators."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import insert

from pos_app.app import Kiosk, build_kiosk, build_services
from pos_app.config import load_settings
from pos_app.devices.card_terminal_sim import CardTerminalSimulator
from pos_app.devices.payment_terminal import TcpPaymentTerminal
from pos_app.devices.scale import FakeScale
from pos_app.domain.cart import ProductInfo
from pos_app.domain.roles import Role
from pos_app.domain.text import fold
from pos_app.services.bundle import Services
from pos_app.services.kiosk_status import KioskReporter
from pos_app.services.terminal import initialise_terminal
from pos_app.storage.database import open_database
from pos_app.storage.tables import table
from pos_app.ui.i18n import LanguageSwitcher
from pos_app.ui.kiosk import KioskWindow
from pos_app.ui.scanner import ScannerFilter
from tests.fakes import SEED, FakeClock, ean13, seed_catalog

SECOND_MS = 40  # a second of the idle countdowns in these tests
NOON = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 12:00 in Istanbul
NIGHT = datetime(2026, 11, 23, 20, 30, tzinfo=UTC)  # 23:30 in Istanbul: no alcohol

MILK, BREAD = (str(SEED[i].barcode) for i in (0, 3))
BEER = ean13("869000000101")  # 18+, alcohol
APPLE_ID = "p-apple"  # a PLU item without a picture (the seed's)
PEAR_ID = "p-pear"  # a PLU item with a picture


def add_product(services: Services, **values: Any) -> None:
    barcode = values.pop("barcode", None)
    row = {
        "names_json": "{}",
        "search_text": fold(values["name"]),
        "vat_rate": 20,
        "active": True,
        "updated_at": NOON,
        **values,
    }
    with services.engine.begin() as conn:
        conn.execute(insert(table("product")), row)
        if barcode:
            conn.execute(insert(table("barcode")), {"code": barcode, "product_id": row["id"]})


def pear_picture(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    image = QImage(200, 200, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setBrush(QColor("#a3b536"))
    painter.drawEllipse(QPointF(100, 120), 60, 70)
    painter.end()
    assert image.save(str(path))


@dataclass
class KioskRig:
    window: KioskWindow
    kiosk: Kiosk
    services: Services
    clock: FakeClock
    scale: FakeScale
    sim: CardTerminalSimulator
    badges: dict[str, str]  # supervisor / manager -> badge code
    beeps: list[int] = field(default_factory=list)

    def scan(self, code: str) -> None:
        """A scanner types the code and Enter into whatever widget has the keyboard."""
        target = QApplication.focusWidget() or self.window
        QTest.keyClicks(target, code)
        QTest.keyClick(target, Qt.Key.Key_Return)

    def product(self, product_id: str) -> ProductInfo:
        found = self.services.catalog.by_id(product_id)
        assert found is not None
        return found


def visible_texts(window: QWidget) -> list[str]:
    """Every text a person can see in the window now."""
    texts = []
    for widget in window.findChildren(QLabel) + window.findChildren(QPushButton):
        if widget.isVisibleTo(window) and widget.text():
            texts.append(widget.text())
    return texts


def button(window: QWidget, name: str) -> QPushButton:
    found = window.findChild(QPushButton, name)
    assert found is not None, f"no button {name}"
    return found


def click(qtbot: QtBot, widget: QPushButton) -> None:
    assert widget.isVisible() and widget.isEnabled(), widget.objectName()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


MakeKiosk = Callable[..., KioskRig]


@pytest.fixture
def make_kiosk(
    qtbot: QtBot, qapp: QApplication, qm_dir: Path, tmp_path: Path, restore_locale: None
) -> Iterator[MakeKiosk]:
    made: list[tuple[KioskWindow, ScannerFilter, LanguageSwitcher, KioskRig]] = []
    style = qapp.styleSheet()

    def make(
        language: str = "tr",
        *,
        size: tuple[int, int] = (1920, 1080),
        data_dir: Path | None = None,
        reporter: KioskReporter | None = None,
        prepare: Callable[[Services], None] | None = None,
        **overrides: Any,
    ) -> KioskRig:
        """``data_dir``: an enrolled kiosk's (default: a fresh one); ``reporter``: its
        state to the backend (``build_kiosk``'s); ``prepare``: seeds the services (and
        may swap one) before the kiosk is built on them."""
        settings = load_settings(
            data_dir=data_dir or tmp_path / "data",
            lang=language,
            store_name="Kadıköy Merkez",
            receipt_default="ereceipt",
            ereceipt_base_url="https://pos.example.com",
            **overrides,
        )
        clock = FakeClock(NOON)
        engine = open_database(settings.database_path)
        initialise_terminal(engine, "S01", "K01")
        seed_catalog(engine, clock)
        services = build_services(settings, engine, clock)
        add_product(
            services, id="p-beer", sku="BEER", name="Efes Pilsen 50 cl", price_minor=6500,
            barcode=BEER, min_age=18, restriction="alcohol",
        )  # fmt: skip
        pear_picture(settings.images_dir / "pear.png")
        add_product(
            services, id=PEAR_ID, sku="PEAR", name="Armut", price_minor=5990,
            sold_by_weight=True, plu="00102", image="pear.png",
            names_json=json.dumps({"en": "Pears"}),
        )  # fmt: skip
        supervisor = services.users.add("Mehmet", Role.SUPERVISOR, "583916")
        manager = services.users.add("Zeynep", Role.MANAGER, "739164")
        badges = {
            "supervisor": services.users.issue_badge(supervisor.user_id),
            "manager": services.users.issue_badge(manager.user_id),
        }
        if prepare is not None:
            prepare(services)
        scale = FakeScale(1250)
        sim = CardTerminalSimulator(step_delay_s=0.005, slow_step_s=0.05).start()
        kiosk = build_kiosk(
            services,
            scale=scale,
            terminal=TcpPaymentTerminal("127.0.0.1", sim.port),
            reporter=reporter,
            language=language,
        )
        kiosk.attendant.open_by_badge(badges["supervisor"])
        kiosk.attendant.open_day()
        kiosk.attendant.leave()

        switcher = LanguageSwitcher(qapp, qm_dir)
        switcher.set_language(language)
        scanner = ScannerFilter(clock=lambda: 1000.0)  # every key as fast as a scanner's
        qapp.installEventFilter(scanner)
        beeps: list[int] = []
        window = KioskWindow(
            kiosk,
            settings,
            scale_present=True,
            scanner=scanner,
            switcher=switcher,
            beep=lambda: beeps.append(1),
            second_ms=SECOND_MS,
        )
        rig = KioskRig(window, kiosk, services, clock, scale, sim, badges, beeps)
        made.append((window, scanner, switcher, rig))
        window.fit(*size)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        return rig

    yield make
    for window, scanner, switcher, rig in made:
        if shiboken6.isValid(window):
            window.payer.wait()
            window.shut_down()  # the test ends; no manager needed
            window.deleteLater()
        qapp.removeEventFilter(scanner)
        switcher.set_language("en")
        switcher.deleteLater()
        rig.sim.stop()
        rig.services.close()
    qapp.setStyleSheet(style)
    qapp.processEvents()
