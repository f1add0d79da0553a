"""The one reader every gameday file format goes through, and the JSON Schemas made from it.

``gameday.formats.core``: the typed reader (constraints, errors with paths); ``formats.load``:
file -> typed value with ``file:line: key:`` errors; ``formats.schema``: JSON Schema from the
same types. Which formats gameday reads (scenario, playbook, team, autopilot script, timeline)
is ``gameday.catalog``: it names types from every layer, so it sits above them all.
"""
