"""The drill: event log, runner, monitors, alerts, paging, injects, customers, live view."""
