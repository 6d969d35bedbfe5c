"""Read every kind of input into one events table: articles and tables, merged.

:func:`load_inputs` takes what the CLI takes (``INPUT...``): article files (``.txt``/``.md``),
JSON lines of articles (``.jsonl``/``.jsonl.gz`` with ``text``), tables (``.csv`` in geomap's
schema, ACLED, UCDP GED or analyst form; ``.geojson``; ``.parquet``; ``.jsonl`` of events) and
folders of those. Articles stream through the extractor one at a time; tables go through
:func:`geomap.sources.tables.read_table`. The same change reported by several inputs becomes one
event (:func:`geomap.merge_events`). The run report accounts for every mention and row.

>>> loaded = load_inputs(["articles/", "acled.csv"])        # doctest: +SKIP
>>> loaded.report.summary()                                  # doctest: +SKIP
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import geopandas as gpd
import pandas as pd

from geomap._io import limits as _limits
from geomap.errors import InputError
from geomap.runreport import RunReport
from geomap.schema import EVENT_COLUMNS, empty_events
from geomap.sources.events import merge_events
from geomap.sources.tables import read_table, sniff_jsonl
from geomap.sources.tables._frame import frame as events_from_columns
from geomap.sources.tables._rejections import rejected_frame, unresolved_frame

log = logging.getLogger("geomap.corpus.inputs")

PathLike = str | os.PathLike[str]
#: Table files found in folders (``.json`` only when named explicitly: it may be anything).
FOLDER_TABLE_SUFFIXES: Final = (".csv", ".tsv", ".geojson", ".parquet", ".geoparquet", ".gpkg")
TABLE_SUFFIXES: Final = (*FOLDER_TABLE_SUFFIXES, ".json")
_JSONL: Final = (".jsonl", ".ndjson")
_ARTICLE: Final = (".txt", ".md", ".jsonl.gz", ".ndjson.gz")


@dataclass
class Loaded:
    """Everything read from the inputs.

    Attributes
    ----------
    events
        Merged events (one row per event id; ``sources``, ``n_reports``, ``evidence_all``).
    unresolved
        Places that could not be resolved: place, source, evidence, reason, candidates.
    rejected
        Rows, lines or mentions refused: source, line, column, value, reason.
    report
        Counts (documents, rows, seen, events, unresolved, rejected, merged events).
    """

    events: gpd.GeoDataFrame
    unresolved: pd.DataFrame
    rejected: pd.DataFrame
    report: RunReport


def classify(path: PathLike) -> str:
    """``"articles"``, ``"table"`` or ``""`` (neither) for one file."""
    name = str(path).lower()
    if name.endswith(_ARTICLE):
        return "articles"
    if name.endswith(_JSONL):
        return "articles" if sniff_jsonl(path) == "articles" else "table"
    if name.endswith(TABLE_SUFFIXES):
        return "table"
    return ""


def _plan(paths: Iterable[PathLike]) -> Iterator[tuple[str, Path]]:
    """(kind, file) for every input file, folders expanded in sorted order."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            skipped: list[str] = []
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                name = child.name.lower()
                kind = classify(child) if not name.endswith(".json") else ""
                if kind:
                    _limits.require_utf8_name(child)
                    yield kind, child
                else:
                    skipped.append(child.name)
            if skipped:
                log.warning("%s: skipped %d file(s) that are neither articles nor tables "
                            "(e.g. %s)", path, len(skipped), ", ".join(skipped[:3]))
        elif path.is_file():
            _limits.require_utf8_name(path)
            kind = classify(path)
            if not kind:
                raise InputError("not an article (.txt, .md, .jsonl) or a table (.csv, "
                                 ".geojson, .parquet, .jsonl of events)", path=str(path))
            yield kind, path
        else:
            raise InputError("no such file or folder", path=str(path))


