"""Real-browser tests of the drill room: Selenium driving Debian's headless Chromium.

``browser`` (function) -> a ``selenium.webdriver.Chrome`` on ``/usr/bin/chromium`` with
``/usr/bin/chromedriver`` (``scripts/system-packages.txt`` installs both; nothing is
downloaded). A missing browser fails loudly, like a missing Docker engine; set
``GAMEDAY_SKIP_BROWSER=1`` to skip these tests instead. Screenshots go to the test's
``tmp_path`` and, when ``$GAMEDAY_SCREENSHOTS`` names a folder, there too (to look at them).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
DRIVER = "/usr/bin/chromedriver"


def _find(paths: tuple[str, ...]) -> str | None:
    return next((p for p in paths if Path(p).exists()), None)


def new_browser() -> Any:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    binary = _find(CHROMIUM) or shutil.which("chromium")
    driver = _find((DRIVER,)) or shutil.which("chromedriver")
    if not binary or not driver:
        pytest.fail(
            "no chromium/chromedriver (run scripts/setup.sh; GAMEDAY_SKIP_BROWSER=1 skips)",
            pytrace=False,
        )
    opts = webdriver.ChromeOptions()
    opts.binary_location = binary
    for flag in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1400,1100",
        "--no-first-run",
        "--disable-extensions",
    ):
        opts.add_argument(flag)
    return webdriver.Chrome(service=Service(executable_path=driver), options=opts)


@pytest.fixture
def browser() -> Iterator[Any]:
    if os.environ.get("GAMEDAY_SKIP_BROWSER") == "1":
        pytest.skip("GAMEDAY_SKIP_BROWSER=1")
    b = new_browser()
    b.set_page_load_timeout(30)
    try:
        yield b
    finally:
        b.quit()


@pytest.fixture
def screenshot(tmp_path: Path) -> Any:
    """``screenshot(browser, "room")`` saves ``room.png`` and returns its path."""

    def take(b: Any, name: str) -> Path:
        path = tmp_path / f"{name}.png"
        b.execute_script("window.scrollTo(0, 0)")
        height = b.execute_script("return document.documentElement.scrollHeight")
        b.set_window_size(1400, min(4000, max(900, int(height) + 140)))  # the whole page
        b.save_screenshot(str(path))
        keep = os.environ.get("GAMEDAY_SCREENSHOTS")
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, Path(keep) / path.name)
        assert path.stat().st_size > 10_000  # a rendered page, not a blank one
        return path

    return take
