#!/usr/bin/env bash
# pegrep's daily flags at 50 MB: a plain search, -i, -w and -C2, each against ripgrep, whole process, one run.
#   bench/pegrep-flags.sh [PEGREP]
# The corpus is 50 MB of lines of 3 to 14 words drawn (fixed seed) from the words of /usr/share/doc/*/copyright, so a
# search selects lines scattered through the file instead of whole repeated files. PEGREP defaults to a fresh
# NativeAOT build (what linux-x64 users install); grep is left out: with its output on /dev/null it stops at the
# first match.
set -euo pipefail
cd "$(dirname "$0")/.."
pegrep=${1:-}
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
if [ -z "$pegrep" ]; then
  dotnet publish src/Pegrep -c Release -r linux-x64 -o "$work/pub" -v quiet -nologo >/dev/null
  pegrep="$work/pub/pegrep"
fi
corpus="$work/words-50m.txt"
cat /usr/share/doc/*/copyright 2>/dev/null | tr -s ' \t' '\n\n' | awk 'NF && n++ < 200000' > "$work/words"
awk 'BEGIN { srand(20261202) } { w[n++] = $0 }
     END { while (size < 52428800) { k = 3 + int(rand() * 12); line = w[int(rand() * n)];
             for (i = 1; i < k; i++) line = line " " w[int(rand() * n)]; print line; size += length(line) + 1 } }' \
  "$work/words" > "$corpus"
echo "corpus: $(stat -c %s "$corpus") bytes, $(wc -l < "$corpus") lines"
# 'license' is common in every case ('License', 'LICENSE'), so -i selects about four times the lines; 'notice' is
# mostly lower case, so there -i costs only the folded search.
cmds=()
for word in license notice; do
  for flags in "" "-i" "-w" "-C2"; do
    printf '%-7s %-4s pegrep %s, rg %s selected lines\n' "$word" "${flags:-plain}" \
      "$("$pegrep" -c $flags "'$word'" "$corpus")" "$(rg -c $flags "$word" "$corpus")"
    cmds+=("$pegrep -n $flags \"'$word'\" $corpus" "rg -n $flags $word $corpus")
  done
done
hyperfine -N --warmup 2 --runs 10 --output=null "${cmds[@]}"
