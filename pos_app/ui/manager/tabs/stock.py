"""The manager's stock look-up: stock here, reserved, available, at the other stores and
online, with filters.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout

from pos_app.errors import UserError
from pos_app.services.stock_lookup import ProductStock
from pos_app.services.stock_tasks.drafts import StockItem
from pos_app.ui.cashier.freshness import age_text
from pos_app.ui.manager.common import (
    ManagerTab,
    PanelHost,
    combo,
    qty_text,
    selected_row,
    signed_qty,
    table_cell,
    task_table,
)
from pos_app.ui.widgets import button, choice_row, named, set_label


class StockTab(ManagerTab):
    """Stock here, reserved, available, at the other stores and online, with filters."""

    FILTERS = ("search", "low", "negative")

    def __init__(self, panel: PanelHost) -> None:
        super().__init__(panel)
        self.setObjectName("manager_stock_tab")
        self.results: list[ProductStock] = []
        self.filter = "search"
        self._timer = QTimer(self)  # search as you type, once typing pauses
        self._timer.setSingleShot(True)
        self._timer.setInterval(150)
        self._timer.timeout.connect(self.refresh)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.search_edit = named(QLineEdit(), "manager_stock_search")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.textChanged.connect(lambda _text: self._timer.start())
        top.addWidget(self.search_edit, 3)
        self.category = combo("manager_stock_category")
        self.category.currentIndexChanged.connect(lambda _index: self.refresh())
        top.addWidget(self.category, 2)
        column.addLayout(top)
        filters, self.filter_group, self.filter_buttons = choice_row(
            "manager_stock_filter", self.FILTERS, self.set_filter, self
        )
        self.filter_buttons["search"].setChecked(True)
        column.addLayout(filters)
        self.table = task_table("manager_stock_table", 6)
        self.table.itemSelectionChanged.connect(self._show_selected)
        column.addWidget(self.table, 1)
        self.detail = named(QLabel(), "manager_stock_detail")
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        column.addWidget(self.detail)
        actions = QHBoxLayout()
        self.adjust_button = button("manager_stock_adjust", on_click=self.adjust_selected)
        self.count_button = button("manager_stock_count", on_click=self.count_selected)
        actions.addWidget(self.adjust_button)
        actions.addWidget(self.count_button)
        column.addLayout(actions)
        self._fill_categories()
        self.retranslate()

    def _fill_categories(self) -> None:
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItem("", None)
        for category in self.tasks.categories():
            self.category.addItem(category.name, category.category_id)
        self.category.blockSignals(False)

    def retranslate(self) -> None:
        set_label(
            self.search_edit,
            self.tr("Scan, or type a barcode, SKU or name"),
            self.tr("Search stock"),
        )
        self.category.setItemText(0, self.tr("All categories"))
        self.category.setAccessibleName(self.tr("Category"))
        for name, text in (
            ("search", self.tr("All items")),
            ("low", self.tr("Low stock")),
            ("negative", self.tr("Negative stock")),
        ):
            set_label(self.filter_buttons[name], text)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Item"),
                self.tr("On hand"),
                self.tr("Reserved"),
                self.tr("Available"),
                self.tr("Other stores"),
                self.tr("Online"),
            ]
        )
        self.table.setAccessibleName(self.tr("Stock of the items found"))
        set_label(self.adjust_button, self.tr("Adjust this item"))
        set_label(self.count_button, self.tr("Count this item"))
        self.refresh()

    def set_filter(self, name: str) -> None:
        self.filter = name
        self.filter_buttons[name].setChecked(True)
        self.refresh()

    def scan(self, code: str) -> None:
        self.set_filter("search")
        self.search_edit.setText(code)
        self.refresh()

    def refresh(self) -> None:
        if not hasattr(self, "table"):
            return
        lookup = self.tools.lookup
        category = self.category.currentData()
        query = self.search_edit.text().strip()
        selected = self.selected()
        try:
            if self.filter == "low":
                results = lookup.low_stock(category_id=category)
            elif self.filter == "negative":
                results = lookup.negative_stock(category_id=category)
            elif query:
                found = lookup.find(query, limit=50)
                results = [
                    r
                    for r in found
                    if category is None or r.product_id in self._in_category(category)
                ]
            else:
                results = lookup.in_category(category)
        except UserError as error:
            self.panel.show_error(error)
            results = []
        self.results = results
        language = self.language
        self.table.setRowCount(len(results))
        select_row = 0
        for row, found_stock in enumerate(results):
            here = found_stock.here
            others = sum(s.available_milli for s in found_stock.others)
            cells = [
                table_cell(f"{found_stock.name_in(language)}\n{found_stock.sku}"),
                table_cell(
                    qty_text(found_stock.on_hand_now_milli, language), right=True, bold=True
                ),
                table_cell(qty_text(here.reserved_milli if here else None, language), right=True),
                table_cell(qty_text(found_stock.available_now_milli, language), right=True),
                table_cell(qty_text(others if found_stock.others else None, language), right=True),
                table_cell(qty_text(found_stock.online_available_milli, language), right=True),
            ]
            for column, cell in enumerate(cells):
                self.table.setItem(row, column, cell)
            if selected is not None and found_stock.product_id == selected.product_id:
                select_row = row
        self.table.resizeRowsToContents()
        if results:
            self.table.selectRow(select_row)
        self._show_selected()

    def _in_category(self, category_id: str) -> set[str]:
        return {s.product_id for s in self.tools.lookup.in_category(category_id, limit=1000)}

    def selected(self) -> ProductStock | None:
        if not hasattr(self, "results"):
            return None
        row = selected_row(self.table)
        return self.results[row] if 0 <= row < len(self.results) else None

    def _show_selected(self) -> None:
        found = self.selected()
        self.adjust_button.setEnabled(found is not None)
        self.count_button.setEnabled(found is not None)
        if found is None:
            self.detail.setText(
                self.tr("No item matches.") if self.search_edit.text().strip() else ""
            )
            return
        language = self.language
        now = self.tasks.now()
        parts = []
        if found.others:
            stores = " · ".join(
                f"{s.store_code} {s.store_name}: {qty_text(s.available_milli, language)}"
                for s in found.others
            )
            parts.append(self.tr("Available at other stores: {stores}").format(stores=stores))
        variants = self.tools.lookup.variants(found.product_id)
        if len(variants) > 1:
            # Sizes and colours of the item's model, with what is available here.
            sizes = " · ".join(
                "{name}: {qty}".format(
                    name=" ".join(
                        v for v in (variant.variant.get("colour"), variant.variant.get("size")) if v
                    )
                    or variant.stock.sku,
                    qty=qty_text(variant.stock.available_now_milli, language),
                )
                for variant in variants
            )
            parts.append(self.tr("Sizes and colours here: {sizes}").format(sizes=sizes))
        if found.unsynced_milli:
            parts.append(
                self.tr("Sold or moved here since the last sync: {qty}.").format(
                    qty=signed_qty(found.unsynced_milli, language)
                )
            )
        parts.append(
            self.tr("Figures {age}.").format(
                age=age_text(found.synced_at, now, language, self.zone)
            )
        )
        self.detail.setText("\n".join(parts))

    def _item(self) -> StockItem | None:
        found = self.selected()
        if found is None:
            return None
        try:
            return self.tasks.item(found.product_id)
        except UserError as error:
            self.panel.show_error(error)
            return None

    def adjust_selected(self) -> None:
        item = self._item()
        if item is not None:
            self.panel.adjust_now(item)

    def count_selected(self) -> None:
        item = self._item()
        if item is not None:
            self.panel.count_now(item)
