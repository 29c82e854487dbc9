#!/usr/bin/env bash
# The user-path comparison: PegJit's facade and the installed pegrep against .NET Regex, ripgrep and grep, on
# patterns no workload was tuned for, over a text corpus (default: the Debian copyright files, repeated to 50 MB).
#   bench/UserPath/run.sh [FILE]
set -euo pipefail
cd "$(dirname "$0")/../.."
file=${1:-}
if [ -z "$file" ]; then
  file=$(mktemp); trap 'rm -f "$file"' EXIT
  while [ "$(stat -c %s "$file")" -lt 52428800 ]; do cat /usr/share/doc/*/copyright >> "$file" 2>/dev/null; done
  truncate -s 52428800 "$file"
fi
dotnet run --project bench/UserPath -c Release -- "$file" 20
# pegrep as users install it on linux-x64 (the NativeAOT build); grep is left out: with its output on /dev/null it
# stops at the first match, even with -c.
out=$(mktemp -d); dotnet publish src/Pegrep -c Release -r linux-x64 -o "$out" -v quiet -nologo >/dev/null
echo
hyperfine -N --warmup 2 --runs 10 --output=null \
  "$out/pegrep -c \"'Copyright' ' '+ %d%d%d%d\" $file" "rg -c 'Copyright +[0-9]{4}' $file" \
  "$out/pegrep -c \"'http' 's'? '://' [^%s>)]+\" $file" "rg -c 'https?://[^ >)]+' $file" \
  "$out/pegrep -c \"[A-Z][a-z]+ ' ' [A-Z][a-z]+ ' <'\" $file" "rg -c '[A-Z][a-z]+ [A-Z][a-z]+ <' $file"
rm -rf "$out"
