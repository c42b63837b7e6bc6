"""Customers at the till and the kiosk (docs/loyalty.md "Customers at the till"): found
offline on the replica by loyalty QR, phone or name, signed up with the KVKK notice and
separate consents, their consents changed later. Every write is one transaction with its
facts, so a signed-up customer is found at once, online or not."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Engine

from pos_app.domain.ids import new_id
from pos_app.domain.legal_texts import BUILTIN, BUILTIN_VERSION
from pos_app.domain.receipt_customer import customer_number
from pos_app.domain.text import clean, fold
from pos_app.errors import UserError
from pos_app.services.clock import Clock, local_date
from pos_app.services.terminal import TerminalInfo
from pos_app.storage.database import write_transaction
from pos_app.storage.outbox import append_fact
from pos_app.storage.replica.rows import CUSTOMER_COLS
from pos_app.storage.replica.search_text import customer_search_text
from pos_app.storage.tables import sqlite_stamp
from sync.protocol import giftcards, loyalty, loyalty_qr
from sync.protocol.customers import normalise_email, normalise_phone
from sync.protocol.facts.customers import (
    CONSENT_PURPOSES,
    CustomerConsentChanged,
    CustomerUpserted,
)

MAX_NAME = 200  # as the backend (sync.server.customers)
MAX_EMAIL = 200
NAME_LIMIT = 20
MESSAGING = ("marketing_sms", "marketing_email", "marketing_call")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_SELECT = f"SELECT {CUSTOMER_COLS} FROM customer"


@dataclass(frozen=True, slots=True)
class CustomerView:
    """A customer as the screens show them."""

    id: str
    name: str
    phone: str
    email: str
    loyalty_points: int  # the ledger's sum, pending points included
    pending_points: dict[str, int] = field(default_factory=dict)  # ISO vesting day -> points
    consents: dict[str, bool] = field(default_factory=dict)
    has_loyalty_qr: bool = False

    @property
    def number(self) -> str:
        return customer_number(self.id)


@dataclass(frozen=True, slots=True)
class LegalNotice:
    purpose: str
    version: str
    text: str


@dataclass(frozen=True, slots=True)
class SignUp:
    """What the sign-up form collected. ``consents`` holds each purpose the customer was
    asked about and answered (True given, False refused); ``kvkk_notice`` True says the
    notice was shown and acknowledged."""

    name: str
    phone: str = ""
    email: str = ""
    consents: dict[str, bool] = field(default_factory=dict)
    language: str = "tr"


def spendable_points(customer: CustomerView, today: date) -> int:
    """Points the customer may spend ``today`` (``sync.protocol.loyalty.spendable``): the
    balance less what vests after today."""
    pending = [(date.fromisoformat(day), pts) for day, pts in customer.pending_points.items()]
    vested = customer.loyalty_points - sum(pts for _day, pts in pending)
    return loyalty.spendable([(date.min, vested), *pending], today)


def _view(row: Any) -> CustomerView:
    return CustomerView(
        id=str(row[0]),
        name=str(row[1]),
        phone=str(row[2] or ""),
        email=str(row[3] or ""),
        loyalty_points=int(row[4] or 0),
        pending_points={str(k): int(v) for k, v in json.loads(row[9] or "{}").items()},
        consents={str(k): bool(v) for k, v in json.loads(row[10] or "{}").items()},
        has_loyalty_qr=bool(row[8]),
    )


def _follow(conn: Connection, row: Any) -> CustomerView | None:
    """``row``, or the customer it was merged into (a chain of merges ends at the survivor)."""
    seen: set[str] = set()
    while row is not None and row[5] and str(row[0]) not in seen:
        seen.add(str(row[0]))
        row = conn.exec_driver_sql(f"{_SELECT} WHERE id = ?", (row[5],)).first()
    return None if row is None or row[5] else _view(row)


def phone_key(text: str) -> str:
    """A phone number in any form as ``customer.phone_norm`` holds it; ``UserError``
    ``customer.bad_phone`` when it is not one."""
    digits = normalise_phone(text) or ""
    if text.strip().startswith("+") and not text.strip().startswith("+90"):
        ok = 8 <= len(digits) <= 15  # abroad: E.164 allows 15 digits
    else:
        ok = len(digits) == 10 and digits[0] != "0"  # Turkish: 532 123 45 67
    if not ok:
        raise UserError(
            "customer.bad_phone",
            f"{text.strip() or 'An empty number'} is not a phone number "
            "(10 digits, e.g. 0532 123 45 67)",
            phone=text,
        )
    return digits


class CustomerService:
    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        terminal: TerminalInfo,
        timezone: str,
        *,
        channel: str = "store",  # store | kiosk: where consents are given
        after_commit: Callable[[], None] | None = None,  # the sync worker's notify()
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._terminal = terminal
        self._timezone = timezone
        self._channel = channel
        self._after_commit = after_commit

    # -- finding --------------------------------------------------------------------------

    def get(self, customer_id: str) -> CustomerView | None:
        """By id; a merged-away id gives the customer it was merged into."""
        with self._engine.connect() as conn:
            row = conn.exec_driver_sql(f"{_SELECT} WHERE id = ?", (customer_id,)).first()
            return _follow(conn, row)

    def find_by_scan(self, text: str) -> CustomerView | None:
        """The customer of a scanned loyalty QR (``LOY1:...``); None when no one here has it.
        ``customer.bad_qr`` names what is wrong with a garbled code."""
        try:
            code = loyalty_qr.code_of(text)
        except giftcards.GiftCardCodeError as error:
            raise UserError(
                "customer.bad_qr",
                f"The loyalty QR could not be read: {error}. Scan it again or search by phone",
                detail=str(error),
            ) from None
        with self._engine.connect() as conn:
            row = conn.exec_driver_sql(
                f"{_SELECT} WHERE loyalty_code_hash = ?", (loyalty_qr.code_hash(code),)
            ).first()
            return _follow(conn, row)

    def find_by_phone(self, text: str) -> CustomerView | None:
        """By phone in any form (+90 532 123 45 67, 0532 123 45 67, 5321234567)."""
        key = phone_key(text)
        with self._engine.connect() as conn:
            rows = conn.exec_driver_sql(
                f"{_SELECT} WHERE phone_norm = ? ORDER BY merged_into IS NOT NULL LIMIT 2",
                (key,),
            ).all()
            return _follow(conn, rows[0]) if rows else None

    def search_name(self, text: str, limit: int = NAME_LIMIT) -> list[CustomerView]:
        """Customers whose name has a word starting with each word of ``text``, Turkish-aware
        (``sukru yil`` finds ``Şükrü YILMAZ``), at most ``limit``, by name.

        The longest word is a range scan of ``customer_word``'s primary key; the others
        filter those candidates on ``search_text``. Merged-away customers are left out."""
        words = customer_search_text(text).split()
        if not words:
            return []
        lead = max(words, key=len)
        others = [w for w in words if w is not lead]
        sql = (
            f"SELECT {', '.join('c.' + c for c in CUSTOMER_COLS.split(', '))} "
            "FROM customer_word w JOIN customer c ON c.id = w.customer_id "
            "WHERE w.word >= ? AND w.word < ? AND c.merged_into IS NULL"
        )
        params: list[Any] = [lead, lead + "\U0010ffff"]
        for word in others:
            sql += " AND (' ' || c.search_text) LIKE ? ESCAPE '\\'"
            params.append(f"% {word}%")
        sql += " LIMIT ?"
        params.append(max(1, limit) * 5)  # one customer may match on several words
        with self._engine.connect() as conn:
            found: dict[str, CustomerView] = {}
            for row in conn.exec_driver_sql(sql, tuple(params)):
                found.setdefault(str(row[0]), _view(row))
        return sorted(found.values(), key=lambda c: (fold(c.name), c.id))[:limit]

    def find(self, text: str) -> list[CustomerView]:
        """What a single search box finds: a loyalty QR, a phone number (mostly digits), or
        else a name."""
        if loyalty_qr.is_loyalty_qr(text):
            found = self.find_by_scan(text)
            return [found] if found else []
        if sum(ch.isdigit() for ch in text) >= 7:
            by_phone = self.find_by_phone(text)
            return [by_phone] if by_phone else []
        return self.search_name(text)

    # -- legal texts ----------------------------------------------------------------------

    def legal_text(self, purpose: str, language: str) -> LegalNotice:
        """The newest text of ``purpose`` pulled, in ``language`` (else Turkish), or the
        built-in template (``builtin-1``) when the backend sent none."""
        with self._engine.connect() as conn:
            row = conn.exec_driver_sql(
                "SELECT version, texts_json FROM legal_text WHERE purpose = ?", (purpose,)
            ).first()
        if row is not None:
            texts = json.loads(row[1])
            text = texts.get(language) or texts.get("tr") or next(iter(texts.values()), "")
            if text:
                return LegalNotice(purpose, str(row[0]), text)
        builtin = BUILTIN.get(purpose, {})
        return LegalNotice(purpose, BUILTIN_VERSION, builtin.get(language) or builtin["tr"])

    # -- sign-up and consents ---------------------------------------------------------------

    def sign_up(self, form: SignUp) -> CustomerView:
        """A new customer, written with its facts in one transaction. Refused (nothing
        written) without the KVKK notice acknowledged, without a phone or an e-mail, with a
        bad one, or when the phone or e-mail is already a customer's
        (``customer.duplicate`` carries their ``customer_id``)."""
        name = clean(form.name).strip()
        if not name:
            raise UserError("customer.name_required", "Enter the customer's name")
        if len(name) > MAX_NAME:
            raise UserError("customer.name_too_long", f"A name has at most {MAX_NAME} characters")
        phone_text, email_text = form.phone.strip(), form.email.strip()
        if not phone_text and not email_text:
            raise UserError(
                "customer.contact_required", "Enter a phone number or an e-mail address"
            )
        phone_norm = phone_key(phone_text) if phone_text else ""
        email = normalise_email(email_text) or ""
        if email and (len(email) > MAX_EMAIL or not _EMAIL.match(email)):
            raise UserError(
                "customer.bad_email", f"{email_text} is not an e-mail address", email=email_text
            )
        self._check_consents(form.consents)
        if form.consents.get("kvkk_notice") is not True:
            raise UserError(
                "customer.notice_required",
                "Show the KVKK notice (aydınlatma metni) and have it acknowledged first",
            )
        now = self._clock.now()
        customer_id = new_id()
        consents = dict(form.consents)
        with write_transaction(self._engine) as conn:
            existing = self._existing(conn, phone_norm, email, email_text)
            if existing is not None:
                raise UserError(
                    "customer.duplicate",
                    f"{existing.name} already has this phone number or e-mail address",
                    customer_id=existing.id,
                    existing_id=existing.id,
                )
            conn.exec_driver_sql(
                f"INSERT INTO customer ({CUSTOMER_COLS}, synced_at) "
                "VALUES (?, ?, ?, ?, 0, NULL, ?, ?, NULL, '{}', ?, ?)",
                (
                    customer_id,
                    name,
                    phone_text,
                    email,
                    phone_norm,
                    customer_search_text(name),
                    json.dumps(consents, sort_keys=True),
                    sqlite_stamp(now),
                ),
            )
            business_date = local_date(now, self._timezone)
            fact = CustomerUpserted(
                id=customer_id, name=name, phone=phone_text or None, email=email or None
            )
            append_fact(conn, fact, occurred_at=now, business_date=business_date)
            for purpose in CONSENT_PURPOSES:  # the declared order, so facts are stable
                if purpose in consents:
                    self._consent_fact(conn, customer_id, purpose, consents[purpose], now)
        self._committed()
        return CustomerView(customer_id, name, phone_text, email, 0, {}, consents)

    def change_consent(self, customer_id: str, purpose: str, granted: bool) -> CustomerView:
        """One consent given or withdrawn later: its fact and the replica's state."""
        self._check_consents({purpose: granted})
        if purpose == "kvkk_notice":
            raise UserError(
                "customer.notice_not_a_consent",
                "The KVKK notice is acknowledged at sign-up; it is not given or withdrawn",
            )
        now = self._clock.now()
        with write_transaction(self._engine) as conn:
            row = conn.exec_driver_sql(f"{_SELECT} WHERE id = ?", (customer_id,)).first()
            customer = _follow(conn, row)
            if customer is None:
                raise UserError(
                    "customer.unknown", "This customer is not on this till", id=customer_id
                )
            consents = customer.consents | {purpose: granted}
            conn.exec_driver_sql(
                "UPDATE customer SET consents_json = ? WHERE id = ?",
                (json.dumps(consents, sort_keys=True), customer.id),
            )
            self._consent_fact(conn, customer.id, purpose, granted, now)
        self._committed()
        return CustomerView(
            customer.id,
            customer.name,
            customer.phone,
            customer.email,
            customer.loyalty_points,
            customer.pending_points,
            consents,
            customer.has_loyalty_qr,
        )

    def _committed(self) -> None:
        if self._after_commit is not None:
            self._after_commit()

    def _check_consents(self, consents: dict[str, bool]) -> None:
        for purpose, granted in consents.items():
            if purpose not in CONSENT_PURPOSES:
                raise UserError(
                    "customer.unknown_consent", f"Unknown consent {purpose!r}", purpose=purpose
                )
            if not isinstance(granted, bool):
                raise UserError(
                    "customer.unknown_consent",
                    f"Consent {purpose} must be given or refused",
                    purpose=purpose,
                )

    def _existing(
        self, conn: Connection, phone_norm: str, email: str, email_typed: str
    ) -> CustomerView | None:
        if phone_norm:
            row = conn.exec_driver_sql(
                f"{_SELECT} WHERE phone_norm = ? LIMIT 1", (phone_norm,)
            ).first()
            if row is not None:
                return _follow(conn, row) or _view(row)
        if email:
            # On the email index: the lower-cased form and the one typed (pulled rows hold
            # what the customer typed; the backend merges other spellings anyway).
            row = conn.exec_driver_sql(
                f"{_SELECT} WHERE email IN (?, ?) LIMIT 1",
                (email, email_typed),
            ).first()
            if row is not None:
                return _follow(conn, row) or _view(row)
        return None

    def _consent_fact(
        self,
        conn: Connection,
        customer_id: str,
        purpose: str,
        granted: bool,
        now: datetime,
    ) -> None:
        version = self._version(conn, purpose)
        fact = CustomerConsentChanged(
            id=new_id(),
            customer_id=customer_id,
            purpose=purpose,  # type: ignore[arg-type]  # checked by _check_consents
            granted=granted,
            text_version=version,
            at=now,
            channel=self._channel,  # type: ignore[arg-type]
            terminal_code=self._terminal.terminal_code,
        )
        append_fact(conn, fact, occurred_at=now, business_date=local_date(now, self._timezone))

    def _version(self, conn: Connection, purpose: str) -> str:
        row = conn.exec_driver_sql(
            "SELECT version FROM legal_text WHERE purpose = ?", (purpose,)
        ).first()
        return str(row[0]) if row is not None else BUILTIN_VERSION
