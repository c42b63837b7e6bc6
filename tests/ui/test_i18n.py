"""Translations complete and consistent, Turkish on the screens, money in each locale's style,
every error code with a message, and Turkish labels that fit their buttons."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from pos_app.checkout.events import Stage
from pos_app.ui.i18n import TRANSLATIONS_DIR, LanguageSwitcher, compile_translations, format_money
from pos_app.ui.kiosk.texts import kiosk_codes
from pos_app.ui.main import CashierApp
from pos_app.ui.messages import known_codes
from tests.fakes import SEED
from tests.ui.conftest import AppFactory, Till, open_shift, sign_in

pytestmark = pytest.mark.qt_log_ignore("does not support propagateSizeHints")

TS_FILE = TRANSLATIONS_DIR / "pos_tr.ts"
POS_APP = Path(__file__).resolve().parents[2] / "pos_app"
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def messages() -> list[tuple[str, ET.Element]]:
    root = ET.parse(TS_FILE).getroot()
    return [
        (context.findtext("name") or "", message)
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def translated(message: ET.Element) -> list[str]:
    """The translation's texts: one, or each numerus form of a message with ``%n``."""
    translation = message.find("translation")
    if translation is None:
        return []
    if message.get("numerus") == "yes":
        return [form.text or "" for form in translation.iter("numerusform")]
    return [translation.text or ""]


# -- the .ts source ----------------------------------------------------------------------------


def test_ts_file_is_turkish_with_messages() -> None:
    root = ET.parse(TS_FILE).getroot()
    assert root.tag == "TS"
    assert root.get("language") == "tr_TR"
    assert len(messages()) > 100


def test_every_message_is_translated() -> None:
    problems = []
    for context, message in messages():
        source = message.findtext("source") or ""
        translation = message.find("translation")
        where = f"{context}: {source!r}"
        if translation is None:
            problems.append(f"{where} has no <translation>")
            continue
        kind = translation.get("type")
        if kind in ("unfinished", "vanished", "obsolete"):
            problems.append(f"{where} is {kind}")
        texts = translated(message)
        if not texts or not all(text.strip() for text in texts):
            problems.append(f"{where} has an empty translation")
    assert problems == [], "\n".join(problems)


def test_translations_keep_the_placeholders() -> None:
    problems = []
    for context, message in messages():
        source = message.findtext("source") or ""
        for translation in translated(message):
            expected = sorted(PLACEHOLDER.findall(source))
            found = sorted(PLACEHOLDER.findall(translation))
            if expected != found:
                problems.append(f"{context}: {source!r} has {expected}, translation has {found}")
            if ("%n" in source) != ("%n" in translation):
                problems.append(f"{context}: {source!r} and its translation differ in %n")
            # A line break in the source (two-line button labels) is one in the translation
            # too.
            if source.count("\n") != translation.count("\n"):
                problems.append(
                    f"{context}: {source!r} and its translation break lines differently"
                )
    assert problems == [], "\n".join(problems)


def test_no_message_is_listed_twice() -> None:
    seen: dict[tuple[str, str, str], int] = {}
    for context, message in messages():
        key = (context, message.findtext("source") or "", message.findtext("comment") or "")
        seen[key] = seen.get(key, 0) + 1
    assert [key for key, count in seen.items() if count > 1] == []


# -- compiling ---------------------------------------------------------------------------------


def test_compile_translations_builds_a_loadable_qm(tmp_path: Path) -> None:
    target = tmp_path / "cache" / "translations"
    built = compile_translations(target)
    assert built == [target / "pos_tr.qm"]
    qm = built[0]
    assert qm.stat().st_size > 1000
    assert not list(target.glob("*.part"))

    translator = QTranslator()
    assert translator.load(str(qm))
    assert translator.translate("MainWindow", "Cash register") == "Kasa"
    assert translator.translate("Models", "Amount") == "Tutar"
    # Texts of module-level functions (a literal context) and a numerus form are in it too.
    assert translator.translate("Attendants", "Needs help") == "Yardım bekliyor"
    countdown = "Touch Yes to continue. Otherwise we start again in %n second(s)."
    assert "%n saniye" in (translator.translate("KioskStillThere", countdown, "", 15) or "")

    # Up to date: not built again.
    stamp = qm.stat().st_mtime_ns
    assert compile_translations(target) == [qm]
    assert qm.stat().st_mtime_ns == stamp


def test_language_switcher_installs_and_removes_turkish(
    qapp: QApplication, qm_dir: Path, restore_locale: None
) -> None:
    switcher = LanguageSwitcher(qapp, qm_dir)
    try:
        switcher.set_language("tr")
        assert QCoreApplication.translate("MainWindow", "Cash register") == "Kasa"
        switcher.set_language("en")
        assert QCoreApplication.translate("MainWindow", "Cash register") == "Cash register"
        with pytest.raises(ValueError, match="unsupported language"):
            switcher.set_language("de")
    finally:
        switcher.set_language("en")
        switcher.deleteLater()


