"""Render every kiosk screen to PNG: Turkish and English, portrait (1080x1920) and landscape
(1920x1080), and the main ones with larger text and high contrast; the loyalty QR, points
and gift card screens (``screenshots_loyalty``).

    .venv/bin/python -m pos_app.ui.kiosk.screenshots OUT_DIR

Builds a fresh demo store's kiosk (S01-K01, the demo catalog and pictures, a scale
stand-in, its day opened by a badge) in a temporary directory at a fixed midday, and drives
the real kiosk core with the codes of a ``Scenario``; states that need hardware (the card
terminal's progress, a declined card, a refusal at night) are shown through the window's
own display methods with what the core would report. The replica gets the stores, the
stock of an item this store has none of and two web pickup orders, as a pull writes them.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from pos_app.app import build_kiosk, build_services, open_engine
from pos_app.checkout.sale import SaleResult
from pos_app.config import load_settings
from pos_app.demo.data import DEMO_USERS, install_demo, write_demo_config
from pos_app.demo.kiosk import DEMO_PRODUCE_CATEGORY
from pos_app.devices.scale import open_scale
from pos_app.errors import UserError
from pos_app.services.bundle import Services
from pos_app.services.terminal import initialise_terminal
from pos_app.storage.replica.store import SyncStore
from pos_app.ui.i18n import format_money
from pos_app.ui.kiosk.screenshots_loyalty import LoyaltyScenario, seed_loyalty, shoot_loyalty
from pos_app.ui.kiosk.window import KioskWindow
from pos_app.ui.main import application, prepare_application
from sync.protocol import Change

SIZES = {"portrait": (1080, 1920), "landscape": (1920, 1080)}
LANGUAGES = ("tr", "en")
RECEIPT_URL = "https://pos.example.com/r/0193a7c2e5d84b1f9a6c3e2d1b0a9f8e"


@dataclass(frozen=True)
class Scenario:
    """Codes that reach the states: plain goods, an age-restricted item, a barcode no
    product has, a staff badge; ``weigh``: a produce item's id to weigh (None: none)."""

    goods: tuple[str, ...]
    age_item: str
    unknown: str
    badge: str
    weigh: str | None = None
    pickups: tuple[str, ...] = ()  # pickup QRs: ready here, for another store
    aisle_item: str = ""  # the shelf label of an item to order
    loyalty: LoyaltyScenario | None = None  # a loyalty QR and gift cards


@dataclass(frozen=True)
class _Outcome:
    """What ``KioskPayment.pay_by_card`` returns, for the outcomes a terminal decides."""

    outcome: str
    result: SaleResult | None = None
    message: str = ""


def shoot(widget: QWidget, path: Path) -> None:
    for _ in range(5):  # let posted layout requests settle before grabbing
        QApplication.processEvents()
    widget.grab().save(str(path))


def fill_basket(window: KioskWindow, scenario: Scenario) -> None:
    for code in scenario.goods:
        window.on_scan(code)
    window.on_scan(scenario.age_item)
    if scenario.weigh is not None:
        window.open_produce()
        for tile in window.produce.tiles:
            if tile.item.product_id == scenario.weigh:
                window.produce.weigh(tile.item)
        window.show_page(window.basket)
    window.on_scan(scenario.goods[0])  # the same item again: its line's quantity


