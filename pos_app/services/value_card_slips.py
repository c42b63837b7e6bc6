"""The slips of the cards a sale made (e-gift cards, store credit from a return): printed
straight to the printer from memory, never queued, so the code is never in the till's
database (docs/loyalty.md "Gift cards at the till", reprints)."""

from __future__ import annotations

from typing import Any

from pos_app.domain.receipt_slips import slip_document
from pos_app.services.printing import DirectPrint, PrintService
from pos_app.services.sale_document import CompletedSale

SLIP_TIMEOUT_S = 10.0


def slip_documents(completed: CompletedSale, language: str) -> list[dict[str, Any]]:
    """One slip per code ``completed`` made (the screens show the same as a QR)."""
    return [
        slip_document(
            issued.code,
            issued.display,
            issued.card_kind,
            issued.amount_minor,
            completed.receipt_no,
            language,
        )
        for issued in completed.issued_codes
    ]


def print_slips(
    printing: PrintService,
    completed: CompletedSale,
    language: str,
    *,
    timeout_s: float = SLIP_TIMEOUT_S,
) -> list[DirectPrint]:
    """Print the slips now, outside the queue; one outcome per slip (``not_sent`` without a
    printer: the customer display's QR is then the only copy, the screen says so)."""
    outcomes = []
    for document in slip_documents(completed, language):
        if printing.renderer.setup is None:
            outcomes.append(DirectPrint("not_sent", None, "no printer"))
            continue
        outcomes.append(printing.print_alone(document, timeout_s=timeout_s))
    return outcomes