# -- money -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minor", "language", "expected"),
    [
        (123456, "tr", "1.234,56 ₺"),
        (123456, "en", "₺1,234.56"),
        (-123456, "tr", "-1.234,56 ₺"),
        (-123456, "en", "-₺1,234.56"),
        (0, "tr", "0,00 ₺"),
        (0, "en", "₺0.00"),
        (5, "tr", "0,05 ₺"),
        (-5, "en", "-₺0.05"),
        (-99, "tr", "-0,99 ₺"),
        (100, "en", "₺1.00"),
        (123456789, "tr", "1.234.567,89 ₺"),
        (123456789, "en", "₺1,234,567.89"),
    ],
)
def test_format_money(minor: int, language: str, expected: str) -> None:
    assert format_money(minor, language) == expected


def test_format_money_other_currencies() -> None:
    assert format_money(123456, "tr", "EUR") == "1.234,56 €"
    assert format_money(-250, "en", "USD") == "-$2.50"


def test_format_money_does_not_follow_the_default_locale(turkish: LanguageSwitcher) -> None:
    assert format_money(123456, "en") == "₺1,234.56"
    turkish.set_language("en")
    assert format_money(123456, "tr") == "1.234,56 ₺"


# -- every error code has a message ------------------------------------------------------------

RAISED = re.compile(r"UserError\(\s*\"([A-Za-z0-9_.]+)\"")
CLI_ONLY = (
    "cli.",
    "catalog.",
    "terminal.",
    "stock.",
    "users.name_",
    "badge.png_",  # pos users badge --png
    "scale.bad_uri",  # a setting refused at start-up
    "terminal_sim.",  # pos card-terminal-sim
)


def raised_codes() -> dict[str, str]:
    """Every literal UserError code in pos_app, with the first file raising it."""
    codes: dict[str, str] = {}
    for path in sorted(POS_APP.rglob("*.py")):
        for code in RAISED.findall(path.read_text(encoding="utf-8")):
            codes.setdefault(code, str(path.relative_to(POS_APP.parent)))
    return codes


def test_the_code_scan_finds_codes() -> None:
    codes = raised_codes()
    assert "cart.unknown_barcode" in codes
    assert "approval.required" in codes
    assert len(codes) > 40


def test_every_user_error_code_has_a_message() -> None:
    known = known_codes() | kiosk_codes()  # the kiosk's own words (pos_app.ui.kiosk.texts)
    missing = sorted(
        f"{code} ({path})"
        for code, path in raised_codes().items()
        if code not in known and not code.startswith(CLI_ONLY)
    )
    assert missing == [], "no message for:\n" + "\n".join(missing)


# -- the screens in Turkish --------------------------------------------------------------------

MILK, TEA, SOAP = SEED[:3]
ENGLISH_WORDS = (
    "Pay",
    "Return",
    "Quantity",
    "Total",
    "Cash",
    "Card",
    "Refund",
    "Paid",
    "Remaining",
    "Change",
    "Discount",
    "Park",
    "Resume",
    "Cancel",
    "Find",
    "Exchange",
    "Voucher",
    "Items",
    "Back",
    "Search",
    "Receipt",
    "Sign out",
    "Help",
)
# Texts that are the same in both languages: numbers, amounts, keys, symbols.
NEUTRAL = re.compile(
    r"[\s\d.,:;()+\-−/×*%₺$€⌫←→↑↓·]*"
    r"|(?:(?:Ctrl|Shift|Alt|Del|Esc|Enter|Space|F\d{1,2})[+ /]*)+"
)
NAMES = {"Ayşe", "Mehmet", "Zeynep", "S01", "T01"}


def widget_key(widget: QWidget, root: QWidget) -> str:
    """A path of object names (or class and position) that survives a retranslation."""
    parts = []
    current: QWidget | None = widget
    while current is not None and current is not root:
        name = current.objectName()
        if not name:
            parent = current.parentWidget()
            siblings = parent.findChildren(type(current)) if parent else []
            direct = [s for s in siblings if s.parentWidget() is parent]
            name = f"{type(current).__name__}#{direct.index(current) if current in direct else 0}"
        parts.append(name)
        current = current.parentWidget()
    return "/".join(reversed(parts))


def visible_texts(root: QWidget) -> dict[str, str]:
    texts: dict[str, str] = {}
    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QAbstractButton):
            text = widget.text()
        elif isinstance(widget, QLineEdit):
            text = widget.placeholderText()
        else:
            continue
        if text.strip():
            texts[widget_key(widget, root)] = text
    return texts


