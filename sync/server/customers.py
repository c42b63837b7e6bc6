"""Customers and the loyalty ledger (docs/sync-protocol.md "Conflict rules": customers, loyalty).

Customers are shared: terminals create them offline with their own UUIDs, the backend merges
duplicates by normalised phone or e-mail (the older record survives; the newer one points to
it with ``merged_into``, and its ledger entries and orders move over). Profile fields are
last-write-wins in the order the backend receives them. The balance is the sum of the ledger.

**Who may change a customer.** Every till receives every customer (loyalty is chain-wide),
but a till changes only what its store owns: a customer it created becomes its store's
(``home_store_id``), and a till may change the name, phone and e-mail (``TILL_FIELDS``, what
its cashier types) of its own store's customers. A change of any other customer (another
store's, or the chain's: created from the admin API or the web shop, or stored before home
stores existed), or of any other field, is refused (``forbidden_customer_change``, parked as
a dead letter) and must come from the admin API. A customer a till creates with the phone or
e-mail of another store's customer is still merged into it, but its profile does not
overwrite the survivor's.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, or_, select, update

from sync.protocol import CustomerData
from sync.protocol.customers import normalise_email as normalise_email
from sync.protocol.customers import normalise_phone as normalise_phone
from sync.protocol.text import clean
from sync.server import loyalty
from sync.server.changes import CUSTOMERS, ChangeBuffer
from sync.server.consent_state import customer_extras
from sync.server.errors import Rejected, ServerError
from sync.server.ids import new_id
from sync.server.schema import (
    customer,
    customer_consent_event,
    loyalty_entry,
    pos_order,
    store,
    web_order,
)

MAX_NAME = 200
MAX_PHONE = 32
MAX_EMAIL = 200
# What a till's ``customer.upserted`` may hold: the customer and the profile it edits.
TILL_FIELDS = ("id", "name", "phone", "email")
FORBIDDEN = "forbidden_customer_change"


def loyalty_balance(conn: Connection, customer_id: str) -> int:
    """The customer's points: the sum of their ledger."""
    return int(
        conn.execute(
            select(func.coalesce(func.sum(loyalty_entry.c.points), 0)).where(
                loyalty_entry.c.customer_id == customer_id
            )
        ).scalar_one()
    )


def customer_data(conn: Connection, row: Any) -> dict[str, Any]:
    """A customer as terminals receive it (``CustomerData``)."""
    return CustomerData(
        id=row.id,
        name=row.name,
        phone=row.phone,
        email=row.email,
        loyalty_points=loyalty_balance(conn, row.id),
        merged_into=row.merged_into,
        pending_points=loyalty.pending_points(conn, row.id),
        **customer_extras(conn, row),
    ).model_dump()


def emit_customer(conn: Connection, changes: ChangeBuffer, customer_id: str) -> None:
    """Queue the customer's current record (with its balance) for the terminals."""
    row = conn.execute(select(customer).where(customer.c.id == customer_id)).first()
    if row is not None:
        changes.upsert(CUSTOMERS, "customer", customer_id, customer_data(conn, row))


def survivor_of(conn: Connection, customer_id: str) -> str | None:
    """The customer a (possibly merged) id now stands for; None for an unknown id."""
    current = customer_id
    for _ in range(32):  # merges are flattened, so this is one or two steps
        merged = conn.execute(
            select(customer.c.merged_into).where(customer.c.id == current)
        ).first()
        if merged is None:
            return None
        if merged[0] is None:
            return current
        current = str(merged[0])
    return current


def _text(payload: dict[str, Any], key: str, limit: int, *, required: bool = False) -> str:
    value = payload.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise Rejected("bad_payload", f"customer {key} must be a non-empty text")
    # Composed and without control characters, like every text that reaches a receipt; a
    # till's fact is cleaned rather than refused, so it never stops that till's sync.
    value = clean(value).strip()
    if len(value) > limit:
        raise Rejected("bad_payload", f"customer {key} longer than {limit} characters")
    return value


def _home_store(conn: Connection, customer_id: str) -> str | None:
    home = conn.execute(select(customer.c.home_store_id).where(customer.c.id == customer_id))
    value = home.scalar()
    return None if value is None else str(value)


def _store_label(conn: Connection, store_id: str | None) -> str:
    if store_id is None:
        return "the chain (no home store)"
    code = conn.execute(select(store.c.code).where(store.c.id == store_id)).scalar()
    return f"store {code or store_id}"


def _check_till_change(
    conn: Connection, payload: dict[str, Any], customer_id: str, target: str | None, till: str
) -> None:
    """Refuse (``forbidden_customer_change``) a till's change outside its rights: a field
    other than ``TILL_FIELDS``, or a stored customer its store does not own."""
    extra = sorted(str(key) for key in payload if key not in TILL_FIELDS)
    if extra:
        raise Rejected(
            FORBIDDEN,
            f"customer {customer_id}: a till may send only {', '.join(TILL_FIELDS)}, not "
            f"{', '.join(extra)}; other changes come from the admin API",
        )
    if target is None:
        return  # a new customer: it becomes this store's
    home = _home_store(conn, target)
    if home != till:
        which = customer_id if target == customer_id else f"{customer_id} (merged into {target})"
        raise Rejected(
            FORBIDDEN,
            f"customer {which} belongs to {_store_label(conn, home)}, not to this till's "
            f"{_store_label(conn, till)}; change it in the admin API",
        )


