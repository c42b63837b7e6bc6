"""The manager screens: one panel with a tab per task, shown in the manager window
(``pos app --manager``) and in the manager dialog (a manager's PIN over a cashier's session).

Every figure is the terminal's replica plus its own movements, with the data's age shown;
every task is posted as a fact in the outbox (``services.stock_tasks``), so all of it works
offline. A task in progress is saved after each change and comes back after a restart.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal

import shiboken6
from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_app.errors import UserError
from pos_app.resources import combo_arrow_file
from pos_app.services.register import Register
from pos_app.services.stock_lookup import ProductStock
from pos_app.services.stock_tasks import (
    ADJUST_REASONS,
    CountDraft,
    CountReview,
    LinesDraft,
    Posted,
    StockException,
    StockItem,
    StockTasks,
    is_shelf_scan,
)
from pos_app.services.users import StaffUser
from pos_app.ui.cashier.dialogs import AmountDialog, ConfirmDialog
from pos_app.ui.cashier.freshness import age_text, is_stale
from pos_app.ui.i18n import format_milli, format_store_time, parse_decimal
from pos_app.ui.messages import error_text
from pos_app.ui.widgets import Screen, button, choice_row, named, set_label

TAB_NAMES = ("stock", "adjust", "receive", "count", "transfer", "exceptions")
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def _signed(qty_milli: int, language: str) -> str:
    text = format_milli(qty_milli, language)
    return f"+{text}" if qty_milli > 0 else text.replace("-", "−")


def _qty(qty_milli: int | None, language: str) -> str:
    return "–" if qty_milli is None else format_milli(qty_milli, language).replace("-", "−")


def _clock(moment: datetime, language: str, zone: str) -> str:
    """A time of day in the store's time zone (``Settings.timezone``), not the machine's."""
    return format_store_time(moment, language, zone)


def _cell(text: str, *, right: bool = False, bold: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(_RIGHT)
    if bold:
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
    return item


def _table(name: str, columns: int, stretch: int = 0) -> QTableWidget:
    table = named(QTableWidget(0, columns), name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(44)
    header = table.horizontalHeader()
    for column in range(columns):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return table


def _selected_row(table: QTableWidget) -> int:
    model = table.selectionModel()
    rows = model.selectedRows() if model is not None else []
    return rows[0].row() if rows else -1


# A combo box as tall and clear as the buttons around it (the theme has no rule for them).
_ARROW = combo_arrow_file()
_COMBO_STYLE = (
    "QComboBox { min-height: 48px; padding: 0 12px; background: #ffffff; "
    "border: 1px solid #9ca3af; border-radius: 8px; font-size: 18px; } "
    "QComboBox::drop-down { subcontrol-origin: padding; subcontrol-position: center right; "
    "width: 48px; border-left: 1px solid #9ca3af; } "
    f"QComboBox::down-arrow {{ image: url({_ARROW.as_posix()}); width: 18px; height: 18px; }} "
    "QComboBox QAbstractItemView { font-size: 18px; }"
)


def _combo(name: str) -> QComboBox:
    combo = named(QComboBox(), name)
    combo.setStyleSheet(_COMBO_STYLE)
    return combo


def _set_kind(label: QLabel, kind: str) -> None:
    label.setProperty("kind", kind)
    label.style().unpolish(label)
    label.style().polish(label)


# The padding and border of the "message", "ok" and "error" label kinds (pos.qss): a label's
# height for its width leaves them out, so a boxed message gets them on top.
_BOX = 2 * (8 + 2) + 4


def _fit(label: QLabel, width: int) -> None:
    """Keep a word-wrapped label as tall as its text needs at ``width``."""
    label.setMinimumHeight(0)  # a label's height for its width is at least its minimum
    if not label.text():
        return
    boxed = label.property("kind") in ("message", "ok", "error")
    lines = label.heightForWidth(max(100, width - (2 * 14 if boxed else 0)))
    label.setMinimumHeight(max(0, lines) + (_BOX if boxed else 0))


class QuantityDialog(AmountDialog):
    """A quantity with the keypad: pieces, or kilograms with up to three decimals."""

    def __init__(
        self,
        register: Register,
        item: StockItem,
        qty_milli: int,
        parent: QWidget | None,
        *,
        prompt: str = "",
    ) -> None:
        language = register.language
        typed = format_milli(abs(qty_milli), language).removesuffix(" kg") if qty_milli else ""
        super().__init__(
            register,
            "manager_quantity",
            item.name_in(language),
            prompt
            or QCoreApplication.translate("QuantityDialog", "Quantity of {sku}").format(
                sku=item.sku
            ),
            parent,
            initial=typed,
        )
        self.qty_milli: int | None = None

    def validate(self) -> bool:
        value = parse_decimal(self.edit.text(), self.register.language)
        if value is None or value < 0:
            self.show_error(self.tr("Type a number of zero or more."))
            return False
        milli = value * 1000
        if milli != milli.to_integral_value():
            self.show_error(self.tr("A quantity has at most three decimals (grams)."))
            return False
        self.qty_milli = int(milli)
        self.value = Decimal(self.qty_milli) / 1000
        return True


class ItemPicker(QWidget):
    """A scan or a typed barcode, SKU, PLU or name; several name matches are listed to tap."""

    picked = Signal(object, int)  # StockItem, thousandths one pick counts
    failed = Signal(object)  # UserError

    def __init__(
        self,
        tasks: StockTasks,
        prefix: str,
        language: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.language = language  # the register's, at the time of showing
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.edit = named(QLineEdit(), f"{prefix}_item")
        self.edit.setClearButtonEnabled(True)
        self.edit.returnPressed.connect(self.submit)
        row.addWidget(self.edit, 1)
        self.add_button = button(f"{prefix}_add", on_click=self.submit)
        self.add_button.setMinimumWidth(140)
        self.add_button.setMaximumWidth(220)
        row.addWidget(self.add_button)
        column.addLayout(row)
        self.matches = named(QListWidget(), f"{prefix}_matches")
        self.matches.setMaximumHeight(150)
        self.matches.itemClicked.connect(self._chosen)
        self.matches.itemActivated.connect(self._chosen)
        self.matches.hide()
        column.addWidget(self.matches)
        self.found: list[StockItem] = []
        self.retranslate()

    def retranslate(self) -> None:
        set_label(
            self.edit,
            self.tr("Scan, or type a barcode, SKU or name"),
            self.tr("Item to add"),
        )
        set_label(self.add_button, self.tr("Add"), self.tr("Add the item"))
        self.matches.setAccessibleName(self.tr("Matching items"))
        if not self.matches.isHidden():
            self._list(self.found)  # the items' names in the new language

    def submit(self) -> None:
        self.pick(self.edit.text())

    def pick(self, code: str) -> None:
        text = code.strip()
        if not text:
            return
        try:
            scanned = self.tasks.scan(text)
        except UserError as error:
            if error.code != "stock.unknown_barcode":
                self.failed.emit(error)
                return
            found = self.tasks.search(text)
            if len(found) == 1:
                self._emit(found[0], 1000)
            elif found:
                self._list(found)
            else:
                self.failed.emit(error)
            return
        self._emit(scanned.item, scanned.qty_milli)

    def _list(self, found: list[StockItem]) -> None:
        self.found = found
        self.matches.clear()
        language = self.language()
        for item in found:
            self.matches.addItem(QListWidgetItem(f"{item.name_in(language)}  ·  {item.sku}"))
        self.matches.show()

    def _chosen(self, chosen: QListWidgetItem) -> None:
        row = self.matches.row(chosen)
        if 0 <= row < len(self.found):
            self._emit(self.found[row], 1000)

    def _emit(self, item: StockItem, qty_milli: int) -> None:
        self.edit.clear()
        self.matches.clear()
        self.matches.hide()
        self.found = []
        self.picked.emit(item, qty_milli)


class _Tab(Screen):
    """A tab of the panel: its own texts, a scan handler and a refresh."""

    def __init__(self, panel: ManagerPanel) -> None:
        super().__init__()
        self.panel = panel
        self.register = panel.register
        self.tasks = panel.tasks

    @property
    def language(self) -> str:
        return self.register.language

    @property
    def zone(self) -> str:
        """The store's time zone, as on the receipts."""
        return self.register.services.settings.timezone

    def scan(self, code: str) -> None:
        """A scan while this tab shows."""

    def refresh(self) -> None:
        """Re-read what is shown (a pull may have brought new figures)."""


