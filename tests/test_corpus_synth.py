"""The synthetic corpus generator is seeded, varied and made of gazetteer places."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
import synth_corpus  # noqa: E402


def test_same_seed_same_bytes_other_seed_other_text(tmp_path: Path) -> None:
    a = synth_corpus.write_corpus(tmp_path / "a.jsonl.gz", 30, seed=3)
    b = synth_corpus.write_corpus(tmp_path / "b.jsonl.gz", 30, seed=3)
    c = synth_corpus.write_corpus(tmp_path / "c.jsonl.gz", 30, seed=4)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()
    rows = [json.loads(line) for line in gzip.decompress(a.read_bytes()).decode().splitlines()]
    assert [r["id"] for r in rows] == [f"synth-{i:07d}" for i in range(30)]
    assert all(set(r) == {"id", "text", "date", "url"} for r in rows)


def test_articles_vary_in_templates_countries_and_places() -> None:
    arts = list(synth_corpus.generate(120, seed=11))
    texts = [a["text"] for a in arts]
    # Many distinct sentence patterns, not one template: count distinct sentence "shapes".
    statements = {t for group in (synth_corpus._CONTROL, synth_corpus._CLAIM,
                                  synth_corpus._CONTESTED, synth_corpus._OBJECTIVE,
                                  synth_corpus._ROUTE, synth_corpus._MENTION)
                  for t in group}
    used = {t for t in statements if any(_middle(t) in x for x in texts)}
    assert len(used) >= 12
    places = synth_corpus.places()
    assert len(places) >= 5
    mentioned = {p.name for towns in places.values() for p in towns
                 if any(p.name in x for x in texts)}
    assert len(mentioned) >= 60
    dates = {a["date"][:4] for a in arts}
    assert len(dates) >= 5
    lengths = sorted(len(t) for t in texts)
    assert lengths[0] < lengths[-1] / 2  # short and long articles


def test_txt_folder_has_datelines(tmp_path: Path) -> None:
    folder = synth_corpus.write_corpus(tmp_path / "arts", 3, seed=1, fmt="txt")
    files = sorted(folder.glob("*.txt"))
    assert len(files) == 3
    first = files[0].read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("date 20")


def _middle(template: str) -> str:
    # The longest literal run between placeholders identifies a template in generated text.
    parts = [p.split("}")[-1] for p in template.split("{")]
    return max(parts, key=len).strip()
