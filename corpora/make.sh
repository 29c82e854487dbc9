#!/usr/bin/env bash
# One command: pinned npm packages -> benchmark corpora in corpora/build/ (quick|full) or the test samples
# in corpora/sample/ (samples). See corpora/README.md for what each mode makes.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
mode=${1:-quick}
case $mode in
  quick | full | samples) ;;
  *) echo "usage: corpora/make.sh [quick|full|samples]" >&2; exit 2 ;;
esac

"$here/fetch.sh"
python3 "$here/build.py" "$mode"
