"""``customer.consent_changed``: one consent given or withdrawn at a till; any till may record
one for any customer (it is the customer's own act, sync.server.consents)."""

from __future__ import annotations

from sync.protocol import CustomerConsentChanged
from sync.server.changes import ChangeBuffer
from sync.server.consents import record_consent
from sync.server.facts.common import Batch, Fact


def apply_consent_changed(batch: Batch, changes: ChangeBuffer, fact: Fact) -> None:
    """Record the event (once per id) against the surviving customer; their record, with
    the new state, is pulled by every till."""
    event = fact.as_(CustomerConsentChanged)
    record_consent(
        batch.conn,
        changes,
        event_id=event.id,
        customer_id=event.customer_id,
        purpose=event.purpose,
        granted=event.granted,
        text_version=event.text_version,
        at=fact.corrected(event.at),
        channel=event.channel,
        terminal_id=batch.terminal_id,
        now=batch.now,
    )
