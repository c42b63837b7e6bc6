"""The typed fact models (``sync.protocol.facts``) against the golden payloads: each is read
by the model of its kind and version and written back to the very same bytes, so a backend
validating with the models and a till building them agree with the wire as it is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from sync.protocol import FACT_KINDS, canonical_json, fact_model, parse_fact, payload_hash

GOLDEN = json.loads((Path(__file__).parent / "golden" / "facts.json").read_text("utf-8"))


@pytest.mark.parametrize("fact", GOLDEN, ids=[f"{n}-{f['kind']}" for n, f in enumerate(GOLDEN)])
def test_a_golden_payload_reads_and_writes_back_unchanged(fact: dict[str, object]) -> None:
    payload = json.loads(str(fact["payload"]))
    model = parse_fact(str(fact["kind"]), int(str(fact["kind_version"])), payload)
    assert fact["kind"] == type(model).KIND
    written = canonical_json(model.payload())
    assert written == fact["payload"]
    assert payload_hash(written) == fact["payload_hash"]


def test_every_announced_kind_has_a_model() -> None:
    for kind, version in FACT_KINDS.items():
        assert fact_model(kind, version) is not None, kind


def _golden(kind: str) -> dict[str, object]:
    found: dict[str, object] = next(
        json.loads(str(f["payload"])) for f in GOLDEN if f["kind"] == kind
    )
    return found


@pytest.mark.parametrize(
    ("kind", "change", "where"),
    [
        ("order.completed", {"completed_at": "2026-11-23T09:05:00"}, "completed_at"),
        ("order.completed", {"total_minor": True}, "total_minor"),
        ("order.completed", {"receipt_no": "S01-T01-x"}, "does not end in a number"),
        ("order.completed", {"lines": "oops"}, "lines"),
        ("stock.transferred", {"lines": []}, "lines"),
        ("stock.received", {"delivery_ref": "\x1b"}, "delivery_ref"),
        ("shift.closed", {"z_no": 0}, "z_no"),
        ("web_order.returned", {"total_minor": -1}, "the lines refund"),
    ],
)
def test_the_models_refuse_what_the_backend_refused_by_hand(
    kind: str, change: dict[str, object], where: str
) -> None:
    payload = _golden(kind) | change
    with pytest.raises(ValidationError) as caught:
        parse_fact(kind, FACT_KINDS[kind], payload)
    assert where in str(caught.value)


def test_models_are_frozen() -> None:
    model = parse_fact("shift.closed", 1, _golden("shift.closed"))
    with pytest.raises(ValidationError):
        model.shift_id = "other"  # type: ignore[misc]
