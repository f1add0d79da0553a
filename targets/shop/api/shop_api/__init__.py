"""The shop API: browse products, check out (charge payments, write an order)."""
