"""This terminal's identity (store, terminal code, epoch) kept in its database."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Engine

from pos_app.domain.ids import new_id
from pos_app.errors import UserError
from pos_app.storage.database import write_transaction
from pos_app.storage.queries import terminal as queries
from pos_app.storage.replica.stream_repair import start_new_epoch

_CODE_RE = re.compile(r"^[A-Z][0-9]{2,3}$")
TURKISH_RATES = {1: "KDV %1", 10: "KDV %10", 20: "KDV %20"}


@dataclass(frozen=True, slots=True)
class TerminalInfo:
    store_code: str
    terminal_code: str
    terminal_epoch: str

    def receipt_no(self, local_no: int) -> str:
        return f"{self.store_code}-{self.terminal_code}-{local_no:06d}"


def initialise_terminal(engine: Engine, store_code: str, terminal_code: str) -> TerminalInfo:
    """Give a fresh database its identity and the Turkish VAT rates; idempotent."""
    for label, code in (("store", store_code), ("terminal", terminal_code)):
        if not _CODE_RE.match(code):
            raise UserError(
                "terminal.bad_code", f"{label} code {code!r} must look like S01 / T01", value=code
            )
    existing = load_terminal(engine)
    if existing is not None:
        if (existing.store_code, existing.terminal_code) != (store_code, terminal_code):
            raise UserError(
                "terminal.already_initialised",
                f"This database already belongs to {existing.store_code}-{existing.terminal_code}",
            )
        return existing
    info = TerminalInfo(store_code, terminal_code, new_id())
    with write_transaction(engine) as conn:
        queries.insert_identity(
            conn,
            store_code=store_code,
            terminal_code=terminal_code,
            terminal_epoch=info.terminal_epoch,
        )
        queries.add_missing_tax_rates(conn, rates=TURKISH_RATES)
    return info


def take_identity(engine: Engine, store_code: str, terminal_code: str) -> TerminalInfo:
    """Give a copied database a terminal identity of its own (``pos enroll`` after the
    backend refused the copy): a new code and a new outbox stream holding its unsent facts."""
    for label, code in (("store", store_code), ("terminal", terminal_code)):
        if not _CODE_RE.match(code):
            raise UserError(
                "terminal.bad_code", f"{label} code {code!r} must look like S01 / T01", value=code
            )
    with write_transaction(engine) as conn:
        queries.set_codes(conn, store_code=store_code, terminal_code=terminal_code)
    epoch, _ = start_new_epoch(engine, f"this copy is now terminal {store_code}-{terminal_code}")
    return TerminalInfo(store_code, terminal_code, epoch)


def load_terminal(engine: Engine) -> TerminalInfo | None:
    with engine.connect() as conn:
        row = queries.identity(conn)
    return TerminalInfo(*row) if row else None


def require_terminal(engine: Engine) -> TerminalInfo:
    info = load_terminal(engine)
    if info is None:
        raise UserError("terminal.not_initialised", "Run `pos init` first")
    return info
