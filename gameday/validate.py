"""``gameday validate``: any gameday file (scenario, playbook, team, autopilot script,
timeline), by the typed reader with its cross-file checks; with ``schema=True`` (``--schema``)
also by the shipped JSON Schema.

The reader decides: it says more ("'5 minutes' is not a duration like 90s or 5m") and the
schemas are generated from the same types (``gameday schema --check``; a property test keeps
every file the reader accepts valid under its schema). So the schema pass, and jsonschema's
import, are for those who want the editors' view checked too: a plain ``validate`` loads only
what reading the file needs, and is faster than ``chaos validate``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gameday.errors import ValidationError
from gameday.formats.load import FormatInvalid
from gameday.scenario.loader import Registries, ScenarioInvalid, scenario_from_source
from gameday.scenario.model import Scenario
from gameday.yamlsrc import Source, load_file


@dataclass
class FileReport:
    path: str
    scenario: Scenario | None = None
    source: Source | None = None
    errors: list[ValidationError] = field(default_factory=list)
    format: str = "scenario"
    value: Any = None

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def label(self) -> str:
        """What ``validate`` prints after "ok": the scenario's id, else the format."""
        if self.scenario is not None:
            return self.scenario.id
        name = getattr(self.value, "name", None)
        return f"{self.format} {name}" if isinstance(name, str) and name else self.format


def validate_file(
    path: str | Path,
    registries: Registries | None = None,
    *,
    format: str | None = None,
    schema: bool = False,
) -> FileReport:
    from gameday import catalog

    report = FileReport(str(path))
    try:
        source = load_file(path)
    except ValidationError as exc:
        report.errors.append(exc)
        return report
    report.source = source
    fmt = catalog.get(format) if format else catalog.detect(source.data)
    report.format = fmt.name
    try:
        if fmt.name == "scenario":
            report.scenario = scenario_from_source(source, registries)
            report.value = report.scenario
        else:
            report.value = fmt.load(Path(path))
    except FormatInvalid as exc:
        report.errors.extend(exc.errors)
        return report
    except ValidationError as exc:
        report.errors.append(exc)
        return report
    if schema:
        from gameday.scenario.schema import schema_errors

        report.errors.extend(schema_errors(source, fmt.name))
    if report.errors:
        report.scenario = None
        report.value = None
    return report


def validate_files(
    paths: Iterable[str | Path],
    registries: Registries | None = None,
    *,
    format: str | None = None,
    schema: bool = False,
) -> list[FileReport]:
    """Each file on its own, plus: no two scenario files may share an id."""
    reports: list[FileReport] = []
    ids: dict[str, str] = {}
    for path in paths:
        report = validate_file(path, registries, format=format, schema=schema)
        s = report.scenario
        if s is not None and report.source is not None:
            if s.id in ids:
                msg = f"duplicate scenario id {s.id!r} (also in {ids[s.id]})"
                report.errors.append(report.source.error(("id",), msg))
                report.scenario = None
            else:
                ids[s.id] = str(path)
        reports.append(report)
    return reports


__all__ = ["FileReport", "ScenarioInvalid", "validate_file", "validate_files"]
