"""Exports of a map: PNG through headless Chromium, an ``<iframe srcdoc>`` embed snippet."""

from __future__ import annotations

import logging
import os
import tempfile
import time
from pathlib import Path

from geomap._io.atomic import write_bytes
from geomap.errors import RenderError
from geomap.render._chrome import chrome
from geomap.render.escape import escape_html

log = logging.getLogger("geomap.render.export")

__all__ = ["embed_html", "html_to_png"]


def embed_html(
    html: str, *, height: int | str = 600, width: str = "100%", title: str = "map"
) -> str:
    """Return an ``<iframe srcdoc>`` fragment that shows ``html`` inside another page.

    The document is attribute-escaped (``&`` and quotes), so the fragment is inert text for the
    host page; the frame is sandboxed (scripts run, but without the host's origin).
    """
    h = f"{height}px" if isinstance(height, int) else str(height)
    return (
        f'<iframe class="geomap-embed" title="{escape_html(title)}" '
        f'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox" '
        f'style="width:{escape_html(width)};height:{escape_html(h)};border:0" '
        f'srcdoc="{escape_html(html)}"></iframe>'
    )


def html_to_png(
    html: str,
    path: str | os.PathLike[str],
    *,
    width: int = 1200,
    height: int = 800,
    timeout: float = 20.0,
    offline: bool = True,
) -> Path:
    """Render ``html`` in headless Chromium and write a PNG screenshot to ``path`` (atomic).

    Waits until the map says it is ready (``window.geomapReady``), then one more frame.
    """
    target = Path(path)
    with tempfile.TemporaryDirectory(prefix="geomap-png-") as tmp:
        page = Path(tmp) / "map.html"
        page.write_text(html, encoding="utf-8")
        with chrome(width=width, height=height, offline=offline) as driver:
            driver.get(page.resolve().as_uri())
            deadline = time.monotonic() + timeout
            while not driver.execute_script("return window.geomapReady === true"):
                if time.monotonic() > deadline:
                    raise RenderError(f"the map did not become ready within {timeout:.0f} s")
                time.sleep(0.05)
            driver.execute_async_script(
                "var done = arguments[0]; requestAnimationFrame(function () {"
                " requestAnimationFrame(function () { done(); }); });"
            )
            png = driver.get_screenshot_as_png()
    if not png:
        raise RenderError("Chromium returned an empty screenshot")
    write_bytes(target, png)
    log.info("wrote %s", target)
    return target
