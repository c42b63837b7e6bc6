"""Cycle counts, shelf by shelf, reviewed against the expected stock before posting."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout

from pos_app.errors import UserError
from pos_app.services.stock_tasks.count import CountReview
from pos_app.services.stock_tasks.drafts import CountDraft, StockItem, is_shelf_scan
from pos_app.ui.cashier.dialogs import ConfirmDialog
from pos_app.ui.manager.common import (
    ItemPicker,
    ManagerTab,
    PanelHost,
    QuantityDialog,
    qty_text,
    selected_row,
    signed_qty,
    store_clock,
    table_cell,
    task_table,
)
from pos_app.ui.widgets import button, named, set_label


class CountTab(ManagerTab):
    """Shelf by shelf: a shelf label, then its items; reviewed against what was expected."""

    def __init__(self, panel: PanelHost) -> None:
        super().__init__(panel)
        self.setObjectName("manager_count_tab")
        saved = self.tasks.load_draft("count")
        self.draft = CountDraft.from_dict(saved) if saved else CountDraft()
        self.reviews: list[CountReview] = []
        self.reviewing = False
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        shelf_row = QHBoxLayout()
        self.shelf_label = named(QLabel(), "manager_count_shelf")
        self.shelf_label.setProperty("kind", "subtitle")
        shelf_row.addWidget(self.shelf_label, 2)
        self.shelf_edit = named(QLineEdit(), "manager_count_shelf_edit")
        self.shelf_edit.setMaxLength(40)
        self.shelf_edit.returnPressed.connect(self.set_shelf_typed)
        shelf_row.addWidget(self.shelf_edit, 2)
        self.shelf_button = button("manager_count_set_shelf", on_click=self.set_shelf_typed)
        self.shelf_button.setMaximumWidth(220)
        shelf_row.addWidget(self.shelf_button, 1)
        column.addLayout(shelf_row)
        self.picker = ItemPicker(self.tasks, "manager_count", lambda: self.language)
        self.picker.picked.connect(self.add)
        self.picker.failed.connect(self.panel.show_error)
        column.addWidget(self.picker)
        self.table = task_table("manager_count_lines", 5, stretch=1)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _index: self.edit_quantity())
        column.addWidget(self.table, 1)
        actions = QHBoxLayout()
        self.quantity_button = button("manager_count_quantity", on_click=self.edit_quantity)
        self.remove_button = button("manager_count_remove", on_click=self.remove)
        self.clear_button = button("manager_count_clear", on_click=self.clear)
        self.review_button = button("manager_count_review", kind="primary", on_click=self.review)
        self.back_button = button("manager_count_back", on_click=self.back)
        self.post_button = button("manager_count_post", kind="primary", on_click=self.post)
        for action in (
            self.quantity_button,
            self.remove_button,
            self.clear_button,
            self.back_button,
            self.review_button,
            self.post_button,
        ):
            actions.addWidget(action)
        column.addLayout(actions)
        self.retranslate()

    def retranslate(self) -> None:
        self.picker.retranslate()
        set_label(
            self.shelf_edit,
            self.tr("Scan a shelf label, or type it"),
            self.tr("Shelf label"),
        )
        set_label(self.shelf_button, self.tr("Next shelf"), self.tr("Count this shelf next"))
        set_label(self.quantity_button, self.tr("Quantity…"), self.tr("Change the count"))
        set_label(self.remove_button, self.tr("Remove"), self.tr("Remove the line"))
        set_label(self.clear_button, self.tr("Start over"), self.tr("Discard this count"))
        set_label(self.review_button, self.tr("Review"), self.tr("Compare with the expected stock"))
        set_label(self.back_button, self.tr("Back to counting"))
        set_label(self.post_button, self.tr("Post count"))
        self.show_lines()

    def _shelf_text(self) -> None:
        self.shelf_label.setText(
            self.tr("Shelf {shelf}").format(shelf=self.draft.shelf)
            if self.draft.shelf
            else self.tr("No shelf: scan a shelf label")
        )

    def save(self) -> None:
        self.tasks.save_draft("count", self.draft.to_dict(), self.panel.manager.user_id)

    def set_shelf(self, label: str) -> None:
        try:
            self.draft.set_shelf(label)
        except UserError as error:
            self.panel.show_error(error)
            return
        self.panel.clear_message()
        self.shelf_edit.clear()
        self.save()
        self.back()
        self.picker.edit.setFocus()

    def set_shelf_typed(self) -> None:
        self.set_shelf(self.shelf_edit.text())

    def scan(self, code: str) -> None:
        if is_shelf_scan(code):
            self.set_shelf(code)
        else:
            self.picker.pick(code)

    def add(self, item: StockItem, qty_milli: int) -> None:
        self.panel.clear_message()
        self.reviewing = False
        index = self.draft.add(item, qty_milli, self.tasks.now())
        self.save()
        self.show_lines(select=index)

    def count_now(self, item: StockItem) -> None:
        """From the exceptions or the look-up: count this item now (typed on the keypad); a
        line made for it goes again when the keypad is cancelled."""
        self.reviewing = False
        known = len(self.draft.entries)
        index = self.draft.add(item, 0, self.tasks.now())
        self.save()
        self.show_lines(select=index)
        dialog = self.edit_quantity()
        if dialog is not None and index == known:
            entry = self.draft.entries[index]

            def cancelled() -> None:
                if index < len(self.draft.entries) and self.draft.entries[index] == entry:
                    self.draft.remove(index)
                    self.save()
                    self.show_lines()

            dialog.rejected.connect(cancelled)

    def refresh(self) -> None:
        if self.reviewing:
            self.review()
        else:
            self.show_lines(select=selected_row(self.table))

    def show_lines(self, select: int = -1) -> None:
        if not hasattr(self, "table"):
            return
        self._shelf_text()
        language = self.language
        if self.reviewing:
            self.table.setHorizontalHeaderLabels(
                [
                    self.tr("Shelves"),
                    self.tr("Item"),
                    self.tr("Counted"),
                    self.tr("Expected"),
                    self.tr("Difference"),
                ]
            )
            self.table.setRowCount(len(self.reviews))
            for row, review in enumerate(self.reviews):
                cells = [
                    table_cell(", ".join(s or "–" for s in review.shelves)),
                    table_cell(f"{review.item.name_in(language)}\n{review.item.sku}"),
                    table_cell(qty_text(review.counted_milli, language), right=True, bold=True),
                    table_cell(qty_text(review.expected_milli, language), right=True),
                    table_cell(
                        signed_qty(review.difference_milli, language)
                        if review.difference_milli
                        else "0",
                        right=True,
                        bold=bool(review.difference_milli),
                    ),
                ]
                for column, cell in enumerate(cells):
                    self.table.setItem(row, column, cell)
        else:
            self.table.setHorizontalHeaderLabels(
                [
                    self.tr("Shelf"),
                    self.tr("Item"),
                    self.tr("Counted"),
                    self.tr("Counted at"),
                    "",
                ]
            )
            self.table.setRowCount(len(self.draft.entries))
            for row, entry in enumerate(self.draft.entries):
                cells = [
                    table_cell(entry.shelf or "–"),
                    table_cell(f"{entry.item.name_in(language)}\n{entry.item.sku}"),
                    table_cell(qty_text(entry.qty_milli, language), right=True, bold=True),
                    table_cell(store_clock(entry.taken_at, language, self.zone), right=True),
                    table_cell(""),
                ]
                for column, cell in enumerate(cells):
                    self.table.setItem(row, column, cell)
        self.table.setColumnHidden(4, not self.reviewing)
        self.table.resizeRowsToContents()
        rows = self.table.rowCount()
        if rows:
            self.table.selectRow(select if 0 <= select < rows else 0)
        self._selection_changed()

    def _selection_changed(self) -> None:
        counting = not self.reviewing
        chosen = counting and selected_row(self.table) >= 0
        self.quantity_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)
        self.quantity_button.setVisible(counting)
        self.remove_button.setVisible(counting)
        self.clear_button.setEnabled(bool(self.draft.entries))
        self.review_button.setVisible(counting)
        self.review_button.setEnabled(bool(self.draft.entries))
        self.back_button.setVisible(self.reviewing)
        self.post_button.setVisible(self.reviewing)

    def edit_quantity(self) -> QuantityDialog | None:
        index = selected_row(self.table)
        if index < 0 or self.reviewing:
            return None
        entry = self.draft.entries[index]
        dialog = QuantityDialog(
            self.register,
            entry.item,
            entry.qty_milli,
            self,
            prompt=self.tr("Count of {sku} on shelf {shelf}").format(
                sku=entry.item.sku, shelf=entry.shelf or "–"
            ),
        )

        def done() -> None:
            if dialog.qty_milli is not None and index < len(self.draft.entries):
                self.draft.set_quantity(index, dialog.qty_milli, self.tasks.now())
                self.save()
                self.show_lines(select=index)

        dialog.accepted.connect(done)
        dialog.open()
        return dialog

    def remove(self) -> None:
        index = selected_row(self.table)
        if index < 0 or self.reviewing:
            return
        self.draft.remove(index)
        self.save()
        self.show_lines(select=min(index, len(self.draft.entries) - 1))

    def clear(self) -> None:
        if not self.draft.entries:
            return
        dialog = ConfirmDialog(
            self.register,
            "manager_count_clear_confirm",
            self.tr("Start over"),
            self.tr("Discard this count? Nothing was posted."),
            self,
        )

        def discard() -> None:
            self.tasks.discard_draft("count")
            self.draft = CountDraft()
            self.reviewing = False
            self.show_lines()

        dialog.accepted.connect(discard)
        dialog.open()

    def review(self) -> None:
        self.panel.clear_message()
        try:
            self.reviews = self.tasks.review_count(self.draft.entries)
        except UserError as error:
            self.panel.show_error(error)
            return
        self.reviewing = bool(self.reviews)
        self.show_lines()
        if self.reviewing:
            differences = sum(1 for r in self.reviews if r.difference_milli)
            self.panel.show_note(
                self.tr(
                    "{items} item(s) counted, {differences} differ from the expected stock. "
                    "Post the count to correct them."
                ).format(items=len(self.reviews), differences=differences)
            )

    def back(self) -> None:
        self.reviewing = False
        self.show_lines()

    def post(self) -> None:
        try:
            posted = self.tasks.post_count(self.draft, self.panel.manager.user_id)
        except UserError as error:
            self.panel.show_error(error)
            return
        self.draft = CountDraft()
        self.reviewing = False
        self.show_lines()
        self.panel.show_posted(
            self.tr("Count posted: {items} item(s), difference {difference} in all.").format(
                items=posted.lines, difference=signed_qty(posted.qty_milli, self.language) or "0"
            )
        )
