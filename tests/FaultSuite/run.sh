#!/usr/bin/env bash
# The fault suite's long part: prints a markdown report (figures and any failure) to stdout.
#   tests/FaultSuite/run.sh [quick|full]      quick: 10,000 fuzzed texts, 256 MB subject; full: 100,000 and 1 GB
# The fast part runs with the tests (tests/PegJit.Tests/Fault, tests/Pegrep.Tests/FaultTests.cs).
set -euo pipefail
cd "$(dirname "$0")/../.."
mode=${1:-quick}
texts=10000; bytes=$((256 << 20))
if [ "$mode" = full ]; then texts=100000; bytes=$((1 << 30)); fi
seed=${PEGJIT_TEST_SEED:-$RANDOM}

dotnet build tests/FaultSuite -c Release -v quiet -nologo >/dev/null
dotnet build src/Pegrep -c Release -v quiet -nologo >/dev/null
suite=tests/FaultSuite/bin/Release/net10.0/FaultSuite
pegrep=src/Pegrep/bin/Release/net10.0/pegrep

echo "# Fault suite ($mode, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores)"
echo; echo "## Fuzzed re texts (compile, then match and search on a rotating engine)"; echo
"$suite" fuzz "$texts" "$seed"
echo; echo "## Deep trees, long literals, large grammars"; echo
"$suite" deep
echo; echo "## Pathological searches, 100 ms deadline (overshoot past it)"; echo
"$suite" deadlines
echo; echo "## EnumerateMatches over a large subject"; echo
"$suite" memory "$bytes"
echo; echo "## 16 threads on one pattern while its traces compile"; echo
"$suite" threads

# pegrep's I/O faults: each row is what a user sees (status, first line of standard error).
echo; echo "## pegrep I/O faults"; echo
echo "| case | exit status | standard error |"
echo "| --- | --- | --- |"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
printf 'a line\nanother\n' > "$tmp/in.txt"
row() { local name=$1; shift; local err; set +e; err=$("$@" 2>&1 >/dev/null | head -1); local rc=${PIPESTATUS[0]}; set -e; echo "| $name | $rc | ${err:-(none)} |"; }
mkfifo "$tmp/fifo"; (printf 'a fifo line\n' > "$tmp/fifo" &)
row "a FIFO operand" "$pegrep" -c "'line'" "$tmp/fifo"
row "closed standard input" bash -c "'$pegrep' \"'a'\" <&-"
row "closed standard output" bash -c "'$pegrep' \"'a'\" '$tmp/in.txt' >&-"
row "/dev/full" bash -c "'$pegrep' \"'a'\" '$tmp/in.txt' > /dev/full"
row "closed pipe (| head -1)" bash -c "yes 'a line' | head -c 20000000 | '$pegrep' \"'a'\" | head -1 >/dev/null; exit \${PIPESTATUS[2]}"
row "an unreadable file among others" "$pegrep" -c "'a'" "$tmp/in.txt" "$tmp/missing.txt"
