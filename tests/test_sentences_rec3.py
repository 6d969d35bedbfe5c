"""Sentence boundaries after brackets, quotes, glued full stops and abbreviations (#17)."""

from __future__ import annotations

import pytest

from geomap.extract.sentences import split_sentences


def _parts(text: str) -> list[str]:
    return [text[s.start:s.end] for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A full stop inside a short bracketed aside does not end the sentence; the one after
        # the bracket does.
        ("Militia held Korvan (pop. 12,500). Soldiers then moved east.",
         ["Militia held Korvan (pop. 12,500).", "Soldiers then moved east."]),
        ("Scouts were 4 km out (approx.). Tanks followed at noon.",
         ["Scouts were 4 km out (approx.).", "Tanks followed at noon."]),
        # After a closing quote or bracket the next sentence starts.
        ('The mayor said "we are leaving." Rebels arrived at dusk.',
         ['The mayor said "we are leaving."', "Rebels arrived at dusk."]),
        ("Shelling hit Dorla (see map). Guards left the bridge.",
         ["Shelling hit Dorla (see map).", "Guards left the bridge."]),
        # A month abbreviation before a word ends the sentence; before a day it does not.
        ("The garrison left in Feb. Raiders took the fort.",
         ["The garrison left in Feb.", "Raiders took the fort."]),
        ("The garrison left on Feb. 9 after a siege.",
         ["The garrison left on Feb. 9 after a siege."]),
        # An acronym or initial followed by a sentence opener ends the sentence.
        ("Jets came from the U.K. The brigade then crossed.",
         ["Jets came from the U.K.", "The brigade then crossed."]),
        ("The news came on channel Y. They withdrew soon after.",
         ["The news came on channel Y.", "They withdrew soon after."]),
        # A clock time written with a dot is not an acronym.
        ("Gunfire began at 06.30. Nobody was hurt.",
         ["Gunfire began at 06.30.", "Nobody was hurt."]),
    ],
)
def test_boundaries(text: str, expected: list[str]) -> None:
    assert _parts(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Marines reached Telvik.The port is now theirs.",
         ["Marines reached Telvik.", "The port is now theirs."]),
        ("The depot burned.”Firefighters came later.",
         ["The depot burned.”", "Firefighters came later."]),
        ("Read more at dailyfront.Net today.", ["Read more at dailyfront.Net today."]),
    ],
)
def test_glued_stops(text: str, expected: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    # Scraped text that lost the space after the full stop (a switch, off by default).
    from geomap.extract import sentences

    assert _parts(text) == [text]
    monkeypatch.setattr(sentences, "GLUED_STOPS", True)
    assert _parts(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. Navy sent two ships.",
        "Gen. Harlow Pike visited the front.",
        "Lt. Col. Amara Diop spoke to the U.N. envoy.",
        "Read more at dailyfront.Net today.",
        "Col. B. Okafor inspected the lines.",
    ],
)
def test_not_boundaries(text: str) -> None:
    assert _parts(text) == [text]