def shoot_kiosk(
    window: KioskWindow, scenario: Scenario, out: Path, *, accessible_too: bool = True
) -> list[Path]:
    """Every screen in every language and orientation; returns the files written."""
    written: list[Path] = []

    def take(name: str, tag: str) -> None:
        path = out / f"kiosk_{name}_{tag}.png"
        shoot(window, path)
        written.append(path)

    for language in LANGUAGES:
        for orientation, (width, height) in SIZES.items():
            # Wiped first: the larger text of the last round would hold the window taller.
            window.wipe("idle")
            window.fit(width, height)
            tag = f"{language}_{orientation}"
            window.set_language(language)
            take("welcome", tag)

            fill_basket(window, scenario)
            take("basket", tag)
            window.open_produce()
            take("produce", tag)
            window.show_customer_page()

            window.on_scan(scenario.unknown)
            take("unknown_item", tag)
            window.notice.ok_clicked.emit()
            window.show_refusal(
                UserError(
                    "restriction.hours",
                    "alcohol is not sold now",
                    restriction="alcohol",
                    hours="22:00-06:00",
                )
            )
            take("restricted", tag)
            window.notice.ok_clicked.emit()

            window.call_help("help")
            take("help_called", tag)
            window.cancel_help()

            window.open_badge(scenario.badge)
            take("service", tag)
            window.service.leave()
            window.open_service()
            take("service_sign_in", tag)
            window.service.leave()

            window.paying.show_progress("enter_pin")
            window.show_page(window.paying)
            take("payment_progress", tag)
            window.paying.show_checking()
            take("payment_checking", tag)
            window.show_outcome(_Outcome("declined", message="05"))
            take("declined", tag)

            window.ask_still_there()
            window.still_there.set_seconds(15)
            take("still_there", tag)
            window.still_there.yes_clicked.emit()

            shoot_orders(window, scenario, take, tag)

            total = window.session.sale.cart.totals().total_minor
            money = format_money(total, language, window.session.sale.cart.currency)
            window.done.show_sale(RECEIPT_URL, money)
            window.show_page(window.done)
            take("done_qr", tag)
            window.done.clear()
            if scenario.loyalty is not None:
                window.wipe("idle")
                window.set_language(language)
                turn = sum("loyalty_done" in path.name for path in written)
                shoot_loyalty(window, scenario.loyalty, scenario.goods, take, tag, turn)

            if accessible_too:
                window.wipe("idle")
                window.set_language(language)
                window.set_accessible(True)
                take("welcome_large", tag)
                fill_basket(window, scenario)
                take("basket_large", tag)
                window.open_produce()
                take("produce_large", tag)
                window.show_customer_page()
        window.wipe("idle")
    return written


def shoot_orders(
    window: KioskWindow, scenario: Scenario, take: Callable[[str, str], None], tag: str
) -> None:
    """Pickup QR notices and the endless aisle's steps, back to the basket with the order."""
    if scenario.aisle_item:  # this store has none of it: the basket offers to order it
        window.on_scan(scenario.aisle_item)
        take("basket_offer", tag)
    window.show_customer_page()
    for name, code in zip(("pickup_ready", "pickup_other_store"), scenario.pickups, strict=False):
        window.on_scan(code)
        take(name, tag)
        window.orders.pickup.ok_clicked.emit()
    if not scenario.aisle_item:
        return
    screen = window.orders.aisle
    window.orders.open_aisle()
    take("aisle_choose", tag)
    window.on_scan(scenario.aisle_item)
    screen.quantity = 2
    screen._show_quantity()
    take("aisle_where", tag)
    screen._choose_option("delivery", "")
    for key, text in (("name", "Ayşe Yılmaz"), ("phone", "0532 111 22 33")):
        screen._edit(key)
        screen.keyboard.write(text)
    screen._edit("address")
    screen.keyboard.write("Moda Cad. No 12 D")
    take("aisle_details", tag)
    screen.keyboard.write(":3 Kadıköy İstanbul")
    screen.submit()
    take("aisle_ordered", tag)


def seed_replica(services: Services) -> tuple[str, ...]:
    """Stores, the stock of the demo's white cheese (none here) and two web pickup orders,
    applied as a pull applies them; returns the orders' QRs."""
    now = services.clock.now()
    cheese = services.catalog.by_barcode(DEMO_GOODS[1])
    changes = [
        Change(scope="global", seq=n, collection="store", key=code, op="upsert",
               data={"code": code, "id": f"store-{code}", "name": name})
        for n, (code, name) in enumerate(DEMO_STORES, start=1)
    ]  # fmt: skip
    if cheese is not None:
        levels = {"S01": 0, "S02": 3000, "S03": 1000, "S04": 0}
        data = {
            "product_id": cheese.product_id,
            "sku": cheese.sku,
            "stores": {
                code: {"on_hand_milli": a, "reserved_milli": 0, "available_milli": a}
                for code, a in levels.items()
            },
            "online_available_milli": 4000,
            "updated_at": now.isoformat(),
        }
        changes.append(
            Change(scope="store:S01", seq=10, collection="stock", key=cheese.product_id,
                   op="upsert", data=data)
        )  # fmt: skip
    qrs = []
    for n, (number, store, state, paid) in enumerate(
        (("W-000412", "S01", "ready", False), ("W-000388", "S02", "placed", True))
    ):
        code = f"{739_104 + n * 1111:06d}"
        lines = [
            {"product_id": "p", "sku": "DEMO", "name": "Demo", "qty_milli": 2000,
             "unit_price_minor": 4550, "bin": "A-1"},
            {"product_id": "q", "sku": "DEMO2", "name": "Demo 2", "qty_milli": 1000,
             "unit_price_minor": 12990, "bin": "A-2"},
        ]  # fmt: skip
        order = {
            "id": f"web-{number}",
            "number": number,
            "store_code": store,
            "state": state,
            "customer_name": "Demo Müşteri",
            "phone": "0532 000 00 00",
            "pickup_code": code,
            "qr_payload": f"POSPICKUP:{number}:{code}",
            "paid": paid,
            "total_minor": 2 * 4550 + 12990,
            "currency": "TRY",
            "lines": lines,
            "created_at": now.isoformat(),
            "pickup_by": None,
            "version": 1,
        }
        changes.append(
            Change(scope=f"store:{store}", seq=20 + n, collection="pickup_order",
                   key=str(order["id"]), op="upsert", data=order)
        )  # fmt: skip
        qrs.append(f"POSPICKUP:{number}:{code}")
    SyncStore(services.engine, services.clock).apply_changes(changes, "screenshots")
    return tuple(qrs)


