"""The tagger's English word list: cached arrays answer as the package's word set does."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from geomap.gazetteer import _words


@pytest.fixture(scope="module")
def fresh_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    # One build for the module: building the arrays from the package takes about 0.6 s.
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("GEOMAP_CACHE_DIR", str(folder))
        _words._tables.cache_clear()
        yield folder
    _words._tables.cache_clear()


@pytest.mark.parametrize(("token", "common"), [
    ("Commerce", True), ("commerce", True), ("Royal", True), ("Day", True),
    ("Paris", False),  # listed as a proper noun
    ("Tripoli", True),  # also a polishing powder
    ("Misrata", False), ("Kharkiv", False), ("Ørsta", False), ("Day's", False), ("", False),
])
def test_common_words(fresh_cache: Path, token: str, common: bool) -> None:
    assert _words.is_common_word(token) is common


def test_arrays_are_built_once_and_agree_with_the_package(fresh_cache: Path) -> None:
    from english_words import get_english_words_set

    assert _words.is_common_word("mobile")
    built = list(fresh_cache.glob("words-web2-*/common.npy"))
    assert len(built) == 1
    words = sorted(get_english_words_set(["web2"], lower=False))[::97]
    lower = {w for w in get_english_words_set(["web2"], lower=False) if w.islower()}
    proper = {w for w in get_english_words_set(["web2"], lower=False) if w[:1].isupper()}
    for w in words:
        assert _words.is_common_word(w) == (w.lower() in lower and w not in proper), w


def test_unwritable_cache_keeps_the_list_in_memory(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(blocker / "cache"))
    _words._tables.cache_clear()
    try:
        assert _words.is_common_word("Commerce") and not _words.is_common_word("Paris")
    finally:
        _words._tables.cache_clear()
