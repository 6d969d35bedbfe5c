"""Hypotheticals and near misses are no confirmed change: "on the verge of taking X", "came
close to capturing X", "Had the rebels taken X, ...".

Sentences written for these tests (invented wording).
"""

from __future__ import annotations

import pytest

import geomap


def _kinds(text: str) -> dict[str, str]:
    ev = geomap.extract(text, date="2022-03-01")
    return {r.place: r.kind for r in ev.itertuples() if r.kind != "mention"}


@pytest.mark.parametrize("text", [
    "Russian troops were on the verge of capturing Kherson, a regional official warned.",
    "Russian troops came close to taking Kherson but were pushed back by the defenders.",
    "A military analyst said Russian troops were very close to seizing Kherson.",
])
def test_near_to_a_taking_is_fighting_not_a_change(text: str) -> None:
    assert _kinds(text).get("Kherson") == "contested", text


def test_an_inverted_condition_is_no_change() -> None:
    got = _kinds("Had Russian troops taken Kherson, the road to the west would be open.")
    assert "Kherson" not in got, got


def test_a_taking_near_a_place_is_still_a_change() -> None:
    got = _kinds("Russian troops took the city of Kherson, close to the river mouth, on Monday.")
    assert got.get("Kherson") == "control_change", got
