#!/usr/bin/env bash
# Golden comparison for refactors: captures what every face prints (CLI tables and JSON, the
# report as JSON, Markdown and HTML, every API endpoint) on the demo market and on a folder of
# real files, so two commits can be compared output for output.
#
#   scripts/golden.sh capture OUT_DIR PATH...   # in the checkout; PATHs as for `r2k import`
#   scripts/golden.sh compare OUT_A OUT_B       # files that differ beyond timestamps and paths
#
# PATHs are the downloaded files or folders `r2k import` reads (prices, FRED series, holdings). The
# clock is fixed (R2K_NOW) so staleness figures match; the generation time and the store path
# still differ between runs and are masked by `compare`.
set -uo pipefail

capture() {
  local out repo p
  local -a data=()
  out=$(realpath -m "$1"); shift
  for p in "$@"; do data+=("$(realpath "$p")"); done
  repo=$(cd "$(dirname "$0")/.." && pwd)
  rm -rf "$out"; mkdir -p "$out/home"
  export R2K_HOME="$out/home" R2K_NOW=2026-12-01T15:00:00Z
  cd "$repo" || exit 1
  local r2k=(node bin/r2k.js)
  "${r2k[@]}" import "${data[@]}" > "$out/import.txt" 2>&1
  "${r2k[@]}" demo > "$out/demo.txt" 2>&1
  local tag flag
  for tag in real demo; do
    flag=(); [ "$tag" = demo ] && flag=(--demo)
    "${r2k[@]}" "${flag[@]}" --no-color status > "$out/$tag-status.txt" 2>&1
    "${r2k[@]}" "${flag[@]}" --no-color summary > "$out/$tag-summary.txt" 2>&1
    "${r2k[@]}" "${flag[@]}" --no-color summary --json > "$out/$tag-summary.json" 2>&1
    "${r2k[@]}" "${flag[@]}" --no-color compare > "$out/$tag-compare.txt" 2>&1
    "${r2k[@]}" "${flag[@]}" --no-color compare --json > "$out/$tag-compare.json" 2>&1
    "${r2k[@]}" "${flag[@]}" --no-color compare --basis total --json > "$out/$tag-compare-total.json" 2>&1
    "${r2k[@]}" "${flag[@]}" --no-color analyze ^RUT --json > "$out/$tag-analyze.json" 2>&1
    "${r2k[@]}" "${flag[@]}" --no-color analyze IWM > "$out/$tag-analyze-iwm.txt" 2>&1
    "${r2k[@]}" "${flag[@]}" report --format json --out - > "$out/$tag-report.json" 2>&1
    "${r2k[@]}" "${flag[@]}" report --format md --out - > "$out/$tag-report.md" 2>&1
    "${r2k[@]}" "${flag[@]}" report --format md --asof 2012-12-31 --out - > "$out/$tag-report-2012.md" 2>&1
    "${r2k[@]}" "${flag[@]}" report --format html --out "$out/$tag-report.html" > /dev/null 2>&1
  done
  "${r2k[@]}" --no-color recon --universe stored:IWV --previous stored --format json > "$out/real-recon.json" 2>&1
  "${r2k[@]}" --demo --no-color recon --universe demo --previous demo --format json > "$out/demo-recon.json" 2>&1

  local pid url ep name i
  for tag in real demo; do
    flag=(); [ "$tag" = demo ] && flag=(--demo)
    "${r2k[@]}" "${flag[@]}" serve --port 0 > "$out/$tag-serve.log" 2>&1 &
    pid=$!
    url=""
    for i in $(seq 1 180); do
      url=$(grep -o 'http://127.0.0.1:[0-9]*' "$out/$tag-serve.log" | head -1)
      [ -n "$url" ] && curl -sf "$url/api/health" > /dev/null && break
      sleep 1
    done
    for ep in health latest series "series/%5ERUT" "series/%5ERUT/bars?from=2019-01-01" \
      "series/DGS10/observations?from=2019-01-01" comparison "comparison?basis=total" snapshot \
      "snapshot?basis=total" "snapshot?to=2012-12-31" returns rolling drawdowns case-studies \
      leadership lead-lag rates composition valuation breadth tracking "tracking?basis=total" risk recon; do
      name=$(echo "$ep" | tr '?=&,%/' '______')
      curl -s "$url/api/$ep" > "$out/$tag-api-$name.json"
    done
    kill "$pid"; wait "$pid" 2> /dev/null
  done
  # The server's log names its port, which differs on every run.
  rm -f "$out"/*-serve.log
  echo "captured $(ls "$out" | grep -vc '^home$') outputs in $out"
}

# Masks what legitimately differs between two captures: the generation and import times, the
# server's uptime, the store path.
normalise() {
  sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z?( UTC)?//g; s/"uptimeSeconds":[0-9]+/"uptimeSeconds":0/' "$1" | sed -E "s#$2##g"
}

compare() {
  local a b f differ=0
  a=$(realpath "$1"); b=$(realpath "$2")
  for f in $(ls "$a" | grep -v '^home$'); do
    if [ ! -f "$b/$f" ]; then echo "missing in $b: $f"; differ=1; continue; fi
    if ! diff -q <(normalise "$a/$f" "$a") <(normalise "$b/$f" "$b") > /dev/null; then
      echo "differs: $f"; differ=1
    fi
  done
  [ "$differ" = 0 ] && echo "identical: every output of $a and $b (timestamps and store paths aside)"
  return "$differ"
}

case "${1:-}" in
  capture) [ $# -ge 3 ] || { echo "usage: $0 capture OUT_DIR PATH..." >&2; exit 2; }; shift; capture "$@" ;;
  compare) [ $# -eq 3 ] || { echo "usage: $0 compare OUT_A OUT_B" >&2; exit 2; }; compare "$2" "$3" ;;
  *) echo "usage: $0 capture OUT_DIR PATH... | compare OUT_A OUT_B" >&2; exit 2 ;;
esac
