#!/usr/bin/env bash
# Full geoparsing evaluation on the shared gold corpora, scored by the shared scorer.
# Usage: bash benchmarks/eval_geoparse.sh [OUTDIR]   (default: output/eval)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
shared="${GEOMAP_SHARED:-$here/../shared}"
out="${1:-$here/output/eval}"
py="${PYTHON:-python}"
mkdir -p "$out"
for corpus in lgl geovirus; do
  gold="$shared/data/geoparse/$corpus.jsonl"
  "$py" -m geomap -q eval geoparse "$gold" -o "$out/$corpus.spans.jsonl" --gold-spans
  "$py" "$shared/tools/score_geoparse.py" "$gold" "$out/$corpus.spans.jsonl" --mode spans
  "$py" -m geomap -q eval geoparse "$gold" -o "$out/$corpus.e2e.jsonl"
  "$py" "$shared/tools/score_geoparse.py" "$gold" "$out/$corpus.e2e.jsonl" --mode e2e
done
