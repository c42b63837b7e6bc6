"""This terminal's enrolment as the ``sync_state`` row holds it, with its credentials."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select

from pos_app.storage.credentials import credentials_for
from pos_app.storage.data_dir import database_dir
from pos_app.storage.tables import table


@dataclass(frozen=True, slots=True)
class SyncSettings:
    """The ``sync_state`` row with the token and signing key from the credentials file
    (storage.credentials; both kept out of ``repr``)."""

    server_url: str
    terminal_id: str
    terminal_code: str
    store_id: str
    store_code: str
    store_name: str
    store_address: str
    store_tax_number: str
    timezone: str
    receipt_prefix: str
    ereceipt_base_url: str
    server_epoch: str
    cursor: str | None
    clock_offset_ms: int
    clock_warning_ms: int
    last_hello_at: datetime | None
    last_success_at: datetime | None
    last_error: str
    bootstrapped: bool
    token: str = ""
    receipt_key: str = ""
    identity_conflict: str = ""
    loyalty_offline_budget_points: int = 0
    loyalty_offline_customer_cap_points: int = 0

    def __repr__(self) -> str:
        return f"SyncSettings({self.store_code}-{self.terminal_code} at {self.server_url})"


def load_sync_settings(engine: Engine, *, secrets: bool = True) -> SyncSettings | None:
    """This terminal's enrolment, or None when it was never enrolled. Without a usable
    credentials file the token and key are empty (logged): the till sells, the sync says
    it has no token. ``secrets=False`` leaves them empty without reading the file (status
    displays)."""
    s = table("sync_state")
    with engine.connect() as conn:
        row = conn.execute(select(s).where(s.c.id == 1)).first()
    if row is None:
        return None
    values = row._asdict()
    values.pop("id")
    values.pop("enrolled_at")
    values["bootstrapped"] = bool(values["bootstrapped"])
    credentials = (
        credentials_for(database_dir(engine), str(values["terminal_id"])) if secrets else None
    )
    if credentials is not None:
        values["token"] = credentials.token
        values["receipt_key"] = credentials.receipt_key
    return SyncSettings(**values)
