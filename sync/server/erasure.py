"""Erasure (KVKK art. 7, GDPR art. 17) and retention of customers' personal data
(docs/loyalty.md "Erasure and retention").

``erase_customer`` anonymises a customer and every record merged into them: the messaging
consents still granted are withdrawn first (İYS must hear of it), then name, phone and e-mail
are blanked, and personal data held elsewhere about them is scrubbed: their web orders'
names, phones, e-mails and addresses, the endless-aisle customer and delivery address in
their sales' documents, and any copy in the change log, staff tasks, dead letters and
alarms. Sales keep the opaque customer id; the points ledger stays, pseudonymous; gift cards
are unlinked (a card belongs to whoever holds its code). Every till drops the customer on
its next pull (a DELETE of the key). ``erase_inactive`` applies the retention setting.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Table, delete, exists, func, or_, select, update

from sync.server import consents, customers, returns
from sync.server.changes import CUSTOMERS, ChangeBuffer
from sync.server.context import ServerContext
from sync.server.db import write_tx
from sync.server.errors import ServerError
from sync.server.schema import (
    alarm,
    change,
    customer,
    customer_consent_event,
    dead_letter,
    pos_order,
    staff_task,
    value_card,
    web_order,
)
from sync.server.web_order_views import emit_order

log = logging.getLogger(__name__)


# The fields of a record about them (a customer fact, an order's customer) that are personal.
PERSONAL_KEYS = frozenset({"name", "phone", "email", "customer_name", "delivery_address"})


@dataclass(frozen=True)
class Needles:
    """What identifies the person in free text: whole values equal to a name, and any text
    holding one of their phones (in any notation) or e-mails."""

    names: frozenset[str]
    phones: frozenset[str]  # normalised (sync.server.customers.normalise_phone)
    raw_phones: frozenset[str]
    emails: frozenset[str]  # lower case
    ids: frozenset[str] = frozenset()  # their customer ids: a record naming one is theirs
    typed_names: frozenset[str] = frozenset()  # the names as stored (for LIKE)

    def like_terms(self) -> list[str]:
        """Substrings a stored text holding their data contains (for a LIKE pre-filter)."""
        terms = set(self.typed_names) | set(self.raw_phones) | set(self.emails) | set(self.ids)
        terms |= {p[-7:] for p in self.phones if len(p) >= 7}
        return sorted(t for t in terms if len(t) >= 3)

    def scrub_text(self, text: str) -> str:
        """``text`` without their name (a whole value), e-mails and phones (any notation)."""
        if text.strip().casefold() in self.names:
            return ""
        out = text
        for email in self.emails:
            out = re.sub(re.escape(email), "", out, flags=re.IGNORECASE)
        for raw in self.raw_phones:
            out = out.replace(raw, "")
        for phone in self.phones:
            if len(phone) >= 7 and phone in re.sub(r"\D", "", out):
                out = re.sub(_phone_pattern(phone), "", out)
        return out

    def scrub(self, value: Any) -> Any:
        """A JSON value with every string scrubbed."""
        if isinstance(value, str):
            return self.scrub_text(value)
        if isinstance(value, list):
            return [self.scrub(v) for v in value]
        if isinstance(value, dict):
            theirs = value.get("id") in self.ids or value.get("customer_id") in self.ids
            return {
                k: "" if theirs and k in PERSONAL_KEYS and isinstance(v, str) else self.scrub(v)
                for k, v in value.items()
            }
        return value


def _phone_pattern(phone: str) -> str:
    """A phone's digits in any notation: +90 / 0 prefixes, spaces, dashes, brackets."""
    return r"(?:\+?\s*\(?9\s*0\)?|\(?0)?\D{0,2}" + r"\D{0,2}".join(map(re.escape, phone))


def needles_of(rows: Iterable[Any]) -> Needles:
    names, phones, raw, emails = set(), set(), set(), set()
    for r in rows:
        if r.name.strip():
            names.add(r.name.strip().casefold())
        if r.phone.strip():
            raw.add(r.phone.strip())
        if r.phone_norm:
            phones.add(r.phone_norm)
        for email in (r.email, r.email_norm or ""):
            if email.strip():
                emails.add(email.strip().lower())
    ids = frozenset(str(r.id) for r in rows)
    typed = frozenset(r.name.strip() for r in rows if r.name.strip())
    return Needles(
        frozenset(names), frozenset(phones), frozenset(raw), frozenset(emails), ids, typed
    )


