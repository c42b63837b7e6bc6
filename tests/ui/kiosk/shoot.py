"""The kiosk's screenshots over the core's stand-in (tests.ui.kiosk.fake_kiosk):

PYTHONPATH=. .venv/bin/python -m tests.ui.kiosk.shoot OUT_DIR
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from pos_app.config import load_settings
from pos_app.ui.i18n import LanguageSwitcher, compile_translations
from pos_app.ui.kiosk.screenshots import Scenario, shoot_all
from pos_app.ui.kiosk.window import KioskWindow
from pos_app.ui.main import application
from pos_app.ui.style import apply_style
from tests.ui.kiosk.fake_kiosk import BANANA, FakeScale, fake_kiosk, staff_users

SCENARIO = Scenario(
    goods=("8690000000017", "8690000000024"),
    age_item="8690000000031",
    unknown="8690000009999",
    badge="STAFF-MEHMET0000000000",
    weigh=BANANA.product_id,
)


def fruit_picture(path: Path, color: str) -> Path:
    """A round fruit on white, drawn here (no downloads)."""
    image = QImage(300, 300, QImage.Format.Format_RGB32)
    image.fill(QColor("#ffffff"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(color))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(QPointF(150, 160), 110, 100)
    painter.setBrush(QColor("#15803d"))
    painter.drawEllipse(QPointF(165, 55), 30, 14)
    painter.end()
    image.save(str(path))
    return path


def main(out: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = application()
    apply_style(app)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        qm_dir = root / "qm"
        compile_translations(qm_dir)
        switcher = LanguageSwitcher(app, qm_dir)
        switcher.set_language("tr")
        settings = load_settings(data_dir=root / "data", lang="tr", store_name="Kadıköy Merkez")
        images = {
            "MUZ": fruit_picture(root / "muz.png", "#facc15"),
            "DOMATES": fruit_picture(root / "domates.png", "#dc2626"),
            "ELMA": None,  # no picture: the placeholder tile
        }
        kiosk = fake_kiosk("tr", scale=FakeScale(), images=images)

        def make() -> tuple[KioskWindow, Scenario]:
            window = KioskWindow(
                kiosk, settings, scale_present=True, switcher=switcher, staff=staff_users
            )
            return window, SCENARIO

        written = shoot_all(make, out)
        switcher.set_language("en")
    sys.stdout.write(f"{len(written)} screenshots in {out}\n")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "kiosk-screenshots"))
