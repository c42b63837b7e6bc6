"""Consents (KVKK, İYS): every consent given or withdrawn is an event in
``customer_consent_event``, the history the law asks for (docs/loyalty.md "Consent").

**Who may record one.** Any till, at any store, for any customer: a consent is the customer's
own act, given where they stand, unlike a profile edit (which only the customer's home store
may make, ``sync.server.customers``). The admin API and the web shop record theirs with the
channel ``web`` or ``admin``.

Events are idempotent by id (a re-sent fact records nothing twice), stored against the
surviving customer of a merge, and numbered in the scope ``consents`` when the transaction
flushes its changes (``changes.ChangeBuffer.flush``), so the İYS change list paged by
``seq > N`` never skips an event committing late. A messaging consent keeps its recipient
(the phone in E.164 or the e-mail it was given for), as İYS registers consents per address.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, select, update

from sync.protocol.facts.customers import CONSENT_PURPOSES
from sync.server import customers
from sync.server.changes import ChangeBuffer, placeholder_seq
from sync.server.consent_state import consent_states
from sync.server.db import insert_ignore
from sync.server.errors import Rejected
from sync.server.ids import new_id
from sync.server.schema import customer, customer_consent_event

# The commercial-message consents İYS registers, and the address each is given for.
MESSAGING = {"marketing_sms": "phone", "marketing_call": "phone", "marketing_email": "email"}
IYS_TYPES = {"marketing_sms": "MESAJ", "marketing_call": "ARAMA", "marketing_email": "EPOSTA"}
CHANNELS = ("store", "kiosk", "web", "admin")
# The text version of the withdrawals an erasure records (no text was shown: the law's act).
ERASURE_VERSION = "erasure"


def recipient(row: Any, purpose: str) -> str | None:
    """The address a messaging consent of ``row`` is for: a Turkish mobile as +90..., any
    other phone as typed, the normalised e-mail; None for other purposes or no address."""
    field = MESSAGING.get(purpose)
    if field == "email":
        return row.email_norm or None
    if field == "phone":
        norm = row.phone_norm or ""
        if len(norm) == 10 and norm.startswith("5"):
            return "+90" + norm
        return row.phone.strip() or None
    return None


def record_consent(
    conn: Connection,
    changes: ChangeBuffer,
    *,
    event_id: str,
    customer_id: str,
    purpose: str,
    granted: bool,
    text_version: str,
    at: datetime,
    channel: str,
    terminal_id: str | None,
    now: datetime,
) -> str:
    """Record one consent event; returns the customer it was recorded for (the survivor).

    ``Rejected`` (``unknown_customer``, ``customer_erased``, ``bad_consent``) names the
    problem; a repeated event id records nothing.
    """
    if purpose not in CONSENT_PURPOSES:
        raise Rejected("bad_consent", f"consent {event_id}: unknown purpose {purpose!r}")
    if channel not in CHANNELS:
        raise Rejected("bad_consent", f"consent {event_id}: unknown channel {channel!r}")
    if not text_version.strip():
        raise Rejected("bad_consent", f"consent {event_id}: the text version is empty")
    target = customers.survivor_of(conn, customer_id)
    if target is None:
        raise Rejected(
            "unknown_customer",
            f"consent {event_id}: unknown customer {customer_id!r} (its customer.upserted "
            "must reach the backend first)",
        )
    row = conn.execute(select(customer).where(customer.c.id == target)).one()
    if row.erased:
        raise Rejected(
            "customer_erased",
            f"consent {event_id}: customer {customer_id!r} was erased; nothing is recorded "
            "for them any more",
        )
    written = insert_ignore(
        conn,
        customer_consent_event,
        {
            "id": event_id,
            "seq": placeholder_seq(),
            "customer_id": target,
            "purpose": purpose,
            "granted": granted,
            "text_version": text_version.strip(),
            "channel": channel,
            "terminal_id": terminal_id,
            "at": at,
            "received_at": now,
            "recipient": recipient(row, purpose),
        },
    )
    if written:
        conn.execute(update(customer).where(customer.c.id == target).values(last_activity_at=now))
        customers.emit_customer(conn, changes, target)
    return target


def history(conn: Connection, customer_id: str) -> list[dict[str, Any]]:
    """Every consent event of the customer, oldest first."""
    e = customer_consent_event.c
    rows = conn.execute(
        select(customer_consent_event)
        .where(e.customer_id == customer_id)
        .order_by(e.at, e.seq, e.id)
    ).all()
    return [event_out(r) for r in rows]


def event_out(r: Any) -> dict[str, Any]:
    return {
        "id": r.id,
        "seq": int(r.seq),
        "customer_id": r.customer_id,
        "purpose": r.purpose,
        "granted": bool(r.granted),
        "text_version": r.text_version,
        "channel": r.channel,
        "terminal_id": r.terminal_id,
        "at": r.at,
        "received_at": r.received_at,
        "recipient": r.recipient,
    }


def current(conn: Connection, customer_id: str) -> dict[str, bool]:
    return consent_states(conn, [customer_id]).get(customer_id, {})


def iys_changes(conn: Connection, *, after: int, limit: int) -> tuple[list[dict[str, Any]], int]:
    """Messaging consent events with ``seq > after`` in seq order, and the cursor after them
    (``after`` itself when there are none: poll again from there)."""
    e = customer_consent_event.c
    rows = conn.execute(
        select(customer_consent_event, customer.c.erased)
        .join(customer, customer.c.id == e.customer_id)
        .where(e.seq > after, e.purpose.in_(list(MESSAGING)))
        .order_by(e.seq)
        .limit(limit)
    ).all()
    items = [
        {
            "seq": int(r.seq),
            "event_id": r.id,
            "customer_id": r.customer_id,
            "purpose": r.purpose,
            "type": IYS_TYPES[r.purpose],
            "recipient_type": "email" if MESSAGING[r.purpose] == "email" else "phone",
            "recipient": r.recipient,
            "granted": bool(r.granted),
            "at": r.at,
            "channel": r.channel,
            "text_version": r.text_version,
            "customer_erased": bool(r.erased),
        }
        for r in rows
    ]
    return items, int(rows[-1].seq) if rows else after


def withdraw_for_erasure(
    conn: Connection, changes: ChangeBuffer, customer_id: str, now: datetime
) -> int:
    """Before an erasure: withdraw every messaging consent still granted, with its
    recipient, so İYS hears of it; then clear the recipient of every other event. Returns
    how many withdrawals were recorded."""
    row = conn.execute(select(customer).where(customer.c.id == customer_id)).one()
    state = current(conn, customer_id)
    withdrawn = []
    for purpose in MESSAGING:
        if state.get(purpose):
            event_id = new_id()
            withdrawn.append(event_id)
            record_consent(
                conn,
                changes,
                event_id=event_id,
                customer_id=customer_id,
                purpose=purpose,
                granted=False,
                text_version=ERASURE_VERSION,
                at=now,
                channel="admin",
                terminal_id=None,
                now=now,
            )
    e = customer_consent_event.c
    keep = e.id.notin_(withdrawn) if withdrawn else e.id.isnot(None)
    conn.execute(
        update(customer_consent_event).where(e.customer_id == row.id, keep).values(recipient=None)
    )
    return len(withdrawn)


def clear_erased_recipients(conn: Connection, *, now: datetime, keep_days: int) -> int:
    """Clear the recipients kept on erased customers' withdrawals older than ``keep_days``
    (İYS has had them); returns how many."""
    e = customer_consent_event.c
    erased = select(customer.c.id).where(customer.c.erased.is_(True))
    result = conn.execute(
        update(customer_consent_event)
        .where(
            e.customer_id.in_(erased),
            e.recipient.isnot(None),
            e.received_at < now - timedelta(days=keep_days),
        )
        .values(recipient=None)
    )
    return int(result.rowcount or 0)
