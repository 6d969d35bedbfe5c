"""Compact, memory-mapped gazetteer index.

Layout of an index folder (all arrays are ``.npy`` files opened with ``mmap_mode="r"``, so
worker processes share the pages through the OS cache instead of unpickling a copy each):

``keys``        uint64, sorted: 64-bit BLAKE2b hash of each distinct normalised key
``post_off``    int64, len(keys)+1: postings of key i are ``post_off[i]:post_off[i+1]``
``post_ent``    int32: entry numbers; ``post_kind`` uint8: how the key names the entry
``lat lon``     float64; ``pop`` int64; ``cc`` S2; ``feat`` ``src`` ``prec`` ``flags`` uint8;
                ``adm1`` int32 (flags: 1 = national capital)
``names``       UTF-8 blob + ``names_off``; ``sids`` (source ids) the same way
``fuzzy``       newline-joined keys for the rapidfuzz fallback, ``fuzzy_ent`` their entries
``meta.json``   version key, feature/source/precision tables, admin1 table, counts

The folder is written under a temporary name and renamed into place, so a reader never sees a
half-written index and concurrent builders do not corrupt each other.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from geomap._io import atomic as _atomic
from geomap.gazetteer import _bulknorm as bulk
from geomap.gazetteer import _normalize as norm
from geomap.gazetteer._sources import (
    BARE,
    CODE,
    CORE,
    DEMONYM,
    FEATURES,
    FOLD,
    PRIMARY,
    SOURCES,
    Record,
)

log = logging.getLogger("geomap.gazetteer.index")

PRECISIONS: tuple[str, ...] = ("point", "town", "district", "region", "country")
INDEX_FORMAT = 4
FLAG_CAPITAL = 1
_ARRAYS = ("keys", "post_off", "post_ent", "post_kind", "lat", "lon", "pop", "cc", "feat", "src",
           "prec", "adm1", "flags", "names_off", "sids_off", "fuzzy_ent")


def khash(k: str) -> int:
    """Stable 64-bit hash of a normalised key."""
    return int.from_bytes(hashlib.blake2b(k.encode("utf-8"), digest_size=8).digest(), "little")


def _name_keys(name: str, kind: int) -> list[tuple[str, int]]:
    k = norm.key(name)
    if not k:
        return []
    out = [(k, kind)]
    if kind in (CODE, DEMONYM):
        return out
    if kind == FOLD:
        # A spelling made by rule (press_spellings): every key of it counts as a fold.
        b, f = norm.bare(k), norm.fold(k)
        return out + ([(b, FOLD)] if b else []) + ([("~" + f, FOLD)] if f else [])
    b = norm.bare(k)
    if b:
        out.append((b, BARE))
    if kind == PRIMARY:
        f = norm.fold(k)
        if f:
            out.append(("~" + f, FOLD))
    core, feat = norm.split_feature(k)
    if feat is not None and core != k:
        out.append((core, CORE))
        cb = norm.bare(core)
        if cb:
            out.append((cb, CORE))
    return out


def _postings(names: list[str], kinds: list[int], ents: list[int]
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every (key hash, entry, kind) posting of the names, column-wise.

    The same postings as :func:`_name_keys` gives name by name (duplicates aside, which the
    caller drops), but normalised as whole columns (:mod:`._bulknorm`): the scalar loop over a
    million names was half of a cold index build, which every fresh machine and CI run pays.
    """
    kind_a = np.asarray(kinds, dtype=np.uint8)
    ent_a = np.asarray(ents, dtype=np.int32)
    ks = np.asarray(bulk.keys(names), dtype=object)
    has = ks != ""
    out_k: list[np.ndarray] = [ks[has]]
    out_e: list[np.ndarray] = [ent_a[has]]
    out_kd: list[np.ndarray] = [kind_a[has]]

    def emit(sel: np.ndarray, values: np.ndarray, kd: np.ndarray | int) -> None:
        out_k.append(values[sel])
        out_e.append(ent_a[sel])
        out_kd.append(kd[sel] if isinstance(kd, np.ndarray)
                      else np.full(int(sel.sum()), kd, dtype=np.uint8))

    # Without the article: every kind but codes and demonyms (a press spelling's counts as a
    # fold, as all its keys do).
    named = has & (kind_a != CODE) & (kind_a != DEMONYM)
    idx = np.flatnonzero(named)
    bared = np.full(len(ks), "", dtype=object)
    bared[idx] = bulk.bares(ks[idx].tolist())
    bared[bared == ks] = ""
    emit((bared != "") & named, bared,
         np.where(kind_a == FOLD, FOLD, BARE).astype(np.uint8))
    # The transliteration fold: primary names and press spellings.
    folding = has & ((kind_a == PRIMARY) | (kind_a == FOLD))
    idx = np.flatnonzero(folding)
    folded = np.full(len(ks), "", dtype=object)
    folded[idx] = ["~" + f if f else "" for f in bulk.folds(ks[idx].tolist())[0]]
    emit(folded != "", folded, FOLD)
    # The core without a feature word ("x airbase" -> "x"), and its bare form.
    cand = named & (kind_a != FOLD)
    idx = np.flatnonzero(cand)
    idx = idx[bulk.feature_or_article(ks[idx].tolist())]
    core_k: list[str] = []
    core_e: list[int] = []
    for i in idx.tolist():
        k = ks[i]
        core, feat = bulk.split_feature(k)
        if feat is None or core == k:
            continue
        core_k.append(core)
        core_e.append(ents[i])
        cb = norm.bare(core)
        if cb:
            core_k.append(cb)
            core_e.append(ents[i])
    out_k.append(np.asarray(core_k, dtype=object))
    out_e.append(np.asarray(core_e, dtype=np.int32))
    out_kd.append(np.full(len(core_k), CORE, dtype=np.uint8))

    all_k = np.concatenate(out_k)
    codes, uniques = pd.factorize(all_k)
    h_arr = bulk.hashes(uniques.tolist())[codes]
    return h_arr, np.concatenate(out_e), np.concatenate(out_kd)


