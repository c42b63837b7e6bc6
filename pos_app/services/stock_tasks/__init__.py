"""The manager's stock tasks: adjustments with a reason, receiving against a delivery, cycle
counts shelf by shelf and transfers to another store, plus the stock exceptions the backend
raised for this store. One module per job (``adjust``, ``receive``, ``count``, ``transfer``,
``exceptions``), the screens' drafts (``drafts``), the shared rules (``rules``);
``service.StockTasks`` is the front door.

Every task is posted in one local transaction that writes its ``stock_movement`` rows (so the
till's own on hand is right at once, offline too), its fact in the outbox and clears the task's
draft; nothing is written when the input is refused. The facts (docs/sync-protocol.md "Push"):

- ``stock.adjusted`` ``{store_code, reason, user_id, movements: [{id, product_id, sku,
  qty_milli}]}`` (``services.stock.record_adjustment``, as before);
- ``stock.received`` ``{delivery_id, delivery_ref, store_code, user_id, lines: [{id,
  product_id, sku, qty_milli}]}``: the backend books ``receive`` movements carrying the
  delivery-note number and refuses a delivery note received twice at one store;
- ``stock.counted`` ``{count_id, store_code, user_id, counted_at, counts: [{id, product_id,
  sku, counted_milli, expected_milli, shelves}]}``, one fact per moment a product's count was
  taken: the backend applies a count at ``counted_at`` (on hand = latest count + movements
  after it), so sales rung after the count are still subtracted;
- ``stock.transferred`` ``{transfer_id, store_code, to_store_code, user_id, lines: [{out_id,
  in_id, product_id, sku, qty_milli}]}``: one step, the backend takes the goods out here and
  books them in at the destination when the fact is applied.

A count's local movement (reason ``count``) is the difference between the count and what this
till expected at the moment the count was taken, stamped when it is posted: the till's own
figure becomes "counted + everything since", as the backend will compute it.
"""
