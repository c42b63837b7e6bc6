"""Schemathesis hooks for the backend's API run (tests/server/schemathesis.toml).

One hook: which "valid data refused" failures (``positive_data_acceptance``, ST202) are not
the description's fault. The OpenAPI document states every rule a JSON Schema can state
(patterns, ranges, enums, required combinations); what it cannot state is a rule about
stored data (the SKU, store or customer a request names must exist, a product sold by the
piece takes whole pieces), a value only this server makes (a pull cursor), or a relation
between values (a push's seqs in a row, a CSV file's lines, a barcode's check digit). The
backend refuses those with a code naming the rule; such a refusal of generated data is the
rule working. Anything else, above all ``malformed`` (request validation) for data the
document calls valid, is still a failure: the description and the validation disagree.
"""

from __future__ import annotations

import json

import schemathesis
from schemathesis.core.failures import Failure

# Refusal codes of rules an OpenAPI description cannot state, and why.
RULES_BEYOND_THE_SCHEMA = {
    # Stored data: a generated name rarely exists.
    "unknown_sku": "the SKU must be a product in the catalog",
    "unknown_store": "the store must exist",
    "unknown_customer": "the customer must exist",
    "bad_quantity": "a product sold by the piece takes whole pieces (its catalog entry says)",
    "amount_out_of_range": "the stored price times the quantity must stay within the limits",
    "bad_customer": "the phone or e-mail must be one a customer can have",
    "bad_transition": "which states a web order may go to depends on its fulfilment",
    # Values only this server makes.
    "bad_cursor": "a pull cursor is one this server handed out",
    "bad_after": "a snapshot page's key is one of that collection's keys",
    # Relations between values.
    "seqs_not_consecutive": "a push batch's seqs follow one another",
    "duplicate_sku": "a list of products names each SKU once",
    "duplicate_barcode": "a list of products gives each barcode to one product",
    "duplicate_plu": "a list of products gives each PLU to one product",
    "invalid_csv": "a catalog CSV's header names its columns and every line fits them",
    "bad_check_digit": "a GTIN's last digit is its check digit",
    "gift_card.code_check": "a gift card code's last symbol is its check symbol",
}
POSITIVE_DATA_REJECTED = "ST202"


def _refusal_code(body: bytes) -> str | None:
    try:
        answer = json.loads(body)
    except ValueError:
        return None
    code = answer.get("error") if isinstance(answer, dict) else None
    return code if isinstance(code, str) else None


@schemathesis.hook
def filter_failure(
    context: schemathesis.HookContext,
    failure: Failure,
    case: schemathesis.Case,
    response: schemathesis.Response,
) -> bool:
    """Keep every failure but valid data refused by a rule the schema cannot state."""
    if failure.code != POSITIVE_DATA_REJECTED:
        return True
    return _refusal_code(response.content) not in RULES_BEYOND_THE_SCHEMA
