"""Online fallback, tested only against a fake Nominatim-style server on 127.0.0.1."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from localserver import nominatim_fallback, serve

from geomap.gazetteer import Gazetteer
from geomap.gazetteer.online import OnlineFallback

HITS: dict[str, int] = {}


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        q = parse_qs(urlparse(self.path).query).get("q", [""])[0]
        HITS[q] = HITS.get(q, 0) + 1
        if q == "Slowville":
            time.sleep(1.0)
            return self._send(200, b"[]")
        if q == "Busytown":
            if HITS[q] == 1:
                return self._send(429, b"slow down", {"Retry-After": "1"})
            return self._send(200, _answer("Busytown", 10.5, 20.25))
        if q == "Forevertown":
            return self._send(429, b"slow down", {"Retry-After": "3600"})
        if q == "Crashburg":
            return self._send(500, b"internal error")
        if q == "Garbleton":
            return self._send(200, b"{not json")
        if q == "Neverland":
            return self._send(200, b"[]")
        return self._send(200, _answer(q, 1.5, 2.5))

    def _send(self, code: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _answer(name: str, lat: float, lon: float) -> bytes:
    return json.dumps([{"lat": str(lat), "lon": str(lon), "display_name": f"{name}, Testland",
                        "osm_type": "node", "osm_id": 42, "type": "village",
                        "licence": "test data", "address": {"country_code": "zz"}}]).encode()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve(_Handler) as address:
        yield address


def _fallback(server: str, tmp_path: Path, **kw: float) -> OnlineFallback:
    return nominatim_fallback(server, tmp_path, **{"timeout": 0.3, "max_wait": 5.0, **kw})


def test_off_by_default() -> None:
    assert Gazetteer.default().fallback is None
    assert Gazetteer.default().lookup("Zzyzxqwe Hamlet").reason == "not in gazetteer"


def test_success_is_cached(server: str, tmp_path: Path) -> None:
    fb = _fallback(server, tmp_path)
    gaz = Gazetteer.default().with_fallback(fb)
    r = gaz.lookup("Zzyzxqwe Hamlet")
    assert r.place is not None and (r.place.lat, r.place.lon) == (1.5, 2.5)
    assert r.place.raw["online"] and r.place.id == "nominatim:node/42"
    n = HITS["Zzyzxqwe Hamlet"]
    again = _fallback(server, tmp_path).lookup("Zzyzxqwe Hamlet")  # new instance: disk cache
    assert again.place is not None and again.place.raw["cached"]
    assert HITS["Zzyzxqwe Hamlet"] == n
    assert "Zzyzxqwe" in (tmp_path / "cache.json").read_text()


def test_offline_names_never_go_online(server: str, tmp_path: Path) -> None:
    fb = _fallback(server, tmp_path)
    assert Gazetteer.default().with_fallback(fb).lookup("Benghazi").place is not None
    assert fb.requests == 0


@pytest.mark.parametrize(("name", "reason"), [
    ("Slowville", "timed out"), ("Crashburg", "service error"), ("Garbleton", "malformed"),
    ("Forevertown", "rate limited"), ("Neverland", "nothing found"),
])
def test_failures_give_reasons(server: str, tmp_path: Path, name: str, reason: str) -> None:
    r = _fallback(server, tmp_path).lookup(name)
    assert r.place is None and reason in r.reason


def test_retry_after_is_honoured(server: str, tmp_path: Path) -> None:
    t0 = time.perf_counter()
    r = _fallback(server, tmp_path).lookup("Busytown")
    assert r.place is not None and r.place.lat == 10.5
    assert time.perf_counter() - t0 >= 0.9
