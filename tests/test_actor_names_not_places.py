"""A group's name is an actor, not a place, even where a distant town has it as an alternate
name (GeoNames lists foreign-language forms of towns that spell like armed groups)."""

from __future__ import annotations

from geomap.extract import extract_document


def test_group_name_spelt_like_a_foreign_town_is_no_place() -> None:
    text = ("Hamas gunmen withdrew from the eastern quarter of Khan Younis on Tuesday, "
            "and Israeli troops then took control of the quarter, the army said.")
    result = extract_document(text, date="2024-02-07")
    countries = set(result.events["country"].dropna())
    assert countries <= {"PS"}, result.events[["place", "location", "country"]]
    assert "Hamas" not in set(result.events["place"])
