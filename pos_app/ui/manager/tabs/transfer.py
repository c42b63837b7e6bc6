"""Transfers: goods sent to another store."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QTableWidgetItem

from pos_app.services.stock_tasks.drafts import Posted
from pos_app.ui.manager.common import combo, qty_text
from pos_app.ui.manager.tabs.lines import _LinesTab
from pos_app.ui.widgets import named, set_label


class TransferTab(_LinesTab):
    """Goods sent to another store: out here now, in there when the transfer syncs."""

    KIND = "transfer"

    def build_head(self) -> None:
        row = QHBoxLayout()
        self.to_label = QLabel()
        row.addWidget(self.to_label)
        self.destination = combo("manager_transfer_destination")
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
                total=qty_text(sum(line.qty_milli for line in self.draft.lines), self.language),
                store=self.destination.currentText() if self.draft.destination else "–",
            ),
        )

    def post_draft(self) -> Posted:
        return self.tasks.transfer(self.draft, self.panel.manager.user_id)

    def posted_text(self, posted: Posted) -> str:
        return self.tr("Transfer to {store} posted: {lines} line(s), {total}.").format(
            store=self.draft.destination,
            lines=posted.lines,
            total=qty_text(posted.qty_milli, self.language),
        )
