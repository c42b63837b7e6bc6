"""``pos demo``: the demo store's data (``data``) and its backend on loopback (``backend``).

With ``pos_app.bench``, the only part of the till that may import ``sync.server``.
"""
