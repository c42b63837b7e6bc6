"""Stores, enrolment codes and terminal enrolment (tokens stored hashed, revocable)."""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, func, insert, select, update

from sync.protocol import TERMINAL_CLONED, EnrollResponse
from sync.protocol.text import refuse_controls
from sync.server.changes import GLOBAL, ChangeBuffer
from sync.server.db import insert_ignore, write_tx
from sync.server.errors import ServerError
from sync.server.ids import new_id, new_token, token_hash
from sync.server.schema import enrolment_code, server_meta, store, terminal

STORE_CODE = re.compile(r"^S[0-9]{2,3}$")
# T01: a staff till; K01: a self-service kiosk (sync.protocol.is_kiosk_code).
TERMINAL_CODE = re.compile(r"^[TK][0-9]{2,3}$")
# Enrolment codes are typed by a person: no 0/O, 1/I/L.
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _meta(conn: Connection, key: str, make: str) -> str:
    value = conn.execute(select(server_meta.c.value).where(server_meta.c.key == key)).scalar()
    if value is None:
        insert_ignore(conn, server_meta, {"key": key, "value": make})
        value = conn.execute(
            select(server_meta.c.value).where(server_meta.c.key == key)
        ).scalar_one()
    return str(value)


def server_epoch(conn: Connection) -> str:
    """This backend's epoch: changes when its database is restored or recreated."""
    return _meta(conn, "epoch", new_id())


def receipt_key(conn: Connection) -> str:
    """The key terminals sign e-receipt tokens with (``sync.receipt_token``)."""
    return _meta(conn, "receipt_key", new_token())


def store_data(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "code": row.code,
        "name": row.name,
        "address": row.address,
        "tax_number": row.tax_number,
        "timezone": row.timezone,
    }


def create_store(
    conn: Connection,
    changes: ChangeBuffer,
    *,
    code: str,
    name: str,
    address: str = "",
    tax_number: str = "",
    timezone: str = "Europe/Istanbul",
    now: datetime,
) -> dict[str, Any]:
    """Create a store; ``code`` like S01. Refuses a code in use."""
    if not STORE_CODE.match(code):
        raise ServerError(422, "bad_store_code", f"store code {code!r} must look like S01")
    if conn.execute(select(store.c.id).where(store.c.code == code)).first() is not None:
        raise ServerError(409, "store_exists", f"store {code} already exists")
    # The receipt header prints these: composed letters, and no control character (a name
    # holding ESC p would open every till's drawer). The admin API's model refuses them too;
    # this is the same rule for `pos server create-store`.
    texts = {"name": name, "address": address, "tax_number": tax_number}
    for field, value in texts.items():
        try:
            texts[field] = refuse_controls(value, multiline=field == "address")
        except ValueError as error:
            raise ServerError(422, "bad_store_text", f"store {field}: {error}") from None
    values = {
        "id": new_id(),
        "code": code,
        **texts,
        "timezone": timezone,
        "created_at": now,
    }
    conn.execute(insert(store), values)
    data = store_data(conn.execute(select(store).where(store.c.id == values["id"])).one())
    changes.upsert(GLOBAL, "store", code, data)
    return data


def find_store(conn: Connection, code: str) -> Any:
    row = conn.execute(select(store).where(store.c.code == code)).first()
    if row is None:
        raise ServerError(404, "unknown_store", f"no store {code!r}")
    return row


def normalise_code(code: str) -> str:
    return re.sub(r"[\s\-]", "", code).upper()


def create_enrolment_code(
    conn: Connection,
    *,
    store_code: str,
    terminal_code: str | None = None,
    ttl: timedelta,
    now: datetime,
) -> tuple[str, datetime]:
    """A one-time code (``ABCD-EFGH``) for enrolling a terminal at ``store_code``."""
    row = find_store(conn, store_code)
    if terminal_code is not None and not TERMINAL_CODE.match(terminal_code):
        raise ServerError(
            422,
            "bad_terminal_code",
            f"terminal code {terminal_code!r} must look like T01 (a till) or K01 (a kiosk)",
        )
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))
    expires = now + ttl
    conn.execute(
        insert(enrolment_code),
        {
            "code_hash": token_hash(raw),
            "store_id": row.id,
            "terminal_code": terminal_code,
            "created_at": now,
            "expires_at": expires,
        },
    )
    return f"{raw[:4]}-{raw[4:]}", expires


