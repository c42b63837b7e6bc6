"""Receiving a supplier's delivery against its delivery-note number."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QTableWidgetItem

from pos_app.services.stock_tasks.drafts import Posted
from pos_app.ui.manager.common import qty_text
from pos_app.ui.manager.tabs.lines import _LinesTab
from pos_app.ui.widgets import named, set_label


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
                total=qty_text(sum(line.qty_milli for line in self.draft.lines), self.language),
            ),
        )

    def post_draft(self) -> Posted:
        return self.tasks.receive(self.draft, self.panel.manager.user_id)

    def posted_text(self, posted: Posted) -> str:
        return self.tr("Delivery {reference} booked in: {lines} line(s), {total}.").format(
            reference=posted.reference,
            lines=posted.lines,
            total=qty_text(posted.qty_milli, self.language),
        )
