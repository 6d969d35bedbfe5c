#!/usr/bin/env bash
# Full geoparsing evaluation on the shared gold corpora, scored by the shared scorer.
# Usage: bash benchmarks/eval_geoparse.sh [OUTDIR]   (default: output/eval)
# Per corpus: gold-span resolution and end-to-end (P/R/F1), each with approximate points for
# names the gazetteer lacks (as published evaluations) and with --no-approximate (as maps show);
# the SUMMARY lines are repeated together at the end.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
shared="${GEOMAP_SHARED:-$here/../shared}"
out="${1:-$here/output/eval}"
py="${PYTHON:-python}"
mkdir -p "$out"
summary="$out/summary.txt"
: > "$summary"
score() {  # gold pred mode label
  "$py" "$shared/tools/score_geoparse.py" "$1" "$2" --mode "$3" | tee "$out/.last"
  grep '^SUMMARY' "$out/.last" | sed "s/^SUMMARY /SUMMARY [$4] /" >> "$summary"
}
for corpus in lgl geovirus; do
  gold="$shared/data/geoparse/$corpus.jsonl"
  "$py" -m geomap -q eval geoparse "$gold" -o "$out/$corpus.spans.jsonl" --gold-spans
  score "$gold" "$out/$corpus.spans.jsonl" spans approximate
  "$py" -m geomap -q eval geoparse "$gold" -o "$out/$corpus.e2e.jsonl"
  score "$gold" "$out/$corpus.e2e.jsonl" e2e approximate
  "$py" -m geomap -q eval geoparse "$gold" -o "$out/$corpus.spans.exact.jsonl" --gold-spans \
    --no-approximate
  score "$gold" "$out/$corpus.spans.exact.jsonl" spans no-approximate
  "$py" -m geomap -q eval geoparse "$gold" -o "$out/$corpus.e2e.exact.jsonl" --no-approximate
  score "$gold" "$out/$corpus.e2e.exact.jsonl" e2e no-approximate
done
rm -f "$out/.last"
echo "== summary (also in $summary)"
cat "$summary"
