"""Staff accounts: hashed PINs, lock-out after repeated failures, manager approvals."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from sqlalchemy import Engine, insert, select, update

from pos_app.domain.ids import new_id
from pos_app.domain.roles import Approval, Role
from pos_app.errors import UserError
from pos_app.services.clock import Clock
from pos_app.services.facts import audit
from pos_app.storage.database import write_transaction
from pos_app.storage.tables import table

log = logging.getLogger(__name__)
# Cheaper than argon2's default (PIN checks happen on every sign-in and approval) but
# still memory-hard; a stolen database must not give up 4-digit PINs instantly.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


@dataclass(frozen=True, slots=True)
class StaffUser:
    user_id: str
    name: str
    role: Role
    active: bool


def validate_pin(pin: str) -> str:
    if not (pin.isdigit() and 4 <= len(pin) <= 8):
        raise UserError("users.bad_pin", "A PIN is 4 to 8 digits")
    return pin


class UserService:
    def __init__(self, engine: Engine, clock: Clock, *, max_attempts: int, lockout_minutes: int):
        self._engine = engine
        self._clock = clock
        self._max_attempts = max_attempts
        self._lockout = timedelta(minutes=lockout_minutes)

    def add(self, name: str, role: Role, pin: str) -> StaffUser:
        name = name.strip()
        if not name:
            raise UserError("users.name_missing", "A user needs a name")
        validate_pin(pin)
        t = table("user")
        with write_transaction(self._engine) as conn:
            if conn.execute(select(t.c.id).where(t.c.name == name)).first():
                raise UserError("users.name_taken", f"There is already a user called {name}")
            user_id = new_id()
            conn.execute(
                insert(t),
                {
                    "id": user_id,
                    "name": name,
                    "role": role.value,
                    "pin_hash": _HASHER.hash(pin),
                    "active": True,
                    "failed_attempts": 0,
                    "created_at": self._clock.now(),
                },
            )
            audit(
                conn,
                action="user.added",
                at=self._clock.now(),
                user_id=user_id,
                detail={"name": name, "role": role.value},
            )
        return StaffUser(user_id, name, role, True)

    def list(self) -> list[StaffUser]:
        t = table("user")
        with self._engine.connect() as conn:
            rows = conn.execute(select(t.c.id, t.c.name, t.c.role, t.c.active).order_by(t.c.name))
            return [StaffUser(r[0], r[1], Role(r[2]), bool(r[3])) for r in rows]

    def find(self, name_or_id: str) -> StaffUser:
        for user in self.list():
            if name_or_id in (user.user_id, user.name):
                return user
        raise UserError("users.unknown", f"No user {name_or_id}", user=name_or_id)

    def reset_pin(self, name_or_id: str, new_pin: str, *, by_user_id: str | None = None) -> None:
        validate_pin(new_pin)
        user = self.find(name_or_id)
        t = table("user")
        with write_transaction(self._engine) as conn:
            conn.execute(
                update(t)
                .where(t.c.id == user.user_id)
                .values(pin_hash=_HASHER.hash(new_pin), failed_attempts=0, locked_until=None)
            )
            audit(
                conn,
                action="user.pin_reset",
                at=self._clock.now(),
                user_id=by_user_id,
                detail={"user": user.name},
            )

    def authenticate(self, name_or_id: str, pin: str) -> StaffUser:
        """Check a PIN; repeated failures lock the account for a while (audited)."""
        user = self.find(name_or_id)
        if not user.active:
            raise UserError("users.inactive", f"{user.name} is not active")
        t = table("user")
        now = self._clock.now()
        with write_transaction(self._engine) as conn:
            row = conn.execute(
                select(t.c.pin_hash, t.c.failed_attempts, t.c.locked_until).where(
                    t.c.id == user.user_id
                )
            ).one()
            pin_hash: str = row[0]
            failures: int = row[1]
            locked_until: datetime | None = row[2]
            if locked_until is not None and locked_until > now:
                raise UserError(
                    "users.locked",
                    f"{user.name} is locked until {locked_until:%H:%M} UTC",
                    until=locked_until.isoformat(),
                )
            try:
                _HASHER.verify(pin_hash, pin)
                wrong = False
            except VerificationError:
                wrong = True
            if wrong:
                failures += 1
                values: dict[str, object] = {"failed_attempts": failures}
                if failures >= self._max_attempts:
                    values = {"failed_attempts": 0, "locked_until": now + self._lockout}
                    audit(
                        conn,
                        action="user.locked_out",
                        at=now,
                        user_id=user.user_id,
                        detail={"attempts": failures},
                    )
                conn.execute(update(t).where(t.c.id == user.user_id).values(**values))
            elif failures or locked_until is not None:
                conn.execute(
                    update(t)
                    .where(t.c.id == user.user_id)
                    .values(failed_attempts=0, locked_until=None)
                )
        # Raised after the commit: the failure count must survive the error.
        if wrong:
            log.info("Wrong PIN for user %s (%s failures)", user.user_id, failures)
            raise UserError("users.wrong_pin", "Wrong PIN", attempts=failures)
        return user

    def approve(
        self, name_or_id: str, pin: str, action: str, minimum: Role, detail: str = ""
    ) -> Approval:
        """A supervisor or manager authorises ``action`` with their PIN."""
        approver = self.authenticate(name_or_id, pin)
        if approver.role.rank < minimum.rank:
            raise UserError(
                "approval.insufficient_role",
                f"{approver.name} ({approver.role.value}) cannot approve this",
                action=action,
            )
        return Approval(
            action, approver.user_id, approver.name, approver.role, self._clock.now(), detail
        )
