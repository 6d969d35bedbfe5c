"""English word list for the tagger: is a capitalised word also a common lower-case word?

The ``english-words`` package ships Webster's Second International (``web2``) as a pickled set,
about 28 MB of Python strings in every process that loads it. geomap keeps two sorted
fixed-width byte arrays instead (lower-case words; capitalised words, i.e. proper nouns), built
once into the cache folder and memory-mapped, so that worker processes share one copy through
the page cache. If the cache folder cannot be written the arrays are kept in memory.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np

from geomap._io.atomic import replace_dir, temp_dir
from geomap._io.cache import cache_dir

log = logging.getLogger("geomap.gazetteer.words")

_FORMAT = 1


def _folder() -> Path:
    try:
        release = version("english-words")
    except PackageNotFoundError:  # pragma: no cover - a declared dependency
        release = "unknown"
    return cache_dir() / f"words-web2-{release}-v{_FORMAT}"


def _arrays_from_package() -> tuple[np.ndarray, np.ndarray]:
    from english_words import get_english_words_set

    words = [w for w in get_english_words_set(["web2"], lower=False) if w.isascii()]
    common = sorted(w for w in words if w.islower())
    proper = sorted(w for w in words if w[:1].isupper())
    return (np.array([w.encode("ascii") for w in common], dtype=np.bytes_),
            np.array([w.encode("ascii") for w in proper], dtype=np.bytes_))


@lru_cache(maxsize=1)
def _tables() -> tuple[np.ndarray, np.ndarray]:
    folder = _folder()
    paths = (folder / "common.npy", folder / "proper.npy")
    if not all(p.exists() for p in paths):
        common, proper = _arrays_from_package()
        try:
            folder.parent.mkdir(parents=True, exist_ok=True)
            tmp = temp_dir(folder)
            np.save(tmp / "common.npy", common)
            np.save(tmp / "proper.npy", proper)
            replace_dir(tmp, folder)
        except OSError as exc:
            log.warning("word list not cached (%s); kept in memory", exc)
            return common, proper
    return (np.load(paths[0], mmap_mode="r"), np.load(paths[1], mmap_mode="r"))


def _contains(table: np.ndarray, word: bytes) -> bool:
    i = int(np.searchsorted(table, word))
    return i < len(table) and bytes(table[i]) == word


def is_common_word(token: str) -> bool:
    """Whether *token* is a lower-case English word and not also a proper noun of the list.

    ``"Commerce"`` and ``"Royal"`` are; ``"Paris"`` (listed capitalised) and ``"Tripoli"`` (not
    listed) are not. Case of the token's first letter does not matter.
    """
    if not token.isascii() or not token.isalpha():
        return False
    common, proper = _tables()
    return (_contains(common, token.lower().encode("ascii"))
            and not _contains(proper, token.encode("ascii")))
