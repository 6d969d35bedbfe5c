"""Notebooks are stored without outputs (CI executes them; outputs would go stale and bloat git)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks() -> None:
    assert len(NOTEBOOKS) >= 3, "notebooks/01_quickstart, 02_layers, 03_tables are expected"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_has_no_outputs(path: Path) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        assert cell.get("outputs") == [], f"{path.name} cell {i} has stored outputs"
        assert cell.get("execution_count") is None, f"{path.name} cell {i} has an execution count"
    # Widget state and similar blobs are outputs too.
    assert "widgets" not in nb.get("metadata", {}), f"{path.name} stores widget state"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_tells_a_story(path: Path) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    kinds = [c["cell_type"] for c in nb["cells"]]
    assert kinds[0] == "markdown", "a notebook opens with prose"
    assert kinds.count("markdown") >= kinds.count("code") // 2, "prose between the cells"
    source = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    # Offline and headless: no network fetches, figures with the Agg backend.
    for forbidden in ("http://", "https://", "requests.", "urlopen", "plt.show()"):
        assert forbidden not in source, f"{path.name} uses {forbidden!r}"
