"""Compiled templates (scripts/compile_templates.py); see gameday.templating."""
