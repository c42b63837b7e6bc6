"""Sync in the cashier app: its state in words for the status bar, a monitor that brings the
worker's reports onto the GUI thread, and the sync problems dialog (facts the backend
refused, with its reasons, and a "sync now" button).

The Qt layer only reads ``SyncStatus`` and ``RejectedFact`` and calls ``sync_now``; it never
touches the network.
"""

from __future__ import annotations

import threading
import weakref
from datetime import datetime

import shiboken6
from PySide6.QtCore import QCoreApplication, QLocale, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from pos_app.checkout.register import Register
from pos_app.services.clock import Clock
from pos_app.services.sync_status import RejectedFact, SyncControl, SyncStatus
from pos_app.ui.cashier.dialogs import PosDialog
from pos_app.ui.i18n import DEFAULT_ZONE, format_store_when
from pos_app.ui.widgets import button, named, set_label


def _language(language: str) -> str:
    if language:
        return language
    return "tr" if QLocale().language() == QLocale.Language.Turkish else "en"


def when_text(moment: datetime, now: datetime, language: str = "", zone: str = DEFAULT_ZONE) -> str:
    """A time of today as ``14:32``, of another day with its date, in the store's time zone
    (``Settings.timezone``, as on the receipts), whatever the machine's zone."""
    return format_store_when(moment, now, _language(language), zone)


def sync_state(status: SyncStatus | None) -> str:
    """The status bar colour: ok (green), off (grey), warn (amber), error (red)."""
    if status is None or not status.enrolled:
        return "off"
    if status.rejected or status.clock_warning or status.identity_conflict:
        return "error"
    if status.online is False:
        return "warn"
    if status.bootstrapping or status.online is None:
        return "off"
    return "ok"


def sync_state_text(
    status: SyncStatus | None,
    now: datetime,
    *,
    language: str = "",
    compact: bool = False,
    zone: str = DEFAULT_ZONE,
) -> str:
    """Sync in one line: connection, last sync, what waits, what went wrong.

    ``compact`` is the status bar's form: what needs attention first, the offline sentence
    shortened and the last sync left out unless all is well (the tooltip and the sync
    dialog carry the whole text).
    """
    if status is None or not status.enrolled:
        return QCoreApplication.translate("Sync", "Stand-alone")
    last = (
        QCoreApplication.translate("Sync", "last sync {time}").format(
            time=when_text(status.last_success_at, now, language, zone)
        )
        if status.last_success_at is not None
        else ""
    )
    problems: list[str] = []
    if status.identity_conflict:
        problems.append(
            QCoreApplication.translate("Sync", "Refused: this till's data is a copy")
            if compact
            else QCoreApplication.translate(
                "Sync",
                "The backend refused this till: its data is a copy in use on another till. "
                "Sales are kept here; enrol this till again with a new code",
            )
        )
    if status.rejected:
        problems.append(
            QCoreApplication.translate("Sync", "{count} rejected").format(count=status.rejected)
        )
    if status.clock_warning:
        minutes = max(1, round(abs(status.clock_offset_ms) / 60_000))
        problems.append(
            QCoreApplication.translate("Sync", "clock off by {minutes} min").format(minutes=minutes)
        )
    if compact and status.identity_conflict:
        # Nothing else matters until the till is enrolled again; the tooltip has the rest.
        if status.pending:
            problems.append(
                QCoreApplication.translate("Sync", "{count} pending").format(count=status.pending)
            )
        return " · ".join(problems)
    brief = compact and (bool(problems) or status.online is False)
    parts: list[str] = []
    if status.bootstrapping:
        parts.append(QCoreApplication.translate("Sync", "Downloading the catalogue…"))
    elif status.online is True:
        parts.append(QCoreApplication.translate("Sync", "Online"))
        if not brief:
            parts.append(last or QCoreApplication.translate("Sync", "not synced yet"))
    elif status.online is False:
        if compact:
            parts.append(QCoreApplication.translate("Sync", "Offline: sales are kept"))
        else:
            parts.append(
                QCoreApplication.translate(
                    "Sync", "Offline — sales are kept and sent when the connection returns"
                )
            )
        if last and not brief:
            parts.append(last)
    elif last and not brief:
        parts.append(QCoreApplication.translate("Sync", "Connecting…"))
        parts.append(last)
    elif last:
        parts.append(QCoreApplication.translate("Sync", "Connecting…"))
    else:
        parts.append(QCoreApplication.translate("Sync", "Not synced yet"))
    if status.pending:
        parts.append(
            QCoreApplication.translate("Sync", "{count} pending").format(count=status.pending)
        )
    if compact:
        return " · ".join(problems + parts)
    return " · ".join(parts + problems)