def apply_customer_upsert(
    conn: Connection,
    changes: ChangeBuffer,
    *,
    payload: dict[str, Any],
    now: datetime,
    till_store_id: str | None = None,
) -> str:
    """Apply a ``customer.upserted`` fact; returns the id of the customer that survives.

    Insert-if-absent by id, profile fields last-write-wins; then duplicates by normalised
    phone or e-mail are merged into the oldest of them. ``till_store_id``: the store of the
    till that sent it, which may only create customers (they become its store's) and change
    its store's own (module docstring); None for the admin API and the web shop.
    """
    customer_id = payload.get("id")
    if not isinstance(customer_id, str) or not 1 <= len(customer_id) <= 64:
        raise Rejected("bad_payload", "customer id must be a text of 1-64 characters")
    target = survivor_of(conn, customer_id)
    if till_store_id is not None:
        _check_till_change(conn, payload, customer_id, target, till_store_id)
    profile: dict[str, str | None] = {"name": _text(payload, "name", MAX_NAME, required=True)}
    for key, limit, normalise in (
        ("phone", MAX_PHONE, normalise_phone),
        ("email", MAX_EMAIL, normalise_email),
    ):
        if payload.get(key) is not None:  # absent: keep what is stored
            value = _text(payload, key, limit)
            profile[key] = value
            profile[f"{key}_norm"] = normalise(value)
    if target is None:
        conn.execute(
            insert(customer),
            profile
            | {
                "id": customer_id,
                "home_store_id": till_store_id,
                "created_at": now,
                "updated_at": now,
            },
        )
        target = customer_id
    else:
        # An edit of a merged record lands on its survivor; an erasure wins over edits.
        conn.execute(
            update(customer)
            .where(customer.c.id == target, customer.c.erased.is_(False))
            .values(**profile, updated_at=now)
        )
    survivor = merge_duplicates(conn, changes, target, now, till_store_id=till_store_id)
    emit_customer(conn, changes, survivor)
    if survivor != customer_id:
        emit_customer(conn, changes, customer_id)
    return survivor


def merge_duplicates(
    conn: Connection,
    changes: ChangeBuffer,
    customer_id: str,
    now: datetime,
    *,
    till_store_id: str | None = None,
) -> str:
    """Merge the live customers sharing ``customer_id``'s phone or e-mail into the oldest.

    The record just written is the latest write, so its profile goes onto the survivor,
    unless it came from a till (``till_store_id``) whose store does not own the survivor.
    """
    row = conn.execute(select(customer).where(customer.c.id == customer_id)).one()
    keys = []
    if row.phone_norm:
        keys.append(customer.c.phone_norm == row.phone_norm)
    if row.email_norm:
        keys.append(customer.c.email_norm == row.email_norm)
    if not keys:
        return customer_id
    group: Any = conn.execute(
        select(customer.c.id)
        .where(or_(*keys), customer.c.merged_into.is_(None), customer.c.erased.is_(False))
        .order_by(customer.c.created_at, customer.c.id)
    ).scalars()
    ids = [str(i) for i in group]
    if len(ids) < 2:
        return customer_id
    survivor, losers = ids[0], ids[1:]
    if customer_id in losers and (
        till_store_id is None or _home_store(conn, survivor) == till_store_id
    ):
        latest = {"name": row.name, "updated_at": now}
        for key in ("phone", "email"):
            if getattr(row, key):
                latest |= {key: getattr(row, key), f"{key}_norm": getattr(row, f"{key}_norm")}
        conn.execute(update(customer).where(customer.c.id == survivor).values(**latest))
    for loser in losers:
        conn.execute(
            update(customer)
            .where(or_(customer.c.id == loser, customer.c.merged_into == loser))
            .values(merged_into=survivor, updated_at=now)
        )
        conn.execute(
            update(loyalty_entry)
            .where(loyalty_entry.c.customer_id == loser)
            .values(customer_id=survivor)
        )
        conn.execute(
            update(pos_order).where(pos_order.c.customer_id == loser).values(customer_id=survivor)
        )
        conn.execute(
            update(web_order).where(web_order.c.customer_id == loser).values(customer_id=survivor)
        )
        conn.execute(  # their consents are the person's, now known by the survivor's id
            update(customer_consent_event)
            .where(customer_consent_event.c.customer_id == loser)
            .values(customer_id=survivor)
        )
        emit_customer(conn, changes, loser)
    emit_customer(conn, changes, survivor)
    return survivor


