"""Network faults in the optional online geocoder, against a hostile fake server on 127.0.0.1.

Beyond the basic faults in test_gazetteer_online.py (timeout, 429, 500, malformed JSON): a
server that drips its answer byte by byte, answers that are huge, deeply nested, NaN or out of
range, a server that is down, a batch of names with mixed faults, and the rate limit measured
on the server side. The run must finish in bounded time and memory, never raise, cache only
successes, and give every failure an unresolved reason.
"""

from __future__ import annotations

import json
import math
import time
import tracemalloc
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from localserver import nominatim_fallback, serve

from geomap.gazetteer.online import OnlineFallback

HITS: dict[str, list[float]] = {}
HUGE_BYTES = 48 << 20


def _answer(name: str, lat: object, lon: object) -> bytes:
    return json.dumps([{"lat": str(lat), "lon": str(lon), "display_name": f"{name}, Fakeland",
                        "osm_type": "node", "osm_id": 7, "type": "village",
                        "address": {"country_code": "zz"}}]).encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        q = parse_qs(urlparse(self.path).query).get("q", [""])[0]
        HITS.setdefault(q, []).append(time.monotonic())
        if q == "Dripville":  # each byte arrives before the socket timeout, the whole never
            self._head(200, 400)
            try:
                for _ in range(400):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.05)
            except OSError:
                pass
            return None
        if q == "Hugeville":
            self._head(200, HUGE_BYTES)
            chunk = b"[" + b" " * ((1 << 20) - 1)
            try:
                for _ in range(HUGE_BYTES >> 20):
                    self.wfile.write(chunk)
            except OSError:
                pass
            return None
        if q == "Deepville":
            return self._send(200, b"[" * 200_000 + b"]" * 200_000)
        if q == "Nanville":
            return self._send(200, _answer(q, "nan", "inf"))
        if q == "Farville":
            return self._send(200, _answer(q, 123.4, 500))
        if q == "Dictville":
            return self._send(200, b'{"lat": 1}')
        if q == "Crashburg":
            return self._send(500, b"internal error")
        if q == "Resetton":
            self._head(200, 1000)
            self.wfile.write(b'[{"lat": "1.0", ')
            self.wfile.flush()
            self.connection.close()
            return None
        return self._send(200, _answer(q, 12.5, 25.5))

    def _head(self, code: int, length: int) -> None:
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(length))
        self.end_headers()

    def _send(self, code: int, body: bytes) -> None:
        self._head(code, len(body))
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with serve(_Handler) as address:
        yield address


def _fallback(domain: str, tmp_path: Path, **kw: float) -> OnlineFallback:
    return nominatim_fallback(domain, tmp_path, **{"timeout": 0.5, "max_wait": 2.0, **kw})


def _cache(tmp_path: Path) -> dict[str, object]:
    path = tmp_path / "cache.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def test_dripping_server_is_cut_off_by_a_total_deadline(server: str, tmp_path: Path) -> None:
    t0 = time.monotonic()
    r = _fallback(server, tmp_path, timeout=0.5).lookup("Dripville")
    elapsed = time.monotonic() - t0
    assert r.place is None and "timed out" in r.reason
    assert elapsed < 5.0, f"took {elapsed:.1f} s for a 0.5 s timeout"


def test_huge_answer_is_refused_with_bounded_memory(server: str, tmp_path: Path) -> None:
    tracemalloc.start()
    try:
        r = _fallback(server, tmp_path, timeout=5.0).lookup("Hugeville")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert r.place is None and r.reason
    assert peak < 24 << 20, f"peak {peak >> 20} MiB for a {HUGE_BYTES >> 20} MiB answer"


@pytest.mark.parametrize("name", ["Deepville", "Nanville", "Farville", "Dictville", "Resetton"])
def test_hostile_answers_are_unresolved_with_a_reason(server: str, tmp_path: Path,
                                                      name: str) -> None:
    r = _fallback(server, tmp_path).lookup(name)
    if r.place is not None:  # a place is acceptable only with real coordinates
        assert math.isfinite(r.place.lat) and -90 <= r.place.lat <= 90, r.place
        assert math.isfinite(r.place.lon) and -180 <= r.place.lon <= 180, r.place
    else:
        assert r.reason.startswith("online") or "online" in r.reason or "nothing" in r.reason


def test_server_down_is_a_reason_not_a_crash(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:  # a port with nothing listening
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    t0 = time.monotonic()
    r = _fallback(f"127.0.0.1:{port}", tmp_path).lookup("Anywhere")
    assert r.place is None and "online" in r.reason
    assert time.monotonic() - t0 < 5.0


def test_batch_finishes_respects_rate_limit_and_caches_only_successes(server: str,
                                                                      tmp_path: Path) -> None:
    names = ["Alpha Fakeplace", "Crashburg", "Beta Fakeplace", "Nanville", "Gamma Fakeplace"]
    fb = _fallback(server, tmp_path, min_delay_seconds=0.25)
    t0 = time.monotonic()
    results = [fb.lookup(n) for n in names]
    assert time.monotonic() - t0 < 10.0
    assert all(r.place is not None for r in (results[0], results[2], results[4]))
    assert results[1].place is None and "service error" in results[1].reason
    # Rate limit seen by the server: requests start >= 0.25 s apart on the client; arrival
    # times jitter by a few tens of ms on a loaded machine (0.233 s seen once in CI), while
    # without the limit they would come milliseconds apart.
    stamps = sorted(t for n in names for t in HITS.get(n, []) if t >= t0)
    gaps = [b - a for a, b in zip(stamps, stamps[1:], strict=False)]
    assert gaps and min(gaps) >= 0.18, gaps
    assert stamps[-1] - stamps[0] >= 0.25 * len(gaps) - 0.05, gaps
    cache = _cache(tmp_path)
    assert any("alpha fakeplace" in k for k in cache)
    assert not any("crashburg" in k for k in cache), "a failure was cached"
    # The cached success is answered without a request; the failure is asked again.
    before = {n: len(HITS.get(n, [])) for n in ("Alpha Fakeplace", "Crashburg")}
    again = _fallback(server, tmp_path)
    assert again.lookup("Alpha Fakeplace").place is not None
    assert again.lookup("Crashburg").place is None
    assert len(HITS["Alpha Fakeplace"]) == before["Alpha Fakeplace"]
    assert len(HITS["Crashburg"]) == before["Crashburg"] + 1


def test_corrupt_cache_file_is_ignored(server: str, tmp_path: Path) -> None:
    (tmp_path / "cache.json").write_text("[" * 100_000, encoding="utf-8")
    r = _fallback(server, tmp_path).lookup("Delta Fakeplace")
    assert r.place is not None
