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

from geomap._atomic import write_text
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
        _no_blind_retries(geocoder)
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
            data = json.loads(self.cache_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
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
        record: dict[str, Any] = {"found": False}
        if loc is not None:
            raw = loc.raw if isinstance(loc.raw, dict) else {}
            record = {"found": True, "lat": float(loc.latitude), "lon": float(loc.longitude),
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


def _no_blind_retries(geocoder: Any) -> None:
    """Swap geopy's requests adapter for its urllib one.

    urllib3 (under the requests adapter) silently sleeps for any ``Retry-After`` a server sends,
    however long; with urllib the 429 reaches :meth:`OnlineFallback.lookup`, which honours it
    only up to ``max_wait``.
    """
    from geopy.adapters import RequestsAdapter, URLLibAdapter

    if isinstance(getattr(geocoder, "adapter", None), RequestsAdapter):
        geocoder.adapter = URLLibAdapter(proxies=geocoder.proxies,
                                         ssl_context=geocoder.ssl_context)


def _failed(name: str, reason: str) -> Resolution:
    return Resolution(query=name, place=None, reason=reason)


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:160]