def _next_terminal_code(conn: Connection, store_id: str) -> str:
    codes: set[str] = set(
        conn.execute(select(terminal.c.code).where(terminal.c.store_id == store_id)).scalars()
    )
    n = 1
    while f"T{n:02d}" in codes:
        n += 1
    return f"T{n:02d}"


def enroll(
    conn: Connection,
    *,
    code: str,
    device_name: str,
    now: datetime,
    ereceipt_base_url: str,
    device_id: str = "",
) -> EnrollResponse:
    """Exchange a one-time code for a terminal id and token (the token is shown once)."""
    row = conn.execute(
        select(enrolment_code).where(enrolment_code.c.code_hash == token_hash(normalise_code(code)))
    ).first()
    if row is None or row.used_at is not None or row.expires_at < now:
        # One answer for unknown, used and expired: nothing to learn by guessing.
        raise ServerError(403, "bad_enrolment_code", "enrolment code unknown, used or expired")
    st = conn.execute(select(store).where(store.c.id == row.store_id)).one()
    terminal_code = row.terminal_code or _next_terminal_code(conn, st.id)
    existing = conn.execute(
        select(terminal.c.id).where(terminal.c.store_id == st.id, terminal.c.code == terminal_code)
    ).first()
    token = new_token()
    if existing is not None:
        # Re-enrolling a replaced till under its code: the old token stops working.
        terminal_id = str(existing[0])
        conn.execute(
            update(terminal)
            .where(terminal.c.id == terminal_id)
            .values(
                token_hash=token_hash(token),
                revoked_at=None,
                enrolled_at=now,
                device_name=device_name,
                device_id=device_id or None,
            )
        )
    else:
        terminal_id = new_id()
        conn.execute(
            insert(terminal),
            {
                "id": terminal_id,
                "store_id": st.id,
                "code": terminal_code,
                "device_name": device_name,
                "device_id": device_id or None,
                "token_hash": token_hash(token),
                "enrolled_at": now,
            },
        )
    taken = conn.execute(
        update(enrolment_code)
        .where(enrolment_code.c.code_hash == row.code_hash, enrolment_code.c.used_at.is_(None))
        .values(used_at=now, terminal_id=terminal_id)
    )
    if taken.rowcount != 1:  # another request used it first
        raise ServerError(403, "bad_enrolment_code", "enrolment code unknown, used or expired")
    return EnrollResponse(
        terminal_id=terminal_id,
        terminal_code=terminal_code,
        token=token,
        store_id=st.id,
        store_code=st.code,
        store_name=st.name,
        store_address=st.address,
        store_tax_number=st.tax_number,
        timezone=st.timezone,
        receipt_prefix=f"{st.code}-{terminal_code}",
        ereceipt_base_url=ereceipt_base_url,
        receipt_key=receipt_key(conn),
        server_epoch=server_epoch(conn),
    )


def check_device(engine: Engine, terminal_id: str, device_id: str) -> None:
    """Refuse a terminal's identity used from a device other than the one enrolled (a copied
    data directory: both would send sales and print receipt numbers as this terminal).
    A terminal enrolled before devices were recorded is bound to the first one that asks."""
    if not device_id:
        return  # a terminal too old to say: nothing to compare
    query = select(terminal.c.device_id).where(terminal.c.id == terminal_id)
    with engine.connect() as conn:
        bound = conn.execute(query).scalar()
    if bound is None:
        with write_tx(engine) as conn:
            conn.execute(
                update(terminal)
                .where(terminal.c.id == terminal_id, terminal.c.device_id.is_(None))
                .values(device_id=device_id)
            )
            bound = conn.execute(query).scalar()
    if bound != device_id:
        raise ServerError(
            403,
            TERMINAL_CLONED,
            "this terminal's identity is in use on another device (its data directory was "
            "copied); this copy's sales are kept on it: enrol it as a new terminal with a new "
            "code (`pos enroll`)",
        )


def revoke_terminal(conn: Connection, terminal_id: str, now: datetime) -> bool:
    result = conn.execute(
        update(terminal)
        .where(terminal.c.id == terminal_id, terminal.c.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return bool(result.rowcount)


def count_terminals(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(terminal)).scalar_one())
