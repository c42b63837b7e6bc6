"""SQL query modules, one per topic, beside the tables (pos_app/storage/tables.py)."""
