"""The manager screens with no backend at all (the network is cut): every tab on the last
synced data with its age, the tasks posted as facts in the outbox, bad input refused with a
clear message, manager mode from the stock look-up (a manager's PIN) and ``pos app
--manager`` (a cashier refused), in Turkish and English, rendered to PNG (POS_SCREENSHOT_DIR
keeps them)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from pos_app.app import build_register, build_services, open_composition, open_engine
from pos_app.checkout.register import Register
from pos_app.services.bundle import Services
from pos_app.services.printing import PrinterDrawer
from pos_app.storage.replica.store import SyncStore
from pos_app.ui.cashier.dialogs import ConfirmDialog
from pos_app.ui.i18n import LanguageSwitcher
from pos_app.ui.main import ManagerApp
from pos_app.ui.manager.common import QuantityDialog
from pos_app.ui.manager.dialog import ManagerApprovalDialog, ManagerDialog
from pos_app.ui.manager.panel import TAB_NAMES
from pos_app.ui.style import apply_style
from sync.protocol import Change
from tests.fakes import SEED, FakeClock
from tests.replica import seed_stock
from tests.ui.conftest import Till
from tests.ui.screens import manager_dialog, stock_dialog
from tests.ui.test_i18n import clipped_buttons, neutral, visible_texts

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

SYNCED = datetime(2026, 11, 23, 11, 40, tzinfo=UTC)
MILK, TEA, SOAP, BREAD, APPLE = SEED
# The same word in Turkish; a symbol; typed data.
SAME_IN_TURKISH = {"Transfer", "±", "İRS-2026/0042"}


class Languages:
    """The app's translators for one test."""

    def __init__(self, app: QApplication, qm_dir: Path) -> None:
        self.app = app
        self.switcher = LanguageSwitcher(app, qm_dir)
        self.register: Register | None = None

    def set(self, language: str) -> None:
        if self.register is not None:
            self.register.set_language(language)
        self.switcher.set_language(language)

    def close(self) -> None:
        self.switcher.set_language("en")
        self.switcher.deleteLater()


def seed_exceptions(services: Services) -> None:
    """The backend raised negative stock for soap (yesterday) and bread (this morning)."""
    rows = [
        ("exc-soap", SOAP, -3000, SYNCED - timedelta(days=1, hours=2)),
        ("exc-bread", BREAD, -1000, SYNCED - timedelta(hours=1)),
    ]
    levels = [
        Change(
            scope="global",
            seq=10 + n,
            collection="stock",
            key=seed.product_id,
            op="upsert",
            data={
                "product_id": seed.product_id,
                "sku": seed.sku,
                "stores": {
                    "S01": {"on_hand_milli": on_hand, "reserved_milli": 0, "available_milli": 0},
                    "S02": {"on_hand_milli": 4000, "reserved_milli": 0, "available_milli": 4000},
                },
                "online_available_milli": 4000,
                "updated_at": SYNCED.isoformat(),
            },
        )
        for n, (_eid, seed, on_hand, _raised) in enumerate(rows, 1)
    ]
    changes = levels + [
        Change(
            scope="store:S01",
            seq=n,
            collection="stock_exception",
            key=eid,
            op="upsert",
            data={
                "id": eid,
                "store_code": "S01",
                "product_id": seed.product_id,
                "sku": seed.sku,
                "on_hand_milli": on_hand,
                "raised_at": raised.isoformat(),
            },
        )
        for n, (eid, seed, on_hand, raised) in enumerate(rows, 1)
    ]
    SyncStore(services.engine, FakeClock(SYNCED)).apply_changes(changes, "cursor")
    with services.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO category (id, name, names_json) VALUES "
                "('c-food', 'Gıda', '{\"en\": \"Food\"}'), "
                "('c-care', 'Temizlik', '{\"en\": \"Cleaning\"}')"
            )
        )
        conn.execute(text("UPDATE product SET category_id = 'c-food' WHERE sku != 'SOAP'"))
        conn.execute(text("UPDATE product SET category_id = 'c-care' WHERE sku = 'SOAP'"))


