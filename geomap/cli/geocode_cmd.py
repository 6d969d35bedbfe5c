"""``geomap geocode NAME... [--country CC] [--context TEXT] [--json]``.

The names given together are resolved together (they set each other's country focus and
proximity), plus the place names found in ``--context``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from geomap.cli import add_common_options
from geomap.errors import InputError


def add_parser(subparsers: Any) -> None:
    """Register the ``geocode`` subcommand."""
    parser = subparsers.add_parser(
        "geocode", help="resolve place names offline",
        description="Resolve place names with the offline gazetteer. Names given together are "
                    "disambiguated together.",
    )
    parser.add_argument("names", nargs="+", metavar="NAME", help="place names")
    parser.add_argument("--country", metavar="CC",
                        help="country to prefer: ISO 3166-1 code (LY) or English name (Libya)")
    parser.add_argument("--context", metavar="TEXT", help="text whose place names set the focus")
    parser.add_argument("--json", action="store_true", help="JSON output (one array)")
    parser.add_argument("--candidates", type=int, default=3, metavar="N",
                        help="candidates listed per name in JSON output (default 3)")
    add_common_options(parser)
    parser.set_defaults(func=run)


def resolution_dict(res: Any, n_candidates: int = 3) -> dict[str, Any]:
    """JSON-ready view of a :class:`~geomap.gazetteer.Resolution`."""
    p = res.place
    out: dict[str, Any] = {
        "query": res.query,
        "resolved": p is not None,
        "name": p.name if p else None,
        "lat": p.lat if p else None,
        "lon": p.lon if p else None,
        "country": p.country if p else None,
        "feature": p.feature if p else None,
        "geo_precision": p.geo_precision if p else None,
        "id": p.id if p else None,
        "source": p.source if p else None,
        "licence": p.raw.get("licence") if p else None,
        "confidence": res.confidence,
        "ambiguous": res.ambiguous,
        "reason": res.reason,
        "candidates": [
            {"name": c.name, "lat": c.lat, "lon": c.lon, "country": c.country,
             "feature": c.feature, "id": c.id, "score": c.score}
            for c in res.candidates[:max(0, n_candidates)]
        ],
    }
    return out


def _country(value: str) -> str:
    """The ISO 3166-1 alpha-2 code of ``--country``: a code (``SD``, ``SDN``) or an English
    name (``Sudan``), as the country column of an analyst table."""
    from geomap.sources.tables._values import country_code

    text = value.strip()
    # XK (Kosovo) is a user-assigned code GeoNames uses; "ZZ" is no country
    code = "XK" if text.upper() == "XK" else country_code(text) if text else None
    if not code:
        raise InputError("--country must be a country: an ISO 3166-1 code (SD) or an English "
                         f"name (Sudan), got {value!r}")
    return code


def run(args: argparse.Namespace) -> int:
    """Resolve the names and print them."""
    from geomap.gazetteer import Gazetteer, Mention, find_toponyms
    from geomap.gazetteer._normalize import key, split_feature

    country = None if args.country is None else _country(args.country)
    gaz = Gazetteer.default()
    mentions = [Mention(0, 0, n, split_feature(key(n))[1]) for n in args.names]
    # Demonyms of the context vote for their country ("the Ghanaian town of ...").
    extra = find_toponyms(args.context, gaz, demonyms=True) if args.context else []
    results = gaz.resolve_mentions([*mentions, *extra], country=country,
                                   binding=country is not None)[: len(mentions)]
    if args.json:
        json.dump([resolution_dict(r, args.candidates) for r in results], sys.stdout,
                  ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    for r in results:
        if r.place is None:
            print(f"{r.query}\tUNRESOLVED\t{r.reason}")
            continue
        p = r.place
        flag = " (ambiguous)" if r.ambiguous else ""
        print(f"{r.query}\t{p.lat:.5f}\t{p.lon:.5f}\t{p.name}\t{p.country}\t{p.feature}\t{p.id}"
              f"\tconfidence {r.confidence:.2f}{flag}\t{r.reason}")
    return 0
