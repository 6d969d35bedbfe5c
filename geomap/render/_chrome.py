"""Headless Chromium through selenium: one place for the flags, paths and network blocking."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

from geomap.errors import RenderError

__all__ = ["CHROME_FLAGS", "chrome", "find_chromium"]

CHROME_FLAGS: Final = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--force-color-profile=srgb",
)
_BROWSERS: Final = ("chromium", "chromium-browser", "google-chrome")


def find_chromium() -> tuple[str, str] | None:
    """Paths of (Chromium, chromedriver), or ``None`` when either is missing."""
    browser = os.environ.get("GEOMAP_CHROMIUM") or next(
        (p for p in (shutil.which(b) for b in _BROWSERS) if p), None
    )
    driver = os.environ.get("GEOMAP_CHROMEDRIVER") or shutil.which("chromedriver")
    if not browser or not driver:
        return None
    return browser, driver


@contextlib.contextmanager
def chrome(
    *, width: int = 1200, height: int = 800, offline: bool = True, logging_prefs: bool = False
) -> Iterator[Any]:
    """A headless Chromium WebDriver with a fresh profile; quit and cleaned up on exit.

    Parameters
    ----------
    width, height
        Viewport size in CSS pixels.
    offline
        Block every network request (host resolver maps all names to nowhere and the
        DevTools network emulation is offline); ``file://`` and ``data:`` still load.
    logging_prefs
        Collect browser console and performance (network) logs.
    """
    paths = find_chromium()
    if paths is None:
        raise RenderError("Chromium and chromedriver are needed for this (not found on PATH)")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise RenderError("selenium is needed for this") from exc
    browser, driver_path = paths
    profile = tempfile.mkdtemp(prefix="geomap-chrome-")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--window-size={width},{height}")
    if offline:
        options.add_argument("--host-resolver-rules=MAP * ~NOTFOUND")
        options.add_argument("--proxy-server=http://0.0.0.0:9")
    if logging_prefs:
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = None
    try:
        driver = webdriver.Chrome(service=Service(driver_path), options=options)
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        if offline:
            driver.execute_cdp_cmd("Network.enable", {})
            driver.execute_cdp_cmd(
                "Network.emulateNetworkConditions",
                {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
            )
        yield driver
    except RenderError:
        raise
    except Exception as exc:
        if driver is None:
            raise RenderError(f"could not start headless Chromium: {exc}") from exc
        raise
    finally:
        if driver is not None:
            with contextlib.suppress(Exception):
                driver.quit()
        shutil.rmtree(Path(profile), ignore_errors=True)
