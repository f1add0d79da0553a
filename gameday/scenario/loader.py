"""Read a scenario file into a ``Scenario``, checking every key before anything touches Docker.

One parse (``gameday.yamlsrc``), then a walk over the data that records every problem as
``file:line: key: message``. Fault, probe and remediation params are parsed with their own
typed dataclasses from the registries, and every service they name is checked against the
target's compose file, so a typo fails ``gameday validate``, not minute 12 of a drill.
Placeholders such as ``{proxy}`` stay as written: they are filled from the running target.
"""

from __future__ import annotations

from pathlib import Path

from gameday.errors import ValidationError
from gameday.scenario.model import Scenario
from gameday.scenario.sections import (
    DEFAULT_TIME_LIMIT,
    DIFFICULTIES,
    SLUG,
    TOP_OPTIONAL,
    TOP_REQUIRED,
    Registries,
    Sections,
)
from gameday.yamlsrc import Source, load_file

__all__ = ["Registries", "ScenarioInvalid", "default_registries", "load_scenario"]


class ScenarioInvalid(ValidationError):
    """A scenario file with one or more problems; ``errors`` holds each as its own line."""

    def __init__(self, errors: list[ValidationError]) -> None:
        first = errors[0]
        more = len(errors) - 1
        hint = f"{more} more problem(s): run `gameday validate {first.file}`" if more else None
        super().__init__(first.reason, file=first.file, line=first.line, key=first.key, hint=hint)
        self.errors = errors


def default_registries() -> Registries:
    """Every extension point of the process-wide plugin manager (faults, remediations,
    probes, criteria, alert rules, actions), built-in and plugin alike."""
    from gameday.plugins import registries

    return registries()


def load_scenario(path: str | Path, registries: Registries | None = None) -> Scenario:
    """The typed scenario in ``path``; raises ``ScenarioInvalid`` listing every problem."""
    source = load_file(path)
    return scenario_from_source(source, registries)


def scenario_from_source(source: Source, registries: Registries | None = None) -> Scenario:
    regs = registries or default_registries()
    loader = _Loader(source, regs)
    scenario = loader.load()
    if loader.errors or scenario is None:
        raise ScenarioInvalid(loader.errors or [source.error((), "invalid scenario")])
    return scenario


class _Loader(Sections):
    def load(self) -> Scenario | None:
        doc = self.mapping((), self.source.data, "a mapping of scenario keys (id, title, ...)")
        if doc is None:
            return None
        self.keys((), doc, TOP_REQUIRED, TOP_OPTIONAL, extensions=True)
        g = doc.get
        sid = self.text(("id",), g("id"), pattern=SLUG, rule="must be lowercase-with-dashes")
        title = self.text(("title",), g("title"))
        briefing = self.text(("briefing",), g("briefing"))
        difficulty = self.choice(("difficulty",), g("difficulty"), DIFFICULTIES)
        severity = self.integer(("severity",), g("severity"), 1, 4)
        playbook = "default"
        if "playbook" in doc:
            playbook = self.text(("playbook",), g("playbook")) or "default"
        time_limit = DEFAULT_TIME_LIMIT
        if "time_limit" in doc:
            parsed = self.duration(("time_limit",), g("time_limit"))
            if parsed is not None and parsed <= 0:
                self.fail(("time_limit",), "must be more than 0s")
            time_limit = parsed if parsed else DEFAULT_TIME_LIMIT
        target = self.target(g("target"))
        probes = self.steady_state(g("steady_state"))
        faults, injects = self.timeline(g("timeline"), time_limit)
        root_cause = self.root_cause(g("root_cause"))
        remediation = self.remediation(g("remediation"))
        hints: tuple[str, ...] = ()
        if "hints" in doc:
            hints = self.text_list(("hints",), g("hints"))
        overrides = self.score_overrides(g("score_overrides")) if "score_overrides" in doc else {}
        if self.errors:
            return None
        assert sid and title and briefing and difficulty and severity and target and root_cause
        return Scenario(
            id=sid,
            title=title,
            briefing=briefing,
            difficulty=difficulty,  # type: ignore[arg-type]
            target=target,
            severity=severity,
            steady_state=probes,
            faults=faults,
            injects=injects,
            root_cause=root_cause,
            remediation=remediation,
            playbook=playbook,
            time_limit=time_limit,
            hints=hints,
            score_overrides=overrides,
            source=self.source.file,
            target_dir=str(self.ref.folder) if self.ref and self.ref.folder else None,
        )
