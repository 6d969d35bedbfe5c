"""Finding control changes: takeover nouns, restored control, locators before a verb.

Sentences written for these tests (invented wording).
"""

from __future__ import annotations

import geomap


def _kinds(text: str, date: str = "2021-08-16") -> dict[str, tuple[str, str]]:
    ev = geomap.extract(text, date=date)
    got: dict[str, tuple[str, str]] = {}
    for r in ev.itertuples():
        if r.kind != "mention" or r.place not in got:
            got[r.place] = (r.kind, r.actor)
    return got


def test_the_fall_with_a_day_between_is_a_change() -> None:
    got = _kinds("The fall on Sunday of Kunduz to the Taliban shocked officials in the "
                 "capital.")
    assert got["Kunduz"] == ("control_change", "TALIBAN"), got


def test_a_possessive_fall_is_a_change() -> None:
    got = _kinds("Taliban fighters advanced for a week. Kunduz's fall came on Sunday.")
    assert got["Kunduz"][0] == "control_change", got


def test_the_fall_of_one_place_is_no_change_of_the_place_before_it() -> None:
    got = _kinds("Officials in Kabul feared the fall of Kunduz to the Taliban.")
    assert got["Kabul"][0] == "mention", got


def test_restored_control_is_a_capture() -> None:
    got = _kinds("Government forces re-established control over Kunduz on Monday after the "
                 "Taliban withdrew.")
    assert got["Kunduz"] == ("control_change", "AFGHAN_GOV"), got


def test_reoccupied_is_a_capture() -> None:
    got = _kinds("Afghan troops reoccupied Kunduz on Monday.")
    assert got["Kunduz"] == ("control_change", "AFGHAN_GOV"), got


def test_a_province_locating_the_subject_of_fell_is_no_change() -> None:
    got = _kinds("The mining town of Ngungu, in the province of North Kivu, fell into the "
                 "hands of the M23 on Sunday.", "2023-02-27")
    assert got.get("North Kivu", ("mention", ""))[0] == "mention", got
