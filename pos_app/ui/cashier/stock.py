"""Stock look-up (Ctrl+I): an item's stock here, reserved for pickups and available, at the other
stores and online, each with the time it was last synced."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
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
    QWidget,
)

from pos_app.errors import UserError
from pos_app.services.register import Register
from pos_app.services.stock_lookup import ProductStock, StoreStock
from pos_app.ui.cashier.dialogs import PosDialog
from pos_app.ui.cashier.freshness import age_text, is_stale
from pos_app.ui.i18n import format_milli
from pos_app.ui.widgets import named, set_label


class StockDialog(PosDialog):
    """Find an item by scan, barcode, SKU or name; see where it is."""

    def __init__(self, register: Register, parent: QWidget | None, *, query: str = "") -> None:
        super().__init__(register, "stock", parent)
        self.lookup = register.services.stock_lookup
        self.setMinimumSize(940, 620)
        self.results: list[ProductStock] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self.search_edit = named(QLineEdit(), "stock_search")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(lambda _text: self._timer.start())
        self.body.addWidget(self.search_edit)
        row = QHBoxLayout()
        self.result_list = named(QListWidget(), "stock_results")
        self.result_list.currentRowChanged.connect(lambda _row: self._show_selected())
        row.addWidget(self.result_list, 2)
        self.table = named(QTableWidget(0, 5), "stock_table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        row.addWidget(self.table, 3)
        self.body.addLayout(row, 1)
        self.note = named(QLabel(), "stock_note")
        self.note.setWordWrap(True)
        self.body.addWidget(self.note)
        self.ok_button.hide()
        self._timer.timeout.connect(self.reload)
        self.finish_setup()
        if query:
            self.search_edit.setText(query)
            self.reload()
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
        if hasattr(self, "results"):
            self._show_selected()

    def scan(self, code: str) -> None:
        self.search_edit.setText(code)
        self.reload()

    def reload(self) -> None:
        query = self.search_edit.text().strip()
        self.error.hide()
        try:
            self.results = self.lookup.find(query) if query else []
        except UserError as error:
            self.results = []
            self.show_user_error(error)
        self.result_list.clear()
        for found in self.results:
            item = QListWidgetItem(f"{found.name}\n{found.sku}")
            self.result_list.addItem(item)
        if self.results:
            self.result_list.setCurrentRow(0)
        elif query:
            self.show_error(self.tr("No item matches {query}.").format(query=query))
        self._show_selected()

    def _row(self, row: int, where: str, stock: StoreStock | None, bold: bool) -> None:
        now = self.register.services.clock.now()
        language = self.register.language
        if stock is None:
            cells = [where, "–", "–", "–", age_text(None, now, language)]
        else:
            cells = [
                where,
                format_milli(stock.on_hand_milli, language),
                format_milli(stock.reserved_milli, language),
                format_milli(stock.available_milli, language),
                age_text(stock.synced_at, now, language),
            ]
        self._cells(row, cells, bold)

    def _cells(self, row: int, cells: list[str], bold: bool = False) -> None:
        for column, value in enumerate(cells):
            item = QTableWidgetItem(value)
            if column:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if bold:
                font = QFont(item.font())
                font.setBold(True)
                item.setFont(font)
            self.table.setItem(row, column, item)

    def _show_selected(self) -> None:
        index = self.result_list.currentRow()
        if not (0 <= index < len(self.results)):
            self.table.setRowCount(0)
            self.note.setText("")
            return
        found = self.results[index]
        now = self.register.services.clock.now()
        language = self.register.language
        rows = 2 + len(found.others)
        self.table.setRowCount(rows)
        here_name = found.here.store_name if found.here is not None else ""
        self._row(0, self.tr("Here {store}").format(store=here_name).strip(), found.here, True)
        for offset, other in enumerate(found.others, 1):
            self._row(offset, f"{other.store_code} {other.store_name}", other, False)
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
                age_text(found.online_synced_at, now, language),
            ],
        )
        notes = []
        if found.unsynced_milli:
            notes.append(
                self.tr("Sold or moved here since the last sync: {qty}.").format(
                    qty=format_milli(found.unsynced_milli, language)
                )
            )
        if is_stale(found.synced_at, now):
            notes.append(
                self.tr("These figures are {age}: the network may be down.").format(
                    age=age_text(found.synced_at, now, language)
                )
            )
        self.note.setText(" ".join(notes))
