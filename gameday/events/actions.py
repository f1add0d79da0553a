"""Payload types of the events responders record (actor = the person who acted).

One class per ``action.*`` kind; ``text`` is the line the incident channel, the terminal, the
scorecard and the review all show for it (the actor is added by the view).
"""

from __future__ import annotations

from dataclasses import field
from datetime import UTC, datetime
from typing import ClassVar

from gameday import events as ev
from gameday.events.payload import TypedEvent, dur
from gameday.records import record


def _next(next_s: float | None) -> str:
    return f" (next update within {dur(next_s)})" if next_s else ""


@record
class Ack(TypedEvent):
    KIND: ClassVar[str] = ev.ACK

    def text(self, *, public: bool = False) -> str:
        return "acknowledged the page"


@record
class Declare(TypedEvent):
    KIND: ClassVar[str] = ev.DECLARE
    sev: int | None = None  # 1..4; ``None`` when missing or not a whole number

    def text(self, *, public: bool = False) -> str:
        return f"declared {ev.sev_label(self.sev)}" if self.sev else "declared the incident"


@record
class Role(TypedEvent):
    KIND: ClassVar[str] = ev.ROLE
    role: str = ""  # ic | tech | comms (or an alias, in hand-written timelines)
    person: str = ""

    @property
    def role_key(self) -> str | None:
        return ev.role_key(self.role)

    def text(self, *, public: bool = False) -> str:
        key = self.role_key
        title = ev.ROLE_TITLES[key] if key else (self.role or "?")
        return f"{self.person or '?'} is {title}"


@record
class Channel(TypedEvent):
    KIND: ClassVar[str] = ev.CHANNEL
    name: str = ""

    def text(self, *, public: bool = False) -> str:
        return f"opened the incident channel {self.name or '?'}"


@record
class Status(TypedEvent):
    KIND: ClassVar[str] = ev.STATUS
    text_: str = field(default="", metadata={"key": "text"})
    state: str = ""  # investigating | identified | monitoring | resolved
    next_s: float | None = None  # a promise: the next post within this many seconds
    components: dict[str, str] = field(default_factory=dict)  # name -> a COMPONENT_STATES

    def text(self, *, public: bool = False) -> str:
        state = f" [{self.state}]" if self.state else ""
        parts = ", ".join(f"{k}={v}" for k, v in self.components.items())
        comps = f" ({parts})" if parts else ""
        return f"status page{state}{comps}: {self.text_}{_next(self.next_s)}"


@record
class Update(TypedEvent):
    KIND: ClassVar[str] = ev.UPDATE
    text_: str = field(default="", metadata={"key": "text"})
    next_s: float | None = None

    def text(self, *, public: bool = False) -> str:
        return f"update: {self.text_}{_next(self.next_s)}"


@record
class Notify(TypedEvent):
    KIND: ClassVar[str] = ev.NOTIFY
    audience: str = "stakeholders"
    text_: str = field(default="", metadata={"key": "text"})
    reply_to: str | None = None  # an inject name or event id

    def text(self, *, public: bool = False) -> str:
        reply = f" (reply to {self.reply_to})" if self.reply_to else ""
        return f"told the {self.audience or 'stakeholders'}{reply}: {self.text_}"


@record
class Note(TypedEvent):
    KIND: ClassVar[str] = ev.NOTE
    text_: str = field(default="", metadata={"key": "text"})

    def text(self, *, public: bool = False) -> str:
        return f"note: {self.text_}"


@record
class Cause(TypedEvent):
    KIND: ClassVar[str] = ev.CAUSE
    text_: str = field(default="", metadata={"key": "text"})

    def text(self, *, public: bool = False) -> str:
        return f"named the cause: {self.text_}"


@record
class Rollback(TypedEvent):
    KIND: ClassVar[str] = ev.ROLLBACK
    service: str = ""
    from_version: str | None = None
    to_version: str | None = None
    ok: bool = True  # hand-written timelines may leave it out: a rollback that happened
    error: str | None = None

    def text(self, *, public: bool = False) -> str:
        if not self.ok:
            return f"rollback of {self.service or '?'} failed: {self.error or 'no reason given'}"
        versions = (
            f" {self.from_version} -> {self.to_version}"
            if self.from_version or self.to_version
            else ""
        )
        return f"rolled back {self.service or '?'}{versions}"


@record
class Resolve(TypedEvent):
    KIND: ClassVar[str] = ev.RESOLVE
    premature: bool | None = None  # True when recorded before ``drill.mitigated``

    def text(self, *, public: bool = False) -> str:
        if self.premature and not public:
            return "declared the incident resolved (premature: the service had not recovered)"
        return "declared the incident resolved"


@record
class Review(TypedEvent):
    KIND: ClassVar[str] = ev.REVIEW
    when: str = ""  # ISO-8601 wall time of the review meeting

    @property
    def at(self) -> datetime | None:
        try:
            when = datetime.fromisoformat(self.when.strip())
        except ValueError:
            return None
        return when if when.tzinfo else when.replace(tzinfo=UTC)

    def text(self, *, public: bool = False) -> str:
        at = self.at
        shown = f"{at.astimezone(UTC):%Y-%m-%d %H:%M} UTC" if at else (self.when or "?")
        return f"scheduled the post-incident review for {shown}"


@record
class Say(TypedEvent):
    """Free chat in the incident channel (the view puts the speaker in front)."""

    KIND: ClassVar[str] = ev.SAY
    text_: str = field(default="", metadata={"key": "text"})

    def text(self, *, public: bool = False) -> str:
        return f"says: {self.text_}"


ACTION_KINDS: tuple[type[TypedEvent], ...] = (
    Ack,
    Declare,
    Role,
    Channel,
    Status,
    Update,
    Notify,
    Note,
    Cause,
    Rollback,
    Resolve,
    Review,
    Say,
)
