"""Geoparsing on the project's own snippets stays at its measured level (regression guard)."""

from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from own_geoparse import score  # noqa: E402


def test_own_snippets_recognition_and_countries() -> None:
    s = score()
    # Measured 0.99 / 0.99 / 0.96 (tests/data/geoparse/README.md); room for one slip each.
    assert s["names"] == 84
    assert s["precision"] >= 0.97 and s["recall"] >= 0.97
    assert s["country_accuracy"] >= 0.93
