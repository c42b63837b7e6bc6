"""Render the cashier's customer screens to PNG in English and Turkish, at 1024x768 and
1920x1080, over the demo store and the stand-in desk (``tests.ui.customer_desk``):

    python -m tests.ui.shoot_customers OUT_DIR [EXTRA_TSV]

``EXTRA_TSV`` (context, source, Turkish per line; ``\\n`` for a line break) adds Turkish texts
not yet in ``pos_tr.ts``: they are compiled into a second translator. A dialog is drawn over
the window, centred, as the cashier sees it.
"""

from __future__ import annotations

import os
import sys
import tempfile
from functools import partial
from pathlib import Path
from xml.sax.saxutils import escape

from PySide6.QtCore import QTranslator
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from pos_app.app import build_services, open_composition, open_engine
from pos_app.config import load_settings
from pos_app.demo.data import install_demo, write_demo_config
from pos_app.errors import UserError
from pos_app.services.terminal import initialise_terminal
from pos_app.ui.cashier import main_window
from pos_app.ui.cashier.customer_dialogs import ConsentDialog, FindCustomerDialog
from pos_app.ui.cashier.customer_panel import CustomerPanel
from pos_app.ui.cashier.customer_signup import SignUpDialog
from pos_app.ui.cashier.sale import SaleScreen
from pos_app.ui.i18n import compile_translations
from pos_app.ui.main import CashierApp, application
from tests.ui.customer_desk import StandInDesk, demo_desk

SIZES = ((1024, 768), (1920, 1080))


def extra_translator(tsv: Path, work: Path) -> QTranslator:
    """A translator built from the TSV (through a .ts and lrelease, as the app's own)."""
    contexts: dict[str, list[tuple[str, str]]] = {}
    for line in tsv.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        context, source, turkish = line.split("\t")
        contexts.setdefault(context, []).append(
            (source.replace("\\n", "\n"), turkish.replace("\\n", "\n"))
        )
    parts = ['<?xml version="1.0" encoding="utf-8"?>', '<TS version="2.1" language="tr_TR">']
    for context, messages in contexts.items():
        parts.append(f"<context><name>{escape(context)}</name>")
        for source, turkish in messages:
            parts.append(
                f"<message><source>{escape(source)}</source>"
                f"<translation>{escape(turkish)}</translation></message>"
            )
        parts.append("</context>")
    parts.append("</TS>")
    source_dir = work / "extra_ts"
    source_dir.mkdir()
    (source_dir / "extra_tr.ts").write_text("\n".join(parts), encoding="utf-8")
    built = compile_translations(work / "extra_qm", source_dir)
    translator = QTranslator()
    if not translator.load(str(built[0])):
        raise RuntimeError("the extra translations did not load")
    return translator


def settle() -> None:
    for _ in range(8):  # let posted layout requests settle before grabbing
        QApplication.processEvents()


def shoot(window: QWidget, path: Path, dialog: QDialog | None = None) -> None:
    settle()
    picture = window.grab()
    if dialog is not None:
        dialog.resize(
            min(dialog.width(), window.width() - 40), min(dialog.height(), window.height() - 40)
        )
        settle()
        painter = QPainter(picture)
        painter.fillRect(picture.rect(), QColor(0, 0, 0, 90))  # the window under a modal
        painter.drawPixmap(
            (window.width() - dialog.width()) // 2,
            (window.height() - dialog.height()) // 2,
            dialog.grab(),
        )
        painter.end()
    picture.save(str(path))


def modal_dialog() -> QDialog:
    settle()
    widget = QApplication.activeModalWidget()
    if not isinstance(widget, QDialog):
        # offscreen: the window-modal dialog is the newest visible one
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog)]
        widget = [d for d in dialogs if d.isVisible()][-1]
    return widget


def shoot_customers(
    cashier: CashierApp, desk: StandInDesk, panel: CustomerPanel, out: Path, tag: str
) -> None:
    window = cashier.window
    desk.attached = None
    panel.refresh()
    shoot(window, out / f"customer_panel_empty_{tag}.png")
    ayse = next(iter(desk.customers.values()))
    desk.attached = ayse.id
    panel.refresh()
    shoot(window, out / f"customer_panel_attached_{tag}.png")

    panel.find_customer()
    find = modal_dialog()
    assert isinstance(find, FindCustomerDialog)
    find.query.setText("ayşe")
    find.search()
    shoot(window, out / f"customer_find_{tag}.png", find)
    find.reject()

    panel.sign_up()
    signup = modal_dialog()
    assert isinstance(signup, SignUpDialog)
    shoot(window, out / f"customer_sign_up_empty_{tag}.png", signup)
    signup.name.setText("Ayşe Yılmaz")
    signup.phone.setText("0532 123 45 67")
    signup.email.setText("ayse.yilmaz@example.com")
    signup.acknowledged.setChecked(True)
    signup.consents["loyalty_profiling"].setChecked(True)
    signup.consents["marketing_email"].setChecked(True)
    shoot(window, out / f"customer_sign_up_filled_{tag}.png", signup)
    try:
        signup.validate()  # a duplicate of Ayşe: the error and "use the existing customer"
    except UserError as error:
        signup.show_user_error(error)
    shoot(window, out / f"customer_sign_up_duplicate_{tag}.png", signup)
    signup.reject()

    dialog = ConsentDialog(desk, lambda: cashier.register.language, ayse, window)
    dialog.open()
    shoot(window, out / f"customer_consents_{tag}.png", dialog)
    dialog.reject()
    settle()


def main(out: Path, tsv: Path | None) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    out.mkdir(parents=True, exist_ok=True)
    app = application()
    desk = demo_desk()
    main_window.SaleScreen = partial(SaleScreen, customers=desk)  # type: ignore[misc]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        write_demo_config(work / "data")
        settings = load_settings(data_dir=work / "data", lang="en")
        engine = open_engine(settings)
        initialise_terminal(engine, "S01", "T01")
        install_demo(build_services(settings, engine))
        engine.dispose()
        extra = extra_translator(tsv, work) if tsv is not None else None
        cashier = CashierApp(settings, app, open_composition(settings))
        cashier.show()
        register = cashier.register
        window = cashier.window
        panel = window.sale.customer_panel
        assert panel is not None
        staff = {user.name: user for user in register.staff.active_staff()}
        cashier_user = next(u for u in staff.values() if u.role.value == "cashier")
        register.sign_in(cashier_user.user_id, "4826")
        if register.staff.shift is None:
            register.staff.open_shift(50000)
        for product in cashier.services.catalog.search("süt")[:3]:
            register.sale.add_product(product)
        for language in ("en", "tr"):
            if extra is not None:
                app.removeTranslator(extra)
            register.set_language(language)
            cashier.switcher.set_language(language)
            if language == "tr" and extra is not None:
                app.installTranslator(extra)
            for width, height in SIZES:
                window.resize(width, height)
                shoot_customers(cashier, desk, panel, out, f"{language}_{width}x{height}")
        cashier.close()
    sys.stdout.write(f"screenshots in {out}\n")


if __name__ == "__main__":
    main(
        Path(sys.argv[1] if len(sys.argv) > 1 else "screenshots"),
        Path(sys.argv[2]) if len(sys.argv) > 2 else None,
    )