def neutral(text: str) -> bool:
    plain = text.replace("&&", "&")
    if NEUTRAL.fullmatch(plain):
        return True
    return all(
        NEUTRAL.fullmatch(line) or line in NAMES or line.strip() in NAMES
        for line in plain.split("\n")
    )


def english_words(text: str) -> list[str]:
    return [word for word in ENGLISH_WORDS if re.search(rf"\b{re.escape(word)}\b", text)]


def screens_in_both_languages(
    qtbot: QtBot, cashier: CashierApp
) -> dict[str, tuple[dict[str, str], dict[str, str]]]:
    """(English texts, Turkish texts) of the sale, payment and return screens (and of the
    header and status bar, as they are on the return screen)."""
    window = cashier.window
    register = cashier.register
    collected: dict[str, tuple[dict[str, str], dict[str, str]]] = {}

    def both(name: str, screen: QWidget) -> None:
        qtbot.waitUntil(lambda: window.stack.currentWidget() is screen)
        roots = {name: screen, "header": window.header, "status bar": window.status}

        def texts() -> dict[str, dict[str, str]]:
            return {root_name: visible_texts(root) for root_name, root in roots.items()}

        english = texts()
        window.toggle_language()
        qtbot.waitUntil(lambda: window.windowTitle() == "Kasa")
        qtbot.wait(20)  # widgets rebuilt by the retranslation are shown by a queued call
        turkish = texts()
        window.toggle_language()
        qtbot.waitUntil(lambda: window.windowTitle() == "Cash register")
        qtbot.wait(20)
        for root_name in roots:
            collected[root_name] = (english[root_name], turkish[root_name])

    register.sale.scan(str(MILK.barcode))
    register.sale.scan(str(TEA.barcode))
    both("sale", window.sale)
    register.payment.begin_payment()
    register.payment.pay_cash(10000)
    both("payment", window.payment)
    register.payment.pay_cash(30000)
    register.payment.finish()
    assert register.sale.last_result is not None
    receipt = register.sale.last_result.sale.receipt_no
    register.sale.next_sale()
    register.returns.begin_return()
    register.returns.load_receipt(receipt)
    register.returns.set_return_quantity(register.returns.returning.original.lines[0].line_id, 1)  # type: ignore[union-attr]
    both("returns", window.returns)
    return collected


@pytest.fixture
def selling_app(qtbot: QtBot, make_app: AppFactory, till: Till) -> CashierApp:
    cashier = make_app()
    sign_in(qtbot, cashier.window, till.cashier, "4826")
    qtbot.waitUntil(lambda: cashier.register.stage is Stage.NEEDS_SHIFT)
    open_shift(qtbot, cashier.window)
    qtbot.waitUntil(lambda: cashier.register.stage is Stage.SELLING)
    return cashier


def test_screens_in_turkish_have_no_english_left(qtbot: QtBot, selling_app: CashierApp) -> None:
    problems = []
    for screen, (english, turkish) in screens_in_both_languages(qtbot, selling_app).items():
        assert english, f"no texts found on the {screen} screen"
        assert set(english) == set(turkish), f"{screen}: other widgets after the switch"
        for key, text in turkish.items():
            if text == english[key] and not neutral(text):
                problems.append(f"{screen} {key}: {text!r} is the same in Turkish")
            found = english_words(text)
            if found:
                problems.append(f"{screen} {key}: {text!r} has English words {found}")
    assert problems == [], "\n".join(problems)


def test_the_english_texts_are_english(qtbot: QtBot, selling_app: CashierApp) -> None:
    """The word check above would pass on screens that show nothing: it must see them."""
    screens = screens_in_both_languages(qtbot, selling_app)
    english_text = "\n".join(
        text for english, _turkish in screens.values() for text in english.values()
    )
    for word in ("Pay", "Quantity", "Total", "Return", "Cash", "Card", "Refund", "Paid"):
        assert re.search(rf"\b{word}\b", english_text), word


def test_an_app_started_in_turkish_shows_turkish(
    qtbot: QtBot, make_app: AppFactory, till: Till
) -> None:
    cashier = make_app(lang="tr")
    window = cashier.window
    assert window.windowTitle() == "Kasa"
    assert window.signin.submit_button.text() != "Sign in (Enter)"
    sign_in(qtbot, window, till.cashier, "4826")
    qtbot.waitUntil(lambda: cashier.register.stage is Stage.NEEDS_SHIFT)
    open_shift(qtbot, window, "500,50")
    qtbot.waitUntil(lambda: cashier.register.stage is Stage.SELLING)
    assert till.rows("shift")[0]["opening_float_minor"] == 50050
    cashier.register.sale.scan(str(TEA.barcode))
    cashier.register.sale.set_quantity(cashier.register.sale.cart.lines[0].line_id, 5)  # type: ignore[arg-type]
    assert window.sale.total_label.text() == "1.499,50 ₺"
    assert window.sale.pay_button.text() == "Ödeme  (F12)"
    texts = visible_texts(window.sale)
    assert [t for t in texts.values() if english_words(t)] == []


