#!/usr/bin/env bash
# One command for the benchmarks: corpora (if missing) -> Release builds -> harness -> bench/results/report.md.
#   bench/run.sh quick    a few minutes: 50 KiB and 5 MiB files (the search-API workloads: 5 MiB), 250 ms batches
#   bench/run.sh full     every size up to 80 MiB (the search-API workloads: 5 and 50 MiB), 1 s batches, then
#                         BenchmarkDotNet (30-45 min)
#   bench/run.sh bdn      BenchmarkDotNet only (bench/Micro), then the report is rebuilt with its summary
#   bench/run.sh report   rebuild report.md and the plots from bench/results/results.jsonl
# Extra arguments go to the harness (quick/full), e.g. --workloads url-full,json --engines lpeg,pegjit-jit --no-whole.
# BENCH_BDN=0 skips BenchmarkDotNet after a full run (e.g. a full run of a few workloads).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
mode=${1:-quick}
shift || true
results=${BENCH_RESULTS_DIR:-$repo/bench/results}
corpus=${BENCH_CORPUS_DIR:-$repo/corpora/build}
harness=$repo/bench/Harness/bin/Release/net10.0/Harness.dll
export BENCH_START_EPOCH=${BENCH_START_EPOCH:-$(date +%s)}
export BENCH_COMMAND="bench/run.sh $mode${*:+ $*}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

say() { echo "[run.sh $(( $(date +%s) - BENCH_START_EPOCH ))s] $*" >&2; }

case $mode in
  quick) needed="urls-50k.txt urls-5m.txt json-50k.json json-5m.json json-deep.json csv-5m.csv exprs-5m.txt" ;;
  full) needed="urls-50k.txt urls-100k.txt urls-500k.txt urls-5m.txt urls-50m.txt urls-80m.txt
                json-50k.json json-100k.json json-500k.json json-5m.json json-20m.json json-40m.json json-deep.json
                csv-5m.csv csv-50m.csv exprs-5m.txt exprs-50m.txt" ;;
  bdn) needed="urls-5m.txt json-5m.json" ;;
  report) needed="" ;;
  *) echo "usage: bench/run.sh quick|full|bdn|report [harness options]" >&2; exit 2 ;;
esac

# Corpora: build only what is missing (the harness reports any file still missing as a row, never a crash).
corpora_mode=$([ "$mode" = full ] && echo full || echo quick)
missing=""
for f in $needed; do [ -s "$corpus/$f" ] || missing="$missing $f"; done
if [ -n "$missing" ]; then
  if [ -x "$repo/corpora/make.sh" ] && [ -z "${BENCH_CORPUS_DIR:-}" ]; then
    say "corpora missing:$missing; corpora/make.sh $corpora_mode"
    "$repo/corpora/make.sh" "$corpora_mode"
  else
    say "warning: corpora missing:$missing (rows for them will say so)"
  fi
fi

command -v gnuplot >/dev/null || say "warning: gnuplot not found (apt-get install -y gnuplot-nox); plots will be skipped"

build_harness() {
  say "building bench/Harness (Release)"
  dotnet build "$repo/bench/Harness" -c Release -nologo -v quiet -clp:ErrorsOnly
}

# pegrep for the whole-process comparison; a failed publish only makes its rows "unavailable".
publish_pegrep() {
  say "publishing src/Pegrep (Release) to $results/pegrep"
  dotnet publish "$repo/src/Pegrep" -c Release -o "$results/pegrep" -nologo -v quiet -clp:ErrorsOnly \
    || say "warning: pegrep publish failed; its whole-process rows will be unavailable"
}

run_bdn() {
  say "building bench/Micro (Release) and running BenchmarkDotNet"
  dotnet build "$repo/bench/Micro" -c Release -nologo -v quiet -clp:ErrorsOnly
  rm -rf "$results/bdn"
  (cd "$repo/bench/Micro" && dotnet bin/Release/net10.0/Micro.dll --filter '*' --artifacts "$results/bdn" 1>&2)
}

mkdir -p "$results"
case $mode in
  quick | full)
    build_harness
    publish_pegrep
    say "running the harness ($mode)"
    dotnet "$harness" run "$mode" "$@"
    if [ "$mode" = full ] && [ "${BENCH_BDN:-1}" != 0 ]; then run_bdn; dotnet "$harness" report; fi ;;
  bdn)
    build_harness
    run_bdn
    [ -s "$results/results.jsonl" ] && dotnet "$harness" report ;;
  report)
    [ -f "$harness" ] || build_harness
    dotnet "$harness" report ;;
esac
say "done in $(( $(date +%s) - BENCH_START_EPOCH )) s: $results/report.md"
