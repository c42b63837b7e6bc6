"""The Attendants panel: the store's self-service kiosks and who needs help, on staff tills.

``AttendantsMonitor`` reads ``AttendantWatch.kiosks()`` on a QTimer in the GUI thread (the
watch's own thread never touches Qt). ``AttendantsIndicator`` sits in the cashier's status
bar: "Kiosks: all fine", or pulsing red with the kiosk and its reason when one needs help;
a click opens ``AttendantsDialog`` with the ``AttendantsPanel`` (every kiosk, its state and
reason in words, for how long, its basket). Manager mode shows the same panel. All of it is
hidden while the store has no kiosk.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos_app.services.kiosk_status import AttendantWatch
from pos_app.ui.i18n import format_money
from pos_app.ui.widgets import button, named, set_label
from sync.protocol import AttendantKiosk, KioskState

READ_MS = 500  # how often the GUI thread looks at the watch's last list
PULSE_MS = 600

INDICATOR_STYLE = """
QPushButton[state="ok"] { color: #6ee7b7; }
QPushButton[state="off"] { color: #d1d5db; }
QPushButton[state="help"] {
    background: #dc2626; color: #ffffff; font-weight: 700; border-color: #fecaca;
}
QPushButton[state="help_dim"] {
    background: #7f1d1d; color: #ffffff; font-weight: 700; border-color: #7f1d1d;
}
"""
_HELP_ROW = QColor("#fee2e2")
_OFFLINE_ROW = QColor("#e5e7eb")


def state_text(state: KioskState) -> str:
    """A kiosk's state in words."""
    return {
        KioskState.IDLE: QCoreApplication.translate("Attendants", "Idle"),
        KioskState.IN_USE: QCoreApplication.translate("Attendants", "In use"),
        KioskState.NEEDS_HELP: QCoreApplication.translate("Attendants", "Needs help"),
        KioskState.PAYING: QCoreApplication.translate("Attendants", "Paying"),
        KioskState.OUT_OF_PAPER: QCoreApplication.translate("Attendants", "Out of paper"),
        KioskState.OFFLINE: QCoreApplication.translate("Attendants", "Offline"),
    }[state]


def reason_text(reason: str) -> str:
    """A help reason code in words (a code this till does not know is shown as it is)."""
    words = {
        "help": QCoreApplication.translate("Attendants", "customer pressed Help"),
        "age_check": QCoreApplication.translate("Attendants", "age check"),
        "removal": QCoreApplication.translate("Attendants", "remove an item"),
        "price_override": QCoreApplication.translate("Attendants", "price check"),
        "basket_limit": QCoreApplication.translate("Attendants", "basket over the limit"),
        "unknown_item": QCoreApplication.translate("Attendants", "unknown item"),
        "weighed_item": QCoreApplication.translate("Attendants", "weighed item"),
        "payment_problem": QCoreApplication.translate("Attendants", "payment problem"),
        "out_of_paper": QCoreApplication.translate("Attendants", "out of receipt paper"),
    }
    return words.get(reason, reason)


def duration_text(since: datetime, now: datetime | None) -> str:
    """For how long: ``45 s``, ``3 min``, ``2 h 5 min`` (empty before the first answer)."""
    if now is None:
        return ""
    seconds = max(0, int((now - since).total_seconds()))
    if seconds < 60:
        return QCoreApplication.translate("Attendants", "{seconds} s").format(seconds=seconds)
    minutes = seconds // 60
    if minutes < 60:
        return QCoreApplication.translate("Attendants", "{minutes} min").format(minutes=minutes)
    return QCoreApplication.translate("Attendants", "{hours} h {minutes} min").format(
        hours=minutes // 60, minutes=minutes % 60
    )


def basket_text(kiosk: AttendantKiosk, language: str) -> str:
    if kiosk.basket_lines is None:
        return ""
    lines = QCoreApplication.translate("Attendants", "{count} line(s)").format(
        count=kiosk.basket_lines
    )
    if kiosk.basket_total_minor is None:
        return lines
    return f"{lines} · {format_money(kiosk.basket_total_minor, language)}"


def help_needed(kiosks: list[AttendantKiosk]) -> list[AttendantKiosk]:
    """The kiosks staff must walk over to, longest waiting first."""
    return sorted((k for k in kiosks if k.needs_attention), key=lambda k: k.since)


def summary_text(kiosks: list[AttendantKiosk]) -> str:
    """The indicator's words: all fine, or the first kiosk needing help and how many more."""
    waiting = help_needed(kiosks)
    if not waiting:
        offline = sum(1 for k in kiosks if k.state is KioskState.OFFLINE)
        if offline:
            return QCoreApplication.translate("Attendants", "Kiosks: {count} offline").format(
                count=offline
            )
        return QCoreApplication.translate("Attendants", "Kiosks: all fine")
    first = waiting[0]
    reason = reason_text(first.reason) if first.reason else state_text(first.state).lower()
    if first.state is KioskState.OUT_OF_PAPER:
        text = QCoreApplication.translate("Attendants", "{kiosk} is out of paper").format(
            kiosk=first.terminal_code
        )
    else:
        text = QCoreApplication.translate("Attendants", "{kiosk} needs help: {reason}").format(
            kiosk=first.terminal_code, reason=reason
        )
    if len(waiting) > 1:
        text += " " + QCoreApplication.translate("Attendants", "(+{count} more)").format(
            count=len(waiting) - 1
        )
    return text


class AttendantsMonitor(QObject):
    """The watch's kiosks on the GUI thread: ``changed`` when the list differs."""

    changed = Signal()

    def __init__(self, watch: AttendantWatch, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.watch = watch
        self.kiosks: list[AttendantKiosk] = watch.kiosks()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.read)
        self.timer.start(READ_MS)

    def read(self) -> None:
        kiosks = self.watch.kiosks()
        if kiosks != self.kiosks:
            self.kiosks = kiosks
            self.changed.emit()

    def now(self) -> datetime | None:
        return self.watch.server_now()

    def stop(self) -> None:
        self.timer.stop()


class AttendantsPanel(QWidget):
    """Every kiosk of the store: code, state and reason in words, for how long, basket."""

    COLUMNS = 5

    def __init__(
        self,
        monitor: AttendantsMonitor,
        language: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.monitor = monitor
        self.language = language
        self.setObjectName("attendants_panel")
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        self.title = named(QLabel(), "attendants_title")
        self.title.setProperty("kind", "title")
        column.addWidget(self.title)
        self.note = named(QLabel(), "attendants_note")
        self.note.setProperty("kind", "muted")
        self.note.setWordWrap(True)
        column.addWidget(self.note)
        self.table = named(QTableWidget(0, self.COLUMNS), "attendants_table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a list to read, nothing to pick
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(44)
        header = self.table.horizontalHeader()
        for index in range(self.COLUMNS):
            header.setSectionResizeMode(index, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        column.addWidget(self.table, 1)
        monitor.changed.connect(self.refresh)
        # "For how long" moves on with the clock, not only when the list changes.
        self.ticker = QTimer(self)
        self.ticker.timeout.connect(self.refresh)
        self.ticker.start(1000)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Self-service kiosks"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Kiosk"),
                self.tr("State"),
                self.tr("Reason"),
                self.tr("For"),
                self.tr("Basket"),
            ]
        )
        self.table.setAccessibleName(self.tr("Self-service kiosks"))
        self.refresh()

    def refresh(self) -> None:
        kiosks = self.monitor.kiosks
        now = self.monitor.now()
        language = self.language()
        self.table.setRowCount(len(kiosks))
        for row, kiosk in enumerate(kiosks):
            reason = reason_text(kiosk.reason) if kiosk.reason else ""
            if kiosk.state is KioskState.OFFLINE and kiosk.last_state is not None:
                reason = self.tr("last seen: {state}").format(state=state_text(kiosk.last_state))
            cells = (
                kiosk.terminal_code,
                state_text(kiosk.state),
                reason,
                duration_text(kiosk.since, now),
                basket_text(kiosk, language),
            )
            for index, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if kiosk.needs_attention:
                    item.setBackground(QBrush(_HELP_ROW))
                    if index < 3:
                        font = item.font()
                        font.setBold(True)
                        item.setFont(font)
                elif kiosk.state is KioskState.OFFLINE:
                    item.setBackground(QBrush(_OFFLINE_ROW))
                if index == 3:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, index, item)
        watch = self.monitor.watch
        if watch.last_error and kiosks:
            self.note.setText(
                self.tr("Not updated: the backend cannot be reached. The list may be old.")
            )
        elif not kiosks:
            self.note.setText(self.tr("This store has no self-service kiosk."))
        else:
            self.note.setText(
                self.tr("A kiosk that has not reported for 15 seconds is shown as offline.")
            )

    def stop(self) -> None:
        self.ticker.stop()


class AttendantsDialog(QDialog):
    """The panel in a dialog over the cashier window (the indicator opens it)."""

    def __init__(
        self,
        monitor: AttendantsMonitor,
        language: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("attendants_dialog")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumSize(760, 420)
        column = QVBoxLayout(self)
        self.panel = AttendantsPanel(monitor, language, self)
        column.addWidget(self.panel, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.close_button = button("attendants_close", kind="primary", on_click=self.accept)
        row.addWidget(self.close_button)
        column.addLayout(row)
        self.finished.connect(lambda _result: self.panel.stop())
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Self-service kiosks"))
        set_label(self.close_button, self.tr("Close (Esc)"), self.tr("Close"))


class AttendantsIndicator(QPushButton):
    """The status bar's kiosk state: hidden without kiosks; pulses red while one needs help;
    a click opens the Attendants dialog."""

    def __init__(
        self,
        monitor: AttendantsMonitor,
        language: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.monitor = monitor
        self.language = language
        self.setObjectName("status_attendants")
        self.setFlat(True)
        self.setProperty("kind", "status")
        self.setStyleSheet(INDICATOR_STYLE)
        self.dialog: AttendantsDialog | None = None
        self.bright = True
        self.pulse = QTimer(self)
        self.pulse.timeout.connect(self._blink)
        self.clicked.connect(self.open_panel)
        monitor.changed.connect(self.refresh)
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.refresh()
        super().changeEvent(event)

    @property
    def needs_help(self) -> bool:
        return bool(help_needed(self.monitor.kiosks))

    def refresh(self) -> None:
        kiosks = self.monitor.kiosks
        self.setVisible(bool(kiosks))
        text = summary_text(kiosks)
        set_label(self, text, self.tr("Kiosks: {state}").format(state=text))
        self.setToolTip(self.tr("Self-service kiosks: open the list"))
        if self.needs_help:
            if not self.pulse.isActive():
                self.bright = True
                self.pulse.start(PULSE_MS)
            self._state("help" if self.bright else "help_dim")
        else:
            self.pulse.stop()
            offline = any(k.state is KioskState.OFFLINE for k in kiosks)
            self._state("off" if offline else "ok")

    def _blink(self) -> None:
        self.bright = not self.bright
        self._state("help" if self.bright else "help_dim")

    def _state(self, state: str) -> None:
        if self.property("state") == state:
            return
        self.setProperty("state", state)
        self.style().unpolish(self)
        self.style().polish(self)

    def open_panel(self) -> None:
        """The Attendants dialog (read again at once: someone is looking)."""
        self.monitor.watch.refresh()
        dialog = AttendantsDialog(self.monitor, self.language, self.window())
        dialog.finished.connect(self._closed)
        self.dialog = dialog
        dialog.open()

    def _closed(self, _result: int) -> None:
        self.dialog = None

    def stop(self) -> None:
        self.pulse.stop()
        self.monitor.stop()


class AttendantsSection(QWidget):
    """Manager mode's section: the panel, shown only while the store has kiosks."""

    def __init__(
        self,
        monitor: AttendantsMonitor,
        language: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("manager_attendants")
        self.monitor = monitor
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 8)
        self.panel = AttendantsPanel(monitor, language, self)
        self.panel.setMaximumHeight(260)
        column.addWidget(self.panel)
        monitor.changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self.setVisible(bool(self.monitor.kiosks))

    def stop(self) -> None:
        self.panel.stop()
        self.monitor.stop()


def attendants_for(watch: AttendantWatch | None, parent: QObject) -> AttendantsMonitor | None:
    """A monitor over the till's watch (None: not enrolled, no kiosks to watch)."""
    return None if watch is None else AttendantsMonitor(watch, parent)