def build(records: Iterable[Record], folder: Path, *, version: str,
          aliases: Iterable[tuple[str, str, int]] = ()) -> Path:
    """Build an index from *records* into *folder* (atomically). Returns *folder*."""
    t0 = time.perf_counter()
    lat: list[float] = []
    lon: list[float] = []
    pop: list[int] = []
    cc: list[bytes] = []
    feat: list[int] = []
    src: list[int] = []
    prec: list[int] = []
    adm1: list[int] = []
    flags: list[int] = []
    names: list[str] = []
    sids: list[str] = []
    adm1_table: dict[str, int] = {}
    fuzzy: dict[str, int] = {}
    by_sid: dict[str, int] = {}
    feat_ix = {f: i for i, f in enumerate(FEATURES)}
    src_ix = {s: i for i, s in enumerate(SOURCES)}
    prec_ix = {p: i for i, p in enumerate(PRECISIONS)}
    name_col: list[str] = []
    kind_col: list[int] = []
    ent_col: list[int] = []
    primary: list[str] = []
    primary_ent: list[int] = []

    for rec in records:
        ent = len(lat)
        lat.append(rec.lat)
        lon.append(rec.lon)
        pop.append(rec.population)
        cc.append(rec.country.encode("ascii", "replace")[:2])
        feat.append(feat_ix.get(rec.feature, feat_ix["landmark"]))
        src.append(src_ix[rec.source])
        prec.append(prec_ix.get(rec.geo_precision, 1))
        flags.append(FLAG_CAPITAL if rec.capital else 0)
        adm1.append(adm1_table.setdefault(rec.admin1, len(adm1_table)) if rec.admin1 else -1)
        names.append(rec.name)
        sid = f"{rec.source}:{rec.sid}"
        sids.append(sid)
        by_sid[sid] = ent
        for name, kind in rec.names:
            name_col.append(name)
            kind_col.append(kind)
            ent_col.append(ent)
        if rec.source != "geonames" or rec.population >= 1000:
            primary.append(rec.name)
            primary_ent.append(ent)
    for alias, target, kind in aliases:
        ent_or_none = by_sid.get(target)
        if ent_or_none is None:
            log.warning("alias %r: unknown target %s", alias, target)
            continue
        name_col.append(alias)
        kind_col.append(kind)
        ent_col.append(ent_or_none)
    for pk, ent in zip(bulk.keys(primary), primary_ent, strict=True):
        if pk:
            fuzzy.setdefault(pk, ent)

    h_arr, e_arr, k_arr = _postings(name_col, kind_col, ent_col)
    # A demonym names its country as a demonym even where a source also lists the word as an
    # alternate name of the country: that posting gives way.
    is_dem = k_arr == DEMONYM
    if is_dem.any():
        dem = set(zip(h_arr[is_dem].tolist(), e_arr[is_dem].tolist(), strict=True))
        maybe = np.flatnonzero(~is_dem & np.isin(e_arr, e_arr[is_dem]))
        gone = [i for i, h, e in zip(maybe.tolist(), h_arr[maybe].tolist(),
                                     e_arr[maybe].tolist(), strict=True) if (h, e) in dem]
        if gone:
            keep_p = np.ones(len(h_arr), dtype=bool)
            keep_p[gone] = False
            h_arr, e_arr, k_arr = h_arr[keep_p], e_arr[keep_p], k_arr[keep_p]
    order = np.lexsort((k_arr, e_arr, h_arr))
    h_arr, e_arr, k_arr = h_arr[order], e_arr[order], k_arr[order]
    # One posting per (key, entry): the best kind (sorted first).
    keep = np.ones(len(h_arr), dtype=bool)
    keep[1:] = (h_arr[1:] != h_arr[:-1]) | (e_arr[1:] != e_arr[:-1])
    h_arr, e_arr, k_arr = h_arr[keep], e_arr[keep], k_arr[keep]
    keys, starts = np.unique(h_arr, return_index=True)
    post_off = np.append(starts, len(h_arr)).astype(np.int64)

    arrays: dict[str, np.ndarray] = {
        "keys": keys.astype(np.uint64),
        "post_off": post_off,
        "post_ent": e_arr,
        "post_kind": k_arr,
        "lat": np.array(lat, dtype=np.float64),
        "lon": np.array(lon, dtype=np.float64),
        "pop": np.array(pop, dtype=np.int64),
        "cc": np.array(cc, dtype="S2"),
        "feat": np.array(feat, dtype=np.uint8),
        "src": np.array(src, dtype=np.uint8),
        "prec": np.array(prec, dtype=np.uint8),
        "adm1": np.array(adm1, dtype=np.int32),
        "flags": np.array(flags, dtype=np.uint8),
    }
    names_blob, arrays["names_off"] = _blob(names)
    sids_blob, arrays["sids_off"] = _blob(sids)
    fuzzy_keys = list(fuzzy)
    arrays["fuzzy_ent"] = np.array([fuzzy[k] for k in fuzzy_keys], dtype=np.int32)
    meta: dict[str, Any] = {
        "format": INDEX_FORMAT,
        "version": version,
        "features": list(FEATURES),
        "sources": list(SOURCES),
        "precisions": list(PRECISIONS),
        "admin1": sorted(adm1_table, key=adm1_table.__getitem__),
        "n_entries": len(lat),
        "n_keys": int(len(keys)),
        "n_postings": int(len(h_arr)),
        "built_seconds": 0.0,
    }
    folder.parent.mkdir(parents=True, exist_ok=True)
    # Named so that a killed build's folder is removed by the next one.
    tmp = _atomic.temp_dir(folder)
    try:
        for name, arr in arrays.items():
            np.save(tmp / f"{name}.npy", np.ascontiguousarray(arr), allow_pickle=False)
        (tmp / "names.bin").write_bytes(names_blob)
        (tmp / "sids.bin").write_bytes(sids_blob)
        (tmp / "fuzzy.txt").write_text("\n".join(fuzzy_keys), encoding="utf-8")
        meta["built_seconds"] = round(time.perf_counter() - t0, 2)
        (tmp / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
        try:
            os.replace(tmp, folder)
        except OSError:
            # Another process won the race (the target exists and is not empty): use theirs.
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    log.info("gazetteer index built: %d entries, %d keys in %.1f s -> %s",
             meta["n_entries"], meta["n_keys"], meta["built_seconds"], folder)
    return folder


def _map_bytes(path: Path) -> Any:
    """Read-only memory map of a file as a bytes-like object (empty files allowed)."""
    import mmap

    if path.stat().st_size == 0:
        return b""
    with path.open("rb") as fh:
        return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)


