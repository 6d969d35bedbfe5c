"""No junk actors on real reporting: every actor extracted from every real paragraph is a name.

The paragraphs are read at test time from the shared real-news set (and the project's real dev
paragraphs); nothing of them is copied here. Skipped when the files are absent.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_extract_a4_actors import JUNK  # weapons, crowds, bare nouns, units as written

from geomap.extract import extract_records

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = [ROOT.parent / "shared" / "data" / "real-news" / "texts",
           ROOT / "tests" / "data" / "real-news" / "texts-dev"]
#: An actor is a named force: a pronoun or determiner phrase points at one, it does not name it.
PRONOUN_RE = re.compile(r"\b(?:their|our|its|his|her|my|your|they|we|it|them|us|this|that|"
                        r"these|those)\b", re.IGNORECASE)
#: A country with a speech verb ("Ukraine called its...") is a sentence fragment, not a name.
FRAGMENT_RE = re.compile(r"\b(?:called|said|says|told|announced|claimed|reported)\b",
                         re.IGNORECASE)


def _texts() -> list[Path]:
    return [p for folder in FOLDERS if folder.is_dir() for p in sorted(folder.glob("*.txt"))]


def test_pronoun_filter_catches_the_phrases_it_must() -> None:
    for junk in ("their total", "our total", "Ukraine called its", "its own units"):
        assert PRONOUN_RE.search(junk) or FRAGMENT_RE.search(junk), junk
    for name in ("RSF", "Tigrayan forces", "Islamic State militants", "Houthi rebels"):
        assert not (PRONOUN_RE.search(name) or FRAGMENT_RE.search(name)), name


@pytest.mark.skipif(not _texts(), reason="real-news paragraphs not present")
def test_no_pronoun_or_fragment_actor_in_real_paragraphs() -> None:
    bad = []
    for path in _texts():
        events, _unresolved, _report = extract_records(path.read_text(encoding="utf-8"),
                                                       source=path.stem)
        for ev in events:
            for field in ("actor", "previous_actor"):
                actor = ev[field]
                if actor and (PRONOUN_RE.search(actor) or FRAGMENT_RE.search(actor)
                              or "\n" in actor or re.search(r"[a-z]{2}\.\s+\S", actor)
                              or actor.lower() in JUNK):
                    bad.append(f"{path.stem}: {field}={actor!r}")
    assert not bad, "\n".join(bad)
