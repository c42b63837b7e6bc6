"""The PIN rules: how long a role's PIN must be and which PINs are too easy to guess.

A 4-digit PIN has 10,000 values; the commonest hundred cover a large share of real ones.
Refused: every digit the same (0000), digits in an even step up or down (1234, 4321, 1357,
123456), a short block repeated (1212, 123123) and a short list of common PINs. Roles that
approve other people's actions (supervisor, manager) need 6 digits, a cashier 4.
"""

from __future__ import annotations

from itertools import pairwise

from pos_app.domain.roles import Role
from pos_app.errors import UserError

MAX_PIN_LENGTH = 8
MIN_PIN_LENGTH = {Role.CASHIER: 4, Role.SUPERVISOR: 6, Role.MANAGER: 6}

# Common PINs the patterns below do not catch (published PIN frequency studies), and years
# people in Turkey choose (1453, 1923, 1881, 1938; the big clubs' 1903, 1905, 1907).
COMMON_PINS = frozenset(
    {
        "1004",
        "2000",
        "2001",
        "1122",
        "1984",
        "1453",
        "1923",
        "1881",
        "1938",
        "1903",
        "1905",
        "1907",
        "2580",
        "0852",
        "5683",
        "112233",
        "123321",
        "159753",
        "147258",
        "258369",
        "147852",
        "789456",
        "102030",
        "11223344",
    }
)


def min_length(role: Role) -> int:
    return MIN_PIN_LENGTH[role]


def is_trivial(pin: str) -> bool:
    """Repeated digits, an even run up or down, a repeated block, or a common PIN."""
    if pin in COMMON_PINS:
        return True
    steps = {int(b) - int(a) for a, b in pairwise(pin)}
    if len(steps) == 1:  # 0000 (step 0), 1234 and 4321 (+1, -1), 1357 (+2), ...
        return True
    for size in range(1, len(pin) // 2 + 1):
        if len(pin) % size == 0 and pin[:size] * (len(pin) // size) == pin:
            return True
    return False


def pin_problem(pin: str, role: Role) -> UserError | None:
    """Why ``pin`` may not be set for a ``role`` user; None when it may."""
    shortest = min_length(role)
    if not (pin.isascii() and pin.isdigit() and len(pin) <= MAX_PIN_LENGTH):
        return UserError(
            "users.bad_pin",
            f"A PIN is {shortest} to {MAX_PIN_LENGTH} digits",
            min=shortest,
            max=MAX_PIN_LENGTH,
        )
    if len(pin) < shortest:
        return UserError(
            "users.short_pin",
            f"A {role.value}'s PIN needs at least {shortest} digits",
            role=role.value,
            min=shortest,
        )
    if is_trivial(pin):
        return UserError(
            "users.trivial_pin",
            "That PIN is too easy to guess (repeated digits, a run such as 1234 or 4321, "
            "a repeated pair or a common PIN): choose another",
        )
    return None


def check_pin(pin: str, role: Role) -> str:
    """``pin`` if it may be set for ``role``, else the ``UserError`` of ``pin_problem``."""
    problem = pin_problem(pin, role)
    if problem is not None:
        raise problem
    return pin