def sync_tooltip(
    status: SyncStatus | None, now: datetime, language: str = "", zone: str = DEFAULT_ZONE
) -> str:
    """The status bar's tooltip: the whole sentence, the last error and what a click does."""
    if status is None or not status.enrolled:
        return QCoreApplication.translate(
            "Sync", "This till is not enrolled with a backend: sales stay on this till."
        )
    lines = [sync_state_text(status, now, language=language, zone=zone)]
    if status.clock_warning:
        lines.append(QCoreApplication.translate("Sync", "Check this till's date and time."))
    if status.last_error:
        lines.append(
            QCoreApplication.translate("Sync", "Last error: {error}").format(
                error=status.last_error
            )
        )
    lines.append(QCoreApplication.translate("Sync", "Click for sync problems (Ctrl+Y)"))
    return "\n".join(lines)


def kind_words(kind: str) -> str:
    """A synced fact's kind in the cashier's language."""
    return {
        "order.completed": QCoreApplication.translate("Sync", "Sale"),
        "order.refunded": QCoreApplication.translate("Sync", "Refund"),
        "shift.closed": QCoreApplication.translate("Sync", "Shift close"),
        "stock.adjusted": QCoreApplication.translate("Sync", "Stock adjustment"),
    }.get(kind, kind)


class _Relay:
    """The listener handed to the worker: it holds the monitor weakly, so a closed dialog's
    monitor is neither kept alive nor called after it is gone (``SyncControl`` has no way to
    remove a listener)."""

    def __init__(self, monitor: SyncMonitor) -> None:
        self._monitor = weakref.ref(monitor)
        self.active = True

    def __call__(self, status: SyncStatus) -> None:
        monitor = self._monitor() if self.active else None
        if monitor is None or not shiboken6.isValid(monitor):
            return
        try:
            monitor._from_any_thread(status)
        except RuntimeError:  # deleted on the GUI thread just now: nobody is listening
            self.active = False


class SyncMonitor(QObject):
    """Re-emits the sync worker's reports on the GUI thread, at most every ``interval_ms``.

    The worker calls its listeners on its own thread after every round, and while it drains a
    long outbox the rounds follow each other quickly; so, as with ``PrinterMonitor``, one
    queued poke at a time, then one ``changed`` with the latest status.
    """

    changed = Signal(object)  # SyncStatus
    _poke = Signal()

    def __init__(
        self, sync: SyncControl, parent: QObject | None = None, interval_ms: int = 150
    ) -> None:
        super().__init__(parent)
        self.sync = sync
        self._lock = threading.Lock()
        self._pending = threading.Event()
        self.status: SyncStatus = sync.status()
        self._latest: SyncStatus = self.status
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self._emit)
        self._poke.connect(self._timer.start)  # queued: it runs on the GUI thread
        self._relay = _Relay(self)
        sync.add_listener(self._relay)

    def _from_any_thread(self, status: SyncStatus) -> None:
        with self._lock:
            self._latest = status
        if not self._pending.is_set():
            self._pending.set()
            self._poke.emit()

    def _emit(self) -> None:
        self._pending.clear()
        with self._lock:
            self.status = self._latest
        self.changed.emit(self.status)

    def detach(self) -> None:
        self._relay.active = False
        remove = getattr(self.sync, "remove_listener", None)
        if callable(remove):
            remove(self._relay)


