"""Text people type never becomes markup: HTML scorecard, SVG timeline, status page, Markdown,
terminal. Names, notes, status posts, alert messages and titles full of ``<script>``, quotes,
``{{`` and rich markup are shown as the text they are."""

from __future__ import annotations

import io
from html.parser import HTMLParser
from pathlib import Path

from gameday import events as ev
from gameday.clock import FakeClock
from gameday.drill.actions import record_action
from gameday.drill.locate import create_drill
from gameday.drill.view import responder_state, status_page_html
from gameday.scorecard import publish
from gameday.scorecard.terminal import show
from gameday.testing import TimelineBuilder

SCRIPT = "<script>alert('x')</script>"
IMG = '"><img src=x onerror="alert(1)">'
JINJA = "{{ 7*7 }} {% if true %}yes{% endif %}"
RICH = "[bold red]boom[/]"
EVIL_NAME = f"eve{SCRIPT}"
TEXTS = (SCRIPT, IMG, JINJA, RICH, 'it\'s "quoted" & <b>bold</b>')

ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "header", "div", "h1", "h2", "small",
    "b", "code", "span", "i", "table", "tr", "th", "td", "details", "summary", "p", "svg", "rect",
    "text", "line", "circle", "polygon",
    # the drill room's pages (status page): its own script and stylesheet, live sections
    "link", "script", "section", "h3", "noscript", "nav", "a",
}  # fmt: skip
ALLOWED_ATTRS = {
    "lang", "charset", "name", "content", "http-equiv", "class", "style", "title", "xmlns",
    "viewbox", "width", "height", "role", "aria-label", "x", "y", "x1", "y1", "x2", "y2", "cx",
    "cy", "r", "rx", "fill", "stroke", "stroke-width", "stroke-dasharray", "opacity", "points",
    "text-anchor",
    "rel", "href", "src", "defer", "id", "data-stream", "data-csrf", "target",
}  # fmt: skip


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.attrs: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attrs.update(k for k, _ in attrs)
        if tag == "script":  # only the package's own script, never inline code
            assert dict(attrs).get("src") == "/static/room.js", attrs

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _only_our_markup(page: str) -> str:
    p = Tags()
    p.feed(page)
    assert p.tags <= ALLOWED_TAGS, p.tags - ALLOWED_TAGS
    assert p.attrs <= ALLOWED_ATTRS, p.attrs - ALLOWED_ATTRS
    return "".join(p.text)


def _hostile_timeline() -> TimelineBuilder:
    b = TimelineBuilder(scenario="bad-deploy", team=f"team{SCRIPT}", title=f"Title {IMG}")
    b.at(0).started()
    b.at(5).stats(10, 0)
    b.at(10).fault_live(f"fault{SCRIPT}")
    b.at(12).monitor(f"mon{IMG}", False, SCRIPT)
    b.at(14).alert(f"alert{JINJA}", monitor="checkout")
    b.page(EVIL_NAME)
    b.at(15).stats(10, 5)
    b.at(20).ack(EVIL_NAME)
    b.at(22).declare(2, EVIL_NAME)
    b.at(23).role("ic", EVIL_NAME, EVIL_NAME)
    b.role("tech", RICH, EVIL_NAME)
    b.role("comms", f"c{JINJA}", EVIL_NAME)
    b.at(25).channel(f"#x{SCRIPT}", who=EVIL_NAME)
    for i, text in enumerate(TEXTS):
        b.at(30 + i).note(text, who=EVIL_NAME)
        b.status(text, next=60, who=RICH)
    b.at(40).cause(IMG, who=RICH)
    b.at(50).mitigated()
    b.at(55).resolve(who=EVIL_NAME)
    return b


def test_html_scorecard_and_svg_show_hostile_text_as_text(tmp_path: Path) -> None:
    out = publish(_hostile_timeline().build(), out_dir=tmp_path)
    page = out.html.read_text()
    text = _only_our_markup(page)
    for hostile in (SCRIPT, IMG, JINJA, EVIL_NAME, 'it\'s "quoted" & <b>bold</b>'):
        assert hostile in text, hostile  # shown, as text
    assert "49" not in text.replace("1249", "")  # the template never evaluated {{ 7*7 }}
    assert "<script" not in page.lower() and "onerror=" not in page.replace("onerror=&#34;", "")


def test_markdown_and_review_make_html_inert(tmp_path: Path) -> None:
    from gameday.scorecard import read_scorecard
    from gameday.scorecard.markdown import render_review

    out = publish(_hostile_timeline().build(), out_dir=tmp_path)
    for doc in (out.markdown.read_text(), render_review(read_scorecard(out.yaml))):
        assert "<script" not in doc and "<img" not in doc and "<b>" not in doc
        assert "&lt;script&gt;" in doc and JINJA in doc


def test_terminal_scorecard_prints_rich_markup_literally(tmp_path: Path) -> None:
    from rich.console import Console

    out = publish(_hostile_timeline().build(), out_dir=tmp_path)
    buf = io.StringIO()
    console = Console(file=buf, width=200, color_system=None)
    header = {"title": RICH, "team": RICH, "started": "2026-05-04T09:00:00+00:00"}
    for part in show(out.result.to_dict(), header):
        console.print(part)
    assert RICH in buf.getvalue()


def test_status_page_and_responder_state_escape_posts(state_dir: Path) -> None:
    clock = FakeClock()
    drill = create_drill("bad-deploy", team="t", clock=clock)
    drill.log(clock).append(ev.DRILL_STARTED, {"scenario": "bad-deploy"})
    for text in TEXTS:
        record_action(drill, "status", {"text": text}, actor="carol", clock=clock)
    page = status_page_html(drill)
    text = _only_our_markup(page)
    for hostile in TEXTS:
        assert hostile in text
    assert "<script>" not in page and "<img" not in page
    state = responder_state(drill)
    assert [p["text"] for p in state["status_posts"]] == list(TEXTS)  # JSON carries the text
