"""A Nominatim-style HTTP server on 127.0.0.1 for the online-fallback tests.

Import from tests: ``from localserver import serve, nominatim_fallback``.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from geopy.geocoders import Nominatim

from geomap.gazetteer.online import OnlineFallback


@contextmanager
def serve(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Run ``handler`` on a free loopback port; yield ``"127.0.0.1:PORT"``."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True  # a dripping answer must not block shutdown
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def nominatim_fallback(domain: str, tmp_path: Path, *, timeout: float, max_wait: float,
                       **kw: float) -> OnlineFallback:
    """An :class:`OnlineFallback` on a geopy Nominatim pointed at the local server."""
    geocoder = Nominatim(user_agent="geomap-tests", domain=domain, scheme="http")
    opts = {"min_delay_seconds": 0.0, "timeout": timeout, "max_wait": max_wait, **kw}
    return OnlineFallback(geocoder, cache_path=tmp_path / "cache.json", **opts)  # type: ignore[arg-type]
