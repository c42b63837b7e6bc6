"""The manager screens: one panel with a tab per task, shown in the manager window
(``pos app --manager``) and in the manager dialog (a manager's PIN over a cashier's session).

Every figure is the terminal's replica plus its own movements, with the data's age shown;
every task is posted as a fact in the outbox (``services.stock_tasks``), so all of it works
offline. A task in progress is saved after each change and comes back after a restart.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from pos_app.checkout.register import Register
from pos_app.errors import UserError
from pos_app.services.stock_tasks.drafts import StockItem
from pos_app.services.users import StaffUser
from pos_app.ui.cashier.freshness import age_text, is_stale
from pos_app.ui.manager.common import ItemPicker, ManagerTab, fit_height, set_kind
from pos_app.ui.manager.tabs.adjust import AdjustTab
from pos_app.ui.manager.tabs.count import CountTab
from pos_app.ui.manager.tabs.exceptions import ExceptionsTab
from pos_app.ui.manager.tabs.receive import ReceiveTab
from pos_app.ui.manager.tabs.stock import StockTab
from pos_app.ui.manager.tabs.transfer import TransferTab
from pos_app.ui.messages import error_text
from pos_app.ui.stock_tools import StockTools
from pos_app.ui.widgets import Screen, choice_row, named, set_label

TAB_NAMES = ("stock", "adjust", "receive", "count", "transfer", "exceptions")


class ManagerPanel(Screen):
    """The manager screens for ``manager`` (who the facts are recorded under)."""

    closed = Signal()

    def __init__(
        self,
        register: Register,
        manager: StaffUser,
        tools: StockTools,
        parent: QWidget | None = None,
        *,
        refresh_ms: int = 5_000,
    ) -> None:
        super().__init__(parent)
        self.register = register
        self.manager = manager
        self.tools = tools
        self.tasks = tools.tasks
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
        self.tabs: dict[str, ManagerTab] = {
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
        zone = self.tools.zone
        text = self.tr("Stock data {age}").format(
            age=age_text(synced, now, self.register.language, zone)
        )
        pending = self.tools.sync
        stale = is_stale(synced, now)
        if stale:
            text += " " + self.tr(
                "· offline or not synced lately: figures may have moved; what you post here "
                "is kept and sent when the network is back."
            )
        elif pending is None:
            text += " " + self.tr("· this till is not connected to a backend.")
        self.age_label.setText(text)
        set_kind(self.age_label, "message" if stale else "muted")
        fit_height(self.age_label, self.width())

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

    def current(self) -> ManagerTab:
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

    def adjust_now(self, item: StockItem) -> None:
        """From the look-up: one of ``item`` taken away in the adjustment tab."""
        self.show_tab("adjust")
        self.adjust.add(item, 1000)

    def look_up(self, code: str) -> None:
        """A scan on a tab without items of its own: the item's stock in the look-up."""
        self.show_tab("stock")
        self.stock.scan(code)

    # -- messages --

    def _say(self, text: str, kind: str) -> None:
        self.message.setText(text)
        set_kind(self.message, kind)
        fit_height(self.message, self.width())
        self.message.show()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        fit_height(self.message, event.size().width())
        fit_height(self.age_label, event.size().width())

    def show_error(self, error: UserError) -> None:
        self._say(error_text(error, self.register.language), "error")

    def show_note(self, text: str) -> None:
        self._say(text, "message")

    def show_posted(self, text: str) -> None:
        sync = self.tools.sync
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
