#!/usr/bin/env bash
# Runs `.ci/run` as a brand-new machine would: a fresh clone of this checkout's HEAD, with the shared
# folder beside it, HOME set to a new empty folder (so npm's cache, ~/.npmrc and the e2e cache under
# ~/.cache all start empty), no other environment variable, and CI=true. Prints how long it took.
# Uncommitted changes are not in the clone.
#   bash scripts/ci-fresh.sh [--keep]     (--keep leaves the folder for a look afterwards)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
shared="$(cd "$repo/.." && pwd)/shared"
keep="${1:-}"

[ -d "$shared" ] || { echo "ci-fresh: no shared folder at $shared" >&2; exit 2; }
[ -z "$(git -C "$repo" status --porcelain)" ] || echo "ci-fresh: uncommitted changes are left out; testing $(git -C "$repo" rev-parse --short HEAD)" >&2

base="$(mktemp -d /tmp/losslab-ci-fresh.XXXXXX)"
[ "$keep" = --keep ] || trap 'rm -rf "$base"' EXIT
mkdir -p "$base/home" "$base/tmp"
git clone -q "$repo" "$base/work/main"
ln -s "$shared" "$base/work/shared"

start=$(date +%s)
status=0
(
  cd "$base/work/main"
  # No variable of this shell's either (CI's environment may lack some, say NODE_EXTRA_CA_CERTS): a bare PATH.
  env -i PATH="/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" HOME="$base/home" \
    TMPDIR="$base/tmp" LANG=C.UTF-8 CI=true bash .ci/run < /dev/null
) || status=$?
elapsed=$(($(date +%s) - start))
echo "ci-fresh: .ci/run $([ $status -eq 0 ] && echo passed || echo "failed (exit $status)") from an empty HOME in $((elapsed / 60)) min $((elapsed % 60)) s ($base)"
exit $status
