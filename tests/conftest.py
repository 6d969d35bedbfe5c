"""Shared fixtures: where the evaluation fixtures live, temporary output folders."""

from __future__ import annotations

import os
from pathlib import Path

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


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Block socket connections and DNS; return the list of attempts (each also raises)."""
    import socket

    attempts: list[str] = []

    def _blocked(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args[1:] if args else kwargs)[:200])
        raise NetworkBlocked(f"network access attempted: {attempts[-1]}")

    monkeypatch.setattr(socket.socket, "connect", _blocked)
    monkeypatch.setattr(socket.socket, "connect_ex", _blocked)
    monkeypatch.setattr(socket.socket, "sendto", _blocked)
    monkeypatch.setattr(socket, "create_connection", _blocked)
    monkeypatch.setattr(socket, "getaddrinfo", _blocked)
    return attempts
