"""Scorecards: score a timeline and write ``<date>-<scenario>-<team>`` .yaml/.md/.html.

``publish`` is what ``gameday run`` calls at the end of a drill and what ``gameday score``
calls for any timeline (``gameday.scorecard.publishing``). The YAML is canonical
(``scorecard_version: 1``, whole timeline inside), so a scorecard can be re-scored later, e.g.
when the review gets scheduled after the drill.

This package module stays light on purpose: ``scorecard list|trends`` import
``gameday.scorecard.query``, and a package's ``__init__`` runs before any of its modules, so
the scorer, the timeline reader and the writers it re-exports are imported on first use only.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gameday.scorecard.io import (
        SCORECARD_VERSION,
        Scorecard,
        find_scorecards,
        read_scorecard,
        read_summary,
    )
    from gameday.scorecard.publishing import (
        Published,
        Publishing,
        newest_scorecard,
        parse_when,
        publish,
        rescore,
        schedule_review,
        start_files,
        start_publish,
        write_files,
        write_scorecards,
    )

__all__ = [
    "SCORECARD_VERSION",
    "Published",
    "Publishing",
    "Scorecard",
    "default_dir",
    "find_scorecards",
    "newest_scorecard",
    "parse_when",
    "publish",
    "read_scorecard",
    "read_summary",
    "rescore",
    "schedule_review",
    "start_files",
    "start_publish",
    "write_files",
    "write_scorecards",
]

_HOME = {
    "SCORECARD_VERSION": "io",
    "Scorecard": "io",
    "find_scorecards": "io",
    "read_scorecard": "io",
    "read_summary": "io",
    "Published": "publishing",
    "Publishing": "publishing",
    "newest_scorecard": "publishing",
    "parse_when": "publishing",
    "publish": "publishing",
    "start_publish": "publishing",
    "rescore": "publishing",
    "schedule_review": "publishing",
    "start_files": "publishing",
    "write_files": "publishing",
    "write_scorecards": "publishing",
}


def __getattr__(name: str) -> Any:
    """The re-exported names, imported from their module when first asked for (PEP 562)."""
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"gameday.scorecard.{home}"), name)
    globals()[name] = value
    return value


def default_dir() -> Path:
    """``$GAMEDAY_SCORECARDS`` or ``./scorecards``."""
    return Path(os.environ.get("GAMEDAY_SCORECARDS") or "scorecards")