def _blob(strings: list[str]) -> tuple[bytes, np.ndarray]:
    encoded = [s.encode("utf-8") for s in strings]
    off = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=off[1:])
    return b"".join(encoded), off


class Index:
    """Read-only view of a built index folder (memory-mapped)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.meta: dict[str, Any] = json.loads((self.folder / "meta.json").read_text("utf-8"))
        # Plain ndarray views of the memory maps: same shared pages, without np.memmap's
        # per-item Python overhead (which dominates small lookups).
        arr: dict[str, np.ndarray] = {
            n: np.load(self.folder / f"{n}.npy", mmap_mode="r", allow_pickle=False).view(
                np.ndarray)
            for n in _ARRAYS
        }
        self.keys = arr["keys"]
        self.post_off = arr["post_off"]
        self.post_ent = arr["post_ent"]
        self.post_kind = arr["post_kind"]
        self.lat = arr["lat"]
        self.lon = arr["lon"]
        self.pop = arr["pop"]
        self.cc = arr["cc"]
        self.feat = arr["feat"]
        self.src = arr["src"]
        self.prec = arr["prec"]
        self.adm1 = arr["adm1"]
        self.flags = arr["flags"]
        self.names_off = arr["names_off"]
        self.sids_off = arr["sids_off"]
        self.fuzzy_ent = arr["fuzzy_ent"]
        self._names = _map_bytes(self.folder / "names.bin")
        self._sids = _map_bytes(self.folder / "sids.bin")
        self.features: list[str] = self.meta["features"]
        self.sources: list[str] = self.meta["sources"]
        self.precisions: list[str] = self.meta["precisions"]
        self.admin1_codes: list[str] = self.meta["admin1"]
        self._fuzzy_keys: list[str] | None = None
        self._n_keys = len(self.keys)
        self._post_cache: dict[str, tuple[tuple[int, int], ...]] = {}

    def __len__(self) -> int:
        return int(self.meta["n_entries"])

    def postings(self, k: str) -> tuple[tuple[int, int], ...]:
        """Entries named by normalised key *k*: ``((entry, kind), ...)``."""
        hit = self._post_cache.get(k)
        if hit is not None:
            return hit
        h = khash(k)
        i = int(self.keys.searchsorted(np.uint64(h)))
        out: tuple[tuple[int, int], ...] = ()
        if i < self._n_keys and int(self.keys[i]) == h:
            a, b = self.post_off[i:i + 2].tolist()
            ents = self.post_ent[a:b].tolist()
            kinds = self.post_kind[a:b].tolist()
            out = tuple(zip(ents, kinds, strict=True))
        if len(self._post_cache) > 100_000:
            self._post_cache.clear()
        self._post_cache[k] = out
        return out

    def name(self, ent: int) -> str:
        a, b = self.names_off[ent:ent + 2].tolist()
        return self._names[a:b].decode("utf-8")

    def sid(self, ent: int) -> str:
        a, b = self.sids_off[ent:ent + 2].tolist()
        return self._sids[a:b].decode("utf-8")

    def fuzzy_keys(self) -> list[str]:
        if self._fuzzy_keys is None:
            self._fuzzy_keys = (self.folder / "fuzzy.txt").read_text("utf-8").split("\n")
        return self._fuzzy_keys
