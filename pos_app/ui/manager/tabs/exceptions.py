"""Stock exceptions: negative stock after offline sales, raised by the backend."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout

from pos_app.services.stock_tasks.exceptions import StockException
from pos_app.ui.manager.common import (
    ManagerTab,
    PanelHost,
    qty_text,
    selected_row,
    store_clock,
    table_cell,
    task_table,
)
from pos_app.ui.widgets import button, named, set_label


class ExceptionsTab(ManagerTab):
    """Negative stock after offline sales, raised by the backend for this store."""

    def __init__(self, panel: PanelHost) -> None:
        super().__init__(panel)
        self.setObjectName("manager_exceptions_tab")
        self.exceptions: list[StockException] = []
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.intro = named(QLabel(), "manager_exceptions_intro")
        self.intro.setWordWrap(True)
        self.intro.setProperty("kind", "muted")
        column.addWidget(self.intro)
        self.table = task_table("manager_exceptions_table", 5)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.count_now())
        column.addWidget(self.table, 1)
        actions = QHBoxLayout()
        self.count_button = button(
            "manager_exceptions_count", kind="primary", on_click=self.count_now
        )
        actions.addWidget(self.count_button)
        column.addLayout(actions)
        self.retranslate()

    def retranslate(self) -> None:
        self.intro.setText(
            self.tr(
                "The backend raises these when sales made offline took the stock below zero. "
                "Count the item: the exception closes when the count has synced."
            )
        )
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Item"),
                self.tr("Backend said"),
                self.tr("Here now"),
                self.tr("Since"),
                self.tr("SKU"),
            ]
        )
        self.table.setAccessibleName(self.tr("Stock exceptions"))
        set_label(self.count_button, self.tr("Count now"), self.tr("Count the item now"))
        self.refresh()

    def refresh(self) -> None:
        if not hasattr(self, "table"):
            return
        selected = selected_row(self.table)
        self.exceptions = self.tasks.exceptions()
        language = self.language
        now = self.tasks.now()
        self.table.setRowCount(len(self.exceptions))
        for row, found in enumerate(self.exceptions):
            name = found.item.name_in(language) if found.item is not None else found.sku
            days = (now - found.raised_at).days
            when = (
                store_clock(found.raised_at, language, self.zone)
                if days < 1
                else self.tr("{days} d ago").format(days=days)
            )
            cells = [
                table_cell(name),
                table_cell(qty_text(found.on_hand_milli, language), right=True, bold=True),
                table_cell(qty_text(found.on_hand_now_milli, language), right=True),
                table_cell(when, right=True),
                table_cell(found.sku),
            ]
            for column, cell in enumerate(cells):
                self.table.setItem(row, column, cell)
        if self.exceptions:
            self.table.selectRow(selected if 0 <= selected < len(self.exceptions) else 0)
        self._selection_changed()

    def _selection_changed(self) -> None:
        row = selected_row(self.table)
        self.count_button.setEnabled(
            0 <= row < len(self.exceptions) and self.exceptions[row].item is not None
        )

    def count_now(self) -> None:
        row = selected_row(self.table)
        if not (0 <= row < len(self.exceptions)):
            return
        item = self.exceptions[row].item
        if item is not None:
            self.panel.count_now(item)

    def scan(self, code: str) -> None:
        self.panel.look_up(code)
