"""The sign-in screen says how long a lock-out lasts, in Turkish and English (issue 15,
item 10)."""

from __future__ import annotations

import pytest
from pytestqt.qtbot import QtBot

from pos_app.errors import UserError
from pos_app.ui.i18n import LanguageSwitcher
from pos_app.ui.messages import error_text
from tests.ui.conftest import AppFactory, Till, sign_in

LOCKED = {
    "en": "Too many wrong PINs: locked for 5 minutes, until ",
    "tr": "Çok fazla yanlış PIN: 5 dakika, ",
}


@pytest.mark.parametrize("lang", ["tr", "en"])
def test_the_lock_message_says_for_how_long(
    qtbot: QtBot, make_app: AppFactory, till: Till, lang: str
) -> None:
    cashier = make_app(lang=lang)
    window = cashier.window
    for _ in range(cashier.services.settings.pin_max_attempts):
        window.signin.message.hide()
        sign_in(qtbot, window, till.cashier, "0000")
        qtbot.waitUntil(window.signin.message.isVisible)
    message = window.signin.message.text()
    assert message.startswith(LOCKED[lang]), message
    if lang == "tr":
        assert "saatine kadar kilitli" in message
    sign_in(qtbot, window, till.cashier, "4826")  # the right PIN, during the lock
    assert window.signin.message.text().startswith(LOCKED[lang])
    assert cashier.register.staff.user is None


def test_the_messages_for_a_manager_reset_and_new_pins(turkish: LanguageSwitcher) -> None:
    assert error_text(UserError("users.locked_for_good", "x"), "tr") == (
        "Çok fazla yanlış PIN: bir yönetici PIN'i sıfırlayana kadar kilitli."
    )
    assert error_text(UserError("users.short_pin", "x", min=6), "tr") == (
        "Bu roldeki kullanıcının PIN'i en az 6 haneli olmalı."
    )
    assert error_text(UserError("users.trivial_pin", "x"), "tr") == (
        "Bu PIN kolay tahmin edilir: başka bir PIN seçin."
    )
    turkish.set_language("en")
    assert error_text(UserError("users.locked_for_good", "x"), "en") == (
        "Too many wrong PINs: locked until a manager resets the PIN."
    )