@pytest.fixture
def languages(qapp: QApplication, qm_dir: Path, restore_locale: None) -> Iterator[Languages]:
    """The translators, and the app's style sheet (touch sizes) as the real app has it."""
    style = qapp.styleSheet()
    apply_style(qapp)
    made = Languages(qapp, qm_dir)
    yield made
    made.close()
    qapp.setStyleSheet(style)


@pytest.fixture
def manager_register(
    till: Till, languages: Languages
) -> Iterator[Callable[..., tuple[Register, Services]]]:
    made: list[Services] = []

    def make(lang: str = "en", minutes_after_sync: int = 5) -> tuple[Register, Services]:
        seed_stock(till.engine, SYNCED)
        clock = FakeClock(SYNCED + timedelta(minutes=minutes_after_sync))
        services = build_services(till.settings, open_engine(till.settings), clock)
        seed_exceptions(services)
        register = build_register(services, PrinterDrawer(services.printing), language=lang)
        register.sign_in(till.cashier.user_id, "4826")
        languages.register = register
        languages.set(lang)
        made.append(services)
        return register, services

    yield make
    for services in made:
        services.close()


def open_manager(qtbot: QtBot, register: Register, services: Services, till: Till) -> ManagerDialog:
    dialog = manager_dialog(register, services, till.manager, None)
    qtbot.addWidget(dialog)
    dialog.resize(1024, 768)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def shoot(widget: QWidget, name: str, tmp_path: Path) -> Path:
    for _ in range(5):
        QApplication.processEvents()
    target = Path(os.environ.get("POS_SCREENSHOT_DIR") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    path = target / f"{name}.png"
    assert widget.grab().save(str(path))
    return path


def modal(qtbot: QtBot, kind: type[Any]) -> Any:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind))
    return QApplication.activeModalWidget()


def confirm(qtbot: QtBot) -> None:
    dialog = modal(qtbot, ConfirmDialog)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible())


def type_quantity(qtbot: QtBot, value: str) -> None:
    dialog = modal(qtbot, QuantityDialog)
    dialog.edit.setText(value)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible())


def facts(services: Services, kind: str) -> list[dict[str, Any]]:
    with services.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT payload_json FROM outbox WHERE kind = :k ORDER BY seq"), {"k": kind}
        ).all()
    return [json.loads(r[0]) for r in rows]


def outbox_size(services: Services) -> int:
    with services.engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM outbox")).scalar_one())


def fill(dialog: ManagerDialog, tab: str) -> None:
    """Put a realistic task on ``tab`` (for the screenshots)."""
    panel = dialog.panel
    if tab == "stock":
        panel.stock.set_filter("low")
    elif tab == "adjust":
        panel.adjust.set_reason("damage")
        for code in (str(MILK.barcode), str(MILK.barcode), "SOAP"):
            dialog.scan(code)
    elif tab == "receive":
        panel.receive.ref_edit.setText("İRS-2026/0042")
        panel.receive._reference_changed("İRS-2026/0042")
        for code in (str(MILK.barcode), str(MILK.barcode), str(TEA.barcode), "BREAD"):
            dialog.scan(code)
    elif tab == "count":
        for code in ("LOC:A-01", str(TEA.barcode), str(TEA.barcode), "LOC:B-02", "SOAP"):
            dialog.scan(code)
    elif tab == "transfer":
        combo = panel.transfer.destination
        combo.setCurrentIndex(combo.findData("S02"))
        for code in (str(MILK.barcode), str(APPLE.plu)):
            dialog.scan(code)


