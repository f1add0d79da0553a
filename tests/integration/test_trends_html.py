"""The trends page renders in a real headless Chromium (Debian's ``chromium``): the browser
builds every chart (its DOM holds each drill's point), and the screenshot shows both teams'
lines and the red bars of what they keep missing.

No Docker needed; skipped only when no chromium binary is installed. Set
``GAMEDAY_TRENDS_SHOT=/path/shot.png`` to keep the screenshot for a look.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from gameday.cli import main
from gameday.testing import practice_history
from tests.integration.test_scorecard_html import CHROMIUM, _png_pixels

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")


def _chromium(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


def test_trends_page_renders_in_chromium(tmp_path: Path) -> None:
    cards, page = tmp_path / "cards", tmp_path / "trends.html"
    practice_history(cards, drills=8)  # two teams, seven people, eight drills each
    assert main(["scorecard", "trends", "--dir", str(cards), "--html", str(page)]) == 0
    dom = _chromium("--dump-dom", page.as_uri(), cwd=tmp_path)
    assert dom.returncode == 0, dom.stderr[-2000:]
    # the browser parsed every chart: 16 drills on each of six team charts, and each person's
    # drills on their six small charts
    assert dom.stdout.count("<svg") == 6 + 7 * 6
    assert dom.stdout.count("<circle") == 16 * 6 + (6 + 6 + 6 + 6 + 8 + 8 + 8) * 6
    assert "What each team keeps missing" in dom.stdout
    shot = tmp_path / "shot.png"
    run = _chromium("--window-size=1280,2400", f"--screenshot={shot}", page.as_uri(), cwd=tmp_path)
    assert shot.exists(), run.stderr[-2000:]
    keep = os.environ.get("GAMEDAY_TRENDS_SHOT")
    if keep:
        shutil.copy(shot, keep)
    width, height, rows = _png_pixels(shot.read_bytes())
    assert (width, height) == (1280, 2400)
    step = 4 if len(rows[0]) == width * 4 else 3
    colours: set[bytes] = set()
    for row in rows[::4]:
        for x in range(0, len(row), step * 2):
            colours.add(row[x : x + 3])
    assert len(colours) > 40  # text, lines, points, bars: not a blank page

    def near(rgb: tuple[int, int, int]) -> bool:
        return any(all(abs(c - w) <= 12 for c, w in zip(px, rgb, strict=True)) for px in colours)

    assert near((0x27, 0x7D, 0xA1))  # team blue's line
    assert near((0xD6, 0x28, 0x39))  # team red's line and the missed-criteria bars
