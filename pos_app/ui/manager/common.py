"""What the manager tabs share: number and time texts, tables, combo boxes, the quantity
keypad, the item picker and the tab base class."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from typing import Protocol

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
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
from pos_app.resources import combo_arrow_file
from pos_app.services.stock_tasks.drafts import StockItem
from pos_app.services.stock_tasks.service import StockTasks
from pos_app.services.users import StaffUser
from pos_app.ui.cashier.dialogs import AmountDialog
from pos_app.ui.i18n import format_milli, format_store_time, parse_decimal
from pos_app.ui.stock_tools import StockTools
from pos_app.ui.widgets import Screen, button, named, set_label

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def signed_qty(qty_milli: int, language: str) -> str:
    text = format_milli(qty_milli, language)
    return f"+{text}" if qty_milli > 0 else text.replace("-", "−")


def qty_text(qty_milli: int | None, language: str) -> str:
    return "–" if qty_milli is None else format_milli(qty_milli, language).replace("-", "−")


def store_clock(moment: datetime, language: str, zone: str) -> str:
    """A time of day in the store's time zone (``Settings.timezone``), not the machine's."""
    return format_store_time(moment, language, zone)


def table_cell(text: str, *, right: bool = False, bold: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(_RIGHT)
    if bold:
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
    return item


def task_table(name: str, columns: int, stretch: int = 0) -> QTableWidget:
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


def selected_row(table: QTableWidget) -> int:
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


def combo(name: str) -> QComboBox:
    combo = named(QComboBox(), name)
    combo.setStyleSheet(_COMBO_STYLE)
    return combo


def set_kind(label: QLabel, kind: str) -> None:
    label.setProperty("kind", kind)
    label.style().unpolish(label)
    label.style().polish(label)


# The padding and border of the "message", "ok" and "error" label kinds (pos.qss): a label's
# height for its width leaves them out, so a boxed message gets them on top.
_BOX = 2 * (8 + 2) + 4


def fit_height(label: QLabel, width: int) -> None:
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


class PanelHost(Protocol):
    """What a tab asks of the panel that holds it (``panel.ManagerPanel``)."""

    register: Register
    manager: StaffUser
    tools: StockTools
    tasks: StockTasks

    def show_tab(self, name: str) -> None: ...

    def count_now(self, item: StockItem) -> None: ...

    def adjust_now(self, item: StockItem) -> None: ...

    def look_up(self, code: str) -> None: ...

    def show_error(self, error: UserError) -> None: ...

    def show_note(self, text: str) -> None: ...

    def show_posted(self, text: str) -> None: ...

    def clear_message(self) -> None: ...


class ManagerTab(Screen):
    """A tab of the panel: its own texts, a scan handler and a refresh."""

    def __init__(self, panel: PanelHost) -> None:
        super().__init__()
        self.panel = panel
        self.register = panel.register
        self.tools = panel.tools
        self.tasks = panel.tasks

    @property
    def language(self) -> str:
        return self.register.language

    @property
    def zone(self) -> str:
        """The store's time zone, as on the receipts."""
        return self.tools.zone

    def scan(self, code: str) -> None:
        """A scan while this tab shows."""

    def refresh(self) -> None:
        """Re-read what is shown (a pull may have brought new figures)."""
