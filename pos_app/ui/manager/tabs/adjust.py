"""Stock adjustments: damage, theft, waste or a correction, with the reason."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QTableWidgetItem

from pos_app.services.stock_tasks.drafts import ADJUST_REASONS, Posted
from pos_app.ui.manager.common import qty_text, selected_row, signed_qty, table_cell
from pos_app.ui.manager.tabs.lines import _LinesTab
from pos_app.ui.widgets import button, choice_row, named, set_label


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
        self.show_lines(select=selected_row(self.table))

    def flip_sign(self) -> None:
        index = selected_row(self.table)
        if index >= 0:
            self.draft.flip_sign(index)
            self.save()
            self.show_lines(select=index)

    def _selection_changed(self) -> None:
        super()._selection_changed()
        if hasattr(self, "sign_button"):
            self.sign_button.setEnabled(
                selected_row(self.table) >= 0 and self.draft.reason == "correction"
            )

    def headers(self) -> list[str]:
        return [self.tr("Item"), self.tr("Here now"), self.tr("Adjust by"), self.tr("After")]

    def cells(self, index: int) -> list[QTableWidgetItem]:
        line = self.draft.lines[index]
        here = self.here.get(line.item.product_id, 0)
        return [
            self.item_cell(index),
            table_cell(qty_text(here, self.language), right=True),
            table_cell(signed_qty(line.qty_milli, self.language), right=True, bold=True),
            table_cell(qty_text(here + line.qty_milli, self.language), right=True),
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
            lines=posted.lines, total=signed_qty(posted.qty_milli, self.language)
        )
