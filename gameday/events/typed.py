"""``typed(e)``: an ``Event`` read through its kind's payload type; ``describe(e)``: its line.

Every view (the facilitator's dashboard and plain lines, ``watch`` and the responder API, the
scorecard in the terminal, Markdown, HTML and SVG, the review draft) describes events through
``describe``, so one event reads the same everywhere. Kinds nobody registered read as
``Unknown`` and describe as ``kind key=value``: a newer runner's events never break a view.
"""

from __future__ import annotations

from typing import TypeVar

from gameday.events import Event
from gameday.events.actions import ACTION_KINDS
from gameday.events.payload import TypedEvent, short_data
from gameday.records import record

T = TypeVar("T", bound=TypedEvent)


@record
class Unknown(TypedEvent):
    """A kind this gameday does not know (a newer runner's, a plugin action's); its data stays
    on ``raw.data``. An action with a ``text`` reads like the built-in ones: ``vendor: text``."""

    def text(self, *, public: bool = False) -> str:
        data = self.raw.data if isinstance(self.raw.data, dict) else {}
        words = data.get("text")
        if self.kind.startswith("action.") and isinstance(words, str) and words:
            return f"{self.kind.removeprefix('action.')}: {words}"
        return short_data(self.raw)


_ACTIONS: dict[str, type[TypedEvent]] = {cls.KIND: cls for cls in ACTION_KINDS}
_ALL: dict[str, type[TypedEvent]] = {}


def kinds() -> dict[str, type[TypedEvent]]:
    """Every registered kind's type. The runner's kinds are imported on first use: a
    responder's command describes only its own action (start-up, see test_responder_imports)."""
    if not _ALL:
        from gameday.events.runner import RUNNER_KINDS

        _ALL.update({cls.KIND: cls for cls in RUNNER_KINDS})
        _ALL.update(_ACTIONS)
    return _ALL


def typed(e: Event) -> TypedEvent:
    cls = _ACTIONS.get(e.kind) or kinds().get(e.kind, Unknown)
    return cls.read(e)


def as_type(e: Event, cls: type[T]) -> T:
    """``e`` read as ``cls`` (for code that already checked ``e.kind``)."""
    return cls.read(e)


def describe(e: Event, *, public: bool = False) -> str:
    """The one line for ``e`` (no time, no actor). ``public`` hides what responders must not
    see (noise flags, premature resolves). Never raises, whatever ``e.data`` holds."""
    try:
        return typed(e).text(public=public)
    except Exception:  # a view must survive any event; say what it was
        return f"{e.kind} (unreadable data)"
