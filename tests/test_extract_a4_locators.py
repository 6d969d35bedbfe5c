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


def _changed(text: str) -> set[str]:
    ev = extract(text)
    return set(ev[ev.kind.isin(["control_change", "claimed_control"])].place)


def test_capital_of_a_province_is_its_namesake_town() -> None:
    text = ("date 2021-08-08\nTaliban fighters overran the provincial capital of the country's "
            "northern Kunduz province on Sunday, officials said.")
    ev = extract(text)
    row = ev[ev.kind == "control_change"]
    assert list(row.place) == ["Kunduz"], ev[["kind", "place"]]
    assert row.iloc[0].geo_precision == "town", row.iloc[0].geo_precision


def test_capital_of_a_province_without_a_namesake_town_is_no_place() -> None:
    # the capital of Helmand is not called Helmand: no town to put the change at (and never
    # the airport that carries the province's name)
    assert not _changed("date 2021-08-08\nThe Taliban captured the capital of Helmand "
                        "province on Friday.")


def test_capital_aside_after_a_town_still_locates() -> None:
    text = ("date 2024-06-30\nThe paramilitaries said they had taken Singa, the capital of "
            "Sennar state, on Saturday.")
    changed = _changed(text)
    assert "Singa" in changed and "Sennar" not in changed, changed


@pytest.mark.parametrize("text", [
    "date 2021-08-08\nKunduz has been captured two times by the insurgents in the past.",
    "date 2021-08-08\nThe insurgents twice overran Kunduz before this year.",
])
def test_a_count_of_earlier_takings_is_no_dated_change(text: str) -> None:
    assert not _changed(text)
