"""The SQL of the till's services, one module per topic, beside the tables (``tables``).

Functions are keyword-only after the connection, take an open connection (the caller owns
the transaction; the hot-path catalog reads take a raw read-only ``sqlite3`` connection) and
return rows or small dataclasses; the services keep the use-case logic.
"""
