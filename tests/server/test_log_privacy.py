"""No personal data in the backend's logs: the access log of a real ``pos server`` process
names paths without query strings or e-receipt tokens, and database errors carry no row
values (PostgreSQL quotes rows in its messages; SQLAlchemy adds the parameters)."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from sqlalchemy import insert
from sqlalchemy.exc import DBAPIError

from pos_app.services.local_backend import free_port
from sync.protocol import PROTOCOL_HEADER, PROTOCOL_VERSION
from sync.server.db import bulk_insert, is_postgres, make_engine, migrate, write_tx
from sync.server.redact import mask_address, redact_db_message, redact_path
from sync.server.schema import customer

PHONE = "+905551112233"
EMAIL = "elif.sahin@example.com"
NAME = "Elif Şahin"
TOKEN = "Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z0AbCdEfGhIj"
ADMIN = "log-privacy-admin-token-0123456789"
PROTOCOL = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}
SECRETS = (PHONE, "905551112233", EMAIL, "elif.sahin", "Elif", "%C5%9Eahin", TOKEN)


def test_paths_and_addresses_are_redacted() -> None:
    assert redact_path("/api/v1/customers?q=%2B905551112233") == "/api/v1/customers"
    assert redact_path(f"/r/{TOKEN}?view=print") == "/r/…"
    assert redact_path(f"/pos/r/{TOKEN}/print") == "/pos/r/…"
    assert redact_path("/sync/v1/pull?cursor=abc") == "/sync/v1/pull"
    assert mask_address("203.0.113.77:51234") == "203.0.113.0/24"
    assert mask_address("[2001:db8:1:2::7]:443") == "2001:db8:1::/48"
    assert mask_address("2001:db8:1:2::7") == "2001:db8:1::/48"
    assert redact_db_message(
        'duplicate key value violates unique constraint "c_phone"\n'
        f"DETAIL:  Key (lower(phone), email)=({PHONE}, {EMAIL}) already exists."
    ).endswith("DETAIL:  Key (lower(phone), email)=(…) already exists.")
    assert PHONE not in redact_db_message(f'invalid input syntax for type integer: "{PHONE}"')


def test_the_access_log_of_pos_server_has_no_query_strings_or_receipt_tokens(
    tmp_path: Path,
) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("POS_SERVER_")}
    env |= {"POS_SERVER_DATA_DIR": str(tmp_path / "server"), "POS_SERVER_ADMIN_TOKEN": ADMIN}
    log_path = tmp_path / "server.log"
    pos = Path(sys.executable).with_name("pos")
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            [str(pos), "server", "--port", str(port)],
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass  # not listening yet
            assert process.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.1)
        admin = {"Authorization": f"Bearer {ADMIN}"}
        with httpx.Client(base_url=url, timeout=10) as client:
            for term in (PHONE, EMAIL, NAME):
                response = client.get("/api/v1/customers", params={"q": term}, headers=admin)
                assert response.status_code == 200, response.text
            assert client.get("/api/v1/customers", params={"q": PHONE}).status_code == 401
            assert client.get(f"/r/{TOKEN}", params={"view": "print"}).status_code == 404
            assert client.get(f"/r/{TOKEN}/print").status_code == 404
            hello = client.get(f"/sync/v1/hello?epoch={EMAIL}", headers=PROTOCOL)
            assert hello.status_code == 401
    finally:
        process.terminate()
        process.wait(15)
    log = log_path.read_text(encoding="utf-8", errors="replace")
    assert log.count('"GET /api/v1/customers HTTP/1.1" 200') == 3, log  # the access log is on
    assert log.count('"GET /r/… HTTP/1.1" 404') == 2, log
    access = [line for line in log.splitlines() if '"GET ' in line]
    assert access and all("127.0.0.0/24 - " in line for line in access), access
    for secret in SECRETS:
        assert secret not in log, f"{secret!r} in the log:\n{log}"


def _logged(exc: BaseException) -> str:
    """``exc`` as ``log.exception`` writes it (message and the traceback with its causes)."""
    stream = io.StringIO()
    logger = logging.getLogger("tests.log_privacy")
    handler = logging.StreamHandler(stream)
    logger.addHandler(handler)
    try:
        try:
            raise exc
        except BaseException:
            logger.exception("request failed")
    finally:
        logger.removeHandler(handler)
    return stream.getvalue()


def test_a_database_error_logs_no_row_values(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate(engine)
    now = datetime.now(UTC)
    row = {
        "id": "c-1",
        "name": NAME,
        "phone": PHONE,
        "email": EMAIL,
        "created_at": now,
        "updated_at": now,
    }
    logged = []
    try:
        with write_tx(engine) as conn:
            conn.execute(insert(customer), row)
        # a duplicate key, and a NOT NULL violation (PostgreSQL: "Failing row contains (…)")
        for values in (row, row | {"id": "c-2", "name": None}):
            with pytest.raises(DBAPIError) as failed, write_tx(engine) as conn:
                conn.execute(insert(customer), values)
            logged.append(_logged(failed.value))
        if is_postgres(engine):  # COPY's error quotes the whole line
            with pytest.raises(DBAPIError) as failed, write_tx(engine) as conn:
                bulk_insert(conn, customer, [row | {"id": "c-3", "name": None}])
            logged.append(_logged(failed.value))
    finally:
        engine.dispose()
    for text in logged:
        assert "Traceback" in text and "customer" in text, text  # the error is still there
        for secret in SECRETS:
            assert secret not in text, f"{secret!r} in:\n{text}"
