"""Manager mode: stock look-up with filters, adjustments, receiving, cycle counts, transfers
and the backend's stock exceptions (``pos app --manager``, or a manager's PIN from the stock
look-up)."""
