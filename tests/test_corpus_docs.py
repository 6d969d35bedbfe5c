"""docs/corpus.md stays true: its DuckDB example runs against a dataset the writer produced."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pandas as pd
from conftest import ROOT

from geomap.corpus.engine import write_partitioned
from geomap.schema import events_frame

DOC = ROOT / "docs" / "corpus.md"


def _tested_block() -> str:
    text = DOC.read_text(encoding="utf-8")
    match = re.search(r"<!-- tested:[^>]*-->\s*```python\n(.*?)```", text, re.S)
    assert match, "docs/corpus.md lost its tested DuckDB example"
    return match.group(1)


def test_duckdb_example_in_docs_runs(tmp_path: Path) -> None:
    records = [
        # Inside the example's bounding box (Libyan coast), counted per actor.
        {"kind": "control_change", "event_date": "2020-06-04", "actor": "GNA", "location": "Town A",
         "country": "LY", "latitude": 32.4, "longitude": 13.6, "source": "a1"},
        {"kind": "control_change", "event_date": "2020-06-05", "actor": "GNA", "location": "Town B",
         "country": "LY", "latitude": 32.9, "longitude": 13.2, "source": "a2"},
        {"kind": "claimed_control", "event_date": "2019-04-05", "actor": "LNA",
         "location": "Town B", "country": "LY", "latitude": 32.9, "longitude": 13.2,
         "source": "a3"},
        # Outside the box or of another kind: not counted.
        {"kind": "control_change", "event_date": "2020-01-01", "actor": "SDF", "location": "Far",
         "country": "SY", "latitude": 36.2, "longitude": 37.1, "source": "a4"},
        {"kind": "mention", "event_date": "2020-06-05", "actor": "", "location": "Town A",
         "country": "LY", "latitude": 32.4, "longitude": 13.6, "source": "a5"},
    ]
    dataset = tmp_path / "events"
    write_partitioned(events_frame(records), dataset)
    code = _tested_block().replace('dataset = "output/events"', f"dataset = {str(dataset)!r}")
    scope: dict[str, object] = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(code, str(DOC), "exec"), scope)  # noqa: S102 - our own documentation
    table = scope["by_actor"]
    assert isinstance(table, pd.DataFrame)
    rows = {(r.country, int(r.year), r.actor): (r.events, r.places)
            for r in table.itertuples(index=False)}
    assert rows == {("LY", 2020, "GNA"): (2, 2), ("LY", 2019, "LNA"): (1, 1)}
