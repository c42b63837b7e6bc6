"""The push hot path's encodings: a terminal copies each payload's stored canonical text into
the request, and the backend checks hashes with orjson, falling back to ``json``."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sync.protocol import (
    Mutation,
    OutgoingMutation,
    PushRequest,
    canonical_json,
    canonical_matching,
    payload_hash,
)

_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(), _json_values, max_size=6))
def test_canonical_matching_is_exactly_the_canonical_json_rule(payload: dict[str, Any]) -> None:
    try:
        text = canonical_json(payload)
        expected = payload_hash(text)
    except UnicodeEncodeError:  # a lone surrogate: no terminal can have hashed it
        assert canonical_matching(payload, "0" * 64) is None
        return
    assert canonical_matching(payload, expected) == text
    assert canonical_matching(payload, "0" * 64) is None


def test_big_integers_and_turkish_text_take_the_fallback_and_still_match() -> None:
    payload = {"n": 2**80, "name": "Çağrı İşçi ğüşöç", "line\u2028": "\x01"}
    text = canonical_json(payload)
    assert canonical_matching(payload, payload_hash(text)) == text


def test_outgoing_mutation_is_the_mutation_the_backend_parses() -> None:
    payload = {"b": [1, 2.5, None], "a": 'Ürün "ğ"\n', "z": {"y": True}}
    text = canonical_json(payload)
    outgoing = OutgoingMutation(
        seq=7,
        mutation_id="01a2-m",
        kind="order.completed",
        kind_version=1,
        occurred_at=datetime(2026, 11, 23, 9, 30, 1, 123456, tzinfo=UTC),
        business_date=date(2026, 11, 23),
        clock_offset_ms=-1500,
        payload_json=text,
        payload_hash=payload_hash(text),
    )
    body = b'{"terminal_epoch":"e1","mutations":[' + outgoing.wire_json() + b"]}"
    parsed = PushRequest.model_validate_json(body).mutations[0]
    assert parsed == Mutation(
        seq=7,
        mutation_id="01a2-m",
        kind="order.completed",
        kind_version=1,
        occurred_at=outgoing.occurred_at,
        business_date=outgoing.business_date,
        clock_offset_ms=-1500,
        payload=payload,
        payload_hash=outgoing.payload_hash,
    )
    # The payload bytes on the wire are the stored text itself, so the hash holds.
    assert canonical_matching(parsed.payload, parsed.payload_hash) == text
    assert json.loads(body)["mutations"][0]["payload"] == payload


def test_naive_occurred_at_is_refused_by_the_backend_model() -> None:
    outgoing = OutgoingMutation(
        1, "m", "order.completed", 1, datetime(2026, 1, 1), date(2026, 1, 1), 0, "{}", "0" * 64
    )
    with pytest.raises(ValueError):
        PushRequest.model_validate_json(
            b'{"terminal_epoch":"e1","mutations":[' + outgoing.wire_json() + b"]}"
        )
