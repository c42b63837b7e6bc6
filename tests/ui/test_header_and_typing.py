"""The cashier window's header (issue 14, item 10), text typed with no field focused (item 20)
and repeated scans (item 17), through the real app.

PNGs of the header go to POS_SCREENSHOT_DIR when it is set (else the test's tmp dir).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from pos_app.ui.main import CashierApp
from pos_app.ui.widgets import elide_words
from tests.ui.conftest import HUMAN_DELAY_MS, AppFactory, Till
from tests.ui.test_cashier_flow import MILK, TEA, barcode, scan, selling, wait_lines

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

STORE = "Demo Mağaza Kadıköy"  # the demo's store
SIZES = ((1024, 768), (1920, 1080))


def settle(qtbot: QtBot) -> None:
    for _ in range(5):
        QApplication.processEvents()
    qtbot.wait(1)


def shoot(cashier: CashierApp, name: str, tmp_path: Path) -> None:
    target = Path(os.environ.get("POS_SCREENSHOT_DIR") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    assert cashier.window.grab().save(str(target / f"{name}.png"))


# -- item 10: the header -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_the_header_shows_the_whole_store_and_cashier_at_both_sizes(
    qtbot: QtBot, make_app: AppFactory, till: Till, lang: str, tmp_path: Path
) -> None:
    cashier = make_app(lang=lang, store_name=STORE)
    window = cashier.window
    cashier.register.sign_in(till.cashier.user_id, "4826")
    till_word = "Kasa" if lang == "tr" else "Till"
    for width, height in SIZES:
        window.resize(width, height)
        settle(qtbot)
        shoot(cashier, f"header_{lang}_{width}x{height}", tmp_path)
        for label, text in (
            (window.store_label, STORE),
            (window.user_label, f"Ayşe · {till_word} T01"),
        ):
            assert label.text() == text, (width, label.text())
            # Whole, not cut mid-letter by the label's edge.
            assert label.fontMetrics().horizontalAdvance(text) <= label.contentsRect().width()
            assert label.isVisible() and label.toolTip() == ""
        buttons = [b for b in window.header.findChildren(QPushButton) if b.isVisible()]
        assert window.quit_button in buttons and window.sign_out_button in buttons
        for header_button in buttons:  # the buttons keep their whole text too
            assert header_button.width() >= header_button.sizeHint().width()


def test_a_store_name_too_long_for_the_room_is_cut_at_a_word_with_a_tooltip(
    qtbot: QtBot, make_app: AppFactory, till: Till
) -> None:
    name = "Örnek Süpermarketler Zinciri Kadıköy Moda Caddesi Şubesi"
    cashier = make_app(lang="tr", store_name=name)
    window = cashier.window
    cashier.register.sign_in(till.cashier.user_id, "4826")
    window.resize(1024, 768)
    settle(qtbot)
    shown = window.store_label.text()
    assert shown.endswith("…") and shown != "…"
    words = shown.removesuffix("…")
    assert name.startswith(words) and name[len(words)] == " "  # whole words only
    assert window.store_label.toolTip() == name
    assert window.store_label.accessibleName() == name
    window.resize(1920, 1080)
    settle(qtbot)
    assert window.store_label.text() == name and window.store_label.toolTip() == ""


def test_elide_words() -> None:
    def advance(text: str) -> int:
        return len(text) * 10

    assert elide_words("Demo Mağaza Kadıköy", 190, advance) == "Demo Mağaza Kadıköy"
    assert elide_words("Demo Mağaza Kadıköy", 150, advance) == "Demo Mağaza…"
    assert elide_words("Demo · Kasa T01", 100, advance) == "Demo…"  # no dangling "·"
    assert elide_words("Süpermarket", 60, advance) == "Süper…"  # one word: by letters
    assert elide_words("Süpermarket", 5, advance) == "…"


# -- item 20: text typed with no field focused -------------------------------------------------


def test_text_typed_on_the_lines_becomes_a_search(
    qtbot: QtBot, make_app: AppFactory, till: Till
) -> None:
    cashier = selling(qtbot, make_app, till)
    sale = cashier.window.sale
    assert sale.table.hasFocus()
    qtbot.keyClicks(sale.table, "tea", delay=HUMAN_DELAY_MS)  # a person, not a scanner
    qtbot.waitUntil(lambda: sale.search.text() == "tea")
    assert sale.search.hasFocus()
    qtbot.waitUntil(lambda: sale.pages.currentIndex() == 1)  # the results
    assert sale.results.rowCount() >= 1
    qtbot.wait(HUMAN_DELAY_MS)
    qtbot.keyClick(sale.search, Qt.Key.Key_Return)
    wait_lines(qtbot, cashier, 1)
    assert cashier.register.sale.cart.lines[0].product.sku == "TEA1KG"


def test_digits_typed_on_a_button_or_with_no_focus_become_a_search(
    qtbot: QtBot, make_app: AppFactory, till: Till
) -> None:
    cashier = selling(qtbot, make_app, till)
    window, sale = cashier.window, cashier.window.sale
    resume = sale.action_buttons["resume"]
    resume.setFocus()
    qtbot.waitUntil(resume.hasFocus)
    qtbot.keyClicks(resume, "86", delay=HUMAN_DELAY_MS)
    qtbot.waitUntil(lambda: sale.search.text() == "86")

    sale.search.clear()
    window.setFocus()  # the window itself: no field at all
    qtbot.waitUntil(window.hasFocus)
    qtbot.keyClicks(window, "9", delay=HUMAN_DELAY_MS)
    qtbot.waitUntil(lambda: sale.search.text() == "9")
    assert sale.search.hasFocus()
    assert cashier.register.sale.cart.is_empty  # nothing was added by typing alone


def test_a_scan_on_the_lines_is_still_a_scan(
    qtbot: QtBot, make_app: AppFactory, till: Till
) -> None:
    cashier = selling(qtbot, make_app, till)
    sale = cashier.window.sale
    scan(qtbot, sale.table, barcode(TEA))
    wait_lines(qtbot, cashier, 1)
    qtbot.wait(100)  # past the scanner's hold: nothing typed comes out later
    assert sale.search.text() == ""
    assert sale.table.hasFocus()


# -- item 17: the same item scanned twice --------------------------------------------------


def test_the_same_item_scanned_twice_is_one_line_on_both_screens(
    qtbot: QtBot, make_app: AppFactory, till: Till
) -> None:
    cashier = selling(qtbot, make_app, till, customer_display=True)
    sale, display = cashier.window.sale, cashier.display
    assert display is not None
    for _ in range(2):
        scan(qtbot, sale.table, barcode(MILK))
    qtbot.waitUntil(lambda: cashier.register.sale.cart.lines[0].quantity == 2)
    for model in (sale.model, display.model):
        assert model.rowCount() == 1
        assert model.index(0, model.QUANTITY).data() == "2"
    [draft] = till.rows("draft_sale")
    assert '"quantity": "2"' in draft["cart_json"]


def test_merging_repeated_scans_can_be_turned_off(
    qtbot: QtBot, make_app: AppFactory, till: Till
) -> None:
    cashier = selling(qtbot, make_app, till, merge_scans=False)
    for count in (1, 2):
        scan(qtbot, cashier.window.sale.table, barcode(MILK))
        wait_lines(qtbot, cashier, count)
    assert [line.quantity for line in cashier.register.sale.cart.lines] == [1, 1]
