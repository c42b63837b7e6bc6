"""Staff accounts: peppered PIN hashes, escalating lock-outs, the PIN rules, approvals.

Lock-outs: ``max_attempts`` wrong PINs in a row lock the account for the first of
``lockout_minutes`` (5, 15, 60 by default); each further run of wrong PINs locks it for the
next step, and after the last step it stays locked until a manager resets the PIN or
unlocks it (``pos users reset-pin`` / ``pos users unlock``). A good PIN starts over.

PIN rules (domain.pins) apply when a PIN is set. A PIN set before them keeps working; the
first good sign-in records whether it meets them (``StaffUser.pin_ok``), and ``pos users
list`` names the ones a manager should change.

Staff badges (``pos users badge``): a Code128 card with ``STAFF-`` and 16 base32 characters
(80 random bits) that opens a kiosk's service mode when scanned. Only a SHA-256 of the code is
stored: a slow, salted hash (as for PINs) protects secrets that can be guessed, whereas 2^80
codes cannot be tried one by one, and an unsalted hash is what lets a scan find its user
through the unique index. A new badge replaces the old one; a revoked badge is forgotten.

A kiosk sells as a built-in user of its own (``kiosk_user``): role cashier, named
``Kiosk <terminal code>``, with a random secret for a PIN that nobody knows and no PIN can
match (a PIN is digits only).
"""

from __future__ import annotations

import base64
import hashlib
import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine

from pos_app.domain.ids import new_id
from pos_app.domain.pins import check_pin, pin_problem
from pos_app.domain.roles import Approval, Role
from pos_app.errors import UserError
from pos_app.services.clock import Clock
from pos_app.services.pin_hash import PEPPER_FILE, PinHasher
from pos_app.storage.audit import audit
from pos_app.storage.data_dir import database_dir
from pos_app.storage.database import write_transaction
from pos_app.storage.queries import users as queries

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class StaffUser:
    user_id: str
    name: str
    role: Role
    active: bool
    # The PIN meets the PIN rules; None: set before them and not checked since.
    pin_ok: bool | None = True
    locked_until: datetime | None = None
    locked_for_good: bool = False  # until a manager resets the PIN or unlocks the account


BADGE_PREFIX = "STAFF-"
KIOSK_USER_PREFIX = "Kiosk "


def is_badge_code(code: str) -> bool:
    """Whether a scan is a staff badge rather than goods (the kiosk opens service mode)."""
    return code.strip().upper().startswith(BADGE_PREFIX)


def badge_hash(code: str) -> str:
    """What the ``user`` table keeps of a badge code (see the module's description)."""
    return hashlib.sha256(code.strip().upper().encode("ascii", "replace")).hexdigest()


def validate_pin(pin: str, role: Role = Role.CASHIER) -> str:
    """``pin`` when it may be set for a ``role`` user (domain.pins), else ``UserError``."""
    return check_pin(pin, role)