# -- every tab, both languages --------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_every_manager_tab_in_both_languages(
    qtbot: QtBot,
    manager_register: Callable[..., tuple[Register, Services]],
    till: Till,
    lang: str,
    tmp_path: Path,
) -> None:
    register, services = manager_register(lang, minutes_after_sync=75)
    dialog = open_manager(qtbot, register, services, till)
    panel = dialog.panel
    assert panel.tab == "exceptions"  # open exceptions come first
    problems: list[str] = []
    for tab in TAB_NAMES:
        panel.show_tab(tab)
        fill(dialog, tab)
        shoot(dialog, f"manager_{tab}_{lang}", tmp_path)
        problems += [f"{tab}: {p}" for p in clipped_buttons(dialog)]
    panel.show_tab("count")
    panel.count.review()
    shoot(dialog, f"manager_count_review_{lang}", tmp_path)
    problems += [f"count review: {p}" for p in clipped_buttons(dialog)]
    dialog.hide()
    stock = stock_dialog(register, services, None)
    qtbot.addWidget(stock)
    stock.resize(1024, 700)
    stock.show()
    qtbot.waitExposed(stock)
    shoot(stock, f"stock_with_manager_button_{lang}", tmp_path)
    problems += [f"stock look-up: {p}" for p in clipped_buttons(stock)]
    stock.open_manager_mode()
    approval = modal(qtbot, ManagerApprovalDialog)
    shoot(approval, f"manager_approval_{lang}", tmp_path)
    problems += [f"approval: {p}" for p in clipped_buttons(approval)]
    approval.reject()
    assert problems == []
    age = panel.age_label.text()
    if lang == "en":
        assert "1 h 15 min ago" in age and "offline or not synced lately" in age
        assert panel.tab_buttons["exceptions"].text() == "Exceptions (2)"
    else:
        assert "1 sa 15 dk önce" in age and "çevrimdışı" in age
        assert panel.tab_buttons["exceptions"].text() == "Uyarılar (2)"


def test_the_turkish_screens_have_no_english_left(
    qtbot: QtBot,
    manager_register: Callable[..., tuple[Register, Services]],
    languages: Languages,
    till: Till,
) -> None:
    register, services = manager_register("en")
    dialog = open_manager(qtbot, register, services, till)
    panel = dialog.panel
    english: dict[str, dict[str, str]] = {}
    turkish: dict[str, dict[str, str]] = {}
    for tab in TAB_NAMES:
        panel.show_tab(tab)
        fill(dialog, tab)
        english[tab] = visible_texts(dialog)
    languages.set("tr")
    qtbot.waitUntil(lambda: dialog.windowTitle() == "Yönetici modu")
    for tab in TAB_NAMES:
        panel.show_tab(tab)
        turkish[tab] = visible_texts(dialog)
    problems = []
    for tab in TAB_NAMES:
        assert english[tab], f"no texts on the {tab} tab"
        for key, value in turkish[tab].items():
            same = key in english[tab] and value == english[tab][key]
            if same and not neutral(value) and value not in SAME_IN_TURKISH:
                problems.append(f"{tab} {key}: {value!r} is the same in Turkish")
    assert problems == []


# -- tasks on the screens, offline ----------------------------------------------------------------


