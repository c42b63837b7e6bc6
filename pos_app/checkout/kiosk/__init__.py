"""The self-service kiosk's checkout core (Qt-free), a second front-end on the till's
sessions:

- ``approvals``: what a basket waits for (age, removal, price check, basket limit);
- ``seller``: the kiosk's own user and its day (a shift opened and closed by staff);
- ``session``: ``KioskSession``, the customer's side (scan, produce grid, scale, help, wipe);
- ``attendant``: ``AttendantSession``, service mode for staff (badge or PIN);
- ``pickup``: a web order's pickup QR scanned at the kiosk (``PickupScanned``, ``PickupNotice``);
- ``aisle``: ``KioskAisle``, endless aisle (delivery or pickup at another store);
- ``build``: ``build_kiosk_sessions``, the sessions over ``services.bundle.Services``.
"""
