"""Staff PINs: a pepper outside the database, escalating lock-outs, the PIN rules at set time,
old hashes upgraded at the next good PIN (issue 15, item 10)."""

from __future__ import annotations

import json
import sqlite3
import stat
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from argon2.exceptions import VerifyMismatchError
from sqlalchemy import text

from pos_app.app import build_services
from pos_app.config import load_settings
from pos_app.domain.roles import Role
from pos_app.errors import UserError
from pos_app.services.bundle import Services
from pos_app.services.pin_hash import PEPPER_FILE, PinHasher
from pos_app.storage.database import open_database
from tests.conftest import Staff
from tests.fakes import FakeClock
from tests.integration.test_cli import init, isolated, ok, pos  # noqa: F401

RIGHT, WRONG = "4826", "0000"


def raises(services: Services, pin: str, user: str = "Ayşe") -> UserError:
    with pytest.raises(UserError) as caught:
        services.users.authenticate(user, pin)
    return caught.value


def stored_hash(services: Services, name: str) -> str:
    with services.engine.connect() as conn:
        value = conn.execute(text("SELECT pin_hash FROM user WHERE name = :n"), {"n": name})
        return str(value.scalar_one())


def user_row(services: Services, name: str) -> dict[str, Any]:
    with services.engine.connect() as conn:
        row = conn.execute(text("SELECT * FROM user WHERE name = :n"), {"n": name}).one()
    return dict(row._mapping)


def audits(services: Services, action: str) -> list[str]:
    with services.engine.connect() as conn:
        rows = conn.execute(
            text("SELECT detail_json FROM audit_entry WHERE action = :a ORDER BY rowid"),
            {"a": action},
        )
        return [str(r[0]) for r in rows]


# -- the pepper -----------------------------------------------------------------------------


def test_the_hash_cannot_be_checked_without_the_pepper_file(
    services: Services, staff: Staff, tmp_path: Path
) -> None:
    data = services.settings.data_dir
    pepper = data / PEPPER_FILE
    assert stat.S_IMODE(pepper.stat().st_mode) == 0o600
    assert len(bytes.fromhex(pepper.read_text())) == 32
    stored = stored_hash(services, "Ayşe")
    scheme, _pepper_id, argon2_hash = stored.split(":", 2)
    assert scheme == "hmac-sha256" and argon2_hash.startswith("$argon2id$")
    # What a copied pos.db gives: an Argon2 hash that the PIN itself does not match.
    with pytest.raises(VerifyMismatchError):
        PasswordHasher().verify(argon2_hash, RIGHT)
    assert PinHasher(pepper).verify(stored, RIGHT).ok

    # The database copied to another directory, without the pepper file.
    copy = tmp_path / "copy"
    copy.mkdir()
    with (
        closing(sqlite3.connect(data / "pos.db")) as live,
        closing(sqlite3.connect(copy / "pos.db")) as target,
    ):
        live.backup(target)
    settings = load_settings(data_dir=copy)
    elsewhere = build_services(settings, open_database(settings.database_path), FakeClock())
    try:
        for _ in range(services.settings.pin_max_attempts + 1):
            error = raises(elsewhere, RIGHT)
            assert error.code == "users.pin_key_missing"  # never "wrong", never locked
            assert str(copy / PEPPER_FILE) in error.message
        assert user_row(elsewhere, "Ayşe")["failed_attempts"] == 0
        # A manager sets a new PIN: a new pepper there, and the PIN works again.
        elsewhere.users.reset_pin("Ayşe", "5173")
        assert elsewhere.users.authenticate("Ayşe", "5173").name == "Ayşe"
        assert (copy / PEPPER_FILE).read_text() != pepper.read_text()
    finally:
        elsewhere.close()
    assert services.users.authenticate("Ayşe", RIGHT).name == "Ayşe"  # the original is fine


def test_a_hash_from_before_the_pepper_is_upgraded_at_the_next_good_pin(
    services: Services, staff: Staff
) -> None:
    legacy = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
    with services.engine.begin() as conn:
        conn.execute(
            text("UPDATE user SET pin_hash = :h, pin_ok = NULL WHERE name = 'Ayşe'"),
            {"h": legacy.hash(RIGHT)},
        )
        # a manager whose PIN from before the rules is 4 digits and trivial
        conn.execute(
            text("UPDATE user SET pin_hash = :h, pin_ok = NULL WHERE name = 'Zeynep'"),
            {"h": legacy.hash("9999")},
        )
    assert {u.name: u.pin_ok for u in services.users.list()}["Ayşe"] is None
    assert raises(services, WRONG).code == "users.wrong_pin"
    assert stored_hash(services, "Ayşe").startswith("$argon2id$")  # a wrong PIN changes nothing

    assert services.users.authenticate("Ayşe", RIGHT).name == "Ayşe"
    assert stored_hash(services, "Ayşe").startswith("hmac-sha256:")
    assert services.users.authenticate("Ayşe", RIGHT).name == "Ayşe"  # the new hash works
    # The old PIN keeps working; the sign-in records that it breaks the rules.
    assert services.users.authenticate("Zeynep", "9999").role is Role.MANAGER
    flags = {u.name: u.pin_ok for u in services.users.list()}
    assert flags == {"Ayşe": True, "Mehmet": True, "Zeynep": False}


# -- lock-outs ------------------------------------------------------------------------------