def person_ids(conn: Connection, customer_id: str) -> tuple[str, list[str]]:
    """The survivor of ``customer_id`` and every id merged into it (404 when unknown)."""
    target = customers.survivor_of(conn, customer_id)
    if target is None:
        raise ServerError(404, "unknown_customer", f"no customer {customer_id!r}")
    losers: Iterable[Any] = conn.execute(
        select(customer.c.id).where(customer.c.merged_into == target).order_by(customer.c.id)
    ).scalars()
    return target, [target, *(str(i) for i in losers)]


def _matching(
    conn: Connection, table: Table, column: Any, needles: Needles, *where: Any
) -> list[Any]:
    terms = needles.like_terms()
    if not terms:
        return []
    return list(
        conn.execute(
            select(table).where(*where, or_(*(column.contains(t, autoescape=True) for t in terms)))
        ).all()
    )


def their_web_orders(conn: Connection, ids: list[str], needles: Needles) -> list[Any]:
    """Web orders of the person: by customer id, or (endless-aisle orders carry none) by
    their phone or e-mail."""
    found = {
        r.id: r for r in conn.execute(select(web_order).where(web_order.c.customer_id.in_(ids)))
    }
    keys: list[Any] = []
    if needles.emails:
        keys.append(func.lower(web_order.c.email).in_(sorted(needles.emails)))
    for phone in needles.phones:
        if len(phone) >= 7:
            keys.append(web_order.c.phone.contains(phone[-7:], autoescape=True))
    if keys:
        for r in conn.execute(select(web_order).where(or_(*keys))):
            same_phone = customers.normalise_phone(r.phone) in needles.phones
            same_email = r.email.strip().lower() in needles.emails
            if same_phone or same_email:
                found[r.id] = r
    return [found[k] for k in sorted(found)]


def their_sales(conn: Connection, ids: list[str], receipts: list[str]) -> list[Any]:
    """Sales of the person: by customer id, and the endless-aisle sales that opened their
    web orders (indexed look-ups, no scan of every sale)."""
    rows = conn.execute(
        select(pos_order)
        .where(or_(pos_order.c.customer_id.in_(ids), pos_order.c.receipt_no.in_(receipts)))
        .order_by(pos_order.c.id)
    )
    return list(rows)


def _scrub_document(document: dict[str, Any], needles: Needles) -> dict[str, Any]:
    web = document.get("web_order")
    if isinstance(web, dict):
        web["delivery_address"] = "" if web.get("delivery_address") is not None else None
        if isinstance(web.get("customer"), dict):
            web["customer"] = {"name": "", "phone": "", "email": ""}
    scrubbed: dict[str, Any] = needles.scrub(document)
    return scrubbed


def _scrub_json_column(
    conn: Connection, table: Table, column: str, needles: Needles, *where: Any
) -> int:
    """Scrub every row of ``table`` (``where``) whose JSON ``column`` holds their data;
    returns how many."""
    count = 0
    keys = list(table.primary_key.columns)
    for r in _matching(conn, table, table.c[column], needles, *where):
        raw = getattr(r, column)
        try:
            new = json.dumps(needles.scrub(json.loads(raw)), ensure_ascii=False)
        except ValueError:
            new = needles.scrub_text(raw)
        if new != raw:
            at_row = [key == getattr(r, key.name) for key in keys]
            conn.execute(update(table).where(*at_row).values({column: new}))
            count += 1
    return count