# -- nothing clipped ---------------------------------------------------------------------------


def clipped_buttons(root: QWidget, margin: int = 8) -> list[str]:
    problems = []
    for button in root.findChildren(QPushButton):
        if not button.isVisible() or not button.text():
            continue
        metrics = button.fontMetrics()
        room = button.width() - margin
        for line in button.text().replace("&&", "&").split("\n"):
            needed = metrics.horizontalAdvance(line)
            if needed > room:
                problems.append(f"{button.objectName()}: {line!r} needs {needed} px, has {room} px")
    return problems


def selling_in_turkish(qtbot: QtBot, make_app: AppFactory, till: Till) -> CashierApp:
    cashier = make_app(lang="tr", favourites=[p.sku for p in SEED])
    sign_in(qtbot, cashier.window, till.cashier, "4826")
    qtbot.waitUntil(lambda: cashier.register.stage is Stage.NEEDS_SHIFT)
    open_shift(qtbot, cashier.window, "500")
    qtbot.waitUntil(lambda: cashier.register.stage is Stage.SELLING)
    cashier.register.sale.scan(str(SOAP.barcode))
    return cashier


def test_the_window_fits_a_1024x768_screen(qtbot: QtBot, make_app: AppFactory, till: Till) -> None:
    window = selling_in_turkish(qtbot, make_app, till).window
    screens = {
        screen.objectName(): screen.minimumSizeHint().height()
        for screen in (window.stack.widget(i) for i in range(window.stack.count()))
    }
    hint = window.minimumSizeHint()
    assert hint.width() <= 1024, screens
    assert hint.height() <= 768, screens


def test_sale_screen_in_turkish_at_1024x768_clips_no_button(
    qtbot: QtBot, make_app: AppFactory, till: Till
) -> None:
    window = selling_in_turkish(qtbot, make_app, till).window
    window.resize(1024, 768)
    # The height stops at the window's minimum (see the test above); the width is what
    # squeezes the buttons.
    qtbot.waitUntil(lambda: window.width() == 1024)
    qtbot.wait(50)  # layouts settle, the product grid refills for the new width
    tiles = [b for b in window.sale.grid_host.findChildren(QPushButton) if b.isVisible()]
    assert len(tiles) == len(SEED), "the favourites grid shows every product"
    problems = clipped_buttons(window.sale) + clipped_buttons(window.header)
    assert problems == [], "\n".join(problems)


def test_the_clip_check_sees_a_clipped_button(qtbot: QtBot) -> None:
    host = QWidget()
    qtbot.addWidget(host)
    button = QPushButton("A much too long label for this", host)
    button.setObjectName("narrow")
    button.setGeometry(0, 0, 60, 40)
    host.show()
    qtbot.waitExposed(host)
    assert [p.split(":")[0] for p in clipped_buttons(host)] == ["narrow"]
    button.setText("OK")
    assert clipped_buttons(host) == []


def test_the_cart_shows_item_names_whole_at_1024x768(
    qtbot: QtBot, make_app: AppFactory, till: Till
) -> None:
    """The figures take what they show and the item's name the rest: a name as long as the
    demo catalog's ("Kıvırcık Marul Adet", "Sıvı Sabun 500 ml") is not cut to a few letters."""
    window = selling_in_turkish(qtbot, make_app, till).window
    window.resize(1024, 768)
    qtbot.waitUntil(lambda: window.width() == 1024)
    qtbot.wait(50)
    table = window.sale.table
    index = table.model().index(0, 0)
    name = str(index.data())
    assert name.startswith("Sıvı Sabun"), name
    needed = table.fontMetrics().horizontalAdvance(name) + 16  # the cell's padding
    widths = [table.columnWidth(c) for c in range(table.model().columnCount())]
    assert table.columnWidth(0) >= needed, (widths, table.viewport().width(), needed)


def test_every_translated_text_is_a_literal_lupdate_can_read() -> None:
    """lupdate reads only literal texts: a helper that passes a variable to ``translate``
    or ``tr`` hides every text given to it, which then shows in English on a Turkish till."""
    import ast

    hidden = []
    for path in sorted((Path(__file__).parents[2] / "pos_app" / "ui").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            name = node.func.attr
            index = {"translate": 1, "tr": 0}.get(name)
            if index is None or len(node.args) <= index:
                continue
            if name == "translate" and not (
                isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
            ):
                continue  # not QCoreApplication.translate(context, text)
            text = node.args[index]
            if not (isinstance(text, ast.Constant) and isinstance(text.value, str)):
                hidden.append(f"{path.name}:{node.lineno}")
    assert hidden == []
