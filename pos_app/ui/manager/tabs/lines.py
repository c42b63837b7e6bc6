"""The tasks made of lines of items with quantities (adjust, receive, transfer): scan or find
an item, change its quantity, remove it, post the lot.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QPushButton, QTableWidgetItem, QVBoxLayout

from pos_app.errors import UserError
from pos_app.services.stock_tasks.drafts import LinesDraft, Posted, StockItem
from pos_app.ui.cashier.dialogs import ConfirmDialog
from pos_app.ui.manager.common import (
    ItemPicker,
    ManagerTab,
    PanelHost,
    QuantityDialog,
    qty_text,
    selected_row,
    signed_qty,
    table_cell,
    task_table,
)
from pos_app.ui.widgets import button, set_label


# The underscore stays: the class name is the translation context of its texts (pos_tr.ts).
class _LinesTab(ManagerTab):
    """Lines of items with quantities: scan or find, change the quantity, remove, post."""

    KIND = ""
    COLUMNS = 3

    def __init__(self, panel: PanelHost) -> None:
        super().__init__(panel)
        self.setObjectName(f"manager_{self.KIND}_tab")
        saved = self.tasks.load_draft(self.KIND)
        self.draft = LinesDraft.from_dict(saved) if saved else LinesDraft(self.KIND)
        self.here: dict[str, int] = {}
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.build_head()
        self.picker = ItemPicker(self.tasks, f"manager_{self.KIND}", lambda: self.language)
        self.picker.picked.connect(self.add)
        self.picker.failed.connect(self.panel.show_error)
        self.column.addWidget(self.picker)
        self.table = task_table(f"manager_{self.KIND}_lines", self.COLUMNS)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.edit_quantity())
        self.column.addWidget(self.table, 1)
        actions = QHBoxLayout()
        self.quantity_button = button(f"manager_{self.KIND}_quantity", on_click=self.edit_quantity)
        self.remove_button = button(f"manager_{self.KIND}_remove", on_click=self.remove)
        self.clear_button = button(f"manager_{self.KIND}_clear", on_click=self.clear)
        self.post_button = button(f"manager_{self.KIND}_post", kind="primary", on_click=self.post)
        self.action_buttons: list[QPushButton] = [self.quantity_button]
        self.add_actions(actions)
        self.action_buttons.append(self.remove_button)
        for action in (*self.action_buttons, self.clear_button, self.post_button):
            actions.addWidget(action)
        self.column.addLayout(actions)
        self.retranslate()

    # -- for the subclasses --

    def build_head(self) -> None:
        """The task's own controls above the item line."""

    def add_actions(self, row: QHBoxLayout) -> None:
        """Buttons of the task between Quantity and Remove."""

    # Every task tab (adjust, receive, count, transfer) defines these five; a Qt widget
    # cannot also take ABCMeta, so a tab that forgot one fails loudly here instead.
    def cells(self, index: int) -> list[QTableWidgetItem]:
        """The table cells of line ``index`` of the draft."""
        raise NotImplementedError(f"{type(self).__name__} must define cells()")

    def headers(self) -> list[str]:
        """The table's column titles."""
        raise NotImplementedError(f"{type(self).__name__} must define headers()")

    def post_question(self) -> tuple[str, str]:
        """The confirmation's title and question before posting."""
        raise NotImplementedError(f"{type(self).__name__} must define post_question()")

    def post_draft(self) -> Posted:
        """Post the draft as its fact (one transaction) and say what was posted."""
        raise NotImplementedError(f"{type(self).__name__} must define post_draft()")

    def posted_text(self, posted: Posted) -> str:
        """What the manager reads once the task is posted."""
        raise NotImplementedError(f"{type(self).__name__} must define posted_text()")

    def here_and_quantity_cells(self, index: int) -> list[QTableWidgetItem]:
        """Item, what is here now, and the line's quantity (receiving and transfers)."""
        line = self.draft.lines[index]
        return [
            self.item_cell(index),
            table_cell(qty_text(self.here.get(line.item.product_id, 0), self.language), right=True),
            table_cell(qty_text(line.qty_milli, self.language), right=True, bold=True),
        ]

    # -- common --

    def retranslate(self) -> None:
        self.picker.retranslate()
        set_label(self.quantity_button, self.tr("Quantity…"), self.tr("Change the quantity"))
        set_label(self.remove_button, self.tr("Remove"), self.tr("Remove the line"))
        set_label(self.clear_button, self.tr("Start over"), self.tr("Discard these lines"))
        self.table.setHorizontalHeaderLabels(self.headers())
        self.show_lines()

    def save(self) -> None:
        self.tasks.save_draft(self.KIND, self.draft.to_dict(), self.panel.manager.user_id)

    def add(self, item: StockItem, qty_milli: int) -> None:
        self.panel.clear_message()
        index = self.draft.add(item, qty_milli)
        self.save()
        self.show_lines(select=index)

    def scan(self, code: str) -> None:
        self.picker.pick(code)

    def refresh(self) -> None:
        self.show_lines(select=selected_row(self.table))

    def show_lines(self, select: int = -1) -> None:
        if not hasattr(self, "table"):
            return
        ids = [line.item.product_id for line in self.draft.lines]
        self.here = self.tasks.on_hand_now(ids) if ids else {}
        self.table.setRowCount(len(self.draft.lines))
        for row in range(len(self.draft.lines)):
            for column, cell in enumerate(self.cells(row)):
                self.table.setItem(row, column, cell)
        self.table.resizeRowsToContents()
        if self.draft.lines:
            self.table.selectRow(select if 0 <= select < len(self.draft.lines) else 0)
        self._selection_changed()

    def _selection_changed(self) -> None:
        chosen = selected_row(self.table) >= 0
        for action in self.action_buttons:
            action.setEnabled(chosen)
        self.post_button.setEnabled(bool(self.draft.lines))
        self.clear_button.setEnabled(bool(self.draft.lines))

    def edit_quantity(self) -> None:
        index = selected_row(self.table)
        if index < 0:
            return
        line = self.draft.lines[index]
        dialog = QuantityDialog(self.register, line.item, line.qty_milli, self)

        def done() -> None:
            if dialog.qty_milli is not None and index < len(self.draft.lines):
                self.draft.set_quantity(index, dialog.qty_milli)
                self.save()
                self.show_lines(select=index)

        dialog.accepted.connect(done)
        dialog.open()

    def remove(self) -> None:
        index = selected_row(self.table)
        if index < 0:
            return
        self.draft.remove(index)
        self.save()
        self.show_lines(select=min(index, len(self.draft.lines) - 1))

    def clear(self) -> None:
        if not self.draft.lines:
            return
        dialog = ConfirmDialog(
            self.register,
            f"manager_{self.KIND}_clear_confirm",
            self.tr("Start over"),
            self.tr("Discard the lines of this task? Nothing was posted."),
            self,
        )

        def discard() -> None:
            self.tasks.discard_draft(self.KIND)
            self.reset()
            self.show_lines()

        dialog.accepted.connect(discard)
        dialog.open()

    def reset(self) -> None:
        self.draft = LinesDraft(self.KIND, reason=self.draft.reason)

    def post(self) -> None:
        self.panel.clear_message()
        if not self.draft.lines:
            return
        title, question = self.post_question()
        dialog = ConfirmDialog(self.register, f"manager_{self.KIND}_confirm", title, question, self)
        dialog.accepted.connect(self.post_now)
        dialog.open()

    def post_now(self) -> None:
        try:
            posted = self.post_draft()
        except UserError as error:
            self.panel.show_error(error)
            return
        self.reset()
        self.show_lines()
        self.panel.show_posted(self.posted_text(posted))

    def item_cell(self, index: int) -> QTableWidgetItem:
        item = self.draft.lines[index].item
        return table_cell(f"{item.name_in(self.language)}\n{item.sku}")

    def total_text(self) -> str:
        return signed_qty(sum(line.qty_milli for line in self.draft.lines), self.language)
