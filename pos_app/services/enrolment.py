"""Enrolling this terminal with the backend: a one-time code for a terminal id and token.

On a fresh database enrolment also gives the terminal its identity (store and terminal code
from the backend). A database that already belongs to another store or terminal is refused,
so its sales are never sent under a wrong identity. The token and the e-receipt signing key
go to the credentials file (storage.credentials), never into the database.
"""

from __future__ import annotations

import logging

import httpx
from pydantic import ValidationError
from sqlalchemy import Engine, delete, insert, select

from pos_app.errors import UserError
from pos_app.services.clock import Clock, SystemClock
from pos_app.services.device import device_id
from pos_app.services.terminal import initialise_terminal, load_terminal, take_identity
from pos_app.storage.credentials import TillCredentials, save_credentials
from pos_app.storage.data_dir import database_dir
from pos_app.storage.database import write_transaction
from pos_app.storage.replica.stream_repair import identity_conflict
from pos_app.storage.tables import table
from sync.client.errors import AuthError, ProtocolError, TransportError
from sync.client.transport import SyncTransport, check_server_url
from sync.protocol import EnrollRequest, EnrollResponse

log = logging.getLogger(__name__)


def is_enrolled(engine: Engine) -> bool:
    s = table("sync_state")
    with engine.connect() as conn:
        return conn.execute(select(s.c.id).where(s.c.id == 1)).first() is not None


def enroll(
    engine: Engine,
    server_url: str,
    code: str,
    *,
    http: httpx.Client | None = None,
    device_name: str = "",
    clock: Clock | None = None,
) -> EnrollResponse:
    """Enrol with ``server_url`` using the one-time ``code``; raises ``UserError``:

    ``enrol.bad_url`` (malformed URL), ``enrol.unreachable`` (names the URL and the cause),
    ``enrol.bad_code`` (refused, used or expired code), ``enrol.other_terminal`` (this
    database belongs to another store or terminal), ``enrol.failed`` (anything else the
    backend answered). Nothing is written unless enrolment succeeds.
    """
    try:
        url = check_server_url(server_url)
    except ValueError as exc:
        raise UserError("enrol.bad_url", f"Bad server URL: {exc}", url=server_url) from None
    try:
        request = EnrollRequest(
            code=code.strip(), device_name=device_name[:128], device_id=device_id(engine)
        )
    except ValidationError:
        raise UserError(
            "enrol.bad_code", "The enrolment code must be 4 to 64 characters", code=code
        ) from None
    transport = SyncTransport(url, http=http)
    try:
        response = transport.enroll(request)
    except TransportError as exc:
        raise UserError(
            "enrol.unreachable", f"Cannot reach the backend at {url}: {exc}", url=url
        ) from None
    except AuthError:
        raise UserError(
            "enrol.bad_code", "The backend refused the enrolment code (unknown, used or expired)"
        ) from None
    except ProtocolError as exc:
        raise UserError("enrol.failed", f"Enrolment at {url} failed: {exc}", url=url) from None
    finally:
        transport.close()
    existing = load_terminal(engine)
    copied = existing is not None and bool(identity_conflict(engine))
    if (
        existing is not None
        and not copied
        and (existing.store_code, existing.terminal_code)
        != (response.store_code, response.terminal_code)
    ):
        raise UserError(
            "enrol.other_terminal",
            f"This database belongs to terminal {existing.store_code}-{existing.terminal_code}, "
            f"but the code enrols {response.store_code}-{response.terminal_code}; "
            "use a fresh data directory or a code for this terminal",
            terminal=f"{existing.store_code}-{existing.terminal_code}",
        )
    if existing is None:
        initialise_terminal(engine, response.store_code, response.terminal_code)
    elif copied and (existing.store_code, existing.terminal_code) != (
        response.store_code,
        response.terminal_code,
    ):
        # A copy of another till's data becomes a till of its own: its unsent sales go to a
        # new stream under the new identity (the backend keeps those printed under the old
        # number, flagged), and receipt numbers carry on under the new prefix.
        take_identity(engine, response.store_code, response.terminal_code)
    now = (clock or SystemClock()).now()
    # Before the row: a crash in between leaves a file the next enrolment replaces.
    data_dir = database_dir(engine)
    try:
        save_credentials(
            data_dir, TillCredentials(response.terminal_id, response.token, response.receipt_key)
        )
    except OSError as exc:
        raise UserError(
            "enrol.failed", f"Cannot write the till's credentials file in {data_dir}: {exc}"
        ) from None
    s = table("sync_state")
    with write_transaction(engine) as conn:
        conn.execute(delete(s))
        conn.execute(
            insert(s),
            {
                "id": 1,
                "server_url": url,
                "terminal_id": response.terminal_id,
                "terminal_code": response.terminal_code,
                "store_id": response.store_id,
                "store_code": response.store_code,
                "store_name": response.store_name,
                "store_address": response.store_address,
                "store_tax_number": response.store_tax_number,
                "timezone": response.timezone,
                "receipt_prefix": response.receipt_prefix,
                "ereceipt_base_url": response.ereceipt_base_url,
                "server_epoch": response.server_epoch,
                "cursor": None,
                "clock_offset_ms": 0,
                "clock_warning_ms": 120_000,
                "enrolled_at": now,
                "last_error": "",
                "bootstrapped": False,
            },
        )
    log.info("enrolled as %s-%s with %s", response.store_code, response.terminal_code, url)
    return response
