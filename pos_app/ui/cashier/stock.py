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
    QVBoxLayout,
    QWidget,
)

from pos_app.errors import UserError
from pos_app.services.register import Register
from pos_app.services.stock_lookup import ProductStock, StoreStock, VariantStock
from pos_app.ui.cashier.aisle import OrderElsewhereDialog
from pos_app.ui.cashier.dialogs import PosDialog
from pos_app.ui.cashier.freshness import age_text, is_stale
from pos_app.ui.i18n import format_milli
from pos_app.ui.widgets import button, named, set_label


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
        self.result_list.setMaximumWidth(300)  # the figures need the room
        row.addWidget(self.result_list, 2)
        self.table = named(QTableWidget(0, 5), "stock_table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
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
        row.addLayout(tables, 3)
        self.body.addLayout(row, 1)
        self.note = named(QLabel(), "stock_note")
        self.note.setWordWrap(True)
        self.body.addWidget(self.note)
        aisle_row = QHBoxLayout()
        aisle_row.addStretch(1)
        # Endless aisle: sell the selected item for pickup at another store or delivery.
        self.order_button = button("stock_order_elsewhere", on_click=self.order_elsewhere)
        aisle_row.addWidget(self.order_button)
        self.body.addLayout(aisle_row)
        # Manager mode (adjust, receive, count, transfer, exceptions) behind a manager's PIN.
        self.manager_button = button("stock_manager_mode", on_click=self.open_manager_mode)
        aisle_row.insertWidget(1, self.manager_button)
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
        if hasattr(self, "results"):
            self._show_selected()

    def scan(self, code: str) -> None:
        self.search_edit.setText(code)
        self.reload()

    def open_manager_mode(self) -> None:
        """A manager's PIN, then the manager screens in place of this look-up."""
        from pos_app.ui.manager.dialog import open_manager_mode  # it builds on this module

        open_manager_mode(self)

    def _show_variants(self, found: ProductStock | None) -> None:
        """The sizes and colours of the selected item's model, with what is available
        here, at the other stores together and online; hidden for an item without any."""
        self.variants = self.lookup.variants(found.product_id) if found is not None else []
        shown = len(self.variants) > 1
        self.variants_title.setVisible(shown)
        self.variants_table.setVisible(shown)
        if not shown:
            self.variants_table.setRowCount(0)
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
        dialog = OrderElsewhereDialog(self.register, found, self)
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
        self.order_button.setEnabled(0 <= index < len(self.results))
        self._show_variants(self.results[index] if 0 <= index < len(self.results) else None)
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
        if not self.variants_table.isHidden():
            # Just the rows' height: the sizes and colours below get the rest.
            self.table.resizeRowsToContents()
            rows = sum(self.table.rowHeight(r) for r in range(self.table.rowCount()))
            frame = (
                2 * self.table.frameWidth() + self.table.horizontalScrollBar().sizeHint().height()
            )
            self.table.setMaximumHeight(
                self.table.horizontalHeader().sizeHint().height() + rows + frame
            )