def _live_match(conn: Connection, phone_norm: str | None, email_norm: str | None) -> str | None:
    """The oldest live customer with this normalised phone or e-mail."""
    keys = []
    if phone_norm:
        keys.append(customer.c.phone_norm == phone_norm)
    if email_norm:
        keys.append(customer.c.email_norm == email_norm)
    if not keys:
        return None
    found = conn.execute(
        select(customer.c.id)
        .where(or_(*keys), customer.c.merged_into.is_(None), customer.c.erased.is_(False))
        .order_by(customer.c.created_at, customer.c.id)
        .limit(1)
    ).scalar()
    return None if found is None else str(found)


def create_customer(
    conn: Connection,
    changes: ChangeBuffer,
    *,
    name: str,
    phone: str = "",
    email: str = "",
    now: datetime,
) -> str:
    """Create a customer from the admin side; refuses a phone or e-mail already in use."""
    existing = _live_match(conn, normalise_phone(phone), normalise_email(email))
    if existing is not None:
        raise ServerError(409, "customer_exists", f"customer {existing} has this phone or e-mail")
    customer_id = new_id()
    return apply_customer_upsert(
        conn,
        changes,
        payload={"id": customer_id, "name": name, "phone": phone, "email": email},
        now=now,
    )


def update_customer(
    conn: Connection,
    changes: ChangeBuffer,
    *,
    customer_id: str,
    fields: dict[str, Any],
    now: datetime,
) -> str:
    """Change a customer from the admin API: any of name, phone, email and home_store_id
    (None: the chain's). 404 for an unknown id, 409 when the phone or e-mail belongs to
    another customer; a merged id changes its survivor. Returns the survivor's id."""
    target = survivor_of(conn, customer_id)
    if target is None:
        raise ServerError(404, "unknown_customer", f"no customer {customer_id!r}")
    row = conn.execute(select(customer).where(customer.c.id == target)).one()
    if row.erased:
        raise ServerError(409, "customer_erased", f"customer {customer_id!r} was erased")
    profile = {key: fields[key] for key in ("name", "phone", "email") if key in fields}
    for key, found in (
        ("phone", _live_match(conn, normalise_phone(profile.get("phone") or ""), None)),
        ("e-mail", _live_match(conn, None, normalise_email(profile.get("email") or ""))),
    ):
        if found is not None and found != target:
            raise ServerError(409, "customer_exists", f"customer {found} has this {key}")
    if "home_store_id" in fields:
        conn.execute(
            update(customer)
            .where(customer.c.id == target)
            .values(home_store_id=fields["home_store_id"], updated_at=now)
        )
    if profile:
        return apply_customer_upsert(
            conn, changes, payload={"id": target, "name": row.name} | profile, now=now
        )
    emit_customer(conn, changes, target)
    return target


def find_or_create_customer(
    conn: Connection,
    changes: ChangeBuffer,
    *,
    name: str,
    phone: str = "",
    email: str = "",
    now: datetime,
) -> str:
    """The customer with this phone or e-mail (profile updated), else a new one (web orders)."""
    existing = _live_match(conn, normalise_phone(phone), normalise_email(email))
    return apply_customer_upsert(
        conn,
        changes,
        payload={"id": existing or new_id(), "name": name, "phone": phone, "email": email},
        now=now,
    )


def add_loyalty(
    conn: Connection,
    changes: ChangeBuffer,
    *,
    customer_id: str,
    points: int,
    reason: str,
    now: datetime,
) -> dict[str, Any]:
    """Add a ledger entry from the admin side; a redemption may not overdraw the balance."""
    target = survivor_of(conn, customer_id)
    if target is None:
        raise ServerError(404, "unknown_customer", f"no customer {customer_id!r}")
    if points == 0:
        raise ServerError(422, "bad_points", "points must not be 0")
    balance = loyalty_balance(conn, target)
    if points < 0 and balance + points < 0:
        raise ServerError(
            409,
            "insufficient_points",
            f"customer {target} has {balance} points, cannot take {-points}",
        )
    entry = {
        "id": new_id(),
        "customer_id": target,
        "points": points,
        "reason": reason,
        "order_id": None,
        "flagged": False,
        "occurred_at": now,
        "received_at": now,
    }
    conn.execute(insert(loyalty_entry), entry)
    emit_customer(conn, changes, target)
    return entry


def search_customers(conn: Connection, *, q: str, after: str | None, limit: int) -> list[Any]:
    """Live customers whose name, phone or e-mail contains ``q``, keyset by id."""
    query = select(customer).where(customer.c.merged_into.is_(None)).order_by(customer.c.id)
    if after:
        query = query.where(customer.c.id > after)
    if q.strip():
        needle = q.strip().lower()
        terms = [
            func.lower(customer.c.name).contains(needle, autoescape=True),
            customer.c.email_norm.contains(needle, autoescape=True),
        ]
        phone = normalise_phone(q)
        if phone and len(re.sub(r"\D", "", q)) >= 3:
            terms.append(customer.c.phone_norm.contains(phone, autoescape=True))
        query = query.where(or_(*terms))
    return list(conn.execute(query.limit(limit)).all())