def fail_run(services: Services) -> UserError:
    """Wrong PINs until the account locks; the error of the locking attempt."""
    for attempt in range(1, services.settings.pin_max_attempts):
        error = raises(services, WRONG)
        assert error.code == "users.wrong_pin" and error.params["attempts"] == attempt
    return raises(services, WRONG)


def test_lock_outs_escalate_5_15_60_minutes_then_until_a_manager(
    services: Services, staff: Staff, clock: FakeClock
) -> None:
    for minutes in (5, 15, 60):
        locked = fail_run(services)
        assert locked.code == "users.locked" and locked.params["minutes"] == minutes
        until = clock.now() + timedelta(minutes=minutes)
        assert locked.params["until"] == until.isoformat()
        assert f"locked for {minutes} minutes" in locked.message
        clock.advance(minutes=minutes, seconds=-1)  # the right PIN does not help meanwhile
        again = raises(services, RIGHT)
        assert again.code == "users.locked" and again.params["minutes"] == minutes
        clock.advance(seconds=1)
    for_good = fail_run(services)
    assert for_good.code == "users.locked_for_good"
    assert "until a manager resets" in for_good.message
    clock.advance(days=30)
    assert raises(services, RIGHT).code == "users.locked_for_good"
    [ayse] = [u for u in services.users.list() if u.name == "Ayşe"]
    assert ayse.locked_for_good
    minutes_audited = [json.loads(d)["minutes"] for d in audits(services, "user.locked_out")]
    assert minutes_audited == [5, 15, 60, None]

    services.users.unlock("Ayşe")  # a manager
    assert services.users.authenticate("Ayşe", RIGHT).name == "Ayşe"
    # After the manager, the steps start over.
    assert fail_run(services).params["minutes"] == 5


def test_a_good_pin_starts_the_steps_over(
    services: Services, staff: Staff, clock: FakeClock
) -> None:
    assert fail_run(services).params["minutes"] == 5
    clock.advance(minutes=6)
    assert fail_run(services).params["minutes"] == 15
    clock.advance(minutes=16)
    assert services.users.authenticate("Ayşe", RIGHT).name == "Ayşe"
    assert fail_run(services).params["minutes"] == 5


def test_a_pin_reset_ends_a_lock_for_good(
    services: Services, staff: Staff, clock: FakeClock
) -> None:
    for minutes in (5, 15, 60):
        fail_run(services)
        clock.advance(minutes=minutes + 1)
    assert fail_run(services).code == "users.locked_for_good"
    services.users.reset_pin("Ayşe", "5173")
    assert services.users.authenticate("Ayşe", "5173").name == "Ayşe"


def test_the_pin_rules_apply_when_a_pin_is_set(services: Services, staff: Staff) -> None:
    for pin, code in (("1234", "users.trivial_pin"), ("0000", "users.trivial_pin")):
        with pytest.raises(UserError) as refused:
            services.users.add("Veli", Role.CASHIER, pin)
        assert refused.value.code == code
    with pytest.raises(UserError) as short:
        services.users.add("Veli", Role.MANAGER, "5173")
    assert short.value.code == "users.short_pin"
    with pytest.raises(UserError) as short_reset:
        services.users.reset_pin("Zeynep", "5173")
    assert short_reset.value.code == "users.short_pin"
    with pytest.raises(UserError) as trivial_reset:
        services.users.reset_pin("Ayşe", "4321")
    assert trivial_reset.value.code == "users.trivial_pin"
    assert services.users.authenticate("Zeynep", "739164").role is Role.MANAGER
    assert [u.name for u in services.users.list()] == ["Ayşe", "Mehmet", "Zeynep"]


def test_users_list_names_weak_pins_and_lock_outs_and_unlock_ends_them(tmp_path: Path) -> None:
    data = tmp_path / "data"
    init(data)
    ok(pos("users", "add", "Ayşe", "--pin", RIGHT, "--data-dir", data))
    ok(pos("users", "add", "Zeynep", "--role", "manager", "--pin", "739164", "--data-dir", data))
    with closing(sqlite3.connect(data / "pos.db")) as conn, conn:  # Zeynep's PIN from before
        legacy = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1).hash("9999")
        conn.execute("UPDATE user SET pin_hash = ?, pin_ok = NULL WHERE name = 'Zeynep'", (legacy,))

    def listed() -> dict[str, str]:
        lines = ok(pos("users", "list", "--data-dir", data)).stdout.splitlines()
        return {line.split()[0]: line for line in lines}

    assert "PIN set before the PIN rules" in listed()["Zeynep"]
    assert "PIN" not in listed()["Ayşe"]
    settings = load_settings(data_dir=data)
    services = build_services(settings, open_database(settings.database_path))
    try:
        assert services.users.authenticate("Zeynep", "9999").role is Role.MANAGER
        for _ in range(settings.pin_max_attempts):
            with pytest.raises(UserError):
                services.users.authenticate("Ayşe", WRONG)
    finally:
        services.close()
    assert "PIN does not meet the PIN rules" in listed()["Zeynep"]
    assert "locked until" in listed()["Ayşe"]
    assert ok(pos("users", "unlock", "Ayşe", "--data-dir", data)).stdout == "Ayşe unlocked\n"
    assert "locked" not in listed()["Ayşe"]
    ok(pos("users", "reset-pin", "Zeynep", "--pin", "302718", "--data-dir", data))
    assert "PIN" not in listed()["Zeynep"]
