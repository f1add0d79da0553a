"""Scenarios: the typed model (``model``), the loader (``loader``) and the JSON Schema."""