class UserService:
    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        *,
        max_attempts: int,
        lockout_minutes: Sequence[int],
        hasher: PinHasher | None = None,
    ):
        if not lockout_minutes or min(lockout_minutes) < 1:
            raise ValueError(f"lock-out steps must be whole minutes >= 1: {lockout_minutes!r}")
        self._engine = engine
        self._clock = clock
        self._max_attempts = max_attempts
        self._steps = tuple(timedelta(minutes=m) for m in lockout_minutes)
        self._hasher = hasher or PinHasher(database_dir(engine) / PEPPER_FILE)

    def add(self, name: str, role: Role, pin: str) -> StaffUser:
        name = name.strip()
        if not name:
            raise UserError("users.name_missing", "A user needs a name")
        validate_pin(pin, role)
        pin_hash = self._hasher.hash(pin)
        with write_transaction(self._engine) as conn:
            if queries.user_id_named(conn, name=name) is not None:
                raise UserError("users.name_taken", f"There is already a user called {name}")
            user_id = new_id()
            queries.insert_user(
                conn,
                user_id=user_id,
                name=name,
                role=role.value,
                pin_hash=pin_hash,
                created_at=self._clock.now(),
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
        now = self._clock.now()
        with self._engine.connect() as conn:
            rows = queries.user_rows(conn)
            return [
                StaffUser(
                    r.id,
                    r.name,
                    Role(r.role),
                    bool(r.active),
                    None if r.pin_ok is None else bool(r.pin_ok),
                    r.locked_until if r.locked_until is not None and r.locked_until > now else None,
                    self._for_good(r.lockouts),
                )
                for r in rows
            ]

    def find(self, name_or_id: str) -> StaffUser:
        for user in self.list():
            if name_or_id in (user.user_id, user.name):
                return user
        raise UserError("users.unknown", f"No user {name_or_id}", user=name_or_id)

    def reset_pin(self, name_or_id: str, new_pin: str, *, by_user_id: str | None = None) -> None:
        """A manager sets a new PIN (meeting the PIN rules); it also ends any lock-out."""
        user = self.find(name_or_id)
        validate_pin(new_pin, user.role)
        pin_hash = self._hasher.hash(new_pin)
        with write_transaction(self._engine) as conn:
            queries.update_user(
                conn,
                user_id=user.user_id,
                pin_hash=pin_hash,
                pin_ok=True,
                failed_attempts=0,
                lockouts=0,
                locked_until=None,
            )
            audit(
                conn,
                action="user.pin_reset",
                at=self._clock.now(),
                user_id=by_user_id,
                detail={"user": user.name},
            )

    def unlock(self, name_or_id: str, *, by_user_id: str | None = None) -> StaffUser:
        """A manager ends a lock-out (any step); the PIN stays."""
        user = self.find(name_or_id)
        with write_transaction(self._engine) as conn:
            queries.update_user(
                conn, user_id=user.user_id, failed_attempts=0, lockouts=0, locked_until=None
            )
            audit(
                conn,
                action="user.unlocked",
                at=self._clock.now(),
                user_id=by_user_id,
                detail={"user": user.name},
            )
        return user

    def lock_minutes(self, lockouts: int) -> int | None:
        """How long the ``lockouts``-th lock-out in a row lasts; None: until a manager."""
        if lockouts > len(self._steps):
            return None
        return int(self._steps[lockouts - 1].total_seconds() // 60)

    def _for_good(self, lockouts: int) -> bool:
        return lockouts > len(self._steps)

    def _locked_error(self, user: StaffUser, lockouts: int, until: datetime | None) -> UserError:
        minutes = self.lock_minutes(lockouts)
        if minutes is None or until is None:
            return UserError(
                "users.locked_for_good",
                f"{user.name} is locked after too many wrong PINs until a manager resets the "
                "PIN (`pos users reset-pin`) or unlocks the account (`pos users unlock`)",
                user=user.name,
            )
        return UserError(
            "users.locked",
            f"{user.name} is locked for {minutes} minutes after too many wrong PINs, "
            f"until {until:%H:%M} UTC",
            until=until.isoformat(),
            minutes=minutes,
            user=user.name,
        )

    def authenticate(self, name_or_id: str, pin: str) -> StaffUser:
        """Check a PIN; runs of wrong PINs lock the account for longer each time (audited)."""
        user = self.find(name_or_id)
        if not user.active:
            raise UserError("users.inactive", f"{user.name} is not active")
        now = self._clock.now()
        locked: UserError | None = None
        with write_transaction(self._engine) as conn:
            row = queries.sign_in_row(conn, user_id=user.user_id)
            failures: int = row.failed_attempts
            lockouts: int = row.lockouts
            locked_until: datetime | None = row.locked_until
            if self._for_good(lockouts):
                raise self._locked_error(user, lockouts, None)
            if locked_until is not None and locked_until > now:
                raise self._locked_error(user, lockouts, locked_until)
            # A PIN that cannot be checked (pepper file gone) raises here, uncounted.
            verdict = self._hasher.verify(row.pin_hash, pin, user=user.name)
            if not verdict.ok:
                failures += 1
                values: dict[str, object] = {"failed_attempts": failures}
                if failures >= self._max_attempts:
                    lockouts += 1
                    minutes = self.lock_minutes(lockouts)
                    until = None if minutes is None else now + timedelta(minutes=minutes)
                    values = {"failed_attempts": 0, "lockouts": lockouts, "locked_until": until}
                    locked = self._locked_error(user, lockouts, until)
                    audit(
                        conn,
                        action="user.locked_out",
                        at=now,
                        user_id=user.user_id,
                        detail={"attempts": failures, "lockouts": lockouts, "minutes": minutes},
                    )
                queries.update_user(conn, user_id=user.user_id, **values)
            else:
                good: dict[str, object] = {}
                if failures or lockouts or locked_until is not None:
                    good.update(failed_attempts=0, lockouts=0, locked_until=None)
                if verdict.rehash:  # older scheme (no pepper) or parameters: replaced now
                    good["pin_hash"] = self._hasher.hash(pin)
                meets_rules = pin_problem(pin, user.role) is None
                if row.pin_ok is None or bool(row.pin_ok) != meets_rules:
                    good["pin_ok"] = meets_rules
                if good:
                    queries.update_user(conn, user_id=user.user_id, **good)
        # Raised after the commit: the failure count must survive the error.
        if locked is not None:
            log.info("User %s locked out (lock-out %s in a row)", user.user_id, lockouts)
            raise locked
        if not verdict.ok:
            log.info("Wrong PIN for user %s (%s failures)", user.user_id, failures)
            raise UserError(
                "users.wrong_pin",
                "Wrong PIN",
                attempts=failures,
                left=self._max_attempts - failures,
            )
        return user

    # -- badges --------------------------------------------------------------------------

    def issue_badge(self, user_id: str) -> str:
        """A new badge code for an active user (shown once: only its hash is kept); any
        previous badge of theirs stops working. Audited without the code."""
        user = self.find(user_id)
        if not user.active:
            raise UserError("users.inactive", f"{user.name} is not active", user=user.name)
        code = BADGE_PREFIX + base64.b32encode(secrets.token_bytes(10)).decode("ascii")
        now = self._clock.now()
        with write_transaction(self._engine) as conn:
            replaced = queries.badge_issued_at(conn, user_id=user.user_id) is not None
            queries.update_user(
                conn, user_id=user.user_id, badge_hash=badge_hash(code), badge_issued_at=now
            )
            audit(
                conn,
                action="user.badge_issued",
                at=now,
                user_id=user.user_id,
                detail={"user": user.name, "replaced": replaced},
            )
        return code

    def revoke_badge(self, user_id: str) -> StaffUser:
        """The user's badge stops working (``badge.none`` when they have none)."""
        user = self.find(user_id)
        with write_transaction(self._engine) as conn:
            if queries.badge_issued_at(conn, user_id=user.user_id) is None:
                raise UserError("badge.none", f"{user.name} has no badge", user=user.name)
            queries.update_user(conn, user_id=user.user_id, badge_hash=None, badge_issued_at=None)
            audit(
                conn,
                action="user.badge_revoked",
                at=self._clock.now(),
                user_id=user.user_id,
                detail={"user": user.name},
            )
        return user

    def badge_issued(self, user_id: str) -> datetime | None:
        """When the user's badge was issued; None: they have none."""
        with self._engine.connect() as conn:
            return queries.badge_issued_at(conn, user_id=user_id)

    def user_by_badge(self, code: str) -> StaffUser:
        """The active user a scanned badge belongs to: ``badge.unknown`` for a code never
        issued or revoked (only hashes are kept, so the two look alike), ``users.inactive``."""
        with self._engine.connect() as conn:
            user_id = queries.user_id_by_badge(conn, badge_hash=badge_hash(code))
        if user_id is None:
            log.info("Unknown staff badge scanned")
            raise UserError("badge.unknown", "This badge is not known here (or was revoked)")
        user = self.find(user_id)
        if not user.active:
            raise UserError("users.inactive", f"{user.name} is not active", user=user.name)
        return user

    # -- the kiosk's own user -------------------------------------------------------------

    def kiosk_user(self, terminal_code: str) -> StaffUser:
        """The built-in user a kiosk sells as (created the first time): ``Kiosk <terminal>``,
        a cashier whose PIN nobody knows."""
        name = f"{KIOSK_USER_PREFIX}{terminal_code}"
        with write_transaction(self._engine) as conn:
            user_id = queries.user_id_named(conn, name=name)
            if user_id is None:
                user_id = new_id()
                queries.insert_user(
                    conn,
                    user_id=user_id,
                    name=name,
                    role=Role.CASHIER.value,
                    # Not digits, so no PIN typed on a keypad can ever match it.
                    pin_hash=self._hasher.hash(secrets.token_urlsafe(32)),
                    created_at=self._clock.now(),
                )
                audit(
                    conn,
                    action="user.added",
                    at=self._clock.now(),
                    user_id=user_id,
                    detail={"name": name, "role": Role.CASHIER.value, "kiosk": True},
                )
        return self.find(user_id)

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
