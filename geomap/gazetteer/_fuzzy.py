"""Fuzzy key search with a bigram prefilter: same answers as a full ``rapidfuzz`` scan.

``rapidfuzz.process.extract(q, keys, scorer=fuzz.ratio, score_cutoff=c)`` over the 170,000
fuzzy keys of the default index takes ~15 ms a query, mostly converting every key again. Only
keys that can reach the cutoff need scoring, and two exact bounds find them:

* ``fuzz.ratio`` is ``100 * (1 - d / (len(q) + len(t)))`` with ``d`` the insert/delete
  (Indel) distance, so a key can reach cutoff ``c`` only if ``d <= D = (1 - c/100) * (lq + lt)``;
* ``d >= |lq - lt|`` (length filter), and every insert or delete destroys at most two
  character-bigram positions of ``q``, so ``t`` shares at least ``|B(q)| - 2 d`` of the
  distinct bigrams ``B(q)`` of ``q`` (count filter, from an inverted bigram index).

The survivors (a few to a few hundred keys) are scored by the same scorer, in key order, so
scores and tie order equal those of the full scan. Queries must be ASCII (the gazetteer only
runs fuzzy matching on ASCII keys); bigrams of the keys are taken over their UTF-8 bytes,
which for ASCII bigrams is the same as over characters.
"""

from __future__ import annotations

import logging
import math
import os
import shutil
import time
from pathlib import Path
from typing import Any

import numpy as np

from geomap._io import atomic as _atomic

log = logging.getLogger("geomap.gazetteer.fuzzy")

_SEP = 10  # "\n": keys never contain it
_EPS = 1e-6
#: Folder (inside the index folder) where the prefilter arrays are kept after their first build.
SIDECAR = "fuzzy-prefilter-v1"
_ARRAYS = ("lens", "by_len", "len_offs", "counts", "post", "offs")


def _columns() -> np.ndarray:
    """Byte -> column of the character-count matrix: a-z, 0-9, space, anything else."""
    col = np.full(256, 37, dtype=np.int64)
    col[np.frombuffer(b"abcdefghijklmnopqrstuvwxyz0123456789 ", dtype=np.uint8)] = np.arange(37)
    return col


_COLUMNS = _columns()
_NCOL = 38


class FuzzyIndex:
    """Prefiltered fuzzy search over *keys*.

    Parameters
    ----------
    keys
        The searchable keys; results are positions in this list.
    arrays
        Prefilter arrays from :func:`build_arrays` (built from *keys* when omitted).
    """

    def __init__(self, keys: list[str], arrays: dict[str, np.ndarray] | None = None) -> None:
        self.keys = keys
        arr = build_arrays(keys) if arrays is None else arrays
        self.lens = arr["lens"]
        self.by_len = arr["by_len"]
        self.len_offs = arr["len_offs"]
        self.counts = arr["counts"]
        self.post = arr["post"]
        self.offs = arr["offs"]

    @classmethod
    def open(cls, keys: list[str], folder: Path) -> FuzzyIndex:
        """The prefilter of the index in *folder*: memory-mapped if built before, else built
        (~0.5 s) and kept there for the next processes (atomically; read-only folders are
        fine: the arrays then stay in memory)."""
        side = Path(folder) / SIDECAR
        try:
            arr = {n: np.load(side / f"{n}.npy", mmap_mode="r", allow_pickle=False).view(
                np.ndarray) for n in _ARRAYS}
            if len(arr["lens"]) == len(keys) and arr["counts"].shape == (len(keys), _NCOL):
                return cls(keys, arr)
            log.warning("fuzzy prefilter in %s does not match its index: rebuilt", side)
        except (OSError, ValueError):
            pass
        built = build_arrays(keys)
        _save(side, built)
        return cls(keys, built)

    def extract(self, q: str, *, cutoff: float, limit: int) -> list[tuple[str, float, int]]:
        """``process.extract(q, keys, scorer=fuzz.ratio, limit=limit, score_cutoff=cutoff)``."""
        from rapidfuzz import fuzz, process

        cand = self._survivors(q, cutoff)
        if cand is None:  # no usable bound (non-ASCII query, cutoff 0): scan everything
            return process.extract(  # type: ignore[no-any-return]
                q, self.keys, scorer=fuzz.ratio, limit=limit, score_cutoff=cutoff)
        if len(cand) == 0:
            return []
        pos = cand.tolist()
        keys = self.keys
        found = process.extract(q, [keys[p] for p in pos], scorer=fuzz.ratio, limit=None,
                                score_cutoff=cutoff)
        # Survivors are in key order and extract keeps input order among equal scores.
        return [(k, s, pos[i]) for k, s, i in found[:limit]]

    def _survivors(self, q: str, cutoff: float) -> Any:
        """Positions (ascending) of every key that can reach *cutoff*; None: no bound."""
        frac = 1.0 - cutoff / 100.0
        if not q.isascii() or not q or frac >= 1.0 or frac < 0.0:
            return None
        raw = q.encode("ascii")
        grams = sorted({raw[i] * 256 + raw[i + 1] for i in range(len(raw) - 1)})
        nb = len(grams)
        lq = len(q)
        # Key lengths that can reach the cutoff: |lt - lq| <= D(lt) = frac * (lq + lt).
        lt_lo = max(1, math.ceil(lq * (1 - frac) / (1 + frac) - _EPS))
        lt_hi = min(len(self.len_offs) - 2, math.floor(lq * (1 + frac) / (1 - frac) + _EPS))
        if lt_hi < lt_lo:
            return np.zeros(0, dtype=np.int64)
        need = {lt: nb - 2 * math.floor(frac * (lq + lt) + _EPS)
                for lt in range(lt_lo, lt_hi + 1)}
        parts: list[np.ndarray] = []
        open_lengths = [lt for lt, t in need.items() if t <= 0]
        for lt in open_lengths:  # a key sharing no bigram could still match
            parts.append(self.by_len[self.len_offs[lt]:self.len_offs[lt + 1]])
        if len(open_lengths) < len(need):
            offs, post = self.offs, self.post
            hits = np.concatenate([post[offs[g]:offs[g + 1]] for g in grams])
            if len(hits):
                shared = np.bincount(hits, minlength=len(self.keys))
                found = np.flatnonzero(shared >= max(1, min(need.values())))
                # Bigrams a key of each length must share (unreachable lengths: never).
                table = np.array([need.get(x, 10 ** 6) for x in range(lt_hi + 2)])
                found = found[shared[found] >= table[np.minimum(self.lens[found], lt_hi + 1)]]
                parts.append(found)
        if not parts:
            return np.zeros(0, dtype=np.int64)
        cand = np.unique(np.concatenate(parts)) if len(parts) > 1 else parts[0]
        # Character-count bound: d >= lq + lt - 2 * sum_c min(q_c, t_c).
        qv = np.bincount(_COLUMNS[np.frombuffer(raw, dtype=np.uint8)], minlength=_NCOL)
        common = np.minimum(self.counts[cand], qv.astype(np.uint8)).sum(axis=1, dtype=np.int64)
        lts = self.lens[cand].astype(np.int64)
        return cand[lq + lts - 2 * common <= np.floor(frac * (lq + lts) + _EPS)]