def _show_progress(progress: bool | None) -> bool:
    if progress is not None:
        return progress
    quiet = logging.getLogger("geomap").getEffectiveLevel() > logging.INFO
    return not quiet and _is_tty()


def _is_tty() -> bool:
    try:
        return bool(sys.stderr.isatty())
    except (AttributeError, ValueError):
        return False


def load_inputs(paths: PathLike | Iterable[PathLike], *, date: str | None = None,
                actors: Any = None, gazetteer: Any = None, report: RunReport | None = None,
                progress: bool | None = None, check: bool = True,
                named: Iterable[PathLike] | None = None) -> Loaded:
    """Read articles and tables into one merged events table.

    Parameters
    ----------
    paths
        Files and folders (see the module docstring).
    date
        Dateline for articles that have none (``YYYY-MM-DD``).
    actors
        :class:`geomap.actors.ActorSet` (default: the bundled sets).
    gazetteer
        :class:`geomap.gazetteer.Gazetteer` (default: ``Gazetteer.default()``).
    report
        Run report to fill (a new one if omitted).
    progress
        Show a tqdm bar over documents; default: only on a terminal and unless quiet.
    check
        Refuse a run whose every input was rejected and warn when it found no event
        (:func:`check_outcome`); ``False`` when the caller checks a larger run.
    named
        The files the user named (default: the files among ``paths``). A named table that
        cannot be read stops the run; a table found in a folder that cannot be read (empty,
        no known header, not UTF-8) is rejected with its reason and the run goes on, as an
        unreadable article is.

    Raises
    ------
    InputError
        A path does not exist or is not an input geomap reads; a named table is unreadable.
    """
    from tqdm import tqdm

    items = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    report = report if report is not None else RunReport(command="load")
    plan = list(_plan(items))  # fail on a missing path before any work
    chosen = {Path(p) for p in (items if named is None else named) if Path(p).is_file()}
    n_unresolved, n_rejected = len(report.unresolved), len(report.rejected)
    frames: list[gpd.GeoDataFrame] = []
    show = _show_progress(progress)
    i = 0
    while i < len(plan):
        kind, path = plan[i]
        if kind == "table":
            _add_table(path, frames, report, gazetteer=gazetteer, actors=actors,
                       named=path in chosen)
            i += 1
            continue
        batch = [path]
        while i + 1 < len(plan) and plan[i + 1][0] == "articles":
            i += 1
            batch.append(plan[i][1])
        i += 1
        streams = any(p.name.lower().endswith((".jsonl", ".ndjson", ".gz")) for p in batch)
        bar = tqdm(total=None if streams else len(batch), disable=not show, unit="doc",
                   desc="extract", file=sys.stderr, dynamic_ncols=True)
        with bar:
            frames.append(_extract(batch, date=date, gazetteer=gazetteer, actors=actors,
                                   report=report, bar=bar))
    non_empty = [f for f in frames if len(f)]
    if non_empty:
        events = pd.concat(non_empty, ignore_index=True)
        events = gpd.GeoDataFrame(events, geometry="geometry", crs="EPSG:4326")
    else:
        events = empty_events()
    merged = merge_events(events)
    report.merged_events = len(merged)
    if check:
        check_outcome(report, n_rejected)
    return Loaded(
        events=merged,
        unresolved=unresolved_frame(report.unresolved[n_unresolved:]),
        rejected=rejected_frame(report.rejected[n_rejected:]),
        report=report,
    )


