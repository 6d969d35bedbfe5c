"""Shared fixtures: where the evaluation fixtures live, temporary output folders."""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Evaluation fixtures owned by their publishers: read from ../shared, never copied.
SHARED = Path(os.environ.get("GEOMAP_SHARED", ROOT.parent / "shared")).resolve()
SEED_DIR = SHARED / "data" / "seed"
GEOPARSE_DIR = SHARED / "data" / "geoparse"
TEST_DATA = ROOT / "tests" / "data"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _require(path: Path) -> Path:
    if not path.exists():
        if IN_CI:
            pytest.fail(f"evaluation fixture missing in CI: {path}")
        pytest.skip(f"evaluation fixture not available: {path}")
    return path


@pytest.fixture(scope="session")
def seed_article() -> Path:
    """The seed article (../shared/data/seed/libya-2020-06-05.txt)."""
    return _require(SEED_DIR / "libya-2020-06-05.txt")


@pytest.fixture(scope="session")
def seed_expected() -> Path:
    """The expected events of the seed article."""
    return _require(SEED_DIR / "expected_events.json")


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km, written here independently of the code under test."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(a))


@pytest.fixture(scope="session")
def gaz() -> Any:
    """The default gazetteer (index built or loaded once per test process)."""
    from geomap.gazetteer import Gazetteer

    return Gazetteer.default()


@pytest.fixture(scope="session")
def geoparse_dir() -> Path:
    """Folder of the geoparsing gold corpora (lgl.jsonl, geovirus.jsonl)."""
    return _require(GEOPARSE_DIR)


# --- Hypothesis profiles (reliability) ------------------------------------------------------
# "default": fast, for everyday runs. "long": >= 10,000 examples for the cheap properties; chosen
# with HYPOTHESIS_PROFILE=long, and by default under CI=true. Expensive properties pin their own
# max_examples with hyp_examples() so the long profile stays within the CI budget.
from hypothesis import HealthCheck, settings  # noqa: E402

LONG_EXAMPLES = 10_000
settings.register_profile(
    "default", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "long", max_examples=LONG_EXAMPLES, deadline=None, derandomize=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE") or ("long" if IN_CI else "default")
settings.load_profile(HYPOTHESIS_PROFILE)


# --- Network guard: the offline default never opens a socket ---------------------------------
class NetworkBlocked(AssertionError):
    """Raised when code under test tries to open a network connection."""


class NetworkLog(list[str]):
    """Blocked attempts (the list) and allowed loopback connections (``.loopback``)."""

    def __init__(self) -> None:
        super().__init__()
        self.loopback: list[str] = []


_LOOPBACK = {"127.0.0.1", "::1", "localhost", "0:0:0:0:0:0:0:1"}


def _is_loopback(address: object) -> bool:
    if isinstance(address, str | bytes):  # AF_UNIX path
        return True
    if isinstance(address, tuple) and address:
        host = address[0]
        return host is None or str(host) in _LOOPBACK or str(host).startswith("127.")
    return False


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> NetworkLog:
    """Block every connection and DNS lookup except to this machine (loopback, AF_UNIX).

    Loopback is allowed because the PNG/report export drives a local headless Chromium through
    chromedriver on 127.0.0.1; such calls are recorded in ``.loopback``. Anything else is
    recorded in the returned list and raises :class:`NetworkBlocked`.
    """
    import socket

    log = NetworkLog()
    real_connect, real_connect_ex = socket.socket.connect, socket.socket.connect_ex
    real_create, real_getaddrinfo = socket.create_connection, socket.getaddrinfo

    def _guard(what: str, address: object) -> None:
        if _is_loopback(address):
            log.loopback.append(f"{what} {address!r}"[:200])
            return
        log.append(f"{what} {address!r}"[:200])
        raise NetworkBlocked(f"network access attempted: {log[-1]}")

    def connect(self: socket.socket, address: object) -> None:
        _guard("connect", address)
        return real_connect(self, address)  # type: ignore[arg-type]

    def connect_ex(self: socket.socket, address: object) -> int:
        _guard("connect_ex", address)
        return real_connect_ex(self, address)  # type: ignore[arg-type]

    def create_connection(address: tuple[str, int], *args: object, **kwargs: object) -> object:
        _guard("create_connection", address)
        return real_create(address, *args, **kwargs)  # type: ignore[arg-type]

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        _guard("getaddrinfo", (host,))
        return real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect_ex)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return log


# --- Notebooks under xdist -------------------------------------------------------------------
def pytest_itemcollected(item: pytest.Item) -> None:
    """Give each notebook one retry.

    Each notebook starts a Jupyter kernel on freshly picked TCP ports; a kernel starting while
    another process on the other worker binds ports can lose the port it picked ("ZMQError:
    Address already in use", seen once on a clean CI run; nbmake issue #129). A notebook that
    really fails fails twice.
    """
    if item.nodeid.split("::")[0].endswith(".ipynb"):
        item.add_marker(pytest.mark.flaky(reruns=1, reruns_delay=1))
