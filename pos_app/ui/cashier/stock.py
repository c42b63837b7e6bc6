"""Stock look-up (Ctrl+I): an item's stock here, reserved for pickups and available, at the other
stores and online, each with the time a pull last confirmed it.

Scans and typed codes end with Enter: it searches at once and the look-up stays open showing
the item; only Esc (or Close) closes it. Whatever is typed on its lists and buttons goes to
the search box (``search_dialog``), so a scan finds the item wherever the focus is.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_app.checkout.register import Register
from pos_app.errors import UserError
from pos_app.services.stock_lookup import ProductStock, StoreStock, VariantStock
from pos_app.ui.cashier.aisle import OrderElsewhereDialog
from pos_app.ui.cashier.dialogs import PosDialog
from pos_app.ui.cashier.freshness import age_text, is_stale
from pos_app.ui.cashier.search_dialog import SearchKeys, fit_to_window, is_typed, type_into
from pos_app.ui.i18n import format_milli, format_store_when
from pos_app.ui.stock_tools import StockTools
from pos_app.ui.widgets import button, named, set_label

_MOVES = {
    Qt.Key.Key_Up: -1,
    Qt.Key.Key_Down: 1,
    Qt.Key.Key_PageUp: -5,
    Qt.Key.Key_PageDown: 5,
}


# Opens manager mode in place of the look-up (``pos_app.ui.manager.dialog.open_manager_mode``),
# handed in by the app: the manager screens build on the cashier's, not the other way round.
ManagerMode = Callable[["StockDialog"], object]


class StockDialog(PosDialog):
    """Find an item by scan, barcode, SKU or name; see where it is."""

    def __init__(
        self,
        register: Register,
        parent: QWidget | None,
        tools: StockTools,
        *,
        query: str = "",
        manager_mode: ManagerMode | None = None,
    ) -> None:
        super().__init__(register, "stock", parent)
        self.tools = tools
        self.manager_mode = manager_mode
        self.lookup = tools.lookup
        self.clock = tools.clock
        self.zone = tools.zone
        self.setMinimumSize(900, 620)
        self.results: list[ProductStock] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self.search_edit = named(QLineEdit(), "stock_search")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(lambda _text: self._timer.start())
        self.body.addWidget(self.search_edit)
        # Left: the items found, the note on the figures and what can be done with the item;
        # right, over the whole height: the figures by store, then the sizes and colours.
        row = QHBoxLayout()
        side = QVBoxLayout()
        self.result_list = named(QListWidget(), "stock_results")
        self.result_list.currentRowChanged.connect(lambda _row: self._show_selected())
        self.result_list.setWordWrap(True)
        self.result_list.setMinimumWidth(180)
        side.addWidget(self.result_list, 1)
        row.addLayout(side, 0)  # as wide as its buttons: the figures get the rest
        self.table = named(QTableWidget(0, 5), "stock_table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        # Every column as wide as its content; the store names take what is left over.
        for column in range(5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        tables = QVBoxLayout()
        tables.addWidget(self.table, 3)
        # Variants: every size and colour of the selected item's model, one row each.
        self.variants_title = named(QLabel(), "stock_variants_title")
        self.variants_table = named(QTableWidget(0, 4), "stock_variants")
        self.variants_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.variants_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.variants_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.variants_table.verticalHeader().hide()
        variants_header = self.variants_table.horizontalHeader()
        variants_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 4):
            variants_header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.variants_table.cellClicked.connect(lambda r, _c: self._open_variant(r))
        self.variants: list[VariantStock] = []
        tables.addWidget(self.variants_title)
        tables.addWidget(self.variants_table, 2)
        row.addLayout(tables, 1)
        self.body.addLayout(row, 1)
        SearchKeys(self.search_edit, (self.result_list, self.table, self.variants_table))
        self.note = named(QLabel(), "stock_note")
        self.note.setWordWrap(True)
        side.addWidget(self.note)
        # Endless aisle: sell the selected item for pickup at another store or delivery.
        self.order_button = button("stock_order_elsewhere", on_click=self.order_elsewhere)
        side.addWidget(self.order_button)
        # Manager mode (adjust, receive, count, transfer, exceptions) behind a manager's PIN.
        self.manager_button = button("stock_manager_mode", on_click=self.open_manager_mode)
        side.addWidget(self.manager_button)
        self.manager_button.setVisible(manager_mode is not None)
        self.ok_button.hide()  # nothing to confirm: Enter searches, Esc closes
        self._timer.timeout.connect(self.reload)
        self.finish_setup()
        fit_to_window(self)
        if query:
            self.search_edit.setText(query)
            self.search_now()
        self.search_edit.setFocus()

    def retranslate(self) -> None:
        super().retranslate()
        self.title.setText(self.tr("Stock look-up"))
        set_label(self.cancel_button, self.tr("Close (Esc)"), self.tr("Close"))
        set_label(
            self.search_edit,
            self.tr("Scan, or type a barcode, SKU or name"),
            self.tr("Search stock"),
        )
        self.result_list.setAccessibleName(self.tr("Items found"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Where"),
                self.tr("On hand"),
                self.tr("Reserved"),
                self.tr("Available"),
                self.tr("As of"),
            ]
        )
        self.table.setAccessibleName(self.tr("Stock by store"))
        self.variants_title.setText(self.tr("Sizes and colours of this item"))
        self.variants_table.setHorizontalHeaderLabels(
            [self.tr("Variant"), self.tr("Here"), self.tr("Other stores"), self.tr("Online")]
        )
        self.variants_table.setAccessibleName(self.tr("Sizes and colours"))
        set_label(
            self.manager_button,
            self.tr("Manager mode…"),
            self.tr("Manager mode: adjust, receive, count, transfer (manager PIN)"),
        )
        set_label(
            self.order_button,
            self.tr("Order for the customer…"),
            self.tr("Order for pickup elsewhere or delivery"),
        )
        for action in (self.order_button, self.manager_button):
            action.ensurePolished()  # measured in the theme's font
            action.setMinimumWidth(action.sizeHint().width())  # whole words in any language
        if hasattr(self, "results"):
            self._fill_results()  # the items' names in the new language
            self._show_selected()

    def scan(self, code: str) -> None:
        """A scan routed here by the window: show the item, stay open."""
        self.search_edit.setText(code)
        self.search_now()

    def search_now(self) -> None:
        """Search what the box holds at once (Enter, a scan) and keep the text selected, so
        the next scan or typed code replaces it."""
        self._timer.stop()
        self.reload()
        self.search_edit.setFocus()
        self.search_edit.selectAll()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            # Never accept (PosDialog would): a scanner ends every code with Enter. In the
            # search box Enter searches; on a list or table it keeps what is shown.
            if self.search_edit.hasFocus():
                self.search_now()
            return
        if key in _MOVES and self.search_edit.hasFocus() and self.results:
            row = self.result_list.currentRow() + _MOVES[Qt.Key(key)]
            self.result_list.setCurrentRow(max(0, min(row, len(self.results) - 1)))
            return
        if is_typed(event) and not self.search_edit.hasFocus():
            type_into(self.search_edit, event)  # typed on a button: a scan, or a search
            return
        super().keyPressEvent(event)

    def open_manager_mode(self) -> None:
        """A manager's PIN, then the manager screens in place of this look-up."""
        if self.manager_mode is not None:
            self.manager_mode(self)

    def _show_variants(self, found: ProductStock | None) -> None:
        """The sizes and colours of the selected item's model, with what is available
        here, at the other stores together and online; hidden for an item without any."""
        self.variants = self.lookup.variants(found.product_id) if found is not None else []
        shown = len(self.variants) > 1
        self.variants_title.setVisible(shown)
        self.variants_table.setVisible(shown)
        if not shown:
            self.variants_table.setRowCount(0)
            self.table.setMinimumHeight(0)
            self.table.setMaximumHeight(16777215)  # QWIDGETSIZE_MAX: the whole column
            return
        language = self.register.language
        self.variants_table.setRowCount(len(self.variants))
        for row, variant in enumerate(self.variants):
            stock = variant.stock
            label = (
                " · ".join(
                    value
                    for value in (variant.variant.get("colour"), variant.variant.get("size"))
                    if value
                )
                or stock.sku
            )
            here = stock.available_now_milli if stock.here is not None else None
            others = sum(max(o.available_milli, 0) for o in stock.others)
            online = stock.online_available_milli
            cells = [
                label,
                "–" if here is None else format_milli(max(here, 0), language),
                format_milli(others, language),
                "–" if online is None else format_milli(online, language),
            ]
            current = found is not None and stock.product_id == found.product_id
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                if current:
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                self.variants_table.setItem(row, column, item)

    def _open_variant(self, row: int) -> None:
        """Show the figures of the variant tapped (it can then be ordered elsewhere)."""
        if 0 <= row < len(self.variants):
            self.search_edit.setText(self.variants[row].stock.sku)
            self.reload()

    def selected(self) -> ProductStock | None:
        index = self.result_list.currentRow()
        return self.results[index] if 0 <= index < len(self.results) else None

    def order_elsewhere(self) -> None:
        """Open the endless-aisle order for the selected item; back to the sale once added."""
        found = self.selected()
        if found is None:
            return
        self.error.hide()
        dialog = OrderElsewhereDialog(self.register, found, self, self.tools)
        dialog.accepted.connect(self.accept)
        dialog.open()

    def reload(self) -> None:
        query = self.search_edit.text().strip()
        self.error.hide()
        try:
            self.results = self.lookup.find(query) if query else []
        except UserError as error:
            self.results = []
            self.show_user_error(error)
        self._fill_results()
        if self.results:
            self.result_list.setCurrentRow(0)
        elif query:
            self.show_error(self.tr("No item matches {query}.").format(query=query))
        self._show_selected()

    def _fill_results(self) -> None:
        """The items found, in the register's language."""
        language = self.register.language
        current = self.result_list.currentRow()
        self.result_list.blockSignals(True)
        self.result_list.clear()
        for found in self.results:
            self.result_list.addItem(QListWidgetItem(f"{found.name_in(language)}\n{found.sku}"))
        if 0 <= current < len(self.results):
            self.result_list.setCurrentRow(current)
        self.result_list.blockSignals(False)

    def _as_of(self, moment: datetime | None) -> str:
        """The "As of" cell: when a pull last confirmed the figure (the note says how long
        ago); a dash when the till never pulled."""
        if moment is None:
            return "–"
        now = self.clock.now()
        return format_store_when(moment, now, self.register.language, self.zone)

    def _row(
        self, row: int, where: str, stock: StoreStock | None, bold: bool, pulled: datetime | None
    ) -> None:
        language = self.register.language
        if stock is None:
            # No figure from the backend for this store: as of the last pull, it had none.
            cells = [where, "–", "–", "–", self._as_of(pulled)]
        else:
            cells = [
                where,
                format_milli(stock.on_hand_milli, language),
                format_milli(stock.reserved_milli, language),
                format_milli(stock.available_milli, language),
                self._as_of(stock.synced_at),
            ]
        self._cells(row, cells, bold)

    def _note_kind(self, kind: str) -> None:
        """The note stands out (``message``) when the figures may be out of date."""
        if self.note.property("kind") != kind:
            self.note.setProperty("kind", kind)
            self.note.style().unpolish(self.note)
            self.note.style().polish(self.note)

    def _cells(self, row: int, cells: list[str], bold: bool = False) -> None:
        for column, value in enumerate(cells):
            item = QTableWidgetItem(value)
            if column:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            else:
                item.setToolTip(value)  # a store name too long for a small window
            if bold:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            self.table.setItem(row, column, item)

    def _show_selected(self) -> None:
        index = self.result_list.currentRow()
        self.order_button.setEnabled(0 <= index < len(self.results))
        self._show_variants(self.results[index] if 0 <= index < len(self.results) else None)
        if not (0 <= index < len(self.results)):
            self.table.setRowCount(0)
            self.note.setText("")
            self._note_kind("")
            return
        found = self.results[index]
        now = self.clock.now()
        language = self.register.language
        rows = 2 + len(found.others)
        self.table.setRowCount(rows)
        here_name = found.here.store_name if found.here is not None else ""
        here = self.tr("Here {store}").format(store=here_name).strip()
        self._row(0, here, found.here, True, found.pulled_at)
        for offset, other in enumerate(found.others, 1):
            self._row(offset, f"{other.store_code} {other.store_name}", other, False, None)
        online = (
            "–"
            if found.online_available_milli is None
            else format_milli(found.online_available_milli, language)
        )
        self._cells(
            rows - 1,
            [
                self.tr("Online (web shop)"),
                "",
                "",
                online,
                self._as_of(
                    found.online_synced_at
                    if found.online_available_milli is not None
                    else found.pulled_at
                ),
            ],
        )
        age = age_text(found.synced_at, now, language, self.zone)
        notes = []
        if found.unsynced_milli:
            notes.append(
                self.tr("Sold or moved here since the last sync: {qty}.").format(
                    qty=format_milli(found.unsynced_milli, language)
                )
            )
        if is_stale(found.synced_at, now):
            notes.append(
                self.tr("These figures are {age}: the network may be down.").format(age=age)
            )
        else:
            notes.append(self.tr("Figures {age}.").format(age=age))
        self.note.setText(" ".join(notes))
        self._note_kind("message" if is_stale(found.synced_at, now) else "")
        if not self.variants_table.isHidden():
            # Every store's row without scrolling; the sizes and colours below get the rest.
            rows = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
            self.table.setFixedHeight(
                self.table.horizontalHeader().sizeHint().height()
                + rows
                + 2 * self.table.frameWidth()
            )
