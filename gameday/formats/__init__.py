"""The one reader every gameday file format goes through, and the JSON Schemas made from it.

``gameday.formats.core``: the typed reader (constraints, errors with paths); ``formats.load``:
file -> typed value with ``file:line: key:`` errors; ``formats.schema``: JSON Schema from the
same types; ``formats.catalog``: the formats gameday reads (scenario, playbook, team, autopilot
script, timeline) by name.
"""
