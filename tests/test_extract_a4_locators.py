"""A list of names closed by a capitalised region noun ("the A, B and C Districts") names
regions that locate what was taken, never places that changed hands. Own sentences."""

from __future__ import annotations

import pytest

from geomap.extract import extract


@pytest.mark.parametrize("noun", ["Districts", "districts", "Provinces", "Regions"])
def test_listed_regions_locate_the_villages(noun: str) -> None:
    text = (f"date 2020-10-21\nThe Azerbaijani army took the town of Zangilan and 30 villages "
            f"in the Fizuli, Jabrayil and Khojavend {noun}, the president said.")
    ev = extract(text)
    changed = set(ev[ev.kind.isin(["control_change", "claimed_control"])].place)
    assert "Zangilan" in changed, changed
    assert not changed & {"Fizuli", "Jabrayil", "Khojavend"}, changed
