"""The drill drawn as an inline SVG: lanes for faults, monitors, alerts, customers, people and
communication, with the playbook's deadlines as vertical markers.

No plotting library: the HTML scorecard must be one self-contained file, and hover text uses
SVG ``<title>`` so it works without JavaScript. This module computes geometry; each shape is
written by ``_Canvas.add`` (every value escaped) into ``templates/timeline.svg.j2``
(autoescaped), so names, notes and alert messages in tooltips and lane labels never become
markup. (One writer escapes every value of every shape: no call site escapes by hand, and a
long drill's thousands of shapes render many times faster than through a template loop.)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple, cast

from markupsafe import Markup

from gameday import events as ev
from gameday.durations import format_duration as fd
from gameday.events import Event
from gameday.events.runner import CustomersStats
from gameday.events.typed import describe
from gameday.templating import escape_repeated, escape_text
from gameday.timeline import Timeline

W, LABEL, PAD_R, LANE, TOP = 1120, 150, 24, 30, 46
BAR = 6  # width of a customer failure bar; a long drill gets one per column, not one per second
COLORS = {
    "fault": "#e4572e",
    "down": "#f4a259",
    "alert": "#d62839",
    "noise": "#9aa5b1",
    "page": "#6c4ab6",
    "met": "#2a9d8f",
    "late": "#e9a23b",
    "missed": "#d62839",
    "status": "#277da1",
    "update": "#4d908e",
    "notify": "#9c6644",
    "question": "#c05299",
    "mitigated": "#2a9d8f",
    "resolve": "#264653",
    "grid": "#e6e9ef",
    "text": "#1f2933",
    "muted": "#6b7785",
}
# Responder actions: (shape, colour, one-letter tag)
ACTION_STYLE: dict[str, tuple[str, str, str]] = {
    ev.ACK: ("circle", "#6c4ab6", "A"),
    ev.DECLARE: ("diamond", "#d62839", "D"),
    ev.ROLE: ("circle", "#577590", "R"),
    ev.CHANNEL: ("circle", "#43aa8b", "#"),
    ev.STATUS: ("square", COLORS["status"], "S"),
    ev.UPDATE: ("square", COLORS["update"], "U"),
    ev.NOTIFY: ("square", COLORS["notify"], "N"),
    ev.NOTE: ("circle", "#90a4ae", "n"),
    ev.CAUSE: ("diamond", "#f3722c", "C"),
    ev.ROLLBACK: ("diamond", "#f8961e", "B"),
    ev.RESOLVE: ("diamond", COLORS["resolve"], "✓"),
    ev.REVIEW: ("circle", "#3a86ff", "V"),
}


_NAMES: dict[str, str] = {}


def _name(key: str) -> str:
    name = _NAMES[key] = "class" if key == "cls" else key.replace("_", "-")
    return name


def _nice_step(span: float) -> float:
    for step in (10, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200):
        if span / step <= 12:
            return step
    return 14400


def _attr(value: object) -> str:
    """An attribute value, escaped unless it is a number (colours and classes repeat)."""
    cls = value.__class__
    if cls is float or cls is int:
        return str(value)
    return escape_repeated(value) if cls is str else escape_text(value)  # type: ignore[arg-type]


class _Canvas:
    """The SVG elements drawn so far, as markup: every value, tooltip and text escaped here,
    once (element and attribute names are code's own constants)."""

    def __init__(self, t_max: float) -> None:
        self.t_max = max(t_max, 60.0)
        self.shapes: list[str | _Mark] = []
        self.counts: dict[str, int] = {}  # deferred marks per lane
        self._scale = (W - LABEL - PAD_R) / self.t_max

    def x(self, t: float) -> float:
        return round(LABEL + self._scale * max(0.0, t), 1)

    def add(self, el: str, tip: str = "", text: str = "", **attrs: object) -> None:
        """``attrs`` use ``_`` for ``-`` (``text_anchor`` -> ``text-anchor``); ``cls`` is class."""
        named = "".join([f' {_NAMES.get(k) or _name(k)}="{_attr(v)}"' for k, v in attrs.items()])
        title = f"<title>{escape_text(tip)}</title>" if tip else ""
        self.shapes.append(f"<{el}{named}>{title}{escape_text(text)}</{el}>")

    def defer(self, mark: _Mark) -> None:
        """A mark in a lane that may hold thousands (``_dense``): drawn when the page is."""
        self.shapes.append(mark)
        self.counts[mark.lane] = self.counts.get(mark.lane, 0) + 1

    def markup(self) -> str:
        """Every shape, in drawing order; a dense lane's marks drawn one per column."""
        dense = {lane for lane, n in self.counts.items() if n > DENSE}
        groups: dict[tuple[str, int], list[_Mark]] = {}
        for item in self.shapes:
            if isinstance(item, _Mark) and item.lane in dense:
                groups.setdefault((item.lane, item.column), []).append(item)
        drawn = _Canvas(self.t_max)
        for item in self.shapes:
            if not isinstance(item, _Mark):
                drawn.shapes.append(item)
            elif item.lane not in dense:
                item.draw(drawn)
            else:
                group = groups.pop((item.lane, item.column), None)
                if group is not None:  # drawn where its first mark was
                    _summary(group).draw(drawn)
        return "\n".join(cast(list[str], drawn.shapes))

    def marker(self, shape: str, x: float, y: float, color: str, tip: str, tag: str = "") -> None:
        if shape == "diamond":
            pts = f"{x},{y - 8} {x + 8},{y} {x},{y + 8} {x - 8},{y}"
            self.add("polygon", tip, points=pts, fill=color, stroke="#fff")
        elif shape == "square":
            self.add(
                "rect", tip, x=x - 7, y=y - 7, width=14, height=14, rx=3, fill=color, stroke="#fff"
            )
        elif shape == "triangle":
            pts = f"{x},{y - 9} {x + 8},{y + 6} {x - 8},{y + 6}"
            self.add("polygon", tip, points=pts, fill=color, stroke="#fff")
        else:
            self.add("circle", tip, cx=x, cy=y, r=7.5, fill=color, stroke="#fff")
        if tag:
            self.add("text", text=tag, x=x, y=y + 3.5, cls="tag", text_anchor="middle")


DENSE = 200  # marks in one lane beyond which the lane is drawn one mark per column
COLUMN = 16  # px: about a marker's width; a dense lane's marks closer than that would overlap
SHOWN = 5  # tooltips listed in a column's summary mark


class _Mark(NamedTuple):
    """A marker, span or promise line in a lane that may hold thousands of them: drawn as
    itself, or with the rest of its column as one summary mark when the lane is dense (a
    10,000-event drill's notes would otherwise be thousands of overlapping shapes)."""

    lane: str
    column: int  # x // COLUMN
    what: str  # what a summary counts: "note", "update", "failing"...
    t: float
    end: float  # a span's or a promise line's end (drill time); t for a marker
    tip: str
    form: str  # circle | diamond | square | triangle (markers), span, promise
    y: float
    color: str
    tag: str = ""

    def draw(self, c: _Canvas) -> None:
        if self.form == "span":
            _span(c, self.y, self.t, self.end, self.color, self.tip)
        elif self.form == "promise":
            c.add(
                "line",
                self.tip,
                x1=c.x(self.t),
                y1=self.y,
                x2=c.x(self.end),
                y2=self.y,
                stroke=self.color,
                stroke_width=2,
                stroke_dasharray="4 3",
            )
        else:
            c.marker(self.form, c.x(self.t), self.y, self.color, self.tip, self.tag)


def _summary(group: list[_Mark]) -> _Mark:
    """One mark for a dense lane's column: the first's shape (a span covering them all), the
    latest promise, and a tooltip that counts them and lists the first few."""
    first = group[0]
    if len(group) == 1:
        return first
    counts: dict[str, int] = {}
    for m in group:
        counts[m.what] = counts.get(m.what, 0) + 1
    kinds = ", ".join(f"{n} {what}" for what, n in sorted(counts.items(), key=lambda x: -x[1]))
    start, end = first.t, max(m.end for m in group)
    lines = [f"{len(group)} from {fd(start)} to {fd(end)}: {kinds}"]
    lines += [m.tip for m in group[:SHOWN]]
    if len(group) > SHOWN:
        lines.append(f"and {len(group) - SHOWN} more (the event log lists every event)")
    if first.form == "promise":
        return group[-1]._replace(tip="\n".join(lines))
    tag = first.tag if len(counts) == 1 else "+"
    return first._replace(end=end, tip="\n".join(lines), tag=tag)


def _describe(e: Event, text: str) -> str:
    """A point's tooltip: when, who and ``text`` (``describe(e)``)."""
    who = "" if e.actor == ev.SYSTEM_ACTOR else f"{e.actor}: "
    return f"{fd(e.t)} {who}{text}"


def _lanes(timeline: Timeline) -> list[tuple[str, str]]:
    """(lane id, label) in drawing order."""
    monitors: list[str] = []
    people: list[str] = []
    for e in timeline.events:
        if e.kind == ev.MONITOR_CHANGED:
            m = str(e.data.get("monitor", "?"))
            if m not in monitors:
                monitors.append(m)
        elif e.kind.startswith("action.") and e.actor not in people:
            people.append(e.actor)
    lanes = [("faults", "Faults")]
    lanes += [(f"mon:{m}", f"monitor {m}") for m in monitors[:6]]
    lanes += [("alerts", "Alerts"), ("pages", "Pages")]
    if any(e.kind == ev.CUSTOMERS_STATS for e in timeline.events):
        lanes.append(("customers", "Customers failing"))
    lanes += [(f"who:{p}", p) for p in people[:10]]
    lanes.append(("comms", "Communication"))
    return lanes


def render_svg(
    timeline: Timeline,
    result: dict[str, Any],
    deadlines: list[dict[str, Any]],
    texts: Sequence[str] | None = None,
) -> str:
    """``deadlines``: [{label, t, state}] vertical markers (see ``deadline_markers``).
    ``texts``: ``describe(e)`` of every event in order, when the caller has them already (the
    scorecard view model describes every event once for the page's event log)."""
    from gameday.templating import render

    events = timeline.events
    t_end = max([e.t for e in events] + [d["t"] for d in deadlines if d["t"] is not None] + [60])
    c = _Canvas(t_end * 1.03)
    lanes = _lanes(timeline)
    y_of = {lane: TOP + i * LANE + LANE / 2 for i, (lane, _) in enumerate(lanes)}
    height = TOP + len(lanes) * LANE + 40
    for i, (_lane, label) in enumerate(lanes):  # grid and labels
        y = TOP + i * LANE
        if i % 2 == 0:
            c.add("rect", x=LABEL, y=y, width=W - LABEL - PAD_R, height=LANE, fill="#f7f9fc")
        c.add("text", text=label, x=LABEL - 10, y=y + LANE / 2 + 4, cls="lane", text_anchor="end")
    step = _nice_step(c.t_max)
    bottom = TOP + len(lanes) * LANE
    t = 0.0
    while t <= c.t_max:
        x = c.x(t)
        c.add("line", x1=x, y1=TOP, x2=x, y2=bottom, stroke=COLORS["grid"])
        c.add("text", text=fd(t), x=x, y=bottom + 16, cls="tick", text_anchor="middle")
        t += step
    _draw_spans(c, timeline, y_of)
    if texts is None or len(texts) != len(events):
        texts = [describe(e) if _drawn(e) else "" for e in events]
    _draw_points(c, timeline, y_of, texts)
    _draw_deadlines(c, deadlines, bottom)
    return render(
        "scorecard/templates",
        "timeline.svg.j2",
        width=W,
        height=height,
        body=Markup(c.markup()),  # escaped in _Canvas.add
        text_color=COLORS["text"],
        muted_color=COLORS["muted"],
    )


def _span(
    c: _Canvas,
    y: float,
    a: float,
    b: float,
    color: str,
    tip: str,
    h: float = 12,
    opacity: float = 0.85,
) -> None:
    x1, x2 = c.x(a), c.x(b)
    c.add(
        "rect",
        tip,
        x=x1,
        y=y - h / 2,
        width=max(2.0, x2 - x1),
        height=h,
        rx=3,
        fill=color,
        opacity=opacity,
    )


def _draw_spans(c: _Canvas, timeline: Timeline, y_of: dict[str, float]) -> None:
    end = c.t_max
    live: dict[str, float] = {}
    down: dict[str, float] = {}
    injected: dict[str, float] = {}
    worst: dict[int, tuple[float, float]] = {}  # bar column -> (fail ratio, t)
    customers = "customers" in y_of
    for e in timeline.events:
        kind = e.kind  # a long drill's events are mostly customer samples: they come first
        if kind == ev.CUSTOMERS_STATS:
            if customers:
                ratio = CustomersStats.read(e).fail_ratio
                if ratio > 0:  # one bar per bar's width: the worst interval in it
                    column = int(c.x(e.t) // BAR)
                    if ratio > worst.get(column, (0.0, 0.0))[0]:
                        worst[column] = (ratio, e.t)
            continue
        if kind not in _SPAN_KINDS:
            continue
        name = str(e.data.get("fault") or e.data.get("monitor") or "")
        if kind == ev.FAULT_INJECTED:
            injected.setdefault(name, e.t)
        elif kind == ev.FAULT_LIVE:
            began = injected.pop(name, e.t)
            if began < e.t:  # acting (the incident has started) before it was verified live
                tip = f"fault {name} acting from {fd(began)}, verified live at {fd(e.t)}"
                _span(c, y_of["faults"], began, e.t, COLORS["fault"], tip, opacity=0.4)
            live.setdefault(name, e.t)
        elif kind == ev.FAULT_UNDONE and name in live:
            _span(c, y_of["faults"], live.pop(name), e.t, COLORS["fault"], f"fault {name} live")
        elif kind == ev.MONITOR_CHANGED and f"mon:{name}" in y_of:
            if e.data.get("ok") is False:
                down.setdefault(name, e.t)
            elif name in down:
                a = down.pop(name)
                tip = f"{name} failing {fd(a)}-{fd(e.t)}"
                _down(c, name, y_of, a, e.t, tip)
    for ratio, t in worst.values():
        h = max(2.0, min(1.0, ratio) * (LANE - 6))
        c.add(
            "rect",
            f"{fd(t)} {ratio:.0%} of requests failing",
            x=c.x(t) - BAR / 2,
            y=y_of["customers"] + LANE / 2 - 3 - h,
            width=BAR,
            height=h,
            fill=COLORS["alert"],
            opacity=0.6,
        )
    for name, a in live.items():
        _span(c, y_of["faults"], a, end, COLORS["fault"], f"fault {name} live (not undone)")
    for name, a in down.items():
        _down(c, name, y_of, a, end, f"{name} failing from {fd(a)}")


_SPAN_KINDS = frozenset({ev.FAULT_INJECTED, ev.FAULT_LIVE, ev.FAULT_UNDONE, ev.MONITOR_CHANGED})


def _down(c: _Canvas, name: str, y_of: dict[str, float], a: float, b: float, tip: str) -> None:
    lane = f"mon:{name}"
    column = int(c.x(a) // COLUMN)
    c.defer(_Mark(lane, column, "failing", a, b, tip, "span", y_of[lane], COLORS["down"]))


_POINTS = frozenset(
    {ev.ALERT_FIRED, ev.PAGE_SENT, ev.PAGE_ESCALATED, ev.INJECT_DELIVERED, ev.MITIGATED}
    | {ev.RESOLVE, ev.STATUS, ev.UPDATE, ev.NOTIFY}
)


def _drawn(e: Event) -> bool:
    return e.kind in _POINTS or e.kind in ACTION_STYLE


def _draw_points(
    c: _Canvas, timeline: Timeline, y_of: dict[str, float], texts: Sequence[str]
) -> None:
    drawn = _POINTS | ACTION_STYLE.keys()
    for e, text in zip(timeline.events, texts, strict=True):
        if e.kind not in drawn:
            continue  # not drawn: no tooltip to describe (most of a long drill's events)
        x = c.x(e.t)
        column = int(x // COLUMN)
        tip = _describe(e, text)
        what = e.kind.removeprefix("action.")

        def mark(lane: str, form: str, color: str, tag: str = "") -> None:
            c.defer(_Mark(lane, column, what, e.t, e.t, tip, form, y_of[lane], color, tag))  # noqa: B023

        if e.kind == ev.ALERT_FIRED:
            color = COLORS["noise"] if e.data.get("noise") else COLORS["alert"]
            mark("alerts", "triangle", color)
        elif e.kind in (ev.PAGE_SENT, ev.PAGE_ESCALATED):
            mark("pages", "circle", COLORS["page"], "P" if e.kind == ev.PAGE_SENT else "E")
        elif e.kind == ev.INJECT_DELIVERED and e.data.get("kind") == "stakeholder":
            mark("comms", "triangle", COLORS["question"])
        elif e.kind in (ev.MITIGATED, ev.RESOLVE):
            color = COLORS["mitigated"] if e.kind == ev.MITIGATED else COLORS["resolve"]
            top, bottom = TOP, TOP + (len(y_of)) * LANE
            dash = {} if e.kind == ev.MITIGATED else {"stroke_dasharray": "2 3"}
            c.add("line", tip, x1=x, y1=top, x2=x, y2=bottom, stroke=color, stroke_width=2, **dash)
        if e.kind in ACTION_STYLE and f"who:{e.actor}" in y_of:
            shape, color, tag = ACTION_STYLE[e.kind]
            mark(f"who:{e.actor}", shape, color, tag)
        if e.kind in (ev.STATUS, ev.UPDATE, ev.NOTIFY):
            shape, color, tag = ACTION_STYLE[e.kind]
            nxt = e.data.get("next_s")
            if isinstance(nxt, int | float) and not isinstance(nxt, bool) and nxt > 0:
                promise = f"promised next update by {fd(e.t + nxt)}"
                y = y_of["comms"] + 9
                c.defer(
                    _Mark("promises", column, what, e.t, e.t + nxt, promise, "promise", y, color)
                )
            mark("comms", shape, color, tag)


def _draw_deadlines(c: _Canvas, deadlines: list[dict[str, Any]], bottom: float) -> None:
    placed: list[float] = []
    for d in sorted(deadlines, key=lambda d: d["t"]):
        x = c.x(d["t"])
        color = COLORS.get(d.get("state", ""), COLORS["muted"])
        row = sum(1 for p in placed if abs(p - x) < 70) % 3
        placed.append(x)
        y = 14 + row * 11
        label = str(d["label"])
        c.add(
            "line",
            f"{label} deadline {fd(d['t'])} ({d.get('state', '')})",
            x1=x,
            y1=y + 3,
            x2=x,
            y2=bottom,
            stroke=color,
            stroke_width=1.5,
            stroke_dasharray="5 4",
        )
        anchor, tx = ("end", x - 3) if x > W - 160 else ("start", x + 3)
        c.add(
            "text",
            text=f"{label} {fd(d['t'])}",
            x=tx,
            y=y,
            cls="dl",
            fill=color,
            text_anchor=anchor,
        )
