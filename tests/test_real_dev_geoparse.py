"""The real-news dev set (tests/data/geoparse/real-dev.jsonl) stays at its measured level.

A regression guard, not a target: the set is for finding error classes, and its first score
(fresh) and current score are in tests/data/geoparse/README.md.
"""

from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from own_geoparse import DEV, dev_misses  # noqa: E402


def test_real_dev_misses_stay_few() -> None:
    lines = dev_misses(DEV)
    kinds = [line.split()[1] for line in lines]
    # Measured at 935e113: 57 names resolved > 161 km off or unresolved (of 265, no
    # approximation), 38 not recognised, 18 false spans (15 of them demonyms, which this set's
    # convention does not annotate). Room for two slips each.
    assert kinds.count("WRONG") <= 59
    assert kinds.count("MISSED") <= 40
    assert kinds.count("FALSE") <= 20
