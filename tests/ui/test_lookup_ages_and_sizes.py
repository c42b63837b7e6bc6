"""The stock look-up and the pickup desk over the till's window: how old their figures are
(the last pull that confirmed them, not the last change) and whole names at 1024x768 and
1920x1080 in both languages, with the theme and long store and customer names (rendered to PNG;
POS_SCREENSHOT_DIR keeps them)."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QTableWidget, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, insert, update

from pos_app.checkout.register import Register
from pos_app.services.bundle import Services
from pos_app.storage.tables import table
from pos_app.ui.cashier.stock import StockDialog
from tests.replica import apply, change
from tests.ui.conftest import DESK_SYNCED, Till
from tests.ui.screens import pickup_dialog, stock_dialog

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

STALE = "the network may be down"
LONG_STORES = {
    "S01": "Kadıköy Mağazası",
    "S02": "Beşiktaş Çarşı Mağazası",
    "S03": "Bornova İzmir Forum AVM",
    "S04": "Çankaya Ankara Kızılay",
}


@pytest.fixture(autouse=True)
def styled(qapp: QApplication) -> Iterator[None]:
    """The screens as the app shows them: with the theme (pos.qss)."""
    from pos_app.ui.style import STYLE_FILE

    before = qapp.styleSheet()
    qapp.setStyleSheet(STYLE_FILE.read_text(encoding="utf-8"))
    yield
    qapp.setStyleSheet(before)


def shoot(widget: QWidget, name: str, tmp_path: Path) -> None:
    for _ in range(5):
        QApplication.processEvents()
    target = Path(os.environ.get("POS_SCREENSHOT_DIR") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    assert widget.grab().save(str(target / f"{name}.png"))


def last_pull(engine: Engine, at: datetime) -> None:
    """The till is enrolled and its last successful sync round (with its pull) ended at ``at``."""
    s = table("sync_state")
    with engine.begin() as conn:
        if conn.execute(s.select()).first() is None:
            conn.execute(
                insert(s),
                {
                    "id": 1,
                    "server_url": "http://backend",
                    "terminal_id": "t",
                    "terminal_code": "T01",
                    "store_id": "id-S01",
                    "store_code": "S01",
                    "enrolled_at": at - timedelta(days=1),
                },
            )
        conn.execute(update(s).where(s.c.id == 1).values(last_success_at=at))


def open_stock(
    qtbot: QtBot, register: Register, services: Services, parent: QWidget | None, query: str
) -> StockDialog:
    stock = stock_dialog(register, services, parent, query=query)
    qtbot.addWidget(stock)
    stock.open()
    qtbot.waitExposed(stock)
    return stock


# -- how old the figures are (item 9) ----------------------------------------------------------


def test_unchanged_figures_are_fresh_while_the_till_pulls(
    qtbot: QtBot, desk_register: Callable[..., Register], till: Till
) -> None:
    # Milk's stock rows were last changed two hours ago; the till pulled a minute ago.
    register, services = desk_register("en", minutes_after_sync=120)
    now = services.clock.now()
    last_pull(till.engine, now - timedelta(minutes=1))
    stock = open_stock(qtbot, register, services, None, "MILK1L")
    assert stock.selected() is not None
    note = stock.note.text()
    assert STALE not in note and "1 min ago" in note, note
    assert stock.note.property("kind") == ""
    # The last pull is 20 minutes old: now the figures may have moved.
    last_pull(till.engine, now - timedelta(minutes=20))
    stock.search_now()
    note = stock.note.text()
    assert STALE in note and "20 min ago" in note, note
    assert stock.note.property("kind") == "message"
    stock.reject()


def test_never_pulled_says_so(
    qtbot: QtBot, desk_register: Callable[..., Register], till: Till
) -> None:
    register, services = desk_register("en")
    with till.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM stock_level WHERE product_id = 'p-bread'")
        conn.exec_driver_sql("DELETE FROM online_stock WHERE product_id = 'p-bread'")
    stock = open_stock(qtbot, register, services, None, "BREAD")
    assert "never synced with the backend" in stock.note.text()
    assert stock.table.item(0, 4).text() == "–"
    stock.reject()


# -- whole names at the till's window sizes (item 10) ------------------------------------------


def whole(view: QTableWidget, column: int) -> bool:
    """Every text of ``column`` fits (nothing cut to "…")."""
    return view.columnWidth(column) >= view.sizeHintForColumn(column)


def every_row_shown(view: QTableWidget) -> bool:
    rows = sum(view.rowHeight(r) for r in range(view.rowCount()))
    return view.viewport().height() >= rows and not view.verticalScrollBar().isVisible()


@pytest.mark.parametrize("lang", ["tr", "en"])
@pytest.mark.parametrize("size", [(1024, 768), (1920, 1080)])
def test_whole_store_and_customer_names_at_the_tills_sizes(
    qtbot: QtBot,
    desk_register: Callable[..., Register],
    till: Till,
    lang: str,
    size: tuple[int, int],
    tmp_path: Path,
) -> None:
    from tests.integration.test_variants import _seed as seed_variants

    register, services = desk_register(lang)
    seed_variants(services)
    stores = [
        change("store", code, {"code": code, "id": f"store-{code}", "name": name})
        for code, name in LONG_STORES.items()
    ]
    apply(till.engine, DESK_SYNCED, stores)
    window = QWidget()
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    tag = f"{lang}_{size[0]}"

    stock = open_stock(qtbot, register, services, window, "MILK1L")
    # Sized for the window it opens over, not a fixed 940x620.
    assert stock.width() >= size[0] - 48 and stock.height() >= size[1] - 64
    assert stock.table.rowCount() == 5  # here, the three other stores, online
    assert "S02 Beşiktaş Çarşı Mağazası" in [stock.table.item(r, 0).text() for r in range(5)]
    assert whole(stock.table, 0) and every_row_shown(stock.table)
    shoot(stock, f"stock_{tag}", tmp_path)
    # An item with sizes and colours: the stores' rows stay whole above the variants.
    stock.search_edit.setText("TS-W-M")
    stock.search_now()
    qtbot.waitUntil(stock.variants_table.isVisible)
    assert whole(stock.table, 0) and every_row_shown(stock.table)
    assert whole(stock.variants_table, 0)
    assert stock.variants_table.viewport().height() >= 2 * stock.variants_table.rowHeight(0)
    for action in (stock.order_button, stock.manager_button):
        assert action.width() >= action.sizeHint().width()  # "Order for the customer…"
    shoot(stock, f"stock_variants_{tag}", tmp_path)
    stock.reject()

    desk = pickup_dialog(register, services, window)
    qtbot.addWidget(desk)
    desk.open()
    qtbot.waitExposed(desk)
    assert desk.width() >= size[0] - 48 and desk.height() >= size[1] - 64
    assert len(desk.orders) == 3
    assert whole(desk.table, 1) and every_row_shown(desk.table)  # the customers' names
    assert not desk.table.horizontalScrollBar().isVisible()
    shoot(desk, f"pickup_{tag}", tmp_path)
    desk.reject()
