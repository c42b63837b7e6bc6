"""The on-screen receipt (no printer configured) shows the columns as the paper does (issue 14,
item 2): a fixed-width font under the app's style sheet, and every column in view."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QFontInfo
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from pos_app.domain.receipt import columns
from pos_app.ui.cashier.printing import ReceiptView
from pos_app.ui.style import STYLE_FILE


@pytest.fixture
def styled(qapp: QApplication) -> Iterator[QApplication]:
    """The cashier style sheet, as ``pos_app.ui.main`` sets it, removed afterwards."""
    before = qapp.styleSheet()
    qapp.setStyleSheet(STYLE_FILE.read_text(encoding="utf-8"))
    yield qapp
    qapp.setStyleSheet(before)


@pytest.mark.parametrize("width", [32, 48])
def test_the_preview_is_fixed_width_and_shows_every_column(
    qtbot: QtBot, styled: QApplication, width: int
) -> None:
    view = ReceiptView()
    qtbot.addWidget(view)
    lines = [
        columns("Devam Sütü 2 Numara 800 g", "%1", width),
        columns("  1 x 9,00 TL", "9,00 TL", width),
    ]
    view.show_receipt("\n".join(lines * 40), width)  # long: the vertical scroll bar shows
    view.resize(view.minimumWidth(), 300)
    view.show()
    qtbot.waitExposed(view)
    assert QFontInfo(view.font()).fixedPitch()  # the style sheet must not make it proportional
    metrics = view.fontMetrics()
    assert metrics.horizontalAdvance("i" * width) == metrics.horizontalAdvance("M" * width)
    assert metrics.horizontalAdvance(lines[0]) == metrics.horizontalAdvance(lines[1])
    # The longest line fits beside the vertical scroll bar: no column is scrolled out of view.
    assert view.horizontalScrollBar().maximum() == 0
