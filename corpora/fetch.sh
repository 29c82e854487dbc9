#!/usr/bin/env bash
# Pinned npm packages -> sha256-checked .tgz in build/cache/ and the few source files build.py reads, in build/src/.
#
# The registry is reached only through `npm pack`, so whichever mirror npm is configured for works.
# A tarball already in the cache is used again when its sum still matches: a rerun downloads nothing.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
sums=$here/SHA256SUMS
cache=$here/build/cache
src=$here/build/src
mkdir -p "$cache" "$src"

log() { echo "$*" >&2; }

# The pinned sum for a tarball name, from SHA256SUMS (sha256sum's own format, so `sha256sum -c` works too).
pinned_sum() { awk -v f="$1" '$2 == f { print $1 }' "$sums"; }

actual_sum() { sha256sum "$1" | cut -d' ' -f1; }

# npm pack SPEC into the cache unless a verified copy is there; fail loudly on a sum that does not match.
fetch() {
  local spec=$1 tgz=$2 want
  want=$(pinned_sum "$tgz")
  if [[ -z $want ]]; then
    log "error: $tgz has no line in $sums"
    exit 1
  fi
  if [[ -f $cache/$tgz && $(actual_sum "$cache/$tgz") == "$want" ]]; then
    log "cached $tgz (sha256 ok)"
    return
  fi
  log "fetching $spec"
  # npm's notices go to a log, shown only when the pack fails, so progress output stays readable.
  if ! (cd "$cache" && npm pack "$spec" >/dev/null 2>"$cache/npm-pack.log"); then
    cat "$cache/npm-pack.log" >&2
    log "error: npm pack $spec failed"
    exit 1
  fi
  rm -f "$cache/npm-pack.log"
  local got
  got=$(actual_sum "$cache/$tgz")
  if [[ $got != "$want" ]]; then
    log "error: sha256 mismatch for $tgz"
    log "  expected $want ($sums)"
    log "  got      $got ($cache/$tgz)"
    log "  the registry served different bytes for $spec; the corpus would not be the one the results cite."
    exit 1
  fi
  log "verified $tgz"
}

# Extract MEMBERS of the tarball into build/src/NAME/ (the npm 'package/' prefix dropped).
# Files land through a temporary folder and a rename, so an interrupted run never leaves a short file behind;
# they are extracted again whenever the tarball is newer than they are.
extract() {
  local tgz=$1 name=$2; shift 2
  local dest=$src/$name member fresh=1
  for member in "$@"; do
    local out=$dest/${member#package/}
    [[ -f $out && $out -nt $cache/$tgz ]] || fresh=0
  done
  if ((fresh)); then return; fi
  log "extracting $* from $tgz"
  local tmp
  tmp=$(mktemp -d "$src/.extract.XXXXXX")
  # --touch: stamp files with the extraction time, not the 1985 mtime npm stores, so -nt above means something.
  tar -xzf "$cache/$tgz" -C "$tmp" --touch "$@"
  for member in "$@"; do
    mkdir -p "$(dirname "$dest/${member#package/}")"
    mv "$tmp/$member" "$dest/${member#package/}"
  done
  rm -rf "$tmp"
}

fetch @octokit/openapi@23.0.2 octokit-openapi-23.0.2.tgz
fetch @mdn/browser-compat-data@8.1.9 mdn-browser-compat-data-8.1.9.tgz

extract octokit-openapi-23.0.2.tgz octokit-openapi-23.0.2 \
  package/generated/api.github.com.json package/generated/api.github.com.deref.json
extract mdn-browser-compat-data-8.1.9.tgz mdn-browser-compat-data-8.1.9 \
  package/data.json
