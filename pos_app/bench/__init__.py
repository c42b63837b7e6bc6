"""``pos bench``: the performance figures of the issues' targets, on generated data.

``checkout`` times look-ups, sales and receipts; ``pickup`` the pickup-desk search; ``stock``
the stock look-up across stores; ``sync`` a real backend on loopback (so this package, with
``pos_app.demo``, is the only part of the till that may import ``sync.server``); ``measure``
the percentiles they all report. The Qt part (scan to cart row, start-up) is ``pos_app.ui.bench``.
"""