def test_receiving_a_count_and_a_transfer_are_posted_offline(
    qtbot: QtBot, manager_register: Callable[..., tuple[Register, Services]], till: Till
) -> None:
    register, services = manager_register("en")
    dialog = open_manager(qtbot, register, services, till)
    panel = dialog.panel
    milk_before = services.stock_lookup.for_product(MILK.product_id).on_hand_now_milli

    panel.show_tab("receive")
    tab = panel.receive
    tab.ref_edit.setText("IRS-77")
    tab._reference_changed("IRS-77")
    dialog.scan(str(MILK.barcode))
    dialog.scan(str(MILK.barcode))
    qtbot.keyClicks(tab.picker.edit, "TEA1KG")
    qtbot.keyClick(tab.picker.edit, Qt.Key.Key_Return)
    assert [(line.item.sku, line.qty_milli) for line in tab.draft.lines] == [
        ("MILK1L", 2000),
        ("TEA1KG", 1000),
    ]
    tab.table.selectRow(1)
    qtbot.mouseClick(tab.quantity_button, Qt.MouseButton.LeftButton)
    type_quantity(qtbot, "6")
    qtbot.mouseClick(tab.post_button, Qt.MouseButton.LeftButton)
    confirm(qtbot)
    [received] = facts(services, "stock.received")
    assert received["delivery_ref"] == "IRS-77"
    assert [(line["sku"], line["qty_milli"]) for line in received["lines"]] == [
        ("MILK1L", 2000),
        ("TEA1KG", 6000),
    ]
    assert "Delivery IRS-77 booked in" in panel.message.text()
    assert tab.draft.lines == [] and tab.ref_edit.text() == ""
    milk_now = services.stock_lookup.for_product(MILK.product_id).on_hand_now_milli
    assert milk_now == milk_before + 2000  # the till's own figure moved at once

    panel.show_tab("count")
    count = panel.count
    dialog.scan("LOC:A-01")
    assert count.shelf_label.text() == "Shelf A-01"
    for _ in range(3):
        dialog.scan(str(TEA.barcode))
    qtbot.mouseClick(count.review_button, Qt.MouseButton.LeftButton)
    assert count.reviewing and count.post_button.isVisible()
    [review] = count.reviews
    tea_expected = services.stock_lookup.for_product(TEA.product_id).on_hand_now_milli
    assert (review.counted_milli, review.expected_milli) == (3000, tea_expected)
    assert count.table.item(0, 4).text() in {f"−{(tea_expected - 3000) // 1000}", "0"} or (
        count.table.item(0, 4).text() == f"+{(3000 - tea_expected) // 1000}"
    )
    qtbot.mouseClick(count.post_button, Qt.MouseButton.LeftButton)
    [counted] = facts(services, "stock.counted")
    assert [(c["sku"], c["counted_milli"]) for c in counted["counts"]] == [("TEA1KG", 3000)]
    assert services.stock_lookup.for_product(TEA.product_id).on_hand_now_milli == 3000

    panel.show_tab("transfer")
    transfer = panel.transfer
    transfer.destination.setCurrentIndex(transfer.destination.findData("S02"))
    dialog.scan(str(MILK.barcode))
    qtbot.mouseClick(transfer.post_button, Qt.MouseButton.LeftButton)
    question = modal(qtbot, ConfirmDialog)
    assert "S02 · Beşiktaş" in question.question.text()
    confirm(qtbot)
    [sent] = facts(services, "stock.transferred")
    assert (sent["to_store_code"], [line["qty_milli"] for line in sent["lines"]]) == (
        "S02",
        [1000],
    )
    assert services.stock_lookup.for_product(MILK.product_id).on_hand_now_milli == milk_now - 1000


def test_bad_input_is_refused_with_a_clear_message(
    qtbot: QtBot, manager_register: Callable[..., tuple[Register, Services]], till: Till
) -> None:
    register, services = manager_register("en")
    dialog = open_manager(qtbot, register, services, till)
    panel = dialog.panel
    before = outbox_size(services)
    panel.show_tab("receive")
    dialog.scan(str(MILK.barcode))
    qtbot.mouseClick(panel.receive.post_button, Qt.MouseButton.LeftButton)
    confirm(qtbot)
    assert panel.message.text() == "Enter the delivery note number first."
    dialog.scan("0000000000000")
    assert panel.message.text() == "No item has the barcode, SKU or PLU 0000000000000."
    panel.show_tab("transfer")
    dialog.scan(str(MILK.barcode))
    qtbot.mouseClick(panel.transfer.post_button, Qt.MouseButton.LeftButton)
    confirm(qtbot)
    assert panel.message.text() == "Choose the store the goods go to."
    panel.show_tab("adjust")
    adjust = panel.adjust
    adjust.set_reason("correction")
    dialog.scan(str(MILK.barcode))
    adjust.set_reason("theft")
    assert adjust.draft.lines[0].qty_milli == -1000  # a loss is negative
    adjust.table.selectRow(0)
    qtbot.mouseClick(adjust.quantity_button, Qt.MouseButton.LeftButton)
    quantity = modal(qtbot, QuantityDialog)
    quantity.edit.setText("0.0005")
    qtbot.mouseClick(quantity.ok_button, Qt.MouseButton.LeftButton)
    assert quantity.isVisible()
    assert quantity.error.text() == "A quantity has at most three decimals (grams)."
    quantity.edit.setText("1.5")
    qtbot.mouseClick(quantity.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not shiboken6.isValid(quantity) or not quantity.isVisible())
    assert adjust.draft.lines[0].qty_milli == -1500
    qtbot.mouseClick(adjust.post_button, Qt.MouseButton.LeftButton)
    confirm(qtbot)
    assert panel.message.text() == "MILK1L is counted in pieces: use a whole number."
    assert outbox_size(services) == before


