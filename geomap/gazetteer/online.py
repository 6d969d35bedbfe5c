"""Optional online fallback: ask a geopy geocoder for names the offline index lacks.

Off by default. Turn it on explicitly::

    from geopy.geocoders import Nominatim
    from geomap.gazetteer import Gazetteer
    from geomap.gazetteer.online import OnlineFallback

    fb = OnlineFallback(Nominatim(user_agent="my-project"), cache_path="geocode-cache.json")
    gaz = Gazetteer.default().with_fallback(fb)

Every request goes through :class:`geopy.extra.rate_limiter.RateLimiter` (one request per
``min_delay_seconds``), has a timeout, honours ``Retry-After`` on HTTP 429 (bounded), and every
answer (including "nothing found") is cached on disk, written atomically. Failures never raise:
they give an unresolved :class:`Resolution` whose reason says what happened.
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
from pathlib import Path
from typing import Any

from geopy.exc import (
    GeocoderParseError,
    GeocoderRateLimited,
    GeocoderServiceError,
    GeocoderTimedOut,
    GeocoderUnavailable,
    GeopyError,
)
from geopy.extra.rate_limiter import RateLimiter

from geomap._io import limits as _limits
from geomap._io.atomic import write_text
from geomap.errors import InputError
from geomap.gazetteer.place import Place, Resolution

log = logging.getLogger("geomap.gazetteer.online")


class OnlineFallback:
    """Wrap a geopy geocoder as a cached, rate-limited, failure-tolerant fallback.

    Parameters
    ----------
    geocoder
        Any geopy geocoder instance (``Nominatim``, ``Photon``...).
    cache_path
        JSON file of cached answers (``None``: in memory only).
    min_delay_seconds
        Minimum interval between requests (Nominatim's policy is 1 s).
    timeout
        Seconds per request.
    max_wait
        Longest ``Retry-After`` honoured; longer waits give up with a reason.
    max_retries
        Retries after HTTP 429.
    """

    def __init__(self, geocoder: Any, *, cache_path: str | Path | None = None,
                 min_delay_seconds: float = 1.0, timeout: float = 10.0, max_wait: float = 30.0,
                 max_retries: int = 2) -> None:
        self.geocoder = geocoder
        _no_blind_retries(geocoder, timeout)
        self.name = type(geocoder).__name__.lower()
        self.cache_path = Path(cache_path) if cache_path else None
        self.timeout = timeout
        self.max_wait = max_wait
        self.max_retries = max_retries
        self._lock = threading.Lock()
        self._limited = RateLimiter(geocoder.geocode, min_delay_seconds=min_delay_seconds,
                                    max_retries=0, swallow_exceptions=False)
        self._cache: dict[str, Any] = self._load()
        self.requests = 0

    def _load(self) -> dict[str, Any]:
        if self.cache_path is None or not self.cache_path.exists():
            return {}
        try:
            data = _limits.load_json_file(self.cache_path)
        except (OSError, ValueError, InputError) as exc:
            log.warning("ignoring unreadable geocode cache %s: %s", self.cache_path, exc)
            return {}
        return data if isinstance(data, dict) else {}

    def _save(self) -> None:
        if self.cache_path is not None:
            write_text(self.cache_path, json.dumps(self._cache, sort_keys=True, indent=0))

    def _key(self, name: str, country: str | None) -> str:
        return f"{self.name}|{(country or '').upper()}|{name.strip().casefold()}"

    def lookup(self, name: str, *, country: str | None = None) -> Resolution:
        """Resolve *name* online (or from the cache)."""
        key = self._key(name, country)
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None:
            return self._resolution(name, cached, cached_hit=True)
        kwargs: dict[str, Any] = {"exactly_one": True, "timeout": self.timeout}
        if country:
            kwargs["country_codes"] = country.lower()
        attempt = 0
        while True:
            try:
                self.requests += 1
                loc = self._limited(name, **kwargs)
                break
            except GeocoderRateLimited as exc:
                wait = exc.retry_after if exc.retry_after is not None else 1.0
                if attempt >= self.max_retries or wait > self.max_wait:
                    return _failed(name, f"online: rate limited (HTTP 429, retry after {wait} s)")
                attempt += 1
                time.sleep(wait)
            except GeocoderTimedOut:
                return _failed(name, f"online: timed out after {self.timeout} s")
            except GeocoderParseError as exc:
                return _failed(name, f"online: malformed answer ({_short(exc)})")
            except (GeocoderServiceError, GeocoderUnavailable) as exc:
                # The requests adapter reports read timeouts as "unavailable" after retries.
                if "timed out" in str(exc).lower() or "timeout" in str(exc).lower():
                    return _failed(name, f"online: timed out after {self.timeout} s")
                return _failed(name, f"online: service error ({_short(exc)})")
            except GeopyError as exc:
                return _failed(name, f"online: {type(exc).__name__} ({_short(exc)})")
            except (ValueError, TypeError, KeyError, IndexError, AttributeError,
                    RecursionError) as exc:
                # geopy builds Location/Point from the answer: NaN, out-of-range or missing
                # fields raise plain Python errors. A hostile server must not crash the run.
                return _failed(name, f"online: malformed answer ({_short(exc)})")
        record: dict[str, Any] = {"found": False}
        if loc is not None:
            lat, lon = _coordinate(loc.latitude), _coordinate(loc.longitude)
            if lat is None or lon is None or abs(lat) > 90 or abs(lon) > 180:
                return _failed(name, "online: malformed answer (coordinates not a valid "
                                     f"WGS84 point: {loc.latitude!r}, {loc.longitude!r})")
            raw = loc.raw if isinstance(loc.raw, dict) else {}
            record = {"found": True, "lat": lat, "lon": lon,
                      "address": str(loc.address), "raw": raw}
        with self._lock:
            self._cache[key] = record
            self._save()
        return self._resolution(name, record, cached_hit=False)

    def _resolution(self, name: str, record: dict[str, Any], *, cached_hit: bool) -> Resolution:
        how = "cached online answer" if cached_hit else "online answer"
        if not record.get("found"):
            return _failed(name, f"not in gazetteer; {self.name}: nothing found ({how})")
        raw = dict(record.get("raw") or {})
        osm = f"{raw.get('osm_type', '')}/{raw.get('osm_id', '')}".strip("/")
        sid = f"{self.name}:{osm or record['address']}"
        cc = str((raw.get("address") or {}).get("country_code", "")).upper()
        place = Place(
            name=str(record["address"]).split(",")[0], lat=record["lat"], lon=record["lon"],
            country=cc, feature=str(raw.get("type") or raw.get("addresstype") or "place"),
            source=self.name, id=sid, score=0.5, population=0, geo_precision="town",
            raw={**raw, "id": sid, "source": self.name, "licence": raw.get("licence", ""),
                 "online": True, "cached": cached_hit},
        )
        return Resolution(query=name, place=place, candidates=[place], confidence=0.5,
                          reason=f"{how} ({self.name})")


def _no_blind_retries(geocoder: Any, timeout: float = 10.0) -> None:
    """Swap geopy's requests adapter for its urllib one.

    urllib3 (under the requests adapter) silently sleeps for any ``Retry-After`` a server sends,
    however long; with urllib the 429 reaches :meth:`OnlineFallback.lookup`, which honours it
    only up to ``max_wait``.
    """
    from geopy.adapters import RequestsAdapter, URLLibAdapter

    if isinstance(getattr(geocoder, "adapter", None), RequestsAdapter | URLLibAdapter):
        geocoder.adapter = _bounded_adapter(geocoder, timeout)


#: Largest answer read from a geocoding service (a place search answer is a few kB).
MAX_ANSWER_BYTES = 2 * 1024 * 1024


def _bounded_adapter(geocoder: Any, timeout: float) -> Any:
    """geopy's urllib adapter with a total deadline, a size cap and bounded JSON nesting.

    The socket timeout bounds each read, not the whole answer: a server that sends one byte
    per second would hold a lookup forever; a huge answer would be read into memory whole.
    """
    from geopy.adapters import URLLibAdapter

    class _BoundedURLLibAdapter(URLLibAdapter):  # type: ignore[misc]
        def get_json(self, url: str, *, timeout: float, headers: Any) -> Any:
            text = self.get_text(url, timeout=timeout, headers=headers)
            try:
                return _limits.loads_json(text)
            except InputError as exc:
                raise GeocoderParseError(f"Could not deserialize: {exc}") from exc

        def _decode_page(self, page: Any) -> str:
            deadline = time.monotonic() + 2 * timeout
            read = getattr(page, "read1", page.read)
            chunks: list[bytes] = []
            size = 0
            try:
                while chunk := read(1 << 16):
                    size += len(chunk)
                    if size > MAX_ANSWER_BYTES:
                        raise GeocoderParseError(f"answer larger than {MAX_ANSWER_BYTES} bytes")
                    if time.monotonic() > deadline:
                        raise GeocoderTimedOut("Service timed out (answer too slow)")
                    chunks.append(chunk)
            except GeopyError:
                raise
            except Exception as exc:  # any socket or protocol failure while reading
                raise GeocoderServiceError(f"Unable to read the response: {exc}") from exc
            encoding = page.headers.get_content_charset() or "utf-8"
            try:
                return b"".join(chunks).decode(encoding)
            except (LookupError, ValueError) as exc:
                raise GeocoderParseError("Unable to decode the response bytes") from exc

    return _BoundedURLLibAdapter(proxies=geocoder.proxies, ssl_context=geocoder.ssl_context)


def _coordinate(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _failed(name: str, reason: str) -> Resolution:
    return Resolution(query=name, place=None, reason=reason)


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:160]
