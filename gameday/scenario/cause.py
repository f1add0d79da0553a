"""The true cause of a scenario's incident, apart from the rest of the scenario model: a
timeline's expectations name one too, and scoring a timeline reads them without importing the
scenario format (its 10 dataclasses cost ``gameday score`` ~5 ms to create)."""

from __future__ import annotations

from typing import Annotated

from gameday.formats.core import Check, Length, Range, spec
from gameday.formats.types import OneLine
from gameday.records import record


@record
class RootCause:
    """The true cause; the cause responders name is matched against the keywords."""

    category: OneLine = spec(examples=("certificate", "migration", "upstream", "deploy"))
    keywords: Annotated[tuple[OneLine, ...], Length(1, 50)] = spec(
        doc="A named cause matches if it contains at least min_matches of them."
    )
    min_matches: Annotated[int, Range(1, 50)] = spec(1, doc="At most the number of keywords.")
    summary: str = spec("", doc="The cause in one sentence (facilitator and scorecard only).")

    def __check__(self, check: Check) -> RootCause | None:
        from gameday.scenario import checks

        return checks.root_cause(self, check)