def test_count_now_from_the_exceptions(
    qtbot: QtBot, manager_register: Callable[..., tuple[Register, Services]], till: Till
) -> None:
    register, services = manager_register("en")
    dialog = open_manager(qtbot, register, services, till)
    panel = dialog.panel
    exceptions = panel.exceptions
    assert [e.sku for e in exceptions.exceptions] == ["SOAP", "BREAD"]
    assert exceptions.table.item(0, 1).text() == "−3"
    assert exceptions.table.item(0, 3).text() == "1 d ago"
    exceptions.table.selectRow(1)
    qtbot.mouseClick(exceptions.count_button, Qt.MouseButton.LeftButton)
    modal(qtbot, QuantityDialog).reject()  # changed their mind: no count of bread
    assert panel.tab == "count" and panel.count.draft.entries == []
    panel.show_tab("exceptions")
    exceptions.table.selectRow(0)
    qtbot.mouseClick(exceptions.count_button, Qt.MouseButton.LeftButton)
    type_quantity(qtbot, "4")
    assert panel.tab == "count"
    assert [(e.item.sku, e.qty_milli) for e in panel.count.draft.entries] == [("SOAP", 4000)]
    panel.count.review()
    panel.count.post()
    [counted] = facts(services, "stock.counted")
    assert [(c["sku"], c["counted_milli"]) for c in counted["counts"]] == [("SOAP", 4000)]


def test_a_task_in_progress_comes_back(
    qtbot: QtBot, manager_register: Callable[..., tuple[Register, Services]], till: Till
) -> None:
    register, services = manager_register("en")
    dialog = open_manager(qtbot, register, services, till)
    dialog.panel.show_tab("count")
    dialog.scan("LOC:K-9")
    dialog.scan(str(TEA.barcode))
    dialog.reject()
    again = open_manager(qtbot, register, services, till)
    entries = again.panel.count.draft.entries
    assert [(e.shelf, e.item.sku, e.qty_milli) for e in entries] == [("K-9", "TEA1KG", 1000)]


# -- into manager mode --------------------------------------------------------------------------


