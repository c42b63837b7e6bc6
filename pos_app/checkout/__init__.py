"""The checkout core: Qt-free session objects a front-end (the cashier app, later the kiosk)
shows and forwards input to. Each has one job and takes only the services it needs:

- ``events``: the stage the checkout is in, its language, and who listens for changes;
- ``staff``: who is signed in, their shift, approvals by supervisors and managers;
- ``sale``: the sale being rung up (cart, exchange credit, tenders so far), drafts, parking;
- ``payment``: tenders, completing the sale, the receipt choice, the drawer;
- ``returns``: returns and exchanges, from a receipt, receiptless or of a web order;
- ``pickup``: the pickup desk's hand-over shown to the customer, pay-in-store web orders;
- ``register``: a cashier's till, holding the sessions and the steps that span them.
- ``kiosk``: the self-service kiosk, a second front-end on the same sessions (its package).

Layers: ui -> checkout -> services -> storage/devices -> domain.
"""
