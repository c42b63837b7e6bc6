"""The SQL of the till's services, one module per topic, beside the tables (``tables``).

Functions are keyword-only, take an open connection (the caller owns the transaction) and
return rows or small dataclasses; the services keep the use-case logic.
"""
