"""The trends page: its data (charts per team and person, misses, par), hostile names, and
that it is one self-contained file."""

from __future__ import annotations

import re
from pathlib import Path

from gameday.cli import main
from gameday.schedule.trends_page import METRICS, build_page, nice_axis, render_page
from gameday.scorecard import publish
from gameday.scorecard.query import load_summaries
from gameday.testing import TimelineBuilder, practice_history


def _page(tmp_path: Path, **kw):  # type: ignore[no-untyped-def]
    return build_page([s for _, s in load_summaries(tmp_path)], title="t", generated="now", **kw)


def test_charts_per_team_and_person_over_time(tmp_path: Path) -> None:
    practice_history(tmp_path, drills=4)
    page = _page(tmp_path)
    assert page.drills == 8 and page.teams == ("blue", "red")
    assert [c.id for c in page.team_charts] == ["team-total", *(f"team-{m}" for m in METRICS)]
    total = page.team_charts[0]
    assert [len(line.points) for line in total.lines] == [4, 4]  # one point per drill
    xs = [p.x for p in total.lines[0].points]
    assert xs == sorted(xs)  # oldest left
    ack = page.team_charts[1]
    assert ack.par is None  # two teams: no single par line
    assert ack.yticks[0].label == "0s" and ack.yticks[-1].label.endswith("0s")
    tip = ack.lines[0].points[0].tip
    assert re.fullmatch(r"blue: \d+m\d\ds · 2026-05-04 · bad-deploy", tip), tip
    names = [p.name for p in page.people]
    assert names == sorted(names, key=str.casefold) and "dana" in names
    dana = next(p for p in page.people if p.name == "dana")
    assert len(dana.charts) == 1 + len(METRICS)
    assert "Incident Commander" in dana.roles
    assert any("(IC)" in pt.tip for c in dana.charts for line in c.lines for pt in line.points)
    assert {m.team for m in page.misses} == {"blue", "red"}
    one = build_page(
        [s for _, s in load_summaries(tmp_path) if s["team"] == "blue"], title="t", generated="n"
    )
    assert one.team_charts[1].par is not None and one.team_charts[1].par[1].startswith("par ")


def test_a_real_incident_drill_is_left_out_and_names_are_escaped(tmp_path: Path) -> None:
    b = TimelineBuilder(team="<script>alert(1)</script>", drill="x")
    b.at(0).started()
    b.at(10).fault_live()
    b.at(20).alert()
    b.page("<img src=x onerror=alert(1)>")
    b.at(30).ack("<img src=x onerror=alert(1)>")
    b.at(60).ended()
    publish(b.build(), out_dir=tmp_path)
    c = TimelineBuilder(team="blue", drill="y")
    c.at(0).started()
    c.at(20).ended("real-incident")
    publish(c.build(), out_dir=tmp_path)
    page = _page(tmp_path)
    assert page.drills == 1 and page.left_out == 1
    html = render_page(page)
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "<img src=x" not in html
    assert "1 stopped for a real incident left out" in html


def test_the_page_is_one_file_with_nothing_to_fetch(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    practice_history(tmp_path / "cards", drills=3)
    out = tmp_path / "trends.html"
    assert main(["scorecard", "trends", "--dir", str(tmp_path / "cards"), "--html", str(out)]) == 0
    assert "wrote" in capsys.readouterr().out
    html = out.read_text()
    assert "<script" not in html and "<link" not in html and "@import" not in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "url(" not in html
    assert html.count("<svg") == 6 + 7 * 6  # six team charts, six small ones per person


def test_nice_axis() -> None:
    assert nice_axis(50) == 60  # 4 x 15s
    assert nice_axis(100) == 120
    assert nice_axis(610) == 1200
    assert nice_axis(5000) == 7200
