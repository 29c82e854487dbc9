#!/usr/bin/env bash
# Manual check (too slow and too big for the test suite): a line longer than 1 GiB is searched as one line.
# Needs about 3 GiB of free memory and 1.1 GiB of disk. grep -c prints 1 on the same file.
# Usage: tests/Pegrep.Tests/manual/long-line.sh [path/to/pegrep]
set -euo pipefail
pegrep=${1:-pegrep}
file=$(mktemp /tmp/pegrep-long-line.XXXXXX)
trap 'rm -f "$file"' EXIT
# 1.2 GiB of 'a' then "needle" on one line, then a short line.
head -c $((1200 * 1024 * 1024)) /dev/zero | tr '\0' 'a' > "$file"
printf 'needle\nshort needle\n' >> "$file"
echo "grep -c:   $(grep -c needle "$file")"
echo "pegrep -c: $("$pegrep" -c "'needle'" "$file")"   # expected: 2
