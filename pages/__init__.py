"""The dashboard's pages: UI only (read filters, one query, one figure, render)."""
