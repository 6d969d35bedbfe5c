"""Geoparsing evaluation: predictions in the format ``shared/tools/score_geoparse.py`` reads.

Two tasks, as in Gritta et al.:

* toponym resolution (``gold_spans=True``): resolve the annotated spans of each document,
  all together, with the document text as context;
* end-to-end geoparsing: find toponyms in the raw text with :func:`find_toponyms`, then
  resolve them. News corpora annotate the demonyms that refer to a country ("Syrian troops",
  "the Israelis") as its toponyms (LGL and, by the issue's count, a third of the misses of
  held-out news corpora; GeoVirus does not): they are tagged and resolved to their country,
  which the library's own map path never does ("Russian forces" is no place to map).

As in the published evaluations every toponym gets a point when one can be guessed: names the
gazetteer lacks are approximated (``approximate=True``: the place they are named after, else the
middle of the document's places; see ``_disambig._approximate``). The library's own
:meth:`Gazetteer.resolve_mentions` leaves them unresolved instead.

The metric itself is never computed here: score the output with the shared scorer.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from geomap._io.atomic import write_text
from geomap.errors import InputError
from geomap.gazetteer import _normalize as norm
from geomap.gazetteer._disambig import resolve_document
from geomap.gazetteer._sources import ALT, PRIMARY
from geomap.gazetteer.gazetteer import Gazetteer
from geomap.gazetteer.toponyms import Mention, find_toponyms

log = logging.getLogger("geomap.gazetteer.evaluate")


def iter_gold(path: str | Path) -> Iterator[dict[str, Any]]:
    """Documents of a gold JSON-lines file (read line by line, never ``splitlines``)."""
    with Path(path).open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
            except ValueError as exc:
                raise InputError(f"{path}:{n}: not JSON: {exc}") from exc
            if not isinstance(doc, dict) or "id" not in doc or "text" not in doc:
                raise InputError(f"{path}:{n}: a document needs 'id' and 'text'")
            yield doc


#: Whether an airport named after its town is given as the town, as news corpora annotate it
#: (a switch for A/B measurements).
AIRPORT_TOWNS = True
_AIRPORT = re.compile(
    r"^(?P<head>.+?)\s+(?:(?:International|Regional|Municipal|Metropolitan|Intl\.?)\s+)?"
    r"(?:Airport|airport|Airfield|airfield)$")


def _airport_town(m: Mention, gaz: Gazetteer) -> Mention:
    """*m*, or the town an airport mention is named after ("Elmford International Airport"
    -> "Elmford"; "Elmford Hale Airport" -> "Elmford" for a city): news corpora annotate the
    town (LGL 8 times, GeoVirus 4 times, against once the whole name), at the town's point."""
    hit = _AIRPORT.match(m.text)
    if hit is None:
        return m
    words = hit.group("head").split(" ")
    for n in range(len(words), 0, -1):
        head = " ".join(words[:n])
        # The airport's own name after its town's ("Elmford Hale International Airport")
        # is dropped only for a city: "Jon Hale Airport" is named after a person.
        if _is_town(gaz, head, 0 if n == len(words) else _CITY_POP):
            return Mention(m.start, m.start + len(head), head)
    return m


_CITY_POP = 100_000


def _is_town(gaz: Gazetteer, name: str, min_pop: int) -> bool:
    ix = gaz.index
    towns = {"city", "town", "village"}
    return any(kind in (PRIMARY, ALT) and ix.features[int(ix.feat[ent])] in towns
               and int(ix.pop[ent]) >= min_pop for ent, kind in ix.postings(norm.key(name)))


def predict_document(doc: dict[str, Any], gaz: Gazetteer, *, gold_spans: bool,
                     approximate: bool = True, demonyms: bool = True) -> dict[str, Any]:
    """Prediction line for one document."""
    text: str = doc["text"]
    if gold_spans:
        mentions = [Mention(int(t["start"]), int(t["end"]), text[int(t["start"]):int(t["end"])])
                    for t in doc.get("toponyms", [])]
    else:
        mentions = find_toponyms(text, gaz, demonyms=demonyms)
        if AIRPORT_TOWNS:
            mentions = [_airport_town(m, gaz) for m in mentions]
    results = resolve_document(gaz, list(mentions), text=text, country=None,
                               approximate=approximate)
    tops = []
    for m, r in zip(mentions, results, strict=True):
        p = r.place
        tops.append({"start": m.start, "end": m.end,
                     "lat": round(p.lat, 5) if p else None, "lon": round(p.lon, 5) if p else None})
    return {"id": doc["id"], "toponyms": tops}


def evaluate_file(gold: str | Path, out: str | Path, *, gold_spans: bool,
                  gazetteer: Gazetteer | None = None, limit: int | None = None,
                  approximate: bool = True, demonyms: bool = True) -> int:
    """Write predictions for every document of *gold* to *out* (atomically); return the count.

    With *demonyms* (end to end only) the demonyms that refer to a country ("Peruvian
    officials", "the Syrians") are toponyms resolved to it, as news corpora annotate them.
    """
    gaz = gazetteer or Gazetteer.default()
    lines = []
    for n, doc in enumerate(iter_gold(gold)):
        if limit is not None and n >= limit:
            break
        lines.append(json.dumps(predict_document(doc, gaz, gold_spans=gold_spans,
                                                 approximate=approximate, demonyms=demonyms)))
    write_text(Path(out), "\n".join(lines) + ("\n" if lines else ""))
    return len(lines)
