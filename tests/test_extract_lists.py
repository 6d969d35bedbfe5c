"""Lists: every item of a list after a change noun or verb is a change.

Sentences written for these tests (invented wording).
"""

from __future__ import annotations

import geomap


def _kinds(text: str, date: str = "2023-06-12") -> dict[str, str]:
    return {r.place: r.kind for r in geomap.extract(text, date=date).itertuples()}


def test_a_list_after_a_colon_follows_the_change_noun() -> None:
    got = _kinds("Ukrainian troops completed the recapture of three villages: Storozheve, "
                 "Makarivka and Blahodatne.")
    assert {got.get(p) for p in ("Storozheve", "Makarivka", "Blahodatne")} \
        == {"control_change"}, got


def test_a_list_after_a_colon_without_a_change_is_no_change() -> None:
    got = _kinds("Aid convoys reached three villages: Storozheve, Makarivka and Blahodatne.")
    assert "control_change" not in got.values(), got
