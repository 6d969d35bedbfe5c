"""Reusable headless-Chromium helper for browser tests (network blocked, logs collected).

Usage in a test module::

    from browser import Browser, browser_fixture  # noqa: F401  (the "browser" fixture)

    @pytest.mark.browser
    def test_x(browser: Browser, tmp_path):
        page = browser.open(path)            # waits for window.geomapReady (or load)
        assert page.failed_requests == [] and page.console_errors == []

The browser blocks every network request in three ways: the host resolver maps all names to
nowhere, a dead proxy takes every http(s) request, and DevTools network emulation is offline.
``file://`` and ``data:`` still load. Any request that is not ``file:``/``data:``/``blob:``/
``about:`` is reported in ``requests_external`` and counts as failed. Chromium's own pages
(``chrome://new-tab-page``, ``chrome://favicon2``: requests of the browser's UI at start-up,
which never leave the machine and which a ``file://`` page cannot make) are not the page's.

Without Chromium and chromedriver the fixture skips, except when ``CI=true``: then it fails.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from conftest import IN_CI

from geomap.render._chrome import chrome, find_chromium

__all__ = ["Browser", "Page", "browser_fixture", "open_browser"]

_LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:", "chrome-error:", "chrome:",
                  "chrome-untrusted:")


@dataclass
class Page:
    """What happened while a page loaded."""

    url: str
    ready_seconds: float
    console: list[dict[str, Any]] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def console_errors(self) -> list[str]:
        """Console messages of level SEVERE (errors, uncaught exceptions, failed loads)."""
        return [str(e.get("message", "")) for e in self.console if e.get("level") == "SEVERE"]

    @property
    def requests_external(self) -> list[str]:
        """Requested URLs that are not local (``file:``, ``data:``...)."""
        return [u for u in self.requests if not u.startswith(_LOCAL_SCHEMES)]

    @property
    def failed_requests(self) -> list[str]:
        """Requests that failed, plus every external request (the network is off)."""
        return sorted(set(self.failed) | set(self.requests_external))


class Browser:
    """A thin wrapper over a selenium Chrome driver with log collection."""

    def __init__(self, driver: Any) -> None:
        self.driver = driver

    def _drain(self) -> tuple[list[dict[str, Any]], list[str], list[str]]:
        console = list(self.driver.get_log("browser"))
        requests: list[str] = []
        failed: list[str] = []
        ids: dict[str, str] = {}
        for entry in self.driver.get_log("performance"):
            try:
                msg = json.loads(entry["message"])["message"]
            except (KeyError, ValueError):
                continue
            method, params = msg.get("method"), msg.get("params", {})
            if method == "Network.requestWillBeSent":
                url = params.get("request", {}).get("url", "")
                ids[params.get("requestId", "")] = url
                requests.append(url)
            elif method == "Network.loadingFailed":
                failed.append(ids.get(params.get("requestId", ""), "?") + " "
                              + str(params.get("errorText", "")))
        return console, requests, failed

    def open(self, target: Path | str, *, timeout: float = 15.0, wait_ready: bool = True) -> Page:
        """Load a file (path) and wait until the map is ready; return the page's record."""
        self._drain()
        text = str(target)
        url = text if text.startswith("file:") else Path(target).resolve().as_uri()
        start = time.perf_counter()
        self.driver.get(url)
        if wait_ready:
            deadline = time.monotonic() + timeout
            while not self.driver.execute_script("return window.geomapReady === true"):
                if time.monotonic() > deadline:
                    break
                time.sleep(0.02)
        ready = time.perf_counter() - start
        # Let late work (timers, image decoding) show up in the logs.
        self.driver.execute_async_script(
            "var done = arguments[0];"
            "requestAnimationFrame(function () { setTimeout(done, 150); });"
        )
        console, requests, failed = self._drain()
        return Page(url=url, ready_seconds=ready, console=console, requests=requests, failed=failed)

    def js(self, script: str, *args: Any) -> Any:
        """Run JavaScript in the page and return its result."""
        return self.driver.execute_script(script, *args)

    def alert_text(self) -> str | None:
        """The text of an open alert dialog, or ``None`` (and dismisses it)."""
        with contextlib.suppress(Exception):
            alert = self.driver.switch_to.alert
            text = str(alert.text)
            alert.dismiss()
            return text
        return None


@contextlib.contextmanager
def open_browser(width: int = 1200, height: int = 800) -> Iterator[Browser]:
    """A :class:`Browser`; skips (fails under CI) when Chromium is missing."""
    if find_chromium() is None:
        if IN_CI:
            pytest.fail("Chromium and chromedriver are required when CI=true")
        pytest.skip("Chromium/chromedriver not installed")
    with chrome(width=width, height=height, offline=True, logging_prefs=True) as driver:
        yield Browser(driver)


@pytest.fixture(scope="module", name="browser")
def browser_fixture() -> Iterator[Browser]:
    """A headless Chromium with the network blocked, shared by a test module."""
    with open_browser() as b:
        yield b
