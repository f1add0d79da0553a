"""Shipped YAML files parsed ahead of time (scripts/compile_playbooks.py); see yamlsrc."""