def erase_customer(
    conn: Connection, changes: ChangeBuffer, customer_id: str, now: datetime
) -> dict[str, Any]:
    """Erase the person ``customer_id`` stands for (their survivor and merged records);
    a repeat finds them erased and changes nothing. Returns what was done."""
    target, ids = person_ids(conn, customer_id)
    rows = list(conn.execute(select(customer).where(customer.c.id.in_(ids))).all())
    head = next(r for r in rows if r.id == target)
    if head.erased:
        return {"customer_id": target, "erased_at": head.erased_at, "already_erased": True}
    needles = needles_of(rows)
    withdrawn = consents.withdraw_for_erasure(conn, changes, target, now)
    for loser in ids[1:]:  # their events moved to the survivor at the merge; none should be left
        conn.execute(
            update(customer_consent_event)
            .where(customer_consent_event.c.customer_id == loser)
            .values(recipient=None)
        )
    orders = their_web_orders(conn, ids, needles)
    receipts = [str(r.origin_receipt_no) for r in orders if r.origin_receipt_no]
    for r in orders:
        lines = json.dumps(needles.scrub(json.loads(r.lines_json or "[]")), ensure_ascii=False)
        conn.execute(
            update(web_order)
            .where(web_order.c.id == r.id)
            .values(customer_name="", phone="", email="", delivery_address="", lines_json=lines)
        )
    sales = their_sales(conn, ids, receipts)
    for r in sales:
        document = json.loads(r.document_json)
        if isinstance(document, dict):
            document = _scrub_document(document, needles)
        conn.execute(
            update(pos_order)
            .where(pos_order.c.id == r.id)
            .values(document_json=json.dumps(document, ensure_ascii=False))
        )
    conn.execute(
        update(value_card).where(value_card.c.customer_id.in_(ids)).values(customer_id=None)
    )
    conn.execute(
        update(customer)
        .where(customer.c.id.in_(ids))
        .values(
            name="",
            phone="",
            email="",
            phone_norm=None,
            email_norm=None,
            loyalty_code_hash=None,
            erased=True,
            erased_at=now,
            updated_at=now,
        )
    )
    # The change log's copies of their record go; tills get the deletes below instead.
    conn.execute(delete(change).where(change.c.collection == "customer", change.c.key.in_(ids)))
    # The change log holds them only under their orders' keys (pickup_order, web_order);
    # the small tables of staff's work are searched whole.
    order_keys = [r.id for r in orders]
    scrubbed = {
        "change": _scrub_json_column(
            conn, change, "data_json", needles, change.c.key.in_(order_keys)
        )
        if order_keys
        else 0,
        **{
            table.name: _scrub_json_column(conn, table, column, needles)
            for table, column in (
                (staff_task, "detail_json"),
                (dead_letter, "payload_json"),
                (alarm, "detail_json"),
            )
        },
    }
    for r in orders:  # what tills hold of the orders, scrubbed
        fresh = conn.execute(select(web_order).where(web_order.c.id == r.id)).one()
        emit_order(conn, changes, fresh)
        returns.emit(conn, changes, r.id, now)
    for erased_id in ids:
        changes.delete(CUSTOMERS, "customer", erased_id)
    return {
        "customer_id": target,
        "erased_ids": ids,
        "erased_at": now,
        "already_erased": False,
        "consents_withdrawn": withdrawn,
        "web_orders_scrubbed": len(orders),
        "sales_scrubbed": len(sales),
        "other_rows_scrubbed": scrubbed,
    }


# -- retention -----------------------------------------------------------------------------


def inactive_customers(conn: Connection, cutoff: datetime, *, only: str | None = None) -> list[str]:
    """Live customers with no sale, web order, consent or profile change since ``cutoff``
    (``only``: just whether this one is)."""
    c = customer.c
    recent_sale = exists().where(pos_order.c.customer_id == c.id, pos_order.c.received_at >= cutoff)
    recent_web = exists().where(web_order.c.customer_id == c.id, web_order.c.updated_at >= cutoff)
    recent_consent = exists().where(
        customer_consent_event.c.customer_id == c.id,
        customer_consent_event.c.received_at >= cutoff,
    )
    rows: Iterable[Any] = conn.execute(
        select(c.id)
        .where(
            c.erased.is_(False),
            c.merged_into.is_(None),
            c.created_at < cutoff,
            c.updated_at < cutoff,
            or_(c.last_activity_at.is_(None), c.last_activity_at < cutoff),
            ~recent_sale,
            ~recent_web,
            ~recent_consent,
            c.id == only if only is not None else c.id.isnot(None),
        )
        .order_by(c.id)
    ).scalars()
    return [str(i) for i in rows]


def erase_inactive(ctx: ServerContext, *, dry_run: bool = False) -> list[str]:
    """Apply the retention setting (``customer_retention_days``, 0: off): erase every
    customer inactive for that long, one transaction each; returns their ids. Also clears
    the recipients kept on erased customers' withdrawals past ``iys_withdrawal_keep_days``."""
    days = ctx.settings.customer_retention_days
    now = ctx.clock()
    if not dry_run:
        with write_tx(ctx.engine) as conn:
            consents.clear_erased_recipients(
                conn, now=now, keep_days=ctx.settings.iys_withdrawal_keep_days
            )
    if days <= 0:
        return []
    cutoff = now - timedelta(days=days)
    with ctx.engine.connect() as conn:
        ids = inactive_customers(conn, cutoff)
    if dry_run:
        return ids
    erased = []
    for customer_id in ids:
        with write_tx(ctx.engine) as conn:
            # Looked at again inside the transaction: a sale may have come in meanwhile.
            if not inactive_customers(conn, cutoff, only=customer_id):
                continue
            changes = ChangeBuffer()
            erase_customer(conn, changes, customer_id, now)
            changes.flush(conn, now)
        erased.append(customer_id)
    if erased:
        log.info("Retention: erased %d customers inactive since %s", len(erased), cutoff.date())
    return erased