# -- stock look-up ---------------------------------------------------------------------------------


class StockTab(_Tab):
    """Stock here, reserved, available, at the other stores and online, with filters."""

    FILTERS = ("search", "low", "negative")

    def __init__(self, panel: ManagerPanel) -> None:
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
        self.category = _combo("manager_stock_category")
        self.category.currentIndexChanged.connect(lambda _index: self.refresh())
        top.addWidget(self.category, 2)
        column.addLayout(top)
        filters, self.filter_group, self.filter_buttons = choice_row(
            "manager_stock_filter", self.FILTERS, self.set_filter, self
        )
        self.filter_buttons["search"].setChecked(True)
        column.addLayout(filters)
        self.table = _table("manager_stock_table", 6)
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
        lookup = self.register.services.stock_lookup
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
                _cell(f"{found_stock.name_in(language)}\n{found_stock.sku}"),
                _cell(_qty(found_stock.on_hand_now_milli, language), right=True, bold=True),
                _cell(_qty(here.reserved_milli if here else None, language), right=True),
                _cell(_qty(found_stock.available_now_milli, language), right=True),
                _cell(_qty(others if found_stock.others else None, language), right=True),
                _cell(_qty(found_stock.online_available_milli, language), right=True),
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
        return {
            s.product_id
            for s in self.register.services.stock_lookup.in_category(category_id, limit=1000)
        }

    def selected(self) -> ProductStock | None:
        if not hasattr(self, "results"):
            return None
        row = _selected_row(self.table)
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
                f"{s.store_code} {s.store_name}: {_qty(s.available_milli, language)}"
                for s in found.others
            )
            parts.append(self.tr("Available at other stores: {stores}").format(stores=stores))
        variants = self.register.services.stock_lookup.variants(found.product_id)
        if len(variants) > 1:
            # Sizes and colours of the item's model, with what is available here.
            sizes = " · ".join(
                "{name}: {qty}".format(
                    name=" ".join(
                        v for v in (variant.variant.get("colour"), variant.variant.get("size")) if v
                    )
                    or variant.stock.sku,
                    qty=_qty(variant.stock.available_now_milli, language),
                )
                for variant in variants
            )
            parts.append(self.tr("Sizes and colours here: {sizes}").format(sizes=sizes))
        if found.unsynced_milli:
            parts.append(
                self.tr("Sold or moved here since the last sync: {qty}.").format(
                    qty=_signed(found.unsynced_milli, language)
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
            self.panel.show_tab("adjust")
            self.panel.adjust.add(item, 1000)

    def count_selected(self) -> None:
        item = self._item()
        if item is not None:
            self.panel.count_now(item)


# -- adjustments, receiving, transfers: a list of lines and a post ---------------------------------


class _LinesTab(_Tab):
    """Lines of items with quantities: scan or find, change the quantity, remove, post."""

    KIND = ""
    COLUMNS = 3

    def __init__(self, panel: ManagerPanel) -> None:
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
        self.table = _table(f"manager_{self.KIND}_lines", self.COLUMNS)
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
            _cell(_qty(self.here.get(line.item.product_id, 0), self.language), right=True),
            _cell(_qty(line.qty_milli, self.language), right=True, bold=True),
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
        self.show_lines(select=_selected_row(self.table))

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
        chosen = _selected_row(self.table) >= 0
        for action in self.action_buttons:
            action.setEnabled(chosen)
        self.post_button.setEnabled(bool(self.draft.lines))
        self.clear_button.setEnabled(bool(self.draft.lines))

    def edit_quantity(self) -> None:
        index = _selected_row(self.table)
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
        index = _selected_row(self.table)
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
        return _cell(f"{item.name_in(self.language)}\n{item.sku}")

    def total_text(self) -> str:
        return _signed(sum(line.qty_milli for line in self.draft.lines), self.language)


class AdjustTab(_LinesTab):
    """Stock taken away (damage, theft, waste) or corrected, with the reason."""

    KIND = "adjust"
    COLUMNS = 4

    def build_head(self) -> None:
        row, self.reason_group, self.reason_buttons = choice_row(
            "manager_adjust_reason", ADJUST_REASONS, self.set_reason, self
        )
        self.reason_buttons[self.draft.reason].setChecked(True)
        self.column.addLayout(row)
        self.hint = named(QLabel(), "manager_adjust_hint")
        self.hint.setWordWrap(True)
        self.hint.setProperty("kind", "muted")
        self.column.addWidget(self.hint)

    def add_actions(self, row: QHBoxLayout) -> None:
        self.sign_button = button("manager_adjust_sign", on_click=self.flip_sign)
        self.action_buttons.append(self.sign_button)

    def retranslate(self) -> None:
        for reason, text in self.reason_texts().items():
            set_label(self.reason_buttons[reason], text)
        set_label(self.sign_button, "±", self.tr("Add or take away"))
        set_label(self.post_button, self.tr("Post adjustment"))
        self._hint()
        super().retranslate()

    def reason_texts(self) -> dict[str, str]:
        return {
            "damage": self.tr("Damage"),
            "theft": self.tr("Theft"),
            "waste": self.tr("Waste"),
            "correction": self.tr("Correction"),
        }

    def _hint(self) -> None:
        self.hint.setText(
            self.tr("Correction: each scan adds one; ± takes away instead.")
            if self.draft.reason == "correction"
            else self.tr("Each scan takes one away from the stock here.")
        )

    def set_reason(self, reason: str) -> None:
        self.draft.set_reason(reason)
        self.reason_buttons[reason].setChecked(True)
        self.save()
        self._hint()
        self.show_lines(select=_selected_row(self.table))

    def flip_sign(self) -> None:
        index = _selected_row(self.table)
        if index >= 0:
            self.draft.flip_sign(index)
            self.save()
            self.show_lines(select=index)

    def _selection_changed(self) -> None:
        super()._selection_changed()
        if hasattr(self, "sign_button"):
            self.sign_button.setEnabled(
                _selected_row(self.table) >= 0 and self.draft.reason == "correction"
            )

    def headers(self) -> list[str]:
        return [self.tr("Item"), self.tr("Here now"), self.tr("Adjust by"), self.tr("After")]

    def cells(self, index: int) -> list[QTableWidgetItem]:
        line = self.draft.lines[index]
        here = self.here.get(line.item.product_id, 0)
        return [
            self.item_cell(index),
            _cell(_qty(here, self.language), right=True),
            _cell(_signed(line.qty_milli, self.language), right=True, bold=True),
            _cell(_qty(here + line.qty_milli, self.language), right=True),
        ]

    def post_question(self) -> tuple[str, str]:
        reason = self.reason_texts()[self.draft.reason]
        return (
            self.tr("Post adjustment"),
            self.tr("{reason}: {lines} line(s), {total} in all. Post it?").format(
                reason=reason, lines=len(self.draft.lines), total=self.total_text()
            ),
        )

    def post_draft(self) -> Posted:
        return self.tasks.adjust(self.draft, self.panel.manager.user_id)

    def posted_text(self, posted: Posted) -> str:
        return self.tr("Adjustment posted: {lines} line(s), {total}.").format(
            lines=posted.lines, total=_signed(posted.qty_milli, self.language)
        )


class ReceiveTab(_LinesTab):
    """A supplier's delivery counted in against its delivery-note number."""

    KIND = "receive"

    def build_head(self) -> None:
        row = QHBoxLayout()
        self.ref_label = QLabel()
        row.addWidget(self.ref_label)
        self.ref_edit = named(QLineEdit(self.draft.reference), "manager_receive_reference")
        self.ref_edit.setMaxLength(64)
        self.ref_edit.textEdited.connect(self._reference_changed)
        self.ref_edit.returnPressed.connect(lambda: self.picker.edit.setFocus())
        row.addWidget(self.ref_edit, 1)
        self.column.addLayout(row)

    def _reference_changed(self, value: str) -> None:
        self.draft.reference = value
        self.save()

    def retranslate(self) -> None:
        self.ref_label.setText(self.tr("Delivery note no."))
        set_label(
            self.ref_edit,
            self.tr("The number on the supplier's delivery note"),
            self.tr("Delivery note number"),
        )
        set_label(self.post_button, self.tr("Review and post"))
        super().retranslate()

    def headers(self) -> list[str]:
        return [self.tr("Item"), self.tr("Here now"), self.tr("Received")]

    def cells(self, index: int) -> list[QTableWidgetItem]:
        return self.here_and_quantity_cells(index)

    def reset(self) -> None:
        super().reset()
        self.ref_edit.clear()

    def post_question(self) -> tuple[str, str]:
        return (
            self.tr("Post the delivery"),
            self.tr(
                "Delivery note {reference}: {lines} line(s), {total} in all. Book it in?"
            ).format(
                reference=" ".join(self.draft.reference.split()) or "–",
                lines=len(self.draft.lines),
                total=_qty(sum(line.qty_milli for line in self.draft.lines), self.language),
            ),
        )

    def post_draft(self) -> Posted:
        return self.tasks.receive(self.draft, self.panel.manager.user_id)

    def posted_text(self, posted: Posted) -> str:
        return self.tr("Delivery {reference} booked in: {lines} line(s), {total}.").format(
            reference=posted.reference,
            lines=posted.lines,
            total=_qty(posted.qty_milli, self.language),
        )


class TransferTab(_LinesTab):
    """Goods sent to another store: out here now, in there when the transfer syncs."""

    KIND = "transfer"

    def build_head(self) -> None:
        row = QHBoxLayout()
        self.to_label = QLabel()
        row.addWidget(self.to_label)
        self.destination = _combo("manager_transfer_destination")
        self.destination.currentIndexChanged.connect(self._destination_changed)
        row.addWidget(self.destination, 1)
        self.column.addLayout(row)
        self.note = named(QLabel(), "manager_transfer_note")
        self.note.setWordWrap(True)
        self.note.setProperty("kind", "muted")
        self.column.addWidget(self.note)
        self._fill_stores()

    def _fill_stores(self) -> None:
        self.destination.blockSignals(True)
        self.destination.clear()
        self.destination.addItem("", "")
        for store in self.tasks.stores():
            self.destination.addItem(f"{store.code} · {store.name}", store.code)
        index = self.destination.findData(self.draft.destination)
        self.destination.setCurrentIndex(max(0, index))
        self.destination.blockSignals(False)

    def _destination_changed(self, _index: int) -> None:
        self.draft.destination = str(self.destination.currentData() or "")
        self.save()

    def retranslate(self) -> None:
        self.to_label.setText(self.tr("To store"))
        self.destination.setItemText(0, self.tr("Choose the store…"))
        self.destination.setAccessibleName(self.tr("Destination store"))
        self.note.setText(
            self.tr(
                "The goods leave this store's stock now; they are booked in at the other "
                "store when this transfer reaches the backend."
            )
        )
        set_label(self.post_button, self.tr("Send"), self.tr("Post the transfer"))
        super().retranslate()

    def refresh(self) -> None:
        if self.destination.count() <= 1:
            self._fill_stores()  # the store list arrives with the first sync
            self.retranslate()
        super().refresh()

    def headers(self) -> list[str]:
        return [self.tr("Item"), self.tr("Here now"), self.tr("Send")]

    def cells(self, index: int) -> list[QTableWidgetItem]:
        return self.here_and_quantity_cells(index)

    def reset(self) -> None:
        destination = self.draft.destination
        super().reset()
        self.draft.destination = destination

    def post_question(self) -> tuple[str, str]:
        return (
            self.tr("Send to another store"),
            self.tr(
                "Send {lines} line(s), {total} in all, to {store}? They are booked in there "
                "when this transfer syncs."
            ).format(
                lines=len(self.draft.lines),
                total=_qty(sum(line.qty_milli for line in self.draft.lines), self.language),
                store=self.destination.currentText() if self.draft.destination else "–",
            ),
        )

    def post_draft(self) -> Posted:
        return self.tasks.transfer(self.draft, self.panel.manager.user_id)

    def posted_text(self, posted: Posted) -> str:
        return self.tr("Transfer to {store} posted: {lines} line(s), {total}.").format(
            store=self.draft.destination,
            lines=posted.lines,
            total=_qty(posted.qty_milli, self.language),
        )


# -- cycle counts ----------------------------------------------------------------------------------


class CountTab(_Tab):
    """Shelf by shelf: a shelf label, then its items; reviewed against what was expected."""

    def __init__(self, panel: ManagerPanel) -> None:
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
        self.table = _table("manager_count_lines", 5, stretch=1)
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
            self.show_lines(select=_selected_row(self.table))

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
                    _cell(", ".join(s or "–" for s in review.shelves)),
                    _cell(f"{review.item.name_in(language)}\n{review.item.sku}"),
                    _cell(_qty(review.counted_milli, language), right=True, bold=True),
                    _cell(_qty(review.expected_milli, language), right=True),
                    _cell(
                        _signed(review.difference_milli, language)
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
                    _cell(entry.shelf or "–"),
                    _cell(f"{entry.item.name_in(language)}\n{entry.item.sku}"),
                    _cell(_qty(entry.qty_milli, language), right=True, bold=True),
                    _cell(_clock(entry.taken_at, language, self.zone), right=True),
                    _cell(""),
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
        chosen = counting and _selected_row(self.table) >= 0
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
        index = _selected_row(self.table)
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
        index = _selected_row(self.table)
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
                items=posted.lines, difference=_signed(posted.qty_milli, self.language) or "0"
            )
        )


# -- exceptions ------------------------------------------------------------------------------------


class ExceptionsTab(_Tab):
    """Negative stock after offline sales, raised by the backend for this store."""

    def __init__(self, panel: ManagerPanel) -> None:
        super().__init__(panel)
        self.setObjectName("manager_exceptions_tab")
        self.exceptions: list[StockException] = []
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.intro = named(QLabel(), "manager_exceptions_intro")
        self.intro.setWordWrap(True)
        self.intro.setProperty("kind", "muted")
        column.addWidget(self.intro)
        self.table = _table("manager_exceptions_table", 5)
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
        selected = _selected_row(self.table)
        self.exceptions = self.tasks.exceptions()
        language = self.language
        now = self.tasks.now()
        self.table.setRowCount(len(self.exceptions))
        for row, found in enumerate(self.exceptions):
            name = found.item.name_in(language) if found.item is not None else found.sku
            days = (now - found.raised_at).days
            when = (
                _clock(found.raised_at, language, self.zone)
                if days < 1
                else self.tr("{days} d ago").format(days=days)
            )
            cells = [
                _cell(name),
                _cell(_qty(found.on_hand_milli, language), right=True, bold=True),
                _cell(_qty(found.on_hand_now_milli, language), right=True),
                _cell(when, right=True),
                _cell(found.sku),
            ]
            for column, cell in enumerate(cells):
                self.table.setItem(row, column, cell)
        if self.exceptions:
            self.table.selectRow(selected if 0 <= selected < len(self.exceptions) else 0)
        self._selection_changed()

    def _selection_changed(self) -> None:
        row = _selected_row(self.table)
        self.count_button.setEnabled(
            0 <= row < len(self.exceptions) and self.exceptions[row].item is not None
        )

    def count_now(self) -> None:
        row = _selected_row(self.table)
        if not (0 <= row < len(self.exceptions)):
            return
        item = self.exceptions[row].item
        if item is not None:
            self.panel.count_now(item)

    def scan(self, code: str) -> None:
        self.panel.show_tab("stock")
        self.panel.stock.scan(code)


# -- the panel -------------------------------------------------------------------------------------


class ManagerPanel(Screen):
    """The manager screens for ``manager`` (who the facts are recorded under)."""

    closed = Signal()

    def __init__(
        self,
        register: Register,
        manager: StaffUser,
        parent: QWidget | None = None,
        *,
        refresh_ms: int = 5_000,
    ) -> None:
        super().__init__(parent)
        self.register = register
        self.manager = manager
        self.tasks = register.services.stock_tasks
        self.setObjectName("manager_panel")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(8)
        tabs, self.tab_group, self.tab_buttons = choice_row(
            "manager_tab", TAB_NAMES, self.show_tab, self
        )
        column.addLayout(tabs)
        self.age_label = named(QLabel(), "manager_age")
        self.age_label.setWordWrap(True)
        # Messages keep their full height; the table above gives way.
        self.age_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        column.addWidget(self.age_label)
        self.stack = QStackedWidget()
        self.stock = StockTab(self)
        self.adjust = AdjustTab(self)
        self.receive = ReceiveTab(self)
        self.count = CountTab(self)
        self.transfer = TransferTab(self)
        self.exceptions = ExceptionsTab(self)
        self.tabs: dict[str, _Tab] = {
            "stock": self.stock,
            "adjust": self.adjust,
            "receive": self.receive,
            "count": self.count,
            "transfer": self.transfer,
            "exceptions": self.exceptions,
        }
        for tab in self.tabs.values():
            self.stack.addWidget(tab)
        column.addWidget(self.stack, 1)
        self.message = named(QLabel(), "manager_message")
        self.message.setWordWrap(True)
        self.message.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.message.setProperty("kind", "message")  # boxed from the first show on
        self.message.hide()
        column.addWidget(self.message)
        self.tab = "stock"
        self._timer = QTimer(self)
        self._timer.setInterval(refresh_ms)  # pulls arrive in the background
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        self.retranslate()
        self.show_tab("exceptions" if self.tasks.exceptions() else "stock")

    def retranslate(self) -> None:
        if not hasattr(self, "tabs"):
            return
        self._tab_texts()
        self._age()

    def _tab_texts(self) -> None:
        exceptions = len(self.exceptions.exceptions)
        texts = {
            "stock": self.tr("Stock"),
            "adjust": self.tr("Adjust"),
            "receive": self.tr("Receive"),
            "count": self.tr("Count"),
            "transfer": self.tr("Transfer"),
            "exceptions": self.tr("Exceptions ({count})").format(count=exceptions),
        }
        for name, text in texts.items():
            set_label(self.tab_buttons[name], text)

    def _age(self) -> None:
        now = self.tasks.now()
        synced = self.tasks.last_synced_at()
        zone = self.register.services.settings.timezone
        text = self.tr("Stock data {age}").format(
            age=age_text(synced, now, self.register.language, zone)
        )
        pending = self.register.services.sync
        stale = is_stale(synced, now)
        if stale:
            text += " " + self.tr(
                "· offline or not synced lately: figures may have moved; what you post here "
                "is kept and sent when the network is back."
            )
        elif pending is None:
            text += " " + self.tr("· this till is not connected to a backend.")
        self.age_label.setText(text)
        _set_kind(self.age_label, "message" if stale else "muted")
        _fit(self.age_label, self.width())

    def show_tab(self, name: str) -> None:
        self.tab = name
        self.tab_buttons[name].setChecked(True)
        tab = self.tabs[name]
        self.stack.setCurrentWidget(tab)
        tab.refresh()
        field = self.scan_field()
        if field is not None:
            field.setFocus()

    def scan_field(self) -> QWidget | None:
        """The shown tab's scan or search field (the focus after a tab change, a dialog)."""
        picker: QWidget | None = getattr(self.current(), "picker", None)
        if isinstance(picker, ItemPicker):
            return picker.edit
        return self.stock.search_edit if self.tab == "stock" else None

    def current(self) -> _Tab:
        return self.tabs[self.tab]

    def scan(self, code: str) -> None:
        self.clear_message()
        self.current().scan(code)

    def refresh(self) -> None:
        if not shiboken6.isValid(self):
            return
        self.exceptions.refresh()
        if self.tab != "exceptions":
            self.current().refresh()
        self._tab_texts()
        self._age()

    def count_now(self, item: StockItem) -> None:
        self.show_tab("count")
        self.count.count_now(item)

    # -- messages --

    def _say(self, text: str, kind: str) -> None:
        self.message.setText(text)
        _set_kind(self.message, kind)
        _fit(self.message, self.width())
        self.message.show()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        _fit(self.message, event.size().width())
        _fit(self.age_label, event.size().width())

    def show_error(self, error: UserError) -> None:
        self._say(error_text(error, self.register.language), "error")

    def show_note(self, text: str) -> None:
        self._say(text, "message")

    def show_posted(self, text: str) -> None:
        sync = self.register.services.sync
        tail = (
            self.tr("It is in the outbox and goes to the backend with the next sync.")
            if sync is not None
            else self.tr("Recorded on this till.")
        )
        self._say(f"{text} {tail}", "ok")
        self.refresh()

    def clear_message(self) -> None:
        self.message.hide()

    def stop(self) -> None:
        self._timer.stop()