def check_outcome(report: RunReport, start: int, *, n_rejected: int | None = None) -> None:
    """Refuse a run whose every input was refused; warn about a run with nothing to map.

    ``start``: the report's rejected items before this run; ``n_rejected``: the full count
    when ``report.rejected`` keeps only a sample (the corpus engine's report).

    Raises
    ------
    InputError
        No document and no table row could be read, and something was rejected: the first
        reason is the message (the CLI exits with status 2).
    """
    rejected = report.rejected[start:]
    count = len(rejected) if n_rejected is None else n_rejected
    if not report.documents and not report.rows and rejected:
        first = rejected[0]
        more = f" (and {count - 1} more)" if count > 1 else ""
        raise InputError(f"every input was rejected: {first['reason']}{more}",
                         path=str(first["source"]))
    if not report.merged_events:
        docs, rows = report.documents, report.rows
        what = (f"{docs} document{'' if docs == 1 else 's'} and {rows} table "
                f"row{'' if rows == 1 else 's'}" if docs or rows  # an empty article is one
                else "no documents or table rows (empty file, empty folder or header only)")
        warning = f"no events found in {what}: the map will be empty"
        log.warning("%s", warning)
        report.warnings.append(warning)


def _add_table(path: Path, frames: list[gpd.GeoDataFrame], report: RunReport, *,
               gazetteer: Any, actors: Any, named: bool = True) -> None:
    try:
        result = read_table(path, gazetteer=gazetteer, actors=actors)
    except InputError as exc:
        if named:
            raise
        # One bad file in a folder must not stop the others (check_outcome still refuses a
        # run that read nothing); the reason is kept, as for an unreadable article.
        where = f"{exc.path}:{exc.line}: " if exc.line is not None else f"{exc.path}: "
        reason = str(exc).removeprefix(where)
        log.warning("%s: table skipped: %s", path, reason)
        report.inputs.append(str(path))
        report.seen += 1
        report.rejected.append({"source": str(path), "line": exc.line or 1, "column": "",
                                "value": path.name, "reason": reason})
        return
    report.add_table(path, result)
    log.info("%s", result.summary())
    frames.append(result.events)


def _extract(batch: list[Path], *, date: str | None, gazetteer: Any, actors: Any,
             report: RunReport, bar: Any) -> gpd.GeoDataFrame:
    """Extract events from a run of article files; one frame for all of them."""
    from geomap.extract import extract_records
    from geomap.sources.documents import iter_documents

    records: list[dict[str, Any]] = []
    undated = 0
    for doc in iter_documents(batch, date=date, report=report):
        undated += doc.date is None
        try:
            found, _unresolved, doc_report = extract_records(
                doc, date=date, gazetteer=gazetteer, actors=actors)
        except Exception as exc:  # one bad document must not end a corpus run
            log.warning("%s: extraction failed: %s", doc.id, exc, exc_info=log.isEnabledFor(
                logging.DEBUG))
            report.failures.append({"document": doc.id, "reason": str(exc)})
            report.rejected.append({"source": doc.path or doc.id, "line": 0, "column": "",
                                    "value": doc.id, "reason": f"extraction failed: {exc}"})
            report.seen += 1
        else:
            # iter_documents counted the document and its input already.
            doc_report.documents = 0
            doc_report.inputs = []
            doc_report.merged_events = 0
            report.merge(doc_report)
            records.extend(found)
        bar.update(1)
    if undated:
        warning = undated_warning(undated)
        log.warning("%s", warning)
        report.warnings.append(warning)
    return _records_frame(records)


def undated_warning(count: int) -> str:
    """One line for all documents without a dateline, with the way to give one."""
    return (f"{count} document{'s' if count != 1 else ''} without a dateline: relative dates "
            "('on Friday') stay unresolved and undated events cannot be placed in time; give "
            "--date YYYY-MM-DD or a first line 'date YYYY-MM-DD'")


def _records_frame(records: list[dict[str, Any]]) -> gpd.GeoDataFrame:
    """Events frame from extractor records, column-wise (no GeoDataFrame per document)."""
    if not records:
        return empty_events()
    table = pd.DataFrame.from_records(records)
    columns = {c: table[c].to_numpy() for c in EVENT_COLUMNS if c in table.columns}
    extra = {c: table[c].to_numpy() for c in table.columns
             if c not in EVENT_COLUMNS and c != "geometry"}
    return events_from_columns(columns, len(table), extra=extra)