def build_arrays(keys: list[str]) -> dict[str, np.ndarray]:
    """Prefilter arrays of *keys*: lengths, bigram postings and character counts."""
    t0 = time.perf_counter()
    n = len(keys)
    lens = np.fromiter(map(len, keys), dtype=np.int32, count=n)
    # Keys of each length, in key order (for lengths where the bigram bound is void).
    by_len = np.argsort(lens, kind="stable").astype(np.int32)
    len_offs = np.searchsorted(lens[by_len], np.arange(int(lens.max(initial=0)) + 2))
    blob = np.frombuffer("\n".join(keys).encode("utf-8"), dtype=np.uint8)
    # Key number of each byte: how many separators precede it.
    kid = np.concatenate(([0], np.cumsum(blob == _SEP)[:-1])).astype(np.int64)
    letters = blob != _SEP
    # Character counts per key (non-ASCII bytes all count as "other": an upper bound on the
    # characters a key shares with an ASCII query, which keeps the filter exact).
    counts = np.minimum(np.bincount(kid[letters] * _NCOL + _COLUMNS[blob[letters]],
                                    minlength=n * _NCOL), 255).astype(np.uint8).reshape(n, _NCOL)
    first, second = blob[:-1], blob[1:]
    valid = letters[:-1] & letters[1:]
    pairs = ((first.astype(np.int64) * 256 + second)[valid] << 32) | kid[:-1][valid]
    pairs.sort()  # sort + neighbour test: np.unique is ~30x slower here
    keep = np.ones(len(pairs), dtype=bool)
    keep[1:] = pairs[1:] != pairs[:-1]
    pairs = pairs[keep]  # distinct (bigram, key), bigram-major, keys ascending
    arrays = {
        "lens": lens, "by_len": by_len, "len_offs": len_offs, "counts": counts,
        "post": (pairs & 0xFFFFFFFF).astype(np.int32),
        "offs": np.searchsorted(pairs >> 32, np.arange(65537, dtype=np.int64)),
    }
    log.debug("fuzzy prefilter: %d keys, %d bigram postings in %.2f s", n, len(arrays["post"]),
              time.perf_counter() - t0)
    return arrays


def _save(side: Path, arrays: dict[str, np.ndarray]) -> None:
    """Write the arrays into folder *side* atomically (another writer may win: fine)."""
    tmp = None
    try:
        # Named so that a killed build's folder is removed by the next one.
        tmp = _atomic.temp_dir(side)
        for name, arr in arrays.items():
            np.save(tmp / f"{name}.npy", np.ascontiguousarray(arr), allow_pickle=False)
        os.replace(tmp, side)
    except OSError as exc:  # read-only cache, or another process was first
        log.debug("fuzzy prefilter not kept in %s: %s", side, exc)
    finally:
        if tmp is not None and tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
