"""The scenario file format, declared once: these frozen dataclasses are what the reader reads
(``gameday.formats``), what the JSON Schema is generated from, and what every other part of
gameday (faults, the runner, scoring) works with. Times are seconds.

Each type's ``__check__`` adds what a type cannot say (a fault type must be registered, its
params must parse, the services it acts on must exist); the checks live in
``gameday.scenario.checks`` so this file reads as the format.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any, Literal

from gameday.formats.core import (
    Check,
    Doc,
    Duration,
    Length,
    NotBlank,
    Printable,
    Range,
    ReadAs,
    SingleLine,
    spec,
)
from gameday.formats.types import (
    DAY,
    Criterion,
    DrillTime,
    Name,
    OneLine,
    Points,
    Severity,
    Slug,
    Text,
)
from gameday.records import record
from gameday.scenario.cause import RootCause as RootCause  # re-exported: the model holds one

Difficulty = Literal["easy", "medium", "hard"]
InjectKind = Literal["stakeholder", "noise"]
DEFAULT_TIME_LIMIT = 45 * 60.0


PieceParams = dict[str, Any]
"""A piece's raw params as written (placeholders such as ``{proxy}`` kept); the piece's own
params dataclass reads them (``parsed``)."""

ProbeNames = Annotated[tuple[Name, ...], Length(0, 50)]
"""Steady-state probes by name (the scenario's checks say each one exists)."""
ComponentName = Annotated[
    str, NotBlank(), SingleLine(), Printable(), Length(1, 64), Doc("As customers read it.")
]
"""A status-page component (``Checkout``, ``Customer accounts``)."""
MaxLatency = Annotated[Duration, Range(0, 600, above=True)]


@record
class ProbeSpec:
    """A steady-state probe. All pass when the system is healthy; the drill's monitors poll
    them. Params are checked while validating and bound (placeholders filled) at drill start."""

    name: Name = spec(doc="Unique among probes.")
    kind: Name = spec(key="probe", doc="The probe kind.", examples=("http", "tcp", "sql"))
    params: PieceParams = spec(factory=dict, doc="The probe kind's parameters.")
    max_latency: MaxLatency | None = spec(
        None,
        doc="A check that passes but takes longer than this counts as failing: slow is broken "
        "for customers (upstream latency, a CPU hog).",
    )
    line: int | None = spec(None, derived=True)

    def __check__(self, check: Check) -> ProbeSpec | None:
        from gameday.scenario import checks

        return checks.probe(self, check)

    @classmethod
    def __schema_extra__(cls, gen: Any) -> dict[str, Any]:
        from gameday.scenario import checks

        return checks.piece_schemas(gen, "probes", "probe")


@record
class FaultStep:
    """A fault on the timeline: what breaks, and when."""

    __tag__ = "fault"

    name: Name = spec(required=False, doc="Unique in the timeline; defaults to the fault type.")
    type: Name = spec(key="fault", doc="The fault type (`gameday faults` lists them).")
    at: DrillTime = spec(doc="When, counted from the end of the baseline; before time_limit.")
    params: PieceParams = spec(factory=dict, doc="The fault type's parameters.")
    breaks: ProbeNames = spec(
        (),
        doc="Steady-state probes this fault should break once it is live (selftest checks "
        "them stage by stage); empty = some probe must fail.",
    )
    line: int | None = spec(None, derived=True)
    parsed: Any = spec(None, derived=True)
    """The fault type's params dataclass, read once here; ``params`` is what the journal keeps."""

    def __check__(self, check: Check) -> FaultStep | None:
        from gameday.scenario import checks

        return checks.fault(self, check)

    @classmethod
    def __schema_extra__(cls, gen: Any) -> dict[str, Any]:
        from gameday.scenario import checks

        return checks.piece_schemas(gen, "faults", "fault")


@record
class InjectStep:
    """A scripted message: a stakeholder asking for news, or a noise alert from elsewhere."""

    __tag__ = "inject"

    name: Name = spec(required=False, doc="Unique in the timeline; defaults to stakeholder-1...")
    kind: InjectKind = spec(key="inject")
    at: DrillTime = spec(doc="When, counted from the end of the baseline; before time_limit.")
    message: Text = spec()
    sender: OneLine | None = spec(
        None, key="from", doc="Who asks (stakeholder), or the service raising the noise alert."
    )
    line: int | None = spec(None, derived=True)

    def __check__(self, check: Check) -> InjectStep | None:
        from gameday.scenario import checks

        return checks.inject(self, check)


@record
class SpareInject:
    """A message kept in reserve: not on the timeline, the facilitator fires it on demand
    (``gameday inject NAME``, the facilitator console) when a drill needs more pressure."""

    name: Name = spec(doc="Unique among the timeline and the spare injects; what fires it.")
    kind: InjectKind = spec(key="inject")
    message: Text = spec()
    sender: OneLine | None = spec(
        None, key="from", doc="Who asks (stakeholder), or the service raising the noise alert."
    )
    line: int | None = spec(None, derived=True)

    def __check__(self, check: Check) -> SpareInject:
        return dataclasses.replace(self, line=check.line())


@record
class Hint:
    """A nudge the facilitator can give a stuck team. Giving it costs the team ``cost``
    points on the scorecard (the playbook's ``hint_cost`` when not given)."""

    text: Text = spec(doc="What the facilitator tells the team.")
    name: Name = spec(required=False, doc="How the facilitator picks it; defaults to hint-1...")
    cost: Points | None = spec(None, doc="Points deducted; default: the playbook's hint_cost.")
    line: int | None = spec(None, derived=True)

    def cost_in(self, playbook: Any) -> float:
        """What giving this hint costs under ``playbook`` (its ``hint_cost`` by default)."""
        if self.cost is not None:
            return float(self.cost)
        return float(getattr(playbook, "hint_cost", 0.0) or 0.0)


@record
class Component:
    """A status-page component and the monitors (steady-state probes) that speak for it: a
    failing monitor means its component is not operational."""

    name: str
    monitors: tuple[str, ...] = ()


Keyword = Annotated[str, Length(1, 200), Doc("Matched case-insensitively.")]


@record
class RemediationStep:
    """An accepted fix, as an action gameday can perform itself (selftest, autopilot)."""

    action: Name = spec(doc="A remediation (`gameday faults` lists them).")
    params: PieceParams = spec(factory=dict)
    line: int | None = spec(None, derived=True)
    parsed: Any = spec(None, derived=True)

    def __check__(self, check: Check) -> RemediationStep | None:
        from gameday.scenario import checks

        return checks.remediation(self, check)

    @classmethod
    def __schema_extra__(cls, gen: Any) -> dict[str, Any]:
        from gameday.scenario import checks

        return checks.piece_schemas(gen, "remediations", "action")


@record
class AlertSpec:
    """An alert rule the drill runs over the monitors (instead of the default ones)."""

    rule: Name = spec(doc="A registered alert rule.", examples=("probe_failing",))
    name: OneLine = spec(doc="The alert's name, what responders see; unique.")
    params: PieceParams = spec(factory=dict, doc="The rule's parameters.")
    line: int | None = spec(None, derived=True)

    def __check__(self, check: Check) -> AlertSpec | None:
        from gameday.scenario import checks

        return checks.alert(self, check)


TimeLimit = Annotated[Duration, Range(0, DAY, above=True)]
HintsAsWritten = Annotated[tuple[Text | Hint, ...], Length(0, 100)]
"""Hints as a file holds them: plain text or ``{text, name, cost}`` (the scenario's check
turns every one into a named ``Hint``)."""


@record
class Scenario:
    """One Game Day drill: what breaks, when, how to tell it is healthy, the true root cause
    and the accepted fixes."""

    __extensions__ = True  # top-level x-... keys hold YAML anchors
    __what__ = "a mapping of scenario keys (id, title, ...)"

    id: Slug = spec(doc="Stable identifier (`gameday run ID`, scorecards, trends).")
    title: OneLine = spec(doc="One line for `gameday list` and the scorecard.")
    briefing: Text = spec(doc="What the page says when the drill starts (responders see it).")
    difficulty: Difficulty = spec()
    target: OneLine = spec(
        doc="A target folder with a compose file (targets/shop) or a running compose project."
    )
    severity: Severity = spec(doc="The severity responders should declare: 1 (worst) .. 4.")
    steady_state: Annotated[tuple[ProbeSpec, ...], Length(1, 50)] = spec()
    faults: tuple[FaultStep, ...] = spec(derived=True)  # the timeline's faults, in order
    injects: tuple[InjectStep, ...] = spec(derived=True)  # and its injects
    root_cause: RootCause = spec()
    remediation: Annotated[tuple[RemediationStep, ...], Length(1, 20)] = spec()
    playbook: OneLine = spec("default", doc="The playbook that scores the drill (name or file).")
    time_limit: TimeLimit = spec(DEFAULT_TIME_LIMIT, doc="The drill ends after this long.")
    hints: Annotated[tuple[Hint, ...], ReadAs(HintsAsWritten)] = spec(
        (),
        doc="For the facilitator only: nudges for a stuck team, each text or "
        "{text, name, cost}; giving one costs points.",
    )
    spare_injects: Annotated[tuple[SpareInject, ...], Length(0, 100)] = spec(
        (), doc="Messages the facilitator can fire on demand; not on the timeline."
    )
    components: Annotated[dict[ComponentName, ProbeNames], Length(0, 50)] = spec(
        factory=dict,
        doc="Status-page components and the monitors (probe names) behind each; "
        "default: one component per probe.",
    )
    score_overrides: dict[Criterion, Points] = spec(
        factory=dict, doc="Playbook criterion -> weight for this scenario (0 switches it off)."
    )
    alerts: tuple[AlertSpec, ...] = spec(
        (), doc="Alert rules for this drill; without them one per probe plus customer rules."
    )
    source: str = spec("", derived=True)  # the file it was loaded from
    target_dir: str | None = spec(None, derived=True)  # the folder validation resolved
    timeline: Annotated[tuple[FaultStep | InjectStep, ...], Length(1, 1000)] = spec(
        (), required=True, doc="Faults and scripted injects; at least one fault."
    )

    @classmethod
    def __before_fields__(cls, raw: dict[str, Any], check: Check) -> None:
        from gameday.scenario import checks

        checks.prepare(raw, check)

    def __check__(self, check: Check) -> Scenario | None:
        from gameday.scenario import checks

        return checks.scenario(self, check)

    @classmethod
    def __schema_extra__(cls, gen: Any) -> dict[str, Any]:
        fault = {"type": "object", "required": ["fault"]}
        return {"allOf": [{"properties": {"timeline": {"contains": fault}}}]}

    @property
    def target_location(self) -> str:
        """What to hand ``resolve_target``: the folder validation found (which may sit next to
        the scenario file rather than under the current directory), else the project name."""
        return self.target_dir or self.target

    @property
    def status_components(self) -> tuple[Component, ...]:
        """The status page's components with their monitors, in file order (one per probe
        when the scenario maps none)."""
        if self.components:
            return tuple(Component(n, tuple(m)) for n, m in self.components.items())
        return tuple(Component(p.name, (p.name,)) for p in self.steady_state)

    def hint(self, name: str) -> Hint | None:
        return next((h for h in self.hints if h.name == name), None)

    def spare_inject(self, name: str) -> SpareInject | None:
        return next((i for i in self.spare_injects if i.name == name), None)

    @property
    def fault_types(self) -> tuple[str, ...]:
        return tuple(f.type for f in self.faults)

    @property
    def rollback_service(self) -> str | None:
        """The service whose rollback is an accepted fix (a bad deploy), if any."""
        for step in self.remediation:
            if step.action == "rollback":
                service = getattr(step.parsed, "service", None) or step.params.get("service")
                return str(service or "api")
        return None