def shoot_all(make_window: Callable[[], tuple[KioskWindow, Scenario]], out: Path) -> list[Path]:
    """Build the window (``make_window``), shoot it, stop its timers."""
    out.mkdir(parents=True, exist_ok=True)
    window, scenario = make_window()
    window.show()
    try:
        return shoot_kiosk(window, scenario, out)
    finally:
        window.idle.pause()


class MiddayClock:
    """Noon in Istanbul: every item may be sold (the screenshots run at any hour)."""

    def now(self) -> datetime:
        return datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


# The demo catalog's codes (pos_app/resources/demo/catalog.csv).
DEMO_GOODS = ("8680401060289", "8696730818224")  # lettuce, white cheese
DEMO_AGE_ITEM = "8690483423155"  # Pilsen beer 50 cl, 18+
DEMO_UNKNOWN = "8690000009999"
DEMO_BANANA_SKU = "SKU-00018"
DEMO_STORES = (("S01", "Kadıköy"), ("S02", "Beşiktaş"), ("S03", "Bornova"), ("S04", "Çankaya"))


def main(out: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = application()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        write_demo_config(data)
        settings = load_settings(
            data_dir=data,
            lang="tr",
            scale_uri="fake:1250",
            kiosk_grid_categories=[DEMO_PRODUCE_CATEGORY],
        )
        engine = open_engine(settings)
        initialise_terminal(engine, "S01", "K01")
        services = build_services(settings, engine, MiddayClock())
        try:
            install_demo(services, sample_sales=0)
            # The demo's cashier shift is a till's: the kiosk's day is its own user's.
            shift = services.shifts.current()
            if shift is not None:
                expected = services.shifts.expected_cash(shift.shift_id)
                services.shifts.close(shift.shift_id, expected, shift.user_id)
            supervisor = services.users.find(DEMO_USERS[1][0])
            badge = services.users.issue_badge(supervisor.user_id)
            loyalty = seed_loyalty(services)  # before the kiosk: it takes services.loyalty
            kiosk = build_kiosk(
                services, scale=open_scale(settings.scale_uri), terminal=None, language="tr"
            )
            kiosk.attendant.open_by_badge(badge)
            kiosk.attendant.open_day()
            kiosk.attendant.leave()
            banana = services.catalog.by_sku(DEMO_BANANA_SKU)
            scenario = Scenario(
                DEMO_GOODS,
                DEMO_AGE_ITEM,
                DEMO_UNKNOWN,
                badge,
                banana.product_id if banana is not None else None,
                pickups=seed_replica(services),
                aisle_item=DEMO_GOODS[1],
                loyalty=loyalty,
            )
            switcher, scanner = prepare_application(settings, app)

            def make() -> tuple[KioskWindow, Scenario]:
                window = KioskWindow(
                    kiosk, settings, scale_present=True, scanner=scanner, switcher=switcher
                )
                return window, scenario

            written = shoot_all(make, out)
            switcher.uninstall()
        finally:
            services.close()
    sys.stdout.write(f"{len(written)} kiosk screenshots in {out}\n")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "kiosk-screenshots"))
