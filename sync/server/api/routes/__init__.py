"""One router per resource: the admin API's (``/api/v1``), the terminals' sync calls
(``sync``, ``/sync/v1``) and the public e-receipt page (``ereceipt``, ``/r/``)."""