def test_manager_mode_from_the_stock_look_up_needs_a_manager_pin(
    qtbot: QtBot,
    manager_register: Callable[..., tuple[Register, Services]],
    till: Till,
    tmp_path: Path,
) -> None:
    register, services = manager_register("en")
    stock = stock_dialog(register, services, None)
    qtbot.addWidget(stock)
    stock.resize(1024, 700)
    stock.show()
    qtbot.waitExposed(stock)
    qtbot.mouseClick(stock.manager_button, Qt.MouseButton.LeftButton)
    approval = modal(qtbot, ManagerApprovalDialog)
    assert [u.name for u in approval.approvers] == ["Zeynep"]  # managers only
    approval.pin.setText("1234")
    qtbot.mouseClick(approval.ok_button, Qt.MouseButton.LeftButton)
    assert approval.isVisible() and approval.error.text() == "Wrong PIN."
    approval.pin.setText("739164")
    qtbot.mouseClick(approval.ok_button, Qt.MouseButton.LeftButton)
    manager = modal(qtbot, ManagerDialog)
    assert manager.manager.user_id == till.manager.user_id
    assert manager.title.text() == "Manager mode · Zeynep"
    qtbot.waitUntil(lambda: not shiboken6.isValid(stock) or not stock.isVisible())
    manager.scan(str(TEA.barcode))  # the window routes scans to the open dialog
    assert manager.panel.stock.search_edit.text() == str(TEA.barcode)
    manager.reject()


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_pos_app_manager_refuses_a_cashier(
    qtbot: QtBot,
    qapp: QApplication,
    till: Till,
    languages: Languages,
    lang: str,
    tmp_path: Path,
) -> None:
    seed_stock(till.engine, SYNCED)
    style = qapp.styleSheet()
    settings = till.settings.model_copy(update={"lang": lang})
    app = ManagerApp(settings, qapp, open_composition(settings))
    app.crash.uninstall()
    try:
        window = app.window
        app.show()
        window.resize(1024, 768)  # the smallest screen the till runs on
        qtbot.waitExposed(window)
        signin = window.signin
        signin.choose(till.cashier.user_id)
        signin.pin.setText("4826")
        signin.submit()
        expected = {
            "en": "Ayşe is not a manager: manager mode needs a manager's PIN.",
            "tr": "Ayşe yönetici değil: yönetici modu için yönetici PIN'i gerekir.",
        }[lang]
        assert signin.message.text() == expected
        assert window.stack.currentWidget() is signin and window.panel is None
        shoot(window, f"manager_signin_refused_{lang}", tmp_path)
        signin.choose(till.manager.user_id)
        signin.pin.setText("739164")
        signin.submit()
        assert window.panel is not None and window.stack.currentWidget() is window.body
        assert window.user_label.text() == "Zeynep"
        window.on_scan(str(MILK.barcode))
        assert window.panel.stock.search_edit.text() == str(MILK.barcode)
        shoot(window, f"manager_window_{lang}", tmp_path)
        assert clipped_buttons(window) == []
        # The header shows the store and the manager whole (issue 14, item 10).
        assert not window.store_label.is_elided(), window.store_label.text()
        # A dialog closed: the keyboard is back on the tab's scan field (no window manager).
        search = window.panel.stock.search_edit
        window.request_quit()
        dialog = modal(qtbot, ConfirmDialog)
        dialog.reject()
        qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
        qtbot.waitUntil(window.isActiveWindow)
        focus = window.focusWidget()
        assert focus is not None and window.panel.isAncestorOf(focus)
        focus.clearFocus()  # nothing focused, as a bare X server leaves it
        window.focus_input()
        assert search.hasFocus()
        window.sign_out()
        assert window.panel is None and window.stack.currentWidget() is signin
        # Quit: a confirmation, then the window closes (the app ends with its last window).
        window.request_quit()
        confirm(qtbot)
        qtbot.waitUntil(lambda: not window.isVisible())
    finally:
        app.close()
        app.window.deleteLater()
        app.switcher.set_language("en")
        app.switcher.deleteLater()
        qapp.setStyleSheet(style)
        QApplication.processEvents()


def test_the_app_command_has_a_manager_option() -> None:
    from typer.testing import CliRunner

    from pos_app.cli import app

    result = CliRunner().invoke(app, ["app", "--help"])
    assert result.exit_code == 0
    assert "--manager" in result.output


def test_the_stock_tab_lists_an_items_sizes_and_colours(
    qtbot: QtBot, manager_register: Callable[..., tuple[Register, Services]], till: Till
) -> None:
    from tests.integration.test_variants import _seed as seed_variants

    register, services = manager_register("en")
    seed_variants(services)
    dialog = open_manager(qtbot, register, services, till)
    stock = dialog.panel.stock
    stock.scan("TS-W-M")
    qtbot.waitUntil(lambda: stock.selected() is not None)
    assert (
        "Sizes and colours here: Beyaz S: 1 · Beyaz M: 3 · Beyaz XL: 0 · Lacivert L: 0 · "
        "Lacivert 42: 1" in stock.detail.text()
    )
    stock.scan("MILK1L")
    qtbot.waitUntil(lambda: stock.selected() is not None and stock.selected().sku == "MILK1L")
    assert "Sizes and colours" not in stock.detail.text()
