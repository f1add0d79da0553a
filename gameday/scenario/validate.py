"""``gameday validate``: the semantic rules and the JSON Schema, over one or many files.

Semantic errors come first because they say more ("'5 minutes' is not a duration like 90s or
5m"); the schema is checked when the semantics pass, so the schema editors use can never
accept or reject something gameday itself disagrees with without a test noticing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from gameday.errors import ValidationError
from gameday.scenario.loader import Registries, ScenarioInvalid, scenario_from_source
from gameday.scenario.model import Scenario
from gameday.scenario.schema import schema_errors
from gameday.yamlsrc import Source, load_file


@dataclass
class FileReport:
    path: str
    scenario: Scenario | None = None
    source: Source | None = None
    errors: list[ValidationError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def validate_file(path: str | Path, registries: Registries | None = None) -> FileReport:
    report = FileReport(str(path))
    try:
        source = load_file(path)
    except ValidationError as exc:
        report.errors.append(exc)
        return report
    report.source = source
    try:
        report.scenario = scenario_from_source(source, registries)
    except ScenarioInvalid as exc:
        report.errors.extend(exc.errors)
        return report
    report.errors.extend(schema_errors(source))
    if report.errors:
        report.scenario = None
    return report


def validate_files(
    paths: Iterable[str | Path], registries: Registries | None = None
) -> list[FileReport]:
    """Each file on its own, plus: no two files may share a scenario id."""
    reports: list[FileReport] = []
    ids: dict[str, str] = {}
    for path in paths:
        report = validate_file(path, registries)
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
