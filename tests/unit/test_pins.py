"""The PIN rules: lengths by role and PINs too easy to guess (issue 15, item 10)."""

from __future__ import annotations

import pytest

from pos_app.demo.data import DEMO_USERS
from pos_app.domain.pins import is_trivial, pin_problem
from pos_app.domain.roles import Role


@pytest.mark.parametrize(
    "pin",
    [
        *("0000", "1111", "9999", "00000000", "777777"),  # one digit repeated
        *("1234", "4321", "0123", "9876", "123456", "654321", "12345678"),  # runs
        *("1357", "8642", "2468"),  # even steps of two
        *("1212", "6969", "123123", "121212", "1010"),  # a repeated block
        *("2580", "1122", "112233", "1453", "1923", "1907", "159753"),  # common PINs, years
    ],
)
def test_trivial_pins(pin: str) -> None:
    assert is_trivial(pin)
    role = Role.CASHIER if len(pin) < 6 else Role.MANAGER
    problem = pin_problem(pin, role)
    assert problem is not None and problem.code == "users.trivial_pin"


@pytest.mark.parametrize("pin", ["4826", "5173", "1358", "9231", "583916", "739164", "302718"])
def test_ordinary_pins(pin: str) -> None:
    assert not is_trivial(pin)


def test_supervisors_and_managers_need_six_digits() -> None:
    assert pin_problem("4826", Role.CASHIER) is None
    for role in (Role.SUPERVISOR, Role.MANAGER):
        problem = pin_problem("4826", role)
        assert problem is not None and problem.code == "users.short_pin"
        assert problem.params["min"] == 6 and "at least 6 digits" in problem.message
        assert pin_problem("739164", role) is None
    short = pin_problem("482", Role.CASHIER)
    assert short is not None and short.code == "users.short_pin" and short.params["min"] == 4


@pytest.mark.parametrize("pin", ["48a6", "482619375", "", " 4826", "４８２６", "٤٨٢٦"])
def test_only_4_to_8_ascii_digits(pin: str) -> None:
    problem = pin_problem(pin, Role.CASHIER)
    assert problem is not None and problem.code == "users.bad_pin"
    assert problem.message == "A PIN is 4 to 8 digits"


def test_the_demo_pins_meet_the_rules() -> None:
    for name, role, pin in DEMO_USERS:
        assert pin_problem(pin, role) is None, name
