"""The terminal database as the sync client's replica (``sync.client.replica.LocalReplica``).

- ``store``: ``SyncStore``, the adapter the sync client calls;
- ``outbox``: reading the outbox for a push and recording the backend's answers;
- ``rows`` and ``web_orders``: pulled records (wire items) as table rows;
- ``pull``: a page of pulled changes written into the live tables;
- ``snapshot``: a full download staged in TEMP tables, then swapped in;
- ``stream_repair``: a new outbox stream when the backend's record disagrees with ours;
- ``settings``: this terminal's enrolment (``sync_state``);
- ``search_text``: what the replica's ``search_text`` columns hold.
"""
