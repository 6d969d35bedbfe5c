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