class SyncProblemsDialog(PosDialog):
    """Ctrl+Y: the sync state in full and the facts the backend rejected, with its reasons."""

    COLUMNS = 4

    def __init__(
        self,
        register: Register,
        parent: QWidget | None,
        *,
        sync: SyncControl | None,
        clock: Clock,
        zone: str,
        monitor: SyncMonitor | None = None,
    ) -> None:
        """``sync``: the terminal's sync worker, None when it works alone (not enrolled);
        ``zone``: the store's time zone."""
        super().__init__(register, "sync", parent)
        self.sync = sync
        self.clock = clock
        self.zone = zone
        self.setMinimumSize(900, 600)
        self.facts: list[RejectedFact] = []
        self.status: SyncStatus | None = None

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.setHorizontalSpacing(16)
        self.state_label = named(QLabel(), "sync_state")
        self.pending_label = named(QLabel(), "sync_pending")
        self.server_label = named(QLabel(), "sync_server")
        self.error_label = named(QLabel(), "sync_last_error")
        self.captions = [QLabel() for _ in range(4)]
        for caption, value in zip(
            self.captions,
            (self.state_label, self.pending_label, self.server_label, self.error_label),
            strict=True,
        ):
            caption.setProperty("kind", "muted")
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.form.addRow(caption, value)
        self.body.addLayout(self.form)

        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setProperty("kind", "subtitle")
        self.body.addWidget(self.hint)
        self.pages = QStackedWidget()
        self.table = named(QTableWidget(0, self.COLUMNS), "sync_rejected_table")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(self.COLUMNS - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.COLUMNS - 1, QHeaderView.ResizeMode.Stretch)
        self.empty = named(QLabel(), "sync_empty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setProperty("kind", "subtitle")
        self.pages.addWidget(self.table)
        self.pages.addWidget(self.empty)
        self.body.addWidget(self.pages, 1)

        self.sync_now_button = button("sync_now", kind="primary", on_click=self.sync_now)
        self.sync_now_button.setSizePolicy(self.cancel_button.sizePolicy())
        buttons = self.layout_.itemAt(self.layout_.count() - 1)  # PosDialog's button row
        row = buttons.layout() if buttons is not None else None
        assert isinstance(row, QHBoxLayout)
        row.addWidget(self.sync_now_button)
        self.ok_button.hide()  # nothing to confirm: the buttons act at once
        self.requested = False
        # The worker reports after its round; a lost report must not leave the button off.
        self.request_timer = QTimer(self)
        self.request_timer.setSingleShot(True)
        self.request_timer.setInterval(5000)
        self.request_timer.timeout.connect(self._request_expired)
        shortcut = QShortcut(QKeySequence("F5"), self)
        shortcut.activated.connect(self.sync_now)

        self.monitor = monitor
        if self.monitor is None and self.sync is not None:
            self.monitor = SyncMonitor(self.sync, self)
            self.finished.connect(lambda _result: self._detach())
        if self.monitor is not None:
            self.monitor.changed.connect(self._changed)
            self.status = self.monitor.status
        self.finish_setup()
        self.reload()
        self.sync_now_button.setFocus()

    def _detach(self) -> None:
        if self.monitor is not None:
            self.monitor.detach()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Sync"))
        self.title.setText(self.tr("Sync with the backend"))
        set_label(self.cancel_button, self.tr("Close (Esc)"), self.tr("Close"))
        set_label(self.sync_now_button, self.tr("Sync now (F5)"), self.tr("Sync now"))
        for caption, text in zip(
            self.captions,
            (
                self.tr("State"),
                self.tr("Waiting to send"),
                self.tr("Server"),
                self.tr("Last error"),
            ),
            strict=True,
        ):
            caption.setText(text)
        self.table.setHorizontalHeaderLabels(
            [self.tr("Time"), self.tr("What"), self.tr("Receipt"), self.tr("Reason")]
        )
        self.table.setAccessibleName(self.tr("Records the backend rejected"))
        self.empty.setAccessibleName(self.tr("No sync problems"))
        if hasattr(self, "requested"):
            self.reload()

    # -- data ------------------------------------------------------------------------------

    def _changed(self, status: SyncStatus) -> None:
        self.status = status
        self.requested = False
        self.reload()

    def reload(self) -> None:
        language = self.register.language
        now = self.clock.now()
        status = self.status
        if self.sync is not None and status is None:
            status = self.sync.status()
        enrolled = self.sync is not None and status is not None and status.enrolled
        zone = self.zone
        self.state_label.setText(sync_state_text(status, now, language=language, zone=zone))
        if status is not None and status.clock_warning:
            self.state_label.setText(
                self.state_label.text() + "\n" + self.tr("Check this till's date and time.")
            )
        self.pending_label.setText(
            self.tr("{count} record(s)").format(count=status.pending if status else 0)
        )
        self.server_label.setText(
            (status.server_url if status else "") or self.tr("No backend set up")
        )
        self.error_label.setText((status.last_error if status else "") or self.tr("None"))
        self.facts = self.sync.rejected_facts() if self.sync is not None else []
        self.table.setRowCount(len(self.facts))
        for row, fact in enumerate(self.facts):
            cells = (
                when_text(fact.occurred_at, now, language, zone),
                kind_words(fact.kind),
                fact.receipt_no or "—",
                fact.reason or fact.code,
            )
            for column, value in enumerate(cells):
                item = QTableWidgetItem(value)
                if column == self.COLUMNS - 1:
                    item.setToolTip(f"{fact.code}: {fact.reason}")
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        if not enrolled:
            self.hint.setText(
                self.tr("This till is not enrolled with a backend: sales stay on this till.")
            )
            self.empty.setText(self.tr("No sync problems"))
        elif self.facts:
            self.hint.setText(
                self.tr(
                    "The backend refused these records. They stay on this till and are not "
                    "sent again: show this list to your manager."
                )
            )
        else:
            self.hint.setText("")
            self.empty.setText(self.tr("No sync problems"))
        self.hint.setVisible(bool(self.hint.text()))
        self.pages.setCurrentWidget(self.table if self.facts else self.empty)
        self.sync_now_button.setEnabled(enrolled and not self.requested)
        if self.requested:
            set_label(self.sync_now_button, self.tr("Syncing…"), self.tr("Syncing"))
        else:
            set_label(self.sync_now_button, self.tr("Sync now (F5)"), self.tr("Sync now"))

    # -- actions ---------------------------------------------------------------------------

    def sync_now(self) -> None:
        if self.sync is None or self.requested:
            return
        self.sync.sync_now()
        self.requested = True
        self.reload()
        self.request_timer.start()

    def _request_expired(self) -> None:
        if self.requested:
            self.requested = False
            self.reload()
